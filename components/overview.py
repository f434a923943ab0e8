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


def build_top_actors_chart(mentions: pd.DataFrame, *, top: int = TOP_ACTORS) -> go.Figure:
    """Horizontal bars of the `top` most mentioned actors, stacked by outlet.

    mentions (DataFrame): name and outlet of joined mentions, or of counts with n (the mentions
    each row stands for), as `View.count_by("name", "outlet")` returns them.
    """
    weighted = mentions.assign(n=_weights(mentions))
    leaders = (
        weighted.groupby("name", sort=False)["n"].sum().sort_values(ascending=False, kind="stable").head(top).index
    )
    counts = (
        weighted[weighted["name"].isin(leaders)]
        .assign(outlet=lambda frame: frame["outlet"].astype("object").fillna(UNKNOWN_OUTLET))
        .groupby(["name", "outlet"], dropna=False)["n"]
        .sum()
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
    """Bars of mention counts per actor type (mentions: type, and n when the rows are counts)."""
    weights = mentions.assign(n=_weights(mentions)).groupby("type")["n"].sum()
    counts = weights.sort_values(ascending=False, kind="stable").rename_axis("type").rename("mentions").reset_index()
    fig = px.bar(counts, x="type", y="mentions", color="type", title="Mentions by actor type")
    return fig.update_layout(showlegend=False, xaxis_title=None)


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
    left.plotly_chart(build_top_actors_chart(top), key=f"{key_prefix}_top_actors")
    right.plotly_chart(build_type_chart(view.count_by("type")), key=f"{key_prefix}_types")
    st.subheader("Mentions")
    table.render_pages(
        view.n_mentions,
        view.mentions_page,
        lambda: view.mentions,
        key_prefix=f"{key_prefix}_mentions",
        filename="mentions.csv",
    )
