"""A form of the circular as an OpenDocument text (ODT), the administration's recommended open format."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import Any

from odf import dc, meta, style, table, text
from odf.element import Element
from odf.opendocument import OpenDocumentText

from ..model import FormFile, FormNote, Session
from ..model.form_walk import ChoiceView, DateView, FormWriter, NoteView, RowView, SectionView, SheetView, StatementView, TableView, TextView, walk

BOX = "\u2610"   # ☐ before each option: tick it by hand, or replace it by ☒
LINE_CM = 0.6    # height of one line to write in

# The document's named styles by role ("h1", "label", "cell", …), and row heights already made ("rows").
Styles = dict[str, Any]


def render(session: Session, form: FormFile) -> bytes:
    """The form as ODT bytes: A4, French, headings for sheets and sections, tables to fill in."""
    with _own_namespaces():
        document = OpenDocumentText()
        styles = _styles(document)
        _metadata(document, session, form)
        walk(session, form, _Writer(document.text, styles))
        out = io.BytesIO()
        document.write(out)
        return out.getvalue()


@contextlib.contextmanager
def _own_namespaces() -> Iterator[None]:
    # odfpy declares in each part it writes every namespace any element of the process has used so far (one table
    # for the whole class): each form starts from an empty table, so its bytes never depend on what was made before.
    used_before = dict(Element.namespaces)
    Element.namespaces.clear()
    try:
        yield
    finally:
        Element.namespaces.clear()
        Element.namespaces.update(used_before)


class _Writer(FormWriter):
    """Adds each part of the form to the document's body: places are table rows of a label and a cell to fill."""

    def __init__(self, body: Element, styles: Styles):
        self.body, self.styles = body, styles
        self._row: Element | None = None   # the table row of the row being written

    def sheet(self, sheet: SheetView) -> None:
        body, styles = self.body, self.styles
        for index, line in enumerate(sheet.header.before):
            line_style = styles["page"] if sheet.new_page and not index else styles["header"]
            body.addElement(text.P(stylename=line_style, text=line))
        heading_style = styles["h1-page"] if sheet.new_page and not sheet.header.before else styles["h1"]
        heading = text.H(outlinelevel=1, stylename=heading_style, text=sheet.header.heading)
        _note_mark(heading, sheet.note, styles)
        body.addElement(heading)
        for line in sheet.header.after:
            body.addElement(text.P(stylename=styles["header"], text=line))

    def section(self, section: SectionView) -> None:
        if section.title:
            title = text.H(outlinelevel=2, stylename=self.styles["h2"], text=section.title)
            _note_mark(title, section.note, self.styles)
            self.body.addElement(title)

    def text(self, field: TextView) -> None:
        row = self._place(field.key, field.lines)
        row.addElement(_cell(self.styles, _label(self.styles, field.caption, field.note)))
        row.addElement(_cell(self.styles))

    def date(self, date: DateView) -> None:
        row = self._place(date.key)
        row.addElement(_cell(self.styles, _label(self.styles, date.caption)))
        row.addElement(_cell(self.styles, text.P(text="…/…/…")))

    def choice(self, choice: ChoiceView) -> None:
        row = self._place(choice.key)
        row.addElement(_cell(self.styles, _label(self.styles, choice.caption)))
        row.addElement(_cell(self.styles, *_options(self.styles, choice)))

    def row(self, row: RowView) -> None:
        # One table row: the row's label, then a label and a cell for each place.
        grid = _table(self.body, self.styles, row.key, 2 * len(row.fields) + (1 if row.label else 0))
        self._row = table.TableRow(stylename=_row_style(self.styles, self.body, row.lines))
        if row.label:
            self._row.addElement(_cell(self.styles, _label(self.styles, row.label)))
        grid.addElement(self._row)

    def end_row(self, row: RowView) -> None:
        self._row = None

    def table(self, spec: TableView) -> None:
        _add_table(self.body, self.styles, spec)

    def statement(self, statement: StatementView) -> None:
        self.body.addElement(text.P(stylename=self.styles["statement"], text=statement.text))

    def notes(self, notes: tuple[NoteView, ...]) -> None:
        for note in notes:
            _add_note(self.body, self.styles, note)

    def _place(self, key: str, lines: int | None = None) -> Element:
        # The table row a place goes in: the row's, or for a place outside a row a table of its own
        # (only a text's is as tall as its lines).
        if self._row is not None:
            return self._row
        row = table.TableRow(stylename=_row_style(self.styles, self.body, lines)) if lines else table.TableRow()
        _table(self.body, self.styles, key, 2).addElement(row)
        return row


