"""The strict build passes and each page shows its facts (asserted on the built HTML)."""

from __future__ import annotations

import html
import posixpath
import re
import typing
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from conftest import CIRCULAR_2022, ROOT, build, copy_project, main_text, module_from_file
from data_edits import break_file
from data_texts import texts_missing_from
from pydantic import BaseModel

from handbook.model import SESSION_FILES

# Facts of the circular, written out here independently of data/, and the page that must show them.
PAGE_FACTS = {
    # The circular's table of registrants has 35 lines: 28 training establishments and 7 lines of individual or
    # distance-learning candidates (issue 12: "35 établissements" over-reached).
    "index.html": ["à partir du lundi 11 avril 2022", "595 candidats", "28 établissements de formation et 7 lignes de candidats individuels",
                   "Clôture du dépôt des dossiers (E4, E6, EF2) avant minuit – date impérative",
                   # Without a tense: the home page is read in September too.
                   "; dépôt du lundi 28 mars au lundi 18 avril 2022 avant minuit (date impérative)",
                   "à envoyer pour le vendredi 10 juin 2022, date impérative (voir",
                   "du lundi 28 mars au lundi 18 avril 2022", "avant minuit",
                   "le vendredi 10 juin 2022", "le vendredi 1er juillet 2022, à partir de 14 h", "lundi 16 mai 2022",
                   "14 h – 18 h", "14 h – 17 h", "Lycée Pradeau La Sède"],
    "calendrier/index.html": ["E3 : Culture économique, juridique et managériale", "copies dématérialisées",
                              "E1 : Culture Générale et Expression", "mardi 17 mai 2022",
                              "E5 : Relation client à distance et digitalisation (1ère partie)", "mercredi 18 mai 2022",
                              "du lundi 9 au vendredi 13 mai 2022", "Lycée Ozenne", "Lycée Sainte-Marie de St Sernin",
                              "du mardi 10 au vendredi 13 mai 2022", "du lundi 23 au mercredi 25 mai 2022",
                              "La circulaire ne précise pas quelle période correspond à quel centre",
                              "du mardi 31 mai au vendredi 3 juin 2022", "14 rue Mesclin 65000 Tarbes",
                              "du mercredi 8 au vendredi 10 juin 2022", "59 rue des Augustins 46000 CAHORS",
                              "du lundi 13 au vendredi 17 juin 2022", "8 rue Françoise d'Eaubonne 31200 Toulouse",
                              "du lundi 20 au vendredi 24 juin 2022", "Rue comte Emmanuel de las cases 81100 Castres",
                              "Semaine du 11 au 15 avril 2022", "Envoi par courrier Fréquenceo",
                              "Contacter la DEC en cas de notification d'aménagement d'épreuve non reçue début avril"],
    # Corrections de forme (data/2022/corrections.yml), each listed on /corrections/: no nested parentheses,
    # "l'activation … effectuée", "fourni ultérieurement", "ANNULATION".
    "ecrits/index.html": ["Pour l'épreuve E51 (E5 – Relation client à distance et digitalisation, 1ère partie) : pendant toute la durée",
                          "Lycée Jean Durroux", "Ferrières sur Ariège", "Individuel 09 (1)", "Lycée ISSEC Pigier", "114",
                          "Individuels 32 (2)", "CFA IFA 82", "Montauban", "36", "pendant toute la durée de l'épreuve",
                          "avant la 2ème heure d'épreuve", "dans la limite de la première heure",
                          "ne pourront bénéficier d'un temps de composition supplémentaire", "« Éliminée »",
                          "strictement interdite", "Circulaire n°2015-178 du 1er octobre 2015",
                          "les calculatrices dépourvues de mémoire seront autorisées",
                          "L'activation du mode examen sera effectuée par le surveillant"],
    "oraux/index.html": ["Les épreuves E4, E6, EF2 reposent sur un dossier", "ne fournissent aucun matériel", "ne peut être garanti", "source d'énergie",
                         "il doit assurer lui-même la connexion", "exemplaire « papier »",
                         "seuls modèles devant figurer au dossier des candidats sont disponibles dans la circulaire nationale"],
    # « DATE IMPERATIVE » (1.2.1 and 1.3): wherever a reader meets the deposit window or the livrets' date.
    "formulaires/e4-fiche-descriptive/index.html": ["À déposer du lundi 28 mars au lundi 18 avril 2022 avant minuit (date impérative)"],
    "etablissements/lgt-marcelin-berthelot/index.html": ["Dépôt du lundi 28 mars au lundi 18 avril 2022 avant minuit (date impérative)",
                                                         "vendredi 10 juin 2022 (date impérative)"],
    "etablissements/individuels-ead-dept-31/index.html": ["Dépôt du lundi 28 mars au lundi 18 avril 2022 avant minuit (date impérative)"],
    "dossiers/index.html": ["Date impérative", "lundi 28 mars 2022", "lundi 18 avril 2022 avant minuit", "Démarches Simplifiées",
                            "Lien de la démarche fourni ultérieurement",
                            "1 fichier PDF regroupant les 2 fiches descriptives", "1 fichier PDF pour l'étude réflexive réseau",
                            "Fiche « Engagement étudiant »", "absence de dépôt de dossier", "dépôt hors délai",
                            "durée de stage inférieure à celle requise", "absence de signature ou de visa",
                            "au moins 1 semaine avant le début de l'épreuve", "sous réserve de vérification",
                            "le diplôme ne peut lui être délivré", "Elle entraîne l'élimination du candidat"],
    "stages/index.html": ["4 semaines", "décret no 2021-786 du 19 juin 2021"],
    "livrets/index.html": ["Date impérative : vendredi 10 juin 2022", "Lycée Berthelot", "triés par ordre alphabétique",
                           "bristol blanc, recto-verso, format A4, environ 205 gr", "liste nominative",
                           "début septembre"],
    "resultats/index.html": ["vendredi 1er juillet 2022", "à partir de 14 h", "Cyclades", "dès le lendemain",
                             "plateforme Cyclades (son adresse : non précisée par la circulaire)",
                             "à partir de la fin du mois de septembre 2022", "ANNULATION DE L'ÉPREUVE POUR LA SESSION 2022",
                             "PIX", "sans incidence sur l'obtention du diplôme"],
    "archivage/index.html": ["8 juillet 2014", "26 novembre 2020", "5 ans", "sauf PV de délibération",
                             "cellule archives du Rectorat de Toulouse"],
    "formulaires/index.html": ["Annexe 1", "ATTESTATION DE STAGE", "Annexe 2", "Annexe 3", "ETUDE REFLEXIVE RESEAU",
                               "Annexe 4", "ENGAGEMENT ETUDIANT", "circulaire nationale"],
    "formulaires/engagement-etudiant/index.html": ["D643-15-1", "à l'article L. 611-9",
        "Les mêmes activités ne peuvent donner lieu qu'à une seule validation des compétences, connaissances et aptitudes acquises. »",
        "atteste sur l'honneur de l'authenticité des éléments rapportés dans ce formulaire"],
    "contacts/index.html": ["Justine ROUDOT", "05 36 25 71 28", "Justine.roudout@ac-toulouse.fr",
                            "Justine.roudout@ac-toulouse.fr (lecture du site : la circulaire écrit le nom de famille autrement dans "
                            "l'adresse électronique ; l'adresse est recopiée telle qu'imprimée)", "Jordi LLORENS",
                            "Chef de Bureau", "05 36 25 71 07", "Christine PELATAN", "La Directrice des Examens et Concours",
                            "Circulaire Nationale d'organisation émise le 28 janvier 2022 par l'Académie de Clermont-Ferrand"],
}


