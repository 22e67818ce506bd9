"""Fact-level changes between two states of one session: what `handbook diff` prints and the change log keeps.

Two typed Sessions are walked side by side, field by field. Lists are matched by their natural key, never
by position (written sittings by exam, orals by exam, written centres by centre, origins by establishment
and label…: KEYS), so a sitting moved up the file is no change and a date that moved is one. Every leaf
that differs becomes a Difference; a table of rules (RULES, by file and first field) words it in French
for staff and readers (« E3 (écrit) : date 16 mai 2022 → 17 mai 2022 ») and says whom it concerns: the
pages of docs/ that show it, the centres and establishments whose page or calendar shows it, the
calendar events (KeyDate ids) whose facts changed. Counts that the checks force to be sums (an
establishment's candidates, a written centre's, the session's) are not facts of their own: the change of
an origin's count says it. Prose pages (docs/*.md) are compared as text: « texte modifié ».
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from pydantic import BaseModel

from .model import CONVOCATIONS, SESSION_FILES, FormFile, KeyDate, LoggedChange, Session, entity_page, oral_key_date_id, written_key_date_id
from .text import clock, date_short, plural

# The pages of docs/ that list dated facts, by kind of KeyDate (besides the date's own page, KeyDate.page).
KEY_DATE_PAGES = {
    "ecrit": ("calendrier.md", "index.md", "ecrits.md"),
    "oral": ("calendrier.md", "index.md", "oraux.md"),
    "fenetre": ("calendrier.md", "index.md"),
    "echeance": ("calendrier.md", "index.md"),
    "resultats": ("calendrier.md", "index.md"),
}
# The page that names every written sitting's date for each establishment (the finder).
FINDER_PAGE = "trouver-mon-centre.md"
# The pages that list every centre with its address, department and roles: the centres' page, and the home page, whose
# finder finds a centre where no line is (templates/macros.md.j2, centre_entry).
CENTRE_LISTS = ("centres/index.md", "index.md")


class _Missing:
    """The side of a Difference where the value does not exist (added or removed)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Key:
    """A list item's natural key inside a path: written[Key('e3')]."""

    value: Any


PathStep: TypeAlias = str | Key


@dataclass(frozen=True)
class Difference:
    """One value that differs between the two sessions: file, path (fields and list keys), before and after."""

    file: str
    path: tuple[PathStep, ...]
    before: Any
    after: Any

    @property
    def field(self) -> str:
        """The last field name of the path ("date"), or "" for a whole list item."""
        return self.path[-1] if self.path and isinstance(self.path[-1], str) else ""

    def key(self, position: int) -> Any:
        """The value of the position-th list key of the path (0: the outer list's)."""
        return [step.value for step in self.path if isinstance(step, Key)][position]


@dataclass(frozen=True)
class Change:
    """One fact change, worded for readers, with everyone it concerns."""

    subject: str                                   # E3 (écrit)
    text: str                                      # date 16 mai 2022 → 17 mai 2022
    pages: tuple[str, ...] = ()                    # docs and form pages (source paths), where it is explained first
    centres: tuple[str, ...] = ()                  # ids: their page and calendar
    establishments: tuple[str, ...] = ()           # ids: their page and calendar
    key_dates: tuple[str, ...] = ()                # calendar events whose facts changed

    @property
    def line(self) -> str:
        """« E3 (écrit) : date 16 mai 2022 → 17 mai 2022 »"""
        return f"{self.subject} : {self.text}"

    @property
    def all_pages(self) -> tuple[str, ...]:
        """Every page the change touches: docs and form pages, then centre and establishment pages."""
        return tuple(dict.fromkeys(self.pages + tuple(entity_page("centre", c) for c in self.centres)
                                   + tuple(entity_page("establishment", e) for e in self.establishments)))

    def touches(self, page: str) -> bool:
        return page in self.all_pages

    def logged(self) -> LoggedChange:
        """As the change log keeps it (data/<session>/changelog.yml)."""
        return LoggedChange(subject=self.subject, text=self.text, pages=list(self.pages), centres=list(self.centres),
                            establishments=list(self.establishments), key_dates=list(self.key_dates))

    @classmethod
    def from_logged(cls, logged: LoggedChange) -> Change:
        return cls(logged.subject, logged.text, tuple(logged.pages), tuple(logged.centres), tuple(logged.establishments),
                   tuple(logged.key_dates))


# --- walking two sessions side by side ---------------------------------------------------------------

