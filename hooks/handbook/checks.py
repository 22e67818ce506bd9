"""Cross-checks between data files: natural keys, references, counts, dates, forms.

Each check declares the session parts (data files) it reads, and runs whenever those parts are valid,
even if other files are broken: one `handbook check` lists everything that can be found.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import operator
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from .drafts import check_to_confirm, overlap, parse_field
from .holidays import holidays_between
from .model import CONVOCATIONS, OPTIONAL_SESSION_FILES, SESSION_FILES, inputs_of, leaves
from .model.types import DAY_HOURS
from .problems import PathPart, Problem, format_path, shorten, visible_spaces
from .text import FIRST_OF_MONTH, FRENCH_DATE, WEEKDAYS, date_short, day_and_month, plural
from .typography import pdf_unprintable
from .words import one_slip

# Every part a complete session has: one per data file, plus "forms" when every form file is valid.
ALL_PARTS = frozenset(attribute for attribute, _ in SESSION_FILES.values()) | {"forms"}
# The parts of files a session may go without (the change log): a complete session has them, empty if need be.
OPTIONAL_PARTS = frozenset(attribute for attribute, _ in OPTIONAL_SESSION_FILES.values())


def check_session(session: Any, loaded: Iterable[str] | None = None) -> list[Problem]:
    """Run every cross-check whose parts are loaded (all, for a complete Session); return all problems
    (an empty list means publishable). `session` is a Session, or any object with the loaded parts."""
    ready = ALL_PARTS | OPTIONAL_PARTS if loaded is None else frozenset(loaded)
    files = _Files(session.source_name, _dates_year(session))
    return [problem for check in CHECKS if check.reads <= ready for problem in check.run(session, files)]


@dataclass(frozen=True)
class Check:
    """One cross-check and the session parts it reads (it runs only when they are all valid)."""

    reads: frozenset[str]
    run: Callable[[Any, _Files], Iterable[Problem]]


class _Files:
    # The shown path of each data file, e.g. files.centres -> "data/2022/centres.yml"; and the year the session's dates
    # are checked against (_dates_year), None while session.yml is not valid.
    def __init__(self, label: str, year: int | None = None):
        self.label = label
        self.year = year

    def __getattr__(self, name: str) -> str:
        return f"{self.label}/{name}.yml"


# --- natural keys ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class UniqueKey:
    """A list whose items must differ by a natural key: where such lists are, what their key is, how to say it.

    `lists` gives (file under the session folder, list path, items) for each list; `key` names the fields of
    the key (empty: the items themselves); `expected` says what to write, with {first} the first occurrence."""

    reads: tuple[str, ...]
    lists: Callable[[Any], Iterable[tuple[str, tuple[PathPart, ...], Sequence[Any]]]]
    key: tuple[str, ...]
    what: str
    expected: str
    # A key that is no field of its own (a name as the site shows it): the item's key and the field to report it at.
    shown_as: Callable[[Any], tuple[str, str]] | None = None


def duplicates(rule: UniqueKey, session: Any, files: _Files) -> Iterator[Problem]:
    """The second and later items of a list that repeat a natural key, each pointing back to the first."""
    for file, path, items in rule.lists(session):
        first: dict[Any, tuple[int, str]] = {}
        for index, item in enumerate(items):
            field, value = _key(rule, item)
            shown = " ".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
            alike = _as_read(value)
            if alike not in first:
                first[alike] = index, shown
                continue
            before, first_shown = first[alike]
            read_as = f", qui se lit comme « {visible_spaces(first_shown)} »" if shown != first_shown else ""
            yield Problem(f"{files.label}/{file}", path + (index,) + field, f"{rule.what} en double « {visible_spaces(shown)} »{read_as}",
                          rule.expected.format(first=format_path(path + (before,)), value=shown),
                          also=path + (before,) + field)


def _as_read(value: Any) -> Any:
    # A key as a reader tells it apart: a name's case and its spaces (two, a no-break one) do not make another name.
    if isinstance(value, tuple):
        return tuple(_as_read(v) for v in value)
    return " ".join(value.casefold().split()) if isinstance(value, str) else value


def _key(rule: UniqueKey, item: Any) -> tuple[tuple[str, ...], Any]:
    # The field a repeat is reported at, and the item's key: its fields' values, the item itself, or as it is shown.
    if rule.shown_as:
        field, shown = rule.shown_as(item)
        return (field,), shown
    return rule.key[:1], tuple(_attribute(item, name) for name in rule.key) if rule.key else item


def _attribute(item: Any, name: str) -> Any:
    # A key field by its YAML name ("from" is from_ in the model).
    return getattr(item, name, None) if hasattr(item, name) else getattr(item, f"{name}_")


def _forms_lists(session: Any, pick: Callable[[Any], Iterable[tuple[tuple[PathPart, ...], Sequence[Any]]]]
                 ) -> list[tuple[str, tuple[PathPart, ...], Sequence[Any]]]:
    # The same kind of list in every loaded form file.
    return [(source, path, items) for form, source in zip(session.forms, session.form_sources, strict=True) for path, items in pick(form)]


def _form_choices(form: Any) -> Iterator[tuple[tuple[PathPart, ...], Sequence[Any]]]:
    for path, kind, element in form.elements():
        if kind == "choice":
            yield path + ("options",), element.options
        elif kind == "table":
            yield path + ("columns",), element.columns


# Which of two equal ids was just typed is not known, and the other may be published (a page's address, an agenda
# event): the advice renames neither, it sends staff back to the one they changed.
ID_EXPECTED = ("des identifiants différents : corriger celui des deux que vous venez d'écrire (lui rendre sa valeur "
               "d'avant, ou en donner un nouveau à une ligne ajoutée), sans renommer l'autre : un identifiant publié ne change jamais")
# Every list of the data that has a natural key: one row each, checked by `duplicates`.
UNIQUE_KEYS: list[UniqueKey] = [
    UniqueKey(("establishments",), lambda s: [("establishments.yml", ("establishments",), s.establishments.establishments)],
              ("id",), "identifiant", ID_EXPECTED),
    UniqueKey(("centres",), lambda s: [("centres.yml", ("centres",), s.centres.centres)], ("id",), "identifiant", ID_EXPECTED),
    # Two centres, or two establishments, that the site shows under one name: a reader could not tell them apart
    # (in the finder, a page's title, the search results).
    UniqueKey(("centres",), lambda s: [("centres.yml", ("centres",), s.centres.centres)], (), "nom de centre affiché",
              "un nom ou une commune (town) qui distingue ce centre de {first}, par exemple town: Nom de la commune",
              shown_as=lambda centre: ("name", centre.label)),
    UniqueKey(("establishments",), lambda s: [("establishments.yml", ("establishments",), s.establishments.establishments)],
              (), "nom d'établissement affiché",
              "un display_name qui distingue cet établissement de {first}, par exemple avec sa commune : "
              "display_name: \"{value}, Nom de la commune\"",
              shown_as=lambda e: ("display_name" if e.display_name else "name", e.title)),
    UniqueKey(("exams",), lambda s: [("exams.yml", ("exams",), s.exams.exams)], ("id",), "identifiant", ID_EXPECTED),
    UniqueKey(("contacts",), lambda s: [("contacts.yml", ("contacts",), s.contacts.contacts)], ("id",), "identifiant", ID_EXPECTED),
    UniqueKey(("operations",), lambda s: [("operations.yml", ("operations",), s.operations.operations)], ("id",), "identifiant",
              ID_EXPECTED),
    UniqueKey(("annexes",), lambda s: [("annexes.yml", ("annexes",), s.annexes.annexes)], ("id",), "identifiant", ID_EXPECTED),
    UniqueKey(("annexes",), lambda s: [("annexes.yml", ("annexes",), s.annexes.annexes)], ("number",), "numéro d'annexe",
              "un numéro unique (le premier {value} est {first}), par exemple le numéro suivant de la liste"),
    UniqueKey(("news",), lambda s: [("news.yml", ("items",), s.news.items)], ("id",), "identifiant", ID_EXPECTED),
    UniqueKey(("centres",), lambda s: [("centres.yml", ("written_centres",), s.centres.written_centres)], ("centre",),
              "centre d'écrit", "chaque centre d'écrit une seule fois (il est déjà en {first}) : ajouter ses origines à celui-là, "
              "par exemple - {{establishment: lgt-alexis-monteil, label: Lycée Alexis Monteil, candidates: 16}}"),
    UniqueKey(("centres",), lambda s: [("centres.yml", ("written_centres", i, "origins"), w.origins)
                                        for i, w in enumerate(s.centres.written_centres)],
              ("establishment", "label"), "origine",
              "chaque origine une seule fois par centre (déjà en {first}) : additionner les candidats sur cette ligne-là, "
              "par exemple candidates: 16"),
    # A written exam is one sitting: its agenda event (UID ecrit-<épreuve>) must be unique.
    UniqueKey(("calendar",), lambda s: [("calendar.yml", ("written",), s.calendar.written)], ("exam",), "épreuve écrite",
              "chaque épreuve écrite une seule fois (déjà en {first}, même événement d'agenda), par exemple - exam: e1"),
    # An oral exam is one block of periods: its agenda events (UID oral-<épreuve>-<n>) must be unique.
    UniqueKey(("calendar",), lambda s: [("calendar.yml", ("oral",), s.calendar.oral)], ("exam",), "épreuve orale",
              "chaque épreuve orale une seule fois (déjà en {first}) : mettre toutes ses périodes dans ce bloc, "
              "par exemple periods: [{{start: 2022-05-10, end: 2022-05-13}}, {{start: 2022-05-23, end: 2022-05-25}}]"),
    UniqueKey(("calendar",), lambda s: [("calendar.yml", ("oral", i, "centres"), o.centres) for i, o in enumerate(s.calendar.oral)],
              (), "centre", "chaque centre une seule fois par épreuve orale (déjà en {first}), par exemple centres: [issec-pigier, pierre-d-aragon]"),
    UniqueKey(("calendar",), lambda s: [("calendar.yml", ("oral", i, "periods"), o.periods) for i, o in enumerate(s.calendar.oral)],
              ("start", "end"), "période", "chaque période une seule fois (déjà en {first}), par exemple {{start: 2022-05-23, end: 2022-05-25}}"),
    UniqueKey(("dossiers",), lambda s: [("dossiers.yml", ("deposit", "requirements"), s.dossiers.deposit.requirements)],
              ("exam",), "épreuve", "chaque épreuve une seule fois (déjà en {first}) : réunir ses pièces dans ce bloc, par exemple - exam: e4"),
    UniqueKey(("rules",), lambda s: [("rules.yml", ("written", "exit_bans"), s.rules.written.exit_bans)],
              ("exam",), "épreuve", "chaque épreuve une seule fois (déjà en {first}) : réunir ses règles dans ce bloc, par exemple - exam: e1"),
    UniqueKey(("annexes",), lambda s: [("annexes.yml", ("annexes", i, "exams"), a.exams) for i, a in enumerate(s.annexes.annexes)],
              (), "épreuve", "chaque épreuve une seule fois (déjà en {first}), par exemple exams: [e4, e6]"),
    UniqueKey(("info",), lambda s: [("session.yml", ("to_confirm",), s.info.to_confirm)], ("file", "field"),
              "valeur à confirmer", "chaque valeur une seule fois (déjà en {first}), par exemple {{file: calendar.yml, field: written[0].date}}"),
    UniqueKey((), lambda s: _forms_lists(s, lambda f: [(("sheets",), f.sheets)]), ("id",), "feuille", ID_EXPECTED),
    UniqueKey((), lambda s: _forms_lists(s, lambda f: [(("sheets", i, "sections"), sheet.sections) for i, sheet in enumerate(f.sheets)]),
              ("id",), "rubrique", ID_EXPECTED),
    UniqueKey((), lambda s: _forms_lists(s, lambda f: [(("notes",), f.notes)]), ("id",), "note", ID_EXPECTED),
    UniqueKey((), lambda s: _forms_lists(s, _form_choices), ("id",), "option ou colonne", ID_EXPECTED),
]


# --- references ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """A kind of thing that data refers to by id: where the ids are defined, and how an unknown one is named."""

    part: str
    ids: Callable[[Any], list[str]]
    unknown: str                 # agrees in gender: "épreuve inconnue", "centre inconnu"
    defined_in: str


TARGETS = {
    "exam": Target("exams", lambda s: [e.id for e in s.exams.exams], "épreuve inconnue", "exams.yml"),
    "centre": Target("centres", lambda s: [c.id for c in s.centres.centres], "centre inconnu", "centres.yml"),
    "establishment": Target("establishments", lambda s: [e.id for e in s.establishments.establishments],
                            "établissement inconnu", "establishments.yml"),
    "department": Target("centres", lambda s: list(s.centres.departments), "département inconnu", "centres.yml (departments)"),
}


# What taking an unknown reference away means, unless a kind of reference says more (an origin's candidates).
REMOVAL = "retirer cette référence"


@dataclass(frozen=True)
class Reference:
    """Places of one file that name ids of one kind: (path, value) for each; `removal` says what taking one away
    takes with it."""

    part: str
    file: str
    kind: str
    places: Callable[[Any], Iterable[tuple[tuple[PathPart, ...], str | None]]]
    removal: str = REMOVAL


# Every place where the data names an exam, a centre, an establishment or a department.
REFERENCES: list[Reference] = [
    Reference("calendar", "calendar.yml", "exam", lambda s: [(("written", i, "exam"), w.exam) for i, w in enumerate(s.calendar.written)]),
    Reference("calendar", "calendar.yml", "exam", lambda s: [(("oral", i, "exam"), o.exam) for i, o in enumerate(s.calendar.oral)]),
    Reference("calendar", "calendar.yml", "centre", lambda s: [(("oral", i, "centres", j), c) for i, o in enumerate(s.calendar.oral)
                                                               for j, c in enumerate(o.centres)]),
    Reference("dossiers", "dossiers.yml", "exam", lambda s: [(("deposit", "requirements", i, "exam"), r.exam)
                                                             for i, r in enumerate(s.dossiers.deposit.requirements)]),
    Reference("rules", "rules.yml", "exam", lambda s: [(("written", "exit_bans", i, "exam"), b.exam)
                                                       for i, b in enumerate(s.rules.written.exit_bans)]),
    Reference("annexes", "annexes.yml", "exam", lambda s: [(("annexes", i, "exams", j), x) for i, a in enumerate(s.annexes.annexes)
                                                           for j, x in enumerate(a.exams)]),
    Reference("livrets", "livrets.yml", "centre", lambda s: [(("destination",), s.livrets.destination)]),
    Reference("centres", "centres.yml", "centre", lambda s: [(("written_centres", i, "centre"), w.centre)
                                                             for i, w in enumerate(s.centres.written_centres)]),
    Reference("centres", "centres.yml", "establishment", lambda s: [(("written_centres", i, "origins", j, "establishment"), o.establishment)
                                                                    for i, w in enumerate(s.centres.written_centres)
                                                                    for j, o in enumerate(w.origins)],
              "retirer cette origine et ôter ses candidats du total de son centre"),
    Reference("centres", "centres.yml", "department", lambda s: [(("centres", i, "department"), c.department)
                                                                 for i, c in enumerate(s.centres.centres) if c.department]),
    Reference("establishments", "establishments.yml", "department", lambda s: [(("establishments", i, "department"), e.department)
                                                                               for i, e in enumerate(s.establishments.establishments)
                                                                               if e.department]),
]


def references(reference: Reference, session: Any, files: _Files) -> Iterator[Problem]:
    """Every id named in one place exists where its kind is defined."""
    target = TARGETS[reference.kind]
    ids = target.ids(session)
    known = set(ids)
    expected: dict[str, str] = {}   # by unknown id: a national session names a renamed one thousands of times
    for path, value in reference.places(session):
        if value not in known:
            if str(value) not in expected:
                expected[str(value)] = known_id(str(value), ids, f"{files.label}/{target.defined_in}", reference.removal)
            yield Problem(f"{files.label}/{reference.file}", path, f"{target.unknown} « {value} »", expected[str(value)])


def known_id(value: str, ids: Sequence[str], defined_in: str, removal: str = REMOVAL) -> str:
    """What a message about an unknown id expects: the known id it is a slip of as the example, else what to do. The
    example is what staff copy: another line's id would be valid and wrong (its counts followed, then published)."""
    meant = near_typo(value, ids)
    if meant:
        return f"un identifiant défini dans {defined_in}, par exemple « {meant} »"
    return f"un identifiant défini dans {defined_in} ; « {value} » n'y est pas (ou plus) : y remettre sa ligne (ou son identifiant), ou {removal}"


