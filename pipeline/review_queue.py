"""The mentions an analyst should review first: the pipeline's least certain links."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

# Why a mention is queued, by the method that linked it; a later entry wins over an earlier one
# and over SEEN_ONCE. Mentions linked otherwise are queued only when their actor is seen once.
METHOD_REASONS = {
    "coreference": "surname resolved by coreference",
    "ner": "found by the model only",
    "fuzzy": "fuzzy link",
}
SEEN_ONCE = "actor seen once"


def review_reasons(mentions: pd.DataFrame, seen_once: Collection[str]) -> pd.Series:
    """Why each mention (method, actor_id) deserves review, "" when it does not.

    seen_once: the actor_ids with a single mention in the corpus.
    """
    reasons = pd.Series("", index=mentions.index).mask(mentions["actor_id"].isin(seen_once), SEEN_ONCE)
    for method, reason in METHOD_REASONS.items():
        reasons = reasons.mask(mentions["method"] == method, reason)
    return reasons


def review_queue(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Mentions the pipeline is least sure of, least sure first: model-only and fuzzy links,
    surnames resolved by coreference, and actors seen once. Accepted mentions leave the queue."""
    mentions = tables["mentions"]
    seen_once = set(tables["actors"].loc[tables["actors"]["n_mentions"] == 1, "actor_id"])
    queue = mentions.assign(reason=review_reasons(mentions, seen_once))
    queue = queue[(queue["reason"] != "") & ~queue["reviewed"].astype(bool)]
    return queue.sort_values(["score", "doc_id", "start"], kind="stable").reset_index(drop=True)
