"""Property: whatever a random edit does to a real data file, the loader accepts the session or raises the
project's DataError, every problem naming its file and line, in French with an example (or, where no value would
be right to copy, what to do) — never anything else.

Edits (hypothesis): delete, retype, rename or duplicate keys and list items of a parsed file, or delete,
duplicate or garble lines of its text. The default run tries FUZZ_EXAMPLES examples (80), the same ones
each run; `FUZZ_EXAMPLES=5000 FUZZ_RANDOM=1 .venv/bin/pytest tests/test_data_fuzz.py` explores further.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CIRCULAR_2022
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.load import load_session
from handbook.problems import DataError
from handbook.yamlread import read_yaml

DATA = CIRCULAR_2022
FILES = sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*.yml"))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "80"))
# What an `attendu` says where no value would be right to copy: an id no longer defined (any other id would be valid
# and wrong), an id written twice (which of the two was just typed is not known), a day its month lacks (any date
# would be made up).
WHAT_TO_DO = re.compile(r"n'y est pas \(ou plus\)|sans renommer l'autre|n'a que \d+ jours|sur la même ligne"
                        r"|vérifier le jour sur la circulaire|vérifier les deux sur la circulaire")

# Values an editor might type in place of another: other types, near-misses of real formats, real ids.
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=20),
    st.sampled_from(["2022-13-01", "2022-02-29", "14:00", "14h", "", "Lycée Berthelot", "berthelot", "e4", "tsge-adonis",
                     "javascript:alert(1)", "https://exemple.fr/", "x" * 300, "05 36 25 71 28", "31", "<script>"]),
    st.lists(st.integers(0, 50), max_size=3), st.dictionaries(st.sampled_from(["id", "name", "x"]), st.integers(0, 9), max_size=2),
)
# One edit: (what, which place (an index, modulo the places there are), a value or a text).
EDITS = st.tuples(st.sampled_from(["delete", "retype", "rename", "duplicate", "delete-line", "duplicate-line", "garble"]),
                  st.integers(0, 10**6), VALUES, st.text(min_size=1, max_size=8))


def places(data: Any, path: tuple = ()) -> list[tuple]:
    """Every key and list item of parsed data, by path (the root excluded)."""
    found = []
    children = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    for key, value in children:
        found.append(path + (key,))
        found += places(value, path + (key,))
    return found


def edit_data(data: Any, edit: tuple) -> Any:
    """One structural edit of parsed data, in place."""
    what, which, value, name = edit
    spots = places(data)
    if not spots:
        return value
    path = spots[which % len(spots)]
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if what == "delete":
        del parent[key]
    elif what == "retype":
        parent[key] = value
    elif what == "rename" and isinstance(parent, dict):
        parent[name] = parent.pop(key)
    elif what == "duplicate" and isinstance(parent, list):
        parent.insert(key, parent[key])
    else:
        parent[key] = value
    return data


def edit_text(text: str, edit: tuple) -> str:
    """One edit of a file's lines: delete one, duplicate one, or insert a few characters in one."""
    what, which, _, extra = edit
    lines = text.split("\n")
    index = which % len(lines)
    if what == "delete-line":
        del lines[index]
    elif what == "duplicate-line":
        lines.insert(index, lines[index])
    else:
        column = which % (len(lines[index]) + 1)
        lines[index] = lines[index][:column] + extra + lines[index][column:]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "2022"
    shutil.copytree(DATA, folder)
    return folder


@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not os.environ.get("FUZZ_RANDOM"),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), edits=st.lists(EDITS, min_size=1, max_size=3))
def test_any_edit_is_accepted_or_reported_at_a_line(scratch, file, edits):
    path = scratch / file
    original = (DATA / file).read_text(encoding="utf-8")
    try:
        text = original
        for edit in edits:
            if edit[0] in ("delete-line", "duplicate-line", "garble"):
                text = edit_text(text, edit)
            else:
                path.write_text(text, encoding="utf-8")
                data, _, problems = read_yaml(path, file)
                if problems:
                    continue
                text = yaml.safe_dump(edit_data(data, edit), allow_unicode=True, sort_keys=False)
            path.write_text(text, encoding="utf-8")
        try:
            load_session(scratch, label="data/2022")
        except DataError as error:
            for problem in error.problems:
                assert problem.file.startswith("data/2022/") and problem.line and problem.line >= 1, str(problem)
                assert problem.expected and ("par exemple" in problem.expected or WHAT_TO_DO.search(problem.expected)), str(problem)
    finally:
        path.write_text(original, encoding="utf-8")
