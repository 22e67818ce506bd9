"""French search: the built index rebuilt with lunr.py, and the real search box in Chromium."""

from __future__ import annotations

import gzip
import html
import json
import re
import time
from collections import Counter

import pytest

import lunr_search
from handbook import search
from conftest import page_overflow

# What a candidate types, and the page (location in the index) expected in the top three results.
QUERIES = [
    ("epreuve", "ecrits/"),
    ("épreuve", "ecrits/"),
    ("Épreuves", "ecrits/"),
    ("l'épreuve", "ecrits/"),
    ("l’epreuve", "ecrits/"),
    ("epreuves orales", "oraux/"),
    ("reussite", "resultats/"),
    ("réussite", "resultats/"),
    ("deroulement", "formulaires/e4-fiche-descriptive/"),
    ("déroulement de l'activité", "formulaires/e4-fiche-descriptive/"),
    ("examen", "ecrits/"),
    ("d'examen", "ecrits/"),
    ("salle d'examen", "ecrits/"),
    ("calculatrices", "ecrits/"),
    ("calculatrice", "ecrits/"),
    ("telephone", "ecrits/"),
    ("centres", "centres/"),
    ("trouver mon centre", "trouver-mon-centre/"),
    ("centres d'ecrit", "ecrits/"),
    ("Muret", "centres/pierre-d-aragon/"),
    ("muret", "centres/pierre-d-aragon/"),
    ("Castres", "centres/borde-basse/"),
    ("castres", "centres/borde-basse/"),
    ("Tarbes", "centres/pradeau-la-sede/"),
    ("purple campus rodez", "etablissements/purple-campus-rodez/"),
    ("Purple Campus Rodez", "etablissements/purple-campus-rodez/"),
    ("saliege", "etablissements/lycee-saliege/"),
    ("E51", "ecrits/"),
    ("e51", "ecrits/"),
    ("EF2", "dossiers/"),  # where EF2 is described: what to deposit, the form
    ("NV", "dossiers/"),
    ("note nv", "dossiers/"),
    ("retard", "ecrits/"),
    ("retards", "ecrits/"),
    ("convocation", "calendrier/"),
    ("convocations", "calendrier/"),
    ("livret", "livrets/"),
    ("livrets scolaires", "livrets/"),
    ("stage", "stages/"),
    ("stages", "stages/"),
    ("resultats", "resultats/"),
    ("diplomes", "resultats/"),
    ("releve de notes", "resultats/"),
    ("archivage", "archivage/"),
    ("deliberation", "livrets/"),
    ("conformite", "dossiers/"),
    ("dossiers", "dossiers/"),
    ("attestation de stage", "formulaires/"),
    ("fiche descriptive", "formulaires/e4-fiche-descriptive/"),
    ("etude reflexive", "formulaires/e6-fiche-descriptive/"),
    ("engagement etudiant", "formulaires/engagement-etudiant/"),
    ("json", "donnees/"),
    ("cyclades", "calendrier/"),
    ("absence", "ecrits/"),
    ("sortie", "ecrits/"),
]

# The same queries typed into the real search box (a representative subset).
BROWSER_QUERIES = ["epreuve", "épreuve", "d'examen", "examen", "reussite", "deroulement", "calculatrices", "centres",
                   "Muret", "Castres", "purple campus rodez", "E51", "EF2", "NV", "retard", "convocation", "livret",
                   "stage", "engagement etudiant"]

# One table of words for both implementations (Python here, JavaScript in the browser test).
TOKENS = [
    ("Épreuves", "epreuve"), ("épreuve", "epreuve"), ("calculatrices", "calculatrice"), ("centres", "centre"),
    ("bureaux", "bureau"), ("généraux", "general"), ("lieux", "lieu"), ("Œuvre", "oeuvre"), ("cœur", "coeur"),
    ("Castres", "castre"), ("cas", "cas"), ("stress", "stress"), ("E51", "e51"), ("NV", "nv"), ("EF2", "ef2"),
    ("Déroulement", "deroulement"), ("réussite", "reussite"), ("Sède", "sede"), ("Ariège", "ariege"),
    ("de", None), ("l", None), ("d", None), ("à", None), ("été", None), ("jusqu", None), ("qu", None),
]
QUERY_FORMS = [
    ("epreuve", "epreuve"), ("L'Épreuve", "'epreuve"), ("d'examen", "'examen"), ("d’examen", "’examen"),
    ("centres de Muret", "centre  muret"), ("de", "de"), ("règles de", "regle de"), ("réussite", "resultat"),
    ("+E51 -NV", "+e51 -nv"), ("purple campus rodez", "purple campu rodez"), ("CALCULATRICES", "calculatrice"),
    ("\"salle d'examen\"", "\"salle 'examen\""), ("l'", "'"),
]


