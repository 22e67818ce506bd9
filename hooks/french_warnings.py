"""MkDocs hook: MkDocs' own warnings about docs/ and mkdocs.yml in French, with the file and line (handbook/mkdocs_words.py).

A filter on the loggers that say them rewrites their words as they are logged: they stay warnings, so strict mode
still stops on them, in the terminal, under `serve` and in CI's log alike.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from handbook.mkdocs_words import french_warning

# The loggers of MkDocs that warn about what staff write: pages' links and anchors, the nav; the build's, which
# names a page that failed before its error.
LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav", "mkdocs.commands.build")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Put the French words on MkDocs' warnings, once per process (serve builds again and again)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        # A new config (its docs/ folder); matched by name: another project's hooks in this process are another class.
        for existing in [f for f in logger.filters if type(f).__name__ == FrenchWarnings.__name__]:
            logger.removeFilter(existing)
        logger.addFilter(FrenchWarnings(Path(config.docs_dir)))
    return config


class FrenchWarnings(logging.Filter):
    """Rewrites a record's message in French; never drops one."""

    def __init__(self, docs_dir: Path):
        super().__init__()
        self.docs_dir = docs_dir

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            record.msg, record.args = french_warning(record.getMessage(), self.docs_dir), None
        return True
