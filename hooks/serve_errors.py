"""MkDocs hook: under `mkdocs serve`, a failed rebuild shows its error in the browser instead of hanging the preview.

MkDocs' live-reload server holds every request until a rebuild succeeds: after a data or template
error the browser waited forever and the message was only in the terminal. Here the server's rebuild
is wrapped: when it fails, every page of the last good build (and 404.html) becomes a French page
with the same messages as the terminal, and the rebuild counts as done, so open pages reload onto it;
the next successful rebuild reloads them onto the real pages. `mkdocs build` never calls this hook.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import DuplicateFilter

from handbook.standalone import page

log = get_plugin_logger(__name__)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[[], None]) -> LiveReloadServer:
    """Replace the server's rebuild with one that never fails: an error becomes the page the browser shows."""
    server.builder = ErrorPageBuilder(server.builder, Path(server.root))
    return server


class ErrorPageBuilder:
    """The serve rebuild, wrapped: remembers the last good build's pages, writes the error over them on failure."""

    def __init__(self, build: Callable[[], None], site_dir: Path):
        self.build = build
        self.site_dir = site_dir
        self.pages = built_pages(site_dir)  # the initial build succeeded before on_serve runs

    def __call__(self) -> None:
        forget_logged_messages()
        messages = MessageCollector()
        logging.getLogger("mkdocs").addHandler(messages)
        try:
            self.build()
        except Exception as error:  # any failed build: MkDocs' Abort, a configuration error, a bug in a hook
            shown = messages.lines or [f"{type(error).__name__}: {error}"]
            write_error_pages(self.site_dir, self.pages, error_page(shown))
            log.error("Construction impossible : l'erreur ci-dessus est affichée dans le navigateur ; "
                      "la page se rechargera d'elle-même une fois le fichier corrigé.")
            return
        finally:
            logging.getLogger("mkdocs").removeHandler(messages)
        self.pages = built_pages(self.site_dir)


class MessageCollector(logging.Handler):
    """The warnings and errors MkDocs and the hooks log during one build, as the terminal shows them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []
        self.thread = threading.get_ident()  # the build's; the server logs requests from other threads

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.lines.append(LEVEL_PREFIXES.get(record.levelno, "") + record.getMessage())


# Errors speak for themselves; a warning is said to be one (it stops the build only in strict mode).
LEVEL_PREFIXES = {logging.WARNING: "Avertissement (bloquant en mode strict) : "}


def forget_logged_messages() -> None:
    # MkDocs logs a message of its build once per process (DuplicateFilter): the same mistake made again in the
    # same preview would reach neither the terminal nor this page. Each rebuild says all it finds, as a build does.
    for kept in logging.getLogger("mkdocs.commands.build").filters:
        if isinstance(kept, DuplicateFilter):
            kept.msgs.clear()


def built_pages(site_dir: Path) -> list[Path]:
    # Every HTML page of a build, relative to the site folder: where a reader's browser may be.
    return [path.relative_to(site_dir) for path in site_dir.rglob("*.html")]


def error_page(lines: list[str]) -> str:
    # The French page, messages escaped (they quote data values) and kept line by line.
    messages = "\n\n".join(escape(line) for line in lines)
    return page("Erreur de construction – aperçu du manuel", "Aperçu du manuel : construction impossible",
                "<h1>Le site n'a pas pu être reconstruit</h1>\n"
                "<p>Le message ci-dessous (le même que dans le terminal) donne le fichier, la ligne et le champ "
                "à corriger. Enregistrez le fichier corrigé : cette page se rechargera d'elle-même.</p>\n"
                f"<pre>{messages}</pre>")


def write_error_pages(site_dir: Path, pages: list[Path], html: str) -> None:
    # Over every page of the last good build and as 404.html: whatever address is open shows the error.
    for relative in {*pages, Path("404.html")}:
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
