"""Cross-checks between data files: counts, references, dates, identifiers."""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable, Iterator

from .drafts import check_to_confirm
from .model import Session, inputs_of
from .problems import Problem


def check_session(session: Session) -> list[Problem]:
    """Run every cross-check; return all problems (an empty list means publishable)."""
    return [problem for check in CHECKS for problem in check(session, _Files(session.source_name))]


class _Files:
    # The shown path of each data file, e.g. files.centres -> "data/2022/centres.yml".
    def __init__(self, label: str):
        self.label = label

    def __getattr__(self, name: str) -> str:
        return f"{self.label}/{name}.yml"


def unique_ids(session: Session, files: _Files) -> Iterator[Problem]:
    """Identifiers are unique in their list (they become URLs and calendar UIDs)."""
    lists = [
        (files.establishments, "establishments", session.establishments.establishments),
        (files.centres, "centres", session.centres.centres),
        (files.exams, "exams", session.exams.exams),
        (files.contacts, "contacts", session.contacts.contacts),
        (files.operations, "operations", session.operations.operations),
        (files.annexes, "annexes", session.annexes.annexes),
        (files.news, "items", session.news.items),
    ]
    for file, key, items in lists:
        counts = Counter(item.id for item in items)
        for index, item in enumerate(items):
            if counts[item.id] > 1:
                yield Problem(file, (key, index, "id"), f"identifiant en double « {item.id} »", "un identifiant unique dans la liste")
    seen = Counter(w.centre for w in session.centres.written_centres)
    for index, w in enumerate(session.centres.written_centres):
        if seen[w.centre] > 1:
            yield Problem(files.centres, ("written_centres", index, "centre"), f"centre d'écrit en double « {w.centre} »",
                          "chaque centre d'écrit une seule fois")


def references(session: Session, files: _Files) -> Iterator[Problem]:
    """Every exam, centre, establishment and department named somewhere exists."""
    exams = {e.id for e in session.exams.exams}
    centres = {c.id for c in session.centres.centres}
    establishments = {e.id for e in session.establishments.establishments}
    departments = set(session.centres.departments)
    known = {"exam": (exams, files.exams), "centre": (centres, files.centres),
             "establishment": (establishments, files.establishments), "department": (departments, files.centres + " (departments)")}
    places: list[tuple[str, tuple, str, str]] = []  # (file, path, kind, value)
    places += [(files.calendar, ("written", i, "exam"), "exam", s.exam) for i, s in enumerate(session.calendar.written)]
    for i, o in enumerate(session.calendar.oral):
        places.append((files.calendar, ("oral", i, "exam"), "exam", o.exam))
        places += [(files.calendar, ("oral", i, "centres", j), "centre", c) for j, c in enumerate(o.centres)]
    places += [(files.dossiers, ("deposit", "requirements", i, "exam"), "exam", r.exam)
               for i, r in enumerate(session.dossiers.deposit.requirements)]
    places += [(files.rules, ("written", "exit_bans", i, "exam"), "exam", b.exam) for i, b in enumerate(session.rules.written.exit_bans)]
    places += [(files.annexes, ("annexes", i, "exams", j), "exam", x)
               for i, a in enumerate(session.annexes.annexes) for j, x in enumerate(a.exams)]
    places.append((files.livrets, ("destination",), "centre", session.livrets.destination))
    for i, w in enumerate(session.centres.written_centres):
        places.append((files.centres, ("written_centres", i, "centre"), "centre", w.centre))
        places += [(files.centres, ("written_centres", i, "origins", j, "establishment"), "establishment", o.establishment)
                   for j, o in enumerate(w.origins)]
    places += [(files.centres, ("centres", i, "department"), "department", c.department)
               for i, c in enumerate(session.centres.centres) if c.department]
    places += [(files.establishments, ("establishments", i, "department"), "department", e.department)
               for i, e in enumerate(session.establishments.establishments) if e.department]
    for file, path, kind, value in places:
        ids, source = known[kind]
        if value not in ids:
            yield Problem(file, path, f"{UNKNOWN[kind]} « {value} »", f"un identifiant défini dans {source}")


# How an unknown reference of each kind is named, agreeing in gender.
UNKNOWN = {"exam": "épreuve inconnue", "centre": "centre inconnu", "establishment": "établissement inconnu", "department": "département inconnu"}


def candidate_counts(session: Session, files: _Files) -> Iterator[Problem]:
    """Counts add up: establishments to the session total, origins to each centre, each establishment placed once."""
    total = sum(e.candidates for e in session.establishments.establishments)
    if total != session.info.candidate_total:
        yield Problem(files.establishments, ("establishments",),
                      f"la somme des candidats des établissements est {total}",
                      f"le total de la session, {session.info.candidate_total} (candidate_total dans {files.session})")
    placed: Counter[str] = Counter()
    for i, w in enumerate(session.centres.written_centres):
        origins = sum(o.candidates for o in w.origins)
        if origins != w.candidates:
            yield Problem(files.centres, ("written_centres", i, "candidates"),
                          f"le centre annonce {w.candidates} candidats mais ses origines en totalisent {origins}",
                          "la somme des candidats de ses origines")
        for o in w.origins:
            placed[o.establishment] += o.candidates
    for i, e in enumerate(session.establishments.establishments):
        if placed[e.id] != e.candidates:
            where = "n'est placé dans aucun centre d'écrit" if not placed[e.id] else f"a {placed[e.id]} candidats placés en centres d'écrit"
            yield Problem(files.establishments, ("establishments", i, "candidates"),
                          f"l'établissement « {e.id} » compte {e.candidates} candidats mais {where}",
                          f"chaque candidat placé une seule fois dans written_centres ({files.centres})")


