"""YAML -> Session: every value keeps its file and line; every problem is collected."""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any, Optional

import yaml
from pydantic import BaseModel, ValidationError

from . import model
from .checks import check_session
from .problems import DataError, PathPart, Problem


# Pydantic error types in staff words: (what is wrong, what was expected).
ERROR_WORDS: dict[str, tuple[str, str]] = {
    "missing": ("champ obligatoire absent", "ce champ, avec une valeur"),
    "extra_forbidden": ("clé inconnue", "une des clés prévues : {allowed}"),
    "string_type": ("texte attendu", "du texte (entre guillemets s'il ressemble à un nombre)"),
    "string_too_short": ("texte vide", "un texte non vide"),
    "string_pattern_mismatch": ("format invalide", "{pattern_hint}"),
    "int_type": ("nombre entier attendu", "un nombre entier, sans guillemets"),
    "int_parsing": ("nombre entier attendu", "un nombre entier, sans guillemets"),
    "int_from_float": ("nombre entier attendu", "un nombre entier, sans guillemets"),
    "greater_than_equal": ("nombre trop petit", "un nombre supérieur ou égal à {ge}"),
    "less_than_equal": ("nombre trop grand", "un nombre inférieur ou égal à {le}"),
    "bool_type": ("booléen attendu", "true ou false"),
    "bool_parsing": ("booléen attendu", "true ou false"),
    "list_type": ("liste attendue", "une liste d'éléments commençant par « - »"),
    "too_short": ("liste vide", "au moins un élément"),
    "dict_type": ("bloc attendu", "un bloc de lignes « clé: valeur »"),
    "model_type": ("bloc attendu", "un bloc de lignes « clé: valeur »"),
    "model_attributes_type": ("bloc attendu", "un bloc de lignes « clé: valeur »"),
    "literal_error": ("valeur non prévue", "une de : {expected}"),
    "date invalide": ("date invalide", "une date existante au format AAAA-MM-JJ, par exemple 2022-05-16"),
    "un seul type d'élément": ("élément sans type ou de plusieurs types à la fois",
                               "un bloc d'une seule clé parmi : " + ", ".join(model.FORM_ITEM_KINDS)),
    "heure invalide": ("heure invalide", "une heure \"HH:MM\" entre guillemets, par exemple \"14:00\""),
}

# Which pattern means what, for "format invalide".
PATTERN_HINTS = {
    model.Slug: "un identifiant en minuscules, chiffres et tirets (ex. lycee-exemple)",
    model.DepartmentCode: "un code de département entre guillemets (ex. \"09\")",
}

# PyYAML's problems in staff words; unknown ones are shown as PyYAML says them.
YAML_WORDS = {
    "mapping values are not allowed here": "« : » inattendu (texte à mettre entre guillemets ?)",
    "could not find expected ':'": "« : » manquant après une clé",
    "found character '\\t' that cannot start any token": "tabulation interdite (indenter avec des espaces)",
    "found undefined alias": "alias inconnu",
    "expected <block end>, but found '-'": "indentation incohérente d'un élément de liste",
    "expected <block end>, but found '<block mapping start>'": "indentation incohérente",
    "found unexpected end of stream": "guillemet ou crochet non fermé",
}


class DataLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates and "14:00" as text, so that the model reports bad ones."""


DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:timestamp",)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# YAML 1.1 reads 14:00 as the base-60 number 840: keep only decimal, octal and hex integers.
for _first in list(DataLoader.yaml_implicit_resolvers):
    DataLoader.yaml_implicit_resolvers[_first] = [
        (tag, re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$", re.X))
        if tag == "tag:yaml.org,2002:int" else (tag, regexp)
        for tag, regexp in DataLoader.yaml_implicit_resolvers[_first]
    ]


def load_session(data_dir: Path, label: Optional[str] = None) -> model.Session:
    """Load, validate and cross-check one session folder; raise DataError with every problem."""
    data_dir = Path(data_dir)
    label = label or _display_dir(data_dir)
    problems: list[Problem] = []
    parts: dict[str, Any] = {}
    lines: dict[str, dict[tuple[PathPart, ...], int]] = {}
    if not data_dir.is_dir():
        raise DataError([Problem(label, (), "dossier de session introuvable", "un dossier data/<session>/")])
    for extra in sorted(p.name for p in data_dir.glob("*.y*ml") if p.name not in model.SESSION_FILES):
        problems.append(Problem(f"{label}/{extra}", (), "fichier inconnu", "un des fichiers : " + ", ".join(model.SESSION_FILES)))
    for filename, (attribute, schema) in model.SESSION_FILES.items():
        shown = f"{label}/{filename}"
        data, marks, file_problems = read_yaml(data_dir / filename, shown)
        problems += file_problems
        lines[shown] = marks
        if file_problems:
            continue
        try:
            parts[attribute] = schema.model_validate(data)
        except ValidationError as error:
            problems += [_problem_from_pydantic(shown, marks, schema, e) for e in error.errors()]
    forms, form_sources = load_forms(data_dir, label, problems, lines)
    if problems:
        raise DataError(problems)
    session = model.Session(**parts, source_name=label, forms=forms, form_sources=form_sources)
    problems = [_locate(p, lines) for p in check_session(session)]
    if problems:
        raise DataError(problems)
    return session


# The session's forms (the circular's annexes): one file each in this sub-folder of the session.
FORMS_DIR = "forms"


def load_forms(data_dir: Path, label: str, problems: list[Problem], lines: dict) -> tuple[list[model.FormFile], list[str]]:
    """Read and validate data/<session>/forms/*.yml; problems and line marks are added to the session's."""
    forms: list[model.FormFile] = []
    sources: list[str] = []
    for path in sorted((data_dir / FORMS_DIR).glob("*.y*ml")):
        source = f"{FORMS_DIR}/{path.name}"
        shown = f"{label}/{source}"
        data, marks, file_problems = read_yaml(path, shown)
        problems += file_problems
        lines[shown] = marks
        if file_problems:
            continue
        try:
            forms.append(model.FormFile.model_validate(data))
            sources.append(source)
        except ValidationError as error:
            problems += [_problem_from_pydantic(shown, marks, model.FormFile, e) for e in error.errors()]
    return forms, sources


def read_yaml(path: Path, shown: str) -> tuple[Any, dict[tuple[PathPart, ...], int], list[Problem]]:
    """Parse one file; return its data, the line of every key and item, and syntax problems."""
    if not path.is_file():
        return None, {}, [Problem(shown, (), "fichier manquant", f"le fichier {path.name}")]
    loader = DataLoader(path.read_text(encoding="utf-8"))
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, [Problem(shown, (), "fichier vide", "les données de ce fichier")]
        marks: dict[tuple[PathPart, ...], int] = {}
        problems = _walk_marks(node, (), marks, shown)
        return loader.construct_document(node), marks, problems
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or error.context or "").strip()
        words = YAML_WORDS.get(problem, problem)
        return None, {}, [Problem(shown, (), f"erreur de syntaxe YAML : {words}", "un YAML valide",
                                  line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None)]
    except yaml.YAMLError as error:
        return None, {}, [Problem(shown, (), f"erreur de syntaxe YAML : {error}")]
    finally:
        loader.dispose()


def _walk_marks(node: yaml.Node, path: tuple[PathPart, ...], marks: dict, shown: str) -> list[Problem]:
    # Record the line of each key and list item; a key given twice is a problem, not a silent overwrite.
    marks.setdefault(path, node.start_mark.line + 1)
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(Problem(shown, path + (key,), "clé en double", "chaque clé une seule fois par bloc", line=line))
            seen.add(key)
            marks[path + (key,)] = line
            problems += _walk_marks(value_node, path + (key,), marks, shown)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _walk_marks(item, path + (index,), marks, shown)
    return problems


def _line_of(marks: dict[tuple[PathPart, ...], int], path: tuple[PathPart, ...]) -> Optional[int]:
    # The line of the path, or of its nearest parent (a missing key is reported on its block).
    for end in range(len(path), -1, -1):
        if path[:end] in marks:
            return marks[path[:end]]
    return None


def _locate(problem: Problem, lines: dict[str, dict]) -> Problem:
    if problem.line is not None:
        return problem
    return Problem(problem.file, problem.path, problem.message, problem.expected,
                   line=_line_of(lines.get(problem.file, {}), problem.path))


def _problem_from_pydantic(shown: str, marks: dict, schema: type[BaseModel], error: dict) -> Problem:
    path = tuple(part for part in error["loc"] if not (isinstance(part, str) and "[" in part))
    kind = error["type"]
    if kind == "value_error":
        kind = str(error.get("ctx", {}).get("error", ""))
    message, expected = ERROR_WORDS.get(kind, (error["msg"], None))
    context = dict(error.get("ctx") or {})
    context["allowed"] = ", ".join(_allowed_keys(schema, path[:-1])) or "?"
    context["pattern_hint"] = _pattern_hint(schema, path)
    if expected:
        expected = expected.format_map(_Default(context))
    if kind == "extra_forbidden":
        message = f"clé inconnue « {path[-1]} »"
    elif "input" in error and kind not in ("missing",) and not isinstance(error["input"], (dict, list)):
        message = f"{message} : « {error['input']} »"
    return Problem(shown, path, message, expected, line=_line_of(marks, path))


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _field_type(schema: Any, path: tuple[PathPart, ...]) -> Any:
    # Follow a data path through the model's annotations, to name what a place expects.
    current = schema
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            fields = {(f.alias or name): f for name, f in current.model_fields.items()}
            field = fields.get(part)
            current = field.annotation if field else None
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    return current


def _unwrap(annotation: Any) -> Any:
    # Optional[X] -> X; Annotated[list[X], ...] -> list[X].
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin is typing.Union:
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation


def _allowed_keys(schema: type[BaseModel], path: tuple[PathPart, ...]) -> list[str]:
    target = _unwrap(_field_type(schema, path))
    if isinstance(target, type) and issubclass(target, BaseModel):
        return sorted((f.alias or name) for name, f in target.model_fields.items())
    return []


def _pattern_hint(schema: type[BaseModel], path: tuple[PathPart, ...]) -> str:
    target = _field_type(schema, path)
    for annotated, hint in PATTERN_HINTS.items():
        if target == annotated or annotated in typing.get_args(target):
            return hint
    return "une valeur au bon format"


def _display_dir(data_dir: Path) -> str:
    # Paths in messages are relative to where staff run the command, as they see them.
    try:
        return str(data_dir.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(data_dir)