@pytest.mark.parametrize("page", sorted(PAGE_FACTS))
def test_each_page_shows_its_facts(site, page):
    text = main_text(site / page)
    missing = [fact for fact in PAGE_FACTS[page] if fact not in text]
    assert not missing, f"{page} : faits absents {missing}"


@pytest.mark.parametrize("page", sorted(PAGE_FACTS))
def test_each_page_names_the_session_and_its_source(site, page):
    text = main_text(site / page)
    assert "Session 2022" in text and "Source : Circulaire académique d'organisation, académie de Toulouse" in text
    assert "{{" not in text and "{%" not in text


def test_deposit_box_says_the_platform_link_is_not_given_yet(site):
    """The imperative-date box itself says the link comes later (the circular gives none)."""
    raw = (site / "dossiers" / "index.html").read_text(encoding="utf-8")
    box = re.search(r'<div class="admonition danger">(.*?)</div>', raw, flags=re.S).group(1)
    assert "Démarches Simplifiées" in box and "Lien de la démarche fourni ultérieurement." in box


def test_every_text_of_the_data_is_somewhere_on_the_site(site):
    """None lost: each text value of the circular's 2022 files appears in some built page."""
    missing = texts_missing_from(site, CIRCULAR_2022)
    assert not missing, "\n".join(missing)


