"""Candidates first (issue 12): "my exams — day, time, place" in two taps on a phone, nothing clipped, plain French.

Built pages read as HTML, then the same pages in Chromium at 320 × 640 and 375 × 812 (the dark colour scheme checked
to move nothing).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import icalendar
import pytest
import yaml
from conftest import CIRCULAR_2022, build, main_text, page_text, read_text
from data_edits import break_file
from site_pages import SCHEMES, tab_until

PHONES = {"320x640": {"width": 320, "height": 640}, "375x812": {"width": 375, "height": 812}}
PHONE = PHONES["375x812"]
# The smallest text a reader meets in the content, in CSS pixels.
SMALLEST_TEXT = 14


def built(site: Path, url: str) -> Path:
    return site / url.strip("/") / "index.html" if url.strip("/") else site / "index.html"


def exam_pages(session) -> list[str]:
    """Every page that draws exams: each establishment line, each centre, the calendar."""
    return ([e.url for e in session.establishments.establishments] + [c.url for c in session.centre_list]
            + ["calendrier/"])


# --- Built pages ----------------------------------------------------------------------------------

def test_an_establishment_page_is_named_for_people_and_keeps_the_circular_label(site):
    raw = built(site, "etablissements/lgt-marcelin-berthelot").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>Lycée Marcelin-Berthelot, Toulouse<", raw)
    text = main_text(built(site, "etablissements/lgt-marcelin-berthelot"))
    assert "Libellé de la circulaire : LGT MARCELIN BERTHELOT" in text   # in « À propos de cette ligne »
    assert text.index("Lycée Marcelin-Berthelot, Toulouse") < text.index("Mes épreuves") < text.index("LGT MARCELIN")
    assert "Le nom en titre est une lecture du site" in text


def test_the_calculator_rules_open_with_what_a_candidate_does_marked_as_the_sites_reading(site, session):
    # The circular's quotes read as if they disagreed (« l'activer le jour des épreuves », « arriver sans avoir mis en
    # place le mode examen »): the site's summary comes first, marked as its reading; the quotes follow, whole.
    reading = session.rules.written.calculators.reading
    raw = built(site, "ecrits").read_text(encoding="utf-8")
    section = raw[raw.index('id="calculatrices"'):]
    first = html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<p[^>]*>(.*?)</p>", section, flags=re.S).group(1)))
    assert first.replace("\u00a0", " ").startswith(f"En bref : {reading} (lecture du site")
    quotes = main_text(built(site, "ecrits"))
    assert quotes.index(reading) < quotes.index("Les candidats devront arriver sans avoir mis en place le mode examen")
    assert f"« {reading} »" in main_text(built(site, "corrections")).replace("\u00a0", " ")   # among the readings


def test_under_a_lines_exams_one_line_leads_to_the_days_rules(site, session):
    # « Retards aux épreuves » was ten phone screens below the exams, with nothing leading there.
    for line in session.establishments.establishments:
        raw = built(site, line.url.rstrip("/")).read_text(encoding="utf-8")
        after_exams = raw[raw.index('id="epreuves-du-candidat"'):]
        after_exams = after_exams[after_exams.index("</ol>"):]
        links = re.search(r'<p class="handbook-day-links"[^>]*>(.*?)</p>', after_exams, flags=re.S)
        assert links and after_exams.index(links.group(0)) < after_exams.index("Ajouter mes épreuves à mon agenda"), line.url
        targets = re.findall(r'href="#([^"]+)"', links.group(1))
        assert targets == ["le-jour-de-lecrit", "aux-epreuves-orales"], line.url
        assert all(f'id="{target}"' in raw for target in targets), line.url
        assert "retards" in html.unescape(links.group(1)), line.url


@pytest.mark.parametrize("page", ["etablissements/lgt-marcelin-berthelot", "etablissements/lpo-borde-basse", "centres/berthelot",
                                  "centres/pierre-d-aragon", "centres/issec-pigier"])
def test_each_exam_card_says_the_days_rules_are_on_the_page(site, session, page):
    # On an exam morning, « À apporter », « Retards » and the exit rule were 11 phone screens below the card that says
    # « Aujourd'hui » (candidate review): each exam's card leads to them, and gives the circular's exit rule of its exam.
    raw = built(site, page).read_text(encoding="utf-8")
    cards = re.findall(r'<li class="handbook-card" data-category="(ecrits|oraux)".*?</li>', raw, flags=re.S)
    bodies = re.findall(r'<li class="handbook-card" data-category="(?:ecrits|oraux)".*?</li>', raw, flags=re.S)
    assert cards, page
    bans = {ban.exam: ban.rule for ban in session.rules.written.exit_bans}
    for kind, card in zip(cards, bodies, strict=True):
        day = re.search(r'<p class="handbook-card__rules"[^>]*>(.*?)</p>', card, flags=re.S)
        assert day, card
        said = html.unescape(re.sub(r"<[^>]+>", "", day.group(1))).replace("\u00a0", " ")
        target = re.search(r'href="#([^"]+)"', day.group(1)).group(1)
        assert f'id="{target}"' in raw
        if kind == "ecrits":
            assert target == "le-jour-de-lecrit" and "à apporter, retards, sorties" in said, said
            # The lateness rule read as the exam's own clock time (« dans la limite de la première heure »: 14 h → 15 h).
            start = int(re.search(r'<span class="handbook-time">(\d+) h', card).group(1))
            assert said.startswith(f"En retard : entrée possible jusqu'à {start + 1} h au plus tard, sans temps rattrapé "
                                   "(lecture du site)."), said
            exam = next((e for e in bans if session.exam(e).title in card), None)
            assert (f"Interdiction de sortie : {bans[exam]}." in said) if exam else "sortie :" not in said.lower(), said
        else:
            assert target == "aux-epreuves-orales" and "votre matériel" in said, said
            assert ("dossier papier" in said) == any(e.title in card for e in session.dossier_exams), said


def test_an_establishment_page_links_to_the_forms_its_candidates_dossiers_need(site, session):
    # The forms were only reachable through « Dossiers professionnels » or « Épreuves orales ».
    raw = built(site, "etablissements/lpo-borde-basse").read_text(encoding="utf-8")
    section = raw[raw.index('id="mes-autres-dates"'):raw.index('id="le-jour-de-lecrit"')]
    links = [(url, html.unescape(text).replace("\u00a0", " "))     # French spacing puts no-break spaces before « : »
             for url, text in re.findall(r'<li><a href="\.\./\.\./([^"]+)">([^<]+)</a></li>', section)]
    expected = [(form.url, session.annex(form.annex).label) for form in session.forms if form.annex in
                {a.id for a in session.annexes.annexes if set(a.exams) & {e.id for e in session.dossier_exams}}]
    assert links == expected and len(expected) == 3
    assert all((site / url / "index.html").is_file() for url, _ in links)


@pytest.mark.parametrize("line", ["individuel-ead-dept-09", "enseign-distance-dept-12", "individuels-ead-dept-31",
                                  "enseign-distance-dept-32", "enseign-distance-dept-65", "enseign-distance-dpt-81",
                                  "individuels-dept-82"])
def test_distance_learning_lines_are_found_by_cned_and_a_distance(site, line):
    text = main_text(built(site, f"etablissements/{line}"))
    assert "CNED" in text and "à distance" in text
    assert "Mots-clés de recherche" in text and "pas une information de la circulaire" in text


def test_towns_are_on_the_pages_that_search_indexes(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = {doc["location"].split("#")[0]: "" for doc in index["docs"]}
    for doc in index["docs"]:
        texts[doc["location"].split("#")[0]] += " " + doc["title"] + " " + doc["text"]
    assert "Toulouse" in texts["etablissements/lgt-marcelin-berthelot/"]
    assert "CNED" in texts["etablissements/individuels-dept-82/"]
    assert "à distance" in texts["etablissements/enseign-distance-dept-12/"]
    # The home page's hidden list of lines stays out of the index: each line's own page answers.
    assert "ADEFI" not in texts[""]


def test_inferred_departments_are_marked_as_the_sites_reading(site, session):
    for line in session.establishments.establishments:
        text = main_text(built(site, line.url))
        inferred = "(lecture du site : celui du centre d'écrit ; la circulaire ne le donne pas)" in text
        assert inferred == (line.department is None), line.id


def test_statements_the_circular_does_not_make_are_gone(site):
    corpus = {page.relative_to(site).as_posix(): page_text(page) for page in site.rglob("*.html")}
    for url, text in corpus.items():
        assert "indiquée sur la convocation" not in text, url
        assert "35 établissements" not in text, url
    home = main_text(site / "index.html")
    assert "avant minuit" in home and "avant le lundi 18 avril" not in home
    stages = main_text(built(site, "stages"))
    assert "Seuil dérogatoire minimal pour se présenter à l'examen : 4 semaines de stage" in stages
    assert "28 établissements de formation et 7 lignes de candidats individuels" in home


def test_centre_pages_speak_to_candidates_not_to_invigilators(site, session):
    for centre in session.centre_list:
        assert "les surveillants devront être sensibilisés" not in main_text(built(site, centre.url)), centre.id
    assert "les surveillants devront être sensibilisés" in main_text(built(site, "ecrits"))


def test_e5_oral_key_dates_keep_the_pairing_open_in_the_json(site):
    calendar = json.loads((site / "api" / "2022" / "calendar.json").read_text(encoding="utf-8"))
    e5 = [d for d in calendar["key_dates"] if d["id"].startswith("oral-e5-oral-")]
    assert len(e5) == 2 and all(d["pairing_unspecified"] for d in e5)
    assert not any(d["pairing_unspecified"] for d in calendar["key_dates"] if not d["id"].startswith("oral-e5-oral-"))
    lines = json.loads((site / "api" / "2022" / "establishments.json").read_text(encoding="utf-8"))["establishments"]
    assert sum(e["department_inferred"] for e in lines) == 28
    assert next(e for e in lines if e["id"] == "lgt-marcelin-berthelot")["display_name"] == "Lycée Marcelin-Berthelot, Toulouse"


def test_the_calendar_draws_each_date_once_and_no_table(site, session):
    raw = built(site, "calendrier").read_text(encoding="utf-8")
    article = raw[raw.index("<article"):raw.index("</article>")]
    assert "<table" not in article
    cards = re.findall(r'<li class="handbook-card[^"]*" data-category="(\w+)"', article)
    assert len(cards) == len(session.key_dates) + len(session.undated_operations)
    assert {c: cards.count(c) for c in set(cards)} == {"ecrits": 3, "oraux": 7, "echeances": 8}


def test_an_establishment_page_never_lists_every_centre(site, session):
    """National scale: a line's page names its own written centre and the oral centres, never the session's list."""
    for line in session.establishments.establishments:
        raw = built(site, line.url).read_text(encoding="utf-8")
        linked = set(re.findall(r'href="\.\./\.\./centres/([a-z0-9-]+)/"', raw))
        assert linked == {c.id for c in session.written_centres_of(line.id)} | \
            {c.id for o in session.oral_exams for c in o.centres}, line.id


def corrections() -> list[dict]:
    return yaml.safe_load((CIRCULAR_2022 / "corrections.yml").read_text(encoding="utf-8"))["corrections"]


def test_each_correction_is_listed_for_an_auditor_and_applied_everywhere(site):
    listed = main_text(built(site, "corrections"))
    others = " ".join(page_text(p) for p in site.rglob("*.html") if p.parent.name != "corrections")
    for correction in corrections():
        for part in ("file", "field", "before", "after", "why"):
            assert correction[part] in listed, (part, correction)
        assert correction["before"] not in others, correction
        assert correction["after"] in others, correction


@pytest.mark.e2e
def test_a_correction_that_no_longer_applies_stops_the_build(project, tmp_path):
    # The circular of a new session fixed its slip: the correction must go, never silently stop applying.
    line = break_file(project / "data" / "2022", "operations.yml", "A partir du 11 avril", "À partir du 11 avril")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0 and line
    assert re.search(r"data/2022/corrections\.yml:\d+: corrections\[4\]\.before: « A partir du 11 avril » introuvable "
                     r"dans operations\.yml operations\[3\]\.planned", result.stderr), result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


# --- In Chromium ----------------------------------------------------------------------------------

# Every exam card's date, time and centre, with its box and whether an ancestor scrolls sideways.
EXAM_FACTS = """() => [...document.querySelectorAll('.md-content .handbook-card[data-category=ecrits], .md-content .handbook-card[data-category=oraux]')]
  .filter(card => card.getClientRects().length)
  .map(card => {
    const parts = {date: card.querySelector('.handbook-date'), time: card.querySelector('.handbook-time'),
                   centre: card.querySelector('.handbook-centre')};
    const boxes = {};
    for (const [name, el] of Object.entries(parts)) {
      if (!el) { boxes[name] = null; continue; }
      const r = el.getBoundingClientRect();
      let scrolling = null;
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (a.scrollWidth > a.clientWidth + 1 && getComputedStyle(a).overflowX !== 'visible') { scrolling = a.tagName + '.' + a.className; break; }
      }
      boxes[name] = {left: r.left, right: r.right, scrolling, text: el.textContent.trim().slice(0, 40)};
    }
    return boxes;
  })"""

# Content cut off at the screen's right edge (the page itself never scrolls sideways: Material hides it).
CLIPPED = """(width) => [...document.querySelectorAll('article.md-content__inner *')]
  .filter(el => el.getClientRects().length && el.getBoundingClientRect().right > width + 1)
  .filter(el => { for (let a = el.parentElement; a; a = a.parentElement) {
      if (a.tagName === 'ARTICLE') return true;
      if (getComputedStyle(a).overflowX !== 'visible') return false; }
    return true; })
  .map(el => el.tagName + '.' + el.className + ' « ' + el.textContent.trim().slice(0, 30) + ' »')"""

# Every element of the content with text of its own whose text is smaller than `smallest` px, and its size (sorted out
# in the page: a page has hundreds of texts, and sending each to Python cost more than measuring them).
SMALL_TEXTS = """(smallest) => [...document.querySelectorAll('article.md-content__inner *')]
  .filter(el => el.getClientRects().length && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(el => [el, parseFloat(getComputedStyle(el).fontSize)])
  .filter(([el, size]) => !(size >= smallest))
  .map(([el, size]) => ({size, tag: el.tagName, text: el.textContent.trim().slice(0, 40)}))"""


# The pages a candidate opens most, pictured by the test below when a run asks for pictures.
PICTURED = ("etablissements/lgt-marcelin-berthelot/", "etablissements/individuels-ead-dept-31/",
            "centres/pierre-d-aragon/", "calendrier/")


@pytest.mark.parametrize("phone", list(PHONES))
def test_every_exam_fact_fits_the_phone_and_no_text_is_small(tabs, site_url, session, screenshot, phone):
    # In the light scheme only: the dark one draws every box of these pages in the same place and size
    # (test_the_dark_scheme_changes_colours_not_layout), so a second pass would measure the same boxes.
    viewport = PHONES[phone]
    page = tabs(viewport)
    problems = []
    for url in exam_pages(session):
        page.goto(site_url + url, wait_until="load")
        cards = page.evaluate(EXAM_FACTS)
        assert cards, f"{url} : aucune épreuve"
        for card in cards:
            for name, box in card.items():
                if box is None:
                    problems.append(f"{url} : {name} absent ({card})")
                elif box["left"] < 0 or box["right"] > viewport["width"] or box["scrolling"]:
                    problems.append(f"{url} : {name} « {box['text']} » hors de l'écran ou défilant ({box})")
        problems += [f"{url} : texte de {t['size']} px « {t['text']} » ({t['tag']})"
                     for t in page.evaluate(SMALL_TEXTS, SMALLEST_TEXT)]
        problems += [f"{url} : coupé au bord de l'écran : {clipped}" for clipped in page.evaluate(CLIPPED, viewport["width"])]
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], url
        if url in PICTURED:   # pictures to look at, as a candidate would (--screenshots): screenshots/candidats-*.png
            screenshot(page, f"candidats-{url.strip('/').replace('/', '-')}-{phone}", full_page=True)
    assert not problems, "\n".join(problems[:20])


# Every box of the content, with its text size: what the exam-facts check above measures.
CONTENT_BOXES = """() => [...document.querySelectorAll('article.md-content__inner *')].map(el => {
  const r = el.getBoundingClientRect();
  return [el.tagName, r.x, r.y, r.width, r.height, getComputedStyle(el).fontSize].join(' ');
})"""


@pytest.mark.parametrize("url", ["etablissements/lgt-marcelin-berthelot/", "etablissements/individuels-ead-dept-31/",
                                 "centres/pierre-d-aragon/", "centres/ozenne/", "calendrier/"])
def test_the_dark_scheme_changes_colours_not_layout(tabs, site_url, url):
    """Each kind of page that draws exams, at 320 px: every content box is where the light scheme puts it, at the
    same size and text size. A rule of the dark scheme that moved or resized anything fails here."""
    boxes = {}
    for scheme in SCHEMES:
        page = tabs(PHONES["320x640"], scheme)
        page.goto(site_url + url, wait_until="load")
        assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
        boxes[scheme] = page.evaluate(CONTENT_BOXES)
    assert len(boxes["light"]) > 50
    assert len(boxes["light"]) == len(boxes["dark"])
    moved = [(light, dark) for light, dark in zip(boxes["light"], boxes["dark"], strict=True) if light != dark]
    assert not moved, moved[:5]


HOME_WRITTENS = "h2#epreuves-ecrites ~ ol.handbook-cards:not([data-upcoming]) > li"
HOME_WRITTENS_PAST = "h2#epreuves-ecrites ~ [data-past-note]"


def test_the_first_screen_of_the_home_page(browser, site_url, screenshot):
    """At 375 × 812, without scrolling: the finder, the three written days with their hours, the next deadline."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2022, 4, 1, 10, 0))  # during the session: the deposit is open
    page.goto(site_url, wait_until="load")
    finder = page.get_by_label("Votre établissement ou votre ville")
    writtens = page.locator(HOME_WRITTENS)   # the note that takes their place once past comes between title and list
    upcoming = page.locator("[data-upcoming] > li:visible")
    assert writtens.count() == 3 and upcoming.count() == 1
    assert page.locator(".handbook-without-scripts").is_hidden()   # what the page says without scripts only
    assert "du lundi 28 mars au lundi 18 avril 2022" in upcoming.inner_text()
    for index, day in enumerate(["lundi 16 mai 2022, 14 h – 18 h", "mardi 17 mai 2022, 14 h – 18 h",
                                 "mercredi 18 mai 2022, 14 h – 17 h"]):
        assert day in writtens.nth(index).inner_text()
    for locator in (finder, writtens.nth(2), upcoming):
        box = locator.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    screenshot(page, "candidats-accueil-375")
    context.close()


@pytest.mark.parametrize("when, folded", [(dt.datetime(2022, 6, 14, 9, 0), True), (dt.datetime(2022, 5, 18, 16, 0), False),
                                          (dt.datetime(2022, 5, 18, 17, 0), True)])
def test_once_every_written_exam_is_over_the_home_page_says_so_in_a_line(browser, site_url, session, when, folded):
    """During the orals (14 June, E4 under way) three « Passé » written cards filled a 320 × 640 phone's first screen
    under the finder, and the oral under way came a screen and a half down. Once the last written exam has ended, the
    home page says in one line that they are over, with their dates, and the orals come up by as much."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(when)
    page.goto(site_url, wait_until="load")
    writtens = page.locator(HOME_WRITTENS)
    note = page.locator(HOME_WRITTENS_PAST)
    assert writtens.count() == len(session.written_key_dates) == 3
    if not folded:   # E5 (written) under way: the written exams as before, the day's first
        assert note.is_hidden() and writtens.first.is_visible() and "Aujourd'hui" in writtens.first.inner_text()
    else:
        assert all(writtens.nth(index).is_hidden() for index in range(writtens.count()))
        assert note.is_visible()
        assert " ".join(note.inner_text().split()) == ("Toutes passées : du lundi 16 au mercredi 18 mai 2022. "
                                                       "Ensuite : les épreuves orales, plus bas.")
        assert note.get_by_role("link").get_attribute("href") == "#epreuves-orales"
        box = note.bounding_box()
        assert box and box["y"] + box["height"] <= 640, box   # under the finder, on the first screen
        orals = page.locator("h2#epreuves-orales").bounding_box()
        assert orals and orals["y"] < 2 * 640, orals
    context.close()


def test_without_scripts_the_home_page_lists_every_written_exam_and_no_past_note(browser, site_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url, wait_until="load")
    assert page.locator(HOME_WRITTENS + ":visible").count() == 3
    assert page.locator(HOME_WRITTENS_PAST).is_hidden()
    context.close()


def test_the_week_the_convocations_are_out_the_home_page_shows_every_date_under_way(browser, site_url):
    """13 April 2022: the deposit is open and the convocations are out (11–15 April). The home page showed the deposit
    alone, and the word « convocation » was nowhere on it the week candidates look for theirs."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2022, 4, 13, 10, 0))
    page.goto(site_url, wait_until="load")
    shown = page.locator("[data-upcoming] > li:visible")
    texts = [shown.nth(index).inner_text() for index in range(shown.count())]
    assert len(texts) >= 2 and all("En cours" in text for text in texts), texts
    assert any("Dépôt des dossiers" in text for text in texts) and any("convocations" in text for text in texts), texts
    assert page.locator("h2#prochaine-echeance").inner_text().startswith("En ce moment")
    # Before and after that week, one date: the next one (the deposit alone on 1 April, see the first screen above).
    page.clock.set_fixed_time(dt.datetime(2022, 4, 25, 10, 0))
    page.goto(site_url, wait_until="load")
    assert shown.count() == 1 and page.locator("h2#prochaine-echeance").inner_text().startswith("Prochaine échéance")
    context.close()


@pytest.mark.parametrize("when, word", [(dt.datetime(2022, 5, 16, 7, 45), "Aujourd'hui"), (dt.datetime(2022, 5, 15, 20, 0), "Demain")])
def test_on_an_exams_eve_and_morning_the_calendar_opens_on_that_exam(browser, site_url, when, word):
    """The calendar's first cards were the undated notifications of arrangements and the centres' material, « En cours »
    since April: on E3's morning a candidate read a mailing to the centres first, and no date on a 320 px first screen."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(when)
    page.goto(site_url + "calendrier/", wait_until="load")
    first = page.locator("#calendrier-dates > li:visible").first
    assert first.inner_text().startswith(f"{word} le lundi 16 mai 2022") and "E3" in first.inner_text(), first.inner_text()
    context.close()


def home_at(browser, site_url, when: dt.datetime):
    """The home page at a moment of the session, and its next deadline as shown: the results, one card."""
    page = browser.new_page(viewport=PHONE)
    page.clock.set_fixed_time(when)
    page.goto(site_url, wait_until="load")
    upcoming = page.locator("[data-upcoming] > li:visible")
    assert upcoming.count() == 1 and "Résultats sur Cyclades" in upcoming.inner_text()
    return page, upcoming


# Every dated card of a list that is not the next date's, and whether it is drawn as past: (its last day, past?).
CARDS_PAST = """() => [...document.querySelectorAll('ol.handbook-cards:not([data-upcoming]) > li[data-end]:not([data-open])')]
    .map(card => [card.dataset.end, card.classList.contains('handbook-card--past')])"""


@pytest.mark.parametrize("url", ["", "ecrits/", "etablissements/lgt-marcelin-berthelot/"])
def test_between_the_last_exam_and_the_results_every_past_exam_says_so(browser, site_url, session, url):
    # 27 June 2022: every exam is over, the results (1 July) are to come. A list whose dates had all passed (the written
    # exams) was left as drawn, as in an archived session: its exams looked still to come beside past orals.
    page = browser.new_page(viewport=PHONE)
    page.clock.set_fixed_time(dt.datetime(2022, 6, 27, 9, 0))
    page.goto(site_url + url, wait_until="load")
    cards = page.evaluate(CARDS_PAST)
    assert len([end for end, _ in cards if end < "2022-06-27"]) >= 3, cards
    assert all(past == (end < "2022-06-27") for end, past in cards), cards
    # After the session's last date too (the results): a candidate back in July for the transcripts, in September for
    # the diploma, reads that the exams are over (they were drawn as to come, which they had been only on 30 June).
    last_day = max(key_date.end or key_date.start for key_date in session.key_dates)
    page.clock.set_fixed_time(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(9)))
    page.goto(site_url + url, wait_until="load")
    cards = page.evaluate(CARDS_PAST)
    assert cards and all(past for _, past in cards), cards
    page.close()


@pytest.mark.parametrize("day", [dt.datetime(2022, 7, 8, 10, 0), dt.datetime(2022, 9, 20, 10, 0)])
def test_after_the_results_an_establishment_page_opens_on_them(browser, site_url, day):
    # From 2 July a candidate comes back for the transcripts (on Cyclades the day after the results) and the diploma:
    # the box above « Mes épreuves » keeps the results in view, as the home page does, and says every date has passed.
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.clock.set_fixed_time(day)
    page.goto(site_url + "etablissements/individuels-ead-dept-31/", wait_until="load")
    box = page.locator("[data-next-deadline]")
    assert box.is_visible()
    assert page.get_by_text("Dernière échéance", exact=True).is_visible()
    shown = box.locator("li:visible")
    assert shown.count() == 1 and "Résultats sur Cyclades" in shown.inner_text()
    assert box.get_by_text("Toutes les dates de cette session sont passées").is_visible()
    assert shown.bounding_box()["y"] + shown.bounding_box()["height"] <= 740   # on the first screen
    # What is still to come has no date of its own (« le lendemain », « fin septembre »): the note leads to it.
    leads_on(box)
    page.close()


def leads_on(where) -> None:
    """After every date, the note says where the transcripts and diplomas are: they read « toutes les dates … sont
    passées » on their pages and found neither (phone review)."""
    note = where.locator("[data-all-past]")
    assert note.count() == 1 and note.is_visible()
    assert "Après les résultats, relevés de notes et diplômes\u00a0: voir Résultats." in note.inner_text()
    assert note.get_by_role("link", name="Résultats").get_attribute("href").endswith("resultats/")


def test_after_the_session_the_home_page_says_every_date_has_passed(browser, site_url):
    page, _ = home_at(browser, site_url, dt.datetime(2022, 9, 1, 10, 0))
    assert page.get_by_text("Toutes les dates de cette session sont passées\u00a0: ci-dessus, la dernière.").is_visible()
    leads_on(page.locator("article"))
    # The heading above it no longer announces a next date.
    assert page.get_by_role("heading", name="Dernière échéance", level=2).is_visible()
    assert page.get_by_role("heading", name="Prochaine échéance").count() == 0
    page.close()


@pytest.mark.parametrize("url", ["etablissements/lgt-marcelin-berthelot/", "etablissements/individuels-ead-dept-31/",
                                 "centres/pierre-d-aragon/"])
def test_each_cards_add_to_my_calendar_link_is_finger_sized_and_apart_from_the_map_link(browser, site_url, url):
    # It was a 17 px line 12 px under « Chercher sur OpenStreetMap »: a slip opened the map, which needs the network.
    # Now a 44 px target, its text further from the map link, the target itself not touching it. Before the session:
    # a past card folds its centre and its link away.
    page = browser.new_page(viewport=PHONES["375x812"])
    page.clock.set_fixed_time(dt.datetime(2022, 3, 1, 10, 0))
    page.goto(site_url + url, wait_until="load")
    targets = page.evaluate("""() => [...document.querySelectorAll('li.handbook-card:not([hidden])')].map(card => {
        const link = card.querySelector('.handbook-card__actions a');
        if (!link) return null;
        const box = link.getBoundingClientRect();
        const above = [...card.querySelectorAll('.handbook-card__where a')].flatMap(a => [...a.getClientRects()]);
        return {height: box.height, gap: above.length ? box.top - Math.max(...above.map(r => r.bottom)) : null};
    }).filter(Boolean)""")
    assert targets, url
    assert all(t["height"] >= 44 for t in targets), targets
    assert all(t["gap"] is None or t["gap"] >= 4 for t in targets), targets
    page.close()


@pytest.mark.parametrize("phone", [{"width": 360, "height": 740}, PHONES["320x640"]], ids=["360x740", "320x640"])
def test_on_exam_morning_the_days_exam_and_its_centre_are_on_a_phones_first_screen(browser, site_url, session, phone):
    # A candidate opens their line's page on the morning of E3, on a 360 × 740 phone (a common Android size) or a
    # 320 × 640 one, for the first time (the hint to untick languages shown): the day's card, its date, its exam and
    # the centre to go to, is read without scrolling. The circular's label and count, under the name, used to push it
    # 64 px lower; at 320 px the language boxes above the list pushed the centre off the screen (they now go under the
    # list that day). Everything above the card is the same on every line's page but the name: the longest names are
    # the worst case.
    context = browser.new_context(viewport=phone, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2022, 5, 16, 8, 0))
    for line in sorted(session.establishments.establishments, key=lambda e: -len(e.title))[:3]:
        page.goto(site_url + line.url, wait_until="load")
        centre = page.locator("#epreuves-du-candidat > li.handbook-card--today .handbook-card__where .handbook-centre")
        assert centre.count() == 1, line.url
        assert centre.bounding_box()["y"] + centre.bounding_box()["height"] <= phone["height"], line.url
        assert page.locator("#epreuves-du-candidat + form.handbook-choices").is_visible(), line.url   # still there, under
    context.close()


def test_the_evening_before_an_exam_its_card_says_tomorrow(browser, site_url):
    # The evening after E3, a candidate checks the next day's hour and centre: E1's card says « Demain » (a reviewer
    # looked for it); a period starting tomorrow, or a card of another day, says nothing of the kind.
    page = browser.new_page(viewport=PHONES["320x640"])
    page.clock.set_fixed_time(dt.datetime(2022, 5, 16, 21, 0))
    page.goto(site_url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
    tomorrow = page.locator("#epreuves-du-candidat > li.handbook-card--tomorrow")
    assert tomorrow.count() == 1
    assert tomorrow.inner_text().startswith("Demain le mardi 17 mai 2022, 14 h – 18 h") and "E1" in tomorrow.inner_text()
    assert page.locator(".handbook-card__day", has_text="Demain").count() == 1
    # First: E3 ended at 18 h and is past, after the cards to come (it filled a 320 px phone's first screen, and E1's
    # card was below it). Tomorrow's card and its centre are on the first screen.
    assert page.locator("#epreuves-du-candidat > li:visible").first.evaluate("card => card.classList.contains('handbook-card--tomorrow')")
    e3 = page.locator("#epreuves-du-candidat > li", has_text="E3")
    assert e3.get_attribute("class").split() == ["handbook-card", "handbook-card--past"] and e3.inner_text().startswith("Passé")
    centre = tomorrow.locator(".handbook-centre")
    assert centre.bounding_box()["y"] + centre.bounding_box()["height"] <= PHONES["320x640"]["height"]
    # Before its end hour, E3 is today's and first; E1 comes second.
    page.clock.set_fixed_time(dt.datetime(2022, 5, 16, 17, 59))
    page.goto(site_url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
    shown = page.locator("#epreuves-du-candidat > li:visible")
    assert shown.first.inner_text().startswith("Aujourd'hui le lundi 16 mai 2022, 14 h – 18 h") and "E3" in shown.first.inner_text()
    assert shown.nth(1).evaluate("card => card.classList.contains('handbook-card--tomorrow')")
    # The evening before the first written exam, at 320 × 640, tomorrow's exam and its centre are on the first screen.
    page.clock.set_fixed_time(dt.datetime(2022, 5, 15, 21, 0))
    page.goto(site_url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
    centre = page.locator("#epreuves-du-candidat > li.handbook-card--tomorrow .handbook-centre")
    assert centre.count() == 1 and centre.bounding_box()["y"] + centre.bounding_box()["height"] <= PHONES["320x640"]["height"]
    page.close()


@pytest.mark.parametrize("url, when, boxes_first", [
    ("etablissements/lgt-marcelin-berthelot/", dt.datetime(2022, 5, 14, 20, 0), True),   # two days before: choose first
    ("etablissements/lgt-marcelin-berthelot/", dt.datetime(2022, 5, 15, 20, 0), False),  # the evening before: « Demain » first
    ("etablissements/lgt-marcelin-berthelot/", dt.datetime(2022, 5, 16, 8, 0), False),   # the exam's day: the exam first
    ("calendrier/", dt.datetime(2022, 5, 16, 8, 0), True),   # the whole calendar's filter stays above its list
])
def test_language_boxes_go_under_the_exams_on_an_exam_day_only(browser, site_url, url, when, boxes_first):
    context = browser.new_context(viewport=PHONES["320x640"], is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(when)
    page.goto(site_url + url, wait_until="load")
    form = page.locator("form.handbook-choices")
    assert form.count() == 1 and form.is_visible()
    listed = page.locator(f"ol#{form.get_attribute('data-choices-for')}")
    assert (form.bounding_box()["y"] < listed.bounding_box()["y"]) == boxes_first
    # Moved or not, the boxes still choose the list's cards.
    form.locator("input[type=checkbox]").first.uncheck()
    assert listed.locator("> li:visible").count() < listed.locator("> li").count()
    context.close()


def test_on_exam_day_the_days_exam_comes_first_and_past_ones_keep_their_date_and_title_after_the_others(browser, site_url):
    # 16 May 2022, before the first written exam: the two orals of the week before are past, E3 is today. The past
    # ones used to come first: on a 320 px phone, the day's exam was below the first screen.
    context = browser.new_context(viewport=PHONES["320x640"], is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2022, 5, 16, 7, 30))
    page.goto(site_url + "etablissements/lpo-pierre-d-aragon/", wait_until="load")
    today = page.locator("#epreuves-du-candidat > li.handbook-card--today")
    today.first.wait_for()
    assert today.count() == 1
    assert today.inner_text().startswith("Aujourd'hui le lundi 16 mai 2022, 14 h – 18 h") and "E3" in today.inner_text()
    assert today.locator(".handbook-card__where").is_visible()
    past = page.locator("#epreuves-du-candidat > li.handbook-card--past")
    assert past.count() == 2 and all(text.startswith("Passé") for text in past.all_inner_texts())
    for index in range(2):   # date and title only: the centres and their addresses are folded away
        assert past.nth(index).locator(".handbook-card__where").is_hidden()
        assert past.nth(index).bounding_box()["height"] < 200
    future = page.locator("#epreuves-du-candidat > li:not(.handbook-card--past, .handbook-card--today)")
    # Only the next day's exam (E1, 17 May) has a word before its date: « Demain ».
    assert future.count() >= 3 and future.locator(".handbook-card__day").all_inner_texts() == ["Demain"]
    # Today's first, the ones to come in their order, the past ones last (in theirs); today's on the first screen.
    shown = page.locator("#epreuves-du-candidat > li:visible")
    kinds = shown.evaluate_all("cards => cards.map(c => c.classList.contains('handbook-card--today') ? 'today'"
                               " : c.classList.contains('handbook-card--past') ? 'past' : 'future')")
    assert kinds == ["today"] + ["future"] * (len(kinds) - 3) + ["past", "past"], kinds
    starts = shown.evaluate_all("cards => cards.map(c => c.dataset.start || c.dataset.end)")
    assert starts[1:-2] == sorted(starts[1:-2]) and starts[-2] <= starts[-1], starts
    assert today.bounding_box()["y"] < PHONES["320x640"]["height"] - 60
    # On paper every card is whole.
    page.emulate_media(media="print")
    assert past.first.locator(".handbook-card__where").is_visible()
    # A date with no end (« à partir du ») is under way, never past.
    page.emulate_media(media="screen")
    page.goto(site_url + "calendrier/", wait_until="load")
    open_ended = page.locator("li.handbook-card[data-open]").filter(has_text="à partir du lundi 11 avril 2022")
    open_ended.locator(".handbook-card__day").wait_for()
    assert open_ended.count() == 1 and open_ended.inner_text().startswith("En cours")
    context.close()


@pytest.mark.parametrize("when, shown", [
    (dt.datetime(2022, 4, 10, 9, 0), "Dépôt des dossiers (E4, E6, EF2)"),   # the deposit closes before the first oral
    (dt.datetime(2022, 5, 16, 7, 45), None),                                # exam morning: the exam comes first
    (dt.datetime(2022, 6, 28, 9, 0), "Résultats sur Cyclades"),            # every exam over: the results to come
])
def test_the_next_deadline_is_above_my_exams_while_it_comes_before_them(browser, site_url, when, shown):
    """During the dossier deposit, a candidate opening their page sees the deadline before their exams, not five
    screens down under « Mes autres dates »; on an exam's morning the exam stays first."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(when)
    page.goto(site_url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
    page.locator("#epreuves-du-candidat > li .handbook-card__day, #epreuves-du-candidat").first.wait_for()
    box = page.locator(".handbook-next-deadline")
    page.wait_for_function("document.querySelector('.handbook-next-deadline ol').dataset.upcomingReady")
    if shown is None:
        assert box.is_hidden()
    else:
        assert box.is_visible() and box.locator("li:visible").count() == 1
        assert shown in box.locator("li:visible").inner_text() and box.inner_text().startswith("Prochaine échéance")
        first_exam = page.locator("#epreuves-du-candidat > li").first.bounding_box()
        assert box.bounding_box()["y"] + box.bounding_box()["height"] <= first_exam["y"]
    context.close()


def test_the_week_the_convocations_are_out_the_box_above_my_exams_says_so(browser, site_url):
    # 12 April 2022: the deposit is open and the convocations and the candidate's material are out (week of 11 to 15
    # April). The box showed the deposit alone, and the convocations were five screens down (phone review).
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2022, 4, 12, 19, 0))
    page.goto(site_url + "etablissements/individuels-dept-82/", wait_until="load")
    box = page.locator(".handbook-next-deadline")
    page.wait_for_function("document.querySelector('.handbook-next-deadline ol').dataset.upcomingReady")
    shown = box.locator("li:visible")
    assert box.is_visible() and box.inner_text().startswith("En ce moment")
    texts = shown.all_inner_texts()
    assert len(texts) == 3 and all(text.startswith("En cours") for text in texts), texts
    assert "Dépôt des dossiers" in texts[0] and "Mise à disposition des convocations" in texts[1] and "Matériel Candidat" in texts[2]
    first_exam = page.locator("#epreuves-du-candidat > li").first.bounding_box()
    assert box.bounding_box()["y"] + box.bounding_box()["height"] <= first_exam["y"]
    context.close()


