"""Names written with their head noun: "the Arauca department", "the North West region", "the Maka
Almukarramah hotel".

Analysts search a place by its name, and an article writes it both ways ("Arauca department" in one
sentence, "the departments of Arauca and Norte de Santander" in another). A place mention takes in
the lower-case designation right after it, and a name the gazetteer does not know is linked by its
bare form, so that both writings name one place. A name the model read followed by a facility's
noun ("hotel", "hospital") is that facility, noun included; an administrative unit's name after a
place ("Zurmi Local Government Area") is taken in too, the link kept. The nouns are data
(actor_types.yaml place_designations, administrative_heads, facility_cues_after).
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.entities.candidates import NER_PREFIX, Candidate, ner_link
from pipeline.entities.regions import countries_in_play, namesake_in_play
from pipeline.gazetteer import Gazetteer
from pipeline.knowledge import TypeRules
from pipeline.names import name_key

_PLACE_LABELS = frozenset({"place", "GPE", "LOC"})


def with_designations(
    text: str, candidates: list[Candidate], gazetteer: Gazetteer, types: TypeRules
) -> list[Candidate]:
    """Every place with the designation after it taken in; an unknown one linked by its bare name
    (to the place so named in a country the article names, else to the bare name), so that both
    writings name one place."""
    starts = {c.start for c in candidates}
    in_play = countries_in_play(candidates, gazetteer)
    named = [_facility(text, c, types, starts) for c in candidates]
    return [
        _with_administrative_head(text, _designated(text, c, types, starts, gazetteer, in_play), types, starts)
        if c.label in _PLACE_LABELS
        else c
        for c in named
    ]


def _with_administrative_head(text: str, candidate: Candidate, types: TypeRules, starts: set[int]) -> Candidate:
    """A place written with the administrative unit's name after it ("Zurmi Local Government Area",
    "Ancuabe District") is mentioned with it, as analysts write it; the link stays the bare name's,
    so that "Zurmi" and "Zurmi Local Government Area" name one place."""
    after = types.administrative_unit.match(text[candidate.end : candidate.end + 40])
    if after is None or _starts_within(starts, candidate.end, candidate.end + after.end() + 1):
        return candidate
    end = candidate.end + after.end()
    # typed a place here: "Government" in the unit's name is no government body
    return replace(candidate, end=end, surface=text[candidate.start : end], label="place")


def _facility(text: str, candidate: Candidate, types: TypeRules, starts: set[int]) -> Candidate:
    """A name the model read, followed by a facility's noun ("the Maka Almukarramah hotel") or the
    capitalised head of a facility's name ("the Ali Al-Salem Air Base": the facility keywords of
    actor_types.yaml), is the facility, named with its noun; a known town stays the town ("the
    Mogadishu airport"); a body's own ("the Civil Guard barracks") names the body."""
    after = types.facility_cue_after.match(text, candidate.end) or types.facility_name_after.match(text, candidate.end)
    if candidate.method != "ner" or not after or _starts_within(starts, candidate.end, after.end() + 1):
        return candidate
    if name_key(candidate.surface).rsplit(" ", 1)[-1] in types.institution_words:
        return candidate  # "the Civil Guard barracks", "the Police station": the body's, the body named
    surface = text[candidate.start : after.end()]
    return replace(candidate, end=after.end(), surface=surface, label="FAC", link=ner_link(surface))


def _designated(
    text: str, candidate: Candidate, types: TypeRules, starts: set[int], gazetteer: Gazetteer, in_play
) -> Candidate:
    """A place with its designation taken in. A known place keeps its link ("the Duhok province" is
    Duhok) unless the gazetteer knows the longer name ("the Kayes region"); an unknown one is
    linked by its bare name."""
    after = types.place_designation.match(text, candidate.end)
    if after and not _starts_within(starts, candidate.end, after.end() + 1):
        surface = text[candidate.start : after.end()]
        candidate = replace(candidate, end=after.end(), surface=surface)
        unit = gazetteer.by_id.get(gazetteer.lookup(surface) or "")
        if unit is not None and unit.type == "place" and not candidate.link.startswith(NER_PREFIX):
            return replace(candidate, link=unit.actor_id)
    bare = _bare_name(candidate.surface, types)
    if bare is None or not candidate.link.startswith(NER_PREFIX):
        return candidate
    known = namesake_in_play(bare, gazetteer, in_play)
    if known is not None:
        return replace(candidate, link=known.actor_id, label=known.type, method="gazetteer")
    return replace(candidate, link=ner_link(bare))


def _starts_within(starts: set[int], begin: int, end: int) -> bool:
    return any(begin < start < end for start in starts)


def _bare_name(surface: str, types: TypeRules) -> str | None:
    """ "Arauca department" -> "Arauca"; None when the name does not end with a designation."""
    for space in (i for i, ch in enumerate(surface) if ch == " "):
        match = types.place_designation.match(surface, space)
        if match and match.end() == len(surface):
            return surface[:space]
    return None
