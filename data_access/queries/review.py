"""Curation's review queue among the filtered mentions: how many, and one page, least sure first."""

from __future__ import annotations

import pandas as pd

from data_access.filtered import Filtered, page_params
from data_access.queries.mentions import joined
from pipeline.api import METHOD_REASONS, review_reasons

# The mentions pipeline.curation.review_queue puts before the analyst ($reasons: its METHOD_REASONS):
# not yet reviewed, linked by an unsure method or of an actor seen once in the corpus.
TO_REVIEW = (
    "NOT coalesce(reviewed, false) AND (list_contains($reasons, method) "
    "OR actor_key IN (SELECT row_no FROM actors WHERE n_mentions = 1))"
)


def n_to_review(view: Filtered) -> int:
    """How many filtered mentions the review queue holds."""
    sql, reasons = f"SELECT count(*) AS n FROM sel WHERE {TO_REVIEW}", {"reasons": list(METHOD_REASONS)}
    return view.remember(("review.n",), lambda: int(view.query(sql, reasons)["n"][0]))


def review_page(view: Filtered, page: int, page_size: int) -> pd.DataFrame:
    """Page `page` (1-based) of the review queue among the filtered mentions, least sure first
    (score, then text order, as pipeline.curation.review_queue orders it): MENTION_COLUMNS plus
    reason and sentence_start (to mark the mention in its sentence)."""
    frame = joined(
        view,
        f"WHERE {TO_REVIEW} ORDER BY score, row_no LIMIT $limit OFFSET $offset",
        {"reasons": list(METHOD_REASONS), **page_params(page, page_size)},
        extra=", s.start AS sentence_start",
        order="p.score, p.row_no",
    )
    actors = view.tables.catalogue.actors
    return frame.assign(reason=review_reasons(frame, set(actors.loc[actors["n_mentions"] == 1, "actor_id"])))
