"""One YAML file -> plain data, with the line of every key and item; hostile or broken YAML refused in French.

Events come from libyaml (PyYAML's C parser) when it is installed, else from PyYAML's pure-Python parser;
one composer below turns them into data for both, so both behave the same. The composer refuses, before
anything costs time or memory: oversized files, non-UTF-8 bytes, invisible characters, deep nesting,
aliases that multiply the data, recursive or unknown aliases, complex and non-text keys, tags, several
documents. Dates and "14:00" stay text (the model reports a bad one at its line), and a key given twice
is reported at its line, never silently overwritten.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, Protocol

import yaml
from yaml import events

from .problems import PathPart, Problem, shorten, written_before

# Limits: far above what a session needs (national scale: centres.yml of 1,000 centres is about 0.5 MB,
# nesting about 12 levels in forms), far below what would make a check slow or run out of memory.
MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 30
MAX_ALIASES = 100
MAX_ALIAS_NODES = 10_000          # values that aliases may add to a file, counted as expanded
MAX_VALUES = 500_000              # values in a file (a national session's largest holds 55 000): memory stays bounded
MAX_KEY_CHARS = 100

class Marks(dict[tuple[PathPart, ...], int]):
    """The line of every key and list item of a file, by data path: ("written", 0, "date") -> 9; and, in `spelled`,
    how the file wrote each value YAML read as true or false (town: Off) or as a decimal number (end: 17.00, read
    17.0): messages quote what staff typed."""

    def __init__(self) -> None:
        super().__init__()
        self.spelled: dict[tuple[PathPart, ...], str] = {}
        # A key of a « {…} » with no « : » after a text value (« display_name: TSGE Vidal, Toulouse »): the key whose
        # value the comma cut, the value YAML kept (« TSGE Vidal ») and the value typed, for the unknown key's message.
        self.cut_by_comma: dict[tuple[PathPart, ...], tuple[str, str, str]] = {}
        # Those keys whose cut value YAML read as a number (« address: 2, rue du Lycée »): the comma's message is given
        # only if that number is refused (a count « candidates: 3, Toulouse » is a number staff meant).
        self.cut_after_number: set[tuple[PathPart, ...]] = set()


class YamlRefused(Exception):
    """A file the composer stops reading: one problem, at its line."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


# --- event sources ---------------------------------------------------------------------------------

class _PythonEvents(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python parser alone (no composer, no constructor): the fallback event source."""

    def __init__(self, text: str):
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


class EventSource(Protocol):
    """A YAML parser as the composer reads it: libyaml's CParser or _PythonEvents."""

    # The next event, None at the end. Any: the composer's hot loop tests an event's exact type with `is`,
    # which mypy does not narrow on.
    def get_event(self) -> Any: ...

    def dispose(self) -> None: ...


def _parser_classes() -> dict[str, Callable[[str], EventSource]]:
    # libyaml when PyYAML was built with it (the wheels are), the pure-Python parser always.
    parsers: dict[str, Callable[[str], EventSource]] = {"python": _PythonEvents}
    if getattr(yaml, "__with_libyaml__", False):
        from yaml._yaml import CParser  # where yaml.cyaml takes it from (that module does not re-export it)
        parsers["c"] = CParser
    return parsers


PARSERS = _parser_classes()
# The parser read_yaml uses unless told otherwise: libyaml if present (6× faster at national scale,
# scripts/yaml_loader_speed.py).
DEFAULT_PARSER = "c" if "c" in PARSERS else "python"


# --- scalars ---------------------------------------------------------------------------------------

def _implicit_resolvers() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    # YAML 1.1's plain-scalar types, minus timestamps (dates stay text, so an impossible one is reported
    # at its line), minus base-60 integers (14:00 would be the number 840) and minus octal, hexadecimal and
    # binary ones: staff who write 010 mean ten, not eight; such a number stays text and a count refuses it. So does
    # 2_9 (YAML 1.1's twenty-nine): a slip, never a number staff meant.
    decimal_int = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
    return {
        first: [(tag, decimal_int if tag == "tag:yaml.org,2002:int" else regexp)
                for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


RESOLVERS = _implicit_resolvers()
STR_TAG = "tag:yaml.org,2002:str"
_SAFE = yaml.constructor.SafeConstructor()
# How a resolved plain scalar becomes a value; every other tag ("=", "<<") stays text.
SCALAR_VALUES: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:null": lambda text: None,
    "tag:yaml.org,2002:bool": lambda text: _SAFE.bool_values[text.lower()],
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": lambda text: _SAFE.construct_yaml_float(yaml.ScalarNode("tag:yaml.org,2002:float", text)),
}
# Explicit tags a file may use: "!" and "!!str" (text); any other tag is refused.
TEXT_TAGS = {"!", STR_TAG}


def _scalar(event: events.ScalarEvent) -> Any:
    # Plain scalars are typed as YAML 1.1 says (minus dates); quoted and block scalars are text.
    text = event.value
    if event.tag is None and event.implicit[0]:
        for tag, regexp in RESOLVERS.get(text[:1], ()):
            if regexp.match(text):
                return SCALAR_VALUES.get(tag, str)(text)
    return text


# --- the composer ----------------------------------------------------------------------------------

# A value wrapped in a word processor's quotes, which YAML keeps as text (its own are " and '): opening → (open, close).
CURLY_QUOTES = {"“": ("“", "”"), "‘": ("‘", "’"), "„": ("„", "“")}


def _curly_quoted(value: str) -> tuple[str, str] | None:
    # The quotes around the whole value, none of them inside it (« “Pierre” et “Aragon” » is text with its quotes).
    quotes = CURLY_QUOTES.get(value[:1])
    if quotes and len(value) > 2 and value.endswith(quotes[1]) and not any(q in value[1:-1] for q in quotes):
        return quotes
    return None

# Quotes that YAML keeps as text when one end of a value has one and the other end none: the closing one it ends with,
# or the opening one it starts with (a plain value cannot start with YAML's own « " »).
LONE_QUOTE_ENDS = ('"', "”")
LONE_QUOTE_STARTS = {"“": "”", "„": "“"}


def _lone_quote(value: str) -> str | None:
    # The quote left alone at one end of a value (« 65000 Tarbes" », « “14 rue Mesclin »), None when it has its pair.
    last, first = value[-1:], value[:1]
    if last == '"' and value.count('"') % 2:
        return last
    if last == "”" and not any(q in value for q in "“„"):
        return last
    if first in LONE_QUOTE_STARTS and LONE_QUOTE_STARTS[first] not in value[1:]:
        return first
    return None


# Spaces (or tabs), then « # » glued to a word, after a value: a comment YAML reads where staff typed part of a value.
# The data files' comments are « # » then a space; « 14 rue Mesclin  #3 65000 Tarbes » is no comment, whatever the spaces.
MID_VALUE_COMMENT = re.compile(r"[ \t]+#[^\s#]")
# The same anywhere in a file (after something other than a space): only then are values checked for it.
MAY_CUT_A_VALUE = re.compile(r"[^ \t][ \t]+#[^\s#]")
# Values that a comment may follow with one space, as they are no words: a date, an hour, an identifier-like number.
NOT_TEXT = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}|[\d.,+-]+)$")

