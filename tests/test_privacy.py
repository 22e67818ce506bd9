"""Privacy in Chromium: the site loads only from itself, sets no cookie, sends nothing away.

Every page type, on a desktop and a phone, is watched in tests/test_page_types.py; here, the watcher itself,
what the browser keeps, and the personal data page.
"""

from __future__ import annotations

import html
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


def test_personal_data_page_declares_the_pages_kept_offline_and_how_to_erase_them(site):
    # Every page opened is kept on the device by the offline worker (docs/sw.js), and the establishment page's
    # button keeps more: the page says so, names the button as it reads, says nothing is sent and how to erase.
    establishment = (site / "etablissements" / "lgt-marcelin-berthelot" / "index.html").read_text(encoding="utf-8")
    keep = html.unescape(re.search(r"<button [^>]*data-keep-button[^>]*>([^<]+)</button>", establishment).group(1))
    text = main_text(site / "donnees-personnelles" / "index.html")
    assert f"« {keep} »" in text and "service worker" in text
    assert "les pages de ce site que vous ouvrez sont gardées dans ce navigateur (stockage local de votre appareil" in text
    assert "rien sur vous, et rien n'est envoyé" in text
    assert "L'effacement des données de ce site dans les réglages du navigateur supprime ces copies" in text


def test_personal_data_page_declares_the_languages_kept(site):
    # cards.js keeps the languages ticked on an establishment page (handbook-choices:langues): declared, and how it goes.
    text = main_text(site / "donnees-personnelles" / "index.html")
    assert "les langues que vous cochez sous « Mes épreuves » sont gardées de même dans votre navigateur" in text
    assert "rien n'est transmis, et l'effacement des données de ce site dans les réglages du navigateur les oublie" in text


def test_the_device_keeps_only_copies_of_this_sites_own_pages(browser, site_url):
    # What the offline worker stores: the site's own answers, in caches named after the site; nothing else.
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES["etablissement-lycee"], wait_until="load")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20_000)
    page.get_by_role("button", name="Garder pour le jour de l'examen (sans connexion)").click()
    page.get_by_role("status").filter(has_text="C'est fait").wait_for(timeout=30_000)
    names = page.evaluate("caches.keys()")
    assert len(names) == 1 and names[0].startswith(f"handbook {site_url} ")
    urls = page.evaluate(f"caches.open({names[0]!r}).then(c => c.keys()).then(all => all.map(r => r.url))")
    assert len(urls) > 12 and all(url.startswith(site_url) for url in urls), urls
    assert site_url + "centres/berthelot/" in urls
    # Local storage: the theme's palette and the languages ticked under « Mes épreuves », both declared.
    assert set(page.evaluate("Object.keys(localStorage)")) <= {"/.__palette", "handbook-choices:langues"}
    assert context.cookies() == []
    context.close()
