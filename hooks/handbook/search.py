"""French search normalisation: one table, used by the browser's search worker and by the tests.

Candidates type on phones, often without accents, in the plural, or with an elision
(« d'examen »). Both sides of the search, the words of the index and the words of a query,
go through the same steps, so « epreuves », « l'épreuve » and « Épreuve » all become « epreuve »:

1. split on `SEPARATOR` (spaces, hyphens, apostrophes, punctuation): « d'examen » → « d », « examen »;
2. lower-case and fold accents and ligatures: « Épreuve » → « epreuve », « œuvre » → « oeuvre »;
3. drop stop words (lunr.fr's list, folded, the elided « jusqu », « lorsqu »… and the words of a
   question, `QUESTION_STOP_WORDS`: « quand », « comment », « faut »…);
4. reduce a plural with the first matching rule of `PLURALS`: « calculatrices » → « calculatrice »;
5. (query only) drop `QUESTION_WORDS` when the query has a subject: « date des résultats » → « resultat »;
6. (query only) replace a word of `SYNONYMS` by the site's word: « réussite » → « resultat »; a phrase of `PHRASES`
   is replaced first, right after folding: « tiers-temps » → « amenagement »;
7. (query only) cut a verb ending of `QUERY_ENDINGS`, so the word still finds its noun as a prefix:
   « contacter » → « contact » (finds « contacts »), « sortir » → « sort » (« sortie »).

A stop word at the very end of a query is kept only while it may be the start of a word of the
index (the candidate may be typing « de » of « déroulement »): `table` lists those.

The browser applies the same table: hooks/search_index.py writes `table()` into the built
search/search_index.json (config.handbook_fr) and docs/assets/javascripts/workers/search-fr.js
reads it. The displayed text is never changed, so highlighting marks the accented words.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Set
from typing import TypedDict

from .render import is_balanced
from .words import ACCENTS, LIGATURES, fold

# Material joins tokens on this regular expression (JavaScript and Python read it alike).
SEPARATOR = r"[\s\-'’ʼ‘.,;:!?()\[\]{}«»\"“”/\\…–—·&@]+"

# lunr.fr's stop word list (lunr-languages, as bundled by Material), before folding.
LUNR_FR_STOP_WORDS = (
    "ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions aurons "
    "auront aux avaient avais avait avec avez aviez avions avons ayant ayez ayons c ce ceci celà ces cet "
    "cette d dans de des du elle en es est et eu eue eues eurent eus eusse eussent eusses eussiez eussions "
    "eut eux eûmes eût eûtes furent fus fusse fussent fusses fussiez fussions fut fûmes fût fûtes ici il "
    "ils j je l la le les leur leurs lui m ma mais me mes moi mon même n ne nos notre nous on ont ou par "
    "pas pour qu que quel quelle quelles quels qui s sa sans se sera serai seraient serais serait seras "
    "serez seriez serions serons seront ses soi soient sois soit sommes son sont soyez soyons suis sur t "
    "ta te tes toi ton tu un une vos votre vous y à étaient étais était étant étiez étions été étée "
    "étées étés êtes"
).split()

# Elided words that lunr.fr does not list: « jusqu'au », « lorsqu'il »…
ELIDED = ("jusqu", "lorsqu", "puisqu", "quoiqu", "presqu")

# Words that shape a question without naming its subject (« quand sont les oraux », « que faut-il
# apporter », « que faire si je suis en retard », « où passer l'écrit »). Like lunr.fr's stop words,
# never indexed and dropped from a query, so they never show as « Non trouvé » nor lower a result.
QUESTION_STOP_WORDS = (
    "quand quoi comment combien pourquoi lorsque où ça cela si svp merci bonjour "
    "faut falloir dois doit doivent devoir peux peut peuvent pouvoir veux veut voudrais "
    "faire fais fait aller vais va avoir être passer passe voir"
).split()

# Words that ask for the kind of answer (« la date des résultats », « l'heure de l'écrit »): indexed,
# but dropped from a query that names something else; searched when they are the whole query (« dates »).
QUESTION_WORDS = ("date", "heure", "jour", "lieu", "endroit", "moment", "debut", "fin",
                  "commence", "commencent", "commencer")

# Plural rules (suffix, replacement, minimum word length), the first match wins.
PLURALS = (
    ("eaux", "eau", 5),   # bureaux → bureau
    ("aux", "al", 5),     # généraux → general, oraux → oral
    ("ss", "ss", 0),      # stress stays
    ("s", "", 4),         # calculatrices → calculatrice, centres → centre
    ("x", "", 4),         # lieux → lieu
)

# Query endings cut last (suffix, replacement, minimum word length), the first match wins. Every query
# word is a prefix (Material appends `*`), so a shortened word still finds itself, and its noun.
QUERY_ENDINGS = (
    ("er", "", 6),        # contacter → contact (contacts), déposer → depos (déposé)
    ("ir", "", 6),        # sortir → sort (sortie)
    ("ent", "en", 6),     # absent → absen (absence)
)

# Words candidates type that the circular (hence the site) does not use, and the site's word.
# Query side only, whole words: « reussite » looks for « resultat ». A synonym is dropped from
# the table of a build whose pages use the word itself (see `table`).
SYNONYMS = {
    "reussite": "resultat",     # « ma réussite » → Résultats et diplômes
    "handicap": "amenagement",  # « handicap » → aménagements d'épreuves (calendrier)
    "calculette": "calculatrice",   # « calculette » → Calculatrices (écrits)
}

# The same for words candidates type together, whose words the site uses apart (in another sense): « tiers temps » is
# an aménagement d'épreuve, while « tiers » alone is a third party (accessibility statement) and « temps » the time of
# an exam, so a synonym of one word would be dropped or wrong. Replaced before anything else, typed with a space or a
# hyphen. tests/test_search.py checks that no page writes the phrase itself (it would then find that page).
PHRASES = {
    "tiers temps": "amenagement",   # « tiers-temps » → Transmission des notifications d'aménagements (calendrier)
}

_SEPARATOR = re.compile(SEPARATOR)
_WORD = re.compile(r"[a-z0-9]+")
_TAG = re.compile(r"<[^>]*>")


def stop_words() -> frozenset[str]:
    """The folded stop words: never indexed, dropped from a query unless still being typed."""
    return frozenset(fold(word) for word in (*LUNR_FR_STOP_WORDS, *ELIDED, *QUESTION_STOP_WORDS))


_STOP = stop_words()


def singular(word: str) -> str:
    """The light plural rule of `PLURALS` applied to a folded word."""
    return first_rule(word, PLURALS)


def first_rule(word: str, rules: tuple[tuple[str, str, int], ...]) -> str:
    """The word with the first matching (suffix, replacement, minimum length) rule applied."""
    for suffix, replacement, minimum in rules:
        if word.endswith(suffix) and len(word) >= minimum:
            return word[: len(word) - len(suffix)] + replacement
    return word


def split(text: str) -> list[str]:
    """Material's tokenizer: the text cut on `SEPARATOR`, lower-cased."""
    return [part.lower() for part in _SEPARATOR.split(text) if part]


def normalise_token(token: str) -> str | None:
    """An index token as the search compares it, or None when it is not indexed (a stop word)."""
    word = fold(token)
    if not word or word in _STOP:
        return None
    return singular(word)


def indexed_words(texts: list[str]) -> set[str]:
    """The normalised words of some index texts (HTML tags apart), as the worker indexes them."""
    # Each distinct token normalised once: a national index repeats a few thousand words millions of times.
    tokens = {part for text in texts for part in split(_TAG.sub(" ", text))}
    words = (normalise_token(token) for token in tokens)
    return {word for word in words if word}


def normalise_query(query: str, rules: SearchRules | None = None) -> str:
    """What the search box sends on: folded, stop words and plurals reduced, query syntax kept.

    `rules` is the `table` of the built index (default: a table of no index words). A stop word at
    the very end is kept when `rules["unfinished"]` lists it: « de » may become « déroulement ».
    A question word is dropped when another word names the subject: « date des résultats ».
    """
    rules = rules or table()
    unfinished, synonyms = set(rules["unfinished"]), rules["synonyms"]
    folded = fold(query)
    for phrase, site_word in rules["phrases"].items():
        folded = re.sub(phrase_pattern(phrase), site_word, folded)
    subject = any(word not in _STOP and singular(word) not in QUESTION_WORDS for word in _WORD.findall(folded))

    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        if text in _STOP:
            return text if match.end() == len(folded) and text in unfinished else ""
        text = singular(text)
        if subject and text in QUESTION_WORDS:
            return ""
        text = synonyms.get(text, text)
        return first_rule(text, QUERY_ENDINGS)

    return _WORD.sub(word, folded)