# A path with every list key replaced by "*": the shape KEYS, SKIPPED and RULES are written against.
Shape = tuple[str, ...]
# How the items of each list are matched between the two sides: their natural key (None: by position,
# numbered from 1, for lists whose items have no identity but their rank, like an oral's periods).
KEYS: dict[tuple[str, Shape], Callable[[Any], Any] | None] = {
    ("contacts.yml", ("contacts",)): lambda c: c.id,
    ("exams.yml", ("exams",)): lambda e: e.id,
    ("calendar.yml", ("written",)): lambda w: w.exam,
    ("calendar.yml", ("oral",)): lambda o: o.exam,
    ("calendar.yml", ("oral", "*", "periods")): None,
    ("operations.yml", ("operations",)): lambda o: o.id,
    ("dossiers.yml", ("deposit", "requirements")): lambda r: r.exam,
    ("rules.yml", ("written", "exit_bans")): lambda b: b.exam,
    ("news.yml", ("items",)): lambda i: i.id,
    ("annexes.yml", ("annexes",)): lambda a: a.id,
    ("establishments.yml", ("establishments",)): lambda e: e.id,
    ("centres.yml", ("centres",)): lambda c: c.id,
    ("centres.yml", ("written_centres",)): lambda w: w.centre,
    ("centres.yml", ("written_centres", "*", "origins")): lambda o: (o.establishment, o.label),
    ("corrections.yml", ("corrections",)): lambda c: (c.file, c.field, c.before),
}
# Values that are no fact of the circular: the data's version date and draft list, and counts the checks
# force to be sums of the origins (an origin's change says them).
SKIPPED = {
    ("session.yml", ("published",)), ("session.yml", ("to_confirm",)), ("session.yml", ("candidate_total",)),
    ("establishments.yml", ("establishments", "*", "candidates")), ("centres.yml", ("written_centres", "*", "candidates")),
}


def shape(path: Iterable[PathStep]) -> Shape:
    return tuple("*" if isinstance(step, Key) else step for step in path)


def differences(old: Session, new: Session) -> Iterator[Difference]:
    """Every value that differs, file by file in the order of the session's files, then the forms by annex."""
    for filename in SESSION_FILES:
        yield from _walk(filename, (), old.part(filename), new.part(filename))
    old_forms, new_forms = {f.annex: f for f in old.forms}, {f.annex: f for f in new.forms}
    for annex in [*old_forms, *(a for a in new_forms if a not in old_forms)]:
        before, after = old_forms.get(annex, MISSING), new_forms.get(annex, MISSING)
        if before != after:
            yield Difference(f"forms/{annex}.yml", (), before, after)


def _walk(filename: str, path: tuple[PathStep, ...], before: Any, after: Any) -> Iterator[Difference]:
    # Models field by field, keyed lists item by item, dicts key by key; anything else compared whole.
    if (filename, shape(path)) in SKIPPED or before == after:
        return
    if isinstance(before, BaseModel) and type(before) is type(after):
        for name in type(before).model_fields:
            yield from _walk(filename, path + (name,), getattr(before, name), getattr(after, name))
    elif isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            yield from _walk(filename, path + (Key(key),), before.get(key, MISSING), after.get(key, MISSING))
    elif isinstance(before, list) and isinstance(after, list) and (filename, shape(path)) in KEYS:
        olds, news = _keyed(filename, path, before), _keyed(filename, path, after)
        for key in [*olds, *(k for k in news if k not in olds)]:
            yield from _walk(filename, path + (Key(key),), olds.get(key, MISSING), news.get(key, MISSING))
    else:
        yield Difference(filename, path, before, after)


def _keyed(filename: str, path: tuple[PathStep, ...], items: list[Any]) -> dict[Any, Any]:
    key = KEYS[(filename, shape(path))]
    return {(key(item) if key else number): item for number, item in enumerate(items, start=1)}


# --- wording ------------------------------------------------------------------------------------------

# French words for a field, and whether the word is feminine (« adresse ajoutée », « lien ajouté »).
FIELD_WORDS: dict[str, tuple[str, bool]] = {
    "date": ("date", True), "start": ("début", False), "end": ("fin", True), "note": ("remarque", True),
    "address": ("adresse", True), "town": ("commune", True), "name": ("nom", False), "department": ("département", False),
    "phone": ("téléphone", False), "email": ("courriel", False), "role": ("fonction", True), "code": ("code", False),
    "also_called": ("autre nom", False), "title": ("intitulé", False), "detail": ("précision", True),
    "mode": ("mode", False), "dossier": ("épreuve à dossier", True), "label": ("libellé", False),
    "operation": ("intitulé", False), "planned": ("calendrier prévisionnel", False), "from_": ("début", False),
    "to": ("fin", True), "opens": ("ouverture", True), "closes": ("clôture", True), "closes_at": ("heure limite", True),
    "imperative": ("caractère impératif", False), "platform": ("plateforme", True),
    "platform_url": ("lien de la plateforme", False), "pieces": ("pièces à déposer", True),
    "printed_code": ("code imprimé", False), "rule": ("règle", True), "deadline": ("date limite", True),
    "destination": ("centre de remise", False), "minimum_weeks": ("durée minimale (semaines)", True),
    "retention_years": ("durée de conservation (années)", True), "number": ("numéro", False),
    "exams": ("épreuves", False), "external_model": ("modèle externe", False), "external_url": ("lien du modèle", False),
    "individual": ("candidats individuels", False), "centres": ("centres", False),
    "pairing_unspecified": ("appariement période–centre non précisé", False), "causes": ("causes", True),
    "circulars": ("circulaires", True), "delegation": ("délégation", True), "issuer": ("émetteur", False),
    "late_entry_minutes": ("entrée d'un retardataire (minutes après le début)", True),
}
# A text longer than this is said changed, not quoted.
QUOTE_MAX = 90