def near_typo(value: str, ids: Iterable[str]) -> str | None:
    """The known id that `value` is a slip of (« tsge-vidal » for « tsge-vidall »: words.one_slip), or None when none is,
    or several are: a removed line's id may be a letter from another line's (« enseign-distance-dept-12 » and
    « …-32 »), and only a slip of one id alone says which was meant."""
    near = [known for known in dict.fromkeys(ids) if one_slip(value, known)]
    return near[0] if len(near) == 1 else None


# The parts that name centres (written, oral, livrets): a centre none of them names has no role.
CENTRE_REFERENCES = [reference for reference in REFERENCES if reference.kind == "centre"]


def centres_with_a_role(session: Any, files: _Files) -> Iterator[Problem]:
    """Every centre of the list is named somewhere: one that has no role gets no page, so its facts reach no reader.
    Said only once every name of a centre is known: an unknown one (its own message) may be this centre's, mistyped,
    and the advice to remove a centre would then delete a published page."""
    named = {value for reference in CENTRE_REFERENCES for _, value in reference.places(session)}
    if not named <= {centre.id for centre in session.centres.centres}:
        return
    for i, centre in enumerate(session.centres.centres):
        if centre.id not in named:
            yield Problem(files.centres, ("centres", i, "id"),
                          f"le centre « {centre.id} » n'a aucun rôle dans la session : ni centre d'écrit (written_centres), "
                          f"ni centre d'oral ({files.calendar}), ni destinataire des livrets ({files.livrets}) ; "
                          "le site ne publierait pas sa page",
                          "son identifiant dans l'une de ces listes, ou ce centre retiré de la liste centres")


