"""The analyst's view of the tables: what passes the filters, computed by SQL only when a page asks."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import pandas as pd

from data_access.filters import Filters, as_date, date_span, filter_documents
from data_access.tables import DATE_COLUMNS, Tables
from pipeline.schema import TABLES

SENTENCE_KEY = ["doc_id", "sent_id"]
MENTION_COLUMNS = [
    "mention_id", "doc_id", "title", "outlet", "published", "actor_id", "name", "type", "surface",
    "start", "end", "sent_id", "sentence", "method", "score", "date", "date_basis", "date_granularity",
]  # fmt: skip
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
class DocumentSummary:
    """The filtered documents in figures."""

    n_documents: int
    n_outlets: int
    span: tuple[date | None, date | None]


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
            return DocumentSummary(int(row["n"]), int(row["outlets"]), (as_date(row["low"]), as_date(row["high"])))
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


def select_view(tables: Tables, filters: Filters) -> View:
    """The filtered tables for `filters`, so all views and exports agree on the rows (computed on demand)."""
    return tables.kept(filters, lambda: View(filters=filters, tables=tables))


def select_export_tables(view: View) -> dict[str, pd.DataFrame]:
    """Every filtered table by name, as the ZIP export writes them."""
    return {name: getattr(view, name) for name in TABLES}
