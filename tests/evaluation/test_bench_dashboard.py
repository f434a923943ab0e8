"""The dashboard benchmark in miniature: synthetic tables keep the contract, every interaction runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_dashboard import format_markdown, measure, plot_svg, worst_interaction
from benchmarks.synthesize_tables import write_synthetic
from pipeline.store import open_database, read_manifest, read_tables


@pytest.fixture(scope="module")
def small_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "data"
    write_synthetic(out, 30, 600, seed=3)
    return out


def test_bench_dashboard_synthetic_offsets_point_into_the_text(small_tables: Path) -> None:
    tables = read_tables(small_tables)
    texts = tables["documents"].set_index("doc_id")["text"]
    for name, column in (("mentions", "surface"), ("sentences", "text"), ("quotes", "quote"), ("dates", "text")):
        rows = tables[name]
        assert len(rows), name
        assert all(texts[r.doc_id][r.start : r.end] == getattr(r, column) for r in rows.itertuples()), name
    assert len(tables["documents"]) == 30 and 600 <= len(tables["mentions"]) < 610
    counted = tables["mentions"].groupby("actor_id").size()
    assert (tables["actors"].set_index("actor_id")["n_mentions"] == counted).all()


def test_bench_dashboard_synthetic_tables_carry_the_dashboards_database(small_tables: Path) -> None:
    """Written like a build's, so the benchmark's first load opens the database, as on a real build."""
    with open_database(small_tables, read_manifest(small_tables)) as db:
        assert db.execute("SELECT count(*) FROM mentions").fetchone()[0] == len(read_tables(small_tables)["mentions"])


def test_bench_dashboard_measures_every_interaction(small_tables: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(small_tables))
    figures = measure(small_tables, repeats=1)
    assert {"first run (load)", "page network", "page curation", "filter search", "overview table page 2"} <= set(
        figures["seconds"]
    )
    assert all(seconds > 0 for seconds in figures["seconds"].values()) and figures["peak_rss_mib"] > 0
    results = {
        "seeds": {"mentions": 600, **figures},
        "1200": {"mentions": 1200, "documents": 60, **figures},
    }
    for row in results.values():
        row["ratios"] = {name: 1.0 for name in figures["seconds"]}
    assert worst_interaction(results["1200"])[1] == 1.0
    table = format_markdown(results, "python -m benchmarks.bench_dashboard")
    assert "| filter search |" in table and "peak RSS" in table
    assert plot_svg(results).startswith("<svg") and "polyline" in plot_svg(results)
