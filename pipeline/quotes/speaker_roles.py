"""Resolve 'the mayor' in an attribution to the person the text introduced with that role."""

from __future__ import annotations

import re

from pipeline.quotes.context import WORD, Quote, QuoteContext, RawQuote
from pipeline.quotes.speakers import ActorSpan

_APPOSITIVE = re.compile(r"\s*[,—–(]\s*([^,.;:—–()]*)")


def resolve_role(ctx: QuoteContext, raw: RawQuote, role: str, pos: int) -> str | None:
    """'The mayor': the last person introduced as mayor before; else the previous speaker if they
    were introduced with any role; else unresolved."""
    persons = [s for s in ctx.spans if s.type in ctx.patterns.cues.person_types and s.end <= pos]
    for span in reversed(persons):
        if role in _roles_of(ctx, span):
            return span.actor_id
    previous = _previous_speaker(ctx, raw)
    if previous is not None and any(_roles_of(ctx, s) for s in persons if s.actor_id == previous.speaker_id):
        return previous.speaker_id
    return None


def _previous_speaker(ctx: QuoteContext, raw: RawQuote) -> Quote | None:
    """The last kept quotation with a speaker, if it is in this or the previous paragraph."""
    for said in reversed(ctx.said):
        if said.para < raw.para - 1:
            return None
        if said.quote.speaker is not None:
            return said.quote
    return None


def _roles_of(ctx: QuoteContext, span: ActorSpan) -> set[str]:
    """Roles a person is introduced with: an appositive after the name (', the mayor of …',
    ', who commands …') or a title right before it ('Mayor Ahmed Jadeyan')."""
    p = ctx.patterns
    roles = set()
    appositive = _APPOSITIVE.match(ctx.text, span.end, min(len(ctx.text), span.end + 120))
    if appositive:
        words = [w.lower() for w in WORD.findall(appositive.group(1))][:12]
        roles |= {r for r, forms in p.role_nouns + p.role_verbs if forms.intersection(words)}
    titles = {w.lower().rstrip(".") for w in _title_words(ctx, span)}
    return roles | {r for r, forms in p.role_nouns if forms.intersection(titles)}


def _title_words(ctx: QuoteContext, span: ActorSpan) -> list[str]:
    """Up to three words right before a name, in its sentence ('Police officer Maj.' Bassam)."""
    words: list[str] = []
    for word in reversed(ctx.text[max(0, span.start - 40) : span.start].split()[-3:]):
        bare = word.rstrip(".")
        ends_sentence = word.endswith(".") and len(bare) > 1 and bare not in ctx.patterns.abbreviations
        if ends_sentence or not WORD.fullmatch(word) or word[-1] in ",;:":
            break
        words.append(word)
    return words
