"""Map: places with coordinates, sized by filtered mentions, drawn offline with plotly scatter_geo."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from components import empty, table
from data_access import View, basemap_url

PLACE_COLUMNS = ["actor_id", "name", "type", "lat", "lon", "n_mentions", "n_docs"]


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
        places,
        lat="lat",
        lon="lon",
        size="n_mentions",
        hover_name="name",
        color="type",
        text="name",
        hover_data={"n_mentions": True, "n_docs": True, "lat": ":.3f", "lon": ":.3f"},
        projection="natural earth",
        size_max=40,
        title="Places by number of mentions",
    )
    fig.update_traces(textposition="top center", marker={"opacity": 0.75, "line": {"width": 1, "color": "white"}})
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
    return fig.update_layout(height=600, margin={"l": 0, "r": 0, "t": 40, "b": 0}, legend_title="Actor type")


def render(view: View, *, key_prefix: str) -> None:
    """The map and the table of located actors with its CSV."""
    st.title("Map")
    places = select_places(view.located_actors)
    if places.empty:
        empty.render(view, key_prefix=key_prefix, what="places with coordinates")
        return
    url = basemap_url()
    config = {"topojsonURL": url} if url else {}
    st.plotly_chart(build_map_chart(places, outlines=url is not None), key=f"{key_prefix}_chart", config=config)
    if url is None:
        st.caption("Country outlines are not installed (static/topojson/), so only a latitude/longitude grid is drawn.")
    table.render(places, key_prefix=f"{key_prefix}_places", filename="places.csv")
