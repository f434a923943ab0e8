"""The events one article reports as having happened, with local links (resolved to actors later)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from pipeline.events.arguments import PLACE_TYPES, ActorIndex, EventActor, find_arguments
from pipeline.events.clauses import casualty_of, clause_head, clause_tokens, contrasted
from pipeline.events.dating import event_date
from pipeline.events.described import described_party
from pipeline.events.fatalities import fatalities_in
from pipeline.events.modality import reported_as_happened
from pipeline.events.parties import ARMED_PARTIES, MOVERS, PARTIES, acting, find_parties
from pipeline.events.patterns import EventPatterns
from pipeline.events.places import article_place, find_place
from pipeline.events.retellings import Telling, fold_retellings
from pipeline.events.splits import bounded, first_part_end, listed_parts
from pipeline.events.subtypes import decide_sub_type, initiator_word, target_word, typed_by_target
from pipeline.events.tellings import (
    aggregate,
    bare_nouns,
    claimant_of,
    headings,
    is_generic,
    refers_back,
    titles,
    with_claimant,
)
from pipeline.events.triggers import Trigger, find_triggers

__all__ = ["Event", "EventActor", "extract_events"]
STRATEGIC = "strategic_development"
_MIN_WORDS = 3  # a line of fewer words ("Repulsed") is a subheading, not a telling
_FRAGMENT_WORDS = 4  # a clause of at most this many words and no subject: "killed in Pahalgam", "who attacked"
_RELATIVE = frozenset({"WDT", "WP"})
_YEARS = frozenset({"year", "decade"})  # the granularities of a history told in passing ("in 2016", "last year")


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
    described1: str | None = None  # a party the clause describes without naming (pipeline.events.described)
    described2: str | None = None


@dataclass(frozen=True)
class _Found:
    trigger: Trigger
    head_i: int
    sub_type: str
    actor1: EventActor | None
    actor2: EventActor | None
    target_place: EventActor | None
    bounds: tuple[int | None, int] | None = None  # tokens [first, last] of a listed object's part
    part_of: int | None = None  # the trigger whose listed object gave this part (pipeline.events.splits)
    victims: bool = False  # typed by the victims or target it names (pipeline.events.subtypes.typed_by_target)
    described1: EventActor | None = None  # the initiator described, not named ("gunmen"): pipeline.events.described
    described2: EventActor | None = None


def extract_events(
    doc: Doc,
    sentences: Sequence,
    dates: Sequence,
    actors: Sequence[EventActor],
    published: datetime.date | None,
    patterns: EventPatterns,
    parents: Mapping[str, str | None],
    quoted: Sequence[tuple[int, int]] = (),
) -> tuple[Event, ...]:
    """Every event the article reports as having happened, once however often the article tells
    it (pipeline.events.retellings); a Doc without a dependency parse yields none.

    sentences, dates: pipeline.analysis.Sentence and DateExpression of this Doc.
    parents: gazetteer actor id -> parent id, to prefer a town over its province.
    quoted: (start, end) of the article's quotations. What a speaker says happened ("We killed 20
    people", "This is the fourth time they attack our village") is a claim or a retelling in
    someone's words, not the article's report of an event.
    """
    if not doc.has_annotation("DEP"):
        return ()
    index = ActorIndex(actors)
    article = _Article(
        doc.text, index, parents, sentences, dates, published, patterns, article_place(index, doc, patterns)
    )
    sent_ids = {s.start: s.sent_id for s in sentences}
    headline = headings(doc.text, sentences)
    title = titles(doc.text, sentences, headline)
    events: list[Event] = []
    tellings: list[Telling] = []
    for span in doc.sents:
        sent_id = sent_ids.get(span.start_char + len(span.text) - len(span.text.lstrip()))
        if sent_id is None or sum(t.is_alpha for t in span) < _MIN_WORDS:
            continue
        found = [
            f
            for f in _found(span, sent_id, index, patterns, headline=sent_id in headline)
            if not _inside(doc[f.head_i].idx, quoted)
        ]
        for group in _groups(found, patterns):
            event, telling = _told(group, span, sent_id, article, headline=sent_id in headline)
            telling = replace(telling, title=sent_id in title) if telling is not None else None
            if telling is not None:
                events.append(event)
                tellings.append(telling)
    states = {a.link for a in index.actors if a.type == "state"}
    folded = fold_retellings(events, parents, tellings, states)
    return _described(_placed(with_claimant(folded, claimant_of(doc, index, patterns, PARTIES)), article))


def _described(events: Sequence[Event]) -> tuple[Event, ...]:
    """An event whose initiator or target no actor of the article stands for has the party its
    clause describes ("unidentified gunmen", "villagers"): done last, once retellings are folded
    and a claimant named, so that a described party is never taken for a name."""
    done = []
    for e in events:
        actor1 = e.actor1 or e.described1
        actor2 = e.actor2 or (e.described2 if e.described2 != actor1 else None)
        done.append(replace(e, actor1=actor1, actor2=actor2))
    return tuple(done)


def _inside(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _told(
    group: list[_Found], span: Span, sent_id: int, article: _Article, *, headline: bool = False
) -> tuple[Event, Telling | None]:
    """The group's event and how it is told (pipeline.events.tellings); no telling when it counts
    many events over a period."""
    event, own_place = _event(group, span, sent_id, article)
    triggers = [f.trigger for f in group]
    again = refers_back(triggers, article.patterns)
    part = (sent_id, group[0].part_of) if group[0].part_of is not None else None
    telling = Telling(
        again,
        is_generic(group[0].trigger, group[0].sub_type),
        own_place and not (again and bare_nouns(triggers)),
        part,
        headline,
        _fragment(span.doc, event),
        group[0].victims,
    )
    if _history(group[0].trigger, event, article.published):
        return event, None
    own_day = event.date_basis == "sentence" and event.date_granularity == "day"
    if aggregate(triggers, generic=telling.generic, own_place=telling.own_place, own_day=own_day):
        return event, None
    return event, telling


def _history(trigger: Trigger, event: Event, published: datetime.date | None) -> bool:
    """Whether the event is a party's history told in a relative clause, dated by its
    sentence to a year (no month or day) before the article's ("the rebels, who signed a peace deal in 2016", "the
    group, which attacked the city on June 7, 2014", "a man who was behind last year's attack"):
    it says who the party is, not what the article reports."""
    if published is None or event.date_basis != "sentence" or event.date is None:
        return False
    if event.date_granularity not in _YEARS:
        return False  # "which used drones to attack Israel in October 2023": a dated event the article tells
    if (event.date_end or event.date).year >= published.year:
        return False
    head = trigger.head
    verb = head if head.tag_.startswith("VB") else next((a for a in head.ancestors if a.tag_.startswith("VB")), None)
    while verb is not None and verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
    # introduced by "which", "who" or "that", not "where": "a district where rebels had killed 19 farmers
    # in 2018" tells what happened at the place
    return verb is not None and verb.dep_ == "relcl" and any(c.tag_ in _RELATIVE for c in verb.children)


def _fragment(doc: Doc, event: Event) -> bool:
    """Whether the event's clause is a fragment that only mentions an act: a verb clause of at
    most four words with no subject of its own, or only a relative pronoun ("26 tourists killed
    in Pahalgam", "fighters who attacked", "a blast that killed 21 people", "launching a drone
    attack"). A verb after "and" shares the subject before it ("attacked Kaga and abducted two
    chiefs"), and a noun trigger parsed as the clause's verb ("artillery shelling using Grad
    missiles") is a telling of its own."""
    span = doc.char_span(event.start, event.end, alignment_mode="expand")
    if span is None or sum(t.is_alpha for t in span) > _FRAGMENT_WORDS:
        return False
    head = span.root
    if not head.tag_.startswith("VB") or head.dep_ == "conj":
        return False  # "attacked the village and abducted two chiefs": the subject is the first verb's
    if event.method == "noun" and head.text in event.trigger.split():
        return False
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")]
    return all(c.tag_ in _RELATIVE for c in subjects)


def _found(
    span: Span, sent_id: int, index: ActorIndex, patterns: EventPatterns, *, headline: bool = False
) -> list[_Found]:
    found = []
    rejected: set[int] = set()
    for trigger in find_triggers(span, patterns):
        head = trigger.head
        if head.dep_ in ("acl", "relcl") and head.head.i in rejected:
            continue  # "attacks that have killed scores": told only with a noun that is no event
        if not reported_as_happened(trigger, patterns, headline=headline):
            rejected.add(head.i)
            continue
        args = find_arguments(trigger, patterns)
        parties = find_parties(args, trigger.rule, index, patterns)
        target_any = parties.target_any
        sub_type = decide_sub_type(
            trigger.rule,
            target_word=target_word(args.target, patterns),
            target_actor=target_any,
            initiator_word=initiator_word(args.initiator, patterns),
            initiator_actor=parties.actor1,
            instrument_words=args.instrument_words,
            sentence=_own_text(trigger, span, patterns),
            patterns=patterns,
            target_noun=args.target.lower_ if args.target is not None else None,
            source_actor=parties.source,
            context=_previous_sentence(span),
        )
        if sub_type is None:
            continue
        parties = acting(sub_type, parties)
        described1, described2 = _described_parties(args, sub_type, parties, index, patterns)
        place = target_any if target_any is not None and target_any.type in PLACE_TYPES else None
        victims = typed_by_target(target_word(args.target, patterns), target_any, patterns)
        item = _Found(
            trigger, clause_head(trigger).i, sub_type, parties.actor1, parties.actor2, place, victims=victims,
            described1=described1, described2=described2,
        )  # fmt: skip
        found.extend(_parts(item, args.target, index, patterns))
    return found


def _own_text(trigger: Trigger, span: Span, patterns: EventPatterns) -> str:
    """The words that tell the trigger's act: its sentence, or only the clause of contrast it is in
    (", while a shopkeeper was gunned down": the officers killed before it are another act's victims)."""
    for token in (trigger.head, *trigger.head.ancestors):
        if contrasted(token, patterns.contrast_marks):
            return " ".join(t.text for t in token.subtree)
    return span.text


def _described_parties(args, sub_type: str, parties, index: ActorIndex, patterns: EventPatterns):
    """The initiator and target the trigger's words describe without naming ("gunmen attacked",
    "killing three villagers"), where no actor stands for them; a force moved or changed is the
    party that acts ("troops were deployed": pipeline.events.parties.acting)."""
    words = patterns.parties
    described1 = described_party(args.initiator, words, index) if parties.actor1 is None else None
    described2 = None
    if parties.actor2 is None:
        violent = patterns.event_of[sub_type] != STRATEGIC  # "burned houses": property, not a party
        target = described_party(args.target, words, index, target=violent)
        described2 = target or described_party(args.second_initiator, words, index)
    if sub_type in MOVERS and parties.actor1 is None and described1 is None and described2 is not None:
        if described2.type in ARMED_PARTIES:
            described1, described2 = described2, None
    return described1, described2


def _previous_sentence(span: Span) -> str:
    """The text of the sentence before, or nothing for the first."""
    return span.doc[span.start - 1].sent.text if span.start > 0 else ""


def _parts(item: _Found, target, index: ActorIndex, patterns: EventPatterns) -> list[_Found]:
    """The event, or one per member of its listed object (pipeline.events.splits)."""
    trigger = item.trigger
    parts = listed_parts(target, trigger, index, patterns.place_words)
    if not parts:
        return [item]
    first = replace(item, bounds=(None, first_part_end(target, trigger, patterns.place_words)), part_of=trigger.first)
    return [first] + [
        replace(item, head_i=p.key, target_place=p.place or item.target_place, bounds=(p.first, p.last),
                part_of=trigger.first)
        for p in parts
    ]  # fmt: skip


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
        parent = _parent(head, patterns)
        if item.part_of is not None:
            pass  # a listed object's part is an event of its own
        elif head.dep_ in ("acl", "relcl") and head.head.i in keys_of_triggers:
            key = keys_of_triggers[head.head.i]  # "a drone strike killed 12" parsed as a noun phrase
        elif (
            head.dep_ == "advcl"
            and parent.i in groups
            and _any_generic(groups[parent.i] + [item])
            and not contrasted(head, patterns.contrast_marks)
        ):
            key = parent.i  # "nine were killed when a drone struck the market"
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


def _key_head(group: list[_Found], patterns: EventPatterns) -> int:
    """The clause that holds the group's every trigger: the head the others attach to."""
    heads = {f.head_i for f in group}
    doc = group[0].trigger.head.doc
    return next((h for h in heads if _parent(doc[h], patterns).i not in heads or doc[h].head.i == h), group[0].head_i)


def _parent(token: Token, patterns: EventPatterns) -> Token:
    """The word a clause attaches to, read through a count of the wounded: "when militants attacked"
    hangs on "injured" in "were killed and six others injured when ...", and so on "killed"."""
    return casualty_of(token.head, patterns.casualty_verbs) or token.head


def _any_generic(items: list[_Found]) -> bool:
    """Whether a killing or attack of no specific kind is among them: it tells the same event."""
    return any(f.trigger.rule.resolve == "attack" for f in items)


def _placed(events: Sequence[Event], article: _Article) -> tuple[Event, ...]:
    """An event whose sentence names no town happened, as far as the article says, at the town it
    is about (its most named); only then at a state its sentence names. A decision or agreement
    ("ended the ceasefire") happens nowhere in particular: it keeps only a place it names. Done after the retellings
    are folded: the article's town is no evidence that two tellings are one event."""
    if article.place is None:
        return tuple(events)
    states = {a.link for a in article.index.actors if a.type == "state"}
    unlocated = article.patterns.unlocated
    return tuple(
        replace(e, place=article.place.link)
        if (e.place is None or e.place in states) and e.sub_event_type not in unlocated
        else e
        for e in events
    )


def _dates_report(date, trigger, patterns: EventPatterns) -> bool:
    """Whether the date expression dates a source's words, not the event: it follows a reporting
    verb other than the trigger, with at most its object and a preposition between ("Mexican troops
    shot dead 19 ... the ministry said Tuesday", "told AFP on Tuesday", "said in a statement on
    Monday"). A date after the reported clause's own verb ("said eight were killed Tuesday") dates
    the event."""
    doc = trigger.doc
    span = doc.char_span(date.start, date.end, alignment_mode="expand")
    if span is None or not len(span) or span.start == 0:
        return False
    for verb in reversed(doc[max(span.sent.start, span.start - _REPORT_GAP - 1) : span.start]):
        if verb.tag_.startswith("VB") or verb.pos_ in ("VERB", "AUX"):
            return verb.i != trigger.i and verb.lower_ in patterns.source_verbs
    return False


def _dates_qualifier(date, trigger: Token) -> bool:
    """Whether the date expression dates a clause that only qualifies a noun, which the trigger is
    not in ("near Ronwagnchhari, a town shut to tourists since October", "a commander who was
    behind last year's attack"): it tells when that happened, not when the event did."""
    doc = trigger.doc
    span = doc.char_span(date.start, date.end, alignment_mode="expand")
    if span is None or not len(span) or span.sent != trigger.sent:
        return False
    for token in (span.root, *span.root.ancestors):
        if token.dep_ in _QUALIFYING and token.head != trigger and trigger not in token.subtree:
            return True  # ("a drone strike killed 12 on Monday", read as a clause of "strike", dates it)
    return False


_QUALIFYING = frozenset({"relcl", "acl"})  # a clause that qualifies a noun
_REPORT_GAP = 4  # words between a reporting verb and its date: "told AFP on", "said in a statement on"


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
    described1 = next((f.described1 for f in group if f.described1 is not None), None)
    described2 = next((f.described2 for f in group if f.described2 is not None), None)
    doc = span.doc
    key = clause_head(best.trigger).i if best.part_of is not None else _key_head(group, patterns)
    clause = bounded(clause_tokens(doc[key], span, patterns.casualty_verbs, patterns.contrast_marks), best.bounds)
    start, end = clause[0].idx, clause[-1].idx + len(clause[-1])
    targets = [f.target_place for f in group if f.target_place is not None]
    place, own_place = find_place(clause, span, article.index, article.parents, patterns=patterns, also=targets)
    if best.bounds is not None and best.bounds[0] is not None and best.target_place is not None:
        place, own_place = best.target_place, True  # a listed object's part happened at its own place
    dates = [
        d
        for d in article.dates
        if not _dates_report(d, best.trigger.head, patterns) and not _dates_qualifier(d, best.trigger.head)
    ]
    date = event_date(best.trigger.head.idx, sent_id, article.sentences, dates, text, article.published)
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
        described1=described1.link if described1 is not None and actor1 is None else None,
        described2=described2.link if described2 is not None and actor2 is None else None,
    )
    return event, own_place
