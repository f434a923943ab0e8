"""Read and write the Parquet tables and their manifest, atomically and one build at a time."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from filelock import FileLock, Timeout

from pipeline.schema import LINKED_FILES, TABLES, conform
from pipeline.store.database import DATABASE, DATABASE_FORMAT, write_database

MANIFEST = "manifest.json"
JOURNAL = ".commit-journal.json"
JOURNAL_FORMAT = 1
# One build at a time per data folder: builds and re-curation hold it while they write (a lock
# file beside what it guards, as the decisions file has; the OS frees it when a holder dies).
LOCK = ".build.lock"
UNCURATED = "uncurated"  # the subfolder where a build keeps its tables as the pipeline made them
CACHE_DIR = ".cache"  # the subfolder where pipeline.rebuild.cache keeps each article's work between builds
# Each table file is divided into row groups of at most this many rows, in the contract's order
# (documents first), so DuckDB, pyarrow.dataset and Dask read a big table one group at a time and
# skip groups by their min/max statistics instead of loading the whole file.
ROW_GROUP_ROWS = 100_000


def linked_file(name: str) -> str:
    """The file of `UNCURATED` that keeps `name` of pipeline.schema.LINKED_FILES for the next build."""
    return f"linked_{name}.parquet"


# The only names a commit renames onto, and the temporary files it writes first:
# `.<final name>.<8 characters from tempfile>.tmp`. The store deletes no file of another name.
SEARCH_INDEX = "search.sqlite"  # the full-text index of the sentences (pipeline.search), staged like a table
# The tables as one DuckDB database, denormalised for the dashboard (pipeline.store.database): staged
# with every set of tables written to a folder, so nothing derived outlives the tables it came from.
COMMITTED = frozenset(
    {
        *(f"{name}.parquet" for name in TABLES),
        *(linked_file(name) for name in LINKED_FILES),
        MANIFEST,
        SEARCH_INDEX,
        DATABASE,
    }
)
_TEMP_NAME = re.compile(r"\.(?P<final>[^/\\]+)\.[a-z0-9_]{8}\.tmp")
_TEMP_TARGETS = COMMITTED | {JOURNAL}


class ManifestError(ValueError):
    """A manifest.json that cannot be read; the message names the file and what to do."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"the manifest {path} is damaged ({detail}); build the tables again with `python -m pipeline build`"
        )
        self.path = Path(path)


class FolderBusy(TimeoutError):
    """Another build or re-curation holds the data folder's lock."""


def table_path(out_dir: Path, name: str) -> Path:
    """Where table `name` lives inside a data folder."""
    return Path(out_dir) / f"{name}.parquet"


def write_tables(
    tables: Mapping[str, pd.DataFrame],
    out_dir: Path,
    manifest: dict,
    *,
    uncurated: tuple[Mapping[str, pd.DataFrame], dict] | None = None,
    extras: Mapping[str, Callable[[Path, Mapping[str, str]], bool]] | None = None,
    uncurated_extras: Mapping[str, Callable[[Path, Mapping[str, str]], bool]] | None = None,
    database: bool = True,
) -> None:
    """Write every table and then the manifest so that a killed build never leaves a torn set.

    Each table is first written to a temporary file in `out_dir`; a journal naming the pending
    renames and the SHA-256 of each file is written (atomically) next, then the renames run, then
    the journal goes. A reader that finds a journal finishes the renames first (`recover`), so the
    folder always holds either the whole previous build or the whole new one. With `uncurated`
    (tables, manifest), the build's copy before curation goes to `out_dir/uncurated/` under the
    same journal: the two sets are replaced together or not at all. `extras` (a name of COMMITTED ->
    writer) stage more files of `out_dir` under the same journal: each writer gets a temporary path
    and the tables' digests and returns False when the file there is current (then it is kept);
    `uncurated_extras` do the same in `out_dir/uncurated/`, with the digests of the tables there. A
    writer that may meet another one holds `build_lock(out_dir)` around this. With `database` (the
    default) the tables of `out_dir` (not the uncurated copy) also go into `DATABASE`, the DuckDB
    database the dashboard opens (pipeline.store.database), recorded in the manifest.
    """
    out_dir = Path(out_dir)
    sets = [("", tables, manifest)] if uncurated is None else [(UNCURATED, *uncurated), ("", tables, manifest)]
    out_dir.mkdir(parents=True, exist_ok=True)
    recover(out_dir)  # first: its journal may name temporary files in uncurated/ too
    renames: list[dict[str, str]] = []
    written: dict[str, _Staged] = {}  # the uncurated tables, for those curation left as they were
    for folder, frames, folder_manifest in sets:
        if folder:
            (out_dir / folder).mkdir(exist_ok=True)
            recover(out_dir / folder)  # a journal that a build of an earlier version left there
        _remove_leftovers(out_dir / folder)
        renames.extend(
            {**rename, **({"folder": folder} if folder else {})}
            for rename in _stage(
                frames,
                out_dir / folder,
                folder_manifest,
                (uncurated_extras if folder else extras) or {},
                database and not folder,
                written,
            )
        )
    _write_atomic(out_dir / JOURNAL, json.dumps({"format": JOURNAL_FORMAT, "renames": renames}, indent=1))
    _commit(
        out_dir,
        [(out_dir / r.get("folder", "") / r["temp"], out_dir / r.get("folder", "") / r["final"]) for r in renames],
    )


