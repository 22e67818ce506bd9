"""Command line for staff and CI: `handbook check|new-session|publish [SESSION]`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .load import load_session
from .newsession import NewSessionError, new_session, newest_session, session_folders
from .problems import DataError
from .publish import PublishError, publish


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handbook", description="Outils du manuel de session BTS.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="vérifier les données d'une session (data/<session>/)")
    check.add_argument("session", nargs="?", help="session à vérifier (défaut : toutes celles de data/)")
    check.add_argument("--data", default="data", help="dossier des données (défaut : data)")
    new = commands.add_parser("new-session", help="préparer la session suivante (projet « à confirmer ») depuis la précédente")
    new.add_argument("year", nargs="?", type=int, help="année de la nouvelle session (défaut : la plus récente + 1)")
    new.add_argument("--from", dest="previous", help="session de départ (défaut : la plus récente de data/)")
    new.add_argument("--data", default="data", help="dossier des données (défaut : data)")
    pub = commands.add_parser("publish", help="vérifier, tester, construire et publier une session (branche gh-pages)")
    pub.add_argument("session", nargs="?", help="session à publier (défaut : la plus récente de data/)")
    pub.add_argument("--skip-tests", action="store_true",
                     help="ne pas lancer pytest (réservé aux tests de publication eux-mêmes, qui l'appellent)")
    pub.add_argument("--no-push", action="store_true", help="mettre à jour gh-pages localement sans l'envoyer")
    pub.add_argument("--remote", default="origin", help="dépôt distant où envoyer gh-pages (défaut : origin, s'il existe)")
    pub.add_argument("--branch", default="gh-pages", help="branche publiée (défaut : gh-pages)")
    pub.add_argument("--site-url", default=os.environ.get("HANDBOOK_SITE_URL"),
                     help="adresse publique du site, sans la session (défaut : $HANDBOOK_SITE_URL) ; "
                          "le sélecteur de session garde alors la même page")
    args = parser.parse_args(argv)
    return COMMANDS[args.command](args)


def run_check(args: argparse.Namespace) -> int:
    """Check one session, or every session folder of data/; print problems in French, exit 1 if any."""
    try:
        sessions = [args.session] if args.session else session_folders(Path(args.data))
    except NewSessionError as error:
        print(str(error), file=sys.stderr)
        return 1
    return max(check_one(Path(args.data) / name) for name in sessions)


def check_one(folder: Path) -> int:
    try:
        session = load_session(folder)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    print(f"Données de la session {session.info.year} valides : {len(session.establishments.establishments)} établissements, "
          f"{len(session.centre_list)} centres, {session.info.candidate_total} candidats.")
    if session.info.to_confirm:
        print(f"Session en projet : {len(session.info.to_confirm)} informations à confirmer (to_confirm dans {folder}/session.yml).")
    return 0


def run_new_session(args: argparse.Namespace) -> int:
    """Draft data/<year>/ from the previous session; say what to confirm next."""
    try:
        draft = new_session(Path(args.data), args.previous, args.year)
    except (NewSessionError, DataError) as error:
        print(f"Nouvelle session impossible : {error.report() if isinstance(error, DataError) else error}", file=sys.stderr)
        return 1
    print(f"Session {draft.year} créée dans {draft.folder}/ depuis la session {draft.previous} : dates décalées de "
          f"{draft.weeks} semaines (mêmes jours de la semaine), {draft.to_confirm} informations à confirmer "
          f"(liste to_confirm de {draft.folder}/session.yml). Elle ne sera publiée qu'une fois la liste vide.")
    return 0


def run_publish(args: argparse.Namespace) -> int:
    """Publish one session; any failure is a French message and exit 1, with gh-pages untouched."""
    try:
        session = args.session or newest_session(Path("data"))
        done = publish(Path.cwd(), session, run_tests=not args.skip_tests, push=False if args.no_push else None,
                       remote=args.remote, branch=args.branch, site_url=args.site_url)
    except (PublishError, NewSessionError) as error:
        print(str(error), file=sys.stderr)
        return 1
    where = f"envoyée vers {args.remote}" if done.pushed else "locale (non envoyée)"
    print(f"Session {done.session} publiée dans la branche {args.branch}, {where}"
          f"{' ; elle est la session en cours (latest)' if done.latest else ' ; session archivée'}. "
          f"Sessions publiées : {', '.join(done.versions)}.")
    return 0


# Each sub-command and the function that runs it.
COMMANDS = {"check": run_check, "new-session": run_new_session, "publish": run_publish}

if __name__ == "__main__":
    sys.exit(main())
