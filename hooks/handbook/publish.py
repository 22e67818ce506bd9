"""`handbook publish`: check, test, build strictly, then deploy one session as a mike version on gh-pages.

Order matters: nothing touches the gh-pages branch (local or remote) before the working tree is found
clean (what is published is exactly a commit), the data check, the tests and the strict build have
passed. When the tests run, a first strict build comes before them: a broken page stops the publication
with the build's own message, at its line, rather than in a failing test's traceback. The strict build that
follows the change log's entry is committed as it is with mike's deploy (no rebuild): the session goes to
/<year>/, `latest` is a redirect to the newest session (any static host serves it), the site root
redirects to `latest` and has a French 404.html, and the other sessions' files are left as they were.
The change log's entry (a commit on main) and the site (mike's commits on gh-pages) then reach the remote in
one atomic push: both or neither (changelog.push_source).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import changelog
from .changes import compare
from .load import load_session, to_confirm_lines
from .model import Session
from .outputs import atom, form_downloads, ics, registry
from .problems import DataError
from .project import SITE_SOURCES
from .standalone import REDIRECT_TEMPLATE, not_found_page, root_worker

LATEST = "latest"


class PublishError(Exception):
    """Why nothing was published, in French for staff."""


@dataclass(frozen=True)
class Published:
    """What publish did: which session, whether it is the newest (`latest`), whether it was pushed, whether the
    published branch changed (the same site again commits nothing)."""

    session: str
    latest: bool
    pushed: bool
    versions: list[str]
    changed: bool = True


def publish(root: Path, session_id: str, *, run_tests: bool = True, push: bool | None = None,
            remote: str = "origin", branch: str = "gh-pages", site_url: str | None = None,
            note: str | None = None, allow_removed: bool = False, say: Callable[[str], None] = print) -> Published:
    """Publish data/<session_id>/ as the version <session_id>; raise PublishError before any git change on failure."""
    root = Path(root).resolve()
    git_root(root)
    require_committed(root)
    require_published_branch(root)
    try:
        note = changelog.check_note(note)
    except changelog.ChangesError as error:
        raise PublishError(str(error)) from None
    session = check_data(root, session_id)
    say(f"1/4 Données de la session {session_id} valides.")
    if not site_url:
        say(UNKNOWN_SITE_URL)
    if run_tests:
        say(f"2/4 Construction stricte de la session {session_id}, puis tests (pytest) …")
        build_before_tests(root, session_id, site_url)
        run_test_suite(root)
    else:
        say("2/4 Tests non lancés (--skip-tests).")
    try:  # the change log is committed before the build: the published site includes it, a rebuild of it gives the same bytes
        recorded = changelog.record(root, session_id, note, say=say)
    except changelog.ChangesError as error:
        raise PublishError(f"Journal des modifications impossible à tenir :\n{error}") from None
    with tempfile.TemporaryDirectory(prefix="handbook-site-") as site_dir:
        deployed_onto: str | None = None   # the local branch before mike's commits, once they began
        try:
            say(f"3/4 Construction stricte de la session {session_id} …")
            require_committed(root)  # again: a file edited while the tests ran would be built under the commit's name
            build_site(root, session_id, Path(site_dir), site_url)
            if push is None:
                push = remote in git(root, "remote").split()
            served = ""
            if push:  # the branch as the remote serves it: compared here, deployed onto below
                with contextlib.chdir(root):
                    served = fetch_published(remote, branch)
            require_addresses_kept(root, remote, branch, session_id, Path(site_dir), allow_removed, say)
            say(f"4/4 Déploiement de la version {session_id} dans la branche {branch}"
                + (f" puis envoi vers {remote} …" if push else " (locale, sans envoi) …"))
            with contextlib.chdir(root):  # mike drives git in the current directory
                deployed_onto = _commit_of(f"refs/heads/{branch}")
                done = deploy(Path(site_dir), session_id, session.info.year, push=push, branch=branch,
                              handbook=handbook_name(session), site_url=site_url)
            if push:
                # The change log's entry (on main) and the site (on gh-pages) leave in one atomic push: if the
                # remote refuses either, neither is online, and the entry and the site's commits are taken back
                # below, so that the same command run again records the entry once and publishes the site with it.
                # Pushing main first would leave the entry online for a site that is not, if gh-pages were then
                # refused; pushing gh-pages first, the site without its entry in main's history.
                changelog.push_source(root, remote, branch)
                done = dataclasses.replace(done, changed=_commit_of(f"refs/heads/{branch}", root) != served)
        except PublishError:  # nothing went out: the change log's entry is taken back with it
            take_back_site(root, branch, deployed_onto)
            changelog.undo_record(root, recorded, say=say)
            raise
        except changelog.ChangesError as error:
            take_back_site(root, branch, deployed_onto)
            changelog.undo_record(root, recorded, say=say)
            raise PublishError(f"{error}\nPublication annulée : la branche {branch} n'a pas été modifiée.") from None
        return done


# Published without the site's address, calendars and feeds cannot link to the pages (CI gives it: HANDBOOK_SITE_URL).
UNKNOWN_SITE_URL = ("Adresse publique du site inconnue (ni --site-url ni HANDBOOK_SITE_URL) : les agendas (.ics) et les "
                    "flux publiés n'auront pas de lien vers les pages (« adresse selon le site de publication »). Pour les "
                    "lier : --site-url https://… , l'adresse du site sans la session (en CI, HANDBOOK_SITE_URL est réglée).")


def take_back_site(root: Path, branch: str, before: str | None) -> None:
    """Put the local site branch back where it was before mike's commits of a publication that did not go out:
    the next attempt commits the site again and says truly that it changed what is online."""
    if before is None:   # mike had not committed anything
        return
    if before:
        git(root, "update-ref", f"refs/heads/{branch}", before)
    else:   # the branch did not exist before this publication
        git(root, "update-ref", "-d", f"refs/heads/{branch}")


@dataclass(frozen=True)
class Plan:
    """What CI publishes for a push (`publish --changed`): the sessions, newest first, and what it leaves aside, said."""

    sessions: list[str]
    aside: list[str]


def changed_sessions(root: Path, folders: list[str]) -> Plan:
    """The newest session that is not a draft (always: a change of code or prose shows there), then each older one
    where a fact changed since its last publication (a correction of 2022 once 2023 is out). A draft is never
    published; an older session is never rebuilt for a change of code or prose, its pages stay as published."""
    sessions: list[str] = []
    aside: list[str] = []
    newest_found = False
    for session_id in reversed(folders):   # newest first
        try:
            session = load_session(root / "data" / session_id, label=f"data/{session_id}")
        except DataError:   # publish says what, at its line, and stops
            sessions.append(session_id)
            newest_found = True
            continue
        if session.info.to_confirm:
            aside.append(f"Session {session_id} en projet (valeurs à confirmer) : non publiée.")
        elif not newest_found:
            sessions.append(session_id)
            newest_found = True
        elif not session.changelog.entries:
            aside.append(f"Session {session_id} jamais publiée avec son journal : non publiée ici "
                         f"(à la main : python3 tasks.py publish {session_id}).")
        elif facts_changed(root, session_id, session):
            sessions.append(session_id)
        else:
            aside.append(f"Session {session_id} : aucun fait modifié depuis sa dernière publication, non republiée.")
    return Plan(sessions, aside[::-1])   # the newest first: an older one that fails never holds it back


def facts_changed(root: Path, session_id: str, session: Session) -> bool:
    """Whether a fact of the session differs from its last publication, as the change log compares them (prose of
    docs/ apart: it is every session's, and an older session keeps its pages as published)."""
    try:
        published = changelog.published_state(root, session_id, session.changelog)
    except changelog.ChangesError:   # the published data no longer read with today's schema: publish records it so
        return True
    if published is None or published.session is None:
        return True
    return bool(compare(published.session, session))


# What `git status --porcelain` says of a file, in words for staff (first letter of its two-letter code).
CHANGE_KINDS = {"?": "nouveau fichier, jamais enregistré", "M": "modifié", "A": "ajouté (git add) mais pas enregistré",
                "D": "supprimé", "R": "renommé", "C": "copié", "T": "changé de type", "U": "conflit de fusion non résolu"}


def require_committed(root: Path) -> None:
    """Refuse to publish while a file the site is built from differs from the last commit (untracked files included)."""
    entries = uncommitted(root)
    if not entries:
        return
    listed = "\n".join(f"  {path} ({CHANGE_KINDS.get(code.strip()[:1], 'modifié')})" for code, path in entries[:20])
    more = f"\n  … et {len(entries) - 20} autres" if len(entries) > 20 else ""
    raise PublishError(f"Des fichiers du site ont des modifications non enregistrées dans git :\n{listed}{more}\n"
                       f"Publication refusée : une publication porte le nom d'un commit ({_head(root)}) et publie exactement "
                       "son contenu. Enregistrez ces modifications (git add puis git commit) ou annulez-les "
                       "(git restore, ou supprimez les nouveaux fichiers), puis relancez.")


def uncommitted(root: Path) -> list[tuple[str, str]]:
    """(status code, path) of each site source that differs from HEAD, as `git status --porcelain -z` lists them."""
    fields = iter(git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *SITE_SOURCES).split("\0"))
    entries = []
    for field in fields:
        if not field:
            continue
        code, path = field[:2], field[3:]
        if code[0] in "RC":
            next(fields, None)  # a rename or copy is followed by its original path
        entries.append((code, path))
    return entries


