"""MkDocs hook: the build's clock is the session's `published` date, so a rebuild on another day gives the same bytes."""

from __future__ import annotations

import calendar
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Set SOURCE_DATE_EPOCH to the session's published date for this build, whatever the machine's clock
    or environment say: MkDocs' page dates, sitemap.xml and the gzip header of sitemap.xml.gz, and
    reportlab's PDF dates and document ID all read it (hooks/session_model.py runs first and loads the session)."""
    epoch = published_epoch(config["handbook_session"].info.published)
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    log.debug("date de construction : %s (published de session.yml)", epoch)
    return config


def published_epoch(published) -> int:
    # Midnight UTC of the published date, in seconds since 1970 (SOURCE_DATE_EPOCH's unit).
    return calendar.timegm(published.timetuple())
