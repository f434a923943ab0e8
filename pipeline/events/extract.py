"""The events one article reports as having happened, with local links (resolved to actors later)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from pipeline.events.arguments import PLACE_TYPES, ActorIndex, EventActor, clause_head, clause_tokens, find_arguments
from pipeline.events.dating import event_date
from pipeline.events.fatalities import fatalities_in
from pipeline.events.modality import reported_as_happened
from pipeline.events.patterns import EventPatterns
from pipeline.events.places import article_place, find_place
from pipeline.events.retellings import Telling, fold_retellings
from pipeline.events.subtypes import decide_sub_type
from pipeline.events.tellings import aggregate, bare_nouns, claimant_of, is_generic, refers_back, with_claimant
from pipeline.events.triggers import Trigger, find_triggers

__all__ = ["Event", "EventActor", "extract_events"]
STRATEGIC = "strategic_development"
_ARMED_GROUPS = frozenset({"armed_group"})
_STATE_FORCES = frozenset({"security_force"})

# The actor types that can be a party to an event: not places, and never an outlet (the
# "(Reuters)" of a dateline, the radio a witness spoke to).
_PARTIES = frozenset({"person", "armed_group", "security_force", "government_body", "state", "international_org",
                      "other_org"})  # fmt: skip
_MIN_WORDS = 3  # a line of fewer words ("Repulsed") is a subheading, not a telling


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
    tellings: list[Telling] = []
    for span in doc.sents:
        sent_id = sent_ids.get(span.start_char + len(span.text) - len(span.text.lstrip()))
        if sent_id is None or sum(t.is_alpha for t in span) < _MIN_WORDS:
            continue
        for group in _groups(_found(span, sent_id, index, patterns), patterns):
            event, telling = _told(group, span, sent_id, article)
            if telling is not None:
                events.append(event)
                tellings.append(telling)
    states = {a.link for a in index.actors if a.type == "state"}
    folded = fold_retellings(events, parents, tellings, states)
    return _placed(with_claimant(folded, claimant_of(doc, index, patterns, _PARTIES)), article)


def _told(group: list[_Found], span: Span, sent_id: int, article: _Article) -> tuple[Event, Telling | None]:
    """The group's event and how it is told (pipeline.events.tellings); no telling when it counts
    many events over a period."""
    event, own_place = _event(group, span, sent_id, article)
    triggers = [f.trigger for f in group]
    again = refers_back(triggers, article.patterns)
    telling = Telling(
        again, is_generic(group[0].trigger, group[0].sub_type), own_place and not (again and bare_nouns(triggers))
    )
    own_day = event.date_basis == "sentence" and event.date_granularity == "day"
    if aggregate(triggers, generic=telling.generic, own_place=telling.own_place, own_day=own_day):
        return event, None
    return event, telling


def _found(span: Span, sent_id: int, index: ActorIndex, patterns: EventPatterns) -> list[_Found]:
    found = []
    rejected: set[int] = set()
    for trigger in find_triggers(span, patterns):
        head = trigger.head
        if head.dep_ in ("acl", "relcl") and head.head.i in rejected:
            continue  # "attacks that have killed scores": told only with a noun that is no event
        if not reported_as_happened(trigger, patterns, headline=sent_id == 0):
            rejected.add(head.i)
            continue
        args = find_arguments(trigger, patterns)
        actor1 = _initiator(args.initiator, index, patterns)
        same = tuple(a for a in index.actors if actor1 is not None and a.link == actor1.link)
        actor2 = index.in_phrase(args.target, _PARTIES, exclude=same)
        if actor2 is None and args.second_initiator is not None:
            actor2 = index.in_phrase(args.second_initiator, _PARTIES, exclude=same)
        target_any = index.in_phrase(args.target)
        sub_type = decide_sub_type(
            trigger.rule,
            target_word=_target_word(args.target, patterns),
            target_actor=target_any,
            initiator_word=_initiator_word(args.initiator, patterns),
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


def _initiator(initiator, index: ActorIndex, patterns: EventPatterns) -> EventActor | None:
    """The actor the initiator word names: its own mention, else what "the army" or "they" stands
    for, else the first actor of its phrase ("the army and Wagner" is the army first)."""
    if initiator is None:
        return None
    own = index.at(initiator)
    if own is not None and own.type in _PARTIES:
        return own
    return _antecedent(initiator, index, patterns) or index.in_phrase(initiator, _PARTIES)


def _antecedent(initiator, index: ActorIndex, patterns: EventPatterns) -> EventActor | None:
    """Who "they", "its", "the group" or "the militants" are: the armed group last named before
    them; "the troops", "the army": the security force last named. Only a pronoun or a bare noun of
    patterns.initiator_words / state_words (a word that names an armed party, not which)."""
    if initiator is None:
        return None
    own = [c for c in initiator.children if c.dep_ not in ("det", "punct", "cc", "conj")]
    if initiator.tag_ in ("PRP", "PRP$") and initiator.lower_ in ("it", "they", "its", "their"):
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
        elif head.dep_ == "advcl" and head.head.i in groups and _any_generic(groups[head.head.i] + [item]):
            key = head.head.i  # "nine were killed when a drone struck the market"
        elif (
            head.dep_ == "conj"
            and head.head.i in groups
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
            and _one_act(groups[head.head.i][0], item, patterns)
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


def _one_act(first: _Found, then: _Found, patterns: EventPatterns) -> bool:
    """Whether a verb after "and" tells the same act as the one before: "attacked a checkpoint
    and killed three" (a generic word, or one sub-type) but not "attacked the town and abducted
    two chiefs" (an attack and an abduction: two events)."""
    if patterns.event_of[first.sub_type] != patterns.event_of[then.sub_type]:
        return False
    generic = first.trigger.rule.resolve == "attack" and then.trigger.rule.resolve == "attack"
    return generic or first.sub_type == then.sub_type or patterns.event_of[first.sub_type] == "battle"


