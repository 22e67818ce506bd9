"""Centre and establishment pages, index pages, the finder and the JSON export, as users get them."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from conftest import main_text, page_overflow, read_text
from data_edits import DELETE, edited, index_of
from rendered_pages import page_html

# Written centres as the circular prints them: page id -> (town, announced total). Independent of data/.
WRITTEN_CENTRES = {
    "jean-durroux": ("Ferrières sur Ariège", 28), "alexis-monteil": ("Rodez", 46), "issec-pigier": ("Toulouse", 114),
    "pierre-d-aragon": ("Muret", 94), "berthelot": ("Toulouse", 75), "gabriel-peri": ("Toulouse", 16),
    "cfa-commerce-services-blagnac": ("Blagnac", 43), "clement-marot": ("Cahors", 18), "pradeau-la-sede": ("Tarbes", 31),
    "jeanne-d-arc-mazamet": ("Mazamet", 16), "borde-basse": ("Castres", 78), "cfa-ifa-82-montauban": ("Montauban", 36),
}
# Oral centres: page id -> (address as printed or None, an oral period shown on the page).
ORAL_CENTRES = {
    "ozenne": (None, "du lundi 9 au vendredi 13 mai 2022"),
    "sainte-marie-de-st-sernin": (None, "du lundi 9 au vendredi 13 mai 2022"),
    "issec-pigier": ("8 rue Françoise d'Eaubonne 31200 Toulouse", "du lundi 13 au vendredi 17 juin 2022"),
    "pierre-d-aragon": ("14 avenue Henri Peyrusse 31605 Muret", "du lundi 23 au mercredi 25 mai 2022"),
    "pradeau-la-sede": ("14 rue Mesclin 65000 Tarbes", "du mardi 31 mai au vendredi 3 juin 2022"),
    "clement-marot": ("59 rue des Augustins 46000 CAHORS", "du mercredi 8 au vendredi 10 juin 2022"),
    "borde-basse": ("Rue comte Emmanuel de las cases 81100 Castres", "du lundi 20 au vendredi 24 juin 2022"),
}


def page(site: Path, url: str) -> Path:
    return site / url.strip("/") / "index.html"


def origins_rows(site: Path, centre_id: str) -> tuple[list[int], int]:
    """The counts of the origins table of a centre page, and its total row."""
    raw = page(site, f"centres/{centre_id}").read_text(encoding="utf-8")
    table = re.search(r"<caption>Origine des candidats.*?</table>", raw, flags=re.S).group(0)
    counts = [int(n) for n in re.findall(r"<tr><td><a [^>]+>[^<]+</a></td><td>.*?</td><td>(\d+)</td></tr>", table)]
    total = int(re.search(r"<tfoot><tr><th[^>]*>Total</th><td>(\d+)</td>", table).group(1))
    return counts, total


@pytest.mark.parametrize("centre_id", sorted(WRITTEN_CENTRES))
def test_written_centre_page_shows_town_exams_and_origins(site, centre_id):
    town, total = WRITTEN_CENTRES[centre_id]
    text = main_text(page(site, f"centres/{centre_id}"))
    for fact in (town, "lundi 16 mai 2022", "mardi 17 mai 2022", "mercredi 18 mai 2022", "14 h – 18 h", "14 h – 17 h",
                 "Interdiction de sortie", "dans la limite de la première heure", "Justine ROUDOT", "sur OpenStreetMap"):
        assert fact in text, f"{centre_id}: {fact!r} absent"
    counts, shown_total = origins_rows(site, centre_id)
    assert shown_total == total and sum(counts) == total


@pytest.mark.parametrize("centre_id", sorted(ORAL_CENTRES))
def test_oral_centre_page_shows_address_or_says_it_is_unknown(site, centre_id):
    address, period = ORAL_CENTRES[centre_id]
    text = main_text(page(site, f"centres/{centre_id}"))
    assert period in text and "Aucun matériel fourni" in text
    if address:
        assert address in text
    else:
        assert "Adresse : non précisée par la circulaire" in text
        assert "Commune : non précisée par la circulaire" in text
    assert "indiquée sur la convocation" not in text  # the circular never says where an address is given


@pytest.mark.parametrize("centre_id, dossier_exams", [("ozenne", None), ("pradeau-la-sede", None), ("pierre-d-aragon", None),
                                                     ("issec-pigier", "E4"), ("borde-basse", "E6")])
def test_dossier_rules_only_where_a_dossier_exam_is_held(site, centre_id, dossier_exams):
    """The paper copy of the dossier (1.2.1) concerns E4, E6, EF2: not the language or E5 orals."""
    text = main_text(page(site, f"centres/{centre_id}"))
    if dossier_exams:
        assert f"Pour l'épreuve à dossier ({dossier_exams}) : Un exemplaire papier du dossier" in text
    else:
        assert "exemplaire « papier »" not in text and "Documents d'appui" not in text


def test_individual_candidates_page_speaks_to_candidates_not_to_a_school(site):
    individual = main_text(page(site, "etablissements/individuels-dept-82"))
    assert "Ce que fait chaque candidat" in individual and "directement par chaque candidat" in individual
    assert "Pour l'établissement" not in individual and "contrôler systématiquement" not in individual
    # "mes services" (the signatory's voice) reads "les services du rectorat": data/2022/corrections.yml.
    assert "Les diplômes des candidats individuels leur seront envoyés par les services du rectorat à la même période" \
        in individual
    # Neither the livrets (a school sends them) nor the centres' material are deadlines of individual candidates.
    assert "Remise des livrets scolaires" not in individual and "matériel centre" not in individual
    school = main_text(page(site, "etablissements/lp-jean-durroux"))
    assert "Pour l'établissement" in school and "Ce que fait chaque candidat" not in school


def test_livrets_centre_page_says_it_receives_the_livrets(site):
    text = main_text(page(site, "centres/berthelot"))
    assert "Livrets scolaires" in text and "vendredi 10 juin 2022" in text


def test_map_links_are_plain_openstreetmap_links(site):
    raw = page(site, "centres/pierre-d-aragon").read_text(encoding="utf-8")
    assert 'href="https://www.openstreetmap.org/search?query=14%20avenue%20Henri%20Peyrusse%2031605%20Muret"' in raw
    assert "<iframe" not in raw
    # The address known, the link shows it; unknown, the link can only search the centre's name, and says so.
    assert "Voir sur OpenStreetMap" in main_text(page(site, "centres/pierre-d-aragon"))
    unknown = main_text(page(site, "centres/berthelot"))
    assert "adresse non précisée" in unknown.lower() or "non précisée par la circulaire" in unknown
    assert "Chercher sur OpenStreetMap" in unknown and "Voir sur OpenStreetMap" not in unknown


def test_written_totals_add_up_to_the_session(site):
    assert sum(origins_rows(site, c)[1] for c in WRITTEN_CENTRES) == 595


@pytest.mark.parametrize("establishment_id, count, department, centre, extra", [
    ("purple-campus-rodez", 29, "12 – Aveyron", "Lycée Alexis Monteil", ["contrôler systématiquement le contenu des dossiers",
                                                                         "à envoyer au Lycée Berthelot pour le vendredi 10 juin 2022"]),
    ("individuels-ead-dept-31", 7, "31 – Haute-Garonne", "Lycée Pierre d'Aragon",
     ["Individuel 31 (4)", "EAD 31 (3)", "directement par chaque candidat"]),
    ("individuel-ead-dept-09", 2, "09 – Ariège", "Lycée Jean Durroux", ["EAD 09 (1)", "Individuel 09 (1)", "directement par chaque candidat"]),
    ("enseign-distance-dept-32", 2, "32 – Gers", "Lycée ISSEC Pigier", ["Individuels 32 (2)", "directement par chaque candidat"]),
    ("lpo-jean-de-prades", 12, "82 – Tarn-et-Garonne", "CFA IFA 82", ["contrôler systématiquement le contenu des dossiers",
                                                                       "à envoyer au Lycée Berthelot pour le vendredi 10 juin 2022"]),
])
def test_establishment_page_shows_where_and_when(site, establishment_id, count, department, centre, extra):
    text = main_text(page(site, f"etablissements/{establishment_id}"))
    for fact in (f"Candidats inscrits : {count}", department, centre, "lundi 16 mai 2022", "14 h – 18 h",
                 "Lycée Pradeau La Sède", "du lundi 20 au vendredi 24 juin 2022",
                 "du lundi 28 mars au lundi 18 avril 2022", "le vendredi 1er juillet 2022", *extra):
        assert fact in text, f"{establishment_id}: {fact!r} absent"


def test_the_split_note_is_only_where_a_line_sits_in_two_centres(session, tmp_path):
    # 2022: "Individuel 31" and "EAD 31" both write at Pierre d'Aragon; nothing to check on a convocation.
    line = "etablissements/individuels-ead-dept-31.md"
    assert "Candidats répartis" not in page_html(session, tmp_path, line)
    # "EAD 31" moved to ISSEC Pigier: the line's candidates are in two centres, and the page says so.
    centres = session.centres.written_centres
    aragon, pigier = index_of(centres, centre="pierre-d-aragon"), index_of(centres, centre="issec-pigier")
    ead = next(o for o in centres[aragon].origins if o.label == "EAD 31").model_dump(by_alias=True, exclude_unset=True)
    split = edited(session, "centres.yml",
                   (("written_centres", aragon, "origins"), lambda origins: [o for o in origins if o["label"] != "EAD 31"]),
                   (("written_centres", aragon, "candidates"), lambda n: n - ead["candidates"]),
                   (("written_centres", pigier, "origins"), lambda origins: [*origins, ead]),
                   (("written_centres", pigier, "candidates"), lambda n: n + ead["candidates"]))
    html_page = page_html(split, tmp_path, line)
    assert "Candidats répartis" in html_page and "entre plusieurs centres d'écrit" in html_page


def test_every_centre_and_establishment_has_a_page(site, session):
    for centre in session.centre_list:
        assert centre.name in main_text(page(site, f"centres/{centre.id}"))
    for establishment in session.establishments.establishments:
        text = main_text(page(site, f"etablissements/{establishment.id}"))
        assert establishment.name in text and f"Candidats inscrits : {establishment.candidates}" in text


def internal_links(site: Path, url: str) -> list[str]:
    raw = page(site, url).read_text(encoding="utf-8")
    article = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', raw, flags=re.S).group(1)
    base = "http://site/" + url.strip("/") + "/"
    links = []
    for href in re.findall(r'href="([^"]+)"', article):
        absolute = urljoin(base, href)
        if absolute.startswith("http://site/"):
            links.append(unquote(urlparse(absolute).path))
    return links


@pytest.mark.parametrize("url", ["centres", "etablissements", "trouver-mon-centre", "ecrits", "calendrier", "donnees"])
def test_every_link_from_index_pages_resolves(site, url):
    links = internal_links(site, url)
    assert links
    for link in links:
        path = site / link.lstrip("/")
        assert (path / "index.html").is_file() or path.is_file(), f"{url}: lien mort {link}"


def test_index_pages_list_every_centre_and_establishment(site, session):
    centres = set(internal_links(site, "centres"))
    assert {f"/centres/{c.id}/" for c in session.centre_list} <= centres
    assert len({c.id for c in session.centre_list}) == 14
    establishments = {link for link in internal_links(site, "etablissements") if link.startswith("/etablissements/")} \
        - {"/etablissements/"}
    assert {f"/etablissements/{e.id}/" for e in session.establishments.establishments} <= establishments
    assert len(establishments) == 35
    text = main_text(page(site, "etablissements"))
    for department in ("09 – Ariège", "12 – Aveyron", "31 – Haute-Garonne", "32 – Gers", "46 – Lot", "65 – Hautes-Pyrénées",
                       "81 – Tarn", "82 – Tarn-et-Garonne"):
        assert department in text


def test_json_export_parses_and_matches_the_circular(site):
    api = site / "api" / "2022"
    centres = json.loads((api / "centres.json").read_text(encoding="utf-8"))
    establishments = json.loads((api / "establishments.json").read_text(encoding="utf-8"))
    calendar = json.loads((api / "calendar.json").read_text(encoding="utf-8"))
    by_id = {c["id"]: c for c in centres["centres"]}
    assert len(by_id) == 14 and centres["session"] == 2022
    assert by_id["pierre-d-aragon"]["address"] == "14 avenue Henri Peyrusse 31605 Muret"
    assert by_id["ozenne"]["address"] is None and by_id["ozenne"]["town"] is None
    assert by_id["issec-pigier"]["written"]["candidates"] == 114
    assert sum(c["written"]["candidates"] for c in by_id.values() if c["written"]) == 595
    assert len(establishments["establishments"]) == 35
    assert sum(e["candidates"] for e in establishments["establishments"]) == 595
    assert sum(e["individual"] for e in establishments["establishments"]) == 7
    split = next(e for e in establishments["establishments"] if e["id"] == "individuels-ead-dept-31")
    assert [(lab["label"], lab["candidates"]) for lab in split["written_centres"][0]["labels"]] == [("Individuel 31", 4), ("EAD 31", 3)]
    # The title of the part that organises the exams, which the pages quote: the JSON carries it too.
    assert calendar["organisation"] == "Organisation des épreuves ponctuelles"
    e3 = next(w for w in calendar["written"] if w["code"] == "E3")
    assert (e3["date"], e3["start"], e3["end"], e3["timezone"]) == ("2022-05-16", "14:00", "18:00", "Europe/Paris")
    e5 = next(o for o in calendar["oral"] if o["exam"] == "e5-oral")
    assert e5["pairing_unspecified"] is True and len(e5["periods"]) == 2
    for item in centres["centres"] + establishments["establishments"] + calendar["key_dates"]:
        assert (site / item["page"] / "index.html").is_file(), item["page"]
    assert {d["page"] for d in calendar["key_dates"]} >= {"calendrier/", "dossiers/", "ecrits/", "oraux/", "livrets/", "resultats/"}


def test_json_export_is_linked_from_its_page(site):
    links = internal_links(site, "donnees")
    assert {"/api/2022/centres.json", "/api/2022/establishments.json", "/api/2022/calendar.json"} <= set(links)


def test_finder_filters_as_the_candidate_types(browser, site_url):
    page_ = browser.new_page(viewport={"width": 375, "height": 812})
    page_.goto(site_url + "trouver-mon-centre/")
    box = page_.get_by_label("Tapez le nom de votre établissement")
    box.fill("purple campus rodez")
    visible = page_.locator(".handbook-finder > li:visible")
    assert visible.count() == 1
    assert "Lycée Alexis Monteil" in visible.first.inner_text()
    box.fill("pradeau la sede")  # typed without accents: the establishment first, then the school writing there
    visible = page_.locator(".handbook-finder > li:visible")
    assert visible.count() == 2
    assert all("Pradeau La Sède" in text for text in visible.all_inner_texts())
    assert visible.first.inner_text().startswith("Lycée Pradeau La Sède, Tarbes")
    assert "2 résultats" in page_.locator(".handbook-filter__status").inner_text()
    page_.get_by_role("link", name="Lycée Pradeau La Sède, Tarbes").click()
    page_.wait_for_url("**/etablissements/ltp-pradeau-la-sede/")
    assert "Lycée Pradeau La Sède" in page_.locator("article").inner_text()
    page_.close()


@pytest.mark.parametrize("typed, centre", [("lycée ozenne", "ozenne"), ("saint sernin", "sainte-marie-de-st-sernin"),
                                           ("ozene", "ozenne")])
def test_the_home_finder_finds_the_centre_a_convocation_names(browser, site_url, typed, centre):
    # « Trouver mon centre » found lines only: the name of an oral centre, where no line writes, found nothing (phone
    # review). Enter opens it, as it opens a line.
    page_ = browser.new_page(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page_.goto(site_url)
    page_.get_by_label("Votre établissement ou votre ville").fill(typed)
    shown = page_.locator(".handbook-finder > li:visible")
    assert shown.count() == 1 and "Centre d'examen" in shown.inner_text(), shown.all_inner_texts()
    assert shown.locator(f"a[href$='centres/{centre}/']").count() == 1
    page_.get_by_label("Votre établissement ou votre ville").press("Enter")
    page_.wait_for_url(f"**/centres/{centre}/")
    page_.close()


@pytest.mark.parametrize("typed", ["berthelot", "jeanne d'arc mazamet", "pigier"])
def test_a_line_found_by_the_home_finder_hides_the_centres(browser, site_url, typed):
    # Many schools are also centres: a candidate typing their school's name gets their line, not its centre beside it.
    page_ = browser.new_page(viewport={"width": 320, "height": 640})
    page_.goto(site_url)
    page_.get_by_label("Votre établissement ou votre ville").fill(typed)
    shown = page_.locator(".handbook-finder > li:visible")
    assert shown.count() >= 1
    assert page_.locator(".handbook-finder > li[data-filter-fallback]:visible").count() == 0
    page_.close()


def test_when_nothing_matches_the_finder_shows_the_whole_list_it_sends_to(browser, site_url):
    page_ = browser.new_page(viewport={"width": 320, "height": 640})
    page_.goto(site_url + "trouver-mon-centre/")
    every = page_.locator(".handbook-finder > li").count()
    page_.get_by_label("Tapez le nom de votre établissement").fill("zzz")
    status = page_.locator(".handbook-filter__status").inner_text()
    assert status.startswith("Aucun résultat") and "choisissez dans la liste complète" in status
    assert page_.locator(".handbook-finder > li:visible").count() == every > 30
    page_.close()


def test_finder_and_indexes_work_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page_ = context.new_page()
    page_.goto(site_url + "trouver-mon-centre/")
    assert page_.locator(".handbook-finder > li").count() == 35
    page_.get_by_role("link", name="Purple Campus Rodez").click()
    page_.wait_for_url("**/etablissements/purple-campus-rodez/")
    page_.get_by_role("link", name="Lycée Alexis Monteil").first.click()
    page_.wait_for_url("**/centres/alexis-monteil/")
    context.close()


@pytest.mark.parametrize("url", ["centres/ozenne/", "centres/pierre-d-aragon/", "etablissements/individuels-ead-dept-31/", "centres/"])
def test_phone_pages_have_no_page_overflow(tabs, site_url, screenshot, url):
    page_ = tabs({"width": 375, "height": 812})
    page_.goto(site_url + url)
    assert page_overflow(page_) <= 0
    name = url.strip("/").replace("/", "-")
    screenshot(page_, f"{name}-phone", full_page=True)


@pytest.mark.parametrize("url, title", [
    ("centres/pierre-d-aragon", "Lycée Pierre d'Aragon – Muret"),
    ("centres/ozenne", "Lycée Ozenne"),
    ("etablissements/purple-campus-rodez", "Purple Campus Rodez"),
    ("etablissements/lgt-marcelin-berthelot", "Lycée Marcelin-Berthelot, Toulouse"),
])
def test_generated_pages_carry_their_name_as_title_and_heading(site, url, title):
    raw = page(site, url).read_text(encoding="utf-8")
    assert html.unescape(re.search(r"<title>(.*?)</title>", raw).group(1)).startswith(f"{title} - BTS ")
    assert html.unescape(re.search(r"<h1[^>]*>(.*?)<", raw).group(1)) == title


LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)


def link_names(raw: str) -> dict[str, set[str]]:
    """The content's links by the name a screen reader's list of links gives (aria-label, else the text): their
    addresses, without fragments."""
    article = raw[raw.index("<article"):raw.index("</article>")]
    names: dict[str, set[str]] = {}
    for attributes, text in LINK.findall(article):
        href = re.search(r'href="([^"#]*)', attributes)
        label = re.search(r'aria-label="([^"]*)"', attributes)
        if href and href.group(1):
            name = " ".join(html.unescape(label.group(1) if label else re.sub(r"<[^>]+>", "", text)).split())
            names.setdefault(name, set()).add(href.group(1))
    return names


def test_on_a_centre_or_school_page_links_of_one_name_lead_to_one_place(site):
    # A centre's page had five « Ajouter cette épreuve à mon agenda », one per exam, and two « Voir sur OpenStreetMap »:
    # in a list of links, each now names its exam and date, or its centre (the visible words first).
    pages = sorted([*site.glob("centres/*/index.html"), *site.glob("etablissements/*/index.html")])
    assert len(pages) > 40
    ambiguous = {f"{path.parent.relative_to(site)} : « {name} »": sorted(hrefs)
                 for path in pages for name, hrefs in link_names(path.read_text(encoding="utf-8")).items() if len(hrefs) > 1}
    assert not ambiguous, ambiguous
    names = link_names(page(site, "centres/issec-pigier").read_text(encoding="utf-8"))
    assert "Ajouter cette épreuve à mon agenda : E3 : Culture économique, juridique et managériale, le lundi 16 mai 2022" in names
    assert "Voir sur OpenStreetMap : Lycée Pierre d'Aragon" in names


# The mode of these exams is the circular's title, quoted from data/ (calendar.yml), never typed in a template.
PONCTUAL_NOTE = "qui ne dit pas quels candidats passent chaque oral."


def test_every_line_and_the_orals_say_the_circular_does_not_say_who_sits_each_oral_as_a_ponctual_exam(site, session, tmp_path):
    # A reviewer, as a student of a lycée, read the orals in Tarbes and Castres under « Mes épreuves » as theirs: the
    # circular organises ponctual exams (its part 1's title) and names no candidate for an oral.
    for line in session.establishments.establishments:
        text = main_text(page(site, line.url))
        assert "« Organisation des épreuves ponctuelles »" in text and PONCTUAL_NOTE in text, line.url
        assert "Conseil du site : votre convocation dit quelles épreuves vous passez, où et quand." in text, line.url
        assert text.index("Mes épreuves") < text.index(PONCTUAL_NOTE) < text.index("Mes autres dates"), line.url
        # At each oral card too: the note comes after the list, eight screens down on a phone (re-check).
        raw = page(site, line.url).read_text(encoding="utf-8")
        listed = raw[raw.index('id="epreuves-du-candidat"'):]
        cards = re.findall(r'<li class="handbook-card[^"]*" data-category="(\w+)"(.*?)</li>', listed[:listed.index("</ol>")], flags=re.S)
        said = [(kind, "Votre convocation dit si vous passez cet oral." in re.sub(r"\s+", " ", html.unescape(body)))
                for kind, body in cards]
        assert ("oraux", True) in said and all(told == (kind == "oraux") for kind, told in said), (line.url, said)
    orals = main_text(page(site, "oraux/"))
    assert orals.index("Dates et centres") < orals.index(PONCTUAL_NOTE) < orals.index("Ce qu'il faut apporter")
    # A session whose circular does not title its part so says nothing of the kind.
    untitled = edited(session, "calendar.yml", (("organisation",), DELETE))
    untitled_page = page_html(untitled, tmp_path, "etablissements/lgt-marcelin-berthelot.md")
    assert "Votre convocation dit si vous passez cet oral." not in untitled_page and PONCTUAL_NOTE not in untitled_page


def test_while_the_deposit_link_is_not_given_the_dossiers_page_says_whom_to_ask(site, session, tmp_path):
    # « Lien de la démarche fourni ultérieurement » was a dead end inside the deposit window, for an individual
    # candidate most of all (phone review): the page says whom to ask, until the link is in dossiers.yml.
    asked = ("Conseil du site : s'il n'est pas sur cette page à l'ouverture du dépôt, demandez-le à votre établissement "
             "ou au service des examens (voir Contacts).")
    text = read_text(page(site, "dossiers/"))
    assert f"Lien de la démarche fourni ultérieurement. {asked}" in text
    linked = edited(session, "dossiers.yml", (("deposit", "platform_url"), "https://www.demarches-simplifiees.fr/commencer/bts"))
    rendered = page_html(linked, tmp_path, "dossiers.md")
    assert "https://www.demarches-simplifiees.fr/commencer/bts" in rendered and "Conseil du site : s'il n'est pas" not in rendered


def test_the_cancelled_english_certification_is_not_read_as_the_english_oral(site, session, tmp_path):
    # « Certification en anglais : ANNULATION DE L'ÉPREUVE POUR LA SESSION 2022 », in capitals and alone, was read as
    # the E2 English oral cancelled (phone review), which the same circular dates from 31 May to 3 June.
    text = read_text(page(site, "resultats/"))
    assert ("Certification en anglais : ANNULATION DE L'ÉPREUVE POUR LA SESSION 2022. (lecture du site : c'est la "
            "certification qui est annulée ; l'épreuve orale d'anglais du BTS (E2) reste au calendrier de la circulaire)") in text
    # Each item stays an item of its own (the note's block once joined the next item to it, on one line).
    built = page(site, "resultats/").read_text(encoding="utf-8").replace("\u00a0", " ").replace("\u202f", " ")
    assert all(f"<li><strong>{html.escape(item.title, quote=False)}</strong>" in built for item in session.news.items), built
    # A news item without the site's note is drawn as before.
    plain = edited(session, "news.yml", (("items", 0, "note"), DELETE))
    assert "lecture du site" not in page_html(plain, tmp_path, "resultats.md").split("Nouveautés de la session")[1]
