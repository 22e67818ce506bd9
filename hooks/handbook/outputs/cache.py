"""Generated files kept on disk between builds, each under the key of everything its bytes derive from.

An output's key digests the session parts it reads (declared in its module's READS and enforced: its
producer is handed a session where no other part can be read, model.Session.restricted), its path, its
salt (the site's address for calendars), the core's source code and the versions of the libraries that
write the files. So a build whose inputs did not change finds every file on disk and renders none, and a
data edit renders again only the files that read the edited part (the calendars and the JSON export
when calendar.yml changes, not the forms). Files live in one folder per session under the project's
`.cache/handbook/` (content-addressed, as Material's social cards are) and MkDocs copies them from there:
no file's bytes are held in memory. What a build did not use is removed when it ends (`prune`). When
many files are missing (a first build of a national session), a second process makes them while MkDocs
renders the pages (`OutputStore.make_missing`).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import multiprocessing
import os
import sys
import tempfile
import threading
import zlib
import zoneinfo
from collections.abc import Iterable, Sequence
from functools import cache
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Session

if TYPE_CHECKING:
    from .registry import Output

# Under the project's root, beside Material's own .cache/plugin/.
CACHE_FOLDER = Path(".cache") / "handbook"
# The libraries whose version changes the bytes written (forms, calendars, French dates, time zones).
WRITERS = ("reportlab", "python-docx", "lxml", "odfpy", "icalendar", "babel", "tzdata")
# The time zone the calendars describe: zoneinfo reads the system's file first (Debian's tzdata), the wheel after.
ZONE = "Europe/Paris"
# A file being written (write_atomically): another build's, never pruned.
TEMPORARY = ".tmp-"
# The core's own code: a change to any of it may change what is written.
CORE = Path(__file__).resolve().parent.parent
# From this many files to make, a second process makes them while MkDocs renders the pages (the machine has
# two cores); fewer (a data edit under serve, the 2022 session's first build) are made at once, in this process.
SECOND_PROCESS_FROM = 500


class OutputStore:
    """The cached files of one session's outputs: where each one is, made when missing."""

    def __init__(self, folder: Path, session: Session):
        self.folder = folder
        self.session = session
        self._part_digests: dict[str, bytes] = {}
        self._used: set[str] = set()
        self.production = Production()

    def key(self, output: Output) -> str:
        """The digest of everything the output's bytes derive from."""
        digest = hashlib.sha256(code_version())
        for piece in (output.path, output.salt):
            digest.update(b"\0" + piece.encode("utf-8"))
        for part in sorted(output.reads):
            digest.update(b"\0" + part.encode("ascii") + self._part_digest(part))
        return digest.hexdigest()

    def path(self, output: Output) -> Path:
        """Where the output's file is (or will be) in the cache; the build uses it."""
        name = self.key(output) + Path(output.path).suffix
        self._used.add(name)
        return self.folder / name

    def file(self, output: Output) -> Path:
        """The output's file, rendered now if the cache does not hold it."""
        path = self.path(output)
        if not path.exists():
            try:
                data = output.produce()
            except Exception as error:
                raise OutputsFailed(f"fichier à télécharger « {output.path} » non produit : {type(error).__name__} : {error}") from error
            write_atomically(path, data)
        return path

    def missing(self, outputs: Iterable[Output]) -> list[Output]:
        """The outputs whose file the cache does not hold."""
        return [output for output in outputs if not self.path(output).exists()]

    def make_missing(self, outputs: Sequence[Output]) -> Production:
        """Start making every output the cache lacks: in a second process when they are many and the system
        forks (Linux), else here and now. `wait` (or the Production's) returns once they are all made."""
        missing = self.missing(outputs)
        if len(missing) < SECOND_PROCESS_FROM or not fork_is_safe():
            for output in missing:
                self.file(output)
            self.production = Production(count=len(missing))
            return self.production
        context = multiprocessing.get_context("fork")   # the child shares the session and calendars already built
        report, sender = context.Pipe(duplex=False)
        process = context.Process(target=_make_all, args=(self, missing, sender), name="handbook-outputs", daemon=True)
        process.start()
        sender.close()
        self.production = Production(process, report, len(missing))
        return self.production

    def wait(self) -> None:
        """Every output started by make_missing is in the cache (the second process's error raised here)."""
        self.production.wait()

    def prune(self) -> int:
        """Remove the files of this session that no output of this build used; how many were removed."""
        if not self.folder.is_dir():
            return 0
        stale = [entry for entry in os.scandir(self.folder)
                 if entry.name not in self._used and not entry.name.startswith(TEMPORARY) and entry.is_file()]
        for entry in stale:
            Path(entry.path).unlink(missing_ok=True)
        return len(stale)

    def _part_digest(self, part: str) -> bytes:
        # One digest per part of the session and build: the part's validated content, as canonical JSON.
        if part not in self._part_digests:
            value = getattr(self.session, part)
            items = value if isinstance(value, list) else [value]
            digest = hashlib.sha256()
            for item in items:
                digest.update(item.model_dump_json().encode("utf-8") + b"\0")
            self._part_digests[part] = digest.digest()
        return self._part_digests[part]


