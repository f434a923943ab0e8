"""Map: places with coordinates, sized by filtered mentions, drawn offline with plotly scatter_geo."""

from __future__ import annotations

import math

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from components import charts, empty, export, table, url_state
from components import filters as filter_widgets
from components.plain import chart_texts, type_labels
from data_access import View, basemap_url

PLACE_COLUMNS = ["actor_id", "name", "type", "lat", "lon", "n_mentions", "n_docs"]
CO_PLACE_COLUMNS = ["actor_id", "name", "type", "lat", "lon", "sentences", "n_docs"]
# Crowded points (spread): within NEAR of the map's extent (its larger side in degrees, at least
# MIN_EXTENT) they share a spot, and are drawn on a circle of radius RING of the extent around it.
NEAR, RING, MIN_EXTENT = 0.01, 0.04, 4.0
# A point's name is written on the map only when no bigger point's name is within LABEL_GAP of the
# extent (the others show it on hover): names of neighbouring towns would be written over each other.
LABEL_GAP = 0.08
HIDDEN = {"_lat": False, "_lon": False, "_label": False}  # drawn spot and name: the hover names the true ones
CO_PLACES = "places named with the chosen actors"
OPERATES_NOTE = (
    "Where the chosen actors operate: the places with coordinates named in the same sentence as them, sized by "
    "the sentences they share (a place chosen is among them). Clear the actor filters to see every place mentioned."
)
SHOWS = ("What happened where (events)", "Places mentioned")
SHOW_WORDS = {SHOWS[0]: "events", SHOWS[1]: "places"}  # each choice as the URL writes it
SIZES = ("events", "fatalities")
URL_PARAMS = ("show", "size")  # what the map shows, and what sizes the events' bubbles


def select_places(actors: pd.DataFrame) -> pd.DataFrame:
    """Filtered actors that have coordinates (places, and states with a centroid), most mentioned first."""
    located = actors.dropna(subset=["lat", "lon"])
    return located[PLACE_COLUMNS].reset_index(drop=True)


def spread(points: pd.DataFrame, *, order: list[str]) -> pd.DataFrame:
    """`points` with `_lat`, `_lon`: where to draw each so that points sharing or nearly sharing
    coordinates (within NEAR of the map's extent) do not hide each other. Such a group is laid on a
    small circle (RING of the extent) around its first point's coordinates, in the order of the
    columns `order` (so the same points are drawn at the same places on every run); a point alone
    keeps its coordinates. The true `lat`, `lon` stay for the hover, the table and the CSV."""
    if points.empty:
        return points.assign(_lat=pd.Series(dtype=float), _lon=pd.Series(dtype=float))
    lat, lon = points["lat"].astype(float), points["lon"].astype(float)
    extent = max(float(lat.max() - lat.min()), float(lon.max() - lon.min()), MIN_EXTENT)
    near, ring = NEAR * extent, RING * extent
    ranked = points.assign(_y=lat, _x=lon).sort_values(["_y", "_x", *order], kind="stable")
    groups: list[tuple[float, float, list]] = []  # centre and the index labels of its points
    for label, y, x in zip(ranked.index, ranked["_y"], ranked["_x"], strict=True):
        home = next((g for g in groups if abs(g[0] - y) <= near and abs(g[1] - x) <= near), None)
        if home is None:
            groups.append((y, x, [label]))
        else:
            home[2].append(label)
    drawn_lat, drawn_lon = lat.copy(), lon.copy()
    for y, x, labels in groups:
        if len(labels) == 1:
            continue
        for n, label in enumerate(labels):
            angle = 2 * math.pi * n / len(labels)
            drawn_lat[label] = min(max(y + ring * math.cos(angle), -90.0), 90.0)
            drawn_lon[label] = x + ring * math.sin(angle) / max(math.cos(math.radians(y)), 0.2)
    return points.assign(_lat=drawn_lat, _lon=drawn_lon)


