"""Corrections de forme: the circular's slips, fixed on the site and listed in one place.

The data files keep the circular's words. corrections.yml lists each visible fix (a capital accent,
an agreement) as file, field, before and after; the loader applies them to the validated data, and
the page « Corrections de forme » shows every one with the whole text before and after, so that an
auditor sees each change. A correction whose words are not found exactly once in its text is an
error: it can never silently stop applying, nor change a text it was not written for.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .drafts import parse_field
from .model import SESSION_FILES, CorrectedText, Correction, CorrectionsFile, Hint
from .model.types import FREE_TEXTS, place_type
from .problems import PathPart, Problem, format_path
from .text import FIRST_OF_MONTH, MONTH_ABBREVIATIONS, MONTHS, WEEKDAY_ABBREVIATIONS, WEEKDAYS
from .words import fold

# The numbers of a text (a day, a year, a count, a mark), as values: a correction of form keeps them all, in the same
# order, however written (« 09 » or « 9 », « premier juin » or « 1er juin », « 2 022 » or « 2022 », « 14h00 » or
# « 14 h »); « 0,5 » is one value, not 5.
NUMBERS = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")
# An hour's « 00 » minutes, written or not: « 14h00 », « 14 h 00 », « 14:00 » are « 14 h ».
ROUND_HOUR = re.compile(r"\b(\d{1,2}) ?[h:] ?00\b")


# A date written in words is a fact too: a month (« fin septembre » is not « fin juin ») or a day of the week, whole
# or abbreviated (« sept. » is « septembre »), each as the whole word it stands for; folded as the search folds words
# (« Février », « fevrier » and « février » are one month).
DATE_WORDS: dict[str, str] = {
    fold(written): fold(whole)
    for written, whole in [*zip(MONTHS + WEEKDAYS, MONTHS + WEEKDAYS, strict=True),
                           *zip(MONTH_ABBREVIATIONS + WEEKDAY_ABBREVIATIONS, MONTHS + WEEKDAYS, strict=True)]
}
_DATE_WORD = "|".join(re.escape(word) for word in sorted(DATE_WORDS, key=len, reverse=True))
FACTS = re.compile(rf"(?P<number>{NUMBERS.pattern})|(?<!\w)(?P<word>{_DATE_WORD})(?!\w)")
# « premier » or « 1er » as the first day of a month (« en premier lieu » is no number), in folded text.
FIRST_DAY = re.compile(rf"(?<!\w)(?:{'|'.join(FIRST_OF_MONTH)})(?= (?:{_DATE_WORD})(?!\w))")


def facts(text: str) -> list[float | str]:
    """The facts a text writes, in order: the values of its numbers, and its months and days of the week (whole
    words, in lower case, without accents)."""
    text = FIRST_DAY.sub("1", ROUND_HOUR.sub(r"\1 h", fold(text)))
    return [float(re.sub(r"[ \u00a0\u202f]", "", found.group("number")).replace(",", ".")) if found.group("number")
            else DATE_WORDS[found.group("word")] for found in FACTS.finditer(text)]


# The words of a text, as letters and digits between the rest (« n'est » is « n », « est »).
WORDS = re.compile(r"\w+")
# Words that carry a rule's meaning, folded, without their agreement: a negation, a number written in words, what is
# allowed or required. A correction of form keeps them all, in order (« sera interdite » is not « ne sera pas
# interdite », « la première heure » not « les deux premières heures »).
NEGATIONS = frozenset({"ne", "n", "pas", "non", "ni", "jamais", "aucun", "nul", "sans", "sauf"})
NUMBER_WORDS = frozenset({"deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
                          "treize", "quatorze", "quinze", "seize", "vingt", "trente", "quarante", "cinquante", "soixante",
                          "cent", "mille", "premier", "second", "deuxieme", "troisieme", "dernier", "demi", "double",
                          "triple", "moitie", "tiers", "quart"})
RULE_STEMS = ("interdi", "autoris", "obligat", "facultati", "permi", "exig", "dispens", "tolere")


def meaning_words(text: str) -> list[str]:
    """The words of a text that carry its meaning (NEGATIONS, NUMBER_WORDS, RULE_STEMS), in order, each as one form
    whatever its agreement or elision (« n' » is « ne », « premières » is « premier », « interdite » is « interdi »)."""
    return [meaning for meaning in map(_meaning, WORDS.findall(fold(text))) if meaning]


# A word's agreement, undone: feminine and plural endings, and what the word is without them.
AGREEMENT = (("", ""), ("ieres", "ier"), ("iere", "ier"), ("lles", "l"), ("lle", "l"), ("es", ""), ("e", ""), ("s", ""))


def _meaning(word: str) -> str | None:
    # The one form of a folded word that carries meaning, or None for any other word.
    stem = next((stem for stem in RULE_STEMS if word.startswith(stem)), None)
    if stem or word == "n":
        return stem or "ne"
    plain = (word[:len(word) - len(ending)] + masculine for ending, masculine in AGREEMENT if word.endswith(ending))
    return next((form for form in plain if form in NEGATIONS or form in NUMBER_WORDS), None)


def replaced_words(before: str, after: str) -> list[tuple[str, str]]:
    """The words of `after` put in place of words of `before` without being one of them corrected (an accent, a
    capital, an agreement, a letter: at most two changes, one in a word of three letters), each with what it replaces:
    « interdite » → « autorisée ». Words only added or removed are not listed (« mes services » → « les services du
    rectorat »)."""
    old, new = WORDS.findall(before), WORDS.findall(after)
    old_folded, new_folded = [fold(w) for w in old], [fold(w) for w in new]
    found = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old_folded, b=new_folded, autojunk=False).get_opcodes():
        if tag != "replace":
            continue
        for word, folded in zip(new[j1:j2], new_folded[j1:j2], strict=True):
            if not any(_edits(folded, w) <= (1 if len(w) <= 3 else 2) for w in old_folded[i1:i2]):
                found.append((" ".join(old[i1:i2]), word))
    return found


