"""One real-world event reported by several articles (or twice in one): give its reports one cluster id."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

import pandas as pd

DAY_WINDOW = 2  # days between two day-granular dates of one event


@dataclass
class _Cluster:
    cluster_id: str
    event_type: str
    place_id: str
    actor1: str | None
    dates: list[tuple[datetime.date, str | None]]


def cluster_events(events: pd.DataFrame) -> pd.Series:
    """A cluster id per row of the events table (same index): two reports are of one event when
    their type and place agree, their dates do (within ±2 days when both are day-granular, in the
    same month otherwise) and their initiators do not conflict (equal, or one unknown). Greedy and
    deterministic: reports in order of date, document and offset join the first cluster that
    agrees with every report in it. A report without a place or a date is a cluster of its own."""
    ids = pd.Series([None] * len(events), index=events.index, dtype="object")
    clusters: dict[tuple[str, str], list[_Cluster]] = {}
    order = events.assign(_date=events["date"].map(lambda d: d or datetime.date.max)).sort_values(
        ["_date", "doc_id", "start", "event_id"], kind="stable"
    )
    for index, row in order.iterrows():
        date, place = row["date"], row["place_id"]
        if date is None or pd.isna(place):
            ids[index] = _cluster_id(row["event_id"])
            continue
        actor1 = None if pd.isna(row["actor1_id"]) else row["actor1_id"]
        granularity = None if pd.isna(row["date_granularity"]) else row["date_granularity"]
        candidates = clusters.setdefault((row["event_type"], place), [])
        cluster = next((c for c in candidates if _agrees(c, date, granularity, actor1)), None)
        if cluster is None:
            cluster = _Cluster(_cluster_id(row["event_id"]), row["event_type"], place, actor1, [])
            candidates.append(cluster)
        cluster.dates.append((date, granularity))
        cluster.actor1 = cluster.actor1 or actor1
        ids[index] = cluster.cluster_id
    return ids


def _agrees(cluster: _Cluster, date: datetime.date, granularity: str | None, actor1: str | None) -> bool:
    if actor1 and cluster.actor1 and actor1 != cluster.actor1:
        return False
    return all(_same_time(date, granularity, other, other_granularity) for other, other_granularity in cluster.dates)


def _same_time(a: datetime.date, a_granularity: str | None, b: datetime.date, b_granularity: str | None) -> bool:
    if a_granularity == b_granularity == "day":
        return abs((a - b).days) <= DAY_WINDOW
    return (a.year, a.month) == (b.year, b.month)


def _cluster_id(event_id: str) -> str:
    return hashlib.sha1(f"cluster\x1f{event_id}".encode()).hexdigest()[:16]
