"""The mentions and events an analyst should review first: the pipeline's least certain links and events."""

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
# Why an event is queued; events with none of these reasons, or reviewed, stay off the queue.
NO_INITIATOR = "no initiator"
NO_PLACE = "no place"
DATED_BY_PUBLICATION = "dated by its publication"
EVENT_LOW_SCORE = 0.7  # the pipeline's score below which an event is queued whatever it holds


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


def event_review_reasons(events: pd.DataFrame) -> pd.Series:
    """Why each event (actor1_id, place_id, date_basis, score) deserves review, the reasons joined
    by "; ", "" when it does not."""
    rows = zip(
        events["actor1_id"].isna(),
        events["place_id"].isna(),
        events["date_basis"].eq("published").fillna(False),
        events["score"].fillna(0.0),
        strict=True,
    )
    return pd.Series([_event_reason(*row) for row in rows], index=events.index, dtype="object")


def _event_reason(no_initiator: bool, no_place: bool, by_publication: bool, score: float) -> str:
    reasons = [
        NO_INITIATOR if no_initiator else "",
        NO_PLACE if no_place else "",
        DATED_BY_PUBLICATION if by_publication else "",
        f"low score {score:.2f}" if score < EVENT_LOW_SCORE else "",
    ]
    return "; ".join(reason for reason in reasons if reason)


def event_review_queue(events: pd.DataFrame) -> pd.DataFrame:
    """Events the pipeline is least sure of, least sure first (score, then document and offset):
    no initiator, no place, dated only by the article's publication, or a low score; with a
    `reason` column. Reviewed events (accepted, edited, merged or split by an analyst) leave it."""
    queue = events.assign(reason=event_review_reasons(events))
    queue = queue[(queue["reason"] != "") & ~queue["reviewed"].fillna(False).astype(bool)]
    return queue.sort_values(["score", "doc_id", "start"], kind="stable").reset_index(drop=True)
