"""A form of the circular as an editable Word document (DOCX): real headings, tables, tick boxes."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..model import FormFile, FormItem, FormNote, Session

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
    for number, sheet in enumerate(form.sheets):
        if number:
            document.add_page_break()
        header = session.form_header(sheet)
        for line in header.before:
            document.add_paragraph(line, style="En-tête de fiche")
        heading = document.add_heading(header.heading, level=1)
        _note_mark(heading, form.note(sheet.heading_note))
        for line in header.after:
            document.add_paragraph(line, style="En-tête de fiche")
        for section in sheet.sections:
            if section.title:
                _note_mark(document.add_heading(section.title, level=2), form.note(section.note))
            for item in section.items:
                ITEMS[item.kind](document, session, form, item)
    for note in form.notes:
        _add_note(document, note)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _setup(document, session: Session, form: FormFile) -> None:
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


def _note_mark(paragraph, note: FormNote | None) -> None:
    # The footnote's mark, as printed, in superscript after the text.
    if note:
        paragraph.add_run(note.mark).font.superscript = True


def _label(cell, text: str, note: FormNote | None = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = "Libellé"
    paragraph.add_run(text)
    _note_mark(paragraph, note)


def _fields_table(document, columns: int):
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    return table


def _height(row, lines: int) -> None:
    row.height = LINE_HEIGHT * lines
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def _add_text(document, session: Session, form: FormFile, item: FormItem) -> None:
    # A label cell and an empty cell as tall as the lines to write: one table row.
    text = item.text
    table = _fields_table(document, 2)
    row = table.add_row()
    _label(row.cells[0], text.label + (f" {text.hint}" if text.hint else ""), form.note(text.note))
    _height(row, text.lines)
    row.cells[0].width, row.cells[1].width = Cm(6), Cm(11)


def _add_date(document, session: Session, form: FormFile, item: FormItem) -> None:
    table = _fields_table(document, 2)
    row = table.add_row()
    _label(row.cells[0], item.date.label)
    row.cells[1].paragraphs[0].add_run("…/…/…")


def _boxes(cell, choice) -> None:
    # One paragraph per option: a tick-box content control, then the option's words.
    for index, option in enumerate(choice.options):
        paragraph = cell.paragraphs[0] if index == 0 and not cell.paragraphs[0].text else cell.add_paragraph()
        paragraph.style = "Case à cocher"
        paragraph._p.append(_checkbox_control())
        paragraph.add_run(f" {option.label}")


def _checkbox_control():
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


def _add_choice(document, session: Session, form: FormFile, item: FormItem) -> None:
    table = _fields_table(document, 2)
    row = table.add_row()
    _label(row.cells[0], item.choice.label)
    _boxes(row.cells[1], item.choice)


def _add_row(document, session: Session, form: FormFile, item: FormItem) -> None:
    # Several places side by side: label and place for each, in one table row.
    fields = item.row.fields
    table = _fields_table(document, 2 * len(fields) + (1 if item.row.label else 0))
    row = table.add_row()
    cells = list(row.cells)
    if item.row.label:
        _label(cells.pop(0), item.row.label)
    for field, (label_cell, value_cell) in zip(fields, zip(cells[0::2], cells[1::2])):
        element = field.element
        _label(label_cell, element.label, form.note(getattr(element, "note", None)))
        if field.kind == "choice":
            _boxes(value_cell, element)
        elif field.kind == "date":
            value_cell.paragraphs[0].add_run("…/…/…")
    _height(row, max((getattr(f.element, "lines", 1) for f in fields), default=1))


def _add_table(document, session: Session, form: FormFile, item: FormItem) -> None:
    # A caption, a header row repeated on each page, and empty rows to fill.
    spec = item.table
    document.add_paragraph(spec.label, style="Libellé")
    table = document.add_table(rows=1 + spec.rows, cols=len(spec.columns))
    table.style = "Table Grid"
    header = table.rows[0]
    header_properties = header._tr.get_or_add_trPr()
    header_properties.append(OxmlElement("w:tblHeader"))
    for cell, column in zip(header.cells, spec.columns):
        _label(cell, column.label)
    for row in table.rows[1:]:
        _height(row, 2)


def _add_statement(document, session: Session, form: FormFile, item: FormItem) -> None:
    document.add_paragraph(session.statement_text(item.statement))


def _add_note(document, note: FormNote) -> None:
    paragraph = document.add_paragraph(style="Note")
    paragraph.add_run(note.mark).font.superscript = True
    if note.title:
        paragraph.add_run(f" {note.title}").bold = True
    for index, text in enumerate(note.paragraphs):
        if note.title or index:
            paragraph = document.add_paragraph(style="Citation de note" if note.quote else "Note")
        else:
            paragraph.add_run(" ")
        paragraph.add_run(text)


# How each kind of form element is drawn.
ITEMS = {"text": _add_text, "date": _add_date, "choice": _add_choice, "row": _add_row,
         "table": _add_table, "statement": _add_statement}
