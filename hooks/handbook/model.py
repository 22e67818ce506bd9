"""Typed model of one exam session: one class per data file, one aggregate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

# A URL-safe, stable identifier: it becomes part of published addresses.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
DepartmentCode = Annotated[str, StringConstraints(pattern=r"^(\d{2}|2[AB]|97\d)$")]
Count = Annotated[int, Field(ge=0, strict=True)]


def _clock_from_text(value: object) -> object:
    # Only "HH:MM" text is a clock time; a bare number would be read as seconds.
    if isinstance(value, str):
        try:
            return dt.datetime.strptime(value.strip(), "%H:%M").time()
        except ValueError:
            raise ValueError("heure invalide") from None
    if isinstance(value, dt.time):
        return value
    raise ValueError("heure invalide")


ClockTime = Annotated[dt.time, BeforeValidator(_clock_from_text)]


def _date_from_text(value: object) -> object:
    # Dates stay text in YAML (see load.py) so an impossible date is reported, not crashed on.
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("date invalide") from None
    raise ValueError("date invalide")


Date = Annotated[dt.date, BeforeValidator(_date_from_text)]


class Record(BaseModel):
    """Base of every data record: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- session.yml -----------------------------------------------------------

class NationalCircular(Record):
    date: Date
    issuer: Text
    label: Text


class Signatory(Record):
    delegation: list[Text]
    role: Text
    name: Text


class ToConfirm(Record):
    """A value of a draft session still to confirm (written by `handbook new-session`)."""

    file: Text                      # e.g. calendar.yml
    field: Text                     # e.g. written[0].date, as check messages spell it
    note: Optional[Text] = None


class SessionInfo(Record):
    year: Annotated[int, Field(ge=2000, le=2100, strict=True)]
    specialty: Text
    diploma: Text
    academy: Text
    title: Text
    candidate_total: Count
    national_circular: NationalCircular
    signatory: Signatory
    published: Date
    # Draft sessions only: values to confirm before publishing (see hooks/handbook/drafts.py).
    to_confirm: list[ToConfirm] = []


# --- contacts.yml ----------------------------------------------------------

class Contact(Record):
    id: Slug
    name: Text
    role: Text
    phone: Optional[Text] = None
    email: Optional[Text] = None


class ContactsFile(Record):
    contacts: list[Contact]


# --- exams.yml -------------------------------------------------------------

class Exam(Record):
    id: Slug
    code: Optional[Text] = None
    also_called: Optional[Text] = None
    title: Text
    detail: Optional[Text] = None
    mode: Literal["écrit", "oral", "dossier"]
    dossier: bool = False

    @property
    def label(self) -> str:
        """The exam as the circular prints it: "E4 : Relation client… (détail)"."""
        text = f"{self.code} : {self.title}" if self.code else self.title
        return f"{text} ({self.detail})" if self.detail else text

    @property
    def short(self) -> str:
        """A few words for narrow places: "E4", "E2 anglais"; the title when there is no code."""
        if not self.code:
            return self.title
        variant = self.title.rsplit(" – ", 1)[1].lower() if " – " in self.title else ""
        return f"{self.code} {variant}".strip()


class ExamsFile(Record):
    exams: list[Exam]


# --- calendar.yml ----------------------------------------------------------

class WrittenSitting(Record):
    exam: Slug
    date: Date
    start: ClockTime
    end: ClockTime
    note: Optional[Text] = None


class Period(Record):
    start: Date
    end: Date


class OralSession(Record):
    exam: Slug
    periods: Annotated[list[Period], Field(min_length=1)]
    centres: Annotated[list[Slug], Field(min_length=1)]
    pairing_unspecified: bool = False


class CalendarFile(Record):
    written: list[WrittenSitting]
    oral: list[OralSession]


# --- operations.yml --------------------------------------------------------

class Operation(Record):
    id: Slug
    operation: Text
    detail: Text
    planned: Text
    from_: Optional[Date] = Field(default=None, alias="from")
    to: Optional[Date] = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class OperationsFile(Record):
    operations: list[Operation]