def words(field_name: str) -> tuple[str, bool]:
    return FIELD_WORDS.get(field_name, ("texte", False))


def shown(value: Any) -> str:
    """A value as a reader reads it: dates and hours in French, texts in quotes, lists joined."""
    if isinstance(value, dt.date):
        return date_short(value)
    if isinstance(value, dt.time):
        return clock(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (list, tuple)):
        return ", ".join(shown(v) for v in value) or "aucun"
    if isinstance(value, str):
        return f"« {value} »"
    return str(value)


def field_text(diff: Difference, label: str | None = None) -> str:
    """« date 16 mai 2022 → 17 mai 2022 », « adresse ajoutée : … », « remarque retirée », « précision modifiée »."""
    word, feminine = words(diff.field)
    word = label or word
    ending = "e" if feminine else ""
    if diff.before is None or diff.before is MISSING:
        return f"{word} ajouté{ending} : {_short(diff.after)}"
    if diff.after is None or diff.after is MISSING:
        return f"{word} retiré{ending}"
    if isinstance(diff.before, str) and max(len(diff.before), len(diff.after)) > QUOTE_MAX:
        return f"{word} modifié{ending}"
    return f"{word} {shown(diff.before)} → {shown(diff.after)}"


def _short(value: Any) -> str:
    text = shown(value)
    return text if len(text) <= QUOTE_MAX + 4 else text[:QUOTE_MAX].rstrip() + "… »"


# --- whom a change concerns -----------------------------------------------------------------------------

@dataclass
class Concern:
    """Pages, centres, establishments and calendar events, gathered from both sides of a change."""

    pages: list[str] = field(default_factory=list)
    centres: set[str] = field(default_factory=set)
    establishments: set[str] = field(default_factory=set)
    key_dates: set[str] = field(default_factory=set)

    def page(self, *names: str) -> Concern:
        self.pages = list(dict.fromkeys([*self.pages, *names]))
        return self

    def change(self, sides: Sides, subject: str, text: str) -> Change:
        # Entities in the session's order (new side first, then those only the old side had).
        return Change(subject, text, tuple(self.pages), sides.order("centres", self.centres),
                      sides.order("establishments", self.establishments), tuple(sorted(self.key_dates)))


@dataclass(frozen=True)
class Sides:
    """The two sessions a difference is read against, and the docs pages that exist."""

    old: Session
    new: Session
    docs: tuple[str, ...] = ()

    @property
    def both(self) -> tuple[Session, Session]:
        return self.old, self.new

    def exam_name(self, exam_id: str) -> str:
        for session in (self.new, self.old):
            if exam_id in {e.id for e in session.exams.exams}:
                return session.exam(exam_id).short
        return exam_id

    def centre_name(self, centre_id: str) -> str:
        return next((c.name for s in (self.new, self.old) for c in s.centres.centres if c.id == centre_id), centre_id)

    def centre_roles(self, centre_id: str) -> list[str]:
        """What a centre is used for on either side, as its page says it (Session.centre_roles), the new side first."""
        return list(dict.fromkeys(role for s in (self.new, self.old) for role in s.centre_roles(centre_id)))

    def order(self, kind: str, ids: set[str]) -> tuple[str, ...]:
        listed = [c.id for s in (self.new, self.old) for c in
                  (s.centres.centres if kind == "centres" else s.establishments.establishments)]
        return tuple(dict.fromkeys(i for i in listed if i in ids)) + tuple(sorted(ids - set(listed)))

    def dated(self, concern: Concern, ids: Iterable[str]) -> Concern:
        """Calendar events by id, on both sides: their pages, and the centres and establishments whose calendar has them."""
        wanted = set(ids)
        for session in self.both:
            for key_date in session.key_dates:
                if key_date.id in wanted:
                    _add_key_date(session, key_date, concern)
        return concern

    def located_at(self, concern: Concern, centre_id: str) -> Concern:
        """The events held at a centre, and every centre and establishment whose calendar places one of them there."""
        def there(dates: Iterable[KeyDate]) -> bool:
            return any(c.id == centre_id for d in dates for c in d.centres)
        for session in self.both:
            concern.key_dates |= {d.id for d in session.key_dates if there([d])}
            concern.centres |= {c.id for c in session.centre_list if there(session.key_dates_at(c.id))}
            concern.establishments |= {e.id for e in session.establishments.establishments if there(session.key_dates_of(e.id))}
        return concern

    def roles(self, centre_id: str) -> set[str]:
        """What a centre is used for, on either side: any, written, oral, livrets."""
        roles = {"any"}
        for session in self.both:
            roles |= {"written"} if session.written_centre(centre_id) else set()
            roles |= {"oral"} if session.orals_at(centre_id) else set()
            roles |= {"livrets"} if session.livrets.destination == centre_id else set()
        return roles

    def everything(self, concern: Concern) -> Concern:
        """A fact every page shows (the session's name): every page, centre, establishment and event."""
        concern.page(*self.docs)
        for session in self.both:
            concern.centres |= {c.id for c in session.centre_list}
            concern.establishments |= {e.id for e in session.establishments.establishments}
            concern.key_dates |= {d.id for d in session.key_dates}
            concern.page(*(f.page for f in session.forms))
        return concern

    def placed_at(self, centre_id: str) -> set[str]:
        return {p.establishment.id for s in self.both for w in s.written_centres if w.centre.id == centre_id for p in w.placements}


