"""Fast tier: data paths of to_confirm entries (parse, look up, overlap), on the real 2022 session."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.drafts import _MISSING, lookup, overlap, parse_field
from handbook.problems import format_path

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("field, path", [
    ("written[0].date", ("written", 0, "date")),
    ("oral[1].periods[0].start", ("oral", 1, "periods", 0, "start")),
    ("deposit.opens", ("deposit", "opens")),
    ("deadline", ("deadline",)),
    ("operations[12].from", ("operations", 12, "from")),
    ("departments.09", ("departments", "09")),           # a key made of digits stays a key
    ("signatory.delegation[1]", ("signatory", "delegation", 1)),
])
def test_parse_field_reads_what_messages_write(field, path):
    assert parse_field(field) == path
    assert format_path(path) == field


def test_lookup_follows_yaml_keys_indices_and_aliases(session):
    assert lookup(session.part("calendar.yml"), ("written", 0, "date")) == dt.date(2022, 5, 16)
    assert lookup(session.part("calendar.yml"), ("oral", 1, "periods", 1, "end")) == dt.date(2022, 5, 25)
    assert lookup(session.part("operations.yml"), ("operations", 1, "from")) == dt.date(2022, 4, 11)  # alias of from_
    assert lookup(session.part("centres.yml"), ("departments", "09")) == "Ariège"                   # a dict key
    assert lookup(session.part("session.yml"), ()) is session.info


@pytest.mark.parametrize("file, path", [
    ("calendar.yml", ("written", 3, "date")),        # index past the end
    ("calendar.yml", ("written", 0, "day")),         # unknown key
    ("calendar.yml", ("written", "0", "date")),      # a key where an index is expected
    ("calendar.yml", ("written", 0, "date", "year")),  # below a leaf
    ("operations.yml", ("operations", 1, "from_")),  # the Python name, not the YAML key
    ("centres.yml", ("departments", "99")),
])
def test_lookup_of_a_missing_place(session, file, path):
    assert lookup(session.part(file), path) is _MISSING


@pytest.mark.parametrize("a, b, expected", [
    (("written", 0), ("written", 0, "date"), True),     # a whole item covers its fields
    (("written", 0, "date"), ("written", 0), True),     # and the reverse
    (("written", 0, "date"), ("written", 0, "date"), True),
    ((), ("deadline",), True),                          # the whole file
    (("written", 0), ("written", 1), False),
    (("written", 0, "date"), ("written", 0, "start"), False),
    (("written",), ("oral",), False),
    (("oral", 1, "periods", 0), ("oral", 1, "periods", 1, "start"), False),
])
def testoverlap(a, b, expected):
    assert overlap(a, b) is expected
    assert overlap(b, a) is expected
