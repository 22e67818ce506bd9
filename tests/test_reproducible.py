"""Two builds on different days, with different SOURCE_DATE_EPOCH, give the same bytes in every file."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, copy_project, mkdocs_env

pytestmark = pytest.mark.e2e

FAKETIME = shutil.which("faketime") or "/usr/bin/faketime"


def build_on(project: Path, site: Path, day: str | None, source_date_epoch: str | None) -> None:
    """A strict build with the machine's clock set to `day` (faketime) and SOURCE_DATE_EPOCH as given."""
    env = {**mkdocs_env(), "HANDBOOK_SESSION": "2022", "HANDBOOK_SITE_URL": "https://examens.example.org/2022/"}
    env.pop("SOURCE_DATE_EPOCH", None)
    if source_date_epoch:
        env["SOURCE_DATE_EPOCH"] = source_date_epoch
    command = [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)]
    if day:
        command = [FAKETIME, day, *command]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr


def every_file(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_a_rebuild_on_another_day_gives_the_same_bytes(tmp_path):
    project = copy_project(tmp_path / "project")
    build_on(project, tmp_path / "today", None, None)
    # The downloads kept between builds (.cache/) are made again: the cache must not hide a difference.
    shutil.rmtree(project / ".cache")
    # Another day: the clock moved (Debian's faketime, when installed) and SOURCE_DATE_EPOCH says so too.
    if not Path(FAKETIME).exists() and os.environ.get("CI") == "true":
        pytest.fail("faketime manque (apt-get install -y faketime) : en CI, ce test change vraiment le jour")
    build_on(project, tmp_path / "later", "2031-03-14 09:26:53" if Path(FAKETIME).exists() else None, "1900000000")
    today, later = every_file(tmp_path / "today"), every_file(tmp_path / "later")
    assert sorted(today) == sorted(later)
    different = [name for name in today if today[name] != later[name]]
    assert not different, f"fichiers différents d'un jour à l'autre : {different}"
    # What made them differ before: the sitemap's dates and its gzip header, the PDFs' dates and ID.
    sitemap = (tmp_path / "later" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2022-01-28</lastmod>" in sitemap, sitemap[:500]
    assert gzip.decompress(later["sitemap.xml.gz"]).decode("utf-8") == sitemap
    assert int.from_bytes(later["sitemap.xml.gz"][4:8], "little") == 1643328000   # 2022-01-28, session.yml published
    pdfs = [name for name in later if name.endswith(".pdf")]
    assert pdfs and all(b"D:20220128000000" in later[name] for name in pdfs)


def test_a_rebuild_from_the_cache_gives_the_same_bytes_without_making_any_download(tmp_path):
    project = copy_project(tmp_path / "project")
    build_on(project, tmp_path / "first", None, None)
    cached = {path: path.stat().st_mtime_ns for path in (project / ".cache" / "handbook").rglob("*") if path.is_file()}
    assert sum(path.suffix == ".ics" for path in cached) > 10 and any(path.suffix == ".pdf" for path in cached)
    build_on(project, tmp_path / "again", None, None)
    assert every_file(tmp_path / "again") == every_file(tmp_path / "first")
    assert {path: path.stat().st_mtime_ns for path in (project / ".cache" / "handbook").rglob("*") if path.is_file()} == cached
