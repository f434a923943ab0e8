"""Names the small model missed but their context marks as names.

The model reads unfamiliar names poorly: "Maj Gen Cristovão Artur Chume" gives only the rank,
"Damboa Local Government Area" and "Mucahid Durmaz, senior Africa analyst" give nothing. A run
of proper nouns that no entity covers becomes a candidate only when a cue says what it is:

- a title or rank right before it ("Maj Gen", "Commissioner") -> a person;
- a role in apposition right after it (", senior analyst", ", a spokesman for") -> a person;
- a place word right after it ("township", "Local Government Area", "villages") -> a place;
- a facility's noun right after it ("the Khalil Suleiman hospital") -> the facility, noun included;
- an armed group's word right after it ("Fano fighters", "the Fano militia") -> an armed group;
- an outlet's word beside it ("the newspaper Ikweli", "the Ecuavisa channel") -> a news outlet;
- an outlet's, a force's, a group's or a body's word after a state or town ("Sudan Tribune",
  "El Fasher Resistance Committees") -> one organisation, not the place (named_after_places);
- "mission in <place>" after an international organisation ("the United Nations mission in
  Somalia") -> the mission, an actor of its own (mission_names).

Without a cue nothing is added: title-case headlines are full of proper-noun runs that name nobody.
The cue words are data (names.yaml titles, quotes.yaml roles, actor_types.yaml place words).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.gazetteer import Gazetteer
from pipeline.knowledge import Knowledge

PROPER_NOUN_TAGS = frozenset({"NNP", "NNPS"})
_NAMED_AFTER_PLACES = frozenset({"media", "armed_group", "security_force", "government_body"})
_APPOSITION_WORDS = 4  # ", senior Africa analyst": the role noun within this many words of the comma


def cued_runs(doc: Doc, covered: set[int], knowledge: Knowledge) -> list[tuple[int, int, str]]:
    """(start, end, model-style label) for every uncovered proper-noun run that a cue marks."""
    text = doc.text
    roles = knowledge.quotes.role_words
    found = []
    for start, end in proper_runs(doc, knowledge.particles):
        start, titled = _without_title(text, start, end, knowledge.titles)
        # "police chief Tariqul Islam", read by the model as "Islam": a role before a name the model
        # read in part marks it as a title does
        overlaps = bool(covered & set(range(start, end)))
        split = overlaps and _part_of_a_name(start, end, covered)
        titled = titled or (split and _after_role(text[:start], roles))
        if overlaps and not (titled and split):
            continue
        if text[start:end].split()[-1].casefold() in roles | knowledge.title_keys:
            continue  # "Defence Minister": an office, not a name
        name_end = _before_place_word(text, start, end, knowledge)
        facility = knowledge.types.facility_cue_after.match(text, end)
        if facility:
            found.append((start, facility.end(), "FAC"))  # "the Khalil Suleiman hospital": named with its noun
        elif name_end is not None:
            found.append((start, name_end, "GPE"))
        elif knowledge.types.armed_group_cue_after.search(text[end : end + 30]) or _media_cue(
            text, start, end, knowledge
        ):
            found.append((start, end, "ORG"))  # "Fano fighters", "the newspaper Ikweli": typed by the cue
        elif len(text[start:end].split()) >= 2 and (
            titled or _after_title(text[:start], knowledge.titles) or role_in_apposition(text[end : end + 80], roles)
        ):
            found.append((start, end, "PERSON"))  # one word after a rank or before a role is too often no name
    return found


_CAPITALISED = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_INSTITUTION_SHAPE = re.compile(
    rf"(?:\b[Tt]he |['’]s )(?P<name>{_CAPITALISED}(?: (?:(?:and|for|of|on|against) )?{_CAPITALISED})+)"
)


def institution_shapes(text: str, covered: set[int], knowledge: Knowledge) -> list[tuple[int, int]]:
    """(start, end) of institutions' names the model missed, by their shape: capitalised words after
    "the" or a possessive that end with a head noun ("the Ukrainian National Security and Defense
    Council") or open with one before "for", "of" or "on" ("’s Center for Countering
    Disinformation"). Heads are data (actor_types.yaml institution_heads)."""
    heads = knowledge.types.institution_heads
    found = []
    for match in _INSTITUTION_SHAPE.finditer(text):
        start, end = match.span("name")
        words = match["name"].split()
        if covered & set(range(start, end)):
            continue
        if words[-1] in heads or (words[0] in heads and words[1] in ("for", "of", "on")):
            found.append((start, end))
    return found


def _media_cue(text: str, start: int, end: int, knowledge: Knowledge) -> bool:
    types = knowledge.types
    return bool(
        types.media_cue_after.search(text[end : end + 30])
        or types.media_cue_before.search(text[max(0, start - 40) : start])
    )


def _without_title(text: str, start: int, end: int, titles: tuple[str, ...]) -> tuple[int, bool]:
    """A run that starts with a rank ("Maj Gen Cristovão Artur Chume"): the name after it."""
    for title in titles:
        stop = start + len(title)
        if title[:1].isupper() and text.startswith(title, start) and stop < end and text[stop] == " ":
            return stop + 1, True
    return start, False


def _before_place_word(text: str, start: int, end: int, knowledge: Knowledge) -> int | None:
    """The end of the name when a place word follows the run ("Ann township"), stands in an
    apposition to it ("Ngouboua, a western village") or closes it ("Damboa Local Government Area"
    -> "Damboa")."""
    types = knowledge.types
    if types.place_cue_after.search(text[end : end + 40]) or types.place_apposition.search(text[end : end + 60]):
        return end
    return name_before_closing_place_word(text, start, end, knowledge.types.administrative_head)


def name_before_closing_place_word(text: str, start: int, end: int, cue: re.Pattern[str]) -> int | None:
    """Where the name ends in a span that closes with an administrative designation (`cue`:
    "Gwandari Local Government Area" -> after "Gwandari"), or None."""
    for space in (i for i in range(start, end) if text[i] == " "):
        match = cue.match(text[space:end])
        if match and match.end() == end - space:
            return space
    return None


def _part_of_a_name(start: int, end: int, covered: set[int]) -> bool:
    """Do the names already found cover only some words of the run, none running on past its end
    ("Gendarme Justin Diguir Alioum", read by the model as "Gendarme Justin" and "Alioum")? Then
    the whole run after the title is one name."""
    run = set(range(start, end))
    return end not in covered and not run <= covered


def _after_title(before: str, titles: tuple[str, ...]) -> bool:
    before = before.rstrip(" ")
    return any(
        before.endswith(title) and (len(before) == len(title) or not before[-len(title) - 1].isalnum())
        for title in titles
        if title[:1].isupper()
    )


def _after_role(before: str, roles: frozenset[str]) -> bool:
    """Does a role noun end the text before a name ("police chief ", "the group's commander ")?"""
    words = before.split()
    return bool(words) and words[-1].casefold() in roles and before.endswith(" ")


def role_in_apposition(after: str, roles: frozenset[str]) -> bool:
    match = re.match(r",\s+([^,.;:“”\"]*)", after)
    words = match.group(1).split()[:_APPOSITION_WORDS] if match else []
    return any(word.casefold() in roles or word.casefold().removesuffix("s") in roles for word in words)


def proper_runs(doc: Doc, particles: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of consecutive capitalised proper nouns, a name particle allowed inside."""
    runs: list[tuple[int, int]] = []
    current: list = []
    for token in doc:
        if _proper(token) or (current and token.text in particles and _proper_next(doc, token.i)):
            current.append(token)
            continue
        if current:
            runs.append((current[0].idx, current[-1].idx + len(current[-1].text)))
        current = []
    if current:
        runs.append((current[0].idx, current[-1].idx + len(current[-1].text)))
    return runs


def _proper(token) -> bool:
    """A capitalised proper noun, or a name of digits and capitals ("3R", "M23")."""
    text = token.text
    return token.tag_ in PROPER_NOUN_TAGS and (text[:1].isupper() or (text[:1].isdigit() and text.isupper()))


def _proper_next(doc: Doc, i: int) -> bool:
    return i + 1 < len(doc) and _proper(doc[i + 1])


def named_after_places(text: str, places: list[tuple[int, int]], knowledge: Knowledge) -> list[tuple[int, int]]:
    """(start, end) of organisations named after their place: a state or town (`places`) followed
    by capitalised words that end with a keyword of an outlet, a force, a group or a body
    (actor_types.yaml keyword_types: "Sudan Tribune", "El Fasher Resistance Committees")."""
    keywords = [k for kind, words in knowledge.types.keyword_types if kind in _NAMED_AFTER_PLACES for k in words]
    if not keywords:
        return []
    head = "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))
    pattern = re.compile(r" (?:[A-Z][\w’'-]* ){0,2}(?:" + head + r")\b(?! [A-Z])")  # the keyword closes the run
    return [(start, match.end()) for start, end in places if (match := pattern.match(text, end))]


def mission_names(text: str, organisations: list[tuple[int, int]], knowledge: Knowledge) -> list[tuple[int, int]]:
    """(start, end) of an organisation's mission to a place: "United Nations mission in Somalia",
    "Southern African Development Community Mission in Mozambique" (mission words:
    actor_types.yaml; "Mission in" makes it an international organisation there too)."""
    words = "|".join(re.escape(w) for w in knowledge.types.mission_words)
    if not words:
        return []
    pattern = re.compile(r" (?:" + words + r") (?:in|to|for) (?:the )?[A-Z][\w’'-]*(?: [A-Z][\w’'-]*){0,3}")
    return [(start, match.end()) for start, end in organisations if (match := pattern.match(text, end))]


_MISSION_PLACE = re.compile(r"\b(?:mission|Mission) (?:in|to|for) (?:the )?(?P<place>.+)$")


def known_mission(surface: str, gazetteer: Gazetteer) -> str | None:
    """The international organisation a mission name stands for when the gazetteer knows a mission
    to that place under its full name: "the UN mission in Central African Republic" is MINUSCA,
    the "... Stabilization Mission in the Central African Republic"."""
    match = _MISSION_PLACE.search(surface)
    if match is None:
        return None
    ending = re.compile(rf"\bmission (?:in|to|for) (?:the )?{re.escape(match['place'].casefold())}$")
    missions = {
        entry.actor_id
        for entry in gazetteer.entries
        if entry.type == "international_org"
        and any(ending.search(name.casefold()) for name in (entry.name, *entry.aliases))
    }
    return next(iter(missions)) if len(missions) == 1 else None
