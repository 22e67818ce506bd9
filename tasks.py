#!/usr/bin/env python3
"""Commandes du projet, sur une machine neuve avec seulement Python 3.11 (installation dans .venv/ au besoin) :

    python3 tasks.py serve [SESSION]          construire (--strict) puis servir l'aperçu sur http://127.0.0.1:8000
    python3 tasks.py build [SESSION]          construire le site dans site/ (remplacé seulement si la construction réussit)
    python3 tasks.py check [SESSION]          vérifier les données (toutes les sessions de data/, ou une seule)
    python3 tasks.py diff [SESSION]           les faits modifiés depuis la dernière publication, par page
    python3 tasks.py new-session [ANNÉE]      préparer la session suivante (options : --from SESSION)
    python3 tasks.py publish [SESSION]        publier (données, tests, construction, branche gh-pages)
    python3 tasks.py test [OPTIONS PYTEST]    tout ce que fait la CI : données, ruff, mypy --strict, puis les tests
    python3 tasks.py lock                     recalculer requirements.txt depuis requirements.in

SESSION : une année de data/ (défaut : 2022 pour serve et build, la plus récente pour publish).
Chaque commande tourne avec les outils de .venv/ et NO_MKDOCS_2_WARNING=1 ; `--help` après
serve, build, check, diff, new-session ou publish donne leurs options.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import venv
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
SITE = ROOT / "site"
PREVIEW_ADDRESS = "127.0.0.1:8000"


def main(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    if not argv or argv[0] not in COMMANDS:
        if argv:
            print(f"commande inconnue « {argv[0]} » — les commandes :", file=sys.stderr)
        print(__doc__)
        return 2
    return COMMANDS[argv[0]](argv[1:])


# What `serve --help` and `build --help` say, in French, before anything is installed or built (MkDocs' own help
# came after a whole build, in English).
COMMAND_HELP = {
    "serve": """python3 tasks.py serve [SESSION] [--dev-addr HÔTE:PORT]

Construit la session (2022 par défaut) en mode strict — une erreur de données ou de page s'arrête là, avec son
fichier et sa ligne —, puis sert l'aperçu sur http://127.0.0.1:8000 (ou --dev-addr), rechargé à chaque
modification de data/, docs/, templates/ ou overrides/. Ctrl+C pour finir. Les autres options sont celles de
« mkdocs serve ».""",
    "build": """python3 tasks.py build [SESSION]

Construit la session (2022 par défaut) en mode strict dans site/ ; site/ n'est remplacé que si la construction
réussit. Les autres options sont celles de « mkdocs build ».""",
}


def asked_help(command: str, args: list[str]) -> bool:
    """-h or --help among a command's arguments: its French help printed (True), nothing else done."""
    if not {"-h", "--help"} & set(args):
        return False
    print(COMMAND_HELP[command])
    return True


def serve(args: list[str]) -> int:
    """Build once with --strict into site/ (a data error stops here), then serve with live reload."""
    if asked_help("serve", args):
        return 0
    session, options = session_argument(args)
    address = dev_address(options)
    if address_taken(address or PREVIEW_ADDRESS):   # MkDocs would stop on a traceback in English
        print(f"L'adresse {address or PREVIEW_ADDRESS} est déjà prise : un aperçu tourne sans doute déjà (arrêtez-le avec "
              "Ctrl+C dans son terminal), ou un autre programme l'occupe. Autre adresse : "
              "python3 tasks.py serve --dev-addr 127.0.0.1:8001", file=sys.stderr)
        return 1
    setup()
    env = session_env(session, preview=True)
    return (build_site(env)
            or run_tool("mkdocs", "serve", "--strict", *([] if address else ["--dev-addr", PREVIEW_ADDRESS]), *options, env=env))


def dev_address(options: list[str]) -> str | None:
    """The address given to MkDocs, in any of its spellings (--dev-addr X, --dev-addr=X, -a X, -aX), or None."""
    for index, option in enumerate(options):
        if option in ("--dev-addr", "-a"):
            return options[index + 1] if index + 1 < len(options) else None
        for prefix in ("--dev-addr=", "-a"):
            if option.startswith(prefix) and len(option) > len(prefix):
                return option[len(prefix):]
    return None