def _add_key_date(session: Session, key_date: KeyDate, concern: Concern) -> None:
    concern.page(key_date.page, *KEY_DATE_PAGES[key_date.kind])
    concern.key_dates.add(key_date.id)
    concern.centres |= {c.id for c in session.centre_list if any(d.id == key_date.id for d in session.key_dates_at(c.id))}
    concern.establishments |= {e.id for e in session.establishments.establishments
                               if any(d.id == key_date.id for d in session.key_dates_of(e.id))}


# --- the rules: one per part of the data ----------------------------------------------------------------

Rule = Callable[[Difference, Sides], Change]


def written_rule(diff: Difference, sides: Sides) -> Change:
    exam = diff.key(0)
    concern = sides.dated(Concern(), [written_key_date_id(exam)])
    if diff.field == "note":   # the home page gives the written days without their remarks
        concern.pages.remove("index.md")
    return concern.change(sides, f"{sides.exam_name(exam)} (écrit)", _item_text(diff, "épreuve écrite", feminine=True))


def oral_rule(diff: Difference, sides: Sides) -> Change:
    exam = diff.key(0)
    ids = [oral_key_date_id(exam, n) for s in sides.both for o in s.calendar.oral if o.exam == exam
           for n in range(1, len(o.periods) + 1)]
    concern = sides.dated(Concern().page("oraux.md"), ids)
    if diff.field == "centres":   # a centre that starts or stops hosting it: its page and the centres' roles
        paired = any(o.exam == exam and o.pairing_unspecified for s in sides.both for o in s.calendar.oral)
        moved = set(diff.before or []) ^ set(diff.after or [])
        concern.centres = concern.centres | moved if paired else moved   # others keep their own period there
        concern.page(*CENTRE_LISTS)
        gone, came = set(diff.before) - set(diff.after), set(diff.after) - set(diff.before)
        text = "; ".join([*(f"centre ajouté : {sides.centre_name(c)}" for c in sorted(came)),
                          *(f"centre retiré : {sides.centre_name(c)}" for c in sorted(gone))])
    elif "periods" in diff.path and len(diff.path) > 3:
        number = diff.key(1)
        text = f"période {number} : " + _item_text(diff, "période", feminine=True)
    else:
        text = _item_text(diff, "épreuve orale", feminine=True)
    return concern.change(sides, f"{sides.exam_name(exam)} (oral)", text)


def operations_rule(diff: Difference, sides: Sides) -> Change:
    op_id = diff.key(0)
    concern = sides.dated(Concern().page("calendrier.md"), [f"operation-{op_id}"])
    operations = [o for s in (sides.new, sides.old) for o in s.operations.operations if o.id == op_id]
    if diff.field == "detail":   # its modalities: on every card (a short one gives them instead of its period), not in events
        concern.key_dates.discard(f"operation-{op_id}")
    if diff.field == "planned" and all(o.detail for o in operations):   # a short card (home page) gives the modalities
        concern.pages = [name for name in concern.pages if name != "index.md"]
    if op_id == CONVOCATIONS and diff.field in ("detail", "planned", ""):   # quoted by every establishment page
        concern.establishments |= every_line(sides)
        concern.page(*([FINDER_PAGE] if diff.field != "planned" else []))   # the finder quotes its detail
    title = next((o.operation for o in operations), op_id)
    return concern.change(sides, title, _item_text(diff, "opération", feminine=True))


