"""Tests for pipeline.dates.expressions: resolution, filtering and the regex supplement of date expressions."""

import copy
import datetime
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.dates.expressions import find_date_expressions, is_date_expression, resolve_date
from pipeline.dates.patterns import DatePatterns, build_date_patterns, load_date_patterns
from pipeline.dates.periods import ResolvedDate

PATTERNS_PATH = Path(__file__).resolve().parents[2] / "data" / "knowledge" / "base" / "patterns" / "dates.yaml"
PATTERNS = load_date_patterns(PATTERNS_PATH)


def _d(iso: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(iso) if iso else None


# expression, published, value, value_end, granularity, basis
RESOLVE_CASES = [
    # absolute, year given
    ("Dec 27, 2018", None, "2018-12-27", "2018-12-27", "day", "absolute"),
    ("November 25, 2018", "2019-01-18", "2018-11-25", "2018-11-25", "day", "absolute"),
    ("Nov. 12, 2018", None, "2018-11-12", "2018-11-12", "day", "absolute"),
    ("27 December 2018", None, "2018-12-27", "2018-12-27", "day", "absolute"),
    ("Thursday, Dec. 27, 2018", None, "2018-12-27", "2018-12-27", "day", "absolute"),
    ("Dec 27, 2018\n\n", None, "2018-12-27", "2018-12-27", "day", "absolute"),
    ("| Jan 20, 2021", None, "2021-01-20", "2021-01-20", "day", "absolute"),
    ("12/27/2018", None, "2018-12-27", "2018-12-27", "day", "absolute"),
    ("2018-12-27", None, "2018-12-27", "2018-12-27", "day", "absolute"),
    ("November 2017", "2019-01-18", "2017-11-01", "2017-11-30", "month", "absolute"),
    ("October 2023", None, "2023-10-01", "2023-10-31", "month", "absolute"),
    ("2014", "2024-12-29", "2014-01-01", "2014-12-31", "year", "absolute"),
    ("in 2003", None, "2003-01-01", "2003-12-31", "year", "absolute"),
    ("the 1980s", None, "1980-01-01", "1989-12-31", "decade", "absolute"),
    ("the early 1990s", None, "1990-01-01", "1993-12-31", "decade", "absolute"),
    ("late 2017", None, "2017-09-01", "2017-12-31", "year", "absolute"),
    ("early 2018", None, "2018-01-01", "2018-04-30", "year", "absolute"),
    ("mid-2016", None, "2016-05-01", "2016-08-31", "year", "absolute"),
    ("the end of 2017", None, "2017-09-01", "2017-12-31", "year", "absolute"),
    ("summer 2018", None, "2018-06-01", "2018-08-31", "season", "absolute"),
    ("the summer of 2018", None, "2018-06-01", "2018-08-31", "season", "absolute"),
    ("winter 2019", None, "2019-12-01", "2020-02-29", "season", "absolute"),
    # calendar names without a year: the year is inferred from publication
    ("Dec. 19", "2018-12-27", "2018-12-19", "2018-12-19", "day", "absolute"),
    ("Dec. 19", "2019-01-05", "2018-12-19", "2018-12-19", "day", "absolute"),
    ("Jan. 3", "2018-12-28", "2019-01-03", "2019-01-03", "day", "absolute"),
    ("Oct.\u00a011", "2018-12-27", "2018-10-11", "2018-10-11", "day", "absolute"),
    ("March 20", "2024-03-27", "2024-03-20", "2024-03-20", "day", "absolute"),
    ("March 20", "2018-10-15", "2018-03-20", "2018-03-20", "day", "absolute"),
    ("the 19th of December", "2019-01-05", "2018-12-19", "2018-12-19", "day", "absolute"),
    ("Sept. 5", "2019-01-18", "2018-09-05", "2018-09-05", "day", "absolute"),
    ("Feb. 29", "2019-03-05", "2016-02-29", "2016-02-29", "day", "absolute"),
    ("May", "2018-12-27", "2018-05-01", "2018-05-31", "month", "absolute"),
    ("in August", "2018-12-27", "2018-08-01", "2018-08-31", "month", "absolute"),
    ("December", "2018-12-27", "2018-12-01", "2018-12-31", "month", "absolute"),
    ("January", "2018-12-20", "2019-01-01", "2019-01-31", "month", "absolute"),
    ("mid-December", "2018-12-27", "2018-12-11", "2018-12-20", "month", "absolute"),
    ("early October", "2018-10-31", "2018-10-01", "2018-10-10", "month", "absolute"),
    ("late October", "2018-10-31", "2018-10-21", "2018-10-31", "month", "absolute"),
    ("late February", "2019-03-05", "2019-02-21", "2019-02-28", "month", "absolute"),
    ("Christmas", "2019-01-18", "2018-12-25", "2018-12-25", "day", "absolute"),
    ("summer", "2018-10-01", "2018-06-01", "2018-08-31", "season", "absolute"),
    # relative to publication
    ("last month", "2018-12-27", "2018-11-01", "2018-11-30", "month", "relative"),
    ("last month", "2019-01-18", "2018-12-01", "2018-12-31", "month", "relative"),
    ("this month", "2018-12-27", "2018-12-01", "2018-12-31", "month", "relative"),
    ("next month", "2018-12-27", "2019-01-01", "2019-01-31", "month", "relative"),
    ("last June", "2019-01-18", "2018-06-01", "2018-06-30", "month", "relative"),
    ("last June", "2018-06-10", "2017-06-01", "2017-06-30", "month", "relative"),
    ("last year", "2018-12-27", "2017-01-01", "2017-12-31", "year", "relative"),
    ("this year", "2024-03-27", "2024-01-01", "2024-12-31", "year", "relative"),
    ("late last year", "2019-01-05", "2018-09-01", "2018-12-31", "year", "relative"),
    ("earlier this year", "2018-06-15", "2018-01-01", "2018-06-15", "year", "relative"),
    ("the end of the year", "2018-06-01", "2018-09-01", "2018-12-31", "year", "relative"),
    ("this week", "2019-01-18", "2019-01-14", "2019-01-20", "day", "relative"),
    ("this week", "2024-12-29", "2024-12-23", "2024-12-29", "day", "relative"),
    ("last week", "2019-01-01", "2018-12-24", "2018-12-30", "day", "relative"),
    ("Sunday", "2024-12-29", "2024-12-29", "2024-12-29", "day", "relative"),
    ("on Sunday", "2024-12-31", "2024-12-29", "2024-12-29", "day", "relative"),
    ("last Sunday", "2024-12-29", "2024-12-22", "2024-12-22", "day", "relative"),
    ("next Friday", "2019-01-18", "2019-01-25", "2019-01-25", "day", "relative"),
    ("Sunday night", "2019-01-18", "2019-01-13", "2019-01-13", "day", "relative"),
    ("yesterday", "2019-01-01", "2018-12-31", "2018-12-31", "day", "relative"),
    ("last night", "2019-01-18", "2019-01-17", "2019-01-17", "day", "relative"),
    ("recent days", "2018-10-31", "2018-10-24", "2018-10-31", "day", "relative"),
    ("in recent weeks", "2018-10-31", "2018-10-10", "2018-10-31", "day", "relative"),
    ("the past weeks", "2019-01-18", "2018-12-28", "2019-01-18", "day", "relative"),
    ("the past two weeks", "2019-01-18", "2019-01-04", "2019-01-18", "day", "relative"),
    ("the next few weeks", "2019-01-18", "2019-01-18", "2019-02-08", "day", "relative"),
    ("the past month", "2018-10-31", "2018-09-01", "2018-10-31", "month", "relative"),
    ("recent months", "2018-12-27", "2018-09-01", "2018-12-27", "month", "relative"),
    ("previous months", "2018-12-27", "2018-09-01", "2018-12-27", "month", "relative"),
    ("recent years", "2018-12-27", "2015-01-01", "2018-12-27", "year", "relative"),
    ("more than six years ago", "2024-03-27", "2018-01-01", "2018-12-31", "year", "relative"),
    ("a year ago", "2019-01-18", "2018-01-01", "2018-12-31", "year", "relative"),
    ("more than a year ago", "2019-01-18", "2018-01-01", "2018-12-31", "year", "relative"),
    ("two months ago", "2019-01-18", "2018-11-01", "2018-11-30", "month", "relative"),
    ("three days ago", "2019-01-02", "2018-12-30", "2018-12-30", "day", "relative"),
    ("two weeks ago", "2019-01-18", "2018-12-31", "2019-01-06", "day", "relative"),
    ("last summer", "2018-08-15", "2017-06-01", "2017-08-31", "season", "relative"),
    ("this summer", "2018-04-01", "2018-06-01", "2018-08-31", "season", "relative"),
    # unresolved: anaphora, durations, nonsense, or no publication date for a yearless name
    ("the same day", "2018-10-31", None, None, None, "unresolved"),
    ("the next day", "2018-10-31", None, None, None, "unresolved"),
    ("that week", "2018-10-31", None, None, None, "unresolved"),
    ("the year", "2018-10-31", None, None, None, "unresolved"),
    ("Ramadan", "2018-10-31", None, None, None, "unresolved"),
    ("", "2018-10-31", None, None, None, "unresolved"),
    ("Dec. 19", None, None, None, "day", "unresolved"),
    ("last month", None, None, None, "month", "unresolved"),
]


@pytest.mark.parametrize("expression,published,value,value_end,granularity,basis", RESOLVE_CASES)
def test_dates_resolve_date(expression, published, value, value_end, granularity, basis):
    expected = ResolvedDate(_d(value), _d(value_end), granularity, basis)
    assert resolve_date(expression, _d(published), PATTERNS) == expected


def test_dates_resolve_accepts_datetime_published():
    published = datetime.datetime(2019, 1, 18, 14, 30)
    assert resolve_date("last month", published, PATTERNS) == resolve_date("last month", published.date(), PATTERNS)


@pytest.mark.parametrize(
    "expression,right_context,expected",
    [
        ("Dec. 19", " that the", True),
        ("recent days", ", putting", True),
        ("recent months", " in a show", True),
        ("recent years", " have held", True),
        ("the past month", " in and near", True),
        ("this week", ", Iraqi", True),
        ("the next few weeks", ", though", True),
        ("more than a year ago", ", U.S.", True),
        ("the same day", " that IS", True),
        ("2014", " to fight", True),
        ("| Jan 20, 2021", "\n", True),
        ("around 60 years of age", "\u00a0was shot", False),
        ("60 years", " of age", False),
        ("a 25-year", "-old man", False),
        ("25", " years old", False),
        ("a 25-year-old", " fighter", False),
        ("aged 30", "", False),
        ("two years", " of fighting", False),
        ("a year", " after it was", False),
        ("several months", "", False),
        ("the year", " since its liberation", False),
        ("a single week", " led to", False),
        ("a few days", " before the", False),
        ("months", ", the", False),
        ("daily", " sightings", False),
        ("weekly", "\n", False),
        (" .,;|", "", False),
        ("", "", False),
    ],
)
def test_dates_is_date_expression(expression, right_context, expected):
    assert is_date_expression(expression, right_context, PATTERNS) is expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "In mid-December, fighters crossed near Qaim; by early October they had left.",
            ["mid-December", "early October"],
        ),
        (
            "Last June and again last month the militia moved, as in the 1980s.",
            ["Last June", "last month", "the 1980s"],
        ),
        ("Shelling on Dec. 19 and Oct.\u00a011 hit Hajin.", ["Dec. 19", "Oct.\u00a011"]),
        ("Since November 2017 and late 2017, patrols grew.", ["November 2017", "late 2017"]),
        ("It began in 2014 and a raid came on Sunday this week.", ["2014", "Sunday", "this week"]),
        (
            "Over the past two weeks, more than six years ago.",
            ["the past two weeks", "more than six years ago"],
        ),
        ("Yesterday, Thursday, Dec. 27, 2018, troops left.", ["Yesterday", "Dec. 27, 2018"]),
        ("The summer of 2018 and the early 1990s.", ["The summer of 2018", "the early 1990s"]),
        ("Earlier this year and late last year, in Sept.", ["Earlier this year", "late last year", "Sept"]),
        ("In recent days a convoy of 2000 trucks arrived.", ["recent days"]),
        ("May we never forget; Sunday Times reported 11 armed men.", []),
        ("The late commander spoke the next day.", ["the next day"]),
    ],
)
def test_dates_find_date_expressions_spans(text, expected):
    assert [text[start:end] for start, end in find_date_expressions(text, PATTERNS)] == expected


