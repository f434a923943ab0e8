"""Knowledge in layers: the world base that holds in every conflict, then theatre packs on top.

`data/knowledge/base/` holds language patterns, the world (every state with its demonyms, capitals,
first-level subdivisions, international organisations, generated from packaged data by
`tools/generate_world_knowledge.py`) and general gazetteer files; `data/knowledge/theatres/<name>/`
holds one conflict's actors (`gazetteer/`) and its `region.yaml`. A pack's entry with the id of a
world entry is the same actor, told in more detail; where a pack and the base give one spelling to
two actors, the pack's reading wins, but only a pack's one-word names (acronyms, surnames) are kept
to articles about its region (pipeline.entities.regions).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from pipeline.gazetteer.check import KnowledgeError, check_entries, duplicate_ids, raise_if
from pipeline.gazetteer.lookup import GazetteerEntry, entry_of, read_entries, read_non_actors
from pipeline.gazetteer.world_cities import read_cities
from pipeline.names import name_key

# World files read as gazetteer entries, most general reading of a shared spelling first.
WORLD_FILES = ("states.yaml", "international_orgs.yaml", "capitals.yaml", "subdivisions.yaml", "cities.tsv")
LOCAL_WORLD_FILES = frozenset({"subdivisions.yaml", "cities.tsv"})
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Region:
    """Where a theatre pack applies: the states it covers and a bounding box (south, west, north, east)."""

    pack: str
    countries: frozenset[str]
    bbox: tuple[float, float, float, float]

    def holds(self, country: str | None, lat: float | None, lon: float | None) -> bool:
        """Is a place of `country` at (lat, lon) in the region? Its country decides when it has one:
        the box is a rough rectangle, and Tbilisi lies inside the Iraq–Syria one."""
        if country:
            return country in self.countries
        south, west, north, east = self.bbox
        return lat is not None and lon is not None and south <= lat <= north and west <= lon <= east


@dataclass(frozen=True)
class InstitutionTemplate:
    """One kind of state institution ('armed-forces'), the words that name it, and its actor type."""

    suffix: str
    type: str
    name: str
    heads: tuple[str, ...]


@dataclass(frozen=True)
class Institutions:
    """How "<demonym or state> <head>" names a state's institution: the templates, every demonym's
    state, and the ids a pack already gives some institutions (iraq-government -> government-of-iraq)."""

    templates: tuple[InstitutionTemplate, ...]
    demonyms: dict[str, str]
    existing_ids: dict[str, str]
    capitals: dict[str, str] = field(default_factory=dict)  # capital's id -> its state's ("Baku's defence ministry")

    def actor_id(self, state_id: str, suffix: str) -> str:
        generated = f"{state_id}-{suffix}"
        return self.existing_ids.get(generated, generated)


@dataclass(frozen=True)
class Layers:
    """Every entry of the base and the packs (packs first), the non-actor words, the packs' regions,
    the institution rules, and the names of the packs loaded (for the manifest)."""

    entries: tuple[GazetteerEntry, ...]
    non_actors: tuple[str, ...]
    regions: dict[str, Region]
    institutions: Institutions
    packs: tuple[str, ...]


def load_layers(base_dir: Path, theatre_dirs: list[Path]) -> Layers:
    """Read the theatre packs, the base's hand-kept gazetteer and the generated world, in that
    order of precedence, and check them (pipeline.gazetteer.check). Raises ValueError (a
    KnowledgeError listing every problem with its file and line) when the knowledge is wrong."""
    layers: list[list[GazetteerEntry]] = []
    located: list[tuple[str, Path, int]] = []
    non_actors: list[str] = []
    regions: dict[str, Region] = {}
    packs_layer: list[GazetteerEntry] = []
    for theatre in theatre_dirs:
        if not theatre.is_dir():
            raise KnowledgeError(f"{theatre}: no such theatre pack")
        packs_layer += _read_folder(theatre / "gazetteer", theatre.name, located, non_actors)
        regions[theatre.name] = read_region(theatre / "region.yaml", theatre.name)
    layers.append(packs_layer)
    base_located: list[tuple[str, Path, int]] = []
    layers.append(_read_folder(base_dir / "gazetteer", None, base_located, non_actors))
    world_dir = base_dir / "world"
    world_located: list[tuple[str, Path, int]] = []
    world: list[GazetteerEntry] = []
    for name in WORLD_FILES:
        if (world_dir / name).exists():
            world += _read_file(world_dir / name, None, world_located)
    institutions = read_institutions(world_dir / "institutions.yaml", world_dir / "states.yaml")
    world += institution_entries([entry for entry in world if entry.type == "state"], institutions)
    layers.append(world)
    entries = _layered(layers)
    origin = {actor_id: (path, index) for actor_id, path, index in [*world_located, *base_located, *located]}
    duplicates = duplicate_ids(located) + duplicate_ids(base_located) + duplicate_ids(world_located)
    raise_if(duplicates, check_entries(entries), origin)
    return Layers(
        entries=tuple(entries),
        non_actors=tuple(dict.fromkeys(non_actors)),
        regions=regions,
        institutions=institutions,
        packs=tuple(theatre.name for theatre in theatre_dirs),
    )


def _read_folder(
    folder: Path, pack: str | None, located: list[tuple[str, Path, int]], non_actors: list[str]
) -> list[GazetteerEntry]:
    """Every actors_*.yaml of a gazetteer folder, recording where each id is defined."""
    entries = []
    for path in sorted(folder.glob("actors_*.yaml")):
        entries += _read_file(path, pack, located)
    non_actors.extend(read_non_actors(folder / "non_actors.yaml"))
    return entries


def read_world_file(path: Path) -> list[GazetteerEntry]:
    """One file of the generated world: YAML in the gazetteer schema, or the towns' table, whose
    entries only confirm and place names the model found (pipeline.gazetteer.world_cities). Towns and
    provinces are `local`: "North West", "Fano" or "Gao" name them only in an article about their
    country (pipeline.entities.regions.keep_to_countries)."""
    if path.suffix == ".tsv":
        entries = [entry_of(raw, path, index, lookup_only=True) for index, raw in enumerate(read_cities(path))]
    else:
        entries = read_entries(path)
    if path.name in LOCAL_WORLD_FILES:
        entries = [replace(entry, local=True) for entry in entries]
    return entries


def _read_file(path: Path, pack: str | None, located: list[tuple[str, Path, int]]) -> list[GazetteerEntry]:
    entries = read_world_file(path) if pack is None and path.parent.name == "world" else read_entries(path, pack=pack)
    located.extend((entry.actor_id, path, index) for index, entry in enumerate(entries))
    return entries


def read_region(path: Path, pack: str) -> Region:
    """A pack's region.yaml: `countries` (ISO alpha-2 codes) and `bbox` [south, west, north, east]."""
    if not path.exists():
        raise KnowledgeError(f"{path}: every theatre pack needs a region.yaml (countries, bbox)")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = sorted(set(raw) - {"schema_version", "name", "countries", "bbox", "source"})
    if unknown:
        raise KnowledgeError(f"{path}: unknown keys {', '.join(unknown)}")
    bbox = tuple(float(value) for value in raw.get("bbox") or ())
    if len(bbox) != 4 or not (-90 <= bbox[0] <= bbox[2] <= 90 and -180 <= bbox[1] <= bbox[3] <= 180):
        raise KnowledgeError(f"{path}: bbox must be [south, west, north, east] in degrees")
    return Region(pack, frozenset(str(code) for code in raw.get("countries") or ()), bbox)  # type: ignore[arg-type]


