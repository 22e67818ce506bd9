"""The value types every data file uses: identifiers, texts, counts, dates and clock times."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

# A URL-safe, stable identifier: it becomes part of published addresses.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
DepartmentCode = Annotated[str, StringConstraints(pattern=r"^(\d{2}|2[AB]|97\d)$")]
Count = Annotated[int, Field(ge=0, strict=True)]


def _clock_from_text(value: object) -> object:
    # Only "HH:MM" text is a clock time; a bare number would be read as seconds.
    if isinstance(value, str):
        try:
            return dt.datetime.strptime(value.strip(), "%H:%M").time()
        except ValueError:
            raise ValueError("heure invalide") from None
    if isinstance(value, dt.time):
        return value
    raise ValueError("heure invalide")


ClockTime = Annotated[dt.time, BeforeValidator(_clock_from_text)]


def _date_from_text(value: object) -> object:
    # Dates stay text in YAML (see load.py) so an impossible date is reported, not crashed on.
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("date invalide") from None
    raise ValueError("date invalide")


Date = Annotated[dt.date, BeforeValidator(_date_from_text)]


class Record(BaseModel):
    """Base of every data record: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)

