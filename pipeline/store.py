"""Read and write the Parquet tables and their manifest, atomically."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schema import TABLES, conform

MANIFEST = "manifest.json"
JOURNAL = ".commit-journal.json"
# Each table file is divided into row groups of at most this many rows, in the contract's order
# (documents first), so DuckDB, pyarrow.dataset and Dask read a big table one group at a time and
# skip groups by their min/max statistics instead of loading the whole file.
ROW_GROUP_ROWS = 100_000


def table_path(out_dir: Path, name: str) -> Path:
    """Where table `name` lives inside a data folder."""
    return Path(out_dir) / f"{name}.parquet"


def write_tables(tables: Mapping[str, pd.DataFrame], out_dir: Path, manifest: dict) -> None:
    """Write every table and then the manifest so that a killed build never leaves a torn set.

    Each table is first written to a temporary file in `out_dir`; a journal naming the pending
    renames is written (atomically) next, then the renames run, then the manifest, then the
    journal goes. A reader that finds a journal finishes the renames first (`recover`), so the
    folder always holds either the whole previous build or the whole new one.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    _remove_leftovers(out_dir)
    pending: dict[str, str] = {}
    digests: dict[str, str] = {}
    for name in TABLES:
        frame = conform(tables.get(name, pd.DataFrame()), name)
        tmp = _temp_path(out_dir, f"{name}.parquet")
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp, row_group_size=ROW_GROUP_ROWS)
        digests[name] = _sha256(tmp)
        pending[str(tmp)] = str(table_path(out_dir, name))
    manifest_tmp = _temp_path(out_dir, MANIFEST)
    manifest_tmp.write_text(json.dumps({**manifest, "tables": digests}, indent=2, sort_keys=True, default=str))
    pending[str(manifest_tmp)] = str(out_dir / MANIFEST)
    _write_atomic(out_dir / JOURNAL, json.dumps(pending))
    recover(out_dir)


def recover(out_dir: Path) -> None:
    """Finish the renames of a build that was killed after it wrote its journal."""
    journal = Path(out_dir) / JOURNAL
    if not journal.exists():
        return
    for tmp, final in json.loads(journal.read_text()).items():
        if Path(tmp).exists():
            os.replace(tmp, final)
    journal.unlink()


def _remove_leftovers(out_dir: Path) -> None:
    """Temporary files of builds killed before they wrote their journal: never part of any set."""
    for leftover in out_dir.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)


def read_manifest(out_dir: Path) -> dict | None:
    """The manifest of the last complete build, or None when there is none."""
    path = Path(out_dir) / MANIFEST
    if not path.exists():
        return None
    return json.loads(path.read_text())


def read_tables(out_dir: Path, names: tuple[str, ...] = tuple(TABLES)) -> dict[str, pd.DataFrame]:
    """Read the named tables of a data folder, conformed to the contract.

    Raises FileNotFoundError naming the first missing table.
    """
    frames = {}
    for name in names:
        path = table_path(out_dir, name)
        if not path.exists():
            raise FileNotFoundError(f"table {name!r} not found at {path}; run `python -m pipeline build`")
        frames[name] = conform(pq.read_table(path).to_pandas(date_as_object=True), name)
    return frames


def write_text_atomic(path: Path, text: str) -> None:
    """Replace a text file in one step, so a reader never sees half of it."""
    _write_atomic(Path(path), text)


def _write_atomic(path: Path, text: str) -> None:
    tmp = _temp_path(path.parent, path.name)
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _temp_path(folder: Path, name: str) -> Path:
    handle, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    return Path(tmp)


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
