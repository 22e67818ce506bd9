"""Run a command; print, as one JSON line, its exit code, wall and CPU seconds and peak memory (bytes).

    python measured_run.py OUTPUT COMMAND [ARG…]      (what the command prints goes to the file OUTPUT)

Linux keeps a process's peak memory (ru_maxrss) across exec: a command started straight from a large process
(a test worker, the benchmark once it has written a national session) reports that process's peak, hundreds of
megabytes, not its own. Started from this small, fresh process, the command's peak is its own: this process's
few megabytes are all it inherits. tests/test_bad_input.py and scripts/benchmark.py measure through it.
"""

from __future__ import annotations

import json
import os
import sys
import time


def run(output: str, command: list[str]) -> dict[str, float | int]:
    """The command run to its end, its output in the file `output`; what it used, from its own rusage."""
    with open(output, "wb") as out:
        start = time.perf_counter()
        child = os.fork()
        if child == 0:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
            try:
                os.execvp(command[0], command)
            except OSError as error:   # not found, not executable: said, with a shell's exit code
                print(f"{command[0]} : {error.strerror}", file=sys.stderr, flush=True)
            os._exit(127)
        _, status, usage = os.wait4(child, 0)
        wall = time.perf_counter() - start
    return {"code": os.waitstatus_to_exitcode(status), "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "memory": usage.ru_maxrss * 1024}


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1], sys.argv[2:])))