_NO_KEY = object()


class _Open:
    """A mapping or list being read: its value, path, anchor, and (for a mapping) the key waiting for its value."""

    __slots__ = ("value", "path", "anchor", "expanded_at_start", "key", "seen", "is_list", "flow", "key_end", "again")

    def __init__(self, value: Any, path: tuple[PathPart, ...], anchor: str | None, expanded_at_start: int, flow: bool = False):
        self.value, self.path, self.anchor, self.expanded_at_start = value, path, anchor, expanded_at_start
        self.key: Any = _NO_KEY
        self.seen: set[str] = set()
        self.is_list = isinstance(value, list)
        self.flow = flow                                  # a mapping written « {…} »
        self.key_end: tuple[int, int] | None = None       # in one: where its last key ends (line, column)
        # In a list's item, from its first key seen again: that key's problem both ways (a « - » left out, or a key
        # typed twice), the keys before it, and the keys since; the item's end says which it was (_Composer.settle).
        self.again: tuple[Problem, Problem, set[str], list[str]] | None = None


# How a key that is not text was read, in staff words.
KEY_KINDS = {int: "un nombre", float: "un nombre", bool: "un booléen (oui/non)", type(None): "une valeur vide"}
WRITE_IT_OUT = "des valeurs écrites en entier, sans « *alias », par exemple centres: [issec-pigier, berthelot]"


