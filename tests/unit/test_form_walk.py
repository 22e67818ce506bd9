"""Fast tier: the one walk over a form (handbook.model.form_walk), tested directly: no build, no browser.

Every form writer (PDF, ODT, DOCX, HTML page) draws what this walk hands it, so its order, its resolved labels and
its keys are what the four outputs share."""

from __future__ import annotations

import inspect

import pytest
import yaml
from conftest import CIRCULAR_2022, ROOT

from handbook.model import DATE_HINT, FORM_ITEM_KINDS, FormFile
from handbook.model.form_walk import RESOLVERS, ChoiceView, DateView, FormBlocks, FormWriter, TableView, TextView, walk
from handbook.render import PageRenderer

pytestmark = pytest.mark.unit

FORMS = CIRCULAR_2022 / "forms"
FORM_FILES = sorted(p.name for p in FORMS.glob("*.yml"))
ELEMENTS = {"text", "date", "choice", "table", "row", "statement"}


def raw(name: str) -> dict:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))


def expected_events(form: dict) -> list[str]:
    """The calls a writer should hear, read from the YAML alone: a row is heard whole, then its fields, then its end."""
    events = []
    for sheet in form["sheets"]:
        events.append("sheet")
        for section in sheet["sections"]:
            events.append("section")
            for item in section["items"]:
                (kind, element), = item.items()
                events.append(kind)
                if kind == "row":
                    events += [next(iter(field)) for field in element["fields"]] + ["end_row"]
            events.append("end_section")
        events.append("end_sheet")
    return events


def places(blocks: FormBlocks) -> list:
    return [b.view for b in blocks.blocks if isinstance(b.view, (TextView, DateView, ChoiceView, TableView))]


def keys(blocks: FormBlocks) -> list[str]:
    """Every input key the walk hands out, in order (a radio group once)."""
    found: list[str] = []
    for view in places(blocks):
        if isinstance(view, ChoiceView):
            found += list(dict.fromkeys(o.input.key for o in view.options))
        elif isinstance(view, TableView):
            found += [cell.key for row in view.cells for cell in row]
        else:
            found.append(view.input.key)
    return found


def make_form(session, **sheet_items) -> FormFile:
    """A small form of the given items, validated as the loader validates a form file."""
    annex = session.annexes.annexes[0].id
    return FormFile.model_validate({
        "annex": annex,
        "sheets": [{"id": "a", "header": "demande", "heading": "Première", "heading_note": "n1",
                    "sections": [{"id": "s", "title": "Rubrique", "note": "n2", "items": sheet_items["first"]}]},
                   {"id": "b", "header": "demande", "heading": "Seconde",
                    "sections": [{"id": "t", "items": sheet_items["second"]}]}],
        "notes": [{"id": "n1", "mark": "¹", "title": "Titre :", "quote": True, "paragraphs": ["« Un", "deux »"]},
                  {"id": "n2", "mark": "²", "paragraphs": ["Seul", "et suite"]}],
    })


@pytest.fixture
def exam(session):
    # Any exam of the session with a printed code: statements name it.
    return next(e for e in session.exams.exams if e.code)


