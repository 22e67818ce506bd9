"""The CI configurations (GitHub Actions, GitLab CI), read as the services read them, and their data cases run.

GitHub and GitLab cannot run here: these tests check what they would do — test on every push and
every pull/merge request, once per data case, in Debian bookworm; publish only from main, only after
every test job passed, without running the suite twice — and run .ci/data-case on a copy of the project.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from conftest import ROOT, mkdocs_env, tasks

from handbook.outputs.cache import CACHE_FOLDER

GITHUB = ROOT / ".github" / "workflows" / "ci.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
IMAGE = "python:3.11-bookworm"


def data_cases() -> list[str]:
    """The cases .ci/data-case knows, read from its own table."""
    return re.findall(r"^  ([0-9][\w-]*)\)", (ROOT / ".ci" / "data-case").read_text(encoding="utf-8"), flags=re.M)


def steps_text(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_there_are_three_data_cases():
    assert data_cases() == ["2022", "2022-projet-2023", "2022-2023-confirmee"]


def test_github_tests_every_push_and_pull_request_once_per_data_case():
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) >= {"push", "pull_request"}  # a list: no branch filter
    test = workflow["jobs"]["test"]
    assert test["container"] == IMAGE and "if" not in test
    assert test["strategy"]["matrix"]["data"] == data_cases() and test["strategy"]["fail-fast"] is False
    runs = [step.get("run", "") for step in test["steps"]]
    assert runs.index('.ci/data-case "${{ matrix.data }}"') < runs.index(".ci/run")
    assert "apt-get install -y -qq chromium poppler-utils faketime" in steps_text(test)
    assert workflow["env"]["CI"] == "true" and workflow["env"]["HANDBOOK_SITE_URL"].startswith("https://")


def test_github_publishes_from_main_only_after_the_tests_passed():
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "test"
    assert publish["if"] == "github.ref == 'refs/heads/main' && github.event_name != 'pull_request'"
    assert publish["container"] == IMAGE and publish["permissions"] == {"contents": "write"}
    assert publish["steps"][0]["with"]["fetch-depth"] == 0
    assert steps_text(publish).strip().endswith("python3 tasks.py publish --skip-tests --changed")
    assert workflow["permissions"] == {"contents": "read"}  # only the publication may push


def test_gitlab_tests_every_push_and_merge_request_and_publishes_after():
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert config["default"]["image"] == IMAGE
    sources = [rule["if"] for rule in config["workflow"]["rules"] if rule.get("when") != "never"]
    assert sources == ['$CI_PIPELINE_SOURCE == "merge_request_event"', "$CI_COMMIT_BRANCH"]
    test = config["test"]
    assert "rules" not in test and test["stage"] == "test"
    assert test["parallel"]["matrix"] == [{"DATA_CASE": data_cases()}]
    assert test["script"][1:] == ['.ci/data-case "$DATA_CASE"', ".ci/run"]
    publish = config["publish"]
    assert publish["needs"] == ["test"] and config["stages"].index("publish") > config["stages"].index("test")
    assert publish["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "python3 tasks.py publish --skip-tests --changed" in publish["script"]
    assert config["pages"]["needs"] == ["publish"] and config["pages"]["rules"] == publish["rules"]
    assert config["variables"]["CI"] == "true" and config["variables"]["HANDBOOK_SITE_URL"] == "$CI_PAGES_URL/"



def test_both_publications_keep_the_files_the_build_made_for_the_next_one():
    """The folder a build keeps its forms and calendars in (content-addressed) is restored before each publication,
    so CI's build makes again only what changed: the same folder the code uses, whatever the key."""
    cached = CACHE_FOLDER.as_posix()
    github = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))["jobs"]["publish"]["steps"]
    restore = next(step for step in github if step.get("uses", "").startswith("actions/cache@"))
    assert github.index(restore) < next(i for i, step in enumerate(github) if "publish" in step.get("run", ""))
    assert restore["with"]["path"] == cached
    # A new entry per commit (GitHub never overwrites one), restored from the newest with the prefix.
    assert "${{ github.sha }}" in restore["with"]["key"] and restore["with"]["key"].startswith(restore["with"]["restore-keys"])
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["publish"]["cache"]
    assert [path.rstrip("/") for path in gitlab["paths"]] == [cached] and gitlab["key"]

def test_ci_run_is_the_readme_test_command():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "export CI=true" in run and "exec python3 tasks.py test" in run
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # The README's first block: exactly two commands, the main job and the whole suite that CI runs.
    block = re.search(r"## Les deux commandes\n.*?```sh\n(.*?)```", readme, flags=re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["python3 tasks.py serve", "python3 tasks.py test"]


@pytest.mark.e2e
@pytest.mark.parametrize("case, sessions, draft", [("2022", ["2022"], False), ("2022-projet-2023", ["2022", "2023"], True),
                                                   ("2022-2023-confirmee", ["2022", "2023"], False)])
def test_data_case_prepares_data(checkout, case, sessions, draft):
    shutil.copytree(ROOT / ".ci", checkout / ".ci")
    shutil.copytree(ROOT / "tests" / "fixtures", checkout / "tests" / "fixtures")
    prepared = subprocess.run([str(checkout / ".ci" / "data-case"), case], cwd=checkout, env=mkdocs_env(),
                              capture_output=True, text=True, timeout=300)
    assert prepared.returncode == 0, prepared.stderr
    assert sorted(path.name for path in (checkout / "data").iterdir()) == sessions
    checked = tasks(checkout, "check")
    assert checked.returncode == 0, checked.stderr
    assert ("Session en projet" in checked.stdout) is draft
    # A confirmed next session means 2022 was published: its log is there, and the suite must pass with it.
    assert (checkout / "data" / "2022" / "changelog.yml").exists() is (case == "2022-2023-confirmee")


@pytest.mark.e2e
def test_data_case_keeps_the_offices_own_next_session(checkout):
    # Once the exam office has merged its 2023 (a draft here), every CI case must still run, on that 2023.
    shutil.copytree(ROOT / ".ci", checkout / ".ci")
    shutil.copytree(ROOT / "tests" / "fixtures", checkout / "tests" / "fixtures")
    assert tasks(checkout, "new-session").returncode == 0
    own = {path.name: path.read_bytes() for path in (checkout / "data" / "2023").iterdir() if path.is_file()}
    prepared = subprocess.run([str(checkout / ".ci" / "data-case"), "2022-2023-confirmee"], cwd=checkout, env=mkdocs_env(),
                              capture_output=True, text=True, timeout=300)
    assert prepared.returncode == 0, prepared.stderr
    assert "data/2023 est dans le dépôt" in prepared.stdout
    assert {path.name: path.read_bytes() for path in (checkout / "data" / "2023").iterdir() if path.is_file()} == own


@pytest.mark.e2e
def test_unknown_data_case_is_refused():
    result = subprocess.run([str(ROOT / ".ci" / "data-case"), "2024"], capture_output=True, text=True)
    assert result.returncode == 2 and "cas de données inconnu « 2024 »" in result.stderr
