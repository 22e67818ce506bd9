"""Fast-tier fixtures: a synthetic session (scripts/synthetic_session.py) small enough to load in a moment."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from handbook.load import load_session

ROOT = Path(__file__).resolve().parents[2]


def synthetic_module():
    """scripts/synthetic_session.py, imported from its file (scripts/ is not a package)."""
    if "synthetic_session" not in sys.modules:
        spec = importlib.util.spec_from_file_location("synthetic_session", ROOT / "scripts" / "synthetic_session.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["synthetic_session"] = module
        spec.loader.exec_module(module)
    return sys.modules["synthetic_session"]


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    """40 centres, 160 establishments: centres writing for several lines, lines split over two centres,
    orals held in many centres."""
    folder = synthetic_module().write_session(tmp_path_factory.mktemp("data") / "2022", centres=40, establishments=160, seed=3)
    return load_session(folder)
