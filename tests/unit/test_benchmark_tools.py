"""Fast tier: the measuring instruments of issue 14, the synthetic-session generator and the benchmark's table (nothing timed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CIRCULAR_2022, module_from_file

from handbook.load import load_session

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.unit


def script(name: str):
    """A module of scripts/."""
    return module_from_file(ROOT / "scripts" / f"{name}.py")


synthetic = script("synthetic_session")
benchmark = script("benchmark")


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_small_synthetic_session_passes_the_real_loader(tmp_path):
    folder = synthetic.write_session(tmp_path / "data" / "2022", centres=5, establishments=12, seed=1, reference=CIRCULAR_2022)
    session = load_session(folder)
    assert len(session.establishments.establishments) == 12
    assert len(session.centre_list) == 5  # every centre has a role: written, oral or livrets
    assert session.info.candidate_total == sum(e.candidates for e in session.establishments.establishments)
    assert {w.centre.id for w in session.written_centres} < {c.id for c in session.centre_list}, "an oral-only centre"
    assert session.forms and len(session.forms) == len(list((CIRCULAR_2022 / "forms").glob("*.yml")))
    # Files that do not depend on the size are the reference's own bytes.
    assert (folder / "rules.yml").read_bytes() == (CIRCULAR_2022 / "rules.yml").read_bytes()


def test_synthetic_sessions_are_deterministic_by_seed(tmp_path):
    first = folder_bytes(synthetic.write_session(tmp_path / "a" / "2022", 5, 12, seed=7, reference=CIRCULAR_2022))
    again = folder_bytes(synthetic.write_session(tmp_path / "b" / "2022", 5, 12, seed=7, reference=CIRCULAR_2022))
    other = folder_bytes(synthetic.write_session(tmp_path / "c" / "2022", 5, 12, seed=8, reference=CIRCULAR_2022))
    assert first == again
    assert first.keys() == other.keys()
    assert first["centres.yml"] != other["centres.yml"]
    assert first["establishments.yml"] != other["establishments.yml"]


def test_oral_centres_grow_with_the_session(tmp_path):
    small = load_session(synthetic.write_session(tmp_path / "s" / "2022", 14, 35, reference=CIRCULAR_2022))
    large = load_session(synthetic.write_session(tmp_path / "l" / "2022", 140, 350, reference=CIRCULAR_2022))
    oral_centres = lambda s: sum(len(o.centres) for o in s.oral_exams)  # noqa: E731
    assert len(large.centre_list) == 140 and len(large.establishments.establishments) == 350
    assert oral_centres(large) >= 8 * oral_centres(small)


def test_too_few_establishments_is_refused(tmp_path):
    with pytest.raises(ValueError, match="établissements ne suffisent pas"):
        synthetic.write_session(tmp_path / "2022", centres=14, establishments=3, reference=CIRCULAR_2022)


def fake(variant: str, wall: list[float], pages: int, rss_mib: int, total: int, search: int):
    runs = [benchmark.Run(w, w * 0.9, rss_mib * benchmark.MIB) for w in wall]
    output = benchmark.Output(pages, total, total // 2, total // 4, search) if variant != benchmark.CHECK else None
    return benchmark.Measure(variant, runs, output)


def fake_results():
    return [
        benchmark.SizeResult("2022", {
            benchmark.COLD: fake(benchmark.COLD, [3.3, 3.0, 3.4], 70, 110, 6_000_000, 120_000),
            benchmark.OURS: fake(benchmark.OURS, [2.0, 9.0, 2.2], 70, 100, 6_000_000, 120_000),
            benchmark.DUMP: fake(benchmark.DUMP, [1.0, 1.2, 1.1], 70, 50, 5_000_000, 300_000),
            benchmark.TRIVIAL: fake(benchmark.TRIVIAL, [0.5, 0.55, 0.6], 70, 40, 3_000_000, 30_000),
            benchmark.CHECK: fake(benchmark.CHECK, [0.25, 0.2, 0.3], 0, 38, 0, 0),
        }),
        benchmark.SizeResult("100x500", {
            benchmark.OURS: fake(benchmark.OURS, [18.0], 600, 150, 60_000_000, 1_000_000),
            benchmark.TRIVIAL: fake(benchmark.TRIVIAL, [2.0], 600, 60, 20_000_000, 200_000),
        }),
        benchmark.SizeResult("500x2500", {
            benchmark.OURS: fake(benchmark.OURS, [45.0], 3000, 600, 600_000_000, 9_000_000),
            benchmark.TRIVIAL: fake(benchmark.TRIVIAL, [10.0], 3000, 80, 90_000_000, 900_000),
        }),
    ]


def test_ratios_are_ours_over_the_baseline_on_medians():
    _, ours, dump, trivial, _ = fake_results()[0].measures.values()
    assert ours.wall == 2.2  # the median: one slow run does not move it
    values = benchmark.ratios(ours, dump)
    assert values["wall"] == pytest.approx(2.0)
    assert values["ms_per_page"] == pytest.approx(2.0)
    assert values["peak_rss"] == pytest.approx(2.0)
    assert values["output"] == pytest.approx(1.2)
    assert values["search"] == pytest.approx(0.4)
    assert benchmark.ratios(ours, trivial)["wall"] == pytest.approx(4.0)


def test_the_table_shows_each_variant_its_ratios_check_times_and_the_per_page_trend():
    table = benchmark.render_table(fake_results())
    lines = table.splitlines()
    assert "session 2022" in lines and "synthétique 100 / 500" in lines
    dump_ratio = next(line for line in lines if line.strip().startswith("rapport / mêmes pages"))
    assert dump_ratio.split()[4:6] == ["2.00×", "2.00×"]  # wall, then CPU
    cold_ratio = next(line for line in lines if line.strip().startswith("sans cache / mêmes pages"))
    assert cold_ratio.split()[5:7] == ["3.00×", "3.00×"]  # the build with its cache emptied first
    assert lines.index(dump_ratio) < lines.index(cold_ratio)
    trivial_ratios = [line.split()[4] for line in lines if line.strip().startswith("rapport / pages triviales")]
    assert trivial_ratios == ["4.00×", "9.00×", "4.50×"]
    assert any("session 2022" in line and "0.25 s mur" in line for line in lines)
    # ms per page of ours: 30 ms at 100x500, 15 ms at 500x2500, i.e. 0.50× of the smallest synthetic size (CPU: 0.9×).
    trend = benchmark.per_page_trend(fake_results())
    assert [tuple(round(x, 2) if isinstance(x, float) else x for x in point) for point in trend] == [
        ("100x500", 30.0, 1.0, 27.0, 1.0), ("500x2500", 15.0, 0.5, 13.5, 0.5)]
    assert lines[-1].split()[-7:] == ["ms", "0.50×", ";", "13.5", "ms", "CPU", "0.50×"]


def test_sizes_are_sessions_or_centres_by_establishments():
    assert benchmark.parse_size("1000x5000") == (1000, 5000)
    assert benchmark.parse_size("2022") is None
    assert benchmark.default_repeat("2022") > benchmark.default_repeat("100x500") > benchmark.default_repeat("1000x5000")


def test_pages_out_of_the_nav_are_listed_by_folder(tmp_path):
    docs = tmp_path / "docs"
    for page in ("index.md", "imprimer.md", "centres/index.md", "centres/a.md", "centres/b.md", "etablissements/x.md"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text("# t\n", encoding="utf-8")
    lines = benchmark.not_in_nav(["index.md", "centres/index.md"], docs).split()
    assert lines == ["/imprimer.md", "/centres/*.md", "!/centres/index.md", "/etablissements/*.md"]


def test_saved_measurements_print_the_same_table(tmp_path):
    saved = tmp_path / "mesures.json"
    benchmark.write_json(saved, fake_results())
    assert benchmark.render_table(benchmark.read_json(saved)) == benchmark.render_table(fake_results())
