"""MkDocs hook: every generated download (forms, calendars, JSON export) enters the site as a MkDocs file."""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from handbook.outputs.cache import OutputsFailed, Production
from handbook_context import context

log = get_plugin_logger(__name__)
# The production on_files started and on_env has not waited for yet (on_build_error has no config to find it by).
_running: list[Production] = []


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add each output of the build context as a generated file, backed by its file in the cache: MkDocs copies,
    serves and link-checks it. Files the cache lacks are made now, or by a second process while pages render."""
    built = context(config)
    try:
        production = built.store.make_missing(built.outputs)
    except OutputsFailed as failure:
        raise PluginError(str(failure)) from None
    _running[:] = [production]
    for output in built.outputs:
        files.append(File.generated(config, output.path, abs_src_path=str(built.store.path(output))))
    log.debug("%d fichiers à télécharger, dont %d à produire%s", len(built.outputs), production.count,
              " (second processus)" if production.in_background else "")
    return files


@event_priority(-100)  # the pages are rendered; MkDocs copies the files right after this event
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Wait for the files made by the second process, if any, before MkDocs copies them."""
    try:
        context(config).store.wait()
    except OutputsFailed as failure:
        raise PluginError(str(failure)) from None
    _running.clear()
    return env


@event_priority(-100)  # once the site is written
def on_post_build(config: MkDocsConfig) -> None:
    """Forget the cached files this build did not use (older versions of the data)."""
    removed = context(config).store.prune()
    log.debug("cache des téléchargements : %d fichiers périmés retirés", removed)


def on_build_error(error: Exception) -> None:
    """A failed build does not leave a second process making files behind it."""
    while _running:
        _running.pop().cancel()