def check_data(root: Path, session_id: str) -> Session:
    """The data check of `handbook check`, plus: a draft (values to confirm) is never published."""
    folder = f"data/{session_id}"  # as staff see it in the project, wherever the command is run from
    try:
        session = load_session(root / "data" / session_id, label=folder)
    except DataError as error:
        raise PublishError(f"{error.report()}\nPublication annulée : corrigez les données puis relancez.") from None
    if str(session.info.year) != session_id:
        raise PublishError(f"{folder}/session.yml annonce l'année {session.info.year} : "
                           f"attendu {session_id}, le nom du dossier (il devient l'adresse /{session_id}/)")
    if session.info.to_confirm:
        count = len(session.info.to_confirm)
        # Every one at its line: staff confirm them one by one, from this list.
        listed_at, listed = to_confirm_lines(root / "data" / session_id, folder, session, first=count)
        values = "\n".join(f"  {item}" for item in listed)
        raise PublishError(f"La session {session_id} est un projet : {count} information{'s' if count > 1 else ''} "
                           f"encore à confirmer (liste to_confirm de {listed_at}) :\n"
                           f"{values}\nPublication refusée : confirmez chaque valeur et retirez-la de la liste.")
    return session


def handbook_name(session: Session) -> str:
    # How the root pages name the site: the same for every session of one diploma and académie.
    return f"manuel de session du {session.info.name}, académie de {session.info.academy}"