def test_on_results_day_the_home_page_says_today(browser, site_url):
    # The next deadline of the home page is the results, published that afternoon: « Aujourd'hui », as an exam's card.
    page, upcoming = home_at(browser, site_url, dt.datetime(2022, 7, 1, 10, 0))
    assert upcoming.inner_text().startswith("Aujourd'hui le vendredi 1er juillet 2022")
    page.close()


def test_without_scripts_the_next_deadline_is_not_drawn_twice(browser, site_url):
    # Without scripts « Mes autres dates » lists every deadline: the box above the exams stays hidden.
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
    assert page.locator(".handbook-next-deadline").is_hidden()
    assert page.locator("#mes-autres-dates ~ ol li").filter(has_text="Clôture du dépôt des dossiers").first.is_visible()
    context.close()


def test_after_the_session_a_period_without_an_end_is_over_too(browser, site_url, session):
    # « à partir du lundi 11 avril 2022 — Envoi du matériel centre » said « En cours » in September, under « Toutes les
    # dates de cette session sont passées ». Until the session's last date it is under way; after it, past.
    last_day = max(key_date.end or key_date.start for key_date in session.key_dates)
    page = browser.new_page(viewport=PHONE)
    for day, word in ((last_day, "En cours"), (last_day + dt.timedelta(days=1), "Passé")):
        page.clock.set_fixed_time(dt.datetime.combine(day, dt.time(10)))
        page.goto(site_url, wait_until="load")
        open_ended = page.locator("li.handbook-card[data-open]")
        assert open_ended.count() >= 1
        assert all(text.startswith(word) for text in open_ended.all_inner_texts()), (day, open_ended.all_inner_texts())
    page.close()


