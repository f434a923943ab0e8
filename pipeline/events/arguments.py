"""Read an event's clause, initiator, target and place from the dependency parse."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.events.clauses import contrasted
from pipeline.events.patterns import EventPatterns
from pipeline.events.triggers import VERB_TAGS, Trigger

PLACE_TYPES = ("facility", "place", "state")  # most specific first
_INNER_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp"})
_SUBJECTS = frozenset({"nsubj", "csubj"})
_NOUN_INITIATORS = frozenset({"poss", "compound", "amod", "nmod"})
_PARTICIPLES = frozenset({"VBG", "VBN"})
# "Ankara-backed", "Kabul-based", "IS-held", "Saudi-led": a name in a hyphenated adjective qualifies a noun
HYPHENATED_PARTICIPLE = re.compile(r"[-‐](?:[a-z]+ed|run|held|led)\b")
_SPONSOR = re.compile(r"[-‐](?!held\b|controlled\b|occupied\b)[a-z]+ed\b")  # "Russia-brokered", not "IS-held"


@dataclass(frozen=True)
class EventActor:
    """An actor mention of the article, with its local link (as mentions and quotes carry)."""

    start: int
    end: int
    link: str
    type: str


@dataclass(frozen=True)
class Arguments:
    """The words that stand for the event's parties: who did it, to whom, with what."""

    initiator: Token | None
    target: Token | None
    second_initiator: Token | None  # "clashes between X and Y": Y
    instrument_words: frozenset[str]
    source: Token | None = None  # a capture's "from X": the party the place was taken from


class ActorIndex:
    """The article's actor mentions, found by the tokens they cover."""

    def __init__(self, actors: Iterable[EventActor]):
        self.actors = sorted(actors, key=lambda a: (a.start, a.end))
        self.starts = [a.start for a in self.actors]

    def at(self, token: Token) -> EventActor | None:
        i = bisect.bisect_right(self.starts, token.idx) - 1
        if i >= 0 and self.actors[i].start <= token.idx < self.actors[i].end:
            return self.actors[i]
        return None

    def within(self, start: int, end: int) -> list[EventActor]:
        lo = bisect.bisect_left(self.starts, start)
        return [a for a in self.actors[lo:] if a.start < end and a.end <= end]

    def before(self, position: int, types: frozenset[str]) -> EventActor | None:
        """The last actor of one of `types` named before `position`: what "the group" or "they" stands for."""
        i = bisect.bisect_left(self.starts, position) - 1
        while i >= 0:
            if self.actors[i].type in types and self.actors[i].end <= position:
                return self.actors[i]
            i -= 1
        return None

    def in_phrase(
        self,
        token: Token | None,
        types: frozenset[str] | None = None,
        *,
        exclude=(),
        located: frozenset[str] = frozenset(),
        sponsors: bool = True,
    ) -> EventActor | None:
        """The actor the word names: the one it is part of, else the first in its phrase (not in a
        clause inside it): "fighters of the Popular Mobilization Units" -> the PMU. A name in a
        phrase of the `located` prepositions does not count ("another attack near the border with
        Burkina Faso": where, not whom); nor, unless `sponsors`, a name in a hyphenated adjective
        that says who backs or brokers it ("a Russia-brokered ceasefire"; "IS-held" still names
        the holder)."""
        if token is None:
            return None
        for word in _phrase_tokens(token, located, conjuncts=False):
            actor = self.at(word)
            if actor is None or actor in exclude or (types is not None and actor.type not in types):
                continue
            if not sponsors and _SPONSOR.match(word.doc.text, actor.end):
                continue
            return actor
        return None


def find_arguments(trigger: Trigger, patterns: EventPatterns) -> Arguments:
    """Initiator (subject, agent, the noun's possessor or modifier) and target (object, passive
    subject, the object of on/against/with) of a trigger."""
    if trigger.kind == "verb":
        return _verb_arguments(trigger, patterns)
    if trigger.rule.resolve == "capture":
        return _capture_noun_arguments(trigger, patterns)
    return _noun_arguments(trigger, patterns)


