"""The curation benchmark in miniature: the decisions it draws are valid, every figure is measured and
the writers keep their decisions (no timing assertions)."""

from __future__ import annotations

import shutil

import pytest

from benchmarks.bench_curation import MIX, generate_decisions, markdown, measure
from pipeline.curation import uncurated_dir
from pipeline.curation.rules import entry_of, parse_entry
from pipeline.store import read_tables

pytestmark = pytest.mark.slow


def test_bench_curation_draws_valid_decisions_of_every_kind(seed_build):
    decisions = generate_decisions(read_tables(uncurated_dir(seed_build[2])), 400)
    assert {d.kind for d in decisions} == set(MIX) and len({d.id for d in decisions}) == 400
    assert all(parse_entry(entry_of(d)) == d for d in decisions)
    assert any(d.undone for d in decisions)


def test_bench_curation_measures_every_click(seed_build, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(seed_build[2], data, ignore=shutil.ignore_patterns(".cache"))
    result = measure(data, [30], repeats=1, work=tmp_path, writers=2)
    assert [row["decisions"] for row in result["rows"]] == [0, 30]
    names = ("click warm", "record", "recurate", "click cold", "undo")
    assert all(row[name] > 0 for row in result["rows"] for name in names)
    assert result["writers"] == {"writers": 2, "seconds": result["writers"]["seconds"], "all_kept": True}
    table = markdown(result)
    assert "| 30 |" in table and "2 writers at once" in table and "every decision kept: yes" in table
