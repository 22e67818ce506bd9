"""Every validation rule rejects a broken copy of the real data, naming file, line and field."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, CIRCULAR_2022, FIXTURE_DATA, copy_project
from data_edits import assert_reported, break_file, line_of, problems_of

from handbook.load import load_session

DATA = CIRCULAR_2022


@pytest.fixture
def data(tmp_path) -> Path:
    return Path(copy_project(tmp_path / "p") / "data" / "2022")


# (file broken, text, replacement, file reported, line reported: None = the changed line,
#  else the line holding this text after the change, field path, words of the message)
BREAKAGES = [
    ("establishments.yml", "{id: tsge-adonis, name:", "{id: tsge-adonis, nom:", None, None,
     "establishments[17].nom", "clé inconnue « nom »"),
    ("establishments.yml", "{id: tsge-adonis, name: TSGE ADONIS, candidates: 3}", "{id: tsge-adonis, name: TSGE ADONIS}", None, None,
     "establishments[17].candidates", "champ obligatoire absent"),
    ("establishments.yml", "candidates: 29}", "candidates: vingt-neuf}", None, None,
     "establishments[5].candidates", "nombre entier attendu"),
    ("centres.yml", '{id: alexis-monteil, name: Lycée Alexis Monteil, town: Rodez, department: "12"}',
     "{id: alexis-monteil, name: Lycée Alexis Monteil, town: Rodez, department: 12}", None, None,
     "centres[1].department", "texte attendu"),
    ("centres.yml", "{id: gabriel-peri,", "{id: Gabriel Péri,", None, None, "centres[5].id", "format invalide"),
    ("calendar.yml", "date: 2022-05-17", "date: 2022-02-30", None, None, "written[1].date", "date invalide"),
    ("calendar.yml", 'end: "17:00"', 'end: "17h"', None, None, "written[2].end", "heure invalide"),
    ("exams.yml", "mode: écrit", "mode: ecrit", None, None, "exams[0].mode", "valeur non prévue"),
    ("dossiers.yml", "  platform: Démarches Simplifiées\n", "", None, "deposit:",
     "deposit.platform", "champ obligatoire absent"),
    # cross-checks between files
    ("establishments.yml", "name: PURPLE CAMPUS RODEZ, candidates: 29", "name: PURPLE CAMPUS RODEZ, candidates: 30", None, None,
     "establishments[5].candidates", "compte 30 candidats mais a 29 candidats placés"),
    ("centres.yml", "candidates: 46\n", "candidates: 47\n", None, None, "written_centres[1].candidates", "annonce 47 candidats"),
    ("centres.yml", "{establishment: tsge-adonis,", "{establishment: tsge-adonys,", None, None,
     "written_centres[2].origins[5].establishment", "établissement inconnu « tsge-adonys »"),
    ("centres.yml", "{establishment: esarc-evolution-toulouse,", "{establishment: esicad-toulouse,",
     "establishments.yml", "{id: esarc-evolution-toulouse", "establishments[14].candidates", "n'est placé dans aucun centre d'écrit"),
    ("calendar.yml", "centres: [pradeau-la-sede]", "centres: [pradeau]", None, None, "oral[2].centres[0]", "centre inconnu « pradeau »"),
    ("calendar.yml", "  - exam: e3\n", "  - exam: e33\n", None, None, "written[0].exam", "épreuve inconnue « e33 »"),
    ("annexes.yml", "exams: [e6]", "exams: [e7]", None, None, "annexes[2].exams[0]", "épreuve inconnue « e7 »"),
    ("livrets.yml", "deadline: 2022-06-10", "deadline: 2023-06-10", None, None, "deadline", "date hors de la session"),
    ("calendar.yml", "{start: 2022-05-23, end: 2022-05-25}", "{start: 2022-05-23, end: 2022-05-20}", None, None,
     "oral[1].periods[1].end", "la fin (2022-05-20) précède le début"),
    ("calendar.yml", 'end: "17:00"', 'end: "13:00"', None, None, "written[2].end", "finit (13:00) avant de commencer"),
    ("centres.yml", "{id: gabriel-peri,", "{id: berthelot,", None, None, "centres[5].id", "identifiant en double « berthelot »"),
    # An origin that places no candidate would name, on the establishment's page, a centre where none of them sits.
    ("centres.yml", "{establishment: lgt-clement-marot, label: Lycée Clément Marot, candidates: 18}",
     "{establishment: lgt-clement-marot, label: Lycée Clément Marot, candidates: 18}\n"
     "      - {establishment: cfa-formaposte, label: CFA Formaposte bis, candidates: 0}", None, "CFA Formaposte bis",
     "written_centres[7].origins[1].candidates",
     "nombre trop petit : « 0 » — attendu : le nombre de candidats envoyés, 1 au moins ; si aucun n'y est envoyé, retirez la ligne entière"),
    # A centre that no list names any more (here, taken off its oral): it would lose its page without a word.
    ("calendar.yml", "centres: [ozenne, sainte-marie-de-st-sernin]", "centres: [ozenne]", "centres.yml",
     "{id: sainte-marie-de-st-sernin", "centres[13].id", "le centre « sainte-marie-de-st-sernin » n'a aucun rôle dans la session"),
]


@pytest.mark.parametrize("name, old, new, reported, needle, field, words", BREAKAGES, ids=[b[5] for b in BREAKAGES])
def test_each_rule_names_file_line_and_field(data, name, old, new, reported, needle, field, words):
    changed_line = break_file(data, name, old, new)
    reported = reported or name
    line = line_of(data, reported, needle) if needle else changed_line
    assert_reported(problems_of(data), f"data/2022/{reported}:{line}: {field}: ", words)


def test_sum_of_establishments_is_checked_against_the_session_total(data):
    line = break_file(data, "session.yml", "candidate_total: 595", "candidate_total: 596")
    problems = problems_of(data)
    assert f"data/2022/session.yml:{line}: candidate_total: la session annonce 596 candidats mais ses établissements en " \
           "totalisent 595 — attendu : la somme des candidats des établissements (data/2022/establishments.yml), par " \
           "exemple candidate_total: 595" == problems[0]


def test_a_count_changed_in_its_four_places_but_the_total_is_named_at_the_total(data):
    # Staff added a candidate to a line, its origin and its centre: the last place left was reported at the
    # establishments' list with « par exemple 595 », the old total, as if the change were the mistake (staff review).
    break_file(data, "establishments.yml", "name: TSGE ADONIS, candidates: 3}", "name: TSGE ADONIS, candidates: 4}")
    break_file(data, "centres.yml", "{establishment: tsge-adonis, label: ADONIS, candidates: 3}",
               "{establishment: tsge-adonis, label: ADONIS, candidates: 4}")
    break_file(data, "centres.yml", "candidates: 114\n", "candidates: 115\n")
    total_line = line_of(data, "session.yml", "candidate_total: 595")
    assert problems_of(data) == [f"data/2022/session.yml:{total_line}: candidate_total: la session annonce 595 candidats "
                                 "mais ses établissements en totalisent 596 — attendu : la somme des candidats des "
                                 "établissements (data/2022/establishments.yml), par exemple candidate_total: 596"]


def test_a_line_miscounted_alone_is_named_first_and_the_total_is_not_advised_to_follow_it(data):
    # A typo in one line's count (12 → 13): its placements (12) and the session total (595) still agree. The total was
    # reported first, advising « candidate_total: 596 », which would have published the typo in a second place.
    line = break_file(data, "establishments.yml", "name: LP JEAN DURROUX, candidates: 12}", "name: LP JEAN DURROUX, candidates: 13}")
    total_line = line_of(data, "session.yml", "candidate_total: 595")
    assert problems_of(data) == [
        f"data/2022/establishments.yml:{line}: establishments[1].candidates: l'établissement « lp-jean-durroux » compte 13 "
        "candidats mais a 12 candidats placés en centres d'écrit — attendu : chaque candidat placé une seule fois dans "
        "written_centres (data/2022/centres.yml), par exemple candidates: 12 ici si les origines sont justes",
        f"data/2022/session.yml:{total_line}: candidate_total: la session annonce 595 candidats mais ses établissements en "
        "totalisent 596 — attendu : la somme des candidats des établissements (data/2022/establishments.yml), une fois "
        "leurs effectifs corrigés (ci-dessus) ; candidate_total: 596 seulement si 13 est juste pour lp-jean-durroux"]


def test_yaml_syntax_error_gives_line_and_column(data):
    line = break_file(data, "contacts.yml", "    phone: 05 36 25 71 07", "    phone: 05: 36")
    column = len("    phone: 05:") + 0  # the second colon, counted from 1
    problems = problems_of(data)
    assert problems[0].startswith(f"data/2022/contacts.yml:{line}:{column}: ")
    assert "erreur de syntaxe YAML" in problems[0]


def test_duplicate_key_is_an_error_not_an_overwrite(data):
    line = break_file(data, "internships.yml", "minimum_weeks: 4\n", "minimum_weeks: 4\nminimum_weeks: 8\n") + 1
    assert f"data/2022/internships.yml:{line}: minimum_weeks: clé en double" in problems_of(data)[0]


def test_unknown_file_is_reported(data):
    (data / "centers.yml").write_text("centres: []\n", encoding="utf-8")
    assert any(p.startswith("data/2022/centers.yml: (fichier): fichier inconnu") for p in problems_of(data))


def test_every_problem_is_reported_at_once(data):
    break_file(data, "calendar.yml", "date: 2022-05-17", "date: 2022-13-01")
    break_file(data, "establishments.yml", "{id: tsge-adonis, name:", "{id: tsge-adonis, nom:")
    break_file(data, "results.yml", 'from: "14:00"', 'from: "2 pm"')
    files = {p.split(":")[0] for p in problems_of(data)}
    assert files == {"data/2022/calendar.yml", "data/2022/establishments.yml", "data/2022/results.yml"}


# Line ends as editors save them: Unix, Windows, and old Macs (a carriage return alone), which YAML counts as lines too.
LINE_ENDS = {"unix": b"\n", "windows": b"\r\n", "mac": b"\r"}


@pytest.mark.parametrize("ending", list(LINE_ENDS))
def test_a_syntax_error_is_named_at_its_line_whatever_the_line_ends(data, ending):
    # A file with old Mac line ends and a syntax error stopped check, build and serve with a Python traceback.
    line = break_file(data, "contacts.yml", "    phone: 05 36 25 71 07", "    phone: 05: 36")
    path = data / "contacts.yml"
    path.write_bytes(path.read_bytes().replace(b"\n", LINE_ENDS[ending]))
    assert_reported(problems_of(data), f"data/2022/contacts.yml:{line}:14: contacts[1].phone: ", "« : » inattendu")


@pytest.mark.parametrize("ending", list(LINE_ENDS))
def test_a_latin1_letter_is_named_at_its_line_whatever_the_line_ends(data, ending):
    line = line_of(data, "centres.yml", "Lycée Ozenne")
    path = data / "centres.yml"
    raw = path.read_bytes().replace("Lycée Ozenne".encode(), "Lycée Ozenne".encode("latin-1"), 1)
    path.write_bytes(raw.replace(b"\n", LINE_ENDS[ending]))
    problems = problems_of(data)
    assert problems[0].startswith(f"data/2022/centres.yml:{line}:"), problems
    assert "caractère non UTF-8 (octet 0xE9" in problems[0]


def test_a_change_log_out_of_date_order_is_refused(data):
    # handbook publish appends; read newest first, the Modifications page called the correction the initial publication.
    log = (Path(__file__).parent / "fixtures" / "changelog" / "2022.yml").read_text(encoding="utf-8")
    head, initial, correction = re.split(r"(?=  - date: )", log)
    (data / "changelog.yml").write_text(head + correction + initial, encoding="utf-8")
    line = line_of(data, "changelog.yml", "  - date: 2022-01-28")
    assert_reported(problems_of(data), f"data/2022/changelog.yml:{line}: entries[1].date: ",
                    "la publication du 2022-01-28 suit celle du 2022-04-04 (entries[0])")
    (data / "changelog.yml").write_text(log, encoding="utf-8")
    load_session(data)


@pytest.mark.e2e
def test_check_command_reports_in_french_without_traceback(data):
    break_file(data, "centres.yml", "{establishment: tsge-adonis,", "{establishment: tsge-adonys,")
    result = subprocess.run([str(BIN / "handbook"), "check", "2022", "--data", str(data.parent)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    # One error: the counts are not said while an origin names an unknown line (their advice would be wrong).
    assert "1 erreur dans les données" in result.stderr and "établissement inconnu « tsge-adonys »" in result.stderr
    assert "par exemple « tsge-adonis »" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.e2e
def test_check_command_accepts_the_circular_and_counts_it():
    result = subprocess.run([str(BIN / "handbook"), "check", "2022", "--data", str(FIXTURE_DATA)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "35 lignes d'inscrits (28 établissements, 7 lignes de candidats individuels ou à distance)" in result.stdout
    assert "595 candidats" in result.stdout


def test_a_broken_file_does_not_hide_cross_checks_of_the_others(data):
    # calendar.yml fails its schema; centres.yml and establishments.yml are valid but disagree:
    # the cross-check that reads only them still runs, in the same report.
    date_line = break_file(data, "calendar.yml", "date: 2022-05-17", "date: 2022-13-01")
    line = break_file(data, "centres.yml", "{establishment: tsge-adonis,", "{establishment: tsge-adonys,")
    problems = problems_of(data)
    assert any(p.startswith(f"data/2022/calendar.yml:{date_line}: written[1].date: date invalide") for p in problems), problems
    assert_reported(problems, f"data/2022/centres.yml:{line}: written_centres[2].origins[5].establishment: ", "établissement inconnu")
    # A check that reads the broken file does not run on half the data (no false "unknown exam" from calendar.yml).
    assert not any("calendar.yml" in p and "inconnu" in p for p in problems), problems


def test_an_unreadable_session_file_does_not_hide_the_calendars_own_checks(data):
    # session.yml gives the session's year, which the checks of dates read to leave a date of another year to its own
    # message; unreadable, the calendar's overlapping writtens were no longer reported at all.
    break_file(data, "session.yml", "year: 2022", "year: deux mille vingt-deux")
    line = break_file(data, "calendar.yml", "date: 2022-05-17", "date: 2022-05-16")
    problems = problems_of(data)
    assert any(p.startswith("data/2022/session.yml:") and "year" in p for p in problems), problems
    assert_reported(problems, f"data/2022/calendar.yml:{line}: written[1].date: ", "chevauche")


def test_a_mistyped_centre_is_not_also_advised_to_be_removed(data):
    # A slip in a written centre's id: the message on the slip names the centre meant. The centre it meant was then
    # also reported as having no role, « ou ce centre retiré de la liste centres »: staff who followed it would have
    # deleted a published centre page (staff review).
    line = break_file(data, "centres.yml", "  - centre: alexis-monteil", "  - centre: alexis-montiel")
    problems = problems_of(data)
    assert_reported(problems, f"data/2022/centres.yml:{line}: written_centres[1].centre: ", "« alexis-montiel »")
    assert "par exemple « alexis-monteil »" in next(p for p in problems if "alexis-montiel" in p)
    assert not any("aucun rôle" in p for p in problems), problems


def test_overlapping_writtens_name_both_lines_and_advise_moving_neither_in_particular(data):
    # Staff moved E1 onto E5's day: the clash was reported on E5 alone (the later line of the file), « par exemple
    # date: 2022-05-19 », and following it would have moved the exam nobody touched (staff review).
    moved = break_file(data, "calendar.yml", "date: 2022-05-17", "date: 2022-05-18")
    problems = problems_of(data)
    clash = next(p for p in problems if "chevauche" in p)
    assert f"(aussi ligne {moved})" in clash, clash
    assert "vérifier sur la circulaire laquelle des deux a changé" in clash and "par exemple le 2022-05-19, sans écrit" in clash
    # No line to copy under the exam reported (E5, untouched): a re-check pasted « date: 2022-05-19 » there, and the
    # check passed with the wrong exam moved.
    assert "date: 2022-05-19" not in clash, clash
