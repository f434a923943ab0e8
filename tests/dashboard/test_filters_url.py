"""Filters <-> URL query parameters: a link reproduces the view, a bad link does not break it."""

from __future__ import annotations

from datetime import date

import pytest

from components.filters import filters_from_params, filters_to_params, restrict_to
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
