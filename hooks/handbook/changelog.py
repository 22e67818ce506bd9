"""The change log of a session: what `handbook diff` compares, what `handbook publish` records, what the site shows.

- States: a session's data and prose pages at a git commit (`git archive` into a temporary folder, then the
  loader) or in the working tree. The last published state is the commit named by the last entry of
  data/<session>/changelog.yml.
- Report: the fact changes between two states (changes.compare), grouped by page, in French.
- record(): called by `handbook publish` once the data is checked and the tests pass: appends one entry
  (the publication's date, recorded then; the commit published; the changes; the staff note) and commits
  data/<session>/changelog.yml alone, with "[skip ci]" (a push of it starts no publication of its own).
- History: the entries as the build reads them: the « Modifications » page, the note at the top of each
  page a change touched, the Atom feeds (outputs/atom.py), the SEQUENCE of calendar events (outputs/ics.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from .changes import Change, compare
from .load import load_session
from .model import PAGE_FOLDERS, ChangeLogEntry, ChangeLogFile, Session, entity_page, page_url
from .problems import DataError
from .text import date_short, plural

# The change log's file in each session folder (model.OPTIONAL_SESSION_FILES).
CHANGELOG = "changelog.yml"
# Where the publication's date is taken: the exam office's own day.
TIMEZONE = "Europe/Paris"
# The commit message of a recorded entry; "[skip ci]": pushing it starts no pipeline (GitLab, GitHub).
RECORD_MESSAGE = "Journal des modifications de la session {session} : publication du {date} [skip ci]"
# At the top of the file: who writes it.
HEADER = """\
# Journal des modifications de la session {session}. Écrit par `handbook publish` : NE PAS MODIFIER À LA MAIN.
# Chaque publication qui change un fait ajoute une entrée : date de la publication, commit publié,
# modifications (telles que `handbook diff` les liste) et la note facultative de `handbook publish --note`.
# La première entrée est la « Publication initiale ». Le site en tire la page Modifications, les mentions
# « Modifié le » en tête des pages, les flux Atom et la SEQUENCE des événements d'agenda.
"""
# The first publication of a session.
INITIAL = "Publication initiale"


class ChangesError(Exception):
    """Why two states cannot be compared, in French for staff."""


# --- states of a session --------------------------------------------------------------------------------

@dataclass(frozen=True)
class State:
    """A session as of a commit or the working tree: its data (None: no such session there) and its prose pages."""

    label: str
    session: Session | None
    docs: dict[str, bytes]


def working_state(root: Path, session_id: str) -> State:
    """data/<session> and docs/ as they are on disk."""
    folder = root / "data" / session_id
    session = _load(folder, f"data/{session_id}", "la copie de travail") if folder.is_dir() else None
    return State("copie de travail", session, read_docs(root / "docs"))


def commit_state(root: Path, ref: str, session_id: str, label: str | None = None) -> State:
    """data/<session> and docs/ as committed in ref, read from `git archive` in a temporary folder."""
    commit = resolve(root, ref)
    short = commit[:7]
    with tempfile.TemporaryDirectory(prefix="handbook-diff-") as folder:
        parts = [p for p in (f"data/{session_id}", "docs") if _exists(root, commit, p)]
        if parts:
            archive = _git_bytes(root, "archive", "--format=tar", commit, "--", *parts)
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(folder, filter="data")
        data = Path(folder) / "data" / session_id
        session = _load(data, f"{short}:data/{session_id}", f"le commit {short}") if data.is_dir() else None
        return State(label or f"commit {short}", session, read_docs(Path(folder) / "docs"))


def read_docs(folder: Path) -> dict[str, bytes]:
    """Every prose page of docs/ by its path under docs/ (centres/index.md), with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.md"))} if folder.is_dir() else {}


def _load(folder: Path, label: str, where: str) -> Session:
    try:
        return load_session(folder, label=label)
    except DataError as error:
        raise ChangesError(f"Les données de {where} ne se lisent pas :\n{error.report()}") from None


def resolve(root: Path, ref: str) -> str:
    """The full commit name of a ref (branch, tag, commit); a French error when git does not know it."""
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=root,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise ChangesError(f"« {ref} » n'est pas un commit connu de ce dépôt git — attendu : un commit, une branche "
                           "ou une étiquette, par exemple main ou HEAD~1")
    return result.stdout.strip()


def _exists(root: Path, commit: str, path: str) -> bool:
    return subprocess.run(["git", "cat-file", "-e", f"{commit}:{path}"], cwd=root, capture_output=True).returncode == 0


