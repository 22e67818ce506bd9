#!/usr/bin/env python3
"""How fast and how big the handbook builds, against plain MkDocs + Material measured in the same run.

    .venv/bin/python scripts/benchmark.py [build] [--quick | --sizes 2022,100x500,...] [--repeat K] [--json FILE]
    .venv/bin/python scripts/benchmark.py serve [--repeat K]
    .venv/bin/python scripts/benchmark.py profile SIZE [--stages | --memory] [--out DIR]
    .venv/bin/python scripts/benchmark.py table FILE.json [...]

build    For each size (a session of data/, e.g. 2022, or a synthetic CENTRESxESTABLISHMENTS made by
         scripts/synthetic_session.py), builds in turn, interleaved (A B A B … so that the machine's
         noise falls on every variant alike), k times each, and prints medians with ratios:
           - the handbook, as `mkdocs build` builds it: first with its cache (.cache/: downloads and compiled
             templates) emptied ("manuel, sans cache": a first build, CI), then again on the cache that build
             left ("manuel": a rebuild);
           - plain MkDocs + Material with as many one-paragraph pages, out of the nav ("pages triviales");
           - for a session of data/ (or every size with --dump-all): plain MkDocs + Material on the very
             pages the handbook renders, dumped as Markdown ("mêmes pages"): the ratio is the cost of
             our hooks and theme overrides;
           - `handbook check` of the same data.
         Each build is a child process (`python -m mkdocs build`, NO_MKDOCS_2_WARNING=1, HANDBOOK_*
         cleared then set): wall time, CPU time (user + sys of the child), peak RSS of the child,
         output size (all, HTML, .ics), search index size, ms per page.
serve    Starts `mkdocs serve` on a copy of the 2022 project, edits data/2022/contacts.yml and polls the
         page until the new value is served: the latency of a data edit under serve (median), and the
         server's CPU time for it.
profile  One build of SIZE under cProfile (top functions by own and cumulative time, all code and the
         project's) with a timeline of MkDocs' stages (time, RSS). --stages: no cProfile, the timeline
         and the CPU time of each hook's handler of each event and of MkDocs' steps, as in a normal
         build; --memory: tracemalloc's largest allocation sites at the end of the Markdown stage and
         of the build.
table    Prints the table of runs saved with build --json, to compare them.

Times depend on the machine: compare ratios measured in the same run, never absolute times.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_index_size import PARTS  # noqa: E402
from synthetic_session import reference_year, write_session  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MEASURED_RUN = Path(__file__).resolve().parent / "measured_run.py"   # runs a child whose peak memory is its own
PROJECT_PARTS = tuple(part for part in PARTS if part != "data")   # data/ gets the one session measured
SYNTHETIC_YEAR = reference_year()   # synthetic data keep the reference session's dates, so its year
DEFAULT_SIZES = ("2022", "100x500", "500x2500", "1000x5000")
QUICK_SIZES = ("2022", "100x500")

# The variants of one size, in the order each round builds them, and how the table names them.
# "cold" is the handbook built with its cache (.cache/, downloads and compiled templates) emptied first, as
# a first build or CI does; "ours" is the build just after it, as a rebuild finds the cache.
COLD, OURS, DUMP, TRIVIAL, CHECK = "cold", "ours", "dump", "trivial", "check"
VARIANT_LABELS = {COLD: "manuel, sans cache", OURS: "manuel", DUMP: "MkDocs, mêmes pages", TRIVIAL: "MkDocs, pages triviales",
                  CHECK: "handbook check"}
HANDBOOK_VARIANTS = (OURS, COLD)
RATIO_LABELS = {(OURS, DUMP): "rapport / mêmes pages", (OURS, TRIVIAL): "rapport / pages triviales",
                (COLD, DUMP): "sans cache / mêmes pages", (COLD, TRIVIAL): "sans cache / pages triviales"}
BASELINES = (DUMP, TRIVIAL)

MIB = 1024 * 1024
MB = 1000 * 1000


# --- measurements ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """One child process: wall and CPU seconds, peak resident memory in bytes."""

    wall: float
    cpu: float
    peak_rss: int


@dataclass(frozen=True)
class Output:
    """What a build wrote: pages (HTML files but 404.html) and bytes (all, HTML, .ics, search index)."""

    pages: int
    total: int
    html: int
    ics: int
    search: int


@dataclass
class Measure:
    """The runs of one variant at one size, and its output; medians are what the table shows."""

    variant: str
    runs: list[Run] = field(default_factory=list)
    output: Output | None = None

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_rss(self) -> float:
        return statistics.median(r.peak_rss for r in self.runs)

    @property
    def ms_per_page(self) -> float | None:
        return 1000 * self.wall / self.output.pages if self.output and self.output.pages else None


@dataclass
class SizeResult:
    """Every variant measured at one size."""

    size: str
    measures: dict[str, Measure] = field(default_factory=dict)


# Ratio columns: (name, how to read it from a measure); None when the measure has no such value.
RATIO_FIELDS = {
    "wall": lambda m: m.wall,
    "cpu": lambda m: m.cpu,
    "ms_per_page": lambda m: m.ms_per_page,
    "peak_rss": lambda m: m.peak_rss,
    "output": lambda m: m.output.total if m.output else None,
    "search": lambda m: m.output.search if m.output else None,
}


def ratios(ours: Measure, baseline: Measure) -> dict[str, float | None]:
    """ours / baseline for each ratio column (None where a value is missing or zero)."""
    result: dict[str, float | None] = {}
    for name, read in RATIO_FIELDS.items():
        mine, theirs = read(ours), read(baseline)
        result[name] = mine / theirs if mine is not None and theirs else None
    return result


# Table columns: (header, width, how to show a measure).
COLUMNS = (
    ("pages", 6, lambda m: f"{m.output.pages:,}" if m.output else ""),
    ("mur s", 8, lambda m: f"{m.wall:.2f}"),
    ("CPU s", 8, lambda m: f"{m.cpu:.2f}"),
    ("ms/page", 8, lambda m: f"{m.ms_per_page:.1f}" if m.ms_per_page is not None else ""),
    ("RSS Mio", 8, lambda m: f"{m.peak_rss / MIB:.0f}"),
    ("sortie Mo", 10, lambda m: f"{m.output.total / MB:.1f}" if m.output else ""),
    ("HTML Mo", 8, lambda m: f"{m.output.html / MB:.1f}" if m.output else ""),
    (".ics Mo", 8, lambda m: f"{m.output.ics / MB:.1f}" if m.output else ""),
    ("index ko", 9, lambda m: f"{m.output.search / 1000:,.0f}" if m.output else ""),
    ("n", 3, lambda m: str(len(m.runs))),
)
# Which ratio sits under which column.
RATIO_COLUMNS = {"mur s": "wall", "CPU s": "cpu", "ms/page": "ms_per_page", "RSS Mio": "peak_rss",
                 "sortie Mo": "output", "index ko": "search"}
LABEL_WIDTH = 37


def render_table(results: Iterable[SizeResult]) -> str:
    """The benchmark table: each size's variants, then ours/baseline ratios, then `handbook check` times."""
    results = list(results)
    header = f"{'taille (centres / établ.), variante':<{LABEL_WIDTH}}" + "".join(f"{name:>{width}}" for name, width, _ in COLUMNS)
    lines = [header, "-" * len(header)]
    for result in results:
        lines.append(size_title(result.size))
        for variant in (*HANDBOOK_VARIANTS, *BASELINES):
            measure = result.measures.get(variant)
            if not measure or not measure.runs:
                continue
            lines.append(f"  {VARIANT_LABELS[variant]:<{LABEL_WIDTH - 2}}" + "".join(f"{show(measure):>{width}}" for _, width, show in COLUMNS))
        for mine in HANDBOOK_VARIANTS:
            ours = result.measures.get(mine)
            for variant in BASELINES:
                baseline = result.measures.get(variant)
                if ours and ours.runs and baseline and baseline.runs:
                    values = ratios(ours, baseline)
                    cells = []
                    for name, width, _ in COLUMNS:
                        value = values.get(RATIO_COLUMNS.get(name, ""))
                        cells.append(f"{value:.2f}×".rjust(width) if value is not None else " " * width)
                    lines.append(f"  {RATIO_LABELS[(mine, variant)]:<{LABEL_WIDTH - 2}}" + "".join(cells))
    checks = [(r.size, r.measures[CHECK]) for r in results if r.measures.get(CHECK) and r.measures[CHECK].runs]
    if checks:
        lines += ["", "handbook check (médiane) :"]
        lines += [f"  {size_title(size):<{LABEL_WIDTH - 2}}{m.wall:>8.2f} s mur {m.cpu:>8.2f} s CPU {m.peak_rss / MIB:>6.0f} Mio"
                  for size, m in checks]
    for variant in HANDBOOK_VARIANTS:
        flat = per_page_trend(results, variant)
        if flat:
            lines += ["", f"ms par page ({VARIANT_LABELS[variant]} ; mur, CPU), rapportées à la plus petite taille synthétique :"]
            lines += [f"  {size_title(size):<{LABEL_WIDTH - 2}}{ms:>8.1f} ms {relative:>6.2f}× ; {cpu_ms:>8.1f} ms CPU {cpu_relative:>6.2f}×"
                      for size, ms, relative, cpu_ms, cpu_relative in flat]
    return "\n".join(line.rstrip() for line in lines)


