"""The change log's page rules against what the pages really show: for one edit of each kind, every page
(docs and generated) and every calendar file is rendered before and after the edit, and the pages, centres,
establishments and calendar events that `handbook diff` says the change touches must be exactly those whose
rendering changed. When a template or a page starts showing a fact elsewhere, this test names the rule of
hooks/handbook/changes.py to update, so that a « Modifié le » note never misses a page nor lands on a wrong one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from data_edits import edited, index_of

from handbook.build import BuildContext
from handbook.changelog import read_docs
from handbook.changes import compare
from handbook.model import Session, entity_page, page_url

ROOT = Path(__file__).resolve().parent.parent
ACCESSIBILITY = {"status": "partiellement conforme", "date": "2026-11-28"}
# What a publication changes by itself in a calendar file, whatever the facts.
STAMPS = re.compile(r"^(DTSTAMP|LAST-MODIFIED|SEQUENCE)[:;].*$", flags=re.M)


def one_more_for_issec_pigier(s: Session) -> Session:
    wc = index_of(s.centres.written_centres, centre="issec-pigier")
    origin = index_of(s.centres.written_centres[wc].origins, label="ISSEC Pigier")
    new = edited(s, "centres.yml", (("written_centres", wc, "origins", origin, "candidates"), lambda n: n + 1),
                 (("written_centres", wc, "candidates"), lambda n: n + 1))
    new = edited(new, "establishments.yml", (("establishments", index_of(s.establishments.establishments, id="ltp-issec-pigier"),
                                              "candidates"), lambda n: n + 1))
    return edited(new, "session.yml", (("candidate_total",), lambda n: n + 1))


def sheet_no_longer_apart(s: Session) -> Session:
    """forms/e6-fiche-descriptive.yml without the own_file of its study: the sheet printed with each fiche again."""
    def without(form):
        sheets = [sheet.model_copy(update={"own_file": None}) for sheet in form.sheets]
        return form.model_copy(update={"sheets": sheets})
    return dataclasses.replace(s, forms=[without(f) if f.annex == "e6-fiche-descriptive" else f for f in s.forms])


# One edit of each kind, as staff make them in the data files.
EDITS = {
    "date d'un écrit": lambda s: edited(s, "calendar.yml", (("written", index_of(s.calendar.written, exam="e3"), "date"), dt.date(2022, 5, 17))),
    "heure d'un écrit": lambda s: edited(s, "calendar.yml", (("written", index_of(s.calendar.written, exam="e1"), "start"), dt.time(13, 30))),
    "adresse d'un centre d'écrit": lambda s:
        edited(s, "centres.yml", (("centres", index_of(s.centres.centres, id="gabriel-peri"), "address"), "2 rue du Lycée")),
    "adresse d'un centre d'oral": lambda s: edited(s, "centres.yml", (("centres", index_of(s.centres.centres, id="clement-marot"), "address"), "1 rue X")),
    "commune du centre des livrets": lambda s: edited(s, "centres.yml", (("centres", index_of(s.centres.centres, id="berthelot"), "town"), "Toulouse Nord")),
    "effectif d'une origine": one_more_for_issec_pigier,
    "période d'oral": lambda s: edited(s, "calendar.yml", (("oral", index_of(s.calendar.oral, exam="e4"), "periods", 0, "end"), dt.date(2022, 6, 18))),
    "fin des convocations": lambda s:
        edited(s, "operations.yml", (("operations", index_of(s.operations.operations, id="convocations"), "to"), dt.date(2022, 4, 22))),
    "détail d'une opération des candidats": lambda s:
        edited(s, "operations.yml", (("operations", index_of(s.operations.operations, id="materiel-candidat"), "detail"), lambda t: t + " Bis.")),
    "période imprimée d'une opération des candidats": lambda s:
        edited(s, "operations.yml", (("operations", index_of(s.operations.operations, id="materiel-candidat"), "planned"), lambda t: t + " Bis.")),
    "pièces d'un dossier": lambda s:
        edited(s, "dossiers.yml", (("deposit", "requirements", index_of(s.dossiers.deposit.requirements, exam="e6"), "pieces"), lambda t: t + " Bis.")),
    "règle d'écrit": lambda s: edited(s, "rules.yml", (("written", "lateness"), lambda t: t + " Bis.")),
    "règle d'oral": lambda s: edited(s, "rules.yml", (("oral", "network"), lambda t: t + " Bis.")),
    "lecture du site des calculatrices": lambda s: edited(s, "rules.yml", (("written", "calculators", "reading"), lambda t: t + " Bis.")),
    "lecture du site des retards": lambda s: edited(s, "rules.yml", (("written", "lateness_reading"), lambda t: t + " Bis.")),
    "retard en minutes": lambda s: edited(s, "rules.yml", (("written", "late_entry_minutes"), 30)),
    "moyens de communication à l'écrit": lambda s: edited(s, "rules.yml", (("written", "communication"), lambda t: t + " Bis.")),
    "ce qu'il faut apporter à l'écrit": lambda s: edited(s, "rules.yml", (("written", "to_bring"), "Une pièce d'identité.")),
    "date des livrets": lambda s: edited(s, "livrets.yml", (("deadline",), dt.date(2022, 5, 6))),
    "date des résultats": lambda s: edited(s, "results.yml", (("results", "date"), dt.date(2022, 7, 8))),
    "téléphone d'un contact": lambda s: edited(s, "contacts.yml", (("contacts", 0, "phone"), "05 00 00 00 00")),
    "clôture du dépôt": lambda s: edited(s, "dossiers.yml", (("deposit", "closes"), lambda d: d + dt.timedelta(days=1))),
    "dépôt sans date impérative": lambda s: edited(s, "dossiers.yml", (("deposit", "imperative"), False)),
    "livrets sans date impérative": lambda s: edited(s, "livrets.yml", (("imperative",), False)),
    "nom d'un établissement": lambda s:
        edited(s, "establishments.yml",
               (("establishments", index_of(s.establishments.establishments, id="lp-jean-durroux"), "name"), "LP JEAN DURROUX (FOIX)")),
    "texte du stage": lambda s: edited(s, "internships.yml", (("text",), lambda t: t + " Bis.")),
    "remarque d'un écrit": lambda s: edited(s, "calendar.yml", (("written", index_of(s.calendar.written, exam="e5-ecrit"), "note"), "sur papier")),
    "centre d'un oral": lambda s: edited(s, "calendar.yml", (("oral", index_of(s.calendar.oral, exam="e4"), "centres"), ["issec-pigier", "borde-basse"])),
    "intitulé d'une épreuve": lambda s: edited(s, "exams.yml", (("exams", index_of(s.exams.exams, id="e6"), "title"), lambda t: t + " (bis)")),
    "nom d'un département": lambda s: edited(s, "centres.yml", (("departments", "46"), "Lot (46)")),
    "département d'un centre d'écrit": lambda s:
        edited(s, "centres.yml", (("centres", index_of(s.centres.centres, id="clement-marot"), "department"), "12")),
    "département d'une ligne à distance": lambda s: edited(s, "establishments.yml", (
        ("establishments", index_of(s.establishments.establishments, id="individuels-ead-dept-31"), "department"), "32")),
    "centre des livrets": lambda s: edited(s, "livrets.yml", (("destination",), "issec-pigier")),
    "exemplaire papier du dossier": lambda s: edited(s, "dossiers.yml", (("deposit", "paper_copy"), lambda t: t + " Bis.")),
    "conformité des dossiers": lambda s: edited(s, "dossiers.yml", (("conformity", "doubt"), lambda t: t + " Bis.")),
    "diplômes": lambda s: edited(s, "results.yml", (("diplomas", "individuals"), lambda t: t + " Bis.")),
    "nouveauté": lambda s: edited(s, "news.yml", (("items", 0, "title"), lambda t: t + " (bis)")),
    "lecture du site d'une nouveauté": lambda s: edited(s, "news.yml", (("items", 0, "note"), lambda t: t + " Bis.")),
    "texte d'une nouveauté": lambda s: edited(s, "news.yml", (("items", 0, "text"), lambda t: t + " Bis.")),
    "archivage": lambda s: edited(s, "archiving.yml", (("retention_years",), lambda n: n + 1)),
    "annexe": lambda s: edited(s, "annexes.yml", (("annexes", 1, "title"), lambda t: t + " (bis)")),
    "signataire": lambda s: edited(s, "session.yml", (("signatory", "name"), "Marie MARTIN")),
    "feuille d'un formulaire déposée à part": sheet_no_longer_apart,
    "modèles d'attestation": lambda s: edited(s, "rules.yml", (("oral", "attestation_models"), lambda t: t + " Bis.")),
}


@pytest.fixture(scope="module")
def docs() -> dict[str, bytes]:
    return read_docs(ROOT / "docs")


@pytest.fixture(scope="module")
def before(session, docs):
    return rendering(session, docs)


def rendering(session: Session, docs: dict[str, bytes]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Every page's rendered Markdown by source path, and every calendar file's events by UID (stamps left out)."""
    built = BuildContext.create(ROOT, session, accessibility=ACCESSIBILITY)
    pages = {}
    for name, source in docs.items():
        pages[name] = built.renderer.render(f"docs/{name}", source.decode("utf-8"), {"page": None, "base": base(name)})
    for src, page in built.pages.items():
        pages[src] = built.renderer.render(src, f'{{% include "{page.template}" %}}', {"page": None, "base": base(src), **page.variables})
    calendars = {}
    for feed in built.calendars:
        text = STAMPS.sub("", built.calendars.ical(feed).decode("utf-8").replace("\r\n ", ""))
        calendars[feed.path] = {re.search(r"UID:2022-(.+?)@", e).group(1): e for e in re.findall(r"BEGIN:VEVENT.*?END:VEVENT", text, flags=re.S)}
    return pages, calendars


