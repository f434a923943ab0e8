"""Resolve date expressions in news text to periods, relative to the article's publication date."""

from __future__ import annotations

import calendar
import datetime
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dateparser
import yaml

# Structural facts of the Gregorian calendar (not vocabulary): which sub-unit early/mid/late
# ranges count in, and how far around the publication year to look for a yearless date.
_SUBUNIT = {"month": "day", "season": "month", "year": "month", "decade": "year"}
_CANDIDATE_YEARS = range(-4, 5)  # wide enough to reach a leap year for "Feb. 29"
_SP = r"[^\S\r\n]+"
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.:-]\d{1,2}[/.:-]\d{1,4}")
_PLACEHOLDER = re.compile(r"\{([A-Z_]+)\}")

Period = tuple[datetime.date, datetime.date]


@dataclass(frozen=True, eq=False)
class DatePatterns:
    """Date vocabulary and conventions from dates.yaml.

    Compared by identity (eq=False) so that it can key the resolution cache cheaply.
    """

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    seasons: Mapping[str, int]
    season_months: int
    holidays: Mapping[str, tuple[int, int]]
    units: Mapping[str, str]
    plural_units: frozenset[str]
    unit_granularity: Mapping[str, str]
    vague_counts: Mapping[str, int]
    numbers: Mapping[str, int]
    vague_quantifiers: frozenset[str]
    relative_words: Mapping[str, int]
    rolling_words: frozenset[str]
    anaphoric_after_the: frozenset[str]
    anaphoric_determiners: frozenset[str]
    ago_words: frozenset[str]
    day_words: Mapping[str, int]
    times_of_day: frozenset[str]
    part_words: Mapping[str, str]
    part_ranges: Mapping[str, Mapping[str, tuple[int, int]]]
    leading_words: frozenset[str]
    definite_articles: frozenset[str]
    connectors: frozenset[str]
    future_window_days: int
    year_range: tuple[int, int]
    age_patterns: tuple[re.Pattern[str], ...]
    age_right_context_patterns: tuple[re.Pattern[str], ...]
    frequency_words: frozenset[str]
    duration_fillers: frozenset[str]
    supplement: re.Pattern[str]


@dataclass(frozen=True)
class ResolvedDate:
    """A date expression resolved to the period [value, value_end] at a granularity."""

    value: datetime.date | None
    value_end: datetime.date | None
    granularity: str | None
    basis: str


UNRESOLVED = ResolvedDate(None, None, None, "unresolved")


def load_date_patterns(path: Path) -> DatePatterns:
    """Read dates.yaml and compile it.

    path (Path): the YAML file (data/patterns/dates.yaml).
    RETURNS (DatePatterns): vocabulary, conventions and the compiled regex supplement.
    """
    with open(path, encoding="utf-8") as file:
        return build_date_patterns(yaml.safe_load(file))


def build_date_patterns(raw: Mapping[str, Any]) -> DatePatterns:
    """Turn the parsed YAML mapping into DatePatterns; keys are normalised like expressions."""
    months = _index_words(raw["months"], first=1)
    units = {_normalize(w): unit for unit, words in raw["units"].items() for w in words}
    words = {
        "months": months,
        "weekdays": _index_words(raw["weekdays"], first=0),
        "seasons": {_normalize(k): v for k, v in raw["seasons"].items()},
        "season_months": raw["season_months"],
        "holidays": {_normalize(k): tuple(v) for k, v in raw["holidays"].items()},
        "units": units,
        "plural_units": frozenset(w for w, unit in units.items() if w != unit),
        "unit_granularity": dict(raw["unit_granularity"]),
        "vague_counts": dict(raw["vague_counts"]),
        "numbers": dict(raw["numbers"]),
        "relative_words": dict(raw["relative_words"]),
        "day_words": {_normalize(k): v for k, v in raw["day_words"].items()},
        "part_words": dict(raw["part_words"]),
        "part_ranges": {g: {p: tuple(r) for p, r in parts.items()} for g, parts in raw["part_ranges"].items()},
        "future_window_days": raw["future_window_days"],
        "year_range": tuple(raw["year_range"]),
        "age_patterns": tuple(re.compile(p) for p in raw["age_patterns"]),
        "age_right_context_patterns": tuple(re.compile(p) for p in raw["age_right_context_patterns"]),
        "supplement": _build_supplement(raw),
    }
    sets = (
        "vague_quantifiers",
        "rolling_words",
        "anaphoric_after_the",
        "anaphoric_determiners",
        "ago_words",
        "times_of_day",
        "leading_words",
        "definite_articles",
        "connectors",
        "frequency_words",
        "duration_fillers",
    )
    return DatePatterns(**words, **{key: frozenset(raw[key]) for key in sets})


