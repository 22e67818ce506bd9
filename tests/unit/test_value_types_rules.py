"""Fast tier: the value types of the data files (handbook.model.types) — what they accept as staff write it, and
what they refuse before anything is published."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import TypeAdapter, ValidationError

from handbook.model.types import ClockTime, Enrolled, PhoneNumber

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
