"""Corrections reach the people they concern: the staff year of a correction, end to end.

In a throwaway git repository whose remote is a local bare repository: publish 2022 (« Publication
initiale »), change a date, an address and a count, read `handbook diff`, publish with a note, then read
what was published on gh-pages: the Modifications page, the notes on the touched pages, the session's and
the establishments' Atom feeds (parsed with feedparser, checked against RFC 4287's rules), the calendars'
SEQUENCE. A third publication that concerns one centre leaves an unconcerned establishment's page and feed
byte for byte as they were. Rebuilding the published commit gives the published bytes. In Chromium, the
« Modifié le » note is visible on a phone and axe finds nothing.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import shutil
import subprocess
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from conftest import BIN, ROOT, copy_project, main_text, mkdocs_env, serve
from site_pages import AXE_OPTIONS, PHONE, axe_report

pytestmark = pytest.mark.e2e

FAKETIME = shutil.which("faketime")
IDENTITY = {"GIT_AUTHOR_NAME": "Service des examens", "GIT_AUTHOR_EMAIL": "examens@example.org",
            "GIT_COMMITTER_NAME": "Service des examens", "GIT_COMMITTER_EMAIL": "examens@example.org"}
SITE_URL = "https://examens.example.org/manuel-bts/"
ATOM = "{http://www.w3.org/2005/Atom}"
# The three corrections, as `handbook diff` must word them.
DATE_CHANGE = "E3 (écrit) : date 16 mai 2022 → 19 mai 2022"
ADDRESS_CHANGE = "Lycée Gabriel Péri (écrits) : adresse ajoutée : « 2 rue du Lycée 31000 Toulouse »"
COUNT_CHANGE = "ISSEC Pigier : 28 → 29 candidats placés au Lycée ISSEC Pigier"
NOTE = "Report de l'épreuve E3 au 19 mai & adresse du lycée <Gabriel Péri>"
# Establishments: one whose count changed, one that writes at Lycée Gabriel Péri, one that writes elsewhere.
COUNTED, AT_PERI, ELSEWHERE = "ltp-issec-pigier", "lp-gabriel-peri", "lp-jean-durroux"


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env={**mkdocs_env(), **IDENTITY})
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def handbook(cwd: Path, *args: str, day: str | None = None) -> subprocess.CompletedProcess:
    """The staff command, run on a given day (Debian's faketime: the publication's own clock) when possible, as CI's
    publication job runs it (CI=true: its --skip-tests is allowed)."""
    command = [str(BIN / "handbook"), *args]
    if day and FAKETIME:
        command = [FAKETIME, f"{day} 10:00:00", *command]
    return subprocess.run(command, cwd=cwd, env={**mkdocs_env(), **IDENTITY, "CI": "true"}, capture_output=True, text=True, timeout=600)


def publish(repo: Path, day: str, *extra: str) -> subprocess.CompletedProcess:
    # --skip-tests: this module is part of the suite that publish runs (no recursion).
    result = handbook(repo, "publish", "2022", "--skip-tests", "--site-url", SITE_URL, *extra, day=day)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def published_day(day: str) -> dt.date:
    # With faketime the publication is dated the faked day; without, today in Paris (never the build's clock).
    from handbook.changelog import today
    return dt.date.fromisoformat(day) if FAKETIME else today()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def gh_pages(remote: Path, target: Path) -> Path:
    """The remote's gh-pages branch, as a static host serves it."""
    archive = subprocess.run(["git", "archive", "--format=tar", "gh-pages"], cwd=remote, capture_output=True, check=True).stdout
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def diff_lines(output: str) -> list[str]:
    return [line[4:] for line in output.splitlines() if line.startswith("  - ")]