class _Composer:
    """Events -> data and line marks, with every limit checked as the events arrive.

    `run` is the one hot loop of `handbook check` at national scale (about 10⁵ events): it tests event
    types inline and keeps its state in locals; rare events (aliases, documents) go to small methods."""

    def __init__(self, shown: str, lines: list[str] | None = None):
        self.shown = shown
        self.lines = lines      # the file's lines where a value may run into a comment (MID_VALUE_COMMENT), else None
        self.text = ""          # the file's text, for the rare messages that quote a line
        self.marks = Marks()
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[Any, int]] = {}     # anchor -> (value, expanded size)
        self.open_anchors: set[str] = set()
        self.expanded = 0                                  # values read, aliases counted as expanded
        self.alias_count = 0
        self.alias_nodes = 0
        self.documents = 0
        self.root: Any = None

    def refuse(self, line: int, path: tuple[PathPart, ...], message: str, expected: str) -> NoReturn:
        raise YamlRefused(Problem(self.shown, path, message, expected, line=line))

    def run(self, source: EventSource) -> None:
        stack: list[_Open] = []
        path: tuple[PathPart, ...]        # where the current value goes
        marks, get_event = self.marks, source.get_event
        scalar, mapping_start, sequence_start = events.ScalarEvent, events.MappingStartEvent, events.SequenceStartEvent
        collection_end, alias, document_start = (events.MappingEndEvent, events.SequenceEndEvent), events.AliasEvent, events.DocumentStartEvent
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is scalar or kind is mapping_start or kind is sequence_start or kind is alias:
                line = event.start_mark.line + 1
                # Where the value goes: the path of a list item or key's value, and its line.
                if not stack:
                    parent, path = None, ()
                    marks.setdefault(path, line)
                else:
                    parent = stack[-1]
                    if parent.is_list:
                        path = parent.path + (len(parent.value),)
                        marks[path] = line
                    elif parent.key is _NO_KEY:
                        path = parent.path
                        if kind is not scalar:
                            self.refuse(line, path, "clé complexe (une liste, un bloc ou un alias utilisé comme clé)",
                                        "une clé en texte simple suivie de « : », par exemple name: Lycée Pierre d'Aragon")
                    else:
                        path = parent.path + (parent.key,)
                if kind is scalar:
                    if event.tag is not None and event.tag not in TEXT_TAGS:
                        self.refuse(line, path, f"étiquette YAML « {event.tag} » non acceptée",
                                    "une valeur sans étiquette (sans « ! »), par exemple note: copies dématérialisées")
                    if event.style == '"' and (hidden := ESCAPED_INVISIBLE.search(event.value)):
                        self.refuse(line, path, f"caractère invisible interdit (U+{ord(hidden.group()):04X}, écrit par un "
                                                "échappement « \\ » entre guillemets)",
                                    "du texte sans caractère de contrôle : retirer l'échappement, par exemple name: \"Lycée Berthelot\"")
                    if self.lines is not None and not event.style:
                        self.on_plain_end(event, path)
                    # (the first letter looked at here: half a million values of a hostile file each pass this line)
                    if event.value[:1] in CURLY_QUOTES and not event.style and (quotes := _curly_quoted(event.value)):
                        self.problems.append(Problem(
                            self.shown, path, f"guillemets typographiques « {quotes[0]} » et « {quotes[1]} » autour de la valeur : "
                            "YAML les garde dans le texte, et chaque page les montrerait (texte copié d'un traitement de texte ?)",
                            f"la valeur sans eux, ou entre guillemets droits, par exemple {written_before(path)}"
                            f"{json.dumps(shorten(event.value[1:-1]), ensure_ascii=False)}", line=line))
                    if not event.value and parent is not None and not event.style:
                        if parent.flow and parent.key is not _NO_KEY:
                            # « town: , » in braces is emptied as in a block; a key a comma made has no « : » at all
                            if not self.on_empty_in_flow(event, parent, path):
                                self.on_empty_value(line, path)
                        elif not parent.flow and (parent.is_list or parent.key is not _NO_KEY):
                            self.on_empty_value(line, path)
                    elif (event.value[-1:] in LONE_QUOTE_ENDS or event.value[:1] in LONE_QUOTE_STARTS) and not event.style:
                        if lone := _lone_quote(event.value):
                            self.on_lone_quote(line, path, event.value, lone)
                    value = _scalar(event)
                    if isinstance(value, (bool, float)) and (parent is None or parent.is_list or parent.key is not _NO_KEY):
                        self.marks.spelled[path] = event.value
                    self.expanded += 1
                    if self.expanded > MAX_VALUES:
                        self.too_many(line, path)
                    if event.anchor is not None:
                        self.anchors[event.anchor] = (value, 1)
                elif kind is alias:
                    value = self.on_alias(event.anchor, line, path)
                else:
                    if len(stack) >= MAX_DEPTH:
                        self.refuse(line, path, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                                    "des blocs et des listes sur quelques niveaux, par exemple centres: [issec-pigier]")
                    if event.tag is not None and event.tag != "!":
                        self.refuse(line, path, f"étiquette YAML « {event.tag} » non acceptée",
                                    "un bloc ou une liste sans étiquette (sans « ! »), par exemple centres: [issec-pigier]")
                    if event.anchor is not None:
                        self.open_anchors.add(event.anchor)
                    self.expanded += 1
                    if self.expanded > MAX_VALUES:
                        self.too_many(line, path)
                    stack.append(_Open([] if kind is sequence_start else {}, path, event.anchor, self.expanded,
                                       kind is mapping_start and bool(event.flow_style)))
                    continue
            elif kind in collection_end:
                done = stack.pop()
                if done.again is not None:
                    self.settle(done.again)
                if done.anchor is not None:
                    self.open_anchors.discard(done.anchor)
                    self.anchors[done.anchor] = (done.value, self.expanded - done.expanded_at_start + 1)
                value, line = done.value, 0
                parent = stack[-1] if stack else None
            elif kind is document_start:
                self.on_document_start(event.start_mark.line + 1)
                continue
            else:
                continue
            # A finished value: the root, a list item, a key, or a key's value.
            if parent is None:
                self.root = value
            elif parent.is_list:
                parent.value.append(value)
            elif parent.key is _NO_KEY:
                self.on_key(parent, value, line, event, stack[-2] if len(stack) > 1 else None)
            else:
                parent.value[parent.key] = value
                parent.key = _NO_KEY

    def on_plain_end(self, event: events.ScalarEvent, path: tuple[PathPart, ...]) -> None:
        # Text without quotes, then spaces and « # » glued to a word: YAML ends the value there and reads the rest as a
        # comment (« 14 rue Mesclin #bâtiment B 65000 Tarbes », « 14 rue Mesclin  #3 65000 Tarbes » are read « 14 rue
        # Mesclin »). A comment is « # » then a space, as the data files write theirs; numbers, dates and hours are left
        # alone (nothing of them is cut).
        end = event.end_mark
        if self.lines is None or end is None or end.line >= len(self.lines) or not event.value:
            return
        row = self.lines[end.line]
        if not MID_VALUE_COMMENT.match(row, end.column) or not isinstance(_scalar(event), str) or NOT_TEXT.match(event.value):
            return
        rest = row[end.column:].strip()
        self.problems.append(Problem(
            self.shown, path, f"« # » collé à un mot après une valeur sans guillemets : YAML lit « {shorten(rest)} » comme un "
            f"commentaire, et la valeur s'arrête à « {shorten(event.value)} »",
            f"si « # » fait partie de la valeur, la valeur entière entre guillemets, par exemple {written_before(path)}"
            f"\"{shorten(event.value + ' ' + rest)}\" ; si c'est un commentaire, une espace après « # » (« # texte »)",
            line=end.line + 1))

    def too_many(self, line: int, path: tuple[PathPart, ...]) -> NoReturn:
        self.refuse(line, path, f"fichier trop grand : plus de {MAX_VALUES:,} valeurs".replace(",", " "),
                    "les données d'une session, découpées comme les fichiers de la session 2022 (une session nationale "
                    "en compte 55 000 dans son plus gros fichier), par exemple centres.yml")

    def on_key(self, parent: _Open, key: Any, line: int, event: Any, holder: _Open | None) -> None:
        # Keys are names: text, short, once per block. `holder`: the list or block that holds this block.
        if not isinstance(key, str):
            shown = event.value or "null"     # as typed (« yes »), not as YAML reads it (true)
            self.refuse(line, parent.path + (shown,), f"clé « {shown} » lue comme {KEY_KINDS.get(type(key), 'une valeur')}, pas comme un nom",
                        f"une clé en texte : entre guillemets si elle ressemble à un nombre ou à oui/non, par exemple \"{shown}\": …")
        if len(key) > MAX_KEY_CHARS:
            self.refuse(line, parent.path, f"clé de {len(key)} caractères",
                        f"un nom de clé de {MAX_KEY_CHARS} caractères au plus, par exemple name")
        if key == "<<" and not event.style:
            self.problems.append(Problem(
                self.shown, parent.path + (key,), "clé de fusion « << » non acceptée (YAML y recopierait les clés d'un autre bloc)",
                "chaque clé écrite dans le bloc lui-même, sans « <<: » ni alias, par exemple name: Lycée Pierre d'Aragon", line=line))
        if parent.again is not None:
            parent.again[3].append(key)
        if key in parent.seen:
            twice = Problem(self.shown, parent.path + (key,), "clé en double",
                            f"chaque clé une seule fois par bloc : supprimer ou renommer ce second « {key}: », "
                            "par exemple en gardant la première", line=line)
            if parent.again is None and self.starts_an_item(parent, key, holder):
                # The same keys again in a list's item: a new item whose « - » was left out (a copied entry), not keys to
                # delete, if more of the item's keys follow (settled at its end). Said once; the keys after it are that item's.
                dash = Problem(self.shown, parent.path + (key,),
                               f"« {key} » une seconde fois dans cet élément de la liste : un « - » manque sans doute en début "
                               f"de ligne {line} (un nouvel élément commence là)",
                               f"un « - » devant la première clé de chaque élément, aligné sur ceux des autres, par exemple "
                               f"{self.with_dash(event, key)}", line=line)
                parent.again = (dash, twice, set(parent.seen), [key])
                parent.seen = set()
            else:
                self.problems.append(twice)
        parent.seen.add(key)
        parent.key = key
        if parent.flow:
            parent.key_end = (event.end_mark.line, event.end_mark.column)
        self.marks[parent.path + (key,)] = line

    def settle(self, again: tuple[Problem, Problem, set[str], list[str]]) -> None:
        # An item whose first key came again: a « - » left out if more of its keys came after it (a copied entry), else
        # that key typed twice.
        dash, twice, before, since = again
        self.problems.append(dash if len(since) > 1 and all(key in before for key in since) else twice)

    @staticmethod
    def starts_an_item(block: _Open, key: str, holder: _Open | None) -> bool:
        # A block that is an item of a list, where this key is the first of the block, or of another item.
        if holder is None or not holder.is_list or block.flow:
            return False
        firsts = {next(iter(item)) for item in holder.value if isinstance(item, dict) and item}
        return key == next(iter(block.value), None) or key in firsts

    def with_dash(self, event: Any, key: str) -> str:
        # The key's line with « - » in the two spaces before the key (« - exam: e1 »), else « - key: … ».
        column, row = event.start_mark.column, self.row(event.start_mark.line)
        if row is not None and column >= 2 and row[column - 2:column] == "  ":
            return f"« {row[:column - 2].lstrip()}- {row[column:].strip()} »"
        return f"« - {key}: … »"

    def row(self, line: int) -> str | None:
        # A line of the file (0-based), when the composer has its text.
        rows = self.lines if self.lines is not None else self.text.split("\n") if self.text else None
        return rows[line] if rows is not None and line < len(rows) else None

    def on_empty_value(self, line: int, path: tuple[PathPart, ...]) -> None:
        # « address: » with nothing after it (a value cleared to paste another): YAML reads no value, and the site would
        # say the circular gives none. A value the circular does not give has its line left out; an empty one is a slip.
        before = written_before(path).strip()
        if before == "-":
            self.problems.append(Problem(
                self.shown, path, "élément de liste vide : une ligne « - » sans rien après",
                "l'élément après « - », sur la même ligne, ou la ligne supprimée si l'élément est en trop", line=line))
            return
        self.problems.append(Problem(
            self.shown, path, f"valeur vide après « {before} » : YAML la lit comme absente (une valeur effacée pour en "
            "coller une autre ?) ; une adresse vide, par exemple, ferait dire au site que la circulaire n'en donne pas",
            f"la valeur sur la même ligne que « {before} » ; si elle n'a pas lieu d'être, la ligne retirée entière",
            line=line))

    def on_lone_quote(self, line: int, path: tuple[PathPart, ...], value: str, quote: str) -> None:
        # A quote at one end of a value only: YAML keeps it as text, and every page, calendar and export would show it.
        where = "à la fin" if value.endswith(quote) else "au début"
        kept = value[:-1] if value.endswith(quote) else value[1:]
        in_apostrophes = value.replace("'", "''")   # YAML's own apostrophe, doubled between apostrophes
        self.problems.append(Problem(
            self.shown, path, f"guillemet « {quote} » seul {where} de la valeur : YAML le garde dans le texte, et chaque "
            "page le montrerait (guillemet oublié à l'autre bout, ou en trop ?)",
            f"la valeur sans lui, ou entière entre guillemets droits, par exemple {written_before(path)}"
            f"{json.dumps(kept.strip(), ensure_ascii=False)} (s'il en fait partie : la valeur entre apostrophes, "
            f"{written_before(path)}'{in_apostrophes}')", line=line))

    def on_empty_in_flow(self, event: Any, parent: _Open, path: tuple[PathPart, ...]) -> bool:
        # A key of a « {…} » with no « : » after it (its empty value starts where the key ends), after a text value:
        # « {display_name: TSGE Vidal, Toulouse} » reads « Toulouse » as a key; the unknown key's message says so.
        # False for a key written with its « : » (« town: , »): an emptied value.
        if parent.key_end != (event.start_mark.line, event.start_mark.column):
            return False
        if not parent.value:
            return True
        before, value = next(reversed(parent.value.items()))
        cut = self.marks.cut_by_comma
        earlier = cut.get(parent.path + (before,))
        if earlier is not None:          # « a, b, c »: every key the commas made names the whole value (one message)
            whole = (earlier[0], earlier[1], f"{earlier[2]}, {parent.key}")
            for made in [made for made, record in cut.items() if made[:-1] == parent.path and record == earlier] + [path]:
                cut[made] = whole
                if parent.path + (before,) in self.marks.cut_after_number:
                    self.marks.cut_after_number.add(made)
        elif isinstance(value, (str, int)) and not isinstance(value, bool):   # « address: 2, rue du Lycée »: 2 read as a number
            cut[path] = (before, str(value), f"{value}, {parent.key}")
            if not isinstance(value, str):
                self.marks.cut_after_number.add(path)
        return True

    def on_alias(self, name: str, line: int, path: tuple[PathPart, ...]) -> Any:
        # An alias repeats a value already read: counted as expanded, so an alias bomb stops within milliseconds.
        if name in self.open_anchors:
            self.refuse(line, path, f"alias récursif « *{name} » (il se contient lui-même)", WRITE_IT_OUT)
        if name not in self.anchors:
            self.refuse(line, path, f"alias inconnu « *{name} »",
                        f"une ancre « &{name} » définie plus haut, ou un texte commençant par * entre guillemets, par exemple \"*{name}\"")
        value, size = self.anchors[name]
        self.alias_count += 1
        self.alias_nodes += size
        if self.alias_count > MAX_ALIASES or self.alias_nodes > MAX_ALIAS_NODES:
            self.refuse(line, path, f"alias trop nombreux ou trop gros (plus de {MAX_ALIASES} alias ou de "
                                    f"{MAX_ALIAS_NODES} valeurs recopiées)", WRITE_IT_OUT)
        self.expanded += size
        return value

    def on_document_start(self, line: int) -> None:
        self.documents += 1
        if self.documents > 1:
            self.refuse(line, (), "plusieurs documents dans le fichier (ligne « --- » au milieu)",
                        "un seul document : retirer la ligne « --- » ou séparer en deux fichiers, par exemple "
                        "une seule liste establishments:")


