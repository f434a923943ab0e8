"""The tables of one build in a DuckDB database, opened once per build for every session: the database
the build wrote beside the tables, or (for a folder written before it) the tables read into memory."""

from __future__ import annotations

import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd
import pyarrow as pa
import streamlit as st

from data_access.filters import as_date
from data_access.search import Searcher
from pipeline.api import load_database, open_database, read_manifest, table_path
from pipeline.schema import TABLES, conform

DATE_COLUMNS = {
    "documents": ("published",),
    "mentions": ("date",),
    "dates": ("value", "value_end"),
    "events": ("date", "date_end"),
}
KEPT_SELECTIONS = 8  # filter selections whose results are kept, so switching pages or back costs nothing
SPILL_DIR = Path(tempfile.gettempdir()) / "conflict-dashboard-duckdb"  # where tables beyond memory_limit go
T = TypeVar("T")


@dataclass(frozen=True)
class Catalogue:
    """The choices of the sidebar filters."""

    actors: pd.DataFrame  # actor_id, name, type, n_mentions, aliases; most mentioned first
    outlets: tuple[str, ...]
    date_span: tuple[date | None, date | None]
    n_copies: int  # documents that repeat a story another document tells
    event_types: tuple[str, ...] = ()  # the event types the build found, most frequent first


