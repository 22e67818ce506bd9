"""`handbook new-session`: the next session's data, drafted from the previous one, every guess "à confirmer"."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Optional

import yaml
from pydantic import BaseModel

from .load import FORMS_DIR, load_session, read_yaml
from .model import SESSION_FILES, Session
from .problems import PathPart, format_path

# Dates that are not the session's own: kept as they are, but to confirm (another document's date).
KEPT_DATES = {("session.yml", ("national_circular", "date"))}
# Values copied unchanged that belong to one session only: to confirm too.
SESSION_COUNTS = {("session.yml", ("candidate_total",)): "effectif de la session précédente"}
ISO_DATE = re.compile(r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d-])")


class NewSessionError(Exception):
    """Why a new session cannot be drafted, in French for staff."""


@dataclass(frozen=True)
class Draft:
    """What new-session did: where, by how many weeks dates moved, how many values to confirm."""

    folder: Path
    previous: int
    year: int
    weeks: int
    to_confirm: int


def new_session(data_root: Path, previous: Optional[str] = None, year: Optional[int] = None) -> Draft:
    """Copy data/<previous>/ to data/<year>/ with the year bumped, dates shifted by whole weeks, a to_confirm list."""
    data_root = Path(data_root)
    if year and (data_root / str(year)).exists():
        raise NewSessionError(f"le dossier {data_root.name}/{year}/ existe déjà : rien n'a été modifié")
    previous = previous or newest_session(data_root)
    source = data_root / previous
    session = load_session(source, label=f"{data_root.name}/{previous}")  # DataError: the caller reports it
    if session.info.to_confirm:
        raise NewSessionError(f"la session {previous} est elle-même un projet ({len(session.info.to_confirm)} informations "
                              "à confirmer) : confirmez-la avant d'en préparer une nouvelle")
    old_year = session.info.year
    year = year or old_year + 1
    if year <= old_year:
        raise NewSessionError(f"l'année de la nouvelle session ({year}) doit suivre celle de la session {old_year}")
    target = data_root / str(year)
    if target.exists():
        raise NewSessionError(f"le dossier {data_root.name}/{year}/ existe déjà : rien n'a été modifié")
    dates = list(session_dates(session))
    weeks = shift_weeks([value for file, path, value in dates if (file, path) not in KEPT_DATES], old_year, year)
    items: list[dict[str, str]] = []
    texts: dict[str, str] = {}
    for filename in SESSION_FILES:
        texts[filename] = (source / filename).read_text(encoding="utf-8")
    shifts: dict[str, dict[int, dict[str, str]]] = {}  # file -> line -> old literal -> new literal
    for filename, path, value in dates:
        line = _line(source / filename, path)
        if (filename, path) in KEPT_DATES:
            items.append(_item(filename, path, f"date d'un autre document, reprise de la session {old_year}"))
            continue
        new = value + dt.timedelta(weeks=weeks)
        shifts.setdefault(filename, {}).setdefault(line, {})[value.isoformat()] = new.isoformat()
        note = f"décalée de {weeks} semaines depuis le {value.isoformat()} (même jour de la semaine)"
        holiday = holidays_between(new, new).get(new)
        items.append(_item(filename, path, note + (f" ; tombe un jour férié : {holiday}" if holiday else "")))
    for filename, path, value in session_texts(session, str(old_year)):
        items.append(_item(filename, path, f"texte qui mentionne {old_year}, repris tel quel"))
    for (filename, path), note in SESSION_COUNTS.items():
        items.append(_item(filename, path, note))
    for filename, lines in shifts.items():
        texts[filename] = _replace_on_lines(texts[filename], lines)
    texts["session.yml"] = _set_year(texts["session.yml"], _line(source / "session.yml", ("year",)), year)
    texts["session.yml"] = texts["session.yml"].rstrip("\n") + "\n\n" + to_confirm_block(items, old_year)
    target.mkdir(parents=True)
    try:
        if (source / FORMS_DIR).is_dir():  # forms carry no dates nor year: copied as they are
            shutil.copytree(source / FORMS_DIR, target / FORMS_DIR)
        for filename, text in texts.items():
            (target / filename).write_text(text, encoding="utf-8")
        load_session(target, label=f"{data_root.name}/{year}")
    except Exception:
        shutil.rmtree(target)  # never leave a half-made session behind
        raise
    return Draft(target, old_year, year, weeks, len(items))


def newest_session(data_root: Path) -> str:
    """The most recent session folder (a year) under data/."""
    return session_folders(data_root)[-1]


def session_folders(data_root: Path) -> list[str]:
    """Every session folder (a year) under data/, oldest first; none is an error."""
    root = Path(data_root)
    years = sorted(int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit()) if root.is_dir() else []
    if not years:
        raise NewSessionError(f"aucune session dans {data_root}/ : attendu un dossier par année, ex. {data_root}/2022/")
    return [str(year) for year in years]


def session_dates(session: Session) -> Iterator[tuple[str, tuple[PathPart, ...], dt.date]]:
    """Every date of the session's data: (file, data path, value)."""
    for filename in SESSION_FILES:
        for path, value in _walk(session.part(filename), ()):
            if isinstance(value, dt.date):
                yield filename, path, value


