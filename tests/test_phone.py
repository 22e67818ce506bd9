"""Phones (375 px): no page is wider than the screen, wide tables scroll inside their own box."""

from __future__ import annotations

import pytest

from site_pages import PAGE_TYPES, PHONE, SCHEMES, add_wide_table, open_search


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("target", [*PAGE_TYPES, "recherche"])
def test_page_fits_a_phone(browser, site_url, screenshot_dir, target, scheme):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES.get(target, ""), wait_until="networkidle")
    if target == "recherche":
        open_search(page)
    # Measure once the transitions are over (the search overlay grows from its button as it opens).
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    page.wait_for_timeout(200)
    sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert sizes[1] == PHONE["width"]
    assert sizes[0] <= sizes[1], f"{target} : la page déborde ({sizes[0]} px pour {sizes[1]} px)"
    # Each table stays within the screen: either it fits, or its box scrolls (and is keyboard-reachable).
    boxes = page.evaluate("""() => [...document.querySelectorAll('.md-content table')].map(t => {
        const box = t.closest('.md-typeset__scrollwrap');
        const r = (box || t).getBoundingClientRect();
        return {right: r.right, scrolls: box ? box.scrollWidth > box.clientWidth + 1 : false,
                focusable: box ? box.getAttribute('tabindex') === '0' : false};
    })""")
    for box in boxes:
        assert box["right"] <= PHONE["width"] + 1, box
        assert box["focusable"] or not box["scrolls"], box
    path = screenshot_dir / f"phone-{target}-{scheme}.png"
    page.screenshot(path=str(path), full_page=target not in ("imprimer", "recherche"))
    assert path.stat().st_size > 10_000
    context.close()


def test_a_wide_table_scrolls_inside_its_box(browser, site_url):
    # A table wider than a phone scrolls inside its box; the page does not.
    page = browser.new_page(viewport=PHONE)
    page.goto(site_url + PAGE_TYPES["regles-ecrits"], wait_until="networkidle")
    add_wide_table(page)
    scrolling = page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
        .filter(b => b.scrollWidth > b.clientWidth + 1).length""")
    assert scrolling >= 1
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.close()
