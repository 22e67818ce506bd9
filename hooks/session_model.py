"""MkDocs hook: load and check the session's data before anything is built."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from handbook.load import load_session
from handbook.problems import DataError
from handbook.render import PageRenderer

log = get_plugin_logger(__name__)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load data/<session>/ into the model, keep it on the config; stop the build on any data problem."""
    root = project_root(config)
    session_id = str(config.extra.get("session", "")).strip()
    try:
        session = load_session(root / "data" / session_id, label=f"data/{session_id}")
    except DataError as error:
        raise PluginError(error.report()) from None
    config["handbook_session"] = session
    config["handbook_renderer"] = PageRenderer(session, root / "templates")
    config.site_name = site_name(session)
    config.extra["session_label"] = f"Session {session.info.year}"
    config.extra["source_label"] = source_label(session)
    log.debug("session %s chargée depuis data/%s", session.info.year, session_id)
    return config


def project_root(config: MkDocsConfig) -> Path:
    # Data and templates sit beside mkdocs.yml, wherever the command is run from.
    return Path(config.config_file_path).resolve().parent


def site_name(session) -> str:
    # The header names the diploma and session from data, never from a typed copy.
    return f"BTS {session.info.specialty} – session {session.info.year}"


def source_label(session) -> str:
    # Shown on every page: which circular the facts come from.
    return f"Circulaire académique d'organisation, académie de {session.info.academy}, session {session.info.year}"
