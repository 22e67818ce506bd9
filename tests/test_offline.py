"""Offline reading: the pages a candidate opened on a phone stay readable without network, and the site says so.

The service worker (docs/sw.js, stamped by hooks/offline.py) is registered by every page (overrides/main.html); the
establishment page's button « Garder pour le jour de l'examen » (templates/macros.md.j2, docs/assets/javascripts/
offline.js) keeps the pages of exam day. In Chromium, the built site is served as mike publishes it, under /2022/
(the worker's scope is the session's folder), and the network is cut with context.set_offline.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import build_edited, made_once, main_text, page_text, serve
from site_pages import MOST_SHIFT, OBSERVE_SHIFTS, PHONE, PHONE_AXE_OPTIONS, axe_report, ring_is_visible, search_for, settle, tab_until, wait_for_answer

from handbook.standalone import PATIENCE_MS, root_worker

pytestmark = pytest.mark.offline_worker   # what these tests test is the real worker

SESSION = "2022"
ESTABLISHMENT = "etablissements/lgt-marcelin-berthelot/"
WRITTEN_CENTRE = "centres/berthelot/"            # where its candidates write (the frozen circular)
ORAL_CENTRE = "centres/issec-pigier/"            # one of its oral centres
KEEP = "Garder pour le jour de l'examen (sans connexion)"
OFFLINE_TITLE = "Page non gardée sur ce téléphone"
NOT_KEPT = "cette page n'a pas été gardée sur ce téléphone"
E3 = "lundi 16 mai 2022, 14 h – 18 h"            # the written E3, on the candidate's card and the centre's page
E3_MOVED = "jeudi 19 mai 2022, 14 h – 18 h"      # the same after a correction (corrected_site)
CONTROLLED = "navigator.serviceWorker.controller !== null"
KEPT_STATUS = "document.querySelector('.handbook-keep [role=status]').textContent.startsWith(\"C'est fait\")"


def built(site: Path, url: str) -> Path:
    return site / url / "index.html" if url else site / "index.html"


def stamp(site: Path) -> str:
    """The publication the worker's cache is named after."""
    found = re.search(r'const PUBLICATION = "([^"]*)";', (site / "sw.js").read_text(encoding="utf-8"))
    assert found, "sw.js sans publication"
    return found.group(1)


# --- Built pages ----------------------------------------------------------------------------------

def test_the_worker_is_published_at_the_session_root_with_its_publication(site):
    assert re.fullmatch(r"[0-9a-f]{16}", stamp(site))
    worker = (site / "sw.js").read_text(encoding="utf-8")
    assert "__HANDBOOK_" not in worker
    # The network's wait, as the root worker's (handbook.standalone.PATIENCE_MS).
    assert f"const PATIENCE = {PATIENCE_MS};" in worker and f"const PATIENCE = {PATIENCE_MS};" in root_worker("2022")


def test_every_page_registers_the_worker_relative_to_its_own_address(site):
    # Relative to the page's base, the worker is the session root's sw.js at any depth, under /2022/ or elsewhere.
    pages = [p for p in site.rglob("index.html") if "<article" in p.read_text(encoding="utf-8")]
    assert len(pages) > 60
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        registered = re.findall(r'\.register\(new URL\("([^"]+)", location\)\)', raw)
        page_url = "https://examens.example.org/2022/" + path.parent.relative_to(site).as_posix() + "/"
        assert [urljoin(page_url, r) for r in registered] == ["https://examens.example.org/2022/sw.js"], path
        assert 'classList.add("handbook-offline")' in raw and "assets/javascripts/offline.js" in raw, path
    # The root's 404 page is served at any depth: it registers nothing.
    assert "serviceWorker" not in (site / "404.html").read_text(encoding="utf-8")


