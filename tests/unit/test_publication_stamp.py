"""Fast tier: the offline worker's stamp (handbook.publication), called directly: the same publication gives the
same stamp, any changed page or asset a new one."""

from __future__ import annotations

import pytest

from handbook.publication import STAMP_LENGTH, Publication

pytestmark = pytest.mark.unit


def publication(tmp_path, pages: dict[str, str], asset: bytes = b"body{}") -> Publication:
    (tmp_path / "main.css").write_bytes(asset)
    made = Publication(assets=[("assets/main.css", tmp_path / "main.css")])
    for path, html in pages.items():
        made.add_page(path, html)
    return made


def test_the_same_publication_gives_the_same_stamp_whatever_the_order_of_its_pages(tmp_path):
    first = publication(tmp_path, {"index.html": "<p>a</p>", "centres/ozenne/index.html": "<p>b</p>"}).stamp()
    again = publication(tmp_path, {"centres/ozenne/index.html": "<p>b</p>", "index.html": "<p>a</p>"}).stamp()
    assert first == again and len(first) == STAMP_LENGTH and int(first, 16) >= 0


def test_a_changed_page_a_moved_page_or_a_changed_asset_is_a_new_stamp(tmp_path):
    pages = {"index.html": "<p>a</p>", "centres/ozenne/index.html": "<p>b</p>"}
    stamps = {publication(tmp_path, pages).stamp(),
              publication(tmp_path, {**pages, "index.html": "<p>a !</p>"}).stamp(),
              publication(tmp_path, {"index.html": "<p>a</p>", "centres/autre/index.html": "<p>b</p>"}).stamp(),
              publication(tmp_path, pages, asset=b"body{color:red}").stamp()}
    assert len(stamps) == 4


def test_each_build_starts_with_nothing_counted():
    assert Publication().pages == {} and Publication().assets == []
    first = Publication()
    first.add_page("index.html", "<p>a</p>")
    assert Publication().pages == {}   # no state shared between builds (one Publication per build context)
