"""iCalendar downloads of a session: the whole session, each centre, each establishment, each exam, and what a
candidate sits: each written sitting at each centre, and each candidate's own file (their centre, their languages).

Reads only the model (`Session.key_dates` and its views per centre, establishment and exam) and the
change log (data/<session>/changelog.yml, written by `handbook publish`). Every byte written derives from
the data, so two builds give the same files: UIDs come from the session year and the event ids; an event
that no publication changed is stamped with `session.info.published` and SEQUENCE:0; one that publications
changed has SEQUENCE = how many did and DTSTAMP/LAST-MODIFIED = the date of the last one, so calendar
clients update it in place (RFC 5545). No clock, no random.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ..changelog import History
from ..model import Centre, KeyDate, Session
from ..model.types import ALL_OPTIONS  # the file name of a candidate's calendar with every option (languages)
from ..text import clock_range, period

if TYPE_CHECKING:
    import icalendar

TIMEZONE = "Europe/Paris"
FOLDER = "agenda"                      # under the site root: agenda/session.ics, agenda/centres/<id>.ics …
JOIN = "--"                            # joins ids in a file name; never inside an id (slugs have single dashes)
REFRESH = dt.timedelta(days=1)         # how often a subscribed calendar should re-read the file
# The calendar's text properties that icalendar.Calendar.new sets as unknown values, written unescaped.
UNESCAPED_TEXT = ("NAME", "X-WR-CALNAME", "X-WR-CALDESC")
WRITTEN_CENTRE_BY_ORIGIN = "Centre d'écrit selon l'établissement d'origine (voir la convocation)"
CALENDAR_END = b"END:VCALENDAR\r\n"   # the last line icalendar writes for a calendar
# The session parts the calendars read (outputs/cache.py keys them on these, and hands them no other).
READS = frozenset({"info", "exams", "calendar", "operations", "dossiers", "livrets", "results", "centres", "establishments",
                   "changelog"})


@dataclass(frozen=True)
class EventStyle:
    """How one kind of dated fact reads in a calendar app."""

    prefix: str      # before the title in SUMMARY, so the event is recognisable among others ({diploma}: BTS)
    category: str    # CATEGORIES
    busy: bool       # OPAQUE (a sitting) or TRANSPARENT (a window, a deadline)


# Each kind of KeyDate and its calendar style.
STYLES = {
    "ecrit": EventStyle("{diploma} écrit – ", "Épreuve écrite", True),
    "oral": EventStyle("{diploma} oral – ", "Épreuve orale", False),
    "fenetre": EventStyle("{diploma} – ", "Période", False),
    "echeance": EventStyle("{diploma} – ", "Échéance", False),
    "resultats": EventStyle("{diploma} – ", "Résultats", False),
}


@dataclass(frozen=True)
class Feed:
    """One calendar file: where it is published, its French name and description, its dated facts."""

    key: str                          # stable id of the file, part of its calendar UID
    path: str                         # relative to the site root, e.g. agenda/centres/ozenne.ics
    name: str
    description: str
    key_dates: tuple[KeyDate, ...]
    owner: tuple[str, str] | None = None   # ("centre", id) or ("establishment", id): whose calendar it is

    @property
    def deadlines(self) -> int:
        """How many of its dates are no sitting: an exam's file carries its dossier's deposit and closing too, which its
        card says (« 3 dates, dont 2 échéances »), since the card itself shows the sitting only."""
        return sum(1 for d in self.key_dates if not d.is_sitting)


class Calendars:
    """Every calendar file of one session; absolute addresses only when the site's address is known."""

    def __init__(self, session: Session, site_url: str | None = None):
        session = self.session = session.restricted(READS)   # from here on, only what READS names can be read
        self.history = History(session)
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        info = session.info
        self._events: dict[tuple[str, tuple[str, ...], tuple[int, dt.date]], tuple[bytes, frozenset[str]]] = {}
        self._timezones: dict[tuple[str, dt.date, dt.date], bytes] = {}
        title = f"{info.name} {info.year}"
        source = f"d'après la {info.source if info.draft else info.circular_name}"   # the year is in each sentence
        self.whole = Feed("session", f"{FOLDER}/session.ics", title,
                          f"Toutes les dates de la session {info.year}, {source}.", tuple(session.key_dates))
        self.centres = {
            c.id: Feed(f"centre-{c.id}", f"{FOLDER}/centres/{c.id}.ics", f"{title} – {place_name(c)}",
                       f"Les épreuves et échéances de la session {info.year} au {c.name}, {source}.",
                       tuple(session.key_dates_at(c.id)), ("centre", c.id))
            for c in session.centre_list
        }
        self.establishments = {
            e.id: Feed(f"etablissement-{e.id}", f"{FOLDER}/etablissements/{e.id}.ics", f"{title} – {e.name}",
                       f"Les dates de la session {info.year} pour les candidats de {e.name} "
                       f"(écrits dans leur centre, oraux, échéances), {source}.",
                       tuple(session.key_dates_of(e.id)), ("establishment", e.id))
            for e in session.establishments.establishments
        }
        self.exams = {
            e.id: Feed(f"epreuve-{e.id}", f"{FOLDER}/epreuves/{e.id}.ics", f"{title} – {e.label}",
                       f"Les dates de l'épreuve {e.label}, session {info.year}, {source}.",
                       tuple(session.key_dates_for(e.id)))
            for e in session.exams.exams if session.key_dates_for(e.id)
        }
        # One written sitting at one centre: the "add to my calendar" of an exam's card.
        self.sittings = {
            (w.exam.id, c.id): Feed(f"ecrit-{w.exam.id}-{c.id}", f"{FOLDER}/centres/{c.id}/{w.exam.id}.ics",
                                    f"{title} – {w.exam.label} – {place_name(c)}",
                                    f"L'épreuve {w.exam.label} au {c.name}, session {info.year}, {source}.",
                                    tuple(d for d in session.key_dates_at(c.id) if d.kind == "ecrit" and d.exam == w.exam))
            for v in session.written_centres for c in [v.centre] for w in session.written_exams
        }
        # A candidate's own file: the writtens at their centre(s), the orals of the options they chose, their
        # deadlines. Shared by every line writing at the same centre(s): a page links to its own, per choice.
        self.candidates = {
            (centres_key(centres), options_key(session, options)): Feed(
                f"candidats-{centres_key(centres)}-{options_key(session, options)}",
                f"{FOLDER}/candidats/{centres_key(centres)}/{options_key(session, options)}.ics",
                f"{title} – mes épreuves ({options_name(session, centres, options)})",
                f"Les épreuves et les dates d'un candidat qui compose au {' ou au '.join(c.name for c in centres)}"
                f"{options_description(session, options)}, session {info.year}, {source}.",
                tuple(session.candidate_key_dates(centres, options)))
            for centres in session.written_centre_sets for options in session.option_sets
        }

    def __iter__(self) -> Iterator[Feed]:
        yield self.whole
        for family in (self.centres, self.establishments, self.exams, self.sittings, self.candidates):
            yield from family.values()

    def candidate_feeds(self, establishment_id: str) -> dict[str, Feed]:
        """The candidate files of one line, by the options they hold, as a page's script names a choice:
        the ids of the ticked exams, in the order of the boxes, joined by a space."""
        centres = centres_key(self.session.written_centres_of(establishment_id))
        feeds = {" ".join(options): self.candidates[(centres, options_key(self.session, options))]
                 for options in self.session.option_sets}
        if self.session.establishment(establishment_id).individual:  # the line's own file holds exactly that
            feeds[" ".join(self.session.dated_options)] = self.establishments[establishment_id]
        return feeds

    def candidate_paths(self, establishment_id: str) -> dict[str, str]:
        """The same files by their path under the site root, for the page's choices script."""
        return {choice: feed.path for choice, feed in self.candidate_feeds(establishment_id).items()}

    def candidate_feed(self, establishment_id: str) -> Feed:
        """The candidate file of one line with every option: what a page offers before any choice (and without scripts)."""
        return self.candidate_feeds(establishment_id)[" ".join(self.session.dated_options)]

    def card_feed(self, key_date: KeyDate) -> Feed | None:
        """The file of one exam's card: its sitting at the card's one centre (writtens), its exam's file (orals)."""
        if key_date.exam is None:  # a deadline or window: no exam, no file of its own
            return None
        if key_date.kind == "ecrit" and len(key_date.centres) == 1:
            return self.sittings[(key_date.exam.id, key_date.centres[0].id)]
        return self.exams.get(key_date.exam.id)

    def url(self, feed: Feed) -> str | None:
        """https://… address of the file, when the site's address (site_url) is configured."""
        return f"{self.site_url}{feed.path}" if self.site_url else None

    def webcal(self, feed: Feed) -> str | None:
        """webcal://… address, which phones open as a subscription."""
        url = self.url(feed)
        return re.sub(r"^https?://", "webcal://", url) if url else None

    def page_url(self, key_date: KeyDate) -> str | None:
        """Absolute address of the page that explains a date, when the site's address is known."""
        return f"{self.site_url}{key_date.url}" if self.site_url else None

    def ical(self, feed: Feed) -> bytes:
        """The .ics file of one feed, identical from one build to the next. Feeds share most of their events
        (every establishment's file has every oral and deadline): icalendar writes each distinct event (at its
        revision) and time zone once per build, and each file is its calendar's own lines around them, byte
        for byte what icalendar writes for the whole calendar (tests/unit/test_ics_assembly.py)."""
        revisions = [self.revision(d, feed) for d in feed.key_dates]
        modified = max([self.session.info.published, *(changed for _, changed in revisions)])
        head = self.calendar(feed, modified).to_ical()
        events = [self._event_ical(key_date, revision) for key_date, revision in zip(feed.key_dates, revisions, strict=True)]
        parts = [head.removesuffix(CALENDAR_END)]
        if feed.key_dates:  # as Calendar.add_missing_timezones would add them: first, over the feed's years
            first, last = min(d.start for d in feed.key_dates), max(d.end or d.start for d in feed.key_dates)
            tzids = sorted(set().union(*(tzids for _, tzids in events)) - {"UTC"})
            parts += [self._timezone_ical(tzid, dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)) for tzid in tzids]
        parts += [data for data, _ in events]
        return b"".join(parts) + CALENDAR_END

    def calendar(self, feed: Feed, modified: dt.date) -> icalendar.Calendar:
        """The calendar of one feed: its own properties (modified when its latest event was), no event yet."""
        import icalendar  # only when a file is written: a build whose calendars are all cached never loads it
        info = self.session.info
        calendar = icalendar.Calendar.new(
            prodid=f"-//Manuel de session {info.name}//{info.academy} {info.year}//FR",
            uid=f"{info.year}-{feed.key}@{uid_domain(self.session)}",
            name=feed.name, description=feed.description, calscale="GREGORIAN", method="PUBLISH",
            last_modified=moment(modified), refresh_interval=REFRESH, source=self.url(feed), url=self.site_url,
        )
        calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"   # required by RFC 7986
        # icalendar 7.3 writes these as it got them: as text, their ; , and \ are escaped (RFC 5545, 3.3.11).
        for name in UNESCAPED_TEXT:
            calendar[name] = icalendar.vText(str(calendar[name]))
        calendar.add("X-WR-TIMEZONE", TIMEZONE)
        calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH))
        return calendar

    def _event_ical(self, key_date: KeyDate, revision: tuple[int, dt.date]) -> tuple[bytes, frozenset[str]]:
        # One event's lines and the time zones it names, written once per build and revision whatever the number of files.
        # A date of a feed is one of session.key_dates, or one located at some of its centres (Session.located):
        # its id and its centres name it (hashing the whole date would hash every centre of it, at every use).
        import icalendar
        key = (key_date.id, tuple(c.id for c in key_date.centres), revision)
        if key not in self._events:
            event = self.event_at(key_date, revision)
            alone = icalendar.Calendar()
            alone.add_component(event)
            self._events[key] = (event.to_ical(), frozenset(alone.get_used_tzids()))
        return self._events[key]

    def _timezone_ical(self, tzid: str, first: dt.date, last: dt.date) -> bytes:
        # One VTIMEZONE over a span of years, computed once per build; nothing for a zone icalendar does not know.
        import icalendar
        if (tzid, first, last) not in self._timezones:
            try:
                self._timezones[(tzid, first, last)] = icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()
            except ValueError:
                self._timezones[(tzid, first, last)] = b""
        return self._timezones[(tzid, first, last)]

    def revision(self, key_date: KeyDate, feed: Feed) -> tuple[int, dt.date]:
        """An event's SEQUENCE in one file and the date it last changed there: how many publications changed it
        (in a centre's or establishment's file, those whose changes concern it), and the last one's date."""
        sequence, changed = self.history.revision(key_date.id, *(feed.owner or (None, None)))
        return sequence, changed or self.session.info.published

    def event(self, key_date: KeyDate, feed: Feed) -> icalendar.Event:
        """One VEVENT: summary, span, place, description with the link to its page, its revision in this file."""
        return self.event_at(key_date, self.revision(key_date, feed))

    def event_at(self, key_date: KeyDate, revision: tuple[int, dt.date]) -> icalendar.Event:
        """One VEVENT at a revision (SEQUENCE, the date it last changed)."""
        import icalendar
        style = STYLES[key_date.kind]
        start, end = event_span(key_date)
        sequence, changed = revision
        return icalendar.Event.new(
            uid=f"{self.session.info.year}-{key_date.id}@{uid_domain(self.session)}",
            stamp=moment(changed), last_modified=moment(changed), sequence=sequence, start=start, end=end,
            summary=style.prefix.format(diploma=self.session.info.diploma_short) + key_date.title, location=location(key_date, self.by_origin(key_date)),
            description=self.description(key_date), categories=[style.category],
            transparency=icalendar.TRANSP.OPAQUE if style.busy else icalendar.TRANSP.TRANSPARENT, url=self.page_url(key_date),
        )

    def by_origin(self, key_date: KeyDate) -> bool:
        """A written sitting at every written centre: where one sits depends on one's establishment."""
        return key_date.kind == "ecrit" and len(key_date.centres) > 1 and \
            {c.id for c in key_date.centres} == {w.centre.id for w in self.session.written_centres}

    def description(self, key_date: KeyDate) -> str:
        """What a candidate reads when opening the event: when, where, what, and where to read more."""
        lines = [when(key_date)]
        if key_date.detail:
            lines.append(key_date.detail[0].upper() + key_date.detail[1:])
        if key_date.for_exams:
            lines.append("Épreuves concernées : " + ", ".join(e.label for e in key_date.for_exams))
        lines += where(key_date, self.by_origin(key_date))
        page = self.page_url(key_date)
        lines.append(f"Détails : {page}" if page else
                     f"Détails : manuel de session, page « {key_date.url or 'accueil'} » (adresse selon le site de publication)")
        info = self.session.info
        lines.append(f"Source : {info.source}.")
        return "\n".join(lines)