def per_page_trend(results: Iterable[SizeResult], variant: str = OURS) -> list[tuple[str, float, float, float, float]]:
    """(size, wall ms per page, relative to the first synthetic size, CPU ms per page, relative) of one handbook
    variant at the synthetic sizes: a linear build keeps them flat."""
    points = [(r.size, r.measures[variant]) for r in results
              if parse_size(r.size) and r.measures.get(variant) and r.measures[variant].runs and r.measures[variant].ms_per_page]
    if not points:
        return []
    cpu_ms = lambda m: 1000 * m.cpu / m.output.pages  # noqa: E731
    first = points[0][1]
    return [(size, m.ms_per_page, m.ms_per_page / first.ms_per_page, cpu_ms(m), cpu_ms(m) / cpu_ms(first)) for size, m in points]


def size_title(size: str) -> str:
    # "1000x5000" -> "synthétique 1 000 / 5 000" (centres / establishments), "2022" -> "session 2022".
    parsed = parse_size(size)
    return f"synthétique {parsed[0]:,} / {parsed[1]:,}".replace(",", "\u202f") if parsed else f"session {size}"


def parse_size(size: str) -> tuple[int, int] | None:
    """"100x500" -> (100, 500); a session name ("2022") -> None."""
    match = re.fullmatch(r"(\d+)x(\d+)", size)
    return (int(match.group(1)), int(match.group(2))) if match else None