def test_the_establishment_page_offers_to_keep_its_exam_day_pages(site, session):
    raw = built(site, ESTABLISHMENT).read_text(encoding="utf-8")
    block = re.search(r'<div class="handbook-keep" id="garder" data-keep hidden data-search-exclude>(.*?)</div>', raw, re.S)
    assert block, "bloc « Garder » absent"
    assert f'<button type="button" class="md-button md-button--primary" data-keep-button>{KEEP}</button>' in block.group(1)
    assert '<p class="handbook-keep__status" role="status"></p>' in block.group(1)
    # The page itself, as "./": the box is then the same on every page with the same centres (its section is
    # read once by the search indexer at national scale, hooks/search_index.py).
    assert '<ul>\n<li><a href="./">Mes épreuves (cette page)</a></li>' in block.group(1)
    links = re.findall(r'<a href="\.\./\.\./([^"]*)">([^<]*)</a>', block.group(1))
    targets = [target for target, _ in links]
    # Its written centre first, then each oral centre its cards draw, then the rules and the calendar.
    assert targets[:1] == [WRITTEN_CENTRE] and ORAL_CENTRE in targets
    # Contacts too: the rules of the kept pages send a candidate who is late or ill there (candidate review, offline).
    assert targets[-4:] == ["ecrits/", "oraux/", "calendrier/", "contacts/"]
    assert targets[:-4] == [c.url for c in session.candidate_centres("lgt-marcelin-berthelot")]
    boxes: dict[tuple[str, ...], set[str]] = {}
    for line in session.establishments.establishments:
        page = built(site, line.url.rstrip("/")).read_text(encoding="utf-8")
        keep = re.search(r'<div class="handbook-keep".*?</details>', page, re.S)
        assert keep, line.url
        boxes.setdefault(tuple(c.url for c in session.candidate_centres(line.id)), set()).add(keep.group())
    assert len(boxes) < len(session.establishments.establishments) and all(len(same) == 1 for same in boxes.values())
    assert ("centres/issec-pigier/", "Lycée ISSEC Pigier – Toulouse") in links
    assert all(built(site, target.rstrip("/")).exists() for target in targets)
    # Every line of the circular has it; no other page does.
    offering = {p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("*.html")
                if "data-keep-button" in p.read_text(encoding="utf-8")}
    assert offering == {line.url for line in session.establishments.establishments}


def test_a_line_or_centre_page_sends_a_late_candidate_to_its_own_contacts(site, session):
    """« prévenez le service des examens (voir Contacts) »: on a page kept for exam day, the link went to /contacts/,
    which offline was « Page non gardée », while the same page lists the numbers in its own Contacts section."""
    pages = [line.url for line in session.establishments.establishments] + [c.url for c in session.centre_list]
    checked = []
    for url in pages:
        raw = built(site, url.rstrip("/")).read_text(encoding="utf-8")
        if "prévenez le service des examens" not in raw:
            continue
        assert 'id="contacts"' in raw and re.findall(WHO_TO_WARN, raw) == ["#contacts"], url
        checked.append(url)
    assert len(checked) > 40
    oral_rules = built(site, "oraux").read_text(encoding="utf-8")
    assert re.findall(WHO_TO_WARN, oral_rules) == ["../contacts/"]   # a page without the numbers: the Contacts page


WHO_TO_WARN = re.compile(r'prévenez le service des examens \(voir <a href="([^"]*)">Contacts</a>\)')


def test_the_offline_page_is_french_links_home_and_stays_out_of_search_and_menu(site):
    text = main_text(built(site, "hors-connexion"))
    assert OFFLINE_TITLE in text and NOT_KEPT in text
    assert KEEP in text and "Avant le jour de l'examen" in text
    raw = built(site, "hors-connexion").read_text(encoding="utf-8")
    assert '<li><a href="../">Accueil du manuel</a></li>' in raw
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [doc for doc in index if doc["location"].startswith("hors-connexion/")]
    # Nor is the establishment pages' hidden block (the home page, indexed, explains it).
    assert not [doc for doc in index if doc["location"].startswith("etablissements/") and KEEP in doc["text"]]
    assert "hors-connexion/" not in page_text(site / "index.html")   # not in the menu


