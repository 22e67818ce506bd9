"""A form of the circular as an editable Word document (DOCX): real headings, tables, tick boxes."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Emu, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from ..model import FormFile, FormNote, Session
from ..model.form_walk import ChoiceView, DateView, FormWriter, NoteView, RowView, SectionView, SheetView, StatementView, TableView, TextView, walk

# Paragraph styles of the document, so staff can restyle a form in one place: name -> (size, bold, italic).
STYLES = {"Libellé": (10, True, False), "Case à cocher": (10, False, False), "En-tête de fiche": (11, True, False),
          "Note": (9, False, False), "Citation de note": (9, False, True)}
LINE_HEIGHT = Cm(0.6)    # height of one line to write in
BOX = "\u2610"           # ☐, shown by the tick-box content control when unticked
TICKED = "\u2612"        # ☒


def render(session: Session, form: FormFile) -> bytes:
    """The form as DOCX bytes: A4, French, headings for sheets and sections, tables to fill in."""
    document = Document()
    _setup(document, session, form)
    walk(session, form, _Writer(document))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Writer(FormWriter):
    """Adds each part of the form to the document: places are table rows of a label cell and a cell to fill."""

    def __init__(self, document: DocxDocument):
        self.document = document
        self._row: _Row | None = None          # the table row of the row being written
        self._cells: Iterator[_Cell] = iter(())   # its cells not yet filled

    def sheet(self, sheet: SheetView) -> None:
        if sheet.new_page:
            self.document.add_page_break()  # type: ignore[no-untyped-call]  # python-docx leaves it unannotated
        for line in sheet.header.before:
            self.document.add_paragraph(line, style="En-tête de fiche")
        _note_mark(self.document.add_heading(sheet.header.heading, level=1), sheet.note)
        for line in sheet.header.after:
            self.document.add_paragraph(line, style="En-tête de fiche")

    def section(self, section: SectionView) -> None:
        if section.title:
            _note_mark(self.document.add_heading(section.title, level=2), section.note)

    def text(self, text: TextView) -> None:
        row, label, value = self._place()
        _label(label, text.caption, text.note)
        if not text.in_row:  # a narrow label column, and a cell as tall as the lines to write
            _height(row, text.lines)
            label.width, value.width = Cm(6), Cm(11)

    def date(self, date: DateView) -> None:
        _row, label, value = self._place()
        _label(label, date.caption)
        value.paragraphs[0].add_run("…/…/…")

    def choice(self, choice: ChoiceView) -> None:
        _row, label, value = self._place()
        _label(label, choice.caption)
        _boxes(value, choice)

    def row(self, row: RowView) -> None:
        # Several places side by side: the row's label, then a label and a cell for each place, in one table row.
        self._row = _fields_row(self.document, 2 * len(row.fields) + (1 if row.label else 0))
        self._cells = iter(self._row.cells)
        if row.label:
            _label(next(self._cells), row.label)

    def end_row(self, row: RowView) -> None:
        if self._row is not None:
            _height(self._row, row.lines)
        self._row = None

    def table(self, table: TableView) -> None:
        _add_table(self.document, table)

    def statement(self, statement: StatementView) -> None:
        self.document.add_paragraph(statement.text)

    def notes(self, notes: tuple[NoteView, ...]) -> None:
        for note in notes:
            _add_note(self.document, note)

    def _place(self) -> tuple[_Row, _Cell, _Cell]:
        # The row's next label and value cells; a place outside a row is a table of its own.
        if self._row is not None:
            return self._row, next(self._cells), next(self._cells)
        row = _fields_row(self.document, 2)
        return row, row.cells[0], row.cells[1]


def _setup(document: DocxDocument, session: Session, form: FormFile) -> None:
    # A4 with 2 cm margins, French language, stable metadata (same bytes' size on each build).
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    annex = session.annex(form.annex)
    props = document.core_properties
    props.title = annex.label
    props.subject = session.info.site_title
    props.language = "fr-FR"
    props.author = props.last_modified_by = f"Académie de {session.info.academy}"
    props.created = props.modified = dt.datetime.combine(session.info.published, dt.time())
    props.revision = 1
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "fr-FR")
    normal.element.get_or_add_rPr().append(language)
    for name, (size, bold, italic) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size, style.font.bold, style.font.italic = Pt(size), bold, italic
        style.paragraph_format.space_after = Pt(2)
    document.styles["En-tête de fiche"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _note_mark(paragraph: Paragraph, note: FormNote | None) -> None:
    # The footnote's mark, as printed, in superscript after the text.
    if note:
        paragraph.add_run(note.mark).font.superscript = True


def _label(cell: _Cell, text: str, note: FormNote | None = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = "Libellé"
    paragraph.add_run(text)
    _note_mark(paragraph, note)


def _fields_row(document: DocxDocument, columns: int) -> _Row:
    # A table of one row for labels and places to write in.
    table: Table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    row: _Row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx leaves it unannotated
    return row


def _height(row: _Row, lines: int) -> None:
    row.height = Emu(LINE_HEIGHT * lines)
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def _boxes(cell: _Cell, choice: ChoiceView) -> None:
    # One paragraph per option: a tick-box content control, then the option's words.
    for index, option in enumerate(choice.options):
        paragraph = cell.paragraphs[0] if index == 0 and not cell.paragraphs[0].text else cell.add_paragraph()
        paragraph.style = "Case à cocher"
        paragraph._p.append(_checkbox_control())
        paragraph.add_run(f" {option.label}")


def _checkbox_control() -> BaseOxmlElement:
    # <w:sdt> with <w14:checkbox>: Word and LibreOffice tick it with a click; printed, it is a ☐.
    sdt = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    checkbox = OxmlElement("w14:checkbox")
    for tag, attributes in (("w14:checked", {"w14:val": "0"}),
                            ("w14:checkedState", {"w14:val": f"{ord(TICKED):04X}", "w14:font": "MS Gothic"}),
                            ("w14:uncheckedState", {"w14:val": f"{ord(BOX):04X}", "w14:font": "MS Gothic"})):
        element = OxmlElement(tag)
        for name, value in attributes.items():
            element.set(qn(name), value)
        checkbox.append(element)
    properties.append(checkbox)
    content = OxmlElement("w:sdtContent")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = BOX
    run.append(text)
    content.append(run)
    sdt.extend([properties, content])
    return sdt


def _add_table(document: DocxDocument, spec: TableView) -> None:
    # A caption, a header row repeated on each page, and empty rows to fill.
    document.add_paragraph(spec.label, style="Libellé")
    table = document.add_table(rows=1 + len(spec.cells), cols=len(spec.columns))
    table.style = "Table Grid"
    header = table.rows[0]
    header_properties = header._tr.get_or_add_trPr()
    header_properties.append(OxmlElement("w:tblHeader"))
    for cell, label in zip(header.cells, spec.columns, strict=True):
        _label(cell, label)
    for row in table.rows[1:]:
        _height(row, 2)


def _add_note(document: DocxDocument, note: NoteView) -> None:
    # The mark, then the title in bold or the first paragraph; the other paragraphs below.
    paragraph = document.add_paragraph(style="Note")
    paragraph.add_run(note.mark).font.superscript = True
    if note.titled:
        paragraph.add_run(f" {note.first}").bold = True
    else:
        paragraph.add_run(" ")
        paragraph.add_run(note.first)
    for text in note.rest:
        paragraph = document.add_paragraph(style="Citation de note" if note.quote else "Note")
        paragraph.add_run(text)
