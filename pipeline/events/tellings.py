"""How a clause tells its event: again (a retelling), in a word that only says violence happened,
or as a count of many events; and who claims it. Read by extract, used by retellings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from pipeline.events.arguments import ActorIndex, EventActor
from pipeline.events.patterns import EventPatterns
from pipeline.events.retellings import GENERIC_SUB_TYPES
from pipeline.events.triggers import Trigger

if TYPE_CHECKING:
    from pipeline.events.extract import Event

SUBJECTS = frozenset({"nsubj", "csubj"})
VIOLENT_TYPES = frozenset({"battle", "explosion_remote_violence", "violence_against_civilians"})
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")  # "the 10th of its kind"
_TERMINAL = frozenset(".!?\"”’'")  # a sentence's last character; a heading ends without one


def refers_back(triggers: Sequence[Trigger], patterns: EventPatterns) -> bool:
    """Whether the triggers retell an event the article has told: a noun with a definite
    determiner ("the skirmish", "the intense bombardment"), one compared with others ("the second
    attack in two days", "It was the third strike"), or one claimed ("claimed responsibility for
    the attack")."""
    if not triggers or not all(t.kind == "noun" for t in triggers):
        return False
    return all(_described(t, patterns) or _compared(t, patterns) or _claimed_noun(t, patterns) for t in triggers)


def headings(text: str, sentences: Sequence) -> frozenset[int]:
    """The sentences that are the headline or a heading line: the first, and any line of its own
    that ends without a full stop ("Survivors bury dead after RSF attack", a deck under it: "Nearly
    300 killed in North Kordofan villages"). They tell in short what the body tells in full."""
    found = {0}
    for sentence in sentences:
        before = text[: sentence.start].rstrip(" \t")
        after = text[sentence.end :].lstrip(" \t")
        alone = (not before or before.endswith("\n")) and (not after or after.startswith("\n"))
        if alone and text[sentence.start : sentence.end].rstrip()[-1:] not in _TERMINAL:
            found.add(sentence.sent_id)
    return frozenset(found)


def titles(text: str, sentences: Sequence, headline: frozenset[int]) -> frozenset[int]:
    """The headline sentences alone on their line: a title, not a first sentence that is the lead
    ("Israeli warplanes struck targets in Gaza overnight, the army said. Hamas fired rockets")."""
    found = set()
    for sentence in sentences:
        if sentence.sent_id not in headline:
            continue
        before = text[: sentence.start].rstrip(" \t")
        after = text[sentence.end :].lstrip(" \t")
        if (not before or before.endswith("\n")) and (not after or after.startswith("\n")):
            found.add(sentence.sent_id)
    return frozenset(found)


def bare_nouns(triggers: Sequence[Trigger]) -> bool:
    """Whether the nouns have no phrase of their own (so a place in their clause is another's)."""
    return all(not any(c.dep_ == "prep" for c in t.head.children) for t in triggers)


def is_generic(trigger: Trigger, sub_type: str) -> bool:
    """Whether the reading comes from a word that says only that violence happened ("attacked",
    "killed", "the attack"), typed by its victims, not by what was done."""
    return trigger.rule.resolve == "attack" and sub_type in GENERIC_SUB_TYPES


def aggregate(triggers: Sequence[Trigger], *, generic: bool, own_place: bool, own_day: bool) -> bool:
    """ "attacks that have killed scores", "JNIM attacks across three countries killed 850 in
    May": a plural generic noun, not counted, with no place of its clause and no day of its own
    tells many events over a period, not one."""
    nouns = [t for t in triggers if t.kind == "noun"]
    if not generic or not nouns or not all(t.head.tag_ == "NNS" for t in nouns):
        return False
    if any(c.dep_ == "nummod" for t in nouns for c in t.head.children):
        return False  # "two attacks in October": counted, each an event
    heads = {t.head.i for t in nouns}
    verbs = [t.head for t in triggers if t.kind == "verb"]
    if not all(any(c.i in heads for c in v.children) or v.head.i in heads for v in verbs):
        return False  # "militants attacked villages": the verb tells one event
    return not own_place and not own_day


def with_claimant(events: Sequence[Event], claimant: EventActor | None) -> tuple[Event, ...]:
    """ "al-Shabab, claiming responsibility, said": the claimant is the initiator of a violent event
    in the body that names none (and is not its target): the last told before the claim ("eight
    soldiers were killed in May ... JNIM claimed responsibility for that attack"), else the first."""
    if claimant is None:
        return tuple(events)
    open_ = [
        e
        for e in events
        if e.sent_id > 0 and e.event_type in VIOLENT_TYPES and e.actor1 is None and e.actor2 != claimant.link
    ]
    before = [e for e in open_ if e.start < claimant.start]
    chosen = before[-1] if before else next(iter(open_), None)
    return tuple(replace(e, actor1=claimant.link) if e is chosen else e for e in events)


def claimant_of(doc, actors: ActorIndex, patterns: EventPatterns, types: frozenset[str]) -> EventActor | None:
    """The armed group that claims responsibility in the article ("al-Shabab, claiming
    responsibility, said", "ISWAP claimed responsibility"): the first such claim's subject."""
    for token in doc:
        verb = token.head
        if token.lower_ not in patterns.claim_nouns or token.dep_ != "dobj" or verb.lower_ not in patterns.claim_verbs:
            continue
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if subject is None and verb.dep_ in ("acl", "relcl"):
            subject = verb.head
        groups = types & frozenset({"armed_group"})
        actor = actors.in_phrase(subject, groups)
        if actor is None and subject is None:  # "al-Shabab, claiming responsibility, said": the group just named
            actor = actors.before(verb.idx, groups)
            actor = actor if actor is not None and actor.start >= verb.sent.start_char else None
        if actor is not None:
            return actor
    return None


def _described(trigger: Trigger, patterns: EventPatterns) -> bool:
    """ "the attack", "the intense bombardment that hit homes", "the RSF attack on the camp": a
    definite noun names an event the reader knows (the article's first telling is "a ...")."""
    head = trigger.head
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return False  # "the killing of a man": a nominalised verb that names its own victim introduces one
    return any(c.dep_ == "det" and c.lower_ in patterns.anaphoric_determiners for c in head.children)


def _compared(trigger: Trigger, patterns: EventPatterns) -> bool:
    words = [c for c in trigger.head.children if c.dep_ in ("amod", "nummod", "det")]
    return any(w.lower_ in patterns.comparison_words or _ORDINAL.match(w.lower_) for w in words)


def _claimed_noun(trigger: Trigger, patterns: EventPatterns) -> bool:
    head = trigger.head
    return head.dep_ == "pobj" and head.head.head.lower_ in patterns.claim_nouns
