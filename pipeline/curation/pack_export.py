"""Grow a theatre from curation: the actors analysts added, renamed, merged, split, retyped or
located in one corpus become a theatre pack, so a desk's corrections are knowledge for its next one.

`python -m pipeline export-pack NAME` writes `theatres/NAME/gazetteer/actors_curated.yaml` (every
live decision's actor, with every spelling the corrected tables hold), `non_actors.yaml` (the names
analysts rejected) and, when the pack has none, a `region.yaml` read from the corpus: the states it
mentions most and a box around them and the pack's places.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from pipeline.curation.rules import Decision
from pipeline.gazetteer import Gazetteer
from pipeline.store import write_text_atomic

GEO_TYPES = frozenset({"place", "facility"})
_ACTOR_FIELD = {"merge": "into", "rename": "actor", "retype": "actor", "locate": "actor"}
_MARGIN_DEGREES = 2.0
_REGION_SHARE = 0.1  # a state with at least this share of the corpus's state mentions is in the region


@dataclass(frozen=True)
class ExportedPack:
    """What export-pack writes, and what it left out and why."""

    entries: list[dict]
    non_actors: list[dict]
    region: dict
    skipped: list[str]


def pack_from_curation(
    tables: dict[str, pd.DataFrame],
    uncurated_actors: pd.DataFrame,
    decisions: list[Decision],
    gazetteer: Gazetteer,
    *,
    name: str,
    where: str,
) -> ExportedPack:
    """The pack an analyst's live decisions make of one build's curated `tables`."""
    actors = tables["actors"].set_index("actor_id", drop=False)
    live = [d for d in decisions if not d.undone]
    touched = _touched_actors(live, actors)
    entries, skipped = [], []
    for actor_id, deciders in touched.items():
        row = actors.loc[actor_id]
        owner = gazetteer.by_id.get(actor_id)
        if owner is not None and owner.pack is not None and owner.pack != name:
            skipped.append(f"{actor_id}: belongs to the pack {owner.pack}; correct it there")
            continue
        entry = _entry(row, deciders, where)
        if entry["type"] in GEO_TYPES and "lat" not in entry:
            skipped.append(f"{actor_id}: a {entry['type']} needs coordinates; locate it first")
            continue
        entries.append(entry)
    names = dict(zip(uncurated_actors["actor_id"], uncurated_actors["name"], strict=True))
    rejected = [_non_actor(d, names, where) for d in live if d.kind == "reject_actor"]
    return ExportedPack(
        entries=entries,
        non_actors=[item for item in rejected if item],
        region=region_of(tables, gazetteer, entries),
        skipped=skipped,
    )


def region_of(tables: dict[str, pd.DataFrame], gazetteer: Gazetteer, entries: list[dict]) -> dict:
    """The corpus's region: the states with a tenth or more of its state mentions, and a box around
    them and the pack's places, two degrees wider on every side."""
    actors = tables["actors"].set_index("actor_id")
    states = actors[actors["type"] == "state"]
    counts = tables["mentions"]["actor_id"].value_counts()
    counts = counts[counts.index.isin(states.index)]
    chosen = counts[counts >= max(counts.max() * _REGION_SHARE, 1)].index if len(counts) else []
    codes = sorted({gazetteer.by_id[s].country for s in chosen if s in gazetteer.by_id and gazetteer.by_id[s].country})
    points = [
        (float(states.loc[s, "lat"]), float(states.loc[s, "lon"])) for s in chosen if pd.notna(states.loc[s, "lat"])
    ]
    points += [(e["lat"], e["lon"]) for e in entries if "lat" in e]
    if not points:
        points = [
            (-90.0 + _MARGIN_DEGREES, -180.0 + _MARGIN_DEGREES),
            (90.0 - _MARGIN_DEGREES, 180.0 - _MARGIN_DEGREES),
        ]
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    bbox = [
        round(max(min(lats) - _MARGIN_DEGREES, -90.0), 2),
        round(max(min(lons) - _MARGIN_DEGREES, -180.0), 2),
        round(min(max(lats) + _MARGIN_DEGREES, 90.0), 2),
        round(min(max(lons) + _MARGIN_DEGREES, 180.0), 2),
    ]
    return {
        "schema_version": 1,
        "countries": codes,
        "bbox": bbox,
        "source": "exported from curation: the states the corpus mentions most, and a box around them and the "
        "pack's places (two degrees wider)",
    }


def _touched_actors(decisions: list[Decision], actors: pd.DataFrame) -> dict[str, list[Decision]]:
    """Actor id -> the live decisions that shaped it, for actors still in the curated tables."""
    touched: dict[str, list[Decision]] = {}
    for decision in decisions:
        actor_id = _actor_of(decision, actors)
        if actor_id is not None and actor_id in actors.index:
            touched.setdefault(actor_id, []).append(decision)
    return touched


def _actor_of(decision: Decision, actors: pd.DataFrame) -> str | None:
    if decision.kind in _ACTOR_FIELD:
        return str(decision.fields[_ACTOR_FIELD[decision.kind]])
    if decision.kind in ("add_actor", "split"):
        named = actors.index[actors["name"] == decision.fields["name"]]
        return str(named[0]) if len(named) else None
    return None


def _entry(row: pd.Series, deciders: list[Decision], where: str) -> dict:
    aliases = sorted(
        {str(a) for a in row["aliases"] if str(a) != row["name"] and not str(a).lower().startswith("the ")}
    )
    entry = {
        "id": str(row["actor_id"]),
        "name": str(row["name"]),
        "type": str(row["type"]),
        "aliases": aliases,
        "source": f"curated in {where} by {', '.join(sorted({d.by for d in deciders}))} "
        f"(decisions {', '.join(d.id for d in deciders)})",
    }
    if pd.notna(row.get("lat")) and pd.notna(row.get("lon")):
        entry["lat"], entry["lon"] = round(float(row["lat"]), 5), round(float(row["lon"]), 5)
    return entry


def _non_actor(decision: Decision, names: dict[str, str], where: str) -> dict | None:
    """A rejected actor's name (from the tables before curation, where it still is), which the
    pack then never lets become an actor again."""
    name = names.get(str(decision.fields["actor"]))
    if not name:
        return None
    return {"text": name, "reason": f"rejected by {decision.by} ({decision.id})", "source": f"curation in {where}"}


def write_pack(folder: Path, exported: ExportedPack, *, force: bool) -> list[Path]:
    """Write the pack's files (atomically); its region only when it has none. Raises ValueError
    rather than overwrite curated actors already there, unless `force`."""
    gazetteer_dir = folder / "gazetteer"
    actors_path = gazetteer_dir / "actors_curated.yaml"
    if actors_path.exists() and not force:
        raise ValueError(f"{actors_path} exists; pass --force to replace it")
    gazetteer_dir.mkdir(parents=True, exist_ok=True)
    note = "Actors curated by analysts, exported by `python -m pipeline export-pack` (each source names the decisions)."
    files = {actors_path: {"schema_version": 1, "source_note": note, "actors": exported.entries}}
    if exported.non_actors:
        files[gazetteer_dir / "non_actors.yaml"] = {"schema_version": 1, "non_actors": exported.non_actors}
    if not (folder / "region.yaml").exists():
        files[folder / "region.yaml"] = exported.region
    for path, document in files.items():
        write_text_atomic(path, yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120))
    return list(files)
