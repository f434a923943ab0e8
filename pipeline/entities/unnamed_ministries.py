"""A ministry named by its portfolio alone ("the health ministry said", "The defense ministry
reported") is a state's: the one the article says it is.

News names a state once and then its ministries by portfolio only ("... in the Libyan capital
Tripoli ..., the health ministry said"); annotators and analysts alike read that ministry as the
Libyan one. The portfolios are the institution templates whose heads name a ministry
(data/knowledge/base/world/institutions.yaml). The state is, in this order: the place right after
the head ("the defence ministry in Yerevan"); the state whose same ministry the article named
last before, with its state or by its portfolio alone ("Syria's Foreign Ministry ... the Foreign
Ministry's statement"); the state, demonym or place of the world data (by its country) nearest
before the head in its sentence, else nearest after it in the sentence, else the last one named
before the sentence. A name right before the
head ("Houthi health ministry") or an armed group's possessive ("the rebels' health ministry")
owns the ministry, and no state does.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.entities.institutions import DEMONYM
from pipeline.gazetteer import Gazetteer, Institutions, InstitutionTemplate
from pipeline.knowledge import Knowledge

_MINISTRY = "ministry"
_WORD_BEFORE = re.compile(r"([\w-]+)(['’]s?)?\s+$")
_IN_AFTER = re.compile(r"\s+in\s+(?:the\s+)?$")
_PLACE_LABELS = frozenset({"GPE", "LOC"})  # a town the model alone read ("Kharkiv"): the world data knows its country
_NAME_LABELS = _PLACE_LABELS | {"PERSON", "ORG", "FAC"}  # any name, where the words around it make it a place
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that"})

Span = tuple[int, int, str, str]  # start, end, actor id, type


def unnamed_ministry_spans(doc: Doc, knowledge: Knowledge, named: list[Span]) -> list[Span]:
    """(start, end, actor id, type) of every portfolio ministry named without its state, given the
    institutions the article names with theirs (`named`, pipeline.entities.institutions). Heads
    inside a known name (an entity the ruler linked, or a named institution) are that name's; a
    pack's bare portfolio ("Interior Ministry", which the Iraq–Syria pack reads as Iraq's) is the
    state's the article says, when that is another state's (the span then replaces the pack's)."""
    institutions = knowledge.institutions
    pattern, by_head = _ministry_heads(institutions.templates)
    if pattern is None:
        return []
    text = doc.text
    # a pack's bare portfolio ("Interior Ministry", Iraq's in the Iraq–Syria pack) is read like any other
    bare = {
        (ent.start_char, ent.end_char): ent.ent_id_ for ent in doc.ents if ent.ent_id_ and pattern.fullmatch(ent.text)
    }
    taken = [
        (ent.start_char, ent.end_char) for ent in doc.ents if ent.ent_id_ and (ent.start_char, ent.end_char) not in bare
    ]
    taken += [(s, e) for s, e, _, _ in named]
    heads = [
        match
        for match in pattern.finditer(text)
        if not any(s < match.end() and match.start() < e for s, e in taken)
        and not _owned(text[max(0, match.start() - 40) : match.start()], knowledge)
    ]
    if not heads:  # most articles: no entity is looked up for nothing
        return []
    anchors = _state_anchors(doc, knowledge.gazetteer)
    strict = [(offset, state) for offset, state, by_place_label in anchors if by_place_label]
    places_after = [(offset, state) for offset, state, _ in anchors]  # "in Yerevan", read as a person
    owners = _owners(institutions, knowledge.gazetteer.fingerprint)
    found = []
    for match in heads:
        start, end = match.span()
        suffix, actor_type = by_head[" ".join(match.group().lower().split())]
        state = (
            _state_in_place_after(text, end, places_after)
            or _state_named_before(start, suffix, [*named, *found], owners)
            or _nearest_state(doc, start, strict)
        )
        actor_id = institutions.actor_id(state, suffix) if state is not None else None
        if actor_id is not None and actor_id != bare.get((start, end)):
            found.append((start, end, actor_id, actor_type))
    return found


@lru_cache(maxsize=4)
def _ministry_heads(
    templates: tuple[InstitutionTemplate, ...],
) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, str]]]:
    by_head = {
        head.lower(): (template.suffix, template.type)
        for template in templates
        for head in template.heads
        if _MINISTRY in head.lower()
    }
    if not by_head:
        return None, {}
    heads = sorted(by_head, key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, head.split())) for head in heads)
    return re.compile(rf"(?<![\w-])(?i:{alternation})(?![\w-])"), by_head


