"""MkDocs hook: the whole handbook on one printable page, assembled at build from the rendered pages."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from itertools import accumulate
from typing import Any
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
# Attributes that hold an address: rewritten to point inside the printable page.
LINKS = ("href", "src")
# Headings that move one level down (h6 has no level below).
HEADINGS = ("h1", "h2", "h3", "h4", "h5")
# One attribute of a start tag, in order (a value is consumed whole, so nothing inside it is taken for an attribute).
ATTRIBUTE = re.compile(r"""(?P<name>[^\s/>"'=]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>"'=<`]+)))?""")


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
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
    attribute_edits = {"id": lambda value: f"{slug}--{value}",
                       **{name: lambda value: prefixed(value, slug) for name in ID_REFERENCES},
                       **{name: lambda value: relink(value, chapter.url, slugs, print_url) for name in LINKS}}
    body = edit_tags(chapter.content or "", attribute_edits)
    return f'<section class="handbook-print-chapter" id="{slug}">\n{body}\n</section>'


def edit_tags(fragment: str, attribute_edits: dict[str, Callable[[str], str]]) -> str:
    # The fragment with its headings a level down and the named attributes' values edited, every other byte kept:
    # html.parser finds the real tags, so text, comments and scripts that look like markup are left alone.
    finder = _TagFinder()
    finder.feed(fragment)
    finder.close()
    line_starts = [0, *accumulate(len(line) + 1 for line in fragment.split("\n"))]  # html.parser counts "\n" only
    pieces: list[str] = []
    done = 0
    for (line, column), tag, length in finder.tags:
        start = line_starts[line - 1] + column
        raw = fragment[start:start + length]
        pieces += [fragment[done:start], _edit_tag(raw, tag, attribute_edits)]
        done = start + length
    return "".join(pieces) + fragment[done:]


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


class _TagFinder(HTMLParser):
    """Records where each start and end tag of a fragment is: ((line, column), tag name, length of its text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tags: list[tuple[tuple[int, int], str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((self.getpos(), tag, len(self.get_starttag_text() or "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in HEADINGS:  # only a heading's end tag changes: its name, the first letters of "</h2>"
            self.tags.append((self.getpos(), "/" + tag, len("</" + tag)))


def _edit_tag(raw: str, tag: str, attribute_edits: dict[str, Callable[[str], str]]) -> str:
    # One tag's text: heading name one level down, edited attribute values in their own quotes.
    name_end = len("<" + tag)
    head = raw[:name_end]
    if tag.lstrip("/") in HEADINGS:
        head = head[:-1] + str(int(head[-1]) + 1)
    if tag.startswith("/"):
        return head + raw[name_end:]
    pieces = [head]
    done = name_end
    for match in ATTRIBUTE.finditer(raw, name_end):
        edit = attribute_edits.get(match["name"].lower())
        group = next((g for g in ("dq", "sq", "bare") if match[g] is not None), None)
        if edit and group:
            pieces += [raw[done:match.start(group)], edit(match[group])]
            done = match.end(group)
    return "".join(pieces) + raw[done:]
