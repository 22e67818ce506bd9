"""What the offline worker's stamp covers: every page as the build writes it and every asset of the site.

The worker's cache is named after this digest (hooks/offline.py writes it into sw.js): a new publication is a
new worker. Two builds of the same sources give the same stamp.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

STAMP_LENGTH = 16                                # hex digits: enough to tell publications apart


@dataclass
class Publication:
    """The pages and assets of one build, as the offline worker's stamp counts them."""

    pages: dict[str, bytes] = field(default_factory=dict)        # each page's digest, by its path in the site
    assets: list[tuple[str, Path]] = field(default_factory=list)  # each asset's path in the site and its written file

    def add_page(self, path: str, html: str) -> None:
        """A page as it is written."""
        self.pages[path] = hashlib.sha256(html.encode()).digest()

    def stamp(self) -> str:
        """Pages and assets by path, in a fixed order: the same publication gives the same stamp."""
        digest = hashlib.sha256()
        for path, page in sorted(self.pages.items()):
            digest.update(f"{path}\0".encode() + page)
        for path, written in self.assets:
            digest.update(f"{path}\0".encode() + hashlib.sha256(written.read_bytes()).digest())
        return digest.hexdigest()[:STAMP_LENGTH]
