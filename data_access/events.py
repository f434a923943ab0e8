"""Events of the filtered view: who did what to whom, where and when, with names beside the ids.

The sidebar's filters apply to events as to everything else: documents by outlet, date and story;
actors by id or type (an event involves an actor as initiator, target or place); the text search
(data_access.search) on the sentence that states the event; and the event types.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

# Every column of the contract's events table, then the names and the document's fields beside them;
# select_events puts the filters' condition between the two.
EVENTS_SELECT = """
SELECT e.* EXCLUDE (row_no), a1.name AS actor1, a2.name AS actor2, p.name AS place, p.type AS place_type,
       d.outlet, d.published, d.title
FROM events e
LEFT JOIN documents d USING (doc_id)
LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id
LEFT JOIN actors p ON p.actor_id = e.place_id"""
EVENTS_ORDER = "ORDER BY coalesce(e.date, d.published) NULLS LAST, e.doc_id, e.start"
# The columns an analyst reads first, in the order the Events table shows them.
SHOWN = [
    "date", "event_type", "sub_event_type", "actor1", "actor2", "place", "fatalities", "text",
    "outlet", "published", "title", "doc_id", "cluster_id", "score",
]  # fmt: skip


def select_events(
    tables, picked: pd.DataFrame | None, *, actors: Sequence[str], actor_types: Sequence[str],
    hits: pd.DataFrame | None, event_types: Sequence[str],
) -> pd.DataFrame:  # fmt: skip
    """The events the filters keep, each with its actors' and place's names and its document's
    outlet, publication date and title.

    picked (DataFrame | None): the documents the document filters keep (column doc_id), None for all.
    hits (DataFrame | None): the sentences a search hits (column sent_key), None without a search.
    """
    parts, params, frames = ["TRUE"], {}, {}
    if picked is not None:
        parts.append("e.doc_id IN (SELECT doc_id FROM picked)")
        frames["picked"] = picked[["doc_id"]]
    if actors:
        parts.append(
            "(list_contains($actors, e.actor1_id) OR list_contains($actors, e.actor2_id) "
            "OR list_contains($actors, e.place_id))"
        )
        params["actors"] = list(actors)
    if actor_types:
        parts.append(
            "(list_contains($types, a1.type) OR list_contains($types, a2.type) OR list_contains($types, p.type))"
        )
        params["types"] = list(actor_types)
    if hits is not None:
        parts.append(
            "EXISTS (SELECT 1 FROM hits h JOIN sentences s ON s.row_no = h.sent_key "
            "WHERE s.doc_id = e.doc_id AND s.sent_id = e.sent_id)"
        )
        frames["hits"] = hits[["sent_key"]]
    if event_types:
        parts.append("list_contains($event_types, e.event_type)")
        params["event_types"] = list(event_types)
    frame = tables.query(f"{EVENTS_SELECT}\nWHERE {' AND '.join(parts)}\n{EVENTS_ORDER}", params, **frames)
    for column in ("date", "date_end", "published"):
        frame[column] = pd.to_datetime(frame[column])
    return frame.reset_index(drop=True)


def one_per_cluster(events: pd.DataFrame) -> pd.DataFrame:
    """One row per real-world event: the earliest report of each cluster, with how many reports
    and outlets told it and the most fatalities any of them stated."""
    if events.empty:
        return events.assign(reports=pd.Series(dtype="int64"), outlets=pd.Series(dtype="int64"))
    key = events["cluster_id"].fillna(events["event_id"])
    grouped = events.assign(_cluster=key).groupby("_cluster", sort=False)
    first = grouped.head(1).set_index("_cluster")
    first["reports"] = grouped.size()
    first["outlets"] = grouped["outlet"].nunique()
    first["fatalities"] = grouped["fatalities"].max()
    return first.reset_index(drop=True)


def event_type_counts(events: pd.DataFrame) -> pd.DataFrame:
    """event_type, n: how many events of each type, most first."""
    counts = events["event_type"].value_counts().rename_axis("event_type").reset_index(name="n")
    return counts.sort_values(["n", "event_type"], ascending=[False, True], kind="stable").reset_index(drop=True)
