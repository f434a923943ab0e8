"""The Events page, the events on the map, and the event-type filter, on the synthetic tables."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.events import shown_columns
from components.geo_map import event_points
from data_access import Filters, select_view
from data_access.events import one_per_cluster

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def test_events_carry_the_names_of_their_actors_and_place(tables):
    events = select_view(tables, Filters()).events
    strike = events.set_index("event_id").loc["e0"]
    assert (strike["actor1"], strike["actor2"], strike["place"]) == ("United States", "Kata'ib Hezbollah", "Al-Qaim")
    assert strike["outlet"] == "Beta Times" and strike["fatalities"] == 25


def test_the_sidebar_filters_apply_to_events(tables):
    def ids(filters: Filters) -> set[str]:
        return set(select_view(tables, filters).events["event_id"])

    assert ids(Filters()) == {"e0", "e1", "e2"}
    assert ids(Filters(actors=("al-qaim",))) == {"e0", "e1"}, "the place of an event counts as taking part"
    assert ids(Filters(actor_types=("security_force",))) == {"e1"}
    assert ids(Filters(outlets=("Gamma Wire",))) == {"e2"}
    assert ids(Filters(event_types=("explosion_remote_violence",))) == {"e0"}
    assert ids(Filters(text="deployed")) == {"e1"}


def test_one_row_per_real_world_event_counts_its_reports(tables):
    events = select_view(tables, Filters()).events
    doubled = events.iloc[[0, 0, 1]].assign(event_id=["a", "b", "c"], outlet=["X", "Y", "X"])
    once = one_per_cluster(doubled)
    assert list(once["reports"]) == [2, 1] and list(once["outlets"]) == [2, 1]


def test_event_points_count_each_real_world_event_once(tables):
    points = event_points(select_view(tables, Filters()).events)
    assert set(points["place"]) == {"Al-Qaim"}, "an event without coordinates is not drawn"
    assert points["events"].sum() == 2


def test_the_events_table_leads_with_what_happened_and_links_to_the_reader(tables):
    frame = shown_columns(select_view(tables, Filters()).events)
    assert list(frame.columns[:5]) == ["reader", "date", "event_type", "sub_event_type", "actor1"]
    assert frame["reader"].str.startswith("reader?doc=").all()


def test_the_events_page_renders_and_filters_by_type(data_dir):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["page"] = "events"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Reports of events"] == "3"
    at.multiselect(key="filters_events").set_value(["explosion_remote_violence"]).run()
    assert {m.label: m.value for m in at.metric}["Reports of events"] == "1"
    assert at.query_params["event"] in ("explosion_remote_violence", ["explosion_remote_violence"])


def test_markdown_in_a_search_or_an_outlet_is_shown_as_text(data_dir):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["q"] = "[Your session expired - sign in](http://evil.example) ![x](http://evil.example/p.png)"
    at.run()
    notice = next(w.value for w in at.warning if "No mentions match" in w.value)
    assert "](http" not in notice and "![" not in notice, "escaped: no live link or image"
    assert "\\[Your session expired" in notice


def test_the_timeline_counts_events_by_type(data_dir):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["page"] = "timeline"
    at.run()
    at.radio(key="timeline_counted").set_value("events").run()
    assert not at.exception, [e.message for e in at.exception]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {trace["name"] for trace in spec["data"]}
    assert names == {"explosion remote violence", "strategic development"}
