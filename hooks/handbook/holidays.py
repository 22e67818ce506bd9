"""French public holidays: new-session flags a shifted date that lands on one, the checks refuse a sitting on one."""

from __future__ import annotations

import datetime as dt

from dateutil.easter import easter

# French public holidays on a fixed day: (month, day) -> the name staff read in messages and notes.
FIXED_HOLIDAYS = {(1, 1): "1er janvier", (5, 1): "1er mai", (5, 8): "8 mai", (7, 14): "14 juillet",
                  (8, 15): "15 août", (11, 1): "Toussaint", (11, 11): "11 novembre", (12, 25): "Noël"}
# French public holidays that follow Easter Sunday: days after it -> name.
EASTER_HOLIDAYS = {1: "lundi de Pâques", 39: "Ascension", 50: "lundi de Pentecôte"}


def holidays_between(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """French public holidays from start to end (inclusive), by date."""
    found: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        days = {dt.date(year, month, day): name for (month, day), name in FIXED_HOLIDAYS.items()}
        days |= {easter(year) + dt.timedelta(days=after): name for after, name in EASTER_HOLIDAYS.items()}
        found |= {day: name for day, name in days.items() if start <= day <= end}
    return dict(sorted(found.items()))