def _edits(first: str, second: str) -> int:
    # Levenshtein distance: the letters to add, remove or change to write one word as the other.
    row = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        previous, row[0] = row[0], i
        for j, b in enumerate(second, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (a != b))
    return row[-1]


# The file that lists the corrections, and its attribute on the session.
CORRECTIONS_FILE = "corrections.yml"


def apply_corrections(parts: dict[str, BaseModel], label: str) -> tuple[list[Problem], list[CorrectedText]]:
    """Apply corrections.yml to the other validated files of `parts` (in place); the problems and the texts changed."""
    listed = parts.get(SESSION_FILES[CORRECTIONS_FILE][0])
    if not isinstance(listed, CorrectionsFile):  # absent: corrections.yml itself is invalid, its problems are already reported
        return [], []
    problems: list[Problem] = []
    changed: dict[tuple[str, str], CorrectedText] = {}
    dumps: dict[str, dict[str, Any]] = {}
    where = f"{label}/{CORRECTIONS_FILE}"
    for index, correction in enumerate(listed.corrections):
        problem = _apply(correction, parts, dumps, changed)
        if problem:
            path, message, expected = problem
            problems.append(Problem(where, ("corrections", index, path), message, expected))
    for filename, data in dumps.items():
        attribute, schema = SESSION_FILES[filename]
        try:
            parts[attribute] = schema.model_validate(data)
        except ValidationError as error:   # each correction was checked on its own: only several together get here
            problems.append(Problem(where, ("corrections",), f"les corrections rendent {filename} invalide ({error.error_count()} "
                                    "erreur(s))", "des corrections qui gardent chaque texte valide"))
    return problems, list(changed.values())


def free_text_kind(schema: type[BaseModel], path: tuple[PathPart, ...]) -> Hint | None:
    """The Hint of the circular's text at `path` (model.FREE_TEXTS), or None for any other value."""
    _, metadata = place_type(schema, path)
    return next((m for m in metadata if isinstance(m, Hint) and m in FREE_TEXTS), None)


