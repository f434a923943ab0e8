"""Infer an article's publication date from its date lines, a "Published ..." phrase or its URL."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlparse

import dateparser

from pipeline.cleaning import CleanedArticle
from pipeline.inferred import Inferred
from pipeline.metadata_patterns import MetadataPatterns
from pipeline.pieces import Removal

_DATEPARSER_LANGUAGES = ["en"]
# Relative expressions ("3 hours ago") depend on when the page was saved, not when it was published.
_DATEPARSER_PARSERS = ["timestamp", "custom-formats", "absolute-time"]


def infer_published(raw: str, cleaned: CleanedArticle, url: str | None, patterns: MetadataPatterns) -> Inferred | None:
    """A date line in the text, then a "Published ..." phrase, then the URL's day, then its month."""
    return (
        _published_from_date_lines(cleaned.removed, patterns)
        or _published_from_raw(raw, patterns)
        or (_published_from_url(url, cleaned.text, patterns) if url else None)
        or _published_from_month_line(cleaned.removed, patterns)
    )


def _published_from_date_lines(removed: tuple[Removal, ...], patterns: MetadataPatterns) -> Inferred | None:
    candidates = []
    for removal in (r for r in removed if r.kind == "date_line"):
        match = patterns.date_line.search(removal.text)
        value = _parse_date(match.group("date")) if match else None
        if value:
            is_update = match.group("label") in patterns.later_labels
            candidates.append((is_update, Inferred(value, "text", removal.text)))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


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


def _published_from_raw(raw: str, patterns: MetadataPatterns) -> Inferred | None:
    matches = sorted(patterns.labelled_in_raw.finditer(raw), key=lambda m: m.group("label") in patterns.later_labels)
    for match in matches:
        value = _parse_date(match.group("date"))
        if value:
            return Inferred(value, "text", match.group(0))
    return None


def _published_from_url(url: str, text: str, patterns: MetadataPatterns) -> Inferred | None:
    path = urlparse(url).path
    for pattern in patterns.url_day:
        match = pattern.search(path)
        value = _valid_date(match) if match else None
        if match and value:
            return Inferred(value, "url", match.group(0).strip("/_-."))
    for pattern in patterns.url_month:
        match = pattern.search(path)
        if match:
            return _published_in_month(int(match.group("year")), int(match.group("month")), match, text, patterns)
    return None


def _valid_date(match: re.Match[str]) -> datetime.date | None:
    try:
        return datetime.date(int(match.group("year")), int(match.group("month")), int(match.group("day")))
    except ValueError:
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
