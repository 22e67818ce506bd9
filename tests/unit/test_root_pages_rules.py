"""Fast tier: the files publish writes at the site root (handbook.publish.root_pages), called directly."""

from __future__ import annotations

import pytest

from handbook.publish import root_pages
from handbook.standalone import PATIENCE_MS, root_worker

pytestmark = pytest.mark.unit


def test_the_root_holds_its_redirect_its_404_and_its_worker_for_the_newest_session():
    files = root_pages("manuel de session du BTS NDRC", ["2023", "2022"], "2023", "https://examens.example.org/bts/")
    assert sorted(files) == ["404.html", "index.html", "sw.js"]
    assert 'const NEWEST = "2023/";' in files["sw.js"] and "__NEWEST__" not in files["sw.js"]
    assert f"const PATIENCE = {PATIENCE_MS};" in files["sw.js"] and "__PATIENCE__" not in files["sw.js"]
    assert 'url=latest/' in files["index.html"]


def test_the_root_worker_answers_only_the_addresses_that_redirect():
    worker = root_worker("2022")
    # The root, its index and latest/…; everything else (a session's pages, the 404) is left to the network.
    assert 'rest === "" || rest === "index.html" || latest' in worker
    assert 'request.mode !== "navigate"' in worker and "caches" not in worker   # it stores nothing
    with pytest.raises(ValueError):
        root_worker("latest")
