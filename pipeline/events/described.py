"""Parties an article describes without naming them: "gunmen", "suspected militants", "villagers".

"Unidentified gunmen attacked a patrol", "soldiers repelled the assault", "three villagers were
killed": the initiator or target is a phrase that no actor of the article stands for. Such an
event's party is the phrase as written, with its qualifiers ("suspected jihadists", "Senegalese
soldiers"; not its count: "21 other soldiers" is "soldiers"), as ACLED records an unidentified
armed group or the civilians of an event. The event carries it as a local link of its own
(`described_link`); pipeline.tables makes one actor row per article and phrase, with no mention,
so that the actors and mentions of the article are what its names say, and nothing more.

The words are data: data/knowledge/base/patterns/parties.yaml (pipeline.events.party_words).
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.events.arguments import ActorIndex, EventActor
from pipeline.events.party_words import PartyWords

DESCRIBED = "described:"  # the prefix of a described party's local link (a gazetteer id or name key holds no colon)
ARMED, FORCES, PEOPLE, SITE = "armed_group", "security_force", "person", "facility"
_NOUNS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_MODIFIERS = frozenset({"amod", "compound", "nmod"})


def described_party(
    token: Token | None, words: PartyWords, index: ActorIndex, *, target: bool = False
) -> EventActor | None:
    """The party a noun describes without naming it ("unidentified gunmen", "Burum villagers",
    "armed men"; "a gang of bandits" and "dozens of settlers" are the bandits and the settlers),
    or None: a pronoun, a word of no party, or a word inside an actor's name. A `target` may be a
    site or vehicle that stands for who held it ("a police post", "an army convoy")."""
    if token is None or token.tag_ not in _NOUNS or index.at(token) is not None:
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    member = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if member is not None and (token.lower_ in words.dropped_modifiers or token.lower_ in words.armed):
        return described_party(member, words, index, target=target)  # "dozens of settlers": who they are
    head = token.lower_
    site = target and head in words.sites
    if head not in words.armed | words.forces | words.people and not site:
        return None
    kept: list[Token] = []
    for left in reversed(list(token.lefts)):  # nearest first: "10 suspected militants" keeps "suspected"
        if left.dep_ not in _MODIFIERS or left.lower_ in words.dropped_modifiers or left.like_num:
            break
        if index.at(left) is not None:
            break  # "Abu Sayyaf bandits": the name says who; nothing to describe
        kept.append(left)
    first = min((t.left_edge.i for t in kept), default=token.i)
    span = token.doc[first : token.i + 1]
    modifiers = {t.lower_ for t in span if t.i != token.i}
    if site:
        kind = SITE
    elif head in words.armed or modifiers & words.armed_modifiers:
        kind = ARMED
    elif head in words.forces:
        kind = FORCES
    else:
        kind = PEOPLE
    return EventActor(span.start_char, span.end_char, described_link(kind, span.text), kind)


def described_link(kind: str, name: str) -> str:
    """The local link of a described party: its type and its name as written."""
    return f"{DESCRIBED}{kind}:{' '.join(name.split())}"


def parse_described(link: object) -> tuple[str, str] | None:
    """(type, name) of a described party's link; None for any other link."""
    if not isinstance(link, str) or not link.startswith(DESCRIBED):
        return None
    kind, _, name = link[len(DESCRIBED) :].partition(":")
    return (kind, name) if kind and name else None
