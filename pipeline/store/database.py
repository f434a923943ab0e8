"""The tables of one build as one DuckDB database, denormalised for the dashboard's queries.

`load_database` reads the Parquet tables into a DuckDB connection and runs ENRICH_SQL: the one code
path, whether the dashboard does it in memory when it opens an older data folder, or a build (and
every other writer of the tables, through `write_tables`) does it once into `DATA/tables.duckdb`,
so the dashboard's first load only opens that file (`open_database`). The Parquet tables stay the
contract: the database is derived from them, written with them under the same journal, and used only
while it records the digests of the tables the manifest names and this module's format.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from pipeline.schema import TABLES

DATABASE = "tables.duckdb"  # beside the Parquet tables; staged and renamed like them
SQL_TYPES = {"string": "VARCHAR", "int64": "BIGINT", "Int64": "BIGINT", "float64": "DOUBLE", "bool": "BOOLEAN",
             "object": "DATE", "list": "VARCHAR[]"}  # fmt: skip
# Denormalise once per build what the filters and views read, so each is one scan of mentions
# (first_of_story: the document is its story's earliest telling, as keep_one_per_story picks), and
# pair the actors of every sentence (co_mentions: sent_key and the two actors' row numbers, source's
# actor_id first; edge_weights: their counts over the whole corpus) so the network is a count over
# pairs, not a self-join per filter change; actor_outlets counts the mentions (and their documents
# and sentences) per actor and outlet, which answers the overview's counts and Compare's outlets
# when the filters pick only actors, types and outlets.
# Sentences carry the page they start on (null for documents without pages), which excerpts,
# quotes and exports show as "p. 12". quotes_shown is every quote as the Quotes page lists it (the
# speaker's canonical name, the document's title, outlet and date, the page), so the speakers and
# each page of quotes read one table; sentence_sample is the first SAMPLE_SENTENCES sentences in
# a fixed pseudo-random order (by hash of their row number), the unfiltered background of Compare.
SAMPLE_SENTENCES = 10_000  # rows of sentence_sample: more than Compare's background asks for
ENRICH_SQL = """
CREATE OR REPLACE TABLE sentences AS
SELECT s.*, p.page FROM sentences s
LEFT JOIN pages p ON p.doc_id = s.doc_id AND s.start >= p.start AND s.start < p."end"
ORDER BY s.row_no;
CREATE OR REPLACE TABLE stories AS
SELECT row_no AS doc_key, row_number() OVER (
  PARTITION BY coalesce(story_id, doc_id) ORDER BY published NULLS LAST, doc_id) = 1 AS first_of_story
FROM documents;
CREATE OR REPLACE TABLE mentions AS
SELECT m.*, a.type, d.outlet, d.published, s.row_no AS sent_key, d.row_no AS doc_key, a.row_no AS actor_key,
       st.first_of_story
FROM mentions m
LEFT JOIN actors a USING (actor_id)
LEFT JOIN documents d USING (doc_id)
LEFT JOIN sentences s USING (doc_id, sent_id)
LEFT JOIN stories st ON st.doc_key = d.row_no
ORDER BY m.row_no;
CREATE OR REPLACE TABLE quotes AS
SELECT q.*, s.row_no AS sent_key FROM quotes q LEFT JOIN sentences s USING (doc_id, sent_id) ORDER BY q.row_no;
CREATE OR REPLACE TABLE dates AS
SELECT t.*, s.row_no AS sent_key FROM dates t LEFT JOIN sentences s USING (doc_id, sent_id) ORDER BY t.row_no;
CREATE OR REPLACE TABLE quotes_shown AS
SELECT q.*, coalesce(a.name, q.speaker) AS speaker_name, d.title, d.outlet, d.published, s.page
FROM quotes q JOIN documents d USING (doc_id) LEFT JOIN actors a ON a.actor_id = q.speaker_id
LEFT JOIN sentences s ON s.row_no = q.sent_key
ORDER BY q.row_no;
CREATE OR REPLACE TABLE sentence_sample AS
SELECT row_no, text FROM sentences ORDER BY hash(row_no) LIMIT {sample};
CREATE OR REPLACE TABLE co_mentions AS
WITH present AS (SELECT DISTINCT sent_key, actor_key, actor_id FROM mentions WHERE sent_key IS NOT NULL)
SELECT x.sent_key, x.actor_key AS source, y.actor_key AS target
FROM present x JOIN present y ON x.sent_key = y.sent_key AND x.actor_id < y.actor_id;
CREATE OR REPLACE TABLE edge_weights AS SELECT source, target, count(*) AS weight FROM co_mentions GROUP BY ALL;
CREATE OR REPLACE TABLE actor_outlets AS
SELECT actor_key, actor_id, type, outlet, count(*) AS n, min(row_no) AS first_row,
       count(DISTINCT doc_key) AS n_docs, count(DISTINCT sent_key) AS n_sentences