def uncrowded_labels(points: pd.DataFrame, names: pd.Series, size: pd.Series) -> pd.Series:
    """`names` where the map can write them: the biggest points first, each name kept when no kept
    name lies within LABEL_GAP of the extent (drawn coordinates `_lat`, `_lon`), else ''."""
    extent = max(float(points["_lat"].max() - points["_lat"].min()), float(points["_lon"].max() - points["_lon"].min()))
    gap = LABEL_GAP * max(extent, MIN_EXTENT)
    kept: list[tuple[float, float]] = []
    labels = pd.Series("", index=points.index, dtype=object)
    for index in size.sort_values(ascending=False, kind="stable").index:
        y, x = points.at[index, "_lat"], points.at[index, "_lon"]
        if all(abs(y - ky) > gap or abs(x - kx) > gap for ky, kx in kept):
            kept.append((y, x))
            labels[index] = names[index]
    return labels


def select_co_places(places: pd.DataFrame) -> pd.DataFrame:
    """`co_mentioned_places` as the map and its table show them (CO_PLACE_COLUMNS)."""
    return places[CO_PLACE_COLUMNS].reset_index(drop=True)


def build_map_chart(places: pd.DataFrame, *, outlines: bool, size: str = "n_mentions", title: str = "") -> go.Figure:
    """Bubbles at each place, area proportional to `size` (mentions, or the sentences shared with
    the picked actors); crowded places drawn apart (`spread`); no tile server is needed.

    outlines (bool): draw land and borders (needs the topojson files); without them only a
    lat/lon grid is drawn, so the map still works with no network at all.
    """
    shown = spread(places, order=["name", "actor_id"])
    names = chart_texts(shown["name"])
    fig = px.scatter_geo(
        shown.assign(
            name=names, type=chart_texts(type_labels(shown["type"])), _label=uncrowded_labels(shown, names, shown[size])
        ),
        lat="_lat",
        lon="_lon",
        size=size,
        hover_name="name",
        color="type",
        text="_label",
        hover_data={size: True, "n_docs": True, "lat": ":.3f", "lon": ":.3f"} | HIDDEN,
        custom_data=["actor_id"],
        projection="natural earth",
        size_max=40,
        title=title or "Places by number of mentions",
    )
    fig.update_traces(textposition="top center", marker={"opacity": 0.75, "line": {"width": 1, "color": "white"}})
    _style_geos(fig, outlines=outlines)
    return fig.update_layout(height=600, margin={"l": 0, "r": 0, "t": 40, "b": 0}, legend_title="Actor type")


def _style_geos(fig: go.Figure, *, outlines: bool) -> None:
    """Fitted to the points, with land and borders when the outlines are installed, else a grid."""
    fig.update_geos(
        fitbounds="locations",
        lataxis_showgrid=True,
        lonaxis_showgrid=True,
        showframe=False,
        showcoastlines=outlines,
        showcountries=outlines,
        showland=outlines,
        landcolor="#f2efe9",
        showocean=outlines,
        oceancolor="#dde8f0",
        showlakes=False,
        showrivers=False,
        showsubunits=False,
    )


def event_points(events: pd.DataFrame) -> pd.DataFrame:
    """One point per place and event type: how many events happened there and the fatalities stated
    (each real-world event counted once), for events placed at a town, area or facility. An event
    placed only at a country has no point (a capital's would mislead, and stretch the map)."""
    located = events.dropna(subset=["lat", "lon"])
    located = located[located["place_type"] != "state"] if "place_type" in located else located
    if located.empty:
        return pd.DataFrame(columns=["place", "event_type", "lat", "lon", "events", "fatalities"])
    located = located.assign(
        _event=located["cluster_id"].fillna(located["event_id"]),
        event_type=type_labels(located["event_type"]),
        place=located["place"].fillna("(unnamed place)"),
    )
    grouped = located.groupby(["place", "event_type", "lat", "lon"], as_index=False, dropna=False)
    points = grouped.agg(events=("_event", "nunique"), fatalities=("fatalities", "sum"))
    return points.sort_values("events", ascending=False, kind="stable").reset_index(drop=True)


