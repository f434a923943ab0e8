"""The build benchmark in miniature: a few generated articles through bare spaCy and every kind of build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.bench_build import main, markdown, measure, plot_svg
from benchmarks.corpus import write_corpus


def test_bench_build_corpus_is_distinct_and_repeatable(tmp_path: Path) -> None:
    first = [p.read_text(encoding="utf-8") for p in write_corpus(tmp_path / "a", 5)]
    again = [p.read_text(encoding="utf-8") for p in write_corpus(tmp_path / "b", 5)]
    assert first == again and len(set(first)) == 5
    assert all(len(text.split()) > 100 for text in first)


@pytest.mark.slow
def test_bench_build_measures_every_figure(tmp_path: Path) -> None:
    row = measure(3, tmp_path, n_process=1)
    assert row["articles"] == 3 and row["words"] > 300
    for name in ("bare_spacy_s", "build_s", "rebuild_s", "add_one_s"):
        assert row[name] > 0, name
    assert row["rebuild_reused"] == 3, "unchanged input comes from the cache (speed: BENCHMARKS.md, never asserted)"
    assert row["rebuild_over_build"] > 0
    table = markdown([row], 1)
    assert "| articles |" in table and "n_process=1" in table
    assert plot_svg([row, {**row, "articles": 30}]).count("<polyline") == 4


def test_bench_build_replots_saved_rows(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    rows = [
        {"articles": n, "words": 500 * n, "bare_spacy_s": n / 10, "build_s": n / 11, "build_over_bare": 0.9,
         "rebuild_s": n / 200, "rebuild_over_build": 0.05, "rebuild_reused": n, "add_one_s": 0.5,
         "add_one_over_build": 0.1}
        for n in (100, 1000)
    ]  # fmt: skip
    saved, plot = tmp_path / "rows.json", tmp_path / "growth.svg"
    saved.write_text(json.dumps(rows))
    main(["--replot", str(saved), "--plot", str(plot)])
    assert "| 1000 |" in capsys.readouterr().out
    assert plot.read_text().startswith("<svg") and "add one article" in plot.read_text()
