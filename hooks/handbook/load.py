"""YAML -> Session: every value keeps its file and line; every problem is collected."""

from __future__ import annotations

import difflib
import json
import typing
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from . import model
from .checks import check_session
from .corrections import apply_corrections
from .drafts import parse_field
from .model import Hint
from .model.types import DAY_HOURS, RESERVED_IDS, place_type, split_annotation
from .problems import DataError, PathPart, Problem, shorten, written_before
from .text import date_as_typed, missing_day, time_as_typed
from .yamlread import Marks, read_yaml

__all__ = ["load_session", "load_forms", "read_yaml", "FORMS_DIR"]

# Pydantic error types in staff words: (what is wrong, what would be accepted). {hint} is the value type's
# own words and example (model/types.py), so every `attendu` shows a value that would pass.
ERROR_WORDS: dict[str, tuple[str, str]] = {
    "missing": ("champ obligatoire absent", "la clé « {key} » avec {hint}"),
    "extra_forbidden": ("clé inconnue", "une des clés prévues ({allowed}), par exemple {closest}"),
    "string_type": ("texte attendu", "{hint} (entre guillemets s'il ressemble à un nombre)"),
    # A text YAML read as yes or no: Off, No, Yes, On (and true, false) are booleans unless quoted.
    "string_type_bool": ("texte attendu, lu comme oui ou non", "{hint} (entre guillemets s'il s'écrit yes, no, on, off, true "
                                                               "ou false, en minuscules ou capitales : \"Off\")"),
    "string_too_short": ("texte vide", "{hint}"),
    "string_too_long": ("texte trop long", "{hint}"),
    "string_pattern_mismatch": ("format invalide", "{hint}"),
    # A one-line value written as a block (« | » or « > ») or continued on the next lines.
    "string_multiline": ("texte sur plusieurs lignes là où une seule est attendue",
                         "la valeur sur une seule ligne, sans « | » ni « > », par exemple {written}{one_line}"),
    "int_type": ("nombre entier attendu", "{hint}"),
    "int_parsing": ("nombre entier attendu", "{hint}"),
    "int_from_float": ("nombre entier attendu", "{hint}"),
    "greater_than_equal": ("nombre trop petit", "{at_least}"),
    "less_than_equal": ("nombre trop grand", "un nombre inférieur ou égal à {le}, par exemple {le}"),
    "bool_type": ("booléen attendu", "true ou false, sans guillemets, par exemple true"),
    "bool_parsing": ("booléen attendu", "true ou false, sans guillemets, par exemple true"),
    "list_type": ("liste attendue", "{hint}"),
    "too_short": ("liste trop courte", "au moins {min_length} élément(s) : {hint}"),
    "dict_type": ("bloc attendu", "{hint}"),
    "model_type": ("bloc attendu", "{hint}"),
    "model_attributes_type": ("bloc attendu", "{hint}"),
    "literal_error": ("valeur non prévue", "une de : {literals}, par exemple {first_literal}"),
    "date invalide": ("date invalide", "{hint}"),
    "heure invalide": ("heure invalide", "{hint}"),
    "heure hors de la journée": ("heure hors de la journée d'examen", "{hint}"),
    "identifiant réservé": ("identifiant réservé (" + " ; ".join(f"{name} : {what}" for name, what in RESERVED_IDS.items()) + ")",
                            "{hint}, autre que " + " ou ".join([", ".join(list(RESERVED_IDS)[:-1]), list(RESERVED_IDS)[-1]])),
    "un seul type d'élément": ("élément sans type ou de plusieurs types à la fois",
                               "un bloc d'une seule clé parmi : " + ", ".join(model.FORM_ITEM_KINDS)
                               + ", par exemple - text: {{id: titre, label: \"TITRE :\"}}"),
}
# A date or an hour typed as French writes it (« 19/05/2022 », « 8h30 »): its example is that value, as expected.
READINGS: dict[str, Callable[[str], str | None]] = {
    "date invalide": lambda typed: (day.isoformat() if (day := date_as_typed(typed)) else None),
    # Only an hour the type accepts: « 20h30 » read as "20:30" would be refused next, as out of the exam day.
    "heure invalide": lambda typed: (f'"{moment:%H:%M}"' if (moment := time_as_typed(typed)) and DAY_HOURS[0] <= moment <= DAY_HOURS[1]
                                     else None),
}
# Any other pydantic error: its own words would be English.
OTHER_ERROR = ("valeur refusée", "{hint}")

