"""Fast tier: the page given back after indexing loses the data-search-* attributes exactly as Material's search
plugin removes them (hooks/search_index.py, without_search_attributes), the hook module called directly."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from conftest import module_from_file

pytestmark = pytest.mark.unit

search_index = module_from_file(Path(__file__).resolve().parents[2] / "hooks" / "search_index.py", "search_index_under_test")

# Material for MkDocs 9.8, SearchPlugin.on_page_context.
MATERIAL = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


@pytest.mark.parametrize("html", [
    '<p data-search-exclude="true">a</p>',                     # one space before
    '<p\ndata-search-exclude="x">a</p>',                       # a line break before
    '<p\u00a0data-search-boost="2">a</p>',                      # any whitespace, as \s takes it
    '<pdata-search-exclude="x">a</p>',                         # no whitespace before
    'data-search-exclude="x" at the start',
    '<p  data-search-a="1" data-search-b="2"data-search-c="3">', # two spaces, neighbours, adjacent ones
    '<p data-search-exclude>bare, never removed</p>',            # no value: Material's pattern leaves it too
    '<p data-search-exclude="">empty value</p>',
    "<p>no attribute at all</p>", "",
])
def test_search_attributes_go_as_material_removes_them(html):
    assert search_index.without_search_attributes(html) == MATERIAL.sub("", html)


def test_any_mix_of_attributes_and_whitespace_goes_as_material_removes_it():
    # Pieces that meet in every order: attributes with and without values, whitespace of each kind, quotes, tags.
    pieces = ['data-search-exclude="1"', 'data-search-boost="2"', "data-search-exclude", " ", "  ", "\n", "\t",
              "\u00a0", '"', "=", "<p", ">", "a", "data-", 'search-x="y"']
    draw = random.Random(14)
    for _ in range(3000):
        html = "".join(draw.choice(pieces) for _ in range(draw.randint(0, 12)))
        assert search_index.without_search_attributes(html) == MATERIAL.sub("", html), repr(html)
