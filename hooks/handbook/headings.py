"""Headings of the built HTML: the « ¶ » link Markdown adds to each, kept from screen readers and the Tab key."""

from __future__ import annotations

# A heading's permalink as Markdown's toc writes it (mkdocs.yml: toc.permalink), and as this site gives it.
HEADING_LINK = '<a class="headerlink" href='
QUIET_HEADING_LINK = '<a class="headerlink" aria-hidden="true" tabindex="-1" href='


def quiet_heading_links(html: str) -> str:
    """Each heading's « ¶ » link out of the accessibility tree and the Tab order: a screen reader listing a page's
    links read « ¶ » eight times, and a name given to it would be read in the heading's own (« Mes épreuves Lien
    vers… »); a keyboard stopped on each. It still shows under the pointer, for those who copy a section's address."""
    return html.replace(HEADING_LINK, QUIET_HEADING_LINK)