def check_atom(path: Path) -> feedparser.FeedParserDict:
    """RFC 4287, checked explicitly: the feed's and each entry's required elements, unique ids, RFC 3339 dates,
    a self link; then parsed by feedparser without complaint."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    rfc3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
    for element, required in [(root, ("id", "title", "updated")),
                              *((entry, ("id", "title", "updated")) for entry in root.findall(f"{ATOM}entry"))]:
        for name in required:
            found = element.findall(f"{ATOM}{name}")
            assert len(found) == 1 and (found[0].text or "").strip(), (path, element.tag, name)
        assert rfc3339.match(element.find(f"{ATOM}updated").text), (path, element.find(f"{ATOM}updated").text)
        assert re.match(r"^[a-z][a-z0-9+.-]*:", element.find(f"{ATOM}id").text), "an id is an absolute IRI"
    assert root.find(f"{ATOM}author/{ATOM}name") is not None, "a feed without authors in every entry has one"
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:   # content or an alternate link (RFC 4287 4.1.1.2): both here
        assert entry.find(f"{ATOM}content") is not None and entry.find(f"{ATOM}link[@rel='alternate']") is not None
    ids = [root.find(f"{ATOM}id").text, *(e.find(f"{ATOM}id").text for e in entries)]
    assert len(ids) == len(set(ids)), "ids are unique"
    self_links = root.findall(f"{ATOM}link[@rel='self']")
    assert len(self_links) == 1 and self_links[0].get("href") == SITE_URL + "2022/" + str(path).split("/2022/", 1)[1]
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert not entries or root.find(f"{ATOM}updated").text == max(updated), "the feed is as new as its newest entry"
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def event(ics: str, key: str) -> str:
    """One VEVENT of a calendar file, by its KeyDate id (part of its UID)."""
    blocks = re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT", ics.replace("\r\n ", ""), flags=re.S)
    return next(b for b in blocks if f"UID:2022-{key}@" in b)


def pushed_repository(work: Path) -> tuple[Path, Path]:
    """The project as the exam office's repository, its main pushed to a local bare remote, no change log yet."""
    remote = work / "remote.git"
    git(work, "init", "-q", "--bare", str(remote))
    repo = copy_project(work / "repo")
    shutil.copy2(ROOT / ".gitignore", repo / ".gitignore")   # as in the real repository: builds leave .cache/ untracked
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Manuel 2022")
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    return repo, remote


@pytest.fixture(scope="module")
def staff_year(tmp_path_factory):
    """Three publications of 2022 from one repository, and what the remote serves after the second and third."""
    work = tmp_path_factory.mktemp("changes")
    repo, remote = pushed_repository(work)
    steps: dict = {"repo": repo, "remote": remote}
    steps["diff_before_publishing"] = handbook(repo, "diff")
    steps["first"] = publish(repo, "2022-03-01")
    steps["first_log"] = (repo / "data" / "2022" / "changelog.yml").read_text(encoding="utf-8")
    base = git(repo, "rev-parse", "HEAD").strip()
    # The three corrections of April, as staff make them in the YAML files.
    data = repo / "data" / "2022"
    edit(data / "calendar.yml", "  - exam: e3\n    date: 2022-05-16", "  - exam: e3\n    date: 2022-05-19")
    edit(data / "centres.yml", "{id: gabriel-peri, name: Lycée Gabriel Péri, town: Toulouse, department: \"31\"}",
         "{id: gabriel-peri, name: Lycée Gabriel Péri, town: Toulouse, department: \"31\", "
         "address: 2 rue du Lycée 31000 Toulouse}")
    edit(data / "centres.yml", "{establishment: ltp-issec-pigier, label: ISSEC Pigier, candidates: 28}",
         "{establishment: ltp-issec-pigier, label: ISSEC Pigier, candidates: 29}")
    edit(data / "centres.yml", "  - centre: issec-pigier\n    candidates: 114", "  - centre: issec-pigier\n    candidates: 115")
    edit(data / "establishments.yml", "name: LTP ISSEC PIGIER, candidates: 28}", "name: LTP ISSEC PIGIER, candidates: 29}")
    edit(data / "session.yml", "candidate_total: 595", "candidate_total: 596")
    steps["diff"] = handbook(repo, "diff")
    git(repo, "commit", "-q", "-am", "Corrections d'avril")
    steps["diff_commits"] = handbook(repo, "diff", base, "HEAD")
    # What CI prints on a pull request (GitHub: also into the job summary).
    (repo / ".ci").mkdir()
    shutil.copy2(ROOT / ".ci" / "diff", repo / ".ci" / "diff")
    summary = work / "summary.md"
    steps["ci_diff"] = subprocess.run([str(repo / ".ci" / "diff"), base], cwd=work, capture_output=True, text=True, timeout=600,
                                      env={**mkdocs_env(), "HANDBOOK": str(BIN / "handbook"), "GITHUB_STEP_SUMMARY": str(summary)})
    steps["ci_summary"] = summary.read_text(encoding="utf-8") if summary.exists() else ""
    (repo / ".ci" / "diff").unlink()
    (repo / ".ci").rmdir()
    git(repo, "push", "-q", "origin", "main")
    steps["second"] = publish(repo, "2022-04-04", "--note", NOTE)
    steps["published_commit"] = git(repo, "rev-parse", "HEAD").strip()
    steps["after_second"] = gh_pages(remote, work / "served-2")
    steps["diff_after_publishing"] = handbook(repo, "diff")
    # A third correction that concerns one centre and the establishments that write there.
    edit(data / "centres.yml", "address: 2 rue du Lycée 31000 Toulouse", "address: 4 rue du Lycée 31000 Toulouse")
    git(repo, "commit", "-q", "-am", "Adresse du lycée Gabriel Péri")
    steps["third"] = publish(repo, "2022-04-20")
    steps["after_third"] = gh_pages(remote, work / "served-3")
    steps["work"] = work
    return steps