def _git_bytes(root: Path, *args: str) -> bytes:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True)
    if result.returncode != 0:
        raise ChangesError(f"git {' '.join(args)} : {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def _git(root: Path, *args: str) -> str:
    return _git_bytes(root, *args).decode("utf-8")


# --- comparing two states -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Report:
    """The changes from one state to another, and how to show them."""

    session_id: str
    before: str
    after: str
    changes: list[Change]
    titles: dict[str, str]
    gone: tuple[str, ...] = ()   # the addresses of centre and establishment pages that the later state no longer has
    from_publication: bool = False   # the earlier state is the last publication: what goes, goes from the site

    def text(self) -> str:
        """The report in French, grouped by the page where each change is explained; then the published addresses
        that would disappear (an id renamed reads as a line removed and one added)."""
        head = f"Session {self.session_id} : {self.before} → {self.after}"
        if not self.changes:
            return f"{head}\nAucune modification."
        return "\n".join([self.listed(head), *self.warning()])

    def warning(self) -> list[str]:
        # What publish would refuse (publish.require_addresses_kept), said before: staff read diff first. Between two
        # other states, nothing says these pages were ever online.
        if not self.gone or not self.from_publication:
            return []
        count = len(self.gone)
        return ["", f"Attention : {count} adresse{'s' if count > 1 else ''} publiée{'s' if count > 1 else ''} "
                    f"{'disparaîtrait' if count == 1 else 'disparaîtraient'} : {', '.join(self.gone)} (identifiant modifié ou "
                    f"retiré ?). « python3 tasks.py publish » {'la' if count == 1 else 'les'} refusera : rétablissez "
                    "l'identifiant (le nom affiché, lui, peut changer), ou publiez avec --allow-removed si la ligne a "
                    "vraiment quitté la session."]

    def listed(self, head: str) -> str:
        # The changes, grouped by the page where each is explained.
        pages = {page for change in self.changes for page in change.all_pages}
        lines = [head, f"{plural(len(self.changes), 'modification')}, {plural(len(pages), 'page')} concernée{'s' if len(pages) != 1 else ''}."]
        for page, changes in group_by_page(self.changes).items():
            lines += ["", f"{self.titles.get(page, page) if page else 'Sans page'}{f' ({page_address(page)})' if page else ''}"]
            for change in changes:
                lines.append(f"  - {change.line}")
                others = [p for p in change.all_pages if p != page]
                if others:
                    lines.append(f"    aussi : {self.summary(others)}")
        return "\n".join(lines)

    def summary(self, pages: list[str]) -> str:
        # Docs pages by title; centre and establishment pages counted.
        named = [self.titles.get(p, p) for p in pages if not p.startswith(("centres/", "etablissements/")) or p.endswith("index.md")]
        centres = sum(1 for p in pages if p.startswith("centres/") and not p.endswith("index.md"))
        establishments = sum(1 for p in pages if p.startswith("etablissements/") and not p.endswith("index.md"))
        counted = [plural(centres, "page de centre", "pages de centre")] if centres else []
        counted += [plural(establishments, "page d'établissement", "pages d'établissement")] if establishments else []
        return ", ".join(named + counted)


def group_by_page(changes: list[Change]) -> dict[str, list[Change]]:
    """Changes under the page that explains each (its first page), in order of first appearance."""
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.all_pages[0] if change.all_pages else "", []).append(change)
    return groups


def page_address(page: str) -> str:
    return page_url(page) or "accueil"


def compare_states(root: Path, session_id: str, before: State, after: State) -> Report:
    """The fact changes and prose changes from one state to the other (a session added or removed is one change)."""
    titles = page_titles(root, after.session or before.session, {**before.docs, **after.docs})
    if before.session is None or after.session is None:
        text = "session ajoutée" if before.session is None else "session retirée"
        changes = [] if before.session is None and after.session is None else [Change(f"Session {session_id}", text)]
        return Report(session_id, before.label, after.label, changes, titles)
    changes = compare(before.session, after.session, before.docs, after.docs, titles)
    return Report(session_id, before.label, after.label, changes, titles, gone_pages(before.session, after.session))


def gone_pages(before: Session, after: Session) -> tuple[str, ...]:
    """The addresses of the centre and establishment pages the earlier session has and the later one has not."""
    def pages(session: Session) -> set[str]:
        return {c.page for c in session.centre_list} | {e.page for e in session.establishments.establishments}
    return tuple(page_address(page) for page in sorted(pages(before) - pages(after)))