@pytest.fixture(scope="module")
def index_json(site) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site_search(index_json) -> lunr_search.SiteSearch:
    return lunr_search.build(index_json)


# --- The normalisation table --------------------------------------------------------------------

@pytest.mark.parametrize("token, expected", TOKENS)
def test_index_words_are_folded_and_singular(token, expected):
    assert search.normalise_token(token) == expected


@pytest.mark.parametrize("query, expected", QUERY_FORMS)
def test_queries_are_folded_like_the_index(query, expected):
    assert search.normalise_query(query) == expected


def test_the_index_carries_the_table_the_worker_reads(index_json):
    config = index_json["config"]
    assert config["lang"] == ["fr"]
    assert config["separator"] == search.SEPARATOR
    # No lunr.fr function: its stemmer would not meet Material's prefix queries (see hooks/search_index.py).
    assert config["pipeline"] == []
    words = search.indexed_words([doc[f] for doc in index_json["docs"] for f in ("title", "text") if f in doc])
    assert config["handbook_fr"] == json.loads(json.dumps(search.table(words)))
    # A synonym only stands for a word that no page uses.
    synonyms = config["handbook_fr"]["synonyms"]
    assert synonyms and all(word not in words for word in synonyms)
    assert all(word in words for word in set(search.SYNONYMS) - set(synonyms))


# --- The built index -----------------------------------------------------------------------------

def test_every_centre_establishment_and_form_page_is_indexed_with_its_name(index_json, session):
    titles = {doc["location"]: html.unescape(doc["title"]) for doc in index_json["docs"]}
    for centre in session.centre_list:
        assert titles[f"centres/{centre.id}/"] == centre.name + (f" – {centre.town}" if centre.town else "")
    for establishment in session.establishments.establishments:
        assert titles[f"etablissements/{establishment.id}/"] == establishment.name
    for form in session.forms:
        annex = session.annex(form.annex)
        assert titles[f"formulaires/{form.id}/"] == f"Annexe {annex.number} – {annex.title}"


def test_generated_pages_do_not_repeat_sections_of_other_pages(index_json, session):
    sections = Counter((doc["title"], doc["text"]) for doc in index_json["docs"] if "#" in doc["location"])
    pages = {f"centres/{c.id}/" for c in session.centre_list} | {
        f"etablissements/{e.id}/" for e in session.establishments.establishments}
    generated = [doc for doc in index_json["docs"] if doc["location"].split("#")[0] in pages]
    assert len({doc["location"].split("#")[0] for doc in generated}) == len(pages)
    repeated = [doc["location"] for doc in generated if "#" in doc["location"]
                and sections[(doc["title"], doc["text"])] > 1]
    assert not repeated
    # The written pages keep theirs: the rules of the exam room are found once, on their page.
    assert {"ecrits/#retards", "ecrits/#calculatrices", "contacts/"} <= {doc["location"] for doc in index_json["docs"]}
    assert all(doc.get("boost", 1) < 1 for doc in generated)


def test_table_cells_stay_separate_words(index_json, site):
    home = next(doc for doc in index_json["docs"] if doc["location"] == "#les-epreuves")
    assert re.search(r"lundi 16 mai 2022 14 h – 18 h E3 :", home["text"]), home["text"][:300]
    # Only the index is spaced: the page itself keeps the HTML its templates drew.
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "</td><td>" in page and "</td> <td>" not in page


def test_the_index_stays_small(site):
    # Budget: what a phone downloads before its first search, compressed as served. Material's own
    # index of this site is about 22 kB gzipped (310 kB raw); scripts/search_index_size.py prints both.
    data = (site / "search" / "search_index.json").read_bytes()
    assert len(gzip.compress(data, 9)) < 25_000


def test_suggestions_and_highlighting_stay_on(site):
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                       (site / "index.html").read_text(encoding="utf-8"), flags=re.S).group(1)
    assert {"search.suggest", "search.highlight"} <= set(json.loads(config)["features"])


# --- Ranking, rebuilt with lunr.py -----------------------------------------------------------------

@pytest.mark.parametrize("query, expected", QUERIES)
def test_query_finds_the_page_in_the_top_three(site_search, query, expected):
    top = site_search.pages(query)[:3]
    assert expected in top, f"« {query} » → {top}"


def test_every_centre_is_found_by_its_name_and_its_town(site_search, session):
    towns = Counter(centre.town for centre in session.centre_list)
    for centre in session.centre_list:
        for query in [centre.name, *([centre.town] if centre.town and towns[centre.town] == 1 else [])]:
            assert f"centres/{centre.id}/" in site_search.pages(query)[:3], query