# --- bytes -> text ---------------------------------------------------------------------------------

# Byte-order marks of encodings other than UTF-8 (UTF-32 first: it starts like UTF-16).
OTHER_BOMS = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32", b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}
# What YAML refuses to read (C0/C1 controls other than tab and line breaks, surrogates, U+FFFE/FFFF), and the
# invisible format characters it would take as text: zero-width spaces and joiners, direction marks, embeddings
# and isolates, word joiners, a byte-order mark inside the text. A name made of them shows as nothing, and one
# that reverses the direction of what follows shows other words than those written. Also the line breaks other
# than CR and LF (U+0085, U+2028, U+2029): YAML counts them as lines, editors do not, so every line named after
# them would be wrong.
INVISIBLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]"
                       "|[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u2028\u2029]")
# The same characters written as escapes between double quotes ("\0", "\e", "\u202e", "\N", "\L"…), and a
# carriage return ("\r"): the file's bytes are clean, the value is not.
ESCAPED_INVISIBLE = re.compile(INVISIBLE.pattern + "|\r")
SAVE_AS_UTF8 = "un fichier enregistré en UTF-8 (l'encodage par défaut de l'éditeur), par exemple é écrit « é »"


# No-break spaces (no-break, narrow, figure) read as the space they stand for.
NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 text of a data file, without its BOM if it has one; other encodings and invisible characters refused
    at their line. Line ends are written "\n" whatever the editor saved ("\r\n" on Windows, "\r" on old Macs): YAML
    counts each as one line, and so does every reading here that names a line. Accents typed apart (« e » + U+0301,
    as text pasted from a PDF or a Mac writes them) are read as one character (NFC): the same text, which the PDF
    forms can print and the checks of names compare as it reads. The no-break spaces a word processor puts in pasted
    text (« 14 rue Mesclin » with U+00A0, « 05 36 25 71 28 » with U+202F) are read as spaces: the site sets its own
    where French wants them, and one left in an address went into its map link (« 14%C2%A0rue »)."""
    text = utf8_text(raw, shown).replace("\r\n", "\n").replace("\r", "\n")
    if "\u00a0" in text or "\u202f" in text or "\u2007" in text:
        text = text.translate(NO_BREAK_SPACES)
    invisible = INVISIBLE.search(text)
    if invisible:
        line, column = _line_column(text, invisible.start())
        raise YamlRefused(Problem(shown, (), f"caractère invisible interdit (U+{ord(invisible.group()):04X})",
                                  "du texte sans caractère de contrôle : retaper la ligne, par exemple name: Lycée Berthelot",
                                  line=line, column=column))
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def utf8_text(raw: bytes, shown: str) -> str:
    """UTF-8 text of a file (a data file, a page of docs/), without its BOM if it has one; a file saved in another
    encoding, or cut short to zero bytes, refused at its line (YamlRefused)."""
    for bom, name in OTHER_BOMS.items():
        if raw.startswith(bom):
            raise YamlRefused(Problem(shown, (), f"fichier enregistré en {name}", SAVE_AS_UTF8, line=1))
    if raw and not raw.strip(b"\x00"):          # a save cut short or a disk error: zero bytes only
        raise YamlRefused(Problem(shown, (), "fichier fait d'octets nuls, sans texte (enregistrement interrompu ?)",
                                  "le contenu du fichier, par exemple repris de la version précédente (git)", line=1))
    if raw and raw.count(0) * 4 >= len(raw):    # UTF-16 or UTF-32 without its mark: a zero byte for each letter
        raise YamlRefused(Problem(shown, (), "fichier enregistré en UTF-16 ou UTF-32 (sans marque d'ordre)", SAVE_AS_UTF8, line=1))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[:error.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")   # any line end counts (decode)
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        byte = raw[error.start]
        raise YamlRefused(Problem(shown, (), f"caractère non UTF-8 (octet 0x{byte:02X}, fichier enregistré en Latin-1 ou Windows ?)",
                                  SAVE_AS_UTF8, line=line, column=column)) from None
    return text.removeprefix("\ufeff")


def _line_column(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


# --- syntax errors in staff words ------------------------------------------------------------------

@dataclass(frozen=True)
class SyntaxWords:
    """One PyYAML/libyaml message in staff words: what is wrong, what to write, and which mark is the line."""

    what: str
    expected: str
    at_context: bool = False     # the line where the construct opened (an unclosed quote), not where parsing failed
    is_syntax: bool = True       # False: a limit libyaml enforces itself, said as the composer says it


QUOTE_IT = "le texte entre guillemets, par exemple note: \"horaire : 14 h\""
INDENT = "les clés d'un même bloc alignées, indentées par des espaces, par exemple\n      name: Lycée Berthelot\n      town: Toulouse"
CLOSE_QUOTE = "le même guillemet en fin de texte, par exemple name: \"Lycée Berthelot\""
LIST_ITEM_INDENT = SyntaxWords("indentation incohérente d'un élément de liste",
                               "les « - » d'une même liste alignés, par exemple\n  - exam: e3\n  - exam: e1")
MISSING_COLON = SyntaxWords("« : » manquant après une clé (ou texte sur plusieurs lignes sans guillemets)",
                            f"« clé: valeur », ou {QUOTE_IT}", True)
GLUED_VALUE = SyntaxWords("espace manquante après « : » (YAML lit « clé:valeur » comme un seul mot)", "", True)
# A key and its value written without the space between them: « town:Tarbes », « - id:berthelot ».
GLUED_KEY = re.compile(r"^\s*(?:-\s+)?(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s:#][^#]*?)\s*$")
KEY_INDENT = SyntaxWords("indentation incohérente : ligne décalée par rapport aux clés de son bloc", INDENT)
COLON_IN_VALUE = SyntaxWords("« : » inattendu dans une valeur (texte à mettre entre guillemets, ou ligne mal indentée)", QUOTE_IT)
# A key and its one-word value without the « : » between them, on an item (« - exam e3 ») or among keys: the next
# line, indented under it, reads as the rest of its text, and YAML stops at that line's « : ». A key as the data
# files write theirs (lower case, « _ »): a line of prose (« Les candidats apportent… ») is text, not a key.
COLON_LEFT_OUT = re.compile(r"^(?P<start>\s*(?P<item>-\s+)?)(?P<key>[a-z_][a-z0-9_]*) (?P<value>[^\s:#'\"]+)\s*$")
KEY_LINE = re.compile(r"^(?P<indent>\s*)(?:-\s+)?[a-z_][a-z0-9_]*:(?:\s|$)")

UNEXPECTED_DASH = SyntaxWords("« - » inattendu : élément de liste mal placé",
                              "un élément « - » sous une clé qui attend une liste, indenté, par exemple\ncentres:\n  - id: berthelot")

# Every message of PyYAML's scanner and parser and of libyaml that a hand-edited file can meet, matched on
# "context / problem" (libyaml words first, then PyYAML's); {char} is the character at the error.
SYNTAX_WORDS: list[tuple[re.Pattern[str], SyntaxWords]] = [(re.compile(pattern), words) for pattern, words in [
    (r"quoted scalar / found unexpected end of stream",
     SyntaxWords("guillemet ouvert ici et jamais fermé", CLOSE_QUOTE, True)),
    (r"quoted scalar / found unexpected (document indicator|document separator)",
     SyntaxWords("guillemet ouvert ici et jamais fermé (« --- » ou « ... » atteint)", CLOSE_QUOTE, True)),
    (r"found unknown escape character|expected escape sequence|hexdecimal number|invalid Unicode character escape",
     SyntaxWords("barre oblique inverse « \\ » inconnue dans un texte entre guillemets doubles",
                 "des guillemets simples, par exemple note: 'C:\\dossier', ou « \\\\ » pour une barre oblique inverse")),
    (r"tab character|found character '\\t' that cannot start",
     SyntaxWords("tabulation dans l'indentation", "une indentation faite d'espaces, jamais de tabulations, par exemple « ␣␣- exam: e3 »")),
    (r"mapping values are not allowed|found unexpected ':'", COLON_IN_VALUE),
    (r"maximum nesting depth|increasing (flow|block) level",
     SyntaxWords(f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                 "des blocs et des listes sur quelques niveaux, par exemple centres: [issec-pigier]", is_syntax=False)),
    (r"could not find expected ':'", MISSING_COLON),
    (r"(flow sequence|flow node) / (did not find expected ',' or '\]'|expected ',' or '\]')",
     SyntaxWords("liste entre crochets ouverte ici et mal fermée : « , » ou « ] » manquant",
                 "des éléments séparés par des virgules et un « ] » final, par exemple centres: [issec-pigier, berthelot]", True)),
    (r"(flow mapping|flow node) / (did not find expected ',' or '\}'|expected ',' or '\}')",
     SyntaxWords("bloc entre accolades ouvert ici et mal fermé : « , » ou « } » manquant",
                 "des « clé: valeur » séparés par des virgules et un « } » final, par exemple {id: berthelot, name: Lycée Berthelot}", True)),
    (r"invalid indentation or unclosed '\[' or '\{'",
     SyntaxWords("crochet « [ » ou accolade « { » non fermé, ou ligne mal indentée",
                 "le « ] » ou « } » sur la même ligne, par exemple centres: [issec-pigier, berthelot]")),
    (r"block collection / (did not find expected '-' indicator|expected <block end>)", LIST_ITEM_INDENT),
    (r"block mapping / (did not find expected key|expected <block end>)", KEY_INDENT),
    (r"block sequence entries are not allowed|sequence entries are not allowed here", UNEXPECTED_DASH),
    (r"mapping keys are not allowed",
     SyntaxWords("« ? » inattendu", f"une clé simple, ou {QUOTE_IT}")),
    (r"did not find expected node content|expected the node content",
     SyntaxWords("valeur attendue ici", "une valeur après « : » ou « - », par exemple town: Toulouse")),
    (r"(anchor|alias) / (did not find expected alphabetic or numeric character|expected alphabetic or numeric character)",
     SyntaxWords("« & » ou « * » en début de valeur (ancre ou alias YAML mal formé)", "le texte entre guillemets, par exemple name: \"*Lycée*\"")),
    (r"(tag|directive|tag handle|%YAML|%TAG|incompatible YAML document)",
     SyntaxWords("« ! » ou « % » en début de valeur (étiquette ou directive YAML)", "le texte entre guillemets, par exemple name: \"!Lycée\"")),
    (r"block scalar",
     SyntaxWords("bloc de texte « | » ou « > » mal écrit", "« >- » seul en fin de ligne, le texte indenté dessous, par exemple\nintro: >-\n  Les dossiers…")),
    (r"did not find expected <document start>|expected '<document start>'|document start",
     SyntaxWords("contenu inattendu après la fin des données (indentation ?)", INDENT)),
    (r"found character that cannot start any token|found character .* that cannot start any token",
     SyntaxWords("caractère « {char} » interdit en début de valeur", "le texte entre guillemets, par exemple note: \"{char} …\"")),
    (r"simple key / found unexpected end of stream|found unexpected end of stream",
     SyntaxWords("fin de fichier inattendue (guillemet, crochet ou accolade non fermé)",
                 "chaque « \" », « [ » et « { » fermé sur sa ligne, par exemple centres: [issec-pigier]", True)),
    (r"control characters|special characters|UTF-8 octet|invalid Unicode character",
     SyntaxWords("caractère interdit", SAVE_AS_UTF8)),
]]
UNKNOWN_SYNTAX = SyntaxWords("erreur de syntaxe YAML", f"« clé: valeur » sur chaque ligne, {QUOTE_IT}")


def syntax_problem(error: yaml.YAMLError, text: str, shown: str, marks: Marks) -> Problem:
    """A parser error as staff read it: French words, the line of the opening quote or of the fault, and
    the field being read there (the last key or item that starts on or before that line)."""
    context = str(getattr(error, "context", "") or "")
    problem = str(getattr(error, "problem", "") or error)
    said = f"{context} / {problem}"
    words = next((w for pattern, w in SYNTAX_WORDS if pattern.search(said)), UNKNOWN_SYNTAX)
    mark = getattr(error, "context_mark", None) if words.at_context else None
    mark = mark or getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = column = None
    char = "?"
    opened = _quote_left_open(text, mark.line) if mark is not None and not words.at_context else None
    if opened is not None:
        # The quote ran on to the next quote below, where the parser then failed: the fault is where it opened.
        words, mark = UNCLOSED_QUOTE, yaml.Mark(shown, 0, opened[0], opened[1], text, 0)
    elif mark is not None and _after_closing_quote(text, mark.line, mark.column):
        words = TEXT_AFTER_QUOTE
    elif words.at_context and (fault := getattr(error, "problem_mark", None)) and _quote_closed_early(text, fault):
        # In a « {…} » or « […] » line, a quote inside a quoted value closed it: the fault is there, not the brace.
        words, mark = QUOTE_INSIDE_QUOTES, fault
    expected = words.expected
    if words is COLON_IN_VALUE and mark is not None and (left_out := _colon_left_out_above(text, mark)) is not None:
        words, mark, expected = left_out
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
        row = _row(text, mark.line)
        char = row[mark.column] if mark.column < len(row) else "?"
        if words is LIST_ITEM_INDENT and not row.lstrip().startswith("-"):
            words = KEY_INDENT   # a key out of line inside a list's item, not an item
            expected = words.expected
        if words.expected == CLOSE_QUOTE and (closed := _closed_quote(row)):
            expected = f"le même guillemet en fin de texte, par exemple {closed}"   # its own line, the quote closed
        if words is TEXT_AFTER_QUOTE and (whole := _whole_value_quoted(row)):
            expected = f"la valeur entière entre guillemets, ou sans guillemets, par exemple {whole}"   # its own line's value
        if words is UNEXPECTED_DASH and (found := KEY_AND_VALUE.match(row)) and found["value"].startswith("-") \
                and (whole := _whole_value_quoted(row)):
            # « note: - copies »: a value that starts with a dash, on its key's line, not a list
            expected = (f"la valeur entre guillemets si le tiret en fait partie, par exemple {whole} ; "
                        "une liste s'écrit sous sa clé, un élément « - » par ligne")
        if words is MISSING_COLON and (glued := GLUED_KEY.match(row)):
            # « town:Tarbes »: the colon is there, the space after it is not (YAML reads one word)
            words = GLUED_VALUE
            expected = f"une espace après « : », par exemple {glued['key']}: {glued['value']}"
    what = words.what.replace("{char}", char)
    if words is UNKNOWN_SYNTAX:
        what = f"{what} ({problem})"
    path = _field_at(text, mark.line, mark.column) if mark is not None else ()
    message = f"erreur de syntaxe YAML : {what}" if words.is_syntax else what
    return Problem(shown, path, message, expected.replace("{char}", char), line=line, column=column if words.is_syntax else None)


UNCLOSED_QUOTE = SyntaxWords("guillemet ouvert ici et jamais fermé sur sa ligne", CLOSE_QUOTE, True)
# A value that opens a quote: after « key: » or « - », up to the end of its line.
QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s"'#:][^:#]*:\s+)?(["'])(.*)$""")
TEXT_AFTER_QUOTE = SyntaxWords("texte après le guillemet fermant : les guillemets entourent toute la valeur",
                               "la valeur entière entre guillemets, ou sans guillemets, par exemple title: Culture Générale et Expression",
                               True)


