"""The full-text index of the sentences: an SQLite FTS5 file beside the tables, updated article by article.

One row per sentence, its rowid `doc_no << ROW_BITS | sent_id`, so the rows of one article are one
rowid range (deleted in one statement when the article changes). Two columns, word for word:
`body` (folded words) and `skel` (their keys; pipeline.search.text). The `docs` table maps doc_no
to doc_id with a digest of the article's sentences, so a build re-indexes only the articles whose
sentences changed; `meta` records the format, the transliteration rules and the SHA-256 of the
sentences table the index was made from, which tells a reader whether it is current.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import threading
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.names import TransliterationRules
from pipeline.search.text import rules_from_dict, rules_to_dict, split_words

INDEX_FORMAT = "1"
ROW_BITS = 24  # sent_id below 2**24 (a 2,000,000-character article has far fewer sentences)
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (doc_no INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, digest TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(body, skel, tokenize = 'unicode61 remove_diacritics 0');
"""
BATCH = 20_000  # sentences inserted per executemany


class SearchIndexError(ValueError):
    """A file that is not a search index of this format."""


def index_writer(
    sentences: pd.DataFrame, rules: TransliterationRules, *, previous: Path
) -> Callable[[Path, Mapping[str, str]], bool]:
    """What pipeline.store.parquet.write_tables calls to stage the index: it writes the index of `sentences`
    (doc_id, sent_id, text) to a temporary path, starting from `previous` (the folder's current
    index) when it can, and returns False, writing nothing, when `previous` already indexes a
    sentences table with the digest just written. The index only speeds up search: when it cannot be
    written the tables are written all the same, with a RuntimeWarning, and the dashboard indexes
    them in memory."""

    def write(path: Path, digests: Mapping[str, str]) -> bool:
        try:
            return write_index(path, sentences, rules, sentences_digest=digests.get("sentences", ""), previous=previous)
        except (OSError, sqlite3.Error, ValueError) as error:
            warnings.warn(
                f"the search index was not written ({error}); the dashboard will index in memory",
                RuntimeWarning,
                stacklevel=2,
            )
            return False

    return write


def write_index(
    path: Path, sentences: pd.DataFrame, rules: TransliterationRules, *, sentences_digest: str, previous: Path | None
) -> bool:
    """Write the index of `sentences` at `path`. From `previous` when it is an index of this format
    and rules: only the articles whose sentences changed are re-indexed. False when `previous`
    already indexes these sentences (nothing is written)."""
    meta = _read_meta(previous) if previous is not None else None
    reusable = meta is not None and meta.get("format") == INDEX_FORMAT and meta.get("rules") == _rules_json(rules)
    if reusable and sentences_digest and meta.get("sentences_sha256") == sentences_digest:
        return False
    if reusable:
        shutil.copyfile(previous, path)
    else:
        Path(path).write_bytes(b"")  # emptied, not replaced: it keeps the temporary file's permissions
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = OFF")  # a temporary file, renamed whole or never
        connection.execute("PRAGMA synchronous = OFF")
        update_index(connection, sentences, rules)
        _write_meta(connection, rules, sentences_digest)
        if not reusable:  # merge a new index's segments once; an update leaves that to FTS5's automerge
            connection.execute("INSERT INTO words(words) VALUES ('optimize')")
        connection.commit()
    finally:
        connection.close()
    return True


def update_index(connection: sqlite3.Connection, sentences: pd.DataFrame, rules: TransliterationRules) -> None:
    """Make the index in `connection` hold exactly `sentences` (doc_id, sent_id, text): articles gone
    or changed are deleted, new or changed ones indexed."""
    connection.executescript(SCHEMA)
    digests = article_digests(sentences)
    known = dict(connection.execute("SELECT doc_id, digest FROM docs"))
    stale = [doc_id for doc_id, digest in known.items() if digests.get(doc_id) != digest]
    for doc_id in stale:
        (doc_no,) = connection.execute("SELECT doc_no FROM docs WHERE doc_id = ?", [doc_id]).fetchone()
        connection.execute(
            "DELETE FROM words WHERE rowid BETWEEN ? AND ?", [doc_no << ROW_BITS, ((doc_no + 1) << ROW_BITS) - 1]
        )
        connection.execute("DELETE FROM docs WHERE doc_no = ?", [doc_no])
    fresh = [doc_id for doc_id in digests if known.get(doc_id) != digests[doc_id]]
    if fresh:
        _insert(connection, sentences[sentences["doc_id"].isin(fresh)], digests, rules)


