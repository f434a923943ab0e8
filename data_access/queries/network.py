"""The co-mention network: pairs of actors named in one sentence with a filtered mention."""

from __future__ import annotations

import pandas as pd

from data_access.filtered import Filtered
from data_access.filters import MEDIA

# Co-mentions as source, target (actor_id), weight, from a `weights` relation over the actors' row
# numbers: edge_weights (the whole corpus) or FILTERED_WEIGHTS.
EDGES_SQL = """
SELECT a.actor_id AS source, b.actor_id AS target, w.weight
FROM weights w JOIN actors a ON a.row_no = w.source JOIN actors b ON b.row_no = w.target
ORDER BY w.weight DESC, source, target
"""
NO_MEDIA = "WHERE a.type IS DISTINCT FROM $media AND b.type IS DISTINCT FROM $media"
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


def edges(view: Filtered) -> pd.DataFrame:
    """Co-mentions among actors sharing a sentence with a filtered mention (of the chosen types,
    when types are filtered): source, target (actor_id, source < target), weight, strongest first."""
    weights, params = ALL_WEIGHTS, {}
    if view.filters.actor_types:
        weights, params = TYPED_WEIGHTS, {"types": list(view.filters.actor_types)}
    elif view.narrowed:
        weights = FILTERED_WEIGHTS
    sql = EDGES_SQL
    if view.filters.hides_media:  # the sentences stay, their media actors leave the graph
        sql = EDGES_SQL.replace("ORDER BY", NO_MEDIA + "\nORDER BY")
        params = {**params, "media": MEDIA}
    return view.remember(("network.edges",), lambda: view.query(weights + sql, params))
