"""Fast tier: a list item written without its « - » is said so, once, and not as keys to delete; a comma that ends a
value inside « {…} » is marked for the unknown key's message; with both parsers."""

from __future__ import annotations

import pytest

from handbook.yamlread import PARSERS, read_yaml

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("parser", list(PARSERS))
def test_an_item_without_its_dash_is_one_message(tmp_path, parser):
    (tmp_path / "a.yml").write_text("written:\n  - exam: e3\n    date: 1\n    exam: e1\n    date: 2\n  - exam: e5\n", encoding="utf-8")
    _, _, problems = read_yaml(tmp_path / "a.yml", "a.yml", parser)
    assert [(p.line, p.field) for p in problems] == [(4, "written[0].exam")]
    assert "un « - » manque sans doute en début de ligne 4" in problems[0].message
    assert problems[0].expected.endswith("par exemple « - exam: e1 »") and "supprimer" not in problems[0].expected


@pytest.mark.parametrize("parser", list(PARSERS))
def test_a_key_twice_in_a_block_that_is_no_item_is_a_duplicate(tmp_path, parser):
    (tmp_path / "a.yml").write_text("deposit:\n  opens: 1\n  closes: 2\n  closes: 3\n", encoding="utf-8")
    _, _, problems = read_yaml(tmp_path / "a.yml", "a.yml", parser)
    assert [(p.line, p.field, p.message) for p in problems] == [(4, "deposit.closes", "clé en double")]


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("text, cut, after_number", [
    ("- {id: a, name: TSGE Vidal, Toulouse, France}\n",
     {(0, "Toulouse"): ("name", "TSGE Vidal", "TSGE Vidal, Toulouse, France"),
      (0, "France"): ("name", "TSGE Vidal", "TSGE Vidal, Toulouse, France")}, set()),
    ('- {id: a, name: "TSGE Vidal", Toulouse}\n', {(0, "Toulouse"): ("name", "TSGE Vidal", "TSGE Vidal, Toulouse")}, set()),
    ("- {id: a, name: TSGE Vidal, note: }\n", {}, set()),   # a key with its « : »: an empty value, no comma's doing
    # After a number: marked as such (its message only if the number is refused, tests/test_bad_input.py).
    ("- {id: a, candidates: 3, Toulouse}\n", {(0, "Toulouse"): ("candidates", "3", "3, Toulouse")}, {(0, "Toulouse")}),
    ("- {id: a, address: 2, rue du Lycée, Albi}\n", {(0, "rue du Lycée"): ("address", "2", "2, rue du Lycée, Albi"),
                                                     (0, "Albi"): ("address", "2", "2, rue du Lycée, Albi")},
     {(0, "rue du Lycée"), (0, "Albi")}),
    ("- id: a\n  Toulouse:\n", {}, set()),                   # not in « {…} »
])
def test_a_comma_that_ends_a_value_in_braces_is_marked(tmp_path, parser, text, cut, after_number):
    (tmp_path / "a.yml").write_text(text, encoding="utf-8")
    marks = read_yaml(tmp_path / "a.yml", "a.yml", parser)[1]
    assert (marks.cut_by_comma, marks.cut_after_number) == (cut, after_number)


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("text", ["written:\n  - exam: e3\n    date: 1\n    exam: e1\n  - exam: e5\n",
                                  "written:\n  - exam: e3\n    exam: e1\n    date: 1\n  - exam: e5\n"])
def test_an_items_first_key_typed_twice_is_a_duplicate_not_a_missing_dash(tmp_path, parser, text):
    # Only the first key again, with no other key of the item after it (diff review): no item begins there, and
    # the advice to add a « - » would have made a wrong second item.
    (tmp_path / "a.yml").write_text(text, encoding="utf-8")
    _, _, problems = read_yaml(tmp_path / "a.yml", "a.yml", parser)
    assert [(p.field, p.message) for p in problems] == [("written[0].exam", "clé en double")], [str(p) for p in problems]
