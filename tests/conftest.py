"""Shared fixtures: the frozen 2022 session, a built site, copies of the project to break, a browser.

Hermetic: HANDBOOK_* variables of the calling environment (a CI job's HANDBOOK_SITE_URL, a staff
member's HANDBOOK_SESSION) are dropped before any test runs, and copies of the project hold only the
sessions a test names, whatever data/ holds; a test that needs a variable sets it itself.
"""

from __future__ import annotations

import fcntl
import hashlib
import html
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest
from site_pages import COUNT_ANSWERS

from handbook.project import SITE_SOURCES as PROJECT_PARTS

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# The project's variables (mkdocs.yml's !ENV, handbook publish): none leaks in from outside.
OWN_VARIABLES = "HANDBOOK_"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "screenshots"
# The sessions the tests build, frozen: 2022 as transcribed from its circular, 2023 a fictitious confirmed one. The
# tests pin their facts (a date, an address, a count), so they test the code; the exam office's corrections to
# data/ never break them (the live data is checked by handbook check and tests/test_live_data.py).
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
CIRCULAR_2022 = FIXTURE_DATA / "2022"


def pytest_addoption(parser) -> None:
    parser.addoption("--screenshots", action="store_true",
                     help="write the pictures that browser tests take, to look at, into screenshots/ (none without it)")


def pytest_configure(config) -> None:
    # Before anything is built: the suite sees no HANDBOOK_* variable of the shell or CI job that runs it.
    for name in [name for name in os.environ if name.startswith(OWN_VARIABLES)]:
        del os.environ[name]


def pytest_itemcollected(item) -> None:
    # Every test that drives Chromium (the browser fixture, directly or through another fixture) is a browser test.
    if "browser" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items) -> None:
    # Once -m and -k have chosen: the tests that read the shared build run after the others, which run while it
    # is made (shared_build_early).
    items.sort(key=lambda item: "site" in item.fixturenames)


