"""Every file a build publishes besides the pages: one list, one shape (path, media type, what it reads, how to make it).

Forms, calendars, the JSON export and the change feeds each know their own format and the session parts they read
(their module's READS); this module only gathers their files, so that one store (cache.py) decides for
all of them whether the bytes must be made or are already on disk, and one hook (hooks/downloads.py)
hands them all to MkDocs, which then serves, links and copies them like any other file of the site.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from ..changelog import History
from ..model import Session
from . import atom, form_downloads, ics, json_export
from .cache import OutputsFailed

# Under the site root: the year keeps a tool's URL meaning one session.
API_FOLDER = "api/{year}"


@dataclass(frozen=True)
class Output:
    """One generated file of the site, described without its bytes."""

    path: str                       # under the site root, e.g. agenda/session.ics
    media_type: str
    reads: frozenset[str]           # the session parts its bytes derive from: its producer can read no other
    produce: Callable[[], bytes]    # its bytes, made only when the cache does not hold them
    salt: str = ""                  # anything else its bytes derive from (the site's address)


def session_outputs(session: Session, calendars: ics.Calendars, feeds: atom.Feeds) -> tuple[Output, ...]:
    """The session's JSON export, its calendars, its form files and its change feeds (with the empty sitemaps
    beside them), in that order."""
    api = API_FOLDER.format(year=session.info.year)
    exports = session.restricted(json_export.READS)
    forms = session.restricted(form_downloads.READS)
    changes = session.restricted(atom.READS)
    change_feeds = atom.Feeds(changes, History(changes), site_url=feeds.site_url)   # the pages' feeds, on what they read
    files = [Output(f"{api}/{name}", "application/json", json_export.READS, partial(json_export.export, exports, name))
             for name in json_export.EXPORTS]
    files += [Output(feed.path, "text/calendar", ics.READS, partial(calendars.ical, feed), salt=calendars.site_url or "")
              for feed in calendars]
    files += [Output(form_downloads.download_path(form, fmt), fmt.mime, form_downloads.READS,
                     partial(form_downloads.render, forms, form, fmt))
              for form in session.forms for fmt in form_downloads.FORMATS]
    files += [Output(feed.path, atom.MEDIA_TYPE, atom.READS, partial(change_feeds.xml, feed), salt=feeds.site_url or "")
              for feed in change_feeds]
    files += [Output(path, "application/xml", frozenset(), partial(bytes, atom.EMPTY_SITEMAP)) for path in change_feeds.sitemaps()]
    return unique_paths(tuple(files))


def unique_paths(files: tuple[Output, ...]) -> tuple[Output, ...]:
    """The files, once it is sure that no two share an address: the second would replace the first without a word (a
    data id that takes the place of a fixed file name: the reserved ids of model/types.py name those known)."""
    twice = [path for path, count in Counter(f.path for f in files).items() if count > 1]
    if twice:
        raise OutputsFailed("deux fichiers à télécharger à la même adresse : " + ", ".join(f"« {path} »" for path in twice[:5])
                            + " : un identifiant des données prend sans doute la place d'un nom de fichier du site ; "
                            "renommez-le dans les données, ou signalez-le à l'équipe du manuel.")
    return files
