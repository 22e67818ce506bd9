"""The circular's forms (annexes) as data: data/<session>/forms/<annex>.yml, and their fillable places."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeAlias

from pydantic import Field, model_validator

from .pages import HasPage
from .schema import Exam, SessionInfo
from .types import Flag, Record, Slug, Text, Title

if TYPE_CHECKING:
    from .form_walk import FormBlocks
    from .session import Session

# Each element of a section is a one-key block naming its kind, e.g. `- text: {id: titre, label: "TITRE :"}`,
# so that an error's path is the YAML path staff see (items[3].text.label).

class FormOption(Record):
    id: Slug
    label: Title


class TextInput(Record):
    id: Slug
    label: Text
    hint: Text | None = None           # printed under the label, e.g. "(2 pages maximum – Recto Verso)"
    lines: Annotated[int, Field(ge=1, le=60, strict=True)] = 1
    note: Slug | None = None           # a footnote of the form (notes[].id)


class DateInput(Record):
    id: Slug
    label: Title


class ChoiceInput(Record):
    id: Slug
    label: Title                          # the group's name, read by screen readers and tooltips
    multiple: Flag = False                # true: boxes to tick; false: one answer (radio buttons)
    options: Annotated[list[FormOption], Field(min_length=2)]


class TableColumn(Record):
    id: Slug
    label: Title


class TableInput(Record):
    id: Slug
    label: Title
    columns: Annotated[list[TableColumn], Field(min_length=1)]
    rows: Annotated[int, Field(ge=1, le=30, strict=True)]


class Statement(Record):
    text: Text
    exam: Slug | None = None           # the exam whose code and title follow the text (exams.yml)


# An element that may stand in a row.
PlaceInput: TypeAlias = TextInput | DateInput | ChoiceInput


class PlaceKeys(Record):
    """The keys of the elements that may stand in a row (InlineItem) or in a section (FormItem)."""

    text: TextInput | None = None
    date: DateInput | None = None
    choice: ChoiceInput | None = None


class InlineItem(PlaceKeys):
    """One element of a row: exactly one of its keys."""

    @model_validator(mode="after")
    def _one_kind(self) -> InlineItem:
        if sum(v is not None for v in (self.text, self.date, self.choice)) != 1:
            raise ValueError("un seul type d'élément")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in ("text", "date", "choice") if getattr(self, k) is not None)

    @property
    def element(self) -> PlaceInput:
        element: PlaceInput = getattr(self, self.kind)  # the one key set (_one_kind)
        return element


class FormRow(Record):
    label: Title | None = None         # e.g. "Période de l'engagement"
    fields: Annotated[list[InlineItem], Field(min_length=2)]


# Any element of a section.
SectionInput: TypeAlias = PlaceInput | TableInput | FormRow | Statement


class FormItem(PlaceKeys):
    """One element of a section: exactly one of its keys."""

    table: TableInput | None = None
    row: FormRow | None = None
    statement: Statement | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> FormItem:
        if sum(getattr(self, k) is not None for k in FORM_ITEM_KINDS) != 1:
            raise ValueError("un seul type d'élément")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in FORM_ITEM_KINDS if getattr(self, k) is not None)

    @property
    def element(self) -> SectionInput:
        element: SectionInput = getattr(self, self.kind)  # the one key set (_one_kind)
        return element


# The kinds of form elements, in the order the YAML keys are documented.
FORM_ITEM_KINDS = ("text", "date", "choice", "table", "row", "statement")


class FormSection(Record):
    id: Slug
    title: Title | None = None         # none for the identity block at the top of a sheet
    note: Slug | None = None
    items: Annotated[list[FormItem], Field(min_length=1)]


class FormSheet(Record):
    id: Slug
    header: Literal["fiche", "etude", "demande"]  # which session lines frame the heading (Session.form_header)
    heading: Title
    heading_note: Slug | None = None
    exam: Slug | None = None
    # Filled once and deposited as a file of its own, not with each fiche: the words that name that file in the
    # deposit's pieces (dossiers.yml), e.g. "l'étude réflexive réseau" of « 1 fichier PDF pour l'étude réflexive réseau ».
    own_file: Title | None = None
    sections: Annotated[list[FormSection], Field(min_length=1)]


class FormNote(Record):
    id: Slug
    mark: Title                           # as printed: "¹", "1"
    title: Title | None = None
    quote: Flag = False                   # the paragraphs quote a text (an article of a code)
    paragraphs: Annotated[list[Text], Field(min_length=1)]

    @property
    def printed_raised(self) -> bool:
        """The mark is written in raised characters already (« ¹⁰ »): a page raising it again made it 6 px tall."""
        return all(character in SUPERSCRIPT_DIGITS for character in self.mark)


# The digits Unicode writes raised, for a mark printed so.
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


@dataclass(frozen=True)
class FormInputView:
    """One fillable place of a form, flattened: the same key names it in the PDF, the HTML page and the tests."""

    key: str                              # unique in the form: "organisation", "phases-2-outils", "reseau-partenaires"
    label: str                            # the circular's words: tooltip and accessible name
    kind: Literal["text", "date", "checkbox", "radio"]
    lines: int = 1
    options: tuple[FormOption, ...] = ()


class FormFile(Record, HasPage):
    page_kind: ClassVar[str] = "form"     # its page is named after its annex: formulaires/<annex>/

    annex: Slug                           # the annex of annexes.yml this form is
    sheets: Annotated[list[FormSheet], Field(min_length=1)]
    notes: list[FormNote] = []

    @property
    def id(self) -> str:
        return self.annex

    def note(self, note_id: str | None) -> FormNote | None:
        return next((n for n in self.notes if n.id == note_id), None) if note_id else None

    def elements(self) -> list[tuple[tuple[str | int, ...], str, object]]:
        """Every element with its YAML path and kind, in document order (rows' fields included), for the checks.

        Writers do not read this: they implement form_walk.FormWriter and are driven by form_walk.walk."""
        found: list[tuple[tuple[str | int, ...], str, object]] = []
        for s, sheet in enumerate(self.sheets):
            for c, section in enumerate(sheet.sections):
                for i, item in enumerate(section.items):
                    path: tuple[str | int, ...] = ("sheets", s, "sections", c, "items", i)
                    found.append((path + (item.kind,), item.kind, item.element))
                    if item.row:
                        found += [(path + ("row", "fields", f, field.kind), field.kind, field.element)
                                  for f, field in enumerate(item.row.fields)]
        return found

    @property
    def own_file_sheets(self) -> list[FormSheet]:
        """The sheets filled once and deposited apart (own_file); the others are repeated, one per fiche."""
        return [sheet for sheet in self.sheets if sheet.own_file]

    @property
    def inputs(self) -> list[FormInputView]:
        """Every fillable place, in document order."""
        return [view for sheet in self.sheets for section in sheet.sections for item in section.items
                for view in inputs_of(item.kind, item.element)]

    def blocks(self, session: Session) -> FormBlocks:
        """The form walked once into resolved blocks, for the HTML page (templates/form.md.j2)."""
        from .form_walk import FormBlocks, walk  # the walk reads this module: imported when first used
        return walk(session, self, FormBlocks())


def inputs_of(kind: str, element: object, row: FormRow | None = None) -> list[FormInputView]:
    """The fillable places of one element (none for a statement); in a labelled row, its label begins each name."""
    views = FORM_INPUTS[kind](element) if kind in FORM_INPUTS else []
    if row is None or row.label is None:
        return views
    return [replace(v, label=f"{row.label} {v.label}") for v in views]


def caption(text: TextInput) -> str:
    """A text place's printed label: its label, then its hint ("Adresse (2 lignes)")."""
    return f"{text.label} {text.hint}" if text.hint else text.label


def _choice_inputs(choice: ChoiceInput) -> list[FormInputView]:
    # Boxes to tick are one field each; exclusive options are one radio group.
    if choice.multiple:
        return [FormInputView(f"{choice.id}-{o.id}", f"{choice.label} : {o.label}", "checkbox") for o in choice.options]
    return [FormInputView(choice.id, choice.label, "radio", options=tuple(choice.options))]


def _table_inputs(table: TableInput) -> list[FormInputView]:
    # One cell per column and row, read row by row.
    return [FormInputView(f"{table.id}-{row}-{col.id}", f"{table.label} – {col.label}, ligne {row}", "text", lines=2)
            for row in range(1, table.rows + 1) for col in table.columns]


def _row_inputs(row: FormRow) -> list[FormInputView]:
    # A row's label names each of its places: "Période de l'engagement : du".
    return [view for item in row.fields for view in inputs_of(item.kind, item.element, row)]


# How a date is written in a form's fields.
DATE_HINT = "(JJ/MM/AAAA)"


# How each kind of element becomes fillable places (a statement has none). A new kind of element: see
# form_walk.py's docstring for every place it goes.
FORM_INPUTS: dict[str, Callable[[Any], list[FormInputView]]] = {
    "row": _row_inputs,
    "text": lambda t: [FormInputView(t.id, caption(t), "text", lines=t.lines)],
    "date": lambda d: [FormInputView(d.id, f"{d.label} {DATE_HINT}", "date")],
    "choice": _choice_inputs,
    "table": _table_inputs,
}


@dataclass(frozen=True)
class FormHeader:
    """The lines that frame a sheet's heading, drawn from the session (never typed in a form)."""

    before: tuple[str, ...]
    heading: str
    after: tuple[str, ...]


def _exam_line(exam: Exam | None) -> str:
    return f"{exam.code} – {exam.title}".upper() if exam else ""


# Each header style of the circular's forms: (lines before the heading, lines after), from session facts.
FORM_HEADERS: dict[str, Callable[[SessionInfo, Exam | None], tuple[list[str], list[str]]]] = {
    "fiche": lambda info, exam: ([info.name.upper(), f"SESSION {info.year}"], [_exam_line(exam)]),
    "etude": lambda info, exam: ([info.name, _exam_line(exam), f"SESSION {info.year}"], []),
    "demande": lambda info, exam: ([], [f"Candidat au {info.diploma.lower()} {info.specialty}", f"Session {info.year}"]),
}