@pytest.mark.e2e
def test_broken_data_stops_the_build_before_any_page(project, tmp_path):
    break_file(project / "data" / "2022", "centres.yml", "{establishment: tsge-adonis,", "{establishment: tsge-adonys,")
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode != 0
    assert "data/2022/centres.yml:" in result.stderr and "établissement inconnu « tsge-adonys »" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "index.html").exists()


@pytest.mark.e2e
def test_a_staff_page_where_a_generated_page_goes_stops_the_build(project, tmp_path):
    # docs/centres/berthelot.md written by hand: the centre's generated page would silently take its place.
    (project / "docs" / "centres" / "berthelot.md").write_text("# Notes sur Berthelot\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "la page générée centres/berthelot.md prendrait la place de docs/centres/berthelot.md" in result.stderr
    assert not (site / "index.html").exists()
    # At the same address under another name: centres/berthelot/index.md.
    (project / "docs" / "centres" / "berthelot.md").unlink()
    (project / "docs" / "centres" / "berthelot").mkdir()
    (project / "docs" / "centres" / "berthelot" / "index.md").write_text("# Notes\n", encoding="utf-8")
    result = build(project, site)
    assert result.returncode != 0 and "prendrait la place de docs/centres/berthelot/index.md" in result.stderr


@pytest.mark.e2e
def test_unknown_name_in_a_page_fails_the_build_at_its_line(project, tmp_path):
    page = project / "docs" / "stages.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "Durée : {{ session.internships.minimum_week }}")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/stages.md:5: nom inconnu" in result.stderr and "minimum_week" in result.stderr


@pytest.mark.e2e
def test_a_brace_missing_in_a_page_stops_the_build_at_its_line(project, tmp_path):
    # « {{ » typed « { »: Jinja read the rest as text, and the page said « l'académie de { session.info.academy }}. ».
    page = project / "docs" / "contacts.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("{{ session.info.academy }}", "{ session.info.academy }}", 1), encoding="utf-8")
    site = tmp_path / "site"
    result = build(project, site)
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if "{{ session.info.academy }}" in row)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"docs/contacts.md:{line}: « }}}} » resté tel quel dans le texte (« " in result.stderr, result.stderr
    assert "accolade manquante ?" in result.stderr and not (site / "index.html").exists()


@pytest.mark.e2e
def test_an_emptied_page_stops_the_build(project, tmp_path):
    # « : > docs/contacts.md »: the page was published blank, with exit 0.
    (project / "docs" / "contacts.md").write_bytes(b"")
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/contacts.md:1: (fichier): page sans texte" in result.stderr, result.stderr
    assert "git restore docs/contacts.md" in result.stderr and "mkdocs.yml" in result.stderr
    assert not (site / "index.html").exists()


