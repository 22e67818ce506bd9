"""MkDocs hook: the preview (`mkdocs serve`) shows one session as it is being edited: no session menu, no offline worker.

The session menu lists the published sessions from the versions.json that mike writes beside them on
publication. The preview has none: Material asked for it on every page and the terminal logged a 404 warning
for each one, which staff took for a problem. The offline service worker (extra.offline, docs/sw.js) would
stand between the page and the server that live-reloads it. `mkdocs build` and `handbook publish` keep both.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

_serving = False   # set once per command: MkDocs calls on_config again on every rebuild of the preview
# What the published site has and the preview has not (mkdocs.yml extra): the session menu, the offline worker.
PUBLISHED_ONLY = ("version", "offline")


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this run is the preview."""
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Under the preview, no session menu nor offline worker; elsewhere, the configuration as written."""
    if _serving:
        for key in PUBLISHED_ONLY:
            config.extra.pop(key, None)
    return config
