"""The exam office's year, in a throwaway git repository whose `origin` is a local bare repository.

One publication sequence, shared by the module (as staff would run it, with the `handbook` command):
publish 2022 → `handbook new-session` drafts 2023 on a branch → confirm it (one value corrected, the
to_confirm list emptied) → commit, merge into main → publish: 2023 is `latest`, 2022's files are
byte-identical → a correction to 2022 is published after 2023 exists: only /2022/ changes. Then, each
on a fresh clone: a broken commit, a build that fails, a dirty working tree and a draft are refused
without touching the remote's gh-pages. The resulting gh-pages tree is served under a sub-path (as
GitHub project pages are) with its root 404 page, and checked in Chromium.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import threading
import urllib.error
import urllib.request
from functools import partial
from pathlib import Path

import icalendar
import pytest
import yaml
from conftest import BIN, _QuietHandler, _QuietServer, build, copy_project, free_port, main_text, mkdocs_env, page_overflow, page_text, serve

pytestmark = [pytest.mark.e2e, pytest.mark.offline_worker]

IDENTITY = {"GIT_AUTHOR_NAME": "Service des examens", "GIT_AUTHOR_EMAIL": "examens@example.org",
            "GIT_COMMITTER_NAME": "Service des examens", "GIT_COMMITTER_EMAIL": "examens@example.org"}
# Where the published tree is served in the browser tests: a sub-path, like https://<compte>.github.io/<dépôt>/.
SITE_PORT = free_port()
SITE_PATH = "/manuel-bts/"
SITE_URL = f"http://127.0.0.1:{SITE_PORT}{SITE_PATH}"
PHONE_2022, PHONE_CORRECTED = "05 36 25 71 28", "05 36 25 71 99"


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=mkdocs_env(**IDENTITY))
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def handbook(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The staff command, as staff run it from the project folder."""
    return subprocess.run([str(BIN / "handbook"), *args], cwd=cwd, env=mkdocs_env(**IDENTITY, **AS_CI),
                          capture_output=True, text=True, timeout=600)


# --skip-tests is CI's (refused without CI=true): these publications stand for CI's job.
AS_CI = {"CI": "true"}


def publish(cwd: Path, *session: str) -> subprocess.CompletedProcess:
    # --skip-tests: this module is itself part of the suite that publish runs (no recursion).
    return handbook(cwd, "publish", *session, "--skip-tests", "--site-url", SITE_URL)


def publish_as_ci(cwd: Path) -> subprocess.CompletedProcess:
    # The CI job's own command on a push to main (.github/workflows/ci.yml, .gitlab-ci.yml).
    return handbook(cwd, "publish", "--skip-tests", "--changed", "--site-url", SITE_URL)


def remote_ref(remote: Path) -> str:
    return git(remote, "rev-parse", "--verify", "--quiet", "refs/heads/gh-pages").strip()


def tree_files(repo: Path, ref: str, folder: str = "") -> dict[str, bytes]:
    """Every file of a published ref (under folder/ if given), with its exact bytes."""
    names = git(repo, "ls-tree", "-r", "--name-only", ref, *(["--", folder] if folder else [])).split("\n")
    return {name: subprocess.run(["git", "show", f"{ref}:{name}"], cwd=repo, capture_output=True, check=True).stdout
            for name in names if name}


