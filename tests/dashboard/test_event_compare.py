"""Compare sources by event: the reports of one event cluster, outlet by outlet, and where they differ."""

from __future__ import annotations

import pandas as pd

from components.event_compare import cluster_label, report_html
from data_access import Filters, select_view
from data_access.event_reports import disagreements, reports_of, told_by_several


def _told_twice(tables) -> pd.DataFrame:
    """The synthetic strike (e0, Beta Times) told again by another outlet, with another toll."""
    events = select_view(tables, Filters()).events
    again = events[events["event_id"] == "e0"].assign(
        event_id="e9", doc_id="d9", outlet="Gamma Wire", fatalities=31.0, title="Strike on the border"
    )
    return pd.concat([events, again], ignore_index=True)


def test_only_events_told_by_several_outlets_are_offered(tables):
    events = _told_twice(tables)
    clusters = told_by_several(events)
    assert list(clusters["cluster_id"]) == ["c1"]
    assert clusters.loc[0, "outlets"] == 2 and clusters.loc[0, "reports"] == 2
    assert told_by_several(select_view(tables, Filters()).events).empty, "one outlet each: nothing to compare"
    assert "2 outlets" in cluster_label(clusters.iloc[0]) and "Al-Qaim" in cluster_label(clusters.iloc[0])


def test_the_reports_disagree_on_the_toll_and_agree_on_the_rest(tables):
    reports = reports_of(_told_twice(tables), "c1")
    assert list(reports["outlet"]) == ["Beta Times", "Gamma Wire"]
    contested = disagreements(reports).set_index("field")["values"]
    assert list(contested.index) == ["fatalities"]
    assert contested["fatalities"] == "25 (Beta Times) · 31 (Gamma Wire)"


def test_a_report_is_escaped_text_with_a_reader_link(tables):
    events = _told_twice(tables)
    hostile = events.iloc[0].copy()
    hostile["text"] = '<img src="http://127.0.0.1:9/x.png"> struck [here](http://127.0.0.1:9/)'
    block = report_html(hostile)
    assert "<img" not in block and "&lt;img" in block
    assert 'href="reader?doc=' in block and block.count("<a ") == 1


ARTICLE_A = """Drone strike hits market in northern Mali

A drone strike by the Malian army killed at least nine civilians at a market in Gao on Sunday, March 10, residents said.
"""
ARTICLE_B = (
    "Civilians killed in Gao market strike\n\n"
    "GAO, Mali — Twelve civilians were killed when a Malian army drone struck the weekly market in Gao on Sunday, "
    "witnesses said.\n"
)


def test_the_compare_page_shows_one_event_as_each_outlet_told_it(tmp_path, folder_builder, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (src / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    (src / "metadata.csv").write_text(
        "file,url,outlet,published\na.txt,https://example.org/a,Sahel Monitor,2024-03-12\n"
        "b.txt,https://example.org/b,Desert Wire,2024-03-11\n",
        encoding="utf-8",
    )
    folder_builder(src, tmp_path / "data")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard.py"), default_timeout=90)
    at.query_params["page"] = "compare"
    at.run()
    at.segmented_control(key="compare_by").set_value("Event").run()
    assert not at.exception, [e.message for e in at.exception]
    assert [h.value for h in at.subheader] == ["Desert Wire", "Sahel Monitor"]
    cluster = at.selectbox(key="compare_event_cluster").value
    assert at.query_params["by"] == "event" and "cluster" not in at.query_params  # the first event is the default
    linked = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard.py"), default_timeout=90)
    linked.query_params.update({"page": "compare", "by": "event", "cluster": "no-such-cluster"})
    linked.run()
    assert linked.selectbox(key="compare_event_cluster").value == cluster  # a bad id: the default, no error
    contested = at.dataframe[0].value
    assert list(contested["field"]) == ["fatalities"] and "12 (Desert Wire)" in contested["values"].iloc[0]