def _verb_arguments(trigger: Trigger, patterns: EventPatterns) -> Arguments:
    verb = trigger.head
    initiator = target = None
    for token in _verb_chain(verb, patterns.contrast_marks):
        subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
        if subjects:  # the nearest: "KIDAL, Mali — Rebels attacked" parses the dateline as a subject too
            initiator = _relative_head(subjects[-1], token)
        for child in token.children:
            if child.dep_ == "agent" and initiator is None:
                initiator = _object_of(child)
            elif _agent_phrase(child, token) and initiator is None:
                initiator = _object_of(child)  # "after shelling by the RSF": a participle's "by"
            elif child.dep_ == "nsubjpass" and (target is None or token.i == verb.i):
                target = child  # the last, nearest the verb ("KIDAL, Mali — Nine civilians were killed")
        if initiator is not None:
            break
    words = {}
    for token in trigger.tokens:
        for child in token.children:
            if child.dep_ == "dobj" and not _in_phrase(child, trigger):
                words.setdefault("object", child)
            elif child.dep_ == "prep" and child.lower_ == "with" and _weapon(_object_of(child), patterns):
                words.setdefault("with", _object_of(child))  # "hit a warship with two missiles"
            elif _target_preposition(child, patterns):
                words.setdefault("prep", _object_of(child))
            elif child.dep_ == "prep" and child.lower_ == "from":
                words.setdefault("from", _object_of(child))
            elif child.dep_ == "pobj" and token.lower_ in patterns.target_prepositions and not _when(child):
                words.setdefault("prep", child)
    target = words.get("object") or words.get("prep") or target
    if initiator is None and verb.lower_ in patterns.parties.victim_verbs:
        initiator = _fought_with(verb)  # "rebels were killed in an encounter with security forces"
    if target is None and verb.dep_ in ("acl", "relcl") and any(c.dep_ == "auxpass" for c in verb.children):
        target = verb.head  # "the last town to be freed": the noun it qualifies
    attacker = _agent_of(words.get("object")) if verb.lower_ in patterns.defender_verbs else None
    if attacker is not None:  # "repulsed an attack by X": X attacked, the subject defended
        initiator, target = attacker, initiator
    target = _partitive(target, patterns)
    instruments = _words(initiator) | _words(words.get("with")) | _means(verb, patterns)
    for token in _verb_chain(verb, patterns.contrast_marks)[
        1:
    ]:  # "used drones to attack Israel": the means of the verb it serves
        instruments |= set().union(*(_words(c) for c in token.children if c.dep_ == "dobj" and _weapon(c, patterns)))
    if initiator is None and verb.dep_ in ("acl", "relcl"):
        instruments |= {verb.head.lower_}  # "rockets strayed into ...", read as a participle of "rockets"
    source = words.get("from") if trigger.rule.resolve == "capture" else None
    return Arguments(initiator, target, None, frozenset(instruments), source)


def _capture_noun_arguments(trigger: Trigger, patterns: EventPatterns) -> Arguments:
    """ "the fall of Goma", "its liberation from IS", "the capture of the town by the army": a
    capture noun's "of" names what was taken (not the verb's object: "the fall of the regime has
    closed this highway"), "from" whom, "by" whom (or its possessor)."""
    noun = trigger.head
    preps = {c.lower_: _object_of(c) for c in noun.children if c.dep_ == "prep"}
    possessor = next((c for c in noun.children if c.dep_ == "poss"), None)
    target = preps.get("of") or (possessor if possessor is not None and possessor.tag_ == "PRP$" else None)
    initiator = preps.get("by") or (possessor if target is not possessor else None)
    return Arguments(initiator, _partitive(target, patterns), None, frozenset(), preps.get("from"))


def _agent_phrase(child: Token, verb: Token) -> bool:
    """ "shelling by the RSF", "an attack carried out by X": "by" after a participle names who did it."""
    return child.dep_ == "prep" and child.lower_ == "by" and verb.tag_ in _PARTICIPLES and not _when(_object_of(child))


def _relative_head(subject: Token, verb: Token) -> Token:
    """ "the Islamic Resistance, which used drones": the noun a relative pronoun stands for."""
    if subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        return verb.head
    return subject


def _weapon(noun: Token | None, patterns: EventPatterns) -> bool:
    """Whether the phrase names a weapon of patterns.instruments: the instrument of "with", not
    the other party ("clashed with the army")."""
    words = _words(noun)
    return any(words & weapons for _, weapons in patterns.instruments)