# --- dossiers.yml ----------------------------------------------------------

class DossierRequirement(Record):
    exam: Slug
    pieces: Text


class Deposit(Record):
    opens: Date
    closes: Date
    closes_at: Text
    imperative: bool
    platform: Text
    platform_link_note: Text
    platform_url: Optional[Text] = None
    intro: Text
    scope: Text
    requirements: list[DossierRequirement]
    candidate_duty: Text
    establishment_duty: Text
    nonconformity_notice: Text
    paper_copy: Text
    supporting_documents: Text
    annexes_note: Text


class Conformity(Record):
    intro: Text
    causes: Annotated[list[Text], Field(min_length=1)]
    doubt: Text
    consequence: Text
    nv_mention: Text


class DossiersFile(Record):
    deposit: Deposit
    conformity: Conformity


# --- rules.yml -------------------------------------------------------------

class ExitBan(Record):
    exam: Slug
    printed_code: Text
    rule: Text


class CalculatorRules(Record):
    allowed_material: Text
    circular: Text
    exam_mode: Text
    equality: Text
    invigilator_request: Text
    warning: Text


class WrittenRules(Record):
    exit_bans: list[ExitBan]
    lateness: Text
    escort: Text
    absence: Text
    communication: Text
    calculators: CalculatorRules


class OralRules(Record):
    no_material: Text
    network: Text
    own_equipment: Text
    own_power: Text
    own_connection: Text
    attestation_models: Text


class RulesFile(Record):
    written: WrittenRules
    oral: OralRules


# --- livrets.yml, internships.yml, results.yml, archiving.yml, news.yml ---

class LivretsFile(Record):
    deadline: Date
    imperative: bool
    destination: Slug
    sorting: Text
    national_format_reminder: Text
    duplication: Text
    print_format: Text
    uniformity: Text
    sending: Text
    list_of_names: Text
    return_: Text = Field(alias="return")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class InternshipsFile(Record):
    decree: Text
    minimum_weeks: Annotated[int, Field(ge=1, strict=True)]
    text: Text


class Results(Record):
    date: Date
    from_: ClockTime = Field(alias="from")
    platform: Text

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Diplomas(Record):
    schools: Text
    individuals: Text


class ResultsFile(Record):
    results: Results
    transcripts: Text
    address_change: Text
    diplomas: Diplomas


class ArchivingFile(Record):
    circulars: list[Text]
    retention_years: Annotated[int, Field(ge=1, strict=True)]
    documents: Text
    diplomas: Text


class NewsItem(Record):
    id: Slug
    title: Text
    text: Text


class NewsFile(Record):
    title: Text
    items: list[NewsItem]


# --- annexes.yml -----------------------------------------------------------

class Annex(Record):
    number: Annotated[int, Field(ge=1, strict=True)]
    id: Slug
    title: Text
    exams: list[Slug] = []
    external_model: Optional[Text] = None
    external_url: Optional[Text] = None


class AnnexesFile(Record):
    annexes: list[Annex]


# --- establishments.yml, centres.yml ---------------------------------------

class Establishment(Record):
    id: Slug
    name: Text
    candidates: Count
    department: Optional[DepartmentCode] = None
    individual: bool = False   # individual or distance-learning candidates, no training establishment


class EstablishmentsFile(Record):
    establishments: list[Establishment]


class Centre(Record):
    id: Slug
    name: Text
    town: Optional[Text] = None
    department: Optional[DepartmentCode] = None
    address: Optional[Text] = None

    @property
    def label(self) -> str:
        """Its title: "Lycée Pierre d'Aragon – Muret", or the name alone when the town is not given."""
        return f"{self.name} – {self.town}" if self.town else self.name


class Origin(Record):
    establishment: Slug
    label: Text
    candidates: Count


class WrittenCentre(Record):
    centre: Slug
    candidates: Count
    origins: Annotated[list[Origin], Field(min_length=1)]


