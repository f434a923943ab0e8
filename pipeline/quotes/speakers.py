"""Choose the earlier actor that a pronoun or a definite noun in an attribution stands for."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_][\w’'.-]*")
_SENTENCE_END = re.compile(r"[.!?](?=\s|\Z)")
# how far after a name a pronoun can still be about that name ("X said his forces …")
_GENDER_WINDOW = 200


@dataclass(frozen=True)
class ActorSpan:
    """An actor mention already resolved by the pipeline: char offsets into the text."""

    start: int
    end: int
    actor_id: str
    name: str
    type: str


@dataclass(frozen=True)
class SpeakerCues:
    """Word lists for resolving speakers, from data/patterns/quotes.yaml (sources noted there)."""

    person_types: frozenset[str]
    organisation_types: frozenset[str]
    organisation_pronouns: frozenset[str]
    organisation_nouns: frozenset[str]
    organisation_noun_types: tuple[tuple[str, frozenset[str]], ...]
    untyped_organisation_types: frozenset[str]
    gender_titles: tuple[tuple[str, frozenset[str]], ...]
    gender_pronouns: tuple[tuple[str, frozenset[str]], ...]


@dataclass(frozen=True)
class Antecedent:
    """An actor an attribution can point back to, and where the text introduced it as a source."""

    pos: int
    actor_id: str | None
    end: int | None = None  # where an unnamed source's description ('a police officer') ends


def pronoun_gender(pronoun: str, cues: SpeakerCues) -> str | None:
    """'male' for he, 'female' for she, None for they/it and anything not listed."""
    return next((gender for gender, words in cues.gender_pronouns if pronoun.lower() in words), None)


def actor_genders(masked: str, spans: Sequence[ActorSpan], cues: SpeakerCues) -> dict[str, str]:
    """actor_id -> gender for persons the text itself marks, by a title (Umm, Abu, Mrs) or by the
    first he/his or she/her after a mention in its sentence, before the next person is named.
    Contradicting evidence leaves the actor unmarked, so resolution falls back to nearness.

    masked (str): the text with quotations hidden, so quoted pronouns never count.
    """
    persons = sorted((s for s in spans if s.type in cues.person_types), key=lambda s: s.start)
    evidence: dict[str, set[str]] = {}
    for i, span in enumerate(persons):
        stop = next((p.start for p in persons[i + 1 :] if p.start >= span.end), len(masked))
        window = masked[span.end : min(stop, span.end + _GENDER_WINDOW)]
        sentence_end = _SENTENCE_END.search(window)
        found = _title_gender(masked, span, cues) | _first_pronoun_gender(window[: _end(sentence_end, window)], cues)
        evidence.setdefault(span.actor_id, set()).update(found)
    return {actor_id: genders.pop() for actor_id, genders in evidence.items() if len(genders) == 1}


def choose_antecedent(
    candidates: Sequence[Antecedent], gender: str | None, genders: Mapping[str, str]
) -> Antecedent | None:
    """The most recently introduced candidate whose known gender does not contradict the pronoun's;
    an unnamed source ('a police officer') is a candidate too, so 'he' after it stays unresolved."""
    for candidate in sorted(candidates, key=lambda c: c.pos, reverse=True):
        if gender is None or candidate.actor_id is None or genders.get(candidate.actor_id, gender) == gender:
            return candidate
    return None


def noun_antecedent(
    spans: Sequence[ActorSpan],
    noun: str,
    types: frozenset[str],
    cues: SpeakerCues,
    described: frozenset[int] = frozenset(),
) -> str | None:
    """'The ministry': the last organisation before whose name holds the noun, or that the text
    introduced with it ('the armed group Kataib Hezbollah'), and whose type the noun allows
    ('Defence Ministry'); else the last one of those types ('the army' -> the last security force,
    never the armed group named in between); else the last one of no telling type (a group only the
    model found); else the last one named with the noun whatever its type ('the army' after the
    Arakan Army alone). A noun with no types is matched by name only.

    spans (Sequence[ActorSpan]): organisations before the noun, in text order.
    described (frozenset[int]): start offsets of the spans the text introduced with the noun.
    """
    orgs = [s for s in reversed(spans) if s.type in cues.organisation_types]
    named = [s for s in orgs if noun in s.name.lower().split() or s.start in described]
    typed = [s for s in orgs if s.type in types] if types else []
    untyped = [s for s in orgs if s.type in cues.untyped_organisation_types] if types else []
    chosen = next((s for s in named if not types or s.type in types), None) or next(iter(typed + untyped + named), None)
    return chosen.actor_id if chosen else None


def _end(match: re.Match[str] | None, window: str) -> int:
    return match.end() if match else len(window)


def _title_gender(masked: str, span: ActorSpan, cues: SpeakerCues) -> set[str]:
    """Gender from a title that opens the name ('Umm Firas') or stands right before it ('Mrs Lopez')."""
    words = [w.lower().rstrip(".") for w in _WORD.findall(span.name)[:1]]
    before = _WORD.findall(masked, max(0, span.start - 20), span.start)
    if before and masked[span.start - 1 : span.start].isspace():
        words.append(before[-1].lower().rstrip("."))
    return {gender for gender, titles in cues.gender_titles if titles.intersection(words)}


def _first_pronoun_gender(window: str, cues: SpeakerCues) -> set[str]:
    for word in _WORD.findall(window):
        gender = pronoun_gender(word, cues)
        if gender is not None:
            return {gender}
    return set()
