"""Fast tier: new-session's rules (week shift, public holidays) and its round-trip YAML, without a build."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import CIRCULAR_2022

from handbook.holidays import holidays_between
from handbook.load import load_session
from handbook.model import OPTIONAL_SESSION_FILES
from handbook.newsession import (
    NewSessionError,
    dump_round_trip,
    new_session,
    read_round_trip,
    shift_weeks,
)
from handbook.problems import DataError

pytestmark = pytest.mark.unit

D = dt.date
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# shift_weeks: whole weeks, weekdays kept, every date inside the new year

def test_shift_of_the_2022_session_is_52_weeks():
    dates = [D(2022, 1, 28), D(2022, 3, 28), D(2022, 5, 16), D(2022, 7, 1)]
    assert shift_weeks(dates, 2022, 2023) == 52


@pytest.mark.parametrize("old_year", [2022, 2023, 2024])  # 2024 is a leap year, and the year before one
def test_every_day_of_a_year_moves_into_the_next_on_its_weekday(old_year):
    day = D(old_year, 1, 1)
    while day.year == old_year:
        weeks = shift_weeks([day], old_year, old_year + 1)
        moved = day + dt.timedelta(weeks=weeks)
        assert moved.year == old_year + 1 and moved.weekday() == day.weekday(), day
        assert abs(weeks - 52) <= 1, day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("dates, old_year, year, weeks", [
    ([D(2023, 1, 1)], 2023, 2024, 53),              # 52 weeks later is still 2023-12-31
    ([D(2023, 12, 31)], 2023, 2024, 52),            # 2024-12-29
    ([D(2024, 12, 31)], 2024, 2025, 52),            # the last day of a leap year: Tuesday 30 December 2025
    ([D(2024, 2, 29)], 2024, 2025, 52),             # leap day: Thursday 27 February 2025
    ([D(2022, 5, 16)], 2022, 2024, 104),            # two years at once
])
def test_shift_at_year_boundaries(dates, old_year, year, weeks):
    result = shift_weeks(dates, old_year, year)
    assert all((d + dt.timedelta(weeks=result)).year == year for d in dates)
    assert result == weeks


def test_dates_that_no_whole_week_shift_keeps_in_the_year_are_refused():
    # 1 January (a Saturday) needs 53 weeks, 30 December (a Friday) allows 52 at most.
    with pytest.raises(NewSessionError, match="impossible de décaler toutes les dates d'un nombre entier de semaines"):
        shift_weeks([D(2022, 1, 1), D(2022, 12, 30)], 2022, 2023)


# French public holidays

@pytest.mark.parametrize("day, name", [
    (D(2022, 4, 18), "lundi de Pâques"),
    (D(2023, 4, 10), "lundi de Pâques"),
    (D(2023, 5, 18), "Ascension"),
    (D(2023, 5, 29), "lundi de Pentecôte"),
    (D(2024, 4, 1), "lundi de Pâques"),
    (D(2024, 5, 9), "Ascension"),
    (D(2024, 5, 20), "lundi de Pentecôte"),
    (D(2025, 4, 21), "lundi de Pâques"),
    (D(2025, 5, 29), "Ascension"),
    (D(2025, 6, 9), "lundi de Pentecôte"),
    (D(2038, 4, 26), "lundi de Pâques"),   # Easter on its latest possible day, 25 April
    (D(2024, 1, 1), "1er janvier"),
    (D(2023, 5, 1), "1er mai"),
    (D(2023, 5, 8), "8 mai"),
    (D(2023, 7, 14), "14 juillet"),
    (D(2023, 8, 15), "15 août"),
    (D(2023, 11, 1), "Toussaint"),
    (D(2023, 11, 11), "11 novembre"),
    (D(2023, 12, 25), "Noël"),
])
def test_known_public_holidays(day, name):
    assert holidays_between(day, day) == {day: name}


def test_eleven_public_holidays_a_year_and_none_on_ordinary_days():
    for year in (2022, 2023, 2024, 2025):
        assert len(holidays_between(D(year, 1, 1), D(year, 12, 31))) == 11
    assert holidays_between(D(2023, 4, 9), D(2023, 4, 9)) == {}   # Easter Sunday itself is not in the list
    assert holidays_between(D(2023, 5, 9), D(2023, 5, 17)) == {}


def test_holidays_across_new_year_in_date_order():
    assert list(holidays_between(D(2022, 12, 24), D(2023, 1, 2)).items()) == [
        (D(2022, 12, 25), "Noël"), (D(2023, 1, 1), "1er janvier")]


# Round-trip YAML: what new-session writes reads like what staff wrote

@pytest.mark.parametrize("path", sorted((CIRCULAR_2022).rglob("*.yml")), ids=lambda p: p.name)
def test_round_trip_of_a_data_file_changes_no_byte(path):
    text = path.read_text(encoding="utf-8")
    assert dump_round_trip(read_round_trip(path)) == text


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> tuple[Path, Path]:
    # data/2022 copied alone, then drafted into 2023.
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(CIRCULAR_2022, data / "2022")
    new_session(data)
    return data / "2022", data / "2023"


def test_draft_differs_only_by_its_dates_year_and_to_confirm_list(drafted):
    old, new = drafted
    for path in sorted(old.rglob("*.yml")):
        if path.name in OPTIONAL_SESSION_FILES:   # the publications' log (changelog.yml) belongs to its session
            assert not (new / path.relative_to(old)).exists(), path.name
            continue
        before = path.read_text(encoding="utf-8").splitlines()
        after = (new / path.relative_to(old)).read_text(encoding="utf-8").splitlines()
        if path.name == "session.yml":
            assert after[len(before)] == "" and after[len(before) + 1].startswith("# Session en préparation")
            assert after[len(before) + 5] == "to_confirm:"
            after = after[:len(before)]
        assert len(after) == len(before), path.name
        for old_line, new_line in zip(before, after, strict=True):  # comments, quotes ("14:00"), flow lists, spacing: all kept
            if old_line != new_line:
                assert ISO_DATE.sub("D", old_line) == ISO_DATE.sub("D", new_line) or \
                    re.sub(r"\d{4}", "Y", old_line) == re.sub(r"\d{4}", "Y", new_line) == "year: Y", (old_line, new_line)


def test_draft_values_are_shifted_and_listed_to_confirm(drafted):
    old, new = drafted
    before, after = load_session(old), load_session(new)
    assert after.info.year == 2023
    sittings = list(zip(before.calendar.written, after.calendar.written, strict=True))
    assert [(b.start, b.end, b.exam) for b, _ in sittings] == [(a.start, a.end, a.exam) for _, a in sittings]
    assert all(a.date - b.date == dt.timedelta(weeks=52) for b, a in sittings)
    assert after.info.national_circular.date == before.info.national_circular.date  # another document's date
    entries = {(item.file, item.field): item.note for item in after.info.to_confirm}
    assert entries[("calendar.yml", "written[0].date")] == \
        "décalée de 52 semaines depuis le 2022-05-16 (même jour de la semaine)"
    assert entries[("calendar.yml", "oral[0].periods[0].start")].endswith("tombe un jour férié : 8 mai")  # 2023-05-08
    assert entries[("session.yml", "national_circular.date")] == "date d'un autre document, reprise de la session 2022"
    assert entries[("session.yml", "candidate_total")] == "effectif de la session précédente"
    assert ("news.yml", "title") in entries  # a text naming 2022, kept as it is
    # A text that writes a date without its year is not shifted either: it would contradict the date beside it
    # (« A partir du 11 avril » above « à partir du lundi 10 avril 2023 »).
    assert before.operations.operations[3].from_ == dt.date(2022, 4, 11) and "partir du 11 avril" in before.operations.operations[3].planned
    assert entries[("operations.yml", "operations[3].planned")] == \
        "texte qui donne une date sans son année (« 11 avril »), repris tel quel"


@pytest.mark.parametrize("written", ["11 Avril", "11 AVRIL"])
def test_a_date_without_its_year_is_listed_however_it_is_capitalised(tmp_path, written):
    # Staff type a month with a capital in a title or at the start of a sentence: the text is not shifted either.
    shutil.copytree(CIRCULAR_2022, tmp_path / "2022")
    operations = tmp_path / "2022" / "operations.yml"
    text = operations.read_text(encoding="utf-8")
    assert text.count("A partir du 11 avril") == 1
    operations.write_text(text.replace("A partir du 11 avril", f"A partir du {written}"), encoding="utf-8")
    corrections = tmp_path / "2022" / "corrections.yml"   # the correction of these words follows them
    corrections.write_text(corrections.read_text(encoding="utf-8").replace("partir du 11 avril", f"partir du {written}"),
                           encoding="utf-8")
    draft = new_session(tmp_path, "2022", 2023).folder
    notes = {(item.file, item.field): item.note for item in load_session(draft).info.to_confirm}
    assert notes[("operations.yml", "operations[3].planned")] == \
        f"texte qui donne une date sans son année (« {written} »), repris tel quel"


def test_a_draft_sitting_on_a_holiday_is_accepted_to_confirm_then_refused_once_confirmed(tmp_path):
    # Drafted for 2027, E3's written (Monday 16 May 2022) lands on Whit Monday, 17 May 2027: the draft is made, its
    # note says so; once staff remove the entry without moving the date, the check refuses the sitting.
    shutil.copytree(CIRCULAR_2022, tmp_path / "2022")
    draft = new_session(tmp_path, "2022", 2027).folder
    notes = {item.field: item.note for item in load_session(draft).info.to_confirm if item.file == "calendar.yml"}
    assert notes["written[0].date"].endswith("tombe un jour férié : lundi de Pentecôte")
    document = read_round_trip(draft / "session.yml")
    document["to_confirm"] = [item for item in document["to_confirm"] if item["field"] != "written[0].date"]
    (draft / "session.yml").write_text(dump_round_trip(document), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_session(draft)
    assert any(p.field == "written[0].date" and "est le 2027-05-17, un jour férié (lundi de Pentecôte)" in p.message
               for p in caught.value.problems), caught.value.report()


def test_a_draft_oral_on_a_holiday_is_accepted_to_confirm_then_refused_once_confirmed(tmp_path):
    # An oral held on one day, Thursday 19 May 2022, lands on Ascension Day (18 May 2023) once drafted: the draft is
    # made, its period's start and end listed to confirm; once confirmed as they are, the check refuses the period.
    shutil.copytree(CIRCULAR_2022, tmp_path / "2022")
    calendar = tmp_path / "2022" / "calendar.yml"
    text = calendar.read_text(encoding="utf-8")
    assert "{start: 2022-06-08, end: 2022-06-10}" in text
    calendar.write_text(text.replace("{start: 2022-06-08, end: 2022-06-10}", "{start: 2022-05-19, end: 2022-05-19}"), encoding="utf-8")
    draft = new_session(tmp_path, "2022", 2023).folder
    notes = {item.field: item.note for item in load_session(draft).info.to_confirm if item.file == "calendar.yml"}
    assert notes["oral[3].periods[0].start"].endswith("tombe un jour férié : Ascension")
    document = read_round_trip(draft / "session.yml")
    document["to_confirm"] = [item for item in document["to_confirm"] if not item["field"].startswith("oral[3].")]
    (draft / "session.yml").write_text(dump_round_trip(document), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_session(draft)
    assert any(p.field == "oral[3].periods[0]" and "le 2023-05-18, un jour férié (Ascension)" in p.message
               for p in caught.value.problems), caught.value.report()


def test_draft_reads_the_same_with_the_project_loader_and_plain_yaml(drafted):
    # Hours stay quoted text, dates stay unquoted dates: PyYAML sees what staff would have typed.
    _, new = drafted
    calendar = yaml.safe_load((new / "calendar.yml").read_text(encoding="utf-8"))
    assert calendar["written"][0]["start"] == "14:00" and calendar["written"][0]["date"] == D(2023, 5, 15)
    assert calendar["oral"][0]["periods"][0] == {"start": D(2023, 5, 8), "end": D(2023, 5, 12)}
