"""French dates, times and ranges, the way the exam office writes them (babel)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from functools import cache, wraps
from typing import Any

from babel.dates import format_date, format_time, get_day_names, get_month_names
from babel.numbers import format_decimal

from .typography import french_text

LOCALE = "fr_FR"
# The months as French writes them (babel's), January first: for reading a date a text writes (« 10 juin 2022 »).
MONTHS: tuple[str, ...] = tuple(get_month_names("wide", locale=LOCALE)[number] for number in range(1, 13))
# The days of the week as French writes them (babel's), Monday first.
WEEKDAYS: tuple[str, ...] = tuple(get_day_names("wide", locale=LOCALE)[number] for number in range(7))
# Their abbreviations, in the same orders (« sept. », « lun. »; « mai » is its own).
MONTH_ABBREVIATIONS: tuple[str, ...] = tuple(get_month_names("abbreviated", locale=LOCALE)[number] for number in range(1, 13))
WEEKDAY_ABBREVIATIONS: tuple[str, ...] = tuple(get_day_names("abbreviated", locale=LOCALE)[number] for number in range(7))
# How a text writes the first day of a month (day_number writes « 1er »).
FIRST_OF_MONTH = ("1er", "premier")
# A date as the circular writes one: « 10 juin 2022 », « 1er juillet », « premier juillet 2022 »; and as staff may
# type it in a title or at the start of a sentence (« 11 Avril », « Premier juillet »).
FRENCH_DATE = re.compile(rf"(?<![\d\w])({'|'.join(FIRST_OF_MONTH)}|\d{{1,2}}) ({'|'.join(MONTHS)})(?: (\d{{4}}))?\b",
                         re.IGNORECASE)
# A date as staff may type it instead of AAAA-MM-JJ: « 19/05/2022 », « 19-05-2022 », « 19.05.2022 », and in words,
# a weekday before it or not (« jeudi 19 mai 2022 »).
NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
# A date written year first, as the data files want it, but with a day its month lacks (« 2022-04-31 ») or a month of
# one figure (« 2022-5-19 »).
YEAR_FIRST_DATE = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})")
WORDED_DATE = re.compile(rf"(?:({'|'.join(WEEKDAYS)}) )?{FRENCH_DATE.pattern}", re.IGNORECASE)
# An hour as staff may type it instead of "HH:MM": « 8h30 », « 17 h », « 17 h 15 », « 17.00 », « 14 ».
WORDED_HOUR = re.compile(r"(\d{1,2})(?: ?[hH.:] ?(\d{2})?)?")


def day_and_month(day_text: str, month_name: str) -> tuple[int, int]:
    """The day and month numbers of a date as French writes it (FRENCH_DATE's groups): « 1er », « juin » → (1, 6)."""
    return 1 if day_text.lower() in FIRST_OF_MONTH else int(day_text), MONTHS.index(month_name.lower()) + 1


def date_as_typed(text: str) -> dt.date | None:
    """The existing day a text typed as French writes dates names, with its year; None for anything else."""
    typed = _typed_date(text)
    if typed is None:
        return None
    year, month, day, weekday = typed
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    # « lundi 19 mai 2022 » (a Thursday): which of the two was meant is not for the example to guess.
    return None if weekday and WEEKDAYS[date.weekday()] != weekday.lower() else date


def missing_day(text: str) -> str | None:
    """Why a typed date names no day, when its month is shorter (« 31/04/2022 »: « avril n'a que 30 jours »; February
    with its year); None for anything else. The message says it instead of an example: any date would be made up."""
    typed = _typed_date(text)
    if typed is None or not (dt.MINYEAR <= typed[0] <= dt.MAXYEAR and 1 <= typed[1] <= 12):
        return None
    year, month, day, _ = typed
    length = calendar.monthrange(year, month)[1]
    if not length < day <= 31:
        return None
    return f"{MONTHS[month - 1]}{f' {year}' if month == 2 else ''} n'a que {length} jours"


def _typed_date(text: str) -> tuple[int, int, int, str | None] | None:
    # The year, month, day and weekday (if written) of a date typed year first, as French writes it in figures, or in
    # words with its year; whether that day exists or not.
    text = " ".join(text.split())
    if found := YEAR_FIRST_DATE.fullmatch(text):
        year, month, day = (int(part) for part in found.groups())
        return year, month, day, None
    if found := NUMERIC_DATE.fullmatch(text):
        day, month, year = (int(part) for part in found.groups())
        return year, month, day, None
    worded = WORDED_DATE.fullmatch(text)
    if worded and worded.group(4):
        weekday, day_text, month_name, year_text = worded.groups()
        (day, month), year = day_and_month(day_text, month_name), int(year_text)
        return year, month, day, weekday
    return None


def time_as_typed(text: str) -> dt.time | None:
    """The time of day a text typed as French writes hours names (« 8h30 »); None for anything else."""
    found = WORDED_HOUR.fullmatch(" ".join(text.split()))
    try:
        return dt.time(int(found.group(1)), int(found.group(2) or 0)) if found else None
    except ValueError:
        return None


# Dates and times are formatted once each (@cache): a session has few, written on thousands of pages and
# calendar events, and babel formats slowly.


@cache
def date_long(day: dt.date) -> str:
    """lundi 16 mai 2022; vendredi 1er juillet 2022"""
    return f"{format_date(day, 'EEEE', locale=LOCALE)} {day_number(day)} {format_date(day, 'MMMM y', locale=LOCALE)}"


@cache
def date_short(day: dt.date) -> str:
    """16 mai 2022; 1er juillet 2022"""
    return f"{day_number(day)} {format_date(day, 'MMMM y', locale=LOCALE)}"


def day_number(day: dt.date) -> str:
    # French writes the first day of a month as an ordinal: 1er.
    return "1er" if day.day == 1 else str(day.day)


@cache
def clock(moment: dt.time) -> str:
    """14 h, or 14 h 30"""
    return format_time(moment, "H 'h'" if moment.minute == 0 else "H 'h' mm", locale=LOCALE)


def clock_range(start: dt.time, end: dt.time | None) -> str:
    """14 h – 18 h (or "à partir de 14 h" when there is no end)"""
    return f"{clock(start)} – {clock(end)}" if end else f"à partir de {clock(start)}"


@cache
def period(start: dt.date, end: dt.date | None = None, open_ended: bool = False) -> str:
    """du lundi 9 au vendredi 13 mai 2022; le lundi 16 mai 2022; à partir du lundi 11 avril 2022 (open-ended)."""
    if open_ended:
        return f"à partir du {date_long(start)}"
    if end is None or end == start:
        return f"le {date_long(start)}"
    if (start.year, start.month) == (end.year, end.month):
        head = f"{format_date(start, 'EEEE', locale=LOCALE)} {day_number(start)}"
    elif start.year == end.year:
        head = f"{format_date(start, 'EEEE', locale=LOCALE)} {day_number(start)} {format_date(start, 'MMMM', locale=LOCALE)}"
    else:
        head = date_long(start)
    return f"du {head} au {date_long(end)}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """1 candidat, 2 candidats"""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def file_size(size: int) -> str:
    """57 ko; 1,2 Mo (decimal units, as file managers show them; halves round up, 999 600 bytes is 1 Mo)."""
    kilobytes = max(1, int(size / 1000 + 0.5))
    if kilobytes < 1000:
        return f"{format_decimal(kilobytes, locale=LOCALE)}\u00a0ko"
    return f"{format_decimal(int(size / 100_000 + 0.5) / 10, locale=LOCALE)}\u00a0Mo"


def mid_sentence(label: str) -> str:
    """A label as it reads after a colon: « Une autre langue » → « une autre langue », « Anglais » → « anglais »
    (French writes languages in lower case); an acronym (« LV2 ») or a proper name in capitals is left as it is."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def sentence_start(text: str) -> str:
    """Words that begin a sentence: « l'étude réflexive réseau » → « L'étude réflexive réseau » (the rest as it is)."""
    return text[:1].upper() + text[1:]


def _taking(kind: type, filter_: Callable[..., str]) -> Callable[..., str]:
    # A filter of dates or hours given another value says so (babel would stop on a bare AssertionError), in words
    # the renderer turns into French (render.RUNTIME_WORDS).
    @wraps(filter_)
    def checked(value: Any, *args: Any, **kwargs: Any) -> str:
        if value is not None and not isinstance(value, kind) and not _unknown_name(value):
            given = type(value).__name__ if type(value).__module__ in ("builtins", "datetime") else "dict"   # a model's block
            raise TypeError(f"filter '{filter_.__name__}' expects a {kind.__name__}, got '{given}'")
        return filter_(value, *args, **kwargs)
    return checked


def _unknown_name(value: Any) -> bool:
    # A name a page misspelt (Jinja's Undefined, or the renderer's subclass): the filter lets it raise its own error,
    # which names it.
    return any(kind.__module__.startswith("jinja2") for kind in type(value).__mro__)


# The filters templates use, by name.
FILTERS = {
    "date_long": _taking(dt.date, date_long),
    "date_short": _taking(dt.date, date_short),
    "clock": _taking(dt.time, clock),
    "clock_range": _taking(dt.time, clock_range),
    "period": _taking(dt.date, period),
    "plural": plural,
    "file_size": file_size,
    "mid_sentence": mid_sentence,
    "sentence_start": sentence_start,
    "french_text": french_text,
}


def source_date_epoch(day: dt.date) -> int:
    """A day as SOURCE_DATE_EPOCH spells it (the build's clock, reproducible builds): seconds from 1970 to its midnight UTC."""
    return calendar.timegm(day.timetuple())
