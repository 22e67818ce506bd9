"""The one accessor through which every hook reaches the build context (not a hook itself).

hooks/session_model.py creates the context first (its on_config runs before any that reads it); any
other hook asks for it here and gets a clear French message if it is not there yet.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from mkdocs.exceptions import PluginError

from handbook.build import BuildContext

# The one key of the MkDocs config that holds the context: hooks never read any other.
CONFIG_KEY = "handbook_context"


def context(config: MutableMapping[str, Any]) -> BuildContext:
    """The build context of this build; a PluginError in French if hooks/session_model.py has not run."""
    found = config.get(CONFIG_KEY)
    if not isinstance(found, BuildContext):
        raise PluginError("contexte du manuel absent : hooks/session_model.py doit figurer dans la liste `hooks:` de "
                          "mkdocs.yml (il charge la session avant tous les autres hooks)")
    return found


def attach(config: MutableMapping[str, Any], built: BuildContext) -> None:
    """Keep the context on this build's config (MkDocs makes a new config for every build)."""
    config[CONFIG_KEY] = built