def _apply(correction: Correction, parts: dict[str, BaseModel], dumps: dict[str, dict[str, Any]],
           changed: dict[tuple[str, str], CorrectedText]) -> tuple[str, str, str] | None:
    # One correction on the dumped data of its file; (field, message, expected) when it cannot apply.
    if correction.file not in SESSION_FILES or correction.file == CORRECTIONS_FILE:
        return "file", f"fichier inconnu « {correction.file} »", "un fichier de données de la session : " + \
            ", ".join(name for name in SESSION_FILES if name != CORRECTIONS_FILE)
    part = parts.get(SESSION_FILES[correction.file][0])
    if part is None:  # that file is invalid: its own problems are reported
        return None
    data = dumps.setdefault(correction.file, part.model_dump(by_alias=True))
    path = parse_field(correction.field)
    container, key = _parent(data, path)
    text = container[key] if container is not None else None
    if not isinstance(text, str):
        return "field", f"texte introuvable « {correction.field} » dans {correction.file}", \
            "le champ d'un texte, écrit comme dans les messages de « handbook check » (par exemple operations[3].detail)"
    kind = free_text_kind(SESSION_FILES[correction.file][1], path)
    if kind is None:
        return "field", (f"{correction.field} de {correction.file} n'est pas un paragraphe de la circulaire (nom, "
                         "adresse, identifiant, date, heure ou nombre) : une correction de forme ne change pas un fait"), \
            "le champ d'un paragraphe, par exemple operations[3].detail ; un fait se corrige dans son fichier"
    found = text.count(correction.before)
    earlier = changed.get((correction.file, format_path(path)))
    if not found and earlier and any(c.before == correction.before for c in earlier.corrections):
        return "before", (f"« {correction.before} » déjà corrigé par une correction précédente de {correction.file} "
                          f"{format_path(path)}"), "une seule correction pour ces mots : retirer celle-ci, ou la réunir à la première"
    if found != 1:
        example = " ".join(text.split()[:4])
        return "before", (f"« {correction.before} » " + ("introuvable" if not found else f"présent {found} fois")
                          + f" dans {correction.file} {format_path(path)}"), \
            f"les mots exacts de la circulaire, présents une seule fois dans ce texte, par exemple before: « {example} »"
    if facts(correction.before) != facts(correction.after):
        return "after", (f"la correction change un nombre ou une date (« {correction.before} » → « {correction.after} ») : "
                         "une correction de forme ne change pas un fait"), \
            (f"les mêmes nombres, mois et jours dans after que dans before, par exemple after: {correction.before} ; "
             "un fait se corrige dans son fichier")
    if meaning_words(correction.before) != meaning_words(correction.after):
        return "after", (f"la correction change un mot qui porte le sens d'une règle (« {correction.before} » → "
                         f"« {correction.after} ») : une négation, un nombre en lettres, interdit, autorisé, obligatoire…"), \
            (f"les mêmes négations, nombres en lettres et mots de règle dans after que dans before, par exemple after: "
             f"{correction.before} ; une règle se corrige dans son fichier")
    replaced = replaced_words(correction.before, correction.after)
    if replaced:
        return "after", (f"la correction remplace « {replaced[0][0]} » par « {replaced[0][1]} » : une correction de forme "
                         "corrige une lettre, un accent, une majuscule, un accord, pas un mot"), \
            (f"les mots de before corrigés, par exemple after: {correction.before} ; un fait ou une règle se corrige "
             "dans son fichier")
    corrected = text.replace(correction.before, correction.after)
    try:
        TypeAdapter(FREE_TEXTS[kind]).validate_python(corrected)
    except ValidationError:
        return "after", f"le texte corrigé ne convient plus à {correction.file} {format_path(path)}", str(kind)
    container[key] = corrected
    place = (correction.file, format_path(path))
    earlier = changed.get(place)
    changed[place] = CorrectedText(correction.file, format_path(path), earlier.original if earlier else text,
                                   container[key], (earlier.corrections if earlier else ()) + (correction,))
    return None


def _parent(data: Any, path: tuple[PathPart, ...]) -> tuple[Any, PathPart]:
    # The list or mapping that holds the value at `path`, and its key there; (None, "") when there is none.
    for part in path[:-1]:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return None, ""
    if not path:
        return None, ""
    last = path[-1]
    holds = (isinstance(last, int) and isinstance(data, list) and last < len(data)) or \
            (isinstance(last, str) and isinstance(data, dict) and last in data)
    return (data, last) if holds else (None, "")
