"""The mentions an analyst should review first: the pipeline's least certain links."""

from __future__ import annotations

import pandas as pd


def review_queue(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Mentions the pipeline is least sure of, least sure first: model-only and fuzzy links,
    surnames resolved by coreference, and actors seen once. Accepted mentions leave the queue."""
    mentions = tables["mentions"]
    seen_once = set(tables["actors"].loc[tables["actors"]["n_mentions"] == 1, "actor_id"])
    reasons = pd.Series("", index=mentions.index)
    reasons = reasons.mask(mentions["actor_id"].isin(seen_once), "actor seen once")
    for method, reason in (
        ("coreference", "surname resolved by coreference"),
        ("ner", "found by the model only"),
        ("fuzzy", "fuzzy link"),
    ):
        reasons = reasons.mask(mentions["method"] == method, reason)
    queue = mentions.assign(reason=reasons)
    queue = queue[(queue["reason"] != "") & ~queue["reviewed"].astype(bool)]
    return queue.sort_values(["score", "doc_id", "start"], kind="stable").reset_index(drop=True)