def resolve_date(expression: str, published: datetime.date | None, patterns: DatePatterns) -> ResolvedDate:
    """Resolve one date expression to a period, relative to the publication date.

    expression (str): the expression as found in the text ("Dec. 19", "last month", "the 1980s").
    published (date | None): the article's publication date; a datetime is reduced to its date.
    patterns (DatePatterns): from load_date_patterns.
    RETURNS (ResolvedDate): basis 'absolute' when calendar names or numbers fix the period (a
        missing year is inferred, see dates.yaml future_window_days), 'relative' when it hangs on
        publication (last/this/next, ago, yesterday, weekdays, recent ...), else 'unresolved'
        (value None; granularity kept when the form is known but publication is missing).
    """
    if isinstance(published, datetime.datetime):
        published = published.date()
    return _resolve_key(_normalize(expression), published, patterns)


def is_date_expression(expression: str, right_context: str, patterns: DatePatterns) -> bool:
    """Tell whether a span labelled DATE (by spaCy or the supplement) really is a point in time.

    Rejects ages ("60 years of age", "25-year" before "-old"), frequencies ("daily") and durations
    without an anchor ("two years", "a single week", "the year"), and spans with no word at all.
    "recent days", "the past month", "this week", "two years ago" have an anchor and are kept.
    right_context (str): the text right after the span.
    """
    key = _normalize(expression)
    context = unicodedata.normalize("NFKC", right_context).lstrip().lower()
    if not key or any(p.search(key) for p in patterns.age_patterns):
        return False
    if any(p.search(context) for p in patterns.age_right_context_patterns):
        return False
    tokens, _ = _strip_leading(key.split(), patterns)
    if any(t in patterns.frequency_words for t in tokens):
        return False
    anchors = [t for t in tokens if not _is_duration_word(t, patterns)]
    return not (anchors and all(t in patterns.units for t in anchors))


def find_date_expressions(text: str, patterns: DatePatterns) -> list[tuple[int, int]]:
    """Find date expressions the small spaCy model misses, with the dates.yaml regex supplement.

    RETURNS (list[tuple[int, int]]): sorted, non-overlapping (start, end) character offsets into
        text; spans start and end on a word character ("in 2014" yields the span of "2014").
    """
    return [match.span() for match in patterns.supplement.finditer(text)]


# --- normalisation -------------------------------------------------------------------------


def _normalize(expression: str) -> str:
    """Lower-case, unify spaces and apostrophes, drop punctuation except inside numeric dates."""
    text = unicodedata.normalize("NFKC", expression).replace("\u2019", "'").replace("\u2018", "'").lower()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"(?<!\d)[/.:-]|[/.:-](?!\d)|[^\w\s/.:-]|_", " ", text)
    return " ".join(text.split())


def _index_words(groups: list[list[str]], *, first: int) -> dict[str, int]:
    """Map every name and abbreviation of the n-th group to first + n (January = 1, Monday = 0)."""
    return {_normalize(word): i + first for i, group in enumerate(groups) for word in group}


def _strip_leading(tokens: list[str], patterns: DatePatterns) -> tuple[list[str], bool]:
    """Drop leading prepositions, hedges and articles; report whether a definite article was there."""
    has_the = False
    while tokens and (tokens[0] in patterns.leading_words or tokens[0] in patterns.definite_articles):
        has_the = has_the or tokens[0] in patterns.definite_articles
        tokens = tokens[1:]
    return [t for t in tokens if t not in patterns.connectors], has_the


def _is_duration_word(token: str, patterns: DatePatterns) -> bool:
    return (
        token in patterns.duration_fillers
        or token in patterns.numbers
        or token in patterns.vague_quantifiers
        or token in patterns.connectors
        or (token.isdigit() and not _is_year(token, patterns))
    )


def _is_year(token: str, patterns: DatePatterns) -> bool:
    low, high = patterns.year_range
    return len(token) == 4 and token.isdigit() and low <= int(token) <= high


# --- grammar -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _resolve_key(key: str, published: datetime.date | None, patterns: DatePatterns) -> ResolvedDate:
    """Resolve a normalised expression; dateparser only for numeric forms the grammar lacks."""
    result = _parse(key.split(), published, patterns)
    if result is None and (_NUMERIC_DATE.search(key) or any(_is_year(t, patterns) for t in key.split())):
        result = _parse_with_dateparser(key, published)
    return result or UNRESOLVED


