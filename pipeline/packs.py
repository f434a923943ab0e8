"""Knowledge in layers: the world base that holds in every conflict, then theatre packs on top.

`data/knowledge/base/` holds language patterns, the world (every state with its demonyms, capitals,
first-level subdivisions, international organisations, generated from packaged data by
`tools/generate_world_knowledge.py`) and general gazetteer files; `data/knowledge/theatres/<name>/`
holds one conflict's actors (`gazetteer/`) and its `region.yaml`. A pack's entry with the id of a
world entry is the same actor, told in more detail; where a pack and the base give one spelling to
two actors, the pack's reading wins, but only a pack's one-word names (acronyms, surnames) are kept
to articles about its region (pipeline.regions).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from pipeline.gazetteer import GazetteerEntry, read_entries, read_gazetteer_files

# World files read as gazetteer entries, most general reading of a shared spelling first.
WORLD_FILES = ("states.yaml", "international_orgs.yaml", "capitals.yaml", "subdivisions.yaml")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Region:
    """Where a theatre pack applies: the states it covers and a bounding box (south, west, north, east)."""

    pack: str
    countries: frozenset[str]
    bbox: tuple[float, float, float, float]

    def holds(self, country: str | None, lat: float | None, lon: float | None) -> bool:
        if country and country in self.countries:
            return True
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
    """Read the base and the theatre packs. Raises ValueError naming the file at fault."""
    pack_entries: list[GazetteerEntry] = []
    non_actors: list[str] = []
    regions: dict[str, Region] = {}
    for theatre in theatre_dirs:
        if not theatre.is_dir():
            raise ValueError(f"{theatre}: no such theatre pack")
        entries, words = read_gazetteer_files(theatre / "gazetteer", pack=theatre.name)
        pack_entries.extend(entries)
        non_actors.extend(words)
        regions[theatre.name] = read_region(theatre / "region.yaml", theatre.name)
    base_entries, words = read_gazetteer_files(base_dir / "gazetteer")
    non_actors.extend(words)
    world_dir = base_dir / "world"
    for name in WORLD_FILES:
        if (world_dir / name).exists():
            base_entries.extend(read_entries(world_dir / name))
    states = [entry for entry in base_entries if entry.type == "state"]
    institutions = read_institutions(world_dir / "institutions.yaml", world_dir / "states.yaml")
    base_entries.extend(institution_entries(states, institutions))
    return Layers(
        entries=tuple(_layered(pack_entries, base_entries)),
        non_actors=tuple(dict.fromkeys(non_actors)),
        regions=regions,
        institutions=institutions,
        packs=tuple(theatre.name for theatre in theatre_dirs),
    )


def read_region(path: Path, pack: str) -> Region:
    """A pack's region.yaml: `countries` (ISO alpha-2 codes) and `bbox` [south, west, north, east]."""
    if not path.exists():
        raise ValueError(f"{path}: every theatre pack needs a region.yaml (countries, bbox)")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = sorted(set(raw) - {"schema_version", "name", "countries", "bbox", "source"})
    if unknown:
        raise ValueError(f"{path}: unknown keys {', '.join(unknown)}")
    bbox = tuple(float(value) for value in raw.get("bbox") or ())
    if len(bbox) != 4 or not (-90 <= bbox[0] <= bbox[2] <= 90 and -180 <= bbox[1] <= bbox[3] <= 180):
        raise ValueError(f"{path}: bbox must be [south, west, north, east] in degrees")
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
    return Institutions(templates, demonyms, {str(k): str(v) for k, v in (raw.get("existing_ids") or {}).items()})


def institution_entries(states: list[GazetteerEntry], institutions: Institutions) -> list[GazetteerEntry]:
    """One actor per state and institution kind ("Malian Armed Forces"); their spellings are read by
    rule (pipeline.institutions), so the entries carry no aliases."""
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


def _layered(pack_entries: list[GazetteerEntry], base_entries: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """Packs first; a pack entry with a base entry's id is that actor (it keeps the base's other
    spellings and is no longer the pack's alone, so its names apply everywhere)."""
    base_by_id = {entry.actor_id: entry for entry in base_entries}
    merged = []
    for entry in pack_entries:
        base = base_by_id.get(entry.actor_id)
        if base is not None:
            aliases = tuple(dict.fromkeys((*entry.aliases, base.name, *base.aliases)))
            entry = replace(entry, aliases=aliases, shared=True, country=entry.country or base.country)
        merged.append(entry)
    pack_ids = {entry.actor_id for entry in pack_entries}
    return merged + [entry for entry in base_entries if entry.actor_id not in pack_ids]
