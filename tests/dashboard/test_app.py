"""AppTest: every view renders on the synthetic tables and follows every filter; the URL round-trips."""

from __future__ import annotations

import base64
import json
from datetime import date

import numpy as np
import pytest
from app_runner import open_app
from streamlit.testing.v1 import AppTest


def kpis(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def download_labels(at: AppTest) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


def chart_traces(at: AppTest, index: int = 0) -> list[dict]:
    """The traces of the index-th plotly chart, binary arrays decoded."""
    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    return [{key: _decode(value) for key, value in trace.items()} for trace in spec["data"]]


def html_blocks(at: AppTest) -> str:
    """All markdown and st.html bodies of the page, joined."""
    bodies = [m.value for m in at.markdown] + [h.proto.body for h in at.get("html")]
    return "\n".join(bodies)


def _decode(value):
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    if isinstance(value, dict):
        return {key: _decode(item) for key, item in value.items()}
    return value


@pytest.mark.parametrize(
    ("widget", "value", "mentions"),
    [
        ("filters_actors", ["kataib-hezbollah"], "4"),
        ("filters_types", ["place"], "4"),
        ("filters_outlets", ["Gamma Wire"], "3"),
        ("filters_dates", (date(2019, 3, 1), date(2020, 6, 1)), "7"),
        ("filters_text", "qaim", "8"),  # case-insensitive
    ],
)
def test_app_overview_follows_each_filter(data_dir, widget: str, value, mentions: str) -> None:
    at = open_app()
    assert kpis(at)["Mentions"] == "17"
    element = at.sidebar.text_input(key=widget) if widget == "filters_text" else None
    element = element or next(w for w in [*at.sidebar.multiselect, *at.sidebar.date_input] if w.key == widget)
    element.set_value(value).run()
    assert not at.exception
    assert kpis(at)["Mentions"] == mentions
    assert download_labels(at)[0] == f"Download CSV ({mentions} rows)"


def test_app_overview_chart_data_follow_outlet_filter(data_dir) -> None:
    at = open_app()
    assert {trace["name"] for trace in chart_traces(at)} == {"Alpha News", "Beta Times", "Gamma Wire"}
    at.sidebar.multiselect(key="filters_outlets").set_value(["Beta Times"]).run()
    traces = chart_traces(at)
    assert [trace["name"] for trace in traces] == ["Beta Times"]
    assert sum(traces[0]["x"]) == 8


def test_app_reset_button_clears_every_filter(data_dir) -> None:
    at = open_app(actor="pmf", q="crossing", outlet="Alpha News")
    assert kpis(at)["Mentions"] == "1"
    at.sidebar.button(key="filters_reset").click().run()
    assert kpis(at)["Mentions"] == "17"
    assert at.sidebar.multiselect(key="filters_actors").value == []
    assert dict(at.query_params) == {"page": "overview"}


def test_app_query_params_round_trip(data_dir) -> None:
    at = open_app("timeline", actor=["pmf", "islamic-state"], type="armed_group", q="the", **{"from": "2019-01-01"})
    assert at.title[0].value == "Timeline"
    assert at.sidebar.multiselect(key="filters_actors").value == ["pmf", "islamic-state"]
    assert at.sidebar.text_input(key="filters_text").value == "the"
    assert at.sidebar.date_input[0].value == (date(2019, 1, 10), date(2020, 6, 1))
    at.sidebar.multiselect(key="filters_outlets").set_value(["Alpha News"]).run()
    assert at.query_params["outlet"] == "Alpha News"
    assert at.query_params["actor"] == ["pmf", "islamic-state"]
    assert at.query_params["page"] == "timeline"


def test_app_unknown_values_in_link_are_ignored(data_dir) -> None:
    at = open_app(actor="no-such-actor", outlet="Nowhere", **{"from": "yesterday"})
    assert kpis(at)["Mentions"] == "17"


def test_app_empty_filter_says_how_to_widen(data_dir) -> None:
    at = open_app(q="no sentence says this")
    assert any("Widen the view" in w.value for w in at.warning)
    at.button(key="overview_reset").click().run()
    assert kpis(at)["Mentions"] == "17"


def test_app_zip_button_is_in_the_sidebar(data_dir) -> None:
    at = open_app()
    assert "Download all filtered tables (ZIP)" in download_labels(at)


def test_app_timeline_respects_granularity(data_dir) -> None:
    at = open_app("timeline")
    at.radio(key="timeline_by").set_value("event").run()
    month_total = sum(sum(trace["y"]) for trace in chart_traces(at))
    assert any("less precisely than a month" in caption.value for caption in at.caption)
    at.radio(key="timeline_resolution").set_value("day").run()
    day_total = sum(sum(trace["y"]) for trace in chart_traces(at))
    assert day_total < month_total  # the month-level December 2018 mentions drop out at day resolution
    at.radio(key="timeline_resolution").set_value("year").run()
    assert sum(sum(trace["y"]) for trace in chart_traces(at)) == 13  # 17 minus the 4 undated


def test_app_compare_shows_one_column_per_outlet(data_dir) -> None:
    at = open_app("compare", actor="kataib-hezbollah")
    assert at.selectbox(key="compare_actor").value == "kataib-hezbollah"
    assert [header.value for header in at.subheader] == ["Beta Times", "Alpha News", "Gamma Wire"]
    assert [m.value for m in at.metric] == ["2", "1", "1"]
    body = html_blocks(at)
    assert "reader?doc=d2&amp;mention=d2-m7" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img" not in body
    assert download_labels(at)[0] == "Download CSV (4 rows)"


def test_app_compare_outlet_picker_narrows_columns_not_the_export(data_dir) -> None:
    at = open_app("compare", actor="kataib-hezbollah")
    picker = at.multiselect(key="compare_outlets_kataib-hezbollah")
    assert picker.value == ["Beta Times", "Alpha News", "Gamma Wire"]  # most mentions first
    picker.set_value(["Gamma Wire"]).run()
    assert [header.value for header in at.subheader] == ["Gamma Wire"]
    assert download_labels(at)[0] == "Download CSV (4 rows)"  # every mention of the actor
    at.multiselect(key="compare_outlets_kataib-hezbollah").set_value([]).run()
    assert "Pick the outlets" in at.info[0].value and not at.subheader


def test_app_compare_actor_picker_changes_excerpts(data_dir) -> None:
    at = open_app("compare")
    at.selectbox(key="compare_actor").set_value("iraqi-army").run()
    assert [header.value for header in at.subheader] == ["Beta Times"]
    assert "Iraqi Army</mark> deployed" in html_blocks(at)


def test_app_network_slider_and_focus(data_dir) -> None:
    at = open_app("network")
    assert download_labels(at)[0] == "Download CSV (6 rows)"
    assert sum(len(trace["text"]) for trace in chart_traces(at) if trace.get("mode") == "markers+text") == 6
    at.slider(key="network_min_weight").set_value(2).run()
    assert "lower the minimum" in at.info[0].value
    at.slider(key="network_min_weight").set_value(1).run()
    at.selectbox(key="network_focus").set_value("united-states")
    at.button(key="network_focus_apply").click().run()
    assert at.sidebar.multiselect(key="filters_actors").value == ["united-states"]
    assert at.query_params["actor"] == "united-states"


def test_app_network_follows_type_filter(data_dir) -> None:
    at = open_app("network", type=["armed_group", "state"])
    names = {name for trace in chart_traces(at) if trace.get("mode") == "markers+text" for name in trace["hovertext"]}
    assert names == {"United States", "Kata'ib Hezbollah"}


def test_app_map_shows_events_where_they_happened_by_default(data_dir) -> None:
    at = open_app("map")
    points = {name for trace in chart_traces(at) for name in trace["hovertext"]}
    assert points == {"Al-Qaim"}, "the one place where the synthetic events happened"
    colours = {trace["name"] for trace in chart_traces(at)}
    assert colours == {"explosion remote violence", "strategic development"}


def test_app_map_plots_places_sized_by_filtered_mentions(data_dir) -> None:
    at = open_app("map")
    at.radio(key="map_shows").set_value("Places mentioned").run()
    points = {
        name: size
        for trace in chart_traces(at)
        for name, size in zip(trace["hovertext"], trace["marker"]["size"], strict=True)
    }
    assert points == {"Al-Qaim": 4, "United States": 2}
    at.sidebar.multiselect(key="filters_outlets").set_value(["Gamma Wire"]).run()
    points = {name for trace in chart_traces(at) for name in trace["hovertext"]}
    assert points == {"United States"}


def test_app_map_without_places_says_so(data_dir) -> None:
    at = open_app("map", type="person")
    assert any("events with a place" in w.value for w in at.warning)
    at.radio(key="map_shows").set_value("Places mentioned").run()
    assert any("places named with the chosen actors" in w.value for w in at.warning), "no place in his sentences"
    at = open_app("map", q="no sentence says this", show="places")
    assert any("places with coordinates" in w.value for w in at.warning)


def test_app_quotes_filter_by_speaker(data_dir) -> None:
    at = open_app("quotes")
    assert download_labels(at)[0] == "Download CSV (2 rows)"
    at.multiselect(key="quotes_speakers").set_value(["Abu Fadak"]).run()
    assert download_labels(at)[0] == "Download CSV (1 rows)"
    assert at.dataframe[0].value["quote"].tolist() == ["We will not leave the border,"]


def test_app_reader_escapes_article_and_marks_target(data_dir) -> None:
    at = open_app("reader", doc="d4", mention="d4-m15")
    assert at.selectbox(key="reader_doc").value == "d4"
    body = html_blocks(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img" not in body
    assert 'class="t-armed_group target"' in body and 'id="m-d4-m15"' in body
    assert at.query_params["doc"] == "d4" and at.query_params["mention"] == "d4-m15"


def test_app_reader_picker_updates_url(data_dir) -> None:
    at = open_app("reader", doc="d4", mention="d4-m15")
    at.selectbox(key="reader_doc").set_value("d2").run()
    assert at.query_params["doc"] == "d2" and "mention" not in at.query_params
    assert ' target"' not in html_blocks(at)


def test_app_problems_lists_skipped_files(data_dir) -> None:
    at = open_app("problems")
    assert at.dataframe[0].value["source_file"].tolist() == ["broken.pdf"]
