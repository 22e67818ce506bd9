"""Fast tier: the fact-level comparison of two sessions (handbook.changes) and the change log's history, on
pairs of models made from the real 2022 session with one edit each, as staff would make it in the YAML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from typing import Any

import pytest
from conftest import CIRCULAR_2022, ROOT
from data_edits import DELETE, edited, index_of

from handbook.changelog import History, Report, write_log
from handbook.changes import compare, differences
from handbook.load import load_session
from handbook.model import SESSION_FILES, ChangeLogEntry, ChangeLogFile
from handbook.outputs.atom import Feeds

pytestmark = pytest.mark.unit



def lines(changes) -> list[str]:
    return [c.line for c in changes]


def test_the_same_session_has_no_change(session):
    assert compare(session, session) == []


def test_lists_are_matched_by_their_natural_key_not_their_position(session):
    written = [s.model_dump(by_alias=True, exclude_unset=True) for s in session.calendar.written]
    origins = session.centres.written_centres[0].model_dump(by_alias=True)["origins"]
    moved = edited(session, "calendar.yml", (("written",), written[::-1]))
    moved = edited(moved, "centres.yml", (("written_centres", 0, "origins"), origins[::-1]))
    assert list(differences(session, moved)) == []


def test_a_written_date_is_one_change_for_every_page_and_calendar_that_shows_it(session):
    e3 = index_of(session.calendar.written, exam="e3")
    changes = compare(session, edited(session, "calendar.yml", (("written", e3, "date"), dt.date(2022, 5, 17))))
    assert lines(changes) == ["E3 (écrit) : date 16 mai 2022 → 17 mai 2022"]
    change = changes[0]
    assert change.pages[0] == "ecrits.md" and {"calendrier.md", "index.md"} <= set(change.pages)
    assert change.key_dates == ("ecrit-e3",)
    assert set(change.centres) == {w.centre.id for w in session.written_centres}
    assert set(change.establishments) == {e.id for e in session.establishments.establishments}


def test_an_address_added_concerns_the_centre_and_those_who_write_there_only(session):
    centre = index_of(session.centres.centres, id="gabriel-peri")
    changes = compare(session, edited(session, "centres.yml", (("centres", centre, "address"), "2 rue du Lycée 31000 Toulouse")))
    assert lines(changes) == ["Lycée Gabriel Péri (écrits) : adresse ajoutée : « 2 rue du Lycée 31000 Toulouse »"]
    change = changes[0]
    assert change.centres == ("gabriel-peri",)
    placed = {p.establishment.id for p in session.written_centre("gabriel-peri").placements}
    assert set(change.establishments) == placed and len(placed) < len(session.establishments.establishments)
    # its calendar events name the place; only the lists of centres (theirs, the home page's finder) print a
    # written-only centre's address
    assert set(change.key_dates) == {f"ecrit-{w.exam.id}" for w in session.written_exams}
    assert change.pages == ("centres/gabriel-peri.md", "centres/index.md", "index.md")


def test_an_oral_centres_address_is_printed_by_the_oral_calendar(session):
    centre = index_of(session.centres.centres, id="clement-marot")
    change, = compare(session, edited(session, "centres.yml", (("centres", centre, "address"), DELETE)))
    assert change.line == "Lycée Clément Marot (écrits, oral E2 espagnol) : adresse retirée"
    assert change.pages == ("centres/clement-marot.md", "centres/index.md", "index.md", "oraux.md", "calendrier.md")
    assert "oral-e2-espagnol-1" in change.key_dates


def test_a_count_is_one_change_whatever_totals_follow_it(session):
    # One candidate more for ISSEC Pigier at its centre: the origin, the centre's total, the establishment's
    # and the session's total all change in the data; the change log says the origin's count once.
    wc = index_of(session.centres.written_centres, centre="issec-pigier")
    origin = index_of(session.centres.written_centres[wc].origins, label="ISSEC Pigier")
    est = index_of(session.establishments.establishments, id="ltp-issec-pigier")
    new = edited(session, "centres.yml", (("written_centres", wc, "origins", origin, "candidates"), 29),
                 (("written_centres", wc, "candidates"), session.centres.written_centres[wc].candidates + 1))
    new = edited(new, "establishments.yml", (("establishments", est, "candidates"), 29))
    new = edited(new, "session.yml", (("candidate_total",), session.info.candidate_total + 1))
    change, = compare(session, new)
    assert change.line == "ISSEC Pigier : 28 → 29 candidats placés au Lycée ISSEC Pigier"
    assert change.centres == ("issec-pigier",) and change.establishments == ("ltp-issec-pigier",)
    assert {"ecrits.md", "etablissements/index.md"} <= set(change.pages) and change.key_dates == ()


def test_a_line_moved_to_another_centre_says_where_its_candidates_write_now(session):
    # « plus de candidats placés au Lycée Berthelot (avant : 25) » was read « more candidates » (staff review).
    berthelot = index_of(session.centres.written_centres, centre="berthelot")
    peri = index_of(session.centres.written_centres, centre="gabriel-peri")
    origins = session.centres.written_centres[berthelot].model_dump(by_alias=True)["origins"]
    moved = next(o for o in origins if o["label"] == "ADEFI Formation")
    kept = [o for o in origins if o is not moved]
    new = edited(session, "centres.yml", (("written_centres", berthelot, "origins"), kept),
                 (("written_centres", berthelot, "candidates"), session.centres.written_centres[berthelot].candidates - 25),
                 (("written_centres", peri, "origins"),
                  session.centres.written_centres[peri].model_dump(by_alias=True)["origins"] + [moved]),
                 (("written_centres", peri, "candidates"), session.centres.written_centres[peri].candidates + 25))
    assert sorted(lines(compare(session, new))) == [
        "ADEFI Formation : 25 candidats composent désormais au Lycée Gabriel Péri",
        "ADEFI Formation : ses 25 candidats ne composent plus au Lycée Berthelot"]


def test_an_oral_period_and_an_oral_centre(session):
    e4 = index_of(session.calendar.oral, exam="e4")
    period = edited(session, "calendar.yml", (("oral", e4, "periods", 0, "end"), dt.date(2022, 6, 18)))
    change, = compare(session, period)
    assert change.line == "E4 (oral) : période 1 : fin 17 juin 2022 → 18 juin 2022"
    assert change.key_dates == ("oral-e4-1",) and change.pages[0] == "oraux.md"
    centres = [*session.calendar.oral[e4].centres, "borde-basse"]
    change, = compare(session, edited(session, "calendar.yml", (("oral", e4, "centres"), centres)))
    assert change.line == "E4 (oral) : centre ajouté : Lycée Borde-Basse"
    assert change.centres == ("borde-basse",), "issec-pigier keeps its own period: its page and calendar do not change"


def test_entities_added_and_removed(session):
    establishments = [e.model_dump(exclude_unset=True) for e in session.establishments.establishments]
    more = edited(session, "establishments.yml", (("establishments",), [*establishments, {"id": "lycee-neuf", "name": "LYCEE NEUF",
                                                                                         "candidates": 1}]))
    change, = compare(session, more)
    assert change.line == "LYCEE NEUF : établissement ajouté" and change.establishments == ("lycee-neuf",)
    assert [c.line for c in compare(more, session)] == ["LYCEE NEUF : établissement retiré"]
    operations = session.operations.operations
    op = index_of(operations, id="convocations")
    change, = compare(session, edited(session, "operations.yml", (("operations", op, "to"), dt.date(2022, 4, 22))))
    assert change.line == f"{operations[op].operation} : fin 15 avril 2022 → 22 avril 2022"
    assert change.key_dates == ("operation-convocations",) and change.pages == ("calendrier.md", "index.md")


def test_long_texts_are_said_changed_short_ones_quoted(session):
    change, = compare(session, edited(session, "rules.yml", (("written", "lateness"), session.rules.written.lateness + " Bis.")))
    assert change.line == "Règles en salle d'écrit : texte modifié"
    assert change.pages == ("ecrits.md",) and set(change.centres) == {w.centre.id for w in session.written_centres}
    change, = compare(session, edited(session, "results.yml", (("results", "platform"), "Parcoursup")))
    assert change.line == "Résultats : plateforme « Cyclades » → « Parcoursup »"
    assert change.key_dates == ("resultats",)


def test_metadata_is_no_fact(session):
    later = edited(session, "session.yml", (("published",), dt.date(2022, 4, 4)))
    assert compare(session, later) == []


def test_every_data_file_has_a_rule_that_words_its_changes(session):
    # The first text of each file, changed: one change, worded in French, placed on at least one page.
    for filename, (attribute, _) in SESSION_FILES.items():
        path = first_text(getattr(session, attribute).model_dump(by_alias=True, exclude_unset=True), ())
        if path is None or filename == "session.yml" and path[0] in ("published",):
            continue
        value = getattr(session, attribute).model_dump(by_alias=True, exclude_unset=True)
        for step in path:
            value = value[step]
        changes = compare(session, edited(session, filename, (path, value + " X")))
        assert len(changes) == 1, (filename, path, lines(changes))
        assert changes[0].subject and changes[0].text and changes[0].all_pages, (filename, path, changes)


def first_text(data: Any, path: tuple) -> tuple | None:
    # The path of the first string that is no identifier, a date or a reference.
    if isinstance(data, str) and " " in data:
        return path
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    for key, value in items:
        if key in ("id", "exam", "centre", "establishment", "destination", "label", "department", "file", "field", "before"):
            continue
        found = first_text(value, path + (key,))
        if found:
            return found
    return None


def test_prose_pages_are_compared_as_text(session):
    changes = compare(session, session, {"ecrits.md": b"# A", "stages.md": b"x"}, {"ecrits.md": b"# B", "neuve.md": b"y"},
                      {"ecrits.md": "Épreuves écrites"})
    assert lines(changes) == ["Épreuves écrites : texte modifié", "neuve.md : page ajoutée", "stages.md : page retirée"]
    assert changes[0].pages == ("ecrits.md",) and changes[2].pages == ()


def test_the_report_groups_changes_by_page(session):
    e3 = index_of(session.calendar.written, exam="e3")
    centre = index_of(session.centres.centres, id="gabriel-peri")
    new = edited(session, "calendar.yml", (("written", e3, "date"), dt.date(2022, 5, 17)))
    new = edited(new, "centres.yml", (("centres", centre, "address"), "2 rue du Lycée"))
    report = Report("2022", "publication du 4 avril 2022 (abc1234)", "copie de travail", compare(session, new),
                    {"ecrits.md": "Épreuves écrites", "centres/gabriel-peri.md": "Lycée Gabriel Péri – Toulouse"})
    text = report.text()
    assert text.startswith("Session 2022 : publication du 4 avril 2022 (abc1234) → copie de travail\n2 modifications, ")
    assert "\nÉpreuves écrites (ecrits/)\n  - E3 (écrit) : date 16 mai 2022 → 17 mai 2022\n" in text
    assert "\nLycée Gabriel Péri – Toulouse (centres/gabriel-peri/)\n  - Lycée Gabriel Péri (écrits) : adresse ajoutée" in text
    assert "35 pages d'établissement" in text
    assert Report("2022", "a", "b", [], {}).text().endswith("\nAucune modification.")


def test_history_notes_feeds_and_revisions(session):
    e3 = index_of(session.calendar.written, exam="e3")
    later = edited(session, "calendar.yml", (("written", e3, "date"), dt.date(2022, 5, 17)))
    centre = index_of(session.centres.centres, id="gabriel-peri")
    latest = edited(later, "centres.yml", (("centres", centre, "address"), "2 rue du Lycée"))
    log = ChangeLogFile(entries=[
        ChangeLogEntry(date=dt.date(2022, 1, 28), commit="a" * 40),
        ChangeLogEntry(date=dt.date(2022, 4, 4), commit="b" * 40, note="Report de E3",
                       changes=[c.logged() for c in compare(session, later)]),
        ChangeLogEntry(date=dt.date(2022, 4, 20), commit="c" * 40, changes=[c.logged() for c in compare(later, latest)]),
    ])
    history = History(dataclasses.replace(latest, changelog=log))
    assert [p.anchor for p in history.newest_first] == ["publication-3", "publication-2", "publication-1"]
    assert [m.publication.number for m in history.notes("ecrits.md")] == [2]
    assert history.notes("stages.md") == []
    assert [m.publication.number for m in history.notes("centres/gabriel-peri.md")] == [3, 2]
    placed = session.written_centre("gabriel-peri").placements[0].establishment.id
    elsewhere = next(e.id for e in session.establishments.establishments if e.id not in
                     {p.establishment.id for p in session.written_centre("gabriel-peri").placements})
    assert [m.publication.number for m in history.concerning("establishment", placed)] == [3, 2, 1]
    assert [m.publication.number for m in history.concerning("establishment", elsewhere)] == [2, 1]
    assert history.revision("ecrit-e3") == (2, dt.date(2022, 4, 20))
    assert history.revision("ecrit-e1") == (1, dt.date(2022, 4, 20))
    assert history.revision("oral-e4-1") == (0, None)
    assert history.url(history.publications[2].changes[0]) == "centres/gabriel-peri/"


def test_the_change_log_file_is_read_back_by_the_loader(tmp_path, session):
    data = tmp_path / "2022"
    shutil.copytree(CIRCULAR_2022, data)
    e3 = index_of(session.calendar.written, exam="e3")
    changes = compare(session, edited(session, "calendar.yml", (("written", e3, "date"), dt.date(2022, 5, 17))))
    entries = [ChangeLogEntry(date=dt.date(2022, 1, 28), commit="0123abc"),
               ChangeLogEntry(date=dt.date(2022, 4, 4), commit="4567def", note="Report : « E3 » & <co>",
                              changes=[c.logged() for c in changes])]
    write_log(data / "changelog.yml", "2022", entries)
    text = (data / "changelog.yml").read_text(encoding="utf-8")
    assert text.startswith("# Journal des modifications de la session 2022. Écrit par `handbook publish` : NE PAS MODIFIER")
    assert load_session(data).changelog.entries == entries


def test_a_page_is_named_by_its_heading_not_a_comment_of_its_head(session):
    # « handbook diff » named the corrections page after the YAML comment of its head (« # La page des vérificateurs… »).
    from handbook.changelog import page_titles
    docs = {"corrections.md": (ROOT / "docs" / "corrections.md").read_bytes(),
            "x.md": b"---\n# un commentaire\ntitle: X\n...\n\n# Titre de X {{ session.info.year }}\n"}
    docs["windows.md"] = "\ufeff---\r\n# un commentaire\r\nsearch:\r\n  exclude: true\r\n---\r\n\r\n# Page de Windows\r\n".encode()
    titles = page_titles(ROOT, session, docs)
    assert titles["corrections.md"] == "Corrections de forme et lectures du site"
    assert titles["x.md"] == "Titre de X"
    assert titles["windows.md"] == "Page de Windows"   # a BOM and CRLF line ends, as git for Windows writes them


def test_the_report_warns_of_an_address_that_would_disappear(session):
    # An id renamed reads as a line removed and a line added: the report says that the published address goes, and
    # what publish will do (only publish said it, at the end).
    from handbook.changelog import State, compare_states
    line = index_of(session.establishments.establishments, id="tsge-adonis")
    renamed = edited(session, "establishments.yml", (("establishments", line, "id"), "tsge-adonis-toulouse"))
    for i, written in enumerate(session.centres.written_centres):
        for j, origin in enumerate(written.origins):
            if origin.establishment == "tsge-adonis":
                renamed = edited(renamed, "centres.yml", (("written_centres", i, "origins", j, "establishment"), "tsge-adonis-toulouse"))
    report = compare_states(ROOT, "2022", State("publication", session, {}), State("copie de travail", renamed, {}))
    assert "disparaîtrait" not in report.text()   # two states, neither said to be the publication
    text = dataclasses.replace(report, from_publication=True).text()
    assert text.endswith("Attention : 1 adresse publiée disparaîtrait : etablissements/tsge-adonis/ (identifiant modifié "
                         "ou retiré ?). « python3 tasks.py publish » la refusera : rétablissez l'identifiant (le nom affiché, "
                         "lui, peut changer), ou publiez avec --allow-removed si la ligne a vraiment quitté la session."), text
    unchanged = compare_states(ROOT, "2022", State("publication", session, {}), State("copie de travail", session, {}))
    assert "disparaîtrait" not in dataclasses.replace(unchanged, from_publication=True).text()


def test_a_centre_change_names_what_the_centre_is_used_for(session):
    # Berthelot's address reached every line's page (the livrets go there, in every line's calendar): « Lycée Berthelot :
    # adresse ajoutée » on Purple campus Rodez's page read as its candidates' centre changing (staff review).
    i = index_of(session.centres.centres, id="berthelot")
    change, = compare(session, edited(session, "centres.yml", (("centres", i, "address"), "1 rue Exemple 31000 Toulouse")))
    assert change.line == "Lycée Berthelot (écrits, livrets scolaires) : adresse ajoutée : « 1 rue Exemple 31000 Toulouse »"
    assert "lgt-alexis-monteil" in change.establishments   # why it needed saying: a line that writes elsewhere
    j = index_of(session.centres.centres, id="ozenne")
    change, = compare(session, edited(session, "centres.yml", (("centres", j, "address"), "1 rue Exemple 31000 Toulouse")))
    assert change.line.startswith("Lycée Ozenne (oral Langue vivante obligatoire et/ou facultative (sauf anglais et "
                                  "espagnol)) : adresse ajoutée")   # its role as its own page says it


def test_an_establishments_feed_is_titled_with_its_readable_name(session):
    # Its page's title, as a feed reader lists it: « PURPLE CAMPUS RODEZ », the circular's label, read as shouting.
    feeds = Feeds(session, History(session))
    assert feeds.establishments["purple-campus-rodez"].title == f"Modifications – Purple Campus Rodez – {session.info.name} 2022"
