"""Chart export: every plotly chart's toolbar PNG is named after the chart, the view and the active
filters, set in one place (components/charts.py), and no chart config points at the internet."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from app_runner import open_app

from components.charts import chart_config
from data_access import Filters

ROOT = Path(__file__).resolve().parents[2]


def configs(at) -> list[dict]:
    return [json.loads(chart.proto.config) for chart in at.get("plotly_chart")]


def test_chart_config_names_the_png_after_chart_view_and_filters() -> None:
    filters = Filters(outlets=("Beta Times",), date_from=date(2019, 1, 1), actor_types=("armed_group",))
    config = chart_config("top-actors", view="overview", filters=filters)
    assert config["toImageButtonOptions"]["filename"] == "top-actors_overview_2019-01-01_end_armed-group_beta-times"
    assert config["toImageButtonOptions"]["format"] == "png"
    assert config["displaylogo"] is False, "the plotly logo links to plotly.com"
    assert chart_config("network", view="network", filters=Filters())["toImageButtonOptions"]["filename"] == "network"


def test_no_view_draws_a_plotly_chart_but_through_the_shared_config() -> None:
    calls = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in [ROOT / "dashboard.py", *sorted((ROOT / "components").glob("*.py"))]
        if path.name != "charts.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.plotly_chart\(", line)
    ]
    assert calls == [], "draw charts with components.charts.render, so their PNG is named after the filters"


@pytest.mark.parametrize(
    ("page", "params", "charts"),
    [
        ("overview", {}, ["top-actors_overview", "actor-types_overview"]),  # a chart named as its view: once
        ("timeline", {}, ["timeline"]),
        ("network", {}, ["network"]),
        ("events", {}, ["event-types_events"]),
        ("map", {}, ["events-map_map"]),
        ("map", {"show": "places"}, ["places-map_map"]),
        ("actor", {"id": "kataib-hezbollah"}, ["timeline_actor", "map_actor"]),
    ],
)
def test_every_chart_png_carries_view_and_filters(data_dir, page: str, params: dict, charts: list[str]) -> None:
    at = open_app(page, outlet=["Alpha News", "Beta Times"], **params)
    found = configs(at)
    names = [config["toImageButtonOptions"]["filename"] for config in found]
    suffix = "_alpha-news_beta-times" if page != "actor" else "_kataib-hezbollah_alpha-news_beta-times"
    assert names == [chart + suffix for chart in charts]
    for config in found:
        assert config["displaylogo"] is False
        assert not str(config.get("topojsonURL", "")).startswith(("http:", "https:", "//")), "outlines stay local"
