"""Linking that knows where it is: a theatre pack's short names apply only where its region is in play.

"SDF" is the Syrian Democratic Forces in an article about Deir ez-Zor and Niger's Defence and
Security Forces in one about Tillaberi; "KH", "PMF", a surname alone, are the Iraq pack's only in
an article about its region. An article is about a pack's region when it names a state or place of
that region (by country code or coordinates) or one of the pack's actors by a name of two words or
more. Elsewhere a pack's one-word names are unlinked: the model's own reading of the span stays (a
name of its own, that an abbreviation defined in the article may still link), else it is dropped.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from pipeline.entities import MODEL_ENTS_KEY, Candidate, context_label, ner_link
from pipeline.gazetteer import Gazetteer, GazetteerEntry
from pipeline.knowledge import TypeRules
from pipeline.names import name_key
from pipeline.packs import Region


def packs_in_play(
    candidates: list[Candidate], gazetteer: Gazetteer, regions: dict[str, Region], generic: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The packs whose region the article is about, read from its linked names."""
    active = set()
    for candidate in candidates:
        entry = gazetteer.by_id.get(candidate.link)
        if entry is None or (_pack_spelling(entry, candidate.surface) and travels(candidate.surface, generic)):
            continue
        if _pack_spelling(entry, candidate.surface):
            active.add(entry.pack)
        active.update(pack for pack, region in regions.items() if region.holds(entry.country, entry.lat, entry.lon))
    return frozenset(active)


def keep_to_region(
    doc: Doc,
    candidates: list[Candidate],
    gazetteer: Gazetteer,
    regions: dict[str, Region],
    generic: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """Unlink a pack's one-word names and bare institution names ("Interior Ministry", which the
    Iraq pack reads as Iraq's) in an article that is not about the pack's region. `generic`: the
    name keys of bare institution heads (TypeRules.generic_words)."""
    active = packs_in_play(candidates, gazetteer, regions, generic)
    model_labels = {(span.start_char, span.end_char): span.label_ for span in doc.spans.get(MODEL_ENTS_KEY, [])}
    kept = []
    for candidate in candidates:
        entry = gazetteer.by_id.get(candidate.link)
        if (
            entry is None
            or not _pack_spelling(entry, candidate.surface)
            or entry.pack in active
            or not travels(candidate.surface, generic)
        ):
            kept.append(candidate)
            continue
        label = model_labels.get((candidate.start, candidate.end))
        if label is not None:
            kept.append(replace(candidate, label=label, link=ner_link(candidate.surface), method="ner", score=1.0))
    return kept


def keep_to_countries(
    doc: Doc, candidates: list[Candidate], gazetteer: Gazetteer, types: TypeRules | None = None
) -> list[Candidate]:
    """Unlink a town or province of the world data (GazetteerEntry.local) in an article that names
    states or places of other countries but not its own: "Fano" in an article about Ethiopia is no
    Italian town, "North West region" in one about Cameroon no district of Botswana. The model's
    own reading of the span stays (a name of its own, typed by its context: "Fano militia"), else it
    is dropped. An article that names no country keeps every link."""
    linked = [(c, gazetteer.by_id.get(c.link)) for c in candidates]
    in_play = {entry.country for _, entry in linked if entry is not None and entry.country and not entry.local}
    if not in_play:
        return candidates
    model_labels = {(span.start_char, span.end_char): span.label_ for span in doc.spans.get(MODEL_ENTS_KEY, [])}
    kept = []
    for candidate, entry in linked:
        if entry is None or not entry.local or not entry.country or entry.country in in_play:
            kept.append(candidate)
            continue
        label = model_labels.get((candidate.start, candidate.end))
        if types is not None:  # "the Fano militia": the context names what the model did not
            typed = context_label(doc.text, candidate.start, candidate.end, label or "ORG", types)
            label = typed if label is not None or typed != "ORG" else None
        if label is not None:
            kept.append(replace(candidate, label=label, link=ner_link(candidate.surface), method="ner", score=1.0))
    return kept


def travels(surface: str, generic: frozenset[str] = frozenset()) -> bool:
    """One word (an acronym, a surname, a one-word name) or a bare institution ("Defence Ministry"):
    the spellings that mean another actor in another conflict."""
    return len(surface.split()) == 1 or name_key(surface) in generic


def _pack_spelling(entry: GazetteerEntry, surface: str) -> bool:
    """Whether this spelling is a pack's own: any name of an actor only the pack knows, and the
    names a pack adds to an actor of the base ("FAMa" for Mali's armed forces, "SAF" for Sudan's)."""
    if entry.pack is None:
        return False
    return not entry.shared or name_key(surface) in entry.pack_keys
