"""The session: every data file validated, plus the views that pages, exports and checks read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Literal, NoReturn

from pydantic import BaseModel

from ..problems import PathPart
from .forms import FORM_HEADERS, FormFile, FormHeader, FormSheet, Statement
from .pages import page_url
from .schema import (
    CONVOCATIONS,
    OPTIONAL_SESSION_FILES,
    SESSION_FILES,
    Annex,
    AnnexesFile,
    ArchivingFile,
    Audience,
    CalendarFile,
    Centre,
    CentresFile,
    ChangeLogFile,
    ContactsFile,
    Correction,
    CorrectionsFile,
    DossierRequirement,
    DossiersFile,
    Establishment,
    EstablishmentsFile,
    Exam,
    ExamsFile,
    InternshipsFile,
    LivretsFile,
    NewsFile,
    Operation,
    OperationsFile,
    Origin,
    Period,
    ResultsFile,
    RulesFile,
    SessionInfo,
)

# A card draws the centres of an exam up to this many; beyond, it links to the list (national sessions
# may hold an oral in dozens of centres: an establishment's page must stay small).
CENTRES_DRAWN_AT_MOST = 3
# What a deadline's card and calendar event add when the circular writes « DATE IMPERATIVE » beside it.
IMPERATIVE = "date\u00a0impérative"   # never split across two lines


@dataclass(frozen=True)
class WrittenExam:
    """A written sitting with its exam resolved."""

    exam: Exam
    date: dt.date
    start: dt.time
    end: dt.time
    note: str | None


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


def written_key_date_id(exam_id: str) -> str:
    """The id of a written sitting among the key dates (calendar UIDs, "à confirmer" marks)."""
    return f"ecrit-{exam_id}"


def oral_key_date_id(exam_id: str, period_number: int) -> str:
    """The id of an oral period among the key dates; periods are numbered from 1."""
    return f"oral-{exam_id}-{period_number}"


def period_of(period_number: int, periods: int) -> str | None:
    """Which of an oral's periods a card shows, when it has several: two cards with one title are one oral."""
    return f"période {period_number} sur {periods}" if periods > 1 else None


# A place in the data: the file and the path of a value, as check messages spell them.
DataPlace = tuple[str, tuple[PathPart, ...]]

# How the one calendar of the site sorts dated facts: the filter's three groups, by kind.
CATEGORIES = {"ecrit": "ecrits", "oral": "oraux", "fenetre": "echeances", "echeance": "echeances", "resultats": "echeances"}
# The calendar's filter: each group of dated facts and its box.
CATEGORY_BOXES = [("Afficher", [("ecrits", "Épreuves écrites"), ("oraux", "Épreuves orales"), ("echeances", "Échéances et résultats")])]
# The kinds of dated fact that are exams sat ("Mes épreuves", a centre's exams); the others are dates around them.
SITTING_KINDS = ("ecrit", "oral")
# What a card calls each kind of dated fact.
KIND_LABELS = {"ecrit": "Écrit", "oral": "Oral", "fenetre": "Période", "echeance": "Échéance", "resultats": "Résultats"}


@dataclass(frozen=True)
class CorrectedText:
    """A text of the data as the circular prints it and as the site shows it, with the corrections between."""

    file: str
    field: str
    original: str
    shown: str
    corrections: tuple[Correction, ...]


