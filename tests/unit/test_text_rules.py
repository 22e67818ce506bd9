"""Fast tier: the French date, time and size wording of handbook.text, called directly."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook import text

pytestmark = pytest.mark.unit

D = dt.date


@pytest.mark.parametrize("start, end, expected", [
    (D(2022, 5, 9), D(2022, 5, 13), "du lundi 9 au vendredi 13 mai 2022"),                       # same month
    (D(2022, 5, 31), D(2022, 6, 3), "du mardi 31 mai au vendredi 3 juin 2022"),                   # two months
    (D(2022, 12, 30), D(2023, 1, 2), "du vendredi 30 décembre 2022 au lundi 2 janvier 2023"),     # two years
    (D(2022, 6, 1), D(2022, 6, 3), "du mercredi 1er au vendredi 3 juin 2022"),                    # 1er, first day
    (D(2022, 6, 27), D(2022, 7, 1), "du lundi 27 juin au vendredi 1er juillet 2022"),             # 1er, last day
    (D(2022, 5, 16), None, "le lundi 16 mai 2022"),                                               # single day
    (D(2022, 5, 16), D(2022, 5, 16), "le lundi 16 mai 2022"),                                     # same start and end
    (D(2022, 7, 1), None, "le vendredi 1er juillet 2022"),
])
def test_period(start, end, expected):
    assert text.period(start, end) == expected


def test_open_ended_period_names_its_start_only():
    assert text.period(D(2022, 4, 11), open_ended=True) == "à partir du lundi 11 avril 2022"
    assert text.period(D(2022, 4, 1), D(2022, 4, 15), open_ended=True) == "à partir du vendredi 1er avril 2022"


@pytest.mark.parametrize("day, long, short", [
    (D(2022, 5, 16), "lundi 16 mai 2022", "16 mai 2022"),
    (D(2022, 7, 1), "vendredi 1er juillet 2022", "1er juillet 2022"),
    (D(2024, 2, 29), "jeudi 29 février 2024", "29 février 2024"),
])
def test_dates(day, long, short):
    assert (text.date_long(day), text.date_short(day)) == (long, short)


@pytest.mark.parametrize("start, end, expected", [
    (dt.time(14, 0), dt.time(18, 0), "14 h – 18 h"),
    (dt.time(8, 30), dt.time(12, 45), "8 h 30 – 12 h 45"),
    (dt.time(9, 5), dt.time(12, 0), "9 h 05 – 12 h"),
    (dt.time(14, 0), None, "à partir de 14 h"),
    (dt.time(0, 0), dt.time(23, 59), "0 h – 23 h 59"),
])
def test_clock_range(start, end, expected):
    assert text.clock_range(start, end) == expected


@pytest.mark.parametrize("size, expected", [
    (0, "1\u00a0ko"),              # never "0 ko": a file is never shown as empty
    (400, "1\u00a0ko"),
    (57_300, "57\u00a0ko"),
    (999_400, "999\u00a0ko"),
    (999_600, "1\u00a0Mo"),         # rounded first, then named: never "1 000 ko"
    (1_500, "2\u00a0ko"),
    (2_500, "3\u00a0ko"),           # halves round up, as a reader expects
    (1_000_000, "1\u00a0Mo"),
    (1_234_567, "1,2\u00a0Mo"),    # French decimal comma
    (12_960_000, "13\u00a0Mo"),
])
def test_file_size(size, expected):
    assert text.file_size(size) == expected


def test_plural():
    assert (text.plural(1, "candidat"), text.plural(2, "candidat"), text.plural(0, "candidat")) == \
        ("1 candidat", "2 candidats", "0 candidats")
    assert text.plural(3, "travail", "travaux") == "3 travaux"


@pytest.mark.parametrize("label, expected", [
    ("Une autre langue", "une autre langue"), ("Anglais", "anglais"), ("Espagnol", "espagnol"),
    ("LV2", "LV2"), ("E4", "E4"), ("anglais", "anglais"), ("A", "A"), ("", ""),
])
def test_a_label_after_a_colon_loses_its_capital_unless_it_is_an_acronym(label, expected):
    assert text.mid_sentence(label) == expected
