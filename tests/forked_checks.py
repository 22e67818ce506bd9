"""`handbook check SESSION` for many sessions of one project, each in a process of its own forked after the imports.

    python forked_checks.py PROJECT SESSION…

Each check runs the command's own entry point (handbook.cli:main, the `handbook` script) in a child forked
from this process once it has imported the command; what the child prints goes to a file, as from a terminal.
One JSON line per session: its exit code, everything it printed, and what a fresh `handbook check` process
would have used: CPU, the child's seconds plus this process's own before the fork (interpreter start and
imports, paid once here); memory, an upper bound of its peak: this process's peak before the fork plus the
child's (the pages they share are counted twice).
The bad-input corpus (test_bad_input.py) uses it so that 130 checks pay for 130 checks, not 130 interpreter
starts; a few cases also run the real `handbook` command there, which must say the same.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import traceback

from handbook.cli import main


def startup() -> tuple[float, int]:
    """CPU seconds and peak memory (bytes) of this process so far: the interpreter's start and the command's imports.
    The peak is this process's own (VmHWM): ru_maxrss would hold the test worker's that started it (Linux keeps it
    across exec). The children's, from wait4, are their own."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open("/proc/self/status", encoding="ascii") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    return usage.ru_utime + usage.ru_stime, peak * 1024


def check(session: str, before_fork: tuple[float, int]) -> dict:
    """`handbook check SESSION` in a forked child; its exit code, output, CPU seconds and peak memory."""
    with tempfile.TemporaryFile() as output:
        sys.stdout.flush()
        sys.stderr.flush()
        child = os.fork()
        if child == 0:
            os.dup2(output.fileno(), 1)
            os.dup2(output.fileno(), 2)
            os._exit(run_command(["check", session]))
        _, status, usage = os.wait4(child, 0)
        output.seek(0)
        printed = output.read().decode("utf-8", errors="replace")
    return {"session": session, "code": os.waitstatus_to_exitcode(status), "output": printed,
            "cpu": before_fork[0] + usage.ru_utime + usage.ru_stime, "memory": before_fork[1] + usage.ru_maxrss * 1024}


def run_command(argv: list[str]) -> int:
    """What the `handbook` script does with main(): its return value is the exit code; an uncaught error
    prints its traceback and exits with 1, as Python does."""
    try:
        code = main(argv)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code


if __name__ == "__main__":
    project, *sessions = sys.argv[1:]
    os.chdir(project)
    spent = startup()
    for name in sessions:
        print(json.dumps(check(name, spent)), flush=True)