class CentresFile(Record):
    departments: dict[DepartmentCode, Text]
    centres: list[Centre]
    written_centres: list[WrittenCentre]


# --- the session: every file, plus the views that pages, exports and checks read

@dataclass(frozen=True)
class WrittenExam:
    """A written sitting with its exam resolved."""

    exam: Exam
    date: dt.date
    start: dt.time
    end: dt.time
    note: Optional[str]


@dataclass(frozen=True)
class OralExam:
    """An oral window with its exam and centres resolved."""

    exam: Exam
    periods: tuple[Period, ...]
    centres: tuple[Centre, ...]
    pairing_unspecified: bool


@dataclass(frozen=True)
class Placement:
    """Where some (or all) of one establishment's candidates sit the written exams."""

    centre: Centre
    establishment: Establishment
    origins: tuple[Origin, ...]

    @property
    def candidates(self) -> int:
        return sum(origin.candidates for origin in self.origins)


@dataclass(frozen=True)
class WrittenCentreView:
    """A written centre with its origins resolved to establishments."""

    centre: Centre
    placements: tuple[Placement, ...]

    @property
    def candidates(self) -> int:
        return sum(p.candidates for p in self.placements)


def page_url(src_path: str) -> str:
    """A docs/ page's address under the site root (directory URLs): calendrier.md -> calendrier/, index.md -> ""."""
    stem = src_path.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def written_key_date_id(exam_id: str) -> str:
    """The id of a written sitting among the key dates (calendar UIDs, "à confirmer" marks)."""
    return f"ecrit-{exam_id}"


def oral_key_date_id(exam_id: str, period_number: int) -> str:
    """The id of an oral period among the key dates; periods are numbered from 1."""
    return f"oral-{exam_id}-{period_number}"


@dataclass(frozen=True)
class KeyDate:
    """A dated fact of the session (window, deadline or sitting), shared by pages and downloads."""

    id: str
    kind: Literal["fenetre", "echeance", "ecrit", "oral", "resultats"]
    title: str
    start: dt.date
    end: Optional[dt.date] = None          # last day, inclusive, for windows
    start_time: Optional[dt.time] = None
    end_time: Optional[dt.time] = None
    detail: Optional[str] = None
    page: str = "calendrier.md"
    exam: Optional[Exam] = None
    centres: tuple[Centre, ...] = ()
    for_exams: tuple[Exam, ...] = ()      # exams a deadline serves (the dossier deposit)
    pairing_unspecified: bool = False     # oral: which period goes with which centre is not said
    open_ended: bool = False              # "à partir du …": a start, and no end given

    @property
    def exams(self) -> tuple[Exam, ...]:
        """Every exam this date concerns: its own sitting, or the exams a deadline serves."""
        return ((self.exam,) if self.exam else ()) + self.for_exams

    @property
    def url(self) -> str:
        """Address of the page that explains this date, under the site root."""
        return page_url(self.page)