def read_institutions(path: Path, states_path: Path) -> Institutions:
    """The institution templates, and each demonym's state from states.yaml."""
    if not path.exists():
        return Institutions((), {}, {})
    raw = yaml.load(path.read_bytes(), Loader=_LOADER) or {}
    templates = tuple(
        InstitutionTemplate(str(t["suffix"]), str(t["type"]), str(t["name"]), tuple(str(h) for h in t["heads"]))
        for t in raw.get("templates") or ()
    )
    states = (yaml.load(states_path.read_bytes(), Loader=_LOADER) or {}).get("actors") or []
    demonyms = {str(d): str(state["id"]) for state in states for d in state.get("demonyms") or ()}
    capitals = {str(state["capital"]): str(state["id"]) for state in states if state.get("capital")}
    existing = {str(k): str(v) for k, v in (raw.get("existing_ids") or {}).items()}
    return Institutions(templates, demonyms, existing, capitals)


def institution_entries(states: list[GazetteerEntry], institutions: Institutions) -> list[GazetteerEntry]:
    """One actor per state and institution kind ("Malian Armed Forces"); their spellings are read by
    rule (pipeline.entities.institutions), so the entries carry no aliases."""
    demonym_of: dict[str, str] = {}
    for demonym, state_id in institutions.demonyms.items():
        demonym_of.setdefault(state_id, demonym)
    entries = []
    for state in states:
        for template in institutions.templates:
            actor_id = institutions.actor_id(state.actor_id, template.suffix)
            if actor_id != f"{state.actor_id}-{template.suffix}":
                continue  # a pack names this institution itself
            demonym = demonym_of.get(state.actor_id)
            name = (
                template.name.format(demonym=demonym, country=state.name)
                if demonym or "{demonym}" not in template.name
                else f"{template.name.format(demonym='').strip()} of {state.name}"
            )
            entries.append(
                GazetteerEntry(
                    actor_id=actor_id,
                    name=name,
                    type=template.type,
                    aliases=(),
                    source=f"generated from the institution template '{template.suffix}' for {state.name}",
                    country=state.country,
                    parent=None,
                )
            )
    return entries


def _layered(layers: list[list[GazetteerEntry]]) -> list[GazetteerEntry]:
    """One entry per id, the first layer's (packs, then the base's hand-kept gazetteer, then the
    generated world) with the later layers' spellings added. A pack entry that a later layer knows
    too is `shared`: the same actor everywhere, so its names apply in every region."""
    merged: dict[str, GazetteerEntry] = {}
    for layer in layers:
        for entry in layer:
            first = merged.get(entry.actor_id)
            if first is None:
                merged[entry.actor_id] = entry
                continue
            aliases = tuple(dict.fromkeys((*first.aliases, entry.name, *entry.aliases)))
            shared = first.pack is not None and entry.pack is None
            base_keys = {name_key(alias) for alias in (entry.name, *entry.aliases)}
            own = {name_key(alias) for alias in (first.name, *first.aliases)} - base_keys if shared else set()
            merged[entry.actor_id] = replace(
                first,
                aliases=aliases,
                shared=shared,
                pack_keys=first.pack_keys | frozenset(own),
                country=first.country or entry.country,
                lat=first.lat if first.lat is not None else entry.lat,
                lon=first.lon if first.lon is not None else entry.lon,
            )
    return list(merged.values())
