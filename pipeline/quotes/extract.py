"""Find direct quotations in an article text and attribute each to a speaker."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pipeline.quotes.attribution import Subject, after_subject, before_subject, sentence_subject, tail_subject
from pipeline.quotes.context import (
    NO_SPEAKER,
    WORD,
    Quote,
    QuoteContext,
    RawQuote,
    SaidQuote,
    Speaker,
    para_sentence_end,
    para_sentence_start,
    sentence_start,
)
from pipeline.quotes.marks import find_marks, mask_quotes, sentence_boundaries, trim_quote, with_single_quotes
from pipeline.quotes.patterns import QuotePatterns, load_quote_patterns, verb_matches
from pipeline.quotes.speaker_resolution import leading_speaker, resolve_speaker
from pipeline.quotes.speakers import ActorSpan

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
    (X said: “…”, X said that “…”, According to X, “…”), or in a short ", he said" clause or a
    closing ", said X" / ", according to X" of the same sentence; a relay verb after it ("…,” the
    agency reported) yields to a speech verb before it. Without one it continues the quotation
    before it in its paragraph, or, as a phrase of a few words, belongs to the subject of its
    sentence when that sentence has a speech verb ("He called the attack “a cowardly act” and
    vowed revenge"), or, opening its paragraph, continues the statement the previous paragraph
    reported ("X said on Monday."). Otherwise it is kept only if it opens its sentence (or follows
    ':' or ','), starts with a capital and has min_unattributed_words words: that separates quoted
    speech from epithets ("the most isolated town in Iraq") and scare quotes ("sleeping").
    """
    for span in actor_spans:
        if not 0 <= span.start <= span.end <= len(text):
            raise ValueError(f"actor span {span!r} is outside the text (length {len(text)})")
    paras = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    doubles = [raw for i, para in enumerate(paras) for raw in find_marks(text, para, i, patterns)]
    raws = with_single_quotes(text, paras, doubles, patterns)
    masked = mask_quotes(text, raws)
    bounds = [sentence_boundaries(masked, para, patterns) for para in paras]
    spans = tuple(sorted(actor_spans, key=lambda s: (s.start, s.end)))
    ctx = QuoteContext(text, masked, spans, patterns, raws, paras, bounds)
    for index, raw in enumerate(raws):
        _attribute(ctx, index, raw)
    return _carry_back(ctx)


def _attribute(ctx: QuoteContext, index: int, raw: RawQuote) -> None:
    """Keep a quotation if it is attributed, continues an attributed one, or is a full sentence."""
    start, end = trim_quote(ctx.text, raw.inner_start, raw.inner_end)
    if start == end:
        return
    subject = after_subject(ctx, index, raw)
    if subject is None or subject.relayed:  # "X said, “…,” the agency reported": X's words, relayed
        subject = before_subject(ctx, index, raw) or subject
    subject = subject or tail_subject(ctx, raw)
    earlier = _speaker_earlier_in_sentence(ctx, index, raw)
    by_previous = False
    if subject is not None and subject.main_clause and earlier is not None:
        speaker = earlier  # "“…,” said X, denouncing the attack as “…”": X's, as the first one
    elif subject is not None:
        speaker = resolve_speaker(ctx, subject, raw)
        if speaker[0] is None and earlier is not None:
            speaker = earlier  # "X called it “…” and said there was “…”": the verb's subject is X's, elided
    else:
        speaker, by_previous = _unattributed_speaker(ctx, index, raw)
    attributed = speaker is not None
    if speaker is None and _is_full_sentence(ctx, raw, ctx.text[start:end]):
        speaker = NO_SPEAKER
    if speaker is not None:
        quote = Quote(start, end, ctx.text[start:end], *speaker)
        ctx.said.append(SaidQuote(quote, raw.para, index, attributed, by_previous and attributed))


def _unattributed_speaker(ctx: QuoteContext, index: int, raw: RawQuote) -> tuple[Speaker | None, bool]:
    """The speaker of a quotation with no attribution of its own, and whether it was taken from
    the paragraph before (weaker evidence than a quotation's own sentence: _carry_back may
    replace it): the quotation it continues, the subject of its sentence, or the statement the
    previous paragraph reported."""
    speaker = _continued_speaker(ctx, index, raw)
    if speaker is not None:
        return speaker, ctx.said[-1].para != raw.para
    speaker = _inline_speaker(ctx, raw)
    if speaker is not None:
        return speaker, False
    speaker = _paragraph_speaker(ctx, raw)
    return speaker, speaker is not None


def _speaker_earlier_in_sentence(ctx: QuoteContext, index: int, raw: RawQuote) -> Speaker | None:
    """The speaker of the attributed quotation just before this one in the same sentence, if any."""
    previous = ctx.said[-1] if ctx.said else None
    if not previous or not previous.attributed or previous.index != index - 1 or previous.quote.speaker is None:
        return None
    if ctx.raws[index - 1].open_start < sentence_start(ctx, raw, raw.open_start):
        return None
    p = previous.quote
    return p.speaker, p.speaker_id, p.speaker_start, p.speaker_end


