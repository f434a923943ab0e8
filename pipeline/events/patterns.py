"""Read the event word lists (data/knowledge/base/patterns/events.yaml); the only I/O of the package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.events.party_words import PARTIES_FILE, PartyWords, load_party_words
from pipeline.knowledge_files import strictly

EVENTS_FILE = "events.yaml"


@dataclass(frozen=True)
class TriggerRule:
    """One entry of `triggers`: its phrases and what they are (a fixed sub-type, or a rule that decides)."""

    order: int
    sub_type: str | None
    resolve: str | None
    escalate: str | None
    verbs: tuple[tuple[str, ...], ...]
    nouns: tuple[tuple[str, ...], ...]
    objects: frozenset[str]
    needs_instrument: bool = False  # counted only with a weapon as object or instrument ("launched 10 missiles")
    decision: bool = False  # a decision reported is the event ("decided to stop targeting"): decisions do not block
    initiated: str | None = None  # the sub-type of an attack word with a party of its own ("an Israeli strike")


@dataclass(frozen=True)
class EventPatterns:
    """The event word lists, frozen and hashable."""

    event_of: dict[str, str]  # sub_type -> event_type
    rules: tuple[TriggerRule, ...]
    attack: dict[str, str]  # civilian / armed / default -> sub_type
    civilian_words: frozenset[str]
    armed_words: frozenset[str]
    armed_victim_words: frozenset[str]
    civilian_places: frozenset[str]  # civilian words that are places ("the villages"), not people
    defence_words: tuple[str, ...]  # "repelled", "fought off": the attacked place was defended
    initiator_words: frozenset[str]
    armed_types: frozenset[str]
    non_targets: frozenset[str]
    instruments: tuple[tuple[str, frozenset[str]], ...]
    capture: dict[str, str]
    contraband_words: frozenset[str]
    place_words: frozenset[str]
    person_words: frozenset[str]
    state_types: frozenset[str]
    state_words: frozenset[str]
    non_state_modifiers: frozenset[str]
    partitive_words: frozenset[str]
    escalations: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    governors: frozenset[str]
    ranking_words: frozenset[str]  # "the last town to be freed": an infinitive that tells what happened
    partitive_subjects: frozenset[str]  # "some of them have fought": a group's history, not one event
    decisions: frozenset[str]  # governors that report a decision taken (see TriggerRule.decision)
    modifiers: frozenset[str]
    modals: frozenset[str]
    negations: frozenset[str]
    habitual: frozenset[str]
    anaphoric_determiners: frozenset[str]
    comparison_words: frozenset[str]
    claim_nouns: frozenset[str]
    claim_verbs: frozenset[str]
    defender_verbs: frozenset[str]
    frequency_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    present_only_in_headline: bool
    past_prepositions: frozenset[str]
    place_prepositions: frozenset[str]
    source_verbs: frozenset[str]  # "confirmed", "told": their subject is a source, not a party nor a place
    unlocated: frozenset[str]  # sub-types that take no place from the article, only one their sentence names
    target_prepositions: frozenset[str]
    agent_prepositions: frozenset[str]
    background_prepositions: frozenset[str]
    kill_verbs: tuple[str, ...]
    dead_words: tuple[str, ...]
    toll_words: tuple[str, ...]
    qualifiers: tuple[str, ...]
    numbers: dict[str, int]
    vague_numbers: dict[str, int]
    period_prepositions: frozenset[str] = frozenset()  # "have been killed since": a tally over a period
    frequency_words: frozenset[str] = frozenset()  # "almost daily attacks": many events
    series_nouns: frozenset[str] = frozenset()  # "a series of bomb attacks": many events
    casualty_verbs: frozenset[str] = frozenset()  # "killed and six others injured": one act's toll
    parties: PartyWords = PartyWords()  # described parties ("gunmen", "villagers"): parties.yaml beside events.yaml
    conditional_marks: frozenset[str] = frozenset()  # "if attacked": a condition, not a report
    period_units: frozenset[str] = frozenset()  # "in recent days", "for four months": a tally over a period
    span_prepositions: frozenset[str] = frozenset()  # the prepositions that give such a span
    quantity_heads: frozenset[str] = frozenset()  # "millions of leaflets": the noun after "of" was hit
    anaphoric_victims: frozenset[str] = frozenset()  # "One was shot dead": a victim the sentence before names
    claim_governors: frozenset[str] = frozenset()  # "claimed to have killed": a claim, not a report
    continuation_verbs: frozenset[str] = frozenset()  # "continues to attack": a trend in the present
    summary_modifiers: frozenset[str] = frozenset()  # "killed in similar incidents": several events in one
    incident_nouns: frozenset[str] = frozenset()  # the plural nouns such a summary counts
    means_participles: frozenset[str] = frozenset()  # "using a drone": its object is the weapon
    contrast_marks: frozenset[str] = frozenset()  # ", while a grocer was gunned down": another act


def load_event_patterns(path: Path) -> EventPatterns:
    """Read events.yaml. Raises ValueError naming the file when a sub-type is not one of `event_types`."""
    with strictly(path) as data:
        event_of = {sub: event for event, subs in data["event_types"].items() for sub in subs}
        rules = tuple(_rule(order, raw) for order, raw in enumerate(data["triggers"]))
        attack, capture, negation = data["attack"], data["capture"], data["negation"]
        fatalities = data["fatalities"]
        named = [r.sub_type for r in rules if r.sub_type] + [attack[k] for k in ("civilian", "armed", "default")]
        named += [v for v in capture.values() if isinstance(v, str)]
        named += [r.initiated for r in rules if r.initiated]
        named += [e["sub_type"] for cues in data.get("escalations", {}).values() for e in cues]
        named += list(attack.get("instruments", {}))
        unknown = sorted({name for name in named if name and name not in event_of})
        if unknown:
            raise ValueError(f"{path}: sub-types not listed under event_types: {', '.join(unknown)}")

        def words(raw: dict, key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in raw.get(key, []))

        return EventPatterns(
            event_of=event_of,
            rules=rules,
            attack={k: attack[k] for k in ("civilian", "armed", "default")},
            civilian_words=words(attack, "civilian_words"),
            armed_words=words(attack, "armed_words"),
            armed_victim_words=words(attack, "armed_victim_words"),
            civilian_places=words(attack, "civilian_places"),
            defence_words=tuple(str(w).lower() for w in attack.get("defence_words", [])),
            initiator_words=words(attack, "initiator_words"),
            armed_types=words(attack, "armed_types"),
            non_targets=words(attack, "non_targets"),
            instruments=tuple(
                (sub, frozenset(map(str.lower, ws))) for sub, ws in attack.get("instruments", {}).items()
            ),
            capture={k: v for k, v in capture.items() if isinstance(v, str)},
            contraband_words=words(capture, "contraband_words"),
            place_words=words(capture, "place_words"),
            person_words=words(capture, "person_words"),
            state_types=words(capture, "state_types"),
            state_words=words(capture, "state_words"),
            non_state_modifiers=words(capture, "non_state_modifiers"),
            partitive_words=words(capture, "partitive_words"),
            escalations={
                name: tuple((e["sub_type"], tuple(str(c).lower() for c in e["cues"])) for e in cues)
                for name, cues in data.get("escalations", {}).items()
            },
            governors=words(negation, "governors"),
            decisions=words(negation, "decisions"),
            ranking_words=words(negation, "ranking_words"),
            partitive_subjects=words(negation, "partitive_subjects"),
            modifiers=words(negation, "modifiers"),
            modals=words(negation, "modals"),
            negations=words(negation, "negations"),
            habitual=words(negation, "habitual"),
            anaphoric_determiners=words(negation, "anaphoric_determiners"),
            comparison_words=words(data.get("retellings", {}), "comparison_words"),
            claim_nouns=words(data.get("retellings", {}), "claim_nouns"),
            claim_verbs=words(data.get("retellings", {}), "claim_verbs"),
            defender_verbs=words(data, "defender_verbs"),
            frequency_nouns=words(negation, "frequency_nouns"),
            quantity_nouns=words(negation, "quantity_nouns"),
            present_only_in_headline=bool(negation.get("present_tense_only_in_headline", True)),
            past_prepositions=words(negation, "past_prepositions"),
            place_prepositions=words(data, "place_prepositions"),
            source_verbs=words(data, "source_verbs"),
            unlocated=words(data, "unlocated_sub_types"),
            target_prepositions=words(data, "target_prepositions"),
            agent_prepositions=words(data, "agent_prepositions"),
            background_prepositions=words(data, "background_prepositions"),
            kill_verbs=_longest_first(fatalities["kill_verbs"]),
            dead_words=_longest_first(fatalities["dead_words"]),
            toll_words=_longest_first(fatalities["toll_words"]),
            qualifiers=_longest_first(fatalities["qualifiers"]),
            numbers={str(k).lower(): int(v) for k, v in fatalities["numbers"].items()},
            vague_numbers={str(k).lower(): int(v) for k, v in fatalities.get("vague", {}).items()},
            period_prepositions=words(negation, "period_prepositions"),
            frequency_words=words(negation, "frequency_words"),
            series_nouns=words(negation, "series_nouns"),
            casualty_verbs=words(data, "casualty_verbs"),
            parties=load_party_words(Path(path).parent / PARTIES_FILE),
            conditional_marks=words(negation, "conditional_marks"),
            period_units=words(negation, "period_units"),
            span_prepositions=words(negation, "span_prepositions"),
            continuation_verbs=words(negation, "continuation_verbs"),
            claim_governors=words(negation, "claim_governors"),
            anaphoric_victims=words(attack, "anaphoric_victims"),
            quantity_heads=words(attack, "quantity_heads"),
            summary_modifiers=words(negation, "summary_modifiers"),
            incident_nouns=words(negation, "incident_nouns"),
            means_participles=words(attack, "means_participles"),
            contrast_marks=words(data, "contrast_marks"),
        )


def _rule(order: int, raw: dict) -> TriggerRule:
    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(str(p).lower().split()) for p in raw.get(key, []))

    if bool(raw.get("sub_type")) == bool(raw.get("resolve")):
        raise ValueError(f"trigger entry {order}: give exactly one of sub_type and resolve")
    return TriggerRule(
        order=order,
        sub_type=raw.get("sub_type"),
        resolve=raw.get("resolve"),
        escalate=raw.get("escalate"),
        verbs=phrases("verbs"),
        nouns=phrases("nouns"),
        objects=frozenset(str(w).lower() for w in raw.get("objects", [])),
        needs_instrument=bool(raw.get("needs_instrument", False)),
        decision=bool(raw.get("decision", False)),
        initiated=raw.get("initiated"),
    )


def _longest_first(items: list) -> tuple[str, ...]:
    return tuple(sorted((str(i).lower() for i in items), key=len, reverse=True))
