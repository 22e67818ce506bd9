"""Publishing sessions as versions, in a throwaway git repository whose remote is a local bare repository.

Publish 2022, then the fixture session 2023 (tests/fixtures/data/2023, never in data/): versions.json,
`latest`, untouched 2022 files, the archived banner and Material's version selector in Chromium; a broken
data file or page and a draft session make publish fail without touching the remote's gh-pages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT, _QuietHandler, build, copy_project, main_text, mkdocs_env, page_text

FIXTURE_2023 = ROOT / "tests" / "fixtures" / "data" / "2023"
IDENTITY = {"GIT_AUTHOR_NAME": "Service des examens", "GIT_AUTHOR_EMAIL": "examens@example.org",
            "GIT_COMMITTER_NAME": "Service des examens", "GIT_COMMITTER_EMAIL": "examens@example.org"}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env={**mkdocs_env(), **IDENTITY})
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def handbook(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The staff command, as staff run it from the project folder."""
    return subprocess.run([str(BIN / "handbook"), *args], cwd=cwd, env={**mkdocs_env(), **IDENTITY},
                          capture_output=True, text=True, timeout=600)


SITE_URL = "https://examens.example.org/manuel-bts/"


def publish(cwd: Path, session: str) -> subprocess.CompletedProcess:
    # --skip-tests: this module is itself part of the suite that publish runs (no recursion).
    return handbook(cwd, "publish", session, "--skip-tests", "--site-url", SITE_URL)


def remote_ref(remote: Path) -> str:
    return git(remote, "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages").strip()


def tree_files(repo: Path, ref: str, folder: str) -> dict[str, bytes]:
    """Every file under folder/ of a published ref, with its exact bytes."""
    names = git(repo, "ls-tree", "-r", "--name-only", ref, "--", folder).split("\n")
    return {name: subprocess.run(["git", "show", f"{ref}:{name}"], cwd=repo, capture_output=True, check=True).stdout
            for name in names if name}


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """2022 published, snapshotted, then the fixture 2023 published from the same repository."""
    work = tmp_path_factory.mktemp("publish")
    remote = work / "remote.git"
    git(work, "init", "-q", "--bare", str(remote))
    repo = copy_project(work / "repo")
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "Manuel 2022")
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    first = publish(repo, "2022")
    assert first.returncode == 0, first.stderr
    before = tree_files(remote, "gh-pages", "2022")
    shutil.copytree(FIXTURE_2023, repo / "data" / "2023")
    commit_all(repo, "Session 2023 (fixture)")
    git(repo, "push", "-q", "origin", "main")
    second = publish(repo, "2023")
    assert second.returncode == 0, second.stderr
    return {"work": work, "remote": remote, "repo": repo, "before_2022": before, "outputs": (first, second)}


@pytest.fixture
def clone(published, tmp_path) -> Path:
    """A fresh clone of the remote's main branch, as CI checks it out, ready to break."""
    target = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--branch", "main", str(published["remote"]), str(target))
    return target


@pytest.fixture(scope="module")
def published_url(published, tmp_path_factory):
    """The remote's gh-pages branch checked out as files and served like a static host would."""
    pages = tmp_path_factory.mktemp("gh-pages")
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=published["remote"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(pages)], input=archive, check=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(pages)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_versions_json_lists_both_sessions_and_latest_is_2023(published):
    versions = json.loads(git(published["remote"], "show", "gh-pages:versions.json"))
    assert [(v["version"], v["title"], v["aliases"]) for v in versions] == [
        ("2023", "Session 2023", ["latest"]), ("2022", "Session 2022", [])]
    # latest is a redirect (any static host), and the site root goes to latest.
    assert 'url=../2023/' in git(published["remote"], "show", "gh-pages:latest/index.html")
    assert 'url=latest/' in git(published["remote"], "show", "gh-pages:index.html")
    assert "publiée dans la branche gh-pages, envoyée vers origin" in published["outputs"][1].stdout


def test_2022_pages_unchanged_byte_for_byte_after_publishing_2023(published):
    before = published["before_2022"]
    after = tree_files(published["remote"], "gh-pages", "2022")
    assert len(before) > 60 and "2022/calendrier/index.html" in before
    assert after == before


def test_each_version_is_built_from_its_own_session_data(published):
    pages = {v: git(published["remote"], "show", f"gh-pages:{v}/calendrier/index.html") for v in ("2022", "2023")}
    assert "lundi 16 mai 2022" in pages["2022"] and "2023" not in pages["2022"].split("<title>")[1].split("</title>")[0]
    assert "lundi 15 mai 2023" in pages["2023"] and "lundi 16 mai 2022" not in pages["2023"]
    # Each session's canonical address includes its version folder.
    assert f'<link rel="canonical" href="{SITE_URL}2022/calendrier/">' in pages["2022"]
    assert f'<link rel="canonical" href="{SITE_URL}2023/calendrier/">' in pages["2023"]


def test_broken_data_file_fails_and_leaves_gh_pages_unchanged(published, clone):
    before = remote_ref(published["remote"])
    centres = clone / "data" / "2022" / "centres.yml"
    centres.write_text(centres.read_text(encoding="utf-8").replace("establishment: ", "establishment: inconnu-", 1), encoding="utf-8")
    result = publish(clone, "2022")
    assert result.returncode != 0
    assert "établissement inconnu « inconnu-" in result.stderr and "Publication annulée" in result.stderr
    assert "Traceback" not in result.stderr
    assert remote_ref(published["remote"]) == before
    assert git(clone, "branch", "--list", "gh-pages").strip() == ""  # not even a local gh-pages


