"""Overview: the filtered corpus at a glance — counts, top actors by outlet, mentions by actor type."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from components import empty, table
from data_access import View

TOP_ACTORS = 15


def summarise(view: View) -> dict[str, str]:
    """KPI label -> value for the filtered view."""
    published = view.documents["published"].dropna()
    span = f"{published.min():%b %Y} – {published.max():%b %Y}" if len(published) else "no dates"
    return {
        "Documents": f"{len(view.documents):,}",
        "Actors": f"{len(view.actors):,}",
        "Mentions": f"{len(view.mentions):,}",
        "Outlets": f"{view.documents['outlet'].nunique():,}",
        "Published": span,
    }


UNKNOWN_OUTLET = "(outlet unknown)"


def build_top_actors_chart(mentions: pd.DataFrame, *, top: int = TOP_ACTORS) -> go.Figure:
    """Horizontal bars of the `top` most mentioned actors, stacked by outlet.

    mentions (DataFrame): joined mentions with name and outlet.
    """
    leaders = mentions["name"].value_counts().head(top).index
    counts = (
        mentions[mentions["name"].isin(leaders)]
        .assign(outlet=lambda frame: frame["outlet"].astype("object").fillna(UNKNOWN_OUTLET))
        .groupby(["name", "outlet"], dropna=False)
        .size()
        .rename("mentions")
        .reset_index()
    )
    fig = px.bar(
        counts,
        x="mentions",
        y="name",
        color="outlet",
        orientation="h",
        category_orders={"name": list(leaders)},
        title=f"Top {len(leaders)} actors by outlet",
    )
    return fig.update_layout(yaxis_title=None, legend_title="Outlet", height=120 + 28 * len(leaders))


def build_type_chart(mentions: pd.DataFrame) -> go.Figure:
    """Bars of mention counts per actor type."""
    counts = mentions["type"].value_counts().rename_axis("type").rename("mentions").reset_index()
    fig = px.bar(counts, x="type", y="mentions", color="type", title="Mentions by actor type")
    return fig.update_layout(showlegend=False, xaxis_title=None)


def render(view: View, *, key_prefix: str) -> None:
    """KPIs, two charts and the filtered mentions table with its CSV."""
    st.title("Overview")
    for column, (label, value) in zip(st.columns([1, 1, 1, 1, 2]), summarise(view).items(), strict=True):
        column.metric(label, value)
    if view.mentions.empty:
        empty.render(view, key_prefix=key_prefix)
        return
    left, right = st.columns([3, 2])
    left.plotly_chart(build_top_actors_chart(view.mentions), key=f"{key_prefix}_top_actors")
    right.plotly_chart(build_type_chart(view.mentions), key=f"{key_prefix}_types")
    st.subheader("Mentions")
    table.render(view.mentions, key_prefix=f"{key_prefix}_mentions", filename="mentions.csv")
