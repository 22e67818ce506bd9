"""One walk over a form for every writer: the PDF, ODT and DOCX files and the HTML page.

`walk(session, form, writer)` visits sheets, sections, elements and rows' fields in document order and hands the
writer each part already resolved: printed labels (label and hint), footnotes, header lines, statements with their
exam, and the input keys and names that the PDF's fields and the page's inputs share. Writers only draw.

A new kind of element means: its record in forms.py (and its places in FORM_INPUTS); its view below, whose `accept`
calls the writer's method of that kind, and its resolver (one entry of RESOLVERS); one abstract method of FormWriter,
which every writer then implements (a writer that lacks it cannot be created): forms_pdf, forms_odt, forms_docx, and
for the HTML page FormBlocks below with the macro of that name in templates/form.md.j2.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from .forms import ChoiceInput, DateInput, FormFile, FormHeader, FormInputView, FormNote, FormRow, Statement, TableInput, TextInput, caption, inputs_of

if TYPE_CHECKING:
    from .session import Session


@dataclass(frozen=True)
class SheetView:
    key: str                              # the sheet's id: its PDF bookmark, its heading's id in the page
    header: FormHeader                    # session lines before the heading, the heading, lines after
    note: FormNote | None              # the heading's footnote
    new_page: bool                        # every sheet after the first starts on a new page
    own_file: str | None = None           # filled once and deposited apart: the file's name (FormSheet.own_file)


@dataclass(frozen=True)
class SectionView:
    key: str                              # "<sheet>-<section>": its PDF bookmark, its heading's id in the page
    title: str | None                  # none for the identity block at the top of a sheet
    note: FormNote | None


@dataclass(frozen=True)
class TextView:
    key: str
    label: str                            # the circular's words
    hint: str | None                   # shown apart in the page, e.g. "(2 pages maximum – Recto Verso)"
    caption: str                          # the printed label: label, then hint
    note: FormNote | None
    lines: int
    input: FormInputView                  # PDF field and page input: key and accessible name
    in_row: bool                          # one of a row's places (after FormWriter.row)

    def accept(self, writer: FormWriter) -> None:
        writer.text(self)


@dataclass(frozen=True)
class DateView:
    key: str
    label: str
    input: FormInputView                  # its name says how to write it: "du (JJ/MM/AAAA)"
    in_row: bool

    @property
    def caption(self) -> str:             # a date prints no hint
        return self.label

    @property
    def note(self) -> FormNote | None:
        return None

    def accept(self, writer: FormWriter) -> None:
        writer.date(self)


@dataclass(frozen=True)
class OptionView:
    id: str                               # the value a radio button sends
    label: str
    input: FormInputView                  # its own box when several may be ticked, else the group's radio field


@dataclass(frozen=True)
class ChoiceView:
    key: str
    label: str                            # the group's name
    multiple: bool                        # boxes to tick (true) or one answer (radio buttons)
    options: tuple[OptionView, ...]
    in_row: bool

    @property
    def caption(self) -> str:
        return self.label

    @property
    def note(self) -> FormNote | None:
        return None

    def accept(self, writer: FormWriter) -> None:
        writer.choice(self)


@dataclass(frozen=True)
class TableView:
    key: str
    label: str                            # the table's caption
    columns: tuple[str, ...]              # the column heads
    cells: tuple[tuple[FormInputView, ...], ...]  # one text field per column, row by row

    def accept(self, writer: FormWriter) -> None:
        writer.table(self)


# A place that can stand in a row: each has a key, a caption (its printed label), a note and in_row.
PlaceView: TypeAlias = TextView | DateView | ChoiceView


@dataclass(frozen=True)
class RowView:
    key: str                              # its places' keys joined: "debut-fin"
    label: str | None                  # e.g. "Période de l'engagement :", which also begins each place's name
    fields: tuple[PlaceView, ...]
    lines: int                            # the tallest place's lines

    def accept(self, writer: FormWriter) -> None:
        # A row is heard whole first (to lay it out), then place by place.
        writer.row(self)
        for place in self.fields:
            place.accept(writer)
        writer.end_row(self)


@dataclass(frozen=True)
class StatementView:
    text: str                             # with its exam's code and title when it names one

    def accept(self, writer: FormWriter) -> None:
        writer.statement(self)


@dataclass(frozen=True)
class NoteView:
    id: str
    mark: str                             # as printed: "¹", "1"
    printed_raised: bool                  # the mark is raised characters already (FormNote.printed_raised)
    first: str                            # the words after the mark: the title, or else the first paragraph
    titled: bool                          # `first` is a title (bold)
    rest: tuple[str, ...]                 # the paragraphs under the first line
    quote: bool                           # the paragraphs quote a text


ElementView: TypeAlias = PlaceView | TableView | RowView | StatementView


class FormWriter(ABC):
    """What a writer does with each part of a form; `walk` calls these in document order.

    Element methods are abstract: a new kind of element must be drawn by every writer. The end_* methods mark where a
    sheet, section or row closes, for writers that nest (the HTML page); the others need not hear them."""

    @abstractmethod
    def sheet(self, sheet: SheetView) -> None:
        """A sheet begins: its header lines and heading."""

    def end_sheet(self, sheet: SheetView) -> None:  # noqa: B027 - optional, empty on purpose: only writers that nest close
        """A sheet ends, after its last section."""

    @abstractmethod
    def section(self, section: SectionView) -> None:
        """A section begins, titled or not."""

    def end_section(self, section: SectionView) -> None:  # noqa: B027 - optional, empty on purpose: only writers that nest close
        """A section ends, after its last element."""

    @abstractmethod
    def text(self, text: TextView) -> None:
        """A place to write in."""

    @abstractmethod
    def date(self, date: DateView) -> None:
        """A date to write."""

    @abstractmethod
    def choice(self, choice: ChoiceView) -> None:
        """Options to tick."""

    @abstractmethod
    def table(self, table: TableView) -> None:
        """A table to fill in."""

    @abstractmethod
    def row(self, row: RowView) -> None:
        """A row begins; its places follow (text, date, choice with in_row set), then end_row."""

    def end_row(self, row: RowView) -> None:  # noqa: B027 - optional, empty on purpose: only writers that nest close
        """A row ends, after its last place."""

    @abstractmethod
    def statement(self, statement: StatementView) -> None:
        """A fixed text."""

    @abstractmethod
    def notes(self, notes: tuple[NoteView, ...]) -> None:
        """The form's footnotes, after the last sheet (an empty tuple when it has none)."""


