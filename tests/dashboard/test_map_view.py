"""The Map: crowded points are drawn apart, deterministically; a picked armed group, person or other
actor without coordinates is shown where it operates (the places named in its sentences)."""

from __future__ import annotations

import pandas as pd
from app_runner import open_app
from test_app import chart_traces

from components.geo_map import spread


def places(rows: list[tuple[str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["name", "lat", "lon"])


def test_spread_draws_points_sharing_a_spot_apart_and_leaves_a_lone_point() -> None:
    frame = places(
        [("Hit", 34.37, 41.09), ("Qaim", 34.37, 41.09), ("Husaybah", 34.371, 41.091), ("Baghdad", 33.3, 44.4)]
    )
    drawn = spread(frame, order=["name"])
    crowded = drawn[drawn["name"] != "Baghdad"]
    assert len(set(zip(crowded["_lat"].round(4), crowded["_lon"].round(4), strict=True))) == 3, "three spots"
    assert (abs(crowded["_lat"] - 34.37) < 0.5).all() and (abs(crowded["_lon"] - 41.09) < 0.5).all(), "still there"
    baghdad = drawn[drawn["name"] == "Baghdad"].iloc[0]
    assert (baghdad["_lat"], baghdad["_lon"]) == (33.3, 44.4)
    assert drawn[["lat", "lon"]].equals(frame[["lat", "lon"]]), "the true coordinates stay for the hover and CSV"


def test_spread_is_the_same_whatever_the_row_order() -> None:
    frame = places([("Hit", 34.37, 41.09), ("Qaim", 34.37, 41.09), ("Rawa", 34.37, 41.09)])
    one = spread(frame, order=["name"]).set_index("name")[["_lat", "_lon"]]
    other = spread(frame.iloc[::-1], order=["name"]).set_index("name")[["_lat", "_lon"]]
    assert one.sort_index().equals(other.sort_index())
    assert spread(frame.iloc[:0], order=["name"]).empty


def points(at) -> dict[str, float]:
    return {
        name: size
        for trace in chart_traces(at)
        for name, size in zip(trace["hovertext"], trace["marker"]["size"], strict=True)
    }


def test_map_of_an_armed_group_shows_where_it_operates(data_dir) -> None:
    at = open_app("map", actor="kataib-hezbollah", show="places")
    assert not any("No places" in w.value for w in at.warning), "not 'No places with coordinates match'"
    assert any("Where the chosen actors operate" in info.value for info in at.info)
    assert points(at) == {"Al-Qaim": 1, "United States": 1}, "one shared sentence each"
    assert at.dataframe[0].value["sentences"].tolist() == [1, 1]


def test_map_of_an_actor_type_sizes_places_by_shared_sentences(data_dir) -> None:
    at = open_app("map", type="armed_group", show="places")
    assert points(at) == {"Al-Qaim": 3, "United States": 1}


def test_map_of_a_place_picked_shows_the_places_mentioned(data_dir) -> None:
    at = open_app("map", actor="al-qaim", show="places")
    assert not any("operate" in info.value for info in at.info)
    assert points(at) == {"Al-Qaim": 4}
    assert any("sized by mentions" in caption.value for caption in at.caption)


def test_events_of_two_types_at_one_place_are_drawn_apart(data_dir) -> None:
    at = open_app("map")
    spots = [(lat, lon) for trace in chart_traces(at) for lat, lon in zip(trace["lat"], trace["lon"], strict=True)]
    assert len(spots) == 2 and len(set(spots)) == 2, "Al-Qaim's two event types, side by side"


def test_neighbouring_places_are_named_once_the_biggest_first() -> None:
    """Towns a few kilometres apart would write their names over each other: the biggest point is
    named, its neighbours only on hover; a place far away keeps its name."""
    from components.geo_map import uncrowded_labels

    frame = spread(
        places([("Qaim", 34.37, 41.09), ("Husaybah", 34.40, 41.0), ("Rawa", 34.45, 41.2), ("Baghdad", 33.3, 44.4)]),
        order=["name"],
    )
    size = pd.Series([9, 3, 1, 2], index=frame.index)
    labels = dict(zip(frame["name"], uncrowded_labels(frame, frame["name"], size), strict=True))
    assert labels == {"Qaim": "Qaim", "Husaybah": "", "Rawa": "", "Baghdad": "Baghdad"}