@dataclass(frozen=True)
class KeyDate:
    """A dated fact of the session (window, deadline or sitting), shared by pages and downloads."""

    id: str
    kind: Literal["fenetre", "echeance", "ecrit", "oral", "resultats"]
    title: str
    start: dt.date
    end: dt.date | None = None          # last day, inclusive, for windows
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    detail: str | None = None
    page: str = "calendrier.md"
    exam: Exam | None = None
    centres: tuple[Centre, ...] = ()
    for_exams: tuple[Exam, ...] = ()      # exams a deadline serves (the dossier deposit)
    pairing_unspecified: bool = False     # oral: which period goes with which centre is not said
    open_ended: bool = False              # "à partir du …": a start, and no end given
    sources: tuple[DataPlace, ...] = ()   # where its values are written: ("calendar.yml", ("written", 0))
    audiences: tuple[Audience, ...] = ("candidats",)   # who it is for, as the site reads the circular
    modalities: str | None = None      # how it happens, as the circular details it ("Sur l'espace personnel …")

    @property
    def kind_label(self) -> str:
        """"Écrit", "Oral", "Période", "Échéance" or "Résultats", on its card."""
        return KIND_LABELS[self.kind]

    @property
    def category(self) -> str:
        """Its group in the calendar's filter: "ecrits", "oraux" or "echeances"."""
        return CATEGORIES[self.kind]

    @property
    def is_sitting(self) -> bool:
        """A written or oral exam, as opposed to a window, a deadline or the results."""
        return self.kind in SITTING_KINDS

    @property
    def option(self) -> str | None:
        """The exam id when a candidate sits it only by choice (a language), else None."""
        return self.exam.id if self.exam and self.exam.choice else None

    @property
    def centres_drawn(self) -> tuple[Centre, ...]:
        """The centres a card draws: all of them when they are few, none (a link to the list) when many."""
        return self.centres if len(self.centres) <= CENTRES_DRAWN_AT_MOST else ()

    @property
    def exams(self) -> tuple[Exam, ...]:
        """Every exam this date concerns: its own sitting, or the exams a deadline serves."""
        return ((self.exam,) if self.exam else ()) + self.for_exams

    @property
    def url(self) -> str:
        """Address of the page that explains this date, under the site root."""
        return page_url(self.page)


# The parts of a session, one per data file (SESSION_FILES, OPTIONAL_SESSION_FILES) and the forms: what generated
# files read.
SESSION_PARTS = frozenset(attribute for attribute, _ in {**SESSION_FILES, **OPTIONAL_SESSION_FILES}.values()) | {"forms"}


class UndeclaredRead(RuntimeError):
    """Something read a part of a restricted session that it did not declare (a mistake in the code, not the data)."""