def dossiers_rule(diff: Difference, sides: Sides) -> Change:
    part = diff.path[0]
    concern = Concern().page("dossiers.md")
    if part == "conformity":
        return concern.change(sides, "Conformité des dossiers", field_text(diff))
    if diff.field in ("opens", "closes", "closes_at", "platform") or ("requirements" in diff.path and diff.field != "pieces"):
        # the deposit's dates and title are calendar events; its exams (not their pieces) are listed in their title
        sides.dated(concern, ["depot-dossiers", "depot-dossiers-cloture"])
    if diff.field == "imperative":   # the closing date's detail, and the home page's words to establishments
        sides.dated(concern, ["depot-dossiers-cloture"])
        concern.page("index.md")
    if diff.field in ("opens", "closes", "closes_at", "imperative", "platform", "scope") or "requirements" in diff.path:
        # the forms' pages say what to deposit, by when and where (form_deposit)
        exams = {diff.key(0)} if "requirements" in diff.path else None   # one exam's pieces, or the whole deposit
        concern.page("formulaires.md", *(f.page for s in sides.both for f in s.forms
                                          if any(exams is None or r.exam in exams for r in s.deposit_requirements(f.annex))))
    if diff.field in ("intro", "establishment_duty", "candidate_duty", "opens", "closes", "closes_at", "imperative"):
        concern.establishments |= every_line(sides)
    if diff.field in ("paper_copy", "supporting_documents"):   # the rules of orals with a dossier
        concern.page("oraux.md")
        concern.centres |= {c.id for s in sides.both for o in s.oral_exams if o.exam.dossier for c in o.centres}
        concern.establishments |= every_line(sides)
    if "requirements" in diff.path:
        return concern.change(sides, f"Dépôt des dossiers ({sides.exam_name(diff.key(0))})",
                              _item_text(diff, "pièces à déposer", feminine=True, plural_form=True))
    return concern.change(sides, "Dépôt des dossiers", field_text(diff))


def rules_rule(diff: Difference, sides: Sides) -> Change:
    if diff.path[0] == "written":
        # The minutes a late candidate has are drawn on the exams' cards of the centres' and lines' pages only.
        concern = Concern() if diff.field == "late_entry_minutes" else Concern().page("ecrits.md")
        if "exit_bans" in diff.path or diff.field in WRITTEN_DAY_RULES:   # drawn on each centre's and line's page too
            concern.centres |= {w.centre.id for s in sides.both for w in s.written_centres}
            concern.establishments |= every_line(sides)
        if "exit_bans" in diff.path:
            return concern.change(sides, f"Interdiction de sortie ({sides.exam_name(diff.key(0))})",
                                  _item_text(diff, "interdiction de sortie", feminine=True))
        if diff.field == "lateness_reading" or ("calculators" in diff.path and diff.field == "reading"):
            concern.page("corrections.md")   # listed too among the site's readings
        subject = "Calculatrices" if "calculators" in diff.path else "Règles en salle d'écrit"
        return concern.change(sides, subject, field_text(diff))
    concern = Concern()
    if diff.field == "attestation_models":   # quoted where attestations are asked for
        concern.page("oraux.md", "stages.md", "formulaires.md")
    else:
        concern.page("oraux.md")
        concern.centres |= {c.id for s in sides.both for o in s.oral_exams for c in o.centres}
        concern.establishments |= every_line(sides)
    return concern.change(sides, "Règles des épreuves orales", field_text(diff))


# The written rules a candidate needs on the day, shown on every line's page as on the centres' (written_day_rules).
WRITTEN_DAY_RULES = ("to_bring", "lateness", "lateness_reading", "late_entry_minutes", "escort", "absence")


def every_line(sides: Sides) -> set[str]:
    """Every line of the table of registrants, before and after: the rules of the day are on each one's page."""
    return {e.id for s in sides.both for e in s.establishments.establishments}


def livrets_rule(diff: Difference, sides: Sides) -> Change:
    concern = Concern().page("livrets.md")
    if diff.field in ("deadline", "destination", "imperative"):
        sides.dated(concern, ["livrets"])
    if diff.field == "destination":
        concern.centres |= {diff.before, diff.after}
        concern.page(*CENTRE_LISTS)
        return concern.change(sides, "Livrets scolaires",
                              f"centre de remise {sides.centre_name(diff.before)} → {sides.centre_name(diff.after)}")
    if diff.field == "return_":   # quoted to individual candidates on their line's page
        concern.establishments |= {e.id for s in sides.both for e in s.establishments.establishments if e.individual}
    if diff.field == "imperative":   # said beside the date to establishments: on each one's page and the home page
        concern.page("index.md")
        concern.establishments |= {e.id for s in sides.both for e in s.establishments.establishments if not e.individual}
    return concern.change(sides, "Livrets scolaires", field_text(diff))


