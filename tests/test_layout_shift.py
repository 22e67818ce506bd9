"""Nothing moves under a candidate's finger: the controls the scripts work (the finder's box, the boxes to
tick, the next deadline) are drawn in place from the first paint, so a page's layout shift stays near zero.
Without scripts they stay hidden and every entry is shown."""

from __future__ import annotations

import pytest

# The pages whose first screen holds a control the scripts work, and a page of each generated family.
PAGES = ["", "trouver-mon-centre/", "centres/", "calendrier/", "etablissements/lgt-marcelin-berthelot/",
         "centres/cfa-commerce-services-blagnac/"]
VIEWPORTS = {"téléphone": {"width": 375, "height": 812}, "ordinateur": {"width": 1280, "height": 812}}
# Every layout shift of the page, as Chromium reports them (buffered: those before the observer count too).
OBSERVE_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});
"""
# Google's threshold for a "good" cumulative layout shift is 0.1; we stay well under it.
MOST_SHIFT = 0.02


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_pages_do_not_move_once_their_scripts_have_run(browser, site_url, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.add_init_script(OBSERVE_SHIFTS)
    try:
        page = context.new_page()   # the observer is added again by each load (an init script of the context)
        for path in PAGES:
            page.goto(site_url + path)
            page.wait_for_load_state("load")
            page.wait_for_function("document.querySelectorAll('[data-filter-ready], [data-choices-ready], "
                                   "[data-upcoming-ready]').length > 0 || !document.querySelector("
                                   "'[data-filter-label], form.handbook-choices, [data-upcoming]')")
            page.wait_for_timeout(300)   # a shift is reported in the frame after it happens
            shift = sum(page.evaluate("window.__shifts"))
            assert shift < MOST_SHIFT, f"/{path} ({viewport}) : décalage de mise en page {shift:.3f}"
    finally:
        context.close()


def test_controls_that_need_scripts_stay_hidden_without_them(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["téléphone"])
    try:
        page = context.new_page()
        page.goto(site_url + "centres/")
        assert page.locator("[data-filter-box]").is_hidden()
        assert page.locator(".handbook-finder > li").first.is_visible()   # the whole list instead
        page.goto(site_url + "etablissements/lgt-marcelin-berthelot/")
        assert page.locator("form.handbook-choices").is_hidden()
        page.goto(site_url)
        assert page.locator("[data-filter-box]").is_hidden()
        assert page.get_by_role("link", name="choisir dans la liste des établissements").is_visible()
    finally:
        context.close()


def test_the_drawn_finder_box_works_as_the_made_one_did(browser, site_url):
    page = browser.new_page(viewport=VIEWPORTS["téléphone"])
    try:
        page.goto(site_url)
        box = page.get_by_label("Votre établissement ou votre ville")
        box.fill("marcelin berthelot")
        assert page.locator("[data-filter-box] [role=status]").inner_text() == "1 résultat\u00a0: touchez-le, ou validez, pour l'ouvrir"
        box.press("Enter")
        page.wait_for_url("**/etablissements/lgt-marcelin-berthelot/")
        assert page.get_by_role("heading", name="Mes épreuves").is_visible()
    finally:
        page.close()