def test_the_printable_page_tells_phone_users_what_to_do_before_exam_day(site):
    # Phones have no « Enregistrer la page sous… »: the page says to prepare before the day, with the button as it
    # reads on the establishment page, or a PDF through Share / Print.
    text = main_text(built(site, "imprimer"))
    intro = text[:text.index("Sommaire")]
    assert "Enregistrer la page sous" not in text
    assert "Préparez-vous avant" in intro and f"« {KEEP} »" in intro
    assert "Partager puis Imprimer" in intro and "Enregistrer au format PDF" in intro
    home = main_text(built(site, ""))
    assert f"« {KEEP} »" in home and "Avant, ouvrez la page de votre établissement" in home


# --- In Chromium ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def published(site, tmp_path_factory):
    """The built site served as mike publishes it: under /2022/ (a folder that can be pointed at another build)."""
    root = published_folder(tmp_path_factory.mktemp("published"), site)
    with serve(root) as url:
        yield root, url + f"{SESSION}/"


def published_folder(folder: Path, site: Path) -> Path:
    """A folder that holds a built site under /2022/, as mike publishes it (a link: it can point at another build)."""
    folder.mkdir(exist_ok=True)
    (folder / SESSION).symlink_to(site)
    return folder


@contextmanager
def phone(browser, **options):
    """A fresh browser profile on a phone: no worker, nothing kept."""
    context = browser.new_context(viewport=PHONE, **options)
    try:
        yield context, context.new_page()
    finally:
        context.close()


def open_online(page, url: str) -> None:
    """Open a page with the network on, and wait until the worker controls it (it has kept the page by then)."""
    page.goto(url, wait_until="load")
    page.wait_for_function(CONTROLLED, timeout=20_000)


def poll(page, expression: str, predicate, seconds: float = 30) -> bool:
    """Evaluate an expression (its promise resolved) until its value satisfies predicate; False after `seconds`.
    (wait_for_function takes a promise for a truthy value: it cannot wait on what one resolves to.)"""
    for _ in range(int(seconds * 5)):
        if predicate(page.evaluate(expression)):
            return True
        page.wait_for_timeout(200)
    return False


def keep_for_exam_day(page) -> str:
    """Tap « Garder… » and wait for its status to confirm; the status's text."""
    page.get_by_role("button", name=KEEP).click()
    page.wait_for_function(KEPT_STATUS, timeout=30_000)
    return page.locator(".handbook-keep [role=status]").inner_text()


def test_a_page_opened_online_reads_offline(browser, published):
    _, url = published
    with phone(browser) as (context, page):
        page.clock.set_fixed_time(dt.datetime(2022, 5, 16, 7, 45))   # E3's morning: its centre is shown, not folded
        open_online(page, url + ESTABLISHMENT)
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == url + "sw.js"
        assert page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)") == url
        context.set_offline(True)
        context.add_init_script(OBSERVE_SHIFTS)
        page.reload(wait_until="load")
        assert page.get_by_role("heading", name="Mes épreuves").is_visible()
        e3 = page.locator("#epreuves-du-candidat > li").filter(has_text="Écrit E3")
        assert E3 in e3.inner_text() and "Lycée Berthelot" in e3.inner_text()
        assert e3.is_visible()
        # A copy, and said so at the top with its date: a correction published since is not in it.
        note = page.locator("article .handbook-kept-copy")
        note.wait_for(timeout=10_000)
        assert re.fullmatch(r"Copie du \d{1,2}\u00a0\S+ à \d{2}:\d{2}, affichée hors connexion\u00a0: "
                            r"les corrections publiées depuis n'y sont pas\.",
                            note.inner_text()), note.inner_text()
        assert note.bounding_box()["height"] < 90   # two lines on this phone: the page's first facts stay in view
        # In the page from its first paint: the day's exam does not move down under the candidate's finger.
        page.wait_for_timeout(300)   # a shift is reported in the frame after it happens
        assert sum(page.evaluate("window.__shifts")) < MOST_SHIFT, page.evaluate("window.__shifts")
        # Online, the page comes from the network: no such note.
        context.set_offline(False)
        page.reload(wait_until="load")
        page.wait_for_timeout(500)
        assert page.locator(".handbook-kept-copy").count() == 0


