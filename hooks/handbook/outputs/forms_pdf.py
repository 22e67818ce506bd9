"""A form of the circular as a fillable A4 PDF: AcroForm text fields, tick boxes and radio groups, each with a tooltip."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TypedDict

from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..model import FormFile, FormInputView, FormNote, Session
from ..model.form_walk import ChoiceView, DateView, FormWriter, NoteView, PlaceView, RowView, SectionView, SheetView, StatementView, TableView, TextView, walk
from ..text import source_date_epoch
from ..typography import pdf_text

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 2 * cm
WIDTH = PAGE_WIDTH - 2 * MARGIN
LINE = 14                 # points per line to write in
LABEL_WIDTH = 150         # the label column beside a field
TALL = 6                  # fields of more lines than this get their label above them
LONG_LABEL = 3            # labels wrapping to more lines than this beside a field go above it
MIN_LINES = 10            # a tall field starts on the next page when fewer lines are left
KEEP_WITH_NEXT = 90       # room kept under a section title so it is never alone at a page foot
BAND = Color(0.88, 0.9, 0.95)
BORDER = Color(0.35, 0.35, 0.35)


class FieldLook(TypedDict, total=False):
    """The colours and border of a fillable field, as AcroForm's keyword arguments."""

    borderColor: Color
    fillColor: Color
    textColor: Color
    borderWidth: float
    forceBorder: bool


FIELD: FieldLook = {"borderColor": BORDER, "fillColor": white, "textColor": black, "borderWidth": 0.6, "forceBorder": True}
BUTTON: FieldLook = {"borderColor": BORDER, "fillColor": white, "textColor": black, "borderWidth": 1}  # boxes draw their own border
FONT, BOLD, ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique"


@contextmanager
def source_date(day: dt.date) -> Iterator[None]:
    # reportlab dates a PDF, and derives its ID, from SOURCE_DATE_EPOCH when it is set (even in invariant mode):
    # for the canvas's creation, it is the session's published date, whatever the environment says.
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(day))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def render(session: Session, form: FormFile) -> bytes:
    """The form as PDF bytes; every fillable place of the model is one named field."""
    out = io.BytesIO()
    annex = session.annex(form.annex)
    with source_date(session.info.published):
        canvas = Canvas(out, pagesize=A4, invariant=1, lang="fr-FR", pageCompression=1)
    canvas.setTitle(annex.label)
    canvas.setSubject(session.info.site_title)
    canvas.setAuthor(f"Académie de {session.info.academy}")
    canvas.setCreator("Manuel de session BTS")
    canvas.setViewerPreference("DisplayDocTitle", "true")
    page = _Page(canvas, f"{session.info.site_title} – Annexe {annex.number}")
    walk(session, form, _Writer(page))
    page.finish()
    return out.getvalue()


class _Writer(FormWriter):
    """Draws each part of the form at the page's cursor."""

    def __init__(self, page: _Page):
        self.page = page
        self._row: _Row | None = None   # the row whose places are being drawn

    def sheet(self, sheet: SheetView) -> None:
        if sheet.new_page:
            self.page.new()
        _draw_header(self.page, sheet)

    def section(self, section: SectionView) -> None:
        if section.title:
            self.page.section(section.title, section.note, section.key)

    def text(self, text: TextView) -> None:
        if not text.in_row:
            _draw_text(self.page, text)
            return
        with self._place(text) as (x, top, width, height):
            _inline_field(self.page, text.input, text.caption, text.note, x, top, width, height)

    def date(self, date: DateView) -> None:
        with self._place(date) as (x, top, width, height):
            _inline_field(self.page, date.input, date.caption, None, x, top, width, height)

    def choice(self, choice: ChoiceView) -> None:
        with self._place(choice) as (x, top, width, _height):
            _inline_choice(self.page, choice, x, top, width)

    def row(self, row: RowView) -> None:
        self._row = _Row(self.page, row.label, row.fields)

    def end_row(self, row: RowView) -> None:
        if self._row is not None:
            self._row.end()
        self._row = None

    def table(self, table: TableView) -> None:
        _draw_table(self.page, table)

    def statement(self, statement: StatementView) -> None:
        self.page.y -= 2
        self.page.write(statement.text, FONT, 10, gap=6)

    def notes(self, notes: tuple[NoteView, ...]) -> None:
        for note in notes:
            _draw_note(self.page, note)

    @contextmanager
    def _place(self, place: PlaceView) -> Iterator[tuple[float, float, float, float]]:
        # Where the row's next place goes; a date or a choice outside a row is laid out as a row of its own.
        lone = self._row is None
        row = _Row(self.page, None, (place,)) if self._row is None else self._row
        yield row.next()
        if lone:
            row.end()