def address_taken(address: str) -> bool:
    """Whether something already listens on host:port (IPv4 or [IPv6]); an address MkDocs would refuse is left to it."""
    import socket

    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=1):
            return True
    except (ValueError, OverflowError, OSError):   # nothing listens, or no such address: MkDocs says which
        return False


def build(args: list[str]) -> int:
    """`mkdocs build --strict` of one session into site/, swapped in only once complete."""
    if asked_help("build", args):
        return 0
    setup()
    session, options = session_argument(args)
    return build_site(session_env(session), *options)


def diff(args: list[str]) -> int:
    """`handbook diff`: the facts changed since the last publication, by page, in French."""
    setup()
    return run_tool("handbook", "diff", *args)


def check(args: list[str]) -> int:
    """`handbook check`: the data of every session (or one), every problem with its file, line and field."""
    setup()
    return run_tool("handbook", "check", *args)


def new_session(args: list[str]) -> int:
    """`handbook new-session`: draft the next session from the newest one."""
    setup()
    return run_tool("handbook", "new-session", *args)


def test(args: list[str]) -> int:
    """Everything CI runs, step by step (TEST_STEPS); the first step that fails stops the others."""
    setup()
    ensure_test_tools()
    for name, tool, *tool_args in TEST_STEPS:
        code = run_tool(tool, *tool_args, *(args if tool == "pytest" else ()))
        if code:
            print(f"Tests arrêtés : l'étape « {name} » a échoué (code {code}), les suivantes n'ont pas été lancées.", file=sys.stderr)
            return code
    return 0


# What `test` runs, in order: (the step's name in messages, a tool of .venv, its arguments); pytest also gets
# the command's own options. ruff reads all our Python; mypy --strict the hooks and the core (pyproject.toml).
TEST_STEPS = [
    ("vérification des données", "handbook", "check"),
    ("ruff", "ruff", "check", "hooks/", "tests/", "scripts/", "tasks.py"),
    ("mypy --strict", "mypy", "--strict", "hooks/"),
    ("pytest", "pytest"),
]


def publish(args: list[str]) -> int:
    """`handbook publish` (it checks, tests, builds, then deploys with mike); CI's publication job passes --skip-tests."""
    setup()
    if "--skip-tests" not in args:
        ensure_test_tools()
    return run_tool("handbook", "publish", *args)


def lock(args: list[str]) -> int:
    """Re-resolve requirements.in into the full pin list requirements.txt."""
    setup(requirements="requirements.in")
    frozen = subprocess.run([str(BIN / "pip"), "freeze", "--exclude-editable"], check=True, capture_output=True, text=True).stdout
    pins = [line for line in frozen.splitlines() if line and not line.startswith("-e") and not line.lower().startswith("bts-handbook")]
    header = "# Full lock of requirements.in (pip freeze); regenerate with: python3 tasks.py lock"
    (ROOT / "requirements.txt").write_text("\n".join([header, *pins]) + "\n", encoding="utf-8")
    return 0


