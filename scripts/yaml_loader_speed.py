"""How long `handbook check` takes at national scale, with libyaml (C) and with PyYAML's pure-Python parser.

Builds, in a temporary folder, the 2022 session with N centres and 5·N establishments (default 1,000 / 5,000),
then loads and checks it with each parser in turn, interleaved, and prints the medians and their ratio.

    .venv/bin/python scripts/yaml_loader_speed.py [--centres 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from handbook import yamlread  # noqa: E402
from handbook.load import load_session  # noqa: E402


def national_session(folder: Path, centres: int) -> Path:
    """data/2022 with `centres` written centres, five establishments each, counts that add up."""
    session = folder / "2022"
    shutil.copytree(ROOT / "data" / "2022", session)
    establishments = ["establishments:"]
    written = ["written_centres:"]
    # The real departments and centres stay (the calendar and livrets name them); written centres are new.
    lines = [(session / "centres.yml").read_text(encoding="utf-8").split("written_centres:", 1)[0].rstrip("\n")]
    for c in range(centres):
        lines += [f"  - id: centre-{c}", f"    name: Lycée numéro {c}", "    town: Toulouse", '    department: "31"',
                  f"    address: {c} rue de la République 31000 Toulouse"]
        written += [f"  - centre: centre-{c}", "    candidates: 100", "    origins:"]
        for e in range(5):
            eid = f"etablissement-{c}-{e}"
            establishments.append(f"  - {{id: {eid}, name: ETABLISSEMENT {c} {e}, candidates: 20}}")
            written.append(f"      - {{establishment: {eid}, label: Établissement {e}, candidates: 20}}")
    (session / "centres.yml").write_text("\n".join(lines + written) + "\n", encoding="utf-8")
    (session / "establishments.yml").write_text("\n".join(establishments) + "\n", encoding="utf-8")
    info = (session / "session.yml").read_text(encoding="utf-8")
    total = next(line for line in info.splitlines() if line.startswith("candidate_total:"))
    (session / "session.yml").write_text(info.replace(total, f"candidate_total: {centres * 100}"), encoding="utf-8")
    return session


def timed(parser: str, session: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one load_session with this parser (CPU time is what a busy machine does not skew)."""
    yamlread.DEFAULT_PARSER = parser
    wall, cpu = time.perf_counter(), time.process_time()
    load_session(session, label="data/2022")
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--centres", type=int, default=1000)
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()
    if "c" not in yamlread.PARSERS:
        print("PyYAML sans libyaml : rien à comparer (yaml.__with_libyaml__ est faux).")
        return 1
    with tempfile.TemporaryDirectory() as work:
        session = national_session(Path(work), args.centres)
        size = sum(p.stat().st_size for p in session.rglob("*.yml"))
        times: dict[str, list[tuple[float, float]]] = {"c": [], "python": []}
        for _ in range(args.runs):
            for parser in times:      # interleaved, so both see the same machine load
                times[parser].append(timed(parser, session))
    wall = {parser: statistics.median(w for w, _ in runs) for parser, runs in times.items()}
    cpu = {parser: statistics.median(c for _, c in runs) for parser, runs in times.items()}
    print(f"load_session (lecture YAML + modèle + contrôles), {args.centres} centres / {args.centres * 5} établissements, "
          f"{size / 1e6:.2f} Mo de YAML, médiane de {args.runs} :")
    print(f"{'':20s}{'horloge':>10s}{'CPU':>10s}")
    print(f"{'libyaml (C)':20s}{wall['c'] * 1000:8.0f} ms{cpu['c'] * 1000:7.0f} ms")
    print(f"{'PyYAML (Python)':20s}{wall['python'] * 1000:8.0f} ms{cpu['python'] * 1000:7.0f} ms")
    print(f"{'rapport Python/C':20s}{wall['python'] / wall['c']:9.1f} ×{cpu['python'] / cpu['c']:8.1f} ×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
