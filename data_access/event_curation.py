"""Events for the curation page: the events to pick one from, the review queue's unsure events, and
every decision in words: an event by the start of its clause and its outlet, an actor by its name,
a mention by its surface, its actor and the start of its sentence (never an id alone)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from data_access.events import select_events
from data_access.tables import Tables
from pipeline.api import EVENT_KINDS, UNCURATED, Decision, event_review_queue, read_tables, table_path
from pipeline.schema import EVENT_TYPES, GRANULARITIES

# (event_type, sub_event_type) pairs an edit may set (components never import the pipeline)
EVENT_SUB_TYPES = tuple((event_type, sub) for event_type, subs in EVENT_TYPES.items() for sub in subs)
EVENT_GRANULARITIES = GRANULARITIES
EXCERPT = 80  # characters of a clause in a label
# edit_event's fields, as the history names them
EDIT_WORDS = {"actor1": "initiator", "actor2": "target", "place": "place", "fatalities": "fatalities"}
ACTOR_FIELDS = ("actor", "into", "actor1", "actor2", "place")  # the fields of a decision naming an actor
MENTION_COLUMNS = ("mention_id", "doc_id", "sent_id", "actor_id", "surface")


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
    """Each decision in words: an event decision by the clauses it is about and the names it sets,
    an actor decision by the actors' names, a mention decision by the mention's surface, actor and
    sentence. What the curated tables no longer hold (a rejected event, mention or actor, an actor
    merged away) is found among the build's uncurated tables in `data_dir`; an id stays only when
    neither has it."""
    decisions = list(decisions)
    about = {d.fields[key] for d in decisions if d.kind in EVENT_KINDS for key in ("event", "into") if key in d.fields}
    labels = _labels(tables, data_dir, about) if about else {}
    spoken = {d.fields["mention"] for d in decisions if "mention" in d.fields}
    mentions = _mentions(tables, data_dir, spoken) if spoken else pd.DataFrame(columns=list(MENTION_COLUMNS))
    named = {str(d.fields[key]) for d in decisions for key in ACTOR_FIELDS if d.fields.get(key) is not None}
    names, found = _names(tables, data_dir, named | set(mentions["actor_id"].dropna()))
    said = {row.mention_id: _mention_label(row, names) for row in mentions.itertuples(index=False)}
    return [
        describe_event_decision(d, labels, names) if d.kind in EVENT_KINDS else describe_decision(d, names, found, said)
        for d in decisions
    ]


def describe_decision(
    decision: Decision, names: Mapping[str, str], found: Mapping[str, str], mentions: Mapping[str, str]
) -> str:
    """An actor or mention decision in words. names: actor_id -> its name now (else as the pipeline
    found it); found: actor_id -> its name as the pipeline found it (a rename's old name);
    mentions: mention_id -> '“surface” (actor) in “sentence…” (outlet)'."""
    fields, kind = decision.fields, decision.kind
    actor = names.get(str(fields.get("actor")), str(fields.get("actor")))
    if kind == "merge":
        return f"Merge actor {actor} into {names.get(str(fields['into']), str(fields['into']))}"
    if kind == "split":
        return f"Split the alias “{fields['alias']}” off {actor} into a new actor, “{fields['name']}”"
    if kind == "rename":
        return f"Rename {found.get(str(fields['actor']), actor)} to “{fields['name']}”"
    if kind == "retype":
        return f"Change the type of {actor} to {str(fields['type']).replace('_', ' ')}"
    if kind == "locate":
        return f"Place {actor} at latitude {fields['lat']}, longitude {fields['lon']}"
    if kind == "reject_actor":
        return f"Reject actor {actor}: not an actor"
    if kind in ("reject_mention", "accept_mention"):
        mention = mentions.get(fields["mention"], f"{fields['mention']} (no longer in these tables)")
        return f"{'Reject' if kind == 'reject_mention' else 'Accept'} the mention {mention}"
    if kind == "add_actor":
        aliases = ", ".join(f"“{alias}”" for alias in fields.get("aliases") or ())
        kind_word = str(fields["type"]).replace("_", " ")
        return f"Add actor “{fields['name']}” ({kind_word})" + (f", found by {aliases}" if aliases else "")
    return decision.describe()  # a kind this page does not know yet: as the pipeline says it


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


def _names(tables: Tables, data_dir: Path | None, actor_ids: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(actor_id -> its name now, else as the build's uncurated tables have it; actor_id -> its name in
    those uncurated tables) for the actors named."""
    actors = tables.actors
    now = dict(zip(actors["actor_id"], actors["name"], strict=True))
    found = _uncurated(data_dir, "actors", ("actor_id", "name"), "actor_id", actor_ids)
    before = dict(zip(found["actor_id"], found["name"], strict=True))
    return {**before, **{a: now[a] for a in actor_ids if a in now}}, before


def _mentions(tables: Tables, data_dir: Path | None, mention_ids: set[str]) -> pd.DataFrame:
    """mention_id, surface, actor_id, sentence (its text) and outlet of the mentions named, as the
    build has them, else (a rejected mention) as its uncurated tables have them."""
    columns = ", ".join(f"m.{c}" for c in MENTION_COLUMNS)
    here = tables.query(
        f"SELECT {columns} FROM mentions m WHERE list_contains($mentions, m.mention_id)",
        {"mentions": sorted(mention_ids)},
    )
    missing = mention_ids - set(here["mention_id"])
    if missing:
        gone = _uncurated(data_dir, "mentions", MENTION_COLUMNS, "mention_id", missing)
        here = pd.concat([here, gone.astype(here.dtypes.to_dict())], ignore_index=True) if len(gone) else here
    return tables.query(
        "SELECT f.*, s.text AS sentence, d.outlet FROM found f "
        "LEFT JOIN sentences s ON s.doc_id = f.doc_id AND s.sent_id = f.sent_id "
        "LEFT JOIN documents d ON d.doc_id = f.doc_id",
        found=here,
    )


def _mention_label(row, names: Mapping[str, str]) -> str:
    actor = f" ({names.get(row.actor_id, row.actor_id)})" if isinstance(row.actor_id, str) else ""
    sentence = f" in “{_excerpt(row.sentence)}”" if isinstance(row.sentence, str) else ""
    return f"“{row.surface}”{actor}{sentence} ({_or(row.outlet, 'unknown outlet')})"


def _uncurated(data_dir: Path | None, table: str, columns: tuple[str, ...], key: str, wanted: set) -> pd.DataFrame:
    """The `columns` of the rows of the build's uncurated `table` whose `key` is `wanted` (read with
    the filter pushed into the parquet file); none when there is no uncurated copy, or it is damaged."""
    empty = pd.DataFrame(columns=list(columns))
    if data_dir is None or not wanted:
        return empty
    try:
        found = pq.read_table(
            table_path(Path(data_dir) / UNCURATED, table), columns=list(columns), filters=[(key, "in", sorted(wanted))]
        )
    except (OSError, ValueError, KeyError):  # pyarrow's errors are OSError or ValueError subclasses
        return empty
    return found.to_pandas()


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