QUOTE_INSIDE_QUOTES = SyntaxWords("guillemet fermé trop tôt : un texte entre guillemets contient le même guillemet",
                                  "le texte entre l'autre sorte de guillemets, par exemple name: \"Lycée Jeanne d'Arc\" ou "
                                  "name: 'Le \"Campus\"' (entre apostrophes, une apostrophe s'écrit aussi doublée : 'd''Arc')",
                                  True)
# A quoted value that ends just before a fault, after a separator (« key: », « , », « [ », « { »).
QUOTED_BEFORE = re.compile(r"""(?:^|[\s,{\[:])(["'])(?:(?!\1).)*\1$""")


# What follows a quoted value when only its comma is missing: the next key (« "Lycée X"town: Muret »).
NEXT_KEY = re.compile(r"\s*[^\s\"',:{}\[\]]+:(\s|$)")


def _quote_closed_early(text: str, fault: yaml.Mark) -> bool:
    # The parser of a flow line stopped on text glued after a closed quoted value: 'Lycée Jeanne d'Arc'.
    row = _row(text, fault.line)
    glued = fault.column < len(row) and row[fault.column] not in ",]}#" and not NEXT_KEY.match(row, fault.column)
    return glued and QUOTED_BEFORE.search(row[:fault.column]) is not None


