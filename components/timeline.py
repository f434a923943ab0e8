"""Timeline: mentions per period and actor, by publication date or by the date of the event reported."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from components import charts, empty, export, url_state
from components import filters as filter_widgets
from components.plain import chart_texts, type_labels
from data_access import View

# A date is only as precise as its granularity: it may be counted per period of that size or larger.
GRANULARITY_RANK = {"day": 0, "month": 1, "season": 2, "year": 3, "decade": 4}
RESOLUTIONS = {"day": ("D", 86_400_000), "month": ("M", "M1"), "year": ("Y", "M12")}
DATE_SOURCES = {"published": "Publication date", "event": "Date of the event reported"}
TOP_ACTORS = 8
COUNTED = {"mentions": "Mentions of actors", "events": "Events by type"}
DEFAULT_RESOLUTION = "month"
URL_PARAMS = ("count", "date", "per")  # what is counted, by which date, per which period


@dataclass(frozen=True)
class TimelineCounts:
    """Mentions per (period, name), and how many mentions could not be placed."""

    counts: pd.DataFrame  # period (Timestamp: start of the period), name, mentions
    n_too_coarse: int  # dated less precisely than the resolution (e.g. only a year, plotted by month)
    n_undated: int


def count_by_period(mentions: pd.DataFrame, *, by: str, resolution: str) -> TimelineCounts:
    """Count mentions per period of `resolution` and actor name, respecting each date's granularity.

    mentions (DataFrame): joined mentions (published, date, date_granularity, name), or counts of
        them with n (the mentions each row stands for), as `View.count_by` returns them.
    by (str): 'published' (day-precise publication dates) or 'event' (mentions.date).
    RETURNS (TimelineCounts): a month-level date counts in its month, never on a day.
    """
    weights = mentions["n"] if "n" in mentions else pd.Series(1, index=mentions.index)
    if by == "published":
        dates, granularity = mentions["published"], pd.Series("day", index=mentions.index)
    else:
        dates, granularity = mentions["date"], mentions["date_granularity"].fillna("day")
    too_coarse = granularity.map(GRANULARITY_RANK).fillna(0) > GRANULARITY_RANK[resolution]
    usable = dates.notna() & ~too_coarse
    period = dates[usable].dt.to_period(RESOLUTIONS[resolution][0]).dt.start_time
    counts = (
        pd.DataFrame({"period": period, "name": mentions.loc[usable, "name"], "n": weights[usable]})
        .groupby(["period", "name"])["n"]
        .sum()
        .rename("mentions")
        .reset_index()
    )
    return TimelineCounts(counts, int(weights[dates.notna() & too_coarse].sum()), int(weights[dates.isna()].sum()))


def events_by_type(events: pd.DataFrame) -> pd.DataFrame:
    """Events as count_by_period reads them: each real-world event once (its earliest report), named by its type."""
    once = events.assign(_cluster=events["cluster_id"].fillna(events["event_id"])).drop_duplicates("_cluster")
    return pd.DataFrame(
        {
            "published": once["published"],
            "date": once["date"],
            "date_granularity": once["date_granularity"],
            "name": type_labels(once["event_type"]),
        }
    )


def build_timeline_chart(counts: pd.DataFrame, *, resolution: str) -> go.Figure:
    """Bars per period (centred on it, as wide as it), stacked by actor (names escaped for plotly)."""
    shown = counts.assign(name=chart_texts(counts["name"]))
    fig = px.bar(shown, x="period", y="mentions", color="name", title="Mentions over time")
    fig.update_traces(xperiod=RESOLUTIONS[resolution][1], xperiodalignment="middle")
    return fig.update_layout(xaxis_title=None, legend_title="Actor", bargap=0.1)


def render(view: View, *, key_prefix: str) -> None:
    """Date-source and resolution pickers, the chart, a note on unplaced mentions, and the CSV."""
    st.title("Timeline")
    if not view.n_mentions:
        empty.render(view, key_prefix=key_prefix)
        return
    url_state.choice(f"{key_prefix}_counted", "count", COUNTED, "mentions")
    url_state.choice(f"{key_prefix}_by", "date", DATE_SOURCES, "published")
    url_state.choice(f"{key_prefix}_resolution", "per", RESOLUTIONS, DEFAULT_RESOLUTION)
    counted = st.radio("Count", list(COUNTED), format_func=COUNTED.get, key=f"{key_prefix}_counted", horizontal=True)
    left, right = st.columns(2)
    by = left.radio("Date", list(DATE_SOURCES), format_func=DATE_SOURCES.get, key=f"{key_prefix}_by", horizontal=True)
    resolution = right.radio("Per", list(RESOLUTIONS), key=f"{key_prefix}_resolution", horizontal=True)
    url_state.write("count", counted, "mentions")
    url_state.write("date", by, "published")
    url_state.write("per", resolution, DEFAULT_RESOLUTION)
    if counted == "events":
        rows = events_by_type(view.events)
    else:
        dated_by = ("published",) if by == "published" else ("date", "date_granularity")
        rows = view.count_by(*dated_by, "name", top_names=TOP_ACTORS)
    result = count_by_period(rows, by=by, resolution=resolution)
    if counted == "mentions" and not view.filters.actors:
        st.caption(
            f"The {rows['name'].nunique():,} most mentioned actors; pick actors in the sidebar to compare others."
        )
    if result.counts.empty:
        st.info(
            "None of these mentions has a date at this resolution. Try another date source or a coarser resolution."
        )
    else:
        chart, chart_key = build_timeline_chart(result.counts, resolution=resolution), f"{key_prefix}_chart"
        if by == "published":  # the date filter is on publication: brushing another date would mislead
            brushed = filter_widgets.filter_on_brush(chart_key, view.tables.catalogue.date_span)
            charts.render(
                chart, chart="timeline", view=key_prefix, filters=view.filters, key_prefix=chart_key,
                on_select=brushed, selection_mode="box",
            )  # fmt: skip
            st.caption("Drag across the chart (box select) to filter every view to those publication dates.")
        else:
            charts.render(chart, chart="timeline", view=key_prefix, filters=view.filters, key_prefix=chart_key)
    if result.n_too_coarse:
        st.caption(
            f"{result.n_too_coarse:,} mentions are dated less precisely than a {resolution}; "
            "choose a coarser resolution to count them."
        )
    if result.n_undated:
        st.caption(f"{result.n_undated:,} mentions have no date.")
    name = export.file_name(
        f"{counted}_by_{by}_per_{resolution}", view=key_prefix, filters=view.filters, extension="csv"
    )
    export.render(result.counts, key_prefix=key_prefix, filename=name)