def shown(repo: Path, ref: str, name: str) -> str:
    return git(repo, "show", f"{ref}:{name}")


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} absent de {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def confirm_draft(session_file: Path) -> None:
    """What staff do once the new circular is out: every value checked, the to_confirm list (and its comment) removed."""
    text = session_file.read_text(encoding="utf-8")
    start = text.index("# Session en préparation")
    assert "\nto_confirm:\n" in text[start:]
    session_file.write_text(text[:start].rstrip("\n") + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """The staff's year, published step by step; what the remote's gh-pages held after each step."""
    work = tmp_path_factory.mktemp("publish")
    remote = work / "remote.git"
    git(work, "init", "-q", "--bare", str(remote))
    repo = copy_project(work / "repo")
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "Manuel 2022")
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    runs = {"2022": publish(repo, "2022")}
    assert runs["2022"].returncode == 0, runs["2022"].stderr
    states = {"2022": tree_files(remote, "gh-pages")}

    # 2023 is prepared on a branch: drafted, confirmed (the oral period that starts on 8 May, a public
    # holiday, moves to the 9th; the booklets' and the operations' texts give the new dates, as their dates do),
    # checked, committed, merged into main.
    git(repo, "switch", "-q", "-c", "session-2023")
    runs["new-session"] = handbook(repo, "new-session")
    assert runs["new-session"].returncode == 0, runs["new-session"].stderr
    replace_in(repo / "data" / "2023" / "calendar.yml", "{start: 2023-05-08, end: 2023-05-12}", "{start: 2023-05-09, end: 2023-05-12}")
    replace_in(repo / "data" / "2023" / "livrets.yml", "pour le 10 juin 2022.", "pour le 9 juin 2023.")
    for name in ("operations.yml", "corrections.yml"):   # the dates a text gives, and the correction of that text
        path = repo / "data" / "2023" / name
        path.write_text(path.read_text(encoding="utf-8").replace("Semaine du 11 au 15 avril 2022", "Semaine du 10 au 14 avril 2023")
                        .replace("partir du 11 avril", "partir du 10 avril"), encoding="utf-8")
    confirm_draft(repo / "data" / "2023" / "session.yml")
    runs["check"] = handbook(repo / "docs", "check")  # from a sub-folder, as an editor's terminal may be
    assert runs["check"].returncode == 0, runs["check"].stderr
    commit_all(repo, "Session 2023 confirmée")
    git(repo, "switch", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Fusion de la session 2023", "session-2023")
    git(repo, "push", "-q", "origin", "main")
    runs["2023"] = publish(repo)  # no session named: the newest of data/
    assert runs["2023"].returncode == 0, runs["2023"].stderr
    states["2023"] = tree_files(remote, "gh-pages")

    # A correction to 2022 once 2023 is the current session, published by the push to main (CI's command).
    replace_in(repo / "data" / "2022" / "contacts.yml", PHONE_2022, PHONE_CORRECTED)
    commit_all(repo, "Correction du téléphone 2022")
    git(repo, "push", "-q", "origin", "main")
    runs["correction"] = publish_as_ci(repo)
    assert runs["correction"].returncode == 0, runs["correction"].stderr
    states["correction"] = tree_files(remote, "gh-pages")
    return {"work": work, "remote": remote, "repo": repo, "runs": runs, "states": states}


def under(state: dict[str, bytes], folder: str) -> dict[str, bytes]:
    return {name: data for name, data in state.items() if name.startswith(folder + "/")}


@pytest.fixture
def clone(year, tmp_path) -> Path:
    """A fresh clone of the remote's main branch, as CI checks it out, ready to break."""
    target = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--branch", "main", str(year["remote"]), str(target))
    return target


def test_first_publication_makes_2022_latest_with_a_root_redirect_and_404(year):
    first = year["states"]["2022"]
    assert [(v["version"], v["aliases"]) for v in json.loads(first["versions.json"])] == [("2022", ["latest"])]
    assert b"url=latest/" in first["index.html"] and b"url=../2022/" in first["latest/index.html"]
    assert "Page introuvable" in first["404.html"].decode() and "2022/404.html" in first
    # The root's worker: the root and latest/… lead to 2022 offline (test_offline_the_root_and_latest_lead_to_kept_pages).
    assert b'const NEWEST = "2022/";' in first["sw.js"] and b"__NEWEST__" not in first["sw.js"]
    assert "publiée dans la branche gh-pages, envoyée vers origin ; elle est la session en cours (latest)" in year["runs"]["2022"].stdout


def test_new_session_drafts_2023_and_check_finds_the_project_from_a_sub_folder(year):
    assert "Session 2023 créée dans data/2023/" in year["runs"]["new-session"].stdout
    checked = year["runs"]["check"].stdout
    assert "Données de la session 2022 valides" in checked and "Données de la session 2023 valides" in checked
    assert "Session en projet" not in checked  # the to_confirm list is empty once confirmed


def test_versions_json_lists_both_sessions_and_latest_is_2023(year):
    final = year["states"]["correction"]
    versions = json.loads(final["versions.json"])
    assert [(v["version"], v["title"], v["aliases"]) for v in versions] == [
        ("2023", "Session 2023", ["latest"]), ("2022", "Session 2022", [])]
    # latest is a redirect (any static host), and the site root goes to latest.
    assert b"url=../2023/" in final["latest/index.html"]
    assert b"url=latest/" in final["index.html"]
    assert "Redirection vers" in final["index.html"].decode()
    assert b'const NEWEST = "2023/";' in final["sw.js"]   # the root's worker follows latest
    assert "publiée dans la branche gh-pages, envoyée vers origin ; elle est la session en cours" in year["runs"]["2023"].stdout


def test_2022_pages_unchanged_byte_for_byte_after_publishing_2023(year):
    before, after = (under(year["states"][step], "2022") for step in ("2022", "2023"))
    assert len(before) > 60 and "2022/calendrier/index.html" in before
    assert after == before


def test_each_version_is_built_from_its_own_session_data(year):
    state = year["states"]["2023"]
    pages = {v: state[f"{v}/calendrier/index.html"].decode() for v in ("2022", "2023")}
    assert "lundi 16 mai 2022" in pages["2022"] and "2023" not in pages["2022"].split("<title>")[1].split("</title>")[0]
    assert "lundi 15 mai 2023" in pages["2023"] and "lundi 16 mai 2022" not in pages["2023"]
    # Each session's canonical address includes its version folder.
    assert f'<link rel="canonical" href="{SITE_URL}2022/calendrier/">' in pages["2022"]
    assert f'<link rel="canonical" href="{SITE_URL}2023/calendrier/">' in pages["2023"]


def test_confirmed_2023_is_published_with_its_corrected_value_and_no_draft_mark(published_tree):
    orals = page_text(published_tree / "2023" / "oraux" / "index.html")
    assert "à confirmer" not in orals and "Projet de session" not in orals
    assert "du mardi 9 au vendredi 12 mai 2023" in orals and "lundi 8 " not in orals
    periods = (published_tree / "2023" / "api" / "2023" / "calendar.json").read_text(encoding="utf-8")
    assert "2023-05-09" in periods and "2023-05-08" not in periods


def test_correcting_2022_after_2023_changes_only_2022(year):
    before, after = year["states"]["2023"], year["states"]["correction"]
    contacts = after["2022/contacts/index.html"].decode()
    # The old number is now only in the page's "Modifié le …" note (issue 16), which names the change.
    note = re.search(r'<div class="admonition note handbook-changed".*?</div>', contacts, flags=re.S).group(0)
    worded = html.unescape(note)
    assert PHONE_2022 in worded and PHONE_CORRECTED in worded.split(PHONE_2022, 1)[1], worded
    assert PHONE_CORRECTED in contacts.replace(note, "") and PHONE_2022 not in contacts.replace(note, "")
    assert PHONE_2022 in before["2022/contacts/index.html"].decode()
    # CI published 2022, whose data changed, then 2023, the newest, which did not: nothing of it moved.
    said = year["runs"]["correction"].stdout
    assert "Session 2022 publiée" in said and "session archivée" in said
    assert ("Session 2023 déjà en ligne telle quelle : rien de nouveau dans la branche gh-pages ; elle est la session en "
            "cours (latest)") in said
    # 2023, latest and the site root are exactly as they were; only files under 2022/ changed.
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert changed and all(name.startswith("2022/") for name in changed), sorted(changed)[:10]
    commits = git(year["remote"], "log", "--format=%s", "gh-pages").splitlines()
    assert commits[0].startswith("Publication de la session 2022 (")


def test_root_404_page_links_to_the_current_session_and_survives_publications(year):
    for step in ("2023", "correction"):
        page = year["states"][step]["404.html"].decode()
        assert '<html lang="fr">' in page and "Page introuvable" in page
        assert f'href="{SITE_URL}latest/">Aller au manuel de la session en cours (2023)' in page
        assert f'href="{SITE_URL}2022/">Session 2022</a> (archivée)' in page
    assert "2022/404.html" in year["states"]["correction"]  # each session keeps its own too


def test_broken_commit_is_refused_and_leaves_gh_pages_unchanged(year, clone):
    before = remote_ref(year["remote"])
    replace_in(clone / "data" / "2022" / "centres.yml", "establishment: ", "establishment: inconnu-")
    commit_all(clone, "Faute de frappe")
    result = publish(clone, "2022")
    assert result.returncode != 0
    assert "data/2022/centres.yml:" in result.stderr and "établissement inconnu « inconnu-" in result.stderr
    assert "Publication annulée" in result.stderr and "Traceback" not in result.stderr
    assert remote_ref(year["remote"]) == before
    assert git(clone, "branch", "--list", "gh-pages").strip() == ""  # not even a local gh-pages


def test_failed_strict_build_leaves_gh_pages_unchanged(year, clone):
    # The data check passes; the build fails later (strict mode: a link to a missing page).
    before = remote_ref(year["remote"])
    page = clone / "docs" / "contacts.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nVoir [la page disparue](disparue.md) et [un titre](ecrits.md#nulle-part).\n",
                    encoding="utf-8")
    commit_all(clone, "Lien cassé")
    result = publish(clone, "2022")
    assert result.returncode != 0
    assert "1/4 Données de la session 2022 valides" in result.stdout and "3/4 Construction stricte" in result.stdout
    assert "La construction stricte a échoué" in result.stderr and "disparue.md" in result.stderr
    # In French, at the link's file and line, without MkDocs' progress lines.
    assert "docs/contacts.md:" in result.stderr and "vers une page introuvable dans docs/" in result.stderr
    assert "aucun titre de docs/ecrits.md n'a l'ancre « #nulle-part »" in result.stderr   # a missing anchor stops it too
    assert "INFO" not in result.stderr and "is not found among documentation files" not in result.stderr
    assert "4/4" not in result.stdout
    assert remote_ref(year["remote"]) == before
    assert git(clone, "branch", "--list", "gh-pages").strip() == ""


def test_a_broken_page_stops_publish_at_its_line_before_the_tests(year, clone):
    # A page whose Jinja does not parse (a brace forgotten): the data check cannot see it (it does not read docs/).
    # The publication staff type, tests included, stops at the strict build with the build's own French message at
    # the page's line, before the suite runs: no pytest traceback to read, nothing recorded, nothing sent.
    before, main = remote_ref(year["remote"]), git(year["remote"], "rev-parse", "main")
    replace_in(clone / "docs" / "contacts.md", "{{ session.info.academy }}", "{{ session.info.academy }")
    commit_all(clone, "Accolade oubliée")
    head = git(clone, "rev-parse", "HEAD")
    result = handbook(clone, "publish", "2022", "--site-url", SITE_URL)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1/4 Données de la session 2022 valides" in result.stdout
    assert "La construction stricte a échoué" in result.stderr
    assert "docs/contacts.md:3: erreur de syntaxe Jinja" in result.stderr, result.stderr
    assert "Publication annulée (rien n'a été modifié)" in result.stderr
    # The suite never ran: no pytest output, no traceback, no « Des tests échouent ».
    said = result.stdout + result.stderr
    assert "Traceback" not in said and "\nE   " not in said and "Des tests échouent" not in said, said
    assert not re.search(r"tests? ran|\d+ (passed|failed|error)", said), said
    assert "4/4" not in result.stdout
    assert git(clone, "rev-parse", "HEAD") == head and git(clone, "status", "--porcelain") == ""
    assert remote_ref(year["remote"]) == before and git(year["remote"], "rev-parse", "main") == main
    assert git(clone, "branch", "--list", "gh-pages").strip() == ""


def test_uncommitted_changes_are_refused_in_french(year, clone):
    before = remote_ref(year["remote"])
    replace_in(clone / "data" / "2022" / "contacts.yml", PHONE_CORRECTED, "05 00 00 00 00")
    (clone / "docs" / "brouillon.md").write_text("# Brouillon\n", encoding="utf-8")
    (clone / "notes.txt").write_text("hors du site\n", encoding="utf-8")  # not a site source: not listed
    result = publish(clone, "2022")
    assert result.returncode == 1
    assert "modifications non enregistrées" in result.stderr and "Publication refusée" in result.stderr
    assert "data/2022/contacts.yml (modifié)" in result.stderr
    assert "docs/brouillon.md (nouveau fichier, jamais enregistré)" in result.stderr
    assert "notes.txt" not in result.stderr and "Traceback" not in result.stderr
    assert "1/4" not in result.stdout  # refused before anything else
    assert remote_ref(year["remote"]) == before
    # Once back to the commit, the same command goes through (locally: the shared remote stays as it is).
    git(clone, "restore", "data/2022/contacts.yml")
    (clone / "docs" / "brouillon.md").unlink()
    # Without the site's address (a workstation's publication, no HANDBOOK_SITE_URL): said, since its calendars and
    # feeds would carry no link to the pages, which nothing told the staff reviewer who did so.
    again = handbook(clone, "publish", "2022", "--skip-tests", "--no-push")
    assert again.returncode == 0, again.stderr
    assert "Adresse publique du site inconnue (ni --site-url ni HANDBOOK_SITE_URL)" in again.stdout
    assert remote_ref(year["remote"]) == before


def test_an_address_online_that_would_disappear_is_refused_in_french(year, clone):
    # An establishment's id renamed everywhere: the data are valid and the site builds, but its page, calendar and
    # feed would leave the addresses that its staff and candidates were given.
    before = remote_ref(year["remote"])
    for name in ("establishments.yml", "centres.yml"):
        path = clone / "data" / "2022" / name
        path.write_text(path.read_text(encoding="utf-8").replace("lycee-saliege", "saliege"), encoding="utf-8")
    commit_all(clone, "Identifiant raccourci")
    result = publish(clone, "2022")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Publication refusée : 3 adresses de la session 2022 sont en ligne et disparaîtraient" in result.stderr
    for lost in ("/2022/etablissements/lycee-saliege/", "/2022/agenda/etablissements/lycee-saliege.ics",
                 "/2022/flux/etablissements/lycee-saliege.xml"):
        assert f"\n  {lost}\n" in result.stderr + "\n"
    assert "Rétablissez-le" in result.stderr and "--allow-removed" in result.stderr
    assert "4/4" not in result.stdout and remote_ref(year["remote"]) == before
    assert "Journal des modifications" not in git(clone, "log", "-1", "--format=%s")   # its entry taken back
    # Said on purpose, it goes through, with the addresses named (locally: the shared remote stays as it is).
    allowed = handbook(clone, "publish", "2022", "--skip-tests", "--no-push", "--allow-removed", "--site-url", SITE_URL)
    assert allowed.returncode == 0, allowed.stderr
    assert "Attention : 3 adresses de la session 2022 disparaissent" in allowed.stdout
    assert "Adresse publique du site inconnue" not in allowed.stdout   # given here
    assert "/2022/etablissements/lycee-saliege/" in allowed.stdout and remote_ref(year["remote"]) == before


def test_publishing_from_another_branch_is_refused_in_french(year, clone):
    before = remote_ref(year["remote"])
    git(clone, "switch", "-q", "-c", "essai-adresse")
    result = publish(clone, "2022")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Publication refusée depuis la branche « essai-adresse »" in result.stderr and "git merge essai-adresse" in result.stderr
    assert "1/4" not in result.stdout and remote_ref(year["remote"]) == before


def test_publishing_a_commit_checked_out_by_hand_is_refused_in_french(year, clone):
    # No --skip-tests (outside CI it is refused first): the refusal comes before the tests would run.
    before = remote_ref(year["remote"])
    git(clone, "checkout", "-q", "--detach")
    result = subprocess.run([str(BIN / "handbook"), "publish", "2022", "--no-push"], cwd=clone,
                            env={**mkdocs_env(**IDENTITY), "CI": "false"}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "aucune branche n'est en cours (HEAD détachée" in result.stderr and "git switch main" in result.stderr
    assert "1/4" not in result.stdout and remote_ref(year["remote"]) == before


def test_a_note_with_changed_is_refused_in_french(year, clone):
    # A note is one session's: with --changed it would go to every session published.
    result = handbook(clone, "publish", "--skip-tests", "--changed", "--note", "Report de l'épreuve E3")
    assert result.returncode == 1 and "--note va avec une session nommée" in result.stderr


def test_skip_tests_typed_outside_ci_is_refused_in_french(year, clone):
    before = remote_ref(year["remote"])
    result = subprocess.run([str(BIN / "handbook"), "publish", "2022", "--skip-tests", "--no-push"], cwd=clone,
                            env={**mkdocs_env(**IDENTITY), "CI": "false"}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "« --skip-tests » est réservé à la publication par l'intégration continue" in result.stderr
    assert "python3 tasks.py publish" in result.stderr and "1/4" not in result.stdout
    assert remote_ref(year["remote"]) == before and "gh-pages" not in git(clone, "branch", "--list")

def test_new_session_creates_a_draft_that_publish_refuses(year, clone):
    before = remote_ref(year["remote"])
    created = handbook(clone, "new-session")
    assert created.returncode == 0, created.stderr
    assert "Session 2024 créée" in created.stdout and "à confirmer" in created.stdout
    old, new = (yaml.safe_load((clone / "data" / y / "calendar.yml").read_text(encoding="utf-8")) for y in ("2023", "2024"))
    for before_sitting, after_sitting in zip(old["written"], new["written"], strict=True):
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

    commit_all(clone, "Projet de session 2024")  # committed, so the draft itself is what is refused
    refused = publish(clone, "2024")
    assert refused.returncode == 1
    assert "La session 2024 est un projet" in refused.stderr and "à confirmer" in refused.stderr
    # Each value is named at its line, as `handbook check` names a mistake, and so is the list to empty.
    where = re.search(r"^  data/2024/calendar\.yml:(\d+): written\[0\]\.date: à confirmer$", refused.stderr, re.M)
    named = re.findall(r"^  data/2024/[a-z]+\.yml:\d+: \S+: à confirmer$", refused.stderr, re.M)
    assert len(named) == len(session["to_confirm"]) > 30, refused.stderr   # every one, none « … et N autres »
    calendar = (clone / "data" / "2024" / "calendar.yml").read_text(encoding="utf-8").splitlines()
    assert where and calendar[int(where.group(1)) - 1].strip() == f"date: {new['written'][0]['date']}", refused.stderr
    listed = re.search(r"liste to_confirm de data/2024/session\.yml:(\d+)\)", refused.stderr)
    session_lines = (clone / "data" / "2024" / "session.yml").read_text(encoding="utf-8").splitlines()
    assert listed and session_lines[int(listed.group(1)) - 1] == "to_confirm:", refused.stderr
    checked = handbook(clone, "check")
    assert f"à confirmer (to_confirm dans data/2024/session.yml:{listed.group(1)})." in checked.stdout, checked.stdout
    assert remote_ref(year["remote"]) == before
    # CI, at the push of the draft to main (a remote of its own: the year's is shared by the other tests): the draft
    # is left aside, 2022 (unchanged since its last publication) is not rebuilt, 2023 (the newest confirmed) is
    # published again as it was: nothing on gh-pages moves.
    # A comment in 2022's data changes no fact: 2022 is not rebuilt for it, now nor at any later push.
    remote = clone.parent / "remote-projet.git"
    git(clone.parent, "clone", "-q", "--bare", str(year["remote"]), str(remote))
    git(clone, "remote", "set-url", "origin", str(remote))
    contacts = clone / "data" / "2022" / "contacts.yml"
    contacts.write_text(contacts.read_text(encoding="utf-8") + "# relu par le service\n", encoding="utf-8")
    commit_all(clone, "Commentaire")
    git(clone, "push", "-q", "origin", "main")
    ci = publish_as_ci(clone)
    assert ci.returncode == 0, ci.stderr
    assert "Session 2024 en projet (valeurs à confirmer) : non publiée." in ci.stdout
    assert "Session 2022 : aucun fait modifié depuis sa dernière publication, non republiée." in ci.stdout
    assert "Session 2023 déjà en ligne telle quelle" in ci.stdout and "Session 2022" not in ci.stdout.replace(
        "Session 2022 : aucun fait modifié", "")
    assert tree_files(remote, "gh-pages") == year["states"]["correction"]


def test_draft_session_shows_its_values_as_a_confirmer(clone, tmp_path):
    assert handbook(clone, "new-session").returncode == 0
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")], cwd=clone,
        env=mkdocs_env(HANDBOOK_SESSION="2024"), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    calendar = tmp_path / "site" / "calendrier" / "index.html"
    text = main_text(calendar)
    assert "Projet de session : " in text and "informations à confirmer" in text
    # The first written exam (2023-05-15, a Monday) moves 52 weeks to Monday 13 May 2024, marked.
    assert "lundi 13 mai 2024 à confirmer" in text
    assert "calendar.yml · written[0].date : 2024-05-13 — à confirmer" in text
    # No 2024 circular exists yet: the source line names the previous session's, on pages and in calendar files.
    source = "académie de Toulouse, session précédente (projet de session 2024, à confirmer)"
    assert source in page_text(calendar) and "Toulouse, session 2024" not in page_text(calendar)
    events = icalendar.Calendar.from_ical((tmp_path / "site" / "agenda" / "session.ics").read_bytes()).walk("VEVENT")
    assert events and all(f"Source : circulaire académique d'organisation, {source}." in e["DESCRIPTION"] for e in events)
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


class _StaticHost(_QuietHandler):
    """A static host like GitHub Pages: the site's files under SITE_PATH, its root 404.html for any missing address."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / SITE_PATH.strip("/") / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def published_tree(year, tmp_path_factory) -> Path:
    """The remote's final gh-pages branch checked out as files, in the folder a host serves at SITE_PATH."""
    folder = tmp_path_factory.mktemp("gh-pages") / SITE_PATH.strip("/")
    folder.mkdir()
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=year["remote"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


@pytest.fixture(scope="module")
def published_url(published_tree):
    """The published tree served at SITE_URL, as a static host would."""
    server = _QuietServer(("127.0.0.1", SITE_PORT), partial(_StaticHost, directory=str(published_tree.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield SITE_URL
    server.shutdown()
    server.server_close()


def test_unknown_address_gets_the_root_404_page(published_url):
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(published_url + "2021/calendrier/", timeout=10)
    assert missing.value.code == 404 and "Page introuvable" in missing.value.read().decode("utf-8")


def test_browser_archived_banner_and_version_selector(published_url, browser, screenshot):
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
        screenshot(page, "publish-2022-archived-1280")

        # The correction published after 2023 is what the archived session shows.
        page.goto(published_url + "2022/contacts/")
        assert PHONE_CORRECTED in page.locator("article").inner_text()
        page.wait_for_selector("[data-md-component=outdated]:not([hidden])")

        # The banner's link leads to the current session.
        banner.get_by_role("link", name="Voir la session en cours").click()
        page.wait_for_url("**/2023/")
        assert banner.is_hidden()
    finally:
        page.close()


@pytest.mark.parametrize("width", [320, 360, 412])
def test_on_a_phone_the_published_header_names_the_diploma_and_its_session_whole(published_url, browser, width):
    # With mike's selector « Session 2022 ▾ » beside it, the header's title was « B… » on a 360 px phone (staff review).
    page = browser.new_page(viewport={"width": width, "height": 640}, is_mobile=True, has_touch=True)
    try:
        page.goto(published_url + "2022/")
        page.wait_for_selector(".md-version__current")
        title = page.locator(".md-header__topic").first.locator(".md-ellipsis")
        assert title.inner_text().strip() == "BTS"
        assert title.evaluate("e => e.scrollWidth <= e.clientWidth"), "the title is cut"
        selector, search = page.locator(".md-version__current"), page.locator("label.md-header__button[for=__search]")
        assert selector.inner_text().strip() == "Session 2022"
        assert selector.evaluate("e => e.scrollWidth <= e.clientWidth")
        # The whole selector is seen, left of the colour scheme's button, and nothing scrolls sideways.
        box, buttons = selector.bounding_box(), search.bounding_box()
        scheme = page.locator("form[data-md-component=palette] label:visible").first.bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= scheme["x"], (box, scheme)
        assert buttons["x"] + buttons["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") == width
    finally:
        page.close()


KEEP = "Garder pour le jour de l'examen (sans connexion)"
ESTABLISHMENT = "etablissements/lgt-marcelin-berthelot/"


def test_offline_the_root_and_latest_lead_to_kept_pages(published_tree, browser):
    """A candidate keeps exam day's pages from a latest/… address (an establishment's link, the root's redirect),
    then opens that address and the site's root again once the host no longer answers: both lead to the newest
    session's pages, which its worker answers from the phone. The host is really stopped (a server of this test's
    own, whose answers the browser may not keep in its HTTP cache): what the phone shows then can only come from
    the workers."""
    scopes = "navigator.serviceWorker.getRegistrations().then(all => all.map(r => r.active && r.scope))"
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    try:
        with serve(published_tree.parent, no_store=True) as root:
            site = root + SITE_PATH.lstrip("/")
            page.goto(site + "latest/" + ESTABLISHMENT)
            page.wait_for_url(f"**/2023/{ESTABLISHMENT}")
            title = page.get_by_role("heading", level=1).inner_text()
            page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20_000)
            page.get_by_role("button", name=KEEP).click()
            page.get_by_role("status").filter(has_text="C'est fait").wait_for(timeout=30_000)
            for _ in range(100):   # the root's worker installs beside the session's
                if sorted(map(str, page.evaluate(scopes))) == [site, site + "2023/"]:
                    break
                page.wait_for_timeout(100)
            assert sorted(map(str, page.evaluate(scopes))) == [site, site + "2023/"]

            # On another phone, an archived session registers no root worker: it would lead to 2023, not to 2022's.
            other = browser.new_context(viewport={"width": 375, "height": 812})
            archived = other.new_page()
            archived.goto(site + "2022/" + ESTABLISHMENT)
            archived.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20_000)
            archived.get_by_role("button", name=KEEP).click()
            archived.get_by_role("status").filter(has_text="C'est fait").wait_for(timeout=30_000)
            archived.wait_for_timeout(1000)
            assert [str(scope) for scope in archived.evaluate(scopes)] == [site + "2022/"]
            other.close()

        # The host refuses every connection now.
        page.goto(site + "latest/" + ESTABLISHMENT)
        page.wait_for_url(f"**/2023/{ESTABLISHMENT}")
        assert page.get_by_role("heading", level=1).inner_text() == title
        page.locator("article .handbook-kept-copy").wait_for(timeout=10_000)   # « Copie du … »
        page.goto(site)
        page.wait_for_url("**/2023/")
        assert "session 2023" in page.get_by_role("heading", level=1).inner_text()
    finally:
        context.close()


def test_browser_root_404_leads_to_the_current_session(published_url, browser, screenshot):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        response = page.goto(published_url + "2021/centres/ancien-centre/")
        assert response.status == 404
        assert page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
        screenshot(page, "publish-root-404-375")
        assert page_overflow(page) == 0
        page.get_by_role("link", name="Aller au manuel de la session en cours (2023)").click()
        page.wait_for_url("**/manuel-bts/2023/")
        page.wait_for_selector(".md-version__current")
        assert page.locator(".md-version__current").inner_text().strip() == "Session 2023"
    finally:
        page.close()


def test_browser_archived_banner_on_a_phone(published_url, browser, screenshot):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    try:
        page.goto(published_url + "2022/")
        page.wait_for_selector("[data-md-component=outdated]:not([hidden])")
        banner = page.locator("[data-md-component=outdated]")
        assert banner.bounding_box()["width"] <= 375
        screenshot(page, "publish-2022-archived-375")
    finally:
        page.close()
