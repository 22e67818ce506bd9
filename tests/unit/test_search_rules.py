"""Fast tier: the search rules the build computes from the index's words (handbook.search), called directly."""

from __future__ import annotations

import pytest

from handbook import search

pytestmark = pytest.mark.unit

WORDS = sorted(["deroulement", "depot", "epreuve", "lycee", "oral"])


@pytest.mark.parametrize("prefix, expected", [
    ("de", True), ("der", True), ("dep", True), ("d", True), ("oral", True), ("orale", False),
    ("a", False), ("z", False), ("ly", True), ("", True),
])
def test_a_prefix_begins_a_word_of_the_sorted_list(prefix, expected):
    assert search.begins_a_word(prefix, WORDS) is expected
    assert search.begins_a_word(prefix, WORDS) is any(word.startswith(prefix) for word in WORDS)


def test_only_stop_words_that_begin_an_index_word_may_end_a_query():
    unfinished = search.table(frozenset(WORDS))["unfinished"]
    assert "de" in unfinished and "le" not in unfinished
    assert unfinished == sorted(stop for stop in search.stop_words() if any(w.startswith(stop) for w in WORDS))


def test_indexed_words_are_the_normalised_tokens_of_the_texts_tags_apart():
    texts = ["<p>Les épreuves orales</p>", "Épreuve orale<br>au lycée", "le dépôt"]
    expected = {search.normalise_token(part) for text in texts
                for part in search.split(text.replace("<p>", " ").replace("</p>", " ").replace("<br>", " "))} - {None}
    assert search.indexed_words(texts) == expected and "epreuve" in expected and "le" not in expected
