"""French typography of the built HTML: the spaces that must not break a line."""

from __future__ import annotations

import re

NO_BREAK_SPACE = "\u00a0"
# French sets a space between a word and » : ; ! ? and after «, and the sign stays on the word's line.
BEFORE_SIGN, AFTER_QUOTE = r" (?=[»:;!?])", r"« "
# In HTML, only in text: from there, text reaches a "<" before any ">" (an attribute's value reaches its tag's ">").
IN_TEXT = r"(?=[^<>]*(?:<|\Z))"
# Two patterns each, opening on a plain character: Python's re scans for it fast, where an alternation crawls.
SPACE_BEFORE_SIGN, SPACE_AFTER_QUOTE = re.compile(BEFORE_SIGN + IN_TEXT), re.compile(AFTER_QUOTE + IN_TEXT)
PLAIN_SPACE_BEFORE_SIGN, PLAIN_SPACE_AFTER_QUOTE = re.compile(BEFORE_SIGN), re.compile(AFTER_QUOTE)
# Where text is code or data, left exactly as written.
VERBATIM_TAGS = ("pre", "code", "kbd", "script", "style", "textarea")
VERBATIM = re.compile(rf"<({'|'.join(VERBATIM_TAGS)})\b.*?</\1\s*>", re.S)


def french_spacing(html: str) -> str:
    """The HTML with a no-break space where French keeps a sign on its word's line: « Éliminée » never ends a line
    on «, "Tél. :" never starts one on ":". Code, scripts, styles, text areas and attribute values are left as they
    are; applied twice, it changes nothing more."""
    if not any(f"<{tag}" in html for tag in VERBATIM_TAGS):
        return in_text(html)
    parts: list[str] = []
    last = 0
    for verbatim in VERBATIM.finditer(html):
        parts += [in_text(html[last:verbatim.start()]), verbatim.group()]
        last = verbatim.end()
    parts.append(in_text(html[last:]))
    return "".join(parts)


def french_text(text: str) -> str:
    """Plain text that a script shows (a data-* attribute's message): the same no-break spaces as the pages' text
    (the value is escaped afterwards, as any other)."""
    return no_break(text, PLAIN_SPACE_BEFORE_SIGN, PLAIN_SPACE_AFTER_QUOTE)


def in_text(html: str) -> str:
    # HTML with no verbatim element in it.
    return no_break(html, SPACE_BEFORE_SIGN, SPACE_AFTER_QUOTE)


def no_break(text: str, before_sign: re.Pattern[str], after_quote: re.Pattern[str]) -> str:
    # The rule itself, with the patterns of where it applies.
    return after_quote.sub("«" + NO_BREAK_SPACE, before_sign.sub(NO_BREAK_SPACE, text))


# --- the PDF forms' characters ---------------------------------------------------------------------

# The PDF forms print in Helvetica, one of PDF's standard fonts: it has the Windows-1252 characters, and a character
# outside them prints as a black square. The spaces and hyphens French text pasted from a word processor carries
# beyond them print as their nearest: a narrow no-break space (U+202F) as a no-break space.
PDF_NEAREST = str.maketrans({"\u202f": NO_BREAK_SPACE, "\u2007": NO_BREAK_SPACE, "\u2009": " ", "\u200a": " ",
                             "\u2010": "-", "\u2011": "-", "\u2212": "-"})
PDF_ENCODING = "cp1252"


def pdf_text(text: str) -> str:
    """A text as the PDF forms print it: the spaces and hyphens of PDF_NEAREST replaced."""
    return text.translate(PDF_NEAREST)


def pdf_unprintable(text: str) -> str | None:
    """The first character of a text that the PDF forms cannot print (after pdf_text), or None."""
    if text.isascii():
        return None
    try:
        pdf_text(text).encode(PDF_ENCODING)
    except UnicodeEncodeError as error:
        return str(error.object[error.start])
    return None
