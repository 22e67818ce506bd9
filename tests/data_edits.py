"""Breaking a copy of the data and reading what the loader says about it, for the tests of every module.

    break_file(folder, "centres.yml", old, new)   the first `old` replaced; the line where it was
    problems_of(folder)                            the loader's messages, as staff read them
"""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.load import load_session
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
