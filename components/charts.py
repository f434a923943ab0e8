"""Every plotly chart of the dashboard is drawn by `render`, so all share one config: the toolbar's
*Download plot as a png* saves a file named after the chart, the view and the active filters
(`top-actors_overview_2019-01-01_end_armed-group.png`, as the CSV downloads are named), and nothing
in a chart reaches the internet (no plotly logo link; map outlines from the local static folder,
or none).
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from components.export import file_name
from data_access import Filters, basemap_url

PNG_SCALE = 2  # the PNG at twice the chart's size on screen, sharp enough for a report


def chart_config(chart: str, *, view: str, filters: Filters) -> dict[str, Any]:
    """The plotly config of `chart` on page `view` under `filters`: the PNG's file name (plotly adds
    the .png), no plotly logo (a link to plotly.com), and the local map outlines when installed
    (without them a geo chart draws no outline layer, so plotly fetches nothing)."""
    stem = file_name(chart, view=view, filters=filters, extension="png").removesuffix(".png")
    config: dict[str, Any] = {
        "toImageButtonOptions": {"format": "png", "filename": stem, "scale": PNG_SCALE},
        "displaylogo": False,
    }
    if (url := basemap_url()) is not None:
        config["topojsonURL"] = url
    return config


def render(
    figure: go.Figure, *, chart: str, view: str, filters: Filters, key_prefix: str, where: Any = st, **kwargs: Any
):
    """`where.plotly_chart(figure)` (st, a column, the sidebar) keyed `key_prefix`, with `chart_config`;
    `kwargs` go to plotly_chart (on_select, selection_mode). RETURNS: what plotly_chart returns."""
    return where.plotly_chart(figure, key=key_prefix, config=chart_config(chart, view=view, filters=filters), **kwargs)
