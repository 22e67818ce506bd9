"""Breaking a copy of the data and reading what the loader says about it, for the tests of every module.

    break_file(folder, "centres.yml", old, new)   the first `old` replaced; the line where it was
    problems_of(folder)                            the loader's messages, as staff read them
    edited(session, "centres.yml", (path, value))  the session with values of one file replaced, re-validated
    index_of(items, id="x")                        where the item with those attributes is in a list
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from handbook.load import load_session
from handbook.model import SESSION_FILES, Session
from handbook.problems import DataError


def break_file(folder: Path, name: str, old: str, new: str) -> int:
    """Replace the first `old` in a data file; return the (1-based) line where it was."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} absent de {name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def line_of(folder: Path, name: str, needle: str) -> int:
    text = (folder / name).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def assert_reported(problems: list[str], start: str, words: str) -> None:
    """One problem starts with `file:line: field: ` and says `words`, then what was expected."""
    matching = [p for p in problems if p.startswith(start)]
    assert matching, f"aucun message ne commence par {start!r} dans {problems}"
    assert words in matching[0] and " — attendu : " in matching[0], matching[0]


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_session(folder, label="data/2022")
    return [str(p) for p in caught.value.problems]


# A value for `edited` that removes its key.
DELETE = object()


def edited(session: Session, filename: str, *edits: tuple[tuple[Any, ...], Any]) -> Session:
    """The session with values of one data file replaced by data path (list indexes as in the file), then
    re-validated: a value, a function of the old value, or DELETE to remove the key."""
    attribute, schema = SESSION_FILES[filename]
    data = getattr(session, attribute).model_dump(by_alias=True, exclude_unset=True)
    for path, value in edits:
        target = data
        for step in path[:-1]:
            target = target[step]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value(target[path[-1]]) if callable(value) else value
    return dataclasses.replace(session, **{attribute: schema.model_validate(data)})


def index_of(items: list, **match: Any) -> int:
    """Where the first item whose attributes have these values is in the list."""
    return next(i for i, item in enumerate(items) if all(getattr(item, k) == v for k, v in match.items()))
