"""Compile the regex supplement of dates.yaml that finds date expressions the spaCy model misses."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_SP = r"[^\S\r\n]+"
_PLACEHOLDER = re.compile(r"\{([A-Z_]+)\}")


def build_supplement(raw: Mapping[str, Any]) -> re.Pattern[str]:
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
