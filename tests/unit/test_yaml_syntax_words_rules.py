"""Fast tier: a syntax mistake's « attendu » fits the mistake made, with both parsers: an unclosed quote is shown
closed on its own line, and a key out of line inside a list's item is not called a list item."""

from __future__ import annotations

import pytest

from handbook.yamlread import PARSERS, read_yaml

pytestmark = pytest.mark.unit


def problem(tmp_path, parser: str, text: str):
    (tmp_path / "a.yml").write_text(text, encoding="utf-8")
    problems = read_yaml(tmp_path / "a.yml", "a.yml", parser)[2]
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


CLOSED = "guillemet ouvert ici et jamais fermé", "le même guillemet en fin de texte, par exemple "
# « town:Tarbes » has its colon: the words said « « : » manquant », and staff looked for a colon.
GLUED = "espace manquante après « : »", "une espace après « : », par exemple "


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("text, line, words, example", [
    ('written:\n  - exam: e1\n    start: "14:00\n', 3, CLOSED, 'start: "14:00"'),                      # at the end of the file
    ('written:\n  - exam: e1\n    start: "14:00\n    end: "18:00"\n', 3, CLOSED, 'start: "14:00"'),   # up to the next quote
    ("name: 'Lycée\n", 1, CLOSED, "name: 'Lycée'"),
    ("centres:\n  - id: ozenne\n    town:Tarbes\n    name: Lycée Ozenne\n", 3, GLUED, "town: Tarbes"),
    ("centres:\n  - id: ozenne\n    town:Saint-Gaudens\n    name: Lycée\n", 3, GLUED, "town: Saint-Gaudens"),
])
def test_the_example_is_the_mistaken_line_itself_made_right(tmp_path, parser, text, line, words, example):
    found = problem(tmp_path, parser, text)
    assert found.line == line and words[0] in found.message
    assert found.expected == words[1] + example


@pytest.mark.parametrize("parser", list(PARSERS))
def test_a_quote_that_cannot_be_closed_on_its_line_keeps_the_general_example(tmp_path, parser):
    # The line holds its quote twice, or a comment: closing it at its end would not be the fix.
    for text, wrong in (("name: 'Lycée d'Arc\n", "name: 'Lycée d'Arc'"), ('start: "14:00  # début\n', '# début"')):
        found = problem(tmp_path, parser, text)
        assert "guillemet" in found.message and wrong not in found.expected and "par exemple" in found.expected


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("text, line, words", [
    # « town » one space short of its block's keys, inside a list's item: a key out of line, not an item.
    ("centres:\n  - id: a\n    name: A\n   town: B\n", 4, "ligne décalée par rapport aux clés de son bloc"),
    # The « - » of an item one space off: an item out of line.
    ("written:\n  - exam: e1\n   - exam: e2\n", 3, "indentation incohérente d'un élément de liste"),
])
def test_an_indentation_mistake_is_named_for_what_is_out_of_line(tmp_path, parser, text, line, words):
    found = problem(tmp_path, parser, text)
    assert found.line == line and words in found.message


@pytest.mark.parametrize("parser", list(PARSERS))
def test_a_key_without_its_colon_keeps_the_missing_colon_words(tmp_path, parser):
    found = problem(tmp_path, parser, "centres:\n  - id: ozenne\n    town Tarbes\n    name: Lycée\n")
    assert "« : » manquant après une clé" in found.message


@pytest.mark.parametrize("parser", list(PARSERS))
def test_accents_typed_apart_are_read_as_one_character(tmp_path, parser):
    # Text pasted from a PDF or a Mac writes « é » as « e » + U+0301: it looks the same, but the PDF forms could not
    # print it and two names that look alike were not the same (data review). Read as NFC, it is the same text.
    (tmp_path / "a.yml").write_text("label: Type de Structure e\u0301leve\u0301e\n", encoding="utf-8")
    data, _, problems = read_yaml(tmp_path / "a.yml", "a.yml", parser)
    assert not problems and data == {"label": "Type de Structure élevée"}


@pytest.mark.parametrize("parser", list(PARSERS))
@pytest.mark.parametrize("text, refused", [("name: “TSGE Vidal”\n", 'par exemple name: "TSGE Vidal"'),
                                           ('name: “Le “grand” lycée”\n', None), ("name: “Pierre” et “Aragon”\n", None),
                                           ('name: “Dit "B"”\n', 'par exemple name: "Dit \\"B\\""')])
def test_a_value_wrapped_in_curly_quotes_is_refused_with_a_value_to_copy(tmp_path, parser, text, refused):
    # Quotes in the text itself are the text's (diff review: « “Pierre” et “Aragon” » was refused, and the example
    # given for a value holding « " » was no valid YAML).
    (tmp_path / "a.yml").write_text(text, encoding="utf-8")
    problems = read_yaml(tmp_path / "a.yml", "a.yml", parser)[2]
    if refused is None:
        assert not problems, [str(p) for p in problems]
    else:
        assert len(problems) == 1 and problems[0].expected.endswith(refused), [str(p) for p in problems]
