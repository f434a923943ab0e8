"""Analysts' decisions about events: reject or accept one, correct what it says, merge two clusters, split one out.

Events are held by row while the decisions apply, as CuratedTables holds the mentions, and the frame
is made once at the end. An initiator, target or place an analyst sets is a reference that follows
later merges of that actor and is emptied when the actor is rejected, as the pipeline's own are.
Cluster ids stay deterministic: a merge gives every member of both clusters the id of the cluster
merged into; a split gives the event an id made from its own id and the decision's.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.curation.rules import Decision
from pipeline.dates import Period, season_period, unit_period
from pipeline.schema import empty_table

if TYPE_CHECKING:
    from pipeline.curation.tables import CuratedTables

# edit_event's field -> the events column of an actor id it sets
REFERENCE_FIELDS = {"actor1": "actor1_id", "actor2": "actor2_id", "place": "place_id"}
REFERENCE_COLUMNS = tuple(REFERENCE_FIELDS.values())
VALUE_FIELDS = ("event_type", "sub_event_type", "fatalities")  # set as given
CURATED_DATE = "curation"  # events.date_basis of a date an analyst set
SEASON_MONTHS = 3


class CuratedEvents:
    """The events being corrected: by position, with what the decisions changed."""

    def __init__(self, frame: pd.DataFrame | None):
        self.base = (frame if frame is not None else empty_table("events")).reset_index(drop=True)
        ids = self.base["event_id"].tolist()
        self.position = {event_id: position for position, event_id in enumerate(ids)}
        self.alive = [True] * len(ids)
        self.reviewed = self.base["reviewed"].fillna(False).astype(bool).tolist()
        self.cluster = [
            cluster if isinstance(cluster, str) else own_cluster_id(event_id)
            for cluster, event_id in zip(self.base["cluster_id"], ids, strict=True)
        ]
        self.members: dict[str, set[int]] = defaultdict(set)
        for position, cluster in enumerate(self.cluster):
            self.members[cluster].add(position)
        self.values: dict[int, dict[str, object]] = defaultdict(dict)  # position -> column -> the analyst's value
        self.held: dict[int, dict[str, Hashable | None]] = defaultdict(dict)  # position -> column -> reference

    def at(self, event_id: str) -> int | None:
        """The position of an event still there, None when it is not (or no longer)."""
        position = self.position.get(event_id)
        return position if position is not None and self.alive[position] else None

    def edit(self, position: int, values: Mapping[str, object], held: Mapping[str, Hashable | None]) -> None:
        self.values[position].update(values)
        self.held[position].update(held)
        self.reviewed[position] = True

    def move(self, position: int, cluster: str) -> None:
        """The event into `cluster` (its old cluster keeps its other members)."""
        self.members[self.cluster[position]].discard(position)
        self.cluster[position] = cluster
        self.members[cluster].add(position)
        self.reviewed[position] = True

    def merge(self, position: int, into: int) -> None:
        """Every member of the event's cluster into the cluster of `into`."""
        source, target = self.cluster[position], self.cluster[into]
        if source != target:
            for member in sorted(self.members.pop(source, set())):
                self.cluster[member] = target
                self.members[target].add(member)
        self.reviewed[position] = self.reviewed[into] = True

    def finish(self, current: Mapping[Hashable, str], known: set[str]) -> pd.DataFrame:
        """The corrected events: the rejected gone, the analysts' values in, every actor reference
        as it is now (`current`: a reference -> the actor it is now), emptied unless in `known`."""
        frame = self.base.assign(
            cluster_id=pd.Series(self.cluster, dtype="string"), reviewed=pd.Series(self.reviewed, dtype="bool")
        )
        for column in REFERENCE_COLUMNS:
            values = frame[column].map(current).astype("object")
            for position, held in self.held.items():
                if column in held:
                    values.iat[position] = None if held[column] is None else current.get(held[column])
            frame[column] = values.where(values.isin(known), None)
        for position, values in self.values.items():
            for column, value in values.items():
                frame.at[position, column] = value
        return frame[self.alive].reset_index(drop=True)


def own_cluster_id(event_id: str) -> str:
    """The cluster id of an event that is a cluster of its own (as pipeline.events.clustering makes it)."""
    return hashlib.sha1(f"cluster\x1f{event_id}".encode()).hexdigest()[:16]


def split_cluster_id(event_id: str, decision_id: str) -> str:
    """The cluster id of an event split out by a decision: new, and the same on every build."""
    return hashlib.sha1(f"split\x1f{event_id}\x1f{decision_id}".encode()).hexdigest()[:16]


def dated(text: str | None, granularity: str | None) -> dict[str, object]:
    """The date columns of an event an analyst dated: the period of that granularity (a day when
    none is given) that holds the day, or no date at all."""
    if text is None:
        return {"date": None, "date_end": None, "date_granularity": None, "date_basis": None}
    day, granularity = datetime.date.fromisoformat(text), granularity or "day"
    start, end = _period(day, granularity)
    return {"date": start, "date_end": end, "date_granularity": granularity, "date_basis": CURATED_DATE}


def _period(day: datetime.date, granularity: str) -> Period:
    if granularity == "season":
        return season_period(day.year, day.month, SEASON_MONTHS)
    return unit_period(day, granularity)


def _missing(event_id: str) -> str:
    return f"event {event_id} not found"


def _reject_event(state: CuratedTables, d: Decision) -> str | None:
    position = state.events.at(d.fields["event"])
    if position is None:
        return _missing(d.fields["event"])
    state.events.alive[position] = False
    return None


def _accept_event(state: CuratedTables, d: Decision) -> str | None:
    position = state.events.at(d.fields["event"])
    if position is None:
        return _missing(d.fields["event"])
    state.events.reviewed[position] = True
    return None


def _edit_event(state: CuratedTables, d: Decision) -> str | None:
    """All of the edit or none of it: an actor it names that is not there makes it not apply."""
    position = state.events.at(d.fields["event"])
    if position is None:
        return _missing(d.fields["event"])
    named = [d.fields[key] for key in REFERENCE_FIELDS if d.fields.get(key) is not None]
    absent = [actor_id for actor_id in named if not state.has_actor(actor_id)]
    if absent:
        return f"actor {', '.join(absent)} not found"
    held = {
        column: None if d.fields[key] is None else state.hold(d.fields[key])
        for key, column in REFERENCE_FIELDS.items()
        if key in d.fields
    }
    values = {key: d.fields[key] for key in VALUE_FIELDS if key in d.fields}
    if "date" in d.fields:
        values.update(dated(d.fields["date"], d.fields.get("date_granularity")))
    state.events.edit(position, values, held)
    return None


def _merge_event(state: CuratedTables, d: Decision) -> str | None:
    positions = [state.events.at(d.fields[key]) for key in ("event", "into")]
    missing = [d.fields[key] for key, position in zip(("event", "into"), positions, strict=True) if position is None]
    if missing:
        return f"event {', '.join(missing)} not found"
    state.events.merge(*positions)
    return None


def _split_event(state: CuratedTables, d: Decision) -> str | None:
    position = state.events.at(d.fields["event"])
    if position is None:
        return _missing(d.fields["event"])
    state.events.move(position, split_cluster_id(d.fields["event"], d.id))
    return None


EVENT_APPLY = {
    "reject_event": _reject_event,
    "accept_event": _accept_event,
    "edit_event": _edit_event,
    "merge_event": _merge_event,
    "split_event": _split_event,
}