def _parse(tokens: list[str], published: datetime.date | None, p: DatePatterns) -> ResolvedDate | None:
    tokens, has_the = _strip_leading(tokens, p)
    if tokens and tokens[-1] in p.times_of_day and " ".join(tokens) not in p.day_words:
        tokens = tokens[:-1]
    if not tokens:
        return None
    phrase = " ".join(tokens)
    if phrase in p.day_words:
        return _relative_period(published, lambda d: (d + datetime.timedelta(p.day_words[phrase]),) * 2, "day")
    if _is_anaphoric(tokens, has_the, p):
        return UNRESOLVED
    if tokens[-1] in p.ago_words:
        return _parse_ago(tokens[:-1], published, p)
    part = p.part_words.get(tokens[0]) if len(tokens) > 1 else None
    if part is None:
        return _parse_anchor(tokens, has_the, published, p)
    rest, rest_has_the = _strip_leading(tokens[1:], p)
    if len(rest) == 1 and rest[0] in p.units:  # "the end of the year": the current one
        rest = [next(w for w, offset in p.relative_words.items() if offset == 0), rest[0]]
    anchor = _parse_anchor(rest, rest_has_the, published, p)
    return _apply_part(anchor, part, published, p) if anchor else None


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
    return _relative_period(published, lambda d: _unit_period(_shift(d, unit, -count), unit), p.unit_granularity[unit])


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
        return _relative_period(published, lambda d: _unit_period(_shift(d, unit, offset), unit), granularity)
    return _relative_period(published, lambda d: _window(d, unit, offset * count, granularity), granularity)


def _window(day: datetime.date, unit: str, n: int, granularity: str) -> Period:
    """Rolling window from n units before publication (n < 0) or up to n units after it,
    widened to whole granules: "recent months" on 2018-12-27 is 2018-09-01..2018-12-27."""
    edge = _unit_period(_shift(day, unit, n), granularity)
    return (edge[0], day) if n < 0 else (day, edge[1])


