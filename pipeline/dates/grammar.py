"""The grammar of date expressions: normalised words to a period (relative, named, decade, weekday, ago)."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from typing import Any

import dateparser

from pipeline.dates.patterns import DatePatterns, is_year, strip_leading_words
from pipeline.dates.periods import (
    UNRESOLVED,
    Period,
    ResolvedDate,
    apply_part,
    choose_occurrence,
    relative_period,
    rolling_window,
    safe_period,
    season_period,
    shift_date,
    unit_period,
)

_NUMERIC_DATE = re.compile(r"\d{1,4}[/.:-]\d{1,2}[/.:-]\d{1,4}")


@functools.lru_cache(maxsize=65536)
def resolve_key(key: str, published: datetime.date | None, patterns: DatePatterns) -> ResolvedDate:
    """Resolve a normalised expression; dateparser only for numeric forms the grammar lacks."""
    result = _parse(key.split(), published, patterns)
    if result is None and (_NUMERIC_DATE.search(key) or any(is_year(t, patterns) for t in key.split())):
        result = _parse_with_dateparser(key, published)
    return result or UNRESOLVED


def _parse(tokens: list[str], published: datetime.date | None, p: DatePatterns) -> ResolvedDate | None:
    tokens, has_the = strip_leading_words(tokens, p)
    if tokens and tokens[-1] in p.times_of_day and " ".join(tokens) not in p.day_words:
        tokens = tokens[:-1]
    if not tokens:
        return None
    phrase = " ".join(tokens)
    if phrase in p.day_words:
        return relative_period(published, lambda d: (d + datetime.timedelta(p.day_words[phrase]),) * 2, "day")
    if _is_anaphoric(tokens, has_the, p):
        return UNRESOLVED
    if tokens[-1] in p.ago_words:
        return _parse_ago(tokens[:-1], published, p)
    part = p.part_words.get(tokens[0]) if len(tokens) > 1 else None
    if part is None:
        return _parse_anchor(tokens, has_the, published, p)
    rest, rest_has_the = strip_leading_words(tokens[1:], p)
    if len(rest) == 1 and rest[0] in p.units:  # "the end of the year": the current one
        rest = [next(w for w, offset in p.relative_words.items() if offset == 0), rest[0]]
    anchor = _parse_anchor(rest, rest_has_the, published, p)
    return apply_part(anchor, part, published, p) if anchor else None


def _is_anaphoric(tokens: list[str], has_the: bool, p: DatePatterns) -> bool:
    """Tell whether the words point at an event in the story ("the same day", "that week")."""
    if tokens[0] in p.anaphoric_determiners:
        return True
    return has_the and len(tokens) == 2 and tokens[0] in p.anaphoric_after_the and tokens[1] in p.units


def _parse_anchor(
    tokens: list[str], has_the: bool, published: datetime.date | None, p: DatePatterns
) -> ResolvedDate | None:
    if not tokens:  # a modifier with nothing left to modify: "mid-more than"
        return None
    if len(tokens) > 1 and tokens[0] in p.weekdays:  # "Thursday, Dec. 27, 2018"
        return _parse_anchor(tokens[1:], has_the, published, p) or _parse_weekday(tokens, published, p)
    return (
        _parse_unit(tokens, has_the, published, p)
        or _parse_named(tokens, published, p)
        or _parse_decade(tokens, p)
        or _parse_weekday(tokens, published, p)
    )


def _count(words: list[str], unit: str, plural: bool, p: DatePatterns) -> int | None:
    """Read "two", "21", "a few", "several"; none means one (singular) or the vague count."""
    if len(words) > 1:  # "a few", "a couple": the article counts as one, drop it
        words = [w for w in words if p.numbers.get(w) != 1]
    if not words or any(w in p.vague_quantifiers for w in words):
        return p.vague_counts[unit] if plural or words else 1
    if len(words) == 1 and words[0].isdigit() and len(words[0]) <= 3:
        return int(words[0])
    return p.numbers.get(words[0]) if len(words) == 1 else None


def _parse_ago(tokens: list[str], published: datetime.date | None, p: DatePatterns) -> ResolvedDate | None:
    """Resolve "two years ago": the calendar unit containing publication minus the count."""
    if not tokens or tokens[-1] not in p.units:
        return None
    unit = p.units[tokens[-1]]
    count = _count(tokens[:-1], unit, tokens[-1] in p.plural_units, p)
    if count is None:
        return None
    return relative_period(
        published, lambda d: unit_period(shift_date(d, unit, -count), unit), p.unit_granularity[unit]
    )


def _parse_unit(
    tokens: list[str], has_the: bool, published: datetime.date | None, p: DatePatterns
) -> ResolvedDate | None:
    """Resolve calendar units ("last month", "this week") and windows ("recent days", "the past weeks")."""
    offset = p.relative_words.get(tokens[0])
    if offset is None or len(tokens) < 2 or tokens[-1] not in p.units:
        return None
    unit, plural = p.units[tokens[-1]], tokens[-1] in p.plural_units
    count = _count(tokens[1:-1], unit, plural, p)
    if count is None:
        return None
    rolling = tokens[0] in p.rolling_words or plural or has_the or len(tokens) > 2
    granularity = p.unit_granularity[unit]
    if not rolling or offset == 0:
        return relative_period(published, lambda d: unit_period(shift_date(d, unit, offset), unit), granularity)
    return relative_period(published, lambda d: rolling_window(d, unit, offset * count, granularity), granularity)


def _parse_named(tokens: list[str], published: datetime.date | None, p: DatePatterns) -> ResolvedDate | None:
    """Months, days, seasons and holidays, with a year ("Nov. 12, 2018") or without ("last June")."""
    offset = p.relative_words.get(tokens[0]) if len(tokens) > 1 else None
    body = tokens[1:] if offset is not None else tokens
    year = int(body[-1]) if body and is_year(body[-1], p) else None
    body = body[:-1] if year is not None else body
    if not body and year is not None and offset is None:
        return ResolvedDate(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year", "absolute")
    named = _named_period(body, p)
    if named is None:
        return None
    period_of, granularity = named
    if year is not None:
        period = safe_period(period_of, year)
        return ResolvedDate(*period, granularity, "absolute") if period and offset is None else None
    if published is None:
        return ResolvedDate(None, None, granularity, "unresolved")
    chosen = choose_occurrence(period_of, published, offset, p)
    if chosen is None:
        return UNRESOLVED
    return ResolvedDate(*chosen, granularity, "absolute" if offset is None else "relative")


def _named_period(body: list[str], p: DatePatterns) -> tuple[Callable[[int], Period], str] | None:
    phrase = " ".join(body)
    if phrase in p.holidays:
        month, day = p.holidays[phrase]
        return (lambda y: (datetime.date(y, month, day),) * 2), "day"
    if len(body) == 1 and body[0] in p.months:
        month = p.months[body[0]]
        return (lambda y: unit_period(datetime.date(y, month, 1), "month")), "month"
    if len(body) == 1 and body[0] in p.seasons:
        first = p.seasons[body[0]]
        return (lambda y: season_period(y, first, p.season_months)), "season"
    if len(body) == 2:
        month_word, day = (body[0], body[1]) if body[0] in p.months else (body[1], body[0])
        if month_word in p.months and day.isdigit() and len(day) <= 2:
            month = p.months[month_word]
            return (lambda y: (datetime.date(y, month, int(day)),) * 2), "day"
    return None


def _parse_decade(tokens: list[str], p: DatePatterns) -> ResolvedDate | None:
    """Resolve a decade: "the 1980s" is 1980-01-01..1989-12-31."""
    word = tokens[0] if len(tokens) == 1 else ""
    if not (word.endswith("0s") and is_year(word[:-1], p)):
        return None
    return ResolvedDate(*unit_period(datetime.date(int(word[:-1]), 1, 1), "decade"), "decade", "absolute")


def _parse_weekday(tokens: list[str], published: datetime.date | None, p: DatePatterns) -> ResolvedDate | None:
    """Bare "Sunday": on or before publication; "last": strictly before; "next": strictly after;
    "this": in the Monday..Sunday week of publication."""
    offset = p.relative_words.get(tokens[0]) if len(tokens) == 2 else None
    if tokens[-1] not in p.weekdays or (len(tokens) == 2 and offset is None) or len(tokens) > 2:
        return None
    target = p.weekdays[tokens[-1]]
    shifts = {
        None: lambda wd: -((wd - target) % 7),
        -1: lambda wd: -((wd - target - 1) % 7 + 1),
        0: lambda wd: target - wd,
        1: lambda wd: (target - wd - 1) % 7 + 1,
    }
    return relative_period(published, lambda d: (d + datetime.timedelta(shifts[offset](d.weekday())),) * 2, "day")


def _parse_with_dateparser(key: str, published: datetime.date | None) -> ResolvedDate | None:
    """Numeric and unusual full dates ("12/27/2018", "2018-12-27") at day granularity."""
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime.datetime.combine(published, datetime.time())
    try:
        parsed = dateparser.parse(key, languages=["en"], settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on arbitrary text
        return None
    return ResolvedDate(parsed.date(), parsed.date(), "day", "absolute") if parsed else None
