"""People written with a nickname inside their name: Joaquin "El Chapo" Guzman, Jimmy "Barbecue" Chérizier.

The model reads such a name as two or three pieces (or misses it); the nickname alone then names the
same person later in the article ("El Chapo's sons"). The whole written name is one person mention,
linked by the name without its nickname, and every later use of the nickname links to that person.
"""

from __future__ import annotations

import re

from pipeline.entities.candidates import NER_PREFIX, PERSON_LABELS, Candidate, drop_overlaps, ner_link

_WORD = r"[A-Z][\w’'-]*"  # no full stop: a name does not run across a sentence's end
_NICK = r"[\"“‘'](?P<nick>[A-Z][\w’'-]*(?: [A-Z]?[\w’'-]+){0,2})[\"”’']"  # one to three words, no punctuation
_HEADLINE_SHARE = 0.6  # a line with more capitalised words than this is a title-case headline
_NICKNAMED = re.compile(rf"\b(?P<given>{_WORD}(?: {_WORD}){{0,2}}) {_NICK} (?P<family>{_WORD}(?: {_WORD})?)")


def link_nicknames(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """The article's nicknamed people as one mention each, and their nicknames' later uses linked to them."""
    people = []
    for match in (m for m in _NICKNAMED.finditer(text) if _read_as_person(m, text, candidates)):
        link = ner_link(f"{match['given']} {match['family']}")
        people.append((match, Candidate(match.start(), match.end(), match.group(), "PERSON", link, "ner")))
    if not people:
        return candidates
    spans = [person for _, person in people]
    kept = [c for c in candidates if all(c.end <= p.start or c.start >= p.end for p in spans)]
    uses = [use for match, person in people for use in _nickname_uses(text, match["nick"].strip(), person)]
    return drop_overlaps([*kept, *spans, *uses])


def _nickname_uses(text: str, nick: str, person: Candidate) -> list[Candidate]:
    """Later writings of the nickname alone, as mentions of the person (the stronger method wins
    over what the model read there)."""
    pattern = re.compile(rf"(?<!\w){re.escape(nick)}\b")
    return [
        Candidate(person.end + use.start(), person.end + use.end(), nick, "PERSON", person.link, "abbreviation")
        for use in pattern.finditer(text[person.end :])
    ]


def _read_as_person(match: re.Match[str], text: str, candidates: list[Candidate]) -> bool:
    """A person unless the line is a headline in title case (Army Says "Operation Falcon"
    Succeeded: a quoted phrase between capitalised words, no one) or a known actor that is no
    person lies in the name."""
    inside = [c for c in candidates if c.start < match.end() and c.end > match.start()]
    if any(c.label in PERSON_LABELS for c in inside):
        return True
    if any(not c.link.startswith(NER_PREFIX) for c in inside):
        return False
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text[line_start : line_end if line_end >= 0 else None])]
    return sum(w[0].isupper() for w in words) <= len(words) * _HEADLINE_SHARE