def _continued_speaker(ctx: QuoteContext, index: int, raw: RawQuote) -> Speaker | None:
    """“…,” X said. “…more…”: a quotation opening a sentence right after an attributed one of the
    same paragraph is the same speaker's; so is one opening the next paragraph when the attributed
    one was left open at its paragraph's end (the press convention for a quotation running over
    several paragraphs), or when it is that paragraph's only text."""
    previous = ctx.said[-1] if ctx.said else None
    if not previous or not previous.attributed or previous.index != index - 1:
        return None
    next_para = previous.para == raw.para - 1 and (
        _runs_on(ctx, index - 1) or (_fills_paragraph(ctx, raw) and not _reads_as_heading(ctx, raw))
    )
    if previous.para != raw.para and not next_para:
        return None
    if ctx.masked[sentence_start(ctx, raw, raw.open_start) : raw.open_start].strip():
        return None
    p = previous.quote
    return p.speaker, p.speaker_id, p.speaker_start, p.speaker_end


def _fills_paragraph(ctx: QuoteContext, raw: RawQuote) -> bool:
    """True when a quotation is its paragraph's only text: a quoted paragraph right after an
    attributed one goes on with the same voice ("…,” the governor wrote. / “This time with a
    500-kg bomb.”)."""
    start, end = ctx.paras[raw.para]
    return not re.sub(r"[\s.,;:!?…—–-]", "", ctx.masked[start : raw.open_start] + ctx.masked[raw.close_end : end])


def _reads_as_heading(ctx: QuoteContext, raw: RawQuote) -> bool:
    """True when a quotation filling its paragraph is a crosshead ("‘Governing differently’"): a few
    words with no closing . ! ? … , which a quoted sentence of speech has."""
    inner = ctx.text[raw.inner_start : raw.inner_end]
    outside = ctx.text[raw.close_end : ctx.paras[raw.para][1]]  # British style: ‘… bomb’.
    ends = (inner + outside).rstrip(" ”’\"'»")
    return bool(ends) and ends[-1] not in ".!?…" and len(WORD.findall(inner)) < ctx.patterns.min_unattributed_words


def _runs_on(ctx: QuoteContext, index: int) -> bool:
    """True when quotation `index` has no closing mark and the next one opens the next paragraph."""
    raw = ctx.raws[index]
    if raw.close_end != raw.inner_end or index + 1 >= len(ctx.raws):
        return False
    following = ctx.raws[index + 1]
    return (
        following.para == raw.para + 1 and not ctx.masked[ctx.paras[following.para][0] : following.open_start].strip()
    )


def _carry_back(ctx: QuoteContext) -> list[Quote]:
    """A quotation left open at its paragraph's end with no speaker is the speaker's of the
    attributed quotation that opens the next paragraph ("“We left at night …¶“… and walked for
    days,” she said."); so is one given only the previous paragraph's speaker, since the open mark
    says the same quotation goes on ("X told the soldiers …¶“…¶“…,” the communique reads.")."""
    by_index = {said.index: said for said in ctx.said}
    quotes = []
    for said in ctx.said:
        following = by_index.get(said.index + 1)
        unsure = said.quote.speaker is None or said.by_previous_paragraph
        if unsure and following and following.attributed and _runs_on(ctx, said.index):
            f = following.quote
            said = replace(
                said,
                quote=replace(
                    said.quote,
                    speaker=f.speaker,
                    speaker_id=f.speaker_id,
                    speaker_start=f.speaker_start,
                    speaker_end=f.speaker_end,
                ),
            )
        quotes.append(said.quote)
    return quotes


def _inline_speaker(ctx: QuoteContext, raw: RawQuote) -> Speaker | None:
    """A quoted phrase inside a sentence whose subject speaks in it is that subject's."""
    subject = sentence_subject(ctx, raw)
    return leading_speaker(ctx, subject, raw) if subject is not None else None


def _paragraph_speaker(ctx: QuoteContext, raw: RawQuote) -> Speaker | None:
    """A paragraph that opens with an unattributed quotation continues the statement the previous
    paragraph reported ("X said on Monday." / "The army said in a statement:"): the speaker of that
    paragraph's last speech or description verb, unless a quotation follows the verb's sentence start there (that
    quotation is what the verb attributed)."""
    if raw.para == 0 or ctx.masked[ctx.paras[raw.para][0] : raw.open_start].strip():
        return None
    para = raw.para - 1
    verbs = [m for m in verb_matches(ctx.masked, ctx.patterns, *ctx.paras[para]) if m.group("verb")]
    if not verbs:
        return None
    verb = verbs[-1]
    start = para_sentence_start(ctx, para, verb.start())
    if any(r.para == para and r.close_end > start for r in ctx.raws):
        return None
    if ctx.masked[start : verb.start()].strip():
        subject = Subject(start, verb.start(), last_person=True)
    else:
        subject = Subject(verb.end(), para_sentence_end(ctx, para, verb.end()), first_piece=True)
    speaker = resolve_speaker(ctx, subject, raw)
    return speaker if speaker[0] is not None else None


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