@pytest.mark.e2e
def test_an_expression_left_open_is_named_where_it_opens(project, tmp_path):
    # Its « }} » forgotten on the first line: named at line 3, where Jinja met « # », as an unexpected character.
    page = project / "docs" / "calendrier.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join(["{{ session.info.year ", *lines[1:]]) + "\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/calendrier.md:1: erreur de syntaxe Jinja : « {{ » ouvert ligne 1 sans fermeture — attendu : « }} »" \
        in result.stderr, result.stderr


@pytest.mark.e2e
def test_template_syntax_error_names_page_and_line(project, tmp_path):
    page = project / "docs" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n{% if session %}\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    line = text.count("\n") + 2
    assert result.returncode != 0
    assert re.search(rf"docs/index\.md:{line}: erreur de syntaxe Jinja : bloc « {{% if … %}} » ouvert ici", result.stderr), result.stderr
    # MkDocs' own line before the error names the page in French too.
    assert "docs/index.md : la page n'a pas pu être construite :" in result.stderr and "Error reading" not in result.stderr


@pytest.mark.e2e
def test_a_brace_missing_in_a_template_stops_the_build_at_its_line_alone(project, tmp_path):
    # Said once, at the template's line: it was said under whichever page happened to be built first (« docs/index.md :
    # la page n'a pas pu être construite »), a page staff had not touched.
    template = project / "templates" / "centre.md.j2"
    text = template.read_text(encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if row.startswith("## "))
    template.write_text("\n".join(row + " }}" if number == line else row
                                  for number, row in enumerate(text.splitlines(), start=1)) + "\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"templates/centre.md.j2:{line}: « }}}} » resté tel quel dans le texte (« " in result.stderr, result.stderr
    assert "la page n'a pas pu être construite" not in result.stderr, result.stderr


@pytest.mark.e2e
def test_a_page_mkdocs_would_misread_stops_the_build_at_its_line(project, tmp_path):
    # Saved in Windows' encoding: MkDocs stopped with an English traceback. Then a head MkDocs would print in the
    # page (the title's « : » unquoted): it built without a word.
    page = project / "docs" / "contacts.md"
    text = page.read_text(encoding="utf-8")
    page.write_bytes(text.encode("cp1252"))
    site = tmp_path / "site"
    result = build(project, site)
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if not row.isascii())
    assert result.returncode != 0 and "Traceback" not in result.stderr and "UnicodeDecodeError" not in result.stderr
    assert f"docs/contacts.md:{line}:" in result.stderr and "fichier enregistré en Latin-1 ou Windows ?" in result.stderr
    assert not (site / "index.html").exists()
    page.write_text(text, encoding="utf-8")
    home = project / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8").replace("title: Accueil\n", "title: Accueil : session 2022\n", 1), encoding="utf-8")
    result = build(project, site)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/index.md:2:16: title: en-tête de la page illisible, MkDocs l'écrirait dans la page" in result.stderr


@pytest.mark.e2e
def test_a_page_that_would_run_code_in_a_readers_browser_stops_the_build(project, tmp_path):
    # Written in an admonition (indented: the source's checks skipped it) and with an entity, as the review wrote it.
    page = project / "docs" / "contacts.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + '\n!!! note\n    Voir <img src="x.png" onerror="alert(1)">\n', encoding="utf-8")
    site = tmp_path / "site"
    result = build(project, site)
    line = len(text.split("\n")) + 2
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"docs/contacts.md:{line}: (fichier): attribut « onerror » : un lien, un attribut ou un élément" in result.stderr, result.stderr
    assert not (site / "index.html").exists()
    page.write_text(text + '\n<a href="&#106;avascript:alert(1)">ici</a>\n', encoding="utf-8")
    result = build(project, site)
    assert result.returncode != 0 and "docs/contacts.md: (fichier): lien « javascript: »" in result.stderr, result.stderr


@pytest.mark.e2e
def test_a_template_not_saved_in_utf8_stops_the_build_at_its_line(project, tmp_path):
    # Its error was « centres/….md:4: erreur dans une expression de la page (UnicodeDecodeError : 'utf-8' codec… ».
    template = project / "templates" / "centre.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_bytes(text.encode("cp1252"))
    result = build(project, tmp_path / "site")
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if not row.isascii())
    assert result.returncode != 0 and "Traceback" not in result.stderr and "UnicodeDecodeError" not in result.stderr
    assert f"templates/centre.md.j2:{line}: caractère non UTF-8" in result.stderr, result.stderr
    assert "attendu : un fichier enregistré en UTF-8" in result.stderr


# Optional facts a cross-check still asks for in this session: an annex without a form of its own names its model.
KEPT_OPTIONAL = {("annexes.yml", "external_model")}


def without_optional_facts(node: object, model: object, file: str) -> int:
    """Remove from a parsed data file (in place) every value its schema lets a session leave out (a field that may be
    None, default None), at any depth; how many were removed."""
    removed = 0
    if isinstance(node, list):
        return sum(without_optional_facts(item, model, file) for item in node)
    if not isinstance(node, dict) or not (isinstance(model, type) and issubclass(model, BaseModel)):
        return 0
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key not in node:
            continue
        optional = not field.is_required() and field.default is None and type(None) in typing.get_args(field.annotation)
        if optional and not isinstance(node[key], (dict, list)) and (file, key) not in KEPT_OPTIONAL:
            del node[key]
            removed += 1
        else:
            inner = [a for a in typing.get_args(field.annotation) or (field.annotation,) for a in (typing.get_args(a) or (a,))]
            removed += sum(without_optional_facts(node[key], kind, file) for kind in inner
                           if isinstance(kind, type) and issubclass(kind, BaseModel))
    return removed


