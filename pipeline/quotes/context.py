"""The state quotation finding shares: quotations as marked and as kept, and sentences of the masked text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.quotes.patterns import QuotePatterns
from pipeline.quotes.speakers import ActorSpan, actor_genders

WORD = re.compile(r"[^\W_][\w’'.-]*")
Speaker = tuple[str | None, str | None, int | None, int | None]
NO_SPEAKER: Speaker = (None, None, None, None)


@dataclass(frozen=True)
class Quote:
    """A quotation without its marks (text[start:end] == quote) and who said it, if known."""

    start: int
    end: int
    quote: str
    speaker: str | None
    speaker_id: str | None
    speaker_start: int | None
    speaker_end: int | None


@dataclass(frozen=True)
class RawQuote:
    """A quotation as marked: marks at [open_start, inner_start) and [inner_end, close_end)."""

    open_start: int
    inner_start: int
    inner_end: int
    close_end: int
    para: int


@dataclass(frozen=True)
class SaidQuote:
    """A kept quotation with the facts later quotations resolve against."""

    quote: Quote
    para: int
    index: int
    attributed: bool
    by_previous_paragraph: bool = False


@dataclass
class QuoteContext:
    """One call's text, its masked twin, sentence ends per paragraph, and the quotations kept so far."""

    text: str
    masked: str
    spans: tuple[ActorSpan, ...]
    patterns: QuotePatterns
    raws: list[RawQuote]
    paras: list[tuple[int, int]]
    bounds: list[list[tuple[int, int]]]
    said: list[SaidQuote] = field(default_factory=list)

    @cached_property
    def starts(self) -> list[int]:
        return [s.start for s in self.spans]

    @cached_property
    def genders(self) -> dict[str, str]:
        return actor_genders(self.masked, self.spans, self.patterns.cues)

    @cached_property
    def types(self) -> dict[str, str]:
        return {s.actor_id: s.type for s in reversed(self.spans)}


def sentence_start(ctx: QuoteContext, raw: RawQuote, pos: int) -> int:
    """Start of the sentence holding `pos`; quotations never split a sentence."""
    return para_sentence_start(ctx, raw.para, pos)


def sentence_end(ctx: QuoteContext, raw: RawQuote, pos: int) -> int:
    """End of the sentence holding `pos` (a full stop inside a quotation before `pos` is skipped)."""
    return para_sentence_end(ctx, raw.para, pos)


def para_sentence_start(ctx: QuoteContext, para: int, pos: int) -> int:
    """Start of the sentence holding `pos` in paragraph `para`."""
    starts = [nxt for _, nxt in ctx.bounds[para] if nxt <= pos]
    return starts[-1] if starts else ctx.paras[para][0]


def para_sentence_end(ctx: QuoteContext, para: int, pos: int) -> int:
    """End (the full stop, or the paragraph's end) of the sentence holding `pos` in paragraph `para`."""
    ends = [stop for stop, _ in ctx.bounds[para] if stop >= pos]
    return ends[0] if ends else ctx.paras[para][1]
