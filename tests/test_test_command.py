"""`python3 tasks.py test`: the data check, ruff on all our Python, mypy --strict on hooks/, then pytest; the first step that fails
stops the others and says which, in French. The steps' tools are faked here: the real ones run in CI itself."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
from conftest import BIN, ROOT

# The steps as the README announces them: (tool of .venv, its arguments), then the name a failure gives.
STEPS = [(("handbook", "check"), "vérification des données"), (("ruff", "check", "hooks/", "tests/", "scripts/", "tasks.py"), "ruff"),
         (("mypy", "--strict", "hooks/"), "mypy --strict"), (("pytest",), "pytest")]


@pytest.fixture
def tasks(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """tasks.py, loaded from the project folder, with nothing to install."""
    spec = importlib.util.spec_from_file_location("project_tasks", ROOT / "tasks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "setup", lambda: None)
    monkeypatch.setattr(module, "ensure_test_tools", lambda: None)
    return module


def fake_tools(monkeypatch: pytest.MonkeyPatch, tasks: ModuleType, failing: str | None = None) -> list[tuple[str, ...]]:
    """Record each tool run instead of running it; the `failing` tool exits 1."""
    ran: list[tuple[str, ...]] = []

    def run_tool(name: str, *args: str, env: dict[str, str] | None = None) -> int:
        ran.append((name, *args))
        return 1 if name == failing else 0

    monkeypatch.setattr(tasks, "run_tool", run_tool)
    return ran


def test_every_step_runs_in_order_and_only_pytest_gets_the_options(tasks, monkeypatch, capsys):
    ran = fake_tools(monkeypatch, tasks)
    assert tasks.main(["test", "-x", "tests/unit"]) == 0
    assert ran == [command for command, _ in STEPS[:-1]] + [("pytest", "-x", "tests/unit")]
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("failing", range(len(STEPS)))
def test_the_first_failing_step_stops_the_others_and_is_named(tasks, monkeypatch, capsys, failing):
    (tool, *_), name = STEPS[failing]
    ran = fake_tools(monkeypatch, tasks, failing=tool)
    assert tasks.main(["test"]) == 1
    assert ran == [command for command, _ in STEPS[:failing + 1]]
    assert f"Tests arrêtés : l'étape « {name} » a échoué (code 1)" in capsys.readouterr().err


def test_the_tools_of_every_step_are_installed():
    # Each step's tool comes with requirements.txt (handbook with the project itself), beside this pytest.
    for (tool, *_), _ in STEPS:
        assert (BIN / tool).exists(), tool