# --- child processes -------------------------------------------------------------------------

def child_env(session: str) -> dict[str, str]:
    """The environment of every child: no HANDBOOK_* from the caller, then the session set explicitly."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDBOOK_")}
    # Staff machines cache bytecode: a child must not recompile the project's modules on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(NO_MKDOCS_2_WARNING="1", HANDBOOK_SESSION=session, PYTHONUNBUFFERED="1")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def run_measured(argv: list[str], cwd: Path, env: dict[str, str], log: Path) -> Run:
    """Run a child to its end, its output in `log`; its own rusage gives CPU time and peak RSS (started from
    scripts/measured_run.py: a child of this process would report this process's peak as its own)."""
    launched = subprocess.run([sys.executable, str(MEASURED_RUN), str(log), *argv], cwd=cwd, env=env,
                              capture_output=True, text=True, check=True)
    used = json.loads(launched.stdout)
    if used["code"]:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"échec ({used['code']}) de {' '.join(argv)} dans {cwd} :\n{tail}")
    return Run(used["wall"], used["cpu"], used["memory"])


def build_command(site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)]


def check_command(project: Path, session: str) -> list[str]:
    return [sys.executable, "-m", "handbook.cli", "check", session, "--data", str(project / "data")]


def measure_output(site: Path) -> Output:
    """Pages and bytes of a built site."""
    pages = total = html = ics = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix == ".html":
            html += size
            pages += path.name != "404.html"
        elif path.suffix == ".ics":
            ics += size
    index = site / "search" / "search_index.json"
    return Output(pages, total, html, ics, index.stat().st_size if index.exists() else 0)


# --- projects --------------------------------------------------------------------------------

def copy_project(target: Path, size: str) -> Path:
    """The handbook's sources with one session in data/<session>/: a session of data/ or a synthetic one."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target / part)
    parsed = parse_size(size)
    if parsed:
        write_session(target / "data" / SYNTHETIC_YEAR, *parsed, seed=0)
    else:
        shutil.copytree(ROOT / "data" / size, target / "data" / size)
    return target


def session_of(size: str) -> str:
    return SYNTHETIC_YEAR if parse_size(size) else size


def our_config() -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (!ENV resolved)."""
    from mkdocs.utils.yaml import yaml_load
    return yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def write_config(project: Path, config: dict[str, Any]) -> None:
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


# A paragraph of plausible French for the trivial pages (the same on each page).
PARAGRAPH = ("Les candidats sont convoqués au centre d'épreuves indiqué sur leur convocation. Ils se présentent "
             "une demi-heure avant le début de l'épreuve, munis d'une pièce d'identité en cours de validité. "
             "Aucun candidat n'est admis dans la salle après l'ouverture des enveloppes de sujets.")


def trivial_project(target: Path, pages: int) -> Path:
    """Plain MkDocs + Material (our theme, language and Markdown extensions, no hooks): one page in
    the nav and the rest, one paragraph each, out of it."""
    ours = our_config()
    docs = target / "docs"
    (docs / "p").mkdir(parents=True)
    (docs / "index.md").write_text(f"# Accueil\n\n{PARAGRAPH}\n", encoding="utf-8")
    for number in range(1, pages):
        (docs / "p" / f"{number:05d}.md").write_text(f"# Page {number}\n\n{PARAGRAPH}\n", encoding="utf-8")
    write_config(target, {
        "site_name": "Référence MkDocs",
        "docs_dir": "docs",
        "use_directory_urls": True,
        "theme": {key: value for key, value in ours["theme"].items() if key != "custom_dir"},
        "plugins": [{"search": {"lang": "fr"}}],
        "markdown_extensions": ours.get("markdown_extensions", []),
        "nav": [{"Accueil": "index.md"}],
        "not_in_nav": "/p/\n",
    })
    return target


# A hook added to a copy of the project, to dump what it renders: each page's Markdown after our
# hooks (front matter back on top), the HTML appended after Markdown (printable page), and the
# configuration values hooks set (site name, extra, search options, nav pages).
CAPTURE_HOOK = '''
import dataclasses, json
from pathlib import Path
import yaml
from mkdocs.plugins import CombinedEvent, event_priority

DUMP = Path(__file__).resolve().parent / "dump"
_markdown, _html, _nav = {}, {}, []

@event_priority(-1000)
def on_nav(nav, config, files):
    _nav[:] = [page.file.src_uri for page in nav.pages]
    return nav

@event_priority(-1000)
def on_page_markdown(markdown, page, config, files):
    # The macros' HTML blocks are markers at this point (handbook.render.HtmlBlocks): dump them drawn.
    from handbook_context import context
    _markdown[page.file.src_uri] = context(config).renderer.blocks.drawn(markdown)
    return markdown

@event_priority(102)
def _before_appending(context, page, config, nav):
    # The page's HTML as it will be written, once its blocks are back (110) and its French spacing made (105), before
    # the search hook lends it to the indexer (100 until -100) and hooks/printable_page.py (0) appends chapters.
    _html[page.file.src_uri] = page.content or ""
    return context

@event_priority(-1000)
def _dump(context, page, config, nav):
    source = page.file.src_uri
    before, content = _html.pop(source, ""), page.content or ""
    appended = content[len(before):] if before and content.startswith(before) else ""
    meta = json.loads(json.dumps(page.meta, default=str))
    text = ("---\\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\\n\\n" if meta else "") + _markdown[source]
    if appended.strip():
        text += "\\n\\n" + appended.strip() + "\\n"
    target = DUMP / "docs" / source
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return context

on_page_context = CombinedEvent(_before_appending, _dump)

def _plain(value):
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    return str(value)

@event_priority(-1000)
def on_post_build(config):
    search = next((config.plugins[n].config for n in ("material/search", "search") if n in config.plugins), {})
    captured = {"site_name": config.site_name, "extra": dict(config.extra), "nav_pages": _nav,
                "search": {key: search.get(key) for key in ("lang", "separator", "pipeline") if search.get(key) is not None}}
    (DUMP / "config.json").write_text(json.dumps(captured, default=_plain, ensure_ascii=False), encoding="utf-8")
'''


def dump_project(ours: Path, target: Path, session: str, logs: Path) -> Path:
    """Build a copy of our project once with the capture hook, then lay its pages out as a plain
    MkDocs project: same theme options (Material's own templates), nav, extensions, assets and
    search options; no hooks, no theme overrides."""
    capture = target.parent / f"{target.name}-capture"
    shutil.copytree(ours, capture, ignore=shutil.ignore_patterns("site"))
    (capture / "bench_capture.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    config_text = (capture / "mkdocs.yml").read_text(encoding="utf-8")
    if "\nhooks:\n" not in config_text:
        raise SystemExit("mkdocs.yml n'a plus de liste « hooks: » : capture des pages impossible")
    (capture / "mkdocs.yml").write_text(config_text.replace("\nhooks:\n", "\nhooks:\n  - bench_capture.py\n", 1), encoding="utf-8")
    # Listed first, it runs last anyway (priority -1000); dumped pages are what every other hook made.
    run_measured(build_command(capture / "site"), capture, child_env(session), logs / f"{target.name}-capture.log")
    dumped = capture / "dump"
    captured = json.loads((dumped / "config.json").read_text(encoding="utf-8"))
    target.mkdir(parents=True)
    shutil.copytree(dumped / "docs", target / "docs")
    for static in (ROOT / "docs").rglob("*"):  # stylesheets, scripts, images: copied as MkDocs copies them
        if static.is_file() and static.suffix != ".md":
            (target / "docs" / static.relative_to(ROOT / "docs")).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(static, target / "docs" / static.relative_to(ROOT / "docs"))
    config = our_config()
    for key in ("hooks", "watch", "site_url"):
        config.pop(key, None)
    # Material's own templates: our overrides read what hooks give the theme (plain MkDocs has none of it).
    config["theme"] = {key: value for key, value in config["theme"].items() if key != "custom_dir"}
    config.update(site_name=captured["site_name"], extra=captured["extra"], strict=False,
                  plugins=[{"search": captured["search"]}],
                  not_in_nav=not_in_nav(captured["nav_pages"], target / "docs"))
    config = {key: value for key, value in config.items() if value is not None}
    write_config(target, config)
    shutil.rmtree(capture)
    return target


def not_in_nav(nav_pages: list[str], docs: Path) -> str:
    """gitignore-style lines for the pages out of the nav: a folder's pages at once, less those in the nav."""
    in_nav = set(nav_pages)
    out = [page.relative_to(docs).as_posix() for page in docs.rglob("*.md")]
    out = [source for source in out if source not in in_nav]
    lines: list[str] = []
    for folder in sorted({str(Path(source).parent) for source in out}):
        if folder == ".":
            lines += sorted(f"/{source}" for source in out if "/" not in source)
            continue
        lines.append(f"/{folder}/*.md")
        lines += sorted(f"!/{source}" for source in in_nav if str(Path(source).parent) == folder)
    return "\n".join(lines) + "\n"


# --- the build benchmark ---------------------------------------------------------------------

def default_repeat(size: str) -> int:
    """Medians over 5 runs for a real session, 3 for small synthetic sizes, one run for the big ones."""
    parsed = parse_size(size)
    if not parsed:
        return 5
    return 3 if sum(parsed) <= 1000 else 1


def bench_size(size: str, work: Path, repeat: int, dump: bool, log=print) -> SizeResult:
    """Every variant of one size, interleaved round by round."""
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    session = session_of(size)
    env = child_env(session)
    projects: dict[str, Path] = {OURS: copy_project(work / size / "ours", size)}
    if dump:
        log(f"  capture des pages rendues ({size}) …")
        projects[DUMP] = dump_project(projects[OURS], work / size / "dump", session, logs)
    projects[COLD] = projects[OURS]   # the same project, its cache emptied before each of its builds
    result = SizeResult(size, {variant: Measure(variant) for variant in (COLD, OURS, *([DUMP] if dump else []), TRIVIAL, CHECK)})
    for round_number in range(1, repeat + 1):
        for variant, measure in result.measures.items():
            if variant == TRIVIAL and TRIVIAL not in projects:  # as many pages as ours built
                projects[TRIVIAL] = trivial_project(work / size / "trivial", result.measures[OURS].output.pages)
            if variant == CHECK:
                run = run_measured(check_command(projects[OURS], session), projects[OURS], env, logs / f"{size}-check.log")
            else:
                if variant == COLD:
                    shutil.rmtree(projects[COLD] / ".cache", ignore_errors=True)
                site = work / size / f"{variant}-site"
                shutil.rmtree(site, ignore_errors=True)  # removing a big site is not the build's work
                run = run_measured(build_command(site), projects[variant], env, logs / f"{size}-{variant}.log")
                measure.output = measure_output(site)
                shutil.rmtree(site, ignore_errors=True)
            measure.runs.append(run)
            log(f"  {size} {round_number}/{repeat} {VARIANT_LABELS[variant]:<24} {run.wall:8.2f} s mur {run.cpu:8.2f} s CPU "
                f"{run.peak_rss / MIB:7.0f} Mio")
    return result


def command_build(args: argparse.Namespace) -> int:
    sizes = QUICK_SIZES if args.quick else tuple(s.strip() for s in args.sizes.split(",") if s.strip())
    for size in sizes:
        if not parse_size(size) and not (ROOT / "data" / size).is_dir():
            print(f"taille inconnue « {size} » : attendu une session de data/ (2022) ou CENTRESxÉTABLISSEMENTS (100x500)", file=sys.stderr)
            return 2
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-", dir=args.work))
    results: list[SizeResult] = []
    try:
        for size in sizes:
            repeat = args.repeat or default_repeat(size)
            print(f"{size_title(size)} : {repeat} tour(s)", flush=True)
            results.append(bench_size(size, work, repeat, dump=args.dump_all or not parse_size(size),
                                      log=lambda line: print(line, flush=True)))
            if args.json:  # written after each size: a long run keeps what it measured
                write_json(args.json, results)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"projets gardés dans {work}")
    print()
    print(f"Mesures du {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cœurs, médianes (n = tours) :")
    print(render_table(results))
    return 0


def write_json(path: Path, results: list[SizeResult]) -> None:
    data = {"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "cpus": os.cpu_count(),
            "results": [dataclasses.asdict(r) for r in results]}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


def read_json(path: Path) -> list[SizeResult]:
    """The results of an earlier run, as write_json wrote them."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [SizeResult(r["size"], {variant: Measure(m["variant"], [Run(**run) for run in m["runs"]],
                                                    Output(**m["output"]) if m["output"] else None)
                                   for variant, m in r["measures"].items()})
            for r in data["results"]]


def command_table(args: argparse.Namespace) -> int:
    """Print the table of earlier runs (JSON written by --json), one after the other."""
    for path in args.files:
        data = json.loads(path.read_text(encoding="utf-8"))
        print(f"{path} : mesures du {data.get('date', '?')}, {data.get('cpus', '?')} cœurs")
        print(render_table(read_json(path)))
        print()
    return 0


# --- serve latency ---------------------------------------------------------------------------

# What the serve benchmark edits: a value shown on a page, and the page that shows it.
SERVE_FILE, SERVE_VALUE, SERVE_PAGE = "contacts.yml", "05 36 25 71 28", "contacts/"


def command_serve(args: argparse.Namespace) -> int:
    """Median time from a saved data edit to the page served with the new value, under `mkdocs serve`."""
    work = Path(tempfile.mkdtemp(prefix="handbook-serve-", dir=args.work))
    project = copy_project(work / "project", args.session)
    port = free_port()
    url = f"http://127.0.0.1:{port}/{SERVE_PAGE}"
    # TMPDIR: the folder mkdocs serve builds in is under `work`, removed below however the server stops.
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env={**child_env(args.session), "TMPDIR": str(work)}, stdout=subprocess.DEVNULL,
                              stderr=open(work / "serve.log", "wb"))
    latencies: list[float] = []
    cpu: list[float] = []
    try:
        if not poll(url, SERVE_VALUE, 120):
            raise SystemExit(f"mkdocs serve n'a pas servi {url} (journal : {work / 'serve.log'})")
        data = project / "data" / args.session / SERVE_FILE
        previous = SERVE_VALUE
        for number in range(1, args.repeat + 1):
            time.sleep(args.pause)  # let the watcher settle after the previous build
            value = f"05 36 25 {90 + number:02d} {number:02d}"
            text = data.read_text(encoding="utf-8")
            cpu_before = process_cpu(server.pid)
            data.write_text(text.replace(previous, value), encoding="utf-8")
            start = time.perf_counter()
            if not poll(url, value, 120):
                raise SystemExit(f"la modification n'est pas apparue sur {url}")
            latencies.append(time.perf_counter() - start)
            cpu.append(process_cpu(server.pid) - cpu_before)
            previous = value
            print(f"  modification {number}/{args.repeat} : {latencies[-1]:.2f} s ({cpu[-1]:.2f} s CPU du serveur)", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print(f"Modification d'une donnée sous mkdocs serve (session {args.session}, page /{SERVE_PAGE}) : "
          f"médiane {statistics.median(latencies):.2f} s (min {min(latencies):.2f}, max {max(latencies):.2f}, n = {len(latencies)}), "
          f"{statistics.median(cpu):.2f} s CPU du serveur")
    return 0


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a running process, all its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def poll(url: str, text: str, seconds: float, every: float = 0.02) -> bool:
    """Fetch url until it contains text, at most for seconds."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return True
        except OSError:
            pass
        time.sleep(every)
    return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- profile ---------------------------------------------------------------------------------

# A hook added to a profiled copy: time and memory at the boundaries of MkDocs' build stages, and
# the time spent in each hook's handler of each event and in MkDocs' own steps (Markdown, theme,
# writing files), measured by wrapping them: no profiler, so these times are a normal build's.
STAGES_HOOK = '''
import collections, functools, os, resource, sys, time
from mkdocs.plugins import CombinedEvent, event_priority
import mkdocs.commands.build as build
import mkdocs.structure.pages as pages
import mkdocs.utils as utils

START, CPU_START = time.perf_counter(), time.process_time()
MEMORY = os.environ.get("BENCH_TRACEMALLOC") == "1"
SPENT = collections.Counter()
_seen, _wrapped = set(), []

def _rss():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

def _mark(stage):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"BENCH-STAGE {time.perf_counter() - START:8.2f} s mur {time.process_time() - CPU_START:8.2f} s CPU"
          f"  RSS {_rss():6.0f} Mio  pic {peak:6.0f} Mio  {stage}", file=sys.stderr, flush=True)
    if MEMORY and stage in ("fin des pages (Markdown)", "fin de la construction"):
        import tracemalloc
        for stat in tracemalloc.take_snapshot().statistics("lineno")[:25]:
            print(f"BENCH-ALLOC {stage}: {stat.size / 2**20:8.1f} Mio {stat.count:9d} blocs  {stat.traceback[0]}", file=sys.stderr, flush=True)

def _timed(name, function):
    @functools.wraps(function)
    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[name] += time.process_time() - started
    return timed

# MkDocs' own steps, timed (CPU seconds) around the calls the build makes.
# Each page is read and converted (_populate_page: page_markdown handlers, then Markdown -> HTML),
# then built (_build_page: page_context handlers, the theme's template, writing the file).
build._populate_page = _timed("MkDocs : _populate_page (tout, hooks compris)", build._populate_page)
pages.Page.render = _timed("MkDocs : Markdown -> HTML (Page.render)", pages.Page.render)
build._build_page = _timed("MkDocs : _build_page (tout : hooks, gabarit du thème, écriture)", build._build_page)
utils.write_file = _timed("MkDocs : écriture des fichiers (write_file)", utils.write_file)

def _owner(handler):
    module = getattr(handler, "__module__", "") or ""
    owner = getattr(handler, "__self__", None)
    return type(owner).__module__ + "." + type(owner).__name__ if owner is not None else module

def _wrap_events(config):
    # Every handler of every event, timed under "event owner" (a hook module or a plugin class).
    for event, handlers in config.plugins.events.items():
        for index, handler in enumerate(handlers):
            if _owner(handler) != __name__ and not getattr(handler, "_bench", False):
                wrapped = _timed(f"{event:<16} {_owner(handler)}", handler)
                wrapped._bench = True
                handlers[index] = wrapped

def _first(stage):
    def handler(*args, **kwargs):
        if stage not in _seen:
            _seen.add(stage)
            _mark(stage)
        return args[0] if args else None
    return handler

def _always(stage):
    def handler(*args, **kwargs):
        _mark(stage)
        return args[0] if args else None
    return handler

@event_priority(1000)
def on_startup(command, dirty):
    if MEMORY:
        import tracemalloc
        tracemalloc.start()
    _mark("démarrage (imports de MkDocs et du thème faits)")

@event_priority(1000)
def _config_start(config):
    _mark("début on_config")
    _wrap_events(config)
    return config

def _report(config):
    _mark("fin de la construction")
    print("BENCH-SPENT temps CPU par gestionnaire d'événement et étape de MkDocs :", file=sys.stderr)
    for name, seconds in SPENT.most_common():
        print(f"BENCH-SPENT {seconds:8.2f} s  {name}", file=sys.stderr, flush=True)

on_config = CombinedEvent(_config_start, event_priority(-1000)(_always("fin on_config (données, formulaires, agendas)")))
on_files = CombinedEvent(event_priority(1000)(_always("début on_files (fichiers lus)")), event_priority(-1000)(_always("fin on_files")))
on_nav = event_priority(-1000)(_always("fin on_nav"))
on_page_markdown = event_priority(1000)(_first("première page (Markdown)"))
on_env = event_priority(1000)(_always("fin des pages (Markdown)"))
on_page_context = event_priority(1000)(_first("statiques copiés, première page écrite"))
on_post_build = CombinedEvent(event_priority(1000)(_always("pages écrites (début on_post_build)")), event_priority(-1000)(_report))
'''


# `mkdocs ARGS` under cProfile, timed by the wall clock (least overhead) or by the process's CPU
# time (a busy machine does not skew it, but each call costs more).
PROFILED_BUILD = """
import cProfile, runpy, sys, time
timer, output, sys.argv = sys.argv[1], sys.argv[2], ["mkdocs", *sys.argv[3:]]
profiler = cProfile.Profile(time.process_time) if timer == "cpu" else cProfile.Profile()
try:
    profiler.runcall(runpy.run_module, "mkdocs", run_name="__main__", alter_sys=True)
except SystemExit as end:
    if end.code:
        raise
finally:
    profiler.dump_stats(output)
"""


# Which profile entries are the project's own code (hooks, the handbook package, compiled templates).
PROJECT_CODE = r"/(hooks|templates)/"


def command_profile(args: argparse.Namespace) -> int:
    """One build under cProfile, with the stage timeline; prints the top functions."""
    size = args.size
    work = Path(tempfile.mkdtemp(prefix="handbook-profile-", dir=args.work))
    out = Path(args.out or tempfile.mkdtemp(prefix="handbook-profile-out-", dir=args.work)).resolve()
    out.mkdir(parents=True, exist_ok=True)
    project = copy_project(work / "project", size)
    (project / "bench_stages.py").write_text(STAGES_HOOK, encoding="utf-8")
    config_text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config_text.replace("\nhooks:\n", "\nhooks:\n  - bench_stages.py\n", 1), encoding="utf-8")
    env = child_env(session_of(size))
    if args.memory:
        env["BENCH_TRACEMALLOC"] = "1"
    profile = out / f"profile-{size}.prof"
    argv = [sys.executable, "-c", PROFILED_BUILD, "cpu" if args.cpu_timer else "wall", str(profile),
            "build", "--site-dir", str(work / "site")]
    if args.memory or args.stages:  # no cProfile: its overhead would skew the times, its allocations the memory
        argv = build_command(work / "site")
    log = out / f"profile-{size}.log"
    try:
        run = run_measured(argv, project, env, log)
        mode = "memory" if args.memory else "stages" if args.stages else "cprofile"
        print(f"{size_title(size)} : {run.wall:.1f} s mur, {run.cpu:.1f} s CPU, pic {run.peak_rss / MIB:.0f} Mio"
              + {"memory": " (tracemalloc : plus lent qu'une construction normale)", "stages": "",
                 "cprofile": " (sous cProfile : plus lent qu'une construction normale)"}[mode])
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(("BENCH-STAGE", "BENCH-ALLOC", "BENCH-SPENT")):
                print(line)
        if not (args.memory or args.stages):
            print(f"\nprofil : {profile} (snakeviz, ou python -m pstats)")
            stats = pstats.Stats(str(profile))
            for order, restriction, what in (("tottime", None, "toutes"), ("cumulative", None, "toutes"),
                                             ("cumulative", PROJECT_CODE, "du projet (hooks/, templates/)")):
                print(f"\n=== {args.top} fonctions {what}, tri par {order} ===")
                stats.sort_stats(order).print_stats(*([restriction] if restriction else []), args.top)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the profile and its log stay in out
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Vitesse et taille de construction du manuel, comparées à MkDocs seul.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--work", type=Path, help="dossier des copies temporaires (défaut : celui du système)")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", parents=[common], help="constructions comparées (défaut)")
    build.add_argument("--sizes", default=",".join(DEFAULT_SIZES),
                       help=f"tailles séparées par des virgules : session de data/ ou CENTRESxÉTABLISSEMENTS (défaut : {','.join(DEFAULT_SIZES)})")
    build.add_argument("--quick", action="store_true", help=f"seulement {', '.join(QUICK_SIZES)}")
    build.add_argument("--repeat", "-k", type=int, help="tours par taille (défaut : 5 pour une session réelle, "
                       "3 jusqu'à 1 000 centres+établissements, 1 au-delà)")
    build.add_argument("--dump-all", action="store_true", help="la référence « mêmes pages » à chaque taille, pas seulement pour les sessions réelles")
    build.add_argument("--json", type=Path, help="écrire aussi les mesures dans ce fichier JSON")
    build.add_argument("--keep", action="store_true", help="garder les projets construits")
    serve = commands.add_parser("serve", parents=[common], help="délai d'une modification de données sous mkdocs serve")
    serve.add_argument("--session", default="2022")
    serve.add_argument("--repeat", "-k", type=int, default=5)
    serve.add_argument("--pause", type=float, default=1.0, help="secondes entre deux modifications (défaut 1)")
    profile = commands.add_parser("profile", parents=[common], help="une construction sous cProfile, avec les étapes (temps, mémoire)")
    profile.add_argument("size", help="session de data/ (2022) ou CENTRESxÉTABLISSEMENTS")
    profile.add_argument("--stages", action="store_true", help="sans cProfile : étapes et temps par hook seulement (temps d'une construction normale)")
    profile.add_argument("--memory", action="store_true", help="tracemalloc au lieu de cProfile : plus gros sites d'allocation")
    profile.add_argument("--cpu-timer", action="store_true", help="cProfile en temps CPU du processus (machine chargée ; surcoût plus grand)")
    profile.add_argument("--top", type=int, default=40, help="nombre de fonctions affichées (défaut 40)")
    profile.add_argument("--out", type=Path, help="dossier où garder le profil (.prof) et le journal (défaut : un dossier temporaire neuf)")
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):  # `benchmark.py --quick` is `benchmark.py build --quick`
        argv = ["build", *argv]
    table = commands.add_parser("table", help="réafficher le tableau de mesures enregistrées (--json)")
    table.add_argument("files", type=Path, nargs="+", help="fichiers JSON écrits par build --json")
    args = parser.parse_args(argv)
    return COMMANDS[args.command](args)


# Each sub-command and the function that runs it.
COMMANDS = {"build": command_build, "serve": command_serve, "profile": command_profile, "table": command_table}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
