"""The events one article reports as having happened, with local links (resolved to actors later)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from pipeline.events.arguments import (
    PLACE_TYPES,
    ActorIndex,
    EventActor,
    article_place,
    clause_head,
    clause_tokens,
    find_arguments,
    find_place,
)
from pipeline.events.dating import event_date
from pipeline.events.fatalities import fatalities_in
from pipeline.events.modality import reported_as_happened
from pipeline.events.patterns import EventPatterns
from pipeline.events.retellings import fold_retellings
from pipeline.events.subtypes import decide_sub_type
from pipeline.events.triggers import Trigger, find_triggers

__all__ = ["Event", "EventActor", "extract_events"]
STRATEGIC = "strategic_development"
_ARMED_GROUPS = frozenset({"armed_group"})
_STATE_FORCES = frozenset({"security_force"})

_NOT_PLACES = frozenset({"person", "armed_group", "security_force", "government_body", "state", "media",
                         "international_org", "other_org"})  # fmt: skip


@dataclass(frozen=True)
class Event:
    """One event of the article: the clause that states it and what the parse says about it.

    actor1, actor2 and place are local links (gazetteer ids or name keys), as mentions carry.
    """

    sent_id: int
    start: int
    end: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    place: str | None
    date: datetime.date | None
    date_end: datetime.date | None
    date_granularity: str | None
    date_basis: str | None
    fatalities: int | None
    method: str  # 'verb' or 'noun': the kind of trigger
    score: float
    trigger: str


@dataclass(frozen=True)
class _Found:
    trigger: Trigger
    head_i: int
    sub_type: str
    actor1: EventActor | None
    actor2: EventActor | None
    target_place: EventActor | None


def extract_events(
    doc: Doc,
    sentences: Sequence,
    dates: Sequence,
    actors: Sequence[EventActor],
    published: datetime.date | None,
    patterns: EventPatterns,
    parents: Mapping[str, str | None],
) -> tuple[Event, ...]:
    """Every event the article reports as having happened, once however often the article tells
    it (pipeline.events.retellings); a Doc without a dependency parse yields none.

    sentences, dates: pipeline.analysis.Sentence and DateExpression of this Doc.
    parents: gazetteer actor id -> parent id, to prefer a town over its province.
    """
    if not doc.has_annotation("DEP"):
        return ()
    index = ActorIndex(actors)
    article = _Article(doc.text, index, parents, sentences, dates, published, patterns, article_place(index))
    sent_ids = {s.start: s.sent_id for s in sentences}
    events: list[Event] = []
    references: set[int] = set()
    for span in doc.sents:
        sent_id = sent_ids.get(span.start_char + len(span.text) - len(span.text.lstrip()))
        if sent_id is None:
            continue
        for group in _groups(_found(span, sent_id, index, patterns), patterns):
            if _refers_back(group, patterns):
                references.add(len(events))
            events.append(_event(group, span, sent_id, article))
    states = {a.link for a in index.actors if a.type == "state"}
    return _placed(fold_retellings(events, parents, references, states), article)


def _found(span: Span, sent_id: int, index: ActorIndex, patterns: EventPatterns) -> list[_Found]:
    found = []
    for trigger in find_triggers(span, patterns):
        if not reported_as_happened(trigger, patterns, headline=sent_id == 0):
            continue
        args = find_arguments(trigger, patterns)
        actor1 = index.in_phrase(args.initiator, _NOT_PLACES) or _antecedent(args.initiator, index, patterns)
        actor2 = index.in_phrase(args.target, _NOT_PLACES, exclude=(actor1,))
        if actor2 is None and args.second_initiator is not None:
            actor2 = index.in_phrase(args.second_initiator, _NOT_PLACES, exclude=(actor1,))
        target_any = index.in_phrase(args.target)
        sub_type = decide_sub_type(
            trigger.rule,
            target_word=_word(args.target),
            target_actor=target_any,
            initiator_word=_word(args.initiator),
            initiator_actor=actor1,
            instrument_words=args.instrument_words,
            sentence=span.text,
            patterns=patterns,
        )
        if sub_type is None:
            continue
        place = target_any if target_any is not None and target_any.type in PLACE_TYPES else None
        found.append(_Found(trigger, clause_head(trigger).i, sub_type, actor1, actor2, place))
    return found


def _antecedent(initiator, index: ActorIndex, patterns: EventPatterns) -> EventActor | None:
    """Who "they", "the group" or "the militants" are: the armed group last named before them;
    "the troops", "the army": the security force last named. Only a pronoun or a bare noun of
    patterns.initiator_words / state_words (a word that names an armed party, not which)."""
    if initiator is None:
        return None
    own = [c for c in initiator.children if c.dep_ not in ("det", "punct")]
    if initiator.tag_ == "PRP" and initiator.lower_ in ("it", "they"):
        return index.before(initiator.idx, _ARMED_GROUPS)
    if own or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "these") for c in initiator.children):
        return None
    if initiator.lower_ in patterns.state_words:
        return index.before(initiator.idx, _STATE_FORCES)
    if initiator.lower_ in patterns.initiator_words:
        return index.before(initiator.idx, _ARMED_GROUPS)
    return None


def _groups(found: list[_Found], patterns: EventPatterns) -> list[list[_Found]]:
    """Triggers of one clause state one event; a verb after "and" that shares its subject and its
    event type with the clause before it ("attacked a checkpoint and killed three") too. Violence
    comes before a strategic development told beside it ("two attacks shortly after their handover"
    are attacks), then the most specific reading (its sub-type's earliest entry in events.yaml)."""
    groups: dict[int, list[_Found]] = {}
    keys_of_triggers: dict[int, int] = {}
    for item in found:
        key = item.head_i
        head = item.trigger.head.doc[key]
        if head.dep_ in ("acl", "relcl") and head.head.i in keys_of_triggers:
            key = keys_of_triggers[head.head.i]  # "a drone strike killed 12" parsed as a noun phrase
        elif head.dep_ == "advcl" and head.head.i in groups and _generic(groups[head.head.i] + [item]):
            key = head.head.i  # "nine were killed when a drone struck the market"
        elif (
            head.dep_ == "conj"
            and head.head.i in groups
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
            and patterns.event_of[groups[head.head.i][0].sub_type] == patterns.event_of[item.sub_type]
        ):
            key = head.head.i
        groups.setdefault(key, []).append(item)
        keys_of_triggers[item.trigger.head.i] = key
    first_rule = {}
    for rule in patterns.rules:
        first_rule.setdefault(rule.sub_type, rule.order)
    strategic = {sub for sub, event in patterns.event_of.items() if event == STRATEGIC}

    def rank(f: _Found) -> tuple:
        return f.sub_type in strategic, first_rule.get(f.sub_type, f.trigger.rule.order), f.trigger.first

    return [sorted(g, key=rank) for g in groups.values()]


def _refers_back(group: list[_Found], patterns: EventPatterns) -> bool:
    """ "The skirmish", "the attack": a noun with a definite determiner and nothing of its own names
    an event the article has told already."""
    triggers = [f.trigger for f in group]
    return all(t.kind == "noun" for t in triggers) and all(
        any(c.dep_ == "det" and c.lower_ in patterns.anaphoric_determiners for c in t.head.children)
        and all(c.dep_ in ("det", "punct") or t.first <= c.i <= t.last for c in t.head.children)
        for t in triggers
    )


def _key_head(group: list[_Found]) -> int:
    """The clause that holds the group's every trigger: the head the others attach to."""
    heads = {f.head_i for f in group}
    doc = group[0].trigger.head.doc
    return next((h for h in heads if doc[h].head.i not in heads or doc[h].head.i == h), group[0].head_i)


def _generic(items: list[_Found]) -> bool:
    """Whether a killing or attack of no specific kind is among them: it tells the same event."""
    return any(f.trigger.rule.resolve == "attack" for f in items)


def _placed(events: Sequence[Event], article: _Article) -> tuple[Event, ...]:
    """An event whose sentence names no town happened, as far as the article says, at the town it
    is about (its most named); only then at a state its sentence names. Done after the retellings
    are folded: the article's town is no evidence that two tellings are one event."""
    if article.place is None:
        return tuple(events)
    states = {a.link for a in article.index.actors if a.type == "state"}
    return tuple(replace(e, place=article.place.link) if e.place is None or e.place in states else e for e in events)


@dataclass(frozen=True)
class _Article:
    """What every event of one article is read against."""

    text: str
    index: ActorIndex
    parents: Mapping[str, str | None]
    sentences: Sequence
    dates: Sequence
    published: datetime.date | None
    patterns: EventPatterns
    place: EventActor | None  # the town it names most: the place of an event whose sentence names none


def _event(group: list[_Found], span: Span, sent_id: int, article: _Article) -> Event:
    text, patterns = article.text, article.patterns
    best = group[0]
    actor1 = next((f.actor1 for f in group if f.actor1 is not None), None)
    actor2 = next((f.actor2 for f in group if f.actor2 is not None and f.actor2 != actor1), None)
    doc = span.doc
    clause = clause_tokens(doc[_key_head(group)], span)
    start, end = clause[0].idx, clause[-1].idx + len(clause[-1])
    targets = [f.target_place for f in group if f.target_place is not None]
    place = find_place(clause, span, article.index, article.parents, patterns=patterns, also=targets)
    date = event_date(best.trigger.head.idx, sent_id, article.sentences, article.dates, text, article.published)
    fatalities = fatalities_in(text[start:end], patterns)
    if fatalities is None:
        fatalities = fatalities_in(span.text, patterns)
    score = 0.5 + (0.1 if best.trigger.kind == "verb" else 0.0)
    score += 0.15 * (actor1 is not None) + 0.1 * (actor2 is not None) + 0.1 * (place is not None)
    score += 0.05 * (date.basis == "sentence")
    trigger = text[doc[best.trigger.first].idx : doc[best.trigger.last].idx + len(doc[best.trigger.last])]
    return Event(
        sent_id=sent_id,
        start=start,
        end=end,
        event_type=patterns.event_of[best.sub_type],
        sub_event_type=best.sub_type,
        actor1=actor1.link if actor1 else None,
        actor2=actor2.link if actor2 else None,
        place=place.link if place else None,
        date=date.value,
        date_end=date.value_end,
        date_granularity=date.granularity,
        date_basis=date.basis,
        fatalities=fatalities,
        method=best.trigger.kind,
        score=round(min(score, 1.0), 2),
        trigger=trigger,
    )


def _word(token) -> str | None:
    return token.lower_ if token is not None else None
