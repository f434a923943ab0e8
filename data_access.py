"""The dashboard's only door to data/: locate, build, load (cached) and filter the pipeline's tables."""

from __future__ import annotations

import argparse
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import streamlit as st

from pipeline.schema import ACTOR_TYPES, TABLES, conform
from pipeline.store import MANIFEST, read_manifest, table_path

DATA_ENV = "DASHBOARD_DATA_DIR"
PROJECT_DIR = Path(__file__).resolve().parent
DEFAULT_DATA_DIR = PROJECT_DIR / "data"
DEFAULT_SOURCE_DIR = PROJECT_DIR / "seeds"
BASEMAP_FILE = PROJECT_DIR / "static" / "topojson" / "world_110m.json"
BASEMAP_URL = "app/static/topojson/"  # where Streamlit's static serving publishes static/
DATE_COLUMNS = {"documents": ("published",), "mentions": ("date",), "dates": ("value", "value_end")}
SENTENCE_KEY = ["doc_id", "sent_id"]
MENTION_COLUMNS = [
    "mention_id", "doc_id", "title", "outlet", "published", "actor_id", "name", "type", "surface",
    "start", "end", "sent_id", "sentence", "method", "score", "date", "date_basis", "date_granularity",
]  # fmt: skip
KEPT_VIEWS = 8  # filter selections whose results are kept, so switching pages or back costs nothing
SQL_TYPES = {"string": "VARCHAR", "int64": "BIGINT", "float64": "DOUBLE", "bool": "BOOLEAN", "object": "DATE",
             "list": "VARCHAR[]"}  # fmt: skip
# Denormalise once per build what the filters and views read, so each is one scan of mentions.
ENRICH_SQL = """
CREATE OR REPLACE TABLE mentions AS
SELECT m.*, a.type, d.outlet, d.published, s.row_no AS sent_key
FROM mentions m
LEFT JOIN actors a USING (actor_id)
LEFT JOIN documents d USING (doc_id)
LEFT JOIN sentences s USING (doc_id, sent_id)
ORDER BY m.row_no;
CREATE OR REPLACE TABLE quotes AS
SELECT q.*, s.row_no AS sent_key FROM quotes q LEFT JOIN sentences s USING (doc_id, sent_id) ORDER BY q.row_no;
CREATE OR REPLACE TABLE dates AS
SELECT t.*, s.row_no AS sent_key FROM dates t LEFT JOIN sentences s USING (doc_id, sent_id) ORDER BY t.row_no;
"""
# The joined mentions (MENTION_COLUMNS) of {sel}; {tail} orders and cuts before the joins.
JOINED_SQL = """
WITH picked AS (SELECT * FROM {sel} {tail})
SELECT p.mention_id, p.doc_id, d.title, p.outlet, p.published, p.actor_id, a.name, p.type, p.surface,
       p.start, p."end", p.sent_id, s.text AS sentence, p.method, p.score, p.date, p.date_basis,
       p.date_granularity
FROM picked p
LEFT JOIN documents d USING (doc_id)
LEFT JOIN actors a USING (actor_id)
LEFT JOIN sentences s ON s.row_no = p.sent_key
ORDER BY p.row_no
"""
# One row per sentence mentioning actor ?, the newest ? per outlet.
EXCERPTS_SQL = """
WITH hits AS (SELECT * FROM {sel} WHERE actor_id = ?),
sentences_hit AS (
  SELECT sent_key, any_value(doc_id) AS doc_id, any_value(sent_id) AS sent_id, any_value(outlet) AS outlet,
         any_value(published) AS published, arg_min(mention_id, row_no) AS mention_id,
         list("start" ORDER BY row_no) AS starts, list("end" ORDER BY row_no) AS ends
  FROM hits GROUP BY sent_key
),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY outlet ORDER BY published DESC NULLS LAST, doc_id, sent_id) AS rank
  FROM sentences_hit
)
SELECT r.outlet, d.title, r.published, r.doc_id, r.sent_id, r.mention_id, s.text AS sentence,
       list_transform(r.starts, lambda x: x - s.start) AS starts,
       list_transform(r.ends, lambda x: x - s.start) AS ends, r.rank
FROM ranked r JOIN documents d USING (doc_id) JOIN sentences s ON s.row_no = r.sent_key
WHERE r.rank <= ?
ORDER BY r.published DESC NULLS LAST, r.doc_id, r.sent_id
"""
# Co-mention counts among the actors of the sentences holding a filtered mention.
EDGES_SQL = """
WITH keys AS (SELECT DISTINCT sent_key FROM {sel}),
present AS (SELECT DISTINCT p.sent_key, p.actor_id FROM mentions p SEMI JOIN keys USING (sent_key) {typed})
SELECT a.actor_id AS source, b.actor_id AS target, count(*) AS weight
FROM present a JOIN present b ON a.sent_key = b.sent_key AND a.actor_id < b.actor_id
GROUP BY 1, 2 ORDER BY weight DESC, source, target
"""


