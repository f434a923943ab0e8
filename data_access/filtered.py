"""The filtered-mentions core every page's queries stand on: the filters as one SQL condition with
named parameters, the documents they keep, and a memo so each answer is computed once per view.

A page's queries (data_access/queries/) are pure functions of a `Filtered`: they write SQL over `sel`,
the filtered mentions, and, when `aggregable`, `agg`, their counts per actor and outlet, binding
their own values by name. `query` puts the two before the page's SQL as common table expressions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TypeVar

import pandas as pd

from data_access.filters import MEDIA, Filters, filter_documents
from data_access.search import SearchResult
from data_access.tables import Tables

T = TypeVar("T")


class Filtered:
    """The tables as the filters narrow them, queried on demand; shared by the reruns with the same
    filters, so what one page computed another reuses."""

    def __init__(self, *, filters: Filters, tables: Tables) -> None:
        self.filters = filters
        self.tables = tables
        self._memo: dict[tuple, object] = {}
        self._memo_lock = threading.Lock()

    def remember(self, key: tuple, compute: Callable[[], T]) -> T:
        """The value of `compute`, once per key for this view (keys start with the asker's name:
        "counts.actor_counts", a component's own "terms")."""
        if key not in self._memo:
            value = compute()
            with self._memo_lock:
                self._memo.setdefault(key, value)
        return self._memo[key]  # type: ignore[return-value]

    def query(self, sql: str, params: Mapping[str, object] | None = None, **frames: pd.DataFrame) -> pd.DataFrame:
        """`sql` over `sel`, the filtered mentions, and (only when `aggregable`) `agg`, their counts
        per actor and outlet: two common table expressions put before it, holding the filters'
        condition with its named parameters ($f_...); `params` are the query's own ($name), so no
        fragment depends on where another binds its values."""
        where, where_params, where_frames = self.condition
        clash = set(where_params) & set(params or {})
        if clash:
            raise ValueError(f"query parameters {sorted(clash)} are the filters' names")
        filtered = [f"sel AS NOT MATERIALIZED (SELECT * FROM mentions WHERE {where})"]
        if self.aggregable:
            filtered.append(f"agg AS NOT MATERIALIZED (SELECT * FROM actor_outlets WHERE {where})")
        body = sql.lstrip()
        head = "WITH " + ",\n".join(filtered)
        sql = f"{head},\n{body[len('WITH ') :]}" if body.upper().startswith("WITH ") else f"{head}\n{body}"
        return self.tables.query(sql, {**where_params, **(params or {})}, **where_frames, **frames)

    @property
    def aggregable(self) -> bool:
        """True when the filters pick only actors, types and outlets: then actor_outlets, a few
        rows per actor, answers what counts mentions by actor, type or outlet."""
        f = self.filters
        return not (f.text.strip() or f.date_from or f.date_to or f.one_per_story)

    @property
    def narrowed(self) -> bool:
        """True when any filter keeps fewer mentions or documents than the whole corpus."""
        return self.filters.narrows_mentions or self.filters.narrows_documents or self.filters.hides_media

    @cached_property
    def condition(self) -> tuple[str, dict[str, object], dict[str, pd.DataFrame]]:
        """The filters as one SQL condition on mentions, its named parameters and the frames it reads."""
        f, parts, params, frames = self.filters, ["TRUE"], {}, {}
        if self.whole_corpus_stories:
            parts.append("first_of_story")
        elif f.one_per_story:
            frames["kept_documents"] = self.picked_documents[["doc_key"]]
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
            params["f_actors"] = [self.tables.actor_key(actor_id) for actor_id in f.actors]
        if f.actor_types:
            parts.append("list_contains($f_types, type)")
            params["f_types"] = list(f.actor_types)
        if f.hides_media:  # outlets named as sources leave the rankings; documents and quotes stay
            parts.append("type IS DISTINCT FROM $f_media")
            params["f_media"] = MEDIA
        if f.text.strip():  # the sentences the full-text search hits (none for a query it cannot read)
            frames["matching_sentences"] = self.search.sentences[["sent_key"]]
            parts.append("sent_key IN (SELECT sent_key FROM matching_sentences)")
        return " AND ".join(parts), params, frames

    @cached_property
    def search(self) -> SearchResult:
        """What the search text finds (data_access.search): hit sentences, or why it cannot be searched."""
        return self.tables.search.search(self.filters.text)

    @cached_property
    def picked_documents(self) -> pd.DataFrame:
        """The rows of `Tables.document_index` the document filters keep."""
        index = self.tables.document_index
        if self.whole_corpus_stories:
            return index[index["first_of_story"].fillna(False)]
        return filter_documents(index, self.filters)

    @property
    def whole_corpus_stories(self) -> bool:
        """One document per story and no other document filter: Tables flagged those documents once."""
        f = self.filters
        return f.one_per_story and not (f.outlets or f.date_from or f.date_to)

    @cached_property
    def document_rows(self) -> pd.DataFrame:
        """doc_key, doc_id, outlet, published, story_id, title of the filtered documents (in doc_id order)."""
        if self.filters.narrows_mentions:
            return self.query(
                "SELECT row_no AS doc_key, doc_id, outlet, published, story_id, title FROM documents "
                "WHERE row_no IN (SELECT doc_key FROM sel) ORDER BY row_no"
            )
        return self.picked_documents.drop(columns="first_of_story").reset_index(drop=True)


def page_params(page: int, size: int) -> dict[str, int]:
    """The named LIMIT and OFFSET of 1-based `page` of `size` rows."""
    return {"limit": size, "offset": (max(page, 1) - 1) * size}