@dataclass
class Session:
    """One exam session: the data files, validated, and what is derived from them once."""

    info: SessionInfo
    contacts: ContactsFile
    exams: ExamsFile
    calendar: CalendarFile
    operations: OperationsFile
    dossiers: DossiersFile
    rules: RulesFile
    livrets: LivretsFile
    internships: InternshipsFile
    results: ResultsFile
    archiving: ArchivingFile
    news: NewsFile
    annexes: AnnexesFile
    establishments: EstablishmentsFile
    centres: CentresFile
    source_name: str = "data"
    forms: list[FormFile] = field(default_factory=list)        # data/<session>/forms/*.yml
    form_sources: list[str] = field(default_factory=list)      # their file names, for messages

    # lookups by id (the checks guarantee every reference resolves)

    def exam(self, exam_id: str) -> Exam:
        return self._exams_by_id[exam_id]

    def centre(self, centre_id: str) -> Centre:
        return self._centres_by_id[centre_id]

    def establishment(self, establishment_id: str) -> Establishment:
        return self._establishments_by_id[establishment_id]

    def operation(self, operation_id: str) -> Operation:
        return next(op for op in self.operations.operations if op.id == operation_id)

    def department_name(self, code: Optional[str]) -> Optional[str]:
        return self.centres.departments.get(code) if code else None

    @cached_property
    def _exams_by_id(self) -> dict[str, Exam]:
        return {e.id: e for e in self.exams.exams}

    @cached_property
    def _centres_by_id(self) -> dict[str, Centre]:
        return {c.id: c for c in self.centres.centres}

    @cached_property
    def _establishments_by_id(self) -> dict[str, Establishment]:
        return {e.id: e for e in self.establishments.establishments}

    # calendar views

    @cached_property
    def written_exams(self) -> list[WrittenExam]:
        sittings = sorted(self.calendar.written, key=lambda s: (s.date, s.start))
        return [WrittenExam(self.exam(s.exam), s.date, s.start, s.end, s.note) for s in sittings]

    @cached_property
    def oral_exams(self) -> list[OralExam]:
        windows = sorted(self.calendar.oral, key=lambda o: o.periods[0].start)
        return [
            OralExam(self.exam(o.exam), tuple(o.periods), tuple(self.centre(c) for c in o.centres), o.pairing_unspecified)
            for o in windows
        ]

    @cached_property
    def dossier_exams(self) -> list[Exam]:
        return [self.exam(r.exam) for r in self.dossiers.deposit.requirements]

    # centres and establishments

    @cached_property
    def written_centres(self) -> list[WrittenCentreView]:
        views = []
        for wc in self.centres.written_centres:
            by_establishment: dict[str, list[Origin]] = {}
            for origin in wc.origins:
                by_establishment.setdefault(origin.establishment, []).append(origin)
            placements = tuple(
                Placement(self.centre(wc.centre), self.establishment(eid), tuple(origins))
                for eid, origins in by_establishment.items()
            )
            views.append(WrittenCentreView(self.centre(wc.centre), placements))
        return views

    def written_centre(self, centre_id: str) -> Optional[WrittenCentreView]:
        return next((w for w in self.written_centres if w.centre.id == centre_id), None)

    def placements_of(self, establishment_id: str) -> list[Placement]:
        return [p for w in self.written_centres for p in w.placements if p.establishment.id == establishment_id]

    def orals_at(self, centre_id: str) -> list[OralExam]:
        return [o for o in self.oral_exams if any(c.id == centre_id for c in o.centres)]

    def centre_roles(self, centre_id: str) -> list[str]:
        """What a centre is used for this session: "écrits", "oral E4", "livrets scolaires"."""
        roles = ["écrits"] if self.written_centre(centre_id) else []
        roles += [f"oral {o.exam.short}" for o in self.orals_at(centre_id)]
        return roles + (["livrets scolaires"] if centre_id == self.livrets.destination else [])

    @cached_property
    def livrets_centre(self) -> Centre:
        return self.centre(self.livrets.destination)

    @cached_property
    def centre_list(self) -> list[Centre]:
        """Every centre that has a role in the session: written, oral or livrets."""
        used = {w.centre.id for w in self.written_centres} | {c.id for o in self.oral_exams for c in o.centres}
        used.add(self.livrets.destination)
        return sorted((c for c in self.centres.centres if c.id in used), key=lambda c: (c.town or "~", c.name))

    def establishment_department(self, establishment: Establishment) -> Optional[str]:
        """Declared department, else the one of the centre where its candidates write."""
        if establishment.department:
            return establishment.department
        placements = self.placements_of(establishment.id)
        return placements[0].centre.department if placements else None

    @cached_property
    def establishments_by_department(self) -> list[tuple[str, str, list[Establishment]]]:
        groups: dict[str, list[Establishment]] = {}
        for e in self.establishments.establishments:
            groups.setdefault(self.establishment_department(e) or "", []).append(e)
        return [
            (code, self.department_name(code) or "Département non précisé", sorted(items, key=lambda e: e.name))
            for code, items in sorted(groups.items())
        ]

    # dated facts

    @cached_property
    def key_dates(self) -> list[KeyDate]:
        """Every dated fact, in date order: the one list behind the home page, calendars and exports."""
        deposit = self.dossiers.deposit
        dossier_codes = ", ".join(e.code or e.title for e in self.dossier_exams)
        dates = [
            KeyDate(f"operation-{op.id}", "fenetre", op.operation, op.from_, op.to, detail=op.planned, page="calendrier.md",
                    open_ended=op.to is None)
            for op in self.operations.operations if op.from_
        ]
        dates.append(KeyDate("depot-dossiers", "fenetre", f"Dépôt des dossiers ({dossier_codes}) sur {deposit.platform}",
                             deposit.opens, deposit.closes, detail=deposit.closes_at,
                             page="dossiers.md", for_exams=tuple(self.dossier_exams)))
        dates.append(KeyDate("depot-dossiers-cloture", "echeance", f"Clôture du dépôt des dossiers ({dossier_codes}) {deposit.closes_at}",
                             deposit.closes, page="dossiers.md", for_exams=tuple(self.dossier_exams)))
        dates += [
            KeyDate(written_key_date_id(w.exam.id), "ecrit", w.exam.label, w.date, start_time=w.start, end_time=w.end,
                    detail=w.note, page="ecrits.md", exam=w.exam,
                    centres=tuple(v.centre for v in self.written_centres))
            for w in self.written_exams
        ]
        dates += [
            KeyDate(oral_key_date_id(o.exam.id, n), "oral", o.exam.label, p.start, p.end, page="oraux.md", exam=o.exam, centres=o.centres,
                    pairing_unspecified=o.pairing_unspecified)
            for o in self.oral_exams for n, p in enumerate(o.periods, start=1)
        ]
        dates.append(KeyDate("livrets", "echeance", f"Remise des livrets scolaires au {self.livrets_centre.name}",
                             self.livrets.deadline, page="livrets.md", centres=(self.livrets_centre,)))
        res = self.results.results
        dates.append(KeyDate("resultats", "resultats", f"Résultats sur {res.platform}", res.date, start_time=res.from_,
                             page="resultats.md"))
        return sorted(dates, key=lambda d: (d.start, d.start_time or dt.time.min, d.id))

    @cached_property
    def deadlines(self) -> list[KeyDate]:
        """What a candidate or an establishment must not miss: windows, deadlines, results."""
        return [d for d in self.key_dates if d.kind in ("fenetre", "echeance", "resultats")]

    # dated facts as one centre, one establishment or one exam sees them (calendar downloads)

    def key_dates_at(self, centre_id: str) -> list[KeyDate]:
        """What happens at one centre (its writtens, orals, livrets), located there alone, except where the
        circular leaves open which of its centres hosts which period: those keep every centre."""
        return [d if d.pairing_unspecified else replace(d, centres=tuple(c for c in d.centres if c.id == centre_id))
                for d in self.key_dates if any(c.id == centre_id for c in d.centres)]

    def key_dates_of(self, establishment_id: str) -> list[KeyDate]:
        """What concerns one establishment's candidates: writtens at its own centre(s), every oral and deadline."""
        own = {p.centre.id for p in self.placements_of(establishment_id)}
        return [replace(d, centres=tuple(c for c in d.centres if c.id in own)) if d.kind == "ecrit" else d
                for d in self.key_dates if d.kind != "ecrit" or own]

    def key_dates_for(self, exam_id: str) -> list[KeyDate]:
        """The sittings of one exam and the deadlines that serve it (dossier deposit)."""
        return [d for d in self.key_dates if any(e.id == exam_id for e in d.exams)]

    # forms (annexes)

    def form(self, annex_id: str) -> Optional["FormFile"]:
        """The form of an annex, if the session defines one (annex 1 points to the national circular instead)."""
        return next((f for f in self.forms if f.annex == annex_id), None)

    def annex(self, annex_id: str) -> Annex:
        return next(a for a in self.annexes.annexes if a.id == annex_id)

    def form_header(self, sheet: "FormSheet") -> "FormHeader":
        """Specialty, session year and exam title around a sheet's heading, from the session data."""
        before, after = FORM_HEADERS[sheet.header](self.info, self.exam(sheet.exam) if sheet.exam else None)
        return FormHeader(tuple(before), sheet.heading, tuple(after))

    def statement_text(self, statement: "Statement") -> str:
        """A form's fixed text, followed by the exam it names: "… : E6 – Relation client et animation de réseaux"."""
        if not statement.exam:
            return statement.text
        exam = self.exam(statement.exam)
        return f"{statement.text} {exam.code} – {exam.title}" if exam.code else f"{statement.text} {exam.title}"

    @cached_property
    def oral_dossier_exams(self) -> list[Exam]:
        """The dossier exams taken orally (E4, E6): their sheets are brought to the oral."""
        return [e for e in self.dossier_exams if e.mode == "oral"]

    def forms_of_exam(self, exam_id: str) -> list["FormFile"]:
        """The forms of the annexes that concern an exam, in annex order."""
        return [f for a in self.annexes.annexes if exam_id in a.exams for f in [self.form(a.id)] if f]

