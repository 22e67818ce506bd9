"""MkDocs hook: a page of docs/ never runs code in a reader's browser (a <script>, an on…= attribute, a javascript:
link), however staff wrote it (raw HTML, an attribute list, entities, Jinja): refused in French, at its line when the
page's source writes it (handbook/page_source.py, code_problem)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from handbook.page_source import code_problem, page_name


@event_priority(120)  # before the macros' HTML blocks are back (jinja_pages, 100): the page's own HTML only
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The page's HTML as Markdown converted it; the pages generated from data are drawn by templates/ alone."""
    if page.file.generated_by or not page.file.abs_src_path:
        return html
    # Its source as MkDocs already read it (front matter included: the lines are the file's), not read again.
    problem = code_problem(html, page_name(config.docs_dir, page.file.src_uri), page.file.content_string)
    if problem:
        raise PluginError(str(problem))
    return html