# --- counts ----------------------------------------------------------------------------------------

def session_total(session: Any, files: _Files) -> Iterator[Problem]:
    """The establishments' candidates add up to the session total: said at the total's line, as a centre's total is (the
    last of the four places a changed count goes, README); at the establishments' list, its advice was the old total.
    Said after the lines whose count disagrees with their placements (a typo there, most likely): the total is then
    not advised to follow them."""
    total = sum(e.candidates for e in session.establishments.establishments)
    if total == session.info.candidate_total:
        return
    placed = _placed(session)
    miscounted = [e for e in session.establishments.establishments if placed is not None and placed[e.id] != e.candidates]
    expected = f"la somme des candidats des établissements ({files.establishments}), par exemple candidate_total: {total}"
    if miscounted:
        which = (f"{miscounted[0].candidates} est juste pour {miscounted[0].id}" if len(miscounted) == 1
                 else f"les effectifs de ces {len(miscounted)} lignes sont justes")
        expected = (f"la somme des candidats des établissements ({files.establishments}), une fois leurs effectifs "
                    f"corrigés (ci-dessus) ; candidate_total: {total} seulement si {which}")
    yield Problem(files.session, ("candidate_total",),
                  f"la session annonce {session.info.candidate_total} candidats mais ses établissements en totalisent {total}",
                  expected)


# A French postcode in an address: five digits on their own; its first two name the department (20 for Corsica's two).
POSTCODE = re.compile(r"(?<!\d)(?<!BP )(?<!CS )(?<!TSA )(\d{5})(?!\d)")
# Departments whose postcodes begin otherwise: Corsica's two (20…), Saint-Barthélemy and Saint-Martin (971…).
POSTCODE_PREFIX = {"2A": "20", "2B": "20", "977": "971", "978": "971"}


def address_departments(session: Any, files: _Files) -> Iterator[Problem]:
    """A centre's address is in its department: its postcode begins with the department's code (97x overseas, 20 for
    2A and 2B). An address copied from another centre (« 31000 Toulouse » for Tarbes) would send candidates there."""
    names = session.centres.departments
    for i, centre in enumerate(session.centres.centres):
        postcodes = POSTCODE.findall(centre.address or "")
        if not postcodes or not centre.department:
            continue
        code = POSTCODE_PREFIX.get(centre.department, centre.department)
        if not postcodes[0].startswith(code):
            where = f"{centre.department} – {names[centre.department]}" if centre.department in names else centre.department
            yield Problem(files.centres, ("centres", i, "address"),
                          f"le code postal {postcodes[0]} de l'adresse n'est pas du département du centre ({where})",
                          "l'adresse de ce centre, recopiée de la circulaire (une adresse copiée d'un autre centre ?), ou "
                          "son département corrigé : vérifier les deux sur la circulaire")


def centre_counts(session: Any, files: _Files) -> Iterator[Problem]:
    """Each written centre's candidates are the sum of its origins."""
    for i, w in enumerate(session.centres.written_centres):
        origins = sum(o.candidates for o in w.origins)
        if origins != w.candidates:
            yield Problem(files.centres, ("written_centres", i, "candidates"),
                          f"le centre annonce {w.candidates} candidats mais ses origines en totalisent {origins}",
                          f"la somme des candidats de ses origines, par exemple candidates: {origins}")


def placements(session: Any, files: _Files) -> Iterator[Problem]:
    """Each establishment's candidates are placed once, in written centres; not counted while an origin names an
    unknown establishment (the references' message): its candidates may be any establishment's, and the counts said
    without them would be wrong advice (« candidates: 0 » for the establishment an origin misspells)."""
    placed = _placed(session)
    if placed is None:
        return
    for i, e in enumerate(session.establishments.establishments):
        if placed[e.id] != e.candidates:
            if placed[e.id]:
                where = f"a {placed[e.id]} candidats placés en centres d'écrit"
                expected = (f"chaque candidat placé une seule fois dans written_centres ({files.centres}), "
                            f"par exemple candidates: {placed[e.id]} ici si les origines sont justes")
            else:
                # Not « candidates: 0 »: an establishment without candidates is refused (it is not on the circular's list).
                where = "n'est placé dans aucun centre d'écrit"
                expected = (f"une origine de cet établissement dans les origins de son centre d'écrit (written_centres, "
                            f"{files.centres}), par exemple - {{establishment: {e.id}, label: {_origin_label(e)}, "
                            f"candidates: {e.candidates}}}, et le total du centre mis à jour ; ou retirer cette ligne "
                            "si l'établissement n'a pas de candidat à la session")
            yield Problem(files.establishments, ("establishments", i, "candidates"),
                          f"l'établissement « {e.id} » compte {e.candidates} candidats mais {where}", expected)


def _origin_label(establishment: Any) -> str:
    # An origin's label, as centres.yml writes them (« Lycée Jean Durroux »): the name the site shows, quoted if YAML needs it.
    label = establishment.title
    return json.dumps(label, ensure_ascii=False) if any(c in label for c in ",:#{}[]") or label[:1] in "'\"&*!@`" else label


def _placed(session: Any) -> Counter[str] | None:
    # Each establishment's candidates placed in written centres, or None while an origin names an unknown one.
    known = {e.id for e in session.establishments.establishments}
    origins = [o for w in session.centres.written_centres for o in w.origins]
    if any(o.establishment not in known for o in origins):
        return None
    placed: Counter[str] = Counter()
    for o in origins:
        placed[o.establishment] += o.candidates
    return placed


# --- dates -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Span:
    """A dated window of a file: its path, and the keys and values of its first and last day."""

    file: str
    path: tuple[PathPart, ...]
    start_key: str
    start: dt.date
    end_key: str
    end: dt.date


