"""Fast tier: the value types of the data files (handbook.model.types) — what they accept as staff write it, and
what they refuse before anything is published."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import CIRCULAR_2022
from pydantic import TypeAdapter, ValidationError

from handbook.load import load_session
from handbook.model.types import ClockTime, Enrolled, PhoneNumber
from handbook.problems import DataError

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("written", ["05 36 25 71 07", "05.36.25.71.07", "05-36-25-71-07", " 05.36.25.71.07 "])
def test_a_phone_number_as_the_french_write_it_is_kept_with_spaces(written):
    assert TypeAdapter(PhoneNumber).validate_python(written) == "05 36 25 71 07"


@pytest.mark.parametrize("written", ["05.36.25", "05..36.25.71.07", "05 36 AB 71 07", "5.36.25.71.07"])
def test_a_phone_number_without_its_ten_digits_is_refused(written):
    with pytest.raises(ValidationError):
        TypeAdapter(PhoneNumber).validate_python(written)


@pytest.mark.parametrize("written, time", [("07:00", dt.time(7)), ("14:00", dt.time(14)), ("20:00", dt.time(20))])
def test_an_hour_of_the_exam_day_is_read(written, time):
    assert TypeAdapter(ClockTime).validate_python(written) == time


@pytest.mark.parametrize("written", ["04:00", "06:59", "20:01", "23:30"])
def test_an_hour_outside_the_exam_day_is_refused_with_its_words(written):
    with pytest.raises(ValidationError, match="heure hors de la journée"):
        TypeAdapter(ClockTime).validate_python(written)


def test_an_establishment_has_one_candidate_at_least():
    assert TypeAdapter(Enrolled).validate_python(1) == 1
    with pytest.raises(ValidationError):
        TypeAdapter(Enrolled).validate_python(0)


@pytest.mark.parametrize("typed, example", [
    ("19/05/2022", "2022-05-19"), ("9-5-2022", "2022-05-09"), ("19.05.2022", "2022-05-19"), ("19 mai 2022", "2022-05-19"),
    ("jeudi 19 mai 2022", "2022-05-19"), ("1er juin 2022", "2022-06-01"), ("Premier Juin 2022", "2022-06-01"),
])
def test_a_date_typed_as_french_writes_it_is_refused_with_itself_as_the_example(typed, example):
    # The example was always 2022-05-16: after « 16/05/2022 » it looked like the conversion, and staff who moved an exam
    # to the 19th and followed it put the exam back to the 16th.
    problem = loaded_with("calendar.yml", "date: 2022-05-17", f"date: {typed}")
    assert problem.message.startswith("date invalide")
    assert f"par exemple {example} (« {typed} » écrit ainsi)" in problem.expected


@pytest.mark.parametrize("typed, example", [("8h30", '"08:30"'), ("17h", '"17:00"'), ("17 h 15", '"17:15"'),
                                            ("17.00", '"17:00"'), ("14", '"14:00"')])
def test_an_hour_typed_as_french_writes_it_is_refused_with_itself_as_the_example(typed, example):
    problem = loaded_with("calendar.yml", 'end: "17:00"', f"end: {typed}")
    assert problem.message.startswith("heure invalide")
    assert f"par exemple {example} (« {typed} » écrit ainsi)" in problem.expected


@pytest.mark.parametrize("typed, why", [
    ("2022-04-31", "avril n'a que 30 jours"), ("31/04/2022", "avril n'a que 30 jours"), ("31 avril 2022", "avril n'a que 30 jours"),
    ("2022-02-30", "février 2022 n'a que 28 jours"), ("29/02/2022", "février 2022 n'a que 28 jours"),
    ("2022-06-31", "juin n'a que 30 jours"),
])
def test_a_day_its_month_lacks_is_refused_with_no_made_up_date(typed, why):
    # « 31/04/2022 » was answered « par exemple 2022-05-16 », an exam's date, which staff copied.
    problem = loaded_with("calendar.yml", "date: 2022-05-17", f"date: {typed}")
    assert problem.message.startswith("date invalide")
    assert why in problem.expected and "par exemple" not in problem.expected, str(problem)


@pytest.mark.parametrize("typed", ["2022-13-01", "19 mai", "demain", "lundi 19 mai 2022"])
def test_a_date_that_names_no_day_at_all_keeps_the_types_example(typed):
    problem = loaded_with("calendar.yml", "date: 2022-05-17", f"date: {typed}")
    assert problem.message.startswith("date invalide") and problem.expected.endswith("par exemple 2022-05-16")


@pytest.mark.parametrize("typed, meant", [
    ("htps://www.demarches-simplifiees.fr/commencer/ndrc-toulouse", "https://www.demarches-simplifiees.fr/commencer/ndrc-toulouse"),
    ("http://www.demarches-simplifiees.fr/commencer/ndrc-toulouse", "https://www.demarches-simplifiees.fr/commencer/ndrc-toulouse"),
    ("ttps://www.ac-toulouse.fr/examens", "https://www.ac-toulouse.fr/examens"),
    ("https//www.ac-toulouse.fr/examens", "https://www.ac-toulouse.fr/examens"),
    ("HTTPS:/www.ac-toulouse.fr/examens", "https://www.ac-toulouse.fr/examens"),
    ("www.demarches-simplifiees.fr/commencer/ndrc-toulouse", "https://www.demarches-simplifiees.fr/commencer/ndrc-toulouse"),
])
def test_an_address_with_its_scheme_mistyped_is_refused_with_itself_as_the_example(typed, meant):
    # The example was always https://www.demarches-simplifiees.fr/commencer/bts-ndrc: accepted if copied, and the
    # platform's link on every page would have been another address than the circular's.
    problem = loaded_with("dossiers.yml", "platform_url: null", f"platform_url: {typed}")
    assert problem.message.startswith("format invalide")
    assert f"par exemple {meant} (« {typed} » écrit ainsi)" in problem.expected


# A file's name is no address with a scheme left out: « https://modele.pdf » would be valid, dead, and copied.
@pytest.mark.parametrize("typed", ["javascript:alert(1)", "/telechargements/modele.pdf", "https://x.fr/a b", "ftp://www.ac-toulouse.fr/",
                                   "modele.pdf", "index.html", "annexe2.docx"])
def test_an_address_no_scheme_would_mend_is_not_given_as_the_example(typed):
    problem = loaded_with("dossiers.yml", "platform_url: null", f'platform_url: "{typed}"')
    assert problem.message.startswith("format invalide") and "écrit ainsi" not in problem.expected


def loaded_with(file: str, old: str, new: str):
    """The loader's one problem about a copy of the 2022 fixtures with one text of a file replaced."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "2022"
        shutil.copytree(CIRCULAR_2022, folder)
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(DataError) as caught:
            load_session(folder)
    problems = [p for p in caught.value.problems if "invalide" in p.message]
    assert len(problems) == 1, [str(p) for p in caught.value.problems]
    return problems[0]


def test_an_hour_the_exam_day_does_not_hold_keeps_the_types_example():
    # « 20h30 » read as "20:30" would be refused next, as outside the exam day: not an example to copy.
    problem = loaded_with("calendar.yml", 'end: "17:00"', "end: 20h30")
    assert problem.message.startswith("heure invalide") and problem.expected.endswith('par exemple "14:00"')

