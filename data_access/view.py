"""The analyst's view of the tables: what passes the filters, computed by SQL only when a page asks."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import pandas as pd

from data_access.events import select_events
from data_access.filters import Filters, as_date, date_span, filter_documents
from data_access.search import SearchResult, select_search
from data_access.tables import DATE_COLUMNS, Tables
from pipeline.api import METHOD_REASONS, review_reasons
from pipeline.schema import TABLES

MENTION_COLUMNS = [
    "mention_id", "doc_id", "title", "outlet", "published", "actor_id", "name", "type", "surface",
    "start", "end", "sent_id", "sentence", "page", "method", "score", "date", "date_basis", "date_granularity",
]  # fmt: skip
# The joined mentions (MENTION_COLUMNS) of a `picked` relation of mentions (see View._joined).
JOINED_COLUMNS = """p.mention_id, p.doc_id, d.title, p.outlet, p.published, p.actor_id, a.name, p.type, p.surface,
       p.start, p."end", p.sent_id, s.text AS sentence, s.page, p.method, p.score, p.date, p.date_basis,
       p.date_granularity"""
JOINED_FROM = """FROM picked p
LEFT JOIN documents d ON d.row_no = p.doc_key
LEFT JOIN actors a ON a.row_no = p.actor_key
LEFT JOIN sentences s ON s.row_no = p.sent_key"""
# The mentions pipeline.curation.review_queue puts before the analyst ($reasons: its METHOD_REASONS):
# not yet reviewed, linked by an unsure method or of an actor seen once in the corpus.
TO_REVIEW = (
    "NOT coalesce(reviewed, false) AND (list_contains($reasons, method) "
    "OR actor_key IN (SELECT row_no FROM actors WHERE n_mentions = 1))"
)
# Sentences mentioning actor $actor (of the outlets $outlets, unknown ones when $unknown_outlet): the
# newest $per_outlet per outlet, with the spans of the actor's mentions in each. Sentences are ranked
# before any list is built, so the cost is one scan of the actor's mentions however many sentences
# mention it.
EXCERPTS_SQL = """
WITH hit AS (
  SELECT DISTINCT sent_key, outlet, published FROM sel
  WHERE actor_key = $actor AND ($all_outlets OR list_contains($outlets, outlet) OR ($unknown_outlet AND outlet IS NULL))
),
newest AS (
  SELECT unnest(max_by(sent_key, (coalesce(published, DATE '0001-01-01'), -sent_key), $per_outlet)) AS sent_key
  FROM hit GROUP BY outlet
),
spans AS (
  SELECT sent_key, any_value(outlet) AS outlet, any_value(published) AS published,
         arg_min(mention_id, row_no) AS mention_id,
         list("start" ORDER BY row_no) AS starts, list("end" ORDER BY row_no) AS ends
  FROM sel SEMI JOIN newest USING (sent_key) WHERE actor_key = $actor GROUP BY sent_key
)
SELECT x.outlet, d.title, x.published, s.doc_id, s.sent_id, x.mention_id, s.text AS sentence, s.page,
       list_transform(x.starts, lambda v: v - s.start) AS starts,
       list_transform(x.ends, lambda v: v - s.start) AS ends