def moment(day: dt.date) -> dt.datetime:
    # A date as the calendar's timestamps give it: midnight UTC of that day.
    return dt.datetime.combine(day, dt.time(0), dt.UTC)


def event_span(key_date: KeyDate) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime | None]:
    # Timed sittings in Paris time; days as all-day events ending (exclusively) the day after the last.
    if key_date.start_time:
        paris = ZoneInfo(TIMEZONE)
        start = dt.datetime.combine(key_date.start, key_date.start_time, paris)
        end = dt.datetime.combine(key_date.end or key_date.start, key_date.end_time, paris) if key_date.end_time else None
        return start, end
    return key_date.start, (key_date.end or key_date.start) + dt.timedelta(days=1)


def when(key_date: KeyDate) -> str:
    # The date as the pages write it, with the hours and their time zone.
    text = period(key_date.start, key_date.end, key_date.open_ended)
    text = text[0].upper() + text[1:]
    return f"{text}, {clock_range(key_date.start_time, key_date.end_time)} (heure de Paris)" if key_date.start_time else text


def location(key_date: KeyDate, by_origin: bool) -> str | None:
    # One centre: its place. Every written centre: it depends on the establishment. A few: each, and the
    # convocation says which. Many (as a card draws them, KeyDate.centres_drawn): their number, and the convocation.
    if not key_date.centres:
        return None
    if len(key_date.centres) == 1:
        return place_name(key_date.centres[0], with_address=True)
    if by_origin:
        return WRITTEN_CENTRE_BY_ORIGIN
    if not key_date.centres_drawn:
        return many_centres(key_date)
    return " ou ".join(place_name(c, with_address=True) for c in key_date.centres) + " (voir la convocation)"