class _Page:
    """A flowing cursor over A4 pages: what does not fit goes to the next page, with a footer on each."""

    def __init__(self, canvas: Canvas, footer: str):
        self.canvas, self.footer, self.number = canvas, footer, 1
        self.y = PAGE_HEIGHT - MARGIN

    def room(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.new()

    def new(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.number += 1
        self.y = PAGE_HEIGHT - MARGIN

    def finish(self) -> None:
        self._footer()
        self.canvas.save()

    def _footer(self) -> None:
        self.canvas.setFont(FONT, 7.5)
        self.canvas.setFillColor(BORDER)
        self.canvas.drawString(MARGIN, MARGIN / 2, pdf_text(self.footer))
        self.canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN / 2, f"page {self.number}")
        self.canvas.setFillColor(black)

    def lines(self, text: str, font: str, size: float, width: float) -> list[str]:
        # Every text drawn on the page but the footer comes here, as the font prints it (handbook check refuses the rest).
        # French quotes stay with their words: « texte », never « at a line's end.
        text = pdf_text(text).replace("« ", "«\u00a0").replace(" »", "\u00a0»")
        return wrap(text, font, size, width)

    def write(self, text: str, font: str = FONT, size: float = 10, x: float = MARGIN, width: float = WIDTH,
              centred: bool = False, mark: str | None = None, gap: float = 3) -> None:
        # Wrapped text at the cursor; a footnote mark in superscript after it.
        lines = self.lines(text, font, size, width - (8 if mark else 0))
        leading = size * 1.25
        self.room(leading * len(lines))
        for line in lines:
            self.y -= leading
            self.canvas.setFont(font, size)
            left = x + (width - self.canvas.stringWidth(line, font, size)) / 2 if centred else x
            self.canvas.drawString(left, self.y + 2, line)
        if mark:
            end = left + self.canvas.stringWidth(lines[-1], font, size)
            self.canvas.setFont(font, size * 0.6)
            self.canvas.drawString(end + 1, self.y + 2 + size * 0.45, mark)
        self.y -= gap

    def section(self, title: str, note: FormNote | None, key: str) -> None:
        # A shaded band with the section's title, bookmarked; kept with what follows.
        lines = self.lines(title, BOLD, 10.5, WIDTH - 12)
        height = 14 * len(lines) + 6
        self.room(height + KEEP_WITH_NEXT)
        self.y -= 6
        self.canvas.setFillColor(BAND)
        self.canvas.rect(MARGIN, self.y - height, WIDTH, height, stroke=0, fill=1)
        self.canvas.setFillColor(black)
        self.canvas.bookmarkPage(key, fit="XYZ", top=self.y + 6)
        self.canvas.addOutlineEntry(title, key, level=1)
        self.y -= 3
        self.write(title, BOLD, 10.5, MARGIN + 6, WIDTH - 12, mark=note.mark if note else None, gap=0)
        self.y -= 6


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    # Greedy wrap on plain spaces only (a no-break space holds its words together).
    lines: list[str] = []
    for word in text.split(" "):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and stringWidth(candidate, font, size) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


def _draw_header(page: _Page, sheet: SheetView) -> None:
    for line in sheet.header.before:
        page.write(line, BOLD, 10.5, centred=True, gap=1)
    page.y -= 4
    page.canvas.bookmarkPage(sheet.key, fit="XYZ", top=page.y)
    page.canvas.addOutlineEntry(sheet.header.heading, sheet.key, level=0)
    page.write(sheet.header.heading, BOLD, 13, centred=True, mark=sheet.note.mark if sheet.note else None, gap=2)
    for line in sheet.header.after:
        page.write(line, BOLD, 10.5, centred=True, gap=1)
    page.y -= 8


def _label_block(page: _Page, text: str, x: float, top: float, width: float, note: FormNote | None = None) -> float:
    # Bold label lines from `top` down; returns the height they take.
    lines = page.lines(text, BOLD, 9, width - (6 if note else 0))
    canvas = page.canvas
    for index, line in enumerate(lines):
        canvas.setFont(BOLD, 9)
        canvas.drawString(x, top - 11 - 11 * index, line)
    if note:
        end = x + canvas.stringWidth(lines[-1], BOLD, 9)
        canvas.setFont(BOLD, 6)
        canvas.drawString(end + 1, top - 7 - 11 * (len(lines) - 1), note.mark)
    return 11 * len(lines) + 4


def _text_field(page: _Page, view: FormInputView, x: float, y: float, width: float, height: float) -> None:
    # The ignores: types-reportlab types positions, sizes and borderWidth as int; reportlab takes any number (points).
    page.canvas.acroForm.textfield(name=view.key, tooltip=view.label, x=x, y=y, width=width, height=height,  # type: ignore[arg-type]
                                   fontName=FONT, fontSize=9, maxlen=0,
                                   fieldFlags="multiline" if view.lines > 1 else "", **FIELD)  # type: ignore[arg-type]


def _draw_text(page: _Page, text: TextView) -> None:
    # A text outside a row: its label in a column beside the field, or above it when tall or long.
    label_height = 11 * len(page.lines(text.caption, BOLD, 9, LABEL_WIDTH - 6)) + 4
    if text.lines > TALL or label_height > 11 * LONG_LABEL + 4:  # label above, field across the width
        label_height = 11 * len(page.lines(text.caption, BOLD, 9, WIDTH)) + 4
        page.room(label_height + LINE * min(text.lines, MIN_LINES) + 8)
        page.y -= _label_block(page, text.caption, MARGIN, page.y, WIDTH, text.note)
        # A page-long field takes what is left of the page, so a sheet is not cut by a blank half page.
        height = min(LINE * text.lines + 6, page.y - MARGIN - 6)
        _text_field(page, text.input, MARGIN, page.y - height, WIDTH, height)
        page.y -= height + 6
        return
    height = max(label_height, LINE * text.lines + 6)
    page.room(height + 4)
    _label_block(page, text.caption, MARGIN, page.y, LABEL_WIDTH - 6, text.note)
    _text_field(page, text.input, MARGIN + LABEL_WIDTH, page.y - height, WIDTH - LABEL_WIDTH, height)
    page.y -= height + 4


def _weight(place: PlaceView) -> float:
    # Long options need more of the row than a short field.
    if isinstance(place, ChoiceView):
        return 2.0 if max(len(o.label) for o in place.options) > 20 else 1.0
    return 1.0


class _Row:
    """Places side by side after the row's label, each with its own label; as tall as its tallest place."""

    def __init__(self, page: _Page, label: str | None, places: Sequence[PlaceView]):
        # Measured whole before anything is drawn, so the row moves to the next page in one piece.
        self.page = page
        label_width = min(page.canvas.stringWidth(label, BOLD, 9) + 10, LABEL_WIDTH) if label else 0
        total = sum(_weight(place) for place in places)
        self.widths = [(WIDTH - label_width) * _weight(place) / total for place in places]
        heights = [_inline_height(page, place, width) for place, width in zip(places, self.widths, strict=True)]
        if label:
            heights.append(_measure_label(page, label, label_width - 6))
        self.height = max(heights)
        page.room(self.height + 4)
        self.top = page.y
        if label:
            _label_block(page, label, MARGIN, self.top, label_width - 6)
        self.x = MARGIN + label_width
        self.index = 0

    def next(self) -> tuple[float, float, float, float]:
        # The next place's left edge, top, width and height.
        x, width = self.x, self.widths[self.index]
        self.x += width
        self.index += 1
        return x, self.top, width - 8, self.height

    def end(self) -> None:
        self.page.y -= self.height + 4


def _measure_label(page: _Page, text: str, width: float) -> float:
    return 11 * len(page.lines(text, BOLD, 9, width)) + 4


def _inline_label_width(page: _Page, text: str, width: float) -> float:
    return float(min(page.canvas.stringWidth(text, BOLD, 9) + 8, width * 0.55))


def _inline_height(page: _Page, place: PlaceView, width: float) -> float:
    if isinstance(place, ChoiceView):
        option_width = width - 24
        return _measure_label(page, place.caption, width) + sum(
            11 * len(page.lines(o.label, FONT, 9, option_width)) + 5 for o in place.options)
    label_width = _inline_label_width(page, place.caption, width)
    return max(_measure_label(page, place.caption, label_width - 4), LINE * place.input.lines + 6)


def _inline_field(page: _Page, view: FormInputView, label: str, note: FormNote | None, x: float, top: float,
                  width: float, height: float) -> None:
    label_width = _inline_label_width(page, label, width)
    _label_block(page, label, x, top, label_width - 4, note)
    field_height = LINE * view.lines + 6 if view.lines > 1 else 18
    _text_field(page, view, x + label_width, top - field_height, width - label_width, field_height)


def _inline_choice(page: _Page, choice: ChoiceView, x: float, top: float, width: float) -> None:
    # The group's name, then one box (or radio button) per option with its words.
    canvas = page.canvas
    y = top - _label_block(page, choice.caption, x, top, width)
    for option in choice.options:
        lines = page.lines(option.label, FONT, 9, width - 24)
        size = 11
        if choice.multiple:
            # The ignores: types-reportlab types positions, sizes and borderWidth as int; reportlab takes any number (points).
            canvas.acroForm.checkbox(name=option.input.key, tooltip=option.input.label, x=x, y=y - size - 1, size=size,  # type: ignore[arg-type]
                                     buttonStyle="cross", fieldFlags="", **BUTTON)  # type: ignore[arg-type]
        else:
            # The ring is drawn on the page: viewers draw reportlab's own circle appearance off-centre.
            canvas.setStrokeColor(BORDER)
            canvas.circle(x + size / 2, y - 1 - size / 2, size / 2, stroke=1, fill=0)
            canvas.setStrokeColor(black)
            # The ignores: types-reportlab types positions, sizes and borderWidth as int; reportlab takes any number (points).
            canvas.acroForm.radio(name=option.input.key, value=option.id, tooltip=option.input.label,
                                  x=x, y=y - size - 1, size=size, buttonStyle="circle", shape="square",  # type: ignore[arg-type]
                                  fieldFlags="noToggleToOff radio", borderWidth=0, borderColor=None, fillColor=None,
                                  textColor=black)
        for number, line in enumerate(lines):
            canvas.setFont(FONT, 9)
            canvas.drawString(x + 16, y - 9 - 11 * number, line)
        y -= 11 * len(lines) + 5


def _draw_table(page: _Page, table: TableView) -> None:
    # A caption, a shaded header row (repeated after a page break), one text field per cell.
    column_width = WIDTH / len(table.columns)
    header_height = max(_measure_label(page, label, column_width - 8) for label in table.columns) + 2
    row_height = 2 * LINE + 8
    page.room(14 + header_height + 2 * row_height)
    page.write(table.label, BOLD, 9.5, gap=2)

    def header() -> None:
        page.canvas.setFillColor(BAND)
        page.canvas.rect(MARGIN, page.y - header_height, WIDTH, header_height, stroke=0, fill=1)
        page.canvas.setFillColor(black)
        for index, label in enumerate(table.columns):
            _label_block(page, label, MARGIN + index * column_width + 4, page.y, column_width - 8)
        page.y -= header_height

    header()
    for cells in table.cells:
        if page.y - row_height < MARGIN:
            page.new()
            header()
        for index, view in enumerate(cells):
            _text_field(page, view, MARGIN + index * column_width + 1, page.y - row_height, column_width - 2, row_height - 2)
        page.y -= row_height
    page.y -= 6


def _draw_note(page: _Page, note: NoteView) -> None:
    # Footnotes after the last sheet: mark, title (or first paragraph), then the (quoted) paragraphs.
    page.y -= 8
    page.room(30)
    page.canvas.setStrokeColor(BORDER)
    page.canvas.line(MARGIN, page.y, MARGIN + 120, page.y)
    page.canvas.setStrokeColor(black)
    page.write(f"{note.mark} {note.first}", BOLD if note.titled else FONT, 8.5, gap=3)
    for text in note.rest:
        page.write(text, ITALIC if note.quote else FONT, 8.5, x=MARGIN + 12, width=WIDTH - 12, gap=3)