FROM spans x JOIN sentences s ON s.row_no = x.sent_key JOIN documents d USING (doc_id)
ORDER BY x.published DESC NULLS LAST, x.sent_key
"""
# Co-mentions as source, target (actor_id), weight, from a `weights` relation over the actors' row
# numbers: edge_weights (the whole corpus) or FILTERED_WEIGHTS.
EDGES_SQL = """
SELECT a.actor_id AS source, b.actor_id AS target, w.weight
FROM weights w JOIN actors a ON a.row_no = w.source JOIN actors b ON b.row_no = w.target
ORDER BY w.weight DESC, source, target
"""
ALL_WEIGHTS = "WITH weights AS (SELECT * FROM edge_weights)"
# Pairs in the sentences holding a filtered mention, from the co_mentions Tables made once per build;
# TYPED_WEIGHTS keeps the pairs of two actors of the types $types.
FILTERED_WEIGHTS = """WITH keys AS (SELECT DISTINCT sent_key FROM sel),
weights AS (
  SELECT source, target, count(*) AS weight FROM co_mentions SEMI JOIN keys USING (sent_key)
  GROUP BY source, target
)"""
TYPED_WEIGHTS = """WITH keys AS (SELECT DISTINCT sent_key FROM sel),
typed AS (SELECT row_no FROM actors WHERE list_contains($types, type)),
weights AS (
  SELECT source, target, count(*) AS weight FROM co_mentions SEMI JOIN keys USING (sent_key)
  WHERE source IN (SELECT row_no FROM typed) AND target IN (SELECT row_no FROM typed)
  GROUP BY source, target
)"""
# Quotes with the speaker's canonical name when known (else as written); KEPT_QUOTES_SQL only those
# whose row numbers kept_quotes holds (the quotes the filters keep, see View._quotes_sql).
QUOTES_SQL = """
SELECT q.* EXCLUDE (sent_key), coalesce(a.name, q.speaker) AS speaker_name, d.title, d.outlet, d.published, s.page
FROM quotes q JOIN documents d USING (doc_id) LEFT JOIN actors a ON a.actor_id = q.speaker_id
LEFT JOIN sentences s ON s.row_no = q.sent_key
"""
KEPT_QUOTES_SQL = QUOTES_SQL + "WHERE q.row_no IN (SELECT row_no FROM kept_quotes)\n"
AGGREGATED = {"actor_id", "name", "type", "outlet"}  # the columns of actor_outlets that count_by may group by
QUOTE_COLUMNS = ["speaker", "quote", "outlet", "published", "title", "page", "speaker_id", "doc_id", "quote_id"]


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

    def _query(self, sql: str, params: Mapping[str, object] | None = None, **frames: pd.DataFrame) -> pd.DataFrame:
        """`sql` over `sel`, the filtered mentions, and (only when `_aggregable`) `agg`, their counts
        per actor and outlet: two common table expressions put before it, holding the filters'
        condition with its named parameters ($f_...); `params` are the query's own ($name), so no
        fragment depends on where another binds its values."""
        where, where_params, where_frames = self._condition
        clash = set(where_params) & set(params or {})
        if clash:
            raise ValueError(f"query parameters {sorted(clash)} are the filters' names")
        filtered = [f"sel AS NOT MATERIALIZED (SELECT * FROM mentions WHERE {where})"]
        if self._aggregable:
            filtered.append(f"agg AS NOT MATERIALIZED (SELECT * FROM actor_outlets WHERE {where})")
        body = sql.lstrip()
        head = "WITH " + ",\n".join(filtered)
        sql = f"{head},\n{body[len('WITH ') :]}" if body.upper().startswith("WITH ") else f"{head}\n{body}"
        return self.tables.query(sql, {**where_params, **(params or {})}, **where_frames, **frames)

    @property
    def _aggregable(self) -> bool:
        """True when the filters pick only actors, types and outlets: then actor_outlets, a few
        rows per actor, answers what counts mentions by actor, type or outlet."""
        f = self.filters
        return not (f.text.strip() or f.date_from or f.date_to or f.one_per_story)

    @cached_property
    def _condition(self) -> tuple[str, dict[str, object], dict[str, pd.DataFrame]]:
        """The filters as one SQL condition on mentions, its named parameters and the frames it reads."""
        f, parts, params, frames = self.filters, ["TRUE"], {}, {}
        if self._whole_corpus_stories:
            parts.append("first_of_story")
        elif f.one_per_story:
            frames["kept_documents"] = self._picked_documents[["doc_key"]]
            parts.append("doc_key IN (SELECT doc_key FROM kept_documents)")
        else:
            if f.outlets:
                parts.append("list_contains($f_outlets, outlet)")
                params["f_outlets"] = list(f.outlets)
            if f.date_from is not None:
                parts.append("published >= $f_from")
                params["f_from"] = f.date_from
            if f.date_to is not None:
                parts.append("published <= $f_to")
                params["f_to"] = f.date_to
        if f.actors:  # by row number: integers compare three times faster than the ids
            parts.append("list_contains($f_actors, actor_key)")
            params["f_actors"] = self._actor_keys
        if f.actor_types:
            parts.append("list_contains($f_types, type)")
            params["f_types"] = list(f.actor_types)
        if f.text.strip():  # the sentences the full-text search hits (none for a query it cannot read)
            frames["matching_sentences"] = self.search.sentences[["sent_key"]]
            parts.append("sent_key IN (SELECT sent_key FROM matching_sentences)")
        return " AND ".join(parts), params, frames

    @cached_property
    def search(self) -> SearchResult:
        """What the search text finds (data_access.search): hit sentences, or why it cannot be searched."""
        return self.tables.search.search(self.filters.text)

    def search_articles(self, page: int, page_size: int) -> tuple[int, pd.DataFrame, pd.DataFrame]:
        """Page `page` (1-based) of the articles the search finds, among the documents the other
        filters keep and, with an actor or type filter, in sentences mentioning one: how many
        articles, the page (doc_key, doc_id, title, outlet, published, n_hits, most hits first) and
        their first hit sentences (see data_access.search.select_search)."""
        f, parts, frames = self.filters, ["TRUE"], {}
        if f.narrows_documents:
            frames["picked"] = self._picked_documents[["doc_key"]]
            parts.append("doc_key IN (SELECT doc_key FROM picked)")
        if f.actors or f.actor_types:
            parts.append("sent_key IN (SELECT sent_key FROM sel)")

        def query(sql: str, params: Mapping[str, object], **more: pd.DataFrame) -> pd.DataFrame:
            return self._query(sql, params, **frames, **more)

        return self._remember(
            ("search", page, page_size),
            lambda: select_search(self.search, query, " AND ".join(parts), page, page_size),
        )

    @cached_property
    def _actor_keys(self) -> list[int]:
        return [self.tables.actor_key(actor_id) for actor_id in self.filters.actors]

    @cached_property
    def document_rows(self) -> pd.DataFrame:
        """doc_key, doc_id, outlet, published, story_id, title of the filtered documents (in doc_id order)."""
        if self.filters.narrows_mentions:
            return self._query(
                "SELECT row_no AS doc_key, doc_id, outlet, published, story_id, title FROM documents "
                "WHERE row_no IN (SELECT doc_key FROM sel) ORDER BY row_no"
            )
        return self._picked_documents.drop(columns="first_of_story").reset_index(drop=True)

    @cached_property
    def document_summary(self) -> DocumentSummary:
        """How many documents and outlets pass the filters, and their publication span."""
        if self.filters.narrows_mentions:
            row = self._query(
                "SELECT count(*) AS n, count(DISTINCT outlet) AS outlets, "
                "min(published) AS low, max(published) AS high "
                "FROM documents WHERE row_no IN (SELECT doc_key FROM sel)"
            ).iloc[0]
            return DocumentSummary(int(row["n"]), int(row["outlets"]), (as_date(row["low"]), as_date(row["high"])))
        rows = self.document_rows
        return DocumentSummary(len(rows), int(rows["outlet"].nunique()), date_span(rows))

    @cached_property
    def n_mentions(self) -> int:
        """How many mentions pass the filters."""
        if not (self.filters.narrows_mentions or self.filters.narrows_documents):
            return int(self.tables.query("SELECT count(*) AS n FROM mentions")["n"].iloc[0])
        if self._aggregable:
            return int(self._query("SELECT coalesce(sum(n), 0)::BIGINT AS n FROM agg")["n"].iloc[0])
        return int(self._query("SELECT count(*) AS n FROM sel")["n"].iloc[0])

    @cached_property
    def actor_counts(self) -> pd.DataFrame:
        """Actors that have filtered mentions with n_mentions recounted over them (no n_docs: counting
        distinct documents is the costly part), most mentioned first. What the pages list and rank."""
        return self._recounted(documents=False)

    @cached_property
    def actors(self) -> pd.DataFrame:
        """Actors that have filtered mentions, n_mentions / n_docs recounted over them, most mentioned
        first: the actors table of the exports."""
        return self._recounted(documents=True)

    @cached_property
    def located_actors(self) -> pd.DataFrame:
        """`actors` that have coordinates (places, and states with a centroid): what the map draws."""
        return self._recounted(documents=True, located=True)

    def _recounted(self, *, documents: bool, located: bool = False) -> pd.DataFrame:
        located_keys = "SELECT row_no FROM actors WHERE lat IS NOT NULL AND lon IS NOT NULL"
        only = f"WHERE actor_key IN ({located_keys})" if located else ""
        n_docs = ", count(DISTINCT doc_key) AS n_docs" if documents else ""
        counts = f"SELECT actor_key, count(*) AS n_mentions{n_docs} FROM sel {only} GROUP BY actor_key"
        if self._aggregable and not documents:
            counts = f"SELECT actor_key, sum(n)::BIGINT AS n_mentions FROM agg {only} GROUP BY actor_key"
        if not (self.filters.narrows_mentions or self.filters.narrows_documents):
            counts = f"SELECT row_no AS actor_key, n_mentions{', n_docs' * documents} FROM actors WHERE n_mentions > 0"
            counts += f" AND row_no IN ({located_keys})" if located else ""
        frame = self._query(
            f"SELECT a.* EXCLUDE (row_no, n_mentions, n_docs), c.n_mentions{', c.n_docs' * documents} "
            f"FROM actors a JOIN ({counts}) c ON a.row_no = c.actor_key ORDER BY c.n_mentions DESC, a.name, a.row_no"
        )
        return frame.assign(aliases=[list(a) if a is not None else [] for a in frame["aliases"]])

    def mentions_page(self, page: int, page_size: int) -> pd.DataFrame:
        """Rows of 1-based `page` of the joined filtered mentions (MENTION_COLUMNS), in contract order."""
        return self._remember(
            ("page", page, page_size),
            lambda: self._joined("ORDER BY row_no LIMIT $limit OFFSET $offset", _page(page, page_size)),
        )

    @cached_property
    def mentions(self) -> pd.DataFrame:
        """All filtered mentions joined with document, actor and sentence (MENTION_COLUMNS)."""
        return self._joined("", {})

    def _joined(
        self, tail: str, params: Mapping[str, object], *, extra: str = "", order: str = "p.row_no"
    ) -> pd.DataFrame:
        """The joined columns (JOINED_COLUMNS, then `extra`) of the filtered mentions narrowed by
        `tail` (a WHERE, ORDER BY, LIMIT ... of this module), in `order`. A page is picked by row
        number first and joined as a small frame after: DuckDB would otherwise sort whole rows and
        hash the sentences table to keep twenty (0.10 s instead of 0.04 s at 2,000,000 mentions)."""
        joined = f"SELECT {JOINED_COLUMNS}{extra}\n{JOINED_FROM}\nORDER BY {order}"
        if "LIMIT" not in tail:
            return self._query(f"WITH picked AS (SELECT * FROM sel {tail})\n{joined}", params).reset_index(drop=True)
        page = self._query(f"SELECT * FROM mentions WHERE row_no IN (SELECT row_no FROM sel {tail})", params)
        return self.tables.query(joined, picked=page).reset_index(drop=True)

    @cached_property
    def n_to_review(self) -> int:
        """How many filtered mentions the review queue holds."""
        reasons = {"reasons": list(METHOD_REASONS)}
        return int(self._query(f"SELECT count(*) AS n FROM sel WHERE {TO_REVIEW}", reasons)["n"][0])

    def review_page(self, page: int, page_size: int) -> pd.DataFrame:
        """Page `page` (1-based) of the review queue among the filtered mentions, least sure first
        (score, then text order, as pipeline.curation.review_queue orders it): MENTION_COLUMNS plus reason
        and sentence_start (to mark the mention in its sentence)."""
        frame = self._joined(
            f"WHERE {TO_REVIEW} ORDER BY score, row_no LIMIT $limit OFFSET $offset",
            {"reasons": list(METHOD_REASONS), **_page(page, page_size)},
            extra=", s.start AS sentence_start",
            order="p.score, p.row_no",
        )
        actors = self.tables.catalogue.actors
        return frame.assign(reason=review_reasons(frame, set(actors.loc[actors["n_mentions"] == 1, "actor_id"])))

    def spellings(self, actor_id: str) -> pd.Series:
        """How often each surface form of `actor_id` occurs among the filtered mentions, most frequent first."""
        counts = self._query(
            "SELECT surface, count(*) AS n FROM sel WHERE actor_key = $actor GROUP BY surface ORDER BY n DESC, surface",
            {"actor": self.tables.actor_key(actor_id)},
        )
        return counts.set_index("surface")["n"]

    def count_by(self, *columns: str, top_names: int | None = None) -> pd.DataFrame:
        """Filtered mentions counted by `columns` of the joined mentions (column n), optionally only
        of the `top_names` most mentioned actor names; biggest counts first, ties in table order."""

        def compute() -> pd.DataFrame:
            keys = ", ".join("actor_id" if c == "name" else f'"{c}"' for c in columns)
            listed = ", ".join(f'"{c}"' for c in columns)
            only, params = "", {}
            if top_names is not None:  # the few actors first (counted once per view), then only their rows
                only, params = (
                    "WHERE list_contains($top, actor_id)",
                    {"top": self._actors_named(self.top_names(top_names))},
                )
            counted = f"SELECT {keys}, count(*) AS n, min(row_no) AS first_row FROM sel {only} GROUP BY {keys}"
            if self._aggregable and set(columns) <= AGGREGATED:
                counted = (
                    f"SELECT {keys}, sum(n)::BIGINT AS n, min(first_row) AS first_row FROM agg {only} GROUP BY {keys}"
                )
            if "name" in columns:
                counted = (
                    f"SELECT {listed}, sum(c.n)::BIGINT AS n, min(c.first_row) AS first_row FROM ({counted}) c "
                    f"JOIN actors a USING (actor_id) GROUP BY {listed}"
                )
            return self._query(f"SELECT * FROM ({counted}) ORDER BY n DESC, first_row", params).drop(
                columns="first_row"
            )

        return self._remember(("count_by", columns, top_names), compute)

    def top_names(self, n: int) -> list[str]:
        """The `n` actor names with most filtered mentions (an edited name may stand for several
        actors), ties in the order of `actor_counts`."""
        totals = self.actor_counts.groupby("name", sort=False)["n_mentions"].sum()
        return list(totals.sort_values(ascending=False, kind="stable").index[:n])

    def _actors_named(self, names: list[str]) -> list[str]:
        counts = self.actor_counts
        return list(counts.loc[counts["name"].isin(names), "actor_id"])

    def remember(self, key: tuple, compute: Callable[[], object]):
        """A value derived from this view by a component (e.g. term statistics), computed once per key."""
        return self._remember(("component", *key), compute)

    def excerpts(self, actor_id: str, per_outlet: int, outlets: Sequence[str | None] | None = None) -> pd.DataFrame:
        """Up to `per_outlet` sentences per outlet (of `outlets` when given; None stands for the
        unknown outlet) mentioning `actor_id`, newest first: outlet, title, published, doc_id,
        sent_id, first mention_id, sentence, spans (list of (start, end) in it)."""

        def compute() -> pd.DataFrame:
            chosen = [o for o in outlets or () if o is not None]
            params = {"all_outlets": outlets is None, "outlets": chosen, "unknown_outlet": None in (outlets or ())}
            frame = self._query(
                EXCERPTS_SQL, {"actor": self.tables.actor_key(actor_id), "per_outlet": per_outlet, **params}
            )
            frame["spans"] = [
                [(int(a), int(b)) for a, b in zip(s, e, strict=True)]
                for s, e in zip(frame["starts"], frame["ends"], strict=True)
            ]
            return frame.drop(columns=["starts", "ends"])

        key = tuple(outlets) if outlets is not None else None
        return self._remember(("excerpts", actor_id, per_outlet, key), compute)

    def outlet_counts(self, actor_id: str) -> pd.DataFrame:
        """Per outlet (null: unknown), the filtered mentions of `actor_id`: outlet, n (mentions),
        n_docs, n_sentences; most mentions first, ties in the order of the tables."""
        return self._remember(
            ("outlets", actor_id),
            lambda: self._query(
                "SELECT outlet, count(*) AS n, count(DISTINCT doc_key) AS n_docs, "
                "count(DISTINCT sent_key) AS n_sentences "
                "FROM sel WHERE actor_key = $actor GROUP BY outlet ORDER BY n DESC, min(row_no)",
                {"actor": self.tables.actor_key(actor_id)},
            ),
        )

    def mentions_of(self, actor_id: str) -> pd.DataFrame:
        """The joined filtered mentions (MENTION_COLUMNS) of one actor."""
        return self._joined("WHERE actor_key = $actor ORDER BY row_no", {"actor": self.tables.actor_key(actor_id)})

    def sample_sentences(self, limit: int) -> pd.Series:
        """The text of up to `limit` of the filtered sentences (see `sentences`): all of them when
        there are fewer, else a fixed pseudo-random sample."""

        def compute() -> pd.Series:
            if self.filters.narrows_mentions:
                return self._query(
                    "SELECT text FROM sentences WHERE row_no IN (SELECT sent_key FROM sel) "
                    "ORDER BY hash(row_no) LIMIT $limit",
                    {"limit": limit},
                )["text"]
            if not self.filters.narrows_documents:
                sql = "SELECT text FROM sentences ORDER BY hash(row_no) LIMIT $limit"
                return self.tables.query(sql, {"limit": limit})["text"]
            return self.tables.query(
                "SELECT text FROM sentences WHERE doc_id IN (SELECT doc_id FROM picked) "
                "ORDER BY hash(row_no) LIMIT $limit",
                {"limit": limit},
                picked=self._picked_documents[["doc_id"]],
            )["text"]

        return self._remember(("sample", limit), compute)

    def edges(self) -> pd.DataFrame:
        """Co-mentions among actors sharing a sentence with a filtered mention (of the chosen types,
        when types are filtered): source, target (actor_id, source < target), weight, strongest first."""
        weights, params = ALL_WEIGHTS, {}
        if self.filters.actor_types:
            weights, params = TYPED_WEIGHTS, {"types": list(self.filters.actor_types)}
        elif self.filters.narrows_mentions or self.filters.narrows_documents:
            weights = FILTERED_WEIGHTS
        return self._remember(("edges",), lambda: self._query(weights + EDGES_SQL, params))

    def document(self, doc_id: str) -> pd.Series | None:
        """Every column of one document, None when there is no such document."""
        found = self.tables.query("SELECT * EXCLUDE (row_no) FROM documents WHERE doc_id = $doc_id", {"doc_id": doc_id})
        return None if found.empty else found.iloc[0]

    def document_mentions(self, doc_id: str) -> pd.DataFrame:
        """The mentions of one document (any filter), with the actor's name and type, in text order."""
        return self.tables.query(
            "SELECT m.* EXCLUDE (row_no, type, outlet, published, sent_key, doc_key, actor_key), a.name, a.type, "
            "s.page FROM mentions m LEFT JOIN actors a USING (actor_id) "
            "LEFT JOIN sentences s ON s.row_no = m.sent_key WHERE m.doc_id = $doc_id ORDER BY m.row_no",
            {"doc_id": doc_id},
        )

    @cached_property
    def quotes(self) -> pd.DataFrame:
        """Quotes of the filtered documents by a chosen speaker or in a sentence with a chosen mention,
        with the document's title, outlet and published (every column, for exports)."""
        sql, frames = self._quotes_sql
        return self._query(f"SELECT * EXCLUDE (row_no, speaker_name) FROM ({sql}) ORDER BY row_no", **frames)

    def quote_speakers(self) -> pd.DataFrame:
        """speaker (canonical name when known, else as written), n: who is quoted, most quoted first."""
        sql, frames = self._quotes_sql
        return self._remember(
            ("speakers",),
            lambda: self._query(
                f"SELECT speaker_name AS speaker, count(*) AS n FROM ({sql}) GROUP BY 1 ORDER BY n DESC, speaker",
                **frames,
            ),
        )

    def quotes_page(self, speakers: Sequence[str], page: int, page_size: int) -> pd.DataFrame:
        """Page `page` (1-based) of the quotes of `speakers` (all when empty), QUOTE_COLUMNS, oldest
        first (undated last)."""
        return self._quotes_of(speakers, "LIMIT $limit OFFSET $offset", _page(page, page_size))

    def quotes_of(self, speakers: Sequence[str]) -> pd.DataFrame:
        """Every quote of `speakers` (all when empty), as `quotes_page` orders them."""
        return self._quotes_of(speakers, "", {})

    def _quotes_of(self, speakers: Sequence[str], tail: str, params: Mapping[str, object]) -> pd.DataFrame:
        sql, frames = self._quotes_sql
        chosen, own = "", {}
        if speakers:
            chosen, own = "WHERE list_contains($speakers, speaker_name)", {"speakers": list(speakers)}
        columns = ", ".join("speaker_name AS speaker" if c == "speaker" else c for c in QUOTE_COLUMNS)
        return self._query(
            f"SELECT {columns} FROM ({sql}) {chosen} ORDER BY published NULLS LAST, doc_id, row_no {tail}",
            {**own, **params},
            **frames,
        ).reset_index(drop=True)

    @cached_property
    def _quotes_sql(self) -> tuple[str, dict[str, pd.DataFrame]]:
        """QUOTES_SQL narrowed to the quotes these filters keep, and the frames it reads: the
        quotes' row numbers are found once per view, so the speaker list and every page reuse them."""
        f = self.filters
        if not (f.narrows_mentions or f.narrows_documents):
            return QUOTES_SQL, {}
        condition = "TRUE"
        if f.narrows_mentions:
            condition = "q.sent_key IN (SELECT sent_key FROM sel)"
            if f.actors or f.actor_types:
                condition += " OR q.speaker_id IN (SELECT actor_id FROM sel)"
        picked, frames = "", {}
        if f.narrows_documents:
            picked = "AND q.doc_id IN (SELECT doc_id FROM picked)"
            frames = {"picked": self._picked_documents[["doc_id"]]}
        kept = self._query(f"SELECT q.row_no FROM quotes q WHERE ({condition}) {picked}", **frames)
        return KEPT_QUOTES_SQL, {"kept_quotes": kept}

    @cached_property
    def _picked_documents(self) -> pd.DataFrame:
        """The rows of `Tables.document_index` the document filters keep."""
        index = self.tables.document_index
        if self._whole_corpus_stories:
            return index[index["first_of_story"].fillna(False)]
        return filter_documents(index, self.filters)

    @property
    def _whole_corpus_stories(self) -> bool:
        """One document per story and no other document filter: Tables flagged those documents once."""
        f = self.filters
        return f.one_per_story and not (f.outlets or f.date_from or f.date_to)

    @cached_property
    def documents(self) -> pd.DataFrame:
        """Every column of the filtered documents."""
        return self._contract_rows("documents", "doc_id IN (SELECT doc_id FROM picked)", self.document_rows[["doc_id"]])

    @cached_property
    def pages(self) -> pd.DataFrame:
        """Where each page of the filtered documents read from a PDF stands in their text."""
        return self._contract_rows("pages", "doc_id IN (SELECT doc_id FROM picked)", self.document_rows[["doc_id"]])

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
            keys = self._query("SELECT DISTINCT sent_key FROM sel")
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

    @cached_property
    def events(self) -> pd.DataFrame:
        """The events the filters keep (an actor filter keeps events it takes part in or is the place
        of), with the actors' and place's names and the document's outlet, date and title."""
        f = self.filters
        return select_events(
            self.tables,
            self._picked_documents if f.narrows_documents else None,
            actors=f.actors,
            actor_types=f.actor_types,
            hits=self.search.sentences[["sent_key"]] if f.text.strip() else None,
            event_types=f.event_types,
        )

    @property
    def problems(self) -> pd.DataFrame:
        """The problems of the last build (no filter applies to them)."""
        return self.tables.problems


def _page(page: int, size: int) -> dict[str, int]:
    """The named LIMIT and OFFSET of 1-based `page` of `size` rows."""
    return {"limit": size, "offset": (max(page, 1) - 1) * size}


def select_view(tables: Tables, filters: Filters) -> View:
    """The filtered tables for `filters`, so all views and exports agree on the rows (computed on demand)."""
    return tables.kept(filters, lambda: View(filters=filters, tables=tables))


def select_export_tables(view: View) -> dict[str, pd.DataFrame]:
    """Every filtered table by name, as the ZIP export writes them."""
    return {name: getattr(view, name) for name in TABLES}