class UnreadPart:
    """Stands for a part left out of a restricted session: any use of it raises UndeclaredRead."""

    def __init__(self, name: str, declared: Collection[str]):
        self._name, self._declared = name, tuple(sorted(declared))

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise UndeclaredRead(f"session.{self._name} lu par un code qui ne déclare lire que {', '.join(self._declared)} — "
                             f"attendu : « {self._name} » ajouté à ce qu'il déclare lire (son READS)")

    __getattr__ = __iter__ = __len__ = __bool__ = __getitem__ = __contains__ = _refuse
    __str__ = __format__ = __eq__ = __hash__ = _refuse     # printed or compared, it would pass silently


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
    corrections: CorrectionsFile
    source_name: str = "data"
    forms: list[FormFile] = field(default_factory=list)        # data/<session>/forms/*.yml
    form_sources: list[str] = field(default_factory=list)      # their file names, for messages
    corrected_texts: list[CorrectedText] = field(default_factory=list)   # corrections.yml, as applied by the loader
    changelog: ChangeLogFile = field(default_factory=ChangeLogFile)  # changelog.yml, written by handbook publish

    def part(self, filename: str) -> BaseModel | None:
        """The validated content of one data file of the session ("calendar.yml"), None for an unknown file."""
        entry = SESSION_FILES.get(filename) or OPTIONAL_SESSION_FILES.get(filename)
        return getattr(self, entry[0]) if entry else None

    def restricted(self, parts: Collection[str]) -> Session:
        """A copy of the session in which only the named parts (SESSION_PARTS) can be read; reading any other
        fails. What a generated file derives from is then exactly what it declares (outputs/cache.py keys)."""
        unknown = set(parts) - SESSION_PARTS
        if unknown:
            raise ValueError(f"parties de session inconnues : {', '.join(sorted(unknown))}")
        # Any: each stand-in takes the place of a part of another type (and refuses to be read).
        stand_ins: dict[str, Any] = {part: UnreadPart(part, parts) for part in SESSION_PARTS - set(parts)}
        # What comes with a part goes with it: the forms' file names, the corrections as applied.
        for companion, part in (("form_sources", "forms"), ("corrected_texts", "corrections")):
            if part not in parts:
                stand_ins[companion] = UnreadPart(part, parts)
        return replace(self, **stand_ins)

    # lookups by id (the checks guarantee every reference resolves)

    def exam(self, exam_id: str) -> Exam:
        return self._exams_by_id[exam_id]

    def centre(self, centre_id: str) -> Centre:
        return self._centres_by_id[centre_id]

    def establishment(self, establishment_id: str) -> Establishment:
        return self._establishments_by_id[establishment_id]

    def operation(self, operation_id: str) -> Operation:
        return next(op for op in self.operations.operations if op.id == operation_id)

    @property
    def convocations(self) -> Operation:
        """The operation that puts the candidates' convocations online."""
        return self.operation(CONVOCATIONS)

    def department_name(self, code: str | None) -> str | None:
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

    def written_centre(self, centre_id: str) -> WrittenCentreView | None:
        return self._written_centre_by_id.get(centre_id)

    def placements_of(self, establishment_id: str) -> list[Placement]:
        """Where one establishment's candidates write, in the order of written_centres."""
        return list(self._placements_by_establishment.get(establishment_id, ()))

    def orals_at(self, centre_id: str) -> list[OralExam]:
        """The oral exams held at one centre, in date order."""
        return list(self._orals_by_centre.get(centre_id, ()))

    # indexes, built once: a page or a calendar per centre or establishment must not scan every other one
    # (at national scale that is thousands of pages times thousands of entries)

    @cached_property
    def _written_centre_by_id(self) -> dict[str, WrittenCentreView]:
        return {w.centre.id: w for w in self.written_centres}

    @cached_property
    def _placements_by_establishment(self) -> dict[str, list[Placement]]:
        index: dict[str, list[Placement]] = {}
        for w in self.written_centres:
            for p in w.placements:
                index.setdefault(p.establishment.id, []).append(p)
        return index

    @cached_property
    def _orals_by_centre(self) -> dict[str, list[OralExam]]:
        index: dict[str, list[OralExam]] = {}
        for o in self.oral_exams:
            for c in o.centres:
                index.setdefault(c.id, []).append(o)
        return index

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

    def establishment_department(self, establishment: Establishment) -> str | None:
        """Declared department (the label names it), else the site's reading: the one of its written centre."""
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
            (code, self.department_name(code) or "Département non précisé", sorted(items, key=lambda e: e.title))
            for code, items in sorted(groups.items())
        ]

    @cached_property
    def largest_individual_line(self) -> Establishment | None:
        """The distance or individual line with the most candidates (the first of the table on a tie), if any: the
        finder's example of a department to type when a name finds nothing."""
        lines = [e for e in self.establishments.establishments if e.individual]
        return max(lines, key=lambda e: e.candidates) if lines else None

    @cached_property
    def line_counts(self) -> dict[str, int]:
        """The circular's table of registrants, counted: lines, training establishments, lines of individual candidates."""
        lines = self.establishments.establishments
        individual = sum(e.individual for e in lines)
        return {"lignes": len(lines), "etablissements": len(lines) - individual, "individuels": individual}

    # dated facts

    @cached_property
    def last_day(self) -> dt.date:
        """The session's last dated fact's last day (2022: the results): after it, a period without an end is over."""
        return max(key_date.end or key_date.start for key_date in self.key_dates)

    @cached_property
    def key_dates(self) -> list[KeyDate]:
        """Every dated fact, in date order: the one list behind the home page, calendars and exports."""
        deposit = self.dossiers.deposit
        BOTH: tuple[Audience, ...] = ("candidats", "etablissements")  # the deposit and the results: each candidate, and their school
        dossier_codes = ", ".join(e.code or e.title for e in self.dossier_exams)
        written_index = {s.exam: i for i, s in enumerate(self.calendar.written)}
        oral_index = {o.exam: i for i, o in enumerate(self.calendar.oral)}
        dates = [
            KeyDate(f"operation-{op.id}", "fenetre", op.operation, op.from_, op.to, detail=op.planned, page="calendrier.md",
                    open_ended=op.to is None, sources=(("operations.yml", ("operations", i)),), audiences=tuple(op.concerns),
                    modalities=op.detail)
            for i, op in enumerate(self.operations.operations) if op.from_
        ]
        dates.append(KeyDate("depot-dossiers", "fenetre", f"Dépôt des dossiers ({dossier_codes}) sur {deposit.platform}",
                             deposit.opens, deposit.closes, detail=deposit.closes_at,
                             page="dossiers.md", for_exams=tuple(self.dossier_exams), audiences=BOTH,
                             sources=(("dossiers.yml", ("deposit", "opens")), ("dossiers.yml", ("deposit", "closes")))))
        dates.append(KeyDate("depot-dossiers-cloture", "echeance", f"Clôture du dépôt des dossiers ({dossier_codes}) {deposit.closes_at}",
                             deposit.closes, detail=IMPERATIVE if deposit.imperative else None, page="dossiers.md",
                             for_exams=tuple(self.dossier_exams), audiences=BOTH,
                             sources=(("dossiers.yml", ("deposit", "closes")),)))
        dates += [
            KeyDate(written_key_date_id(w.exam.id), "ecrit", w.exam.label, w.date, start_time=w.start, end_time=w.end,
                    detail=w.note, page="ecrits.md", exam=w.exam,
                    centres=tuple(v.centre for v in self.written_centres),
                    sources=(("calendar.yml", ("written", written_index[w.exam.id])),))
            for w in self.written_exams
        ]
        dates += [
            KeyDate(oral_key_date_id(o.exam.id, n), "oral", o.exam.label, p.start, p.end, page="oraux.md", exam=o.exam, centres=o.centres,
                    detail=period_of(n, len(o.periods)), pairing_unspecified=o.pairing_unspecified,
                    sources=(("calendar.yml", ("oral", oral_index[o.exam.id], "periods", n - 1)),))
            for o in self.oral_exams for n, p in enumerate(o.periods, start=1)
        ]
        dates.append(KeyDate("livrets", "echeance", f"Remise des livrets scolaires au {self.livrets_centre.name}",
                             self.livrets.deadline, detail=IMPERATIVE if self.livrets.imperative else None,
                             page="livrets.md", centres=(self.livrets_centre,),
                             audiences=("etablissements",), sources=(("livrets.yml", ("deadline",)),)))
        res = self.results.results
        dates.append(KeyDate("resultats", "resultats", f"Résultats sur {res.platform}", res.date, start_time=res.from_,
                             page="resultats.md", audiences=BOTH, sources=(("results.yml", ("results",)),)))
        return sorted(dates, key=lambda d: (d.start, d.start_time or dt.time.min, d.id))

    @cached_property
    def written_key_dates(self) -> list[KeyDate]:
        """The written sittings among the key dates, at every written centre."""
        return [d for d in self.key_dates if d.kind == "ecrit"]

    @cached_property
    def oral_key_dates(self) -> list[KeyDate]:
        """The oral periods among the key dates, each with its centres."""
        return [d for d in self.key_dates if d.kind == "oral"]

    @cached_property
    def deadlines(self) -> list[KeyDate]:
        """What a candidate or an establishment must not miss: windows, deadlines, results."""
        return [d for d in self.key_dates if d.kind in ("fenetre", "echeance", "resultats")]

    def deadlines_for(self, audience: Audience) -> list[KeyDate]:
        """The deadlines of one audience: "candidats" (home page, "Mes épreuves"), "etablissements", "centres"."""
        return [d for d in self.deadlines if audience in d.audiences]

    @cached_property
    def staff_deadlines(self) -> list[KeyDate]:
        """The deadlines of establishments and exam centres, none of which is a candidate's own."""
        return [d for d in self.deadlines if "candidats" not in d.audiences]

    @cached_property
    def undated_operations(self) -> list[Operation]:
        """Operations the circular gives no date for ("à partir du mois de février"): the calendar lists them apart."""
        return [op for op in self.operations.operations if not op.from_]

    def undated_operations_for(self, audience: Audience) -> list[Operation]:
        """The undated operations of one audience: a candidate's page lists theirs (the notifications of exam
        arrangements) before their dated deadlines, as the calendar does."""
        return [op for op in self.undated_operations if audience in op.concerns]

    # dated facts as one centre, one establishment or one exam sees them (calendar downloads)

    def key_dates_at(self, centre_id: str) -> list[KeyDate]:
        """What happens at one centre (its writtens, orals, livrets), located there alone, except where the
        circular leaves open which of its centres hosts which period: those keep every centre."""
        return [d if d.pairing_unspecified else self.located(d, {centre_id})
                for d in self._key_dates_by_centre.get(centre_id, ())]

    def key_dates_of(self, establishment_id: str) -> list[KeyDate]:
        """What concerns one establishment line: its candidates' writtens at its own centre(s), every oral, their
        deadlines and the establishment's own; a line of individual candidates has no establishment's deadline."""
        line = self._establishments_by_id.get(establishment_id)
        readers = {"candidats"} if line and line.individual else {"candidats", "etablissements"}
        return self._dates_seen_from(self.written_centres_of(establishment_id), readers, None)

    def written_centres_of(self, establishment_id: str) -> tuple[Centre, ...]:
        """The centre(s) where a line's candidates write, in the circular's order."""
        return tuple(p.centre for p in self.placements_of(establishment_id))

    def candidate_key_dates(self, centres: tuple[Centre, ...], options: tuple[str, ...] | None = None) -> list[KeyDate]:
        """What a candidate writing at `centres` sits and must not miss: the writtens located there, the orals
        (those by choice only when among `options`; all when options is None), the candidates' deadlines."""
        return self._dates_seen_from(centres, {"candidats"}, None if options is None else set(options))

    def _dates_seen_from(self, centres: tuple[Centre, ...], readers: set[str], options: set[str] | None) -> list[KeyDate]:
        # Writtens located at the given centres, orals (by choice only when chosen), the readers' other dates.
        own = {c.id for c in centres}
        dates = []
        for d in self.key_dates:
            if d.kind == "ecrit":
                if own:
                    dates.append(self.located(d, own))
            elif d.kind == "oral":
                if options is None or d.option is None or d.option in options:
                    dates.append(d)
            elif readers & set(d.audiences):
                dates.append(d)
        return dates

    def late_entry_until(self, sitting: KeyDate) -> dt.time | None:
        """Until when a late candidate may still be let into a written exam's room, by the site's reading of the
        circular's lateness rule (rules.yml, written.late_entry_minutes); None where the data give no such reading."""
        minutes = self.rules.written.late_entry_minutes
        if minutes is None or sitting.kind != "ecrit" or sitting.start_time is None:
            return None
        start = dt.datetime.combine(sitting.start, sitting.start_time)
        until = start + dt.timedelta(minutes=minutes)
        if sitting.end_time is not None and until >= dt.datetime.combine(sitting.start, sitting.end_time):
            return None   # as long as the exam lasts: « jusqu'à » its end would say nothing the rule does not
        return until.time() if until.date() == sitting.start else None

    def sittings_at(self, centre_id: str) -> list[KeyDate]:
        """The exams held at one centre, in date order (its page's cards)."""
        return [d for d in self.key_dates_at(centre_id) if d.is_sitting]

    def candidate_sittings(self, establishment_id: str) -> list[KeyDate]:
        """The exams of one line's candidates, in date order ("Mes épreuves"): writtens at its centre(s), every oral."""
        return [d for d in self.candidate_key_dates(self.written_centres_of(establishment_id)) if d.is_sitting]

    def candidate_centres(self, establishment_id: str) -> tuple[Centre, ...]:
        """The centres a line's cards draw ("Mes épreuves"), once each: its written centre(s), then the orals' in
        date order. The pages a candidate keeps for exam day (the centres of an oral held in more centres than a
        card draws are not among them: the card links to the list)."""
        drawn = {c.id: c for c in self.written_centres_of(establishment_id)}
        for d in self.candidate_sittings(establishment_id):
            for c in d.centres_drawn:
                drawn.setdefault(c.id, c)
        return tuple(drawn.values())

    # choices a candidate makes ("Mes épreuves": the language orals)

    @cached_property
    def choice_groups(self) -> list[tuple[str, list[Exam]]]:
        """Each question a candidate answers ("Langues vivantes …") and its exams, in the order of exams.yml."""
        groups: dict[str, list[Exam]] = {}
        for exam in self.exams.exams:
            if exam.choice:
                groups.setdefault(exam.choice.group, []).append(exam)
        return list(groups.items())

    @cached_property
    def choice_boxes(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The same as boxes to tick: each question, and its exams as (id, answer)."""
        return [(group, [(e.id, e.choice.option) for e in exams if e.choice]) for group, exams in self.choice_groups]

    @property
    def category_boxes(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The calendar's filter as boxes to tick: écrits, oraux, échéances."""
        return CATEGORY_BOXES

    @cached_property
    def dated_options(self) -> tuple[str, ...]:
        """The exams by choice that have dates of their own: the choice changes a candidate's calendar."""
        return tuple(e.id for _, exams in self.choice_groups for e in exams if self.key_dates_for(e.id))

    @cached_property
    def option_sets(self) -> list[tuple[str, ...]]:
        """Every non-empty combination of dated options, all of them first: one calendar file each per centre."""
        every = self.dated_options
        subsets = [tuple(o for bit, o in enumerate(every) if mask >> bit & 1) for mask in range(1, 2 ** len(every))]
        return [every] + sorted((s for s in subsets if s != every), key=lambda s: (len(s), [every.index(o) for o in s]))

    @cached_property
    def written_centre_sets(self) -> list[tuple[Centre, ...]]:
        """The distinct sets of written centres of the lines (one centre each, mostly), in the circular's order."""
        sets: dict[tuple[str, ...], tuple[Centre, ...]] = {}
        for e in self.establishments.establishments:
            centres = self.written_centres_of(e.id)
            sets.setdefault(tuple(c.id for c in centres), centres)
        return list(sets.values())

    def located(self, key_date: KeyDate, centre_ids: set[str]) -> KeyDate:
        """A date of `key_dates` at those of its centres that are among centre_ids, in its own order of centres
        (looked up, not scanned: a written sitting lists every written centre)."""
        positions = self._centre_positions[key_date.id]
        kept = sorted(positions[c] for c in centre_ids if c in positions)
        return replace(key_date, centres=tuple(key_date.centres[i] for i in kept))

    @cached_property
    def _key_dates_by_centre(self) -> dict[str, list[KeyDate]]:
        # Each centre's dates, in date order.
        index: dict[str, list[KeyDate]] = {}
        for d in self.key_dates:
            for c in d.centres:  # a centre is listed once per date (checks.UNIQUE_KEYS)
                index.setdefault(c.id, []).append(d)
        return index

    @cached_property
    def _centre_positions(self) -> dict[str, dict[str, int]]:
        # For each date of key_dates, where each of its centres stands in its list.
        return {d.id: {c.id: i for i, c in enumerate(d.centres)} for d in self.key_dates}

    def key_dates_for(self, exam_id: str) -> list[KeyDate]:
        """The sittings of one exam and the deadlines that serve it (dossier deposit)."""
        return [d for d in self.key_dates if any(e.id == exam_id for e in d.exams)]

    # forms (annexes)

    def form(self, annex_id: str) -> FormFile | None:
        """The form of an annex, if the session defines one (annex 1 points to the national circular instead)."""
        return next((f for f in self.forms if f.annex == annex_id), None)

    def annex(self, annex_id: str) -> Annex:
        return next(a for a in self.annexes.annexes if a.id == annex_id)

    def deposit_requirements(self, annex_id: str) -> list[DossierRequirement]:
        """The pieces to deposit for the exams of an annex, which its form's pages say (form_deposit)."""
        exams = self.annex(annex_id).exams
        return [r for r in self.dossiers.deposit.requirements if r.exam in exams]

    def form_header(self, sheet: FormSheet) -> FormHeader:
        """Specialty, session year and exam title around a sheet's heading, from the session data."""
        before, after = FORM_HEADERS[sheet.header](self.info, self.exam(sheet.exam) if sheet.exam else None)
        return FormHeader(tuple(before), sheet.heading, tuple(after))

    def statement_text(self, statement: Statement) -> str:
        """A form's fixed text, followed by the exam it names: "… : E6 – Relation client et animation de réseaux"."""
        if not statement.exam:
            return statement.text
        exam = self.exam(statement.exam)
        return f"{statement.text} {exam.code} – {exam.title}" if exam.code else f"{statement.text} {exam.title}"

    @cached_property
    def oral_dossier_exams(self) -> list[Exam]:
        """The dossier exams taken orally (E4, E6): their sheets are brought to the oral."""
        return [e for e in self.dossier_exams if e.mode == "oral"]

    def forms_of_exam(self, exam_id: str) -> list[FormFile]:
        """The forms of the annexes that concern an exam, in annex order."""
        return [f for a in self.annexes.annexes if exam_id in a.exams for f in [self.form(a.id)] if f]

    @cached_property
    def dossier_forms(self) -> list[FormFile]:
        """The forms of the dossiers' exams, each once (an annex may concern several exams), in the exams' order."""
        forms: dict[str, FormFile] = {}
        for exam in self.dossier_exams:
            for form in self.forms_of_exam(exam.id):
                forms.setdefault(form.annex, form)
        return list(forms.values())
