"""Where an event happened: the place its clause names, else its sentence's, else the article's town."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Span, Token

from pipeline.events.arguments import PLACE_TYPES, ActorIndex, EventActor
from pipeline.events.patterns import EventPatterns

_UNKNOWN = "ner:"  # pipeline.entities.NER_PREFIX (importing it here would make an import cycle)


def find_place(
    clause: list[Token],
    sentence: Span,
    actors: ActorIndex,
    parents: Mapping[str, str | None],
    *,
    patterns: EventPatterns,
    also: Iterable[EventActor] = (),
) -> tuple[EventActor | None, bool]:
    """The most specific place or facility attached to the clause by a locative preposition (or
    named as its target), else the most specific of the sentence; a state only when the sentence
    names no town ("a U.S. airstrike" on a town does not happen in the United States). Among
    equals: a facility before a town, a place before its parent (from the gazetteer), the first.
    A place that only qualifies a party ("Tuareg rebels", "Darfur fighters") is not where.
    RETURNS (EventActor | None, bool): the place, and whether the clause itself names it."""
    start, end = clause[0].idx, clause[-1].idx + len(clause[-1])
    places = [a for a in actors.within(start, end) if a.type in PLACE_TYPES]
    heads = {t.i for t in clause}
    attached = [a for a in places if _attached(a, sentence, heads, patterns) or a in also]
    in_sentence = [
        a
        for a in actors.within(sentence.start_char, sentence.end_char)
        if a.type in PLACE_TYPES and not _qualifies_party(a, sentence, patterns)
    ]
    for pool in (attached, in_sentence):
        local = [a for a in pool if a.type != "state"]
        if local:
            return _most_specific(local, parents), pool is attached
    states = attached or in_sentence
    return (_most_specific(states, parents), bool(attached)) if states else (None, False)


def _qualifies_party(actor: EventActor, sentence: Span, patterns: EventPatterns) -> bool:
    """ "Tuareg former rebels", "the Darfur fighters": a place name that modifies a word for an
    armed party names who, not where."""
    last = next((t for t in reversed(sentence) if t.idx < actor.end), None)
    if last is None or last.dep_ not in ("compound", "amod", "nmod"):
        return False
    return last.head.lower_ in patterns.armed_words | patterns.initiator_words


def article_place(actors: ActorIndex) -> EventActor | None:
    """The place an article is about: the known town or facility it names most (the first of
    equals); a name only the model read as a place counts only when it names no known one (the
    model calls "Tuareg" a place)."""
    counts: dict[str, list[EventActor]] = {}
    for actor in actors.actors:
        if actor.type in ("place", "facility"):
            counts.setdefault(actor.link, []).append(actor)
    if not counts:
        return None
    return max(
        counts.values(), key=lambda named: (not named[0].link.startswith(_UNKNOWN), len(named), -named[0].start)
    )[0]


def _most_specific(chosen: list[EventActor], parents: Mapping[str, str | None]) -> EventActor:
    links = {a.link for a in chosen}
    return min(
        chosen,
        key=lambda a: (PLACE_TYPES.index(a.type), any(p == a.link for p in (parents.get(b) for b in links)), a.start),
    )


def _attached(actor: EventActor, sentence: Span, clause: set[int], patterns: EventPatterns) -> bool:
    token = next((t for t in sentence if t.idx >= actor.start), None)
    while token is not None and token.i in clause:
        if token.dep_ == "prep" and token.lower_ in patterns.place_prepositions:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False
