"""Find quotation marks: pair them per paragraph, mask the quoted words and find sentence ends."""

from __future__ import annotations

import re

from pipeline.quote_context import RawQuote
from pipeline.quote_patterns import QuotePatterns, boundary_regex, mark_regex

_TRAILING_WORD = re.compile(r"(\w+)\Z")
_SENTENCE_PUNCT = ".!?"
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