def _key_head(group: list[_Found]) -> int:
    """The clause that holds the group's every trigger: the head the others attach to."""
    heads = {f.head_i for f in group}
    doc = group[0].trigger.head.doc
    return next((h for h in heads if doc[h].head.i not in heads or doc[h].head.i == h), group[0].head_i)


def _any_generic(items: list[_Found]) -> bool:
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


def _event(group: list[_Found], span: Span, sent_id: int, article: _Article) -> tuple[Event, bool]:
    """The group's event, and whether its clause names its place."""
    text, patterns = article.text, article.patterns
    best = group[0]
    actor1 = next((f.actor1 for f in group if f.actor1 is not None), None)
    actor2 = next((f.actor2 for f in group if f.actor2 is not None and f.actor2 != actor1), None)
    doc = span.doc
    clause = clause_tokens(doc[_key_head(group)], span)
    start, end = clause[0].idx, clause[-1].idx + len(clause[-1])
    targets = [f.target_place for f in group if f.target_place is not None]
    place, own_place = find_place(clause, span, article.index, article.parents, patterns=patterns, also=targets)
    date = event_date(best.trigger.head.idx, sent_id, article.sentences, article.dates, text, article.published)
    fatalities = fatalities_in(text[start:end], patterns)
    if fatalities is None:
        fatalities = fatalities_in(span.text, patterns)
    score = 0.5 + (0.1 if best.trigger.kind == "verb" else 0.0)
    score += 0.15 * (actor1 is not None) + 0.1 * (actor2 is not None) + 0.1 * (place is not None)
    score += 0.05 * (date.basis == "sentence")
    trigger = text[doc[best.trigger.first].idx : doc[best.trigger.last].idx + len(doc[best.trigger.last])]
    event = Event(
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
    return event, own_place


def _target_word(token, patterns: EventPatterns) -> str | None:
    """The word that says who was attacked: a modifier naming an armed party ("a military camp",
    "an army base") before the head noun ("camp" alone may be a camp for the displaced)."""
    if token is None:
        return None
    armed = next(
        (c.lower_ for c in token.children if c.dep_ in ("amod", "compound") and c.lower_ in patterns.armed_words), None
    )
    return armed or token.lower_


def _initiator_word(token, patterns: EventPatterns) -> str | None:
    """The initiator's head word, or the modifier that makes it no state's ("the rebel army")."""
    if token is None:
        return None
    modifier = next(
        (
            c.lower_
            for c in token.children
            if c.dep_ in ("amod", "compound") and c.lower_ in patterns.non_state_modifiers
        ),
        None,
    )
    return modifier or token.lower_


def _word(token) -> str | None:
    return token.lower_ if token is not None else None
