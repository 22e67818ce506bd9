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


def test_without_scripts_no_page_type_scrolls_sideways_at_320_px(browser, site_url):
    """Scripts off (blocked, or not yet loaded on a slow network): the smallest phone still gets no sideways
    scroll on any type of page (the header's hidden page title once pushed three of them to 333 px)."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    wide, broken = {}, {}
    for target, path in PAGE_TYPES.items():
        page.goto(site_url + path, wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[target] = width
        if words := page.evaluate(WORDS_CUT_IN_TITLE):
            broken[target] = words
    context.close()
    assert wide == {}, wide
    assert broken == {}, broken


# The words of the page's title that the screen's width cut in two (a word on two lines; a break after a hyphen is
# fine: « Haute-/Garonne »).
WORDS_CUT_IN_TITLE = """() => {
  const cut = [];
  for (const text of document.querySelectorAll('.md-content h1')) {
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[^\\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) cut.push(match[0]);
      }
    }
  }
  return cut;
}"""