def test_a_session_over_says_each_exam_has_passed(browser, site_url):
    # An archived session too (it was left as drawn: in July its exams read as still to come).
    page = browser.new_page(viewport=PHONE)
    page.clock.set_fixed_time(dt.datetime(2023, 9, 1, 10, 0))
    page.goto(site_url + "etablissements/lpo-pierre-d-aragon/", wait_until="load")
    exams = page.locator("#epreuves-du-candidat > li")
    assert exams.count() >= 5
    assert all(text.startswith("Passé") for text in exams.all_inner_texts())
    assert page.locator("#epreuves-du-candidat .handbook-card__where:visible").count() == 0
    page.close()


def exams_in_view(page) -> bool:
    """The establishment page is open and its first exam card is on the screen, without scrolling."""
    first = page.locator("#epreuves-du-candidat > li").first
    box = first.bounding_box()
    return box is not None and box["y"] + 40 <= page.viewport_size["height"]


@pytest.mark.parametrize("typed, line", [("marcelin berthelot", "lgt-marcelin-berthelot"), ("cned rodez", "enseign-distance-dept-12"),
                                         ("purple campus foix", "purple-campus-foix")])
def test_from_home_to_my_exams_with_the_keyboard(browser, site_url, typed, line):
    page = browser.new_page(viewport=PHONE)
    page.goto(site_url, wait_until="load")
    for _ in range(20):   # Tab to the finder's box: moving, not activating
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id.startsWith('handbook-filter-')"):
            break
    else:
        pytest.fail("la boîte « Votre établissement ou votre ville » n'est jamais atteinte au clavier")
    page.keyboard.type(typed)
    page.locator(".handbook-finder > li:visible").first.wait_for()
    assert page.locator(".handbook-finder > li:visible").count() == 1
    focused = tab_until(page, lambda f: f["tag"] == "A" and (f["href"] or "").endswith(f"etablissements/{line}/"), limit=3)
    assert focused
    with page.expect_navigation():
        page.keyboard.press("Enter")   # the one activation
    assert page.url.endswith(f"/etablissements/{line}/") and exams_in_view(page)
    page.close()


