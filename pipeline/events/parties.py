"""Who an event's words name: the initiator, the target, the party a place was taken from.

The parse gives words (pipeline.events.arguments); this module finds the article's actors they
stand for, including words that name a party without saying which ("they", "the militants", "the
rebel army", "it" for a town just named).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.events.arguments import ActorIndex, Arguments, EventActor
from pipeline.events.patterns import EventPatterns, TriggerRule

ARMED_GROUPS = frozenset({"armed_group"})
STATE_FORCES = frozenset({"security_force"})
LOCAL_PLACES = frozenset({"place", "facility"})
# The actor types that can be a party to an event: not places, and never an outlet (the
# "(Reuters)" of a dateline, the radio a witness spoke to).
PARTIES = frozenset({"person", "armed_group", "security_force", "government_body", "state", "international_org",
                     "other_org"})  # fmt: skip
ARMED_PARTIES = frozenset({"armed_group", "security_force"})
MOVERS = frozenset({"other"})  # sub-types whose armed object is who acts (deployed, sent, withdrawn)
DEMONYM = "DEMONYM"  # the label pipeline.entities.institutions gives a nationality adjective ("Turkish")


@dataclass(frozen=True)
class Parties:
    """The actors of one trigger: initiator, target (a party), what was attacked or taken (any
    actor, a place too), and the party a place was taken from."""

    actor1: EventActor | None
    actor2: EventActor | None
    target_any: EventActor | None
    source: EventActor | None


def find_parties(args: Arguments, rule: TriggerRule, index: ActorIndex, patterns: EventPatterns) -> Parties:
    """The actors the trigger's argument words name. A capture's "it" is the town last named ("a
    year after it was retaken"); "taken from X": X is the other party. A name that only says where
    ("near the border with Burkina Faso") is no party; nor is the sponsor of the target ("reached a
    Russia-brokered ceasefire": Russia is not the other side)."""
    actor1 = initiator_of(args.initiator, index, patterns)
    same = tuple(a for a in index.actors if actor1 is not None and a.link == actor1.link)
    where = located_prepositions(patterns)
    actor2 = index.in_phrase(args.target, PARTIES, exclude=same, located=where, sponsors=False)
    source = index.in_phrase(args.source, PARTIES, exclude=same, located=where)
    if actor2 is None and args.second_initiator is not None:
        actor2 = index.in_phrase(args.second_initiator, PARTIES, exclude=same, located=where, sponsors=False)
    target_any = index.in_phrase(args.target)
    if target_any is None and rule.resolve == "capture" and _pronoun(args.target):
        target_any = index.before(args.target.idx, LOCAL_PLACES)
    return Parties(actor1, actor2 or source, target_any, source)


def located_prepositions(patterns: EventPatterns) -> frozenset[str]:
    """The prepositions whose phrase inside a party's phrase says where, not who: the locative
    ones that never introduce a party ("near the border with X", "in Myanmar"; not "an attack on
    X", "clashes between X and Y", "fighters of X")."""
    parties = patterns.target_prepositions | patterns.agent_prepositions | {"of", "between"}
    return patterns.place_prepositions - parties


def acting(sub_type: str, parties: Parties) -> Parties:
    """ "The RSF have been deployed", "a contingent of the PMU had been sent": a force moved or
    changed is the party that acts, not a target."""
    if sub_type in MOVERS and parties.actor1 is None and parties.actor2 is not None:
        if parties.actor2.type in ARMED_PARTIES:
            return Parties(parties.actor2, None, parties.target_any, parties.source)
    return parties


def initiator_of(initiator: Token | None, index: ActorIndex, patterns: EventPatterns) -> EventActor | None:
    """The actor the initiator word names: its own mention, else what "the army" or "they" stands
    for, else the first actor of its phrase ("the army and Wagner" is the army first)."""
    if initiator is None:
        return None
    own = index.at(initiator)
    if own is not None and own.type in PARTIES:
        return own
    return (
        antecedent(initiator, index, patterns)
        or index.in_phrase(initiator, PARTIES, located=located_prepositions(patterns))
        or nation_of(initiator, index)
    )


def nation_of(word: Token, index: ActorIndex) -> EventActor | None:
    """The party a nationality adjective stands for as an initiator ("a Turkish drone attack",
    "Israeli strikes", "Russian shelling"): the state's forces named with that adjective in the
    article ("Turkish troops"), else the state itself when the article names it. A nationality the
    article names no party for stays unknown."""
    if word.ent_type_ != DEMONYM or not word.ent_id_:
        return None
    text = word.doc.text
    forces = [
        a for a in index.actors
        if a.type in STATE_FORCES and text[a.start : a.end].split()[:1] == [word.text]
    ]  # fmt: skip
    state = next((a for a in index.actors if a.link == word.ent_id_), None)
    return forces[0] if forces else state


def antecedent(initiator: Token | None, index: ActorIndex, patterns: EventPatterns) -> EventActor | None:
    """Who "they", "its", "the group", "the militants" or "the rebel army" are: the armed group
    last named before them; "the troops", "the army": the security force last named. Only a
    pronoun or a noun of patterns.initiator_words / state_words with a definite article and at
    most adjectives (a word that names an armed party, not which); a state word made non-state
    ("the rebel army") is an armed group."""
    if initiator is None:
        return None
    if initiator.tag_ in ("PRP", "PRP$") and initiator.lower_ in ("it", "they", "its", "their"):
        return index.before(initiator.idx, ARMED_GROUPS)
    own = [c for c in initiator.children if c.dep_ not in ("det", "punct", "cc", "conj")]
    if any(c.dep_ not in ("amod", "compound") or c.tag_ in ("NNP", "NNPS") or index.at(c) for c in own):
        return None  # "the Malian army", "fighters of X": the phrase names its party
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "these") for c in initiator.children):
        return None
    rebel = any(c.lower_ in patterns.non_state_modifiers for c in own)
    if initiator.lower_ in patterns.state_words and not rebel:
        return index.before(initiator.idx, STATE_FORCES)
    if initiator.lower_ in patterns.initiator_words or (rebel and initiator.lower_ in patterns.state_words):
        return index.before(initiator.idx, ARMED_GROUPS)
    return None


def _pronoun(token: Token | None) -> bool:
    """ "it was retaken", "its liberation": the thing taken, named before."""
    return token is not None and token.tag_ in ("PRP", "PRP$") and token.lower_ in ("it", "its")
