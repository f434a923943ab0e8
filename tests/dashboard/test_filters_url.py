"""Filters <-> URL query parameters: a link reproduces the view, a bad link does not break it."""

from __future__ import annotations

from datetime import date

import pytest

from components.filters import brushed_dates, clicked_values, filters_from_params, filters_to_params, restrict_to
from data_access import Filters


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(actors=("pmf", "kataib-hezbollah")),
        Filters(actor_types=("place",), outlets=("Al-Monitor", "The Intercept")),
        Filters(date_from=date(2018, 12, 1), date_to=date(2019, 1, 31), text="smuggling"),
    ],
)
def test_filters_url_round_trip(filters: Filters) -> None:
    params = filters_to_params(filters)
    as_lists = {key: value if isinstance(value, list) else [value] for key, value in params.items()}
    assert filters_from_params(as_lists) == filters


def test_filters_url_omits_open_fields() -> None:
    assert filters_to_params(Filters()) == {}
    assert filters_to_params(Filters(text="x")) == {"q": "x"}


@pytest.mark.parametrize("bad", ["yesterday", "2019-13-01", ""])
def test_filters_url_ignores_malformed_dates(bad: str) -> None:
    assert filters_from_params({"from": [bad]}).date_from is None


def test_filters_url_restrict_drops_unknown_values(tables) -> None:
    asked = Filters(actors=("pmf", "ghost"), actor_types=("place", "alien"), outlets=("Nowhere",))
    assert restrict_to(asked, tables) == Filters(actors=("pmf",), actor_types=("place",))


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([], []),
        ([{"customdata": "armed_group"}], ["armed_group"]),
        ([{"customdata": ["a1", "a2"]}, {"customdata": ["a2"]}, {"x": 3}], ["a1", "a2"]),  # an edited name: two ids
        ([{"customdata": [None]}, {"customdata": ""}], []),
    ],
)
def test_clicked_values_are_the_points_customdata_once_each(points, expected) -> None:
    assert clicked_values(points) == expected


def test_brushed_dates_are_the_boxs_x_range_clamped_to_the_tables() -> None:
    span = (date(2019, 1, 1), date(2020, 12, 31))
    box = [{"x": ["2018-06-01 00:00:00", "2019-03-15 12:00:00"], "y": [0, 4]}]
    assert brushed_dates(box, span) == (date(2019, 1, 1), date(2019, 3, 15))
    assert brushed_dates([{"x": ["2020-02-01", "2019-11-30"]}], span) == (date(2019, 11, 30), date(2020, 2, 1))
    assert brushed_dates([], span) is None
    assert brushed_dates(box, (None, None)) is None
    assert brushed_dates([{"x": ["not a date"]}], span) is None
