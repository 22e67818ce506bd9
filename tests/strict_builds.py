"""`mkdocs build --strict` of many sessions of one project, in one process (imports paid once).

    python strict_builds.py PROJECT SESSION…

Each build goes through MkDocs' own command line (the `mkdocs` entry point, same options), with
HANDBOOK_SESSION set to the session; one JSON line per session: its exit code and everything it printed.
The bad-input corpus (test_bad_input.py) uses it so that 100+ refused builds take seconds, not minutes.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sys

from mkdocs.__main__ import cli


def build(session: str) -> tuple[int, str]:
    """One strict build; its exit code and output, as the `mkdocs` command would give them."""
    os.environ["HANDBOOK_SESSION"] = session
    output = io.StringIO()
    with contextlib.redirect_stderr(output), contextlib.redirect_stdout(output):
        try:
            cli.main(["build", "--strict", "--site-dir", os.path.join("sites", session)], prog_name="mkdocs")
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
    logging.getLogger("mkdocs").handlers.clear()   # MkDocs adds its stream handler on every invocation
    return code, output.getvalue()


if __name__ == "__main__":
    project, *sessions = sys.argv[1:]
    os.chdir(project)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    for name in sessions:
        code, printed = build(name)
        print(json.dumps({"session": name, "code": code, "output": printed}), flush=True)