@dataclass(frozen=True)
class Paths:
    """Where the tables live and, when given on the command line, which sources to build them from."""

    data_dir: Path
    source_dir: Path | None = None


class Tables:
    """Every table of one build, held once per process in an in-memory DuckDB database.

    Views ask it for counts, top-N lists and pages by SQL, so a rerun never scans pandas frames
    of the whole corpus; the full tables as pandas frames (date columns as datetime64, the
    contract's dtypes) are made only when something asks for one, and then kept. Shared by every
    session (st.cache_resource): treat it and its frames as read-only.
    """

    def __init__(self, db: duckdb.DuckDBPyConnection, manifest: Mapping | None = None) -> None:
        self._db = db
        self._lock = threading.Lock()  # one DuckDB connection serves every session's thread
        self._frames: dict[str, pd.DataFrame] = {}
        self._views: OrderedDict[Filters, View] = OrderedDict()
        self.manifest: Mapping = manifest or {}

    def query(self, sql: str, params: Sequence | None = None, **frames: pd.DataFrame) -> pd.DataFrame:
        """Run one SQL query (pandas `frames` visible under their names). RETURNS (DataFrame):
        strings as pandas' string dtype and DATE columns as datetime64, like the frames below."""
        with self._lock:
            for name, frame in frames.items():
                self._db.register(name, frame)
            try:
                result = self._db.sql(sql, params=list(params) if params else None).to_arrow_table()
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

    @cached_property
    def catalogue(self) -> Catalogue:
        """What the sidebar offers: small, computed once per build."""
        span = self.query("SELECT min(published) AS low, max(published) AS high FROM documents").iloc[0]
        outlets = self.query("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY outlet")
        copies = self.query("SELECT count(duplicate_of) AS n FROM documents")["n"].iloc[0]
        return Catalogue(
            actors=self.query(
                "SELECT actor_id, name, type, n_mentions FROM actors ORDER BY n_mentions DESC, name, actor_id"
            ),
            outlets=tuple(outlets["outlet"]),
            date_span=(_as_date(span["low"]), _as_date(span["high"])),
            n_copies=int(copies),
        )

    @cached_property
    def document_index(self) -> pd.DataFrame:
        """doc_id, outlet, published, story_id of every document: what the document filters read."""
        return self.query("SELECT doc_id, outlet, published, story_id, title FROM documents ORDER BY doc_id")

    def forget_views(self) -> None:
        """Drop the kept Views, so the next selections are computed afresh (benchmarks time them cold)."""
        with self._lock:
            self._views.clear()

    def view(self, filters: Filters) -> View:
        """The View of `filters`, kept for the last few selections so a page switch reuses its work."""
        with self._lock:
            found = self._views.get(filters)
            if found is not None:
                self._views.move_to_end(filters)
                return found
        view = View(filters=filters, tables=self)
        with self._lock:
            self._views[filters] = view
            while len(self._views) > KEPT_VIEWS:
                self._views.popitem(last=False)
        return view


@dataclass(frozen=True)
class DocumentSummary:
    """The filtered documents in figures."""

    n_documents: int
    n_outlets: int
    span: tuple[date | None, date | None]


@dataclass(frozen=True)
class Catalogue:
    """The choices of the sidebar filters."""

    actors: pd.DataFrame  # actor_id, name, type, n_mentions; most mentioned first
    outlets: tuple[str, ...]
    date_span: tuple[date | None, date | None]
    n_copies: int  # documents that repeat a story another document tells


@dataclass(frozen=True)
class Filters:
    """The analyst's selection; empty fields mean "everything"."""

    actors: tuple[str, ...] = ()
    actor_types: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    one_per_story: bool = False  # count a story syndicated by several outlets once

    @property
    def narrows_mentions(self) -> bool:
        """True when the filter picks mentions, not only documents."""
        return bool(self.actors or self.actor_types or self.text.strip())

    @property
    def narrows_documents(self) -> bool:
        """True when the filter picks documents by their own fields."""
        return bool(self.outlets or self.date_from or self.date_to or self.one_per_story)