@dataclass(frozen=True)
class _Staged:
    """A table as given to `_stage`, and the temporary file it wrote of it, with its SHA-256."""

    frame: pd.DataFrame
    path: Path
    sha256: str


def _stage(
    tables: Mapping[str, pd.DataFrame],
    folder: Path,
    manifest: dict,
    extras: Mapping[str, Callable] | None = None,
    database: bool = False,
    written: dict[str, _Staged] | None = None,
) -> list[dict[str, str]]:
    """Every table, the `extras` that changed, the database (with `database`) and the manifest
    written to temporary files in `folder`: the renames to make. `written`: the tables staged
    before (the uncurated set); a table given as the very frame staged there is copied, not
    serialised again (curation leaves documents, pages, sentences and dates as they are, and
    sentences and documents, with their texts, are the biggest files), and the tables staged here
    are added to it."""
    renames: list[dict[str, str]] = []
    digests: dict[str, str] = {}
    staged: dict[str, Path] = {}
    written = {} if written is None else written
    for name in TABLES:
        given = tables.get(name, pd.DataFrame())
        staged[name] = tmp = _temp_path(folder, f"{name}.parquet")
        twin = written.get(name)
        if twin is not None and twin.frame is given:
            shutil.copyfile(twin.path, tmp)
            digests[name] = twin.sha256
        else:
            frame = conform(given, name)
            pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp, row_group_size=ROW_GROUP_ROWS)
            digests[name] = _sha256(tmp)
            written[name] = _Staged(given, tmp, digests[name])
        renames.append({"temp": tmp.name, "final": table_path(folder, name).name, "sha256": digests[name]})
    if database and _stage_database(folder, staged, digests, renames):
        manifest = {**manifest, "database": {"file": DATABASE, "format": DATABASE_FORMAT}}
    else:
        manifest = {key: value for key, value in manifest.items() if key != "database"}
    for final, write in (extras or {}).items():
        tmp = _temp_path(folder, final)
        if write(tmp, digests):
            renames.append({"temp": tmp.name, "final": final, "sha256": _sha256(tmp)})
        else:
            tmp.unlink()
    manifest_tmp = _temp_path(folder, MANIFEST)
    manifest_tmp.write_text(
        json.dumps({**manifest, "tables": digests}, indent=2, sort_keys=True, default=str), encoding="utf-8"
    )
    renames.append({"temp": manifest_tmp.name, "final": MANIFEST, "sha256": _sha256(manifest_tmp)})
    return renames


def _stage_database(folder: Path, staged: Mapping[str, Path], digests: Mapping[str, str], renames: list) -> bool:
    """The database of the `staged` tables written to a temporary file of `folder`, its rename added
    to `renames`. It only speeds up the dashboard's first load: when it cannot be written the
    tables are written all the same, with a RuntimeWarning, and the dashboard loads the Parquet
    tables itself (an older database of the folder is then stale, and it is not used)."""
    tmp = _temp_path(folder, DATABASE)
    try:
        write_database(tmp, staged, digests, spill_dir=Path(tempfile.gettempdir()) / "conflict-build-duckdb")
    except (OSError, duckdb.Error) as error:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
        warnings.warn(
            f"the dashboard's database {DATABASE} was not written ({error}); the dashboard will load the tables",
            RuntimeWarning,
            stacklevel=3,
        )
        return False
    renames.append({"temp": tmp.name, "final": DATABASE, "sha256": _sha256(tmp)})
    return True


def recover(out_dir: Path) -> None:
    """Finish the renames of a build that was killed after it wrote its journal.

    The journal is verified, not trusted: every rename must move one of our temporary files in
    `out_dir` onto a table or the manifest there, and the file must hold the bytes whose SHA-256 the
    journal recorded (or the rename must be done already). A journal that fails (damaged, hostile or
    another program's) is discarded with a RuntimeWarning naming it, and nothing is renamed: the
    folder keeps what it holds and the next build writes every table again.
    """
    out_dir = Path(out_dir)
    journal = out_dir / JOURNAL
    if not journal.exists():
        return
    try:
        renames = _verified_renames(out_dir, journal.read_text(encoding="utf-8"))
    except ValueError as error:
        warnings.warn(
            f"discarded the commit journal {journal}: {error}; the tables stay as they were "
            "until a build writes them again",
            RuntimeWarning,
            stacklevel=2,
        )
        journal.unlink()
        return
    _commit(out_dir, renames)


def recover_unless_busy(out_dir: Path) -> None:
    """`recover`, unless a writer holds the folder's lock: that one finishes its own commit."""
    if not (Path(out_dir) / JOURNAL).exists():
        return
    try:
        with build_lock(out_dir, timeout=0):
            recover(out_dir)
    except FolderBusy:
        pass


