"""The exam office's own data/, as it will be published, whatever it has corrected since the circular.

Every other test builds the frozen sessions of tests/fixtures/data/ and pins their facts (a date, an address, a
count): those tests check the code, and a correction made in data/ (an exam moved, an address that arrives) never
breaks them, so it never blocks a publication. The tests here check what must hold for any data that is published:
`handbook check` accepts every session of data/, each one builds strictly, none of its texts is lost on the way
to the site, and no published address of 2022 disappears (renaming an id would move a URL).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, ROOT, copy_project, made_once, mkdocs_env
from data_texts import texts_missing_from
from published import published, target

from handbook.newsession import session_folders

LIVE_DATA = ROOT / "data"
LIVE_SESSIONS = session_folders(LIVE_DATA)
# The sessions whose published addresses are recorded (tests/published_urls.txt).
RECORDED = ("2022",)


def live_site(tmp_path_factory, name: str) -> Path:
    """A session of data/ built strictly, as publish builds it, once per run (data/ holds all the office's sessions)."""
    def make(work: Path) -> None:
        project = copy_project(work / "project", tuple(LIVE_SESSIONS), data=LIVE_DATA)
        result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(work / "site")],
                                cwd=project, env=mkdocs_env(HANDBOOK_SESSION=name), capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, f"data/{name} ne se construit pas :\n{result.stderr}"

    return made_once(tmp_path_factory, f"live-{name}", make) / "site"


@pytest.mark.e2e
def test_handbook_check_accepts_every_session_of_data():
    result = subprocess.run([str(BIN / "handbook"), "check", "--data", str(LIVE_DATA)], cwd=ROOT,
                            env=mkdocs_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.e2e
@pytest.mark.parametrize("name", LIVE_SESSIONS)
def test_every_text_of_the_data_is_somewhere_on_its_site(tmp_path_factory, name):
    missing = texts_missing_from(live_site(tmp_path_factory, name), LIVE_DATA / name)
    assert not missing, "\n".join(missing)


@pytest.mark.e2e
@pytest.mark.parametrize("name", [name for name in LIVE_SESSIONS if name in RECORDED])
def test_no_published_address_disappears(tmp_path_factory, name):
    site = live_site(tmp_path_factory, name)
    missing = [url for url in published() if not target(site, url).is_file()]
    assert not missing, f"data/{name} : adresses publiées disparues (un id renommé ?) : {missing}"


# A path into the office's data/ written in a test (ROOT / "data", "data" / "2022", data/2022 from the project root),
# or the synthetic sessions' generator left to its default reference, data/2022 (scripts/synthetic_session.py).
LIVE_PATH = re.compile(r'ROOT\s*/\s*"data"|parents?\[?\d?\]?\s*/\s*"data"|write_session\((?![^)]*reference=)')


def test_no_other_test_reads_the_offices_data():
    """Tests that pin facts read the frozen fixtures: one reading data/ would fail on the office's next correction,
    and a failing suite stops every publication."""
    readers = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "tests").rglob("*.py"))
               if path.name != Path(__file__).name and LIVE_PATH.search(path.read_text(encoding="utf-8"))]
    assert not readers, f"ces tests lisent data/ au lieu de tests/fixtures/data/ : {readers}"
