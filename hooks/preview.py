"""MkDocs hook: the preview (`mkdocs serve`) shows one session, so it has no session menu.

The session menu lists the published sessions from the versions.json that mike writes beside them on
publication. The preview has none: Material asked for it on every page and the terminal logged a 404 warning
for each one, which staff took for a problem. `mkdocs build` and `handbook publish` keep the menu.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

_serving = False   # set once per command: MkDocs calls on_config again on every rebuild of the preview


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this run is the preview."""
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Under the preview, no session menu (extra.version); elsewhere, the configuration as written."""
    if _serving:
        config.extra.pop("version", None)
    return config