class Tables:
    """Every table of one build, held once per process in one DuckDB database (the build's, attached
    read-only, or the tables loaded into memory).

    Views ask it for counts, top-N lists and pages by SQL, so a rerun never scans pandas frames
    of the whole corpus; the full tables as pandas frames (date columns as datetime64, the
    contract's dtypes) are made only when something asks for one, and then kept. Shared by every
    session (st.cache_resource): treat it and its frames as read-only.
    """

    def __init__(
        self, db: duckdb.DuckDBPyConnection, manifest: Mapping | None = None, data_dir: Path | None = None
    ) -> None:
        self._db = db
        self.data_dir = data_dir  # where the search index lives beside the tables
        self._lock = threading.Lock()  # one DuckDB connection serves every session's thread
        self._frames: dict[str, pd.DataFrame] = {}
        self._kept: OrderedDict[Hashable, object] = OrderedDict()
        self.manifest: Mapping = manifest or {}

    def query(self, sql: str, params: Mapping[str, object] | None = None, **frames: pd.DataFrame) -> pd.DataFrame:
        """Run one SQL query with its named parameters ($name; pandas `frames` visible under their
        names). RETURNS (DataFrame): strings as pandas' string dtype and DATE columns as datetime64,
        like the frames below."""
        with self._lock:
            for name, frame in frames.items():
                self._db.register(name, frame)
            try:
                result = self._db.sql(sql, params=dict(params) if params else None).to_arrow_table()
            finally:
                for name in frames:
                    self._db.unregister(name)
        return _to_pandas(result)

    def frame(self, name: str) -> pd.DataFrame:
        """Table `name` as the contract's pandas frame, made on first use."""
        if name not in self._frames:
            frame = conform(self.query(f"SELECT * EXCLUDE (row_no) FROM {name}"), name)
            for column in DATE_COLUMNS.get(name, ()):
                frame[column] = pd.to_datetime(frame[column])
            self._frames[name] = frame
        return self._frames[name]

    documents = property(lambda self: self.frame("documents"))
    sentences = property(lambda self: self.frame("sentences"))
    actors = property(lambda self: self.frame("actors"))
    mentions = property(lambda self: self.frame("mentions"))
    dates = property(lambda self: self.frame("dates"))
    quotes = property(lambda self: self.frame("quotes"))
    problems = property(lambda self: self.frame("problems"))
    events = property(lambda self: self.frame("events"))

    @cached_property
    def catalogue(self) -> Catalogue:
        """What the sidebar offers: small, computed once per build."""
        span = self.query("SELECT min(published) AS low, max(published) AS high FROM documents").iloc[0]
        outlets = self.query("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY outlet")
        copies = self.query("SELECT count(duplicate_of) AS n FROM documents")["n"].iloc[0]
        return Catalogue(
            actors=self.query(
                "SELECT actor_id, name, type, n_mentions, aliases FROM actors ORDER BY n_mentions DESC, name, actor_id"
            ),
            outlets=tuple(outlets["outlet"]),
            date_span=(as_date(span["low"]), as_date(span["high"])),
            n_copies=int(copies),
            event_types=tuple(
                self.query("SELECT event_type FROM events GROUP BY 1 ORDER BY count(*) DESC, 1")["event_type"]
            ),
        )

    @cached_property
    def document_index(self) -> pd.DataFrame:
        """doc_key (row number), doc_id, outlet, published, story_id, title, first_of_story of every
        document: what the document filters read."""
        return self.query(
            "SELECT row_no AS doc_key, doc_id, outlet, published, story_id, title, first_of_story "
            "FROM documents JOIN stories ON stories.doc_key = documents.row_no ORDER BY row_no"
        )

    @cached_property
    def search(self) -> Searcher:
        """Full-text search of these tables (data_access.search): the index opened on first use."""
        sentences_sha256 = (self.manifest.get("tables") or {}).get("sentences")
        return Searcher(self.query, self.data_dir, sentences_sha256)

    def actor_key(self, actor_id: str) -> int:
        """The row number of an actor (-1 for an unknown id): mentions carry it as `actor_key`, and
        integers compare three times faster than the ids."""
        return self._actor_keys.get(actor_id, -1)

    @cached_property
    def _actor_keys(self) -> dict[str, int]:
        found = self.query("SELECT actor_id, row_no FROM actors")
        return dict(zip(found["actor_id"], found["row_no"].astype(int), strict=True))

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """The object made for `key` (a filter selection), kept for the last few keys so a page
        switch or going back reuses its work."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        made = make()
        with self._lock:
            found = self._kept.setdefault(key, made)
            while len(self._kept) > KEPT_SELECTIONS:
                self._kept.popitem(last=False)
        return found

    def forget_kept(self) -> None:
        """Drop what `kept` holds, so the next selections are computed afresh (benchmarks time them cold)."""
        with self._lock:
            self._kept.clear()


@st.cache_resource(show_spinner="Loading tables…", max_entries=2)
def load_tables(data_dir: str, mtime: float, memory_limit: str | None = None) -> Tables:
    """Open the tables once per build for every session; `mtime` only keys the cache so a rebuild
    invalidates it. Cached as a resource, not as data: nothing is copied or pickled per rerun."""
    return open_tables(Path(data_dir), memory_limit=memory_limit)


def open_tables(data_dir: Path, *, memory_limit: str | None = None) -> Tables:
    """The tables of a data folder in a DuckDB database, typed by the contract and denormalised
    (pipeline.store.database.load_database: mentions carry their actor's type, outlet, date and the
    row numbers of their sentence, document and actor; co_mentions, edge_weights, actor_outlets).

    The database a build writes beside the tables (`tables.duckdb`) is opened read-only when it
    was made from the tables the manifest names; otherwise (a folder written before builds wrote
    it, or one whose database is stale) the same function reads every table into a new in-memory
    database, as the build did. DuckDB holds what it reads and builds in memory up to
    `memory_limit` (a size such as "2GB"; its default is 80 % of the RAM) and keeps the rest in a
    temporary folder (or, for the build's database, reads it again from the file), so tables larger
    than the machine's memory still open. Raises FileNotFoundError naming the first missing
    table, and pipeline.store.parquet.ManifestError (a ValueError) naming a damaged manifest.json.
    """
    config = {"temp_directory": str(SPILL_DIR), **({"memory_limit": memory_limit} if memory_limit else {})}
    manifest = read_manifest(Path(data_dir)) or {}
    db = open_database(Path(data_dir), manifest, config=config)
    if db is None:
        db = duckdb.connect(config=config)
        load_database(db, {name: table_path(data_dir, name) for name in TABLES})
    return Tables(db, manifest, Path(data_dir))


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    """Arrow to pandas with strings as pandas' string dtype and dates as datetime64 (as the filters compare)."""
    strings = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype(), pa.string_view(): pd.StringDtype()}
    frame = table.to_pandas(types_mapper=strings.get, date_as_object=False)
    for column, kind in zip(table.column_names, table.schema.types, strict=True):
        if pa.types.is_date(kind):
            frame[column] = frame[column].astype("datetime64[ns]")
    return frame
