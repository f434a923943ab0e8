"""Find abbreviations an article defines itself: "Popular Mobilization Units (PMUs)"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SHORT_IN_PARENS = re.compile(r"\(\s*([A-Z][A-Za-z.&-]{0,9}?[A-Z.]?)(s)?\s*\)")
# "the Popular Mobilization Commission, or PMC, ..." and "..., known as the PMC."
_SHORT_AFTER_OR = re.compile(r",\s+(?:or|also known as|known as)\s+(?:the\s+)?([A-Z][A-Z.&-]{1,9})(s)?(?=[,.;:)]|\s)")
_WORD = re.compile(r"[\w’'.-]+")
# "SAMIM (the Southern African Development Community Mission in Mozambique)": the short form first.
_LONG_IN_PARENS = re.compile(r"\b([A-Z][A-Za-z&-]{1,9})\s+\(\s*(?:the\s+)?([A-Z][^()]{4,150}?)\s*\)")


@dataclass(frozen=True)
class Abbreviation:
    """One definition: text[short_start:short_end] abbreviates text[long_start:long_end]."""

    short: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Definitions of the form LONG FORM (SHORT), LONG FORM, or SHORT, and SHORT (LONG FORM), after
    Schwartz & Hearst (2003).

    The short form must be mostly upper case; the long form is the shortest run of words just
    before the parenthesis whose letters contain the short form's letters in order, each word
    start anchored, within min(|short| + 5, 2 * |short|) words.
    """
    found = []
    matches = sorted([*_SHORT_IN_PARENS.finditer(text), *_SHORT_AFTER_OR.finditer(text)], key=lambda m: m.start())
    for match in matches:
        short = match.group(1).rstrip(".")
        letters = re.sub(r"[^A-Za-z]", "", short)
        if len(letters) >= 4 and sum(ch.isupper() for ch in letters) < len(letters) / 2:
            long_start = _blended_form_start(text, match.start(), letters)
            if long_start is not None:
                long_end = len(text[: match.start()].rstrip())
                found.append(Abbreviation(short, match.start(1), match.start(1) + len(short), long_start, long_end))
            continue
        if len(letters) < 2:
            continue
        long_start = _long_form_start(text, match.start(), letters)
        if long_start is None:
            long_start = _translated_form_start(text, match.start(), letters)
        if long_start is None:
            long_start = _shortened_form_start(text, match.start(), letters)
        if long_start is None:
            continue
        long_end = len(text[: match.start()].rstrip())
        found.append(Abbreviation(short, match.start(1), match.start(1) + len(short), long_start, long_end))
    return found + [a for a in _short_first(text) if all(a.short_start != f.short_start for f in found)]


def common_noun_shorts(text: str) -> frozenset[str]:
    """Abbreviations an article defines by a common noun phrase, all in lower case: "organized armed
    groups (GAO)", "improvised explosive devices (IEDs)". They name a kind of thing, never an actor,
    whatever the gazetteer reads in the letters (Gao, the Malian town)."""
    shorts = set()
    for match in _SHORT_IN_PARENS.finditer(text):
        short = match.group(1).rstrip(".")
        letters = re.sub(r"[^A-Za-z]", "", short)
        if len(letters) < 2 or not letters.isupper():
            continue
        window = text[max(0, match.start() - 120) : match.start()]
        words = _WORD.findall(window)[-min(len(letters) + 5, 2 * len(letters)) :]
        for first in range(len(words) - 1, -1, -1):
            phrase = " ".join(words[first:])
            in_order = phrase[:1] == letters[0].lower() and _matches(letters.lower(), phrase)
            translated = len(letters) >= 3 and sorted(w[0] for w in words[first:]) == sorted(letters.lower())
            if phrase.islower() and (in_order or translated):  # "organized armed groups (GAO)": Spanish order
                shorts.add(short)
                break
            if not phrase.islower():
                break
    return frozenset(shorts)


def _short_first(text: str) -> list[Abbreviation]:
    """SHORT (LONG FORM): the whole bracket is the long form when its words hold the short form's
    letters in order, the first at its first word, within the Schwartz-Hearst word limit."""
    found = []
    for match in _LONG_IN_PARENS.finditer(text):
        short, long = match.group(1), match.group(2)
        letters = re.sub(r"[^A-Za-z]", "", short)
        words = _WORD.findall(long)
        if len(letters) < 2 or sum(ch.isupper() for ch in letters) < len(letters) / 2 or len(words) < 2:
            continue
        if len(words) > min(len(letters) + 5, 2 * len(letters)) or long[0].lower() != letters[0].lower():
            continue
        if _matches(letters.lower(), long.lower()):
            found.append(Abbreviation(short, match.start(1), match.end(1), match.start(2), match.end(2)))
    return found


