"""The circular's forms: each generated file read back with its own library gives exactly the YAML's
sections and fields; the PDF fills in; every download link of the built site resolves; bad form data
is reported in French at its file, line and field; the HTML version is usable on a phone."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from html import escape as html_escape
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath

import pytest
import yaml
from conftest import CIRCULAR_2022, main_text, page_overflow, read_text
from data_edits import assert_reported, break_file, edited, line_of, problems_of
from docx import Document
from odf import teletype
from odf import text as odf_text
from odf.opendocument import load as load_odt
from pypdf import PdfReader, PdfWriter
from rendered_pages import page_html

from handbook.changelog import History
from handbook.load import load_session
from handbook.outputs import form_downloads as downloads_module
from handbook.outputs import forms_docx, forms_odt, forms_pdf, registry
from handbook.outputs.atom import Feeds
from handbook.outputs.ics import Calendars

FORMS = CIRCULAR_2022 / "forms"
FORM_FILES = sorted(p.name for p in FORMS.glob("*.yml"))
KINDS = ("text", "date", "choice", "table", "row", "statement")


# --- what the YAML says, read here independently of the model ------------------

def raw(name: str) -> dict:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))


def items(form: dict):
    for sheet in form["sheets"]:
        for section in sheet["sections"]:
            for item in section["items"]:
                (kind, element), = item.items()
                yield kind, element


def places_with_notes(form: dict) -> list[dict]:
    """The text and date places that carry a footnote, rows' fields included."""
    found = []
    for kind, element in items(form):
        fields = [next(iter(f.items())) for f in element["fields"]] if kind == "row" else [(kind, element)]
        found += [e for k, e in fields if k in ("text", "date") and e.get("note")]
    return found


def note_marks(form: dict) -> dict[str, str]:
    return {n["id"]: n["mark"] for n in form.get("notes", [])}


def expected_headings(form: dict, with_marks: bool = True) -> list[str]:
    marks = note_marks(form) if with_marks else {}
    found = []
    for sheet in form["sheets"]:
        found.append(sheet["heading"] + marks.get(sheet.get("heading_note"), ""))
        found += [s["title"] + marks.get(s.get("note"), "") for s in sheet["sections"] if s.get("title")]
    return found


def expected_labels(form: dict, with_marks: bool = True) -> list[str]:
    """Every printed label, in order: fields, choice groups, row labels, table captions and column heads."""
    marks = note_marks(form) if with_marks else {}

    def one(kind, element):
        if kind == "text":
            return [element["label"] + (f" {element['hint']}" if element.get("hint") else "") + marks.get(element.get("note"), "")]
        if kind in ("date", "choice"):
            return [element["label"]]
        if kind == "table":
            return [element["label"]] + [c["label"] for c in element["columns"]]
        if kind == "row":
            head = [element["label"]] if element.get("label") else []
            return head + [label for field in element["fields"] for k, e in field.items() for label in one(k, e)]
        return []

    return [label for kind, element in items(form) for label in one(kind, element)]


def expected_options(form: dict) -> list[str]:
    def one(kind, element):
        if kind == "choice":
            return [o["label"] for o in element["options"]]
        if kind == "row":
            return [o for field in element["fields"] for k, e in field.items() for o in one(k, e)]
        return []
    return [o for kind, element in items(form) for o in one(kind, element)]


def expected_fields(form: dict) -> dict[str, tuple[str, object]]:
    """PDF field name -> (kind, radio options or None), as the YAML defines them."""
    fields: dict[str, tuple[str, object]] = {}

    def one(kind, element):
        if kind in ("text", "date"):
            fields[element["id"]] = ("/Tx", None)
        elif kind == "choice" and element.get("multiple"):
            for o in element["options"]:
                fields[f"{element['id']}-{o['id']}"] = ("/Btn", None)
        elif kind == "choice":
            fields[element["id"]] = ("/Btn", [o["id"] for o in element["options"]])
        elif kind == "table":
            for row in range(1, element["rows"] + 1):
                for column in element["columns"]:
                    fields[f"{element['id']}-{row}-{column['id']}"] = ("/Tx", None)
        elif kind == "row":
            for field in element["fields"]:
                (k, e), = field.items()
                one(k, e)

    for kind, element in items(form):
        one(kind, element)
    return fields


def statements(form: dict) -> list[str]:
    return [e["text"] for kind, e in items(form) if kind == "statement"]


@pytest.fixture(scope="module")
def files(session) -> dict[str, dict[str, bytes]]:
    """Every form's bytes by annex and extension, as the build publishes them."""
    feeds = Feeds(session, History(session))
    made = {output.path: output.produce() for output in registry.session_outputs(session, Calendars(session), feeds)}
    return {form.annex: {fmt.extension: made[downloads_module.download_path(form, fmt)] for fmt in downloads_module.FORMATS}
            for form in session.forms}


def test_every_annex_with_a_form_of_its_own_has_one(session):
    annexes = yaml.safe_load((CIRCULAR_2022 / "annexes.yml").read_text(encoding="utf-8"))["annexes"]
    own = {a["id"] for a in annexes if not a.get("external_model")}
    assert {raw(name)["annex"] for name in FORM_FILES} == own == {f.annex for f in session.forms}


# --- each file, read back ---------------------------------------------------------

def docx_blocks(document):
    # Paragraphs of the body in reading order, table cells included.
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            yield Paragraph(child, document)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                for cell in row.cells:
                    yield from cell.paragraphs


@pytest.mark.parametrize("name", FORM_FILES)
def test_docx_reads_back_the_yaml(files, name):
    form = raw(name)
    data = files[form["annex"]]["docx"]
    document = Document(io.BytesIO(data))
    blocks = list(docx_blocks(document))
    headings = [p.text for p in blocks if p.style.name.startswith("Heading")]
    assert headings == expected_headings(form)
    assert [p.text for p in blocks if p.style.name == "Libellé"] == expected_labels(form)
    assert [p.text.strip() for p in blocks if p.style.name == "Case à cocher"] == expected_options(form)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert xml.count("<w14:checkbox>") == len(expected_options(form))  # tick boxes Word and LibreOffice can click
    texts = [p.text for p in blocks]
    assert all(any(t.startswith(s) for t in texts) for s in statements(form))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert document.core_properties.language == "fr-FR"


