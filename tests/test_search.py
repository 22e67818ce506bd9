"""French search: the built index rebuilt with lunr.py, and the real search box in Chromium."""

from __future__ import annotations

import gzip
import html
import json
import re
from collections import Counter
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

import lunr_search
import pytest
from conftest import build, build_edited, made_once, page_overflow
from site_pages import settle, wait_for_answer

from handbook import search
from handbook.text import date_long

# How mkdocs.yml lists the French search hook (removed to build Material's own index).
SEARCH_HOOK = "  - hooks/search_index.py\n"

# What a candidate types, and the page (location in the index) expected in the top three results.
QUERIES = [
    ("epreuve", "ecrits/"),
    ("pièce d'identité", "ecrits/"),   # the circular gives no list of what to bring: the page says so
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
    # Words candidates type that the circular does not use (SYNONYMS, PHRASES).
    ("calculette", "ecrits/"),
    ("calculettes", "ecrits/"),
    ("tiers temps", "calendrier/"),
    ("tiers-temps", "calendrier/"),
    ("amenagement", "calendrier/"),
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
    # Questions whose answer is on two pages: the one asked for is among the first three.
    ("ou voir mes notes", "resultats/"),
    ("ou est mon centre", "trouver-mon-centre/"),
    ("modele attestation de stage", "formulaires/"),
    ("duree de l'epreuve e5", "ecrits/"),
]

# Questions as candidates and establishments type them on a phone (no accents, question words),
# and the page whose answer must come first, shown with the text that matched.
QUESTIONS = [
    ("quand sont les oraux", "oraux/"),
    ("quand commencent les oraux", "oraux/"),
    ("date des resultats", "resultats/"),
    ("quand sont les resultats", "resultats/"),
    ("ou passer l'ecrit", "ecrits/"),
    ("que faut il apporter", "oraux/"),
    ("que faut-il apporter", "oraux/"),
    ("que faire si je suis en retard", "ecrits/"),
    ("je suis en retard a l'oral", "oraux/"),
    ("absent oral", "oraux/"),
    ("a quelle heure commence l'ecrit", "ecrits/"),
    ("quand est l'ecrit de culture generale", "ecrits/"),
    ("horaires des ecrits", "ecrits/"),
    ("calculatrice autorisee", "ecrits/"),
    ("telephone portable interdit", "ecrits/"),
    ("je suis absent a une epreuve", "ecrits/"),
    ("peut on sortir pendant l'epreuve", "ecrits/"),
    ("ou est l'oral d'anglais", "oraux/"),
    ("date oral e6", "oraux/"),
    ("quel centre pour l'oral e4", "oraux/"),
    ("quand deposer le dossier", "dossiers/"),
    ("ou deposer les dossiers", "dossiers/"),
    ("date limite depot des dossiers", "dossiers/"),
    ("que mettre dans le dossier", "dossiers/"),
    ("pieces a fournir dossier", "dossiers/"),
    ("dossier non conforme", "dossiers/"),
    ("note nv c'est quoi", "dossiers/"),
    ("combien de semaines de stage", "stages/"),
    ("stage trop court", "stages/"),
    ("quand recevoir le diplome", "resultats/"),
    ("diplome candidat individuel", "resultats/"),
    ("certification pix", "resultats/"),
    ("qui contacter", "contacts/"),
    ("contacter le service des examens", "contacts/"),
    ("ou trouver ma convocation", "trouver-mon-centre/"),
    ("quand envoyer les livrets scolaires", "livrets/"),
    ("ou envoyer les livrets", "livrets/"),
    ("retour des livrets", "livrets/"),
    ("date de la deliberation", "livrets/"),
    ("amenagement handicap", "calendrier/"),
    ("handicap", "calendrier/"),
]

# The same queries typed into the real search box (a representative subset).
BROWSER_QUERIES = ["epreuve", "épreuve", "d'examen", "examen", "reussite", "deroulement", "calculatrices", "centres",
                   "Muret", "Castres", "purple campus rodez", "E51", "EF2", "NV", "retard", "convocation", "livret",
                   "stage", "engagement etudiant", "calculette", "tiers temps"]
