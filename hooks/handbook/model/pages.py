"""Where each page of the session is published: the one owner of page addresses.

MkDocs derives a page's address from its source path (directory URLs: `calendrier.md` ->
`calendrier/`). The model needs those addresses without MkDocs (JSON export, calendars, the check
command), so `page_url` states the rule once; the build asserts that MkDocs agrees for every
generated page (hooks/generated_pages.py), so the two can never drift apart silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

# The folder of each generated page family. An entity's id inside it makes the page's address,
# which is published and linked by establishments: it never moves.
PAGE_FOLDERS = {"centre": "centres", "establishment": "etablissements", "form": "formulaires"}


def page_url(src_path: str) -> str:
    """A page's address under the site root: calendrier.md -> calendrier/, centres/x.md -> centres/x/, index.md -> ""."""
    stem = src_path.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def entity_page(kind: str, entity_id: str) -> str:
    """Source path of an entity's generated page: ("centre", "ozenne") -> centres/ozenne.md."""
    return f"{PAGE_FOLDERS[kind]}/{entity_id}.md"


class HasPage:
    """An entity with a generated page of its own (centre, establishment, form): its address comes from here."""

    page_kind: ClassVar[str]             # a key of PAGE_FOLDERS
    if TYPE_CHECKING:                    # each entity's own id (a field, or FormFile's annex)
        @property
        def id(self) -> str: ...

    @property
    def page(self) -> str:
        """Source path of its generated page: centres/<id>.md."""
        return entity_page(self.page_kind, self.id)

    @property
    def url(self) -> str:
        """Its page's address under the site root: centres/<id>/."""
        return page_url(self.page)