def build_before_tests(root: Path, session_id: str, site_url: str | None = None) -> None:
    """A strict build of the session into a throwaway folder before the test suite: a broken page (a Jinja brace
    forgotten in docs/, which the data check does not read) is said by the build itself, in French at its file and
    line, instead of inside the tracebacks of the tests that build the site. The build published comes later, once
    the change log's entry is recorded (it shows on the site)."""
    with tempfile.TemporaryDirectory(prefix="handbook-check-") as trial:
        build_site(root, session_id, Path(trial), site_url)


def run_test_suite(root: Path) -> None:
    """The whole pytest suite of the project; any failure stops the publication."""
    # CI=true: a browser test fails, never skips, when Chromium is missing; a publication is always fully tested.
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"], cwd=root,
                            env={**tool_env(), "CI": "true"})
    if result.returncode != 0:
        raise PublishError("Des tests échouent : publication annulée (rien n'a été modifié).")


def build_site(root: Path, session_id: str, site_dir: Path, site_url: str | None = None) -> None:
    """`mkdocs build --strict` of the session into site_dir; a warning or an error stops the publication."""
    env = {**tool_env(), "HANDBOOK_SESSION": session_id}
    env.pop("HANDBOOK_SITE_URL", None)
    if site_url:  # the session's own address: canonical links, and a sitemap the version selector maps pages with
        env["HANDBOOK_SITE_URL"] = f"{site_url.rstrip('/')}/{session_id}/"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site_dir)],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:   # its warnings and errors (in French: hooks/french_warnings.py), not its progress
        said = "\n".join(problems_of_log(result.stderr))
        raise PublishError(f"La construction stricte a échoué :\n{said}\nPublication annulée (rien n'a été modifié).")


def problems_of_log(log: str) -> list[str]:
    """MkDocs' log without its INFO records, their continuation lines included (a record's lines after the first
    start with a space)."""
    kept, keeping = [], True
    for line in log.splitlines():
        if line and not line[0].isspace():
            keeping = not line.startswith("INFO")
        if keeping and line.strip():
            kept.append(line)
    return kept


# The folders of a session whose files are addresses given out to readers, as its pages are: calendars and feeds
# they subscribed to, open data, forms they downloaded.
READER_FOLDERS = tuple(f"{folder.split('/')[0]}/" for folder in (ics.FOLDER, atom.FOLDER, registry.API_FOLDER, form_downloads.FOLDER))


