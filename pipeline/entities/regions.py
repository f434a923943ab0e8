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

from pipeline.entities.candidates import MODEL_ENTS_KEY, PERSON_LABELS, Candidate, context_label, ner_link
from pipeline.entities.cued_names import proper_runs
from pipeline.gazetteer import Gazetteer, GazetteerEntry, Region
from pipeline.knowledge import TypeRules
from pipeline.names import name_key


def packs_in_play(
    candidates: list[Candidate], gazetteer: Gazetteer, regions: dict[str, Region], types: TypeRules | None = None
) -> frozenset[str]:
    """The packs whose region the article is about, read from its linked names."""
    active = set()
    for candidate in candidates:
        entry = gazetteer.by_id.get(candidate.link)
        if entry is None or (_pack_spelling(entry, candidate.surface) and travels(candidate.surface, types)):
            continue
        if _pack_spelling(entry, candidate.surface):
            active.add(entry.pack)
        active.update(pack for pack, region in regions.items() if region.holds(entry.country, entry.lat, entry.lon))
    return frozenset(active)


_STATES_AND_PLACES = frozenset({"state", "place"})


def keep_to_region(
    doc: Doc,
    candidates: list[Candidate],
    gazetteer: Gazetteer,
    regions: dict[str, Region],
    types: TypeRules | None = None,
) -> list[Candidate]:
    """Unlink a pack's one-word names, bare institution names ("Interior Ministry", which the Iraq
    pack reads as Iraq's) and numbered units ("Eighth Division", the Iraqi Army's there, Colombia's
    in Arauca) in an article that is not about the pack's region nor about the actor's own country
    (`types`: what is generic)."""
    active = packs_in_play(candidates, gazetteer, regions, types)
    model_labels = {(span.start_char, span.end_char): span.label_ for span in doc.spans.get(MODEL_ENTS_KEY, [])}
    in_play = countries_in_play(candidates, gazetteer)
    # only states and places: an armed group's own country must not put it in play ("Niger's SDF"
    # would make the Syrian one at home)
    states_named = countries_in_play(candidates, gazetteer, _STATES_AND_PLACES)
    kept = []
    for candidate in candidates:
        entry = gazetteer.by_id.get(candidate.link)
        if (
            entry is None
            or not _pack_spelling(entry, candidate.surface)
            or entry.pack in active
            or entry.country in states_named  # the Houthis (the Iraq pack's, of Yemen) in an article about Yemen
            or not travels(candidate.surface, types)
        ):
            kept.append(candidate)
            continue
        namesake = namesake_in_play(candidate.surface, gazetteer, in_play)
        if namesake is not None:  # "Fano, Italy": the pack's militia is the world's town here
            kept.append(replace(candidate, link=namesake.actor_id, label=namesake.type))
            continue
        label = model_labels.get((candidate.start, candidate.end)) or _unit_label(candidate, types)
        if label is not None:
            kept.append(replace(candidate, label=label, link=ner_link(candidate.surface), method="ner", score=1.0))
    return kept


def _unit_label(candidate: Candidate, types: TypeRules | None) -> str | None:
    """A numbered unit ("Eighth Division") stays a name of its own, typed by its head word, where
    the model did not read it: it is some army's unit, only not the pack's."""
    numbered = types is not None and len(candidate.surface.split()) > 1 and types.generic(candidate.surface)
    return "ORG" if numbered and name_key(candidate.surface) not in types.generic_words else None


def keep_to_countries(
    doc: Doc, candidates: list[Candidate], gazetteer: Gazetteer, types: TypeRules | None = None
) -> list[Candidate]:
    """Unlink a town or province of the world data (GazetteerEntry.local), or a place only guessed
    from a close spelling ("Guma" is not Goma in an article about Nigeria), in an article that names
    states or places of other countries but not its own: "Fano" in an article about Ethiopia is no
    Italian town, "North West region" in one about Cameroon no district of Botswana. The model's
    own reading of the span stays (a name of its own, typed by its context: "Fano militia"), else it
    is dropped. An article that names no country keeps every link."""
    linked = [(c, gazetteer.by_id.get(c.link)) for c in candidates]
    in_play = countries_in_play(candidates, gazetteer)
    if not in_play:
        return candidates
    model_labels = {(span.start_char, span.end_char): span.label_ for span in doc.spans.get(MODEL_ENTS_KEY, [])}
    kept = []
    for candidate, entry in linked:
        abroad_guess = candidate.method == "fuzzy" and entry is not None and entry.type == "place"
        if entry is None or not (entry.local or abroad_guess) or not entry.country or entry.country in in_play:
            kept.append(candidate)
            continue
        namesake = namesake_in_play(candidate.surface, gazetteer, in_play)
        if namesake is not None:  # "Tame" in an article about Colombia: Colombia's Tame
            kept.append(replace(candidate, link=namesake.actor_id, label=namesake.type))
            continue
        label = model_labels.get((candidate.start, candidate.end))
        if types is not None:  # "the Fano militia": the context names what the model did not
            typed = context_label(doc.text, candidate.start, candidate.end, label or "ORG", types)
            label = typed if label is not None or typed != "ORG" else None
        if label is not None:
            kept.append(replace(candidate, label=label, link=ner_link(candidate.surface), method="ner", score=1.0))
    return kept


