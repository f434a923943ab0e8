"""Curation of events: pick an event by its clause, correct it, merge two reports into one real-world
event or split one out, and work through the events the pipeline is least sure of."""

from __future__ import annotations

import datetime
import hashlib
import html
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

import data_access
from components import table
from data_access import CurationResult, Tables, View

ROUND = "_curation_round"  # successful decisions so far: a new round draws the edit form afresh
EDITING = "_curation_queue_event"  # the queued event whose correction form is open under it
NONE = ""  # the option that leaves an initiator, target or place empty
PLACE_TYPES = ("place", "facility", "state")  # what an event's place may be (a state when no town is named)
MAX_FATALITIES = 10_000_000
FIRST_DAY, LAST_DAY = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
QUEUE_PAGE_SIZE = 10
SEARCH = "Type to search: words of the clause, a type, a date, a place, an outlet"


def render(view: View, *, key_prefix: str, data_dir: Path, by: str, apply: Callable[[CurationResult], None]) -> None:
    """The filtered events the pipeline is least sure of, least sure first, a page at a time, each
    with Accept (reviewed, off the queue), Reject and Edit (its correction form, under it).

    apply: records the outcome of a click and runs the page again (components.curation's).
    """
    queue = data_access.select_event_queue(view.events)
    if queue.empty:
        st.success("Nothing to review among the filtered events.")
        return
    st.caption(
        f"{len(queue):,} event(s) the pipeline is least sure of (no initiator, no place, dated only by the "
        "article's publication, or a low score), least sure first; the sidebar filters apply. Accept marks an "
        "event reviewed, Reject removes it, Edit opens its correction form."
    )
    page = _page_number(len(queue), f"{key_prefix}_event_queue_page")
    for row in table.page_of(queue, page, QUEUE_PAGE_SIZE).itertuples(index=False):
        text, accept, reject, edit = st.columns([9, 1, 1, 1], vertical_alignment="center")
        text.html(event_item_html(pd.Series(row._asdict()), row.reason))
        if accept.button("Accept", key=f"{key_prefix}_event_accept_{row.event_id}", disabled=not by):
            apply(data_access.decide(data_dir, view.tables, "accept_event", by=by, event=row.event_id))
        if reject.button("Reject", key=f"{key_prefix}_event_reject_{row.event_id}", disabled=not by):
            apply(data_access.decide(data_dir, view.tables, "reject_event", by=by, event=row.event_id))
        if edit.button("Edit", key=f"{key_prefix}_event_edit_{row.event_id}", disabled=not by):
            st.session_state[EDITING] = row.event_id
        if st.session_state.get(EDITING) == row.event_id:
            _render_queue_edit(view.tables, pd.Series(row._asdict()), key_prefix, data_dir, by, apply)


def _render_queue_edit(
    tables: Tables, row: pd.Series, key_prefix: str, data_dir: Path, by: str, apply: Callable[[CurationResult], None]
) -> None:
    """The correction form of one queued event, under it, pre-filled; Record or Cancel closes it."""
    form = f"{key_prefix}_queue_edit_"
    keys = f"{form}{st.session_state.get(ROUND, 0)}_{_stamp(row)}_"  # a new form after each decision
    with st.container(border=True):
        changes = _edit_fields(tables, row, keys)
        note = st.text_input("Note (why)", key=f"{keys}note", placeholder="optional, kept in the history")
        record, cancel = st.columns(2)
        if record.button("Record correction", key=f"{form}record", type="primary", disabled=not by):
            result = data_access.decide(
                data_dir, tables, "edit_event", by=by, note=note.strip(), event=row["event_id"], **changes
            )
            if result.ok:
                st.session_state.pop(EDITING, None)
            apply(result)
        if cancel.button("Cancel", key=f"{form}cancel"):
            st.session_state.pop(EDITING, None)
            st.rerun()


