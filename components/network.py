"""Network: actors mentioned in the same sentence, edge weight = number of shared sentences."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts, empty, export, profile, url_state
from components import filters as filter_widgets
from components.plain import chart_text, chart_texts, type_label
from data_access import View

MAX_NODES = 60
LEGIBLE_NODES = 30  # the default minimum weight keeps the graph near this size
LABELLED_NODES = 25
LAYOUT_STEPS = 120
EDGE_WIDTHS = (1.0, 2.5, 5.0)
EDGE_COLUMNS = ("source_name", "target_name", "weight")  # the table shows names; the CSV keeps the ids too
URL_PARAMS = ("min",)  # the minimum co-mentions of an edge drawn


def layout_nodes(nodes: list[str], edges: pd.DataFrame, *, steps: int = LAYOUT_STEPS) -> np.ndarray:
    """Deterministic force-directed (Fruchterman-Reingold) positions, one (x, y) row per node."""
    n = len(nodes)
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    pos = np.column_stack([np.cos(angle), np.sin(angle)])
    if n < 3:
        return pos
    index = {node: i for i, node in enumerate(nodes)}
    a, b = edges["source"].map(index).to_numpy(), edges["target"].map(index).to_numpy()
    weight = np.log1p(edges["weight"].to_numpy(dtype=float))
    k, temperature = 2.0 / np.sqrt(n), 0.2
    for _ in range(steps):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = (delta / dist[..., None] * (k * k / dist)[..., None]).sum(axis=1)
        pull = (pos[a] - pos[b]) * (np.linalg.norm(pos[a] - pos[b], axis=1) * weight / k)[:, None]
        np.add.at(force, a, -pull)
        np.add.at(force, b, pull)
        length = np.maximum(np.linalg.norm(force, axis=1), 1e-9)[:, None]
        pos += force / length * np.minimum(length, temperature)
        temperature *= 0.97
    return pos


def build_network_chart(edges: pd.DataFrame, actors: pd.DataFrame) -> go.Figure:
    """Edges as lines in three widths by weight, nodes sized by mentions and coloured by type.

    actors (DataFrame): actor_id, name, type, n_mentions for every node.
    """
    nodes = actors.set_index("actor_id").loc[sorted(set(edges["source"]) | set(edges["target"]))]
    pos = pd.DataFrame(layout_nodes(list(nodes.index), edges), index=nodes.index, columns=["x", "y"])
    fig = go.Figure()
    bins = pd.qcut(edges["weight"].rank(method="first"), q=min(3, len(edges)), labels=False)
    for level, group in edges.groupby(bins):
        xs = np.column_stack(
            [pos.loc[group["source"], "x"], pos.loc[group["target"], "x"], np.full(len(group), np.nan)]
        )
        ys = np.column_stack(
            [pos.loc[group["source"], "y"], pos.loc[group["target"], "y"], np.full(len(group), np.nan)]
        )
        fig.add_trace(
            go.Scatter(
                x=xs.ravel(),
                y=ys.ravel(),
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line={"width": EDGE_WIDTHS[int(level)], "color": "rgba(120,120,120,0.5)"},
            )
        )
    labelled = set(nodes["n_mentions"].nlargest(LABELLED_NODES).index)
    for kind, group in nodes.groupby("type"):
        names = chart_texts(group["name"])
        labels = [name if actor_id in labelled else "" for actor_id, name in zip(group.index, names, strict=True)]
        fig.add_trace(
            go.Scatter(
                x=pos.loc[group.index, "x"],
                y=pos.loc[group.index, "y"],
                mode="markers+text",
                name=chart_text(type_label(kind)),
                text=labels,
                hovertext=names,
                textposition="top center",
                customdata=list(group.index),
                marker={"size": 10 + 4 * np.sqrt(group["n_mentions"].to_numpy())},
                meta=chart_text(type_label(kind)),
                hovertemplate="%{hovertext}<br>%{meta}<extra></extra>",  # data never goes into the template
            )
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x")
    return fig.update_layout(
        title="Actors mentioned in the same sentence",
        height=650,
        legend_title="Actor type",
        clickmode="event+select",
        dragmode="pan",
    )


def render(view: View, *, key_prefix: str) -> None:
    """Minimum-weight slider, the graph (click a node to filter to it) and the edge table."""
    st.title("Network")
    edges = view.edges()
    if edges.empty:
        empty.render(view, key_prefix=key_prefix, what="co-mentions (two actors in one sentence)")
        return
    top = int(edges["weight"].max())
    default = legible_minimum(edges)
    url_state.number(f"{key_prefix}_min_weight", "min", 1, max(top, 2), default)
    minimum = st.slider("Minimum co-mentions", 1, max(top, 2), key=f"{key_prefix}_min_weight")
    url_state.write("min", minimum, default)
    shown = _strongest(edges[edges["weight"] >= minimum])
    if shown.empty:
        st.info(f"No pair of actors shares {minimum:,} or more sentences; lower the minimum.")
        return
    counts = view.tables.catalogue.actors
    chart_key = f"{key_prefix}_chart"
    charts.render(
        build_network_chart(shown, counts),
        chart="network",
        view=key_prefix,
        filters=view.filters,
        key_prefix=chart_key,
        selection_mode="points",
        on_select=filter_widgets.filter_on_click(chart_key, "actors"),
    )
    _render_focus(shown, counts, key_prefix=key_prefix)
    named = shown.merge(
        counts[["actor_id", "name"]].rename(columns={"actor_id": "source", "name": "source_name"}), on="source"
    )
    named = named.merge(
        counts[["actor_id", "name"]].rename(columns={"actor_id": "target", "name": "target_name"}), on="target"
    )
    linked = profile.with_links(named, {"source_name": named["source"], "target_name": named["target"]}, view)
    st.dataframe(
        linked,
        hide_index=True,
        column_order=profile.linked_order(EDGE_COLUMNS, linked),
        column_config=profile.link_configs(linked),
        key=f"{key_prefix}_table",
    )
    name = partial(export.file_name, view=key_prefix, filters=view.filters)
    export.render(named, key_prefix=key_prefix, filename=name("co_mentions", extension="csv"))
    export.render_graphml(shown, counts, key_prefix=key_prefix, filename=name("network", extension="graphml"))


def legible_minimum(edges: pd.DataFrame, *, nodes: int = LEGIBLE_NODES) -> int:
    """The smallest minimum weight that leaves at most `nodes` actors in the graph (1 if none does).

    An actor stays at minimum w when its strongest edge weighs w or more, so one sort answers for
    every candidate weight.
    """
    strongest = (
        pd.concat(
            [
                edges[["source", "weight"]].set_axis(["actor", "weight"], axis=1),
                edges[["target", "weight"]].set_axis(["actor", "weight"], axis=1),
            ]
        )
        .groupby("actor")["weight"]
        .max()
        .sort_values()
        .to_numpy()
    )
    weights = np.sort(edges["weight"].unique())
    remaining = len(strongest) - np.searchsorted(strongest, weights, side="left")
    fits = np.flatnonzero(remaining <= nodes)
    return int(weights[fits[0]]) if len(fits) else 1


def _strongest(edges: pd.DataFrame) -> pd.DataFrame:
    """Edges among the MAX_NODES actors with most co-mentions, so the graph stays legible."""
    degree = (
        pd.concat(
            [
                edges[["source", "weight"]].rename(columns={"source": "actor_id"}),
                edges[["target", "weight"]].rename(columns={"target": "actor_id"}),
            ]
        )
        .groupby("actor_id")["weight"]
        .sum()
    )
    keep = degree.nlargest(MAX_NODES).index
    return edges[edges["source"].isin(keep) & edges["target"].isin(keep)]


def _render_focus(edges: pd.DataFrame, actors: pd.DataFrame, *, key_prefix: str) -> None:
    """The keyboard way to do what a click on a node does: filter everything to one actor."""
    ids = sorted(set(edges["source"]) | set(edges["target"]))
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox("Filter to an actor of the graph", ids, format_func=names.get, key=f"{key_prefix}_focus")
    right.button(
        "Filter to this actor", key=f"{key_prefix}_focus_apply", on_click=_on_focus, args=(f"{key_prefix}_focus",)
    )


def _on_focus(picker_key: str) -> None:
    """Callback of the button: read the picker at click time, not when the button was drawn."""
    filter_widgets.focus_actor(st.session_state[picker_key])