# Every dated window of each part; a single date is a window of one day.
SPANS: dict[str, Callable[[Any], list[Span]]] = {
    "calendar": lambda s: [Span("calendar.yml", ("written", i), "date", w.date, "date", w.date) for i, w in enumerate(s.calendar.written)]
                        + [Span("calendar.yml", ("oral", i, "periods", j), "start", p.start, "end", p.end)
                           for i, o in enumerate(s.calendar.oral) for j, p in enumerate(o.periods)],
    "dossiers": lambda s: [Span("dossiers.yml", ("deposit",), "opens", s.dossiers.deposit.opens, "closes", s.dossiers.deposit.closes)],
    "operations": lambda s: [Span("operations.yml", ("operations", i), "from", op.from_, "to" if op.to else "from", op.to or op.from_)
                             for i, op in enumerate(s.operations.operations) if op.from_],
    "livrets": lambda s: [Span("livrets.yml", (), "deadline", s.livrets.deadline, "deadline", s.livrets.deadline)],
    "results": lambda s: [Span("results.yml", ("results",), "date", s.results.results.date, "date", s.results.results.date)],
}


def dates(part: str, session: Any, files: _Files) -> Iterator[Problem]:
    """Dates lie in the session year, and every window ends on or after its first day (at the end's line). While
    session.yml's year is likely the wrong one (`session_year`), the year of the other dates is the one asked."""
    year = files.year or session.info.year
    for span in SPANS[part](session):
        file = f"{files.label}/{span.file}"
        outside = [(key, value) for key, value in ((span.start_key, span.start), (span.end_key, span.end)) if value.year != year]
        if outside:
            key, value = outside[0]
            yield Problem(file, span.path + (key,), f"date hors de la session : {value.isoformat()}",
                          f"une date de l'année {year}, par exemple {value.replace(year=year).isoformat() if _has_day(value, year) else f'{year}-05-16'}")
        elif span.end < span.start:
            yield Problem(file, span.path + (span.end_key,), f"la fin ({span.end.isoformat()}) précède le début ({span.start.isoformat()})",
                          f"une date de fin égale ou postérieure à la date de début, par exemple {span.start.isoformat()}")


def _in_session(files: _Files, *days: dt.date) -> bool:
    """Whether every day is of the session's year (_dates_year). One outside it is `dates`' to report, alone: the checks
    that would compute advice from it (the Monday after a Sunday of 2021, convocations before it) leave it out, as that
    advice would contradict the one message that asks for a date of the session. With session.yml unreadable (no year
    known), every day is taken as the session's: the checks still run and report."""
    return files.year is None or all(day.year == files.year for day in days)


# How many of the session's dates must share one year other than session.yml's for that year to be the likely mistake:
# three at least, and three in four (a session of 2022 has 30; a few moved to 2023 by mistake are those dates' own).
YEAR_MISTAKE_DATES, YEAR_MISTAKE_SHARE = 3, 0.75


def _session_days(session: Any) -> list[dt.date]:
    # Every date of the loaded parts that `dates` checks (a window's first and last day: one date if the same key).
    return [day for part, spans in SPANS.items() if getattr(session, part, None) is not None
            for span in spans(session) for day in ((span.start,) if span.start_key == span.end_key else (span.start, span.end))]


def _dates_year(session: Any) -> int | None:
    """The year the session's dates are checked against: session.yml's, unless most of them share another (then its
    `year` is likely the mistake, said once by `session_year`); None while session.yml is not valid."""
    info = getattr(session, "info", None)
    if info is None:
        return None
    years = Counter(day.year for day in _session_days(session))
    common = years.most_common(1)
    if common and common[0][0] != info.year and common[0][1] >= max(YEAR_MISTAKE_DATES, YEAR_MISTAKE_SHARE * years.total()):
        return common[0][0]
    year: int = info.year
    return year


def session_year(session: Any, files: _Files) -> Iterator[Problem]:
    """session.yml's year is the year of the session's dates: when most of them are of another year, one message at
    `year`, which says the likely year and the other reading (the dates are the mistake), instead of one per date."""
    year, dated = session.info.year, files.year
    if dated is None or dated == year:
        return
    days = _session_days(session)
    share = sum(day.year == dated for day in days)
    which = f"les {share} dates" if share == len(days) else f"{share} des {len(days)} dates"
    yield Problem(files.session, ("year",), f"année {year}, mais {which} de la session sont de {dated}",
                  f"l'année de la session, sans doute {dated}, par exemple year: {dated} (à vérifier sur la circulaire) ; "
                  f"si la session est bien celle de {year}, ce sont toutes ses dates qui sont à reprendre de la circulaire "
                  f"{year}")


def _has_day(value: Any, year: int) -> bool:
    # 29 February exists in some years only.
    try:
        value.replace(year=year)
        return True
    except ValueError:
        return False


def sitting_hours(session: Any, files: _Files) -> Iterator[Problem]:
    """A written sitting ends after it starts."""
    for i, s in enumerate(session.calendar.written):
        if s.end <= s.start:
            when = "à l'heure où elle commence" if s.end == s.start else "avant de commencer"
            later = min(dt.datetime.combine(s.date, s.start) + dt.timedelta(hours=4), dt.datetime.combine(s.date, DAY_HOURS[1]))
            yield Problem(files.calendar, ("written", i, "end"), f"l'épreuve finit ({s.end:%H:%M}) {when} ({s.start:%H:%M})",
                          f"une heure de fin après l'heure de début, par exemple \"{later:%H:%M}\"")


def operation_starts(session: Any, files: _Files) -> Iterator[Problem]:
    """An operation with an end (to) has its start (from): without it, its dates would be dropped from the site."""
    for i, op in enumerate(session.operations.operations):
        if op.to and not op.from_:
            yield Problem(files.operations, ("operations", i, "to"), f"l'opération « {op.id} » a une fin (to: {op.to.isoformat()}) sans début",
                          f"la clé from avec la date de début, avant to (ou aucune des deux sans date), par exemple from: {op.to.isoformat()}")


def publications_in_order(session: Any, files: _Files) -> Iterator[Problem]:
    """The change log lists its publications oldest first, as handbook publish appends them: read the other way, the
    Modifications page and the feeds would present a correction as the initial publication."""
    entries = session.changelog.entries
    for i, (before, entry) in enumerate(itertools.pairwise(entries), start=1):
        if entry.date < before.date:
            yield Problem(files.changelog, ("entries", i, "date"),
                          f"la publication du {entry.date.isoformat()} suit celle du {before.date.isoformat()} (entries[{i - 1}])",
                          "les publications de la plus ancienne à la plus récente, comme handbook publish les ajoute, par "
                          f"exemple celle du {entry.date.isoformat()} avant celle du {before.date.isoformat()}")


# --- the exams calendar.yml dates ------------------------------------------------------------------

# The mode exams.yml gives a written exam.
WRITTEN = "écrit"


@dataclass(frozen=True)
class DatedMode:
    """A mode of exams.yml whose exams calendar.yml dates, in one list of entries each naming its exam."""

    mode: str                                       # in exams.yml: "écrit"
    key: str                                        # the list of calendar.yml: "written"
    adjective: str                                  # « l'épreuve écrite »
    example: Callable[[Any, str], str]              # an entry that would date this exam


# The shape of an undated exam's entry, its date, hours and centres left for the circular to give: any value here would
# be an exam date or a centre the circular never gave, and staff copy examples.
def _written_example(session: Any, exam: str) -> str:
    return f"- {{exam: {exam}, date: AAAA-MM-JJ, start: \"HH:MM\", end: \"HH:MM\"}} (jour et heures de la circulaire)"


def _oral_example(session: Any, exam: str) -> str:
    return (f"- {{exam: {exam}, periods: [{{start: AAAA-MM-JJ, end: AAAA-MM-JJ}}], centres: [identifiant-du-centre]}} "
            "(périodes et centres de la circulaire)")