def test_dates_find_date_expressions_exact_offsets_with_no_break_space():
    text = "Clashes on Oct.\u00a011\u00a0and in 2014."
    assert find_date_expressions(text, PATTERNS) == [(11, 18), (26, 30)]


def test_dates_build_rejects_unknown_placeholder():
    raw = copy.deepcopy(yaml.safe_load(PATTERNS_PATH.read_text(encoding="utf-8")))
    raw["supplement"].append("{NOPE}")
    with pytest.raises(ValueError, match="NOPE"):
        build_date_patterns(raw)


def test_dates_load_returns_date_patterns():
    assert isinstance(PATTERNS, DatePatterns)


FRAGMENTS = [
    "Dec. 19",
    "last month",
    "the 1980s",
    "mid-",
    "in 2014",
    "\u00a0",
    " ",
    "ago",
    "more than",
    "Sunday",
    "Feb. 29",
    "late",
    "the past",
    "weeks",
    "9999",
    "1900s",
    ", ",
    "Oct.",
    "31",
    "winter",
    "the same",
    "-",
    "12/31/2099",
]
TEXTS = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=12).map("".join)
PUBLISHED = st.none() | st.dates()


@settings(max_examples=300, deadline=None)
@given(expression=TEXTS, published=PUBLISHED)
@example(expression="mid-more than", published=None)  # found by hypothesis in CI: a modifier of nothing
def test_dates_resolve_date_never_raises_and_orders_period(expression, published):
    result = resolve_date(expression, published, PATTERNS)
    assert result.basis in {"absolute", "relative", "unresolved"}
    assert (result.value is None) == (result.value_end is None)
    if result.value is not None:
        assert result.value <= result.value_end
        assert result.granularity in {"day", "month", "season", "year", "decade"}


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_dates_find_date_expressions_spans_are_tight_and_disjoint(text):
    spans = find_date_expressions(text, PATTERNS)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert re.fullmatch(r"\w.*\w|\w", text[start:end], flags=re.DOTALL)
        previous_end = end
