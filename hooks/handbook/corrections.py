"""Corrections de forme: the circular's slips, fixed on the site and listed in one place.

The data files keep the circular's words. corrections.yml lists each visible fix (a capital accent,
an agreement) as file, field, before and after; the loader applies them to the validated data, and
the page « Corrections de forme » shows every one with the whole text before and after, so that an
auditor sees each change. A correction whose words are not found exactly once in its text is an
error: it can never silently stop applying, nor change a text it was not written for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .drafts import parse_field
from .model import SESSION_FILES, CorrectedText, Correction, CorrectionsFile, Hint
from .model.types import FREE_TEXTS, place_type
from .problems import PathPart, Problem, format_path
from .text import FIRST_OF_MONTH, MONTH_ABBREVIATIONS, MONTHS, WEEKDAY_ABBREVIATIONS, WEEKDAYS
from .words import edits, fold, one_slip

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


# The words of a text: letters and digits, with the apostrophe that elides one (« n'est » is « n' », « est »).
WORDS = re.compile(r"\w+(?:['’](?=\w))?")
# Words that carry a rule's meaning, folded, without their agreement: a negation, a restriction, a number written in
# words, what is allowed or required. A correction of form neither adds, removes nor changes one (« sera interdite »
# is not « ne sera pas interdite », « la première heure » not « les deux premières heures », « seuls les candidats »
# not « les candidats »).
# Negations and restrictions: what limits a rule (« ne … pas », « sauf », « seuls »).
LIMITING_WORDS = frozenset({"ne", "pas", "non", "ni", "jamais", "aucun", "nul", "sans", "sauf", "seul", "seulement",
                            "uniquement", "exclusivement"})
NUMBER_WORDS = frozenset({"deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
                          "treize", "quatorze", "quinze", "seize", "vingt", "trente", "quarante", "cinquante", "soixante",
                          "cent", "mille", "premier", "second", "deuxieme", "troisieme", "quatrieme", "cinquieme",
                          "sixieme", "septieme", "huitieme", "neuvieme", "dixieme", "dernier", "demi", "double", "triple",
                          "moitie", "tiers", "quart"})
RULE_STEMS = ("interdi", "autoris", "obligat", "facultati", "permi", "exig", "dispens", "tolere")
# Words of opposite meaning a letter or two apart: « minimum » is no slip for « maximum ».
OPPOSITES = (("mini", "maxi"), ("inclu", "exclu"), ("accept", "except"), ("avant", "apres"), ("debut", "fin"))
# The prefixes that turn a word into its opposite: « possible », « impossible »; « valide », « invalide ».
NEGATIVE_PREFIXES = ("in", "im", "ir", "il", "des", "de", "dis", "non", "a")
# A word's agreement, undone: feminine and plural endings, and what the word is without them.
AGREEMENT = (("", ""), ("ieres", "ier"), ("iere", "ier"), ("lles", "l"), ("lle", "l"), ("es", ""), ("e", ""), ("s", ""))


@dataclass(frozen=True)
class Word:
    written: str   # as the text writes it
    letters: str   # folded, without its apostrophe: what the word is spelt with
    meaning: str | None   # the one form of a word that carries meaning (LIMITING_WORDS, NUMBER_WORDS, RULE_STEMS, the
    #                       « que » of « ne … que »), or None
    abbreviated: bool = False   # followed by a full stop: « sept. », « lun. », which a correction may write whole


def words(text: str, negated: bool = False) -> list[Word]:
    """The words of a text, each with its letters and the meaning it carries (« n' » is « ne », « premières » is
    « premier », « interdite » is « interdi »; a bare « n », as in « n° », is none; a « que » after a « ne » of its
    clause restricts). `negated`: the text goes on with a clause that said « ne » before it (negation_open)."""
    return _read(text, negated)[0]


def negation_open(text: str) -> bool:
    """Whether the text ends inside a clause that has said « ne »: the words that follow it go on with that clause."""
    return _read(text, False)[1]


# Where a clause ends, after a word: a « ne » before it restricts no « que » after it.
CLAUSE_END = re.compile(r"\s*[.;:!?]")


def _read(text: str, negated: bool) -> tuple[list[Word], bool]:
    # The words of the text, and whether its last clause is still under a « ne » where it ends.
    found: list[Word] = []
    for match in WORDS.finditer(text):
        letters = fold(match.group().rstrip("'’"))
        elided = match.group()[-1] in "'’"
        meaning = "ne" if letters == "n" and elided else _meaning(letters)
        if letters in ("que", "qu") and negated:
            meaning = "que"   # « n'est autorisée que… »: without it, « n'est autorisée… » says the opposite
        negated = (negated or meaning == "ne") and not CLAUSE_END.match(text, match.end())
        found.append(Word(match.group(), letters, meaning, text[match.end():match.end() + 1] == "."))
    return found, negated


def _meaning(word: str) -> str | None:
    # The one form of a folded word that carries meaning, or None for any other word.
    stem = next((stem for stem in RULE_STEMS if word.startswith(stem)), None)
    if stem:
        return stem
    plain = (word[:len(word) - len(ending)] + masculine for ending, masculine in AGREEMENT if word.endswith(ending))
    return next((form for form in plain if form in LIMITING_WORDS or form in NUMBER_WORDS), None)


def meaning_change(before: str, after: str, preceding: str = "") -> tuple[str, str] | None:
    """What a correction changes beyond its form, as (the words of before, what after writes instead; "" for none),
    or None when it only corrects a letter, an accent, a capital, an agreement or how words are joined. Refused:
    a word that carries meaning added, removed or changed; a word put in place of another more than a slip away
    (two letters changed, one in a word of three letters or fewer, a swap of two letters counting one) or in place of
    its opposite. Other words may be added or removed (« mes services » → « les services du rectorat »). `preceding`:
    the field's text before the corrected words, whose « ne » may make a « que » of them restrict."""
    negated = negation_open(preceding)
    old, new = words(before, negated), words(after, negated)
    found: list[tuple[Word | None, Word | None]] = []
    matcher = SequenceMatcher(a=[w.letters for w in old], b=[w.letters for w in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        gone, came = old[i1:i2], new[j1:j2]
        if tag == "equal" or "".join(w.letters for w in gone) == "".join(w.letters for w in came):
            continue   # the same letters, joined or split otherwise: « aujourdhui » → « aujourd'hui »
        for word in came:
            nearest = min(gone, key=lambda g: edits(g.letters, word.letters), default=None)
            if nearest is None or not _slip(nearest, word):
                # A word of meaning in place of words without one is said added (« ajoute « deux » »); in place of
                # one, it replaces it (« remplace « interdite » par « autorisée » »).
                meant = [g for g in gone if g.meaning]
                if word.meaning:
                    nearest = min(meant, key=lambda g: edits(g.letters, word.letters)) if meant else None
                found.append((nearest, word))
        kept = {w.meaning for w in came}
        found += [(w, None) for w in gone if w.meaning and w.meaning not in kept and not _written_whole(w, came)]
    # A word of meaning first: « ajoute « deux » » says more than the article beside it.
    found.sort(key=lambda pair: not any(w is not None and w.meaning for w in pair))
    for was, now in found:
        alone = was or now   # a word only added or removed matters if it carries meaning
        if (was and now) or (alone is not None and alone.meaning):
            return was.written if was else "", now.written if now else ""
    return None


def _written_whole(old: Word, came: list[Word]) -> bool:
    # An abbreviation written whole: « sept. » → « septembre » (the date check keeps the month).
    return old.abbreviated and len(old.letters) > 1 and any(w.letters.startswith(old.letters) for w in came)


def _slip(old: Word, new: Word) -> bool:
    # Whether a word is another with a slip corrected: a letter or two, the same meaning, not its opposite. A word that
    # becomes one of meaning is a slip only if long enough to be read as it (« interdtie »; « le » → « ne » is none).
    if _written_whole(old, [new]):
        return True
    if not one_slip(old.letters, new.letters) or _opposites(old.letters, new.letters):
        return False
    if old.meaning:
        return new.meaning == old.meaning
    return not new.meaning or len(old.letters) > 3


def _opposites(first: str, second: str) -> bool:
    # Two words of opposite meaning: one is the other with a negative prefix, or they differ by an OPPOSITES pair.
    for one, other in ((first, second), (second, first)):
        if any(one == prefix + other for prefix in NEGATIVE_PREFIXES):
            return True
        if any(one.startswith(a) and other.startswith(b) and one[len(a):] == other[len(b):] for a, b in OPPOSITES):
            return True
    return False


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
    changed_words = meaning_change(correction.before, correction.after, text[:text.index(correction.before)])
    if changed_words:
        was, now = changed_words
        what = (f"remplace « {was} » par « {now} »" if was and now else f"retire « {was} »" if was else f"ajoute « {now} »")
        return "after", (f"la correction {what} (« {correction.before} » → « {correction.after} ») : une correction de "
                         "forme corrige une lettre, un accent, une majuscule, un accord, pas un mot ni le sens d'une règle "
                         "(négation, nombre en lettres, interdit, autorisé, obligatoire…)"), \
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
