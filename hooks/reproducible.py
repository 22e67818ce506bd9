"""MkDocs hook: the build's clock is the session's `published` date, so a rebuild on another day gives the same bytes."""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from handbook.text import source_date_epoch
from handbook_context import context

log = get_plugin_logger(__name__)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Set SOURCE_DATE_EPOCH to the session's published date for this build, whatever the machine's clock or
    environment say: MkDocs dates the pages of sitemap.xml and the gzip header of sitemap.xml.gz with it.
    (hooks/session_model.py, first by priority, has loaded the session; the form PDFs date themselves.)"""
    published = context(config).session.info.published
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(published))
    log.debug("date de construction : %s (published de session.yml)", published)
    return config