def require_addresses_kept(root: Path, remote: str, branch: str, session_id: str, site_dir: Path, allow_removed: bool,
                           say: Callable[[str], None]) -> None:
    """Refuse a build that would take away an address the session has online: a page (an id renamed, a centre or an
    establishment removed) or a file that readers subscribed to or downloaded. Establishments link to these."""
    lost = lost_addresses(root, remote, branch, session_id, site_dir)
    if not lost:
        return
    listed = "\n".join(f"  {address}" for address in lost[:20]) + (f"\n  … et {len(lost) - 20} autres" if len(lost) > 20 else "")
    if allow_removed:
        say(f"Attention : {addresses(len(lost))} de la session {session_id} {'disparaît' if len(lost) == 1 else 'disparaissent'} (--allow-removed) ; "
            f"la page « Page introuvable » s'affichera à leur place :\n{listed}")
        return
    raise PublishError(f"Publication refusée : {addresses(len(lost))} de la session {session_id} "
                       f"{'est en ligne et disparaîtrait' if len(lost) == 1 else 'sont en ligne et disparaîtraient'} :\n"
                       f"{listed}\nUne adresse publiée ne change jamais : des établissements et des candidats y renvoient, "
                       f"des agendas y sont abonnés. Un identifiant (id) a-t-il été modifié dans data/{session_id}/ ? "
                       "Rétablissez-le (le nom affiché, lui, peut changer). Si un centre ou un établissement a vraiment "
                       "quitté la session, relancez avec --allow-removed : ces adresses mèneront à la page « Page introuvable ».")


def addresses(count: int) -> str:
    # « 1 adresse », « 3 adresses ».
    return f"{count} adresse{'s' if count > 1 else ''}"


def lost_addresses(root: Path, remote: str, branch: str, session_id: str, site_dir: Path) -> list[str]:
    """The reader addresses of the session's published version that site_dir lacks: the <session>/ folder of the
    branch, else of the remote's copy of it (a fresh clone publishing with --no-push)."""
    ref = next((ref for ref in (f"refs/heads/{branch}", f"refs/remotes/{remote}/{branch}")
                if subprocess.run(["git", "rev-parse", "--verify", "--quiet", ref], cwd=root, capture_output=True).returncode == 0), None)
    if ref is None:
        return []   # never published
    prefix = f"{session_id}/"
    published = [name.removeprefix(prefix) for name in git(root, "ls-tree", "-r", "--name-only", ref, "--", prefix).splitlines()]
    return sorted(f"/{prefix}{name.removesuffix('index.html')}" for name in published
                  if (name.endswith("index.html") or name.startswith(READER_FOLDERS)) and not (site_dir / name).is_file())


def deploy(site_dir: Path, session_id: str, year: int, *, push: bool, branch: str, handbook: str,
           site_url: str | None = None) -> Published:
    """Commit the built site as version <session_id> with mike, in the local branch (publish() pushes it, with the
    change log); move `latest` only to the newest session."""
    from mike import commands, git_utils

    before = _commit_of(f"refs/heads/{branch}")
    existing = commands.list_versions(branch)   # the branch as the remote serves it: publish() fetched it already
    newest = max([year, *(int(str(v.version)) for v in existing if str(v.version).isdigit())])
    is_latest = year >= newest
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".html") as redirect:
        redirect.write(REDIRECT_TEMPLATE)  # mike reads its redirect template from a file
        redirect.flush()
        with contextlib.suppress(git_utils.GitEmptyCommit):  # same content as already published: nothing to commit
            with commands.deploy({"site_dir": str(site_dir), "use_directory_urls": True}, session_id, f"Session {session_id}",
                                 [LATEST] if is_latest else [], update_aliases=True, alias_type=commands.AliasType.redirect,
                                 template=redirect.name, branch=branch,
                                 message=f"Publication de la session {session_id} ({_head()})"):
                pass  # the site is already built and checked: mike commits it as it is
    versions = [str(v.version) for v in commands.list_versions(branch)]
    with contextlib.suppress(git_utils.GitEmptyCommit):
        with git_utils.Commit(branch, f"Racine du site : redirection vers {LATEST} (session {newest}), page 404, worker de la racine") as commit:
            for name, page in root_pages(handbook, versions, str(newest), site_url).items():
                commit.add_file(git_utils.FileInfo(name, page))
    return Published(session_id, is_latest, push, versions, changed=_commit_of(f"refs/heads/{branch}") != before)