@contextmanager
def build_lock(out_dir: Path, *, timeout: float, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the data folder's lock (`out_dir/.build.lock`) so one writer at a time changes it. A
    writer that finds it held says so through `on_wait`, waits up to `timeout` seconds, then raises
    FolderBusy naming the folder and the lock file."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out_dir / LOCK))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait(f"Waiting up to {timeout:g} s for another build writing {out_dir} (lock {out_dir / LOCK})")
        try:
            lock.acquire(timeout=timeout)
        except Timeout as error:
            raise FolderBusy(
                f"another build is writing {out_dir} (it holds the lock {out_dir / LOCK}); gave up after "
                f"{timeout:g} s: run this build again when that one has finished"
            ) from error
    try:
        yield
    finally:
        lock.release()


def holds_build(folder: Path) -> bool:
    """True when `folder` holds a manifest that `write_tables` wrote (of any schema version)."""
    try:
        manifest = read_manifest(folder)
    except ManifestError:
        return False
    return manifest is not None and "schema_version" in manifest and isinstance(manifest.get("tables"), dict)


def foreign_entries(folder: Path, *, beside: Collection[str] = ()) -> list[str]:
    """The names in a table folder that no build writes there, sorted: anything but the tables, the
    manifest, the journal, the lock, our temporary files and the names in `beside`. A manifest.json
    that is a JSON object but not a manifest of ours is another program's, so foreign; a damaged
    one (not JSON, or not an object) is taken for ours, so that a rebuild mends it."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    ours = {*COMMITTED, JOURNAL, LOCK, *beside} - ({MANIFEST} if _holds_foreign_manifest(folder) else set())
    return sorted(
        path.name for path in folder.iterdir() if path.name not in ours and not _is_temp(path.name, _TEMP_TARGETS)
    )


def _holds_foreign_manifest(folder: Path) -> bool:
    try:
        return read_manifest(folder) is not None and not holds_build(folder)
    except ManifestError:
        return False


def read_manifest(out_dir: Path) -> dict | None:
    """The manifest of the last complete build, or None when there is none.

    Raises ManifestError (a ValueError) naming the file when it cannot be read or is not a JSON object.
    """
    path = Path(out_dir) / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ManifestError(path, str(error)) from error
    if not isinstance(manifest, dict):
        raise ManifestError(path, f"a JSON {type(manifest).__name__}, not an object")
    return manifest


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


def _commit(out_dir: Path, renames: list[tuple[Path, Path]]) -> None:
    for source, target in renames:
        if source.exists():
            os.replace(source, target)
    (out_dir / JOURNAL).unlink()


def _verified_renames(out_dir: Path, text: str) -> list[tuple[Path, Path]]:
    """The renames a journal asks for, each checked. Raises ValueError saying what is wrong."""
    journal = json.loads(text)  # a JSONDecodeError is a ValueError
    if not isinstance(journal, dict) or journal.get("format") != JOURNAL_FORMAT:
        raise ValueError(f"not a journal of this pipeline (format {JOURNAL_FORMAT})")
    entries = journal.get("renames")
    if not isinstance(entries, list) or not entries:
        raise ValueError("it names no renames")
    return [_verified_rename(out_dir, entry) for entry in entries]


def _verified_rename(out_dir: Path, entry: object) -> tuple[Path, Path]:
    fields = entry if isinstance(entry, dict) else {}
    temp, final, digest = fields.get("temp"), fields.get("final"), fields.get("sha256")
    folder = fields.get("folder", "")  # "" or the uncurated copy's folder, never anywhere else
    if not all(isinstance(value, str) for value in (temp, final, digest)) or not (
        final in COMMITTED and _is_temp(temp, {final}) and folder in ("", UNCURATED)
    ):
        raise ValueError(f"{entry!r} is not a rename this pipeline makes")
    if folder and (out_dir / folder).is_symlink():
        raise ValueError(f"{out_dir / folder} is a link, not the build's own folder")
    source, target = out_dir / folder / temp, out_dir / folder / final
    if _digest_of(source) == digest or (not source.exists() and _digest_of(target) == digest):
        return source, target
    raise ValueError(f"{source.name} is missing or does not hold the bytes recorded for {final}")


def _digest_of(path: Path) -> str | None:
    """The SHA-256 of a regular file (never through a link), None for anything else."""
    return _sha256(path) if path.is_file() and not path.is_symlink() else None


def _is_temp(name: str, finals: Collection[str]) -> bool:
    match = _TEMP_NAME.fullmatch(name)
    return match is not None and match["final"] in finals


def _remove_leftovers(out_dir: Path) -> None:
    """Temporary files of builds killed before they wrote their journal: never part of any set.
    Only our own names (`.documents.parquet.k3j9x0_a.tmp`) go; any other file stays."""
    for leftover in out_dir.iterdir():
        name = leftover.name.removesuffix(".wal")  # a killed database writer's log beside its temporary file
        if _is_temp(name, _TEMP_TARGETS) and not leftover.is_dir():
            leftover.unlink(missing_ok=True)


def _write_atomic(path: Path, text: str) -> None:
    tmp = _temp_path(path.parent, path.name)
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _temp_path(folder: Path, name: str) -> Path:
    handle, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    return Path(tmp)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
