"""A form of the circular as an OpenDocument text (ODT), the administration's recommended open format."""

from __future__ import annotations

import io

from odf import dc, meta, style, table, text
from odf.opendocument import OpenDocumentText

from ..model import FormFile, FormItem, FormNote, Session

BOX = "\u2610"   # ☐ before each option: tick it by hand, or replace it by ☒
LINE_CM = 0.6    # height of one line to write in


def render(session: Session, form: FormFile) -> bytes:
    """The form as ODT bytes: A4, French, headings for sheets and sections, tables to fill in."""
    document = OpenDocumentText()
    styles = _styles(document)
    _metadata(document, session, form)
    body = document.text
    for number, sheet in enumerate(form.sheets):
        header = session.form_header(sheet)
        for index, line in enumerate(header.before):
            body.addElement(text.P(stylename=styles["page"] if number and not index else styles["header"], text=line))
        heading = text.H(outlinelevel=1, stylename=styles["h1"], text=header.heading)
        if number and not header.before:
            heading = text.H(outlinelevel=1, stylename=styles["h1-page"], text=header.heading)
        _note_mark(heading, form.note(sheet.heading_note), styles)
        body.addElement(heading)
        for line in header.after:
            body.addElement(text.P(stylename=styles["header"], text=line))
        for section in sheet.sections:
            if section.title:
                title = text.H(outlinelevel=2, stylename=styles["h2"], text=section.title)
                _note_mark(title, form.note(section.note), styles)
                body.addElement(title)
            for item in section.items:
                ITEMS[item.kind](body, styles, session, form, item)
    for note in form.notes:
        _add_note(body, styles, note)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _styles(document: OpenDocumentText) -> dict:
    # Named styles staff can change in one place; the page is A4 with 2 cm margins; the language French.
    layout = style.PageLayout(name="A4")
    layout.addElement(style.PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
                                                 margintop="2cm", marginbottom="2cm", marginleft="2cm", marginright="2cm"))
    document.automaticstyles.addElement(layout)
    document.masterstyles.addElement(style.MasterPage(name="Standard", pagelayoutname=layout))
    default = style.DefaultStyle(family="paragraph")
    default.addElement(style.TextProperties(fontsize="10pt", language="fr", country="FR", fontfamily="Liberation Sans"))
    document.styles.addElement(default)
    found = {}
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


def _note_mark(element, note: FormNote | None, styles: dict) -> None:
    if note:
        element.addElement(text.Span(stylename=styles["mark"], text=note.mark))


def _row_style(document_styles: dict, body, lines: int):
    # One automatic row style per height, created once.
    rows = document_styles["rows"]
    if lines not in rows:
        row_style = style.Style(name=f"Ligne{lines}", family="table-row")
        row_style.addElement(style.TableRowProperties(minrowheight=f"{LINE_CM * lines:.1f}cm"))
        body.ownerDocument.automaticstyles.addElement(row_style)
        rows[lines] = row_style
    return rows[lines]


def _table(body, styles: dict, name: str, columns: int):
    grid = table.Table(name=name, stylename=styles["table"])
    if columns == 2:  # label and place: a narrow label column, a wide one to write in
        grid.addElement(table.TableColumn(stylename=styles["label-column"]))
        grid.addElement(table.TableColumn(stylename=styles["value-column"]))
    else:
        grid.addElement(table.TableColumn(numbercolumnsrepeated=columns))
    body.addElement(grid)
    return grid


def _cell(styles: dict, *paragraphs) -> table.TableCell:
    cell = table.TableCell(stylename=styles["cell"], valuetype="string")
    for paragraph in paragraphs or (text.P(),):
        cell.addElement(paragraph)
    return cell


def _label(styles: dict, words: str, note: FormNote | None = None) -> text.P:
    paragraph = text.P(stylename=styles["label"], text=words)
    _note_mark(paragraph, note, styles)
    return paragraph


def _options(styles: dict, choice) -> list[text.P]:
    return [text.P(stylename=styles["option"], text=f"{BOX} {o.label}") for o in choice.options]


def _add_text(body, styles, session, form, item: FormItem) -> None:
    field = item.text
    grid = _table(body, styles, field.id, 2)
    row = table.TableRow(stylename=_row_style(styles, body, field.lines))
    row.addElement(_cell(styles, _label(styles, field.label + (f" {field.hint}" if field.hint else ""), form.note(field.note))))
    row.addElement(_cell(styles))
    grid.addElement(row)


def _add_date(body, styles, session, form, item: FormItem) -> None:
    grid = _table(body, styles, item.date.id, 2)
    row = table.TableRow()
    row.addElement(_cell(styles, _label(styles, item.date.label)))
    row.addElement(_cell(styles, text.P(text="…/…/…")))
    grid.addElement(row)


def _add_choice(body, styles, session, form, item: FormItem) -> None:
    grid = _table(body, styles, item.choice.id, 2)
    row = table.TableRow()
    row.addElement(_cell(styles, _label(styles, item.choice.label)))
    row.addElement(_cell(styles, *_options(styles, item.choice)))
    grid.addElement(row)


def _add_row(body, styles, session, form, item: FormItem) -> None:
    fields = item.row.fields
    grid = _table(body, styles, "-".join(f.element.id for f in fields), 2 * len(fields) + (1 if item.row.label else 0))
    row = table.TableRow(stylename=_row_style(styles, body, max(getattr(f.element, "lines", 1) for f in fields)))
    if item.row.label:
        row.addElement(_cell(styles, _label(styles, item.row.label)))
    for field in fields:
        element = field.element
        row.addElement(_cell(styles, _label(styles, element.label, form.note(getattr(element, "note", None)))))
        if field.kind == "choice":
            row.addElement(_cell(styles, *_options(styles, element)))
        elif field.kind == "date":
            row.addElement(_cell(styles, text.P(text="…/…/…")))
        else:
            row.addElement(_cell(styles))
    grid.addElement(row)


def _add_table(body, styles, session, form, item: FormItem) -> None:
    # A caption, a header row repeated on each page, and empty rows to fill.
    spec = item.table
    body.addElement(_label(styles, spec.label))
    grid = table.Table(name=spec.id, stylename=styles["table"])
    grid.addElement(table.TableColumn(numbercolumnsrepeated=len(spec.columns)))
    header_rows = table.TableHeaderRows()
    header = table.TableRow()
    for column in spec.columns:
        header.addElement(_cell(styles, _label(styles, column.label)))
    header_rows.addElement(header)
    grid.addElement(header_rows)
    for _ in range(spec.rows):
        row = table.TableRow(stylename=_row_style(styles, body, 2))
        for _column in spec.columns:
            row.addElement(_cell(styles))
        grid.addElement(row)
    body.addElement(grid)


def _add_statement(body, styles, session, form, item: FormItem) -> None:
    body.addElement(text.P(stylename=styles["statement"], text=session.statement_text(item.statement)))


def _add_note(body, styles: dict, note: FormNote) -> None:
    first = text.P(stylename=styles["note"])
    first.addElement(text.Span(stylename=styles["mark"], text=note.mark))
    paragraphs = list(note.paragraphs)
    if note.title:
        first.addText(f" {note.title}")
    else:
        first.addText(f" {paragraphs.pop(0)}")
    body.addElement(first)
    for words in paragraphs:
        body.addElement(text.P(stylename=styles["quote" if note.quote else "note"], text=words))


# How each kind of form element is drawn.
ITEMS = {"text": _add_text, "date": _add_date, "choice": _add_choice, "row": _add_row,
         "table": _add_table, "statement": _add_statement}