def _agent_of(noun: Token | None) -> Token | None:
    """The object of the noun's own "by": "an attack by the army" -> "army"."""
    if noun is None:
        return None
    return next((_object_of(c) for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)


def _noun_arguments(trigger: Trigger, patterns: EventPatterns) -> Arguments:
    noun = trigger.head
    initiator = target = second = other_side = None
    instruments = {t.lower_ for t in trigger.tokens}
    for child in noun.children:
        if child.dep_ in _NOUN_INITIATORS and not _in_phrase(child, trigger) and initiator is None:
            initiator = None if _plain_adjective(child) else child
        elif child.dep_ == "prep" and child.lower_ == "between":
            initiator = _object_of(child) or initiator
            second = next((c for c in initiator.children if c.dep_ == "conj"), None) if initiator is not None else None
        elif child.dep_ == "prep" and child.lower_ in patterns.agent_prepositions:
            initiator = _object_of(child) or initiator
        elif _target_preposition(child, patterns) and target is None:
            target = _object_of(child)
            other_side = target if child.lower_ == "with" else None
    head = noun.head
    if noun.dep_ == "conj":  # "airstrikes and shelling hit the town": the first conjunct's role
        noun, head = noun.head, noun.head.head
    while noun.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ in ("dobj", "nsubj", "nsubjpass"):
        noun, head = head.head, head.head.head  # "carried out a number of airstrikes": the number's role
    if (
        (initiator is None or initiator.tag_ == "PRP$")
        and noun.dep_ in ("dobj", "pobj")
        and head.tag_ in VERB_TAGS
        and head.lower_ not in patterns.source_verbs
    ):  # "launched an attack", "continued its attacks"; not "the chairman confirmed the killing"
        initiator = next((c for c in head.children if c.dep_ in _SUBJECTS), None) or initiator
    if noun.dep_ == "pobj" and head.lower_ == "with" and head.head.tag_ in VERB_TAGS:
        verb = head.head  # "bombarded the camp with a barrage of missiles": the verb's subject and object
        if initiator is None:
            initiator = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if target is None:
            target = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if initiator is None:
        initiator = _passive_agent(noun) or _claimant(noun, patterns)
    if noun.dep_ in _SUBJECTS and head.tag_ in VERB_TAGS:
        for child in head.children:  # "clashes erupted between X and Y", "an airstrike hit a convoy"
            if child.dep_ == "prep" and child.lower_ == "between" and initiator is None:
                initiator = _object_of(child)
                second = next((c for c in initiator.children if c.dep_ == "conj"), None) if initiator else None
            elif target is None and (child.dep_ == "dobj" or _target_preposition(child, patterns)):
                target = child if child.dep_ == "dobj" else _object_of(child)
    victims = _victims_of(noun, patterns) if initiator is None and other_side is not None else None
    if victims is not None:  # "five soldiers were killed in clashes with X": X fought them
        initiator, target = other_side, victims
    if target is None and noun.dep_ == "pobj":
        verb = next((a for a in noun.ancestors if a.tag_ in VERB_TAGS), None)  # "were killed in an airstrike"
        if verb is not None:
            target = next((c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")), None)
    instruments |= _words(initiator) | _means(trigger.head, patterns)
    return Arguments(initiator, _partitive(target, patterns), second, frozenset(instruments))


def _means(token: Token, patterns: EventPatterns) -> set[str]:
    """The words of what the act was done with, told as a means beside it: the object of a
    participle of use ("targeted the market using a drone", "an attempt using a drone") or of a
    gerund after "by" ("killed two guards by exploding a claymore mine")."""
    found: set[str] = set()
    for child in token.children:
        verb = None
        if child.dep_ in ("advcl", "xcomp", "acl") and child.lower_ in patterns.means_participles:
            verb = child
        elif child.dep_ == "prep" and child.lower_ == "by":
            verb = next((c for c in child.children if c.dep_ == "pcomp" and c.tag_ == "VBG"), None)
        for obj in (c for c in verb.children if c.dep_ == "dobj") if verb is not None else ():
            found |= _words(obj)
    return found


def _victims_of(noun: Token, patterns: EventPatterns) -> Token | None:
    """The subject of the verb of dying or wounding a fight is told in ("soldiers were killed in
    clashes with X", "guards died in an encounter with X"): its victims."""
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return None
    verb = noun.head.head
    if verb.lower_ not in patterns.parties.victim_verbs:
        return None
    return next((c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")), None)


def _fought_with(verb: Token) -> Token | None:
    """ "were killed in an encounter with X", "died during fighting with X": X, who the victims fought."""
    for prep in verb.children:
        noun = _object_of(prep) if prep.dep_ == "prep" and prep.lower_ in ("in", "during") else None
        for child in noun.children if noun is not None else ():
            if child.dep_ == "prep" and child.lower_ == "with" and not _when(_object_of(child)):
                return _object_of(child)
    return None


def _plain_adjective(token: Token) -> bool:
    """ "deadly airstrikes", "fresh attacks": an adjective that names nobody (not "Israeli", not "IS-led")."""
    return token.dep_ == "amod" and token.tag_ in ("JJ", "JJR", "JJS") and not token.ent_type_ and not token.n_lefts


def _target_preposition(token: Token, patterns: EventPatterns) -> bool:
    """A preposition whose object is what was attacked ("an attack on the camp", "fired at
    troops"), not when ("attacked on Friday", "at dawn")."""
    if token.dep_ != "prep" or token.lower_ not in patterns.target_prepositions:
        return False
    return not _when(_object_of(token))


def _when(token: Token | None) -> bool:
    """Whether the word is a date or time ("Friday", "dawn")."""
    return token is not None and token.ent_type_ in ("DATE", "TIME")


def _passive_agent(noun: Token) -> Token | None:
    """ "an attack carried out by X", "the attack was claimed by X": the agent of a passive verb
    that the noun is the subject or the head of."""
    verbs = [c for c in noun.children if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN"]
    if noun.dep_ == "nsubjpass" and noun.head.tag_ in VERB_TAGS:
        verbs.append(noun.head)
    for verb in verbs:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None and _object_of(agent) is not None:
            return _object_of(agent)
    return None


def _claimant(noun: Token, patterns: EventPatterns) -> Token | None:
    """ "X claimed responsibility for the attack": the one who claims it carried it out."""
    preposition = noun.head if noun.dep_ == "pobj" else None
    claim = preposition.head if preposition is not None and preposition.dep_ == "prep" else None
    if claim is None or claim.lower_ not in patterns.claim_nouns or claim.head.tag_ not in VERB_TAGS:
        return None
    verb = claim.head
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if (subject is None or subject.tag_ in ("WDT", "WP")) and verb.dep_ in ("acl", "relcl"):
        return verb.head  # "al-Shabab, claiming responsibility for the attack, said"
    return subject


def _verb_chain(verb: Token, contrast_marks: frozenset[str] = frozenset()) -> list[Token]:
    """The verb and those whose subject it shares: "... and killed", "..., killing", "continued to
    shell"; not across a clause of contrast (", while a grocer was gunned down": another act's subject)."""
    chain = [verb]
    token = verb
    while token.head.i != token.i and token.head.tag_ in VERB_TAGS and token.dep_ in ("conj", "xcomp", "advcl"):
        if token.dep_ == "advcl" and (token.tag_ not in _PARTICIPLES or contrasted(token, contrast_marks)):
            break
        token = token.head
        chain.append(token)
    return chain


def _object_of(preposition: Token) -> Token | None:
    return next((c for c in preposition.children if c.dep_ == "pobj"), None)


def _partitive(token: Token | None, patterns: EventPatterns) -> Token | None:
    """ "control of the town" -> "town"."""
    if token is not None and token.lower_ in patterns.partitive_words:
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = _object_of(of) if of is not None else None
        return inner or token
    return token


def _in_phrase(token: Token, trigger: Trigger) -> bool:
    return trigger.first <= token.i <= trigger.last


def _phrase_tokens(token: Token, located: frozenset[str] = frozenset(), *, conjuncts: bool = True) -> list[Token]:
    """The word's phrase, in text order, without clauses inside it nor a description set beside
    it ("shops in the camp, one of the largest in Darfur": not Darfur's shops), nor phrases of the
    `located` prepositions; without its conjuncts unless `conjuncts` ("between government forces
    and the SDF": the SDF is the other side, not the forces' name)."""
    skipped: set[int] = set()
    for t in token.subtree:
        described = t.dep_ == "appos" and t.tag_ not in ("NNP", "NNPS")
        where = t.dep_ == "prep" and t.lower_ in located
        joined = not conjuncts and t.dep_ == "conj" and t.head.i == token.i
        if t.i != token.i and (t.dep_ in _INNER_CLAUSES or described or where or joined) and t.i not in skipped:
            skipped.update(s.i for s in t.subtree)
    return [token] + [t for t in token.subtree if t.i not in skipped and t.i != token.i]


def _words(token: Token | None) -> set[str]:
    return {t.lower_ for t in _phrase_tokens(token)} if token is not None else set()
