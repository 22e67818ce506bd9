"""MkDocs hook: load and check the session's data, then create the build context every hook reads."""

from __future__ import annotations

import html
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files

from handbook.build import BuildContext, SettingsProblem
from handbook.load import load_session
from handbook.outputs.cache import OutputsFailed
from handbook.problems import DataError
from handbook.render import TemplateProblem
from handbook_context import attach, context

log = get_plugin_logger(__name__)


@event_priority(1000)  # before every hook and plugin that reads the context (preview.py only refuses --dirty before)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load data/<session>/ (any data problem stops the build here), then build the context once."""
    root = project_root(config)
    session_id = str(config.extra.get("session", "")).strip()
    try:
        session = load_session(root / "data" / session_id, label=f"data/{session_id}")
        built = BuildContext.create(root, session, site_url=config.site_url or None,
                                    accessibility=config.extra.get("accessibility"))
    except DataError as error:
        raise PluginError(error.report()) from None
    except (SettingsProblem, OutputsFailed, TemplateProblem) as problem:   # TemplateProblem: macros.md.j2 unreadable
        raise PluginError(str(problem)) from None
    attach(config, built)
    # Material's templates print the site's name as HTML, unescaped, in text and in double-quoted attributes (the
    # menu's aria-label): it comes from the data. The apostrophe stays as it is: the menu's title attribute escapes
    # the name again (| e), and « l'action » would read « l&#x27;action » there.
    config.site_name = html.escape(session.info.site_title, quote=False).replace('"', "&#34;")
    if session.info.to_confirm:
        log.info("session %s en projet : %d informations à confirmer", session.info.year, len(session.info.to_confirm))
    log.debug("session %s chargée depuis data/%s", session.info.year, session_id)
    return config


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """The theme's templates (overrides/) read the session banner and draft list from the context as `handbook`."""
    env.globals["handbook"] = context(config)
    return env


def project_root(config: MkDocsConfig) -> Path:
    # Data and templates sit beside mkdocs.yml, wherever the command is run from.
    return Path(config.config_file_path).resolve().parent