def test_a_kept_page_reached_by_a_link_offline_says_it_is_a_copy(browser, site, tmp_path):
    # Served as GitHub Pages serves (max-age=600): a link followed offline was answered by the browser's own cache,
    # through the worker, and the page did not say it was a copy.
    with serve(published_folder(tmp_path, site), max_age=600) as root, phone(browser) as (context, page):
        url = root + f"{SESSION}/"
        open_online(page, url + ESTABLISHMENT)
        page.goto(url + "ecrits/", wait_until="load")
        context.set_offline(True)
        page.goto(url + ESTABLISHMENT, wait_until="load")
        assert page.get_by_role("heading", name="Mes épreuves").is_visible()
        page.locator("article .handbook-kept-copy").wait_for(timeout=10_000)


def open_unkept_offline(context, page, url: str) -> None:
    """The establishment page opened online, then the network cut, then a page never opened: the offline page."""
    open_online(page, url + ESTABLISHMENT)
    context.set_offline(True)
    page.goto(url + WRITTEN_CENTRE, wait_until="load")
    assert page.get_by_role("heading", name=OFFLINE_TITLE, level=1).is_visible()


def test_the_offline_page_opens_the_page_asked_once_the_network_is_back(browser, published):
    _, url = published
    with phone(browser) as (context, page):
        open_unkept_offline(context, page, url)
        context.set_offline(False)
        page.wait_for_url(url + WRITTEN_CENTRE, timeout=20_000)
        assert page.get_by_role("heading", name="Lycée Berthelot – Toulouse", level=1).is_visible()


def test_a_page_never_opened_shows_the_french_offline_page(browser, published, screenshot):
    _, url = published
    with phone(browser) as (context, page):
        open_unkept_offline(context, page, url)
        assert NOT_KEPT in page.locator("article").inner_text()
        assert "ERR_INTERNET_DISCONNECTED" not in page.content()
        # Not « a copy kept on this phone » of the page asked: the worker wrote no such note into it.
        assert page.locator(".handbook-kept-copy").count() == 0
        # It names the page asked, and lists those kept on this phone: the home page and the one opened.
        asked = page.get_by_role("link", name=f"/{SESSION}/{WRITTEN_CENTRE}")
        assert asked.is_visible() and asked.get_attribute("href") == url + WRITTEN_CENTRE
        kept = page.locator("[data-kept-pages] li")
        kept.filter(has_text="Lycée Marcelin-Berthelot, Toulouse").wait_for()
        # A candidate's own page is named for what it holds: « Mes épreuves ».
        assert kept.all_inner_texts() == ["Accueil du manuel", "Mes épreuves\u00a0: Lycée Marcelin-Berthelot, Toulouse"]
        page.get_by_role("link", name="Mes épreuves\u00a0: Lycée Marcelin-Berthelot, Toulouse").click()
        page.wait_for_url(url + ESTABLISHMENT)
        assert page.get_by_role("heading", name="Mes épreuves").is_visible()
        page.goto(url + WRITTEN_CENTRE, wait_until="load")
        settle(page)
        screenshot(page, "hors-connexion-375", full_page=True)


