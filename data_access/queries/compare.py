"""Compare sources: one actor among the filtered mentions, by outlet, by spelling, in its newest
sentences per outlet; and a sample of the filtered sentences, the background its terms stand out from."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from data_access.filtered import Filtered
from pipeline.api import SAMPLE_SENTENCES

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


def spellings(view: Filtered, actor_id: str) -> pd.Series:
    """How often each surface form of `actor_id` occurs among the filtered mentions, most frequent first."""
    counts = view.query(
        "SELECT surface, count(*) AS n FROM sel WHERE actor_key = $actor GROUP BY surface ORDER BY n DESC, surface",
        {"actor": view.tables.actor_key(actor_id)},
    )
    return counts.set_index("surface")["n"]


def excerpts(
    view: Filtered, actor_id: str, per_outlet: int, outlets: Sequence[str | None] | None = None
) -> pd.DataFrame:
    """Up to `per_outlet` sentences per outlet (of `outlets` when given; None stands for the
    unknown outlet) mentioning `actor_id`, newest first: outlet, title, published, doc_id,
    sent_id, first mention_id, sentence, spans (list of (start, end) in it)."""

    def compute() -> pd.DataFrame:
        chosen = [o for o in outlets or () if o is not None]
        params = {"all_outlets": outlets is None, "outlets": chosen, "unknown_outlet": None in (outlets or ())}
        frame = view.query(EXCERPTS_SQL, {"actor": view.tables.actor_key(actor_id), "per_outlet": per_outlet, **params})
        frame["spans"] = [
            [(int(a), int(b)) for a, b in zip(s, e, strict=True)]
            for s, e in zip(frame["starts"], frame["ends"], strict=True)
        ]
        return frame.drop(columns=["starts", "ends"])

    key = tuple(outlets) if outlets is not None else None
    return view.remember(("compare.excerpts", actor_id, per_outlet, key), compute)


def outlet_counts(view: Filtered, actor_id: str) -> pd.DataFrame:
    """Per outlet (null: unknown), the filtered mentions of `actor_id`: outlet, n (mentions),
    n_docs, n_sentences; most mentions first, ties in the order of the tables. When the filters
    pick only actors, types and outlets the build's counts per actor and outlet answer (one row
    per outlet there), else the filtered mentions are counted."""
    sql = (
        "SELECT outlet, n, n_docs, n_sentences FROM agg WHERE actor_key = $actor ORDER BY n DESC, first_row"
        if view.aggregable
        else "SELECT outlet, count(*) AS n, count(DISTINCT doc_key) AS n_docs, "
        "count(DISTINCT sent_key) AS n_sentences "
        "FROM sel WHERE actor_key = $actor GROUP BY outlet ORDER BY n DESC, min(row_no)"
    )
    return view.remember(
        ("compare.outlet_counts", actor_id),
        lambda: view.query(sql, {"actor": view.tables.actor_key(actor_id)}),
    )


def sample_sentences(view: Filtered, limit: int) -> pd.Series:
    """The text of up to `limit` of the filtered sentences: all of them when there are fewer, else a
    fixed pseudo-random sample."""

    def compute() -> pd.Series:
        if view.filters.narrows_mentions:
            return view.query(
                "SELECT text FROM sentences WHERE row_no IN (SELECT sent_key FROM sel) "
                "ORDER BY hash(row_no) LIMIT $limit",
                {"limit": limit},
            )["text"]
        if not view.filters.narrows_documents:
            # the build ranked a sample of every sentence in this order (sentence_sample); the whole
            # table only when it asks for more than the sample holds
            table = "sentence_sample" if limit <= SAMPLE_SENTENCES else "sentences"
            sql = f"SELECT text FROM {table} ORDER BY hash(row_no) LIMIT $limit"
            return view.tables.query(sql, {"limit": limit})["text"]
        return view.tables.query(
            "SELECT text FROM sentences WHERE doc_id IN (SELECT doc_id FROM picked) ORDER BY hash(row_no) LIMIT $limit",
            {"limit": limit},
            picked=view.picked_documents[["doc_id"]],
        )["text"]

    return view.remember(("compare.sample", limit), compute)