BROWSER_QUESTIONS = ["quand sont les oraux", "date des resultats", "ou passer l'ecrit", "que faut-il apporter",
                     "que faire si je suis en retard", "je suis absent a une epreuve", "qui contacter",
                     "date limite depot des dossiers", "quand envoyer les livrets scolaires", "ou trouver ma convocation"]

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
    # Question words never reach the index; a word that asks for a date or a place stays only alone.
    ("quand sont les oraux", "   oral"), ("où passer l'écrit", "  'ecrit"), ("que faut-il apporter", " - apport"),
    ("date des résultats", "  resultat"), ("Dates", "date"), ("Résultats quand", "resultat "), ("quand", ""),
    # A verb ending is cut so that the word, as a prefix, finds its noun.
    ("contacter", "contact"), ("sortir", "sort"), ("absent", "absen"), ("dossiers", "dossi"),
    # A word or two words candidates type for the site's word: « tiers-temps » as one, whatever joins them.
    ("calculette", "calculatrice"), ("Tiers-temps", "amenagemen"), ("tiers  temps ecrit", "amenagemen ecrit"),
    ("tiers", "tier"), ("temps", "temp"),
]
# The index words of the table used for QUERY_FORMS: « de » may still become « déroulement ».
FORM_WORDS = {"deroulement", "regle", "epreuve"}


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
    assert search.normalise_query(query, search.table(FORM_WORDS)) == expected


def test_a_stop_word_ends_a_query_only_while_it_may_begin_a_word_of_the_index():
    table = search.table(FORM_WORDS)
    assert "de" in table["unfinished"] and "quand" not in table["unfinished"]
    assert search.normalise_query("regles de", search.table({"regle"})) == "regle "


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
    # Read as words: French no-break spaces (hooks/french_spacing.py) stand where the data has plain ones.
    titles = {doc["location"]: html.unescape(doc["title"]).replace("\u00a0", " ") for doc in index_json["docs"]}
    for centre in session.centre_list:
        assert titles[f"centres/{centre.id}/"] == centre.name + (f" – {centre.town}" if centre.town else "")
    for establishment in session.establishments.establishments:
        assert titles[f"etablissements/{establishment.id}/"] == establishment.title   # its readable name
    for form in session.forms:
        annex = session.annex(form.annex)
        assert titles[f"formulaires/{form.id}/"] == f"Annexe {annex.number} – {annex.title}"


@pytest.mark.parametrize("query", ["retard", "retards", "sortie", "interdiction de sortie", "absence"])
def test_a_rule_word_finds_the_rules_pages_not_every_lines_list_of_exams(site_search, query):
    # Each exam card's line « Le jour de l'écrit : à apporter, retards, sorties » put other schools' and centres' pages
    # as results 4 to 10 of « retard » on a phone (candidate review): the rules are on the rules pages.
    pages = site_search.pages(query)
    assert pages[0] == "ecrits/", pages
    assert not [page for page in pages if page.startswith(("etablissements/", "centres/"))], pages


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


class TableRows(HTMLParser):
    """The text of each body row of a page's tables, cells apart, as a reader sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "thead":
            self.in_head = True
        elif tag == "tr" and not self.in_head:
            self.rows.append([])
        elif tag in ("td", "th") and not self.in_head:
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "thead":
            self.in_head = False
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def words_of(text: str) -> list[str]:
    # The searchable words of some text: what the index and a reader have in common.
    return [word for word in search.split(html.unescape(re.sub(r"<[^>]*>", " ", text))) if word]


def test_each_table_row_is_a_block_of_the_index(index_json, site, session):
    # Material shows the blocks of a result's text that matched: a row, not the whole table flattened.
    blocks = {tuple(words_of(block)) for doc in index_json["docs"]
              for block in re.findall(r"<p>(.*?)</p>", doc["text"], flags=re.S)}
    # Written pages: every section of theirs is indexed (generated pages lose their repeated ones).
    generated = {item.url for item in [*session.centre_list, *session.establishments.establishments, *session.forms]}
    written = {doc["location"].split("#")[0] for doc in index_json["docs"]} - generated
    checked = 0
    for url in sorted(written):
        parser = TableRows()
        parser.feed(re.search(r"<article.*?</article>", (site / url / "index.html").read_text(encoding="utf-8"), re.S).group(0))
        for row in parser.rows:
            cells = [cell for cell in row if cell]
            assert tuple(words_of(" ".join(cells))) in blocks, f"{url} : {cells}"
            checked += 1
    assert checked
    # Cells stay separate words (« 2022 · 14 h », never « 202214 h »: compared above), joined by a readable mark.
    assert any(" · " in doc["text"] for doc in index_json["docs"])


@pytest.fixture(scope="session")
def plain_site(tmp_path_factory) -> Path:
    """The same sources built without hooks/search_index.py: Material's own index and pages (once per test run)."""
    return made_once(tmp_path_factory, "plain-2022", partial(build_edited, file="mkdocs.yml", old=SEARCH_HOOK, new="")) / "site"


