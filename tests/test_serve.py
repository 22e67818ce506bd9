"""`mkdocs serve` rebuilds a page when staff edit a data file (watch: data)."""

from __future__ import annotations

import subprocess
import time
import urllib.request

from conftest import BIN, free_port, mkdocs_env


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_after_a_data_edit(project):
    port = free_port()
    url = f"http://127.0.0.1:{port}/contacts/"
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                              env=mkdocs_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert wait_for(lambda: "05 36 25 71 28" in fetch(url), 90), "la page n'a pas été servie"
        contacts = project / "data" / "2022" / "contacts.yml"
        contacts.write_text(contacts.read_text(encoding="utf-8").replace("05 36 25 71 28", "05 36 25 99 99"), encoding="utf-8")
        assert wait_for(lambda: "05 36 25 99 99" in fetch(url), 90), "la page n'a pas été reconstruite"
    finally:
        server.terminate()
        server.wait(timeout=30)