# An exam of one of these modes that calendar.yml does not date would be missing from every page and calendar.
DATED_MODES = (DatedMode(WRITTEN, "written", "écrite", _written_example),
               DatedMode("oral", "oral", "orale", _oral_example))


def sitting_modes(session: Any, files: _Files) -> Iterator[Problem]:
    """An entry of written (oral) is of an exam that exams.yml says is written (oral); an unknown exam is the
    references' to report."""
    modes = {e.id: e.mode for e in session.exams.exams}
    for dated in DATED_MODES:
        example = next(iter(_undated(session, dated) + [e for e, mode in modes.items() if mode == dated.mode]), "e1")
        for i, entry in enumerate(getattr(session.calendar, dated.key)):
            if modes.get(entry.exam, dated.mode) != dated.mode:
                yield Problem(files.calendar, (dated.key, i, "exam"),
                              f"l'épreuve « {entry.exam} » n'est pas {dated.adjective} (mode: {modes[entry.exam]} dans {files.exams})",
                              f"une épreuve en mode {dated.mode} de {files.exams}, par exemple {example}")


def exams_dated(session: Any, files: _Files) -> Iterator[Problem]:
    """Every written and every oral exam of exams.yml has its entry in calendar.yml (a second one is reported as a
    duplicate): without one it would be on no page. A list with an entry of an unknown exam (« e-1 ») is left to the
    references' message: the entry is likely the undated exam mistyped, and a second message would date it again."""
    known = {e.id for e in session.exams.exams}
    for dated in DATED_MODES:
        if any(entry.exam not in known for entry in getattr(session.calendar, dated.key)):
            continue
        for exam in _undated(session, dated):
            yield Problem(files.calendar, (dated.key,), f"l'épreuve {dated.adjective} « {exam} » n'a pas de date dans {dated.key}",
                          f"une entrée par épreuve en mode {dated.mode} de {files.exams}, par exemple {dated.example(session, exam)}")


def _undated(session: Any, dated: DatedMode) -> list[str]:
    # The exams of this mode in exams.yml that no entry of its calendar list names, in their order.
    named = {entry.exam for entry in getattr(session.calendar, dated.key)}
    return [e.id for e in session.exams.exams if e.mode == dated.mode and e.id not in named]


def overlapping_sittings(session: Any, files: _Files) -> Iterator[Problem]:
    """No two written sittings overlap: a candidate sits every written exam. Reported on the later line, with the other's
    line too: nothing says which one staff just changed, and the advice moves neither in particular."""
    sittings = session.calendar.written
    for j, later in enumerate(sittings):
        clash = next((i for i, s in enumerate(sittings[:j]) if _same_time(s, later)), None)
        if clash is not None and _in_session(files, later.date):
            first = sittings[clash]
            yield Problem(files.calendar, ("written", j, "date"),
                          f"l'épreuve « {later.exam} » ({later.start:%H:%M}-{later.end:%H:%M}) chevauche « {first.exam} » "
                          f"(written[{clash}], {first.start:%H:%M}-{first.end:%H:%M}) le {later.date.isoformat()}",
                          "des épreuves écrites qui ne se chevauchent pas (un candidat les passe toutes) : vérifier sur la "
                          "circulaire laquelle des deux a changé, et la mettre à un autre jour ou à d'autres heures (par "
                          f"exemple le {_free_day(session, later.date).isoformat()}, sans écrit)",
                          also=("written", clash, "date"))


def _same_time(first: Any, second: Any) -> bool:
    # Two sittings share some time on the same day.
    return bool(first.date == second.date and first.start < second.end and second.start < first.end)


def sitting_days(session: Any, files: _Files) -> Iterator[Problem]:
    """No written sitting on a Sunday or a public holiday, unless a draft still has its date to confirm
    (new-session keeps weekdays but may land on a holiday, and says so in the note)."""
    pending = _to_confirm_in(session, "calendar.yml")
    for i, sitting in enumerate(session.calendar.written):
        closed = _closed(sitting.date)
        if closed and not _pending(pending, ("written", i, "date")) and _in_session(files, sitting.date):
            # No example day: staff copy examples, and any working day would be an exam date the circular never gave.
            yield Problem(files.calendar, ("written", i, "date"), f"l'épreuve « {sitting.exam} » est le {sitting.date.isoformat()}, {closed}",
                          "la date que donne la circulaire, un jour ouvré (ni dimanche ni jour férié) : vérifier le jour sur "
                          "la circulaire")


def oral_period_days(session: Any, files: _Files) -> Iterator[Problem]:
    """An oral period holds at least one working day (a period may start on a holiday or span a weekend; one
    made only of Sundays and public holidays is a slip), unless a draft still has it to confirm."""
    pending = _to_confirm_in(session, "calendar.yml")
    for i, oral in enumerate(session.calendar.oral):
        for j, period in enumerate(oral.periods):
            days = [period.start + dt.timedelta(days=n) for n in range((period.end - period.start).days + 1)]
            if (days and all(_closed(day) for day in days) and not _pending(pending, ("oral", i, "periods", j))
                    and _in_session(files, period.start, period.end)):
                example = _working_day(period.start).isoformat()
                yield Problem(files.calendar, ("oral", i, "periods", j), f"l'oral « {oral.exam} » n'a aucun jour ouvré : "
                              + ", ".join(f"le {day.isoformat()}, {_closed(day)}" for day in days[:3]),
                              f"une période d'au moins un jour ouvré, par exemple {{start: {example}, end: {example}}}")


def oral_periods_in_order(session: Any, files: _Files) -> Iterator[Problem]:
    """The periods of an oral follow one another, the earliest first, without overlapping: the site numbers them
    (« période 1 sur 2 ») and gives each its own agenda event (reported on the later one; the same period twice is
    UniqueKey's)."""
    for i, oral in enumerate(session.calendar.oral):
        for j in range(1, len(oral.periods)):
            before, period = oral.periods[j - 1], oral.periods[j]
            if period.start > before.end or (period.start, period.end) == (before.start, before.end):
                continue
            earlier = f"periods[{j - 1}] ({before.start.isoformat()} – {before.end.isoformat()})"
            if period.end < before.start:
                what, expected = (f"est écrite après {earlier}, qu'elle précède",
                                  f"des périodes dans l'ordre des dates : periods[{j - 1}] et periods[{j}] échangées, "
                                  f"par exemple - {{start: {period.start.isoformat()}, end: {period.end.isoformat()}}} "
                                  "en premier")
            else:
                what, expected = (f"chevauche {earlier}", "des périodes qui ne se chevauchent pas, chacune après la fin de la "
                                  f"précédente, par exemple start: {(before.end + dt.timedelta(days=1)).isoformat()}")
            yield Problem(files.calendar, ("oral", i, "periods", j, "start"),
                          f"la période {period.start.isoformat()} – {period.end.isoformat()} de l'oral « {oral.exam} » {what}",
                          expected)


def _to_confirm_in(session: Any, file: str) -> list[tuple[PathPart, ...]]:
    # The places of a data file that a draft session still has to confirm (session.yml's to_confirm).
    return [parse_field(item.field) for item in session.info.to_confirm if item.file == file]


def _pending(pending: Iterable[tuple[PathPart, ...]], path: tuple[PathPart, ...]) -> bool:
    # A value is still to confirm when it, a part of it (a period's end) or what holds it (the whole oral) is listed.
    return any(overlap(path, place) for place in pending)


# Days as date.weekday() numbers them (Monday is 0): no exam is held on a Sunday; an example avoids Saturdays too.
SUNDAY = 6
SATURDAY = 5


def _closed(day: dt.date) -> str | None:
    # Why no exam is held on a day: "un jour férié (Ascension)", "un dimanche"; None on a working day.
    holiday = holidays_between(day, day).get(day)
    return f"un jour férié ({holiday})" if holiday else "un dimanche" if day.weekday() == SUNDAY else None


def _free_day(session: Any, after: dt.date) -> dt.date:
    # The first working day after a date with no written sitting: an example of a date that would pass.
    return _working_day(after, {s.date for s in session.calendar.written})