@pytest.mark.e2e
def test_the_pages_keep_their_own_html(site, plain_site):
    # The index reads rows as paragraphs; the pages must be exactly those built without the search hook.
    pages = sorted(path.relative_to(site) for path in site.rglob("*.html"))
    assert len(pages) > 50 and pages == sorted(path.relative_to(plain_site) for path in plain_site.rglob("*.html"))
    changed = [str(page) for page in pages if (site / page).read_bytes() != (plain_site / page).read_bytes()]
    assert not changed


@pytest.mark.e2e
def test_content_marked_data_search_exclude_stays_out_of_the_index(project, tmp_path):
    # Rows and list items become paragraphs for the indexer: Material's exclusion mark must still hold,
    # and the published page is the one Material alone would publish (it drops data-search-*="…").
    page = project / "docs" / "stages.md"
    page.write_text(page.read_text(encoding="utf-8") + """

<ul data-search-exclude><li>Zorglub liste</li></ul>

<table><tbody><tr data-search-exclude="true"><td>Zorglub ligne</td></tr>
<tr><td>Garde</td><td data-search-exclude="true">Zorglub cellule</td></tr></tbody></table>
""", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Zorglub" not in index and "Garde" in index
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(SEARCH_HOOK, ""), encoding="utf-8")
    result = build(project, tmp_path / "plain")
    assert result.returncode == 0, result.stderr
    built, plain = ((folder / "stages" / "index.html").read_text(encoding="utf-8") for folder in (tmp_path / "site", tmp_path / "plain"))
    assert built.count("Zorglub") == 3 and 'data-search-exclude="true"' not in built
    assert built == plain


