"""Data problems: where (file, path, line) and what, in French, for staff."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias

PathPart: TypeAlias = str | int


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data, located to the file and line a staff member edits."""

    file: str                      # e.g. "data/2022/centres.yml"
    path: tuple[PathPart, ...]     # e.g. ("written_centres", 3, "origins", 1, "establishment")
    message: str                   # what is wrong
    expected: str | None = None # what was expected
    line: int | None = None
    column: int | None = None
    # The other place of the same file the problem is at (the first of two equal ids), named by its line: which of the
    # two was just typed is not known, and the message must not blame the untouched one.
    also: tuple[PathPart, ...] = ()
    also_line: int | None = None

    @property
    def field(self) -> str:
        return format_path(self.path) or "(fichier)"

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.field}: {self.message}" + (f" (aussi ligne {self.also_line})" if self.also_line else "")
        return f"{text} — attendu : {self.expected}" if self.expected else text


# Longest piece of staff data quoted in a message: a 100 kB value must not make a 100 kB message.
QUOTE_MAX = 80


def shorten(value: str) -> str:
    """A data value as quoted in a message: one line, cut at QUOTE_MAX characters with « … ». Spaces at its ends,
    invisible between quotes, are named: a key typed "town " is quoted « town[espace] », not « town »."""
    line = " ".join(value.split())
    if not line:                       # only spaces: each named once
        return _named(value)
    line = line if len(line) <= QUOTE_MAX else line[: QUOTE_MAX - 1] + "…"
    leading, trailing = value[: len(value) - len(value.lstrip())], value[len(value.rstrip()):]
    return _named(leading) + line + _named(trailing)


# The spaces a quote names where they would not show (line breaks at the end of a block of text are normal).
SPACE_NAMES = {" ": "[espace]", "\u00a0": "[espace insécable]", "\u202f": "[espace fine insécable]", "\t": "[tabulation]"}


def _named(spaces: str) -> str:
    # "\u00a0 " -> "[espace insécable][espace]"; other whitespace as "[espace]"; line breaks left out.
    return "".join(SPACE_NAMES.get(c, "[espace]") for c in spaces if c not in "\r\n")


def visible_spaces(text: str) -> str:
    """A name with the spaces that would not show named: two in a row, a no-break one (« Lycée[espace insécable]Saliège »)."""
    return re.sub(r"\s{2,}|[^\S ]", lambda spaces: _named(spaces.group()), text)


def format_path(path: Iterable[PathPart]) -> str:
    """("a", 3, "b") -> "a[3].b", the spelling staff see in messages."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{shorten(part)}" if text else shorten(part))
    return text


def written_before(path: tuple[PathPart, ...]) -> str:
    """How a data file writes what comes before the value at `path`, for an example: « key: » in a block, « - » in a list."""
    return f"{path[-1]}: " if path and isinstance(path[-1], str) else "- "


class DataError(Exception):
    """Raised with every problem found, so staff fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} erreur{'s' if count > 1 else ''} dans les données :"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])
