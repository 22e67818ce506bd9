"""MkDocs hook: the preview (`mkdocs serve`) shows one session as it is being edited: no session menu, no offline worker.

The session menu lists the published sessions from the versions.json that mike writes beside them on
publication. The preview has none: Material asked for it on every page and the terminal logged a 404 warning
for each one, which staff took for a problem. The offline service worker (extra.offline, docs/sw.js) would
stand between the page and the server that live-reloads it. `mkdocs build` and `handbook publish` keep both.
Neither runs with --dirty: the preview would show pages built from the data as it was before an edit.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

_serving = False   # set once per command: MkDocs calls on_config again on every rebuild of the preview
_dirty = False     # --dirty: MkDocs would rebuild only the pages of docs/ whose file changed
# What the published site has and the preview has not (mkdocs.yml extra): the session menu, the offline worker.
PUBLISHED_ONLY = ("version", "offline")


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this run is the preview, and whether it rebuilds only changed files."""
    global _serving, _dirty
    _serving = command == "serve"
    _dirty = dirty


@event_priority(1001)  # before the session is loaded: a data error would hide why the command stops
def _refuse_dirty(config: MkDocsConfig) -> MkDocsConfig:
    """No --dirty build: a data edit changes no file of docs/, its pages would not be rebuilt."""
    if _dirty:
        raise PluginError("l'option --dirty n'est pas prise en charge : une modification de data/ ne change aucun fichier "
                          "de docs/, ses pages ne seraient pas reconstruites ; relancez la commande sans --dirty "
                          "(pour l'aperçu : « python3 tasks.py serve », qui reconstruit tout le manuel à chaque "
                          "modification, en une seconde environ pour une session)")
    return config


def _published_only(config: MkDocsConfig) -> MkDocsConfig:
    """Under the preview, no session menu nor offline worker; elsewhere, the configuration as written."""
    if _serving:
        for key in PUBLISHED_ONLY:
            config.extra.pop(key, None)
    return config


on_config = CombinedEvent(_refuse_dirty, _published_only)
