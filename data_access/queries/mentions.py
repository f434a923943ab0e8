"""The joined mentions (document title, actor name, sentence beside each): whole, by page, of one actor."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from data_access.filtered import Filtered, page_params

MENTION_COLUMNS = [
    "mention_id", "doc_id", "title", "outlet", "published", "actor_id", "name", "type", "surface",
    "start", "end", "sent_id", "sentence", "page", "method", "score", "date", "date_basis", "date_granularity",
]  # fmt: skip
# The joined mentions (MENTION_COLUMNS) of a `picked` relation of mentions (see joined).
JOINED_COLUMNS = """p.mention_id, p.doc_id, d.title, p.outlet, p.published, p.actor_id, a.name, p.type, p.surface,
       p.start, p."end", p.sent_id, s.text AS sentence, s.page, p.method, p.score, p.date, p.date_basis,
       p.date_granularity"""
JOINED_FROM = """FROM picked p
LEFT JOIN documents d ON d.row_no = p.doc_key
LEFT JOIN actors a ON a.row_no = p.actor_key
LEFT JOIN sentences s ON s.row_no = p.sent_key"""


def mentions(view: Filtered) -> pd.DataFrame:
    """All filtered mentions joined with document, actor and sentence (MENTION_COLUMNS)."""
    return view.remember(("mentions.mentions",), lambda: joined(view, "", {}))


def mentions_page(view: Filtered, page: int, page_size: int) -> pd.DataFrame:
    """Rows of 1-based `page` of the joined filtered mentions (MENTION_COLUMNS), in contract order."""
    return view.remember(
        ("mentions.page", page, page_size),
        lambda: joined(view, "ORDER BY row_no LIMIT $limit OFFSET $offset", page_params(page, page_size)),
    )


def mentions_of(view: Filtered, actor_id: str) -> pd.DataFrame:
    """The joined filtered mentions (MENTION_COLUMNS) of one actor."""
    return joined(view, "WHERE actor_key = $actor ORDER BY row_no", {"actor": view.tables.actor_key(actor_id)})


def joined(
    view: Filtered, tail: str, params: Mapping[str, object], *, extra: str = "", order: str = "p.row_no"
) -> pd.DataFrame:
    """The joined columns (JOINED_COLUMNS, then `extra`) of the filtered mentions narrowed by `tail`
    (a WHERE, ORDER BY, LIMIT ... of a query module), in `order`. A page is picked by row number
    first and joined as a small frame after: DuckDB would otherwise sort whole rows and hash the
    sentences table to keep twenty (0.10 s instead of 0.04 s at 2,000,000 mentions)."""
    select = f"SELECT {JOINED_COLUMNS}{extra}\n{JOINED_FROM}\nORDER BY {order}"
    if "LIMIT" not in tail:
        return view.query(f"WITH picked AS (SELECT * FROM sel {tail})\n{select}", params).reset_index(drop=True)
    page = view.query(f"SELECT * FROM mentions WHERE row_no IN (SELECT row_no FROM sel {tail})", params)
    return view.tables.query(select, picked=page).reset_index(drop=True)