FROM mentions GROUP BY ALL;
""".replace("{sample}", str(SAMPLE_SENTENCES))
LOAD_SQL = (
    "CREATE TABLE {name} AS SELECT file_row_number AS row_no, {columns} "
    "FROM read_parquet($path, file_row_number = true) ORDER BY row_no"
)
META_TABLE = "build_meta"  # one row: the format and the digests of the tables the database was made from
# Changes with the SQL or the contract, so a database written by other code is never read as current.
DATABASE_FORMAT = hashlib.sha256(
    json.dumps([ENRICH_SQL, LOAD_SQL, SQL_TYPES, TABLES], sort_keys=True).encode()
).hexdigest()[:16]


def load_database(db: duckdb.DuckDBPyConnection, paths: Mapping[str, Path]) -> None:
    """Read every table of the contract from its Parquet file (`paths`: table name -> file) into
    `db`, typed by the contract, with `row_no` (its row number), and denormalise them (ENRICH_SQL).

    Columns the contract does not name are dropped and missing ones become nulls (as `conform`
    does). Mentions also carry their actor's type, their document's outlet and publication date,
    and the row numbers of their sentence (`sent_key`, also on quotes and dates), document
    (`doc_key`) and actor (`actor_key`) and whether their document is the first of its story, so
    every filter is one scan; `co_mentions` pairs the actors of each sentence. Raises
    FileNotFoundError naming the first missing table.
    """
    for name in TABLES:
        path = Path(paths[name])
        if not path.exists():
            raise FileNotFoundError(f"table {name!r} not found at {path}; run `python -m pipeline build`")
        present = set(pq.read_schema(path).names)
        columns = ", ".join(
            f'"{col}"::{SQL_TYPES[kind]} AS "{col}"' if col in present else f'NULL::{SQL_TYPES[kind]} AS "{col}"'
            for col, kind in TABLES[name].items()
        )
        db.execute(LOAD_SQL.format(name=name, columns=columns), {"path": str(path)})
    db.execute(ENRICH_SQL)


def write_database(path: Path, paths: Mapping[str, Path], digests: Mapping[str, str], *, spill_dir: Path) -> None:
    """Write the database of the tables at `paths` (whose SHA-256 are `digests`) to the file `path`
    (replaced), recording the digests and DATABASE_FORMAT so `open_database` knows what it holds.
    `spill_dir`: where DuckDB keeps what does not fit in memory while it writes."""
    path = Path(path)
    mode = path.stat().st_mode if path.exists() else None  # a temporary file's permissions, kept
    path.unlink(missing_ok=True)  # a new database file, not an empty placeholder
    db = duckdb.connect(str(path), config={"temp_directory": str(spill_dir)})
    try:
        load_database(db, paths)
        db.execute(f"CREATE TABLE {META_TABLE} (format VARCHAR, tables VARCHAR)")
        db.execute(f"INSERT INTO {META_TABLE} VALUES ($format, $tables)", {"format": DATABASE_FORMAT,
                   "tables": json.dumps(dict(digests), sort_keys=True)})  # fmt: skip
        db.execute("CHECKPOINT")
    finally:
        db.close()
    if mode is not None:
        path.chmod(mode)


def open_database(
    data_dir: Path, manifest: Mapping | None, *, config: Mapping[str, str] | None = None
) -> duckdb.DuckDBPyConnection | None:
    """The data folder's database, opened read-only, when it was made from the tables `manifest`
    names (the same digests) by this code (DATABASE_FORMAT); None when it is missing, stale, of
    another format or unreadable, so the caller loads the Parquet tables itself (`load_database`).
    `config`: DuckDB settings (memory_limit, temp_directory)."""
    path = Path(data_dir) / DATABASE
    digests = (manifest or {}).get("tables")
    if not path.is_file() or not isinstance(digests, dict):
        return None
    # Attached to a new in-memory database, not opened by its path: DuckDB hands a second
    # connect(path) the instance already open on that path in this process, which, once a build or
    # re-curation has renamed a new file onto the path, still reads the old file.
    db = duckdb.connect(config=dict(config or {}))
    try:
        db.execute("ATTACH $path AS build_tables (READ_ONLY)", {"path": str(path)})
        db.execute("USE build_tables")
        found = db.execute(f"SELECT format, tables FROM {META_TABLE}").fetchall()
    except duckdb.Error:
        found = []
    if found != [(DATABASE_FORMAT, json.dumps(dict(digests), sort_keys=True))] or not all(
        (Path(data_dir) / f"{name}.parquet").is_file() for name in TABLES
    ):
        db.close()
        return None
    return db
