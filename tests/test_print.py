"""Print and offline: pages print cleanly on A4 in Chromium, and /imprimer/ holds the whole handbook."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from io import BytesIO

import pytest
from conftest import main_text
from pypdf import PdfReader
from site_pages import PAGE_TYPES

PRINTED = ["centre-oral", "centre-ecrit", "etablissement", "calendrier", "imprimer"]
CHROME = {".md-header": "en-tête", ".md-sidebar--primary": "navigation", ".md-search": "recherche",
          ".md-footer": "pied de page", ".md-sidebar--secondary": "table des matières"}
A4 = (595.3, 841.9)  # points


def printed_page(browser, site_url: str, target: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + PAGE_TYPES[target], wait_until="load")
    page.wait_for_selector(".md-content a[data-print-href]", state="attached")   # handbook-a11y.js has noted the addresses
    page.emulate_media(media="print")
    return page


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(BytesIO(pdf))
    return reader, "\n".join(p.extract_text() or "" for p in reader.pages)


def squeeze(text: str) -> str:
    # PDF text breaks long addresses over lines: compare without white space.
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("target", PRINTED)
def test_page_prints_on_a4_without_chrome_and_with_link_addresses(browser, site_url, pictures, target):
    page = printed_page(browser, site_url, target)
    for selector, name in CHROME.items():
        assert not page.locator(selector).first.is_visible(), f"{name} imprimé(e)"
    assert page.locator("article h1").is_visible()
    # A link to another page of the site is followed by its full address on paper (one printed: not a calendar's).
    link = page.locator(f'.md-content a[data-print-href^="{site_url}"]:visible').first
    address = link.evaluate("a => a.href")
    assert address.startswith(site_url)
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert address in after
    # Tables and cards of dates fit the page width; tables repeat their header; rows and cards are not split.
    widths = page.evaluate("""() => [...document.querySelectorAll('.md-content table, .md-content .handbook-card')].map(t =>
        [t.getBoundingClientRect().right, document.querySelector('.md-content').getBoundingClientRect().right + 1])""")
    assert widths and all(right <= limit for right, limit in widths), widths
    if page.locator(".md-content table").count():
        assert page.evaluate("getComputedStyle(document.querySelector('.md-content thead')).display") == "table-header-group"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-content tr')).breakInside") == "avoid"
    if page.locator(".md-content .handbook-card").count():
        assert page.evaluate("getComputedStyle(document.querySelector('.md-content .handbook-card')).breakInside") == "avoid"

    pdf = page.pdf(format="A4")
    reader, text = pdf_text(pdf)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A4[0]) < 2 and abs(float(box.height) - A4[1]) < 2, box
    assert page.locator("article h1").inner_text().split()[0] in text
    assert squeeze(address) in squeeze(text)
    for chrome_text in ("Réalisé avec", "Après les épreuves", "Passer au thème"):
        assert chrome_text not in text
    # Look at it: the first page as a PNG (pdftoppm from poppler-utils).
    pdf_path = pictures / f"print-{target}.pdf"
    pdf_path.write_bytes(pdf)
    if not shutil.which("pdftoppm"):
        message = "pdftoppm introuvable : apt-get install -y poppler-utils"
        pytest.fail(message) if os.environ.get("CI", "").lower() == "true" else pytest.skip(message)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf_path),
                    str(pictures / f"print-{target}")], check=True)
    assert (pictures / f"print-{target}.png").stat().st_size > 10_000
    page.close()


def test_an_establishment_page_printed_for_a_notice_board_says_where_it_is_online(browser, site_url):
    # A secretary prints a line's page for the notice board: it said nowhere where it is online (only inside the
    # addresses of its calendar files), and printed « Ajouter cette épreuve à mon agenda » with a .ics address on
    # each card and each map search's long address, which nobody can use on paper.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.clock.set_fixed_time(dt.datetime(2022, 4, 10, 9, 0))
    page.goto(site_url + PAGE_TYPES["etablissement-lycee"], wait_until="load")
    page.wait_for_selector("[data-printed-on]:not(:empty)", state="attached")
    page.emulate_media(media="print")
    _, text = pdf_text(page.pdf(format="A4"))
    # Where it is online, and how old the copy is.
    assert squeeze(f"Cette page en ligne : {site_url}{PAGE_TYPES['etablissement-lycee']} (imprimée le 10 avril 2022)") in squeeze(text)
    for useless in (".ics", "openstreetmap.org", "OpenStreetMap", "Ajouter cette épreuve à mon agenda", "Ajouter mes épreuves", "flux Atom"):
        assert useless not in text, useless
    page.emulate_media(media="screen")
    assert not page.get_by_text("Cette page en ligne").is_visible()   # on paper only
    page.close()


def test_a_page_printed_after_languages_were_unticked_still_lists_every_exam(browser, site_url):
    # The languages a reader unticked are kept on the device and hide their orals on every line's page: a secretary
    # who once unticked two printed a notice board's page without the Spanish oral, and nothing on paper said so (staff
    # review). On paper the choices do not apply: every exam is printed.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.clock.set_fixed_time(dt.datetime(2022, 4, 10, 9, 0))
    page.goto(site_url + PAGE_TYPES["etablissement-lycee"], wait_until="load")
    for language in ("Espagnol", "Une autre langue"):
        page.get_by_label(language, exact=True).uncheck()
    cards = page.locator("#epreuves-du-candidat > li")
    assert page.locator("#epreuves-du-candidat > li:visible").count() < cards.count()   # on screen, the choice holds
    page.emulate_media(media="print")
    assert page.locator("#epreuves-du-candidat > li:visible").count() == cards.count()
    _, text = pdf_text(page.pdf(format="A4"))
    assert "Espagnol" in text and "Lycée Clément Marot" in text and "saufanglaisetespagnol" in squeeze(text)
    page.emulate_media(media="screen")
    assert page.locator("#epreuves-du-candidat > li:visible").count() < cards.count()
    page.close()


# --- The whole handbook on one page, built with the site ---------------------------------

def nav_pages(site) -> list[str]:
    # The pages of the nav, in order, as the built home page lists them (desktop sidebar).
    raw = (site / "index.html").read_text(encoding="utf-8")
    sidebar = raw[raw.index('md-sidebar--primary'):raw.index('md-sidebar--secondary')]
    hrefs = re.findall(r'<a href="([^"#]*)" class="md-nav__link', sidebar)
    return list(dict.fromkeys(h if h != "." else "" for h in hrefs))


def test_printable_page_is_built_from_every_nav_page(site):
    printable = site / "imprimer" / "index.html"
    raw = printable.read_text(encoding="utf-8")
    article = raw[raw.index("<article"):raw.index("</article>")]
    sections = re.findall(r'<section class="handbook-print-chapter" id="([^"]+)">(.*?)</section>', article, flags=re.S)
    pages = nav_pages(site)
    assert len(pages) >= 10
    assert [slug for slug, _ in sections] == [p.strip("/").replace("/", "-") or "accueil" for p in pages]
    for (slug, body), url in zip(sections, pages, strict=True):
        # The chapter is the page's own rendered content, one heading level down (its text: scripts are none).
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
        chapter = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()
        assert chapter and chapter in main_text(site / url / "index.html"), slug
        assert "<h1" not in body and "<h2" in body
    # The summary links to each chapter; every in-page link lands on an id of the page; ids are unique.
    ids = re.findall(r'\bid="([^"]+)"', raw)
    assert [d for d, n in Counter(ids).items() if n > 1] == []
    anchors = re.findall(r'href="#([^"]+)"', article)
    assert set(anchors) - set(ids) == set()
    assert {slug for slug, _ in sections} <= set(anchors)
    # Links to pages not printed here (a centre, an establishment) and to files still lead to them.
    for href in set(re.findall(r'href="(\.\./[^"#]+)"', article)):
        assert (printable.parent / href / "index.html" if href.endswith("/") else printable.parent / href).exists(), href


def test_printable_page_linked_from_home_and_out_of_search(site):
    raw = (site / "index.html").read_text(encoding="utf-8")
    article = raw[raw.index("<article"):raw.index("</article>")]
    assert re.search(r'<a href="imprimer/">manuel complet sur une seule page</a>', article)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"]
    assert not [doc for doc in index["docs"] if doc["location"].startswith("imprimer/")]


def test_printable_handbook_as_a_pdf_holds_the_facts(browser, site_url):
    page = printed_page(browser, site_url, "imprimer")
    reader, text = pdf_text(page.pdf(format="A4"))
    assert len(reader.pages) >= 8
    for fact in ("lundi 18 avril 2022", "Circulaire n°2015-178", "Justine ROUDOT", "ANNULATION DE L'ÉPREUVE",
                 "ATTESTATION DE STAGE", "cellule archives du Rectorat de Toulouse", "Sommaire"):
        assert squeeze(fact) in squeeze(text), fact
    page.close()


# --- The forms' HTML pages: the form alone on paper, every answer whole -------------------

# 40 lines, each unique and long enough to fill a printed line; none is a word of the page around the form.
LONG_ANSWER = "\n".join(f"Réponse ligne {n} : une phrase assez longue pour occuper toute la largeur d'une ligne de la fiche."
                        for n in range(1, 41))
LONG_LINE = "Titre très long " + " ".join(f"mot{n}" for n in range(60)) + " fin du titre"
SHEETS_AND_SCRIPT = {  # run: (viewport, colour scheme, scripts on)
    "telephone": ({"width": 375, "height": 812}, "light", True),
    "ordinateur-sombre": ({"width": 1280, "height": 900}, "dark", True),
    "sans-javascript": ({"width": 1280, "height": 900}, "light", False),
}


def multi_sheet_form(session):
    # The form with the most sheets (each must start a page), then the walk's sheet views and text places.
    form = max(session.forms, key=lambda f: len(f.sheets))
    blocks = form.blocks(session).blocks
    sheets = [b.view for b in blocks if b.kind == "sheet"]
    texts = [b.view for b in blocks if b.kind == "text"] + [f for b in blocks if b.kind == "row" for f in b.view.fields
                                                            if type(f).__name__ == "TextView"]
    return form, sheets, texts


@pytest.mark.parametrize("run", list(SHEETS_AND_SCRIPT))
def test_form_prints_alone_with_every_answer_whole(browser, site_url, session, pictures, run):
    viewport, scheme, scripts = SHEETS_AND_SCRIPT[run]
    form, sheets, texts = multi_sheet_form(session)
    assert len(sheets) >= 2
    context = browser.new_context(viewport=viewport, color_scheme=scheme, java_script_enabled=scripts)
    page = context.new_page()
    page.goto(site_url + form.url, wait_until="load")
    if scripts:
        page.wait_for_selector("form.handbook-form--live")   # handbook-form.js has set the form up
    tall = next(t for t in reversed(texts) if t.lines > 1)     # a text area of the last sheet
    short = next(t for t in texts if t.lines == 1)             # a one-line field
    page.locator(f'form.handbook-form textarea[name="{tall.input.key}"]').fill(LONG_ANSWER)
    page.locator(f'form.handbook-form input[name="{short.input.key}"]').fill(LONG_LINE)
    # What surrounds the form on screen: the session line, title, introduction, downloads, notice, buttons.
    around = page.evaluate("""() => [...document.querySelectorAll(
        '.md-content__inner > :not(form.handbook-form):not(.handbook-form__notes)')].map(e => e.innerText)""")
    around = [line.strip() for block in around for line in block.splitlines() if len(line.strip()) >= 8]
    assert any("Annexe" in line for line in around) and any("Vos réponses" in line for line in around), around

    pdf = page.pdf(format="A4")
    reader, text = pdf_text(pdf)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A4[0]) < 2 and abs(float(box.height) - A4[1]) < 2, box
    flat = squeeze(text)
    # Every line of the long answer and the whole one-line answer are on paper, the last line included.
    for line in LONG_ANSWER.splitlines():
        assert squeeze(line) in flat, line
    if scripts:  # without them a one-line field prints what fits in its width, as a browser prints any field
        assert squeeze(LONG_LINE) in flat
    # The form's own words are printed; nothing of the page around it, of the site, or any link address.
    assert squeeze(tall.caption) in flat and squeeze(short.label) in flat
    for line in around + [session.info.site_title, session.info.source_label, session.annex(form.annex).label,
                          "Réalisé avec", "Après les épreuves", "Passer au thème", "Rechercher", "Effacer mes réponses"]:
        assert squeeze(line) not in flat, line
    assert "http" not in text and "://" not in text
    # Each sheet starts a new page, as in the PDF: some page begins with its first header line.
    firsts = [squeeze(p.extract_text() or "")[:80] for p in reader.pages]
    for sheet in sheets:
        first_line = (sheet.header.before or (sheet.header.heading,))[0]
        starts = [n for n, start in enumerate(firsts) if start.startswith(squeeze(first_line))]
        assert starts, (sheet.key, firsts)
    # Look at it: every page as a PNG (pdftoppm from poppler-utils).
    pdf_path = pictures / f"print-formulaire-{run}.pdf"
    pdf_path.write_bytes(pdf)
    if not shutil.which("pdftoppm"):
        message = "pdftoppm introuvable : apt-get install -y poppler-utils"
        pytest.fail(message) if os.environ.get("CI", "").lower() == "true" else pytest.skip(message)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf_path), str(pictures / f"print-formulaire-{run}")],
                   check=True)
    assert (pictures / f"print-formulaire-{run}-1.png").stat().st_size > 10_000
    context.close()


def test_a_blank_form_prints_its_boxes_sheet_by_sheet(browser, site_url, session):
    # Nothing typed: each place still prints as a box of the circular's lines, each sheet from a new page.
    form, sheets, _ = multi_sheet_form(session)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + form.url, wait_until="load")
    page.wait_for_selector("form.handbook-form--live")
    page.emulate_media(media="print")
    fields = page.evaluate("""() => [...document.querySelectorAll('form.handbook-form textarea')].map(t => {
        const paper = t.nextElementSibling;
        return [getComputedStyle(t).display, paper.className, paper.getBoundingClientRect().height, t.rows];
    })""")
    assert fields and all(display == "none" and paper == "handbook-form__paper" for display, paper, _, _ in fields)
    assert all(height >= rows * 12 for _, _, height, rows in fields), fields
    breaks = page.evaluate("""() => [...document.querySelectorAll('.handbook-form__sheet')].map(
        s => getComputedStyle(s).breakBefore)""")
    assert breaks == ["auto"] + ["page"] * (len(sheets) - 1)
    reader, _ = pdf_text(page.pdf(format="A4"))
    assert len(reader.pages) >= len(sheets)
    page.close()
