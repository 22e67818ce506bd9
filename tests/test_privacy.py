"""Privacy in Chromium: the site loads only from itself, sets no cookie, sends nothing away.

Every page type is watched on a phone in tests/test_page_types.py; here, the watcher itself, what every built
page and style sheet makes a browser load (at any width), what the browser keeps, and the personal data page.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import main_text
from site_pages import PAGE_TYPES, watch_requests

# The worker's own requests and what it stores are part of what a page does on the device.
pytestmark = pytest.mark.offline_worker


def test_a_foreign_request_would_be_caught(browser, site_url):
    # The watcher is real: a page asking another host for an image is reported (the request fails offline).
    page = browser.new_page()
    foreign = watch_requests(page, site_url)
    page.goto(site_url)
    with page.expect_request("https://fonts.googleapis.com/css?family=Roboto"):
        page.evaluate("new Image().src = 'https://fonts.googleapis.com/css?family=Roboto'")
    assert foreign == ["https://fonts.googleapis.com/css?family=Roboto"]
    page.close()


# The attributes through which HTML makes a browser load a file by itself (a link only when opened: not here).
LOADING_ATTRIBUTES = {"script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
                      "audio": ("src",), "video": ("src", "poster"), "track": ("src",), "embed": ("src",),
                      "object": ("data",), "input": ("src",)}
# The <link> relations a browser fetches (canonical, alternate, prev, next… only name an address).
LOADED_LINKS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload", "prefetch",
                "preconnect", "dns-prefetch"}
# What a style sheet or a style attribute loads.
CSS_LOADS = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


class LoadedFiles(HTMLParser):
    """The addresses a page makes the browser load by itself: scripts, styles, pictures, frames, styles' url()."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in LOADING_ATTRIBUTES.get(tag, ()):
            if name in values:
                self.urls += [part.split()[0] for part in values[name].split(",") if part.strip()] if name.endswith("srcset") else [values[name]]
        if tag == "link" and LOADED_LINKS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        self.urls += css_loads(values.get("style", ""))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += css_loads(data)


def css_loads(css: str) -> list[str]:
    return [a or b for a, b in CSS_LOADS.findall(css)]


def foreign_or_missing(site: Path, source: Path, url: str) -> str | None:
    """What is wrong with a file that `source` (a page or a style sheet of the built site) makes the browser load."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob") or url.startswith("#"):
        return None
    if parts.scheme or parts.netloc:
        return f"{url} : un autre site"
    # A path from the root (the 404 page's, served at any address) is read from the root of the shared build's site.
    path = unquote(parts.path)
    target = site / path.lstrip("/") if path.startswith("/") else Path(unquote(urlsplit(urljoin(source.as_posix(), url)).path))
    target = target / "index.html" if url.endswith("/") or not url else target
    return None if target.is_file() and site.resolve() in target.resolve().parents else f"{url} : absent du site"


def test_every_page_and_style_sheet_loads_only_files_of_the_site(site):
    # Read in every built page, at any width (no picture, srcset or style of the site depends on it): what HTML and
    # CSS make a browser load is a file of this site that exists. The phone visits of test_page_types.py watch
    # what the scripts ask for too.
    problems, pages, sheets = [], sorted(site.rglob("*.html")), sorted(site.rglob("*.css"))
    for page in pages:
        reader = LoadedFiles()
        reader.feed(page.read_text(encoding="utf-8"))
        assert any(url.endswith(".js") for url in reader.urls), page   # the reader does read what pages load
        problems += [f"{page.relative_to(site)} : {problem}" for url in reader.urls
                     if (problem := foreign_or_missing(site, page, url))]
    for sheet in sheets:
        problems += [f"{sheet.relative_to(site)} : {problem}" for url in css_loads(sheet.read_text(encoding="utf-8"))
                     if (problem := foreign_or_missing(site, sheet, url))]
    assert len(pages) > 60 and sheets
    assert not problems, "\n".join(problems[:20])


def test_the_loaded_files_reader_finds_what_a_page_would_load_elsewhere(tmp_path):
    # The check above is real: each way of loading a file from another site, or one the site lacks, is reported.
    page = tmp_path / "p" / "index.html"
    page.parent.mkdir()
    (tmp_path / "ok.css").write_text("a { background: url('data:image/png;base64,AA') }", encoding="utf-8")
    page.write_text("""<link rel="canonical" href="https://example.org/p/"><link rel="stylesheet" href="../ok.css">
<link rel="preconnect" href="https://fonts.gstatic.com"><script src="//cdn.example.org/a.js"></script>
<img srcset="../ok.css 1x, https://img.example.org/b.png 2x"><div style="background:url(https://t.example.org/c.gif)">
<style>@import "https://fonts.googleapis.com/css";</style><script src="../absent.js"></script>""", encoding="utf-8")
    reader = LoadedFiles()
    reader.feed(page.read_text(encoding="utf-8"))
    assert [foreign_or_missing(tmp_path, page, url) for url in reader.urls] == [
        None, "https://fonts.gstatic.com : un autre site", "//cdn.example.org/a.js : un autre site", None,
        "https://img.example.org/b.png : un autre site", "https://t.example.org/c.gif : un autre site",
        "https://fonts.googleapis.com/css : un autre site", "../absent.js : absent du site"]


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


def test_the_device_keeps_only_copies_of_this_sites_own_pages(browser, site_url, site):
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
    # Local storage: the theme's palette, the languages ticked under « Mes épreuves » and that this page's « Garder »
    # button was used (the cards then no longer offer it), all declared.
    path = page.evaluate("location.pathname")
    assert set(page.evaluate("Object.keys(localStorage)")) <= {"/.__palette", "handbook-choices:langues", f"handbook-garder{path}"}
    declared = " ".join((site / "donnees-personnelles" / "index.html").read_text(encoding="utf-8").split())
    assert "le navigateur note aussi que ce bouton a servi sur cette page" in declared
    assert context.cookies() == []
    context.close()