# The words for a place whose type carries no Hint, by the kind of value it takes.
BASE_HINTS: dict[type, Hint] = {
    str: Hint("un texte", "Lycée Pierre d'Aragon"),
    int: Hint("un nombre entier, sans guillemets", "4"),
    bool: Hint("true ou false, sans guillemets", "true"),
}


def load_session(data_dir: Path, label: str | None = None) -> model.Session:
    """Load, validate and cross-check one session folder; raise DataError with every problem.

    Cross-checks run even when some files are broken: each runs when the files it reads are valid,
    so one run lists everything that can be found."""
    data_dir = Path(data_dir)
    label = label or _display_dir(data_dir)
    problems: list[Problem] = []
    parts: dict[str, Any] = {}
    lines: dict[str, Marks] = {}
    if not data_dir.is_dir():
        raise DataError([Problem(label, (), "dossier de session introuvable", "un dossier data/<session>/, par exemple data/2022")])
    known = {**model.SESSION_FILES, **model.OPTIONAL_SESSION_FILES}
    for extra in sorted(p.name for p in data_dir.glob("*.y*ml") if p.name not in known):
        problems.append(Problem(f"{label}/{extra}", (), "fichier inconnu",
                                "un des fichiers : " + ", ".join(known) + ", par exemple centres.yml"))
    for filename, (attribute, schema) in known.items():
        if filename in model.OPTIONAL_SESSION_FILES and not (data_dir / filename).exists():
            continue  # an optional file absent: the session's default (an empty change log)
        part = _load_file(data_dir / filename, f"{label}/{filename}", schema, problems, lines)
        if part is not None:
            parts[attribute] = part
    corrections, corrected = apply_corrections(parts, label)  # corrections.yml: the circular's slips, fixed and listed
    problems += [_locate(p, lines) for p in corrections]
    forms, form_sources, forms_valid = load_forms(data_dir, label, problems, lines)
    if not problems:
        session = model.Session(**parts, source_name=label, forms=forms, form_sources=form_sources,
                                corrected_texts=corrected)
        problems = [_locate(p, lines) for p in check_session(session)]
        if problems:
            raise DataError(problems)
        return session
    loaded = set(parts) | ({"forms"} if forms_valid else set())
    partial = SimpleNamespace(**parts, source_name=label, forms=forms, form_sources=form_sources)
    problems += [_locate(p, lines) for p in check_session(partial, loaded)]
    raise DataError(problems)


# The session's forms (the circular's annexes): one file each in this sub-folder of the session.
FORMS_DIR = "forms"


def load_forms(data_dir: Path, label: str, problems: list[Problem], lines: dict[str, Marks]) -> tuple[list[model.FormFile], list[str], bool]:
    """Read and validate data/<session>/forms/*.yml; problems and line marks are added to the session's.
    Returns the valid forms, their file names, and whether every form file was valid."""
    forms: list[model.FormFile] = []
    sources: list[str] = []
    paths = sorted((data_dir / FORMS_DIR).glob("*.y*ml"))
    for path in paths:
        source = f"{FORMS_DIR}/{path.name}"
        form = _load_file(path, f"{label}/{source}", model.FormFile, problems, lines)
        if form is not None:
            forms.append(form)
            sources.append(source)
    return forms, sources, len(forms) == len(paths)


# The schema a data file is validated with, hence the record read back.
Model = TypeVar("Model", bound=BaseModel)


def _load_file(path: Path, shown: str, schema: type[Model], problems: list[Problem], lines: dict[str, Marks]) -> Model | None:
    # One data file through the YAML reader and its schema; None (and problems) if it is not valid.
    data, marks, file_problems = read_yaml(path, shown)
    problems += file_problems
    lines[shown] = marks
    if file_problems:
        return None
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        # dict.fromkeys: the keys one comma-cut value made (« a, b, c ») are one problem, said once.
        errors = error.errors()
        # The values refused for their type (« address: 2 » read as a number), not for their size (« candidates: 0 »).
        refused = {_data_path(data, e["loc"]) for e in errors if e["type"].endswith("_type")}
        problems += dict.fromkeys(_problem_from_pydantic(shown, marks, schema, e, data, refused) for e in errors)
        return None


