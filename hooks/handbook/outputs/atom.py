"""Atom feeds (RFC 4287) of the change log: the whole session, each centre, each establishment.

An establishment subscribes to its own feed and reads only what concerns it: one entry per publication
whose changes touch its page or its calendar (the initial publication too), never an entry for a
publication that changed nothing of its own. Every byte comes from the change log and the model: ids are
tag: URIs (RFC 4151) on the same name as the calendars' UIDs, dates are the publications' own, so two
builds give the same files. Texts are XML-escaped by ElementTree.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..changelog import History, Mention
from ..model import Session, page_url
from ..text import date_short
from .ics import TIMEZONE, uid_domain

ATOM = "http://www.w3.org/2005/Atom"
FOLDER = "flux"                          # under the site root: flux/session.xml, flux/centres/<id>.xml …
MEDIA_TYPE = "application/atom+xml"
# The session parts the feeds read (outputs/cache.py keys them on these, and hands them no other).
READS = frozenset({"info", "changelog", "exams", "calendar", "centres", "livrets", "establishments", "annexes", "forms"})
CHANGES_PAGE = "modifications.md"        # the Modifications page (docs/modifications.md)
# Changes listed in one entry before "… et N autres".
ENTRY_CHANGES_MAX = 30
# Material's scripts fetch `sitemap.xml` beside every <link rel="alternate"> of a page (meant for its language
# selector's sites): each page's feed links would ask for flux/…/sitemap.xml and get a 404, a console error on
# every page. An empty sitemap in each folder of feeds answers it; it lists no page, so it maps none.
EMPTY_SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


@dataclass(frozen=True)
class Feed:
    """One Atom file: where it is published, its title, the page it follows, its entries."""

    key: str                             # part of its id: session, centre/<id>, etablissement/<id>
    path: str                            # relative to the site root
    title: str
    page: str                            # the page it follows (source path)
    mentions: tuple[Mention, ...]        # newest first


class Feeds:
    """Every change feed of one session; absolute links when the site's address is known."""

    def __init__(self, session: Session, history: History, site_url: str | None = None):
        self.session = session
        self.history = history
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        name = f"{session.info.name} {session.info.year}"
        self.whole = Feed("session", f"{FOLDER}/session.xml", f"Modifications – {name}", CHANGES_PAGE,
                          tuple(Mention(p, p.changes) for p in history.newest_first))
        self.centres = {
            c.id: Feed(f"centre/{c.id}", f"{FOLDER}/centres/{c.id}.xml", f"Modifications – {c.label} – {name}", c.page,
                       tuple(history.concerning("centre", c.id)))
            for c in session.centre_list
        }
        self.establishments = {
            e.id: Feed(f"etablissement/{e.id}", f"{FOLDER}/etablissements/{e.id}.xml", f"Modifications – {e.title} – {name}",
                       e.page, tuple(history.concerning("establishment", e.id)))
            for e in session.establishments.establishments
        }
        # Every page asks for its own feed, twice (overrides/main.html): a lookup, not a scan of every feed.
        self._by_page: dict[str, Feed] = {}
        for feed in (*self.centres.values(), *self.establishments.values()):
            self._by_page.setdefault(feed.page, feed)

    def __iter__(self) -> Iterator[Feed]:
        yield self.whole
        yield from self.centres.values()
        yield from self.establishments.values()

    def sitemaps(self) -> list[str]:
        """Where Material will look for a sitemap beside the feeds: one per folder of feeds (EMPTY_SITEMAP)."""
        return sorted({posixpath.join(posixpath.dirname(feed.path), "sitemap.xml") for feed in self})

    def for_page(self, page: str) -> Feed | None:
        """The feed that follows a page: a centre's or an establishment's own; None for other pages."""
        return self._by_page.get(page)

    def href(self, target: str, feed: Feed) -> str:
        """A link from the feed to a path of the site: absolute when the address is known, else relative to the feed."""
        if self.site_url:
            return self.site_url + target
        return posixpath.relpath(target or ".", posixpath.dirname(feed.path)) + ("/" if target.endswith("/") else "")

    def tag(self, specific: str) -> str:
        """A permanent id (RFC 4151): tag:<the calendars' UID name>,<year>:modifications/<specific>."""
        return f"tag:{uid_domain(self.session)},{self.session.info.year}:modifications/{specific}"

    def xml(self, feed: Feed) -> bytes:
        """The Atom document of one feed."""
        info = self.session.info
        root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "fr"})
        _text(root, "id", self.tag(feed.key))
        _text(root, "title", feed.title)
        _text(root, "subtitle", f"Les corrections du manuel de session, d'après la {info.source}.")
        updated = feed.mentions[0].publication.date if feed.mentions else info.published
        _text(root, "updated", rfc3339(updated))
        ET.SubElement(root, "link", {"rel": "self", "type": MEDIA_TYPE, "href": self.href(feed.path, feed)})
        ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html", "href": self.href(page_url(feed.page), feed)})
        author = ET.SubElement(root, "author")
        _text(author, "name", info.site_title)
        for mention in feed.mentions:
            root.append(self.entry(feed, mention))
        ET.indent(root)
        written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)  # typeshed: Any for an encoding but "unicode"
        return written + b"\n"

    def entry(self, feed: Feed, mention: Mention) -> ET.Element:
        """One publication as seen from this feed: its changes that concern the feed's page, its note, links."""
        publication = mention.publication
        entry = ET.Element("entry")
        _text(entry, "id", self.tag(f"{publication.number}" + ("" if feed.key == "session" else f"/{feed.key}")))
        title = publication.title + (f" : {publication.note}" if publication.note else "")
        _text(entry, "title", title)
        _text(entry, "updated", rfc3339(publication.date))
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html",
                                      "href": self.href(f"{page_url(CHANGES_PAGE)}#{publication.anchor}", feed)})
        if feed.page != CHANGES_PAGE:
            ET.SubElement(entry, "link", {"rel": "related", "type": "text/html", "href": self.href(page_url(feed.page), feed)})
        _text(entry, "content", self.content(mention), type="html")
        return entry

    def content(self, mention: Mention) -> str:
        """The entry's text as HTML (escaped once more by the XML writer): the note, then one line per change."""
        publication = mention.publication
        parts = [f"<p>{html.escape(publication.note)}</p>"] if publication.note else []
        if publication.initial:
            parts.append(f"<p>Première publication du manuel de la session {self.session.info.year}, "
                         f"le {html.escape(date_short(publication.date))}.</p>")
        changes = mention.changes[:ENTRY_CHANGES_MAX]
        if changes:
            parts.append("<ul>" + "".join(f"<li>{html.escape(c.line)}</li>" for c in changes) + "</ul>")
        if len(mention.changes) > len(changes):
            parts.append(f"<p>… et {len(mention.changes) - len(changes)} autres modifications.</p>")
        return "".join(parts)


def rfc3339(day: dt.date) -> str:
    """Midnight of a publication's day in Paris, as RFC 3339 writes it: 2022-04-04T00:00:00+02:00."""
    return dt.datetime.combine(day, dt.time(0), ZoneInfo(TIMEZONE)).isoformat()


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element

