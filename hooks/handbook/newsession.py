"""`handbook new-session`: the next session's data, drafted from the previous one, every guess "à confirmer"."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.representer import RoundTripRepresenter

from .drafts import lookup
from .holidays import holidays_between
from .load import FORMS_DIR, load_session
from .model import SESSION_FILES, Session, leaves
from .problems import PathPart, format_path
from .text import FRENCH_DATE

# Dates that are not the session's own: kept as they are, but to confirm (another document's date).
KEPT_DATES = {("session.yml", ("national_circular", "date"))}
# Values copied unchanged that belong to one session only: to confirm too.
SESSION_COUNTS = {("session.yml", ("candidate_total",)): "effectif de la session précédente"}
# The comment above the to_confirm list, for the staff who will empty it.
TO_CONFIRM_HELP = ("Session en préparation, créée par « handbook new-session » depuis la session {old_year}.\n"
                   "Chaque valeur ci-dessous est affichée « à confirmer » sur le site. Vérifiez-la (corrigez-la dans\n"
                   "son fichier), puis retirez son entrée. « handbook publish » refuse la session tant que la liste\n"
                   "n'est pas vide ; supprimez alors aussi la ligne « to_confirm: ».")


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


def new_session(data_root: Path, previous: str | None = None, year: int | None = None) -> Draft:
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
    documents = {filename: read_round_trip(source / filename) for filename in SESSION_FILES}
    changed = {"session.yml"}  # the year and the to_confirm list
    for filename, path, value in dates:
        if (filename, path) in KEPT_DATES:
            items.append(_item(filename, path, f"date d'un autre document, reprise de la session {old_year}"))
            continue
        new = value + dt.timedelta(weeks=weeks)
        _set(documents[filename], path, new)
        changed.add(filename)
        note = f"décalée de {weeks} semaines depuis le {value.isoformat()} (même jour de la semaine)"
        holiday = holidays_between(new, new).get(new)
        items.append(_item(filename, path, note + (f" ; tombe un jour férié : {holiday}" if holiday else "")))
    for filename, path, undated in session_texts(session):
        items.append(_item(filename, path, f"texte qui donne une date sans son année (« {undated} »), repris tel quel"
                           if undated else f"texte qui mentionne {old_year}, repris tel quel"))
    for (filename, path), note in SESSION_COUNTS.items():
        items.append(_item(filename, path, note))
    _set(documents["session.yml"], ("year",), year)
    add_to_confirm(documents["session.yml"], items, old_year)
    target.mkdir(parents=True)
    try:
        if (source / FORMS_DIR).is_dir():  # forms carry no dates nor year: copied as they are
            shutil.copytree(source / FORMS_DIR, target / FORMS_DIR)
        for filename, document in documents.items():  # a file without a shifted date is copied as it is
            if filename in changed:
                (target / filename).write_text(dump_round_trip(document), encoding="utf-8")
            else:
                shutil.copyfile(source / filename, target / filename)
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
        raise NewSessionError(f"aucune session dans {data_root}/ : attendu un dossier par année, par exemple {data_root}/2022/")
    return [str(year) for year in years]


def session_dates(session: Session) -> Iterator[tuple[str, tuple[PathPart, ...], dt.date]]:
    """Every date of the session's data: (file, data path, value)."""
    for filename in SESSION_FILES:
        for path, value in leaves(session.part(filename)):
            if isinstance(value, dt.date):
                yield filename, path, value


def session_texts(session: Session) -> Iterator[tuple[str, tuple[PathPart, ...], str | None]]:
    """Every text value that names the session's year (None), or else writes a date without one (that date, « 11
    avril »): a text is not shifted, so it may now contradict the shifted date beside it."""
    year = re.compile(rf"(?<!\d){session.info.year}(?!\d)")
    for filename in SESSION_FILES:
        if filename == "corrections.yml":   # its texts quote other files' texts, listed there
            continue
        for path, value in leaves(session.part(filename)):
            if not isinstance(value, str):
                continue
            if year.search(value):
                yield filename, path, None
            elif undated := undated_day(value):
                yield filename, path, undated


def undated_day(text: str) -> str | None:
    # The first date the text writes without a year (« 11 avril »); « 8 juillet 2014 » is another document's.
    return next((found.group(0) for found in FRENCH_DATE.finditer(text) if not found.group(3)), None)


def shift_weeks(dates: list[dt.date], old_year: int, year: int) -> int:
    """Whole weeks (weekdays kept) closest to the year gap, with every shifted date inside the new year."""
    nearest = round((dt.date(year, 1, 1) - dt.date(old_year, 1, 1)).days / 7)
    for weeks in (nearest, nearest + 1, nearest - 1):
        if all((d + dt.timedelta(weeks=weeks)).year == year for d in dates):
            return weeks
    raise NewSessionError("impossible de décaler toutes les dates d'un nombre entier de semaines dans l'année "
                          f"{year} : créez la session à la main")


def read_round_trip(path: Path) -> Any:
    """A data file as ruamel.yaml's round-trip document: values to change, comments and layout to keep."""
    return _round_trip_yaml().load(path.read_text(encoding="utf-8"))


def dump_round_trip(document: Any) -> str:
    """The document as YAML text, written the way staff write data files (see _round_trip_yaml)."""
    out = io.StringIO()
    _round_trip_yaml().dump(document, out)
    return out.getvalue()


def add_to_confirm(session_document: CommentedMap, items: list[dict[str, str]], old_year: int) -> None:
    """The to_confirm list at the end of session.yml, after one blank line and a comment: staff delete each entry
    once the value is confirmed."""
    last_key = next(reversed(session_document))
    trailing = session_document.ca.items.get(last_key, [None] * 4)[2]  # comments and blank lines after the last value
    if trailing is not None:  # one blank line before the list, as many as the file ended with
        trailing.value = trailing.value.rstrip("\n") + "\n"
    session_document["to_confirm"] = items
    session_document.yaml_set_comment_before_after_key("to_confirm", before="\n" + TO_CONFIRM_HELP.format(old_year=old_year))


def _item(filename: str, path: tuple[PathPart, ...], note: str) -> dict[str, str]:
    return {"file": filename, "field": format_path(path), "note": note}


def _set(document: Any, path: tuple[PathPart, ...], value: Any) -> None:
    # Replace one value of a round-trip document in place: its key keeps its comments and place.
    lookup(document, path[:-1])[path[-1]] = value


class _HouseRepresenter(RoundTripRepresenter):
    """Writes an empty value as staff do, `null` (ruamel.yaml's round trip would leave it blank)."""


_HouseRepresenter.add_representer(type(None), lambda self, _: self.represent_scalar("tag:yaml.org,2002:null", "null"))


def _round_trip_yaml() -> YAML:
    # The house layout of data files: keys indented by 2, list dashes by 2 under their key, quotes kept where
    # staff put them ("14:00"), lines never folded. Round-trip mode keeps comments, key order, flow/block styles.
    yaml = YAML()
    yaml.Representer = _HouseRepresenter
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml
