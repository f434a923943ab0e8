"""Each view's own choices round-trip through the URL (components.url_state): a link opens the view
as it was, a change is written back, defaults stay out of the URL, and a hand-edited bad value
falls back to the default without an error."""

from __future__ import annotations

import pandas as pd
from app_runner import open_app

from components.table import visible_columns
from data_access.profile import quote_links


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


def test_compare_actor_outlets_and_excerpts_come_from_the_link(data_dir) -> None:
    at = open_app("compare", who="kataib-hezbollah", outlets=["Gamma Wire", "Beta Times"], n="2")
    assert at.selectbox(key="compare_actor").value == "kataib-hezbollah"
    assert at.multiselect(key="compare_outlets_kataib-hezbollah").value == ["Gamma Wire", "Beta Times"]
    assert at.slider(key="compare_n").value == 2
    assert [header.value for header in at.subheader] == ["Beta Times", "Gamma Wire"]
    assert "actor" not in at.query_params  # the compared actor is not the sidebar's actor filter


def test_compare_changes_go_to_the_url(data_dir) -> None:
    at = open_app("compare")
    assert not {"who", "outlets", "n", "by"} & set(at.query_params)
    at.selectbox(key="compare_actor").set_value("kataib-hezbollah").run()
    assert at.query_params["who"] == "kataib-hezbollah"
    at.multiselect(key="compare_outlets_kataib-hezbollah").set_value(["Alpha News"]).run()
    assert at.query_params["outlets"] == "Alpha News"
    at.slider(key="compare_n").set_value(7).run()
    assert at.query_params["n"] == "7"
    at.selectbox(key="compare_actor").set_value("iraqi-army").run()
    assert at.query_params["who"] == "iraqi-army" and "outlets" not in at.query_params  # those were KH's
    assert at.multiselect(key="compare_outlets_iraqi-army").value == ["Beta Times"]
    at.multiselect(key="compare_outlets_iraqi-army").set_value([]).run()
    assert at.query_params["outlets"] == ""  # none picked, unlike the default, is written
    reopened = open_app("compare", who="iraqi-army", outlets="")
    assert reopened.multiselect(key="compare_outlets_iraqi-army").value == []
    assert "Pick the outlets" in reopened.info[0].value


def test_compare_bad_link_falls_back_to_the_defaults(data_dir) -> None:
    at = open_app("compare", who="ghost", outlets=["Nowhere"], n="-3", by="mood")
    picker = at.selectbox(key="compare_actor")
    assert picker.value == "al-qaim" and at.slider(key="compare_n").value == 5  # the most mentioned actor
    assert at.segmented_control(key="compare_by").value == "Actor"
    assert at.multiselect(key="compare_outlets_" + picker.value).value  # the default outlets
    assert not {"who", "n", "by", "outlets"} & set(at.query_params)


def test_compare_by_event_round_trips(data_dir) -> None:
    at = open_app("compare", by="event")
    assert at.segmented_control(key="compare_by").value == "Event"
    assert "more than one outlet" in at.info[0].value  # no synthetic event is told twice (test_event_compare)
    assert at.query_params["by"] == "event"
    at.segmented_control(key="compare_by").set_value("Actor").run()
    assert "by" not in at.query_params


def test_quotes_speaker_round_trips(data_dir) -> None:
    at = open_app("quotes", speaker="Abu Fadak")
    assert at.multiselect(key="quotes_speakers").value == ["Abu Fadak"]
    assert at.dataframe[0].value["quote"].tolist() == ["We will not leave the border,"]
    at.multiselect(key="quotes_speakers").set_value(["Abu Fadak", "Kata'ib Hezbollah"]).run()
    assert at.query_params["speaker"] == ["Abu Fadak", "Kata'ib Hezbollah"]
    at.multiselect(key="quotes_speakers").set_value([]).run()
    assert "speaker" not in at.query_params
    assert open_app("quotes", speaker=["Nobody", "Abu Fadak"]).multiselect(key="quotes_speakers").value == ["Abu Fadak"]


def test_quotes_link_the_speaker_profile_and_the_reader(data_dir) -> None:
    at = open_app("quotes", outlet="Alpha News")
    shown = at.dataframe[0].value
    row = shown[shown["quote"] == "We will not leave the border,"].iloc[0]
    assert row["speaker_profile"] == "actor?outlet=Alpha+News&id=abu-fadak"  # the filters go along
    start, end = row["reader"].removeprefix("reader?doc=d1&hit=").split("-")
    assert int(end) - int(start) == len("We will not leave the border,")


def test_quote_links_skip_speakers_who_are_not_actors(tables) -> None:
    quotes = pd.DataFrame({"quote_id": ["q0", "q1"], "doc_id": ["d1", "d2"], "speaker_id": ["ghost", None]})
    links = quote_links(tables, quotes)
    assert links["speaker_actor"].isna().all()
    assert links["reader"].str.startswith("reader?doc=").all() and "&hit=" in links["reader"].iloc[0]


def test_a_table_shows_the_reader_first_and_a_profile_beside_its_name() -> None:
    columns = ["speaker", "quote", "outlet", "speaker_id", "speaker_profile", "reader"]
    assert visible_columns(columns) == ["reader", "quote", "speaker", "speaker_profile", "outlet"]


def test_back_to_an_older_address_brings_back_its_view_choice(data_dir) -> None:
    """Back or Forward gives the page an older address (Streamlit reruns on popstate): a view's choice
    follows that address instead of writing the session's newer one over it."""
    at = open_app("timeline")
    at.radio(key="timeline_resolution").set_value("day").run()
    assert at.query_params["per"] == "day"
    at.radio(key="timeline_resolution").set_value("year").run()
    at.query_params["per"] = "day"  # what Back shows: the address of one change before
    at.run()
    assert at.radio(key="timeline_resolution").value == "day"
    assert at.query_params["per"] == "day"