class View:
    """The filtered tables every view renders and every export writes, computed by SQL when first
    asked for and then kept (a View is shared by the reruns with the same filters).

    The whole filtered tables (`mentions`, `documents`, ...) are for exports and small corpora;
    views at scale ask for what they show: counts, top-N, one page, one actor, one document.
    """

    def __init__(self, *, filters: Filters, tables: Tables) -> None:
        self.filters = filters
        self.tables = tables
        self._memo: dict[tuple, object] = {}
        self._memo_lock = threading.Lock()

    def _remember(self, key: tuple, compute: Callable[[], object]):
        """The value of `compute`, once per key for this view."""
        if key not in self._memo:
            value = compute()
            with self._memo_lock:
                self._memo.setdefault(key, value)
        return self._memo[key]

    def _query(self, sql: str, params: Sequence = (), **frames: pd.DataFrame) -> pd.DataFrame:
        """`sql` with {sel} standing for the filtered mentions; every {sel} must come before the
        query's own `?` placeholders, whose values are `params`."""
        where, where_params, where_frames = self._condition
        sel = f"(SELECT * FROM mentions WHERE {where})"
        bound = [*where_params * sql.count("{sel}"), *params]
        return self.tables.query(sql.replace("{sel}", sel), bound, **where_frames, **frames)

    @cached_property
    def _condition(self) -> tuple[str, list, dict[str, pd.DataFrame]]:
        """The filters as one SQL condition on mentions, its parameters and the frames it reads."""
        f, parts, params, frames = self.filters, ["TRUE"], [], {}
        if f.one_per_story:
            frames["kept_documents"] = self._picked_documents
            parts.append("doc_id IN (SELECT doc_id FROM kept_documents)")
        else:
            if f.outlets:
                parts.append("list_contains(?, outlet)")
                params.append(list(f.outlets))
            if f.date_from is not None:
                parts.append("published >= ?")
                params.append(f.date_from)
            if f.date_to is not None:
                parts.append("published <= ?")
                params.append(f.date_to)
        if f.actors:
            parts.append("list_contains(?, actor_id)")
            params.append(list(f.actors))
        if f.actor_types:
            parts.append("list_contains(?, type)")
            params.append(list(f.actor_types))
        if f.text.strip():
            frames["matching_sentences"] = self.tables.query(
                "SELECT row_no AS sent_key FROM sentences WHERE contains(lower(text), lower(?))", [f.text.strip()]
            )
            parts.append("sent_key IN (SELECT sent_key FROM matching_sentences)")
        return " AND ".join(parts), params, frames

    @cached_property
    def document_rows(self) -> pd.DataFrame:
        """doc_id, outlet, published, story_id, title of the filtered documents (in doc_id order)."""
        if self.filters.narrows_mentions:
            return self._query(
                "SELECT doc_id, outlet, published, story_id, title FROM documents "
                "WHERE doc_id IN (SELECT doc_id FROM {sel}) ORDER BY row_no"
            )
        return filter_documents(self.tables.document_index, self.filters).reset_index(drop=True)

    @cached_property
    def document_summary(self) -> DocumentSummary:
        """How many documents and outlets pass the filters, and their publication span."""
        if self.filters.narrows_mentions:
            row = self._query(
                "SELECT count(*) AS n, count(DISTINCT outlet) AS outlets, "
                "min(published) AS low, max(published) AS high "
                "FROM documents WHERE doc_id IN (SELECT doc_id FROM {sel})"
            ).iloc[0]
            return DocumentSummary(int(row["n"]), int(row["outlets"]), (_as_date(row["low"]), _as_date(row["high"])))
        rows = self.document_rows
        return DocumentSummary(len(rows), int(rows["outlet"].nunique()), date_span(rows))

    @cached_property
    def n_mentions(self) -> int:
        """How many mentions pass the filters."""
        if not (self.filters.narrows_mentions or self.filters.narrows_documents):
            return int(self.tables.query("SELECT count(*) AS n FROM mentions")["n"].iloc[0])
        return int(self._query("SELECT count(*) AS n FROM {sel}")["n"].iloc[0])

    @cached_property
    def actors(self) -> pd.DataFrame:
        """Actors that have filtered mentions, n_mentions / n_docs recounted over them, most mentioned first."""
        counts = (
            "SELECT actor_id, count(*) AS n_mentions, count(DISTINCT doc_id) AS n_docs FROM {sel} GROUP BY actor_id"
        )
        if not (self.filters.narrows_mentions or self.filters.narrows_documents):
            counts = "SELECT actor_id, n_mentions, n_docs FROM actors WHERE n_mentions > 0"
        frame = self._query(
            "SELECT a.* EXCLUDE (row_no, n_mentions, n_docs), c.n_mentions, c.n_docs "
            f"FROM actors a JOIN ({counts}) c USING (actor_id) ORDER BY c.n_mentions DESC, a.name, a.row_no"
        )
        return frame.assign(aliases=[list(a) if a is not None else [] for a in frame["aliases"]])

    def mentions_page(self, page: int, page_size: int) -> pd.DataFrame:
        """Rows of 1-based `page` of the joined filtered mentions (MENTION_COLUMNS), in contract order."""
        return self._remember(
            ("page", page, page_size),
            lambda: self._joined("ORDER BY row_no LIMIT ? OFFSET ?", [page_size, (max(page, 1) - 1) * page_size]),
        )

    @cached_property
    def mentions(self) -> pd.DataFrame:
        """All filtered mentions joined with document, actor and sentence (MENTION_COLUMNS)."""
        return self._joined("", [])

    def _joined(self, tail: str, params: list) -> pd.DataFrame:
        return self._query(JOINED_SQL.replace("{tail}", tail), params).reset_index(drop=True)

    def count_by(self, *columns: str, top_names: int | None = None) -> pd.DataFrame:
        """Filtered mentions counted by `columns` of the joined mentions (column n), optionally only
        of the `top_names` most mentioned actor names; biggest counts first, ties in table order."""

        def compute() -> pd.DataFrame:
            named = "name" in columns
            keys = ", ".join("actor_id" if c == "name" else f'"{c}"' for c in columns)
            listed = ", ".join(f'"{c}"' for c in columns)
            counted = f"SELECT {keys}, count(*) AS n, min(row_no) AS first_row FROM {{sel}} GROUP BY {keys}"
            if named:
                counted = (
                    f"SELECT {listed}, sum(c.n) AS n, min(c.first_row) AS first_row FROM ({counted}) c "
                    f"JOIN actors a USING (actor_id) GROUP BY {listed}"
                )
            if top_names is not None:
                counted = (
                    f"WITH counted AS ({counted}) SELECT * FROM counted WHERE name IN (SELECT name FROM counted "
                    f"GROUP BY name ORDER BY sum(n) DESC, min(first_row) LIMIT {int(top_names)})"
                )
            return self._query(f"SELECT * FROM ({counted}) ORDER BY n DESC, first_row").drop(columns="first_row")

        return self._remember(("count_by", columns, top_names), compute)

    def remember(self, key: tuple, compute: Callable[[], object]):
        """A value derived from this view by a component (e.g. term statistics), computed once per key."""
        return self._remember(("component", *key), compute)

    def excerpts(self, actor_id: str, per_outlet: int) -> pd.DataFrame:
        """Up to `per_outlet` sentences per outlet mentioning `actor_id`, newest first: outlet, title,
        published, doc_id, sent_id, first mention_id, sentence, spans (list of (start, end) in it)."""

        def compute() -> pd.DataFrame:
            frame = self._query(EXCERPTS_SQL, [actor_id, per_outlet])
            frame["spans"] = [
                [(int(a), int(b)) for a, b in zip(s, e, strict=True)]
                for s, e in zip(frame["starts"], frame["ends"], strict=True)
            ]
            return frame.drop(columns=["starts", "ends", "rank"])

        return self._remember(("excerpts", actor_id, per_outlet), compute)

    def outlet_counts(self, actor_id: str) -> pd.DataFrame:
        """Per outlet (null: unknown), the filtered mentions of `actor_id`: outlet, n (mentions),
        n_docs, n_sentences; most mentions first, ties in the order of the tables."""
        return self._remember(
            ("outlets", actor_id),
            lambda: self._query(
                "SELECT outlet, count(*) AS n, count(DISTINCT doc_id) AS n_docs, "
                "count(DISTINCT sent_key) AS n_sentences "
                "FROM {sel} WHERE actor_id = ? GROUP BY outlet ORDER BY n DESC, min(row_no)",
                [actor_id],
            ),
        )

    def mentions_of(self, actor_id: str) -> pd.DataFrame:
        """The joined filtered mentions (MENTION_COLUMNS) of one actor."""
        return self._joined("WHERE actor_id = ? ORDER BY row_no", [actor_id])

    def sample_sentences(self, limit: int) -> pd.Series:
        """The text of up to `limit` of the filtered sentences (see `sentences`): all of them when
        there are fewer, else a fixed pseudo-random sample."""

        def compute() -> pd.Series:
            if self.filters.narrows_mentions:
                return self._query(
                    "SELECT text FROM sentences WHERE row_no IN (SELECT sent_key FROM {sel}) "
                    "ORDER BY hash(row_no) LIMIT ?",
                    [limit],
                )["text"]
            return self.tables.query(
                "SELECT text FROM sentences WHERE doc_id IN (SELECT doc_id FROM picked) ORDER BY hash(row_no) LIMIT ?",
                [limit],
                picked=self.document_rows[["doc_id"]],
            )["text"]

        return self._remember(("sample", limit), compute)

    def edges(self) -> pd.DataFrame:
        """Co-mentions among actors sharing a sentence with a filtered mention (of the chosen types,
        when types are filtered): source, target (actor_id, source < target), weight, strongest first."""
        typed = "WHERE list_contains(?, p.type)" if self.filters.actor_types else ""
        params = [list(self.filters.actor_types)] if self.filters.actor_types else []
        return self._remember(("edges",), lambda: self._query(EDGES_SQL.replace("{typed}", typed), params))

    def document(self, doc_id: str) -> pd.Series | None:
        """Every column of one document, None when there is no such document."""
        found = self.tables.query("SELECT * EXCLUDE (row_no) FROM documents WHERE doc_id = ?", [doc_id])
        return None if found.empty else found.iloc[0]

    def document_mentions(self, doc_id: str) -> pd.DataFrame:
        """The mentions of one document (any filter), with the actor's name and type, in text order."""
        return self.tables.query(
            "SELECT m.* EXCLUDE (row_no, type, outlet, published, sent_key), a.name, a.type FROM mentions m "
            "LEFT JOIN actors a USING (actor_id) WHERE m.doc_id = ? ORDER BY m.row_no",
            [doc_id],
        )

    @cached_property
    def quotes(self) -> pd.DataFrame:
        """Quotes of the filtered documents by a chosen speaker or in a sentence with a chosen mention,
        with the document's title, outlet and published."""
        f = self.filters
        condition = "TRUE"
        if f.narrows_mentions:
            condition = "q.sent_key IN (SELECT sent_key FROM {sel})"
            if f.actors or f.actor_types:
                condition += " OR q.speaker_id IN (SELECT actor_id FROM {sel})"
        return self._query(
            "SELECT q.* EXCLUDE (row_no, sent_key), d.title, d.outlet, d.published FROM quotes q "
            f"JOIN documents d USING (doc_id) WHERE ({condition}) AND q.doc_id IN (SELECT doc_id FROM picked) "
            "ORDER BY q.row_no",
            picked=self._picked_documents,
        ).reset_index(drop=True)

    @cached_property
    def _picked_documents(self) -> pd.DataFrame:
        return filter_documents(self.tables.document_index, self.filters)[["doc_id"]]

    @cached_property
    def documents(self) -> pd.DataFrame:
        """Every column of the filtered documents."""
        return self._contract_rows("documents", "doc_id IN (SELECT doc_id FROM picked)", self.document_rows[["doc_id"]])

    @cached_property
    def sentences(self) -> pd.DataFrame:
        """Sentences with a filtered mention when the filters pick mentions, else of the filtered documents."""
        return self._by_sentence("sentences", "row_no")

    @cached_property
    def dates(self) -> pd.DataFrame:
        """Date expressions of the sentences above."""
        return self._by_sentence("dates", "sent_key")

    def _by_sentence(self, name: str, key: str) -> pd.DataFrame:
        if self.filters.narrows_mentions:
            keys = self._query("SELECT DISTINCT sent_key FROM {sel}")
            return self._contract_rows(name, f"{key} IN (SELECT sent_key FROM picked)", keys)
        return self._contract_rows(name, "doc_id IN (SELECT doc_id FROM picked)", self.document_rows[["doc_id"]])

    def _contract_rows(self, name: str, condition: str, picked: pd.DataFrame) -> pd.DataFrame:
        extra = ", sent_key" if name in ("dates", "quotes") else ""
        frame = self.tables.query(
            f"SELECT * EXCLUDE (row_no{extra}) FROM {name} WHERE {condition} ORDER BY row_no", picked=picked
        )
        for column in DATE_COLUMNS.get(name, ()):
            frame[column] = pd.to_datetime(frame[column])
        return frame.reset_index(drop=True)

    @property
    def problems(self) -> pd.DataFrame:
        """The problems of the last build (no filter applies to them)."""
        return self.tables.problems