def results_rule(diff: Difference, sides: Sides) -> Change:
    concern = Concern().page("resultats.md")
    if diff.path[0] == "results":
        sides.dated(concern, ["resultats"])
        label = "heure" if diff.field == "from_" else None
        return concern.change(sides, "Résultats", field_text(diff, label))
    if diff.path[0] == "diplomas":   # quoted on the pages of individual candidates' lines
        concern.establishments |= {e.id for s in sides.both for e in s.establishments.establishments if e.individual}
    return concern.change(sides, "Résultats et diplômes", field_text(diff))


def page_rule(subject: str, *pages: str) -> Rule:
    """A part of the data shown on its own page(s) only."""
    def rule(diff: Difference, sides: Sides) -> Change:
        return Concern().page(*pages).change(sides, subject, field_text(diff))
    return rule


def news_rule(diff: Difference, sides: Sides) -> Change:
    concern = Concern().page("resultats.md")
    if diff.path[0] == "items":
        item = diff.key(0)
        title = next((i.title for s in (sides.new, sides.old) for i in s.news.items if i.id == item), item)
        if diff.field != "text" and any(i.note for s in sides.both for i in s.news.items if i.id == item):
            concern.page("corrections.md")   # an item with the site's note is listed among its readings, by its title
        return concern.change(sides, f"Nouveautés : {title}", _item_text(diff, "nouveauté", feminine=True))
    return concern.change(sides, "Nouveautés", field_text(diff))


def annexes_rule(diff: Difference, sides: Sides) -> Change:
    annex = diff.key(0)
    concern = Concern().page("formulaires.md", "dossiers.md", "oraux.md")
    concern.page(*(f.page for s in sides.both for f in s.forms if f.annex == annex))
    _listed_on_every_line(concern, sides, {annex})
    label = next((a.label for s in (sides.new, sides.old) for a in s.annexes.annexes if a.id == annex), annex)
    return concern.change(sides, label, _item_text(diff, "annexe", feminine=True))


def _listed_on_every_line(concern: Concern, sides: Sides, annexes: set[str]) -> None:
    # Every establishment's page lists the forms of its candidates' dossiers by their annex (dossier_form_links).
    if any(f.annex in annexes for s in sides.both for f in s.dossier_forms):
        concern.establishments |= every_line(sides)


def form_rule(diff: Difference, sides: Sides) -> Change:
    form = diff.after if diff.after is not MISSING else diff.before
    assert isinstance(form, FormFile)
    label = next((a.label for s in (sides.new, sides.old) for a in s.annexes.annexes if a.id == form.annex), form.annex)
    text = "formulaire ajouté" if diff.before is MISSING else "formulaire retiré" if diff.after is MISSING else "formulaire modifié"
    # Its page, and the pages offering its files (with their size); an added or removed form, every line's list.
    concern = Concern().page(form.page, "formulaires.md", "dossiers.md", "oraux.md")
    if diff.before is MISSING or diff.after is MISSING:
        _listed_on_every_line(concern, sides, {form.annex})
    return concern.change(sides, label, text)


def exams_rule(diff: Difference, sides: Sides) -> Change:
    exam = diff.key(0)
    concern = Concern()
    for session in sides.both:
        if exam not in {e.id for e in session.exams.exams}:
            continue
        sides.dated(concern, [d.id for d in session.key_dates_for(exam)])
        # Where else its name is printed: exit bans, dossier pieces, the annexes and the forms that name it.
        concern.page(*(["ecrits.md"] if any(b.exam == exam for b in session.rules.written.exit_bans) else []))
        concern.page(*(["dossiers.md"] if any(e.id == exam for e in session.dossier_exams) else []))
        concern.page(*(["formulaires.md"] if any(exam in a.exams for a in session.annexes.annexes) else []))
        concern.page(*(f.page for f in session.forms if exam in _exams_named(f.model_dump())))
    return concern.change(sides, f"Épreuve {sides.exam_name(exam)}", _item_text(diff, "épreuve", feminine=True))


def _exams_named(data: Any) -> set[str]:
    # Every `exam:` reference inside a form (its sheets' headers, its fixed texts).
    if isinstance(data, dict):
        return {v for k, v in data.items() if k == "exam" and isinstance(v, str)} | \
            {e for v in data.values() for e in _exams_named(v)}
    return {e for v in data for e in _exams_named(v)} if isinstance(data, list) else set()


def contacts_rule(diff: Difference, sides: Sides) -> Change:
    contact = diff.key(0)
    name = next((c.name for s in (sides.new, sides.old) for c in s.contacts.contacts if c.id == contact), contact)
    concern = Concern().page("contacts.md", "accessibilite.md")
    for session in sides.both:   # every centre and establishment page ends with the contacts
        concern.centres |= {c.id for c in session.centre_list}
        concern.establishments |= {e.id for e in session.establishments.establishments}
    return concern.change(sides, f"Contact : {name}", _item_text(diff, "contact", feminine=False))


