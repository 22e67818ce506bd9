"""Fast tier: each .ics file, assembled from events and time zones written once per build, is byte for byte
what icalendar writes for the whole calendar (its events added, then its missing time zones), for every
file of the 2022 session and of a synthetic session."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from handbook.outputs.ics import Calendars

pytestmark = pytest.mark.unit


def whole_calendar(calendars: Calendars, feed) -> bytes:
    # The plain way: one icalendar Calendar holding every event, serialised at once.
    modified = max([calendars.session.info.published, *(calendars.revision(d, feed)[1] for d in feed.key_dates)])
    calendar = calendars.calendar(feed, modified)
    for key_date in feed.key_dates:
        calendar.add_component(calendars.event(key_date, feed))
    if feed.key_dates:
        first, last = min(d.start for d in feed.key_dates), max(d.end or d.start for d in feed.key_dates)
        calendar.add_missing_timezones(dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1))
    return calendar.to_ical()


@pytest.mark.parametrize("site_url", [None, "https://examens.example.fr/2022/"])
def test_every_file_of_2022_is_what_icalendar_writes_whole(session, site_url):
    calendars = Calendars(session, site_url=site_url)
    feeds = list(calendars)
    assert any(b"BEGIN:VTIMEZONE" in calendars.ical(f) for f in feeds)  # the time zone is part of what is compared
    for feed in feeds:
        assert calendars.ical(feed) == whole_calendar(calendars, feed), feed.path


def test_every_file_of_a_synthetic_session_is_what_icalendar_writes_whole(synthetic):
    calendars = Calendars(synthetic)
    for feed in calendars:
        assert calendars.ical(feed) == whole_calendar(calendars, feed), feed.path


def test_a_file_parses_back_with_its_events_and_time_zone(session):
    calendars = Calendars(session)
    parsed = icalendar.Calendar.from_ical(calendars.ical(calendars.whole))
    uids = [str(e["UID"]).split("@")[0] for e in parsed.walk("VEVENT")]
    assert uids == [f"{session.info.year}-{d.id}" for d in calendars.whole.key_dates]
    assert [tz.tz_name for tz in parsed.timezones] == ["Europe/Paris"]
