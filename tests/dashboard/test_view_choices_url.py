"""Each view's own choices round-trip through the URL (components.url_state): a link opens the view
as it was, a change is written back, defaults stay out of the URL, and a hand-edited bad value
falls back to the default without an error."""

from __future__ import annotations

from app_runner import open_app


def test_timeline_choices_come_from_the_link(data_dir) -> None:
    at = open_app("timeline", count="events", date="event", per="year")
    assert at.radio(key="timeline_counted").value == "events"
    assert at.radio(key="timeline_by").value == "event"
    assert at.radio(key="timeline_resolution").value == "year"
    assert at.query_params["per"] == "year" and at.query_params["date"] == "event"


def test_timeline_choices_go_to_the_url_and_defaults_stay_out(data_dir) -> None:
    at = open_app("timeline")
    assert not {"count", "date", "per"} & set(at.query_params)
    at.radio(key="timeline_resolution").set_value("day").run()
    assert at.query_params["per"] == "day"
    at.radio(key="timeline_counted").set_value("events").run()
    assert at.query_params["count"] == "events" and at.query_params["per"] == "day"
    at.radio(key="timeline_resolution").set_value("month").run()
    assert "per" not in at.query_params


def test_timeline_bad_values_in_the_link_fall_back(data_dir) -> None:
    at = open_app("timeline", count="nonsense", per="fortnight")
    assert at.radio(key="timeline_counted").value == "mentions"
    assert at.radio(key="timeline_resolution").value == "month"
    assert "per" not in at.query_params and "count" not in at.query_params


def test_network_minimum_round_trips(data_dir) -> None:
    at = open_app("network", min="2")
    assert at.slider(key="network_min_weight").value == 2
    assert at.query_params["min"] == "2"
    at.slider(key="network_min_weight").set_value(1).run()
    assert "min" not in at.query_params  # 1 is the legible minimum of the synthetic graph


def test_network_bad_minimum_falls_back(data_dir) -> None:
    for bad in ("lots", "0", "999"):
        at = open_app("network", min=bad)
        assert at.slider(key="network_min_weight").value == 1 and "min" not in at.query_params


def test_map_choices_round_trip(data_dir) -> None:
    at = open_app("map", size="fatalities")
    assert at.radio(key="map_size").value == "fatalities"
    at.radio(key="map_shows").set_value("Places mentioned").run()
    assert at.query_params["show"] == "places"
    at = open_app("map", show="places")
    assert at.radio(key="map_shows").value == "Places mentioned"
    at = open_app("map", show="nowhere", size="weight")
    assert at.radio(key="map_shows").value.startswith("What happened") and at.radio(key="map_size").value == "events"
    assert "show" not in at.query_params and "size" not in at.query_params


def test_events_one_row_per_event_round_trips(data_dir) -> None:
    at = open_app("events", clusters="1")
    assert at.toggle(key="events_once").value is True
    at.toggle(key="events_once").set_value(False).run()
    assert "clusters" not in at.query_params
    at.toggle(key="events_once").set_value(True).run()
    assert at.query_params["clusters"] == "1"
    assert open_app("events", clusters="yes").toggle(key="events_once").value is False
