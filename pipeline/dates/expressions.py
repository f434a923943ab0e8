"""Find date expressions in news text and resolve them to periods, relative to the publication date."""

from __future__ import annotations

import datetime
import unicodedata

from pipeline.dates.grammar import resolve_key
from pipeline.dates.patterns import (
    DatePatterns,
    is_year,
    normalize_expression,
    strip_leading_words,
)
from pipeline.dates.periods import ResolvedDate


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
    return resolve_key(normalize_expression(expression), published, patterns)


def is_date_expression(expression: str, right_context: str, patterns: DatePatterns) -> bool:
    """Tell whether a span labelled DATE (by spaCy or the supplement) really is a point in time.

    Rejects ages ("60 years of age", "25-year" before "-old"), frequencies ("daily") and durations
    without an anchor ("two years", "a single week", "the year"), and spans with no word at all.
    "recent days", "the past month", "this week", "two years ago" have an anchor and are kept.
    right_context (str): the text right after the span.
    """
    key = normalize_expression(expression)
    context = unicodedata.normalize("NFKC", right_context).lstrip().lower()
    if not key or any(p.search(key) for p in patterns.age_patterns):
        return False
    if any(p.search(context) for p in patterns.age_right_context_patterns):
        return False
    tokens, _ = strip_leading_words(key.split(), patterns)
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


def _is_duration_word(token: str, patterns: DatePatterns) -> bool:
    return (
        token in patterns.duration_fillers
        or token in patterns.numbers
        or token in patterns.vague_quantifiers
        or token in patterns.connectors
        or (token.isdigit() and not is_year(token, patterns))
    )