def where(key_date: KeyDate, by_origin: bool) -> list[str]:
    # Description lines naming each centre and its address, or saying that the circular gives none; for many
    # centres, their number and where they are listed (the page of the "Détails" line), as the cards do.
    if not key_date.centres:
        return []
    lines = []
    if by_origin:
        lines.append("Chaque candidat compose dans le centre d'écrit de son établissement d'origine (voir la convocation) :")
    elif not key_date.centres_drawn:
        lines.append(f"{many_centres(key_date)}. La liste des centres est sur la page indiquée ci-dessous (Détails).")
    elif len(key_date.centres) > 1:
        lines.append("Le centre de chaque candidat est indiqué sur sa convocation :")
    if by_origin or key_date.centres_drawn:
        lines += [f"{c.name} : {c.address or centre_address_unknown(c)}" for c in key_date.centres]
    if key_date.pairing_unspecified:
        lines.append("La circulaire ne précise pas quelle période correspond à quel centre : voir la convocation.")
    return lines


def many_centres(key_date: KeyDate) -> str:
    # An exam held in more centres than a calendar event lists (an oral of a national session).
    return f"{len(key_date.centres)} centres : celui de chaque candidat est indiqué sur sa convocation"


def centre_address_unknown(centre: Centre) -> str:
    # Where the circular gives no address, say so; never invent one, nor say where else it is written.
    if centre.town:
        return f"{centre.town}, adresse non précisée par la circulaire"
    return "commune et adresse non précisées par la circulaire (voir la convocation)"


