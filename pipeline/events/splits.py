"""Two events told in one clause: "retook the Baghouz area and the town of Soussa", "attacked two
positions in the centre and five in the west".

ACLED codes one event per place and per act, so a capture or an attack whose object is a list of
places, or of counted targets, is one event per member of the list. The parse gives the list as
`conj` children of the object; each member after the first is a part of its own, told by the
trigger and that member ("retook ... and the town of Soussa"), and the first keeps the clause up
to the list's next member. A plural place word that lists names ("an attack on the villages of
Aloush and Tel Arish") is such a list too: the names are its members.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.events.arguments import ActorIndex, EventActor
from pipeline.events.triggers import NOUN_TAGS, Trigger

_PLACE_TYPES = frozenset({"place", "facility"})
_SPLIT_RULES = frozenset({"capture", "attack"})


@dataclass(frozen=True)
class Part:
    """One member of a listed object: the token span [first, last] that tells it and its place."""

    key: int  # the member's token: one event per member
    first: int
    last: int
    place: EventActor | None


def listed_parts(target: Token | None, trigger: Trigger, index: ActorIndex, place_words: frozenset[str]) -> list[Part]:
    """The members of the object list after the first, each an event of its own: a member that
    names a town or facility, or is counted ("five western positions"), as the first one is.
    Empty when the object is no such list."""
    if target is None or trigger.rule.resolve not in _SPLIT_RULES:
        return []
    named = _named_list(target, place_words)
    if named is not None:  # "the villages of Aloush and Tel Arish": each name is a place
        return [Part(m.i, trigger.first, m.right_edge.i, _place_of(m, index)) for m in _conjuncts(named)]
    members = _members(target, trigger)
    if not members or not _distinct(target, index, place_words):
        return []
    return [
        Part(member.i, trigger.first, member.right_edge.i, _place_of(member, index))
        for member in members
        if _distinct(member, index, place_words) and member.i > trigger.last
    ]


def first_part_end(target: Token, trigger: Trigger, place_words: frozenset[str] = frozenset()) -> int:
    """The last token of the first member: the clause of the first event stops before the list
    goes on ("retook the Baghouz area" of "... and the town of Soussa")."""
    named = _named_list(target, place_words)
    target = named if named is not None else target
    members = _conjuncts(target) if named is not None else _members(target, trigger)
    stop = min(m.left_edge.i for m in members) if members else target.right_edge.i + 1
    doc = target.doc
    last = stop - 1
    while last > target.i and (doc[last].dep_ in ("cc", "punct") or doc[last].is_space):
        last -= 1
    return last


def _named_list(target: Token, place_words: frozenset[str]) -> Token | None:
    """ "an attack on the villages of Aloush and Tel Arish": a plural place word whose "of" lists
    names; the first name, whose conjuncts are the other places (None when it lists no names)."""
    if target.tag_ != "NNS" or target.lower_ not in place_words:
        return None
    for prep in target.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for name in prep.children:
                if name.dep_ == "pobj" and _conjuncts(name) and all(_proper(m) for m in [name, *_conjuncts(name)]):
                    return name
    return None


def _proper(token: Token) -> bool:
    """A name: a proper noun, or a word the tagger missed inside quotation marks ('"Aloush"')."""
    quoted = token.i > 0 and token.doc[token.i - 1].tag_ == "``"
    return token.tag_ in ("NNP", "NNPS") or quoted


def _members(target: Token, trigger: Trigger) -> list[Token]:
    """The object's coordinated nouns, and nouns the parser coordinated with the verb itself
    ("attacked two positions in the centre and five western positions")."""
    verb = trigger.head
    beside = [c for c in verb.children if c.dep_ == "conj" and c.tag_ in NOUN_TAGS] if trigger.kind == "verb" else []
    return sorted(_conjuncts(target) + beside, key=lambda t: t.i)


def _conjuncts(token: Token) -> list[Token]:
    """The nouns coordinated with `token` ("A, B and C"), in text order."""
    found, queue = [], [token]
    while queue:
        current = queue.pop()
        for child in current.children:
            if child.dep_ == "conj" and child.i > token.i:
                found.append(child)
                queue.append(child)
    return sorted(found, key=lambda t: t.i)


def _distinct(member: Token, index: ActorIndex, place_words: frozenset[str]) -> bool:
    """A member that is an event's object on its own: naming a town or facility, or a place word
    counted or with a name ("five western positions", "the town of Soussa"); listed victims
    ("killed 84 mercenaries and 47 soldiers") are one event's."""
    if _place_of(member, index) is not None:
        return True
    named = any(c.dep_ == "nummod" for c in member.children) or any(t.tag_ == "NNP" for t in member.subtree)
    return member.lower_ in place_words and named


def _place_of(member: Token, index: ActorIndex) -> EventActor | None:
    """The town or facility the member names: itself, or what its "of" names ("the town of Soussa")."""
    words = [member] + [t for c in member.children if c.dep_ in ("prep", "compound") for t in c.subtree]
    for word in words:
        actor = index.at(word)
        if actor is not None and actor.type in _PLACE_TYPES:
            return actor
    return None


def bounded(clause: list[Token], bounds: tuple[int | None, int] | None) -> list[Token]:
    """The clause within a part's token bounds [first, last] (first None: from the clause's start;
    the whole clause when they leave nothing)."""
    if bounds is None:
        return clause
    first, last = bounds
    kept = [t for t in clause if (first is None or t.i >= first) and t.i <= last]
    return kept or clause
