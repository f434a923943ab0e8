"""Events for the curation page: the events to pick one from, the review queue's unsure events, and
decisions about events in words (the clause, not its id)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from data_access.events import select_events
from data_access.tables import Tables
from pipeline.api import EVENT_KINDS, UNCURATED, Decision, event_review_queue, read_tables
from pipeline.schema import EVENT_TYPES, GRANULARITIES

# (event_type, sub_event_type) pairs an edit may set (components never import the pipeline)
EVENT_SUB_TYPES = tuple((event_type, sub) for event_type, subs in EVENT_TYPES.items() for sub in subs)
EVENT_GRANULARITIES = GRANULARITIES
EXCERPT = 80  # characters of a clause in a label
# edit_event's fields, as the history names them
EDIT_WORDS = {"actor1": "initiator", "actor2": "target", "place": "place", "fatalities": "fatalities"}


def select_event_choices(tables: Tables) -> pd.DataFrame:
    """Every event of the build, to pick one by: the events table's columns with the names beside
    the ids (actor1, actor2, place, outlet, title) and `label`: the clause, its sub-type, date,
    place and outlet. In the Events view's order (by date)."""
    events = select_events(tables, None, actors=(), actor_types=(), hits=None, event_types=())
    return events.assign(label=event_labels_of(events))


def event_labels_of(events: pd.DataFrame) -> pd.Series:
    """'"clause…" · sub-type · date · place · outlet' for each event (columns text, sub_event_type,
    date, place, outlet), readable where an id would not be."""
    return pd.Series(
        [
            " · ".join((f"“{_excerpt(text)}”", str(sub).replace("_", " "), _day(day), _or(place, "no place"),
                        _or(outlet, "unknown outlet")))
            for text, sub, day, place, outlet in zip(
                events["text"], events["sub_event_type"], events["date"], events["place"], events["outlet"],
                strict=True,
            )
        ],
        index=events.index,
        dtype="object",
    )  # fmt: skip


def select_event_queue(events: pd.DataFrame) -> pd.DataFrame:
    """The events of `events` (a View's events) the pipeline is least sure of, least sure first, with
    `reason` (pipeline.curation.review_queue.event_review_queue)."""
    return event_review_queue(events)


def describe_decisions(tables: Tables, data_dir: Path | None, decisions: Iterable[Decision]) -> list[str]:
    """Each decision in words: an event decision by the clauses it is about and the names it sets
    (a rejected event is found among the build's uncurated events), others as the pipeline says."""
    decisions = list(decisions)
    about = {d.fields[key] for d in decisions if d.kind in EVENT_KINDS for key in ("event", "into") if key in d.fields}
    labels = _labels(tables, data_dir, about) if about else {}
    names = dict(zip(tables.actors["actor_id"], tables.actors["name"], strict=True)) if about else {}
    return [describe_event_decision(d, labels, names) if d.kind in EVENT_KINDS else d.describe() for d in decisions]


def describe_event_decision(decision: Decision, labels: Mapping[str, str], names: Mapping[str, str]) -> str:
    """One event decision in words, its events by label and its actors by name."""
    fields = decision.fields
    event = labels.get(fields["event"], f"{fields['event']} (no longer in these tables)")
    if decision.kind == "merge_event":
        other = labels.get(fields["into"], f"{fields['into']} (no longer in these tables)")
        return f"Merge event {event} with event {other}: one real-world event"
    if decision.kind == "edit_event":
        return f"Edit event {event}: {'; '.join(_changes(fields, names))}"
    if decision.kind == "split_event":
        return f"Split event {event} out of its cluster"
    return f"{'Reject' if decision.kind == 'reject_event' else 'Accept'} event {event}"


def _changes(fields: Mapping[str, object], names: Mapping[str, str]) -> list[str]:
    changes = []
    if "sub_event_type" in fields:
        changes.append(f"type → {fields['event_type']}: {fields['sub_event_type']}")
    for key, word in EDIT_WORDS.items():
        if key not in fields:
            continue
        value = fields[key]
        if value is None:
            changes.append(f"{word} → none")
        else:
            changes.append(f"{word} → {value if key == 'fatalities' else names.get(str(value), str(value))}")
    if "date" in fields:
        granularity = fields.get("date_granularity") or "day"
        changes.append(f"date → {fields['date']} ({granularity})" if fields["date"] else "date → none")
    return changes


def _labels(tables: Tables, data_dir: Path | None, event_ids: set[str]) -> dict[str, str]:
    """event_id -> '"clause…" (outlet)' for the events named, as the build has them, else (a rejected
    event) as its uncurated tables in `data_dir` have them: what the pipeline found, which no
    later correction of type, place or date changes."""
    events = tables.query(
        "SELECT e.event_id, e.text, d.outlet FROM events e LEFT JOIN documents d USING (doc_id) "
        "WHERE list_contains($events, e.event_id)",
        {"events": sorted(event_ids)},
    )
    missing = event_ids - set(events["event_id"])
    if missing and data_dir is not None:
        events = pd.concat([events, _uncurated_events(tables, Path(data_dir), missing)], ignore_index=True)
    return {
        event_id: f"“{_excerpt(text)}” ({_or(outlet, 'unknown outlet')})"
        for event_id, text, outlet in zip(events["event_id"], events["text"], events["outlet"], strict=True)
    }


def _uncurated_events(tables: Tables, data_dir: Path, event_ids: set[str]) -> pd.DataFrame:
    """event_id, text, outlet of the named events among the build's uncurated tables (none when
    there are none, or they cannot be read)."""
    found = pd.DataFrame(columns=["event_id", "text", "outlet"])
    try:
        removed = read_tables(data_dir / UNCURATED, ("events",))["events"]
    except (OSError, ValueError):  # no uncurated copy, or a damaged one: the ids stay as they are
        return found
    removed = removed[removed["event_id"].isin(event_ids)]
    outlets = dict(zip(tables.documents["doc_id"], tables.documents["outlet"], strict=True))
    return removed.assign(outlet=removed["doc_id"].map(outlets))[list(found.columns)]


def _excerpt(text: object) -> str:
    words = " ".join(str(text).split())
    return words if len(words) <= EXCERPT else words[: EXCERPT - 1].rstrip() + "…"


def _day(value: object) -> str:
    return "undated" if value is None or pd.isna(value) else str(pd.Timestamp(value).date())


def _or(value: object, default: str) -> str:
    return default if value is None or pd.isna(value) or value == "" else str(value)
