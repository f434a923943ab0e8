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