def test_diff_lists_exactly_the_three_changes_in_french(staff_year):
    before = staff_year["diff_before_publishing"]
    assert before.returncode == 0 and "aucune publication enregistrée" in before.stdout
    result = staff_year["diff"]
    assert result.returncode == 0, result.stderr
    assert sorted(diff_lines(result.stdout)) == sorted([DATE_CHANGE, ADDRESS_CHANGE, COUNT_CHANGE])
    published = published_day("2022-03-01")
    assert result.stdout.startswith(f"Session 2022 : publication du {date_words(published)} (")
    assert "→ copie de travail\n3 modifications, " in result.stdout
    assert "\nÉpreuves écrites (ecrits/)\n  - " + DATE_CHANGE in result.stdout
    assert "\nLycée Gabriel Péri – Toulouse (centres/gabriel-peri/)\n  - " + ADDRESS_CHANGE in result.stdout
    # Between two commits, as a pull request's review shows it: the same three facts.
    assert sorted(diff_lines(staff_year["diff_commits"].stdout)) == sorted(diff_lines(result.stdout))
    after = staff_year["diff_after_publishing"]
    assert after.returncode == 0 and after.stdout.rstrip().endswith("Aucune modification.")


def test_ci_prints_the_diff_of_a_pull_request_and_its_summary(staff_year):
    result = staff_year["ci_diff"]
    assert result.returncode == 0, result.stderr
    assert sorted(diff_lines(result.stdout)) == sorted([DATE_CHANGE, ADDRESS_CHANGE, COUNT_CHANGE])
    summary = staff_year["ci_summary"]
    assert summary.startswith("## Faits modifiés (handbook diff)\n\n```text\nSession 2022 : commit ")
    assert sorted(diff_lines(summary)) == sorted(diff_lines(result.stdout)) and summary.rstrip().endswith("```")


def date_words(day: dt.date) -> str:
    from handbook.text import date_short
    return date_short(day)


def test_publish_records_the_change_log_in_a_commit_of_its_own(staff_year):
    repo = staff_year["repo"]
    assert "Publication initiale" in staff_year["first"].stdout
    assert "3 modifications enregistrées" in staff_year["second"].stdout
    first_log = staff_year["first_log"]
    assert "NE PAS MODIFIER À LA MAIN" in first_log and first_log.count("- date:") == 1 and "changes" not in first_log
    log = (repo / "data" / "2022" / "changelog.yml").read_text(encoding="utf-8")
    assert log.count("- date:") == 3
    assert f"date: '{published_day('2022-04-04').isoformat()}'" in log or f"date: {published_day('2022-04-04')}" in log
    # Each record is a commit touching the change log alone, which starts no pipeline, pushed with the site.
    messages = git(repo, "log", "--format=%s").splitlines()
    records = [m for m in messages if m.startswith("Journal des modifications de la session 2022")]
    assert len(records) == 3 and all(m.endswith("[skip ci]") for m in records)
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["data/2022/changelog.yml"]
    assert git(staff_year["remote"], "rev-parse", "main") == git(repo, "rev-parse", "HEAD")
    assert git(repo, "status", "--porcelain") == ""


def test_the_modifications_page_lists_the_publication_with_its_note(staff_year):
    site = staff_year["after_second"] / "2022"
    page = (site / "modifications" / "index.html").read_text(encoding="utf-8")
    text = main_text(site / "modifications" / "index.html")
    day = date_words(published_day("2022-04-04"))
    assert 'id="publication-2"' in page and 'id="publication-1"' in page
    assert page.index('id="publication-2"') < page.index('id="publication-1"'), "newest first"
    assert NOTE in text and "&lt;Gabriel Péri&gt;" in page, "the note is shown as written, escaped"
    for change in (DATE_CHANGE, ADDRESS_CHANGE, COUNT_CHANGE):
        subject, words = change.split(" : ", 1)
        assert f"{subject} : {words}" in text
    assert f"Modifications du {day}" in text and "Publication initiale" in text
    assert 'href="../centres/gabriel-peri/"' in page and 'href="../ecrits/"' in page