def _working_day(after: dt.date, taken: Collection[dt.date] = (), step: int = 1, saturday: bool = True) -> dt.date:
    # The first working day after a date (before it, with step -1) that is not taken; a weekday if not `saturday`.
    day = after + dt.timedelta(days=step)
    while day in taken or _closed(day) or (not saturday and day.weekday() == SATURDAY):
        day += dt.timedelta(days=step)
    return day


# --- deadlines around the exams --------------------------------------------------------------------

@dataclass(frozen=True)
class ExamBound:
    """A date of one file that must fall strictly after the last, or before the first, of some other dates (the
    exams', or another file's).

    `value` gives the date and its path in `file`, or None where the session has no such date; `bounds` gives
    (date, path in `bound_file`, what it is) for each bounding date; `message` and `expected` are formatted with
    {date}, {bound}, {exam} (what bounds), {place} (its file and field) and {example} (the nearest accepted day)."""

    reads: tuple[str, ...]
    file: str
    value: Callable[[Any], tuple[tuple[PathPart, ...], dt.date] | None]
    bounds: Callable[[Any], list[tuple[dt.date, tuple[PathPart, ...], str]]]
    side: Literal["after", "before"]  # after the last bounding date, or before the first
    message: str
    expected: str
    bound_file: str = "calendar.yml"
    # The days required between the date and its bound (1: the day after, or before, will do), read from the session
    # where a text of the circular states them; {gap} in the message says why.
    gap: Callable[[Any], tuple[int, str]] = lambda session: (1, "")


# Each side of a bound: which date bounds (the last or the first), the order required, the direction away from it.
SIDES: dict[str, tuple[Callable[..., Any], Callable[[dt.date, dt.date], bool], int]] = {
    "after": (max, operator.ge, 1),
    "before": (min, operator.le, -1),
}


def _notice_gap(session: Any) -> tuple[int, str]:
    # A non-conforming dossier is told to its candidate « au moins 1 semaine avant le début de l'épreuve »: the
    # deposit closes that long before the first oral with a dossier (the weeks the text states; a day if none).
    text = session.dossiers.deposit.nonconformity_notice
    weeks = _counts_said("semaines?")(" ".join(text.split()), session.info.year)
    if not weeks:
        return 1, ""
    return 7 * min(weeks), (f", et un dossier non conforme est signalé au moins {plural(min(weeks), 'semaine')} avant "
                            "l'épreuve (deposit.nonconformity_notice)")


def _exam_days(session: Any, edge: Literal["start", "end"], exams: Collection[str] | None = None,
               written: bool = True) -> list[tuple[dt.date, tuple[PathPart, ...], str]]:
    # Each written sitting's day and the first or last day of each oral period (of some exams only), with its
    # place in calendar.yml and its exam.
    days = [(w.date, ("written", i, "date"), w.exam) for i, w in enumerate(session.calendar.written)] if written else []
    return days + [(getattr(p, edge), ("oral", i, "periods", j, edge), o.exam) for i, o in enumerate(session.calendar.oral)
                   if exams is None or o.exam in exams for j, p in enumerate(o.periods)]


def _convocations_out(session: Any) -> tuple[tuple[PathPart, ...], dt.date] | None:
    # The day the convocations come out (or, without it, the end of their window), where the session has them.
    for index, operation in enumerate(session.operations.operations):
        if operation.id == CONVOCATIONS:
            day, field = (operation.from_, "from") if operation.from_ else (operation.to, "to")
            return (("operations", index, field), day) if day else None
    return None


# Every date that other dates bound, checked by `exam_bound`.
EXAM_BOUNDS: list[ExamBound] = [
    ExamBound(("results", "calendar"), "results.yml", lambda s: (("results", "date"), s.results.results.date),
              lambda s: _exam_days(s, "end"), "after",
              "les résultats du {date} ne suivent pas la fin des épreuves : la dernière (« {exam} ») finit le {bound} ({place})",
              "une date postérieure à toutes les épreuves écrites et orales, par exemple {example}"),
    ExamBound(("dossiers", "calendar", "info"), "dossiers.yml", lambda s: (("deposit", "closes"), s.dossiers.deposit.closes),
              lambda s: _exam_days(s, "start", {r.exam for r in s.dossiers.deposit.requirements}, written=False), "before",
              "le dépôt des dossiers ferme le {date}, trop tard : le premier oral à dossier (« {exam} ») commence le {bound} "
              "({place}){gap}",
              "une clôture avant le début des oraux des épreuves à dossier, qui se passent avec le dossier déposé, "
              "par exemple {example} au plus tard", gap=_notice_gap),
    # A candidate learns from the convocation when and where the exams are.
    ExamBound(("operations", "calendar"), "operations.yml", _convocations_out, lambda s: _exam_days(s, "start"), "before",
              "les convocations sont mises à disposition le {date}, trop tard : la première épreuve (« {exam} ») "
              "commence le {bound} ({place})",
              "une mise à disposition avant la première épreuve, par exemple {example} au plus tard"),
    # The school reports go to the deliberation centre: the jury reads them before it publishes the results.
    ExamBound(("livrets", "results"), "livrets.yml", lambda s: (("deadline",), s.livrets.deadline),
              lambda s: [(s.results.results.date, ("results", "date"), "résultats")], "before",
              "les livrets sont attendus le {date}, trop tard : les résultats sont publiés le {bound} ({place}), et le jury "
              "lit les livrets avant",
              "une date avant les résultats, par exemple {example} au plus tard", bound_file="results.yml"),
]


# --- a value and the circular's words that state it ---------------------------------------------------

class DayOfYear(tuple[int, int]):
    """A date the text writes without its year (« avant le 15 décembre »): the same as any date on that day and month."""

    def __eq__(self, other: object) -> bool:
        return (other.month, other.day) == tuple(self) if isinstance(other, dt.date) else super().__eq__(other)

    __hash__ = tuple.__hash__

    def isoformat(self) -> str:
        # As staff read it, the year left out said: « 10 juin (sans année) » (not ISO's « --06-10 »).
        return f"{date_short(dt.date(2000, *self)).removesuffix(' 2000')} (sans année)"


# The first day of a range, which takes its month (and year) from the last, a weekday before either or not: « du 11
# au 15 avril 2022 », « Du lundi 11 au vendredi 15 avril », « les 11 et 12 avril », « entre le 2 et le 6 mai ».
_WEEKDAY = rf"(?:(?:{'|'.join(WEEKDAYS)}) )?"
RANGE_FIRST_DAY = re.compile(rf"\b(?:du|entre le|les) {_WEEKDAY}({'|'.join(FIRST_OF_MONTH)}|\d{{1,2}}) (?:au|et(?: le)?) "
                             rf"(?={_WEEKDAY}{FRENCH_DATE.pattern})", re.IGNORECASE)


def _dates_said(text: str, year: int) -> list[dt.date | DayOfYear]:
    # Every date the text writes, the first day of a range included, impossible ones (« 31 juin ») left out;
    # without a year, its day and month only. In the order of the calendar.
    written = [found.groups() for found in FRENCH_DATE.finditer(text)]
    written += [(found.group(1), found.group(3), found.group(4)) for found in RANGE_FIRST_DAY.finditer(text)]
    said: list[dt.date | DayOfYear] = []
    for day_text, month_name, year_text in written:
        day, month = day_and_month(day_text, month_name)
        try:
            said.append(dt.date(int(year_text), month, day) if year_text else DayOfYear((month, dt.date(2000, month, day).day)))
        except ValueError:
            continue
    return sorted(set(said), key=lambda d: (year, *d) if isinstance(d, DayOfYear) else (d.year, d.month, d.day))


def _counts_said(unit: str) -> Callable[[str, int], list[int]]:
    # Every number the text writes before `unit` (« 4 semaines »), or anywhere in a range (« entre 4 et 6 semaines »).
    pattern = re.compile(rf"(?<!\d)(\d+)(?: (?:à|et|ou) (\d+))? {unit}\b")
    return lambda text, year: [int(n) for found in pattern.finditer(text) for n in found.groups() if n]


