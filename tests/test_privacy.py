"""Privacy in Chromium: the site loads only from itself, sets no cookie, sends nothing away.

Every page type, on a desktop and a phone, is watched in tests/test_page_types.py; here, the watcher itself,
what the browser keeps, and the personal data page.
"""

from __future__ import annotations

import re

from conftest import main_text
from site_pages import PAGE_TYPES, watch_requests


def test_a_foreign_request_would_be_caught(browser, site_url):
    # The watcher is real: a page asking another host for an image is reported (the request fails offline).
    page = browser.new_page()
    foreign = watch_requests(page, site_url)
    page.goto(site_url)
    with page.expect_request("https://fonts.googleapis.com/css?family=Roboto"):
        page.evaluate("new Image().src = 'https://fonts.googleapis.com/css?family=Roboto'")
    assert foreign == ["https://fonts.googleapis.com/css?family=Roboto"]
    page.close()


def test_no_analytics_and_only_the_palette_choice_is_stored(browser, site_url, site):
    page = browser.new_page()
    page.goto(site_url + PAGE_TYPES["calendrier"], wait_until="networkidle")
    page.locator("label[for^='__palette']:visible").first.click()
    # Material keeps only the colour scheme in the browser (key scoped to the site's path) and, with the
    # session selector, whether this session is archived (for the tab's life); nothing else.
    assert page.evaluate("Object.keys(localStorage)") == ["/.__palette"]
    assert set(page.evaluate("Object.keys(sessionStorage)")) <= {"/.__outdated"}
    raw = (site / "index.html").read_text(encoding="utf-8")
    for tracker in ("googletagmanager", "google-analytics", "gtag(", "matomo", "plausible"):
        assert tracker not in raw
    page.close()


def test_personal_data_page_is_linked_and_plain(site):
    text = main_text(site / "donnees-personnelles" / "index.html")
    assert "Données personnelles" in text
    assert "aucune donnée personnelle" in text


def test_personal_data_page_declares_the_forms_draft_and_how_to_erase_it(site):
    # The form pages keep answers in local storage (handbook-form.js): the page says so, and names their button.
    form_page = sorted((site / "formulaires").glob("*/index.html"))[0].read_text(encoding="utf-8")
    erase = re.search(r"<button [^>]*data-form-erase[^>]*>([^<]+)</button>", form_page).group(1)
    text = main_text(site / "donnees-personnelles" / "index.html")
    assert f"« {erase} »" in text
    assert "brouillon" in text and "stockage local de votre appareil" in text and "rien n'est envoyé" in text
