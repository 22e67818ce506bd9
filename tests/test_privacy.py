"""Privacy in Chromium: every page type loads only from the site itself, sets no cookie, sends nothing away."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import main_text
from site_pages import DESKTOP, PAGE_TYPES, PHONE, open_search

LOCAL_SCHEMES = ("data", "blob", "about")


def watch_requests(page, site_url: str) -> list[str]:
    """Every request the page makes that is not to the site's own origin."""
    origin = urlsplit(site_url).netloc
    foreign: list[str] = []
    page.on("request", lambda request: foreign.append(request.url)
            if urlsplit(request.url).scheme not in LOCAL_SCHEMES and urlsplit(request.url).netloc != origin else None)
    return foreign


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("target", list(PAGE_TYPES))
def test_page_requests_only_its_own_site(browser, site_url, target, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    foreign = watch_requests(page, site_url)
    page.goto(site_url + PAGE_TYPES[target], wait_until="networkidle")
    # Scroll to the end (lazy content), switch the colour scheme, search: still nothing from elsewhere.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.locator("label[for^='__palette']:visible").first.click()
    open_search(page)
    page.wait_for_load_state("networkidle")
    assert len(seen) >= 4, seen  # the page, its styles, scripts and the search index were watched
    assert foreign == [], f"{target} : requêtes vers d'autres sites : {foreign}"
    assert context.cookies() == []
    context.close()


def test_a_foreign_request_would_be_caught(browser, site_url):
    # The watcher is real: a page asking another host for an image is reported (the request fails offline).
    page = browser.new_page()
    foreign = watch_requests(page, site_url)
    page.goto(site_url)
    page.evaluate("new Image().src = 'https://fonts.googleapis.com/css?family=Roboto'")
    page.wait_for_timeout(300)
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
