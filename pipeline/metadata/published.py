"""Infer an article's publication date from its date lines, a "Published ..." phrase, its dateline or its URL.

An all-numeric date such as "03/10/2023" reads two ways. The article settles the order where it can (a
part over 12, the same date written in words, another numeric date that reads one way only); otherwise
the outlet's `date_order` (outlets.yaml) does, else day-first, the usage of most countries. Those last two
are guesses, so the date's basis is then 'inferred' and the evidence says which rule chose.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple
from urllib.parse import urlparse

import dateparser

from pipeline.cleaning import CleanedArticle, Removal
from pipeline.metadata.inferred import Inferred
from pipeline.metadata.outlet import outlet_for_name
from pipeline.metadata.patterns import MetadataPatterns, Outlet

_DATEPARSER_LANGUAGES = ["en"]
# Relative expressions ("3 hours ago") depend on when the page was saved, not when it was published.
_DATEPARSER_PARSERS = ["timestamp", "custom-formats", "absolute-time"]
_ORDER_NAMES = {"dmy": "day-first", "mdy": "month-first"}
# A leap year as the base for a day and month without a year, so that "Feb 29" still parses.
_LEAP_BASE = datetime.datetime(2000, 1, 1)
_LINE = re.compile(r"[^\n]+")


class _Numeric(NamedTuple):
    """An all-numeric date split into parts; year-first dates are always year-month-day, so there
    `first` is the month and `second` the day; year-last ones leave day and month to be settled."""

    year: int
    first: int
    second: int
    year_first: bool


@dataclass(frozen=True)
class _Reading:
    """A date read from the text; basis 'inferred' when a rule, not the article, chose day-first or
    month-first, and `note` then says which rule."""

    value: datetime.date
    basis: str
    note: str = ""


@dataclass(frozen=True)
class _Article:
    """One article as its dates are read: the text scans that settle an ambiguous numeric date run
    only when such a date turns up."""

    raw: str
    outlet: Outlet | None
    patterns: MetadataPatterns

    @cached_property
    def written_dates(self) -> dict[datetime.date, str]:
        """Every date the text writes with the month in words, with the first phrase giving it."""
        dates: dict[datetime.date, str] = {}
        for match in self.patterns.written_in_text.finditer(self.raw):
            value = _parse_date(match.group(0))
            if value:
                dates.setdefault(value, match.group(0))
        return dates

    @cached_property
    def numeric_orders(self) -> dict[str, str]:
        """The order ('dmy' or 'mdy') of each numeric date that reads one way only, with an example."""
        orders: dict[str, str] = {}
        for match in self.patterns.numeric_in_text.finditer(self.raw):
            parts = _numeric_parts(match.group(0), self.patterns)
            order = _forced_order(parts) if parts else None
            if order:
                orders.setdefault(order, match.group(0))
        return orders


def infer_published(
    raw: str,
    cleaned: CleanedArticle,
    url: str | None,
    patterns: MetadataPatterns,
    *,
    paragraphs: list[str],
    outlet: str | None = None,
) -> Inferred | None:
    """A date line, then a "Published ..." phrase, then the dateline's full date, then the URL's day;
    then a dateline's day and month with the year from the URL or the text, the URL's month, a month line.

    paragraphs (list[str]): the body paragraphs after the headline, where a dateline opens one.
    outlet (str | None): the article's outlet, if known; its `date_order` settles ambiguous numeric dates.
    """
    article = _Article(raw, outlet_for_name(outlet, patterns.outlets) if outlet else None, patterns)
    dateline = _dateline_date(paragraphs, patterns)
    return (
        _published_from_date_lines(cleaned.removed, article)
        or _published_from_raw(article)
        or (_published_from_dateline(dateline, article) if dateline else None)
        or (_published_from_url_day(url, patterns) if url else None)
        or (_published_from_yearless_dateline(dateline, url, article) if dateline else None)
        or (_published_from_url_month(url, cleaned.text, patterns) if url else None)
        or _published_from_month_line(cleaned.removed, patterns)
    )


def _published_from_date_lines(removed: tuple[Removal, ...], article: _Article) -> Inferred | None:
    """Lines that hold only a date: those cleaning removed, then lines at the top of the article as read
    (numeric and ISO formats cleaning keeps in the body)."""
    patterns = article.patterns
    candidates = [(m, r.text) for r in removed if r.kind == "date_line" and (m := patterns.date_line.search(r.text))]
    header = itertools.islice(
        (m.group(0).strip() for m in _LINE.finditer(article.raw) if m.group(0).strip()), patterns.header_lines
    )
    candidates += [(m, line) for line in header if (m := patterns.header_date_line.match(line))]
    return _first_published(candidates, article)


def _published_from_raw(article: _Article) -> Inferred | None:
    """A labelled date inside a longer line ("By Jane Doe | Published 3 March 2021")."""
    matches = article.patterns.labelled_in_raw.finditer(article.raw)
    return _first_published([(m, m.group(0)) for m in matches], article)


def _first_published(candidates: list[tuple[re.Match[str], str]], article: _Article) -> Inferred | None:
    """The first (match, evidence) whose date reads; a published or unlabelled date before an updated one,
    since an article is dated by its first publication."""
    for match, evidence in sorted(candidates, key=lambda c: c[0].group("label") in article.patterns.later_labels):
        reading = _read_date(match.group("date"), article)
        if reading:
            return _inferred(reading, evidence)
    return None


def _dateline_date(paragraphs: list[str], patterns: MetadataPatterns) -> re.Match[str] | None:
    """A date in the dateline opening one of the first body paragraphs ("KHARTOUM, 24 October 2023 —")."""
    for paragraph in paragraphs[: patterns.dateline_paragraphs]:
        for pattern in patterns.published_datelines:
            match = pattern.search(paragraph)
            if match:
                return match
    return None


def _published_from_dateline(match: re.Match[str], article: _Article) -> Inferred | None:
    reading = _read_date(match.group("date"), article)
    return _inferred(reading, match.group(0).strip()) if reading else None


def _published_from_yearless_dateline(match: re.Match[str], url: str | None, article: _Article) -> Inferred | None:
    """A wire dateline gives day and month only ("NYALA, Oct 24 (Reuters) -"): the year is the URL's, else
    the first that puts the day on or after the latest full date the text mentions (a lower bound)."""
    parsed = _parse_date(match.group("date"), relative_base=_LEAP_BASE)
    if parsed is None:
        return None
    evidence = match.group(0).strip()
    year_match = article.patterns.url_year.search(urlparse(url).path) if url else None
    if year_match:
        value = _safe_date(int(year_match.group("year")), parsed.month, parsed.day)
        return Inferred(value, "inferred", f"{evidence} (year from the URL)") if value else None
    if not article.written_dates:
        return None
    latest = max(article.written_dates)
    for year in (latest.year, latest.year + 1):
        value = _safe_date(year, parsed.month, parsed.day)
        if value and value >= latest:
            phrase = article.written_dates[latest]
            return Inferred(
                value, "inferred", f"{evidence} (year: on or after {phrase!r}, the latest date in the text)"
            )
    return None


def _published_from_month_line(removed: tuple[Removal, ...], patterns: MetadataPatterns) -> Inferred | None:
    """A date line with only a month ("POLICY BRIEF | No. 14 | January 2025"): its 1st, a lower bound."""
    for removal in (r for r in removed if r.kind == "date_line"):
        match = patterns.month_only.search(removal.text)
        value = _parse_month(match.group("date")) if match else None
        if value:
            return Inferred(
                value, "inferred", f"month only ({match.group('date')!r}), taken as its 1st: {removal.text}"
            )
    return None


def _published_from_url_day(url: str, patterns: MetadataPatterns) -> Inferred | None:
    path = urlparse(url).path
    for pattern in patterns.url_day:
        match = pattern.search(path)
        value = (
            _safe_date(int(match.group("year")), int(match.group("month")), int(match.group("day"))) if match else None
        )
        if match and value:
            return Inferred(value, "url", match.group(0).strip("/_-."))
    return None


def _published_from_url_month(url: str, text: str, patterns: MetadataPatterns) -> Inferred | None:
    path = urlparse(url).path
    for pattern in patterns.url_month:
        match = pattern.search(path)
        if match:
            return _published_in_month(int(match.group("year")), int(match.group("month")), match, text, patterns)
    return None


def _published_in_month(
    year: int, month: int, url_match: re.Match[str], text: str, patterns: MetadataPatterns
) -> Inferred:
    """The URL gives only the month: an article is published after the last day it reports, so take
    the latest day of that month mentioned in the text, else the 1st (a lower bound either way)."""
    base = datetime.datetime(year, month, 1)
    mentioned = []
    for match in patterns.day_mention.finditer(text):
        value = _parse_date(match.group(0), relative_base=base)
        if value and (value.year, value.month) == (year, month):
            mentioned.append((value, match.group(0)))
    url_part = url_match.group(0).strip("/")
    if not mentioned:
        return Inferred(base.date(), "inferred", f"URL gives the month ({url_part}); no day of it in the text")
    value, phrase = max(mentioned)
    return Inferred(value, "inferred", f"URL gives the month ({url_part}); latest day of it in the text: {phrase!r}")


def _inferred(reading: _Reading, evidence: str) -> Inferred:
    return Inferred(reading.value, reading.basis, f"{evidence} ({reading.note})" if reading.note else evidence)


def _read_date(text: str, article: _Article) -> _Reading | None:
    """One date as a date line or dateline writes it, with a year; numeric ones by the order rules."""
    parts = _numeric_parts(text, article.patterns)
    if parts is None:
        value = _parse_date(text)
        return _Reading(value, "text") if value else None
    if parts.year_first:
        value = _safe_date(parts.year, parts.first, parts.second)
        return _Reading(value, "text") if value else None
    readings = {
        order: value
        for order, value in (
            ("dmy", _safe_date(parts.year, parts.second, parts.first)),
            ("mdy", _safe_date(parts.year, parts.first, parts.second)),
        )
        if value
    }
    if len(set(readings.values())) != 2:  # one valid reading, day == month, or no date at all
        return _Reading(next(iter(readings.values())), "text") if readings else None
    order, basis, reason = _settle_order(readings, article)
    return _Reading(readings[order], basis, f"read {_ORDER_NAMES[order]}: {reason}")


def _settle_order(readings: dict[str, datetime.date], article: _Article) -> tuple[str, str, str]:
    """Day-first or month-first for a date that reads both ways: (order, basis, reason)."""
    written = [order for order, value in readings.items() if value in article.written_dates]
    if len(written) == 1:
        return written[0], "text", f"the article also writes {article.written_dates[readings[written[0]]]!r}"
    if len(article.numeric_orders) == 1:
        order, example = next(iter(article.numeric_orders.items()))
        return order, "text", f"the article writes {example!r}"
    outlet = article.outlet
    if outlet and outlet.date_order in readings:
        return outlet.date_order, "inferred", f"{outlet.name} writes {_ORDER_NAMES[outlet.date_order]} (outlets.yaml)"
    known = f"{outlet.name} has no day-first or month-first date_order" if outlet else "outlet unknown"
    return "dmy", "inferred", f"ambiguous, {known}; day-first, as most countries write it"


def _numeric_parts(text: str, patterns: MetadataPatterns) -> _Numeric | None:
    for pattern in patterns.numeric_parts:
        match = pattern.match(text)
        if match and "month" in match.groupdict():
            return _Numeric(int(match.group("year")), int(match.group("month")), int(match.group("day")), True)
        if match:
            return _Numeric(int(match.group("year")), int(match.group("first")), int(match.group("second")), False)
    return None


def _forced_order(parts: _Numeric) -> str | None:
    """The order a year-last numeric date must be in because one part is over 12 ("24/10/2023")."""
    if parts.year_first or not (1 <= parts.first <= 31 and 1 <= parts.second <= 31):
        return None
    if parts.first > 12 >= parts.second:
        return "dmy"
    if parts.second > 12 >= parts.first:
        return "mdy"
    return None


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _parse_month(text: str) -> datetime.date | None:
    """The first day of a written month and year ("Sept. 2024")."""
    settings = {"REQUIRE_PARTS": ["month", "year"], "PREFER_DAY_OF_MONTH": "first", "PARSERS": _DATEPARSER_PARSERS}
    parsed = dateparser.parse(text.strip(), languages=_DATEPARSER_LANGUAGES, settings=settings)
    return parsed.date().replace(day=1) if parsed else None


def _parse_date(text: str, *, relative_base: datetime.datetime | None = None) -> datetime.date | None:
    """dateparser on one absolute date string, English only. A day-less date is not a publication
    day, and without a base date the year must be written."""
    settings: dict[str, object] = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DAY_OF_MONTH": "first",
        "PARSERS": _DATEPARSER_PARSERS,
    }
    if relative_base:
        settings.update(REQUIRE_PARTS=["day", "month"], RELATIVE_BASE=relative_base)
    parsed = dateparser.parse(text.strip(), languages=_DATEPARSER_LANGUAGES, settings=settings)
    return parsed.date() if parsed else None