def dates(session: Session, files: _Files) -> Iterator[Problem]:
    """Dates lie in the session year and every window ends after it starts."""
    year = session.info.year
    spans: list[tuple[str, tuple, object, object]] = []  # (file, path, start, end)
    for i, s in enumerate(session.calendar.written):
        spans.append((files.calendar, ("written", i), s.date, s.date))
        if s.end <= s.start:
            yield Problem(files.calendar, ("written", i, "end"), f"l'épreuve finit ({s.end:%H:%M}) avant de commencer ({s.start:%H:%M})",
                          "une heure de fin après l'heure de début")
    for i, o in enumerate(session.calendar.oral):
        spans += [(files.calendar, ("oral", i, "periods", j), p.start, p.end) for j, p in enumerate(o.periods)]
    deposit = session.dossiers.deposit
    spans.append((files.dossiers, ("deposit",), deposit.opens, deposit.closes))
    spans += [(files.operations, ("operations", i), op.from_, op.to or op.from_)
              for i, op in enumerate(session.operations.operations) if op.from_]
    spans.append((files.livrets, ("deadline",), session.livrets.deadline, session.livrets.deadline))
    spans.append((files.results, ("results", "date"), session.results.results.date, session.results.results.date))
    for file, path, start, end in spans:
        for value, key in ((start, "start"), (end, "end")):
            if value.year != year:
                yield Problem(file, path, f"date hors de la session : {value.isoformat()}", f"une date de l'année {year}")
                break
        else:
            if end < start:
                yield Problem(file, path, f"la fin ({end.isoformat()}) précède le début ({start.isoformat()})",
                              "une date de fin égale ou postérieure à la date de début")


def forms(session: Session, files: _Files) -> Iterator[Problem]:
    """Each form is an annex's, once; its ids are unique; its notes and exams exist; each annex has a form or a model."""
    annexes = {a.id for a in session.annexes.annexes}
    exams = {e.id for e in session.exams.exams}
    seen: Counter[str] = Counter(f.annex for f in session.forms)
    for form, source in zip(session.forms, session.form_sources):
        file = f"{files.label}/{source}"
        if form.annex not in annexes:
            yield Problem(file, ("annex",), f"annexe inconnue « {form.annex} »", f"un identifiant défini dans {files.annexes}")
        elif seen[form.annex] > 1:
            yield Problem(file, ("annex",), f"deux formulaires pour l'annexe « {form.annex} »", "un seul fichier par annexe")
        yield from _form_references(form, file, exams)
    for index, annex in enumerate(session.annexes.annexes):
        if not annex.external_model and not seen[annex.id]:
            yield Problem(files.annexes, ("annexes", index, "id"), f"l'annexe « {annex.id} » n'a pas de formulaire",
                          f"un fichier {files.label}/forms/{annex.id}.yml, ou external_model si le modèle est ailleurs")


def _form_references(form, file: str, exams: set[str]) -> Iterator[Problem]:
    # Ids unique in the form (they name the PDF's fields), footnotes and exams known, fiche headers with their exam.
    notes = {n.id for n in form.notes}
    keys: Counter[str] = Counter()
    for path, kind, element in form.elements():
        for view in inputs_of(kind, element) if kind != "row" else []:
            keys[view.key] += 1
            if keys[view.key] == 2:
                yield Problem(file, path + ("id",), f"nom de champ en double « {view.key} »",
                              "des identifiants uniques dans le formulaire (ceux des cases et tableaux compris)")
        if getattr(element, "note", None) and element.note not in notes:
            yield Problem(file, path + ("note",), f"note inconnue « {element.note} »", "un identifiant défini dans notes")
        if getattr(element, "exam", None) and element.exam not in exams:
            yield Problem(file, path + ("exam",), f"épreuve inconnue « {element.exam} »", "un identifiant défini dans exams.yml")
    for s, sheet in enumerate(form.sheets):
        if sheet.exam and sheet.exam not in exams:
            yield Problem(file, ("sheets", s, "exam"), f"épreuve inconnue « {sheet.exam} »", "un identifiant défini dans exams.yml")
        elif not sheet.exam and sheet.header != "demande":
            yield Problem(file, ("sheets", s, "exam"), "épreuve absente", "l'épreuve dont l'intitulé s'imprime en tête de la fiche")
        for ref, path in [(sheet.heading_note, ("sheets", s, "heading_note"))] + [
                (c.note, ("sheets", s, "sections", i, "note")) for i, c in enumerate(sheet.sections)]:
            if ref and ref not in notes:
                yield Problem(file, path, f"note inconnue « {ref} »", "un identifiant défini dans notes")



# Every cross-check, in the order their problems are reported.
CHECKS: list[Callable[[Session, _Files], Iterable[Problem]]] = [
    unique_ids, references, candidate_counts, dates, forms, check_to_confirm,
]