def to_confirm_lines(data_dir: Path, label: str, session: model.Session, first: int) -> tuple[str, list[Problem]]:
    """Where a draft's values to confirm are: session.yml's to_confirm list as messages name a place
    (data/2023/session.yml:30), and its `first` values as Problems at their file and line (the session loaded without
    error: only their files are read again)."""
    marks: dict[str, Marks] = {}

    def line(file: str, path: tuple[PathPart, ...]) -> int | None:
        if file not in marks:
            marks[file] = read_yaml(Path(data_dir) / file, f"{label}/{file}")[1]
        return _line_of(marks[file], path)

    values = [Problem(f"{label}/{item.file}", path, "à confirmer", line=line(item.file, path))
              for item in session.info.to_confirm[:first] for path in [parse_field(item.field)]]
    list_line = line("session.yml", ("to_confirm",))
    return f"{label}/session.yml" + (f":{list_line}" if list_line else ""), values


def _line_of(marks: Marks, path: tuple[PathPart, ...]) -> int | None:
    # The line of the path, or of its nearest parent (a missing key is reported on its block).
    for end in range(len(path), -1, -1):
        if path[:end] in marks:
            return marks[path[:end]]
    return None


def _locate(problem: Problem, lines: dict[str, Marks]) -> Problem:
    # The line of a cross-check's problem, and of the other place it names.
    marks = lines.get(problem.file, Marks())
    line = problem.line if problem.line is not None else _line_of(marks, problem.path)
    return replace(problem, line=line, also_line=_line_of(marks, problem.also) if problem.also else problem.also_line)


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[PathPart, ...]:
    # The data path of a pydantic error: its location minus pydantic's own steps ("[key]", "function-after[…]"),
    # told apart by following the data itself (a data key may contain "[").
    path: list[PathPart] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and part.endswith("]") and "[" in part:
            continue
        else:
            data = None
        path.append(part)
    return tuple(path)


def _problem_from_pydantic(shown: str, marks: Marks, schema: type[BaseModel], error: ErrorDetails, data: Any,
                           refused: Collection[tuple[PathPart, ...]] = frozenset()) -> Problem:
    loc = error["loc"]
    path = _data_path(data, loc)
    kind = error["type"]
    if kind == "value_error":
        kind = str(error.get("ctx", {}).get("error", ""))
    elif kind == "string_type" and isinstance(error.get("input"), bool):
        kind = "string_type_bool"
    elif kind == "string_pattern_mismatch" and isinstance(error.get("input"), str) and "\n" in error["input"].strip():
        kind = "string_multiline"
    message, expected = ERROR_WORDS.get(kind, OTHER_ERROR)
    target, metadata = place_type(schema, path, of_key=loc[-1:] == ("[key]",))
    context = dict(error.get("ctx") or {})
    hint = _hint(target, metadata, schema, path)
    allowed = _allowed_keys(schema, path[:-1]) if kind == "extra_forbidden" else _allowed_keys(schema, path)
    context.update(
        key=path[-1] if path else "?",
        allowed=", ".join(allowed) or "?",
        closest=_closest(str(path[-1]) if path else "", allowed),
        hint=str(hint),
        at_least=hint.below_minimum or f"un nombre supérieur ou égal à {context.get('ge')}, par exemple {context.get('ge')}",
        literals=", ".join(str(v) for v in typing.get_args(target)),
        first_literal=next(iter(typing.get_args(target)), "?"),
        one_line=shorten(str(error.get("input", ""))),
        written=written_before(path),
    )
    expected = expected.format_map(_Default(context))
    given = error.get("input", "")
    typed = marks.spelled.get(path) if isinstance(given, (bool, float)) else None   # a key's error: its value's path
    typed = typed or ("" if isinstance(given, (dict, list)) else _as_written(given))
    if isinstance(given, (str, int, float)):
        expected = _from_typed(kind, hint, typed) or expected
    made = path if kind == "extra_forbidden" and path in marks.cut_by_comma else _cut_key_of(marks, path)
    if made is not None and (made not in marks.cut_after_number or path[:-1] + (marks.cut_by_comma[made][0],) in refused):
        # « {display_name: TSGE Vidal, Toulouse} »: « Toulouse » is no key staff meant, but the end of the value before it
        # (and « 2 » of « address: 2, rue du Lycée » no number staff meant): one message, on the value the comma cut.
        field, kept, text = marks.cut_by_comma[made]
        cut_at, rest = path[:-1] + (field,), text[len(kept) + 2:]
        keys = "des clés" if ", " in rest else "une clé"
        return Problem(shown, cut_at, f"une virgule coupe la valeur de {field} : entre {{ }}, YAML lit « {shorten(kept)} », "
                                      f"puis « {shorten(rest)} » comme {keys} sans valeur",
                       f"la valeur entière entre guillemets (une virgule y termine sinon la valeur), par exemple "
                       f"{field}: {json.dumps(text, ensure_ascii=False)}", line=_line_of(marks, cut_at))
    if kind == "extra_forbidden":
        message = f"clé inconnue « {shorten(str(path[-1]) if path else '')} »"
    elif kind == "string_too_long" and isinstance(error.get("input"), str):
        message = f"{message} ({len(error['input'])} caractères, {context.get('max_length')} au plus) : « {shorten(error['input'])} »"
    elif "input" in error and kind not in ("missing",) and not isinstance(error["input"], (dict, list)):
        message = f"{message} : « {shorten(typed)} »"
    return Problem(shown, path, message, expected, line=_line_of(marks, path))