def session_rule(diff: Difference, sides: Sides) -> Change:
    if diff.path[0] in ("national_circular", "signatory"):
        subject = "Circulaire nationale" if diff.path[0] == "national_circular" else "Signataire"
        return Concern().page("index.md", "contacts.md").change(sides, subject, field_text(diff))
    return sides.everything(Concern()).change(sides, "Session", field_text(diff))


def establishments_rule(diff: Difference, sides: Sides) -> Change:
    establishment = diff.key(0)
    concern = Concern().page("etablissements/index.md", FINDER_PAGE)
    if diff.field == "name" or len(diff.path) == 2:   # the home page's finder and the readings page quote its name
        concern.page("index.md", "corrections.md")
    if diff.field == "department":                    # the home page's finder finds it by its department too
        concern.page("index.md")
    concern.establishments.add(establishment)
    if len(diff.path) == 2:   # an establishment more or less: the origins of its centres
        concern.centres |= {p.centre.id for s in sides.both for p in s.placements_of(establishment)
                            if establishment in {e.id for e in s.establishments.establishments}}
    name = next((e.name for s in (sides.new, sides.old) for e in s.establishments.establishments if e.id == establishment),
                establishment)
    return concern.change(sides, name, _item_text(diff, "établissement", feminine=False))


def centres_rule(diff: Difference, sides: Sides) -> Change:
    if diff.path[0] == "departments":
        code = diff.key(0)
        concern = Concern().page(*CENTRE_LISTS, "etablissements/index.md")
        for session in sides.both:
            concern.centres |= {c.id for c in session.centre_list if c.department == code}
            concern.establishments |= {e.id for e in session.establishments.establishments
                                       if session.establishment_department(e) == code}
        if concern.establishments:   # the finders find them by their department's name
            concern.page("index.md", FINDER_PAGE)
        return concern.change(sides, f"Département {code}", _item_text(diff, "département", feminine=False))
    if diff.path[0] == "written_centres":
        return origins_change(diff, sides)
    centre = diff.key(0)
    whole = len(diff.path) == 2
    concern = Concern().page(entity_page("centre", centre))   # where it is explained: its own page
    concern.centres.add(centre)
    concern.establishments |= sides.placed_at(centre)          # their pages link it, their writtens are held there
    if whole or diff.field in ("name", "town", "address"):      # the place of its events, in every calendar that has them
        sides.located_at(concern, centre)
    roles = sides.roles(centre)
    for field_name, pages in CENTRE_FIELD_PAGES.items():
        if whole or diff.field == field_name:
            concern.page(*(page for role, page in pages if role in roles))
    if whole or diff.field == "department":                      # establishments take their department from it
        concern.establishments |= {e.id for s in sides.both for e in s.establishments.establishments
                                   if not e.department and any(p.centre.id == centre for p in s.placements_of(e.id))}
    # Named with what it is used for, in its page's words (« écrits, livrets scolaires »): a line's page shows the change
    # of a centre its candidates do not write at (the livrets' destination, in every line's calendar), which read as
    # their own centre changing.
    used_for = sides.centre_roles(centre)
    named = f"{sides.centre_name(centre)} ({', '.join(used_for)})" if used_for else sides.centre_name(centre)
    return concern.change(sides, named, _item_text(diff, "centre", feminine=False))


# Where a centre's fields are printed besides its own page, by the role it has ("any": every centre of the session).
CENTRE_FIELD_PAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "name": (*(("any", page) for page in CENTRE_LISTS), ("any", FINDER_PAGE), ("written", "ecrits.md"), ("oral", "oraux.md"),
             ("oral", "calendrier.md"), ("livrets", "livrets.md"), ("livrets", "calendrier.md")),
    "town": (*(("any", page) for page in CENTRE_LISTS), ("written", FINDER_PAGE), ("written", "ecrits.md"), ("written", "calendrier.md"),
             ("livrets", "livrets.md")),
    "address": (*(("any", page) for page in CENTRE_LISTS), ("oral", "oraux.md"), ("oral", "calendrier.md")),
    "department": (*(("any", page) for page in CENTRE_LISTS), ("written", "etablissements/index.md"), ("written", FINDER_PAGE)),
}


