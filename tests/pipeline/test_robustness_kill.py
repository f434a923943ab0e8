"""A build killed with SIGKILL at any moment leaves the previous tables whole and readable."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_robustness_store import manifest_matches_files

from pipeline.config import PROJECT_DIR
from pipeline.rebuild import tables_status
from pipeline.schema import TABLES
from pipeline.store.parquet import JOURNAL, read_manifest, read_tables

pytestmark = pytest.mark.slow

POLL_SECONDS = 0.002
BUILD_TIMEOUT = 300


def _after(seconds: float) -> Callable[[], bool]:
    start = time.monotonic()
    return lambda: time.monotonic() - start > seconds


def _new_cache_entry(out: Path) -> Callable[[], bool]:
    before = set((out / ".cache").glob("*"))
    return lambda: bool(set((out / ".cache").glob("*")) - before)


# moment -> (data folder -> "kill now?")
MOMENTS: dict[str, Callable[[Path], Callable[[], bool]]] = {
    "while starting": lambda out: _after(0.5),
    "while analysing": _new_cache_entry,
    "while writing tables": lambda out: lambda: any(out.glob(".*.tmp")),
    "while committing": lambda out: lambda: (out / JOURNAL).exists(),
}


@pytest.fixture
def previous_build(seed_build, seed_copy, tmp_path) -> tuple[Path, Path, dict]:
    """A data folder holding the seeds' tables (and cache), and a source folder whose one article
    changed since: (sources, data folder, previous manifest)."""
    out = tmp_path / "data"
    shutil.copytree(seed_build[2], out)
    article = sorted(seed_copy.glob("*.txt"))[0]
    article.write_text(
        article.read_text(encoding="utf-8") + "\n\nIraqi forces returned to Al Qaim.\n", encoding="utf-8"
    )
    return seed_copy, out, read_manifest(out)


def _kill_build_when(src: Path, out: Path, moment: Callable[[], bool]) -> subprocess.Popen:
    build = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", str(src), "--out", str(out)],
        cwd=PROJECT_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + BUILD_TIMEOUT
    while build.poll() is None and time.monotonic() < deadline:
        if moment():
            build.send_signal(signal.SIGKILL)
            break
        time.sleep(POLL_SECONDS)
    build.wait(timeout=BUILD_TIMEOUT)
    return build


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_kill_build_leaves_previous_or_new_tables_whole(previous_build, moment):
    src, out, before = previous_build
    build = _kill_build_when(src, out, MOMENTS[moment](out))
    if moment in ("while starting", "while analysing"):
        assert build.returncode == -signal.SIGKILL, "the build ended before the moment to kill it"
    tables_status(out)  # the dashboard's first look finishes an interrupted commit
    manifest = read_manifest(out)
    assert manifest == before or manifest["sources"] != before["sources"]  # wholly the old build or the new one
    assert manifest_matches_files(out)
    tables = read_tables(out)
    assert set(tables) == set(TABLES) and len(tables["documents"]) == 5
    assert not list(out.glob(".*.tmp")) or build.returncode == -signal.SIGKILL


INJECTED_KILL = textwrap.dedent(
    """
    import os, signal, sys
    import pandas as pd
    import pipeline.store.parquet as store

    calls = []
    real_replace = os.replace

    def replace(src, dst):
        if len(calls) == int(sys.argv[2]):
            os.kill(os.getpid(), signal.SIGKILL)
        calls.append(dst)
        real_replace(src, dst)

    store.os.replace = replace
    documents = pd.DataFrame({"doc_id": ["new"], "text": ["New."], "n_words": [1]})
    store.write_tables({"documents": documents}, sys.argv[1], {"schema_version": 1, "build": "new"})
    """
)


@pytest.mark.parametrize("renames", [0, 1, 4, len(TABLES) + 1])  # before the journal, after it, midway, at the end
def test_kill_commit_at_each_rename_keeps_one_whole_set(seed_build, tmp_path, renames):
    out = tmp_path / "data"
    shutil.copytree(seed_build[2], out, ignore=shutil.ignore_patterns(".cache"))
    before = read_manifest(out)
    killed = subprocess.run(
        [sys.executable, "-c", INJECTED_KILL, str(out), str(renames)], cwd=PROJECT_DIR, timeout=BUILD_TIMEOUT
    )
    assert killed.returncode == -signal.SIGKILL
    tables_status(out)
    assert manifest_matches_files(out)
    documents = read_tables(out)["documents"]
    if renames == 0:
        assert read_manifest(out) == before and len(documents) == 5
    else:
        assert read_manifest(out)["build"] == "new" and documents["doc_id"].tolist() == ["new"]