def countries_in_play(
    candidates: list[Candidate], gazetteer: Gazetteer, types: frozenset[str] | None = None
) -> frozenset[str]:
    """The country codes of the actors an article names, of `types` only when given (not of its
    towns, nor of a name only close to a known one: either would put a country abroad in play)."""
    entries = (gazetteer.by_id.get(c.link) for c in candidates if c.method != "fuzzy")
    return frozenset(
        e.country for e in entries if e is not None and e.country and not e.local and (types is None or e.type in types)
    )


def towns_in_play(
    doc: Doc, candidates: list[Candidate], gazetteer: Gazetteer, particles: frozenset[str]
) -> list[Candidate]:
    """Add the one-word places of the countries an article names that the model did not read:
    "Kyiv" and "Dobropillia" in an article about Ukraine. The world's one-word place names match
    nowhere on their own (Male and Victoria are words and given names too), but a capitalised
    proper noun standing alone that names a place of a country in play is that place. Names
    flagged as words or given names (GazetteerEntry.ambiguous), and the surnames of the article's
    people, stay out."""
    in_play = countries_in_play(candidates, gazetteer)
    if not in_play:
        return candidates
    text = doc.text
    covered = {i for c in candidates for i in range(c.start, c.end)}
    surnames = {c.surface.split()[-1] for c in candidates if c.label in PERSON_LABELS}
    added = []
    for start, end in proper_runs(doc, particles):
        surface = text[start:end]
        if " " in surface or surface.isupper() or surface in surnames or covered & set(range(start, end)):
            continue
        namesake = _place_in_play(surface, gazetteer, in_play)
        if namesake is not None and not namesake.ambiguous:
            added.append(Candidate(start, end, surface, namesake.type, namesake.actor_id, "gazetteer"))
    return sorted([*candidates, *added], key=lambda c: c.start) if added else candidates


def _place_in_play(surface: str, gazetteer: Gazetteer, in_play: frozenset[str]) -> GazetteerEntry | None:
    """The place a lone name means here: the world data's first reading of it when that is no
    country's town ("Sahel", the belt) or a town of a country in play ("Kyiv"), else a namesake in
    a country in play."""
    owner = gazetteer.by_id.get(gazetteer.lookup(surface) or "")
    if owner is not None and owner.pack is None and owner.type == "place" and not owner.local:
        return owner if owner.country is None or owner.country in in_play else None
    return namesake_in_play(surface, gazetteer, in_play)


def namesake_in_play(surface: str, gazetteer: Gazetteer, in_play: frozenset[str]) -> GazetteerEntry | None:
    """The world's place named `surface` in a country of `in_play` (the first listed, the most
    populous), else None."""
    entries = (gazetteer.by_id[actor_id] for actor_id in gazetteer.places_by_key.get(name_key(surface), ()))
    return next((e for e in entries if e.country in in_play), None)


def travels(surface: str, types: TypeRules | None = None) -> bool:
    """One word (an acronym, a surname, a one-word name), a bare institution ("Defence Ministry") or
    a numbered unit ("8th Division"): the spellings that mean another actor in another conflict."""
    return len(surface.split()) == 1 or (types is not None and types.generic(surface))


def _pack_spelling(entry: GazetteerEntry, surface: str) -> bool:
    """Whether this spelling is a pack's own: any name of an actor only the pack knows, and the
    names a pack adds to an actor of the base ("FAMa" for Mali's armed forces, "SAF" for Sudan's)."""
    if entry.pack is None:
        return False
    return not entry.shared or name_key(surface) in entry.pack_keys
