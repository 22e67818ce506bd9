"""`python3 tasks.py …`, the README's one way to run every command: French, from anywhere, and a site/ never half-built.

Run in a copy of the project whose .venv is this one's (same requirements, so nothing is installed).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, free_port, mkdocs_env, tasks

pytestmark = pytest.mark.e2e

PHONE = "05 36 25 71 28"


def snapshot(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def leftovers(project: Path) -> list[str]:
    return sorted(path.name for path in project.iterdir() if path.name.startswith(".site-"))


def test_usage_is_french_and_lists_every_command(checkout):
    result = tasks(checkout)
    assert result.returncode == 2
    for command in ("serve", "build", "check", "diff", "new-session", "publish", "test"):
        assert f"python3 tasks.py {command}" in result.stdout
    assert "Commandes du projet" in result.stdout


def test_an_unknown_command_is_named_before_the_list(checkout):
    result = tasks(checkout, "difff")
    assert result.returncode == 2 and "commande inconnue « difff »" in result.stderr
    assert "python3 tasks.py diff" in result.stdout
    asked = tasks(checkout, "--help")
    assert asked.returncode == 0 and "python3 tasks.py diff" in asked.stdout and asked.stderr == ""


@pytest.mark.parametrize("command", ["serve", "build"])
def test_serve_and_build_help_is_french_and_builds_nothing(checkout, command):
    # « serve --help » built the whole site, then printed MkDocs' help in English (staff review).
    result = tasks(checkout, command, "--help")
    assert result.returncode == 0 and f"python3 tasks.py {command} [SESSION]" in result.stdout, result.stdout
    assert "mode strict" in result.stdout and "Usage:" not in result.stdout
    assert not (checkout / "site").exists() and not leftovers(checkout)


def test_serve_reads_the_address_in_every_spelling_mkdocs_takes(checkout):
    # --dev-addr=…, -a… : the preview's own check must probe the address MkDocs will use, not 8000.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        for spelling in (f"--dev-addr={address}", f"-a{address}"):
            result = tasks(checkout, "serve", spelling)
            assert result.returncode == 1 and f"L'adresse {address} est déjà prise" in result.stderr, spelling


def test_serve_on_a_taken_address_says_so_in_french(checkout):
    # A second preview while the first runs: MkDocs would stop on « OSError: [Errno 98] Address already in use ».
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        result = tasks(checkout, "serve", "--dev-addr", address)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"L'adresse {address} est déjà prise : un aperçu tourne sans doute déjà" in result.stderr


def test_ctrl_c_ends_the_preview_in_french_and_leaves_nothing_behind(checkout, tmp_path):
    """Staff stop the preview with Ctrl+C, which the terminal sends to tasks.py and MkDocs alike: one French line, no
    traceback, and MkDocs has the time to remove its temporary copy of the site. Every line MkDocs says is French."""
    port = free_port()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {name: value for name, value in mkdocs_env().items() if name != "NO_MKDOCS_2_WARNING"}
    preview = subprocess.Popen([sys.executable, str(checkout / "tasks.py"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=checkout, env={**env, "TMPDIR": str(temporary)}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while PHONE not in served(f"http://127.0.0.1:{port}/contacts/"):
            assert preview.poll() is None and time.monotonic() < deadline, "l'aperçu n'a pas été servi"
            time.sleep(0.3)
        assert any(temporary.iterdir())   # MkDocs' copy of the site, served from there
        os.killpg(preview.pid, signal.SIGINT)   # what Ctrl+C in the terminal does: the whole foreground group
        out, err = preview.communicate(timeout=60)
    finally:
        if preview.poll() is None:
            os.killpg(preview.pid, signal.SIGKILL)
            preview.wait()
    assert preview.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert err.rstrip().endswith("Arrêté (Ctrl+C)."), err
    said = out + err
    assert f"Aperçu sur http://127.0.0.1:{port}/ (Ctrl+C pour l'arrêter)" in said and "Arrêt de l'aperçu…" in said
    assert not re.search(r"Building|Cleaning|Documentation built|Watching|Serving|Shutting", said), said
    assert list(temporary.iterdir()) == []


def served(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def test_build_replaces_site_only_when_the_build_succeeds(checkout):
    site = checkout / "site"
    first = tasks(checkout, "build")
    assert first.returncode == 0, first.stderr
    assert "Site construit dans site/." in first.stdout and "end of life" not in first.stdout + first.stderr
    good = snapshot(site)
    assert "contacts/index.html" in good and len(good) > 100

    # Passes the data check, fails later: strict mode stops on a link to a missing page.
    page = checkout / "docs" / "contacts.md"
    page_text = page.read_text(encoding="utf-8")
    page.write_text(page_text + "\nVoir [la page disparue](disparue.md).\n", encoding="utf-8")
    broken = tasks(checkout, "build")
    assert broken.returncode != 0
    assert "disparue.md" in broken.stderr and "site/ garde la dernière construction réussie" in broken.stderr
    assert "en mode strict, un avertissement (WARNING) arrête la construction" in broken.stderr
    assert "Aborted" not in broken.stdout + broken.stderr, "MkDocs' English last line is not passed on to staff"
    assert snapshot(site) == good and leftovers(checkout) == []

    # A data error stops it earlier: the same.
    page.write_text(page_text, encoding="utf-8")
    contacts = checkout / "data" / "2022" / "contacts.yml"
    contacts_text = contacts.read_text(encoding="utf-8")
    contacts.write_text(contacts_text.replace(f"phone: {PHONE}", f"telephone: {PHONE}"), encoding="utf-8")
    refused = tasks(checkout, "build")
    assert refused.returncode != 0 and "data/2022/contacts.yml:6: contacts[0].telephone" in refused.stderr
    assert "Construction échouée (message ci-dessus) : site/" in refused.stderr
    assert "Aborted" not in refused.stdout + refused.stderr and "mode strict" not in refused.stderr
    assert snapshot(site) == good and leftovers(checkout) == []

    # Fixed and changed: the new site replaces the old one, whole.
    contacts.write_text(contacts_text.replace(PHONE, "05 36 25 99 99"), encoding="utf-8")
    again = tasks(checkout, "build")
    assert again.returncode == 0, again.stderr
    assert "05 36 25 99 99" in (site / "contacts" / "index.html").read_text(encoding="utf-8")
    assert set(snapshot(site)) == set(good) and leftovers(checkout) == []


def test_check_and_new_session_run_from_any_folder(checkout, tmp_path):
    checked = tasks(checkout, "check", cwd=tmp_path)
    assert checked.returncode == 0 and "Données de la session 2022 valides" in checked.stdout
    # Not a check of the pages: staff who edited one are sent to the build.
    assert "Les pages (docs/ et templates/) ne sont pas lues ici : python3 tasks.py build" in checked.stdout
    drafted = tasks(checkout, "new-session", cwd=checkout / "docs")
    assert drafted.returncode == 0, drafted.stderr
    assert "Session 2023 créée dans data/2023/" in drafted.stdout
    assert (checkout / "data" / "2023" / "session.yml").is_file()
    # What comes next, and what the list of values to confirm leaves out: establishments, counts, centres and contacts
    # were copied as they are, and a staff reviewer took the list for all there was to confirm.
    for step in ("sources/2023/", "python3 tasks.py serve 2023", "python3 tasks.py check 2023",
                 "n'est pas dans la liste", "establishments.yml", "centres.yml", "contacts.yml"):
        assert step in drafted.stdout, step
    help_text = tasks(checkout, "publish", "--help").stdout
    assert help_text.startswith("utilisation : handbook publish") and "afficher cette aide et quitter" in help_text
    assert "usage:" not in help_text and "show this help" not in help_text


def test_handbook_check_finds_the_project_from_a_sub_folder_and_paths_stay_readable(checkout):
    contacts = checkout / "data" / "2022" / "contacts.yml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace(f"phone: {PHONE}", f"telephone: {PHONE}"), encoding="utf-8")
    handbook = str(ROOT / ".venv" / "bin" / "handbook")
    from_root = subprocess.run([handbook, "check"], cwd=checkout, capture_output=True, text=True, env=mkdocs_env())
    from_docs = subprocess.run([handbook, "check"], cwd=checkout / "docs" / "assets", capture_output=True, text=True, env=mkdocs_env())
    assert from_root.returncode == from_docs.returncode == 1
    assert "data/2022/contacts.yml:6: contacts[0].telephone" in from_root.stderr
    # From a sub-folder, the file is named as in the project (and in the README), not by an absolute path.
    assert from_docs.stderr == from_root.stderr
    outside = subprocess.run([handbook, "check"], cwd=checkout.parent, capture_output=True, text=True, env=mkdocs_env())
    assert outside.returncode == 1 and "aucun projet de manuel trouvé" in outside.stderr and "Traceback" not in outside.stderr


def test_diff_names_the_other_sessions_it_did_not_compare(checkout):
    # Once 2023 exists, diff compares it alone: a correction of 2022 needs --session 2022, and diff says so.
    assert tasks(checkout, "new-session").returncode == 0
    result = tasks(checkout, "diff")
    assert result.returncode == 0, result.stderr
    assert "Session 2023" in result.stdout and "pour une autre : python3 tasks.py diff --session 2022" in result.stdout
    alone = tasks(checkout, "diff", "--session", "2022")
    assert "Session 2022" in alone.stdout and "pour une autre" not in alone.stdout
    # As check, serve, build and publish take it: `diff 2022` was read as a commit named « 2022 » (staff review).
    named = tasks(checkout, "diff", "2022")
    assert named.returncode == 0, named.stderr
    assert named.stdout == alone.stdout
