"""Read the number killed that a clause or sentence states: "killed 25", "25 people were killed",
"at least a dozen dead", "the death toll rose to 40"."""

from __future__ import annotations

import re

from pipeline.events.patterns import EventPatterns

_MAX_WORDS_BETWEEN = 3  # "25 [Malian soldiers were] killed"
_NOT_BETWEEN = frozenset({"after", "before", "when", "where", "who", "which", "that", "said", "says", "and", "or"})
_PATTERNS: dict[int, tuple[EventPatterns, list[re.Pattern[str]]]] = {}


def fatalities_in(text: str, patterns: EventPatterns) -> int | None:
    """The largest number killed stated in `text`, or None when it states none."""
    found = []
    for regex in _regexes(patterns):
        for match in regex.finditer(text):
            between = match.groupdict().get("between") or ""
            if any(w.lower() in _NOT_BETWEEN for w in between.split()):
                continue
            value = number_value(match.group("n"), patterns)
            if value is not None and not _a_year(match.group("n")):
                found.append(value)
    return max(found) if found else None


def number_value(words: str, patterns: EventPatterns) -> int | None:
    """ "25", "1,200", "twenty-five", "a dozen", "two hundred", "dozens" (ACLED: 12) -> int."""
    key = " ".join(words.lower().replace("-", " ").split())
    if key.replace(",", "").isdigit():
        return int(key.replace(",", ""))
    if key in patterns.numbers:
        return patterns.numbers[key]
    if key in patterns.vague_numbers:
        return patterns.vague_numbers[key]
    total = 0
    for word in key.split():
        if word in ("hundred", "thousand") and total:
            total *= patterns.numbers[word]
        elif word in patterns.numbers and word not in ("a", "an"):
            total += patterns.numbers[word]
        elif word != "and":
            return None
    return total or None


def _a_year(words: str) -> bool:
    return words.isdigit() and len(words) == 4 and 1900 <= int(words) <= 2100


def _regexes(patterns: EventPatterns) -> list[re.Pattern[str]]:
    cached = _PATTERNS.get(id(patterns))
    if cached is not None and cached[0] is patterns:
        return cached[1]
    words = sorted(set(patterns.numbers) | set(patterns.vague_numbers), key=len, reverse=True)
    number_word = "|".join(re.escape(w) for w in words)
    number = rf"(?P<n>\d[\d,]*(?<!,)|(?:{number_word})(?:[- ](?:{number_word}))*)"
    qualifier = "(?:(?:" + "|".join(re.escape(q) for q in patterns.qualifiers) + r")\s+)?"
    kill = "|".join(re.escape(w) for w in patterns.kill_verbs)
    dead = "|".join(re.escape(w) for w in patterns.dead_words)
    toll = "|".join(re.escape(w) for w in patterns.toll_words)
    between = rf"(?P<between>(?:[\w’'-]+\s+){{0,{_MAX_WORDS_BETWEEN}}}?)"
    regexes = [
        re.compile(rf"\b(?:{kill})\s+{qualifier}{number}\b", re.IGNORECASE),
        re.compile(rf"\b{qualifier}{number}\s+{between}(?:{dead})\b", re.IGNORECASE),
        re.compile(
            rf"\b(?:{toll})\b[^.;]{{0,40}}?\b(?:to|at|of|reached|is|was)\s+{qualifier}{number}\b", re.IGNORECASE
        ),
    ]
    if len(_PATTERNS) > 8:
        _PATTERNS.clear()
    _PATTERNS[id(patterns)] = (patterns, regexes)
    return regexes