class OutputsFailed(Exception):
    """Making a generated file failed in the second process; the message says which error."""


class Production:
    """The outputs the cache lacked, being made: by a second process (fork) while the build goes on, or
    already made in this one. `wait` returns once every file is in the cache."""

    def __init__(self, process: BaseProcess | None = None, report: Connection | None = None, count: int = 0):
        self.process, self.report, self.count = process, report, count

    @property
    def in_background(self) -> bool:
        return self.process is not None

    def wait(self) -> None:
        """Block until the second process is done; its error, if any, raised here as OutputsFailed."""
        if self.process is None or self.report is None:
            return
        try:
            error = self.report.recv()
        except EOFError:   # it died without a word (killed, out of memory)
            error = "le processus s'est arrêté sans rien dire"
        self.process.join()
        self.report.close()
        if error or self.process.exitcode:
            raise OutputsFailed(f"fichiers à télécharger non produits (second processus, code {self.process.exitcode}) : {error}")
        self.process = self.report = None

    def cancel(self) -> None:
        """Stop the second process (the build failed elsewhere): its files are not needed."""
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.process = None
        if self.report is not None:
            self.report.close()
            self.report = None


def _make_all(store: OutputStore, missing: Sequence[Output], report: Connection) -> None:
    # In the second process: make each file, then say whether it went well.
    try:
        for output in missing:
            store.file(output)
    except BaseException as error:  # reported to the build, which stops with it (no traceback here)
        report.send(str(error) if isinstance(error, OutputsFailed) else f"{type(error).__name__} : {error}")
        sys.exit(1)
    else:
        report.send(None)
    finally:
        report.close()


def fork_is_safe() -> bool:
    """Whether a second process may be forked: on Linux, and with no other thread running (serve's server and
    watcher), which could hold a lock at the fork and leave it held forever in the child."""
    return sys.platform == "linux" and threading.active_count() == 1


def store_for(root: Path, session: Session, site_url: str | None = None) -> OutputStore:
    """The store of a session's outputs in a project: one folder per session year and site address, so that
    `serve` (whose address is 127.0.0.1) and `build` or `publish` never prune each other's calendars."""
    address = hashlib.sha256((site_url or "").encode("utf-8")).hexdigest()[:12]
    return OutputStore(root / CACHE_FOLDER / str(session.info.year) / address, session)


def write_atomically(path: Path, data: bytes) -> None:
    """Write the file whole or not at all: a build stopped half-way never leaves half a file under a key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@cache
def code_version() -> bytes:
    """What, besides the data, a file's bytes derive from: the core's source, the writing libraries'
    versions, the time zone's rules, Python's and zlib's (ODT and DOCX are zip files)."""
    digest = hashlib.sha256(f"{sys.version}\0{zlib.ZLIB_RUNTIME_VERSION}".encode())
    for name in WRITERS:
        try:
            digest.update(f"\0{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"\0{name}=-".encode())
    digest.update(b"\0" + zone_file_bytes(ZONE))
    for source in sorted(CORE.rglob("*.py")):
        digest.update(b"\0" + source.relative_to(CORE).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.digest()


def zone_file_bytes(zone: str) -> bytes:
    """The compiled rules zoneinfo uses for a zone: the first file on its search path, else the tzdata wheel's."""
    for folder in zoneinfo.TZPATH:
        candidate = Path(folder) / zone
        if candidate.is_file():
            return candidate.read_bytes()
    try:
        return importlib.resources.files("tzdata.zoneinfo").joinpath(*zone.split("/")).read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        return b""
