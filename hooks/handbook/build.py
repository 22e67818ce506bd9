"""The build context: everything one build of the handbook reads, made once from the session.

The MkDocs hooks (hooks/*.py) are thin adapters around this object: hooks/session_model.py
creates it in `on_config`, the others reach it through `handbook_context.context(config)`.
It holds the session, every name templates may use (`template_globals`), the generated page
families with their addresses, and every generated download (`outputs`) with the store that
keeps their files on disk between builds (`store`). Like the rest of the core it never imports
MkDocs, so tests can build it alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .changelog import History
from .drafts import pending_items, unconfirmed_key_dates
from .model import Session, oral_key_date_id, page_url, written_key_date_id
from .outputs import registry
from .outputs.atom import Feeds
from .outputs.cache import CACHE_FOLDER, OutputStore, store_for
from .outputs.form_downloads import FORMATS, Download, download_path
from .outputs.ics import Calendars
from .publication import Publication
from .render import PageRenderer
from .search import RepeatedSections

# Compiled Jinja templates kept between builds, one folder per environment (pages here, the theme's: hooks/template_cache.py).
TEMPLATE_CACHE = CACHE_FOLDER / "jinja"
# The RGAA compliance statuses a statement may declare (mkdocs.yml extra.accessibility.status).
ACCESSIBILITY_STATUSES = ("non conforme", "partiellement conforme", "totalement conforme")
# What the statement needs, and what each entry means (for the error message).
ACCESSIBILITY_KEYS = {
    "status": "état de conformité RGAA (« non conforme », « partiellement conforme » ou « totalement conforme »)",
    "date": "date d'établissement de la déclaration (AAAA-MM-JJ)",
}


class SettingsProblem(Exception):
    """A setting of mkdocs.yml the handbook cannot build with, in French for staff."""


@dataclass(frozen=True)
class AccessibilityStatement:
    """The accessibility status shown in every footer, on the home page and in the statement."""

    status: str
    date: dt.date


@dataclass(frozen=True)
class PageFamily:
    """Pages drawn by one template, one per entity of the session, kept out of the nav."""

    template: str                                   # in templates/
    variable: str                                   # the entity's name inside the template
    entities: Callable[[Session], Sequence[Any]]    # each entity knows its page (`.page`, `.url`)
    title: Callable[[Session, Any], str]


# Every family of generated pages, in the order their pages are added to the site.
PAGE_FAMILIES = (
    PageFamily("centre.md.j2", "centre", lambda s: s.centre_list, lambda s, centre: centre.label),
    PageFamily("establishment.md.j2", "establishment", lambda s: s.establishments.establishments, lambda s, e: e.title),
    PageFamily("form.md.j2", "form", lambda s: s.forms, lambda s, form: s.annex(form.annex).label),
)


@dataclass(frozen=True)
class GeneratedPage:
    """One generated page: where it lives, its title, and what its template is given."""

    src_uri: str
    title: str
    template: str
    variables: Mapping[str, Any]

    @property
    def url(self) -> str:
        return page_url(self.src_uri)


@dataclass(frozen=True)
class BuildContext:
    """One build of one session: created once, read by every hook."""

    root: Path
    session: Session
    site_url: str | None
    accessibility: AccessibilityStatement
    calendars: Calendars
    form_downloads: dict[str, list[Download]]
    pages: dict[str, GeneratedPage]                  # by source path, e.g. centres/ozenne.md
    outputs: tuple[registry.Output, ...]
    history: History                                 # the change log: Modifications page, page notes
    feeds: Feeds                                     # Atom feeds of the change log
    store: OutputStore                               # their files, kept between builds under .cache/handbook/
    renderer: PageRenderer = field(repr=False)
    # Filled as the build runs: the sections the search indexer has seen, the pages and assets the offline stamp counts.
    repeated_sections: RepeatedSections = field(default_factory=RepeatedSections, repr=False)
    publication: Publication = field(default_factory=Publication, repr=False)
    # What the search box loads in a browser (index, worker scripts, language rules), by path in the site: set by
    # hooks/search_index.py, kept by the offline worker with exam day's pages (hooks/offline.py).
    search_files: list[str] = field(default_factory=list, repr=False)

    @classmethod
    def create(cls, root: Path, session: Session, site_url: str | None = None,
               accessibility: Mapping[str, Any] | None = None) -> BuildContext:
        """Everything derived once from the session: downloads, generated pages, the page renderer."""
        calendars = Calendars(session, site_url=site_url)
        statement = accessibility_statement(accessibility or {})
        history = History(session)
        feeds = Feeds(session, history, site_url=site_url)
        outputs = registry.session_outputs(session, calendars, feeds)
        store = store_for(root, session, site_url)
        forms = form_downloads(session, outputs, store)
        renderer = PageRenderer(root / "templates", template_globals(session, calendars, forms, statement, history, feeds),
                                cache_folder=root / TEMPLATE_CACHE / "pages")
        return cls(root, session, site_url, statement, calendars, forms, generated_pages(session), outputs, history, feeds,
                   store, renderer)

    @property
    def session_label(self) -> str:
        """"Session 2022", at the top of every page."""
        return f"Session {self.session.info.year}"

    @property
    def to_confirm(self) -> list[dict[str, str | None]]:
        """The values of a draft session still to confirm, listed on every page (empty when published)."""
        return pending_items(self.session)


def template_globals(session: Session, calendars: Calendars, forms: dict[str, list[Download]],
                     accessibility: AccessibilityStatement, history: History, feeds: Feeds) -> dict[str, Any]:
    """Every name a page of docs/ or a template may use besides the macros: the one list of them."""
    return {
        "session": session,                                 # the model: facts and views
        "calendars": calendars,                             # .ics files: paths, dates, subscription addresses
        "form_downloads": forms,                            # form files by annex id: path, format, size
        "unconfirmed": unconfirmed_key_dates(session),      # key-date ids still "à confirmer" (draft session)
        "accessibility": accessibility,                     # RGAA status and date (mkdocs.yml extra.accessibility)
        "written_key_date_id": written_key_date_id,         # key-date id of a written sitting
        "oral_key_date_id": oral_key_date_id,               # key-date id of an oral period
        "history": history,                                 # the change log's publications (page Modifications)
        "feeds": feeds,                                     # Atom feeds of the change log: paths, titles
    }


def form_downloads(session: Session, outputs: Sequence[registry.Output], store: OutputStore) -> dict[str, list[Download]]:
    """Every form in every format, by annex id, with its file's size: its file is made now if the store lacks it
    (pages show the sizes)."""
    by_path = {output.path: output for output in outputs}
    return {form.annex: [Download(form, fmt, store.file(by_path[download_path(form, fmt)]).stat().st_size) for fmt in FORMATS]
            for form in session.forms}


def generated_pages(session: Session) -> dict[str, GeneratedPage]:
    """One page per entity of each family, by source path, in family order."""
    return {
        entity.page: GeneratedPage(entity.page, family.title(session, entity), family.template, {family.variable: entity})
        for family in PAGE_FAMILIES for entity in family.entities(session)
    }


def accessibility_statement(declared: Mapping[str, Any]) -> AccessibilityStatement:
    """mkdocs.yml extra.accessibility, checked: a known status and a real date."""
    missing = [f"extra.accessibility.{key} : {meaning}" for key, meaning in ACCESSIBILITY_KEYS.items() if not declared.get(key)]
    if missing:
        raise SettingsProblem("mkdocs.yml : déclaration d'accessibilité incomplète — attendu : " + " ; ".join(missing))
    if declared["status"] not in ACCESSIBILITY_STATUSES:
        raise SettingsProblem(f"mkdocs.yml: extra.accessibility.status : « {declared['status']} » inconnu — attendu : "
                              + ", ".join(f"« {s} »" for s in ACCESSIBILITY_STATUSES))
    return AccessibilityStatement(declared["status"], statement_date(declared["date"]))


def statement_date(value: object) -> dt.date:
    # YAML reads 2026-11-28 as a date; a string must still be a real date.
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise SettingsProblem(f"mkdocs.yml: extra.accessibility.date : « {value} » n'est pas une date — attendu : AAAA-MM-JJ") from None
