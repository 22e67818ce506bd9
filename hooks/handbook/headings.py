"""Headings of the built HTML: the « ¶ » link Markdown adds to each, named for a screen reader."""

from __future__ import annotations

import re

# A heading as Markdown's toc writes it, its permalink last (mkdocs.yml: toc.permalink).
HEADING_WITH_LINK = re.compile(r'(<h([1-6])\b[^>]*>)(.*?)(<a class="headerlink" href="#[^"]*")(?=[^>]*>&para;</a></h\2>)', re.S)
TAG = re.compile(r"<[^>]*>")


def named_heading_links(html: str) -> str:
    """Each heading's « ¶ » link named after its heading (« Lien vers la section « Mes épreuves » »): a screen reader
    listing a page's links read « ¶ » eight times; its title attribute does not name a link that has text."""
    if 'class="headerlink"' not in html:
        return html
    return HEADING_WITH_LINK.sub(_named, html)


def _named(found: re.Match[str]) -> str:
    # The heading's text, without its tags, as an attribute's value.
    text = " ".join(TAG.sub("", found.group(3)).split()).replace('"', "&quot;")
    return f'{found.group(1)}{found.group(3)}{found.group(4)} aria-label="Lien vers la section «\u00a0{text}\u00a0»"'