# How a rule's words name a length of time after an exam's start (« dans la limite de la première heure »), in minutes.
MINUTES_IN_WORDS = {"première heure": 60, "1re heure": 60, "1ère heure": 60, "une heure": 60, "demi-heure": 30,
                    "quart d'heure": 15, "deux heures": 120, "2 heures": 120}


def _minutes_said(text: str, year: int) -> list[int]:
    # Every length the text states: in words (MINUTES_IN_WORDS), as « 30 minutes » or as « 1 h ».
    lowered = text.lower().replace("’", "'")
    return [m for words, m in MINUTES_IN_WORDS.items() if words in lowered] + \
        [int(n) for n in re.findall(r"(?<!\d)(\d+) ?min(?:utes?)?\b", lowered)] + \
        [60 * int(n) for n in re.findall(r"(?<!\d)(\d) ?h\b", lowered)]


@dataclass(frozen=True)
class QuotedFact:
    """A value of a data file that the circular's text, kept beside it, states in words: a change to one alone would
    show two facts (« 40 semaines » above « 4 semaines »). `said` reads the values the text states (dates in the
    order of the calendar, counts); the check passes when the value is among them (with `position`, the first or the
    last of them: a period's start and end), or when the text states none it can read (« quatre semaines »). With
    `each`, every record of that list of the file has the value and the text (operations.yml), or that block of the
    file has them (rules.yml, written)."""

    part: str
    value: str
    text: str
    said: Callable[[str, int], list[Any]]
    each: str | None = None
    position: int | None = None
    # What the text must state, when a text that states none the check can read is refused too (a value only the site's
    # reading gives, « jusqu'à 15 h » on every card, is never left unchecked): « de durée (« première heure »…) ».
    must_state: str | None = None


QUOTED_FACTS: list[QuotedFact] = [
    QuotedFact("internships", "minimum_weeks", "text", _counts_said("semaines?")),
    QuotedFact("livrets", "deadline", "sending", _dates_said),
    QuotedFact("archiving", "retention_years", "diplomas", _counts_said("ans")),
    # « Semaine du 11 au 15 avril 2022 » printed, from: and to: dated: the site shows both.
    QuotedFact("operations", "from_", "planned", _dates_said, each="operations", position=0),
    QuotedFact("operations", "to", "planned", _dates_said, each="operations", position=-1),
    # « dans la limite de la première heure » and the cards' « entrée possible jusqu'à 15 h ».
    QuotedFact("rules", "late_entry_minutes", "lateness", _minutes_said, each="written",
               must_state="de durée (« première heure », « 30 minutes »…)"),
]


def quoted_fact(rule: QuotedFact, session: Any, files: _Files) -> Iterator[Problem]:
    """The value is one the circular's words state, unless a draft still has either to confirm (reported at the value)."""
    part = getattr(session, rule.part)
    nested = getattr(part, rule.each) if rule.each else part
    records = [((rule.each, i), r) for i, r in enumerate(nested)] if isinstance(nested, list) \
        else [((rule.each,) if rule.each else (), nested)]
    pending = _to_confirm_in(session, f"{rule.part}.yml")
    for prefix, record in records:
        value_path, text_path = (*prefix, _yaml_key(record, rule.value)), (*prefix, _yaml_key(record, rule.text))
        value, text = getattr(record, rule.value), " ".join(str(getattr(record, rule.text)).split())
        said = rule.said(text, session.info.year)
        accepted = said if rule.position is None or not said else [said[rule.position]]
        if value is None or value in accepted or _pending(pending, value_path) or _pending(pending, text_path):
            continue
        if not said:
            if rule.must_state:
                yield Problem(getattr(files, rule.part), value_path,
                              f"{format_path(value_path)} vaut {value}, mais le texte de la circulaire ({format_path(text_path)}) ne "
                              f"dit pas {rule.must_state} que le site sache lire",
                              f"{value_path[-1]} retiré (la fiche renvoie alors aux règles), ou la valeur que dit la "
                              "circulaire : vérifier les deux sur la circulaire")
            continue
        shown = [d.isoformat() if isinstance(d, (dt.date, DayOfYear)) else str(d) for d in said]
        # Of a period the text states, the day this value is: its first or its last.
        period = rule.position is not None and len(said) == 2
        edge = "" if rule.position is None or len(said) < 2 else \
            f", {'qui commence' if rule.position == 0 else 'qui finit'} le {shown[rule.position]}"
        stated = f"du {shown[0]} au {shown[1]}" if period else " ou ".join(shown)
        expected = (f"la même valeur aux deux endroits, par exemple {value_path[-1]}: {_as_data(accepted[0], value)} (ou le "
                    "texte corrigé, s'il est faux)")
        years = sorted({d.year for d in said if isinstance(d, dt.date)})
        if years and session.info.year not in years and isinstance(value, dt.date) and value.year == session.info.year:
            # A text kept from the session it was drafted from (handbook new-session): the text is what is late, and
            # setting the value back to its year would undo the draft's dates.
            expected = (f"le texte de {format_path(text_path)} mis à jour pour la session {session.info.year} (ses dates sont "
                        f"de {' et '.join(map(str, years))}), avec les mêmes dates que {format_path(value_path)}")
        yield Problem(getattr(files, rule.part), value_path,
                      f"{format_path(value_path)} vaut {value.isoformat() if isinstance(value, dt.date) else value}, mais le "
                      f"texte de la circulaire ({format_path(text_path)}) dit {stated}{edge}", expected)


def _yaml_key(record: Any, attribute: str) -> str:
    # The key a data file writes for a model's attribute (its alias: from_ is from, a Python keyword).
    return str(type(record).model_fields[attribute].alias or attribute)


def _as_data(said: Any, value: Any) -> str:
    # What the text states, as the data file would write it (a date without its year: in the value's year).
    if isinstance(said, DayOfYear) and isinstance(value, dt.date):
        return f"{value.year}-{said[0]:02d}-{said[1]:02d}"
    return said.isoformat() if isinstance(said, dt.date) else str(said)


def exam_bound(rule: ExamBound, session: Any, files: _Files) -> Iterator[Problem]:
    """A date falls after the last (or before the first) of the dates that bound it; dates outside the session are
    left to `dates` (_in_session)."""
    bounds, found = [b for b in rule.bounds(session) if _in_session(files, b[0])], rule.value(session)
    if not bounds or found is None or not _in_session(files, found[1]):
        return
    path, date = found
    pick, in_order, step = SIDES[rule.side]
    bound, place, exam = pick(bounds, key=lambda b: b[0])
    days, why = rule.gap(session)
    limit = bound + dt.timedelta(days=step * days)
    if not in_order(date, limit):
        example = _working_day(limit - dt.timedelta(days=step), step=step, saturday=False)   # the limit, or beyond it
        yield Problem(f"{files.label}/{rule.file}", path,
                      rule.message.format(date=date.isoformat(), bound=bound.isoformat(), exam=exam, gap=why,
                                          place=f"{format_path(place)} dans {files.label}/{rule.bound_file}"),
                      rule.expected.format(example=example.isoformat()))


# --- forms -----------------------------------------------------------------------------------------

def form_annexes(session: Any, files: _Files) -> Iterator[Problem]:
    """Each form is an annex's, once."""
    annexes = [a.id for a in session.annexes.annexes]
    seen: Counter[str] = Counter(f.annex for f in session.forms)
    for form, source in zip(session.forms, session.form_sources, strict=True):
        file = f"{files.label}/{source}"
        if form.annex not in annexes:
            yield Problem(file, ("annex",), f"annexe inconnue « {form.annex} »", known_id(form.annex, annexes, files.annexes,
                                                                                          "retirer ce formulaire"))
        elif seen[form.annex] > 1:
            yield Problem(file, ("annex",), f"deux formulaires pour l'annexe « {form.annex} »",
                          f"un seul fichier par annexe, par exemple {files.label}/forms/{form.annex}.yml")


