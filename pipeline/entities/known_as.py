"""Names an article gives an actor itself: "ASWJ, locally known as Al Shabaab".

Like an abbreviation the article defines, such a definition wins over every pack and over the
corpus: the Mozambican insurgents "locally known as Al Shabaab" are not Somalia's al-Shabaab. The
name after the cue, and every other mention of it in the article, take the actor named just before
the cue. The cues are data (names.yaml `alias_cues`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.entities.candidates import Candidate
from pipeline.names import name_key

# "group (ASWJ) locally known as", "Chérizier, who is also known as": brackets, commas, quotes, a relative
_BETWEEN = re.compile(r"[\s,()“”\"'‘’]{0,6}(?:(?:who|which|that)\s+(?:is|are|was|were)\s+)?")
_MAX_GAP = 3  # characters from the cue to the name (a space, an opening quote)


def link_known_as(text: str, candidates: list[Candidate], cues: re.Pattern[str]) -> list[Candidate]:
    """Every mention of a name the article defines with a cue, linked to the actor before the cue."""
    ordered = sorted(candidates, key=lambda c: c.start)
    defined: dict[str, Candidate] = {}
    for match in cues.finditer(text):
        name = next((c for c in ordered if 0 <= c.start - match.end() <= _MAX_GAP), None)
        before = [c for c in ordered if c.end <= match.start() and _BETWEEN.fullmatch(text[c.end : match.start()])]
        if name is not None and before and before[-1].link != name.link:
            defined[name_key(name.surface)] = before[-1]
    if not defined:
        return candidates
    return [
        replace(c, link=defined[key].link, label=defined[key].label, method="abbreviation")
        if (key := name_key(c.surface)) in defined
        else c
        for c in candidates
    ]