@pytest.mark.parametrize("typed", ["lycée de Muret", "le lycée de muret", "lycee d'aragon"])
def test_the_finder_reads_a_query_as_it_is_said(browser, site_url, typed):
    # « de », « le » begin no word of « Lycée Pierre d'Aragon, Muret » (« d'Aragon » is « d aragon »): they are not
    # asked of the entries, and the school comes first, then the lines writing there, as for « muret ».
    page = browser.new_page(viewport=PHONE)
    titles, _ = finder_results(page, site_url, typed)
    assert titles and titles[0] == "Lycée Pierre d'Aragon, Muret", titles
    page.close()


def finder_results(page, site_url: str, typed: str):
    """The home page's finder given a query: the titles of the lines it shows, in order, and its status line."""
    page.goto(site_url, wait_until="load")
    page.get_by_label("Votre établissement ou votre ville").fill(typed)
    status = page.locator(".handbook-filter__status")
    status.filter(has_text="résultat").wait_for()
    return [title.split("\n")[0] for title in page.locator(".handbook-finder > li:visible").all_inner_texts()], status


@pytest.mark.parametrize("typed, first, close", [
    # An apostrophe or a hyphen left out: the words joined are the entry's too.
    ("jeanne darc", "Lycée Jeanne-d'Arc, Mazamet", False),
    ("pierre daragon", "Lycée Pierre d'Aragon, Muret", False),
    ("bordebasse", "Lycée Borde-Basse, Castres", False),
    # A letter added, dropped or changed in a word of five letters or more, when nothing is found as typed.
    ("bertelot", "Lycée Marcelin-Berthelot, Toulouse", True),
    ("marcellin", "Lycée Marcelin-Berthelot, Toulouse", True),
    ("mazammet", "Lycée Jeanne-d'Arc, Mazamet", True),
    # The first letter is as typed: « perri » found « Ferrières » (Jean-Durroux) before Gabriel-Péri.
    ("perri", "Lycée professionnel Gabriel-Péri, Toulouse", True),
])
def test_the_finder_forgives_a_slip_of_the_keyboard(browser, site_url, typed, first, close):
    # « jeanne darc », « bertelot »: « Aucun résultat » (a candidate's review, 30 November 2026).
    page = browser.new_page(viewport=PHONE)
    titles, status = finder_results(page, site_url, typed)
    assert titles and titles[0] == first, titles
    assert status.inner_text().startswith("Orthographe approchée") == close, status.inner_text()
    page.close()


