"""The schema of each data file of a session (data/<session>/*.yml): one record class per file."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .pages import HasPage
from .types import ClockTime, Count, Date, DepartmentCode, EmailAddress, Enrolled, Flag, Headcount, Hint, PhoneNumber, Record, Slug, Text, Title, Url

# --- session.yml -----------------------------------------------------------

class NationalCircular(Record):
    date: Date
    issuer: Title
    label: Title


class Signatory(Record):
    delegation: list[Text]
    role: Title
    name: Title


class ToConfirm(Record):
    """A value of a draft session still to confirm (written by `handbook new-session`)."""

    file: Text                      # e.g. calendar.yml
    field: Text                     # e.g. written[0].date, as check messages spell it
    note: Text | None = None


class SessionInfo(Record):
    year: Annotated[int, Field(ge=2000, le=2100, strict=True)]
    specialty: Title
    diploma: Title
    diploma_short: Title            # as the circular abbreviates it: BTS
    academy: Title
    title: Title
    candidate_total: Count
    national_circular: NationalCircular
    signatory: Signatory
    published: Date
    # Draft sessions only: values to confirm before publishing (see hooks/handbook/drafts.py).
    to_confirm: list[ToConfirm] = []

    @property
    def name(self) -> str:
        """The diploma and its specialty: "BTS Négociation et Digitalisation de la Relation Client"."""
        return f"{self.diploma_short} {self.specialty}"

    @property
    def site_title(self) -> str:
        """The handbook's title, in the header and the downloads' metadata: "BTS … – session 2022"."""
        return f"{self.name} – session {self.year}"

    @property
    def short_title(self) -> str:
        """The header's title on a phone, where the whole one is cut after a word: "BTS – session 2022"."""
        return f"{self.diploma_short} – session {self.year}"

    @property
    def circular_name(self) -> str:
        """Which circular the facts come from, inside a sentence: "circulaire académique d'organisation, académie de …"."""
        return f"circulaire académique d'organisation, académie de {self.academy}"

    @property
    def draft(self) -> bool:
        """A session drafted by handbook new-session, with values still to confirm: never published."""
        return bool(self.to_confirm)

    @property
    def source(self) -> str:
        """Where the facts come from, inside a sentence: "circulaire académique d'organisation, académie de …, session
        2022". A draft's facts come from the previous session's circular: its own year's is not out yet."""
        if self.draft:
            return f"{self.circular_name}, session précédente (projet de session {self.year}, à confirmer)"
        return f"{self.circular_name}, session {self.year}"

    @property
    def source_label(self) -> str:
        """The source line shown on every page: "Circulaire académique d'organisation, académie de …, session 2022"."""
        return f"{self.source[0].upper()}{self.source[1:]}"


# --- contacts.yml ----------------------------------------------------------

class Contact(Record):
    id: Slug
    name: Title
    role: Title
    phone: PhoneNumber | None = None
    email: EmailAddress | None = None
    note: Text | None = None        # the site's remark (shown as a reading), where the circular is at odds with itself


class ContactsFile(Record):
    contacts: list[Contact]


# --- exams.yml -------------------------------------------------------------

class ExamChoice(Record):
    """An exam a candidate sits only if they chose it (a language): "Mes épreuves" lets them tick it."""

    group: Title                    # the question, shared by the exams of one group: "Langues vivantes …"
    option: Title                   # this exam's answer: "Anglais"


class Exam(Record):
    id: Slug
    code: Title | None = None
    also_called: Title | None = None
    title: Title
    detail: Title | None = None
    mode: Literal["écrit", "oral", "dossier"]
    dossier: Flag = False
    choice: ExamChoice | None = None

    @property
    def label(self) -> str:
        """The exam as the circular prints it: "E4 : Relation client… (détail)"."""
        text = f"{self.code} : {self.title}" if self.code else self.title
        return f"{text} ({self.detail})" if self.detail else text

    @property
    def label_inline(self) -> str:
        """The exam inside a sentence's parentheses, none nested: "E5 – Relation client …, 1ère partie"."""
        text = f"{self.code} – {self.title}" if self.code else self.title
        return f"{text}, {self.detail}" if self.detail else text

    @property
    def short(self) -> str:
        """A few words for narrow places: "E4", "E2 anglais"; the title when there is no code."""
        if not self.code:
            return self.title
        variant = self.title.rsplit(" – ", 1)[1].lower() if " – " in self.title else ""
        return f"{self.code} {variant}".strip()