# --- forms/<annex>.yml: the circular's forms (annexes), as data -------------
# Each element of a section is a one-key block naming its kind, e.g. `- text: {id: titre, label: "TITRE :"}`,
# so that an error's path is the YAML path staff see (items[3].text.label).

class FormOption(Record):
    id: Slug
    label: Text


class TextInput(Record):
    id: Slug
    label: Text
    hint: Optional[Text] = None           # printed under the label, e.g. "(2 pages maximum – Recto Verso)"
    lines: Annotated[int, Field(ge=1, le=60, strict=True)] = 1
    note: Optional[Slug] = None           # a footnote of the form (notes[].id)


class DateInput(Record):
    id: Slug
    label: Text


class ChoiceInput(Record):
    id: Slug
    label: Text                           # the group's name, read by screen readers and tooltips
    multiple: bool = False                # true: boxes to tick; false: one answer (radio buttons)
    options: Annotated[list[FormOption], Field(min_length=2)]


class TableColumn(Record):
    id: Slug
    label: Text


class TableInput(Record):
    id: Slug
    label: Text
    columns: Annotated[list[TableColumn], Field(min_length=1)]
    rows: Annotated[int, Field(ge=1, le=30, strict=True)]


class Statement(Record):
    text: Text
    exam: Optional[Slug] = None           # the exam whose code and title follow the text (exams.yml)