def test_a_short_word_is_never_read_approximately(browser, site_url):
    # Below five letters a word is taken as typed: « albu » is one slip from « Albi », and finds nothing.
    page = browser.new_page(viewport=PHONE)
    titles, _ = finder_results(page, site_url, "albi")
    assert titles, "Albi est une commune de la liste"
    _, status = finder_results(page, site_url, "albu")
    assert status.inner_text().startswith("Aucun résultat")
    page.close()


def test_a_name_written_with_a_hyphen_only_is_found_without_it(browser, site_url):
    # « Jeanne-d'Arc » is also the circular's « LYC JEANNE D'ARC » and its centre's « Jeanne d'Arc » in 2022: without
    # them, the line's own name alone must answer « jeanne darc » (its apostrophe joined, its hyphen kept a space).
    page = browser.new_page(viewport=PHONE)
    others = {"data-filter-words=\"LYC JEANNE D'ARC \"": 'data-filter-words="LYC"',
              "Lycée Jeanne d&#39;Arc, Mazamet": "Lycée J. A., Mazamet"}

    def without_other_forms(route):
        body = route.fetch().text()
        assert all(form in body for form in others), "la page d'accueil a changé : mettez à jour ce test"
        for form, plain in others.items():
            body = body.replace(form, plain)
        route.fulfill(body=body, content_type="text/html; charset=utf-8")
    page.route(site_url, without_other_forms)
    titles, _ = finder_results(page, site_url, "jeanne darc")
    assert titles == ["Lycée Jeanne-d'Arc, Mazamet"], titles
    page.close()