def _insert(
    connection: sqlite3.Connection, sentences: pd.DataFrame, digests: Mapping[str, str], rules: TransliterationRules
) -> None:
    (last,) = connection.execute("SELECT coalesce(max(doc_no), -1) FROM docs").fetchone()
    numbers = {doc_id: last + 1 + n for n, doc_id in enumerate(dict.fromkeys(sentences["doc_id"]))}
    connection.executemany("INSERT INTO docs VALUES (?, ?, ?)", [(no, d, digests[d]) for d, no in numbers.items()])
    rows = []
    for doc_id, sent_id, text in zip(sentences["doc_id"], sentences["sent_id"], sentences["text"], strict=True):
        if not 0 <= int(sent_id) < 1 << ROW_BITS:
            raise ValueError(f"sentence {sent_id} of {doc_id} is outside 0 to {(1 << ROW_BITS) - 1}")
        words = split_words(str(text or ""), rules)
        rows.append(
            (
                (numbers[doc_id] << ROW_BITS) | int(sent_id),
                " ".join(w.body for w in words),
                " ".join(w.key for w in words),
            )
        )
        if len(rows) >= BATCH:
            connection.executemany("INSERT INTO words(rowid, body, skel) VALUES (?, ?, ?)", rows)
            rows = []
    connection.executemany("INSERT INTO words(rowid, body, skel) VALUES (?, ?, ?)", rows)


def article_digests(sentences: pd.DataFrame) -> dict[str, str]:
    """doc_id -> SHA-256 of its sentences (ids and texts, in order): what says an article changed."""
    digests: dict[str, hashlib._Hash] = {}
    columns = (sentences[name].tolist() for name in ("doc_id", "sent_id", "text"))  # lists iterate fast
    for doc_id, sent_id, text in zip(*columns, strict=True):
        digest = digests.get(doc_id) or digests.setdefault(doc_id, hashlib.sha256())
        digest.update(f"{sent_id}\x1f{text}\x1e".encode())
    return {doc_id: digest.hexdigest() for doc_id, digest in digests.items()}


class SearchIndex:
    """An open index: rows matching an FTS5 expression, and which article each row is of.
    Safe to share between threads (one lock around the connection)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        if meta.get("format") != INDEX_FORMAT:
            raise SearchIndexError(f"search index of format {meta.get('format')!r}, this version reads {INDEX_FORMAT}")
        self.rules = rules_from_dict(json.loads(meta["rules"]))
        self.sentences_sha256 = meta.get("sentences_sha256", "")
        docs = connection.execute("SELECT doc_no, doc_id FROM docs").fetchall()
        self.doc_ids = pd.Series([d for _, d in docs], index=[n for n, _ in docs], dtype="string")

    @classmethod
    def open(cls, path: Path) -> SearchIndex:
        """The index file at `path`, read-only (immutable: a build replaces the file, never edits it).
        Raises SearchIndexError (a ValueError) for a file that is not an index of this format."""
        uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            return cls(connection)
        except (sqlite3.DatabaseError, KeyError, ValueError) as error:
            connection.close()
            raise SearchIndexError(f"{path} is not a search index of this version ({error})") from error

    @classmethod
    def in_memory(cls, sentences: pd.DataFrame, rules: TransliterationRules) -> SearchIndex:
        """An index of `sentences` (doc_id, sent_id, text) in memory, for tables without an index file."""
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        update_index(connection, sentences, rules)
        _write_meta(connection, rules, "")
        connection.commit()
        return cls(connection)

    def matching_rows(self, expression: str) -> np.ndarray:
        """The rowids of the sentences `expression` (an FTS5 MATCH expression) matches, ascending."""
        with self._lock:
            rows = self._connection.execute("SELECT rowid FROM words WHERE words MATCH ?", [expression]).fetchall()
        return np.fromiter((row for (row,) in rows), dtype=np.int64, count=len(rows))

    def locate(self, rows: np.ndarray) -> pd.DataFrame:
        """doc_id, sent_id of rowids."""
        return pd.DataFrame(
            {
                "doc_id": self.doc_ids.reindex(rows >> ROW_BITS).to_numpy(),
                "sent_id": (rows & ((1 << ROW_BITS) - 1)).astype("int64"),
            }
        )


def _read_meta(path: Path) -> dict[str, str] | None:
    """The meta table of an index file, None when there is no readable index there."""
    if not Path(path).is_file():
        return None
    try:
        connection = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
        try:
            return dict(connection.execute("SELECT key, value FROM meta"))
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return None


def _write_meta(connection: sqlite3.Connection, rules: TransliterationRules, sentences_digest: str) -> None:
    connection.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [("format", INDEX_FORMAT), ("rules", _rules_json(rules)), ("sentences_sha256", sentences_digest)],
    )


def _rules_json(rules: TransliterationRules) -> str:
    return json.dumps(rules_to_dict(rules), sort_keys=True)