class InlineItem(Record):
    """One element of a row: exactly one of its keys."""

    text: Optional[TextInput] = None
    date: Optional[DateInput] = None
    choice: Optional[ChoiceInput] = None

    @model_validator(mode="after")
    def _one_kind(self) -> "InlineItem":
        if sum(v is not None for v in (self.text, self.date, self.choice)) != 1:
            raise ValueError("un seul type d'élément")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in ("text", "date", "choice") if getattr(self, k) is not None)

    @property
    def element(self) -> "TextInput | DateInput | ChoiceInput":
        return getattr(self, self.kind)


class FormRow(Record):
    label: Optional[Text] = None          # e.g. "Période de l'engagement"
    fields: Annotated[list[InlineItem], Field(min_length=2)]


class FormItem(InlineItem):
    """One element of a section: exactly one of its keys."""

    table: Optional[TableInput] = None
    row: Optional[FormRow] = None
    statement: Optional[Statement] = None

    @model_validator(mode="after")
    def _one_kind(self) -> "FormItem":
        if sum(getattr(self, k) is not None for k in FORM_ITEM_KINDS) != 1:
            raise ValueError("un seul type d'élément")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in FORM_ITEM_KINDS if getattr(self, k) is not None)


# The kinds of form elements, in the order the YAML keys are documented.
FORM_ITEM_KINDS = ("text", "date", "choice", "table", "row", "statement")