def resolve_paths(argv: Sequence[str], environ: Mapping[str, str]) -> Paths:
    """`--data DIR` wins over $DASHBOARD_DATA_DIR, which wins over data/ in the repository."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    parser.add_argument("--sources")
    args, _ = parser.parse_known_args(list(argv))
    data_dir = args.data or environ.get(DATA_ENV) or DEFAULT_DATA_DIR
    return Paths(Path(data_dir), Path(args.sources) if args.sources else None)


def manifest_mtime(data_dir: Path) -> float:
    """The manifest's modification time, 0.0 without one: the cache key that a rebuild changes."""
    path = Path(data_dir) / MANIFEST
    return path.stat().st_mtime if path.exists() else 0.0


def check_tables(paths: Paths):
    """The pipeline's verdict on the tables: 'fresh', 'missing', 'stale' or 'incompatible'.

    RETURNS (pipeline.freshness.TablesStatus): state and a sentence for the analyst.
    """
    from pipeline.freshness import tables_status  # imported late: only start-up needs it

    return tables_status(paths.data_dir, paths.source_dir)


def source_dir_for(paths: Paths) -> Path:
    """The sources to build from: the command line's, else the manifest's, else seeds/."""
    manifest = read_manifest(paths.data_dir) or {}
    return paths.source_dir or Path(manifest.get("source_dir") or DEFAULT_SOURCE_DIR)


