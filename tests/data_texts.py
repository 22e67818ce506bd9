"""None lost: the texts of a session's data that a reader must find somewhere on its built site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from conftest import page_text

from handbook.model import OPTIONAL_SESSION_FILES

# Keys whose values are identifiers or references, not reader-facing text.
NOT_SHOWN = {"id", "exam", "exams", "centre", "centres", "establishment", "destination", "mode", "department",
             "published", "date", "opens", "closes", "deadline", "start", "end", "from", "to", "issuer",
             "annex", "note", "header"}  # forms: which annex, which footnote, which sheet header


def texts_missing_from(site: Path, session_folder: Path) -> list[str]:
    """Each text of the session's files (its forms included) that no built page shows, as « file:key: text ».
    The publications' log (changelog.yml) is left out: it is the Modifications page's own matter."""
    corpus = " ".join(page_text(p) for p in site.rglob("*.html")).replace("\u00a0", " ")
    missing = []
    for path in sorted(p for p in session_folder.rglob("*.yml") if p.name not in OPTIONAL_SESSION_FILES):
        for key, value in data_strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if re.sub(r"\s+", " ", value).strip() not in corpus:
                missing.append(f"{path.name}:{key}: {value[:60]}")
    return missing


def data_strings(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
    # Every text of the data a reader should find, skipping identifiers and references.
    if isinstance(node, dict):
        for k, v in node.items():
            yield from data_strings(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from data_strings(item, key)
    elif isinstance(node, str) and key not in NOT_SHOWN:
        yield key, node