def _closed_quote(row: str) -> str | None:
    # A line that opens a quote and never closes it, as it should read: « start: "14:00 » → « start: "14:00" ».
    opened = QUOTED_VALUE.match(row)
    # Its quote inside, or a comment after (« "14:00 # début »): closing at the end is not the fix.
    if not opened or opened.group(1) in opened.group(2) or " #" in opened.group(2):
        return None
    # Closed by a word processor's quote (« "14:00” »): that one goes, YAML's own closes it.
    return row.strip().rstrip("”“’‘") + opened.group(1)


# A key and its value on one line, the value written after « key: » (« note: "copies" dématérialisées »).
KEY_AND_VALUE = re.compile(r"^\s*(?:-\s+)?(?P<key>[A-Za-z_][\w-]*):\s+(?P<value>[^{\[].*?)\s*$")


def _whole_value_quoted(row: str) -> str | None:
    # The line's value as one text between straight quotes, its own quotes left out: « note: "copies dématérialisées" ».
    found = KEY_AND_VALUE.match(row)
    if not found:
        return None
    value, hash_mark, comment = found["value"].partition(" #")   # a comment after it stays after it
    inner = " ".join(re.sub(r"[\"“”]", "", value).split())
    return f'{found["key"]}: "{inner}"' + (f"  #{comment}" if hash_mark else "") if inner else None