def calendar_owner(path: str) -> str | None:
    """The page of the centre or establishment a calendar file belongs to: agenda/centres/<id>.ics, agenda/centres/<id>/<exam>.ics."""
    found = re.match(r"agenda/(centres|etablissements)/([^/.]+)", path)
    return f"{found.group(1)}/{found.group(2)}.md" if found else None


def base(src: str) -> str:
    return "../" * page_url(src).count("/")


@pytest.mark.parametrize("kind", list(EDITS))
def test_a_change_touches_exactly_the_pages_and_calendars_that_show_it(session, docs, before, kind):
    new = EDITS[kind](session)
    changes = compare(session, new)
    assert len(changes) == 1, [c.line for c in changes]
    change = changes[0]
    old_pages, old_calendars = before
    new_pages, new_calendars = rendering(new, docs)
    rendered = {p for p in old_pages if old_pages[p] != new_pages.get(p)}
    calendars = {path for path in old_calendars if old_calendars[path] != new_calendars[path]}
    entity_pages = {entity_page(kind, i) for kind, ids in (("centre", change.centres), ("establishment", change.establishments)) for i in ids}
    # Pages of docs/ and form pages: exactly those that show the fact.
    others = {p for p in rendered if p not in entity_pages and not re.match(r"(centres|etablissements)/(?!index\.md)", p)}
    announced = {p for p in change.pages if p not in entity_pages}
    assert others == announced, f"{change.line}\npages qui changent : {sorted(others)}\npages annoncées : {sorted(announced)}"
    # Centres and establishments: those whose page or calendar changes.
    shown = {p for p in rendered if re.match(r"(centres|etablissements)/(?!index\.md)", p)}
    shown |= {owner for owner in map(calendar_owner, calendars) if owner}
    assert shown == entity_pages, (f"{change.line}\nen trop : {sorted(entity_pages - shown)[:8]}\n"
                                   f"manquants : {sorted(shown - entity_pages)[:8]}")
    # Calendar events: those whose facts changed in some file.
    events = {uid for path in calendars for uid in set(old_calendars[path]) | set(new_calendars[path])
              if old_calendars[path].get(uid) != new_calendars[path].get(uid)}
    assert events == set(change.key_dates), f"{change.line}\névénements qui changent : {sorted(events)}"