class ExamsFile(Record):
    exams: Annotated[list[Exam], Field(min_length=1)]


# --- calendar.yml ----------------------------------------------------------

class WrittenSitting(Record):
    exam: Slug
    date: Date
    start: ClockTime
    end: ClockTime
    note: Text | None = None


class Period(Record):
    start: Date
    end: Date


class OralSession(Record):
    exam: Slug
    periods: Annotated[list[Period], Field(min_length=1)]
    centres: Annotated[list[Slug], Field(min_length=1)]
    pairing_unspecified: Flag = False


class CalendarFile(Record):
    written: list[WrittenSitting]
    oral: list[OralSession]
    # The title of the circular's part that organises these exams (2022: « Organisation des épreuves ponctuelles »):
    # it does not say which candidates sit each oral that way, which the pages then say.
    organisation: Title | None = None


# --- operations.yml --------------------------------------------------------

# Who a dated fact is for, as the site reads the circular: candidates, establishments, exam centres.
Audience = Literal["candidats", "etablissements", "centres"]
AUDIENCES: tuple[Audience, ...] = ("candidats", "etablissements", "centres")


class Operation(Record):
    id: Slug
    operation: Title
    detail: Text
    planned: Text
    from_: Date | None = Field(default=None, alias="from")
    to: Date | None = None
    concerns: Annotated[list[Audience], Field(min_length=1)] = list(AUDIENCES)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class OperationsFile(Record):
    operations: list[Operation]


# The operation that puts the candidates' convocations online: establishment pages and the finder quote it, and
# it comes before the first exam (checks.py).
CONVOCATIONS = "convocations"


# --- dossiers.yml ----------------------------------------------------------

class DossierRequirement(Record):
    exam: Slug
    pieces: Text


class Deposit(Record):
    opens: Date
    closes: Date
    closes_at: Title
    imperative: Flag
    platform: Title
    platform_link_note: Text
    platform_url: Url | None = None
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
    printed_code: Title
    rule: Text


class CalculatorRules(Record):
    allowed_material: Text
    circular: Text
    exam_mode: Text
    equality: Text
    invigilator_request: Text
    warning: Text
    # The site's reading of the circular's words above, what a candidate does, shown first and marked as a reading
    # (2022: arrive with exam mode off, it is turned on in the room): the quotes read as if they disagreed.
    reading: Text | None = None


class WrittenRules(Record):
    to_bring: Text | None = None    # what the circular says to bring to a written exam, if it says it (2022: nothing)
    exit_bans: list[ExitBan]
    lateness: Text
    # The site's reading of the lateness rule, what a late candidate reads first (« retard »: the rule's own words
    # never say it, and a search showed only that the circular says nothing of lateness at an oral).
    lateness_reading: Text | None = None
    # The same reading as a length: how long after an exam's start a late candidate may still be let in (« dans la
    # limite de la première heure »: 60), which each exam's card turns into its clock time (« jusqu'à 15 h »).
    late_entry_minutes: Annotated[int, Field(ge=1, le=240, strict=True), Hint(
        "un nombre entier de minutes après le début de l'épreuve, sans guillemets", "60")] | None = None
    escort: Text
    absence: Text
    communication: Text
    calculators: CalculatorRules


class OralRules(Record):
    lateness: Text | None = None    # what the circular says of lateness at an oral, if it says it (2022: nothing)
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
    imperative: Flag
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
    platform: Title

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
    title: Title
    text: Text
    note: Text | None = None        # the site's reading, shown after the text (a line read as saying what it does not)


class NewsFile(Record):
    title: Title
    items: list[NewsItem]


# --- annexes.yml -----------------------------------------------------------

class Annex(Record):
    number: Annotated[int, Field(ge=1, strict=True)]
    id: Slug
    title: Title
    exams: list[Slug] = []
    external_model: Title | None = None
    external_url: Url | None = None

    @property
    def label(self) -> str:
        """"Annexe 2 – FICHE DESCRIPTIVE …", as page titles, downloads and headings name it."""
        return f"Annexe {self.number} – {self.title}"


class AnnexesFile(Record):
    annexes: list[Annex]


# --- establishments.yml, centres.yml ---------------------------------------

