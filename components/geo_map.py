"""Map: places with coordinates, sized by filtered mentions, drawn offline with plotly scatter_geo."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from components import charts, empty, export, table, url_state
from components import filters as filter_widgets
from components.plain import chart_texts, type_labels
from data_access import View, basemap_url

PLACE_COLUMNS = ["actor_id", "name", "type", "lat", "lon", "n_mentions", "n_docs"]
SHOWS = ("What happened where (events)", "Places mentioned")
SHOW_WORDS = {SHOWS[0]: "events", SHOWS[1]: "places"}  # each choice as the URL writes it
SIZES = ("events", "fatalities")
URL_PARAMS = ("show", "size")  # what the map shows, and what sizes the events' bubbles


def select_places(actors: pd.DataFrame) -> pd.DataFrame:
    """Filtered actors that have coordinates (places, and states with a centroid), most mentioned first."""
    located = actors.dropna(subset=["lat", "lon"])
    return located[PLACE_COLUMNS].reset_index(drop=True)


def build_map_chart(places: pd.DataFrame, *, outlines: bool) -> go.Figure:
    """Bubbles at each place, area proportional to mentions; no tile server is needed.

    outlines (bool): draw land and borders (needs the topojson files); without them only a
    lat/lon grid is drawn, so the map still works with no network at all.
    """
    fig = px.scatter_geo(
        places.assign(name=chart_texts(places["name"]), type=chart_texts(type_labels(places["type"]))),
        lat="lat",
        lon="lon",
        size="n_mentions",
        hover_name="name",
        color="type",
        text="name",
        hover_data={"n_mentions": True, "n_docs": True, "lat": ":.3f", "lon": ":.3f"},
        custom_data=["actor_id"],
        projection="natural earth",
        size_max=40,
        title="Places by number of mentions",
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
    sized = points.assign(
        _size=points[size_by].fillna(0).clip(lower=0) + 1,
        place=chart_texts(points["place"]),
        event_type=chart_texts(points["event_type"]),
    )
    fig = px.scatter_geo(
        sized,
        lat="lat",
        lon="lon",
        size="_size",
        color="event_type",
        hover_name="place",
        text="place",
        hover_data={"events": True, "fatalities": True, "lat": ":.3f", "lon": ":.3f", "_size": False},
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
    places = select_places(view.located_actors)
    if places.empty:
        empty.render(view, key_prefix=key_prefix, what="places with coordinates")
        return
    chart_key = f"{key_prefix}_chart"
    clicked = filter_widgets.filter_on_click(chart_key, "actors")
    chart = build_map_chart(places, outlines=url is not None)
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