def test_the_keep_button_keeps_the_centres_and_the_rules_for_exam_day(browser, published):
    _, url = published
    with phone(browser) as (context, page):
        open_online(page, url + ESTABLISHMENT)
        status = keep_for_exam_day(page)
        assert status.startswith("C'est fait\u00a0: ces 13 pages s'ouvrent maintenant sans connexion sur ce téléphone, même en mode avion.")
        # What they are, said above the list (which opens on a tap).
        assert ("ce téléphone peut garder votre page, celles de vos centres d'épreuves, les règles des épreuves écrites "
                "et orales, le calendrier et les contacts") in page.locator("[data-keep]").inner_text()
        # Named for what the button does (« Les pages gardées » read, before any tap, as if they were kept already).
        page.get_by_text("Les pages que ce bouton garde").click()
        assert page.get_by_role("link", name="Lycée ISSEC Pigier – Toulouse").is_visible()
        context.set_offline(True)
        page.goto(url + WRITTEN_CENTRE, wait_until="load")
        assert page.get_by_role("heading", name="Lycée Berthelot – Toulouse", level=1).is_visible()
        assert E3 in page.locator("article").inner_text()
        page.goto(url + "ecrits/", wait_until="load")
        assert page.get_by_role("heading", name="Épreuves écrites", level=1).is_visible()
        for other in (ORAL_CENTRE, "oraux/", "calendrier/", "contacts/"):
            page.goto(url + other, wait_until="load")
            assert OFFLINE_TITLE not in page.locator("h1").inner_text(), other
        # Styles and scripts came along: the page is drawn by the theme, and its scripts run.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        assert page.evaluate("document.documentElement.classList.contains('handbook-js')")


def test_without_network_the_keep_button_names_the_pages_it_could_not_keep(browser, published):
    _, url = published
    with phone(browser) as (context, page):
        open_online(page, url + ESTABLISHMENT)
        context.set_offline(True)
        page.get_by_role("button", name=KEEP).click()
        status = page.get_by_role("status").filter(has_text="Pas de connexion")
        status.wait_for(timeout=30_000)
        # The page itself is kept already (opened online); the others are named, to try again.
        assert status.inner_text().startswith("Pas de connexion\u00a0? 12 pages n'ont pas pu être gardées\u00a0: «\u00a0Lycée Berthelot")
        assert "«\u00a0Calendrier de la session\u00a0»" in status.inner_text() and "Mes épreuves" not in status.inner_text()
        assert status.inner_text().endswith("Réessayez quand vous avez du réseau.")


def test_the_keep_button_is_a_named_finger_sized_button_and_axe_finds_nothing(browser, published, axe, screenshot):
    _, url = published
    with phone(browser) as (_, page):
        open_online(page, url + ESTABLISHMENT)
        button = page.get_by_role("button", name=KEEP)
        assert button.is_visible()
        assert button.bounding_box()["height"] >= 44
        focused = tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"] == KEEP, limit=80)
        assert ring_is_visible(focused), focused
        page.keyboard.press("Enter")
        page.wait_for_function(KEPT_STATUS, timeout=30_000)
        assert page.evaluate("document.activeElement.textContent") == KEEP   # focus stays on the button
        page.locator("[data-keep]").evaluate("block => block.scrollIntoView({block: 'center'})")
        settle(page)
        screenshot(page, "garder-hors-connexion-375")
        # On a computer too, in both schemes: tests/test_page_types.py (the establishment pages show the button).
        results = axe.run(page, options=PHONE_AXE_OPTIONS)
        assert results.violations_count == 0, axe_report(results)
        # On paper the button means nothing: it is not printed.
        page.emulate_media(media="print")
        assert page.locator("[data-keep]").is_hidden() and page.get_by_role("heading", name="Mes épreuves").is_visible()


# What a browser without service workers shows (Firefox in private browsing, an http:// address), and one that
# refuses the registration (storage refused): the page reads as ever, without the button.
NO_WORKERS = "delete Navigator.prototype.serviceWorker"
REFUSED = ("ServiceWorkerContainer.prototype.register = function () {"
           " return Promise.reject(new DOMException('refusé', 'SecurityError')) }")