def test_enter_opens_the_one_line_left(browser, site_url):
    # Typing until one line is left, then Enter: the finder behaves as a search box.
    page = browser.new_page(viewport=PHONE)
    page.goto(site_url, wait_until="load")
    box = page.get_by_label("Votre établissement ou votre ville")
    box.focus()
    page.keyboard.type("clement marot")
    assert page.locator(".handbook-filter__status").inner_text() == "1 résultat\u00a0: touchez-le, ou validez, pour l'ouvrir"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/etablissements/lgt-clement-marot/") and exams_in_view(page)
    page.close()


def test_from_home_to_my_exams_with_two_taps(browser, site_url, screenshot):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(site_url, wait_until="load")
    page.get_by_label("Votre établissement ou votre ville").tap()          # first tap
    page.keyboard.type("muret")   # a town: the line of Muret first, then the lines writing at Muret
    results = page.locator(".handbook-finder > li:visible")
    results.first.wait_for()
    assert results.count() == 4 and all("Muret" in text for text in results.all_inner_texts())
    assert results.first.inner_text().startswith("Lycée Pierre d'Aragon, Muret")
    screenshot(page, "candidats-accueil-recherche-375")
    page.get_by_role("link", name="Lycée Pierre d'Aragon, Muret").tap()    # second tap
    page.wait_for_url("**/etablissements/lpo-pierre-d-aragon/")
    assert exams_in_view(page)
    context.close()


DISTANCE_31 = "Candidats individuels et à distance – Haute-Garonne (31)"