def event_item_html(row: pd.Series, note: str = "") -> str:
    """One event for the analyst (escaped): what the pipeline read, the clause, why it is unsure
    (`note`), and its article.

    row (Series): text, event_type, sub_event_type, date, place, actor1, actor2, fatalities, score, title, outlet.
    """
    about = " · ".join(
        [
            f"<b>{_escaped(row['event_type'], '?')}: {_escaped(row['sub_event_type'], '?')}</b>",
            _escaped(_day(row["date"]), "undated"),
            _escaped(row["place"], "no place"),
            f"initiator {_escaped(row['actor1'], 'unknown')}",
            f"target {_escaped(row['actor2'], 'unknown')}",
            f"fatalities {_escaped(row['fatalities'], 'not stated')}",
        ]
    )
    why = f"{html.escape(note)} · score {float(row['score']):.2f} · " if note else ""
    source = f"{_escaped(row['title'], 'untitled')} · {_escaped(row['outlet'], 'unknown outlet')}"
    return f'<div class="curation-item">{about}<br>“{_escaped(row["text"], "")}”<br><small>{why}{source}</small></div>'


def _escaped(value: object, default: str) -> str:
    """A cell as escaped text, `default` when it is empty or null (pd.NA has no truth value)."""
    return html.escape(default if value is None or pd.isna(value) or value == "" else str(value))


def _day(value: object) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _choices(tables: Tables) -> pd.DataFrame:
    """Every event with its label, indexed by event_id."""
    return data_access.select_event_choices(tables).set_index("event_id", drop=False)


def _labels(choices: pd.DataFrame) -> dict[str, str]:
    return dict(zip(choices["event_id"], choices["label"], strict=True))


def _edit_form(tables: Tables, form: str) -> dict:
    """The picked event and its values, pre-filled; returns only what the analyst changed."""
    choices = _choices(tables)
    labels = _labels(choices)
    event_id = st.selectbox(
        "Event to correct", list(labels), format_func=labels.get, index=None, key=f"{form}event", placeholder=SEARCH
    )
    if event_id is None or event_id not in choices.index:
        return {"event": None}
    row = choices.loc[event_id]
    st.html(event_item_html(row))
    keys = f"{form}{st.session_state.get(ROUND, 0)}_{_stamp(row)}_"  # a new form once the event changed
    return {"event": event_id, **_edit_fields(tables, row, keys)}


def _edit_fields(tables: Tables, row: pd.Series, keys: str) -> dict:
    """The widgets of an event's correction, filled with its current values (row: a row of the
    events with names, as data_access gives them); returns only what the analyst changed."""
    pairs = [f"{kind}: {sub}" for kind, sub in data_access.EVENT_SUB_TYPES]
    now = f"{row['event_type']}: {row['sub_event_type']}"
    pair = st.selectbox("Event type: sub-type", pairs, index=_index(pairs, now), key=f"{keys}type")
    actors = _actor_options(tables.actors)
    left, right = st.columns(2)
    actor1 = left.selectbox(
        "Initiator", list(actors), format_func=actors.get, index=_index(list(actors), _id(row["actor1_id"])),
        key=f"{keys}actor1",
    )  # fmt: skip
    actor2 = right.selectbox(
        "Target or other party", list(actors), format_func=actors.get,
        index=_index(list(actors), _id(row["actor2_id"])), key=f"{keys}actor2",
    )  # fmt: skip
    places = _actor_options(tables.actors, types=PLACE_TYPES, keep=_id(row["place_id"]))
    place = st.selectbox(
        "Place (its coordinates follow)", list(places), format_func=places.get,
        index=_index(list(places), _id(row["place_id"])), key=f"{keys}place",
    )  # fmt: skip
    changes = _changed_type(pair, now)
    for field, chosen in (("actor1", actor1), ("actor2", actor2), ("place", place)):
        if chosen != _id(row[f"{field}_id"]):
            changes[field] = chosen or None
    return {**changes, **_date_and_dead(row, keys)}


def _date_and_dead(row: pd.Series, keys: str) -> dict:
    """The date, its granularity and the fatalities, pre-filled; only what changed."""
    granularities = list(data_access.EVENT_GRANULARITIES)
    day = None if pd.isna(row["date"]) else pd.Timestamp(row["date"]).date()
    granularity = row["date_granularity"] if not pd.isna(row["date_granularity"]) else "day"
    left, middle, right = st.columns(3)
    chosen_day = left.date_input(
        "Date (empty: undated)", value=day, min_value=FIRST_DAY, max_value=LAST_DAY, key=f"{keys}date"
    )
    chosen_granularity = middle.selectbox(
        "Date granularity", granularities, index=_index(granularities, granularity), key=f"{keys}granularity"
    )
    dead = None if pd.isna(row["fatalities"]) else int(row["fatalities"])
    chosen_dead = right.number_input(
        "Fatalities (empty: none stated)", min_value=0, max_value=MAX_FATALITIES, value=dead, step=1,
        key=f"{keys}fatalities",
    )  # fmt: skip
    changes: dict = {}
    if (chosen_day, chosen_granularity) != (day, granularity) and (chosen_day or day):
        changes["date"] = chosen_day.isoformat() if chosen_day else None
        if chosen_day:
            changes["date_granularity"] = chosen_granularity
    if chosen_dead != dead:
        changes["fatalities"] = None if chosen_dead is None else int(chosen_dead)
    return changes