@pytest.fixture
def sample(session, exam) -> FormFile:
    return make_form(session, first=[
        {"text": {"id": "adresse", "label": "Adresse", "hint": "(2 lignes)", "lines": 2, "note": "n2"}},
        {"row": {"label": "Période :", "fields": [{"date": {"id": "du", "label": "du"}},
                                                 {"text": {"id": "lieu", "label": "Lieu", "hint": "(ville)"}},
                                                 {"choice": {"id": "mode", "label": "Mode", "options": [
                                                     {"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}}]}},
        {"choice": {"id": "cases", "label": "Cases", "multiple": True,
                    "options": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}]}},
        {"table": {"id": "tab", "label": "Tableau", "columns": [{"id": "c1", "label": "Un"}, {"id": "c2", "label": "Deux"}],
                   "rows": 2}},
    ], second=[
        {"statement": {"text": "Épreuve :", "exam": exam.id}},
        {"row": {"fields": [{"text": {"id": "nom", "label": "Nom"}}, {"date": {"id": "le", "label": "le"}}]}},
    ])


# --- order ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", FORM_FILES)
def test_writers_hear_every_part_of_a_real_form_in_document_order(session, name):
    form = raw(name)
    blocks = session.form(form["annex"]).blocks(session)
    assert [b.kind for b in blocks.blocks] == expected_events(form)
    assert [n.id for n in blocks.footnotes] == [n["id"] for n in form.get("notes", [])]


def test_a_writer_hears_the_calls_in_order_with_rows_whole_first(session, sample):
    blocks = walk(session, sample, FormBlocks())
    assert [b.kind for b in blocks.blocks] == [
        "sheet", "section", "text", "row", "date", "text", "choice", "end_row", "choice", "table", "end_section",
        "end_sheet", "sheet", "section", "statement", "row", "text", "date", "end_row", "end_section", "end_sheet"]
    assert [n.id for n in blocks.footnotes] == ["n1", "n2"]
    row = blocks.blocks[3].view
    assert [view.key for view in row.fields] == ["du", "lieu", "mode"] == [blocks.blocks[i].view.key for i in (4, 5, 6)]
    assert row.key == "du-lieu-mode" and row.lines == 1
    assert blocks.blocks[15].view.key == "nom-le"


# --- resolved presentation -------------------------------------------------------------

def test_labels_are_resolved_once_label_hint_note_and_row(session, sample):
    blocks = sample.blocks(session)
    adresse, du, lieu, mode, _cases, _table, nom, le = places(blocks)
    assert (adresse.label, adresse.hint, adresse.caption) == ("Adresse", "(2 lignes)", "Adresse (2 lignes)")
    assert adresse.note.mark == "²" and adresse.input.label == "Adresse (2 lignes)" and not adresse.in_row
    # A labelled row's label begins the name of each of its places; the printed label stays the place's own.
    assert du.in_row and du.caption == "du" and du.input.label == f"Période : du {DATE_HINT}"
    assert lieu.caption == "Lieu (ville)" and lieu.input.label == "Période : Lieu (ville)"
    assert mode.caption == "Mode" and {o.input.label for o in mode.options} == {"Période : Mode"}
    # A row without a label leaves its places' names alone.
    assert (nom.in_row, nom.input.label, le.input.label) == (True, "Nom", f"le {DATE_HINT}")


def test_choices_share_a_radio_group_or_have_a_box_each(session, sample):
    blocks = sample.blocks(session)
    mode, cases = [v for v in places(blocks) if isinstance(v, ChoiceView)]
    assert not mode.multiple and [(o.id, o.input.key, o.input.kind) for o in mode.options] == [
        ("a", "mode", "radio"), ("b", "mode", "radio")]
    assert cases.multiple and [(o.input.key, o.input.label, o.input.kind) for o in cases.options] == [
        ("cases-x", "Cases : X", "checkbox"), ("cases-y", "Cases : Y", "checkbox")]


def test_a_table_has_one_cell_per_row_and_column(session, sample):
    (table,) = [v for v in places(sample.blocks(session)) if isinstance(v, TableView)]
    assert table.columns == ("Un", "Deux")
    assert [[(c.key, c.label) for c in row] for row in table.cells] == [
        [("tab-1-c1", "Tableau – Un, ligne 1"), ("tab-1-c2", "Tableau – Deux, ligne 1")],
        [("tab-2-c1", "Tableau – Un, ligne 2"), ("tab-2-c2", "Tableau – Deux, ligne 2")]]


def test_sheets_sections_statements_and_notes_are_resolved(session, sample, exam):
    blocks = sample.blocks(session)
    sheets = [b.view for b in blocks.blocks if b.kind == "sheet"]
    assert [(s.key, s.new_page, s.header.heading) for s in sheets] == [("a", False, "Première"), ("b", True, "Seconde")]
    assert sheets[0].note.mark == "¹" and sheets[1].note is None
    assert any(str(session.info.year) in line for line in sheets[0].header.before + sheets[0].header.after)
    sections = [b.view for b in blocks.blocks if b.kind == "section"]
    assert [(s.key, s.title, s.note and s.note.mark) for s in sections] == [("a-s", "Rubrique", "²"), ("b-t", None, None)]
    (statement,) = [b.view for b in blocks.blocks if b.kind == "statement"]
    assert statement.text == f"Épreuve : {exam.code} – {exam.title}"
    titled, plain = blocks.footnotes
    assert (titled.first, titled.titled, titled.rest, titled.quote) == ("Titre :", True, ("« Un", "deux »"), True)
    assert (plain.first, plain.titled, plain.rest, plain.quote) == ("Seul", False, ("et suite",), False)


# --- keys -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", FORM_FILES)
def test_keys_are_unique_and_are_the_form_s_inputs(session, name):
    form = session.form(raw(name)["annex"])
    found = keys(form.blocks(session))
    assert len(found) == len(set(found))
    assert found == [view.key for view in form.inputs]
    # The names the walk gives are the model's, row labels included: one rule for the PDF and the page.
    named = {view.input.key: view.input.label for view in places(form.blocks(session)) if isinstance(view, TextView)}
    assert all(named[v.key] == v.label for v in form.inputs if v.key in named)


# --- the contract for a new kind of element ----------------------------------------------

def test_every_kind_of_element_has_a_resolver_and_a_writer_method_every_writer_must_have():
    assert set(FORM_ITEM_KINDS) == set(RESOLVERS) == ELEMENTS
    abstract = FormWriter.__abstractmethods__
    assert set(FORM_ITEM_KINDS) <= abstract and {"sheet", "section", "notes"} <= abstract
    # A writer that does not draw one kind cannot even be created.
    forgetful = type("Forgetful", (FormWriter,), {name: lambda self, view: None for name in abstract - {"table"}})
    with pytest.raises(TypeError, match="table"):
        forgetful()


def test_the_writers_implement_every_method():
    from handbook.outputs import forms_docx, forms_odt, forms_pdf
    for module in (forms_pdf, forms_odt, forms_docx):
        assert not inspect.isabstract(module._Writer), module.__name__


# --- the HTML page, drawn from the walk --------------------------------------------------

def test_the_page_escapes_every_data_string_it_draws(session):
    hostile = "<b>*gras*</b> [lien](x) _a_"
    form = make_form(session, first=[
        {"text": {"id": "t", "label": hostile, "hint": hostile, "note": "n2"}},
        {"row": {"label": hostile, "fields": [{"date": {"id": "d", "label": hostile}},
                                              {"choice": {"id": "c", "label": hostile, "options": [
                                                  {"id": "a", "label": hostile}, {"id": "b", "label": "B"}]}}]}},
        {"table": {"id": "tab", "label": hostile, "columns": [{"id": "c1", "label": hostile}], "rows": 1}},
    ], second=[{"statement": {"text": hostile}}])
    form = form.model_copy(update={"notes": [n.model_copy(update={"paragraphs": [hostile]}) for n in form.notes]})
    renderer = PageRenderer(ROOT / "templates", {"session": session, "form_downloads": {form.annex: []}})
    page = renderer.render("formulaires/essai.md", '{% include "form.md.j2" %}\n', {"form": form, "base": "../../"})
    assert "<b>" not in page and "*gras*" not in page and "[lien]" not in page and "_a_" not in page
    assert page.count("&lt;b&gt;&#42;gras&#42;&lt;/b&gt; &#91;lien&#93;(x) &#95;a&#95;") >= 10
    # Accessible as before: the text's label points at its input, the row and the choice are fieldsets with legends.
    assert '<label for="champ-t">' in page and 'id="champ-t"' in page and page.count("<legend>") == 2
    assert 'aria-label="&lt;b&gt;' in page  # a table cell is named by its column and row