@pytest.mark.parametrize("without", ["javascript", "service-worker", "registration-refused"])
def test_without_scripts_or_service_workers_there_is_no_button(browser, published, without):
    _, url = published
    with phone(browser, java_script_enabled=without != "javascript") as (context, page):
        if without == "service-worker":
            context.add_init_script(NO_WORKERS)
        elif without == "registration-refused":
            context.add_init_script(REFUSED)
        page.goto(url + ESTABLISHMENT, wait_until="load")
        if without == "registration-refused":
            page.wait_for_function("!document.documentElement.classList.contains('handbook-offline')")
        assert page.get_by_role("heading", name="Mes épreuves").is_visible()
        assert page.locator("#epreuves-du-candidat > li").filter(has_text="Écrit E3").is_visible()
        assert page.get_by_role("button", name=KEEP).count() == 0      # hidden: not in the accessibility tree
        assert page.locator("[data-keep]").is_hidden()


# --- A new publication ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corrected_site(tmp_path_factory) -> Path:
    # The exam office moves E3 from Monday 16 to Thursday 19 May and publishes again.
    moved = partial(build_edited, file=f"data/{SESSION}/calendar.yml", old="date: 2022-05-16", new="date: 2022-05-19")
    return made_once(tmp_path_factory, "build-2022-e3-moved", moved) / "site"


@pytest.mark.e2e
def test_a_correction_is_a_new_publication_for_the_worker(site, corrected_site):
    assert stamp(site) != stamp(corrected_site)
    assert E3_MOVED in main_text(built(corrected_site, WRITTEN_CENTRE))


@pytest.mark.e2e
def test_a_new_publication_refreshes_the_pages_kept_for_exam_day(browser, site, corrected_site, tmp_path):
    # Kept under one publication; the next one moves E3: back online, the kept pages are fetched again, and
    # offline the centre's page says the new date, never the old one.
    with phone(browser) as (context, page):
        with serve(published_folder(tmp_path, site), no_store=True) as root_url:   # what the phone has, only its workers kept
            url = root_url + f"{SESSION}/"
            open_online(page, url + ESTABLISHMENT)
            keep_for_exam_day(page)
            # Published now: files newer than the kept ones.
            (tmp_path / SESSION).unlink()
            shutil.copytree(corrected_site, tmp_path / SESSION, copy_function=shutil.copy)
            shutil.rmtree(tmp_path / SESSION / ORAL_CENTRE)   # a page the new publication no longer has (404)
            page.reload(wait_until="load")
            assert E3_MOVED in page.locator("#epreuves-du-candidat").inner_text()   # online: the network first
            new_cache = f"handbook {url} {stamp(corrected_site)}"
            # The new worker has fetched the kept pages again and dropped the old cache (its pages and assets).
            assert poll(page, "caches.keys()", lambda names: names == [new_cache]), page.evaluate("caches.keys()")
            kept = f"caches.open({new_cache!r}).then(c => c.keys()).then(all => all.map(r => r.url))"
            assert url + "search/search_index.json" in page.evaluate(kept)   # the search's files came over too
        # The host is stopped: every answer now comes from the phone.
        page.goto(url + WRITTEN_CENTRE, wait_until="load")
        article = page.locator("article").inner_text()
        assert E3_MOVED in article and E3 not in article
        search_for(page, "retard")
        assert any("retard" in text.lower() for text in page.locator(".md-search-result__item").all_inner_texts())
        # The page the site no longer has is not carried over from the old publication's copies.
        page.goto(url + ORAL_CENTRE, wait_until="load")
        assert page.get_by_role("heading", name=OFFLINE_TITLE, level=1).is_visible()


