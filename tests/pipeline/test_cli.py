"""The command line: a build, a rebuild that reuses the cache, and a clear failure."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.config import PROJECT_DIR
from pipeline.store import read_manifest

pytestmark = pytest.mark.slow


def _build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "build", *args], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600
    )


def test_cli_rebuild_of_an_unchanged_folder_is_a_no_op_and_a_change_reuses_every_document(seed_copy, tmp_path):
    out = tmp_path / "data"
    first = _build(str(seed_copy), "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert "5 documents" in first.stdout and "0 documents reused" in first.stdout
    built_at = read_manifest(out)["built_at"]
    second = _build(str(seed_copy), "--out", str(out))
    assert second.returncode == 0 and second.stdout.startswith("Nothing to build"), second.stderr
    assert read_manifest(out)["built_at"] == built_at, "an unchanged folder is not rebuilt"
    sidecar = seed_copy / "metadata.csv"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = _build(str(seed_copy), "--out", str(out))
    assert third.returncode == 0, third.stderr
    assert "5 documents reused" in third.stdout
    assert read_manifest(out)["sources"] and built_at


def test_cli_build_reports_bad_files_and_keeps_going(seed_copy, tmp_path):
    (seed_copy / "empty.txt").write_text("")
    (seed_copy / "blob.txt").write_bytes(bytes(range(256)) * 40)
    result = _build(str(seed_copy), "--out", str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert "empty.txt: file is empty" in result.stdout
    assert "blob.txt: file looks binary" in result.stdout
    assert "5 documents" in result.stdout


def test_cli_build_fails_when_nothing_can_be_built(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "empty.txt").write_text(" ")
    result = _build(str(tmp_path / "src"), "--out", str(tmp_path / "data"))
    assert result.returncode == 1
    assert "no document could be built" in result.stderr and "empty.txt" in result.stderr


def test_cli_cache_keeps_only_what_the_corpus_uses(seed_copy, tmp_path):
    out = tmp_path / "data"
    assert _build(str(seed_copy), "--out", str(out)).returncode == 0
    entries = set((out / ".cache").glob("*.json"))
    assert len(entries) == 10  # a cleaned record and an analysis per article
    changed = next(seed_copy.glob("000_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\nAl Qaim was quiet on Friday.\n", encoding="utf-8")
    result = _build(str(seed_copy), "--out", str(out))
    assert "4 documents reused" in result.stdout
    assert len(set((out / ".cache").glob("*.json"))) == 10
