"""Interrupted commits are finished before anyone reads, and tables of another schema are not read."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

import pipeline.store.parquet
from pipeline.config import PipelineConfig
from pipeline.rebuild import tables_status
from pipeline.schema import SCHEMA_VERSION, TABLES
from pipeline.store.parquet import JOURNAL, read_manifest, read_tables, table_path, write_tables

OLD = {"documents": pd.DataFrame({"doc_id": ["old"], "text": ["Old text."], "n_words": [2]})}
NEW = {"documents": pd.DataFrame({"doc_id": ["new-a", "new-b"], "text": ["A.", "B."], "n_words": [1, 1]})}


def manifest_matches_files(out: Path) -> bool:
    """Every table's SHA-256 equals the one the manifest recorded for it."""
    digests = read_manifest(out)["tables"]
    return set(digests) == set(TABLES) and all(
        hashlib.sha256(table_path(out, name).read_bytes()).hexdigest() == digest for name, digest in digests.items()
    )


def _die_after_renames(monkeypatch: pytest.MonkeyPatch, allowed: int) -> None:
    """Make the store's os.replace fail after `allowed` calls, as a build killed mid-commit."""
    real_replace = pipeline.store.parquet.os.replace
    calls = []

    def replace(src, dst):
        if len(calls) >= allowed:
            raise KeyboardInterrupt("killed")
        calls.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(pipeline.store.parquet.os, "replace", replace)


@pytest.mark.parametrize("allowed", [1, 2, 5, len(TABLES) + 1])  # journal in place, then 1, 4 or every rename
def test_store_interrupted_commit_is_finished_by_the_freshness_check(tmp_path, monkeypatch, allowed):
    write_tables(OLD, tmp_path, {"schema_version": SCHEMA_VERSION, "build": "old"})
    with monkeypatch.context() as patch:
        _die_after_renames(patch, allowed)
        with pytest.raises(KeyboardInterrupt):
            write_tables(NEW, tmp_path, {"schema_version": SCHEMA_VERSION, "build": "new"})
    assert (tmp_path / JOURNAL).exists()
    assert tables_status(tmp_path).state == "fresh"  # what the dashboard asks first
    assert not (tmp_path / JOURNAL).exists()
    assert read_manifest(tmp_path)["build"] == "new" and manifest_matches_files(tmp_path)
    assert read_tables(tmp_path)["documents"]["doc_id"].tolist() == ["new-a", "new-b"]


def test_store_commit_killed_before_its_journal_keeps_the_old_tables(tmp_path, monkeypatch):
    write_tables(OLD, tmp_path, {"schema_version": SCHEMA_VERSION, "build": "old"})
    with monkeypatch.context() as patch:
        _die_after_renames(patch, 0)
        with pytest.raises(KeyboardInterrupt):
            write_tables(NEW, tmp_path, {"schema_version": SCHEMA_VERSION, "build": "new"})
    assert tables_status(tmp_path).state == "fresh"
    assert read_manifest(tmp_path)["build"] == "old" and manifest_matches_files(tmp_path)
    assert read_tables(tmp_path)["documents"]["doc_id"].tolist() == ["old"]


@pytest.mark.parametrize("version", [SCHEMA_VERSION + 1, 0, None])
def test_store_manifest_of_another_schema_is_incompatible(tmp_path, version):
    write_tables(OLD, tmp_path, {"schema_version": version})
    status = tables_status(tmp_path)
    assert status.state == "incompatible"
    assert f"schema {version}" in status.reason and "rebuild" in status.reason


def test_store_folder_missing_a_table_reads_as_missing(tmp_path):
    write_tables(OLD, tmp_path, {"schema_version": SCHEMA_VERSION})
    table_path(tmp_path, "mentions").unlink()
    assert tables_status(tmp_path).state == "missing"


@pytest.mark.slow  # builds a folder
def test_store_folder_with_a_skipped_file_is_fresh_after_its_build(tmp_path):
    from pipeline.build import build_corpus

    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text("Iraqi forces entered Al Qaim.", encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    build_corpus(src, tmp_path / "data", config=PipelineConfig(curation_file=tmp_path / "none.yaml"))
    assert tables_status(tmp_path / "data").state == "fresh"
    (src / "empty.txt").write_text("Now it has words about Syria.", encoding="utf-8")
    assert tables_status(tmp_path / "data").state == "stale"