@pytest.mark.parametrize("name", FORM_FILES)
def test_odt_reads_back_the_yaml(files, name):
    form = raw(name)
    document = load_odt(io.BytesIO(files[form["annex"]]["odt"]))
    headings = [teletype.extractText(h) for h in document.getElementsByType(odf_text.H)]
    assert headings == expected_headings(form)
    paragraphs = document.getElementsByType(odf_text.P)

    def by_style(style: str) -> list[str]:
        return [teletype.extractText(p) for p in paragraphs if p.getAttribute("stylename") == style]
    assert by_style("Libelle") == expected_labels(form)
    assert by_style("Case_20_a_20_cocher") == [f"☐ {o}" for o in expected_options(form)]
    texts = [teletype.extractText(p) for p in paragraphs]
    assert all(any(t.startswith(s) for t in texts) for s in statements(form))


@pytest.mark.parametrize("name", FORM_FILES)
def test_pdf_has_exactly_the_yaml_fields_each_with_a_tooltip(files, session, name):
    form = raw(name)
    reader = PdfReader(io.BytesIO(files[form["annex"]]["pdf"]))
    fields = reader.get_fields()
    expected = expected_fields(form)
    assert sorted(fields) == sorted(expected)
    model = {view.key: view.label for view in session.form(form["annex"]).inputs}
    for key, (kind, options) in expected.items():
        assert fields[key]["/FT"] == kind, key
        assert fields[key].get("/TU") == model[key] and fields[key]["/TU"].strip(), key
        if options:
            assert sorted(fields[key]["/_States_"]) == sorted(f"/{o}" for o in options), key
    outline = [item.title for item in _flatten(reader.outline)]
    assert outline == expected_headings(form, with_marks=False)
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = " ".join(page.extract_text() for page in reader.pages)
    folded = re.sub(r"\s+", " ", text)
    assert all(re.sub(r"\s+", " ", s) in folded for s in statements(form))


def test_the_deposit_box_promises_the_platform_link_only_when_there_is_one(session, tmp_path):
    # 2022: the circular gives no link yet, and the form page says so in its words; once given, the box names it.
    page = "formulaires/e4-fiche-descriptive.md"
    html_page = page_html(session, tmp_path, page)
    assert "lien de la démarche fourni ultérieurement" in html_page and "lien de la plateforme" not in html_page
    linked = edited(session, "dossiers.yml", (("deposit", "platform_url"), "https://www.demarches-simplifiees.fr/commencer/bts"))
    assert "(contrôle de conformité, lien de la plateforme)" in page_html(linked, tmp_path, page)