@pytest.mark.parametrize("typed, lines", [
    # The Gers distance line writes in Toulouse: where a distance line writes finds nothing; it is found by its
    # department or its prefecture.
    ("cned toulouse", [DISTANCE_31]),
    ("cned colomiers", []),
    ("cned haute-garonne", [DISTANCE_31]),
    ("ead 31", [DISTANCE_31]),
    # A school is found by its own words first, then the lines that write there, in the page's order.
    ("pigier", ["Lycée ISSEC Pigier, Toulouse"]),
    # The Lot's one school, by its department's number or name as the message advises (its name has neither), and
    # by the beginning of a word only: « lot » is not Berthelot.
    ("46", ["Lycée Clément-Marot, Cahors"]),
    ("lot", ["Lycée Clément-Marot, Cahors"]),
])
def test_the_finder_finds_a_line_by_its_own_words_first(browser, site_url, typed, lines):
    page = browser.new_page(viewport=PHONE)
    titles, status = finder_results(page, site_url, typed)
    if typed.startswith("pigier"):
        assert titles[0] == lines[0] and len(titles) == 6, titles   # and the 5 schools writing there
        assert all("ISSEC Pigier" in text for text in page.locator(".handbook-finder > li:visible").all_inner_texts())
    else:
        assert titles == lines
    if not lines:   # the way to a distance line: its department
        assert "tapez votre département (par exemple «\u00a0Haute-Garonne\u00a0» ou «\u00a031\u00a0»)" in status.inner_text()
    page.close()


def test_without_javascript_the_home_page_leads_to_the_list(browser, site_url, session):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site_url)
    assert page.locator(".handbook-finder").is_hidden()
    # « Prochaine échéance » cannot pick the next date without scripts: every deadline is there, and the page says why.
    assert page.locator("[data-upcoming] > li:visible").count() == len(session.deadlines_for("candidats")) > 1
    assert page.locator(".handbook-without-scripts").inner_text().startswith("Sans les scripts de la page")
    # The way to the list reads as a sentence of its own, the box above it gone (it said « Ou choisir… »).
    assert page.locator("article p", has_text="dans la liste des établissements").inner_text() == "Choisir dans la liste des établissements."
    page.get_by_role("link", name="choisir dans la liste des établissements").click()
    page.wait_for_url("**/trouver-mon-centre/")
    page.get_by_role("link", name="Lycée Marcelin-Berthelot, Toulouse").click()
    page.wait_for_url("**/etablissements/lgt-marcelin-berthelot/")
    context.close()


def test_ticking_languages_narrows_the_exams_and_the_calendar_file(browser, site_url, session, tmp_path):
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.goto(site_url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
    cards = page.locator("#epreuves-du-candidat > li")
    assert cards.count() == len(session.candidate_sittings("lgt-marcelin-berthelot")) == 10
    page.get_by_label("Espagnol", exact=True).uncheck()
    page.get_by_label("Une autre langue", exact=True).uncheck()
    assert page.locator("#epreuves-du-candidat > li:visible").count() == 8
    shown = page.locator("#epreuves-du-candidat").inner_text()
    assert "Anglais" in shown and "Espagnol" not in shown and "sauf anglais et espagnol" not in shown
    link = page.get_by_role("link", name="Ajouter mes épreuves à mon agenda")
    assert link.get_attribute("href").endswith("agenda/candidats/berthelot/e2-anglais.ics")
    with page.expect_download() as download:
        link.click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert any("Anglais" in s for s in summaries) and not any("Espagnol" in s or "sauf anglais" in s for s in summaries)
    writtens = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("BTS écrit")]
    assert len(writtens) == 3 and all(str(e["LOCATION"]) == "Lycée Berthelot, Toulouse" for e in writtens)
    assert not any("livrets" in s for s in summaries)
    # Every box unticked: nothing is left out by mistake, every language comes back in the file.
    page.get_by_label("Anglais", exact=True).uncheck()
    assert link.get_attribute("href").endswith("agenda/candidats/berthelot/toutes.ics")
    context.close()


def test_the_languages_ticked_are_kept_on_the_device_and_named(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
    status = page.locator(".handbook-choices__status")
    page.get_by_label("Espagnol", exact=True).uncheck()
    page.get_by_label("Une autre langue", exact=True).uncheck()
    assert status.inner_text() == "2 épreuves masquées par vos choix"
    # Back later, on this line's page or another's: the same languages, the same cards and calendar file.
    for line in ("lgt-marcelin-berthelot", "lycee-saliege"):
        page.goto(site_url + f"etablissements/{line}/", wait_until="load")
        assert page.get_by_label("Anglais", exact=True).is_checked() and not page.get_by_label("Espagnol", exact=True).is_checked()
        shown = page.locator("#epreuves-du-candidat > li:visible").all_inner_texts()
        assert not any("Espagnol" in card or "sauf anglais" in card for card in shown)
        assert status.inner_text() == "2 épreuves masquées par vos choix"
        href = page.get_by_role("link", name="Ajouter mes épreuves à mon agenda").get_attribute("href")
        assert href.endswith("/e2-anglais.ics"), href
    # Nothing ticked: said plainly, rather than a calendar holding every language without a word.
    page.get_by_label("Anglais", exact=True).uncheck()
    assert "Aucune case cochée\u00a0: cochez au moins votre langue obligatoire" in status.inner_text()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('handbook-choices:'))") == ["handbook-choices:langues"]
    context.close()


def test_until_a_candidate_has_chosen_the_boxes_say_to_untick_the_languages_not_taken(browser, site_url):
    # Every language is ticked at first, so that nothing is missed: a candidate who sits English only saw the other
    # languages' orals under « Mes épreuves », with nothing telling them to untick them.
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
    status = page.locator(".handbook-choices__status")
    assert status.inner_text() == "Décochez les langues que vous ne passez pas."
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('handbook-choices:'))") == []
    page.get_by_label("Espagnol", exact=True).uncheck()
    assert status.inner_text() == "1 épreuve masquée par vos choix"
    page.get_by_label("Espagnol", exact=True).check()   # every box ticked again, by choice: nothing more to say
    assert status.inner_text() == ""
    page.goto(site_url + "etablissements/lycee-saliege/", wait_until="load")
    assert status.inner_text() == ""
    # Before this hint, every visit kept the boxes as a bare list, chosen or not: one with every box gets the hint.
    every = page.evaluate("[...document.querySelectorAll('.handbook-choices input')].map(box => box.value)")
    for kept, said in ((every, "Décochez les langues que vous ne passez pas."), (every[:1], "2 épreuves masquées par vos choix")):
        page.evaluate("list => localStorage.setItem('handbook-choices:langues', JSON.stringify(list))", kept)
        page.reload(wait_until="load")
        assert status.inner_text() == said
    context.close()


