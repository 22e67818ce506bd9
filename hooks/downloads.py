"""MkDocs hook: every generated download (forms, calendars, JSON export) enters the site as a MkDocs file."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from handbook_context import context

log = get_plugin_logger(__name__)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add each output of the build context as a generated file, backed by its file in the cache (made now if
    missing): MkDocs copies, serves and link-checks it."""
    built = context(config)
    missing = len(built.store.missing(built.outputs))
    for output in built.outputs:
        files.append(File.generated(config, output.path, abs_src_path=str(built.store.file(output))))
    log.debug("%d fichiers à télécharger ajoutés, dont %d produits (les autres étaient en cache)", len(built.outputs), missing)
    return files


@event_priority(-100)  # once the site is written
def on_post_build(config: MkDocsConfig) -> None:
    """Forget the cached files this build did not use (older versions of the data)."""
    removed = context(config).store.prune()
    log.debug("cache des téléchargements : %d fichiers périmés retirés", removed)
