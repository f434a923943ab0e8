"""Find direct quotations in an article text and attribute each to a speaker."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.attribution import after_subject, before_subject, tail_subject
from pipeline.quote_context import (
    NO_SPEAKER,
    WORD,
    Quote,
    QuoteContext,
    RawQuote,
    SaidQuote,
    Speaker,
    sentence_start,
)
from pipeline.quote_marks import find_marks, mask_quotes, sentence_boundaries, trim_quote
from pipeline.quote_patterns import QuotePatterns, load_quote_patterns
from pipeline.speaker_resolution import resolve_speaker
from pipeline.speakers import ActorSpan

__all__ = ["ActorSpan", "Quote", "QuotePatterns", "extract_quotes", "load_quote_patterns"]

_LINE = re.compile(r"[^\n]+")


def extract_quotes(text: str, actor_spans: Sequence[ActorSpan], patterns: QuotePatterns) -> list[Quote]:
    """Direct quotations with their speakers, in text order.

    text (str): the cleaned article body; paragraphs are lines (blank lines allowed).
    actor_spans (Sequence[ActorSpan]): resolved actor mentions; persons and organisations can speak.
    patterns (QuotePatterns): from load_quote_patterns.
    RETURNS (list[Quote]): attributed quotations, quotations that continue an attributed one, and
        unattributed ones that read as a full sentence; scare quotes are dropped.

    A quotation is attributed by a speech verb in its sentence: after it ("…,” X said), before it
    (X said: “…”, X said that “…”, According to X, “…”), or in a short ", he said" clause of the
    same sentence. Without one it is kept only if it opens its sentence (or follows ':' or ','),
    starts with a capital and has min_unattributed_words words: that separates quoted speech from
    epithets ("the most isolated town in Iraq") and scare quotes ("sleeping").
    """
    for span in actor_spans:
        if not 0 <= span.start <= span.end <= len(text):
            raise ValueError(f"actor span {span!r} is outside the text (length {len(text)})")
    paras = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    raws = [raw for i, para in enumerate(paras) for raw in find_marks(text, para, i, patterns)]
    masked = mask_quotes(text, raws)
    bounds = [sentence_boundaries(masked, para, patterns) for para in paras]
    spans = tuple(sorted(actor_spans, key=lambda s: (s.start, s.end)))
    ctx = QuoteContext(text, masked, spans, patterns, raws, paras, bounds)
    for index, raw in enumerate(raws):
        _attribute(ctx, index, raw)
    return [said.quote for said in ctx.said]


def _attribute(ctx: QuoteContext, index: int, raw: RawQuote) -> None:
    """Keep a quotation if it is attributed, continues an attributed one, or is a full sentence."""
    start, end = trim_quote(ctx.text, raw.inner_start, raw.inner_end)
    if start == end:
        return
    subject = after_subject(ctx, index, raw) or before_subject(ctx, index, raw) or tail_subject(ctx, raw)
    speaker = resolve_speaker(ctx, subject, raw) if subject is not None else _continued_speaker(ctx, index, raw)
    attributed = speaker is not None
    if speaker is None and _is_full_sentence(ctx, raw, ctx.text[start:end]):
        speaker = NO_SPEAKER
    if speaker is not None:
        ctx.said.append(SaidQuote(Quote(start, end, ctx.text[start:end], *speaker), raw.para, index, attributed))


def _continued_speaker(ctx: QuoteContext, index: int, raw: RawQuote) -> Speaker | None:
    """“…,” X said. “…more…”: a quotation opening a sentence right after an attributed one of the
    same paragraph is the same speaker's."""
    previous = ctx.said[-1] if ctx.said else None
    if not previous or not previous.attributed or previous.index != index - 1 or previous.para != raw.para:
        return None
    if ctx.masked[sentence_start(ctx, raw, raw.open_start) : raw.open_start].strip():
        return None
    p = previous.quote
    return p.speaker, p.speaker_id, p.speaker_start, p.speaker_end


def _is_full_sentence(ctx: QuoteContext, raw: RawQuote, quote: str) -> bool:
    """An unattributed quotation is kept only if it reads as a sentence of its own, not an epithet."""
    letters = [ch for ch in quote if ch.isalpha()]
    before = ctx.masked[sentence_start(ctx, raw, raw.open_start) : raw.open_start].strip()
    return (
        bool(letters)
        and letters[0].isupper()
        and (not before or before[-1] in ":,")
        and len(WORD.findall(quote)) >= ctx.patterns.min_unattributed_words
    )
