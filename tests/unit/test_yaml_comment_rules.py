"""Fast tier: « # » typed inside a value without quotes (YAML cuts the value there) is named at its line, with both
parsers; a comment as staff write one is left alone."""

from __future__ import annotations

import pytest

from handbook.yamlread import PARSERS, read_yaml

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("text, line, field, cut", [
    ("address: 14 rue Mesclin #bâtiment B 65000 Tarbes\n", 1, "address", "14 rue Mesclin"),
    ("items:\n  - e1 #culture\n", 2, "items[0]", "e1"),
    ("text: un texte\n  sur deux #lignes\n", 2, "text", "un texte sur deux"),      # named where the « # » is
    # Two spaces or more before it: a comment still, which no data file writes so (« # » then a space); the address
    # lost its town without a word (data review).
    ("address: 14 rue Mesclin  #3 65000 Tarbes\n", 1, "address", "14 rue Mesclin"),
    ("destination: berthelot   #lycée\n", 1, "destination", "berthelot"),
])
def test_a_word_after_hash_cut_from_a_value_is_named(tmp_path, parser, text, line, field, cut):
    (tmp_path / "a.yml").write_text(text, encoding="utf-8")
    _, _, problems = read_yaml(tmp_path / "a.yml", "a.yml", parser)
    assert [(p.line, p.field) for p in problems] == [(line, field)]
    assert f"la valeur s'arrête à « {cut} »" in problems[0].message and "une espace après « # »" in problems[0].expected


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("text", [
    "town: Tarbes # ville\n",                    # « # » then a space: a comment
    "destination: berthelot   # lycée\n",        # the data files' own: spaces off the value, « # » then a space
    "minimum_weeks: 4 #semaines\n",              # after a number, a date, an hour: always a comment
    "deadline: 2022-06-10 #impérative\n",
    'start: 14:00 #début\n',
    'name: "Lycée #1"\n',                        # inside quotes: part of the value
    "# commentaire\nname: Lycée\n",
])
def test_a_comment_as_staff_write_one_is_left_alone(tmp_path, parser, text):
    (tmp_path / "a.yml").write_text(text, encoding="utf-8")
    assert read_yaml(tmp_path / "a.yml", "a.yml", parser)[2] == []


@pytest.mark.parametrize("parser", list(PARSERS))
def test_an_empty_value_with_a_note_is_an_empty_value_not_a_cut_one(tmp_path, parser):
    # « note: # à compléter »: no value to publish (the site would say the circular gives none), and no value cut.
    (tmp_path / "a.yml").write_text("note: # à compléter\n", encoding="utf-8")
    problems = read_yaml(tmp_path / "a.yml", "a.yml", parser)[2]
    assert [(p.line, p.field, p.message.split(" :")[0]) for p in problems] == [(1, "note", "valeur vide après « note: »")]
