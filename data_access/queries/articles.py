"""The Search page: the articles the full-text search finds among what the other filters keep."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from data_access.filtered import Filtered
from data_access.search import select_search


def search_articles(view: Filtered, page: int, page_size: int) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """Page `page` (1-based) of the articles the search finds, among the documents the other
    filters keep and, with an actor or type filter, in sentences mentioning one: how many
    articles, the page (doc_key, doc_id, title, outlet, published, n_hits, most hits first) and
    their first hit sentences (see data_access.search.select_search)."""
    f, parts, frames = view.filters, ["TRUE"], {}
    if f.narrows_documents:
        frames["picked"] = view.picked_documents[["doc_key"]]
        parts.append("doc_key IN (SELECT doc_key FROM picked)")
    if f.actors or f.actor_types:
        parts.append("sent_key IN (SELECT sent_key FROM sel)")

    def query(sql: str, params: Mapping[str, object], **more: pd.DataFrame) -> pd.DataFrame:
        return view.query(sql, params, **frames, **more)

    return view.remember(
        ("articles.search", page, page_size),
        lambda: select_search(view.search, query, " AND ".join(parts), page, page_size),
    )