class Establishment(Record, HasPage):
    page_kind: ClassVar[str] = "establishment"

    id: Slug
    name: Title                # the circular's label, as printed: "LGT MARCELIN BERTHELOT"
    candidates: Enrolled
    department: DepartmentCode | None = None
    individual: Flag = False   # individual or distance-learning candidates, no training establishment
    display_name: Title | None = None  # the site's reading of the label: "Lycée Marcelin-Berthelot, Toulouse"
    aliases: list[Title] = []             # other words people type for it (finder, search): "CNED", a town

    @property
    def title(self) -> str:
        """Its page's title: the readable name, else the circular's label."""
        return self.display_name or self.name


class EstablishmentsFile(Record):
    establishments: list[Establishment]


class Centre(Record, HasPage):
    page_kind: ClassVar[str] = "centre"

    id: Slug
    name: Title
    town: Title | None = None
    department: DepartmentCode | None = None
    address: Title | None = None

    @property
    def label(self) -> str:
        """Its title: "Lycée Pierre d'Aragon – Muret", or the name alone when the town is not given."""
        return f"{self.name} – {self.town}" if self.town else self.name


class Origin(Record):
    establishment: Slug
    label: Title
    candidates: Headcount


class WrittenCentre(Record):
    centre: Slug
    candidates: Count
    origins: Annotated[list[Origin], Field(min_length=1)]


class CentresFile(Record):
    departments: dict[DepartmentCode, Title]
    centres: list[Centre]
    written_centres: list[WrittenCentre]


# --- corrections.yml ---------------------------------------------------------

class Correction(Record):
    """A slip of the circular fixed on the site (an accent, an agreement): the loader applies it, the site lists it."""

    file: Title                     # a data file of the session: operations.yml
    field: Title                    # the text's place, as check messages spell it: operations[3].detail
    before: Text                    # the circular's words, found once in that text
    after: Text                     # what the site shows instead
    why: Title                      # the rule, in a few words: "majuscule accentuée"


class CorrectionsFile(Record):
    corrections: list[Correction] = []


# --- changelog.yml (written by `handbook publish`, never by staff) ---------

# A page of the site by its source path: ecrits.md, centres/index.md.
PagePath = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/-]*\.md$", max_length=200),
                     Hint("le chemin d'une page de docs/", "ecrits.md")]
# A git commit name, as `git rev-parse` gives it.
CommitId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{7,64}$"), Hint("un identifiant de commit", "618fd9b")]


class LoggedChange(Record):
    """One fact that changed, as `handbook diff` words it, and whom it concerns."""

    subject: Title                      # E3 (écrit), Lycée Berthelot
    text: Text                          # date 16 mai 2022 → 17 mai 2022
    pages: list[PagePath] = []          # pages of docs/ and form pages showing it, where it is explained first
    centres: list[Slug] = []            # centres concerned: their page and calendar show it
    establishments: list[Slug] = []     # establishments concerned: their page or calendar show it
    key_dates: list[Slug] = []          # calendar events (KeyDate ids) whose facts changed


class ChangeLogEntry(Record):
    """One publication: its date (recorded then), the commit published, what changed since the previous one."""

    date: Date
    commit: CommitId
    note: Title | None = None        # one line from staff: handbook publish --note "…"
    changes: list[LoggedChange] = []    # empty for the first publication (« Publication initiale »)


class ChangeLogFile(Record):
    entries: list[ChangeLogEntry] = []


# Which file feeds which part of the session, and its schema: one concern per file.
SESSION_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "session.yml": ("info", SessionInfo),
    "contacts.yml": ("contacts", ContactsFile),
    "exams.yml": ("exams", ExamsFile),
    "calendar.yml": ("calendar", CalendarFile),
    "operations.yml": ("operations", OperationsFile),
    "dossiers.yml": ("dossiers", DossiersFile),
    "rules.yml": ("rules", RulesFile),
    "livrets.yml": ("livrets", LivretsFile),
    "internships.yml": ("internships", InternshipsFile),
    "results.yml": ("results", ResultsFile),
    "archiving.yml": ("archiving", ArchivingFile),
    "news.yml": ("news", NewsFile),
    "annexes.yml": ("annexes", AnnexesFile),
    "establishments.yml": ("establishments", EstablishmentsFile),
    "centres.yml": ("centres", CentresFile),
    "corrections.yml": ("corrections", CorrectionsFile),
}
# Files a session may lack, written by the tools rather than by staff; absent means empty.
OPTIONAL_SESSION_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "changelog.yml": ("changelog", ChangeLogFile),   # the publications' change log (handbook publish)
}
