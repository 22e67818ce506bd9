"""MkDocs hook: the session's calendars (.ics), linked from the pages and written beside them."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from handbook.outputs.ics import Calendars

log = get_plugin_logger(__name__)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Describe every calendar file once, so that pages can link to them (`calendars` in templates)."""
    calendars = Calendars(config["handbook_session"], site_url=config.site_url or None)
    config["handbook_calendars"] = calendars
    config["handbook_renderer"].add_global("calendars", calendars)
    return config


def on_post_build(config: MkDocsConfig) -> None:
    """Write agenda/*.ics into the built site."""
    calendars: Calendars = config["handbook_calendars"]
    feeds = list(calendars)
    for feed in feeds:
        write_file(Path(config.site_dir) / feed.path, calendars.ical(feed))
    log.debug("%d calendriers écrits dans %s", len(feeds), config.site_dir)


def write_file(target: Path, content: bytes) -> None:
    # Create the folder on first use; bytes as icalendar gives them (CRLF line ends).
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
