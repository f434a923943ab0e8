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
) -> str | None:
    """The sub-type, or None when the trigger is no event here ("struck a deal", "reopened schools")."""
    if rule.objects and target_word not in rule.objects:
        return None
    weapons = instrument_words | {target_word}
    if rule.needs_instrument and not any(weapons & words for _, words in patterns.instruments):
        return None
    if rule.sub_type is not None:
        return _escalated(rule, sentence, patterns) or rule.sub_type
    if rule.resolve == "attack":
        return _attack(target_word, target_actor, instrument_words | {target_word}, sentence, patterns)
    if rule.resolve == "capture":
        return _capture(target_word, target_actor, initiator_word, initiator_actor, patterns)
    raise ValueError(f"unknown resolve rule {rule.resolve!r} in events.yaml")


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
) -> str | None:
    """Who was attacked decides: civilians, an armed party, else the victims the sentence names
    ("two attacks on the gas field led to the death of four officers" is a battle)."""
    if target_word in patterns.non_targets:
        return None
    for sub_type, words in patterns.instruments:
        if instruments & words:
            return sub_type
    if target_word in patterns.civilian_words:
        return patterns.attack["civilian"]
    if target_word in patterns.armed_words or (target is not None and target.type in patterns.armed_types):
        return patterns.attack["armed"]
    words = set(re.findall(r"[a-z]+", sentence.lower()))
    if words & patterns.armed_victim_words and not words & patterns.civilian_words:
        return patterns.attack["armed"]
    return patterns.attack["default"]


def _capture(
    target_word: str | None,
    target: EventActor | None,
    initiator_word: str | None,
    initiator: EventActor | None,
    patterns: EventPatterns,
) -> str | None:
    by_state = (initiator is not None and initiator.type in patterns.state_types) or (
        initiator is None and initiator_word in patterns.state_words
    )
    if target_word in patterns.contraband_words:
        return patterns.capture["contraband"]
    if (target is not None and target.type in ("place", "facility")) or target_word in patterns.place_words:
        return patterns.capture["place_by_state" if by_state else "place_by_other"]
    if (target is not None and target.type == "person") or target_word in patterns.person_words:
        return patterns.capture["person_by_state" if by_state else "person_by_other"]
    return None