def published_state(root: Path, session_id: str, log: ChangeLogFile) -> State | None:
    """The state the last publication recorded, or None when the session was never published with a change log."""
    if not log.entries:
        return None
    last = log.entries[-1]
    return commit_state(root, last.commit, session_id, f"publication du {date_short(last.date)} ({last.commit[:7]})")


def diff(root: Path, session_id: str, ref_a: str | None = None, ref_b: str | None = None) -> Report | None:
    """`handbook diff`: ref_a (default: the last publication) against ref_b (default: the working tree).
    None when no ref is given and the session has no recorded publication yet."""
    after = commit_state(root, ref_b, session_id) if ref_b else working_state(root, session_id)
    if ref_a:
        before = commit_state(root, ref_a, session_id)
    else:
        log = (after.session.changelog if after.session else ChangeLogFile())
        found = published_state(root, session_id, log)
        if found is None:
            return None
        before = found
    return dataclasses.replace(compare_states(root, session_id, before, after), from_publication=not ref_a)


# --- page titles ------------------------------------------------------------------------------------------

class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its nav only: MkDocs' own tags (!ENV …) are read as plain values."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def page_titles(root: Path, session: Session | None, docs: dict[str, bytes]) -> dict[str, str]:
    """The title of each page: its nav title (mkdocs.yml), else its first heading, else the entity's label."""
    titles = {page: _first_heading(source) or page for page, source in docs.items()}
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    titles.update(_nav_titles(config.get("nav") or []))
    if session:
        titles.update({c.page: c.label for c in session.centre_list})
        titles.update({e.page: e.name for e in session.establishments.establishments})
        titles.update({f.page: session.annex(f.annex).label for f in session.forms})
    return titles