def _colon_left_out_above(text: str, mark: yaml.Mark) -> tuple[SyntaxWords, yaml.Mark, str] | None:
    # The « : » the parser stopped at belongs to the line under a key written without its own (COLON_LEFT_OUT):
    # the mistake is on that line above, at its key.
    above = mark.line - 1
    while above >= 0 and (not _row(text, above).strip() or _row(text, above).lstrip().startswith("#")):
        above -= 1
    found = COLON_LEFT_OUT.match(_row(text, above)) if above >= 0 else None
    row = _row(text, mark.line)
    if found is None or len(row) - len(row.lstrip()) < len(found["start"]):
        return None
    if not found["item"] and not _key_beside(text, above, len(found["start"])):
        return None   # not an item, and no key at its indentation just above: the line may be a text's continuation
    words = SyntaxWords(f"« : » manquant après « {found['key']} » (YAML lit la ligne suivante comme la suite de son texte)",
                        "", True)
    at = yaml.Mark(mark.name, 0, above, len(found["start"]), text, 0)
    return words, at, f"« clé: valeur », par exemple {found['start'].lstrip()}{found['key']}: {found['value']}"


def _key_beside(text: str, line: int, indent: int) -> bool:
    # The nearest line above with this indentation or less is a key at this indentation (« academy: … » above
    # « year 2022 »), not the opening of a text whose continuation this line would be.
    for above in range(line - 1, -1, -1):
        row = _row(text, above)
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        width = len(row) - len(row.lstrip())
        if width <= indent:   # a sibling key says a block of keys; a parent line, perhaps a text that goes on
            return width == indent and KEY_LINE.match(row) is not None
    return False