def build_tables(paths: Paths, on_progress: Callable[[float, str], None]):
    """Run the pipeline into the data folder. RETURNS (pipeline.build.BuildSummary)."""
    from pipeline.build import build_corpus
    from pipeline.config import PipelineConfig

    config = PipelineConfig(curation_file=_manifest_decisions_file(read_manifest(paths.data_dir) or {}))
    return build_corpus(source_dir_for(paths), paths.data_dir, config=config, on_progress=on_progress)


@st.cache_resource(show_spinner="Loading tables…", max_entries=2)
def load_tables(data_dir: str, mtime: float) -> Tables:
    """Open the tables once per build for every session; `mtime` only keys the cache so a rebuild
    invalidates it. Cached as a resource, not as data: nothing is copied or pickled per rerun."""
    return open_tables(Path(data_dir))


def open_tables(data_dir: Path) -> Tables:
    """Read every table of a data folder into a new in-memory DuckDB database, typed by the contract.

    Columns the contract does not name are dropped and missing ones become nulls (as `conform`
    does). Mentions also carry their actor's type, their document's outlet and publication date,
    and the number of their sentence (`sent_key`, also on quotes), so every filter is one scan.
    Raises FileNotFoundError naming the first missing table.
    """
    db = duckdb.connect()
    for name in TABLES:
        path = table_path(data_dir, name)
        if not path.exists():
            raise FileNotFoundError(f"table {name!r} not found at {path}; run `python -m pipeline build`")
        present = set(pq.read_schema(path).names)
        columns = ", ".join(
            f'"{col}"::{SQL_TYPES[kind]} AS "{col}"' if col in present else f'NULL::{SQL_TYPES[kind]} AS "{col}"'
            for col, kind in TABLES[name].items()
        )
        db.execute(
            f"CREATE TABLE {name} AS SELECT file_row_number AS row_no, {columns} "
            "FROM read_parquet(?, file_row_number = true) ORDER BY row_no",
            [str(path)],
        )
    db.execute(ENRICH_SQL)
    return Tables(db, read_manifest(Path(data_dir)) or {})