def origins_change(diff: Difference, sides: Sides) -> Change:
    """A line of « origine des candidats »: who writes where, how many (the totals follow from it)."""
    centre = diff.key(0)
    concern = Concern().page("ecrits.md", "etablissements/index.md", "index.md")
    concern.centres.add(centre)
    if "origins" in diff.path and len(diff.path) > 3:
        establishment, label = diff.key(1)
        concern.establishments.add(establishment)
        if diff.before is MISSING or diff.after is MISSING:   # a placement more or less: where its writtens are held
            concern.page(FINDER_PAGE)
            concern.key_dates |= {written_key_date_id(w.exam) for s in sides.both for w in s.calendar.written}
        where = sides.centre_name(centre)
        # Who writes where now, in words no reader takes the other way (« plus de candidats » read « more »).
        if diff.before is MISSING:
            count = diff.after.candidates
            text = f"{plural(count, 'candidat')} {'compose' if count == 1 else 'composent'} désormais au {where}"
        elif diff.after is MISSING:
            count = diff.before.candidates
            text = f"{'son candidat ne compose' if count == 1 else f'ses {count} candidats ne composent'} plus au {where}"
        else:
            # « placés au … »: the centre where they write, not the line's school (« (Lycée Alexis Monteil) » after
            # « Purple campus Rodez » was read as the same school's other name).
            text = f"{diff.before} → {diff.after} candidats placés au {where}" if diff.field == "candidates" else field_text(diff)
        return concern.change(sides, label, text)
    if len(diff.path) > 2:   # the list of origins compared whole (never: it is keyed), or a field of the centre's line
        return concern.change(sides, sides.centre_name(centre), field_text(diff))
    # A whole written centre added or removed.
    item = diff.after if diff.after is not MISSING else diff.before
    concern.establishments |= {o.establishment for o in item.origins}
    concern.page(*CENTRE_LISTS, FINDER_PAGE)
    concern.key_dates |= {written_key_date_id(w.exam) for s in sides.both for w in s.calendar.written}
    text = "devient centre d'écrit" if diff.before is MISSING else "n'est plus centre d'écrit"
    return concern.change(sides, sides.centre_name(centre), text)


def corrections_rule(diff: Difference, sides: Sides) -> Change:
    """A correction de forme: listed on its page (the corrected text itself is a change of its own file)."""
    file, place, before = diff.key(0)
    item = diff.after if diff.after is not MISSING else diff.before
    words = f"« {before} » → « {item.after if diff.field != 'after' else diff.after} » ({file} · {place})"
    text = "correction ajoutée : " + words if diff.before is MISSING else "correction retirée : " + words \
        if diff.after is MISSING else field_text(diff)
    return Concern().page("corrections.md").change(sides, "Corrections de forme", text)


def _item_text(diff: Difference, noun: str, feminine: bool, plural_form: bool = False) -> str:
    # A whole list item added or removed, else the field that changed.
    ending = ("e" if feminine else "") + ("s" if plural_form else "")
    if diff.before is MISSING:
        return f"{noun} ajouté{ending}"
    if diff.after is MISSING:
        return f"{noun} retiré{ending}"
    return field_text(diff)


# Each file (and for some, its first field) and the rule that words and places its changes.
RULES: dict[str, Rule] = {
    "session.yml": session_rule,
    "contacts.yml": contacts_rule,
    "exams.yml": exams_rule,
    "calendar.yml/written": written_rule,
    "calendar.yml/oral": oral_rule,
    "operations.yml": operations_rule,
    "dossiers.yml": dossiers_rule,
    "rules.yml": rules_rule,
    "livrets.yml": livrets_rule,
    "internships.yml": page_rule("Stages", "stages.md"),
    "results.yml": results_rule,
    "archiving.yml": page_rule("Archivage", "archivage.md"),
    "news.yml": news_rule,
    "annexes.yml": annexes_rule,
    "establishments.yml": establishments_rule,
    "centres.yml": centres_rule,
    "forms": form_rule,
    "corrections.yml": corrections_rule,
}


def rule_for(diff: Difference) -> Rule:
    first = diff.path[0] if diff.path and isinstance(diff.path[0], str) else ""
    return RULES.get(f"{diff.file}/{first}") or RULES.get(diff.file) or RULES.get(diff.file.split("/", 1)[0]) or unknown_rule


def unknown_rule(diff: Difference, sides: Sides) -> Change:
    """A data file without a rule yet (a new file of the session): worded, on no page until its rule says which
    (tests/unit/test_changes_rules.py requires a rule for every file)."""
    return Concern().change(sides, diff.file, field_text(diff))


# --- the comparison -----------------------------------------------------------------------------------

def compare(old: Session, new: Session, old_docs: Mapping[str, bytes] = {}, new_docs: Mapping[str, bytes] = {},
            titles: Mapping[str, str] = {}) -> list[Change]:
    """Every fact change from old to new, then every prose page whose text changed; the same change said once."""
    sides = Sides(old, new, tuple(sorted(set(new_docs) | set(old_docs))))
    changes = [rule_for(diff)(diff, sides) for diff in differences(old, new)]
    for page in sides.docs:
        before, after = old_docs.get(page), new_docs.get(page)
        if before != after:
            text = "page ajoutée" if before is None else "page retirée" if after is None else "texte modifié"
            changes.append(Change(titles.get(page, page), text, (page,) if after is not None else ()))
    return list(dict.fromkeys(changes))