@pytest.mark.parametrize("when, boxes_first", [(dt.datetime(2022, 6, 1, 9, 0), True), (dt.datetime(2022, 6, 14, 9, 0), False)])
def test_once_every_language_oral_is_past_the_language_boxes_go_under_the_exams(browser, site_url, when, boxes_first):
    """14 June: E4 under way, every language oral over; « Mes langues vivantes » and its boxes still came first, above
    the oral under way, on a 320 px phone (review). While a language oral is to come (1 June), they stay above."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(when)
    page.goto(site_url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
    first = page.evaluate("""() => {
        const boxes = document.querySelector('form.handbook-choices[data-choices-remember]');
        const exams = document.getElementById('epreuves-du-candidat');
        return !!(boxes.compareDocumentPosition(exams) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert first == boxes_first
    context.close()


def test_without_javascript_every_language_is_shown(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + "etablissements/lgt-marcelin-berthelot/")
    assert page.locator("form.handbook-choices").is_hidden()
    assert page.locator("#epreuves-du-candidat > li:visible").count() == 10
    assert page.locator("#epreuves-du-candidat").get_by_text("Selon votre choix : espagnol").is_visible()
    href = page.get_by_role("link", name="Ajouter mes épreuves à mon agenda").get_attribute("href")
    assert href.endswith("agenda/candidats/berthelot/toutes.ics")
    context.close()


def test_the_calendar_filters_writtens_orals_and_deadlines(browser, site_url, session):
    page = browser.new_page(viewport=PHONE)
    page.goto(site_url + "calendrier/", wait_until="load")
    cards = page.locator("#calendrier-dates > li:visible")
    total = len(session.key_dates) + len(session.undated_operations)
    assert cards.count() == total
    status = page.locator(".handbook-choices__status")
    page.get_by_label("Épreuves orales", exact=True).uncheck()
    page.get_by_label("Échéances et résultats", exact=True).uncheck()
    assert cards.count() == 3 and all("Écrit" in text for text in cards.all_inner_texts())
    assert status.inner_text() == f"{total - 3} dates masquées par vos choix"   # dates, not only exams
    page.get_by_label("Épreuves écrites", exact=True).uncheck()
    assert cards.count() == 0 and status.inner_text() == "Aucune case cochée\u00a0: toutes les dates sont masquées. Cochez au moins un groupe."
    page.get_by_label("Épreuves orales", exact=True).check()
    assert cards.count() == 7 and all("Oral" in text for text in cards.all_inner_texts())
    page.get_by_label("Échéances et résultats", exact=True).check()
    page.get_by_label("Épreuves écrites", exact=True).check()
    assert cards.count() == total
    page.close()


def test_what_to_bring_says_the_circular_gives_no_list_where_a_candidate_reads_the_day(site, session):
    # The circular says nothing of an identity document or the convocation: the site says so where a candidate looks,
    # and a search for « pièce d'identité » finds it (tests/test_search.py finds the page).
    assert session.rules.written.to_bring is None
    for url in ("ecrits/", "etablissements/lgt-marcelin-berthelot/", "centres/berthelot/"):
        text = main_text(built(site, url))
        # Said so that it cannot be read as « neither is needed » (phone review): what the circular does not say,
        # then the site's advice, marked as such.
        # Two phone reviews read « elle ne cite ni pièce d'identité ni convocation » (and then « ce qui ne veut pas dire
        # qu'elles ne seront pas demandées ») as « neither is needed »: the site's advice says to bring both, in plain words.
        assert "À apporter La circulaire ne donne pas la liste de ce qu'il faut apporter à l'écrit. Conseil du site : " \
               "prévoyez votre convocation et une pièce d'identité, et suivez ce que la convocation demande. " \
               "Calculatrice : voir Calculatrices" in text, url


def test_lateness_at_an_oral_says_the_circular_is_silent_and_gives_its_absence_rule(site, session):
    # Its lateness rule is for the written rooms: a candidate late for an oral found nothing on the oral pages, not even
    # that the circular says nothing (phone review). Its absence rule names any exam: it stands for the orals too.
    # « sa règle vaut pour les salles des écrits » was read as « the written rule applies to orals too » (phone review).
    silent = ("Retards et absences à l'oral La circulaire ne dit pas ce qui arrive si vous êtes en retard à un oral : sa "
              "règle des retards ne concerne que les salles des écrits. Conseil du site : arrivez à l'heure de "
              "votre convocation et, en cas d'empêchement, prévenez le service des examens (voir Contacts).")
    absence = " ".join(session.rules.written.absence.split())
    assert "épreuve ou à une sous-épreuve" in absence
    for url in ("oraux/", "centres/ozenne/", "centres/issec-pigier/", "etablissements/lgt-marcelin-berthelot/"):
        text = read_text(built(site, url))
        assert f"{silent} {absence}" in text, url
    assert "Retards et absences à l'oral" not in main_text(built(site, "centres/berthelot/"))   # writtens only
    # The written rule, which a lateness question finds first (tests/test_search.py), leads to the orals' note, which
    # leads back to it (« sa règle »).
    written = read_text(built(site, "ecrits/"))
    assert "À l'oral, la circulaire ne dit rien d'un retard : voir Retards et absences à l'oral." in written


def test_a_candidates_other_dates_hold_the_operations_dated_only_in_words(site, session):
    # « Transmission des notifications d'aménagements » (« à partir du mois de février … contacter la DEC … non reçue
    # début avril ») was on the calendar only: a candidate with arrangements read their line's page and missed it.
    undated = session.undated_operations
    assert undated, "la session 2022 a une opération sans date"
    for line in session.establishments.establishments:
        section = built(site, line.url).read_text(encoding="utf-8").split('id="mes-autres-dates"', 1)[1].split("<h2", 1)[0]
        cards = [html.unescape(card) for card in re.findall(r'<li class="handbook-card[^>]*>(.*?)</li>', section, re.S)]
        for op in undated:
            shown = [card for card in cards if op.operation in card]
            assert len(shown) == ("candidats" in op.concerns), (line.url, op.id)
            assert not shown or op.planned[2:] in shown[0], (line.url, op.id)   # « A partir » is printed « À partir »
        assert cards[0].count("handbook-card__when--words") == 1, line.url   # first, before the dated ones


def test_the_home_page_leads_to_the_days_rules_and_the_forms(site):
    home = built(site, "").read_text(encoding="utf-8")
    section = home.split('id="le-jour-de-lexamen"', 1)[1].split("<h2", 1)[0]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)
    assert [href for href, _ in links] == ["ecrits/#regles-en-salle-dexamen", "oraux/#ce-quil-faut-apporter", "formulaires/"]
    assert all(words.startswith(("ce qu'il faut apporter", "à remplir")) for _, words in links)


def test_no_card_title_links_to_its_own_page(site):
    """A card's title links to the page that explains it, except on that page (the calendar's own operations,
    the written exams on « Épreuves écrites »): there it would only jump back to the top."""
    linked_home = []
    for page in site.rglob("index.html"):
        raw = page.read_text(encoding="utf-8")
        for href in re.findall(r'<p class="handbook-card__what">.*?<a href="([^"#]*)[^"]*">', raw):
            if not href:   # a section of this page (the printable page's links to its own parts)
                continue
            target = (page.parent / href).resolve()
            assert target != page.parent.resolve(), f"{page.relative_to(site)} : une fiche renvoie à sa propre page"
            linked_home.append(href)
    assert len(linked_home) > 100   # elsewhere, titles stay links
    calendar = (site / "calendrier" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Mise à disposition des convocations des candidats</strong>" in calendar


@pytest.mark.parametrize("when, keep", [(dt.datetime(2022, 5, 16, 20, 0), True), (dt.datetime(2022, 5, 17, 7, 30), True),
                                        (dt.datetime(2022, 6, 14, 9, 0), True), (dt.datetime(2022, 3, 1, 10, 0), False)])
def test_on_an_exams_eve_and_day_its_card_offers_to_keep_the_page(browser, site_url, when, keep):
    """« Garder pour le jour de l'examen » was seven phone screens below the card that says « Demain » (a candidate
    with no network at the exam reads the page there): the card of an exam of today or tomorrow leads to it, from the
    first paint (no shift), where the browser can keep pages. Not on other days, nor on a card of another kind."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.clock.set_fixed_time(when)
    page.goto(site_url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
    links = page.locator("#epreuves-du-candidat .handbook-card__keep a")
    if not keep:
        assert links.count() == 0
        context.close()
        return
    first = page.locator("#epreuves-du-candidat > li").first
    assert links.count() >= 1 and first.locator(".handbook-card__keep a").is_visible()
    assert first.get_attribute("data-category") in ("ecrits", "oraux")
    assert links.first.inner_text() == "Pas de réseau sur place\u00a0? Gardez cette page sur ce téléphone"
    assert links.first.bounding_box()["y"] < 2 * 640, links.first.bounding_box()   # on the first two screens
    links.first.click()
    page.wait_for_function("location.hash === '#garder'")
    button = page.get_by_role("button", name="Garder pour le jour de l'examen (sans connexion)")
    box = button.bounding_box()
    assert button.is_visible() and 0 <= box["y"] < 640, box
    # On paper the offer has nothing to keep (the « Garder » block is not printed either; candidate review).
    page.emulate_media(media="print")
    assert not links.first.is_visible() and not button.is_visible()
    context.close()
