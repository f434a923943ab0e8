"""Decide the sub-type of a trigger from its rule and its arguments (attack on whom, seizure of what)."""

from __future__ import annotations

import re

from pipeline.events.arguments import EventActor
from pipeline.events.patterns import EventPatterns, TriggerRule


def decide_sub_type(
    rule: TriggerRule,
    *,
    target_word: str | None,
    target_actor: EventActor | None,
    initiator_word: str | None,
    initiator_actor: EventActor | None,
    instrument_words: frozenset[str],
    sentence: str,
    patterns: EventPatterns,
    target_noun: str | None = None,
    source_actor: EventActor | None = None,
    context: str = "",
) -> str | None:
    """The sub-type, or None when the trigger is no event here ("struck a deal", "reopened schools").
    A rule with `objects` counts with one of them, or with an armed party as its object ("the RSF
    have been deployed"). `context`: the sentence before, where a defence of an attacked place may
    be told."""
    armed_target = target_actor is not None and target_actor.type in patterns.armed_types - {"state"}
    objects = {target_word, target_noun}  # "moving military hardware": the noun, not its armed modifier
    if rule.objects and not objects & rule.objects and not armed_target:
        return None
    weapons = instrument_words | {target_word}
    if rule.needs_instrument and not any(weapons & words for _, words in patterns.instruments):
        return None
    if rule.sub_type is not None:
        return _escalated(rule, sentence, patterns) or rule.sub_type
    if rule.resolve == "attack":
        sub_type = _attack(target_word, target_actor, instrument_words | {target_word}, sentence, patterns, context)
        return _initiated(rule, sub_type, initiator_actor, patterns)
    if rule.resolve == "capture":
        return _capture(target_word, target_actor, initiator_word, initiator_actor, patterns, source=source_actor)
    raise ValueError(f"unknown resolve rule {rule.resolve!r} in events.yaml")


def _initiated(
    rule: TriggerRule, sub_type: str | None, initiator: EventActor | None, patterns: EventPatterns
) -> str | None:
    """ "an Israeli strike on a residential building": an attack word that says how it was done once
    a party of its own carries it out (rule.initiated), unless a weapon already said more; told with
    no party ("injured in the strike") it stays a generic word for the attack it retells."""
    generic = sub_type in (patterns.attack["civilian"], patterns.attack["armed"], patterns.attack["default"])
    armed = initiator is not None and initiator.type in patterns.armed_types  # not "a strike by the union"
    return rule.initiated if rule.initiated and armed and generic else sub_type


def _escalated(rule: TriggerRule, sentence: str, patterns: EventPatterns) -> str | None:
    lower = sentence.lower()
    for sub_type, cues in patterns.escalations.get(rule.escalate or "", ()):
        if any(re.search(rf"\b{re.escape(cue)}\b", lower) for cue in cues):
            return sub_type
    return None


def _attack(
    target_word: str | None,
    target: EventActor | None,
    instruments: frozenset[str],
    sentence: str,
    patterns: EventPatterns,
    context: str = "",
) -> str | None:
    """Who was attacked decides: civilians, an armed party, else the victims the sentence names
    ("two attacks on the gas field led to the death of four officers" is a battle). A place of
    civilians that the sentence or the one before says was defended ("but the SDF repelled their
    assault") is a battle."""
    if target_word in patterns.non_targets:
        return None
    for sub_type, words in patterns.instruments:
        if instruments & words:
            return sub_type
    if target_word in patterns.civilian_places and _defended(f"{context} {sentence}", patterns):
        return patterns.attack["armed"]
    if target_word in patterns.civilian_words:
        return patterns.attack["civilian"]
    if target_word in patterns.armed_words or (target is not None and target.type in patterns.armed_types):
        return patterns.attack["armed"]
    if target_word in patterns.anaphoric_victims and _armed_victims(context, patterns):
        return patterns.attack["armed"]  # "Two policemen were killed ... One was shot dead in Karaleti"
    if _armed_victims(sentence, patterns):
        return patterns.attack["armed"]
    return patterns.attack["default"]


def _armed_victims(text: str, patterns: EventPatterns) -> bool:
    """Whether the only victims the text names are a force's members ("four officers", "policemen")."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    return bool(words & patterns.armed_victim_words) and not words & patterns.civilian_words


def typed_by_target(target_word: str | None, target: EventActor | None, patterns: EventPatterns) -> bool:
    """Whether an attack's reading comes from the target it names (civilians, an armed party), not
    from the default or the sentence's other words: what a retelling read less well must not override."""
    armed = target is not None and target.type in patterns.armed_types
    return armed or target_word in patterns.civilian_words or target_word in patterns.armed_words


def _defended(text: str, patterns: EventPatterns) -> bool:
    lower = text.lower()
    return any(re.search(rf"\b{re.escape(word)}\b", lower) for word in patterns.defence_words)


def _capture(
    target_word: str | None,
    target: EventActor | None,
    initiator_word: str | None,
    initiator: EventActor | None,
    patterns: EventPatterns,
    *,
    source: EventActor | None = None,
) -> str | None:
    """What was taken (contraband, a place, a person), by the state or not: by the initiator, else
    by the party it was taken from ("retaken from IS": an armed group lost it, the state regained it)."""
    by_state = (initiator is not None and initiator.type in patterns.state_types) or (
        initiator is None and initiator_word in patterns.state_words
    )
    if initiator is None and initiator_word not in patterns.state_words and source is not None:
        by_state = source.type == "armed_group"
    if target_word in patterns.contraband_words:
        return patterns.capture["contraband"]
    if (target is not None and target.type in ("place", "facility")) or target_word in patterns.place_words:
        return patterns.capture["place_by_state" if by_state else "place_by_other"]
    if (target is not None and target.type == "person") or target_word in patterns.person_words:
        return patterns.capture["person_by_state" if by_state else "person_by_other"]
    return None


def target_word(token, patterns: EventPatterns) -> str | None:
    """The word that says who was attacked: a modifier naming an armed party ("a military camp",
    "an army base") before the head noun ("camp" alone may be a camp for the displaced)."""
    if token is None:
        return None
    if token.lower_ in patterns.quantity_heads:  # "millions of leaflets", "dozens of villagers"
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        token = next((o for o in of.children if o.dep_ == "pobj"), token) if of is not None else token
    armed = next(
        (c.lower_ for c in token.children if c.dep_ in ("amod", "compound") and c.lower_ in patterns.armed_words), None
    )
    return armed or token.lower_


def initiator_word(token, patterns: EventPatterns) -> str | None:
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
