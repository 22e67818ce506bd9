"""MkDocs hook: each heading's « ¶ » link kept from screen readers and the Tab key (handbook/headings.py)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from handbook.headings import quiet_heading_links


@event_priority(101)  # as Markdown wrote the page, before a generated page is held until it is written (100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Every page's headings, docs/ and generated: Markdown writes their links, macros write none."""
    return quiet_heading_links(html)
