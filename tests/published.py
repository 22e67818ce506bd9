"""The 2022 handbook's published addresses (tests/published_urls.txt): pages, calendars, downloads, JSON."""

from __future__ import annotations

from pathlib import Path

LIST = Path(__file__).with_name("published_urls.txt")


def published() -> list[str]:
    return [line for line in LIST.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def target(site: Path, url: str) -> Path:
    # /centres/x/ is served from centres/x/index.html; a file URL is the file itself.
    relative = url.lstrip("/")
    return site / relative / "index.html" if url.endswith("/") else site / relative
