"""Place names written with their designation: "the Arauca department", "the North West region".

Analysts search a place by its name, and an article writes it both ways ("Arauca department" in one
sentence, "the departments of Arauca and Norte de Santander" in another). A place mention takes in
the lower-case designation right after it, and a name the gazetteer does not know is linked by its
bare form, so that both writings name one place. The designations are data (actor_types.yaml
place_designations).
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.entities import NER_PREFIX, Candidate, ner_link
from pipeline.gazetteer import Gazetteer
from pipeline.knowledge import TypeRules
from pipeline.regions import countries_in_play, namesake_in_play

_PLACE_LABELS = frozenset({"place", "GPE", "LOC"})


def with_designations(
    text: str, candidates: list[Candidate], gazetteer: Gazetteer, types: TypeRules
) -> list[Candidate]:
    """Every place candidate with the designation after it taken in, and the unknown ones linked by
    their bare name: to the place so named in a country the article names, else to the bare name."""
    starts = {c.start for c in candidates}
    in_play = countries_in_play(candidates, gazetteer)
    return [
        _designated(text, c, types, starts, lambda bare: namesake_in_play(bare, gazetteer, in_play))
        if c.label in _PLACE_LABELS
        else c
        for c in candidates
    ]


def _designated(text: str, candidate: Candidate, types: TypeRules, starts: set[int], namesake) -> Candidate:
    after = types.place_designation.match(text, candidate.end)
    # A known town does not take "region" in: "the Timbuktu region" is more than the town of Timbuktu.
    unknown = candidate.link.startswith(NER_PREFIX)
    if unknown and after and not _starts_within(starts, candidate.end, after.end() + 1):
        candidate = replace(candidate, end=after.end(), surface=text[candidate.start : after.end()])
    bare = _bare_name(candidate.surface, types)
    if bare is not None and candidate.link.startswith(NER_PREFIX):
        known = namesake(bare)
        candidate = (
            replace(candidate, link=known.actor_id, label=known.type, method="gazetteer")
            if known
            else replace(candidate, link=ner_link(bare))
        )
    return candidate


def _starts_within(starts: set[int], begin: int, end: int) -> bool:
    return any(begin < start < end for start in starts)


def _bare_name(surface: str, types: TypeRules) -> str | None:
    """ "Arauca department" -> "Arauca"; None when the name does not end with a designation."""
    for space in (i for i, ch in enumerate(surface) if ch == " "):
        match = types.place_designation.match(surface, space)
        if match and match.end() == len(surface):
            return surface[:space]
    return None
