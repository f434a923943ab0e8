"""Resolve names across the corpus: cluster the names the gazetteer lacks into actors with stable ids."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.entities import NER_PREFIX, guess_type
from pipeline.gazetteer import Gazetteer, locate
from pipeline.knowledge import TypeRules
from pipeline.names import name_key, name_words, skeleton, slugify
from pipeline.schema import ACTOR_TYPES

# Labels whose names may be clustered together (a town the model once calls GPE, once LOC).
_LABEL_GROUPS = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "org"}


@dataclass(frozen=True)
class Actor:
    actor_id: str
    name: str
    type: str
    lat: float | None
    lon: float | None
    in_gazetteer: bool
    source: str
    known_aliases: tuple[str, ...]


@dataclass(frozen=True)
class Resolution:
    """Where every local link points: link -> (actor id, method that overrides the mention's, if any)."""

    links: dict[str, tuple[str, str | None]]
    actors: Mapping[str, Actor]


class _Actors(Mapping[str, Actor]):
    """Every actor of a resolution: those the corpus found, and the gazetteer's, each of which is
    made when first asked for. The tables ask for the few hundred the articles name; making all
    41,000 known actors (and geocoding those without coordinates) cost a second and a half of
    every build whatever its size."""

    def __init__(self, gazetteer: Gazetteer, found: dict[str, Actor]):
        self._gazetteer = gazetteer
        self._found = found
        self._known: dict[str, Actor] = {}

    def __getitem__(self, actor_id: str) -> Actor:
        if actor_id in self._found:
            return self._found[actor_id]
        if actor_id not in self._known:
            self._known[actor_id] = _known_actor(self._gazetteer.by_id[actor_id])
        return self._known[actor_id]

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._found or actor_id in self._gazetteer.by_id

    def __iter__(self) -> Iterator[str]:  # the found ones never take a gazetteer id (resolve_corpus)
        yield from self._gazetteer.by_id
        yield from self._found

    def __len__(self) -> int:
        return len(self._gazetteer.by_id) + len(self._found)


def resolve_corpus(
    names: Iterable[tuple[str, str, str, str]],
    abbreviations: Iterable[tuple[str, str]],
    gazetteer: Gazetteer,
    types: TypeRules,
    *,
    fuzzy_threshold: float,
) -> Resolution:
    """Give every link an actor: gazetteer ids stay; name keys are merged by transliteration
    skeleton, by close spelling (persons) and by abbreviations defined elsewhere in the corpus.

    names: (link, surface, label, method) of every mention, in document order (the order decides
    ties between equally frequent spellings); abbreviations: (short form, link of its long form)."""
    surfaces: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, Counter] = defaultdict(Counter)
    for link, surface, label, method in names:
        # Surnames and abbreviations do not name the actor; its own full mentions do.
        if link.startswith(NER_PREFIX) and method not in ("coreference", "abbreviation"):
            surfaces[link][surface] += 1
            labels[link][label] += 1
    expansions = _abbreviation_targets(abbreviations)
    parents = _cluster(sorted(surfaces), surfaces, labels, gazetteer, fuzzy_threshold)
    links: dict[str, tuple[str, str | None]] = {}
    found: dict[str, Actor] = {}
    clusters: dict[str, list[str]] = defaultdict(list)
    for link in sorted(surfaces):
        target = expansions.get(link)
        if target and target != link:
            continue
        clusters[parents[link]].append(link)
    taken = set(gazetteer.by_id)
    for root in sorted(clusters, key=lambda r: _cluster_order(clusters[r], surfaces)):
        members = clusters[root]
        town = _town_called_a_person(members, surfaces, labels, gazetteer)
        if town is not None:
            links.update((member, (town, None)) for member in members)
            continue
        actor = _new_actor(members, surfaces, labels, types, taken)
        taken.add(actor.actor_id)
        found[actor.actor_id] = actor
        for member in members:
            links[member] = (actor.actor_id, "fuzzy" if member != _representative(members, surfaces) else None)
    actors = _Actors(gazetteer, found)
    for link, target in expansions.items():
        if link in surfaces and link not in links:
            resolved = links.get(target, (target, None))[0] if target.startswith(NER_PREFIX) else target
            if resolved in actors:
                links[link] = (resolved, "abbreviation")
    for entry in gazetteer.entries:
        links[entry.actor_id] = (entry.actor_id, None)
    return Resolution(links=links, actors=actors)


