"""French words as the site compares them, whatever their case, accents or ligatures: the search (its index and the
browser's worker, which reads LIGATURES and ACCENTS from the index) and the corrections' check of dates in words."""

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
