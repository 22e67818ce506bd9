"""Draft sessions: values still "à confirmer" (session.yml `to_confirm`), checked and shown on the site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Protocol

from pydantic import BaseModel

from .model import SESSION_FILES, Session
from .problems import PathPart, Problem, format_path

_MISSING = object()


def parse_field(text: str) -> tuple[PathPart, ...]:
    """"written[0].date" -> ("written", 0, "date"), the inverse of problems.format_path."""
    parts: list[PathPart] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        parts.append(int(index) if index else name)
    return tuple(parts)


def lookup(value: Any, path: tuple[PathPart, ...]) -> Any:
    """The value at a data path (YAML keys, aliases included); _MISSING when there is none."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(value, (list, tuple)) or part >= len(value):
                return _MISSING
            value = value[part]
        elif isinstance(value, BaseModel):
            names = {(f.alias or name): name for name, f in type(value).model_fields.items()}
            if part not in names:
                return _MISSING
            value = getattr(value, names[part])
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return _MISSING
    return value




class FileNames(Protocol):
    """How messages name the session's files (checks._Files): files.session -> "data/2022/session.yml"."""

    @property
    def session(self) -> str: ...


def check_to_confirm(session: Session, files: FileNames) -> Iterator[Problem]:
    """Each `to_confirm` entry names an existing data file and field (a typo would hide a draft value)."""
    for index, item in enumerate(session.info.to_confirm):
        if item.file not in SESSION_FILES:
            yield Problem(files.session, ("to_confirm", index, "file"), f"fichier inconnu « {item.file} »",
                          "un des fichiers : " + ", ".join(SESSION_FILES))
        elif lookup(session.part(item.file), parse_field(item.field)) is _MISSING:
            yield Problem(files.session, ("to_confirm", index, "field"), f"champ introuvable « {item.field} » dans {item.file}",
                          "un champ existant, écrit comme dans les messages de « handbook check » (par exemple written[0].date)")


def unconfirmed_key_dates(session: Session) -> set[str]:
    """Ids of the key dates that rest on a value still to confirm: the site marks them "à confirmer"."""
    pending = [(item.file, parse_field(item.field)) for item in session.info.to_confirm]
    return {
        key_date.id for key_date in session.key_dates
        if any(file == f and overlap(path, p) for file, path in key_date.sources for f, p in pending)
    }


def pending_items(session: Session) -> list[dict[str, str | None]]:
    """What the draft banner lists: file, field, current value and note of every item to confirm."""
    items = []
    for item in session.info.to_confirm:
        value = lookup(session.part(item.file), parse_field(item.field))
        shown = None if value is _MISSING or isinstance(value, (BaseModel, list, tuple, dict)) else str(value)
        items.append({"file": item.file, "field": format_path(parse_field(item.field)), "value": shown, "note": item.note})
    return items


def overlap(a: tuple[PathPart, ...], b: tuple[PathPart, ...]) -> bool:
    """One path contains the other: "written[0]" covers "written[0].date" and the reverse."""
    shortest = min(len(a), len(b))
    return a[:shortest] == b[:shortest]
