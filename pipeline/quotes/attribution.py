"""Find where a quotation's attribution names its speaker: after it, before it, or in a short tail clause."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.quotes.context import WORD, QuoteContext, RawQuote, sentence_end, sentence_start
from pipeline.quotes.patterns import tail_regex, verb_regex

_AFTER_PUNCT = ",?!—–-…"


@dataclass(frozen=True)
class Subject:
    """Where an attribution's speaker is written, and which end of it to prefer."""

    start: int
    end: int
    last_person: bool = False
    first_piece: bool = False
    main_clause: bool = False


def after_subject(ctx: QuoteContext, index: int, raw: RawQuote) -> Subject | None:
    """“…,” X said / “…,” said X / “…,” according to X: the attribution follows the quotation."""
    inner = ctx.text[raw.inner_start : raw.inner_end].rstrip()
    stop = ctx.raws[index + 1].open_start if index + 1 < len(ctx.raws) else len(ctx.text)
    region_end = min(sentence_end(ctx, raw, raw.close_end), stop)
    after = ctx.masked[raw.close_end : region_end]
    follow = after.lstrip()
    lower_start = bool(follow) and follow[0].islower()
    if not (inner and inner[-1] in _AFTER_PUNCT or follow.startswith(",") or (inner.endswith(".") and lower_start)):
        return None
    m = verb_regex(ctx.patterns).search(ctx.masked, raw.close_end, region_end)
    if m is None or len(WORD.findall(ctx.masked, raw.close_end, m.start())) > ctx.patterns.max_words_to_verb:
        return None
    if m.group("phrase") or not ctx.masked[raw.close_end : m.start()].strip(" ,"):
        return Subject(m.end(), region_end, first_piece=True)
    by = re.match(r"\s+by\s", ctx.masked[m.end() : region_end])
    if by and re.search(r"\b(?:was|were)\s*$", ctx.masked[raw.close_end : m.start()]):
        return Subject(m.end() + by.end(), region_end, first_piece=True)
    return Subject(raw.close_end, m.start())


def before_subject(ctx: QuoteContext, index: int, raw: RawQuote) -> Subject | None:
    """X said: “…” / X told Y, “…” / X said that “…” / According to X, “…” / “…,” he said, “…”:
    the attribution comes first; an earlier quotation of the sentence is not part of it."""
    start = sentence_start(ctx, raw, raw.open_start)
    for m in reversed(list(verb_regex(ctx.patterns).finditer(ctx.masked, start, raw.open_start))):
        gap = ctx.masked[_gap_start(ctx, index, m.end()) : raw.open_start].strip()
        if not _is_speech_gap(ctx, gap, m.group(), raw):
            continue
        if m.group("phrase"):
            return Subject(m.end(), raw.open_start, first_piece=True)
        if m.group() in ctx.patterns.clause_verbs:
            return Subject(start, m.start(), last_person=True, main_clause=True)
        closes = [r.close_end for r in ctx.raws[:index] if start <= r.close_end <= m.start()]
        subject_start = max([start, *closes])
        if ctx.masked[subject_start : m.start()].strip():
            return Subject(subject_start, m.start(), last_person=True)
        return Subject(m.end(), raw.open_start, first_piece=True)
    return None


def _gap_start(ctx: QuoteContext, index: int, verb_end: int) -> int:
    """Where the words between a verb and quotation `index` start: after the verb, or after an
    attributed quotation between them ('said they were “A” and would not “B”')."""
    previous = ctx.said[-1] if ctx.said else None
    if previous and previous.attributed and previous.index == index - 1 and ctx.raws[index - 1].open_start > verb_end:
        return ctx.raws[index - 1].close_end
    return verb_end


def _is_speech_gap(ctx: QuoteContext, gap: str, verb: str, raw: RawQuote) -> bool:
    """True when the words between a speech verb and a quotation make the quotation its object:
    nothing; a listener then ':' or ','; a reported clause opened by 'that' (or 'as' after
    'described'); or a short clause without one ('said it “…”') when the quotation is more than
    a scare-quoted word ('said the men wore “Kandahari-style” clothes')."""
    p = ctx.patterns
    words = [w.lower() for w in WORD.findall(gap)]
    if not gap or (gap[-1] in ":," and len(words) <= 10):
        return True
    links = p.reported_speech_links | (p.description_links if verb in p.description_verbs else frozenset())
    link = max((i for i, w in enumerate(words) if w in links), default=None)
    clause = len(words) - link - 1 if link is not None else len(words)
    if link is not None and clause <= p.max_bare_reported_words:
        return True
    longest = p.max_reported_words if link is not None else p.max_bare_reported_words
    return clause <= longest and partial_quote(ctx, raw)


def partial_quote(ctx: QuoteContext, raw: RawQuote) -> bool:
    """Whether a quotation inside a sentence is words of the speaker's, not a scare-quoted label:
    min_partial_quote_words words, or one word that closes its phrase ('blaming “terrorists” for
    the incident', 'it will be “impossible”.'), never one that qualifies the next noun ('wore
    “Kandahari-style” clothes')."""
    words = WORD.findall(ctx.text, raw.inner_start, raw.inner_end)
    if len(words) >= ctx.patterns.min_partial_quote_words:
        return True
    follow = ctx.text[raw.close_end : raw.close_end + 30].lstrip(" ")
    next_word = re.match(r"[^\W\d_]+", follow)
    return len(words) == 1 and (not next_word or next_word.group().lower() in ctx.patterns.word_quote_followers)


def tail_subject(ctx: QuoteContext, raw: RawQuote) -> Subject | None:
    """“…” … , he said. / … , he said, …: a short attribution clause covers its whole sentence."""
    start = sentence_start(ctx, raw, raw.open_start)
    end = sentence_end(ctx, raw, raw.close_end)
    for m in tail_regex(ctx.patterns).finditer(ctx.masked, start, end):
        return Subject(m.start("subj"), m.end("subj"), first_piece=True)
    return None


def sentence_subject(ctx: QuoteContext, raw: RawQuote) -> Subject | None:
    """A quoted phrase with no attribution of its own in a sentence with a speech verb ('He called
    the attack “a cowardly act” and vowed revenge'): the subject of that sentence's main clause,
    found from its first speech verb outside quotations (never the 'called' of 'so-called')."""
    if not partial_quote(ctx, raw):
        return None
    start = sentence_start(ctx, raw, raw.open_start)
    for m in verb_regex(ctx.patterns).finditer(ctx.masked, start, sentence_end(ctx, raw, raw.close_end)):
        if m.group("verb") and ctx.masked[m.start() - 1 : m.start()] != "-":
            return Subject(start, m.start(), main_clause=True)
    return None