def annexes_have_forms(session: Any, files: _Files) -> Iterator[Problem]:
    """Each annex has a form file or a model elsewhere (checked once every form file is valid)."""
    seen = {f.annex for f in session.forms}
    for index, annex in enumerate(session.annexes.annexes):
        if not annex.external_model and annex.id not in seen:
            yield Problem(files.annexes, ("annexes", index, "id"), f"l'annexe « {annex.id} » n'a pas de formulaire",
                          f"un fichier {files.label}/forms/{annex.id}.yml, ou external_model si le modèle est ailleurs, "
                          "par exemple external_model: circulaire nationale")


def form_own_files(session: Any, files: _Files) -> Iterator[Problem]:
    """A sheet deposited apart (own_file) names a file that its exams' deposit asks for: its words are in their pieces
    (dossiers.yml), which stay the one owner of what to deposit."""
    annexes = {a.id: a for a in session.annexes.annexes}
    for form, source in zip(session.forms, session.form_sources, strict=True):
        annex = annexes.get(form.annex)
        pieces = [r for r in session.dossiers.deposit.requirements if annex and r.exam in annex.exams]
        for s, sheet in enumerate(form.sheets):
            if sheet.own_file and annex and not any(sheet.own_file in " ".join(r.pieces.split()) for r in pieces):
                exams = ", ".join(annex.exams) or "aucune épreuve"
                yield Problem(f"{files.label}/{source}", ("sheets", s, "own_file"),
                              f"« {sheet.own_file} » n'est pas dans les pièces à déposer de l'annexe ({exams} : "
                              f"deposit.requirements de {files.dossiers})",
                              "les mots qui nomment ce fichier dans les pièces à déposer, tels qu'ils y sont écrits "
                              "(par exemple own_file: l'étude réflexive réseau), ou la clé own_file retirée")


def form_references(session: Any, files: _Files) -> Iterator[Problem]:
    """In each form: field names unique, footnotes and exams known, fiche headers with their exam."""
    exams = [e.id for e in session.exams.exams]
    for form, source in zip(session.forms, session.form_sources, strict=True):
        yield from _form_references(form, f"{files.label}/{source}", exams, files.exams)


def _form_references(form: Any, file: str, exams: list[str], exams_file: str) -> Iterator[Problem]:
    # Ids unique in the form (they name the PDF's fields), footnotes and exams known, fiche headers with their exam.
    notes = [n.id for n in form.notes]
    an_exam = exams[0] if exams else "e4"   # for a fiche without its exam: any exam shows how to write the key

    def known_note(note: str) -> str:
        return known_id(note, notes, "notes") if notes else "une note définie dans notes (liste vide ici)"

    def known_exam(exam: str) -> str:
        return known_id(exam, exams, exams_file)

    keys: Counter[str] = Counter()
    first: dict[str, tuple[PathPart, ...]] = {}
    for path, kind, element in form.elements():
        for view in inputs_of(kind, element) if kind != "row" else []:
            keys[view.key] += 1
            first.setdefault(view.key, path)
            if keys[view.key] == 2:
                yield Problem(file, path + ("id",), f"nom de champ en double « {view.key} »",
                              f"{ID_EXPECTED} (le nom d'un champ des formulaires PDF ; ceux des cases et tableaux comptent)",
                              also=first[view.key] + ("id",) if first[view.key] != path else ())
        if getattr(element, "note", None) and element.note not in notes:
            yield Problem(file, path + ("note",), f"note inconnue « {element.note} »", known_note(element.note))
        if getattr(element, "exam", None) and element.exam not in exams:
            yield Problem(file, path + ("exam",), f"épreuve inconnue « {element.exam} »", known_exam(element.exam))
    for s, sheet in enumerate(form.sheets):
        if sheet.exam and sheet.exam not in exams:
            yield Problem(file, ("sheets", s, "exam"), f"épreuve inconnue « {sheet.exam} »", known_exam(sheet.exam))
        elif not sheet.exam and sheet.header != "demande":
            yield Problem(file, ("sheets", s, "exam"), "épreuve absente",
                          f"l'épreuve dont l'intitulé s'imprime en tête de la fiche, par exemple exam: {an_exam}")
        for ref, path in [(sheet.heading_note, ("sheets", s, "heading_note"))] + [
                (c.note, ("sheets", s, "sections", i, "note")) for i, c in enumerate(sheet.sections)]:
            if ref and ref not in notes:
                yield Problem(file, path, f"note inconnue « {ref} »", known_note(ref))


def pdf_characters(session: Any, files: _Files) -> Iterator[Problem]:
    """Every text a PDF form prints is in its font (typography.pdf_unprintable): each form's texts, the session's
    names in the sheets' headers and footers, the exams' codes and titles (headers print some in capitals)."""
    # (file, its texts with their paths, whether a header may print them in capitals)
    texts: list[tuple[str, Iterable[tuple[tuple[PathPart, ...], str]], bool]] = [
        (f"{files.label}/{source}", ((path, text) for path, text in leaves(form) if isinstance(text, str)), False)
        for form, source in zip(session.forms, session.form_sources, strict=True)]
    texts.append((files.session, (((name,), getattr(session.info, name)) for name in PDF_SESSION_FIELDS), True))
    texts.append((files.exams, ((("exams", i, name), getattr(exam, name) or "")
                                for i, exam in enumerate(session.exams.exams) for name in ("code", "title")), True))
    for file, found, capitals in texts:
        for path, text in found:
            # A capital may fall outside the font where its letter does not (µ, Μ).
            unprintable = pdf_unprintable(text) or (pdf_unprintable(text.upper()) if capitals else None)
            if unprintable is not None:
                yield Problem(file, path, f"caractère « {unprintable} » (U+{ord(unprintable):04X}) que les formulaires PDF ne savent pas "
                                          "imprimer (un carré noir à sa place)",
                              f"les lettres et signes du français (accents, œ, « », –, …, € compris), par exemple "
                              f"« {shorten(' '.join(text.replace(unprintable, ' ').split()))} »")


# The fields of session.yml that a form's header or footer prints (model.forms.FORM_HEADERS, the site's title).
PDF_SESSION_FIELDS = ("diploma", "diploma_short", "specialty")


# --- the list of checks ----------------------------------------------------------------------------

def _check(reads: Iterable[str], run: Callable[[Any, _Files], Iterable[Problem]]) -> Check:
    return Check(frozenset(reads), run)


# Every cross-check with the parts it reads, in the order their problems are reported.
CHECKS: list[Check] = [
    *(_check(rule.reads, partial(duplicates, rule)) for rule in UNIQUE_KEYS),
    *(_check({ref.part, TARGETS[ref.kind].part}, partial(references, ref)) for ref in REFERENCES),
    _check({reference.part for reference in CENTRE_REFERENCES}, centres_with_a_role),
    _check({"centres"}, address_departments),
    _check({"centres"}, centre_counts),
    _check({"centres", "establishments"}, placements),
    _check({"establishments", "info", "centres"}, session_total),
    _check({"info"}, session_year),
    *(_check({part, "info"}, partial(dates, part)) for part in SPANS),
    _check({"calendar"}, sitting_hours),
    _check({"operations"}, operation_starts),
    _check({"changelog"}, publications_in_order),
    _check({"calendar", "exams"}, sitting_modes),
    _check({"calendar", "exams"}, exams_dated),
    _check({"calendar"}, overlapping_sittings),
    _check({"calendar", "info"}, sitting_days),
    _check({"calendar", "info"}, oral_period_days),
    _check({"calendar"}, oral_periods_in_order),
    *(_check(rule.reads, partial(exam_bound, rule)) for rule in EXAM_BOUNDS),
    *(_check({rule.part, "info"}, partial(quoted_fact, rule)) for rule in QUOTED_FACTS),
    _check({"annexes"}, form_annexes),
    _check({"annexes", "forms"}, annexes_have_forms),
    _check({"annexes", "dossiers", "forms"}, form_own_files),
    _check({"exams"}, form_references),
    _check({"forms", "info", "exams"}, pdf_characters),
    _check(ALL_PARTS, check_to_confirm),
]