def _window(text: str, paren: int, size: int) -> tuple[str, int]:
    """The text a long form may come from, ending at the parenthesis: at most `size` characters, and
    none before a line break (a headline and its dateline are no name: "… southern Lebanon / Beirut,
    May 14 (IANS)") or a bracket (an earlier "(AFP)" closes what came before it). Returns it with its
    offset in `text`."""
    start = max(0, paren - size, *(text.rfind(mark, 0, paren) + 1 for mark in "\n()"))
    return text[start:paren], start


def _long_form_start(text: str, paren: int, letters: str) -> int | None:
    window, offset = _window(text, paren, 200)
    words = list(_WORD.finditer(window))
    limit = min(len(letters) + 5, 2 * len(letters))
    candidates = words[-limit:]
    for first in range(len(candidates) - 1, -1, -1):
        phrase = window[candidates[first].start() : candidates[-1].end()] if candidates else ""
        if _matches(letters.lower(), phrase.lower()) and phrase[:1].isupper():
            return offset + candidates[first].start()
    return None


def _translated_form_start(text: str, paren: int, letters: str) -> int | None:
    """An acronym of the name in another language: "Defence and Security Forces (FDS)", "Coordination
    of Azawad Movements (CMA)", "Mozambique Defence Armed Forces (FADM)" keep the French or Portuguese
    order. The long form is the shortest run of words before the parenthesis, starting with a
    capital, whose capitalised words' initials are the acronym's letters in some order. Three
    letters at least: two letters match by chance."""
    if len(letters) < 3 or not letters.isupper():
        return None
    window, offset = _window(text, paren, 200)
    words = list(_WORD.finditer(window))[-2 * len(letters) :]
    wanted = sorted(letters)
    for first in range(len(words) - 1, -1, -1):
        initials = sorted(w.group()[0] for w in words[first:] if w.group()[:1].isupper())
        if not words[first].group()[:1].isupper():
            continue
        if initials == wanted:
            return offset + words[first].start()
        if len(initials) > len(wanted):
            return None
    return None


def _shortened_form_start(text: str, paren: int, letters: str) -> int | None:
    """A long form written without its last word: "Tehreek-e-Taliban (TTP)" drops "Pakistan",
    "Islamic State of Iraq (ISIL)" would drop "Levant". The capitalised parts of the words just before the
    parenthesis (hyphenated parts counted apart) give the acronym's letters but the last, in order.
    Three letters at least, two initials at least."""
    if len(letters) < 3 or not letters.isupper():
        return None
    window, offset = _window(text, paren, 120)
    words = list(_WORD.finditer(window))
    wanted = letters[:-1]
    for first in range(len(words) - 1, -1, -1):
        parts = [p for w in words[first:] for p in re.split(r"[-‐]", w.group()) if p[:1].isupper()]
        initials = "".join(p[0] for p in parts)
        if not wanted.endswith(initials):
            return None
        if initials == wanted and words[first].group()[:1].isupper():
            return offset + words[first].start()
    return None


def _blended_form_start(text: str, paren: int, letters: str) -> int | None:
    """A short form blended from the starts of the long form's words, as military commands are:
    "Western Mindanao Command (Westmincom)", "Central Command (Centcom)". The shortest run of two
    words or more before the parenthesis, the first capitalised, whose words' starts, in order,
    spell the short form, each word giving at least its first letter."""
    window, offset = _window(text, paren, 120)
    words = list(_WORD.finditer(window))[-6:]
    for first in range(len(words) - 2, -1, -1):
        run = [w.group().lower() for w in words[first:]]
        if words[first].group()[:1].isupper() and _spelled_by_starts(letters.lower(), run):
            return offset + words[first].start()
    return None


def _spelled_by_starts(short: str, words: list[str]) -> bool:
    """Whether `short` is the concatenation of a non-empty prefix of each word, in order."""
    if not words:
        return not short
    head, rest = words[0], words[1:]
    return any(
        short[:size] == head[:size] and _spelled_by_starts(short[size:], rest)
        for size in range(1, min(len(head), len(short) - len(rest)) + 1)
    )


def _matches(short: str, long: str) -> bool:
    """Schwartz-Hearst backward match: every short-form letter found in order, the first one at a
    word start."""
    s_index, l_index = len(short) - 1, len(long) - 1
    while s_index >= 0:
        char = short[s_index]
        while l_index >= 0 and (
            long[l_index] != char or (s_index == 0 and l_index > 0 and long[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return False
        s_index -= 1
        l_index -= 1
    return True
