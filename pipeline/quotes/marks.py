"""Find quotation marks: pair them per paragraph, mask the quoted words and find sentence ends."""

from __future__ import annotations

import re

from pipeline.quotes.context import RawQuote
from pipeline.quotes.patterns import QuotePatterns, boundary_regex, mark_regex, single_mark_regex

_TRAILING_WORD = re.compile(r"(\w+)\Z")
_SENTENCE_PUNCT = ".!?"
# what may stand right before a single opening mark besides a space, and right after a closing one
_OPEN_BEFORE = '([{—–“"«'
_CLOSE_AFTER = '.,;:!?)]}—–…”"»'
# an invisible non-word character: masked quotations hold no words, verbs or commas
_MASK = "\u2063"


def find_marks(text: str, para: tuple[int, int], index: int, patterns: QuotePatterns) -> list[RawQuote]:
    """Pair quote marks in one paragraph; an unclosed quotation ends with its paragraph."""
    openers = {a for a, _ in patterns.quote_pairs}
    closers = {b for _, b in patterns.quote_pairs}
    raws, opened = [], None
    for m in mark_regex(patterns).finditer(text, *para):
        if opened is not None and m.group() in closers:
            raws.append(RawQuote(opened.start(), opened.end(), m.start(), m.end(), index))
            opened = None
        elif m.group() in openers:
            # a second opening mark inside a quotation means the first one was never closed
            if opened is not None:
                raws.append(RawQuote(opened.start(), opened.end(), m.start(), m.start(), index))
            opened = m
    if opened is not None:
        raws.append(RawQuote(opened.start(), opened.end(), para[1], para[1], index))
    return raws


def with_single_quotes(
    text: str, paras: list[tuple[int, int]], raws: list[RawQuote], patterns: QuotePatterns
) -> list[RawQuote]:
    """The double-quoted quotations plus the single-quoted ones outside them, in text order; a
    double-quoted quotation nested in a single-quoted one (British style: ‘He said “go”,’) is
    part of it, not a quotation of its own."""
    singles = [
        single
        for i, para in enumerate(paras)
        for single in find_single_marks(text, para, i, patterns, [r for r in raws if r.para == i])
    ]
    inside = [r for r in raws if any(s.open_start < r.open_start and r.close_end <= s.close_end for s in singles)]
    return sorted([r for r in raws if r not in inside] + singles, key=lambda r: r.open_start)


def find_single_marks(
    text: str, para: tuple[int, int], index: int, patterns: QuotePatterns, taken: list[RawQuote]
) -> list[RawQuote]:
    """Pair single quotation marks in one paragraph, outside the quotations already `taken`.

    The marks are apostrophes too, so a mark opens only after a space or an opening bracket and
    before a letter or digit, closes only after a non-space and before a space, punctuation or the
    paragraph's end, and does neither between two letters (don’t, Kata’ib). A closing mark after
    "s" and before a word ("the soldiers’ camp") may be a plural possessive: it closes only when no
    other closing mark follows before the next opening one. An opening mark never closed is an
    apostrophe (’90s), not a quotation running to the paragraph's end.
    """
    openers = {a for a, _ in patterns.single_quote_pairs}
    closers = {b for _, b in patterns.single_quote_pairs}
    raws: list[RawQuote] = []
    opened: re.Match[str] | None = None
    possessive: re.Match[str] | None = None
    for m in single_mark_regex(patterns).finditer(text, *para):
        if any(r.open_start <= m.start() < r.close_end for r in taken):
            continue
        before = text[m.start() - 1] if m.start() > para[0] else " "
        after = text[m.end()] if m.end() < para[1] else " "
        if "'" in (before, after) or (before.isalnum() and after.isalpha()):
            continue
        closes = not before.isspace() and (after.isspace() or after in _CLOSE_AFTER)
        if opened is not None and m.group() in closers and closes:
            if before == "s" and after.isspace() and text[m.end() : m.end() + 2].strip()[:1].isalpha():
                possessive = possessive or m
                continue
            raws.append(RawQuote(opened.start(), opened.end(), m.start(), m.end(), index))
            opened = possessive = None
        elif m.group() in openers and (before.isspace() or before in _OPEN_BEFORE) and after.isalnum():
            if opened is not None and possessive is not None:
                raws.append(RawQuote(opened.start(), opened.end(), possessive.start(), possessive.end(), index))
            opened, possessive = m, None
    if opened is not None and possessive is not None:
        raws.append(RawQuote(opened.start(), opened.end(), possessive.start(), possessive.end(), index))
    return raws


def mask_quotes(text: str, raws: list[RawQuote]) -> str:
    """Hide quoted words so that verbs inside a quotation never attribute it; a final . ! ? stays
    visible because it ends the sentence."""
    chars = list(text)
    for raw in raws:
        inner = text[raw.inner_start : raw.inner_end].rstrip()
        keep = 1 if inner and inner[-1] in _SENTENCE_PUNCT else 0
        for i in range(raw.inner_start, raw.inner_start + len(inner) - keep):
            chars[i] = _MASK
    return "".join(chars)


def sentence_boundaries(masked: str, para: tuple[int, int], patterns: QuotePatterns) -> list[tuple[int, int]]:
    """Sentence ends in a paragraph as (position of the full stop, start of the next sentence)."""
    found = []
    for m in boundary_regex(patterns).finditer(masked, *para):
        word = _TRAILING_WORD.search(masked, max(para[0], m.start() - 20), m.start())
        if word and (len(word.group()) == 1 or word.group() in patterns.abbreviations):
            continue
        found.append((m.start(), m.end()))
    return found


def trim_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the quoted words without surrounding space or the comma before the attribution."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end