def _changed_type(pair: str | None, now: str) -> dict:
    if pair is None or pair == now:
        return {}
    event_type, sub_event_type = pair.split(": ", 1)
    return {"event_type": event_type, "sub_event_type": sub_event_type}


def _reject_form(tables: Tables, form: str) -> dict:
    labels = _labels(_choices(tables))
    event_id = st.selectbox(
        "Event to reject (it leaves the events table)", list(labels), format_func=labels.get, index=None,
        key=f"{form}event", placeholder=SEARCH,
    )  # fmt: skip
    return {"event": event_id}


def _merge_form(tables: Tables, form: str) -> dict:
    choices = _choices(tables)
    labels = _labels(choices)
    event_id = st.selectbox(
        "This report", list(labels), format_func=labels.get, index=None, key=f"{form}event", placeholder=SEARCH
    )
    others = {k: v for k, v in labels.items() if k != event_id}
    into = st.selectbox(
        "tells the same real-world event as this one (both clusters become one, with this one's cluster id)",
        list(others), format_func=others.get, index=None, key=f"{form}into", placeholder=SEARCH,
    )  # fmt: skip
    return {"event": event_id, "into": into}


def _split_form(tables: Tables, form: str) -> dict:
    choices = _choices(tables)
    sizes = choices["cluster_id"].map(choices["cluster_id"].value_counts())
    shared = choices[sizes > 1]
    if shared.empty:
        st.info("No event shares its cluster with another: there is nothing to split.")
    labels = _labels(shared)
    event_id = st.selectbox(
        "Event to split out of its cluster (it becomes a real-world event of its own)", list(labels),
        format_func=labels.get, index=None, key=f"{form}event", placeholder=SEARCH,
    )  # fmt: skip
    if event_id is not None:
        st.caption(f"Its cluster holds {int(sizes[event_id]):,} reports.")
    return {"event": event_id}


FORMS = {"edit_event": _edit_form, "reject_event": _reject_form, "merge_event": _merge_form, "split_event": _split_form}


def _actor_options(actors: pd.DataFrame, *, types: tuple[str, ...] = (), keep: str = NONE) -> dict[str, str]:
    """NONE ("(none)") then actor_id -> "name · type", alphabetical; only `types` when given (and `keep`)."""
    if types:
        actors = actors[actors["type"].isin(types) | (actors["actor_id"] == keep)]
    ordered = actors.sort_values("name", key=lambda names: names.str.casefold(), kind="stable")
    labels = ordered["name"] + " · " + ordered["type"].fillna("?")
    return {NONE: "(none)", **dict(zip(ordered["actor_id"], labels, strict=True))}


def _id(value: object) -> str:
    return NONE if value is None or pd.isna(value) else str(value)


def _index(options: list, value: object) -> int | None:
    return options.index(value) if value in options else None


def _stamp(row: pd.Series) -> str:
    """A short digest of the event's current values: another analyst's change draws the form afresh."""
    values = [row[c] for c in ("event_id", "sub_event_type", "actor1_id", "actor2_id", "place_id", "date",
                               "date_granularity", "fatalities")]  # fmt: skip
    return hashlib.sha1(repr([None if pd.isna(v) else str(v) for v in values]).encode()).hexdigest()[:8]


def _page_number(n_rows: int, key: str) -> int:
    """The page the analyst asked for (a number input when there is more than one page)."""
    pages = max(1, -(-n_rows // QUEUE_PAGE_SIZE))
    if st.session_state.get(key, 1) > pages:  # the last page emptied by a decision
        st.session_state[key] = pages
    return int(st.number_input(f"Page (of {pages:,})", 1, pages, 1, key=key)) if pages > 1 else 1