@pytest.mark.e2e
def test_a_session_that_gives_no_optional_fact_builds_and_never_prints_none(project, tmp_path):
    # No town, address, phone, exam code, department, display name… anywhere: every page still builds, and none
    # prints « None » where a fact is missing (a page that would is stopped at its line: test_page_renderer.py).
    from ruamel.yaml import YAML
    yaml = YAML()
    removed = 0
    for path in sorted((project / "data" / "2022").glob("*.yml")):
        document = yaml.load(path.read_text(encoding="utf-8"))
        removed += without_optional_facts(document, SESSION_FILES[path.name][1], path.name)
        with path.open("w", encoding="utf-8") as out:
            yaml.dump(document, out)
    assert removed > 80
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    printed_none = [str(page.relative_to(site)) for page in pages if re.search(r"\bNone\b", main_text(page))]
    assert printed_none == []
    assert "Lycée Pierre d'Aragon" in main_text(site / "centres" / "pierre-d-aragon" / "index.html")


@pytest.mark.e2e
def test_data_strings_are_escaped_where_they_reach_html(project, tmp_path):
    break_file(project / "data" / "2022", "centres.yml", "name: Lycée Gabriel Péri,",
               'name: "Lycée <script>alert(1)</script> *Péri* [x](http://evil)",')
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    raw = (site / "centres" / "gabriel-peri" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in raw and "&lt;script&gt;" in raw
    assert 'href="http://evil"' not in raw and "<em>Péri</em>" not in raw
    assert "Lycée <script>alert(1)</script> *Péri* [x](http://evil)" in main_text(site / "centres" / "gabriel-peri" / "index.html")


def test_a_mistyped_address_gets_a_french_page_that_leads_on(site):
    """The session's own 404.html (served for any unknown address under it) speaks French and its links exist."""
    raw = (site / "404.html").read_text(encoding="utf-8")
    text = main_text(site / "404.html")
    assert "Page introuvable" in text and "Not found" not in raw
    home = re.search(r"<title>(.*?)</title>", (site / "index.html").read_text(encoding="utf-8")).group(1)
    assert home.startswith("Accueil - ")   # the tab says so too, as every page's does: « its title - the site's »
    assert re.search(r"<title>(.*?)</title>", raw).group(1) == home.replace("Accueil", "Page introuvable", 1)
    assert "manuel de la session 2022" in text
    links = re.findall(r'<a href="/([^"#]*)">(?:Accueil du manuel|Trouver mon centre|Calendrier|Centres|Établissements|Contacts)', raw)
    assert len(links) == 6
    for link in links:
        assert (site / link / "index.html").is_file(), link


ALTERNATE_LINK = re.compile(r'<link rel="alternate"[^>]*\bhref="([^"]+)"')


def test_every_alternate_link_has_the_sitemap_material_fetches_beside_it(site):
    """Material's scripts fetch sitemap.xml beside each <link rel="alternate"> (the feeds' links, on every page):
    it must be there, an empty urlset (a 404 is a console error on every page, and an entry would map pages)."""
    folders = set()
    for page in site.rglob("*.html"):
        for href in ALTERNATE_LINK.findall(page.read_text(encoding="utf-8")):
            # The 404 page links from the site's root (it is served at any depth).
            target = site / href.lstrip("/") if href.startswith("/") else page.parent / href
            folders.add(target.resolve().parent)
    assert {folder.relative_to(site).as_posix() for folder in folders} == {"flux", "flux/centres", "flux/etablissements"}
    for folder in folders:
        urlset = ElementTree.parse(folder / "sitemap.xml").getroot()
        assert urlset.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and len(urlset) == 0


# Every link of a built page, as written in its HTML (Markdown links and the links templates and macros write).
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')


def test_every_link_within_the_site_reaches_a_page_or_file(site):
    # MkDocs checks the links written in Markdown; those of templates and macros (« Garder pour le jour de
    # l'examen » hands its list to the offline worker) are checked here. A link above the session's folder
    # (« Voir la session en cours » → ../latest/) reaches a sibling that mike publishes beside it.
    checked, dead = 0, []
    for page in site.rglob("*.html"):
        here = page.relative_to(site).as_posix()
        for href in map(html.unescape, HREF.findall(page.read_text(encoding="utf-8"))):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue   # another site, mail, telephone, or a section of this page
            path = unquote(parts.path)   # from the site's root (the 404 page), or from this page's folder
            target = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(here), path))
            if target == ".." or target.startswith("../"):
                continue
            checked += 1
            if not ((site / target).is_file() or (site / target / "index.html").is_file()):
                dead.append(f"{here} → {href}")
    assert checked > 1000 and not dead, dead[:20]