def _row(text: str, line: int) -> str:
    # One line of the file, 0-based ("" past its end: a parser may stop after the last line).
    return text.split("\n", line + 1)[line] if line < text.count("\n") + 1 else ""


def _after_closing_quote(text: str, line: int, column: int) -> bool:
    # The parser failed on text that follows, on its line, a quoted value already closed: title: "Culture" et…
    row = _row(text, line)
    quoted = QUOTED_VALUE.match(row)
    if quoted is None or column <= quoted.start(2):
        return False
    before = row[:column].rstrip()
    return before.endswith(quoted.group(1)) and len(before) > quoted.start(2)


# How far above a failed line to look for the quote that ran on to it.
QUOTE_LOOKBACK = 50


def _quote_left_open(text: str, failed: int) -> tuple[int, int] | None:
    # (line, column), 0-based, of a quoted value that does not close on its own line and whose quote ran on down to
    # the failed line: no line in between holds that quote, as the first one met would have closed it.
    rows = text.split("\n", failed + 1)[:failed + 1]
    seen = ""
    for number in range(failed - 1, max(-1, failed - 1 - QUOTE_LOOKBACK), -1):
        match = QUOTED_VALUE.match(rows[number])
        if match and match.group(1) not in seen and not _closes(match.group(1), match.group(2)):
            return number, match.start(1)
        seen += "".join(quote for quote in "\"'" if quote in rows[number])
        if len(seen) >= 2 and '"' in seen and "'" in seen:
            return None
    return None


def _closes(quote: str, rest: str) -> bool:
    # Whether the rest of the line closes the quote: a « " » not escaped, a « ' » not doubled.
    if quote == '"':
        return re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
    return re.search(r"'(?!')", rest.replace("''", "")) is not None


# How much text the field search of a syntax error may re-read, by parser (about 0.5 s of either).
FIELD_SEARCH_CHARACTERS = {"c": 8_000_000, "python": 1_000_000}


def _field_at(text: str, line: int, column: int) -> tuple[PathPart, ...]:
    # The field being read where parsing failed. The parser reads ahead, so the events of the broken line
    # never came: compose the text cut at the fault, then cut just before each earlier word of that line
    # until a key or item of the line is read. Its path, else the block holding the last one read.
    row_start = sum(len(row) + 1 for row in text.split("\n", line)[:line])
    row = text[row_start:row_start + column]
    cuts = [column] + [i for i in range(column - 1, 0, -1) if row[i - 1] in " ,[{"][:8]
    fallback: tuple[PathPart, ...] | None = None
    budget = FIELD_SEARCH_CHARACTERS[DEFAULT_PARSER]
    for cut in cuts:
        budget -= row_start + cut
        if budget < 0 and fallback is not None:
            break
        composer = _Composer("")
        try:
            composer.run(PARSERS[DEFAULT_PARSER](text[:row_start + cut]))
        except (yaml.YAMLError, YamlRefused):
            pass
        if not composer.marks:
            continue
        path, at = next(reversed(composer.marks.items()))
        if at == line + 1:
            return path
        fallback = path[:-1] if fallback is None else fallback
    return fallback or ()


# --- the whole file --------------------------------------------------------------------------------

def read_yaml(path: Path, shown: str, parser: str | None = None) -> tuple[Any, Marks, list[Problem]]:
    """Parse one file; return its data, the line of every key and item, and its problems (data None if any
    stops the reading)."""
    if not path.is_file():
        return None, Marks(), [Problem(shown, (), "fichier manquant", f"le fichier {path.name}, par exemple copié de la session précédente")]
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, Marks(), [Problem(shown, (), f"fichier trop gros ({size:,} octets)".replace(",", " "),
                                  f"un fichier de {MAX_FILE_BYTES // 1_000_000} Mo au plus, par exemple établissements et centres "
                                  "d'une académie (quelques dizaines de ko)", line=1)]
    composer = _Composer(shown)
    text = ""
    try:
        text = composer.text = decode(path.read_bytes(), shown)
        if MAY_CUT_A_VALUE.search(text):
            composer.lines = text.split("\n")
        source = PARSERS[parser or DEFAULT_PARSER](text)
        try:
            composer.run(source)
        finally:
            dispose = getattr(source, "dispose", None)
            if dispose:
                dispose()
    except YamlRefused as refused:
        return None, composer.marks, [refused.problem]
    except yaml.YAMLError as error:
        return None, composer.marks, [syntax_problem(error, text, shown, composer.marks)]
    except OSError as error:
        return None, Marks(), [Problem(shown, (), f"fichier illisible ({error.strerror})", "un fichier lisible, par exemple calendar.yml")]
    if composer.documents == 0 or composer.root is None:
        return None, composer.marks, [Problem(shown, (), "fichier vide", "les données de ce fichier, par exemple copiées de la session précédente",
                                              line=1)]
    return composer.root, composer.marks, composer.problems