def _owned(before: str, knowledge: Knowledge) -> bool:
    """Is the ministry after `before` someone's other than a state's? A capitalised word right
    before it names its owner; so does the possessive of an armed group's descriptor ("rebels'");
    "the", "its" or "the territory's" leave the state to the context."""
    match = _WORD_BEFORE.search(before)
    if match is None:
        return False
    word = match.group(1)
    if word.casefold() in _DETERMINERS:
        return False
    return word[:1].isupper() or (match.group(2) is not None and word.casefold() in knowledge.types.descriptor_words)


def _state_anchors(doc: Doc, gazetteer: Gazetteer) -> list[tuple[int, str, bool]]:
    """(character offset, state id, trusted) of every entity that names a state: the state, its
    demonym, or a place of the world data (by its country), linked by the ruler or read by the model
    as a name. `trusted`: linked, or read as a place (a name read as a person is a place only where
    the words around it say so)."""
    state_of_country = _states_by_country(gazetteer)
    anchors = []
    for ent in doc.ents:
        if ent.label_ == DEMONYM:
            anchors.append((ent.start_char, ent.ent_id_, True))
            continue
        known = ent.ent_id_ or (gazetteer.lookup(ent.text) if ent.label_ in _NAME_LABELS else None)
        entry = gazetteer.by_id.get(known) if known else None
        trusted = bool(ent.ent_id_) or ent.label_ in _PLACE_LABELS
        if entry is None:
            continue
        if entry.type == "state":
            anchors.append((ent.start_char, entry.actor_id, trusted))
        elif entry.type == "place" and entry.country in state_of_country:
            anchors.append((ent.start_char, state_of_country[entry.country], trusted))
    return anchors


def _state_in_place_after(text: str, end: int, anchors: list[tuple[int, str]]) -> str | None:
    """ "the defence ministry in Yerevan": the place named right after the head says whose it is."""
    for start, state in anchors:
        if start > end and start - end <= 9 and _IN_AFTER.fullmatch(text, end, start):
            return state
    return None


def _state_named_before(start: int, suffix: str, named: list[Span], owners: dict[str, tuple[str, str]]) -> str | None:
    """The state whose ministry of this portfolio the article named last before `start`."""
    earlier = [(s, owners[actor_id]) for s, _, actor_id, _ in named if s < start and actor_id in owners]
    matching = [(s, state) for s, (state, kind) in earlier if kind == suffix]
    return max(matching)[1] if matching else None


def _nearest_state(doc: Doc, offset: int, anchors: list[tuple[int, str]]) -> str | None:
    """The state named nearest before `offset` in its sentence, else nearest after it there, else
    the last one named before the sentence."""
    token = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if token is not None and doc.has_annotation("SENT_START"):
        sentence = token.sent
        before = [(start, state) for start, state in anchors if sentence.start_char <= start < offset]
        if before:
            return max(before)[1]
        after = [(start, state) for start, state in anchors if offset < start < sentence.end_char]
        if after:
            return min(after)[1]
    earlier = [(start, state) for start, state in anchors if start < offset]
    return max(earlier)[1] if earlier else None


def _states_by_country(gazetteer: Gazetteer) -> dict[str, str]:
    return _STATES.setdefault(
        gazetteer.fingerprint,
        {entry.country: entry.actor_id for entry in gazetteer.entries if entry.type == "state" and entry.country},
    )


def _owners(institutions: Institutions, fingerprint: str) -> dict[str, tuple[str, str]]:
    """Institution id -> (state id, template suffix), for every state the demonyms name; kept per
    knowledge (its fingerprint)."""
    if fingerprint not in _OWNERS:
        _OWNERS[fingerprint] = {
            institutions.actor_id(state, template.suffix): (state, template.suffix)
            for state in set(institutions.demonyms.values())
            for template in institutions.templates
        }
    return _OWNERS[fingerprint]


_STATES: dict[str, dict[str, str]] = {}
_OWNERS: dict[str, dict[str, tuple[str, str]]] = {}
