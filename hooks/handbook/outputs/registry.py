"""Every file a build publishes besides the pages: one list, one shape (path, media type, bytes).

Forms, calendars and the JSON export each know their own format; this module only gathers their
files, so that one hook (hooks/downloads.py) hands them all to MkDocs, which then serves, links
and copies them like any other file of the site.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Session
from .atom import MEDIA_TYPE as ATOM_MEDIA_TYPE, Feeds
from .downloads import Download
from .ics import Calendars
from .json_export import exports

# Under the site root: the year keeps a tool's URL meaning one session.
API_FOLDER = "api/{year}"


@dataclass(frozen=True)
class Output:
    """One generated file of the site."""

    path: str           # under the site root, e.g. agenda/session.ics
    media_type: str
    data: bytes


def session_outputs(session: Session, calendars: Calendars, forms: dict[str, list[Download]], feeds: Feeds) -> tuple[Output, ...]:
    """The session's JSON export, its calendars, its form files and its change feeds, in that order."""
    api = API_FOLDER.format(year=session.info.year)
    files = [Output(f"{api}/{name}", "application/json", text.encode("utf-8")) for name, text in exports(session).items()]
    files += [Output(feed.path, "text/calendar", calendars.ical(feed)) for feed in calendars]
    files += [Output(download.path, download.format.mime, download.data) for downloads in forms.values() for download in downloads]
    files += [Output(feed.path, ATOM_MEDIA_TYPE, feeds.xml(feed)) for feed in feeds]
    return tuple(files)
