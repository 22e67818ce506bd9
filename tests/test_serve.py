"""`mkdocs serve` as staff preview with it: rebuilt on a data edit (watch: data), never stuck on an error.

A data or page error while serving is shown in the browser, with the terminal's French message (file,
line, field), and the page reloads by itself once the file is fixed; `mkdocs build --strict` still fails.
"""

from __future__ import annotations

import signal
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import BIN, build, free_port, mkdocs_env, serve

pytestmark = [pytest.mark.e2e, pytest.mark.offline_worker]

PHONE = "05 36 25 71 28"
ERROR_TITLE = "Le site n'a pas pu être reconstruit"


def fetch(url: str) -> str:
    """The page's text as served, error statuses included; empty if the server does not answer within 5 s."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@contextmanager
def serving(project: Path, log: Path, port: int | None = None):
    """`mkdocs serve --strict` (as `tasks.py serve` runs it) of a project copy on a port (a free one unless given);
    its terminal goes to log. It builds in a temporary folder of the test's own (TMPDIR): a server stopped otherwise
    than by Ctrl+C leaves it behind, and it went to /tmp at every run. Stopped by Ctrl+C, as staff stop it, unless the
    run ignores Ctrl+C (a job started in the background by a script), then terminated."""
    port = port or free_port()
    temporary = log.parent / "serve-tmp"
    temporary.mkdir(exist_ok=True)
    with log.open("w", encoding="utf-8") as terminal:
        server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                                  env={**mkdocs_env(), "TMPDIR": str(temporary)}, stdout=terminal, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/"
            assert wait_for(lambda: PHONE in fetch(url + "contacts/"), 90), "la page n'a pas été servie"
            yield url
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.terminate()
                server.wait(timeout=30)


def edit(path: Path, old: str, new: str) -> str:
    """Replace old by new in a file; return the file's previous text, to restore it."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_serve_rebuilds_after_a_data_edit(project, tmp_path):
    with serving(project, tmp_path / "serve.log") as url:
        # It builds in the test's own temporary folder, not in /tmp (see serving).
        assert [folder.name[:len("mkdocs_")] for folder in (tmp_path / "serve-tmp").iterdir()] == ["mkdocs_"]
        edit(project / "data" / "2022" / "contacts.yml", PHONE, "05 36 25 99 99")
        assert wait_for(lambda: "05 36 25 99 99" in fetch(url + "contacts/"), 90), "la page n'a pas été reconstruite"


def test_data_error_is_shown_promptly_then_the_fixed_site_returns(project, tmp_path):
    contacts = project / "data" / "2022" / "contacts.yml"
    with serving(project, tmp_path / "serve.log") as url:
        good = edit(contacts, f"phone: {PHONE}", f"telephone: {PHONE}")
        assert wait_for(lambda: ERROR_TITLE in fetch(url + "contacts/"), 60), "l'erreur n'est pas affichée"
        started = time.monotonic()
        page = fetch(url + "contacts/")
        assert time.monotonic() - started < 5  # answered, not held until a rebuild succeeds
        message = "data/2022/contacts.yml:6: contacts[0].telephone: clé inconnue « telephone »"
        assert message in page and '<html lang="fr">' in page
        said = (tmp_path / "serve.log").read_text(encoding="utf-8").count(message)
        assert said   # the terminal says the same
        for other in ("", "calendrier/", "centres/pierre-d-aragon/", "nulle-part/"):
            assert message in fetch(url + other), other
        contacts.write_text(good, encoding="utf-8")
        assert wait_for(lambda: PHONE in fetch(url + "contacts/"), 60), "le site corrigé n'est pas revenu"
        assert "lundi 16 mai 2022" in fetch(url + "calendrier/")

        # The same mistake made again: its message again, in the page and in the terminal (MkDocs logs a message
        # of its build once per process, so the page said only « Abort » and the terminal nothing).
        edit(contacts, f"phone: {PHONE}", f"telephone: {PHONE}")
        assert wait_for(lambda: ERROR_TITLE in fetch(url + "contacts/"), 60), "l'erreur n'est pas affichée"
        assert message in fetch(url + "contacts/") and "Abort" not in fetch(url + "contacts/")
        assert (tmp_path / "serve.log").read_text(encoding="utf-8").count(message) == 2 * said
        contacts.write_text(good, encoding="utf-8")
        assert wait_for(lambda: PHONE in fetch(url + "contacts/"), 60), "le site corrigé n'est pas revenu"

        # A warning that strict mode makes fatal (a link to a missing page) is shown the same way.
        good_page = edit(project / "docs" / "contacts.md", "\n", "\nVoir [la page disparue](disparue.md).\n")
        assert wait_for(lambda: "disparue.md" in fetch(url + "calendrier/"), 60), "l'avertissement n'est pas affiché"
        assert "Avertissement (bloquant en mode strict)" in fetch(url + "calendrier/")
        (project / "docs" / "contacts.md").write_text(good_page, encoding="utf-8")
        assert wait_for(lambda: "lundi 16 mai 2022" in fetch(url + "calendrier/"), 60), "le site corrigé n'est pas revenu"


