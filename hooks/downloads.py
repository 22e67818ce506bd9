"""MkDocs hook: every generated download (forms, calendars, JSON export) enters the site as a MkDocs file."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from handbook_context import context

log = get_plugin_logger(__name__)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add each output of the build context as a generated file: MkDocs copies, serves and link-checks it."""
    outputs = context(config).outputs
    for output in outputs:
        files.append(File.generated(config, output.path, content=output.data))
    log.debug("%d fichiers à télécharger ajoutés", len(outputs))
    return files