def filter_documents(documents: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Documents of the chosen outlets and publication range; undated ones drop out of a range."""
    mask = pd.Series(True, index=documents.index)
    if filters.outlets:
        mask &= documents["outlet"].isin(filters.outlets)
    if filters.date_from is not None:
        mask &= documents["published"] >= pd.Timestamp(filters.date_from)
    if filters.date_to is not None:
        mask &= documents["published"] <= pd.Timestamp(filters.date_to)
    documents = documents[mask.fillna(False)]
    return keep_one_per_story(documents) if filters.one_per_story else documents


def keep_one_per_story(documents: pd.DataFrame) -> pd.DataFrame:
    """One document per story_id: the earliest published, then the first doc_id; rows keep their order.

    Applied after the outlet and date filters, so a story stays when only its later copy is chosen.
    A document with a null story_id (tables built before stories were linked) is its own story.
    """
    ranked = documents.assign(_story=documents["story_id"].fillna(documents["doc_id"]))
    ranked = ranked.sort_values(["published", "doc_id"], na_position="last", kind="stable")
    kept = ranked.drop_duplicates("_story").index
    return documents[documents.index.isin(kept)]


def join_mentions(mentions: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Mentions with their document's title, outlet and date, actor name and type, and sentence.

    Left merges keep the contract's row order (doc_id, start, end), so no re-sort is needed.
    """
    docs = tables.documents[["doc_id", "title", "outlet", "published"]]
    actors = tables.actors[["actor_id", "name", "type"]]
    sentences = tables.sentences[SENTENCE_KEY + ["text"]].rename(columns={"text": "sentence"})
    joined = mentions.merge(docs, on="doc_id", how="left").merge(actors, on="actor_id", how="left")
    joined = joined.merge(sentences, on=SENTENCE_KEY, how="left")
    return joined[MENTION_COLUMNS].reset_index(drop=True)


def select_view(tables: Tables, filters: Filters) -> View:
    """The filtered tables for `filters`, so all views and exports agree on the rows (computed on demand)."""
    return tables.view(filters)


def select_export_tables(view: View) -> dict[str, pd.DataFrame]:
    """Every filtered table by name, as the ZIP export writes them."""
    return {name: getattr(view, name) for name in TABLES}


def date_span(documents: pd.DataFrame) -> tuple[date | None, date | None]:
    """First and last publication date, or (None, None) when no document is dated."""
    published = documents["published"].dropna()
    if published.empty:
        return None, None
    return published.min().date(), published.max().date()


def _as_date(value: object) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    """Arrow to pandas with strings as pandas' string dtype and dates as datetime64 (as the filters compare)."""
    strings = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype(), pa.string_view(): pd.StringDtype()}
    frame = table.to_pandas(types_mapper=strings.get, date_as_object=False)
    for column, kind in zip(table.column_names, table.schema.types, strict=True):
        if pa.types.is_date(kind):
            frame[column] = frame[column].astype("datetime64[ns]")
    return frame


