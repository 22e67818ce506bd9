"""Typed model of one exam session: one class per data file, one aggregate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

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


class EstablishmentsFile(Record):
    establishments: list[Establishment]


class Centre(Record):
    id: Slug
    name: Text
    town: Optional[Text] = None
    department: Optional[DepartmentCode] = None
    address: Optional[Text] = None


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
    announced: int
    placements: tuple[Placement, ...]

    @property
    def candidates(self) -> int:
        return sum(p.candidates for p in self.placements)


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

    @property
    def exams(self) -> tuple[Exam, ...]:
        """Every exam this date concerns: its own sitting, or the exams a deadline serves."""
        return ((self.exam,) if self.exam else ()) + self.for_exams


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

    # lookups by id (the checks guarantee every reference resolves)

    def exam(self, exam_id: str) -> Exam:
        return self._exams_by_id[exam_id]

    def centre(self, centre_id: str) -> Centre:
        return self._centres_by_id[centre_id]

    def establishment(self, establishment_id: str) -> Establishment:
        return self._establishments_by_id[establishment_id]

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
            views.append(WrittenCentreView(self.centre(wc.centre), wc.candidates, placements))
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
            KeyDate(f"operation-{op.id}", "fenetre", op.operation, op.from_, op.to, detail=op.planned, page="calendrier.md")
            for op in self.operations.operations if op.from_
        ]
        dates.append(KeyDate("depot-dossiers", "fenetre", f"Dépôt des dossiers ({dossier_codes}) sur {deposit.platform}",
                             deposit.opens, deposit.closes, detail=deposit.closes_at,
                             page="dossiers.md", for_exams=tuple(self.dossier_exams)))
        dates.append(KeyDate("depot-dossiers-cloture", "echeance", f"Clôture du dépôt des dossiers ({dossier_codes}) {deposit.closes_at}",
                             deposit.closes, page="dossiers.md", for_exams=tuple(self.dossier_exams)))
        dates += [
            KeyDate(f"ecrit-{w.exam.id}", "ecrit", w.exam.label, w.date, start_time=w.start, end_time=w.end,
                    detail=w.note, page="ecrits.md", exam=w.exam,
                    centres=tuple(v.centre for v in self.written_centres))
            for w in self.written_exams
        ]
        dates += [
            KeyDate(f"oral-{o.exam.id}-{n}", "oral", o.exam.label, p.start, p.end, page="oraux.md", exam=o.exam, centres=o.centres,
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
        """What happens at one centre (its writtens, orals, livrets), located there alone."""
        return [replace(d, centres=tuple(c for c in d.centres if c.id == centre_id))
                for d in self.key_dates if any(c.id == centre_id for c in d.centres)]

    def key_dates_of(self, establishment_id: str) -> list[KeyDate]:
        """What concerns one establishment's candidates: writtens at its own centre(s), every oral and deadline."""
        own = {p.centre.id for p in self.placements_of(establishment_id)}
        return [replace(d, centres=tuple(c for c in d.centres if c.id in own)) if d.kind == "ecrit" else d
                for d in self.key_dates if d.kind != "ecrit" or own]

    def key_dates_for(self, exam_id: str) -> list[KeyDate]:
        """The sittings of one exam and the deadlines that serve it (dossier deposit)."""
        return [d for d in self.key_dates if any(e.id == exam_id for e in d.exams)]