def test_an_oral_held_in_two_periods_says_which_period_each_card_is(site):
    """E5 (2nd part) has two periods in the circular: two cards with one title read as two orals unless each says
    which period it is; an oral with one period says nothing of the kind. Same in its calendar events."""
    text = main_text(site / "oraux" / "index.html")
    title = "E5 : Relation client à distance et digitalisation (2ème partie)"
    assert f"{title} – période 1 sur 2 du mardi 10 au vendredi 13 mai 2022" in text
    assert f"{title} – période 2 sur 2 du lundi 23 au mercredi 25 mai 2022" in text
    assert text.count("sur 2") == 2 and "sur 1" not in text
    events = (site / "agenda" / "epreuves" / "e5-oral.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    assert "\\nPériode 1 sur 2\\n" in events and "\\nPériode 2 sur 2\\n" in events



@pytest.mark.parametrize("page", ["index.html", "etablissements/individuels-dept-82/index.html"])
def test_a_short_card_of_an_operation_says_how_it_happens_not_its_dates_again(site, page):
    """The home page's and a line's « En ce moment » cards, during the week of the convocations: « Mise à disposition
    des convocations – Semaine du 11 au 15 avril 2022 » under « du lundi 11 au vendredi 15 avril 2022 » said the dates
    twice and never where the convocation is; « Matériel Candidat » said nothing of what it is (phone review)."""
    raw = (site / page).read_text(encoding="utf-8")
    cards = {re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", card))).strip()
             for card in re.findall(r'<li class="handbook-card handbook-card--compact".*?</li>', raw, flags=re.S)}
    convocations = next(card for card in cards if "convocations des candidats" in card)
    material = next(card for card in cards if "Matériel Candidat" in card)
    assert "Sur l'espace personnel des candidats sur Cyclades ainsi que sur l'espace Cyclades des établissements" in convocations
    assert "mis à disposition avec la convocation (pour les spécialités pour lesquelles une fiche de matériel candidat" in material
    assert not any("Semaine du 11 au 15 avril 2022" in card for card in (convocations, material))
    deposit = next(card for card in cards if card.count("Dépôt des dossiers") and "Clôture" not in card)
    assert deposit.endswith("– avant minuit")   # a date of its own, without modalities, keeps its detail

@pytest.mark.e2e
def test_the_benchmarks_same_pages_hold_each_page_once(tmp_path):
    # scripts/benchmark.py's baseline builds, with MkDocs alone, the pages our build makes: each page's Markdown, plus
    # what a hook appended to its HTML (the printable page's chapters), never a generated page's HTML over again.
    benchmark = module_from_file(ROOT / "scripts" / "benchmark.py")
    dumped = benchmark.dump_project(copy_project(tmp_path / "project"), tmp_path / "dump", "2022", tmp_path) / "docs"
    establishment = (dumped / "etablissements" / "lgt-marcelin-berthelot.md").read_text(encoding="utf-8")
    assert establishment.startswith("---\ntitle: Lycée Marcelin-Berthelot")
    assert establishment.count("## À propos de cette ligne") == 1 and "<h2" not in establishment   # Markdown alone
    printable = (dumped / "imprimer.md").read_text(encoding="utf-8")
    assert printable.count('<nav class="handbook-print-toc"') == 1 and printable.count("<section") > 10   # chapters
    # No other page has HTML after its Markdown: a heading Markdown converted carries its permalink (headerlink).
    converted = [page.relative_to(dumped).as_posix() for page in dumped.rglob("*.md")
                 if page.name != "imprimer.md" and 'class="headerlink"' in page.read_text(encoding="utf-8")]
    assert converted == [] and 'class="headerlink"' in printable