def test_every_establishment_is_found_by_its_name(site_search, session):
    for establishment in session.establishments.establishments:
        query = establishment.name.lower()
        assert f"etablissements/{establishment.id}/" in site_search.pages(query)[:3], query


def test_a_word_of_no_page_finds_nothing(site_search):
    assert site_search.pages("piscine") == []
    assert site_search.pages("d'") == []


# --- The real search box, in Chromium --------------------------------------------------------------

def results(page, query: str) -> list[str]:
    """Type the query like a candidate and read the result list once it stops changing."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    seen, stable_since = None, time.monotonic()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        now = page.eval_on_selector_all(
            ".md-search-result__item > a:first-child", "links => links.map(a => a.getAttribute('href'))")
        meta = page.locator(".md-search-result__meta").inner_text()
        state = (tuple(now), meta)
        if state != seen:
            seen, stable_since = state, time.monotonic()
        elif time.monotonic() - stable_since > 0.6 and "Taper" not in meta:
            break
        page.wait_for_timeout(100)
    base = page.evaluate("location.origin") + "/"
    return [href.split("?")[0].removeprefix(base) for href in seen[0]]


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url)
    yield page
    page.close()
    assert not errors


@pytest.mark.parametrize("query", BROWSER_QUERIES)
def test_search_box_finds_the_page_in_the_top_three(search_page, site_search, query):
    expected = dict(QUERIES)[query]
    top = results(search_page, query)[:3]
    assert expected in top, f"« {query} » → {top}"
    # The browser and the Python rebuild agree on the order.
    assert top == site_search.pages(query)[:3]


def test_results_highlight_the_accented_words(search_page):
    results(search_page, "epreuve")
    marks = search_page.locator(".md-search-result__item mark").all_text_contents()
    assert marks and all(search.normalise_token(mark) == "epreuve" for mark in marks)
    assert any("é" in mark.lower() for mark in marks)


def test_suggestion_completes_what_was_typed(search_page):
    results(search_page, "epreu")
    assert search_page.locator(".md-search__suggest").inner_text() == "epreuve"
    results(search_page, "épreu")
    assert search_page.locator(".md-search__suggest").inner_text() == "épreuve"


def test_opened_result_highlights_the_accented_words(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url)
    results(page, "calculatrices")
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url(re.compile(r"/ecrits/\?h="))
    page.wait_for_selector("article mark[data-md-highlight]")
    marked = page.locator("article mark[data-md-highlight]").all_inner_texts()
    assert {search.normalise_token(word) for word in marked} == {"calculatrice"}
    page.close()


@pytest.mark.parametrize("name, viewport", [("phone", {"width": 375, "height": 812}),
                                            ("desktop", {"width": 1280, "height": 900})])
def test_search_results_screenshot(browser, site_url, screenshot_dir, name, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(site_url)
    if name == "phone":
        page.locator("label[for='__search']").first.click()
    assert "centres/pierre-d-aragon/" in results(page, "muret")[:1]
    overflow = page_overflow(page)
    assert overflow <= 0
    page.screenshot(path=str(screenshot_dir / f"search-{name}.png"))
    page.close()


def test_browser_normalises_like_python(search_page, site_url, index_json):
    """search-fr.js run on the same fixtures, with the table read from the built index."""
    search_page.add_script_tag(url=site_url + "assets/javascripts/workers/search-fr.js")
    got = search_page.evaluate(
        """async ([tokens, queries]) => {
             const index = await (await fetch("search/search_index.json")).json()
             const api = window.handbookSearchFr, rules = api.compile(index.config.handbook_fr)
             return [tokens.map(t => api.normaliseToken(t, rules) ?? null),
                     queries.map(q => api.normaliseQuery(q, rules)),
                     tokens.map(t => t.split(new RegExp(index.config.separator)))]
           }""",
        [[token for token, _ in TOKENS] + ["l'épreuve"], [query for query, _ in QUERY_FORMS]])
    tokens, queries, splits = got
    synonyms = index_json["config"]["handbook_fr"]["synonyms"]
    assert tokens == [expected for _, expected in TOKENS] + [search.normalise_token("l'épreuve")]
    assert queries == [search.normalise_query(query, synonyms) for query, _ in QUERY_FORMS]
    assert splits[-1] == ["l", "épreuve"] == re.split(search.SEPARATOR, "l'épreuve")


def test_search_works_from_a_generated_page(browser, site_url):
    # The worker's URL is relative to each page: check it from two levels down.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "etablissements/purple-campus-rodez/")
    assert "resultats/" in results(page, "reussite")[:3]
    assert results(page, "e51")[:1] == ["ecrits/"]
    page.close()
