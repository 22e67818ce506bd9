#!/usr/bin/env python3
"""The project's two entry points, for a fresh machine with only Python 3.11.

    python3 tasks.py serve   set up, build the 2022 handbook strictly, serve it on http://127.0.0.1:8000
    python3 tasks.py test    set up (Chromium included) and run the whole test suite
    python3 tasks.py publish [SESSION]   set up, then `handbook publish` (check, tests, strict build, gh-pages)

Setup is idempotent: a virtual environment in .venv/, reinstalled only when requirements.txt changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[argv[0]](argv[1:])


def serve(args: list[str]) -> int:
    """Build once with --strict (a data error stops here), then serve with live reload."""
    setup()
    build = run_tool("mkdocs", "build", "--strict", "--site-dir", str(ROOT / "site"))
    if build:
        return build
    return run_tool("mkdocs", "serve", "--strict", "--dev-addr", "127.0.0.1:8000", *args)


def test(args: list[str]) -> int:
    """Everything CI runs: the data check, then pytest (unit, build, browser)."""
    setup()
    ensure_test_tools()
    return run_tool("handbook", "check") or run_tool("pytest", *args)


def publish(args: list[str]) -> int:
    """What CI runs on push to main: `handbook publish` (it checks, tests, builds, then deploys with mike)."""
    setup()
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


# Debian packages the browser and document tests drive, by the program they provide.
TEST_TOOLS = {"/usr/bin/chromium": "chromium", "/usr/bin/pdftoppm": "poppler-utils"}


def ensure_test_tools() -> None:
    """Debian's Chromium and poppler's pdftoppm; installed when missing and we may (never a downloaded browser)."""
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


def run_tool(name: str, *args: str) -> int:
    """Run a tool of .venv with the project's environment."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([str(BIN / name), *args], cwd=ROOT, env=env).returncode


# Each command and the function that runs it.
COMMANDS = {"serve": serve, "test": test, "publish": publish, "lock": lock}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
