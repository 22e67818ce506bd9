"""Command line for staff and CI: `handbook check|new-session|publish [SESSION]`, in French, from any project folder."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from . import changelog
from .load import load_session, to_confirm_lines
from .newsession import NewSessionError, new_session, newest_session, session_folders
from .problems import DataError
from .project import ProjectNotFound, find_root
from .publish import PublishError, build_before_tests, changed_sessions, check_data, publish, run_test_suite
from .text import plural


def main(argv: list[str] | None = None) -> int:
    with french_argparse():
        args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ProjectNotFound as error:
        print(f"handbook : {error}", file=sys.stderr)
        return 1


def parser() -> argparse.ArgumentParser:
    """Every command, option and help text, in French."""
    top = argparse.ArgumentParser(prog="handbook", description="Outils du manuel de session BTS : vérifier les données, "
                                  "préparer la session suivante, publier. Le projet est trouvé depuis n'importe lequel de ses dossiers.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMANDE", title="commandes")
    check = commands.add_parser("check", help="vérifier les données (toutes les sessions de data/, ou une seule)",
                                description="Vérifier les données d'une session (data/<session>/) ou de toutes ; "
                                            "chaque erreur est donnée avec son fichier, sa ligne et son champ.")
    check.add_argument("session", nargs="?", metavar="SESSION", help="session à vérifier (défaut : toutes celles de data/)")
    check.add_argument("--data", metavar="DOSSIER", help="dossier des données (défaut : data/ du projet)")
    new = commands.add_parser("new-session", help="préparer la session suivante (projet « à confirmer ») depuis la précédente",
                              description="Créer data/<année>/ depuis la session la plus récente : dates décalées de "
                                          "semaines entières, liste to_confirm des valeurs à confirmer.")
    new.add_argument("year", nargs="?", type=year, metavar="ANNÉE", help="année de la nouvelle session (défaut : la plus récente + 1)")
    new.add_argument("--from", dest="previous", metavar="SESSION", help="session de départ (défaut : la plus récente de data/)")
    new.add_argument("--data", metavar="DOSSIER", help="dossier des données (défaut : data/ du projet)")
    pub = commands.add_parser("publish", help="vérifier, tester, construire et publier une session (branche gh-pages)",
                              description="Publier une session telle qu'elle est enregistrée (commit) : contrôle des "
                                          "données, tests, construction stricte, puis branche gh-pages. Refusé si des "
                                          "fichiers du site ont des modifications non enregistrées.")
    pub.add_argument("session", nargs="?", metavar="SESSION", help="session à publier (défaut : la plus récente de data/)")
    pub.add_argument("--skip-tests", action="store_true",
                     help="ne pas relancer la suite de tests : réservé à la CI (refusé sans CI=true), dont la "
                          "publication ne démarre qu'après le job de tests réussi sur le même commit")
    pub.add_argument("--no-push", action="store_true", help="mettre à jour gh-pages localement sans l'envoyer")
    pub.add_argument("--remote", default="origin", metavar="DÉPÔT",
                     help="dépôt distant où envoyer gh-pages (défaut : origin, s'il existe)")
    pub.add_argument("--branch", default="gh-pages", metavar="BRANCHE", help="branche publiée (défaut : gh-pages)")
    pub.add_argument("--site-url", default=os.environ.get("HANDBOOK_SITE_URL"), metavar="ADRESSE",
                     help="adresse publique du site, sans la session (défaut : $HANDBOOK_SITE_URL) ; "
                          "le sélecteur de session garde alors la même page et la page 404 pointe vers la bonne adresse")
    pub.add_argument("--note", metavar="TEXTE", help="une ligne pour le journal des modifications (page Modifications, "
                                                     "flux Atom), si la publication change des faits")
    pub.add_argument("--changed", action="store_true",
                     help="ce que fait la CI à chaque push sur main : la session la plus récente qui n'est pas un projet, "
                          "puis chaque session plus ancienne dont un fait a changé depuis sa dernière publication")
    pub.add_argument("--allow-removed", action="store_true",
                     help="publier même si des adresses déjà en ligne de la session disparaissent (un centre ou un "
                          "établissement qui a quitté la session) : elles mèneront à la page « Page introuvable »")
    changes = commands.add_parser("diff", help="les faits modifiés entre deux états (défaut : dernière publication → copie de travail)",
                                  description="Lister, en français et par page, les faits modifiés entre deux commits : "
                                              "dates, adresses, effectifs…, et les pages de texte modifiées.")
    changes.add_argument("ref_a", nargs="?", metavar="REF_A", help="état de départ (défaut : la dernière publication "
                         "enregistrée) ; seul et nom d'une session de data/ (diff 2022) : la session comparée")
    changes.add_argument("ref_b", nargs="?", metavar="REF_B", help="état d'arrivée (défaut : la copie de travail)")
    changes.add_argument("--session", metavar="SESSION", help="session comparée (défaut : la plus récente de data/)")
    return top


def year(text: str) -> int:
    # A session year, four digits; argparse names this function in its French message.
    if not (text.isdigit() and len(text) == 4):
        raise ValueError(text)
    return int(text)


year.__name__ = "année"


def run_check(args: argparse.Namespace) -> int:
    """Check one session, or every session folder of data/; print problems in French, exit 1 if any."""
    data = data_folder(args.data)
    try:
        sessions = [args.session] if args.session else session_folders(data)
    except NewSessionError as error:
        print(str(error), file=sys.stderr)
        return 1
    status = max(check_one(data / name, label(args.data, data / name)) for name in sessions)
    if status == 0:   # staff who check after editing a page would take this for a check of the page
        print("Les pages (docs/ et templates/) ne sont pas lues ici : python3 tasks.py build (ou serve) les vérifie.")
    return status


def check_one(folder: Path, shown: str | None) -> int:
    try:
        session = load_session(folder, label=shown)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    counts = session.line_counts
    print(f"Données de la session {session.info.year} valides : {plural(counts['lignes'], 'ligne')} d'inscrits "
          f"({plural(counts['etablissements'], 'établissement')}, "
          f"{plural(counts['individuels'], 'ligne')} de candidats individuels ou à distance), "
          f"{plural(len(session.centre_list), 'centre')}, {plural(session.info.candidate_total, 'candidat')}.")
    if session.info.to_confirm:
        listed_at, _ = to_confirm_lines(folder, shown or str(folder), session, first=0)
        print(f"Session en projet : {len(session.info.to_confirm)} informations à confirmer (to_confirm dans {listed_at}).")
    return 0


def run_new_session(args: argparse.Namespace) -> int:
    """Draft data/<year>/ from the previous session; say what to confirm next."""
    try:
        draft = new_session(data_folder(args.data), args.previous, args.year)
    except (NewSessionError, DataError) as error:
        print(f"Nouvelle session impossible : {error.report() if isinstance(error, DataError) else error}", file=sys.stderr)
        return 1
    folder = label(args.data, draft.folder) or draft.folder
    print(f"Session {draft.year} créée dans {folder}/ depuis la session {draft.previous} : dates décalées de "
          f"{draft.weeks} semaines (mêmes jours de la semaine), {draft.to_confirm} informations à confirmer "
          f"(liste to_confirm de {folder}/session.yml). Elle ne sera publiée qu'une fois la liste vide.")
    print(NEXT_STEPS.format(year=draft.year, folder=folder))
    return 0


# After new-session: what staff do next (README, « Préparer une nouvelle session »), and what the list leaves out.
NEXT_STEPS = """Ensuite :
  1. Déposer la nouvelle circulaire dans sources/{year}/.
  2. python3 tasks.py serve {year} : l'aperçu marque chaque valeur à confirmer.
  3. Confirmer chaque valeur de la liste avec la circulaire : la corriger dans son fichier, puis retirer son entrée.
  4. Revoir aussi ce qui a été recopié tel quel et n'est pas dans la liste : établissements et effectifs
     ({folder}/establishments.yml), centres, adresses et origines ({folder}/centres.yml), contacts
     ({folder}/contacts.yml), signataire ({folder}/session.yml), corrections ({folder}/corrections.yml).
  5. python3 tasks.py check {year}, puis publier (README, « Préparer une nouvelle session »)."""


# Typed by hand, --skip-tests would publish a commit no test has seen: only CI's publication job, which starts once
# the test jobs passed on that very commit, may leave the suite out.
SKIP_TESTS_OUTSIDE_CI = ("« --skip-tests » est réservé à la publication par l'intégration continue (CI=true), qui ne "
                         "démarre qu'une fois les tests réussis sur ce même commit. Publication refusée (rien n'a été "
                         "modifié) : lancez `python3 tasks.py publish`, qui passe les tests d'abord.")


def run_publish(args: argparse.Namespace) -> int:
    """Publish one session; any failure is a French message and exit 1, with gh-pages untouched."""
    if args.skip_tests and os.environ.get("CI", "").lower() != "true":
        print(SKIP_TESTS_OUTSIDE_CI, file=sys.stderr)
        return 1
    if args.changed and args.session:
        print(f"--changed choisit les sessions à publier : sans nom de session (ici « {args.session} »).", file=sys.stderr)
        return 1
    if args.changed and args.note:
        print("--note va avec une session nommée : python3 tasks.py publish SESSION --note « … » "
              "(avec --changed, elle irait au journal de chaque session publiée).", file=sys.stderr)
        return 1
    root = find_root()
    try:
        if args.changed:
            plan = changed_sessions(root, session_folders(root / "data"))
            for line in plan.aside:
                print(line)
            sessions = plan.sessions
        else:
            sessions = [args.session or newest_session(root / "data")]
    except NewSessionError as error:
        print(str(error), file=sys.stderr)
        return 1
    run_tests, failed = not args.skip_tests, []
    if run_tests and len(sessions) > 1:   # the suite once for every session of this commit, before any
        print(f"Construction stricte des sessions {', '.join(sessions)}, puis tests (pytest) …")
        for session in sessions:   # each session's pages first: a broken one is said at its line, not in a traceback
            try:
                check_data(root, session)
                build_before_tests(root, session, args.site_url)
            except PublishError as error:
                print(f"Session {session} : {error}", file=sys.stderr)
                failed.append(session)
        try:
            if len(failed) < len(sessions):
                run_test_suite(root)
        except PublishError as error:
            print(str(error), file=sys.stderr)
            return 1
        run_tests = False
    for session in sessions:   # each on its own: one refused does not hold back the others
        if session in failed:
            continue
        try:
            done = publish(root, session, run_tests=run_tests, push=False if args.no_push else None,
                           remote=args.remote, branch=args.branch, site_url=args.site_url, note=args.note,
                           allow_removed=args.allow_removed)
        except PublishError as error:
            print(str(error), file=sys.stderr)
            failed.append(session)
            continue
        where = f"envoyée vers {args.remote}" if done.pushed else "locale (non envoyée)"
        status = " ; elle est la session en cours (latest)" if done.latest else " ; session archivée"
        said = (f"Session {done.session} publiée dans la branche {args.branch}, {where}" if done.changed
                else f"Session {done.session} déjà en ligne telle quelle : rien de nouveau dans la branche {args.branch}")
        print(f"{said}{status}. Sessions publiées : {', '.join(done.versions)}.")
    if failed and len(sessions) > 1:
        print(f"Sessions non publiées : {', '.join(failed)} (messages ci-dessus).", file=sys.stderr)
    return 1 if failed else 0


def data_folder(given: str | None) -> Path:
    """--data as given (relative to the current folder), else data/ of the project found from here."""
    return Path(given) if given else find_root() / "data"


def label(given: str | None, folder: Path) -> str | None:
    # How messages name a session folder: data/<session> as in the project, wherever the command runs;
    # with --data, the loader's own choice (relative to the current folder).
    return None if given else f"data/{folder.name}"


# argparse's own words (usage, headings, -h, errors), in French; any other message stays as argparse wrote it.
ARGPARSE_FR = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "argument obligatoire manquant : %s",
    "unrecognized arguments: %s": "argument inattendu : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix inconnu : %(value)r (possibles : %(choices)s)",
    "invalid %(type)s value: %(value)r": "%(type)s invalide : %(value)r",
    "expected one argument": "une valeur attendue",
    "expected at most one argument": "au plus une valeur attendue",
    "expected at least one argument": "au moins une valeur attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut être %(matches)s",
    "ignored explicit argument %r": "valeur inattendue %r",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "one of the arguments %s is required": "un des arguments %s est obligatoire",
}


@contextlib.contextmanager
def french_argparse() -> Iterator[None]:
    """argparse speaks French while the parser is built, parses and prints help or errors."""
    words = vars(argparse)  # argparse looks its words up through its module globals _ and ngettext (private: not in its stubs)
    english = words["_"], words["ngettext"]
    words["_"] = lambda message: ARGPARSE_FR.get(message, message)
    words["ngettext"] = lambda singular, plural, n: ARGPARSE_FR.get(singular if n == 1 else plural, singular if n == 1 else plural)
    try:
        yield
    finally:
        words["_"], words["ngettext"] = english


def run_diff(args: argparse.Namespace) -> int:
    """Print the fact changes between two states of a session; exit 0 whether or not something changed."""
    root = find_root()
    try:
        folders = session_folders(root / "data")
        if not args.session and args.ref_b is None and args.ref_a in folders:
            # `diff 2022`, as check, serve, build and publish take a session: a session folder, not a commit.
            args.session, args.ref_a = args.ref_a, None
        session = args.session or newest_session(root / "data")
        report = changelog.diff(root, session, args.ref_a, args.ref_b)
    except (changelog.ChangesError, NewSessionError) as error:
        print(f"Comparaison impossible : {error}", file=sys.stderr)
        return 1
    if report is None:
        print(f"Session {session} : aucune publication enregistrée (data/{session}/{changelog.CHANGELOG} absent ou vide). "
              f"La prochaine publication sera la « {changelog.INITIAL} » ; pour comparer deux commits : python3 tasks.py diff REF_A REF_B.")
    else:
        print(report.text())
    others = [] if args.session else [s for s in folders if s != session]
    if others:   # a correction of an older session is compared only when named
        print(f"(session {session}, la plus récente ; pour une autre : "
              + ", ".join(f"python3 tasks.py diff --session {s}" for s in others) + ")")
    return 0



# Each sub-command and the function that runs it.
COMMANDS = {"check": run_check, "new-session": run_new_session, "publish": run_publish, "diff": run_diff}

if __name__ == "__main__":
    sys.exit(main())