def phrase_pattern(phrase: str) -> str:
    """The folded phrase as typed, its words apart by any separator: « tiers temps », « tiers-temps » (JavaScript alike)."""
    return r"\b" + "[^a-z0-9]+".join(phrase.split()) + r"\b"


class SearchRules(TypedDict):
    """The rules as the browser's search worker reads them (docs/assets/javascripts/workers/search-fr.js)."""

    accents: str                        # ACCENTS
    ligatures: dict[str, str]           # LIGATURES
    stop_words: list[str]               # folded, sorted
    unfinished: list[str]               # the stop words that may end a query
    question_words: list[str]           # QUESTION_WORDS
    plurals: list[list[str | int]]      # PLURALS: [suffix, replacement, minimum length]
    endings: list[list[str | int]]      # QUERY_ENDINGS, alike
    synonyms: dict[str, str]            # SYNONYMS the pages do not use themselves
    phrases: dict[str, str]             # PHRASES
    word: str                           # the pattern of a word


def table(words: Set[str] = frozenset()) -> SearchRules:
    """The rules as JSON for the browser (config.handbook_fr of the search index).

    `words` are the words of the index: a synonym of a word the pages use is left out, and only
    the stop words that begin one of them may end a query (`unfinished`).
    """
    ordered = sorted(words)
    return {
        "accents": ACCENTS,
        "ligatures": LIGATURES,
        "stop_words": sorted(_STOP),
        "unfinished": sorted(stop for stop in _STOP if begins_a_word(stop, ordered)),
        "question_words": list(QUESTION_WORDS),
        "plurals": [list(rule) for rule in PLURALS],
        "endings": [list(rule) for rule in QUERY_ENDINGS],
        "synonyms": {word: site_word for word, site_word in SYNONYMS.items() if word not in words},
        "phrases": dict(PHRASES),
        "word": _WORD.pattern,
    }


def begins_a_word(prefix: str, ordered: list[str]) -> bool:
    """Whether a word of the sorted list starts with the prefix: words that do sort together, from the prefix on."""
    at = bisect_left(ordered, prefix)
    return at < len(ordered) and ordered[at].startswith(prefix)


class RepeatedSections:
    """The sections of generated pages seen by the indexer, to spare Material's parser those another generated
    page already had (at national scale, most of an establishment's page: its deadlines, its centre's exams,
    the contacts). A section repeated on two pages is dropped from both anyway (without_repeats): a copy whose
    HTML another page had is left out before parsing, and that page's copy is marked to be dropped. A page is
    cut only at level-2 headings, and only where everything before the cut is whole (every element closed),
    so each piece holds exactly the sections Material would make of it (tests/test_search.py compares indexes)."""

    def __init__(self) -> None:
        # piece digest -> the first page that had it, the ids of its sections, whether it stood at the top level
        # there, whether it closes every element it opens
        self.first: dict[bytes, tuple[str, tuple[str, ...], bool, bool]] = {}
        self.repeated: set[str] = set()   # locations (page#id) to drop from the index

    def unseen(self, html: str, url: str) -> str:
        """The page without the pieces another page already had."""
        pieces = SECTION_START.split(html)
        kept = [pieces[0]]
        whole = is_balanced(pieces[0])
        for piece in pieces[1:]:
            digest = hashlib.blake2b(piece.encode("utf-8"), digest_size=16).digest()
            first = self.first.get(digest)
            balanced = first[3] if first else is_balanced(piece)
            if first is None:
                first = self.first[digest] = (url, tuple(HEADING_ID.findall(piece)), whole and balanced, balanced)
            whole = whole and balanced
            if whole and first[2] and first[0] != url:
                self.repeated.update(f"{first[0]}#{section}" for section in first[1])
            else:
                kept.append(piece)
        return "".join(kept)


# Where a level-2 heading (with its id, so a section of Material's) starts; the ids of headings in a piece.
SECTION_START = re.compile(r'(?=<h2 id=")')
HEADING_ID = re.compile(r'<h[1-6] id="([^"]*)"')