def _styles(document: OpenDocumentText) -> Styles:
    # Named styles staff can change in one place; the page is A4 with 2 cm margins; the language French.
    layout = style.PageLayout(name="A4")
    layout.addElement(style.PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
                                                 margintop="2cm", marginbottom="2cm", marginleft="2cm", marginright="2cm"))
    document.automaticstyles.addElement(layout)
    document.masterstyles.addElement(style.MasterPage(name="Standard", pagelayoutname=layout))
    default = style.DefaultStyle(family="paragraph")
    default.addElement(style.TextProperties(fontsize="10pt", language="fr", country="FR", fontfamily="Liberation Sans"))
    document.styles.addElement(default)
    found: Styles = {}
    for key, name, display, props, paragraph in (
        ("h1", "Heading_20_1", "Heading 1", {"fontsize": "14pt", "fontweight": "bold"}, {"margintop": "0.3cm", "marginbottom": "0.2cm", "textalign": "center"}),
        ("h2", "Heading_20_2", "Heading 2", {"fontsize": "12pt", "fontweight": "bold"}, {"margintop": "0.4cm", "marginbottom": "0.15cm"}),
        ("header", "En-tete_20_de_20_fiche", "En-tête de fiche", {"fontsize": "11pt", "fontweight": "bold"}, {"textalign": "center"}),
        ("label", "Libelle", "Libellé", {"fontsize": "10pt", "fontweight": "bold"}, {}),
        ("option", "Case_20_a_20_cocher", "Case à cocher", {"fontsize": "10pt"}, {}),
        ("statement", "Texte_20_fixe", "Texte fixe", {"fontsize": "10pt"}, {"margintop": "0.2cm", "marginbottom": "0.2cm"}),
        ("note", "Note", "Note", {"fontsize": "9pt"}, {"margintop": "0.2cm"}),
        ("quote", "Citation_20_de_20_note", "Citation de note", {"fontsize": "9pt", "fontstyle": "italic"}, {"marginleft": "0.6cm"}),
    ):
        named = style.Style(name=name, displayname=display, family="paragraph")
        if key in ("h1", "h2"):
            named.setAttribute("defaultoutlinelevel", key[1])
        named.addElement(style.TextProperties(**props))
        if paragraph:
            named.addElement(style.ParagraphProperties(**paragraph))
        document.styles.addElement(named)
        found[key] = named
    # A sheet after the first starts on a new page.
    for key, parent in (("page", found["header"]), ("h1-page", found["h1"])):
        breaking = style.Style(name=f"{parent.getAttribute('name')}_saut", family="paragraph", parentstylename=parent)
        breaking.addElement(style.ParagraphProperties(breakbefore="page"))
        document.automaticstyles.addElement(breaking)
        found[key] = breaking
    superscript = style.Style(name="Appel_20_de_20_note", displayname="Appel de note", family="text")
    superscript.addElement(style.TextProperties(textposition="super 58%"))
    document.styles.addElement(superscript)
    found["mark"] = superscript
    grid = style.Style(name="Grille", family="table-cell")
    grid.addElement(style.TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    document.automaticstyles.addElement(grid)
    found["cell"] = grid
    found["rows"] = {}
    whole = style.Style(name="Tableau", family="table")
    whole.addElement(style.TableProperties(width="17cm", align="margins"))
    document.automaticstyles.addElement(whole)
    found["table"] = whole
    for key, width in (("label-column", "6cm"), ("value-column", "11cm")):
        column = style.Style(name=key, family="table-column")
        column.addElement(style.TableColumnProperties(columnwidth=width))
        document.automaticstyles.addElement(column)
        found[key] = column
    return found


def _metadata(document: OpenDocumentText, session: Session, form: FormFile) -> None:
    annex = session.annex(form.annex)
    document.meta.addElement(dc.Title(text=annex.label))
    document.meta.addElement(dc.Subject(text=session.info.site_title))
    document.meta.addElement(dc.Language(text="fr-FR"))
    document.meta.addElement(meta.CreationDate(text=f"{session.info.published.isoformat()}T00:00:00"))


def _note_mark(element: Element, note: FormNote | None, styles: Styles) -> None:
    if note:
        element.addElement(text.Span(stylename=styles["mark"], text=note.mark))


def _row_style(document_styles: Styles, body: Element, lines: int) -> Element:
    # One automatic row style per height, created once.
    rows = document_styles["rows"]
    if lines not in rows:
        row_style = style.Style(name=f"Ligne{lines}", family="table-row")
        row_style.addElement(style.TableRowProperties(minrowheight=f"{LINE_CM * lines:.1f}cm"))
        body.ownerDocument.automaticstyles.addElement(row_style)
        rows[lines] = row_style
    return rows[lines]


def _table(body: Element, styles: Styles, name: str, columns: int) -> Element:
    grid = table.Table(name=name, stylename=styles["table"])
    if columns == 2:  # label and place: a narrow label column, a wide one to write in
        grid.addElement(table.TableColumn(stylename=styles["label-column"]))
        grid.addElement(table.TableColumn(stylename=styles["value-column"]))
    else:
        grid.addElement(table.TableColumn(numbercolumnsrepeated=columns))
    body.addElement(grid)
    return grid


def _cell(styles: Styles, *paragraphs: Element) -> Element:
    cell = table.TableCell(stylename=styles["cell"], valuetype="string")
    for paragraph in paragraphs or (text.P(),):
        cell.addElement(paragraph)
    return cell


def _label(styles: Styles, words: str, note: FormNote | None = None) -> Element:
    paragraph = text.P(stylename=styles["label"], text=words)
    _note_mark(paragraph, note, styles)
    return paragraph


def _options(styles: Styles, choice: ChoiceView) -> list[Element]:
    return [text.P(stylename=styles["option"], text=f"{BOX} {o.label}") for o in choice.options]


def _add_table(body: Element, styles: Styles, spec: TableView) -> None:
    # A caption, a header row repeated on each page, and empty rows to fill.
    body.addElement(_label(styles, spec.label))
    grid = table.Table(name=spec.key, stylename=styles["table"])
    grid.addElement(table.TableColumn(numbercolumnsrepeated=len(spec.columns)))
    header_rows = table.TableHeaderRows()
    header = table.TableRow()
    for label in spec.columns:
        header.addElement(_cell(styles, _label(styles, label)))
    header_rows.addElement(header)
    grid.addElement(header_rows)
    for cells in spec.cells:
        row = table.TableRow(stylename=_row_style(styles, body, 2))
        for _place in cells:
            row.addElement(_cell(styles))
        grid.addElement(row)
    body.addElement(grid)


def _add_note(body: Element, styles: Styles, note: NoteView) -> None:
    first = text.P(stylename=styles["note"])
    first.addElement(text.Span(stylename=styles["mark"], text=note.mark))
    first.addText(f" {note.first}")
    body.addElement(first)
    for words in note.rest:
        body.addElement(text.P(stylename=styles["quote" if note.quote else "note"], text=words))
