"""Phones (375 px): a table wider than the screen scrolls inside its own box, the page does not.

Every page type on a phone, in both colour schemes (nothing wider than the screen, tables that fit or scroll
inside their box, a screenshot), is checked in tests/test_page_types.py.
"""

from __future__ import annotations

import pytest
from site_pages import DESKTOP, PAGE_TYPES, PHONE, add_wide_table, settle


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


def test_on_a_touch_screen_a_heading_that_fills_its_line_leaves_no_gap(browser, site_url):
    # « Épreuves dans ce centre » fills a 320 px line: its « ¶ » link, never shown on a touch screen, took a second
    # line under it. The heading is one line tall, and the link is still there for the keyboard.
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "centres/issec-pigier/", wait_until="load")
    heading = page.get_by_role("heading", name="Épreuves dans ce centre", level=2)
    lines = page.evaluate("""(h) => h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight)""",
                          heading.element_handle())
    assert lines < 1.5, lines
    link = heading.locator(".headerlink")
    assert link.count() == 1
    link.focus()
    assert link.bounding_box()["width"] > 0
    context.close()


# The header's first title as a reader sees it: its visible text, and whether its box cuts it (an ellipsis).
HEADER_TITLE = """() => {
  const box = document.querySelector('.md-header__topic .md-ellipsis');
  return {text: box.innerText.trim(), cut: box.scrollWidth > box.clientWidth};
}"""


@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640}, PHONE, DESKTOP], ids=["320", "375", "bureau"])
def test_the_header_names_the_session_without_cutting_it(tabs, site_url, session, viewport):
    # A phone read « BTS Négociat… » on every page: the whole name needs about 600 px; the short one fits at 320 px.
    page = tabs(viewport)
    page.goto(site_url + "etablissements/lpo-borde-basse/", wait_until="load")
    shown = page.evaluate(HEADER_TITLE)
    whole, short = session.info.site_title, session.info.short_title
    assert shown == {"text": short if viewport["width"] < 960 else whole, "cut": False}


def test_back_to_top_is_one_line_at_320_px(browser, site_url):
    # Material's « Retour en haut de la page », shown when a reader scrolls back up, wrapped on two lines at 320 px and
    # covered two lines of the table beneath it.
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(site_url + PAGE_TYPES["regles-ecrits"], wait_until="load")
    page.mouse.wheel(0, 2500)
    page.wait_for_function("window.scrollY > 2000")
    page.mouse.wheel(0, -300)
    button = page.locator(".md-top")
    button.wait_for(state="visible")
    settle(page)
    box = button.bounding_box()
    assert "Retour en haut de la page" in button.inner_text()
    assert box["height"] <= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    page.close()


def test_at_twice_the_text_size_an_establishment_page_does_not_scroll_sideways(browser, site_url):
    # A 360 px phone with its text at 200 % lays pages out 180 CSS px wide: « Garder pour le jour de l'examen (sans
    # connexion) » ended 7 px past the screen, and the whole page moved sideways once it was in view.
    context = browser.new_context(viewport={"width": 180, "height": 370}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "etablissements/individuels-ead-dept-31/", wait_until="load")
    button = page.get_by_role("button", name="Garder pour le jour de l'examen (sans connexion)")
    assert button.is_visible()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 180, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 180
    context.close()



def test_at_twice_the_text_size_a_phone_number_stays_on_one_line(browser, site_url):
    # « 05 36 25 71 / 28 »: a number cut in two reads as two numbers (candidate review, 200 % text at 320 px).
    context = browser.new_context(viewport={"width": 160, "height": 320}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "contacts/", wait_until="load")
    numbers = page.locator('article a[href^="tel:"]')
    assert numbers.count() >= 2
    lines = numbers.evaluate_all("links => links.map(a => [a.textContent, a.getClientRects().length])")
    assert all(count == 1 for _, count in lines), lines
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= 160 for box in (n.bounding_box() for n in numbers.all()))
    context.close()