def _cut_key_of(marks: Marks, path: tuple[PathPart, ...]) -> tuple[PathPart, ...] | None:
    # A key a comma made after the value at `path` (that value refused for its type), None if no comma cut it.
    if not marks.cut_by_comma or not path:
        return None
    return next((made for made, record in marks.cut_by_comma.items() if made[:-1] == path[:-1] and record[0] == path[-1]),
                None)


def _from_typed(kind: str, hint: Hint, typed: str) -> str | None:
    # What a refused value expects, from the value itself: what staff meant, written as expected, or why no such day
    # exists (« 31/04/2022 »); None for the type's own example. Never an unrelated value: staff copy examples.
    reading = READINGS.get(kind) or hint.reading
    example = reading(typed) if reading else None
    if example:
        return f"{hint.what}, par exemple {example} (« {shorten(typed)} » écrit ainsi)"
    why = missing_day(typed) if kind == "date invalide" else None
    return f"{hint.what} ; {why} : vérifier le jour sur la circulaire" if why else None


def _as_written(value: Any) -> str:
    # A value as YAML spells it: ~ or nothing is "vide", booleans are true/false.
    if value is None:
        return "(vide)"
    return str(value).lower() if isinstance(value, bool) else str(value)


class _Default(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _hint(target: Any, metadata: list[Any], schema: Any, path: tuple[PathPart, ...]) -> Hint:
    # What this place takes, with an example: the type's own Hint, else words for its kind of value.
    own = next((m for m in metadata if isinstance(m, Hint)), None)
    if own:
        return own
    if isinstance(target, type) and issubclass(target, BaseModel):
        keys = _model_keys(target)
        required = [k for k, f in _aliased_fields(target).items() if f.is_required()] or keys
        return Hint(f"un bloc de lignes « clé: valeur » (clés : {', '.join(keys)})", f"{required[0]}: …")
    if typing.get_origin(target) in (list, tuple):
        item, item_metadata = split_annotation(typing.get_args(target)[0])
        example = _hint(item, item_metadata, schema, path + (0,)).example
        return Hint("une liste d'éléments commençant chacun par « - »", f"« - {example} »")
    if typing.get_origin(target) is typing.Literal:
        values = typing.get_args(target)
        return Hint("une de : " + ", ".join(map(str, values)), str(values[0]))
    if typing.get_origin(target) is dict:
        return Hint("un bloc de lignes « clé: valeur »", "\"31\": Haute-Garonne")
    base = next((BASE_HINTS[t] for t in (bool, int, str) if target is t), None)
    if base and target is int:
        low = next((getattr(m, "ge", None) for m in metadata if getattr(m, "ge", None) is not None), None)
        return Hint(base.what, str(low)) if low is not None else base
    return base or Hint("une valeur", "texte")


def _aliased_fields(target: type[BaseModel]) -> dict[str, FieldInfo]:
    return {(f.alias or name): f for name, f in target.model_fields.items()}


def _model_keys(target: type[BaseModel]) -> list[str]:
    return sorted(_aliased_fields(target))


def _allowed_keys(schema: type[BaseModel], path: tuple[PathPart, ...]) -> list[str]:
    target, _ = place_type(schema, path)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return _model_keys(target)
    return []


def _closest(key: str, allowed: list[str]) -> str:
    # The allowed key nearest to a typo ("nom" -> "name"), else the first one.
    return next(iter(difflib.get_close_matches(key, allowed, n=1, cutoff=0.3)), allowed[0] if allowed else "?")


def _display_dir(data_dir: Path) -> str:
    # Paths in messages are relative to where staff run the command, as they see them.
    try:
        return str(data_dir.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(data_dir)
