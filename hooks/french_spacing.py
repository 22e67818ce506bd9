"""MkDocs hook: French typography of every page's HTML (no-break spaces around « » and before : ; ! ?)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from handbook.typography import french_spacing


@event_priority(105)  # once a generated page has its blocks back (110), before search indexes it (100)
def on_page_context(context_: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    """The page's text with French no-break spaces: on a phone, « or : never starts or ends a line alone. Here
    rather than in each template, each data file and each page of docs/: every text reaches a reader this way."""
    if page.content:
        page.content = french_spacing(page.content)
    return context_
