"""Command line for staff and CI: `handbook check [SESSION]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .load import load_session
from .problems import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handbook", description="Outils du manuel de session BTS.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="vérifier les données d'une session (data/<session>/)")
    check.add_argument("session", nargs="?", default="2022", help="session à vérifier (défaut : 2022)")
    check.add_argument("--data", default="data", help="dossier des données (défaut : data)")
    args = parser.parse_args(argv)
    return COMMANDS[args.command](args)


def run_check(args: argparse.Namespace) -> int:
    """Print every data problem in French, exit 1 if any; no traceback for staff."""
    folder = Path(args.data) / args.session
    try:
        session = load_session(folder)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    print(f"Données de la session {session.info.year} valides : {len(session.establishments.establishments)} établissements, "
          f"{len(session.centre_list)} centres, {session.info.candidate_total} candidats.")
    return 0


# Each sub-command and the function that runs it.
COMMANDS = {"check": run_check}

if __name__ == "__main__":
    sys.exit(main())
