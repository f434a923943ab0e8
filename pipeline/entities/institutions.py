"""State institutions by rule: "Malian army", "Niger's junta", "the army of Sudan" name one state's
armed forces or government, for every state, from a demonym or state name and a head word.

The head words and their types are data (data/knowledge/base/world/institutions.yaml); the
demonyms come from the world's states. The ruler marks demonyms with the label DEMONYM; a demonym
that stands before no head word ("Malian villagers") names no actor and is dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.gazetteer import Gazetteer, Institutions, InstitutionTemplate

DEMONYM = "DEMONYM"
_NAME_LABELS = frozenset(
    {"GPE", "LOC", "ORG", "PERSON", "FAC"}
)  # the model's labels a state may wear ("Togo" as PERSON)
_CITY_OWN = "police"  # the one institution a capital city has of its own
_POSSESSIVE_END = re.compile(r"['’]s$")
_NAME_AFTER = re.compile(r",?\s+[A-Z][a-z]")
# English closed-class words: none qualifies an institution's head ("Syria's new army", not "capital as").
_FUNCTION_WORDS = (
    "as",
    "and",
    "or",
    "of",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "to",
    "from",
    "the",
    "a",
    "an",
    "that",
    "which",
    "who",
    "while",
    "when",
    "where",
    "after",
    "before",
)


def demonym_patterns(institutions: Institutions) -> list[dict]:
    """EntityRuler patterns for every demonym, labelled DEMONYM, with the state's id."""
    return [{"label": DEMONYM, "pattern": demonym, "id": state} for demonym, state in institutions.demonyms.items()]


def demonym_spellings(institutions: Institutions) -> dict[str, list[str]]:
    """Demonyms are proper adjectives: matched capitalised (or shouted), never lower case."""
    return {d.lower(): sorted({d, d.upper()}) for d in institutions.demonyms}


def institution_spans(doc: Doc, gazetteer: Gazetteer, institutions: Institutions) -> list[tuple[int, int, str, str]]:
    """(start, end, actor id, type) of every institution named by a demonym or state and a head:
    "<Demonym|State> <head>" and "<State|capital>'s <head>" after the entity, and "<head> of [the]
    <State>", each as the whole span: analysts and annotators write "the government of Benin" as
    one name, and the state is named by its other mentions."""
    if not institutions.templates:
        return []
    text = doc.text
    after, before = _head_patterns(institutions.templates)
    found = []
    for ent in doc.ents:
        state_id = _state_of(ent.label_, ent.ent_id_, gazetteer, ent.text)
        capital = state_id is None and _capital_of(ent, gazetteer, institutions)
        if capital:
            match = after.match(text, ent.end_char)
            owned = match and (match.group("possessive") or _POSSESSIVE_END.search(ent.text))
            suffix = _template_of(match.group("head"), institutions)[0] if owned else None
            state_id = capital if suffix not in (None, _CITY_OWN) else None  # "Moscow's police" is the city's
        if state_id is None:
            continue
        match = after.match(text, ent.end_char)
        if match and _title_of_a_name(match.group("head"), text, match.end()):
            continue
        if match:
            suffix, actor_type = _template_of(match.group("head"), institutions)
            # "Turkey's Defense Ministry", like "Malian army", is one name of the institution, the
            # possessive included: analysts and annotators write it whole ("Baku's defence ministry"),
            # and the state is named by its other mentions.
            found.append((ent.start_char, match.end(), institutions.actor_id(state_id, suffix), actor_type))
            continue
        window_start = max(0, ent.start_char - 60)
        match = before.search(text[window_start : ent.start_char])
        if match and ent.label_ != DEMONYM:  # "the army of Chad", "the government of Benin": one name, whole
            suffix, actor_type = _template_of(match.group("head"), institutions)
            start = window_start + match.start("head")
            found.append((start, ent.end_char, institutions.actor_id(state_id, suffix), actor_type))
    return found


def _title_of_a_name(head: str, text: str, end: int) -> bool:
    """ "the Syrian foreign minister, Asaad al-Shaibani": an office before a name is the person's
    title, and the person is the actor, not the ministry."""
    return head.lower().endswith("minister") and _NAME_AFTER.match(text, end) is not None


def _capital_of(ent, gazetteer: Gazetteer, institutions: Institutions) -> str | None:
    """The state whose capital a place name is: "Baku's defence ministry" is Azerbaijan's (a capital
    stands for its government only with a possessive; "Moscow's police" stays the city's)."""
    if ent.label_ not in ("GPE", "LOC", "ORG", "place"):  # the model often reads "Baku's" as an organisation
        return None
    return institutions.capitals.get(ent.ent_id_ or gazetteer.lookup(_POSSESSIVE_END.sub("", ent.text)) or "")


def _state_of(label: str, ent_id: str, gazetteer: Gazetteer, text: str = "") -> str | None:
    """The state an entity names: by the ruler's id, or by its text when the model alone read it
    (a state inside a longer spelling the case filter refused: "the government of Benin")."""
    if label == DEMONYM:
        return ent_id or None
    known = ent_id or (gazetteer.lookup(text) if label in _NAME_LABELS else None)
    entry = gazetteer.by_id.get(known) if known else None
    return entry.actor_id if entry is not None and entry.type == "state" else None


def _template_of(head: str, institutions: Institutions) -> tuple[str, str]:
    key = " ".join(head.lower().split())
    for template in institutions.templates:
        if key in (head.lower() for head in template.heads):  # heads may be written as in print ("state TV")
            return template.suffix, template.type
    raise KeyError(head)  # unreachable: the pattern is built from the heads


@lru_cache(maxsize=4)
def _head_patterns(templates: tuple[InstitutionTemplate, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    heads = sorted({h for t in templates for h in t.heads}, key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, head.split())) for head in heads)
    # "Syria's new Ministry of Defence": after a possessive, up to two lower-case words may qualify the
    # head, but no function word ("Somalia's capital as security forces" names the capital, not a force).
    qualifier = rf"(?:(?!(?:{'|'.join(_FUNCTION_WORDS)})\s)(?-i:[a-z]+\s+))"
    after = re.compile(rf"(?:(?P<possessive>['’]s)\s+{qualifier}{{0,2}}|\s+)(?P<head>{alternation})\b", re.IGNORECASE)
    before = re.compile(rf"\b(?P<head>{alternation})\s+of\s+(?:the\s+)?$", re.IGNORECASE)
    return after, before