def root_pages(handbook: str, versions: list[str], newest: str, site_url: str | None) -> dict[str, str]:
    """The site root's own files: index.html sends readers to `latest`, 404.html helps a lost one (any static host),
    sw.js keeps the root and `latest` addresses working offline (standalone.ROOT_WORKER)."""
    redirect = jinja2.Template(REDIRECT_TEMPLATE, autoescape=True).render(href=f"{LATEST}/")
    return {"index.html": redirect, "404.html": not_found_page(handbook, versions, newest, site_url),
            "sw.js": root_worker(newest)}


def fetch_published(remote: str, branch: str) -> str:
    """Start from what the remote serves: fetch its gh-pages and fast-forward the local branch to it. The commit the
    remote serves, "" when it has no such branch yet."""
    from mike import git_utils

    # Ask whether the branch exists first (exit code 2: absent), rather than reading git's localised messages.
    listed = subprocess.run(["git", "ls-remote", "--exit-code", "--heads", remote, branch], capture_output=True, text=True)
    if listed.returncode not in (0, 2):
        raise PublishError(f"Lecture de {remote} impossible :\n{listed.stderr.strip()}")
    if listed.returncode == 0:
        fetch = subprocess.run(["git", "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"],
                               capture_output=True, text=True)
        if fetch.returncode != 0:
            raise PublishError(f"Lecture de la branche {branch} de {remote} impossible :\n{fetch.stderr.strip()}")
    try:
        git_utils.update_from_upstream(remote, branch)
    except (git_utils.GitBranchDiverged, git_utils.GitRevUnrelated):
        raise PublishError(f"La branche locale {branch} diverge de {remote}/{branch} : supprimez la branche locale "
                           f"(git branch -D {branch}) puis relancez.") from None
    return listed.stdout.split("\t", 1)[0].strip() if listed.returncode == 0 else ""


# The branch every publication comes from: the site and its change log follow its history.
PUBLISHED_BRANCH = "main"


def require_published_branch(root: Path) -> None:
    """Refuse to publish from another branch: its change-log entry would stay there, and the next publication from
    main would silently put the old facts back online. A detached HEAD passes only under CI (GitLab checks main out so)."""
    result = subprocess.run(["git", "symbolic-ref", "--quiet", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
    current = result.stdout.strip()
    if not current and os.environ.get("CI", "").lower() != "true":   # a commit checked out by hand, not CI's main
        raise PublishError(f"Publication refusée : aucune branche n'est en cours (HEAD détachée, sur le commit {_head(root)}). "
                           f"Le site se publie depuis la branche {PUBLISHED_BRANCH} : git switch {PUBLISHED_BRANCH}, "
                           "puis relancez.")
    if current and current != PUBLISHED_BRANCH:
        raise PublishError(f"Publication refusée depuis la branche « {current} » : le site se publie depuis la branche "
                           f"{PUBLISHED_BRANCH}, sinon la publication suivante depuis {PUBLISHED_BRANCH} remettrait en ligne "
                           f"les anciennes valeurs sans le dire. Fusionnez d'abord cette branche dans {PUBLISHED_BRANCH} "
                           f"(git switch {PUBLISHED_BRANCH} puis git merge {current}), puis publiez depuis {PUBLISHED_BRANCH}.")


def git_root(root: Path) -> None:
    """mike publishes into a git branch: the project must be a git repository with a commit."""
    try:
        git(root, "rev-parse", "--verify", "HEAD")
    except PublishError:
        raise PublishError(f"{root} n'est pas un dépôt git avec au moins un commit : la publication écrit dans sa branche gh-pages.") from None


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise PublishError(f"git {' '.join(args)} : {result.stderr.strip()}")
    return result.stdout


def tool_env() -> dict[str, str]:
    # The tools of the same environment as this command, without MkDocs' 2.0 notice.
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}


def _head(root: Path | None = None) -> str:
    # The short name of the commit being published, for the gh-pages commit message.
    return _commit_of("HEAD", root)[:7] or "?"


def _commit_of(ref: str, root: Path | None = None) -> str:
    # The commit a ref names in the repository (of the current folder without root), "" if there is none yet.
    try:
        return changelog.resolve(root or Path.cwd(), ref)
    except changelog.ChangesError:
        return ""