Writer = TypeVar("Writer", bound=FormWriter)


def walk(session: Session, form: FormFile, writer: Writer) -> Writer:
    """Drive `writer` over `form` in document order; returns the writer."""
    context = _Context(session, form)
    for number, sheet in enumerate(form.sheets):
        sheet_view = SheetView(sheet.id, session.form_header(sheet), form.note(sheet.heading_note), new_page=number > 0,
                               own_file=sheet.own_file)
        writer.sheet(sheet_view)
        for section in sheet.sections:
            section_view = SectionView(f"{sheet.id}-{section.id}", section.title, form.note(section.note))
            writer.section(section_view)
            for item in section.items:
                RESOLVERS[item.kind](context, item.element, None).accept(writer)
            writer.end_section(section_view)
        writer.end_sheet(sheet_view)
    writer.notes(tuple(_note(note) for note in form.notes))
    return writer


@dataclass(frozen=True)
class _Context:
    """What resolving an element may read: the form (its notes) and the session (exams, specialty, year)."""

    session: Session
    form: FormFile


def _text(context: _Context, text: TextInput, row: FormRow | None) -> TextView:
    (place,) = inputs_of("text", text, row)
    return TextView(text.id, text.label, text.hint, caption(text), context.form.note(text.note), text.lines, place,
                    in_row=row is not None)


def _date(context: _Context, date: DateInput, row: FormRow | None) -> DateView:
    (place,) = inputs_of("date", date, row)
    return DateView(date.id, date.label, place, in_row=row is not None)


