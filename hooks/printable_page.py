"""MkDocs hook: the whole handbook on one printable page, assembled at build from the rendered pages."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

# The page (docs/imprimer.md) whose front matter asks for the chapters to be appended.
PRINT_META = "handbook_print"
# Attributes that refer to ids: they move with the ids when a chapter's ids get its prefix.
ID_REFERENCES = ("for", "headers", "aria-labelledby", "aria-describedby", "aria-controls")
HEADING = re.compile(r"<(/?)h([1-5])\b")
ID_ATTRIBUTE = re.compile(r'\bid="([^"]+)"')
REFERENCE_ATTRIBUTE = re.compile(r'\b(' + "|".join(ID_REFERENCES) + r')="([^"]+)"')
LINK_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Append every page of the nav, in nav order, to the printable page (all pages are rendered by now)."""
    if not page.meta.get(PRINT_META):
        return context
    chapters = [chapter for chapter in nav.pages if chapter is not page and chapter.content]
    slugs = {chapter.url: chapter_slug(chapter) for chapter in chapters}
    parts = [table_of_contents(chapters, slugs)]
    parts += [chapter_html(chapter, slugs, page.url) for chapter in chapters]
    page.content = (page.content or "") + "\n".join(parts)
    log.debug("version imprimable : %d pages réunies", len(chapters))
    return context


def chapter_slug(page: Page) -> str:
    # One id per chapter, from its URL: calendrier/ -> calendrier, the home page -> accueil.
    return page.url.strip("/").replace("/", "-") or "accueil"


def table_of_contents(chapters: list[Page], slugs: dict[str, str]) -> str:
    # The list of chapters, linked to their place on the page.
    items = "".join(f'<li><a href="#{slugs[c.url]}">{html.escape(c.title or "")}</a></li>' for c in chapters)
    return f'<nav class="handbook-print-toc" aria-label="Sommaire"><h2 id="sommaire">Sommaire</h2><ol>{items}</ol></nav>'


def chapter_html(chapter: Page, slugs: dict[str, str], print_url: str) -> str:
    # A page's HTML one heading level down, its ids prefixed, its links pointing inside this page when they can.
    slug = slugs[chapter.url]
    body = HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", chapter.content)
    body = ID_ATTRIBUTE.sub(lambda m: f'id="{slug}--{m.group(1)}"', body)
    body = REFERENCE_ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{prefixed(m.group(2), slug)}"', body)
    body = LINK_ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{relink(m.group(2), chapter.url, slugs, print_url)}"', body)
    return f'<section class="handbook-print-chapter" id="{slug}">\n{body}\n</section>'


def prefixed(ids: str, slug: str) -> str:
    # Space-separated id references, each with the chapter's prefix.
    return " ".join(f"{slug}--{name}" for name in ids.split())


def relink(target: str, page_url: str, slugs: dict[str, str], print_url: str) -> str:
    # An in-site link: to its chapter's anchor if that page is printed here, else relative to this page.
    parts = urlsplit(target)
    if parts.scheme or target.startswith("//"):
        return target
    resolved = urlsplit(urljoin("/" + page_url, target))
    path = resolved.path.lstrip("/")
    if path in slugs:
        slug = slugs[path]
        return f"#{slug}--{resolved.fragment}" if resolved.fragment else f"#{slug}"
    return "../" * print_url.count("/") + path + (f"#{resolved.fragment}" if resolved.fragment else "")