def session_texts(session: Session, needle: str) -> Iterator[tuple[str, tuple[PathPart, ...], str]]:
    """Every text value that mentions `needle` (the old year): it cannot be shifted safely."""
    for filename in SESSION_FILES:
        for path, value in _walk(session.part(filename), ()):
            if isinstance(value, str) and re.search(rf"(?<!\d){needle}(?!\d)", value):
                yield filename, path, value


def shift_weeks(dates: list[dt.date], old_year: int, year: int) -> int:
    """Whole weeks (weekdays kept) closest to the year gap, with every shifted date inside the new year."""
    nearest = round((dt.date(year, 1, 1) - dt.date(old_year, 1, 1)).days / 7)
    for weeks in (nearest, nearest + 1, nearest - 1):
        if all((d + dt.timedelta(weeks=weeks)).year == year for d in dates):
            return weeks
    raise NewSessionError("impossible de décaler toutes les dates d'un nombre entier de semaines dans l'année "
                          f"{year} : créez la session à la main")


def holidays_between(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """French public holidays from start to end (inclusive), to flag a shifted date that lands on one."""
    found: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        easter = _easter(year)
        days = {dt.date(year, 1, 1): "1er janvier", dt.date(year, 5, 1): "1er mai", dt.date(year, 5, 8): "8 mai",
                dt.date(year, 7, 14): "14 juillet", dt.date(year, 8, 15): "15 août", dt.date(year, 11, 1): "Toussaint",
                dt.date(year, 11, 11): "11 novembre", dt.date(year, 12, 25): "Noël",
                easter + dt.timedelta(days=1): "lundi de Pâques", easter + dt.timedelta(days=39): "Ascension",
                easter + dt.timedelta(days=50): "lundi de Pentecôte"}
        found.update({day: name for day, name in days.items() if start <= day <= end})
    return found


def to_confirm_block(items: list[dict[str, str]], old_year: int) -> str:
    """The YAML appended to session.yml: staff delete each entry once the value is confirmed."""
    head = (f"# Session en préparation, créée par « handbook new-session » depuis la session {old_year}.\n"
            "# Chaque valeur ci-dessous est affichée « à confirmer » sur le site. Vérifiez-la (corrigez-la dans\n"
            "# son fichier), puis retirez son entrée. « handbook publish » refuse la session tant que la liste\n"
            "# n'est pas vide ; supprimez alors aussi la ligne « to_confirm: ».\n")
    return head + yaml.safe_dump({"to_confirm": items}, allow_unicode=True, sort_keys=False, width=1000)


def _item(filename: str, path: tuple[PathPart, ...], note: str) -> dict[str, str]:
    return {"file": filename, "field": format_path(path), "note": note}


def _walk(value: Any, path: tuple[PathPart, ...]) -> Iterator[tuple[tuple[PathPart, ...], Any]]:
    # Every leaf of a model with its data path, spelled with the YAML keys (aliases).
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            if name in value.model_fields_set or getattr(value, name) is not None:
                yield from _walk(getattr(value, name), path + (info.alias or name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk(item, path + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, path + (key,))
    else:
        yield path, value


def _line(path: Path, data_path: tuple[PathPart, ...]) -> int:
    # The line of a value in its file (load keeps the line of every key and item).
    return _marks(path)[data_path]


@lru_cache(maxsize=32)
def _marks(path: Path) -> dict:
    return read_yaml(path, path.name)[1]


def _replace_on_lines(text: str, lines: dict[int, dict[str, str]]) -> str:
    # Swap date literals on their own lines only: comments, quotes and layout stay as staff wrote them.
    rows = text.split("\n")
    for line, mapping in lines.items():
        rows[line - 1] = ISO_DATE.sub(lambda m: mapping.get(m.group(1), m.group(1)), rows[line - 1])
    return "\n".join(rows)


def _set_year(text: str, line: int, year: int) -> str:
    rows = text.split("\n")
    rows[line - 1] = re.sub(r"(year:\s*)\d{4}", rf"\g<1>{year}", rows[line - 1])
    return "\n".join(rows)


def _easter(year: int) -> dt.date:
    # Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)
