"""The cache benchmark in miniature: every figure measured on a few entries (no timing assertions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_cache import OPERATIONS, markdown, measure, rebuild_seconds
from benchmarks.corpus import write_corpus
from pipeline.knowledge_cache import KNOWLEDGE_SUFFIX, RULER_SUFFIX
from pipeline.records import Problem


def test_bench_cache_measures_every_operation(tmp_path: Path) -> None:
    values = [Problem(f"{i}.txt", "file is empty") for i in range(3)]
    rows = measure(values, Problem, 2, tmp_path / "work")
    assert [row["operation"] for row in rows] == [*OPERATIONS, "bytes"]
    assert all(row["pickle_us"] > 0 and row["json_us"] > 0 and row["json_over_pickle"] > 0 for row in rows)
    table = markdown({"record": rows}, {"record": 3}, 2)
    assert "| record (3) | decode |" in table and "median of 2 runs" in table


@pytest.mark.slow
def test_bench_cache_times_rebuilds_from_either_cache(tmp_path: Path) -> None:
    write_corpus(tmp_path / "src", 2)
    row = rebuild_seconds(tmp_path / "src", tmp_path, 1)  # raises unless both rebuilds reuse every article
    assert row["articles"] == 2 and row["pickle_s"] > 0 and row["json_s"] > 0
    kept = {KNOWLEDGE_SUFFIX, RULER_SUFFIX}  # the compiled knowledge, beside the articles' entries
    assert {p.suffix for p in (tmp_path / "out-pickle" / ".cache").iterdir()} - kept == {".pickle"}
    assert {p.suffix for p in (tmp_path / "out-json" / ".cache").iterdir()} - kept == {".json"}
