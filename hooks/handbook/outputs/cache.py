"""Generated files kept on disk between builds, each under the key of everything its bytes derive from.

An output's key digests the session parts it reads (declared in its module's READS and enforced: its
producer is handed a session where no other part can be read, model.Session.restricted), its path, its
salt (the site's address for calendars), the core's source code and the versions of the libraries that
write the files. So a build whose inputs did not change finds every file on disk and renders none, and a
data edit renders again only the files that read the edited part (the calendars and the JSON export
when calendar.yml changes, not the forms). Files live in one folder per session under the project's
`.cache/handbook/` (content-addressed, as Material's social cards are) and MkDocs copies them from there:
no file's bytes are held in memory. What a build did not use is removed when it ends (`prune`).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
import tempfile
import zlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..model import Session

if TYPE_CHECKING:
    from .registry import Output

# Under the project's root, beside Material's own .cache/plugin/.
CACHE_FOLDER = Path(".cache") / "handbook"
# The libraries whose version changes the bytes written (forms, calendars, French dates, time zones).
WRITERS = ("reportlab", "python-docx", "odfpy", "icalendar", "babel", "tzdata")
# The core's own code: a change to any of it may change what is written.
CORE = Path(__file__).resolve().parent.parent


class OutputStore:
    """The cached files of one session's outputs: where each one is, made when missing."""

    def __init__(self, folder: Path, session: Session):
        self.folder = folder
        self.session = session
        self._part_digests: dict[str, bytes] = {}
        self._used: set[str] = set()

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
            write_atomically(path, output.produce())
        return path

    def missing(self, outputs: Iterable[Output]) -> list[Output]:
        """The outputs whose file the cache does not hold."""
        return [output for output in outputs if not self.path(output).exists()]

    def prune(self) -> int:
        """Remove the files of this session that no output of this build used; how many were removed."""
        if not self.folder.is_dir():
            return 0
        stale = [entry for entry in os.scandir(self.folder) if entry.name not in self._used and entry.is_file()]
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


def store_for(root: Path, session: Session) -> OutputStore:
    """The store of a session's outputs in a project (one folder per session year)."""
    return OutputStore(root / CACHE_FOLDER / str(session.info.year), session)


def write_atomically(path: Path, data: bytes) -> None:
    """Write the file whole or not at all: a build stopped half-way never leaves half a file under a key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
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
    versions, Python's and zlib's (ODT and DOCX are zip files)."""
    digest = hashlib.sha256(f"{sys.version}\0{zlib.ZLIB_RUNTIME_VERSION}".encode())
    for name in WRITERS:
        try:
            digest.update(f"\0{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"\0{name}=-".encode())
    for source in sorted(CORE.rglob("*.py")):
        digest.update(b"\0" + source.relative_to(CORE).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.digest()