def test_broken_page_fails_the_strict_build_and_leaves_gh_pages_unchanged(published, clone):
    before = remote_ref(published["remote"])
    page = clone / "docs" / "contacts.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nVoir [la page disparue](disparue.md).\n", encoding="utf-8")
    result = publish(clone, "2022")
    assert result.returncode != 0
    assert "La construction stricte a échoué" in result.stderr and "disparue.md" in result.stderr
    assert remote_ref(published["remote"]) == before


def test_republishing_an_old_session_keeps_latest_on_the_newest(published, clone):
    result = publish(clone, "2022")
    assert result.returncode == 0, result.stderr
    assert "session archivée" in result.stdout
    versions = json.loads(git(published["remote"], "show", "gh-pages:versions.json"))
    assert {v["version"]: v["aliases"] for v in versions} == {"2023": ["latest"], "2022": []}
    assert tree_files(published["remote"], "gh-pages", "2022") == published["before_2022"]


def test_new_session_creates_a_draft_that_publish_refuses(published, clone):
    before = remote_ref(published["remote"])
    created = handbook(clone, "new-session")
    assert created.returncode == 0, created.stderr
    assert "Session 2024 créée" in created.stdout and "à confirmer" in created.stdout
    old, new = (yaml.safe_load((clone / "data" / year / "calendar.yml").read_text(encoding="utf-8")) for year in ("2023", "2024"))
    for before_sitting, after_sitting in zip(old["written"], new["written"]):
        assert after_sitting["date"].year == 2024
        assert after_sitting["date"].weekday() == before_sitting["date"].weekday()
        assert (after_sitting["date"] - before_sitting["date"]).days % 7 == 0
    session = yaml.safe_load((clone / "data" / "2024" / "session.yml").read_text(encoding="utf-8"))
    assert session["year"] == 2024
    assert {"file": "calendar.yml", "field": "written[0].date"} in [{k: i[k] for k in ("file", "field")} for i in session["to_confirm"]]

    again = handbook(clone, "new-session", "2024", "--from", "2023")
    assert again.returncode == 1 and "existe déjà" in again.stderr
    from_draft = handbook(clone, "new-session")
    assert from_draft.returncode == 1 and "la session 2024 est elle-même un projet" in from_draft.stderr
    assert not (clone / "data" / "2025").exists()

    refused = publish(clone, "2024")
    assert refused.returncode == 1
    assert "La session 2024 est un projet" in refused.stderr and "à confirmer" in refused.stderr
    assert "data/2024/calendar.yml: written[0].date" in refused.stderr
    assert remote_ref(published["remote"]) == before


def test_draft_session_shows_its_values_as_a_confirmer(clone, tmp_path):
    assert handbook(clone, "new-session").returncode == 0
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")], cwd=clone,
        env={**mkdocs_env(), "HANDBOOK_SESSION": "2024"}, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    calendar = tmp_path / "site" / "calendrier" / "index.html"
    text = main_text(calendar)
    assert "Projet de session : " in text and "informations à confirmer" in text
    # The first written exam (2023-05-15, a Monday) moves 52 weeks to Monday 13 May 2024, marked.
    assert "lundi 13 mai 2024 à confirmer" in text
    assert "calendar.yml · written[0].date : 2024-05-13 — à confirmer" in text
    # Every oral period is marked too, in the oral calendar and in a centre's own table.
    mark = 'class="handbook-to-confirm"'
    assert (tmp_path / "site" / "oraux" / "index.html").read_text(encoding="utf-8").count(mark) == 7
    assert (tmp_path / "site" / "centres" / "pierre-d-aragon" / "index.html").read_text(encoding="utf-8").count(mark) == 3 + 2
    # The real 2022 session is no draft: no mark, no banner.
    assert "à confirmer" not in page_text(published_site_page(clone, tmp_path))


def published_site_page(project: Path, tmp_path: Path) -> Path:
    # The 2022 calendar built from the same project (default session).
    result = build(project, tmp_path / "site-2022")
    assert result.returncode == 0, result.stderr
    return tmp_path / "site-2022" / "calendrier" / "index.html"


def test_browser_archived_banner_and_version_selector(published_url, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        # The site root lands on the newest session, without the archived banner.
        page.goto(published_url)
        page.wait_for_url("**/2023/")
        banner = page.locator("[data-md-component=outdated]")
        page.wait_for_selector(".md-version__current")
        assert page.locator(".md-version__current").inner_text().strip() == "Session 2023"
        assert banner.is_hidden()

        # Material's version selector switches to 2022 on the same page.
        page.goto(published_url + "2023/calendrier/")
        page.wait_for_selector(".md-version__current")
        page.hover(".md-version")
        page.get_by_role("link", name="Session 2022").click()
        page.wait_for_url("**/2022/calendrier/")
        assert "lundi 16 mai 2022" in page.locator("article").inner_text()
        page.wait_for_selector("[data-md-component=outdated]:not([hidden])")
        assert "Session archivée" in banner.inner_text()
        page.screenshot(path=str(screenshot_dir / "publish-2022-archived-1280.png"))

        # The banner's link leads to the current session.
        banner.get_by_role("link", name="Voir la session en cours").click()
        page.wait_for_url("**/2023/")
        assert banner.is_hidden()
    finally:
        page.close()


def test_browser_archived_banner_on_a_phone(published_url, browser, screenshot_dir):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        page.goto(published_url + "2022/")
        page.wait_for_selector("[data-md-component=outdated]:not([hidden])")
        banner = page.locator("[data-md-component=outdated]")
        assert banner.bounding_box()["width"] <= 375
        page.screenshot(path=str(screenshot_dir / "publish-2022-archived-375.png"))
    finally:
        page.close()