def test_the_touched_pages_say_modified_with_their_own_changes(staff_year):
    site = staff_year["after_second"] / "2022"
    day = date_words(published_day("2022-04-04"))
    expected = {
        "ecrits": {DATE_CHANGE, COUNT_CHANGE},
        "centres/gabriel-peri": {DATE_CHANGE, ADDRESS_CHANGE},
        f"etablissements/{COUNTED}": {DATE_CHANGE, COUNT_CHANGE},
        f"etablissements/{AT_PERI}": {DATE_CHANGE, ADDRESS_CHANGE},
        f"etablissements/{ELSEWHERE}": {DATE_CHANGE},
    }
    for path, changes in expected.items():
        page = (site / path / "index.html").read_text(encoding="utf-8")
        note = re.search(r'<div class="admonition note handbook-changed" role="note">(.*?)</div>', page, flags=re.S)
        assert note, path
        note_text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", note.group(1))))
        assert f"Modifié le {day}" in note_text, (path, note_text)
        shown = {c for c in (DATE_CHANGE, ADDRESS_CHANGE, COUNT_CHANGE) if c in note_text}
        assert shown == changes, (path, note_text)
        assert re.search(r'href="(\.\./)+modifications/#publication-2"', note.group(1)), path
    # Pages no change touched carry no note.
    for path in ("stages", "contacts", "centres/ozenne"):
        assert "handbook-changed" not in (site / path / "index.html").read_text(encoding="utf-8"), path