def _abbreviation_targets(abbreviations: Iterable[tuple[str, str]]) -> dict[str, str]:
    """'ner:#IRGC' -> the link of its long form, where the corpus defines it one way only."""
    meanings: dict[str, set[str]] = defaultdict(set)
    for short, link in abbreviations:
        meanings[NER_PREFIX + name_key(short)].add(link)
    return {short: next(iter(links)) for short, links in meanings.items() if len(links) == 1}


def _cluster(links: list[str], surfaces, labels, gazetteer: Gazetteer, threshold: float) -> dict[str, str]:
    parent = {link: link for link in links}

    def find(link: str) -> str:
        while parent[link] != link:
            parent[link] = parent[parent[link]]
            link = parent[link]
        return link

    def union(a: str, b: str) -> None:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)

    by_skeleton: dict[tuple[str, str], str] = {}
    persons: list[tuple[str, str]] = []
    for link in links:
        group = _LABEL_GROUPS.get(labels[link].most_common(1)[0][0], "org")
        surface = surfaces[link].most_common(1)[0][0]
        key = skeleton(surface, gazetteer.rules)
        if key:
            if (group, key) in by_skeleton:
                union(by_skeleton[(group, key)], link)
            else:
                by_skeleton[(group, key)] = link
        if group == "person" and len(name_words(surface)) >= 2:
            persons.append((link, name_key(surface)))
    for link in links:  # "Yazidis" and "Yazidi", "Houthis" and "Houthi" name one group
        if link.endswith("s") and link[:-1] in parent:
            union(link[:-1], link)
    for index, (link, key) in enumerate(persons):
        for other, other_key in persons[index + 1 :]:
            if fuzz.token_sort_ratio(key, other_key) >= threshold:
                union(link, other)
    return {link: find(link) for link in links}


def _town_called_a_person(members: list[str], surfaces, labels, gazetteer: Gazetteer) -> str | None:
    """The town a one-word "person" of the whole corpus is: the model calls many African and Asian
    towns people (Bukavu, Zalingei). Only a town of the world's table that is named like no word or
    common given name, and only when no article calls the name anything but a person by itself
    (a surname that refers back to a full name is linked before this and never gets here)."""
    names = {surface for member in members for surface in surfaces[member]}
    if len(names) != 1 or any(set(labels[member]) - {"PERSON"} for member in members):
        return None
    (name,) = names
    actor_id = gazetteer.lookup(name) if len(name_words(name)) == 1 else None
    entry = gazetteer.by_id.get(actor_id) if actor_id else None
    if entry is None or not entry.lookup_only or entry.ambiguous or entry.type != "place":
        return None
    return entry.actor_id


def _representative(members: list[str], surfaces) -> str:
    return max(members, key=lambda m: (sum(surfaces[m].values()), len(m), m))


def _cluster_order(members: list[str], surfaces) -> tuple:
    return (-sum(sum(surfaces[m].values()) for m in members), min(members))


def _new_actor(members: list[str], surfaces, labels, types: TypeRules, taken: set[str]) -> Actor:
    counts: Counter = Counter()
    label_counts: Counter = Counter()
    for member in members:
        counts.update(surfaces[member])
        label_counts.update(labels[member])
    # A type the context gave ("M23 rebels") outweighs the model's labels of the plain name.
    typed = Counter({label: n for label, n in label_counts.items() if label in ACTOR_TYPES})
    label = (typed or label_counts).most_common(1)[0][0]
    if _LABEL_GROUPS.get(label) == "person":  # a person is named in full, however often by surname
        name = max(counts, key=lambda s: (len(name_words(s)), counts[s], len(s), s))
    else:
        name = max(counts, key=lambda s: (counts[s], len(name_words(s)), len(s), s))
    actor_type = guess_type(name, label, types)
    point = locate(name, actor_type)
    actor_id = slugify(name)
    suffix = 2
    while actor_id in taken:
        actor_id, suffix = f"{slugify(name)}-{suffix}", suffix + 1
    return Actor(
        actor_id=actor_id,
        name=name,
        type=actor_type,
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        in_gazetteer=False,
        source="found by the model" + (" (coordinates: GeoNames)" if point else ""),
        known_aliases=(),
    )


def _known_actor(entry) -> Actor:
    lat, lon = entry.lat, entry.lon
    if lat is None:
        point = locate(entry.name, entry.type)
        lat, lon = point if point else (None, None)
    return Actor(entry.actor_id, entry.name, entry.type, lat, lon, True, entry.source, (entry.name, *entry.aliases))
