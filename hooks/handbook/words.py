"""French words as the site compares them, whatever their case, accents or ligatures: the search (its index and the
browser's worker, which reads LIGATURES and ACCENTS from the index) and the corrections' check of dates in words; and
how far apart two spellings are, for a slip of typing (a correction's word, an id that names none)."""

from __future__ import annotations

import re
import unicodedata

# Ligatures that Unicode decomposition does not split.
LIGATURES = {"œ": "oe", "æ": "ae"}
# Combining accents removed after Unicode decomposition (NFD).
ACCENTS = "[\u0300-\u036f]"

_ACCENTS = re.compile(ACCENTS)


def fold(text: str) -> str:
    """Lower case, ligatures spelt out, accents removed: « Œuvre Épreuve » → « oeuvre epreuve »."""
    text = text.lower()
    for ligature, letters in LIGATURES.items():
        text = text.replace(ligature, letters)
    return _ACCENTS.sub("", unicodedata.normalize("NFD", text))


def edits(first: str, second: str) -> int:
    """Letters to add, remove or change to write one word as the other, two neighbours swapped counting one (optimal
    string alignment distance: « lse » is one slip from « les »)."""
    rows = [list(range(len(second) + 1))]
    for i, a in enumerate(first, start=1):
        row = [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def one_slip(typed: str, meant: str) -> bool:
    """Whether `typed` may be `meant` mistyped: two letters at most, one in a word of three letters or fewer (a swap of
    two neighbours counting one)."""
    most = 1 if len(typed) <= 3 else 2
    # The length alone rules out most pairs: an id checked against a national list's thousands stays cheap.
    return abs(len(typed) - len(meant)) <= most and edits(typed, meant) <= most
