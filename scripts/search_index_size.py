#!/usr/bin/env python3
"""Size of the search index a phone downloads: ours against Material's default, built in the same run.

    .venv/bin/python scripts/search_index_size.py [session]

Builds the handbook twice from a copy of the sources: as published, and without
hooks/search_index.py (Material's own index, same pages). Prints raw and gzip sizes and the ratio.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PARTS = ("mkdocs.yml", "docs", "data", "templates", "overrides", "hooks")
OUR_HOOK = "  - hooks/search_index.py\n"


def main(argv: list[str]) -> int:
    session = argv[0] if argv else "2022"
    with tempfile.TemporaryDirectory() as work:
        ours = index_of(Path(work) / "ours", session, keep_hook=True)
        material = index_of(Path(work) / "material", session, keep_hook=False)
    print(f"Index de recherche, session {session} (search/search_index.json)")
    print(f"{'':24}{'sections':>10}{'brut':>12}{'gzip':>12}")
    for label, data in (("Material par défaut", material), ("Manuel (recherche FR)", ours)):
        print(f"{label:24}{len(json.loads(data)['docs']):>10}{len(data):>12,}{len(gzip.compress(data, 9)):>12,}")
    raw = len(ours) / len(material)
    packed = len(gzip.compress(ours, 9)) / len(gzip.compress(material, 9))
    print(f"{'Rapport manuel/Material':24}{'':>10}{raw:>12.2f}{packed:>12.2f}")
    return 0


def index_of(project: Path, session: str, keep_hook: bool) -> bytes:
    # Build a copy of the sources, with or without our search hook, and read its index.
    project.mkdir(parents=True)
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / part)
    if not keep_hook:
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        if OUR_HOOK not in config:
            raise SystemExit(f"mkdocs.yml ne liste plus « {OUR_HOOK.strip()} » : comparaison impossible")
        (project / "mkdocs.yml").write_text(config.replace(OUR_HOOK, ""), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_SESSION": session}
    subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--quiet", "--site-dir", str(project / "site")],
                   cwd=project, env=env, check=True)
    return (project / "site" / "search" / "search_index.json").read_bytes()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