def _nav_titles(items: list[Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in items:
        for title, target in (item.items() if isinstance(item, dict) else []):
            if isinstance(target, str):
                found[target] = title
            elif isinstance(target, list):
                found.update(_nav_titles(target))
    return found


# A page's head (front matter), as MkDocs reads it (mkdocs.utils.meta): its YAML comments are not headings.
PAGE_HEAD = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", flags=re.S)


def _first_heading(source: bytes) -> str | None:
    # "# Calendrier de la session {{ session.info.year }}" -> "Calendrier de la session"
    # As MkDocs reads a page: a BOM dropped, Windows line ends made plain (git's autocrlf writes them).
    text = PAGE_HEAD.sub("", source.decode("utf-8-sig", errors="replace").replace("\r\n", "\n"), count=1)
    match = re.search(r"^# (.+)$", text, flags=re.M)
    return re.sub(r"\s+", " ", re.sub(r"\{\{.*?\}\}|\{#.*?#\}|\{%.*?%\}", "", match.group(1))).strip() if match else None


# --- recording a publication (handbook publish) ----------------------------------------------------------

def today() -> dt.date:
    """The publication's date: today, in the exam office's time zone (recorded in the log, never the build's)."""
    return dt.datetime.now(ZoneInfo(TIMEZONE)).date()


def check_note(note: str | None) -> str | None:
    """The staff note of `handbook publish --note`, checked before anything runs: one line, 200 characters at most."""
    if note is None or not note.strip():
        return None
    try:
        return ChangeLogEntry(date=dt.date(2000, 1, 1), commit="0000000", note=note).note
    except ValueError:
        raise ChangesError(f"note refusée : « {note[:80]} » — attendu : une seule ligne de 200 caractères au plus, par exemple "
                           "--note \"Report de l'épreuve E3 au 17 mai\"") from None


def record(root: Path, session_id: str, note: str | None = None, *, say: Callable[[str], None] = print) -> str | None:
    """Append this publication to data/<session>/changelog.yml and commit that file alone, when something changed
    since the last recorded publication (the first one always: « Publication initiale »); the new commit's name,
    or None when nothing changed. The working tree must be clean (publish checks it first): the entry names
    HEAD, the commit being published."""
    head = resolve(root, "HEAD")
    current = working_state(root, session_id)
    assert current.session is not None
    log = current.session.changelog
    if log.entries:
        before = published_state(root, session_id, log)
        assert before is not None
        try:
            changes = compare_states(root, session_id, before, current).changes
        except ChangesError as error:   # the last publication's data no longer reads with today's schema
            say(f"Comparaison fait par fait impossible avec la publication précédente :\n{error}")
            changes = [Change("Manuel", "nouvelle version (comparaison avec la publication précédente impossible : "
                                        "format des données modifié)")]
        if not changes:
            if note:
                say("Aucune modification depuis la dernière publication : la note n'est pas enregistrée.")
            return None
    else:
        changes = []
    entry = ChangeLogEntry(date=today(), commit=head, note=note or None, changes=[c.logged() for c in changes])
    write_log(root / "data" / session_id / CHANGELOG, session_id, [*log.entries, entry])
    path = f"data/{session_id}/{CHANGELOG}"
    _git(root, "add", "--", path)
    _git(root, "commit", "--quiet", "--no-verify", "-m",
         RECORD_MESSAGE.format(session=session_id, date=entry.date.isoformat()), "--", path)
    recorded = resolve(root, "HEAD")
    what = INITIAL if not changes else plural(len(changes), "modification")
    say(f"Journal des modifications : {what} enregistrée{'s' if len(changes) > 1 else ''} "
        f"(data/{session_id}/{CHANGELOG}, commit {recorded[:7]}).")
    return recorded


def undo_record(root: Path, recorded: str | None, say: Callable[[str], None] = print) -> None:
    """Take back the change log's commit of a publication that failed before its site went out: the next attempt
    records the same changes once (only while that commit is still HEAD, so nothing else is ever undone)."""
    if recorded and resolve(root, "HEAD") == recorded:
        _git(root, "reset", "--quiet", "--keep", "HEAD~1")
        say("Journal des modifications : entrée retirée (publication annulée).")


def push_source(root: Path, remote: str, site_branch: str) -> None:
    """Push the branch being published (with its change log commit) and the site's branch, once mike committed the
    site to it, to the remote in one atomic push: both move, or neither does. The entry is never online on the
    branch without its site on site_branch (a refused site would leave a change log for pages nobody can read,
    and the retry would find its entry already there), nor the site without its entry. Raises ChangesError, in
    French, with what the remote answered; publish() then takes the entry and the local site commits back.
    In CI the checkout may be detached: the branch is then the one CI names (GitLab, GitHub)."""
    branch = subprocess.run(["git", "symbolic-ref", "--quiet", "--short", "HEAD"], cwd=root, capture_output=True,
                            text=True).stdout.strip() or os.environ.get("CI_COMMIT_BRANCH") or os.environ.get("GITHUB_REF_NAME")
    if not branch:
        raise ChangesError("Envoi du journal des modifications impossible : HEAD n'est sur aucune branche "
                           "(attendu : la branche publiée, par exemple git switch main)")
    # --porcelain: one line per ref on stdout, in words git does not translate (« [rejected] » and the like).
    result = subprocess.run(["git", "push", "--atomic", "--porcelain", remote, f"HEAD:refs/heads/{branch}",
                             f"refs/heads/{site_branch}:refs/heads/{site_branch}"], cwd=root, capture_output=True, text=True)
    if result.returncode == 0:
        return
    answer = "\n".join(f"  {line}" for line in push_answer(result.stdout, result.stderr))
    if re.search(rf"^!\t[^\t]*:refs/heads/{re.escape(branch)}\t\[rejected\]", result.stdout, flags=re.M):
        # Refused by git itself: the remote's branch has commits this copy lacks (someone pushed meanwhile).
        raise ChangesError(f"Envoi de la branche {branch} (journal des modifications) vers {remote} refusé :\n{answer}\n"
                           f"Si {remote}/{branch} a avancé : git pull --rebase, puis relancez la publication.")
    raise ChangesError(f"Envoi vers {remote} refusé : le site (branche {site_branch}) n'a pas été envoyé, et l'entrée du "
                       f"journal des modifications non plus (branche {branch}) : l'un ne part jamais sans l'autre.\n"
                       f"Réponse de {remote} :\n{answer}\n"
                       f"Rien n'a changé sur {remote} : le site en ligne reste tel qu'il était. Une fois la cause réglée "
                       f"(droit d'écrire les branches {site_branch} et {branch} sur {remote}, branche protégée, connexion), "
                       "relancez la même commande : elle enregistre l'entrée à nouveau et publie le site avec elle.")


def push_answer(porcelain: str, errors: str) -> list[str]:
    """What the remote said of a refused push, without git's own English summary and advice: the server's lines
    (« remote: … »), then each ref refused for a reason of its own (not those an atomic push leaves out because
    another was refused), or, when no ref got that far, git's fatal error (a connection, a password)."""
    def lines(prefix: str) -> list[str]:
        return [line.rstrip() for line in errors.splitlines() if line.startswith(prefix) and line.partition(":")[2].strip()]
    refused = [f"{fields[1].rpartition(':')[2]} : {fields[2]}" for fields in (line.split("\t") for line in porcelain.splitlines())
               if len(fields) == 3 and fields[0] == "!" and "atomic push failed" not in fields[2]]
    return lines("remote:") + (refused or lines("fatal:")) or [errors.strip()]


class _LogDumper(yaml.SafeDumper):
    """Blocks one key a line; lists of ids (pages, centres…) on one line each."""


_LogDumper.add_representer(list, lambda dumper, items: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", items, flow_style=all(isinstance(i, str) for i in items)))


def write_log(path: Path, session_id: str, entries: list[ChangeLogEntry]) -> None:
    """The whole file: header, then every entry in order (dates as AAAA-MM-JJ, texts as written)."""
    data = {"entries": [entry.model_dump(mode="json", exclude_defaults=True) for entry in entries]}
    text = yaml.dump(data, Dumper=_LogDumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)
    path.write_text(HEADER.format(session=session_id) + text, encoding="utf-8")


# --- the history, as the site shows it --------------------------------------------------------------------

@dataclass(frozen=True)
class Publication:
    """One entry of the change log, numbered from 1 in publication order."""

    number: int
    entry: ChangeLogEntry

    @property
    def initial(self) -> bool:
        return self.number == 1

    @property
    def date(self) -> dt.date:
        return self.entry.date

    @property
    def note(self) -> str | None:
        return self.entry.note

    @property
    def anchor(self) -> str:
        """Its anchor on the Modifications page: publication-2."""
        return f"publication-{self.number}"

    @property
    def title(self) -> str:
        return INITIAL if self.initial else f"Modifications du {date_short(self.date)}"

    @property
    def day(self) -> str:
        """Its date as notes print it: 4 avril 2022."""
        return date_short(self.date)

    @cached_property
    def changes(self) -> tuple[Change, ...]:
        return tuple(Change.from_logged(c) for c in self.entry.changes)


@dataclass(frozen=True)
class Mention:
    """What one publication changed on one page, or for one centre or establishment."""

    publication: Publication
    changes: tuple[Change, ...]


# Folders of generated pages: such a page exists only while its entity does.
ENTITY_FOLDERS = tuple(f"{folder}/" for folder in PAGE_FOLDERS.values())


class History:
    """The session's publications, read by the Modifications page, the page notes, the feeds and the calendars."""

    def __init__(self, session: Session):
        self.session = session
        self.publications = tuple(Publication(n, e) for n, e in enumerate(session.changelog.entries, start=1))

    @property
    def newest_first(self) -> tuple[Publication, ...]:
        return tuple(reversed(self.publications))

    @property
    def updated(self) -> dt.date | None:
        """The date of the last publication, if any was recorded."""
        return self.publications[-1].date if self.publications else None

    def notes(self, page: str) -> list[Mention]:
        """The corrections (not the initial publication) that touched a page, newest first, with its changes only."""
        found = [Mention(p, tuple(c for c in p.changes if c.touches(page))) for p in self.newest_first if not p.initial]
        return [m for m in found if m.changes]

    def concerning(self, kind: str, entity_id: str) -> list[Mention]:
        """What concerns one centre or establishment ("centre", "establishment"): its page's mentions, the initial one too."""
        page = entity_page(kind, entity_id)
        found = (Mention(p, tuple(c for c in p.changes if c.touches(page))) for p in self.newest_first)
        return [m for m in found if m.changes or m.publication.initial]

    def url(self, change: Change) -> str | None:
        """The address of the page that explains a change, if that page still exists (a removed centre has none)."""
        pages = [p for p in change.all_pages if p in self._entity_pages or not p.startswith(ENTITY_FOLDERS)
                 or p.endswith("/index.md")]
        return page_url(pages[0]) if pages else None

    @cached_property
    def _entity_pages(self) -> set[str]:
        return {c.page for c in self.session.centre_list} | {e.page for e in self.session.establishments.establishments} \
            | {f.page for f in self.session.forms}

    def revision(self, key_date_id: str, kind: str | None = None, entity_id: str | None = None) -> tuple[int, dt.date | None]:
        """How many publications changed a calendar event (its SEQUENCE), and the date of the last one; in the
        calendar of one centre or establishment (kind, entity_id), only the changes that concern it count."""
        page = entity_page(kind, entity_id) if kind and entity_id else None
        dates = [p.date for p in self.publications
                 if any(key_date_id in c.key_dates and (page is None or c.touches(page)) for c in p.changes)]
        return len(dates), (dates[-1] if dates else None)