def basemap_url() -> str | None:
    """The folder URL of the offline world outlines for plotly maps, or None when not installed.

    plotly.js fetches its outlines from a CDN unless told where else to look; the project can ship
    them in static/topojson/ (served when server.enableStaticServing is on).
    """
    if BASEMAP_FILE.exists() and st.get_option("server.enableStaticServing"):
        return BASEMAP_URL
    return None


@st.cache_data(show_spinner=False)
def stop_words() -> frozenset[str]:
    """English function words (spaCy's list), kept out of the distinguishing-terms statistics."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


# Curation: the analysts' decisions are recorded and re-applied by the pipeline; these wrappers
# turn every outcome into a sentence for the page and make the next run load the corrected tables.
CURATION_SOURCE = "curation"  # problems.source_file of decisions that no longer apply
CURATION_TYPES = ACTOR_TYPES  # the types a decision may set (components never import the pipeline)


@dataclass(frozen=True)
class CurationResult:
    """What became of a decision or an undo, in words for the analyst."""

    ok: bool
    message: str
    warning: str = ""  # saved, but it does not apply to these articles (also listed in Problems)


def decisions_file(tables: Tables) -> Path:
    """The curation file the build applied (its manifest names it), else the pipeline's default."""
    from pipeline.config import PipelineConfig

    return _manifest_decisions_file(tables.manifest) or PipelineConfig().decisions_path


def _manifest_decisions_file(manifest: Mapping) -> Path | None:
    recorded = (manifest.get("curation") or {}).get("decisions_file")
    return Path(recorded) if recorded else None


def can_curate(data_dir: Path) -> bool:
    """True when the build kept its uncurated tables, to which every decision is re-applied."""
    from pipeline.build import uncurated_dir

    return read_manifest(uncurated_dir(Path(data_dir))) is not None