def test_strict_build_still_fails_on_the_same_error(project, tmp_path):
    edit(project / "data" / "2022" / "contacts.yml", f"phone: {PHONE}", f"telephone: {PHONE}")
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "data/2022/contacts.yml:6: contacts[0].telephone: clé inconnue « telephone »" in result.stderr
    assert ERROR_TITLE not in result.stderr + result.stdout and "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "contacts").exists()


def test_browser_shows_the_error_and_reloads_by_itself(project, tmp_path, browser, screenshot):
    contacts, page_source = project / "data" / "2022" / "contacts.yml", project / "docs" / "contacts.md"
    with serving(project, tmp_path / "serve.log") as url:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        try:
            page.goto(url + "contacts/")
            page.wait_for_selector(f"text={PHONE}")

            # A data error: the open page turns into the error page without anyone reloading it.
            good_data = edit(contacts, f"phone: {PHONE}", f"telephone: {PHONE}")
            page.wait_for_selector(f"h1:has-text(\"{ERROR_TITLE}\")", timeout=60_000)
            assert "data/2022/contacts.yml:6: contacts[0].telephone" in page.locator("pre").inner_text()
            screenshot(page, "serve-error-375")
            contacts.write_text(good_data, encoding="utf-8")
            page.wait_for_selector(f"text={PHONE}", timeout=60_000)

            # A template error in a page: the same, at the page's own line.
            good_page = edit(page_source, "\n", "\n{{ session.inconnu }}\n")
            page.wait_for_selector(f"h1:has-text(\"{ERROR_TITLE}\")", timeout=60_000)
            assert "docs/contacts.md:2" in page.locator("pre").inner_text()
            page_source.write_text(good_page, encoding="utf-8")
            page.wait_for_selector(f"text={PHONE}", timeout=60_000)
            assert page.url == url + "contacts/"
            # No offline worker in the preview: it would stand between the page and the server (test_offline.py).
            assert page.evaluate("navigator.serviceWorker.getRegistrations().then(all => all.length)") == 0
        finally:
            page.close()
    # The preview has no published sessions to list: no session menu, so no request for versions.json (a 404
    # warning in the terminal on every page before).
    assert "versions.json" not in (tmp_path / "serve.log").read_text(encoding="utf-8")


def test_the_preview_publishes_no_offline_worker_and_removes_one_left_there(project, tmp_path):
    # `mkdocs serve` builds with the same hooks but without extra.offline (hooks/preview.py): no sw.js, no
    # registration; a worker left on the same address by a built site is unregistered, so live reload reaches
    # the server. The same project built has them all (test_offline.py).
    with serving(project, tmp_path / "serve.log") as url:
        try:
            urllib.request.urlopen(url + "sw.js", timeout=5)
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 404
        raw = fetch(url + "etablissements/lgt-marcelin-berthelot/")
        assert "Mes épreuves" in raw
        assert ".register(" not in raw and "handbook-offline" not in raw and "offline.js" not in raw
        assert "navigator.serviceWorker.getRegistrations()" in raw and "registration.unregister()" in raw



def test_the_preview_unregisters_a_worker_a_built_site_left_on_its_address(project, site, browser, tmp_path):
    # Staff looked at a built site on 127.0.0.1:PORT, then preview on the same address: the built site's offline
    # worker still controls the page, and would keep answering; the preview's page unregisters it.
    port = free_port()
    context = browser.new_context()
    page = context.new_page()
    registrations = "navigator.serviceWorker.getRegistrations().then(all => all.length)"
    with serve(site, port) as url:
        page.goto(url + "etablissements/lgt-marcelin-berthelot/", wait_until="load")
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=20_000)
        assert page.evaluate(registrations) == 1
    with serving(project, tmp_path / "serve.log", port=port):
        page.reload(wait_until="load")
        assert "Mes épreuves" in page.locator("article").inner_text()
        assert wait_for(lambda: page.evaluate(registrations) == 0, 15), "le worker de la construction est resté inscrit"
        page.reload(wait_until="load")
        assert page.evaluate("navigator.serviceWorker.controller") is None
    context.close()


@pytest.mark.parametrize("command", ["build", "serve"])
def test_dirty_rebuilds_are_refused_in_french_before_anything_is_written(project, tmp_path, command):
    # --dirty rebuilds only the pages whose docs/ file changed: after a data edit the preview would show old facts.
    where = ["--site-dir", str(tmp_path / "site")] if command == "build" else ["--dev-addr", f"127.0.0.1:{free_port()}"]
    result = subprocess.run([str(BIN / "mkdocs"), command, "--dirty", *where], cwd=project, env=mkdocs_env(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "l'option --dirty n'est pas prise en charge" in result.stderr
    assert "relancez la commande sans --dirty" in result.stderr and "python3 tasks.py serve" in result.stderr
    if command == "build":
        assert not (tmp_path / "site").exists()