def _parse_named(tokens: list[str], published: datetime.date | None, p: DatePatterns) -> ResolvedDate | None:
    """Months, days, seasons and holidays, with a year ("Nov. 12, 2018") or without ("last June")."""
    offset = p.relative_words.get(tokens[0]) if len(tokens) > 1 else None
    body = tokens[1:] if offset is not None else tokens
    year = int(body[-1]) if body and _is_year(body[-1], p) else None
    body = body[:-1] if year is not None else body
    if not body and year is not None and offset is None:
        return ResolvedDate(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year", "absolute")
    named = _named_period(body, p)
    if named is None:
        return None
    period_of, granularity = named
    if year is not None:
        period = _safe_period(period_of, year)
        return ResolvedDate(*period, granularity, "absolute") if period and offset is None else None
    if published is None:
        return ResolvedDate(None, None, granularity, "unresolved")
    chosen = _choose_occurrence(period_of, published, offset, p)
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
        return (lambda y: _unit_period(datetime.date(y, month, 1), "month")), "month"
    if len(body) == 1 and body[0] in p.seasons:
        first = p.seasons[body[0]]
        return (lambda y: _season_period(y, first, p.season_months)), "season"
    if len(body) == 2:
        month_word, day = (body[0], body[1]) if body[0] in p.months else (body[1], body[0])
        if month_word in p.months and day.isdigit() and len(day) <= 2:
            month = p.months[month_word]
            return (lambda y: (datetime.date(y, month, int(day)),) * 2), "day"
    return None


def _parse_decade(tokens: list[str], p: DatePatterns) -> ResolvedDate | None:
    """Resolve a decade: "the 1980s" is 1980-01-01..1989-12-31."""
    word = tokens[0] if len(tokens) == 1 else ""
    if not (word.endswith("0s") and _is_year(word[:-1], p)):
        return None
    return ResolvedDate(*_unit_period(datetime.date(int(word[:-1]), 1, 1), "decade"), "decade", "absolute")


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
    return _relative_period(published, lambda d: (d + datetime.timedelta(shifts[offset](d.weekday())),) * 2, "day")


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


# --- periods -------------------------------------------------------------------------------


def _relative_period(
    published: datetime.date | None, period: Callable[[datetime.date], Period], granularity: str
) -> ResolvedDate:
    if published is None:
        return ResolvedDate(None, None, granularity, "unresolved")
    try:
        return ResolvedDate(*period(published), granularity, "relative")
    except (ValueError, OverflowError):  # shifted outside the calendar (year 1 or 9999)
        return UNRESOLVED


def _choose_occurrence(
    period_of: Callable[[int], Period], published: datetime.date, offset: int | None, p: DatePatterns
) -> Period | None:
    """Pick the year of a yearless name. Bare: nearest to publication, earlier on a tie, never
    starting more than future_window_days after it. "this": nearest. "last": latest ending
    before the publication month. "next": earliest starting after the publication month."""
    candidates = [c for y in _CANDIDATE_YEARS if (c := _safe_period(period_of, published.year + y))]
    month_start, month_end = _unit_period(published, "month")
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


def _safe_period(period_of: Callable[[int], Period], year: int) -> Period | None:
    try:
        return period_of(year)
    except ValueError:  # "Feb. 29" in a common year, "Nov. 31"
        return None


def _apply_part(result: ResolvedDate, part: str, published: datetime.date | None, p: DatePatterns) -> ResolvedDate:
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
        start = _shift(result.value, sub, low - 1)
        end = min(end, _unit_period(_shift(result.value, sub, high - 1), sub)[1])
    return ResolvedDate(start, end, granularity, result.basis)


def _shift(day: datetime.date, unit: str, n: int) -> datetime.date:
    """Move a date by n units, clipping the day of month ("Mar. 31" minus a month is Feb. 28)."""
    if unit in ("day", "week"):
        return day + datetime.timedelta(n * (7 if unit == "week" else 1))
    months = day.month - 1 + n * {"month": 1, "year": 12, "decade": 120}[unit]
    year, month = day.year + months // 12, months % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _unit_period(day: datetime.date, unit: str) -> Period:
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


def _season_period(year: int, first_month: int, length: int) -> Period:
    start = datetime.date(year, first_month, 1)
    return start, _unit_period(_shift(start, "month", length - 1), "month")[1]


# --- regex supplement ----------------------------------------------------------------------


def _build_supplement(raw: Mapping[str, Any]) -> re.Pattern[str]:
    """Compile the supplement templates of dates.yaml, filling placeholders from the vocabulary."""
    fills = _placeholders(raw)

    def fill(template: str) -> str:
        def replace(match: re.Match[str]) -> str:
            if match.group(1) not in fills:
                raise ValueError(
                    f"unknown placeholder {{{match.group(1)}}} in dates.yaml supplement; "
                    f"expected one of {sorted(fills)}"
                )
            return fills[match.group(1)]

        return _PLACEHOLDER.sub(replace, template)

    body = "|".join(f"(?:{fill(t)})" for t in raw["supplement"])
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _alternation(words: Iterable[str]) -> str:
    """Words as regex alternatives, longest first, spaces matching any horizontal whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", _SP) for w in sorted(words, key=len, reverse=True))


def _words(words: Iterable[str], *, ignore_case: bool = True) -> str:
    return f"(?i:{_alternation(words)})" if ignore_case else f"(?:{_alternation(words)})"


def _lookbehind(words: list[str]) -> str:
    """Fixed-width look-behinds for "in 2014", "on Sunday" (the preposition is not in the span)."""
    forms = {form for w in words for form in (w, w.capitalize())}
    return "(?:" + "|".join(rf"(?<=\b{re.escape(w)}\s)" for w in sorted(forms)) + ")"


def _placeholders(raw: Mapping[str, Any]) -> dict[str, str]:
    months = [w.capitalize() for group in raw["months"] for w in group]
    full_months = {group[0].capitalize() for group in raw["months"]}
    abbreviations = [rf"{re.escape(w)}\.?" for w in sorted(set(months) - full_months, key=len, reverse=True)]
    units = raw["units"]
    low, high = raw["year_range"]
    centuries = "|".join(str(c) for c in range(low // 100, high // 100 + 1))
    numbers = list(raw["numbers"]) + list(raw["vague_quantifiers"])
    ones = [w for w, n in raw["numbers"].items() if n == 1]
    connector = _words(raw["connectors"])
    article = _words(raw["definite_articles"])
    return {
        "SP": _SP,
        "MONTH": f"(?:{_alternation(full_months)}|{'|'.join(abbreviations)})",
        "MONTH_END": _words(months, ignore_case=False),
        "WEEKDAY": _words([group[0].capitalize() for group in raw["weekdays"]], ignore_case=False),
        "SEASON": _words(raw["seasons"]),
        "UNIT": _words(list(units)),
        "UNITS": _words([w for unit, words in units.items() for w in words if w != unit]),
        "REL": _words(raw["relative_words"]),
        "COUNT": rf"(?:{_words(ones)}{_SP})?(?:{_words(numbers)}|\d{{1,3}})(?:{_SP}{connector})?",
        "PART": rf"(?:{article}{_SP})?{_words(raw['part_words'])}(?:-|{_SP})(?:{connector}{_SP})?",
        "DAY": r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?",
        "YEAR": rf"(?:{centuries})\d\d",
        "DECADE": rf"(?:{centuries})\d0s",
        "AGO": _words(raw["ago_words"]),
        "HEDGE": _words(raw["supplement_hedges"]),
        "DAYWORD": _words(raw["day_words"]),
        "CONTEXT": _lookbehind(raw["context_prepositions"]),
        "WEEKDAY_CONTEXT": _lookbehind(raw["weekday_context_prepositions"]),
    }