@pytest.mark.e2e
def test_with_materials_search_turned_off_the_build_stops_and_says_why(project, tmp_path):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - search:\n" in text
    config.write_text(text.replace("  - search:\n", "  - search:\n      enabled: false\n", 1), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "la recherche de Material est désactivée (search: enabled: false dans mkdocs.yml)" in result.stderr


# Hooks of staff's that would make the build lose something silently, listed after the search hook, each with what the
# build then says as it stops: a change to a page made while it is lent to the indexer (given back as it was drawn);
# an index of Material's own given back to its plugin (the French rules lost); a change to a generated page while it
# waits, held, between its conversion and its writing.
MISBEHAVING_HOOKS = {
    "page changed while indexed": (
        "def on_page_context(context, page, config, nav):\n"
        "    if page.url == 'stages/':\n"
        "        page.content += '<p>ajout</p>'\n"
        "    return context\n",
        "stages.md : la page a changé pendant son indexation pour la recherche"),
    "Material's own index": (
        "from mkdocs.plugins import event_priority\n"
        "from material.plugins.search.plugin import SearchIndex\n"
        "@event_priority(50)\n"
        "def on_post_build(config):\n"
        "    plugin = config.plugins['material/search']\n"
        "    plugin.search_index = SearchIndex(**plugin.config)\n",
        "index de recherche français non écrit"),
    "generated page changed while it waits": (
        "def on_page_content(html, page, config, files):\n"
        "    return html + '<p>ajout</p>' if page.url == 'centres/berthelot/' else html\n",
        "centres/berthelot.md : un hook a modifié le contenu d'une page générée dans on_page_content"),
}


@pytest.mark.e2e
@pytest.mark.parametrize("code, said", MISBEHAVING_HOOKS.values(), ids=list(MISBEHAVING_HOOKS))
def test_a_hook_that_would_lose_a_change_or_the_french_index_stops_the_build(project, tmp_path, code, said):
    (project / "hooks" / "staff_hook.py").write_text(code, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(SEARCH_HOOK, f"{SEARCH_HOOK}  - hooks/staff_hook.py\n"),
                      encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert said in result.stderr


@pytest.mark.e2e
def test_the_index_stays_small(site, plain_site):
    # What a phone downloads before its first search, compressed as served, against Material's own
    # index of the same pages (0.80 for session 2022; scripts/search_index_size.py prints both).
    ours, material = ((folder / "search" / "search_index.json").read_bytes() for folder in (site, plain_site))
    assert len(gzip.compress(ours, 9)) < 0.85 * len(gzip.compress(material, 9))


def test_suggestions_and_highlighting_stay_on(site):
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                       (site / "index.html").read_text(encoding="utf-8"), flags=re.S).group(1)
    assert {"search.suggest", "search.highlight"} <= set(json.loads(config)["features"])


# --- Ranking, rebuilt with lunr.py -----------------------------------------------------------------

@pytest.mark.parametrize("query, expected", QUERIES)
def test_query_finds_the_page_in_the_top_three(site_search, query, expected):
    top = site_search.pages(query)[:3]
    assert expected in top, f"« {query} » → {top}"


@pytest.mark.parametrize("question, expected", QUESTIONS)
def test_question_finds_its_page_first_with_the_text_that_answers(site_search, question, expected):
    shown = site_search.shown(question)
    assert shown[:1] and shown[0].split("#")[0] == expected, f"« {question} » → {site_search.pages(question)[:3]}"
    # The item shown first carries text (a section that matched, not an empty page entry).
    assert site_search.docs[shown[0]]["text"], shown[0]


@pytest.mark.parametrize("question, section", [("retard", "ecrits/#retards"), ("que faire si je suis en retard", "ecrits/#retards"),
                                               ("retard oral", "oraux/#retards-et-absences-a-loral"),
                                               ("absent oral", "oraux/#retards-et-absences-a-loral")])
def test_a_lateness_question_shows_the_rule_of_its_exams_first(site_search, question, section):
    # Out of the index, the orals' note left « retard oral » on « Épreuves orales »' other sections, the written rule
    # 4.5 screens down a phone (candidate re-check). Each note leads to the other.
    assert site_search.shown(question)[0] == section, site_search.shown(question)[:3]


@pytest.mark.parametrize("query", ["tiers temps", "tiers-temps"])
def test_tiers_temps_finds_the_notifications_of_amenagements_not_the_rule_of_no_extra_time(site_search, index_json, query):
    # « tiers temps » found first the rule of lateness (« pas de temps de composition supplémentaire »), by « temps »: a
    # candidate asking for extra time read that there is none. The notifications of aménagements come first now, and
    # the lateness rule is no answer to it at all.
    shown = site_search.shown(query)
    text = html.unescape(site_search.docs[shown[0]]["text"])
    assert "notifications d'aménagements" in text, shown[:3]
    assert "ecrits/#retards" not in shown, shown
    # The phrase stands for a word no page writes: a page that wrote it would be found by its own words.
    texts = [search.fold(html.unescape(doc.get(field, ""))) for doc in index_json["docs"] for field in ("title", "text")]
    assert not [text for text in texts if re.search(search.phrase_pattern(query.replace("-", " ")), text)]


def test_the_results_date_answers_date_des_resultats(site_search, session):
    # The first item shown for the question is the sentence that gives the date of the results.
    shown = site_search.shown("date des resultats")[0]
    assert date_long(session.results.results.date) in site_search.docs[shown]["text"]


def test_address_question_shows_the_address(site_search, session):
    # « adresse du centre de Muret »: the first item shown carries the address the circular gives.
    towns = Counter(centre.town for centre in session.centre_list)
    centres = [c for c in session.centre_list if c.address and c.town and towns[c.town] == 1]
    assert centres
    for centre in centres:
        shown = site_search.shown(f"adresse du centre de {centre.town.lower()}")[0]
        assert " ".join(centre.address.split()) in " ".join(html.unescape(site_search.docs[shown]["text"]).split()), shown


@pytest.mark.parametrize("query, card", [("oral anglais", "oral-e2-anglais-"), ("oral d'espagnol", "oral-e2-espagnol-"),
                                         ("oral e4", "oral-e4-"), ("date oral e6", "oral-e6-"), ("oral e5", "oral-e5-"),
                                         ("oral langue vivante", "oral-langues-")])
def test_an_oral_is_found_as_its_own_card_with_its_dates_and_centres(site_search, session, query, card):
    # Each card of Épreuves orales is a search section: the item shown first is that oral's card, with its last
    # day and its centres (before, the section was the page's first card: « sauf anglais et espagnol »).
    shown = site_search.shown(query)[0]
    assert shown.startswith(f"oraux/#{card}"), f"« {query} » → {site_search.shown(query)[:3]}"
    date = next(d for d in session.oral_key_dates if d.id == shown.split("#")[1])
    text = " ".join(html.unescape(site_search.docs[shown]["text"]).split())
    assert date_long(date.end or date.start) in text
    assert date.centres_drawn and all(centre.name in text for centre in date.centres_drawn), text


def test_cned_finds_the_distance_learning_line(site_search, site, session):
    # Candidates call distance learning « CNED ». No fact is added for search's sake: the word is
    # searched on the establishment pages that use it (an alias of a line); none, nothing is found.
    pages = [e.url for e in session.establishments.establishments
             if "cned" in {word.lower() for word in words_of((site / e.url / "index.html").read_text(encoding="utf-8"))}]
    if pages:
        assert site_search.pages("cned")[:1][0] in pages
    else:
        assert site_search.pages("cned") == []


def test_every_centre_is_found_by_its_name_and_its_town(site_search, session):
    towns = Counter(centre.town for centre in session.centre_list)
    for centre in session.centre_list:
        for query in [centre.name, *([centre.town] if centre.town and towns[centre.town] == 1 else [])]:
            assert f"centres/{centre.id}/" in site_search.pages(query)[:3], query


def test_every_establishment_is_found_by_its_name(site_search, session):
    for establishment in session.establishments.establishments:
        query = establishment.name.lower()
        assert f"etablissements/{establishment.id}/" in site_search.pages(query)[:3], query


def test_what_scripts_replace_or_pick_by_the_day_stays_out_of_the_index(index_json, site_search):
    # Search runs with scripts only: the form's notice for a browser without them (« Rien n'est enregistré », where
    # the page then says answers are kept) and the home page's deadlines, of which scripts show the next one only,
    # would answer a search with what the page does not say.
    docs = {doc["location"]: doc for doc in index_json["docs"]}
    assert all("Rien n'est enregistré" not in doc["text"] for doc in docs.values())
    assert any("Vos réponses restent sur cet appareil" in doc["text"] for doc in docs.values())
    assert docs["#prochaine-echeance"]["text"] == ""
    assert all(not location.startswith("formulaires/") for location in site_search.pages("rien n'est enregistre"))
    # The auditors' page of corrections, by file and field: a search finds each corrected text on its own page.
    assert not [location for location in docs if location.startswith("corrections/")]
    assert "corrections/" not in site_search.pages("convocation")


def test_a_word_of_no_page_finds_nothing(site_search):
    assert site_search.pages("piscine") == []
    assert site_search.pages("d'") == []


# --- The real search box, in Chromium --------------------------------------------------------------

def search_page_at(browser, url: str, viewport: dict):
    """A page open at url whose search answers are counted (COUNT_ANSWERS)."""
    page = browser.new_page(viewport=viewport)
    page.goto(url)
    return page


def results(page, query: str) -> list[str]:
    """Type the query like a candidate and read the result list once the worker has answered it and it is drawn."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    wait_for_answer(page, query)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    links = page.eval_on_selector_all(".md-search-result__item > a:first-child", "links => links.map(a => a.getAttribute('href'))")
    assert "Taper" not in page.locator(".md-search-result__meta").inner_text()
    base = page.evaluate("location.origin") + "/"
    return [href.split("?")[0].removeprefix(base) for href in links]


@pytest.fixture(scope="module")
def search_page(browser, search_site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(search_site_url)
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


def shown_items(page) -> list[dict]:
    """Each result article as shown: its page, heading, teaser blocks (text, marked?) and missing words."""
    return page.eval_on_selector_all(".md-search-result__item", """items => items.map(item => ({
        href: item.querySelector("a").getAttribute("href").split("?")[0].replace(location.origin + "/", ""),
        articles: [...item.querySelectorAll(":scope > a article")].map(article => ({
            heading: (article.querySelector("h1, h2") || {}).textContent || "",
            blocks: [...article.children].filter(el => !el.matches("h1, h2, .md-search-result__icon, .md-search-result__terms"))
                .map(el => ({text: el.textContent, marked: !!el.querySelector("mark")})),
            missing: [...article.querySelectorAll(".md-search-result__terms del")].map(del => del.textContent)
        }))
    }))""")


@pytest.mark.parametrize("question", BROWSER_QUESTIONS)
def test_search_box_answers_the_question(search_page, site_search, index_json, question):
    expected = dict(QUESTIONS)[question]
    top = results(search_page, question)[:3]
    assert top[:1] == [expected], f"« {question} » → {top}"
    assert top == site_search.pages(question)[:3]
    items = shown_items(search_page)
    # The first page shows text under its title: the section that matched, not an empty entry.
    assert any(block["text"].strip() for article in items[0]["articles"] for block in article["blocks"]), items[0]
    # A question word is never listed as « Non trouvé ».
    table = index_json["config"]["handbook_fr"]
    quiet = set(table["stop_words"]) | set(table["question_words"])
    missing = {word for item in items for article in item["articles"] for word in article["missing"]}
    assert not {word for word in missing if search.singular(search.fold(word)) in quiet}, missing


def test_a_stop_word_still_being_typed_is_never_missing(search_page, site_search):
    # « resultats de » keeps « de » (it may become « déroulement »): results without a word in « de… »
    # are listed, and none of them shows « Non trouvé: de ».
    assert "de" in site_search.terms("resultats de")
    assert any(not found.get("de", True) for _, _, found in site_search.matches("resultats de"))
    assert results(search_page, "resultats de")
    missing = {word for item in shown_items(search_page) for article in item["articles"] for word in article["missing"]}
    assert "de" not in missing


@pytest.mark.parametrize("query", ["epreuve E4", "centres d'ecrit", "muret"])
def test_a_result_shows_the_row_that_matched_not_the_table(search_page, query):
    results(search_page, query)
    blocks = [block for item in shown_items(search_page) for article in item["articles"]
              for block in article["blocks"] if block["marked"]]
    assert blocks
    # A table row, a list item or a paragraph: the flattened tables were 1,000 to 4,000 characters.
    assert max(len(block["text"]) for block in blocks) < 500, max(blocks, key=lambda block: len(block["text"]))


def test_results_highlight_the_accented_words(search_page):
    results(search_page, "epreuve")
    marks = search_page.locator(".md-search-result__item mark").all_text_contents()
    assert marks and all(search.normalise_token(mark) == "epreuve" for mark in marks)
    assert any("é" in mark.lower() for mark in marks)


@pytest.mark.parametrize("query", ["retard", "que faire si je suis en retard", "en retard a l'ecrit"])
def test_a_late_candidate_reads_the_written_exams_rule_in_the_first_result(search_page, query):
    # On an exam's morning, « retard » showed under « Retards aux épreuves » only « À l'oral, la circulaire ne dit rien
    # d'un retard » (the rule's own words never say « retard »): a hurried reader took it for the whole answer.
    results(search_page, query)
    first = shown_items(search_page)[0]
    marked = [block["text"] for article in first["articles"] for block in article["blocks"] if block["marked"]]
    assert first["href"].startswith("ecrits/"), first
    assert marked and "première heure" in marked[0], marked


# Words as a hurried thumb types them: one or two letters wrong, so that no word of the index begins with them (checked
# with lunr.py), and the box used to find nothing. The page the right word leads to, in the top three.
TYPOS = [("convoquation", "calendrier/"), ("calculatrisse", "ecrits/"), ("livert", "livrets/"), ("retrad", "ecrits/")]


@pytest.mark.parametrize("typed, expected", TYPOS)
def test_a_word_typed_with_a_typo_finds_the_page_of_the_word_meant(search_page, site_search, typed, expected):
    assert site_search.pages(typed) == [], f"« {typed} » est trouvé tel quel : ce n'est pas une faute de frappe"
    top = results(search_page, typed)[:3]
    assert expected in top, f"« {typed} » → {top}"
    items = shown_items(search_page)
    # The words found are highlighted as the page writes them; the word typed is not called missing.
    marks = search_page.locator(".md-search-result__item mark").all_text_contents()
    assert marks and typed not in {search.fold(mark) for mark in marks}, marks
    assert not {word for item in items for article in item["articles"] for word in article["missing"]}, items[:2]


def test_a_word_found_as_typed_is_never_searched_approximately(search_page):
    # « centre » has its own pages: its results are the same as before, never widened to words one letter away.
    assert results(search_page, "centre")[:1] == ["centres/"]
    marks = {search.fold(mark) for mark in search_page.locator(".md-search-result__item mark").all_text_contents()}
    assert marks and all(mark.startswith("centre") for mark in marks), marks


def test_a_search_that_finds_nothing_points_to_the_contacts(search_page):
    # Material said only « Aucun document trouvé »: a candidate whose question the circular does not answer was left
    # there. The line (Material's own translation, in #__config) says where to ask instead.
    assert results(search_page, "piscine") == []
    meta = search_page.locator(".md-search-result__meta").inner_text()
    assert meta == "Aucun document trouvé. La circulaire ne parle pas de tout\u00a0: voir la page Contacts.", meta


def test_suggestion_completes_what_was_typed(search_page):
    results(search_page, "epreu")
    assert search_page.locator(".md-search__suggest").inner_text() == "epreuve"
    results(search_page, "épreu")
    assert search_page.locator(".md-search__suggest").inner_text() == "épreuve"


def test_the_suggestion_shows_only_where_it_can_be_taken_and_never_over_the_query(browser, search_site_url):
    # Material's grey completion is drawn under the box and does not scroll with it: at 320 px « que faire si je suis en
    # retard » ran past the box, the typed text scrolled and the two texts mixed into a jumble. A phone cannot take the
    # suggestion anyway (Tab or the right arrow key): it is hidden on small or touch screens, and kept with a keyboard.
    suggest = ".md-search__suggest"
    for touch in (True, False):
        context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=touch, has_touch=touch)
        page = context.new_page()
        page.goto(search_site_url)
        page.locator("label[for='__search']").first.click()
        results(page, "que faire si je suis en retard")
        assert page.evaluate("document.querySelector('.md-search__input').scrollWidth > 320")   # the query ran past the box
        assert page.locator(suggest).text_content() and not page.locator(suggest).is_visible(), touch
        results(page, "epreu")
        assert not page.locator(suggest).is_visible(), touch
        context.close()
    page = search_page_at(browser, search_site_url, {"width": 1280, "height": 900})
    results(page, "epreu")
    assert page.locator(suggest).is_visible() and page.locator(suggest).inner_text() == "epreuve"
    # With a keyboard too, a query longer than the box hides it, until the query fits again.
    results(page, LONG_QUERY)
    assert page.evaluate("(box => box.scrollWidth > box.clientWidth)(document.querySelector('.md-search__input'))")
    assert page.locator(suggest).text_content() and not page.locator(suggest).is_visible()
    results(page, "epreu")
    assert page.locator(suggest).is_visible()
    page.close()


# A query longer than the desktop's search box (34.4rem) that Material still completes (every word it searches is in
# a title: « Retards et absences à l'oral »).
LONG_QUERY = "que faire si je suis en retard ou absent a l'oral, et que faut il faire quand on est en retard a l'or"


def test_opened_result_highlights_the_accented_words(browser, search_site_url):
    page = search_page_at(browser, search_site_url, {"width": 1280, "height": 900})
    results(page, "calculatrices")
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url(re.compile(r"/ecrits/\?h="))
    page.wait_for_selector("article mark[data-md-highlight]")
    marked = page.locator("article mark[data-md-highlight]").all_inner_texts()
    assert {search.normalise_token(word) for word in marked} == {"calculatrice"}
    page.close()


# The texts of the search results drawn smaller than 14 px: [size, text].
SMALL_RESULT_TEXTS = """[...document.querySelectorAll('.md-search__output *')]
  .filter(el => el.getClientRects().length && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(el => [parseFloat(getComputedStyle(el).fontSize), el.textContent.trim().slice(0, 40)])
  .filter(([size]) => size < 14)"""


@pytest.mark.parametrize("name, viewport, query, expected", [
    ("phone", {"width": 375, "height": 812}, "muret", "centres/pierre-d-aragon/"),
    ("desktop", {"width": 1280, "height": 900}, "muret", "centres/pierre-d-aragon/"),
    ("phone-question", {"width": 375, "height": 812}, "date des resultats", "resultats/"),
])
def test_search_results_fit_the_screen(browser, search_site_url, screenshot, name, viewport, query, expected):
    page = search_page_at(browser, search_site_url, viewport)
    if viewport["width"] < 600:
        page.locator("label[for='__search']").first.click()
    assert expected in results(page, query)[:1]
    settle(page)   # the dialog's transitions have ended: sizes are final
    overflow = page_overflow(page)
    assert overflow <= 0
    # Every text of the results is read at 14 px at least, like the pages' own (Material draws most at 12.8 px).
    small = page.evaluate(SMALL_RESULT_TEXTS)
    assert small == [], small
    screenshot(page, f"search-{name}")
    page.close()


def test_on_a_touch_screen_no_tooltip_stays_over_the_results(browser, site_url):
    # The finger that opened the search stays "over" the spot where the dialog's clear button appears: on a phone
    # Material's tooltip « Effacer » stayed on the results' count. With a mouse it still names the button.
    for touch, shown in ((True, False), (False, True)):
        context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=touch, has_touch=touch)
        page = context.new_page()
        page.goto(site_url, wait_until="load")
        page.locator("label[for='__search']").first.click()
        page.keyboard.type("centre")
        page.locator(".md-search-result__meta").wait_for()
        page.hover(".md-search__options button[type=reset]")
        tooltip = page.locator(".md-tooltip--active")
        tooltip.wait_for(state="attached")
        assert tooltip.is_visible() == shown, touch
        context.close()


def test_browser_normalises_like_python(search_page, search_site_url, index_json):
    """search-fr.js run on the same fixtures, with the table read from the built index."""
    search_page.add_script_tag(url=search_site_url + "assets/javascripts/workers/search-fr.js")
    got = search_page.evaluate(
        """async ([tokens, queries]) => {
             const index = await (await fetch("search/search_index.json")).json()
             const api = window.handbookSearchFr, rules = api.compile(index.config.handbook_fr)
             return [tokens.map(t => api.normaliseToken(t, rules) ?? null),
                     queries.map(q => api.normaliseQuery(q, rules)),
                     tokens.map(t => t.split(new RegExp(index.config.separator)))]
           }""",
        [[token for token, _ in TOKENS] + ["l'épreuve"], [query for query, _ in QUERY_FORMS + QUESTIONS]])
    tokens, queries, splits = got
    table = index_json["config"]["handbook_fr"]
    assert tokens == [expected for _, expected in TOKENS] + [search.normalise_token("l'épreuve")]
    assert queries == [search.normalise_query(query, table) for query, _ in QUERY_FORMS + QUESTIONS]
    assert splits[-1] == ["l", "épreuve"] == re.split(search.SEPARATOR, "l'épreuve")


@pytest.mark.offline_worker   # a page the worker controls, online: no result marked as not kept
def test_search_works_from_a_generated_page(browser, search_site_url):
    # The worker's URL is relative to each page: check it from two levels down.
    page = search_page_at(browser, search_site_url + "etablissements/purple-campus-rodez/", {"width": 1280, "height": 900})
    assert "resultats/" in results(page, "reussite")[:3]
    assert results(page, "e51")[:1] == ["ecrits/"]
    # Online, every result opens: offline.js does not even look them up in the device's copies (it marks them offline).
    assert page.locator(".md-search-result__item[data-kept], .md-search-result .handbook-unkept").count() == 0
    page.close()


def test_the_index_is_built_at_the_first_search_not_at_each_page_load(browser, search_site_url):
    # Material's worker built the whole index on every page load (lunr and its French rules loaded, every page
    # indexed): a phone paid for it on each page read, searched or not. It is built when a search is first typed.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    asked: list[tuple[str, str]] = []
    page.on("request", lambda request: asked.append((request.url, request.resource_type)))
    page.goto(search_site_url + "etablissements/purple-campus-rodez/", wait_until="load")
    page.wait_for_function("() => performance.getEntriesByType('resource').some(entry => entry.name.includes('search_index.json'))")
    page.wait_for_timeout(1000)
    assert [url for url, _ in asked if "workers/search" in url], asked         # the worker is there, with the index
    # Its language scripts are only fetched (for the offline worker to keep), not run: no index is built.
    fetched = {url.rsplit("/", 1)[-1]: kind for url, kind in asked if "/lunr/" in url}
    assert fetched == {"lunr.stemmer.support.min.js": "fetch", "lunr.fr.min.js": "fetch"}, fetched
    assert "resultats/" in results(page, "reussite")[:3]
    imported = [url for url, kind in asked if url.endswith("lunr.fr.min.js") and kind != "fetch"]
    assert imported                                                            # built now, with French rules
    page.close()


def test_a_search_whose_index_cannot_be_built_says_it_found_nothing_instead_of_waiting(browser, search_site_url):
    # The language scripts missing (offline, never kept): the build fails, and the box answered nothing, for ever.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/lunr/min/lunr.fr.min.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(search_site_url, wait_until="load")
    page.locator("input.md-search__input").click()
    page.keyboard.type("retard")
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("() => !/Taper|Initialis/.test(document.querySelector('.md-search-result__meta').textContent)",
                           timeout=10_000)
    assert "Aucun document" in meta.inner_text(), meta.inner_text()
    context.close()


def test_browser_tests_that_do_not_search_get_the_built_pages_and_a_one_page_index(site, site_url, search_site_url):
    """site_url (conftest) serves every file as built except the search index, cut to the home page: a page load
    costs Chromium less. A test that searched there would find nothing; search tests use search_site_url."""
    from urllib.parse import quote
    from urllib.request import urlopen

    files = [path for path in sorted(site.rglob("*")) if path.is_file() and path.relative_to(site).as_posix() != "search/search_index.json"]
    assert len(files) > 300
    for path in files:   # every page, script, style, download: as built
        with urlopen(site_url + quote(path.relative_to(site).as_posix())) as served:
            assert served.read() == path.read_bytes(), path
    built = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    with urlopen(site_url + "search/search_index.json") as served:
        cut = json.loads(served.read())
    with urlopen(search_site_url + "search/search_index.json") as served:
        assert json.loads(served.read()) == built
    assert cut["config"] == built["config"]
    assert cut["docs"] == [doc for doc in built["docs"] if doc["location"].split("#")[0] == ""] and 0 < len(cut["docs"]) < 20