def test_the_search_works_offline_once_exam_day_pages_are_kept(browser, site, tmp_path, screenshot):
    """After « Garder », the search box still finds a word with no network: the worker kept its index and scripts
    with the pages. The host is really stopped, and none of its answers was in the browser's HTTP cache."""
    with phone(browser) as (context, page):
        with serve(published_folder(tmp_path, site), no_store=True) as url:
            open_online(page, url + f"{SESSION}/" + ESTABLISHMENT)
            keep_for_exam_day(page)
        page.reload()   # the host refuses connections now: the page, its scripts and the search come from the phone
        page.locator("article .handbook-kept-copy").wait_for(timeout=10_000)
        search_for(page, "retard")
        found = page.locator(".md-search-result__item").all_inner_texts()
        assert any("retard" in text.lower() for text in found), found
        # The rules of the written exams are kept: their results open, and say nothing more.
        assert results_marked(page)[f"{SESSION}/ecrits/"] == 0
        # The archiving page was never opened on this phone: its result says it needs the network before it is opened.
        search_again(page, "archivage", f"{SESSION}/archivage/")
        assert results_marked(page) == {f"{SESSION}/archivage/": 1}   # said once, under the page's title, not each section
        note = page.locator(".md-search-result__item .handbook-unkept")
        assert note.inner_text() == "Page non gardée sur ce téléphone\u00a0: elle ne s'ouvre qu'avec du réseau."
        assert note.evaluate("el => el.previousElementSibling.tagName") == "H1"   # right under the page's title
        assert float(note.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 14
        screenshot(page, "hors-connexion-recherche")


def test_the_search_works_offline_for_a_reader_who_only_read_pages_online(browser, site, tmp_path):
    """No « Garder », no search online: pages read with the network are enough for the search to work without it
    (the index is built at the first search, and what it needs was kept as the pages were read)."""
    with phone(browser) as (context, page):
        with serve(published_folder(tmp_path, site), no_store=True) as url:
            open_online(page, url + f"{SESSION}/" + ESTABLISHMENT)
            page.reload(wait_until="load")   # read under the worker: it keeps what the page loads
            page.wait_for_timeout(1000)
        page.reload()   # the host refuses connections now
        page.locator("article .handbook-kept-copy").wait_for(timeout=10_000)
        search_for(page, "retard")
        found = page.locator(".md-search-result__item").all_inner_texts()
        assert any("retard" in text.lower() for text in found), found


def test_on_the_offline_page_too_only_the_results_that_will_not_open_are_marked(browser, site, tmp_path):
    """The offline page, shown for a page that did not come, marks the results too, though the phone still says it is
    online (a hall where nothing answers). A page once opened from a search result is kept under its address with
    ?h=…, which the worker serves whatever its query: its result opens, and is not marked."""
    with phone(browser) as (context, page):
        with serve(published_folder(tmp_path, site), no_store=True) as url:
            open_online(page, url + f"{SESSION}/" + ESTABLISHMENT)
            keep_for_exam_day(page)
            search_for(page, "contacts")
            page.locator(".md-search-result__item a[href*='contacts/']").first.click()
            page.wait_for_url("**/contacts/?h=*")
            page.locator("article h1").wait_for()
        page.goto(url + f"{SESSION}/archivage/")   # never opened, and the host is gone: the offline page answers
        page.locator("[data-offline-asked]").wait_for()
        assert page.evaluate("navigator.onLine")
        search_for(page, "contact")   # another query: its results' addresses carry ?h=contact
        marked = results_marked(page)
        assert marked[f"{SESSION}/contacts/"] == 0 and marked[f"{SESSION}/calendrier/"] == 0, marked   # kept, under ?h= or not
        search_again(page, "archivage", f"{SESSION}/archivage/")
        assert results_marked(page) == {f"{SESSION}/archivage/": 1}


def test_results_drawn_online_are_marked_once_the_phone_says_it_lost_the_network(browser, published):
    """A candidate searches online, then the phone goes offline (airplane mode) with the results on screen: the
    results whose page is not kept are marked then, without a new search; kept pages are not."""
    root, url = published
    with phone(browser) as (context, page):
        open_online(page, url + ESTABLISHMENT)
        keep_for_exam_day(page)
        search_for(page, "archivage")
        wait_for_result(page, f"{SESSION}/archivage/")
        # Online, every result opens: none is even looked up in the phone's copies.
        assert page.locator(".md-search-result__item[data-kept]").count() == 0
        context.set_offline(True)
        assert results_marked(page) == {f"{SESSION}/archivage/": 1}
        search_again(page, "retard", f"{SESSION}/ecrits/")
        assert results_marked(page)[f"{SESSION}/ecrits/"] == 0
        context.set_offline(False)   # the network is back: the marks go
        page.wait_for_function("!document.querySelector('.md-search-result__item[data-kept], .handbook-unkept')", timeout=10_000)


def search_again(page, query: str, found: str) -> None:
    """Another query in the open search box, once its whole query is answered and its results show the page `found`
    (its path from the site's root)."""
    page.keyboard.press("Control+A")
    page.keyboard.type(query)
    wait_for_answer(page, query)
    wait_for_result(page, found)


def wait_for_result(page, found: str) -> None:
    """Until the search results show the page `found` (its path from the site's root)."""
    page.wait_for_function(f"[...document.querySelectorAll('.md-search-result__link')].some(a => a.href.includes('/{found}'))",
                           timeout=10_000)


def results_marked(page) -> dict[str, int]:
    """Each result's page (its path, from the site's root) and how many times its result says it is not kept here, once
    the page has looked every result up in the phone's copies (offline.js)."""
    page.wait_for_function("[...document.querySelectorAll('.md-search-result__item')].every(item => item.dataset.kept)",
                           timeout=10_000)
    return dict(page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(item => [
      new URL(item.querySelector('a').href).pathname.replace(/^\\//, ''), item.querySelectorAll('.handbook-unkept').length])"""))


def test_once_the_pages_are_kept_the_cards_no_longer_offer_to_keep_them(browser, published):
    # « Pas de réseau sur place ? Gardez cette page » stayed on the day's card once the pages were kept, and while the
    # page was read offline from them (candidate review).
    _, url = published
    offer = "#epreuves-du-candidat .handbook-card__keep a"
    with phone(browser) as (context, page):
        page.clock.set_fixed_time(dt.datetime(2022, 5, 15, 20, 0))   # E3's eve
        open_online(page, url + ESTABLISHMENT)
        assert page.locator(offer).first.is_visible()
        keep_for_exam_day(page)
        assert page.locator(offer).first.is_hidden()
        page.reload(wait_until="load")
        page.wait_for_function("document.documentElement.classList.contains('handbook-kept')")
        assert page.locator(offer).first.is_hidden()
        context.set_offline(True)
        page.goto(url + ESTABLISHMENT, wait_until="load")
        page.wait_for_function("document.documentElement.classList.contains('handbook-kept')")
        assert page.locator(offer).count() >= 1 and page.locator(offer).first.is_hidden()
    # Without the button, the offer stays, even once every page it keeps was read online (copied, but without the
    # button's request that the phone keep the copies; diff review).
    with phone(browser) as (context, page):
        page.clock.set_fixed_time(dt.datetime(2022, 5, 15, 20, 0))
        open_online(page, url + ESTABLISHMENT)
        kept = page.evaluate("[...document.querySelectorAll('.handbook-keep__pages li a')].map(a => a.href)")
        for other in kept:
            page.goto(other, wait_until="load")
        page.goto(url + ESTABLISHMENT, wait_until="load")
        assert poll(page, f"Promise.all({kept!r}.map(u => caches.match(u, {{ignoreSearch: true}}))).then(f => f.every(Boolean))",
                    bool), "every page read online is copied"
        page.wait_for_timeout(300)
        assert page.locator(offer).first.is_visible()
        assert not page.evaluate("document.documentElement.classList.contains('handbook-kept')")
