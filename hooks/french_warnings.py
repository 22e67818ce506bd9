"""MkDocs hook: MkDocs' own warnings about docs/ and mkdocs.yml in French, with the file and line, and its lines about
a build's and the preview's progress (handbook/mkdocs_words.py).

A filter on the loggers that say them rewrites their words as they are logged: they stay warnings, so strict mode
still stops on them, in the terminal, under `serve` and in CI's log alike.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from handbook.mkdocs_words import french_progress, french_warning

# The loggers of MkDocs that warn about what staff write: pages' links and anchors, the nav; the build's, which
# names a page that failed before its error.
LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav", "mkdocs.commands.build")


# The loggers of MkDocs that say what a build and the preview are doing: « Serving on … », « Documentation built in … ».
PROGRESS_LOGGERS = ("mkdocs.commands.build", "mkdocs.commands.serve", "mkdocs.livereload")


def on_startup(command: str, dirty: bool) -> None:
    """Put the French words on MkDocs' progress lines: here, because the preview says its first one (« Building
    documentation... ») before any on_config."""
    for name in PROGRESS_LOGGERS:
        replace_filter(logging.getLogger(name), FrenchProgress())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Put the French words on MkDocs' warnings, once per process (serve builds again and again)."""
    for name in LOGGERS:
        replace_filter(logging.getLogger(name), FrenchWarnings(Path(config.docs_dir)))
    return config


def replace_filter(logger: logging.Logger, new: logging.Filter) -> None:
    """Set a filter once on a logger, in place of an earlier one of its class: a new config (its docs/ folder) or a
    new command in the same process. Matched by name: another project's hooks in this process are another class."""
    for existing in [f for f in logger.filters if type(f).__name__ == type(new).__name__]:
        logger.removeFilter(existing)
    logger.addFilter(new)


class FrenchWarnings(logging.Filter):
    """Rewrites a record's message in French; never drops one."""

    def __init__(self, docs_dir: Path):
        super().__init__()
        self.docs_dir = docs_dir
        self.seen: dict[tuple[str, str], int] = {}   # this build's warnings by file and link (a new filter each build)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            record.msg, record.args = french_warning(record.getMessage(), self.docs_dir, self.seen), None
        return True


class FrenchProgress(logging.Filter):
    """Rewrites a progress line (INFO) in French; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.INFO:
            record.msg, record.args = french_progress(record.getMessage()), None
        return True