def test_pdf_prints_a_word_processors_narrow_space_as_a_space(tmp_path):
    # A label pasted from a word processor carries U+202F before its colon: Helvetica has no such character, and
    # the PDF would print a black square there. It prints a no-break space (handbook check refuses what has no
    # such nearest character: test_bad_input.py).
    data = tmp_path / "2022"
    shutil.copytree(CIRCULAR_2022, data)
    break_file(data / "forms", "engagement-etudiant.yml", 'label: "Nom de l\'organisme :"', 'label: "Nom de l\'organisme\\u202f:"')
    session = load_session(data)
    pdf = forms_pdf.render(session, session.form("engagement-etudiant"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\u00a0", " ")
    assert "Nom de l'organisme :" in text and "■" not in text


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


@pytest.mark.parametrize("name", FORM_FILES)
def test_pdf_filled_with_pypdf_reads_back(files, tmp_path, name):
    form = raw(name)
    writer = PdfWriter(clone_from=io.BytesIO(files[form["annex"]]["pdf"]))
    values = {}
    for key, (kind, options) in expected_fields(form).items():
        values[key] = f"/{options[-1]}" if options else ("/Yes" if kind == "/Btn" else f"Réponse « {key} » – été")
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    filled = tmp_path / "rempli.pdf"
    writer.write(filled)
    read = {k: v.get("/V") for k, v in PdfReader(filled).get_fields().items()}
    assert read == values


@pytest.mark.parametrize("name", FORM_FILES)
def test_each_pdf_renders_to_png_pages(files, pictures, name):
    """pdftoppm draws every page (the PNGs in screenshots/ are there to be looked at)."""
    form = raw(name)
    pdf = pictures / f"formulaire-{form['annex']}.pdf"
    pdf.write_bytes(files[form["annex"]]["pdf"])
    for old in pictures.glob(f"formulaire-{form['annex']}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(pictures / f"formulaire-{form['annex']}")], check=True)
    pngs = sorted(pictures.glob(f"formulaire-{form['annex']}-*.png"))
    assert len(pngs) == len(PdfReader(pdf).pages) >= 1
    assert all(p.stat().st_size > 5_000 for p in pngs)


def test_files_are_the_same_on_each_build(session):
    """Sizes shown on the pages must not change from one build to the next."""
    form = session.forms[0]
    assert forms_pdf.render(session, form) == forms_pdf.render(session, form)
    assert len(forms_docx.render(session, form)) == len(forms_docx.render(session, form))
    assert len(forms_odt.render(session, form)) == len(forms_odt.render(session, form))


# --- the built site ------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), ""

    def handle_data(self, data):
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._text))
            self._href = None


def download_links(site: Path, page: Path) -> list[tuple[Path, str]]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    base = page.parent.relative_to(site).as_posix()
    found = []
    for href, text in parser.links:
        if "telechargements/" in href or re.search(r"formulaires/[a-z0-9-]+/$", href):
            target = site / normpath(f"{base}/{href}")
            found.append((target / "index.html" if href.endswith("/") else target, text))
    return found


def test_every_download_link_of_the_site_resolves(site):
    links = [(page, target) for page in site.rglob("*.html") for target, _ in download_links(site, page)]
    assert links
    missing = [f"{page.relative_to(site)} -> {target.relative_to(site)}" for page, target in links if not target.is_file()]
    assert not missing, missing


@pytest.mark.parametrize("page, annexes", [
    ("formulaires/index.html", ["e4-fiche-descriptive", "e6-fiche-descriptive", "engagement-etudiant"]),
    ("dossiers/index.html", ["e4-fiche-descriptive", "e6-fiche-descriptive", "engagement-etudiant"]),
    ("oraux/index.html", ["e4-fiche-descriptive", "e6-fiche-descriptive"]),
])
def test_pages_offer_each_format_with_its_true_size(site, page, annexes):
    html = (site / page).read_text(encoding="utf-8")
    targets = {t.relative_to(site).as_posix() for t, _ in download_links(site, site / page)}
    for annex in annexes:
        assert f"formulaires/{annex}/index.html" in targets
        for extension in ("pdf", "odt", "docx"):
            path = f"telechargements/formulaires/{annex}.{extension}"
            assert path in targets, path
            size = (site / path).stat().st_size
            kilo = max(1, round(size / 1000))
            # The link is followed by its format and the file's real size: "(PDF, 56 ko)".
            shown = re.search(rf'{re.escape(annex)}\.{extension}"[^>]*>[^<]+</a> <small>\(([A-Z]+), ([\d\u202f\u00a0 ]+)\u00a0ko\)</small>', html)
            assert shown, path
            assert shown.group(1) == extension.upper() and int(re.sub(r"\D", "", shown.group(2))) == kilo


# --- what the deposit asks of each form (dossiers.yml), said where the forms are ------------------

def own_file_sheets(session):
    """(form, sheet) for every sheet that the deposit wants as a file of its own (own_file), as the YAML says."""
    found = [(name, sheet) for name in FORM_FILES for sheet in raw(name)["sheets"] if sheet.get("own_file")]
    assert [(raw(n)["annex"], s["id"]) for n, s in found] == [("e6-fiche-descriptive", "etude-reflexive")]
    return found


@pytest.mark.parametrize("page", ["formulaires/index.html", "dossiers/index.html", "oraux/index.html",
                                  "formulaires/e6-fiche-descriptive/index.html"])
def test_the_e6_downloads_say_the_study_is_a_pdf_of_its_own(site, session, page):
    # The deposit asks for « 1 fichier PDF pour l'étude réflexive réseau », apart from the fiches' PDF: the files of
    # annex 3 hold both (one annex, one document), so the page says, right under them, which sheet goes apart.
    (_, sheet), = own_file_sheets(session)
    text = main_text(site / page)
    said = f"Au dépôt, la feuille « {sheet['heading']} » de ces fichiers forme un fichier PDF à part, distinct de celui des fiches."
    assert text.count(said) == 1, text
    # Right under annex 3's files, before anything else.
    assert re.search(r"Annexe 3 – [^()]+\((?:PDF|ODT|DOCX), [^)]+\) " + re.escape(said), text), text


@pytest.mark.parametrize("annex", ["e4-fiche-descriptive", "engagement-etudiant"])
def test_a_form_deposited_whole_says_nothing_of_a_pdf_apart(site, annex):
    text = main_text(site / f"formulaires/{annex}/index.html")
    assert "fichier PDF à part" not in text and "un autre fichier PDF" not in text


def test_the_e6_form_page_says_the_study_is_filled_once_and_printed_apart(site, session):
    (_, sheet), = own_file_sheets(session)
    html = (site / "formulaires/e6-fiche-descriptive/index.html").read_text(encoding="utf-8")
    notice = html_unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="handbook-form__notice" data-form-notice="draft".*?</p>', html, re.S).group(0)))
    assert (f"{sheet['own_file'][0].upper()}{sheet['own_file'][1:]} se remplit une fois pour toutes les fiches "
            f"et s'imprime à part : « Imprimer {sheet['own_file']} (un autre fichier PDF) ».") in re.sub(r"\s+", " ", notice), notice
    buttons = re.findall(r'<button type="button"[^>]*data-form-print-own="([^"]+)"[^>]*>([^<]+)</button>', html)
    assert [(key, html_unescape(label)) for key, label in buttons] == \
        [(sheet["id"], f"Imprimer {sheet['own_file']} (un autre fichier PDF)")] * 2   # above the form and under it
    assert len(re.findall(rf'<section class="[^"]*" aria-labelledby="feuille-{sheet["id"]}" data-own-file', html)) == 1


def test_the_forms_page_opens_with_which_form_each_dossier_needs_and_by_when(site, session):
    # A candidate opening /formulaires/ on a phone first read « Annexe 1 – ATTESTATION DE STAGE », which cannot be
    # downloaded; the deadline came on the third screen. First now: by when, where, and for each exam its form and pieces.
    text = read_text(site / "formulaires/index.html")
    d = session.dossiers.deposit
    start = text.index("Formulaires") + len("Formulaires")
    box = text[start:text.index("Annexe 1 – ")]
    assert box.lstrip().startswith("À déposer du lundi 28 mars au lundi 18 avril 2022 avant minuit (date impérative), "
                                   f"sur {d.platform}"), box
    assert d.scope in box
    for r in d.requirements:
        exam = session.exam(r.exam)
        (form,) = session.forms_of_exam(r.exam)
        line = f"{exam.short} → formulaire de l'annexe {session.annex(form.annex).number} : {r.pieces}"
        assert line in box, (line, box)
    html = (site / "formulaires/index.html").read_text(encoding="utf-8")
    top = html[:html.index('id="annexe-1"')]
    assert re.findall(r'href="\.\./(formulaires/[^"]+)"', top) == \
        [f.url for r in d.requirements for f in session.forms_of_exam(r.exam)], top


class _Places(HTMLParser):
    # Inputs of the HTML form and how each is named for assistive technology.
    def __init__(self):
        super().__init__()
        self.inputs: list[dict] = []
        self.label_for: set[str] = set()
        self._in_label = 0
        self._legends = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self._in_label += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in ("input", "textarea"):
            self.inputs.append({**attrs, "wrapped": self._in_label > 0})

    def handle_endtag(self, tag):
        if tag == "label":
            self._in_label -= 1


@pytest.mark.parametrize("name", FORM_FILES)
def test_html_page_has_every_field_labelled(site, name):
    form = raw(name)
    page = site / "formulaires" / form["annex"] / "index.html"
    html = page.read_text(encoding="utf-8")
    article = re.search(r'<form class="handbook-form".*?</form>', html, re.S).group(0)
    places = _Places()
    places.feed(article)
    names = {i["name"] for i in places.inputs}
    assert names == set(expected_fields(form))
    unnamed = [i["name"] for i in places.inputs if not (i.get("id") in places.label_for or i.get("aria-label") or i["wrapped"])]
    assert not unnamed
    text = main_text(page)
    # Footnote marks are links of their own after the words (checked in the notes below).
    for words in expected_headings(form, False) + expected_labels(form, False) + expected_options(form) + statements(form):
        assert re.sub(r"\s+", " ", words) in text, words
    for note in form.get("notes", []):
        assert all(p in text for p in note["paragraphs"])
        assert f'href="#note-{note["id"]}"' in article and f'id="note-{note["id"]}"' in html
        # A mark the circular prints raised (« ¹ ») is not raised again (it was 6 px tall), a plain one (« 1 ») is:
        # after the label and before the note.
        raised_already = all(character in "⁰¹²³⁴⁵⁶⁷⁸⁹" for character in note["mark"])
        mark = re.search(rf'(<sup>)?<a class="handbook-note-ref" href="#note-{note["id"]}"[^>]*>([^<]+)</a>', article)
        assert mark and mark.group(2) == html_escape(note["mark"]) and bool(mark.group(1)) != raised_already
        listed = re.search(rf'<div class="handbook-form__note" id="note-{note["id"]}">\s*<p>(<sup>)?'
                           rf'{re.escape(html_escape(note["mark"]))}(.*?)</div>', html, re.S)
        assert listed and bool(listed.group(1)) != raised_already, note["id"]
        # The element a field's description points at holds the whole note: each of its paragraphs, not the first.
        described = re.sub(r"\s+", " ", html_unescape(re.sub(r"<[^>]+>", " ", listed.group(2))))
        assert all(re.sub(r"\s+", " ", paragraph) in described for paragraph in note["paragraphs"]), note["id"]
    # A place with a footnote is described by it, where a screen reader reads the place.
    noted = [(place["id"], place["note"]) for place in places_with_notes(form)]
    for place, note in noted:
        assert re.search(rf'id="champ-{place}"[^>]* aria-describedby="note-{note}"', article), place
    assert noted or name != "e4-fiche-descriptive"


# --- bad form data -----------------------------------------------------------------

@pytest.fixture
def data(project) -> Path:
    return project / "data" / "2022"


# (form file, text, replacement, field path, words of the message)
FORM_BREAKAGES = [
    ("e4-fiche-descriptive.yml", "{id: titre, label: \"TITRE :\"}", "{id: titre, libelle: \"TITRE :\"}",
     "sheets[0].sections[0].items[1].text.libelle", "clé inconnue « libelle »"),
    ("e4-fiche-descriptive.yml", "          - text: {id: titre,", "          - texte: {id: titre,",
     "sheets[0].sections[0].items[1].texte", "clé inconnue « texte »"),
    ("e4-fiche-descriptive.yml", "{id: historique, label: Historique/Problématique de l'activité, lines: 4}",
     "{id: historique, label: Historique/Problématique de l'activité, lines: quatre}",
     "sheets[0].sections[2].items[1].text.lines", "nombre entier attendu"),
    ("e6-fiche-descriptive.yml", "{id: contexte, label: Contexte, lines: 3}", "{id: periodes, label: Contexte, lines: 3}",
     "sheets[0].sections[2].items[2].text.id", "nom de champ en double « periodes »"),
    ("e6-fiche-descriptive.yml", "annex: e6-fiche-descriptive", "annex: e6-fiche", "annex", "annexe inconnue « e6-fiche »"),
    ("engagement-etudiant.yml", "              exam: e6", "              exam: e7",
     "sheets[0].sections[0].items[0].statement.exam", "épreuve inconnue « e7 »"),
    ("e4-fiche-descriptive.yml", "note: annexe-offre,", "note: offre,",
     "sheets[0].sections[1].items[3].text.note", "note inconnue « offre »"),
    ("e6-fiche-descriptive.yml", "    header: etude", "    header: memoire", "sheets[1].header", "valeur non prévue"),
    # The file apart is one the deposit asks for (dossiers.yml): words not in E6's pieces are reported.
    ("e6-fiche-descriptive.yml", "own_file: l'étude réflexive réseau", "own_file: le mémoire",
     "sheets[1].own_file", "« le mémoire » n'est pas dans les pièces à déposer de l'annexe (e6"),
]


@pytest.mark.parametrize("name, old, new, field, words", FORM_BREAKAGES, ids=[b[3] for b in FORM_BREAKAGES])
def test_bad_form_data_names_file_line_and_field(data, name, old, new, field, words):
    line = break_file(data / "forms", name, old, new)
    assert_reported(problems_of(data), f"data/2022/forms/{name}:{line}: {field}: ", words)


def test_an_element_with_two_kinds_is_reported(data):
    line = break_file(data / "forms", "e4-fiche-descriptive.yml", "          - text: {id: titre, label: \"TITRE :\"}",
                      "          - text: {id: titre, label: \"TITRE :\"}\n            date: {id: jour, label: Jour}")
    problems = problems_of(data)
    assert f"data/2022/forms/e4-fiche-descriptive.yml:{line}: sheets[0].sections[0].items[1]: " \
           "élément sans type ou de plusieurs types à la fois — attendu : un bloc d'une seule clé parmi : " in problems[0]


def test_an_annex_without_its_form_is_reported(data):
    (data / "forms" / "engagement-etudiant.yml").unlink()
    line = line_of(data, "annexes.yml", "id: engagement-etudiant")
    assert f"data/2022/annexes.yml:{line}: annexes[3].id: l'annexe « engagement-etudiant » n'a pas de formulaire" in problems_of(data)[0]


@pytest.mark.e2e
def test_a_form_error_stops_the_build(project, tmp_path):
    from conftest import build
    break_file(project / "data" / "2022" / "forms", "e4-fiche-descriptive.yml", "lines: 4}", "lines: 0}")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "data/2022/forms/e4-fiche-descriptive.yml:" in result.stderr and "nombre trop petit" in result.stderr
    assert "Traceback" not in result.stderr


# --- in the browser ------------------------------------------------------------------

VIEWPORTS = [("phone-320", {"width": 320, "height": 640}), ("phone", {"width": 375, "height": 812}),
             ("desktop", {"width": 1280, "height": 900})]
LONG_ANSWER = "\n".join(f"Ligne {n} : une réponse assez longue pour remplir la largeur du champ." for n in range(1, 41))


@pytest.mark.parametrize("name, viewport", VIEWPORTS, ids=[v[0] for v in VIEWPORTS])
def test_html_form_can_be_filled_on_a_phone(browser, site_url, screenshot, name, viewport):
    page = browser.new_page(viewport=viewport)
    page.goto(f"{site_url}formulaires/e4-fiche-descriptive/")
    page.get_by_label("TITRE :").fill("Salon des vins")
    choice = page.get_by_role("radio", name="Organisation et Animation d'un Evènement commercial")
    assert choice.bounding_box()["width"] >= 18, choice.bounding_box()   # big enough to tap (the default is 13 px)
    # Each line of a choice's words starts beside its button, never under it (a long option wraps at 320 px).
    under = page.eval_on_selector_all(".handbook-form__choice > label", """labels => labels.flatMap(label => {
        const button = label.querySelector('input').getBoundingClientRect();
        const words = document.createRange();
        words.setStartAfter(label.querySelector('input'));
        words.setEndAfter(label.lastChild);
        return [...words.getClientRects()].filter(line => line.width > 1 && line.left < button.right)
            .map(line => label.textContent.trim());
    })""")
    assert under == [], under
    choice.check()
    assert page.get_by_label("Déroulement de l'activité – Phases, ligne 1").count() == 1
    assert page.locator("input[name=activite]:checked").get_attribute("value") == "evenement-commercial"
    # A text area grows with a long answer: all of it shows, none of it scrolls inside the field.
    area = page.locator("form.handbook-form textarea").first
    before = area.bounding_box()["height"]
    area.fill(LONG_ANSWER)
    grown = area.evaluate("t => [t.scrollHeight, t.clientHeight, t.getBoundingClientRect().height]")
    assert grown[0] <= grown[1] + 1 and grown[2] > 5 * before, grown
    assert page.get_by_role("button", name="Imprimer").first.is_visible()
    overflow = page_overflow(page)
    assert overflow <= 0
    # Each table of the form fits its box, nothing to scroll sideways, and its caption spans it (on a phone the
    # table stacks: its caption is the heading of the block, not a column one word wide).
    tables = page.eval_on_selector_all(".handbook-form__table", """boxes => boxes.map(box => ({
        scrolls: box.scrollWidth - box.clientWidth,
        caption: box.querySelector('caption').getBoundingClientRect().width / box.clientWidth}))""")
    assert tables and all(t["scrolls"] <= 1 and t["caption"] > 0.9 for t in tables), tables
    screenshot(page, f"formulaire-e4-{name}", full_page=True)
    page.close()


# The fields of the page's content drawn under 16 px: [tag, name, size]. iOS Safari zooms the page into such a field as
# soon as it is tapped (Material's palette switches, hidden radio buttons of the header, are not the form's).
SMALL_FIELDS = """() => [...document.querySelectorAll('.md-content :is(input, textarea, select)')]
  .filter(el => el.getClientRects().length && parseFloat(getComputedStyle(el).fontSize) < 16)
  .map(el => [el.tagName.toLowerCase(), el.name || el.id, getComputedStyle(el).fontSize])"""


@pytest.mark.parametrize("name", FORM_FILES)
def test_no_field_of_a_form_is_under_16_px_on_a_phone(tabs, site_url, name):
    # A table's text is 14 px, and its cells' text areas took that size: at each tap in « Déroulement de l'activité »,
    # « Bilan réflexif »… an iPhone zoomed in, and the reader had to zoom back out to see the form again.
    page = tabs({"width": 320, "height": 640})
    page.goto(f"{site_url}formulaires/{raw(name)['annex']}/", wait_until="load")
    assert page.locator(".md-content textarea").count() > 0
    small = page.evaluate(SMALL_FIELDS)
    assert small == [], small
    assert page_overflow(page) <= 0


def test_text_areas_grow_where_css_cannot(browser, site_url):
    # Browsers without CSS field-sizing: the script sizes each text area to its answer instead.
    context = browser.new_context(viewport={"width": 375, "height": 812})
    context.add_init_script("""(() => { const supports = CSS.supports.bind(CSS);
        CSS.supports = (property, value) => property === "field-sizing" ? false : supports(property, value); })();""")
    page = context.new_page()
    page.add_init_script("document.addEventListener('DOMContentLoaded', () => { const s = document.createElement('style'); "
                         "s.textContent = 'textarea { field-sizing: fixed !important; }'; document.head.append(s); });")
    page.goto(f"{site_url}formulaires/e4-fiche-descriptive/", wait_until="load")
    page.wait_for_selector("form.handbook-form--live")
    area = page.locator("form.handbook-form textarea").first
    assert area.evaluate("t => getComputedStyle(t).fieldSizing") == "fixed"
    area.fill(LONG_ANSWER)
    sizes = area.evaluate("t => [t.scrollHeight, t.clientHeight]")
    assert sizes[0] <= sizes[1] + 1 and sizes[1] > 500, sizes
    context.close()


def open_form(browser, site_url, form: str = "e6-fiche-descriptive", **options):
    """A form page (E6's unless named) in a fresh browser context (its own storage), with window.print stubbed to
    count calls."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, **options)
    context.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page = context.new_page()
    page.goto(f"{site_url}formulaires/{form}/", wait_until="load")
    page.wait_for_selector("form.handbook-form--live")   # handbook-form.js has set the form up
    return context, page


def draft_keys(page) -> list[str]:
    return [k for k in page.evaluate("Object.keys(localStorage)") if k.startswith("handbook-brouillon")]


def test_print_buttons_are_buttons_that_print(browser, site_url):
    context, page = open_form(browser, site_url)
    # E6's annex has a sheet printed apart (the study): its « Imprimer » prints the fiche, and says so.
    buttons = page.get_by_role("button", name="Imprimer la fiche", exact=True)
    assert buttons.count() == 2  # above the form and after it
    for index, key in enumerate(["Enter", " "]):
        button = buttons.nth(index)
        assert button.evaluate("b => [b.tagName, b.type]") == ["BUTTON", "button"]
        button.focus()
        page.keyboard.press(key)
        assert page.evaluate("window.printed") == index + 1
    # The button is reached with Tab like any other control.
    page.get_by_label("N° :").focus()
    page.keyboard.press("Shift+Tab")
    names = []
    for _ in range(6):
        names.append(page.evaluate("document.activeElement.textContent.trim()"))
        page.keyboard.press("Shift+Tab")
    assert "Imprimer la fiche" in names and "Effacer mes réponses" in names, names
    context.close()


def test_answers_are_kept_on_this_device_until_erased(browser, site_url):
    context, page = open_form(browser, site_url)
    form = page.locator("form.handbook-form")
    key = form.get_attribute("data-draft-key")
    assert page.get_by_text("Vos réponses restent sur cet appareil").is_visible()
    # A dossier needs several filled copies (E6: three sheets): the page says how each is kept (test below).
    assert "Chaque fiche remplie est gardée à part\u00a0: «\u00a0Nouvelle fiche\u00a0» en commence une autre" \
        in page.locator("[data-form-notice=draft]").inner_text()
    assert not page.get_by_text("Rien n'est enregistré").is_visible()
    assert draft_keys(page) == []  # nothing stored before the first answer
    # Answer: text, long text, date, a tick box and a radio button.
    page.get_by_label("N° :").fill("42")
    area = form.locator("textarea").last
    area.fill(LONG_ANSWER)
    form.locator("input[type=date]").first.fill("2022-03-12")
    box = form.locator("input[type=checkbox]").first
    box.check()
    radio = form.locator("input[type=radio]").last
    radio.check()
    # The study's answers (the long text, the date) are kept apart, once for every fiche of the dossier.
    assert sorted(draft_keys(page)) == [key, f"{key}/a-part"]
    stored = json.loads(page.evaluate("k => localStorage.getItem(k)", key))
    names = set(form.evaluate("f => [...f.elements].map(e => e.name).filter(Boolean)"))
    assert set(stored["values"]) <= names and stored["values"]["numero"] == "42"
    # Back later (a reload, a tab the phone discarded): everything is there, and the page says so.
    page.reload(wait_until="load")
    page.wait_for_selector("form.handbook-form--live")
    assert page.get_by_label("N° :").input_value() == "42"
    assert area.input_value() == LONG_ANSWER
    assert form.locator("input[type=date]").first.input_value() == "2022-03-12"
    assert box.is_checked() and radio.is_checked()
    assert "reprises" in page.get_by_role("status").inner_text()
    # On paper the restored answer is printed in full.
    page.emulate_media(media="print")
    assert area.evaluate("t => t.nextElementSibling.textContent") == LONG_ANSWER
    page.emulate_media(media="screen")
    # "Effacer mes réponses" asks first: cancelled, nothing changes; confirmed, the form and the draft are empty.
    erase = page.get_by_role("button", name="Effacer mes réponses")
    page.once("dialog", lambda dialog: dialog.dismiss())
    erase.click()
    assert area.input_value() == LONG_ANSWER and sorted(draft_keys(page)) == [key, f"{key}/a-part"]
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    erase.click()
    # The one fiche kept: erased with the study, which the question names.
    assert messages and "Effacer" in messages[0] and "fiche 1 et à l'étude réflexive réseau" in messages[0]
    assert area.input_value() == "" and not box.is_checked() and page.get_by_label("N° :").input_value() == ""
    assert draft_keys(page) == []
    assert "effacées" in page.get_by_role("status").inner_text()
    page.reload(wait_until="load")
    page.wait_for_selector("form.handbook-form--live")
    assert area.input_value() == "" and page.locator("[data-form-status]").text_content() == ""
    context.close()


def test_each_filled_copy_is_kept_apart_and_comes_back(browser, site_url, screenshot):
    """The E6 dossier holds three filled sheets of this form: each is kept on the device on its own, the list brings
    each back, and erasing one leaves the others."""
    context, page = open_form(browser, site_url)
    form = page.locator("form.handbook-form")
    key = form.get_attribute("data-draft-key")
    title = page.get_by_label("TITRE :")
    shown = page.get_by_label("Fiche affichée")
    status = page.get_by_role("status")
    assert shown.is_visible() and shown.evaluate("s => [...s.options].map(o => o.text)") == ["Fiche 1"]
    page.get_by_role("button", name="Nouvelle fiche").click()   # nothing written yet: the first sheet stays
    assert shown.input_value() == "1" and "La fiche 1 est encore vide" in status.inner_text()
    title.fill("Salon de l'étudiant")
    # A second and a third sheet: each starts empty, the others are kept.
    for number, answer in ((2, "Animation en magasin"), (3, "Prospection téléphonique")):
        page.get_by_role("button", name="Nouvelle fiche").click()
        assert title.input_value() == "" and shown.input_value() == str(number)
        assert f"Fiche {number} commencée" in status.inner_text()
        # Tapped again before anything is written: the empty sheet stays the one on screen, no number skipped.
        page.get_by_role("button", name="Nouvelle fiche").click()
        assert shown.input_value() == str(number) and shown.evaluate("s => s.options.length") == number
        assert f"La fiche {number} est encore vide" in status.inner_text()
        title.fill(answer)
    assert sorted(draft_keys(page)) == sorted([key, f"{key}/fiche-2", f"{key}/fiche-3"])
    # Back later: the first sheet, and the page names the others.
    page.reload(wait_until="load")
    page.wait_for_selector("form.handbook-form--live")
    assert title.input_value() == "Salon de l'étudiant" and shown.input_value() == "1"
    assert shown.evaluate("s => [...s.options].map(o => o.text)") == ["Fiche 1", "Fiche 2", "Fiche 3"]
    assert "reprises" in status.inner_text() and "Les fiches 2 et 3 sont gardées aussi" in status.inner_text()
    screenshot(page, "formulaire-fiches-375")
    shown.select_option("3")
    assert title.input_value() == "Prospection téléphonique" and "Fiche 3\u00a0: vos réponses" in status.inner_text()
    # An answer to the third sheet changes that one alone.
    title.fill("Prospection par courriel")
    shown.select_option("2")
    assert title.input_value() == "Animation en magasin"
    # Erasing the second sheet asks first, names it, and leaves the first and the third.
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Effacer mes réponses").click()
    assert messages and "fiche 2" in messages[0] and title.input_value() == ""
    assert "fiche 2 ont été effacées" in status.inner_text()
    assert sorted(draft_keys(page)) == sorted([key, f"{key}/fiche-3"])
    shown.select_option("3")
    assert title.input_value() == "Prospection par courriel"
    page.reload(wait_until="load")
    page.wait_for_selector("form.handbook-form--live")
    assert shown.evaluate("s => [...s.options].map(o => o.text)") == ["Fiche 1", "Fiche 3"]
    assert "La fiche 3 est gardée aussi" in status.inner_text()
    context.close()


def test_every_sheet_prints_in_one_document_for_the_dossiers_single_pdf(browser, site_url):
    """The deposit asks for one PDF of a dossier's sheets (E6 : « 1 fichier PDF regroupant les 3 fiches ») : « Imprimer
    les 3 fiches » prints every sheet kept on this device in one document, each from a new page, in their order,
    whichever is on screen; « Enregistrer au format PDF » then gives that one file."""
    context, page = open_form(browser, site_url)
    title = page.get_by_label("TITRE :")
    every_sheet = page.locator("[data-form-print-all]")
    title.fill("Salon de l'étudiant")
    assert every_sheet.count() == 2 and every_sheet.first.is_hidden() and every_sheet.last.is_hidden()   # one sheet: « Imprimer »
    for answer in ("Animation en magasin", "Prospection téléphonique"):
        page.get_by_role("button", name="Nouvelle fiche").click()
        title.fill(answer)
    page.get_by_label("Fiche affichée").select_option("2")
    every_sheet = page.get_by_role("button", name="Imprimer les 3 fiches")
    assert every_sheet.count() == 2 and every_sheet.last.is_visible()   # above the form and under it
    every_sheet.last.click()
    assert page.evaluate("window.printed") == 1
    # What the browser prints (window.print is stubbed: the page stays as printed) is the PDF the candidate saves.
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    texts = [sheet.extract_text() for sheet in reader.pages]
    firsts = [next(i for i, text in enumerate(texts) if answer in text)
              for answer in ("Salon de l'étudiant", "Animation en magasin", "Prospection téléphonique")]
    assert firsts == sorted(firsts) and len(set(firsts)) == 3, texts
    assert all(sum(answer in text for text in texts) == 1
               for answer in ("Salon de l'étudiant", "Animation en magasin", "Prospection téléphonique")), texts
    # On screen, one form still: the sheet shown, its answers unchanged.
    assert page.locator("form.handbook-form:visible").count() == 1 and title.input_value() == "Animation en magasin"
    # « Imprimer la fiche 2 » afterwards prints the sheet on screen alone (« Imprimer » while one sheet is kept).
    page.get_by_role("button", name="Imprimer la fiche 2", exact=True).first.click()
    texts = [sheet.extract_text() for sheet in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]
    assert any("Animation en magasin" in text for text in texts)
    assert not any("Salon de l'étudiant" in text or "Prospection téléphonique" in text for text in texts), texts
    context.close()


def printed_texts(page) -> list[str]:
    """What the browser prints (window.print is stubbed: the page stays as printed), page by page."""
    return [sheet.extract_text() for sheet in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]


def test_the_fiches_and_the_study_print_as_the_two_files_the_deposit_asks_for(browser, site_url, session):
    """E6: « 1 fichier PDF regroupant les 3 fiches … + 1 fichier PDF pour l'étude réflexive réseau ». Printing the
    3 fiches gave 9 pages with three étude pages, two of them empty. The study is filled once, for every fiche, and
    printed apart; the fiches print together without it."""
    form = session.form("e6-fiche-descriptive")
    (study,) = [s for s in form.sheets if s.own_file]
    fiche_heading = next(s.heading for s in form.sheets if not s.own_file)
    context, page = open_form(browser, site_url)
    title, theme = page.get_by_label("TITRE :"), page.get_by_label("THÈME", exact=True)
    title.fill("Salon de l'étudiant")
    theme.fill("Fidéliser un réseau de partenaires")
    for answer in ("Animation en magasin", "Prospection téléphonique"):
        page.get_by_role("button", name="Nouvelle fiche").click()
        # A new fiche starts empty; the study is the same for all of them.
        assert title.input_value() == "" and theme.input_value() == "Fidéliser un réseau de partenaires"
        title.fill(answer)
    page.get_by_label("Fiche affichée").select_option("1")
    assert theme.input_value() == "Fidéliser un réseau de partenaires"
    fiches = page.get_by_role("button", name="Imprimer les 3 fiches (un fichier PDF)", exact=True)
    assert fiches.count() == 2 and fiches.first.is_visible()
    fiches.first.click()
    texts = printed_texts(page)
    flat = "\n".join(texts)
    assert [sum(answer in text for text in texts) for answer in
            ("Salon de l'étudiant", "Animation en magasin", "Prospection téléphonique")] == [1, 1, 1], texts
    assert flat.count(fiche_heading) == 3, texts
    assert study.heading not in flat and "Fidéliser un réseau" not in flat and "PROBLÉMATIQUE" not in flat, texts
    # The study: once, its answers, no fiche.
    apart = page.get_by_role("button", name=f"Imprimer {study.own_file} (un autre fichier PDF)", exact=True)
    assert apart.count() == 2 and apart.first.is_visible()
    apart.last.click()
    assert page.evaluate("window.printed") == 2
    texts = printed_texts(page)
    flat = "\n".join(texts)
    assert flat.count(study.heading) == 1 and "Fidéliser un réseau de partenaires" in flat, texts
    assert fiche_heading not in flat and "Salon de l'étudiant" not in flat and "TITRE" not in flat, texts
    assert texts[0].strip(), texts   # no blank page before it
    # The fiche on screen alone: without the study either.
    page.get_by_role("button", name="Imprimer la fiche 1", exact=True).first.click()
    flat = "\n".join(printed_texts(page))
    assert "Salon de l'étudiant" in flat and study.heading not in flat and "Animation en magasin" not in flat, flat
    # On screen again, the whole annex: the fiche shown and the study.
    assert page.locator("form.handbook-form:visible").count() == 1 and theme.is_visible() and title.is_visible()
    # Back later: the study's answers are still there, on every fiche.
    page.reload(wait_until="load")
    page.wait_for_selector("form.handbook-form--live")
    assert theme.input_value() == "Fidéliser un réseau de partenaires" and title.input_value() == "Salon de l'étudiant"
    page.get_by_label("Fiche affichée").select_option("3")
    assert theme.input_value() == "Fidéliser un réseau de partenaires" and title.input_value() == "Prospection téléphonique"
    # Erasing a fiche leaves the study, and says so.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Effacer mes réponses").click()
    assert title.input_value() == "" and theme.input_value() == "Fidéliser un réseau de partenaires"
    assert f"Vos réponses à {study.own_file} restent gardées" in page.get_by_role("status").inner_text()
    context.close()


def test_the_e4_fiches_print_together_and_nothing_apart(browser, site_url):
    # E4's dossier: « 1 fichier PDF regroupant les 2 fiches », no sheet of its own.
    context, page = open_form(browser, site_url, "e4-fiche-descriptive")
    title = page.get_by_label("TITRE :")
    title.fill("Salon des vins")
    assert page.get_by_role("button", name="Imprimer", exact=True).count() == 2
    page.get_by_role("button", name="Nouvelle fiche").click()
    title.fill("Foire de Toulouse")
    assert page.locator("[data-form-print-own]").count() == 0
    page.get_by_role("button", name="Imprimer les 2 fiches (un fichier PDF)", exact=True).first.click()
    texts = printed_texts(page)
    assert [sum(answer in text for text in texts) for answer in ("Salon des vins", "Foire de Toulouse")] == [1, 1], texts
    context.close()


def test_the_forms_page_says_first_which_form_and_by_when_on_a_phone(browser, site_url, screenshot):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(f"{site_url}formulaires/", wait_until="load")
    box = page.locator(".handbook-deposit").first
    title = box.locator(".admonition-title")
    assert "À déposer du lundi 28 mars au lundi 18 avril 2022" in title.inner_text()
    # The deadline and the first exam's form are on the first screen, before any annex.
    assert title.bounding_box()["y"] + title.bounding_box()["height"] <= 640
    first_form = box.get_by_role("link", name="formulaire de l'annexe 2")
    assert first_form.bounding_box()["y"] + first_form.bounding_box()["height"] <= 640, first_form.bounding_box()
    assert box.bounding_box()["y"] < page.locator("#annexe-1").bounding_box()["y"]
    screenshot(page, "formulaires-320")
    page.close()


@pytest.mark.parametrize("day, closed", [(dt.datetime(2022, 4, 10, 10, 0), False), (dt.datetime(2022, 4, 18, 23, 0), False),
                                         (dt.datetime(2022, 4, 19, 8, 0), True)])
def test_the_deposit_box_says_when_the_deposit_has_closed(browser, site_url, day, closed):
    # A candidate filling the form after the deposit read « À déposer du … au lundi 18 avril 2022 » as still open.
    page = browser.new_page(viewport={"width": 375, "height": 812})
    page.clock.set_fixed_time(day)
    page.goto(f"{site_url}formulaires/e4-fiche-descriptive/", wait_until="load")
    title = page.locator(".handbook-deposit .admonition-title")
    assert title.inner_text().startswith("Passé") == closed, title.inner_text()
    assert "À déposer du lundi 28 mars au lundi 18 avril 2022" in title.inner_text()
    page.close()


def test_emptied_answers_leave_no_draft(browser, site_url):
    context, page = open_form(browser, site_url)
    field = page.get_by_label("N° :")
    field.fill("42")
    assert len(draft_keys(page)) == 1
    field.fill("")
    assert draft_keys(page) == []
    context.close()


def test_where_storage_is_refused_the_page_says_nothing_is_kept_and_asks_before_leaving(browser, site_url):
    context, page = open_form(browser, site_url)
    context.close()
    context = browser.new_context(viewport={"width": 375, "height": 812})
    context.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('refusé', 'QuotaExceededError'); };")
    page = context.new_page()
    page.goto(f"{site_url}formulaires/e6-fiche-descriptive/", wait_until="load")
    page.wait_for_selector("form.handbook-form--live")
    assert page.get_by_text("Rien n'est enregistré").is_visible()
    assert not page.get_by_text("Vos réponses restent sur cet appareil").is_visible()
    assert page.get_by_role("button", name="Imprimer la fiche", exact=True).first.is_visible()
    assert page.get_by_role("button", name="Imprimer l'étude réflexive réseau (un autre fichier PDF)").first.is_visible()
    # With no answer the page closes without a question.
    field = page.get_by_label("N° :")
    field.click()
    with page.expect_event("dialog") as asked:
        page.keyboard.type("42")
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()
    assert not page.is_closed() and field.input_value() == "42"
    field.fill("")
    page.close(run_before_unload=True)
    page.wait_for_event("close", timeout=5_000)
    assert page.is_closed()
    context.close()


def test_without_javascript_the_page_says_nothing_is_kept(browser, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}formulaires/e6-fiche-descriptive/")
    assert page.get_by_text("Rien n'est enregistré").is_visible()
    assert not page.get_by_text("Vos réponses restent sur cet appareil").is_visible()
    assert page.get_by_role("button").filter(has_text="Imprimer").count() == 0
    assert page.get_by_role("button").filter(has_text="Effacer").count() == 0
    page.get_by_label("N° :").fill("42")
    # The page's content fits 320 px (Material's header title, scripted to fit, is not the form's).
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('.md-content__inner *')].map(e => e.getBoundingClientRect().right))")
    assert widest <= 320
    context.close()


def test_drafts_kept_before_the_study_was_apart_do_not_overwrite_it(browser, site_url, session):
    # Drafts written before the study was kept apart hold its answers in every fiche: showing another fiche refilled
    # the study with that fiche's old answers, and « Imprimer l'étude » printed whichever fiche was shown last (diff
    # review). The first fiche's study becomes the study; the others' old answers are left where they were.
    key = f"handbook-brouillon/{session.info.year}/e6-fiche-descriptive"
    old = {key: {"saved": "2022-03-01T10:00:00", "values": {"titre": "Salon", "theme": "Thème de la fiche 1"}},
           f"{key}/fiche-2": {"saved": "2022-03-02T10:00:00", "values": {"titre": "Foire", "theme": "Thème de la fiche 2"}}}
    context = browser.new_context(viewport={"width": 375, "height": 812})
    context.add_init_script("(drafts => { if (!localStorage.getItem('seeded')) { localStorage.setItem('seeded', '1'); "
                            "for (const [k, v] of Object.entries(drafts)) localStorage.setItem(k, JSON.stringify(v)); } })("
                            + json.dumps(old) + ")")
    page = context.new_page()
    page.goto(f"{site_url}formulaires/e6-fiche-descriptive/", wait_until="load")
    page.wait_for_selector("form.handbook-form--live")
    title, theme = page.get_by_label("TITRE :"), page.get_by_label("THÈME", exact=True)
    assert title.input_value() == "Salon" and theme.input_value() == "Thème de la fiche 1"
    page.get_by_label("Fiche affichée").select_option("2")
    assert title.input_value() == "Foire" and theme.input_value() == "Thème de la fiche 1"
    context.close()


def test_each_printed_fiche_carries_the_forms_notes(browser, site_url):
    # « Imprimer les 2 fiches » of E4 printed « ¹ Annexe à joindre obligatoirement… » under the last fiche only: the
    # first kept its « ¹ » with no note (candidate review).
    context, page = open_form(browser, site_url, "e4-fiche-descriptive")
    title = page.get_by_label("TITRE :")
    title.fill("Salon de l'étudiant")
    page.get_by_role("button", name="Nouvelle fiche").click()
    title.fill("Animation en magasin")
    page.get_by_role("button", name="Imprimer les 2 fiches").last.click()
    assert page.evaluate("window.printed") == 1
    texts = printed_texts(page)
    starts = [next(i for i, text in enumerate(texts) if answer in text) for answer in ("Salon de l'étudiant", "Animation en magasin")]
    note = "Annexe à joindre obligatoirement"
    first_fiche, second_fiche = texts[starts[0]:starts[1]], texts[starts[1]:]
    assert any(note in text for text in first_fiche) and any(note in text for text in second_fiche), texts
    assert sum(text.count(note) for text in texts) == 2, texts
    # On screen, the notes once, where they were.
    assert page.locator(".handbook-form__notes:visible").count() == 1
    context.close()
