"""Read data/patterns/dates.yaml into the date vocabulary, and normalise expressions to its keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.dates.supplement import build_supplement
from pipeline.knowledge_files import strictly


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


def load_date_patterns(path: Path) -> DatePatterns:
    """Read dates.yaml and compile it.

    path (Path): the YAML file (data/patterns/dates.yaml).
    RETURNS (DatePatterns): vocabulary, conventions and the compiled regex supplement.
    """
    with strictly(path) as raw:
        return build_date_patterns(raw)


def build_date_patterns(raw: Mapping[str, Any]) -> DatePatterns:
    """Turn the parsed YAML mapping into DatePatterns; keys are normalised like expressions."""
    months = _index_words(raw["months"], first=1)
    units = {normalize_expression(w): unit for unit, words in raw["units"].items() for w in words}
    words = {
        "months": months,
        "weekdays": _index_words(raw["weekdays"], first=0),
        "seasons": {normalize_expression(k): v for k, v in raw["seasons"].items()},
        "season_months": raw["season_months"],
        "holidays": {normalize_expression(k): tuple(v) for k, v in raw["holidays"].items()},
        "units": units,
        "plural_units": frozenset(w for w, unit in units.items() if w != unit),
        "unit_granularity": dict(raw["unit_granularity"]),
        "vague_counts": dict(raw["vague_counts"]),
        "numbers": dict(raw["numbers"]),
        "relative_words": dict(raw["relative_words"]),
        "day_words": {normalize_expression(k): v for k, v in raw["day_words"].items()},
        "part_words": dict(raw["part_words"]),
        "part_ranges": {g: {p: tuple(r) for p, r in parts.items()} for g, parts in raw["part_ranges"].items()},
        "future_window_days": raw["future_window_days"],
        "year_range": tuple(raw["year_range"]),
        "age_patterns": tuple(re.compile(p) for p in raw["age_patterns"]),
        "age_right_context_patterns": tuple(re.compile(p) for p in raw["age_right_context_patterns"]),
        "supplement": build_supplement(raw),
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


def normalize_expression(expression: str) -> str:
    """Lower-case, unify spaces and apostrophes, drop punctuation except inside numeric dates."""
    text = unicodedata.normalize("NFKC", expression).replace("\u2019", "'").replace("\u2018", "'").lower()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"(?<!\d)[/.:-]|[/.:-](?!\d)|[^\w\s/.:-]|_", " ", text)
    return " ".join(text.split())


def _index_words(groups: list[list[str]], *, first: int) -> dict[str, int]:
    """Map every name and abbreviation of the n-th group to first + n (January = 1, Monday = 0)."""
    return {normalize_expression(word): i + first for i, group in enumerate(groups) for word in group}


def strip_leading_words(tokens: list[str], patterns: DatePatterns) -> tuple[list[str], bool]:
    """Drop leading prepositions, hedges and articles; report whether a definite article was there."""
    has_the = False
    while tokens and (tokens[0] in patterns.leading_words or tokens[0] in patterns.definite_articles):
        has_the = has_the or tokens[0] in patterns.definite_articles
        tokens = tokens[1:]
    return [t for t in tokens if t not in patterns.connectors], has_the


def is_year(token: str, patterns: DatePatterns) -> bool:
    """A four-digit number inside dates.yaml year_range."""
    low, high = patterns.year_range
    return len(token) == 4 and token.isdigit() and low <= int(token) <= high
