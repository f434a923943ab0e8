"""Damaged commit files never leave the tables stuck: a damaged or hostile commit journal is verified,
not trusted (discarded with a warning naming it, renaming nothing but our own files), and a damaged
manifest is named with what to do; the next build goes on either way."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from test_robustness_store import NEW, OLD, manifest_matches_files

from pipeline.config import PROJECT_DIR
from pipeline.rebuild import tables_status
from pipeline.schema import SCHEMA_VERSION
from pipeline.store.parquet import JOURNAL, MANIFEST, ManifestError, read_manifest, read_tables, recover, write_tables

STAGED = ".documents.parquet.staged01.tmp"  # named as the store names its temporary files


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _journal(*renames: dict) -> str:
    return json.dumps({"format": 1, "renames": list(renames)})


def _staged(out: Path) -> Path:
    """A real table staged under our name, ready for a rename."""
    staged = out / STAGED
    pd.DataFrame({"doc_id": ["planted"], "text": ["Planted."], "n_words": [1]}).to_parquet(staged)
    return staged


def _outside_victim(out: Path) -> Path:
    victim = out.parent / "victim.txt"
    victim.write_text("a file outside the data folder", encoding="utf-8")
    return victim


# name -> writes a damaged or hostile journal into a data folder holding a whole build
HOSTILE: dict[str, Callable[[Path], str]] = {
    "not JSON": lambda out: '{"renames": [',
    "empty": lambda out: "",
    "a list": lambda out: "[1, 2]",
    "an earlier format": lambda out: json.dumps({str(_staged(out)): str(out / "documents.parquet")}),
    "a path outside the folder": lambda out: _journal(
        {"temp": str(_outside_victim(out)), "final": "documents.parquet", "sha256": _sha256(_outside_victim(out))}
    ),
    "a climb out of the folder": lambda out: _journal(
        {"temp": "../victim.txt", "final": "documents.parquet", "sha256": _sha256(_outside_victim(out))}
    ),
    "a target that is not ours": lambda out: _journal(
        {"temp": _staged(out).name, "final": "../victim.txt", "sha256": _sha256(out / STAGED)}
    ),
    "a temporary file of another table": lambda out: _journal(
        {"temp": _staged(out).name, "final": "mentions.parquet", "sha256": _sha256(out / STAGED)}
    ),
    "a wrong digest": lambda out: _journal(
        {"temp": _staged(out).name, "final": "documents.parquet", "sha256": "0" * 64}
    ),
    "no digest": lambda out: _journal({"temp": _staged(out).name, "final": "documents.parquet"}),
    "a link out of the folder": lambda out: _linked_journal(out),
}


def _linked_journal(out: Path) -> str:
    victim = _outside_victim(out)
    (out / STAGED).symlink_to(victim)
    return _journal({"temp": STAGED, "final": "documents.parquet", "sha256": _sha256(victim)})


@pytest.fixture
def whole_build(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    write_tables(OLD, out, {"schema_version": SCHEMA_VERSION, "build": "old"})
    return out


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_journal_hostile_or_damaged_is_discarded_with_a_warning(whole_build, kind):
    out = whole_build
    (out / JOURNAL).write_text(HOSTILE[kind](out), encoding="utf-8")
    victim = out.parent / "victim.txt"
    victim_before = victim.read_bytes() if victim.exists() else None
    with pytest.warns(RuntimeWarning, match=f"discarded the commit journal {out / JOURNAL}"):
        recover(out)
    assert not (out / JOURNAL).exists()
    assert read_manifest(out)["build"] == "old" and manifest_matches_files(out)
    assert read_tables(out)["documents"]["doc_id"].tolist() == ["old"]
    assert (victim.read_bytes() if victim.exists() else None) == victim_before


@pytest.mark.parametrize("kind", ["not JSON", "a path outside the folder", "a wrong digest"])
def test_journal_hostile_never_stops_the_next_write(whole_build, kind):
    out = whole_build
    (out / JOURNAL).write_text(HOSTILE[kind](out), encoding="utf-8")
    with pytest.warns(RuntimeWarning, match=str(out / JOURNAL)):
        write_tables(NEW, out, {"schema_version": SCHEMA_VERSION, "build": "new"})
    assert read_manifest(out)["build"] == "new" and manifest_matches_files(out)
    assert read_tables(out)["documents"]["doc_id"].tolist() == ["new-a", "new-b"]
    assert not (out / STAGED).exists()  # a leftover of our name goes with the next write


def test_journal_hostile_is_discarded_by_the_dashboards_first_look(whole_build):
    (whole_build / JOURNAL).write_text("{oops", encoding="utf-8")
    with pytest.warns(RuntimeWarning, match=str(whole_build / JOURNAL)):
        assert tables_status(whole_build).state == "fresh"


@pytest.mark.slow
def test_journal_corrupt_build_succeeds_and_names_the_file(whole_build, tmp_path):
    """The issue's case: a corrupt journal made every later build fail until deleted by hand."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "story.txt").write_text("Iraqi forces entered Al Qaim on Monday.", encoding="utf-8")
    for folder in (whole_build, whole_build / "uncurated"):
        folder.mkdir(exist_ok=True)
        (folder / JOURNAL).write_text('{"renames": [', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", str(src), "--out", str(whole_build)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert str(whole_build / JOURNAL) in result.stderr and str(whole_build / "uncurated" / JOURNAL) in result.stderr
    assert read_tables(whole_build)["documents"]["doc_id"].tolist() == ["story"]
    assert manifest_matches_files(whole_build) and not (whole_build / JOURNAL).exists()


DAMAGED_MANIFESTS = {"truncated": b'{"schema_version": 1, "tabl', "a list": b"[]", "binary": b"\x00\xff\xfe"}


@pytest.mark.parametrize("damage", list(DAMAGED_MANIFESTS))
def test_manifest_damaged_is_named_with_what_to_do(whole_build, damage):
    (whole_build / MANIFEST).write_bytes(DAMAGED_MANIFESTS[damage])
    with pytest.raises(ManifestError, match=str(whole_build / MANIFEST)):
        read_manifest(whole_build)
    status = tables_status(whole_build)
    assert status.state == "damaged"
    assert str(whole_build / MANIFEST) in status.reason and "python -m pipeline build" in status.reason


@pytest.mark.slow
def test_manifest_damaged_next_build_rebuilds(whole_build, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "story.txt").write_text("Iraqi forces entered Al Qaim on Monday.", encoding="utf-8")
    (whole_build / MANIFEST).write_bytes(DAMAGED_MANIFESTS["truncated"])
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", str(src), "--out", str(whole_build)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert tables_status(whole_build).state == "fresh" and manifest_matches_files(whole_build)
