"""MkDocs hook: a page of docs/ that MkDocs would misread is refused at its line before MkDocs reads it (not saved in
UTF-8, a head it would drop or swallow, no text at all), in French (handbook/page_source.py)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from handbook.page_source import page_name, page_problem


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """The page's file as saved in docs/; the pages generated from data are ours, not read from there."""
    if page.file.generated_by or not page.file.abs_src_path:
        return page
    problem = page_problem(Path(page.file.abs_src_path).read_bytes(), page_name(config.docs_dir, page.file.src_uri), mkdocs_head)
    if problem:
        raise PluginError(str(problem))
    return page


def mkdocs_head(text: str) -> Mapping[str, Any]:
    # What MkDocs reads as the page's head (its meta), read the way it reads it.
    return get_data(text)[1]