class FormSection(Record):
    id: Slug
    title: Optional[Text] = None          # none for the identity block at the top of a sheet
    note: Optional[Slug] = None
    items: Annotated[list[FormItem], Field(min_length=1)]


class FormSheet(Record):
    id: Slug
    header: Literal["fiche", "etude", "demande"]  # which session lines frame the heading (Session.form_header)
    heading: Text
    heading_note: Optional[Slug] = None
    exam: Optional[Slug] = None
    sections: Annotated[list[FormSection], Field(min_length=1)]


class FormNote(Record):
    id: Slug
    mark: Text                            # as printed: "¹", "1"
    title: Optional[Text] = None
    quote: bool = False                   # the paragraphs quote a text (an article of a code)
    paragraphs: Annotated[list[Text], Field(min_length=1)]


@dataclass(frozen=True)
class FormInputView:
    """One fillable place of a form, flattened: the same key names it in the PDF, the HTML page and the tests."""

    key: str                              # unique in the form: "organisation", "phases-2-outils", "reseau-partenaires"
    label: str                            # the circular's words: tooltip and accessible name
    kind: Literal["text", "date", "checkbox", "radio"]
    lines: int = 1
    options: tuple[FormOption, ...] = ()


class FormFile(Record):
    annex: Slug                           # the annex of annexes.yml this form is
    sheets: Annotated[list[FormSheet], Field(min_length=1)]
    notes: list[FormNote] = []

    @property
    def id(self) -> str:
        return self.annex

    @staticmethod
    def inputs_of(kind: str, element: object) -> list["FormInputView"]:
        """The fillable places of one element (none for a statement)."""
        return FORM_INPUTS.get(kind, lambda e: [])(element)

    def note(self, note_id: Optional[str]) -> Optional[FormNote]:
        return next((n for n in self.notes if n.id == note_id), None) if note_id else None

    def walk(self) -> list[tuple[tuple, str, object]]:
        """Every element with its YAML path and kind, in document order (rows' fields included)."""
        found: list[tuple[tuple, str, object]] = []
        for s, sheet in enumerate(self.sheets):
            for c, section in enumerate(sheet.sections):
                for i, item in enumerate(section.items):
                    path = ("sheets", s, "sections", c, "items", i)
                    found.append((path + (item.kind,), item.kind, item.element))
                    if item.row:
                        found += [(path + ("row", "fields", f, field.kind), field.kind, field.element)
                                  for f, field in enumerate(item.row.fields)]
        return found

    @property
    def inputs(self) -> list[FormInputView]:
        """Every fillable place, in document order."""
        return [view for sheet in self.sheets for section in sheet.sections for item in section.items
                for view in FORM_INPUTS.get(item.kind, lambda e: [])(item.element)]


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
    views = [view for item in row.fields for view in FORM_INPUTS[item.kind](item.element)]
    return [replace(v, label=f"{row.label} {v.label}") for v in views] if row.label else views


# How a date is written in a form's fields.
DATE_HINT = "(JJ/MM/AAAA)"


# How each kind of element becomes fillable places (a statement has none).
FORM_INPUTS = {
    "row": _row_inputs,
    "text": lambda t: [FormInputView(t.id, t.label + (f" {t.hint}" if t.hint else ""), "text", lines=t.lines)],
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


def _exam_line(exam: Optional[Exam]) -> str:
    return f"{exam.code} – {exam.title}".upper() if exam else ""


# Each header style of the circular's forms: (lines before the heading, lines after), from session facts.
FORM_HEADERS = {
    "fiche": lambda info, exam: ([f"BTS {info.specialty}".upper(), f"SESSION {info.year}"], [_exam_line(exam)]),
    "etude": lambda info, exam: ([f"BTS {info.specialty}", _exam_line(exam), f"SESSION {info.year}"], []),
    "demande": lambda info, exam: ([], [f"Candidat au {info.diploma.lower()} {info.specialty}", f"Session {info.year}"]),
}