def setup(requirements: str = "requirements.txt") -> None:
    """Create .venv and install the pinned requirements and the project, once per lock change."""
    if not (BIN / "python").exists():
        print("Création de l'environnement virtuel .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock_file = ROOT / requirements
    stamp = VENV / ".installed"
    digest = hashlib.sha256(lock_file.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installation des dépendances ({requirements}) …", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-r", str(lock_file)], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    stamp.write_text(digest)


# Debian packages the browser, document and reproducibility tests drive, by the program they provide.
TEST_TOOLS = {"/usr/bin/chromium": "chromium", "/usr/bin/pdftoppm": "poppler-utils", "/usr/bin/faketime": "faketime"}


def ensure_test_tools() -> None:
    """Debian's Chromium, poppler's pdftoppm and faketime; installed when missing and we may (never a downloaded browser)."""
    missing = [package for program, package in TEST_TOOLS.items() if not Path(program).exists()]
    if not missing:
        return
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        print(f"Installation de {', '.join(missing)} (Debian) pour les tests …", flush=True)
        subprocess.run([apt, "update", "-qq"], check=True)
        subprocess.run([apt, "install", "-y", "-qq", *missing], check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    else:
        print(f"À installer pour les tests : apt-get install -y {' '.join(missing)}", file=sys.stderr)


def build_site(env: dict[str, str], *options: str) -> int:
    """Build into a fresh folder beside site/ and swap it in on success: a failed build leaves the last good site."""
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=ROOT))
    try:
        built = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(staging), *options],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        # MkDocs ends a failed build with one line of English on stdout; the French reason is already on stderr.
        said = [line for line in built.stdout.splitlines() if line.strip() and not line.startswith("Aborted with ")]
        print(*said, sep="\n", end="\n" if said else "")
        if built.returncode:
            kept = "garde la dernière construction réussie" if SITE.exists() else "n'a pas été créé"
            why = (" en mode strict, un avertissement (WARNING) arrête la construction ;"
                   if "in strict mode!" in built.stdout else "")
            print(f"Construction échouée (message ci-dessus) :{why} {SITE.name}/ {kept}.", file=sys.stderr)
            return built.returncode
        swap_in(staging, SITE)
        print(f"Site construit dans {SITE.name}/.")
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap_in(built: Path, target: Path) -> None:
    # Two renames on one file system: target/ is the old site or the new one, never a half-written one.
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=target.parent))
        target.rename(old / target.name)
        built.rename(target)
        shutil.rmtree(old)
    else:
        built.rename(target)


def session_argument(args: list[str]) -> tuple[str | None, list[str]]:
    # An optional session year first (serve 2023, build 2023); any other argument goes to MkDocs.
    if args and args[0].isdigit():
        return args[0], args[1:]
    return None, args


def session_env(session: str | None, *, preview: bool = False) -> dict[str, str]:
    """The tools' environment, with HANDBOOK_SESSION when a session is named."""
    env = tool_env()
    if session:
        env["HANDBOOK_SESSION"] = session
    if preview:  # served at the root of PREVIEW_ADDRESS, whatever public address the shell sets
        env.pop("HANDBOOK_SITE_URL", None)
    return env


def tool_env() -> dict[str, str]:
    # The tools of .venv first on PATH, without MkDocs' English end-of-life banner.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def run_tool(name: str, *args: str, env: dict[str, str] | None = None) -> int:
    """Run a tool of .venv from the project folder with the project's environment. On Ctrl+C the tool is given time
    to stop by itself (subprocess.run would kill it a quarter of a second later: the preview left its copy of the
    site in the temporary folder)."""
    tool = subprocess.Popen([str(BIN / name), *args], cwd=ROOT, env=env or tool_env())
    try:
        return tool.wait()
    except KeyboardInterrupt:
        stop(tool)
        raise


# After Ctrl+C, the seconds the tool is waited for: then asked to stop (Ctrl+C again), then terminated, then killed.
# The terminal sends Ctrl+C to the tool too; one sent to this script alone (an editor's stop button) is passed on
# after the first wait.
STOP_WAITS = (10, 10, 5, None)


def stop(tool: subprocess.Popen[bytes]) -> None:
    """Wait for a tool to end after Ctrl+C, asking more firmly at each step; Ctrl+C pressed again goes to the next."""
    asks: tuple[Callable[[], object], ...] = (lambda: None, lambda: interrupt(tool), tool.terminate, tool.kill)
    for ask, seconds in zip(asks, STOP_WAITS, strict=True):
        if tool.poll() is None:
            ask()
        try:
            tool.wait(timeout=seconds)
            return
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            continue


def interrupt(tool: subprocess.Popen[bytes]) -> None:
    # Ctrl+C sent to the tool; Windows sends none to another process (the next step terminates it).
    try:
        tool.send_signal(signal.SIGINT)
    except (ValueError, OSError):
        pass


# Each command and the function that runs it.
COMMANDS = {"serve": serve, "build": build, "check": check, "diff": diff, "new-session": new_session, "publish": publish,
            "test": test, "lock": lock}

if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:   # Ctrl+C: the usual end of the preview, said in one line rather than a traceback
        print("\nArrêté (Ctrl+C).", file=sys.stderr)
        sys.exit(130)