def _choice(context: _Context, choice: ChoiceInput, row: FormRow | None) -> ChoiceView:
    places = inputs_of("choice", choice, row)
    options = tuple(OptionView(option.id, option.label, places[index] if choice.multiple else places[0])
                    for index, option in enumerate(choice.options))
    return ChoiceView(choice.id, choice.label, choice.multiple, options, in_row=row is not None)


def _table(context: _Context, table: TableInput, row: FormRow | None) -> TableView:
    places = inputs_of("table", table)
    width = len(table.columns)
    cells = tuple(tuple(places[start:start + width]) for start in range(0, len(places), width))
    return TableView(table.id, table.label, tuple(column.label for column in table.columns), cells)


def _row(context: _Context, row: FormRow, _outer: FormRow | None) -> RowView:
    fields = tuple(PLACES[item.kind](context, item.element, row) for item in row.fields)
    lines = max(item.text.lines if item.text else 1 for item in row.fields)
    return RowView("-".join(item.element.id for item in row.fields), row.label, fields, lines)


def _statement(context: _Context, statement: Statement, row: FormRow | None) -> StatementView:
    return StatementView(context.session.statement_text(statement))


# How each kind of element becomes its view (the view's `accept` then calls the writer's method of that kind):
# first the kinds that may also stand in a row (forms.InlineItem), then the others.
PLACES: dict[str, Callable[[_Context, Any, FormRow | None], PlaceView]] = {
    "text": _text,
    "date": _date,
    "choice": _choice,
}
RESOLVERS: dict[str, Callable[[_Context, Any, FormRow | None], ElementView]] = {
    **PLACES,
    "table": _table,
    "row": _row,
    "statement": _statement,
}


def _note(note: FormNote) -> NoteView:
    # The first line is the title if the note has one, else its first paragraph.
    paragraphs = tuple(note.paragraphs)
    if note.title:
        return NoteView(note.id, note.mark, note.printed_raised, note.title, True, paragraphs, note.quote)
    return NoteView(note.id, note.mark, note.printed_raised, paragraphs[0], False, paragraphs[1:], note.quote)


@dataclass(frozen=True)
class Block:
    """One call of a writer, kept: the FormWriter method's name and the view it was given."""

    kind: str                             # "sheet", "end_sheet", "section", "text", "row", "end_row", …
    view: Any


@dataclass
class FormBlocks(FormWriter):
    """A writer that keeps every call as a block, in order: the HTML page draws them (templates/form.md.j2)."""

    blocks: list[Block] = field(default_factory=list)
    footnotes: tuple[NoteView, ...] = ()

    def sheet(self, sheet: SheetView) -> None:
        self.blocks.append(Block("sheet", sheet))

    def end_sheet(self, sheet: SheetView) -> None:  # noqa: B027 - optional, empty on purpose: only writers that nest close
        self.blocks.append(Block("end_sheet", sheet))

    def section(self, section: SectionView) -> None:
        self.blocks.append(Block("section", section))

    def end_section(self, section: SectionView) -> None:  # noqa: B027 - optional, empty on purpose: only writers that nest close
        self.blocks.append(Block("end_section", section))

    def text(self, text: TextView) -> None:
        self.blocks.append(Block("text", text))

    def date(self, date: DateView) -> None:
        self.blocks.append(Block("date", date))

    def choice(self, choice: ChoiceView) -> None:
        self.blocks.append(Block("choice", choice))

    def table(self, table: TableView) -> None:
        self.blocks.append(Block("table", table))

    def row(self, row: RowView) -> None:
        self.blocks.append(Block("row", row))

    def end_row(self, row: RowView) -> None:  # noqa: B027 - optional, empty on purpose: only writers that nest close
        self.blocks.append(Block("end_row", row))

    def statement(self, statement: StatementView) -> None:
        self.blocks.append(Block("statement", statement))

    def notes(self, notes: tuple[NoteView, ...]) -> None:
        self.footnotes = notes
