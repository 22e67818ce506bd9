"""Phones (375 px): a table wider than the screen scrolls inside its own box, the page does not.

Every page type on a phone, in both colour schemes (nothing wider than the screen, tables that fit or scroll
inside their box, a screenshot), is checked in tests/test_page_types.py.
"""

from __future__ import annotations

from site_pages import PAGE_TYPES, PHONE, add_wide_table, settle


def test_a_wide_table_scrolls_inside_its_box(browser, site_url):
    # A table wider than a phone scrolls inside its box; the page does not.
    page = browser.new_page(viewport=PHONE)
    page.goto(site_url + PAGE_TYPES["regles-ecrits"], wait_until="load")
    settle(page)
    add_wide_table(page)
    scrolling = page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
        .filter(b => b.scrollWidth > b.clientWidth + 1).length""")
    assert scrolling >= 1
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.close()
