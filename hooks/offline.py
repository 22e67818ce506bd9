"""MkDocs hook: the service worker that keeps opened pages readable offline (docs/sw.js), stamped with its publication.

The worker's cache is named after a digest of what the build publishes (each page as written, each asset): a new
publication is a new worker, which fetches again the pages a reader kept and drops the old cache with its assets.
Two builds of the same sources give the same stamp (the same bytes). Without `extra.offline` (the preview, where
hooks/preview.py removes it: live reload must always reach the server) the worker is not published at all.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from handbook.standalone import PATIENCE_MS
from handbook_context import context

log = get_plugin_logger(__name__)

WORKER = "sw.js"                                 # at the docs root: its scope is the session's folder
STAMP = "__HANDBOOK_PUBLICATION__"               # in docs/sw.js, replaced by the publication's digest
SEARCH_FILES = '"__HANDBOOK_SEARCH_FILES__"'     # in docs/sw.js, replaced by the search's files (quoted, by path)
PATIENCE = "__HANDBOOK_PATIENCE__"               # in docs/sw.js, replaced by the network's wait (milliseconds)
ASSETS = "assets/"                               # the theme's and the handbook's styles, scripts, images


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Publish the worker only with `extra.offline`; note the assets whose bytes the stamp covers."""
    worker = files.get_file_from_path(WORKER)
    if not offline(config):
        if worker is not None:
            files.remove(worker)
        return files
    if worker is None:
        raise PluginError(f"docs/{WORKER} introuvable : le service hors connexion (extra.offline de mkdocs.yml) "
                          "en a besoin — attendu : le fichier du dépôt, ou extra.offline retiré de mkdocs.yml")
    assets = ((f.dest_uri, Path(f.abs_dest_path)) for f in files if f.dest_uri.startswith(ASSETS) and not f.is_documentation_page())
    context(config).publication.assets.extend(sorted(assets))
    return files


@event_priority(-100)   # last: the page as it is written, after every other hook and plugin
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Count the page's published bytes in the publication's digest."""
    if offline(config):
        context(config).publication.add_page(page.file.dest_uri, output)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """Write the publication's digest, and the files the search needs, into the published worker."""
    if not offline(config):
        return
    worker = Path(config.site_dir) / WORKER
    source = worker.read_text(encoding="utf-8")
    if STAMP not in source:
        raise PluginError(f"docs/{WORKER} : repère « {STAMP} » introuvable — attendu : "
                          f'const PUBLICATION = "{STAMP}"; (hooks/offline.py y écrit la version publiée)')
    if SEARCH_FILES not in source:
        raise PluginError(f"docs/{WORKER} : repère {SEARCH_FILES} introuvable — attendu : "
                          f"const SEARCH_FILES = [{SEARCH_FILES}]; (hooks/offline.py y écrit les fichiers de la recherche)")
    if PATIENCE not in source:
        raise PluginError(f"docs/{WORKER} : repère {PATIENCE} introuvable — attendu : "
                          f"const PATIENCE = {PATIENCE}; (hooks/offline.py y écrit l'attente du réseau)")
    built = context(config)
    publication = built.publication
    stamp = publication.stamp()
    search_files = ", ".join(json.dumps(path) for path in built.search_files)
    stamped = source.replace(STAMP, stamp).replace(SEARCH_FILES, search_files).replace(PATIENCE, str(PATIENCE_MS))
    worker.write_text(stamped, encoding="utf-8")
    log.debug("service hors connexion : publication %s (%d pages, %d fichiers)", stamp, len(publication.pages),
              len(publication.assets))


def offline(config: MkDocsConfig) -> bool:
    # mkdocs.yml's switch, absent under the preview.
    return bool(config.extra.get("offline"))
