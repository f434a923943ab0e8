"""Events: who did what to whom, where and when, each with the clause that states it and a Reader link."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts, empty, export, profile, table, url_state
from components import filters as filter_widgets
from components.plain import bar_height, chart_texts, type_labels
from data_access import View
from data_access.events import SHOWN, event_type_counts, one_per_cluster

URL_PARAMS = ("clusters",)  # ?clusters=1: one row per real-world event


def reader_links(events: pd.DataFrame) -> pd.Series:
    """A Reader link per event, opening the article that reports it."""
    return pd.Series(
        ["reader?" + urlencode({"doc": doc_id}) for doc_id in events["doc_id"]], index=events.index, dtype="string"
    )


def shown_columns(events: pd.DataFrame) -> pd.DataFrame:
    """The columns an analyst reads first, type names readable, and the Reader link."""
    frame = events[[c for c in SHOWN if c in events]].copy()
    for column in ("event_type", "sub_event_type"):
        frame[column] = type_labels(frame[column])
    frame.insert(0, "reader", reader_links(events))
    return frame


def build_type_chart(events: pd.DataFrame) -> go.Figure:
    """Events by type: one horizontal bar per type, most frequent on top."""
    counts = event_type_counts(events).iloc[::-1]
    labels = chart_texts(type_labels(counts["event_type"]))
    fig = go.Figure(
        go.Bar(
            x=counts["n"],
            y=labels,
            orientation="h",
            text=counts["n"],
            textposition="auto",
            customdata=counts["event_type"],
        )
    )
    return fig.update_layout(
        height=bar_height(len(counts), sizes=(160, 40, 900), chrome=60),
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        title="Events by type",
    )


def render(view: View, *, key_prefix: str) -> None:
    """Counts, events by type, and the table of events (one page at a time) with its CSV."""
    st.title("Events")
    events = view.events
    if events.empty:
        empty.render(view, key_prefix=key_prefix, what="events")
        return
    url_state.choice(f"{key_prefix}_once", "clusters", (False, True), False, text=_flag)
    once = st.toggle(
        "One row per real-world event",
        key=f"{key_prefix}_once",
        help="The same strike told by several articles is one event cluster: show its earliest report, "
        "how many reports and outlets told it, and the most fatalities any of them stated.",
    )
    url_state.write("clusters", once, False, text=_flag)
    shown = one_per_cluster(events) if once else events
    fatalities = pd.to_numeric(one_per_cluster(events)["fatalities"], errors="coerce").sum()
    columns = st.columns(4)
    columns[0].metric("Reports of events", f"{len(events):,}")
    columns[1].metric("Real-world events", f"{events['cluster_id'].fillna(events['event_id']).nunique():,}")
    columns[2].metric("Fatalities stated", f"{int(fatalities):,}")
    columns[3].metric("Articles", f"{events['doc_id'].nunique():,}")
    chart_key = f"{key_prefix}_types"
    clicked = filter_widgets.filter_on_click(chart_key, "event_types")
    charts.render(
        build_type_chart(events), chart="event-types", view=key_prefix, filters=view.filters, key_prefix=chart_key,
        on_select=clicked, selection_mode="points",
    )  # fmt: skip
    actors = {"actor1": shown["actor1_id"], "actor2": shown["actor2_id"], "place": shown["place_id"]}
    frame = profile.with_links(shown_columns(shown), actors, view)  # a profile link after each actor's name
    if once:
        frame = frame.assign(reports=shown["reports"].to_numpy(), outlets=shown["outlets"].to_numpy())
    st.dataframe(
        table.page_of(frame, 1),
        hide_index=True,
        column_order=[c for c in frame.columns if not c.endswith("_id")],  # ids stay in the CSV
        key=f"{key_prefix}_table",
        column_config={
            "reader": st.column_config.LinkColumn("Reader", display_text="open ↗"),
            "date": st.column_config.DateColumn("date"),
            "published": st.column_config.DateColumn("published"),
            "text": st.column_config.TextColumn("clause", width="large"),
            **profile.link_configs(frame),
        },
    )
    if len(frame) > table.PAGE_SIZE:
        st.caption(f"The first {table.PAGE_SIZE:,} of {len(frame):,} rows; the CSV holds them all.")
    export.render(
        lambda: shown,
        key_prefix=f"{key_prefix}_csv",
        filename=export.file_name("events", view=key_prefix, filters=view.filters, extension="csv"),
        n_rows=len(shown),
    )


def _flag(on: object) -> str:
    return "1" if on else "0"