def test_feeds_are_valid_atom_and_follow_each_establishment(staff_year):
    site = staff_year["after_second"] / "2022"
    day = published_day("2022-04-04").isoformat()
    whole = check_atom(site / "flux" / "session.xml")
    assert [e.title for e in whole.entries] == [f"Modifications du {date_words(published_day('2022-04-04'))} : {NOTE}",
                                                "Publication initiale"]
    newest = whole.entries[0]
    assert newest.updated.startswith(day)
    assert newest.link == f"{SITE_URL}2022/modifications/#publication-2"
    content = newest.content[0].value
    assert all(c.replace("<", "&lt;").replace(">", "&gt;") in content for c in (DATE_CHANGE, COUNT_CHANGE))
    assert "« 2 rue du Lycée 31000 Toulouse »" in content
    counted = check_atom(site / "flux" / "etablissements" / f"{COUNTED}.xml")
    assert len(counted.entries) == 2
    assert COUNT_CHANGE in counted.entries[0].content[0].value and DATE_CHANGE in counted.entries[0].content[0].value
    assert "adresse ajoutée" not in counted.entries[0].content[0].value, "only what concerns this establishment"
    assert counted.feed.id != whole.feed.id and counted.entries[0].id != newest.id
    check_atom(site / "flux" / "centres" / "gabriel-peri.xml")
    # Every page links its feeds for readers that discover them.
    page = (site / "etablissements" / COUNTED / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="alternate" type="application/atom+xml" title="{counted.feed.title}" ' \
           f'href="../../flux/etablissements/{COUNTED}.xml">' in page
    assert 'type="application/atom+xml">Suivre les modifications de cette page (flux Atom)</a>' in page


def test_changed_calendar_events_get_a_higher_sequence(staff_year):
    site = staff_year["after_second"] / "2022"
    day = published_day("2022-04-04").strftime("%Y%m%d")
    ics = (site / "agenda" / "session.ics").read_bytes().decode("utf-8")
    e3 = event(ics, "ecrit-e3")
    assert "SEQUENCE:1\r\n" in e3 and f"LAST-MODIFIED:{day}T000000Z" in e3 and f"DTSTAMP:{day}T000000Z" in e3
    assert "DTSTART;TZID=Europe/Paris:20220519T140000" in e3
    for unchanged in ("oral-e4-1", "resultats", "depot-dossiers"):
        block = event(ics, unchanged)
        assert "SEQUENCE:0\r\n" in block and "LAST-MODIFIED:20220128T000000Z" in block, unchanged
    # The third publication changed the place of the writtens at Lycée Gabriel Péri: one more revision in the
    # calendars that place them there, none in the others.
    later = staff_year["after_third"] / "2022" / "agenda"
    there = (later / "centres" / "gabriel-peri.ics").read_bytes().decode("utf-8")
    assert "SEQUENCE:2\r\n" in event(there, "ecrit-e3") and "SEQUENCE:2\r\n" in event(there, "ecrit-e1")
    elsewhere = (later / "etablissements" / f"{ELSEWHERE}.ics").read_bytes().decode("utf-8")
    assert "SEQUENCE:1\r\n" in event(elsewhere, "ecrit-e3") and "SEQUENCE:0\r\n" in event(elsewhere, "ecrit-e1")


def test_an_unconcerned_establishment_gets_no_new_entry(staff_year):
    before, after = staff_year["after_second"] / "2022", staff_year["after_third"] / "2022"
    for path in (f"flux/etablissements/{ELSEWHERE}.xml", f"etablissements/{ELSEWHERE}/index.html",
                 f"agenda/etablissements/{ELSEWHERE}.ics"):
        assert (before / path).read_bytes() == (after / path).read_bytes(), path
    assert len(feedparser.parse((after / f"flux/etablissements/{ELSEWHERE}.xml").read_bytes()).entries) == 2
    concerned = feedparser.parse((after / f"flux/etablissements/{AT_PERI}.xml").read_bytes())
    assert len(concerned.entries) == 3 and "4 rue du Lycée" in concerned.entries[0].content[0].value
    assert len(feedparser.parse((after / "flux/session.xml").read_bytes()).entries) == 3


def test_rebuilding_the_published_commit_gives_the_published_bytes(staff_year, tmp_path):
    repo = tmp_path / "again"
    git(tmp_path, "clone", "-q", str(staff_year["remote"]), str(repo))
    git(repo, "checkout", "-q", staff_year["published_commit"])
    env = {**mkdocs_env(), "HANDBOOK_SESSION": "2022", "HANDBOOK_SITE_URL": f"{SITE_URL}2022/"}
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")], cwd=repo,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    published = staff_year["after_second"] / "2022"
    rebuilt = {str(p.relative_to(tmp_path / "site")): p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    different = [name for name, data in rebuilt.items() if (published / name).read_bytes() != data]
    assert not different, different


def test_the_note_is_visible_on_a_phone_and_axe_finds_nothing(staff_year, browser):
    axe = Axe()
    with serve(staff_year["after_second"]) as root:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        for path in ("2022/ecrits/", f"2022/etablissements/{COUNTED}/"):
            page.goto(root + path)
            page.wait_for_load_state("load")
            note = page.locator(".handbook-changed")
            assert note.is_visible(), path
            box = note.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
            assert box["y"] < PHONE["height"], "at the top: on the first screen"
            assert "Modifié le" in note.inner_text()
            results = axe.run(page, options=AXE_OPTIONS)
            assert results.violations_count == 0, f"{path} :\n{axe_report(results)}"
        context.close()


def test_a_refused_push_takes_the_entry_back_and_publishes_nothing(tmp_path):
    # Someone pushed to main meanwhile: the change log's commit cannot go out, so neither does the site,
    # and the entry is taken back (after a pull, the next publication records the changes once).
    repo, remote = pushed_repository(tmp_path)
    publish(repo, "2022-03-01")
    published = git(remote, "rev-parse", "gh-pages")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", "-b", "main", str(remote), str(other))
    (other / "NOTES.txt").write_text("autre poste\n", encoding="utf-8")
    git(other, "add", "-A")
    git(other, "commit", "-q", "-m", "Autre poste")
    git(other, "push", "-q", "origin", "main")
    edit(repo / "data" / "2022" / "calendar.yml", "  - exam: e3\n    date: 2022-05-16", "  - exam: e3\n    date: 2022-05-19")
    git(repo, "commit", "-q", "-am", "Date de E3")
    head = git(repo, "rev-parse", "HEAD")
    result = handbook(repo, "publish", "2022", "--skip-tests", "--site-url", SITE_URL, day="2022-04-04")
    assert result.returncode == 1
    assert "Envoi de la branche main (journal des modifications) vers origin refusé" in result.stderr
    assert "git pull --rebase, puis relancez la publication" in result.stderr
    assert "entrée retirée" in result.stdout
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""
    assert git(remote, "rev-parse", "gh-pages") == published


# The remote's own refusal of the site's branch (a branch protection, missing rights): what a pre-receive hook says.
REFUSE_GH_PAGES = """#!/bin/sh
while read old new ref; do
  if [ "$ref" = refs/heads/gh-pages ]; then echo "gh-pages : écriture refusée par le serveur" >&2; exit 1; fi
done
"""


def test_a_refused_site_push_sends_no_entry_and_the_retry_publishes(tmp_path):
    # The remote accepts main but refuses gh-pages: the change log's entry must not go online for a site that did
    # not, staff are told in French what happened and what to do, and the same command, run again once the remote
    # accepts, publishes the site and says so.
    repo, remote = pushed_repository(tmp_path)
    publish(repo, "2022-03-01")
    published, main = git(remote, "rev-parse", "gh-pages"), git(remote, "rev-parse", "main")
    edit(repo / "data" / "2022" / "calendar.yml", "  - exam: e3\n    date: 2022-05-16", "  - exam: e3\n    date: 2022-05-19")
    git(repo, "commit", "-q", "-am", "Date de E3")
    head = git(repo, "rev-parse", "HEAD")
    hook = remote / "hooks" / "pre-receive"
    hook.write_text(REFUSE_GH_PAGES, encoding="utf-8")
    hook.chmod(0o755)
    refused = handbook(repo, "publish", "2022", "--skip-tests", "--site-url", SITE_URL, day="2022-04-04")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    said = refused.stdout + refused.stderr
    assert "Traceback" not in said and "failed to push" not in said, said
    assert "gh-pages : écriture refusée par le serveur" in refused.stderr, "the server's own reason is shown"
    assert "le site (branche gh-pages) n'a pas été envoyé" in refused.stderr, refused.stderr
    assert "l'entrée du journal des modifications non plus" in refused.stderr, refused.stderr
    assert "relancez la même commande" in refused.stderr, refused.stderr
    assert "entrée retirée" in refused.stdout
    # Nothing went out: neither the entry on main nor the site; the repository is back at the staff's commit.
    assert git(remote, "rev-parse", "main") == main and git(remote, "rev-parse", "gh-pages") == published
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""
    # The remote accepts again: the same command publishes, and says so truthfully.
    hook.unlink()
    again = handbook(repo, "publish", "2022", "--skip-tests", "--site-url", SITE_URL, day="2022-04-04")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Session 2022 publiée dans la branche gh-pages, envoyée vers origin" in again.stdout, again.stdout
    assert "déjà en ligne" not in again.stdout
    assert git(remote, "rev-parse", "gh-pages") != published
    assert git(remote, "rev-parse", "main") == git(repo, "rev-parse", "HEAD")
    log = git(remote, "show", "main:data/2022/changelog.yml")
    assert log.count("- date:") == 2, "the correction is recorded once, with its site"
    assert "19 mai 2022" in git(remote, "show", "gh-pages:2022/modifications/index.html")


def test_a_page_shows_its_latest_correction_only_and_links_the_earlier_ones(tmp_path):
    # Two corrections of E1's start on one morning stacked two notes over the day's card on a phone, the older one
    # still saying « 14 h → 13 h 30 », which the later replaced (staff review): the latest alone, the rest a link away.
    project = copy_project(tmp_path / "project")

    def correction(day: str, commit: str, text: str) -> dict:
        return {"date": day, "commit": commit * 40, "changes": [
            {"subject": "E1 (écrit)", "text": text, "pages": ["ecrits.md", f"etablissements/{COUNTED}.md"],
             "establishments": [COUNTED], "key_dates": ["ecrit-e1"]}]}
    log = {"entries": [{"date": "2022-03-01", "commit": "a" * 40},
                       correction("2022-04-04", "b", "début 14 h → 13 h 30"),
                       correction("2022-04-05", "c", "début 13 h 30 → 13 h")]}
    (project / "data" / "2022" / "changelog.yml").write_text(yaml.safe_dump(log, allow_unicode=True), encoding="utf-8")
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")], cwd=project,
                            env=mkdocs_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "etablissements" / COUNTED / "index.html").read_text(encoding="utf-8")
    note = re.search(r'<div class="admonition note handbook-changed" role="note">(.*?)</div>', page, flags=re.S)
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", note.group(1))))
    assert text.count("Modifié le") == 1 and "Modifié le 5 avril 2022 : E1 (écrit) : début 13 h 30 → 13 h" in text, text
    assert "14 h → 13 h 30" not in text and "4 avril 2022" not in text, text
    assert "1 modification antérieure de cette page" in text, text
    assert re.search(r'href="(\.\./)+modifications/#publication-3"', note.group(1)), note.group(1)
