"""Calendar periods for date resolution: units, shifts, windows, parts and the year of a yearless name."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.dates.patterns import DatePatterns

# Structural facts of the Gregorian calendar (not vocabulary): which sub-unit early/mid/late
# ranges count in, and how far around the publication year to look for a yearless date.
_SUBUNIT = {"month": "day", "season": "month", "year": "month", "decade": "year"}
_CANDIDATE_YEARS = range(-4, 5)  # wide enough to reach a leap year for "Feb. 29"

Period = tuple[datetime.date, datetime.date]


@dataclass(frozen=True)
class ResolvedDate:
    """A date expression resolved to the period [value, value_end] at a granularity."""

    value: datetime.date | None
    value_end: datetime.date | None
    granularity: str | None
    basis: str


UNRESOLVED = ResolvedDate(None, None, None, "unresolved")


def relative_period(
    published: datetime.date | None, period: Callable[[datetime.date], Period], granularity: str
) -> ResolvedDate:
    """The period a function of the publication date gives; unresolved without one or off the calendar."""
    if published is None:
        return ResolvedDate(None, None, granularity, "unresolved")
    try:
        return ResolvedDate(*period(published), granularity, "relative")
    except (ValueError, OverflowError):  # shifted outside the calendar (year 1 or 9999)
        return UNRESOLVED


def choose_occurrence(
    period_of: Callable[[int], Period], published: datetime.date, offset: int | None, p: DatePatterns
) -> Period | None:
    """Pick the year of a yearless name. Bare: nearest to publication, earlier on a tie, never
    starting more than future_window_days after it. "this": nearest. "last": latest ending
    before the publication month. "next": earliest starting after the publication month."""
    candidates = [c for y in _CANDIDATE_YEARS if (c := safe_period(period_of, published.year + y))]
    month_start, month_end = unit_period(published, "month")
    horizon = datetime.timedelta(p.future_window_days)
    if offset is None:
        candidates = [c for c in candidates if c[0] - published <= horizon]
    if offset == -1:
        return max((c for c in candidates if c[1] < month_start), default=None)
    if offset == 1:
        return min((c for c in candidates if c[0] > month_end), default=None)
    return min(candidates, key=lambda c: (_distance(c, published), c[0]), default=None)


def _distance(period: Period, day: datetime.date) -> int:
    start, end = period
    return max((start - day).days, (day - end).days, 0)


def safe_period(period_of: Callable[[int], Period], year: int) -> Period | None:
    """The period of a name in one year, or None where the date does not exist that year."""
    try:
        return period_of(year)
    except ValueError:  # "Feb. 29" in a common year, "Nov. 31"
        return None


def apply_part(result: ResolvedDate, part: str, published: datetime.date | None, p: DatePatterns) -> ResolvedDate:
    """Narrow a period to its early/mid/late sub-range, or cut it at publication (earlier/later)."""
    start, end, granularity = result.value, result.value_end, result.granularity
    if start is None or end is None or granularity is None:
        return result
    if part in ("earlier", "later"):
        if published is None or not start <= published <= end:
            return result
        start, end = (start, published) if part == "earlier" else (published, end)
    elif granularity in p.part_ranges and part in p.part_ranges[granularity]:
        low, high = p.part_ranges[granularity][part]
        sub = _SUBUNIT[granularity]
        start = shift_date(result.value, sub, low - 1)
        end = min(end, unit_period(shift_date(result.value, sub, high - 1), sub)[1])
    return ResolvedDate(start, end, granularity, result.basis)


def shift_date(day: datetime.date, unit: str, n: int) -> datetime.date:
    """Move a date by n units, clipping the day of month ("Mar. 31" minus a month is Feb. 28)."""
    if unit in ("day", "week"):
        return day + datetime.timedelta(n * (7 if unit == "week" else 1))
    months = day.month - 1 + n * {"month": 1, "year": 12, "decade": 120}[unit]
    year, month = day.year + months // 12, months % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def unit_period(day: datetime.date, unit: str) -> Period:
    """The calendar day, Monday..Sunday week, month, year or decade containing day."""
    if unit == "day":
        return day, day
    if unit == "week":
        monday = day - datetime.timedelta(day.weekday())
        return monday, monday + datetime.timedelta(6)
    if unit == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    first = day.year - day.year % 10 if unit == "decade" else day.year
    last = first + 9 if unit == "decade" else first
    return datetime.date(first, 1, 1), datetime.date(last, 12, 31)


def season_period(year: int, first_month: int, length: int) -> Period:
    """A season of `length` months starting on the 1st of `first_month`."""
    start = datetime.date(year, first_month, 1)
    return start, unit_period(shift_date(start, "month", length - 1), "month")[1]


def rolling_window(day: datetime.date, unit: str, n: int, granularity: str) -> Period:
    """Rolling window from n units before publication (n < 0) or up to n units after it,
    widened to whole granules: "recent months" on 2018-12-27 is 2018-09-01..2018-12-27."""
    edge = unit_period(shift_date(day, unit, n), granularity)
    return (edge[0], day) if n < 0 else (day, edge[1])