def build_events_chart(points: pd.DataFrame, *, outlines: bool, size_by: str) -> go.Figure:
    """What happened where: a bubble per place and event type, sized by events or fatalities,
    coloured by type, the view fitted to the points."""
    sized = spread(points, order=["place", "event_type"]).assign(
        _size=points[size_by].fillna(0).clip(lower=0) + 1,
        place=chart_texts(points["place"]),
        event_type=chart_texts(points["event_type"]),
    )
    sized = sized.assign(_label=uncrowded_labels(sized, sized["place"], sized["_size"]))
    fig = px.scatter_geo(
        sized,
        lat="_lat",
        lon="_lon",
        size="_size",
        color="event_type",
        hover_name="place",
        text="_label",
        hover_data={"events": True, "fatalities": True, "lat": ":.3f", "lon": ":.3f"} | HIDDEN | {"_size": False},
        projection="natural earth",
        size_max=25,
        title=f"Events by place, sized by {size_by}",
    )
    fig.update_traces(textposition="top center", marker={"opacity": 0.7, "line": {"width": 1, "color": "white"}})
    _style_geos(fig, outlines=outlines)
    # Fitted to the points, but never closer than a few degrees: the borders around them give context.
    pad_lat = max(3.0, 0.2 * (points["lat"].max() - points["lat"].min()))
    pad_lon = max(4.0, 0.2 * (points["lon"].max() - points["lon"].min()))
    fig.update_geos(
        fitbounds=False,
        lataxis_range=[max(points["lat"].min() - pad_lat, -90), min(points["lat"].max() + pad_lat, 90)],
        lonaxis_range=[max(points["lon"].min() - pad_lon, -180), min(points["lon"].max() + pad_lon, 180)],
    )
    return fig.update_layout(height=600, margin={"l": 0, "r": 0, "t": 40, "b": 0}, legend_title="Event type")


def render(view: View, *, key_prefix: str) -> None:
    """Events where they happened (when the build found any), or places by mentions; each with its table and CSV."""
    st.title("Map")
    url = basemap_url()
    events = view.events
    default = SHOWS[0 if view.tables.catalogue.event_types else 1]  # events whenever the build found any
    url_state.choice(f"{key_prefix}_shows", "show", SHOWS, default, text=SHOW_WORDS.get)
    shows = st.radio("Map shows", SHOWS, horizontal=True, key=f"{key_prefix}_shows")
    url_state.write("show", shows, default, text=SHOW_WORDS.get)
    if shows.startswith("What happened"):
        _render_events(events, view, url, key_prefix=key_prefix)
        return
    operates = view.picks_unlocated  # an armed group, a person ... picked: the places named with it
    places = select_co_places(view.co_mentioned_places) if operates else select_places(view.located_actors)
    if places.empty:
        empty.render(view, key_prefix=key_prefix, what=CO_PLACES if operates else "places with coordinates")
        return
    if operates:
        st.info(OPERATES_NOTE)
    else:
        st.caption("The places (and states) with coordinates among the filtered mentions, sized by mentions.")
    chart_key = f"{key_prefix}_chart"
    clicked = filter_widgets.filter_on_click(chart_key, "actors")
    size, title = ("sentences", "Places named with the chosen actors, by shared sentences") if operates else ("", "")
    chart = build_map_chart(places, outlines=url is not None, size=size or "n_mentions", title=title)
    charts.render(
        chart, chart="places-map", view=key_prefix, filters=view.filters, key_prefix=chart_key,
        on_select=clicked, selection_mode="points",
    )  # fmt: skip
    if url is None:
        st.caption("Country outlines are not installed (static/topojson/), so only a latitude/longitude grid is drawn.")
    table.render(
        places,
        key_prefix=f"{key_prefix}_places",
        filename=export.file_name("places", view=key_prefix, filters=view.filters, extension="csv"),
    )


def _render_events(events: pd.DataFrame, view: View, url: str | None, *, key_prefix: str) -> None:
    points = event_points(events)
    unplaced = len(events) - int(
        events.dropna(subset=["lat", "lon"]).pipe(lambda f: (f["place_type"] != "state").sum())
    )
    if unplaced:
        st.caption(f"{unplaced:,} event report(s) name no place finer than a country and are not drawn.")
    if points.empty:
        empty.render(view, key_prefix=key_prefix, what="events with a place")
        return
    url_state.choice(f"{key_prefix}_size", "size", SIZES, SIZES[0])
    size_by = st.radio("Size by", SIZES, horizontal=True, key=f"{key_prefix}_size")
    url_state.write("size", size_by, SIZES[0])
    chart = build_events_chart(points, outlines=url is not None, size_by=size_by)
    chart_key = f"{key_prefix}_events_chart"
    charts.render(chart, chart="events-map", view=key_prefix, filters=view.filters, key_prefix=chart_key)
    table.render(
        points,
        key_prefix=f"{key_prefix}_event_places",
        filename=export.file_name("event_places", view=key_prefix, filters=view.filters, extension="csv"),
    )