# Modules whose tests share one publication sequence (module fixtures holding git repositories, and the port the
# published site is built for and served on): under xdist each runs whole, in order, on one worker.
ONE_WORKER_MODULES = ("tests/test_publish.py", "tests/test_changes.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    # The default distribution (-n without --dist): every test its own unit of work, except ONE_WORKER_MODULES.
    # (xdist's own --dist loadgroup cannot group here: it renames node ids in a way pytest 9 no longer reads.)
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class WholeModulesOnly(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER_MODULES else nodeid

    return WholeModulesOnly(config, log)


def mkdocs_env(**variables: str) -> dict[str, str]:
    """The environment of a tool run by a test: the venv's tools first, no outside HANDBOOK_*, plus what the test sets."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(OWN_VARIABLES)}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **variables}


def copy_project(target: Path, sessions: tuple[str, ...] = ("2022",), data: Path = FIXTURE_DATA) -> Path:
    """A throwaway copy of the sources (not .venv, not site/) that a test may break; its data/ holds only `sessions`,
    copied from the frozen fixtures unless `data` names another folder (tests/test_live_data.py: the office's data/)."""
    target.mkdir(parents=True, exist_ok=True)
    ignored = shutil.ignore_patterns("__pycache__", "*.egg-info", ".mypy_cache", ".ruff_cache")
    for part in PROJECT_PARTS:
        source = ROOT / part
        if part == "data":
            for name in sessions:
                shutil.copytree(data / name, target / part / name, ignore=ignored)
        elif source.is_dir():
            shutil.copytree(source, target / part, ignore=ignored)
        else:
            shutil.copy2(source, target / part)
    shutil.copy2(ROOT / ".gitignore", target / ".gitignore")   # as in the repository: builds leave .cache/ untracked
    seed_cache(target)
    return target


# The folder of the shared build (made_once "build-2022"), once the run has started it.
SHARED_BUILD: dict[str, Path] = {}


def seed_cache(target: Path) -> None:
    """The shared build's .cache/ (downloads and compiled templates) copied into a copy of the project, once that build
    is done: a test's build then makes only what its own edits change, as the exam office's next build does. The cache
    is keyed by all that each file reads (code and libraries too), so no entry can stand for a file it would not be."""
    folder = SHARED_BUILD.get("folder")
    if folder is not None and folder.with_name(f"{folder.name}.done").exists() and not (target / ".cache").exists():
        shutil.copytree(folder / "project" / ".cache", target / ".cache")


def build(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project folder, as staff and CI run it."""
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site), *extra],
                          cwd=project, env=mkdocs_env(), capture_output=True, text=True, timeout=600)


def page_text(page: Path) -> str:
    """What a reader sees of a built page: tags dropped, entities decoded, spaces folded."""
    raw = page.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    return re.sub(r"\s+", " ", text).strip()


def main_text(page: Path) -> str:
    """The text of the page's article only (no nav, no footer)."""
    raw = page.read_text(encoding="utf-8")
    match = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', raw, flags=re.S)
    body = match.group(1) if match else raw
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def read_text(page: Path) -> str:
    """The page's article as a reader reads it: main_text without the space a tag left before « ) » or « . » (after a
    link) nor the headings' link mark « ¶ »."""
    return re.sub(r" ([).])", r"\1", main_text(page).replace(" ¶", ""))


@pytest.fixture(scope="session")
def session():
    from handbook.load import load_session
    return load_session(CIRCULAR_2022)


def module_from_file(path: Path, name: str | None = None) -> ModuleType:
    """A module imported from its file, once per run: a script of scripts/ or a hook of hooks/ (neither is a
    package). `name`: its name in sys.modules (default: the file's stem)."""
    name = name or path.stem
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None, path
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def synthetic_module() -> ModuleType:
    """scripts/synthetic_session.py."""
    return module_from_file(ROOT / "scripts" / "synthetic_session.py")


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    """A synthetic session (40 centres, 160 establishments): centres writing for several lines, lines split
    over two centres, orals held in many centres."""
    from handbook.load import load_session
    target = tmp_path_factory.mktemp("data") / "2022"
    folder = synthetic_module().write_session(target, centres=40, establishments=160, seed=3, reference=CIRCULAR_2022)
    return load_session(folder)


def run_folder(tmp_path_factory) -> Path:
    """The run's own temporary folder, shared by its xdist workers."""
    run = tmp_path_factory.getbasetemp()
    return run.parent if os.environ.get("PYTEST_XDIST_WORKER") else run   # each worker's folder is inside the run's


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once per test run, however many xdist workers run it: the first worker that needs it makes
    it (under a file lock) while the others wait, then they all read it. Tests never change it."""
    run = run_folder(tmp_path_factory)
    folder, done = run / name, run / f"{name}.done"
    with (run / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.touch()
    return folder


def build_edited(work: Path, file: str, old: str, new: str) -> None:
    """The 2022 project with one text of one of its files replaced (it must be there), built strictly into work/site:
    a variant of the site that tests read without changing it (made once per run with made_once)."""
    project = copy_project(work / "project")
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} absent de {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = build(project, work / "site")
    assert result.returncode == 0, result.stderr


def build_2022(work: Path) -> None:
    project = copy_project(work / "project")
    result = build(project, work / "site")
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The 2022 handbook built once per test run, strictly, from a copy of the sources."""
    return made_once(tmp_path_factory, "build-2022", build_2022) / "site"


@pytest.fixture(scope="session", autouse=True)
def shared_build_early(request, tmp_path_factory):
    """When some test of the run reads the shared build, it is started with the run, in the background: the tests
    that need no build (sorted first) run meanwhile; `site` then waits for it if it is not done yet."""
    if not any("site" in item.fixturenames for item in request.session.items):
        yield
        return
    SHARED_BUILD["folder"] = run_folder(tmp_path_factory) / "build-2022"   # made here, once: pytest creates the
    # run's folder on first use, which two threads may race to
    maker = threading.Thread(target=made_once, args=(tmp_path_factory, "build-2022", build_2022), daemon=True)
    maker.start()
    yield
    maker.join()    # never leave a build running behind the run


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A copy of the project with tasks.py and the lock files, sharing this checkout's virtual environment."""
    project = copy_project(tmp_path / "project")
    for name in ("tasks.py", "requirements.txt", "requirements.in", "pyproject.toml"):
        (project / name).write_bytes((ROOT / name).read_bytes())
    (project / ".venv").symlink_to(ROOT / ".venv")
    # setup() must find the environment up to date, or it would reinstall this checkout's .venv from the copy.
    digest = hashlib.sha256((project / "requirements.txt").read_bytes() + (project / "pyproject.toml").read_bytes()).hexdigest()
    assert (ROOT / ".venv" / ".installed").read_text() == digest
    return project


def tasks(project: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python3 tasks.py …` as staff type it (here from cwd, by default the project folder)."""
    env = {name: value for name, value in mkdocs_env().items() if name != "NO_MKDOCS_2_WARNING"}  # tasks.py sets it
    return subprocess.run([sys.executable, str(project / "tasks.py"), *args], cwd=cwd or project, env=env,
                          capture_output=True, text=True, timeout=600)


class _QuietHandler(SimpleHTTPRequestHandler):
    replaced: dict[str, bytes] = {}
    no_store = False     # answers the browser may not keep in its HTTP cache (offline tests: only workers keep)
    max_age = 0          # or may use without asking for so many seconds, as GitHub Pages lets it (600)
    paused_before = b""  # a page's HTML sent in two parts, PAUSE apart, cut before these bytes (a phone's network)
    PAUSE = 0.4

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        if self.no_store:
            self.send_header("Cache-Control", "no-store")
        elif self.max_age:
            self.send_header("Cache-Control", f"max-age={self.max_age}")
        super().end_headers()

    def do_GET(self) -> None:
        body = self.replaced.get(self.path.split("?")[0])
        if body is None and self.paused_before and self._sent_in_two_parts():
            return None
        if body is None:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


    def _sent_in_two_parts(self) -> bool:
        # A page holding `paused_before`: its bytes up to them, a pause, the rest; False for any other file.
        path = Path(self.translate_path(self.path))
        page = path / "index.html" if path.is_dir() else path
        body = page.read_bytes() if page.suffix == ".html" and page.is_file() else b""
        cut = body.find(self.paused_before)
        if cut < 0:
            return False
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")   # no length: the page ends when the connection does
        self.end_headers()
        self.wfile.write(body[:cut])
        self.wfile.flush()
        time.sleep(self.PAUSE)
        self.wfile.write(body[cut:])
        return True


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser that leaves a page while a file is still coming closes the connection: no fault of the site, and
        # the traceback would be printed over the run's progress. Any other error is printed as usual.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path, port: int = 0, replaced: dict[str, bytes] | None = None, no_store: bool = False, max_age: int = 0,
          paused_before: bytes = b""):
    """A folder served on a loopback port (a free one unless given), for as long as the block runs, then refusing
    connections; `replaced` gives other bytes for some of its addresses (the site's own path,
    /search/search_index.json); `no_store` marks every answer not to be kept in the browser's HTTP cache, `max_age`
    lets the browser use it that many seconds without asking; `paused_before` sends a page holding those bytes in two
    parts, cut before them."""
    handler = type("Handler", (_QuietHandler,), {"replaced": replaced or {}, "no_store": no_store, "max_age": max_age,
                                                 "paused_before": paused_before})
    server = _QuietServer(("127.0.0.1", port), partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site):
    """The built site served on a free loopback port, its pages byte for byte, with one difference: Material's search
    worker, which every page starts, is given the index of the home page alone. Building the whole index costs
    Chromium about a quarter of each page load's work, and only a search reads it: a test that types in the search
    box uses `search_site_url` (here it would find nothing and fail)."""
    with serve(site, replaced={SEARCH_INDEX: one_page_index(site)}) as url:
        yield url


@pytest.fixture(scope="session")
def search_site_url(site):
    """The built site served as it is published, search index whole: for the tests that search."""
    with serve(site) as url:
        yield url


SEARCH_INDEX = "/search/search_index.json"


def one_page_index(site: Path) -> bytes:
    """The site's search index cut down to its first page (the home page): same settings, same worker."""
    index = json.loads((site / SEARCH_INDEX.lstrip("/")).read_text(encoding="utf-8"))
    index["docs"] = [doc for doc in index["docs"] if doc["location"].split("#")[0] == ""]
    assert index["docs"], "the home page is the index's first page"
    return json.dumps(index, ensure_ascii=False).encode("utf-8")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; under CI a missing browser fails, never skips."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium introuvable ({CHROMIUM}) : apt-get install -y chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, disabled_features()])
        yield Chromium(chromium)
        chromium.close()


# Run in every page of a context before the page's own scripts: the offline worker's registration never answers, as
# on a phone whose worker is still installing. The page is drawn as on a first visit (its « Garder » block shown),
# without the worker's install and its copy of every answer into the cache: about a quarter of a page load's CPU.
WORKER_NEVER_READY = ("navigator.serviceWorker && (navigator.serviceWorker.register ="
                      " function () { return new Promise(function () {}); });")


class Chromium:
    """Playwright's browser, whose pages register the real offline worker (docs/sw.js) only in the tests marked
    offline_worker (pytest_runtest_setup sets which): the others read pages, not what the worker keeps. A module
    fixture's pages take the mark of the test that first needs them: where a module's fixtures open pages for tests
    of the worker, the whole module is marked (test_offline.py, test_publish.py)."""

    real_worker = False   # the running test's mark, read when a context is made (module fixtures included)

    def __init__(self, browser) -> None:
        self.browser = browser

    def new_context(self, *, real_worker: bool | None = None, **options):
        context = self.browser.new_context(**options)
        prepare(context, Chromium.real_worker if real_worker is None else real_worker)
        return context

    def new_page(self, **options):
        # Playwright's own (a context of its own, closed with the page), given the scripts before it loads anything.
        page = self.browser.new_page(**options)
        prepare(page.context, Chromium.real_worker)
        return page

    def __getattr__(self, name: str):
        return getattr(self.browser, name)


def prepare(context, real_worker: bool) -> None:
    """The scripts every page of a context runs first: the search's answers counted (site_pages.search_for waits for
    the answer to its whole query), and the worker's registration stopped unless the test is of the worker."""
    context.add_init_script(COUNT_ANSWERS)
    if not real_worker:
        context.add_init_script(WORKER_NEVER_READY)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    # Before any fixture of the test is made: a module fixture's context is made for the test that first needs it.
    Chromium.real_worker = item.get_closest_marker("offline_worker") is not None


# Browser features no test needs: Chromium 156 loads the address bar's suggestion popup, two web pages of its own
# (chrome://omnibox-popup.top-chrome), into every new window, headless too: about half the CPU of a fresh context.
UNUSED_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")


def disabled_features() -> str:
    """Playwright's own --disable-features switch with UNUSED_FEATURES added: Chromium keeps only the last such
    switch, so ours repeats Playwright's list, read from its driver (an upgrade that changes it cannot be lost)."""
    import playwright
    bundle = Path(playwright.__file__).parent / "driver" / "package" / "lib" / "coreBundle.js"
    found = re.search(r"disabledFeatures = \[(.*?)\]\.filter\(Boolean\)", bundle.read_text(encoding="utf-8"), flags=re.S)
    listed = re.sub(r"//[^\n]*", "", found.group(1)) if found else ""
    own = re.findall(r'"(\w+)"', listed)
    # Anything but names and commas (a name given on a condition, say) is a shape this reading does not know.
    assert own and not re.sub(r'"\w+"|[\s,]', "", listed), \
        f"la liste disabledFeatures de Playwright a changé de forme dans {bundle} : mettez à jour conftest.py"
    return "--disable-features=" + ",".join([*own, *UNUSED_FEATURES])


@pytest.fixture(scope="session")
def tabs(browser):
    """One Chromium tab per viewport and colour scheme, for visits that only read their page (no listener, no
    emulation, nothing stored or chosen that a next page would see): each loads its page afresh in it. A tab of
    its own costs Chromium about twice a page load; a test that changes anything opens its own."""
    opened: dict[tuple[int, int, str], object] = {}

    def tab(viewport: dict, scheme: str = "light"):
        key = (viewport["width"], viewport["height"], scheme)
        if key not in opened:
            opened[key] = browser.new_context(viewport=viewport, color_scheme=scheme, real_worker=False).new_page()
        return opened[key]

    yield tab
    for page in opened.values():
        page.context.close()


@pytest.fixture(scope="session")
def axe():
    """axe-core, bundled with axe-playwright-python (no network), to run in a page."""
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


@pytest.fixture(scope="session")
def screenshot(request) -> Callable[..., None]:
    """screenshot(page, name, **options): a picture of the page to look at, screenshots/<name>.png, taken only when
    the run asks for pictures (--screenshots). A picture checks nothing, and each costs Chromium about a page load."""
    wanted = request.config.getoption("--screenshots")

    def take(page, name: str, **options) -> None:
        if wanted:
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), **options)
    return take


@pytest.fixture
def pictures(request, tmp_path) -> Path:
    """Where a test writes the PDF and PNG files it checks: screenshots/ when the run asks for pictures
    (--screenshots), else its own temporary folder."""
    if request.config.getoption("--screenshots"):
        SCREENSHOTS.mkdir(exist_ok=True)
        return SCREENSHOTS
    return tmp_path


def page_overflow(page) -> int:
    """How many CSS pixels a page is wider than its screen: 0 when nothing spills sideways."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