def decide(data_dir: Path, tables: Tables, kind: str, *, by: str, note: str = "", **fields) -> CurationResult:
    """Record one decision (pipeline.curation.KINDS names the kinds and their fields) under the
    file lock, then re-apply every decision to the build's uncurated tables. Never raises."""
    from pipeline.curation import CurationError, record_decision

    path = decisions_file(tables)
    try:
        decision = record_decision(path, kind, by=by, note=note, **fields)
    except CurationError as error:
        return CurationResult(False, f"Not recorded: {error}.")
    except Exception as error:  # a locked, unreadable or unwritable file must become a message
        return CurationResult(False, f"Not recorded: {path} could not be updated ({error}).")
    return _recurate(data_dir, path, decision.id, f"Recorded: {decision.describe()}.")


def undo(data_dir: Path, tables: Tables, decision_id: str, *, by: str, note: str = "") -> CurationResult:
    """Mark a decision undone (it stays in the history) and re-apply the others. Never raises."""
    from pipeline.curation import CurationError, undo_decision

    path = decisions_file(tables)
    try:
        decision = undo_decision(path, decision_id, by=by, note=note)
    except CurationError as error:
        return CurationResult(False, f"Not undone: {error}.")
    except Exception as error:  # as in decide()
        return CurationResult(False, f"Not undone: {path} could not be updated ({error}).")
    return _recurate(data_dir, path, None, f"Undone: {decision.describe()}.")


def _recurate(data_dir: Path, path: Path, decision_id: str | None, message: str) -> CurationResult:
    from pipeline.build import recurate

    try:
        curated = recurate(Path(data_dir), path)
    except Exception as error:  # the decision is saved; the tables stay as they were until a rebuild
        return CurationResult(
            False, f"{message} It is saved, but the tables could not be updated ({error}); rebuild them."
        )
    load_tables.clear()  # the manifest's mtime keys the cache, and a coarse file clock may not move
    stale = _stale_reasons(curated["problems"]).get(decision_id, "")
    return CurationResult(True, message, f"It does not apply to these articles: {stale}." if stale else "")


def _stale_reasons(problems: pd.DataFrame) -> dict[str, str]:
    """decision id -> why it no longer applies, from the problems the curation step reported."""
    found = problems.loc[problems["source_file"] == CURATION_SOURCE, "reason"].str.extract(
        r"^decision (?P<id>\S+) .* no longer applies: (?P<why>.*)$"
    )
    return dict(zip(found["id"].dropna(), found["why"].dropna(), strict=True))


def select_history(tables: Tables) -> pd.DataFrame:
    """Every decision, newest first: decision_id, kind, what, by, at, note, undone (bool), status.

    Raises ValueError with a sentence for the analyst when the curation file is unreadable.
    """
    from pipeline.curation import read_decisions

    path = decisions_file(tables)
    try:
        decisions = read_decisions(path)
    except Exception as error:  # broken YAML or schema: the page says so instead of a traceback
        raise ValueError(f"The curation file {path} cannot be read ({error}).") from error
    stale = _stale_reasons(tables.problems)
    rows = [
        {
            "decision_id": d.id,
            "kind": d.kind,
            "what": d.describe(),
            "by": d.by,
            "at": d.at,
            "note": d.note,
            "undone": bool(d.undone),
            "status": _status(d.undone, stale.get(d.id)),
        }
        for d in reversed(decisions)
    ]
    columns = ["decision_id", "kind", "what", "by", "at", "note", "undone", "status"]
    return pd.DataFrame(rows, columns=columns)


def _status(undone: Mapping | None, stale: str | None) -> str:
    if undone:
        note = f": {undone['note']}" if undone.get("note") else ""
        return f"undone by {undone.get('by')} at {undone.get('at')}{note}"
    return f"no longer applies: {stale}" if stale else "applied"


def select_review_queue(tables: Tables, mention_ids: pd.Series | None = None) -> pd.DataFrame:
    """The mentions the pipeline is least sure of, least sure first, among `mention_ids` when given.

    RETURNS (DataFrame): MENTION_COLUMNS plus reason and sentence_start (to mark the mention).
    """
    from pipeline.curation import review_queue

    queue = review_queue({"mentions": tables.mentions, "actors": tables.actors})
    if mention_ids is not None:
        queue = queue[queue["mention_id"].isin(mention_ids)].reset_index(drop=True)
    starts = tables.sentences[SENTENCE_KEY + ["start"]].rename(columns={"start": "sentence_start"})
    joined = join_mentions(queue, tables).assign(reason=queue["reason"].to_numpy())
    return joined.merge(starts, on=SENTENCE_KEY, how="left")
