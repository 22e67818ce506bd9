"""MkDocs hook: a draft session (values "à confirmer") says so on every page and in its date tables."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from handbook.drafts import pending_items, unconfirmed_key_dates

log = get_plugin_logger(__name__)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Give the theme the list of values to confirm and the templates the key dates they touch."""
    session = config["handbook_session"]
    config.extra["to_confirm"] = pending_items(session)
    config["handbook_renderer"].add_global("unconfirmed", unconfirmed_key_dates(session))
    if session.info.to_confirm:
        log.info("session %s en projet : %d informations à confirmer", session.info.year, len(session.info.to_confirm))
    return config
