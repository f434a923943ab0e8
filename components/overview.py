"""Overview: the filtered corpus at a glance — counts, top actors by outlet, mentions by actor type."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import cycle

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from components import charts, empty, export, profile, table
from components import filters as filter_widgets
from components.plain import bar_height, chart_text, chart_texts, type_labels
from data_access import View

TOP_ACTORS = 15


def summarise(view: View) -> dict[str, str]:
    """KPI label -> value for the filtered view."""
    documents = view.document_summary
    low, high = documents.span
    span = f"{low:%b %Y} – {high:%b %Y}" if low else "no dates"
    return {
        "Documents": f"{documents.n_documents:,}",
        "Actors": f"{len(view.actor_counts):,}",
        "Mentions": f"{view.n_mentions:,}",
        "Outlets": f"{documents.n_outlets:,}",
        "Published": span,
    }


UNKNOWN_OUTLET = "(outlet unknown)"
OTHERS = "(other outlets)"
TOP_OUTLETS = 10
PALETTE = px.colors.qualitative.Plotly


def build_top_actors_chart(
    mentions: pd.DataFrame,
    *,
    top: int = TOP_ACTORS,
    top_outlets: int = TOP_OUTLETS,
    ids: Mapping[str, list[str]] | None = None,
) -> go.Figure:
    """Horizontal bars of the `top` most mentioned actors, stacked by outlet (the `top_outlets` - 1
    outlets with most of these mentions, then all others together).

    mentions (DataFrame): name and outlet of joined mentions, or of counts with n (the mentions
    each row stands for), as `View.count_by("name", "outlet")` returns them.
    ids (Mapping): name -> the actor ids it stands for, carried by each bar so a click filters to them.
    """
    weighted = mentions.assign(n=_weights(mentions))
    leaders = (
        weighted.groupby("name", sort=False)["n"].sum().sort_values(ascending=False, kind="stable").head(top).index
    )
    shown = weighted[weighted["name"].isin(leaders)].assign(
        outlet=lambda frame: frame["outlet"].astype("object").fillna(UNKNOWN_OUTLET)
    )
    outlets = list(shown.groupby("outlet")["n"].sum().sort_values(ascending=False, kind="stable").index)
    if len(outlets) > top_outlets:  # a legend of dozens of colours is unreadable: the rest is one bar
        outlets = [*outlets[: top_outlets - 1], OTHERS]
        shown = shown.assign(outlet=shown["outlet"].where(shown["outlet"].isin(outlets), OTHERS))
    counts = shown.groupby(["outlet", "name"])["n"].sum().rename("mentions").reset_index(level="name")
    fig = go.Figure(  # graph_objects, not express: one Bar per outlet costs a millisecond, px's ten
        [
            go.Bar(
                x=rows["mentions"],
                y=chart_texts(rows["name"]),
                name=chart_text(outlet),
                orientation="h",
                marker_color=colour,
                customdata=[list((ids or {}).get(name, [])) for name in rows["name"]],
            )
            for outlet, colour in zip(outlets, cycle(PALETTE), strict=False)
            for rows in [counts.loc[[outlet]]]
        ]
    )
    return fig.update_layout(
        title=f"Top {len(leaders)} actors by outlet",
        barmode="stack",
        yaxis={"categoryorder": "array", "categoryarray": [chart_text(name) for name in leaders][::-1], "title": None},
        xaxis_title="mentions",
        legend_title="Outlet",
        height=bar_height(len(leaders)),
    )


def build_type_chart(mentions: pd.DataFrame) -> go.Figure:
    """Bars of mention counts per actor type (mentions: type, and n when the rows are counts)."""
    weights = mentions.assign(n=_weights(mentions)).groupby("type")["n"].sum()
    counts = weights.sort_values(ascending=False, kind="stable").rename_axis("type").rename("mentions").reset_index()
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(counts))]
    bars = go.Bar(
        x=chart_texts(type_labels(counts["type"])),
        y=counts["mentions"],
        marker_color=colours,
        customdata=counts["type"],
    )
    fig = go.Figure(bars)
    return fig.update_layout(title="Mentions by actor type", showlegend=False, xaxis_title=None, yaxis_title="mentions")


def _weights(rows: pd.DataFrame) -> pd.Series:
    """How many mentions each row stands for: its n when the rows are counts, else 1."""
    return rows["n"] if "n" in rows else pd.Series(1, index=rows.index)


def render(view: View, *, key_prefix: str) -> None:
    """KPIs, two charts and the filtered mentions table (a page at a time) with its CSV."""
    st.title("Overview")
    for column, (label, value) in zip(st.columns([1, 1, 1, 1, 2]), summarise(view).items(), strict=True):
        column.metric(label, value)
    if not view.n_mentions:
        empty.render(view, key_prefix=key_prefix)
        return
    left, right = st.columns([3, 2])
    top = view.count_by("name", "outlet", top_names=TOP_ACTORS)
    counts = view.actor_counts
    shown = counts[counts["name"].isin(top["name"])]  # the chart's names only: the corpus may hold thousands
    ids = shown.groupby("name", sort=False)["actor_id"].agg(list).to_dict()
    chart_key = f"{key_prefix}_top_actors"
    clicked = filter_widgets.filter_on_click(chart_key, "actors")
    charts.render(
        build_top_actors_chart(top, ids=ids), chart="top-actors", view=key_prefix, filters=view.filters,
        key_prefix=chart_key, where=left, on_select=clicked, selection_mode="points",
    )  # fmt: skip
    with left:  # a chart cannot hold links: the top actors' profiles under it
        profile.render_links(view.actor_counts.head(TOP_ACTORS), view, label="Profiles of the top actors")
    chart_key = f"{key_prefix}_types"
    clicked = filter_widgets.filter_on_click(chart_key, "actor_types")
    charts.render(
        build_type_chart(view.count_by("type")), chart="actor-types", view=key_prefix, filters=view.filters,
        key_prefix=chart_key, where=right, on_select=clicked, selection_mode="points",
    )  # fmt: skip
    st.caption("Click a bar to filter every view to that actor or type; the sidebar shows it and can undo it.")
    st.subheader("Mentions")
    table.render_pages(
        view.n_mentions,
        view.mentions_page,
        lambda: view.mentions,
        key_prefix=f"{key_prefix}_mentions",
        filename=export.file_name("mentions", view=key_prefix, filters=view.filters, extension="csv"),
    )