def centres_key(centres: tuple[Centre, ...]) -> str:
    # The folder of a candidate's files: their written centre, or centres ("berthelot--issec-pigier").
    return JOIN.join(c.id for c in centres)


def options_key(session: Session, options: tuple[str, ...]) -> str:
    # The file name of one choice: "toutes", or the chosen exams' ids ("e2-anglais--langues").
    return ALL_OPTIONS if options == session.dated_options else JOIN.join(options)


def options_name(session: Session, centres: tuple[Centre, ...], options: tuple[str, ...]) -> str:
    # "écrits au Lycée Berthelot ; Anglais, Espagnol", the calendar's name in a calendar app.
    chosen = "toutes les langues" if options == session.dated_options else \
        ", ".join(_option(session, o) for o in options)
    return f"écrits au {' ou au '.join(c.name for c in centres)} ; {chosen}"


def options_description(session: Session, options: tuple[str, ...]) -> str:
    # ", oraux de langue : Anglais" in the calendar's description; nothing when the session has no option.
    if not session.dated_options:
        return ""
    return ", oraux de langue : " + ", ".join(_option(session, o) for o in options)


def _option(session: Session, exam_id: str) -> str:
    # A dated option's answer ("Anglais").
    choice = session.exam(exam_id).choice
    assert choice is not None, exam_id  # dated options are exams with a choice (Session.dated_options)
    return choice.option


def place_name(centre: Centre, with_address: bool = False) -> str:
    # "Lycée X, address" where the circular gives one, else "Lycée X, Town", else the name alone.
    where_ = (centre.address if with_address else None) or centre.town
    return f"{centre.name}, {where_}" if where_ else centre.name


def uid_domain(session: Session) -> str:
    # Right-hand side of every UID: names the handbook, under .invalid so it claims no real host.
    return f"bts-{slug(session.info.specialty)}.{slug(session.info.academy)}.invalid"


def slug(text: str) -> str:
    # "Négociation et Digitalisation" -> "negociation-et-digitalisation"
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
