"""In headless Chromium: the home page as a candidate sees it, on a phone and a desktop."""

from __future__ import annotations

import pytest
from conftest import page_overflow

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("name, viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_home_page_shows_title_and_deadlines(browser, site_url, screenshot, name, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(site_url)
    assert "Négociation et Digitalisation de la Relation Client" in page.title()
    heading = page.locator("article h1")
    assert "session 2022" in heading.inner_text()
    # The candidates' next deadline first (the home page shows it alone), the schools' deadlines further down.
    candidates = page.locator("xpath=//h2[@id='prochaine-echeance']/following::ol[1]").text_content()
    schools = page.locator("xpath=//h2[@id='pour-les-etablissements-et-les-centres']/following::ol[1]").inner_text()
    assert "lundi 18 avril 2022" in candidates and "vendredi 1er juillet 2022" in candidates
    assert "vendredi 10 juin 2022" in schools and "lundi 11 avril 2022" in schools
    # Nothing wider than the screen: tables scroll inside their own box.
    overflow = page_overflow(page)
    assert overflow <= 0
    screenshot(page, f"home-{name}", full_page=True)
    page.close()


WORKER_STATE = """() => navigator.serviceWorker.getRegistrations().then(all => ({
  registrations: all.length, offline: document.documentElement.classList.contains("handbook-offline")}))"""


@pytest.mark.parametrize("marked", [False, pytest.param(True, marks=pytest.mark.offline_worker)])
def test_only_tests_marked_offline_worker_install_the_worker_and_every_test_sees_the_keep_block(browser, site_url,
                                                                                                   marked):
    """The other browser tests draw pages as a phone does on its first visit (« Garder » shown), without the worker's
    CPU (tests/conftest.py, Chromium); a test marked offline_worker gets the real worker."""
    for page in (browser.new_page(viewport=PHONE), browser.new_context(viewport=PHONE).new_page()):
        page.goto(site_url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
        assert page.get_by_role("button", name="Garder pour le jour de l'examen (sans connexion)").is_visible()
        if marked:
            page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20_000)
        else:
            page.wait_for_timeout(500)   # a worker registered would be listed by now
        assert page.evaluate(WORKER_STATE) == {"registrations": int(marked), "offline": True}
        page.context.close()
