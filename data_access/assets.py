"""Static things the views need besides the tables: the offline map outlines and the stop words."""

from __future__ import annotations

import streamlit as st

from data_access.locate import PROJECT_DIR
from pipeline.api import stop_words as english_stop_words

BASEMAP_FILE = PROJECT_DIR / "static" / "topojson" / "world_110m.json"
BASEMAP_URL = "app/static/topojson/"  # where Streamlit's static serving publishes static/


def basemap_url() -> str | None:
    """The folder URL of the offline world outlines for plotly maps, or None when not installed.

    plotly.js fetches its outlines from a CDN unless told where else to look; the project can ship
    them in static/topojson/ (served when server.enableStaticServing is on).
    """
    if BASEMAP_FILE.exists() and st.get_option("server.enableStaticServing"):
        return BASEMAP_URL
    return None


@st.cache_data(show_spinner=False)
def stop_words() -> frozenset[str]:
    """English function words (spaCy's list), kept out of the distinguishing-terms statistics."""
    return english_stop_words()
