"""Find where a quotation's attribution names its speaker: after it, before it, or in a short tail clause."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.quotes.context import WORD, QuoteContext, RawQuote, sentence_end, sentence_start
from pipeline.quotes.patterns import closing_regex, tail_regex, verb_matches

_AFTER_PUNCT = ",?!—–-…"
# the most words a quoted name has ("Abu Hassan", "El Chapo", "Islamic State Khorasan Province")
_NAME_WORDS = 4


@dataclass(frozen=True)
class Subject:
    """Where an attribution's speaker is written, and which end of it to prefer; `relayed` when its
    verb only passes the words on ('reported'), so an attribution before the quotation comes first."""

    start: int
    end: int
    last_person: bool = False
    first_piece: bool = False
    main_clause: bool = False
    relayed: bool = False


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
    m = next(iter(verb_matches(ctx.masked, ctx.patterns, raw.close_end, region_end)), None)
    if m is None or len(WORD.findall(ctx.masked, raw.close_end, m.start())) > ctx.patterns.max_words_to_verb:
        return None
    if m.group("verb") in ctx.patterns.clause_verbs and not ctx.masked[raw.close_end : m.start()].strip(" ,"):
        return None  # "called it a “cowardly attack”, adding …": a participle goes on with the subject before
    relayed = m.group("verb") in ctx.patterns.relay_verbs
    if m.group("phrase") or not ctx.masked[raw.close_end : m.start()].strip(" ,"):
        return Subject(m.end(), region_end, first_piece=True, relayed=relayed)
    by = re.match(r"\s+by\s", ctx.masked[m.end() : region_end])
    if by and re.search(r"\b(?:was|were)\s*$", ctx.masked[raw.close_end : m.start()]):
        return Subject(m.end() + by.end(), region_end, first_piece=True, relayed=relayed)
    return Subject(raw.close_end, m.start(), relayed=relayed)


def before_subject(ctx: QuoteContext, index: int, raw: RawQuote) -> Subject | None:
    """X said: “…” / X told Y, “…” / X said that “…” / According to X, “…” / “…,” he said, “…”:
    the attribution comes first; an earlier quotation of the sentence is not part of it."""
    start = sentence_start(ctx, raw, raw.open_start)
    for m in reversed(verb_matches(ctx.masked, ctx.patterns, start, raw.open_start)):
        if _is_passive(ctx, m.start()):
            continue  # "X was accused of “…”", "Y was told “…”": the subject is not who speaks
        gap = ctx.masked[_gap_start(ctx, index, m.end()) : raw.open_start].strip()
        if not _is_speech_gap(ctx, gap, m.group(), raw):
            opening = _opening_source(ctx, start, m, raw) if m.group("phrase") else None
            if opening is not None:
                return opening
            continue
        if m.group("phrase"):
            return Subject(m.end(), raw.open_start, first_piece=True)
        own = _absolute_subject(ctx, start, m) if m.group() in ctx.patterns.clause_verbs else None
        if own is not None:
            return own
        if m.group() in ctx.patterns.clause_verbs or _coordinated(ctx, start, m.start()):
            return Subject(start, m.start(), last_person=True, main_clause=True)
        closes = [r.close_end for r in ctx.raws[:index] if start <= r.close_end <= m.start()]
        subject_start = max([start, *closes])
        if ctx.masked[subject_start : m.start()].strip():
            return Subject(subject_start, m.start(), last_person=True)
        return Subject(m.end(), raw.open_start, first_piece=True)
    return None


def _absolute_subject(ctx: QuoteContext, start: int, m: re.Match[str]) -> Subject | None:
    """The participle's own subject in a 'with X accusing …' phrase ("Y lost three sons in a strike,
    with the military accusing them of “…”"): X speaks, never the main clause's subject, who is
    often the other party."""
    piece = re.split(r"[,;:—–(]", ctx.masked[start : m.start()])[-1]
    lead = re.match(r"\s*with\s+(?=\S)", piece)
    if lead is None:
        return None
    return Subject(m.start() - len(piece) + lead.end(), m.start(), first_piece=True)


def _coordinated(ctx: QuoteContext, start: int, verb_start: int) -> bool:
    """True when a verb is joined to an earlier one of its sentence by 'and' ("X claimed the attack
    on Y, formerly Z, and said …"): it shares that verb's subject, the main clause's."""
    words = [w.lower() for w in WORD.findall(ctx.masked, start, verb_start)]
    while len(words) > 1 and words[-1] in ctx.patterns.attribution_adverbs:
        words.pop()
    return len(words) > 1 and words[-1] == "and"


def _accused_of(gap: str, link: str, clause: int, longest: int) -> bool:
    """True when a quotation is inside what the subject accuses someone of ("accused the army of
    shelling “civilian homes”"): the words after the link run to it with no comma, which would
    start another phrase ("accused X of the strike, including commander “Abu Hassan”")."""
    after = re.split(rf"\b{re.escape(link)}\b", gap, flags=re.IGNORECASE)[-1]
    return clause <= longest and not re.search(r"[,;:]", after)


def _opening_source(ctx: QuoteContext, start: int, m: re.Match[str], raw: RawQuote) -> Subject | None:
    """ "According to X, … “…”": an attribution phrase that opens its sentence and closes at a comma
    sources the whole sentence, so a quotation later in it is X's however far it comes; a quoted
    name in it ("the “Chapitos”") is still nobody's words."""
    words = WORD.findall(ctx.text, raw.inner_start, raw.inner_end)
    if ctx.masked[start : m.start()].strip() or _is_name(ctx.text[raw.inner_start : raw.inner_end], words):
        return None
    comma = ctx.masked.find(",", m.end(), raw.open_start)
    return Subject(m.end(), comma, first_piece=True) if comma != -1 else None


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
    links |= p.accusation_links if verb in p.accusation_verbs else frozenset()
    link = max((i for i, w in enumerate(words) if w in links), default=None)
    clause = len(words) - link - 1 if link is not None else len(words)
    if link is not None and words[link] in p.accusation_links - p.reported_speech_links and verb in p.accusation_verbs:
        return _accused_of(gap, words[link], clause, p.max_reported_words)
    if link is not None and clause <= p.max_bare_reported_words:
        return True
    longest = p.max_reported_words if link is not None else p.max_bare_reported_words
    return clause <= longest and partial_quote(ctx, raw)


def _is_passive(ctx: QuoteContext, verb_start: int) -> bool:
    """True when a verb follows a form of 'be' ("was accused", "were told"): a passive, whose subject
    is spoken to or about."""
    before = WORD.findall(ctx.masked, max(0, verb_start - 20), verb_start)
    return bool(before) and before[-1].lower() in ctx.patterns.passive_auxiliaries


def partial_quote(ctx: QuoteContext, raw: RawQuote) -> bool:
    """Whether a quotation inside a sentence is words of the speaker's, not a scare-quoted label:
    min_partial_quote_words words, or one word that closes its phrase ('blaming “terrorists” for
    the incident', 'it will be “impossible”.'), never one that qualifies the next noun ('wore
    “Kandahari-style” clothes')."""
    words = WORD.findall(ctx.text, raw.inner_start, raw.inner_end)
    if _is_name(ctx.text[raw.inner_start : raw.inner_end], words):
        return False
    if len(words) >= ctx.patterns.min_partial_quote_words:
        return True
    if len(words) == 1 and ctx.text[raw.inner_start : raw.inner_end].rstrip()[-1:] in (".", "!", "?"):
        return True  # 'it was “successful.”': the full stop inside the marks ends the phrase
    follow = ctx.text[raw.close_end : raw.close_end + 30].lstrip(" ")
    next_word = re.match(r"[^\W\d_]+", follow)
    return len(words) == 1 and (not next_word or next_word.group().lower() in ctx.patterns.word_quote_followers)


def _is_name(inner: str, words: list[str]) -> bool:
    """True when a quoted phrase is a name, not words of speech: a few capitalised words with no
    sentence punctuation ("including commander “Abu Hassan”", "a faction known as the “Chapitos”")."""
    bare = inner.strip().rstrip(".!?,")
    return 0 < len(words) <= _NAME_WORDS and all(w[0].isupper() for w in words) and not re.search(r"[.!?,;:]", bare)


def tail_subject(ctx: QuoteContext, raw: RawQuote) -> Subject | None:
    """“…” … , he said. / … , he said, …: a short attribution clause covers its whole sentence; so
    does one closing the sentence after the quotation with its speaker after the verb ('It is “the
    worst attack” in years, said X, head of …', '… was “the target of an ambush”, according to an
    army statement')."""
    start = sentence_start(ctx, raw, raw.open_start)
    end = sentence_end(ctx, raw, raw.close_end)
    for m in tail_regex(ctx.patterns).finditer(ctx.masked, start, end):
        return Subject(m.start("subj"), m.end("subj"), first_piece=True)
    inner = ctx.text[raw.inner_start : raw.inner_end]
    if _is_name(inner, WORD.findall(inner)):
        return None  # 'attacked the villages of “Aloush” and “Tel Arish”, according to X': names, not X's words
    for m in closing_regex(ctx.patterns).finditer(ctx.masked, raw.close_end, end):
        return Subject(m.start("subj"), m.end("subj"), first_piece=True)
    return None


def sentence_subject(ctx: QuoteContext, raw: RawQuote) -> Subject | None:
    """A quoted phrase with no attribution of its own in a sentence with a speech verb ('He called
    the attack “a cowardly act” and vowed revenge'): the subject of that sentence's main clause,
    found from its first speech verb outside quotations (never the 'called' of 'so-called')."""
    if not partial_quote(ctx, raw):
        return None
    start = sentence_start(ctx, raw, raw.open_start)
    for m in verb_matches(ctx.masked, ctx.patterns, start, sentence_end(ctx, raw, raw.close_end)):
        if m.group("verb") and not _is_passive(ctx, m.start()):
            return Subject(start, m.start(), main_clause=True)
    return None
