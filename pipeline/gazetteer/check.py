"""Strict checks of the knowledge layers, with messages that name the file and line at fault.

Run at every load (pipeline.gazetteer.layers) and by `python -m pipeline check-knowledge`: an analyst who
adds a pack or edits one learns at once which entry is wrong and why, not from odd tables later.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from pipeline.gazetteer.lookup import GazetteerEntry
from pipeline.gazetteer.yaml_lines import line_of
from pipeline.names import name_key

GEO_TYPES = frozenset({"place", "facility"})


class KnowledgeError(ValueError):
    """One or more entries of the knowledge break its rules; the message lists them all."""


def check_entries(entries: Iterable[GazetteerEntry]) -> list[tuple[str, str]]:
    """Every problem of a set of entries loaded together: ids two packs (or two files) define,
    spellings two actors of one pack share, coordinates out of range or missing for a place,
    parents that do not exist, and spellings that are no name (empty, or with a bracket: "Rapid
    Support Forces (RSF)" would make every mention span the bracket; the abbreviation rule links
    the two forms), as (actor id, problem) pairs."""
    entries = list(entries)
    problems: list[tuple[str, str]] = []
    known = {entry.actor_id for entry in entries}
    spelling_owner: dict[tuple[str | None, str], str] = {}
    for entry in entries:
        where = entry.actor_id
        if entry.lat is not None and not (-90 <= entry.lat <= 90 and -180 <= (entry.lon or 0) <= 180):
            problems.append((where, f"coordinates {entry.lat}, {entry.lon} are out of range"))
        if entry.type in GEO_TYPES and (entry.lat is None or entry.lon is None) and entry.pack is not None:
            problems.append((where, f"a {entry.type} needs lat and lon"))
        if entry.parent and entry.parent not in known:
            problems.append((where, f"parent {entry.parent!r} is no actor"))
        problems.extend((where, f"the spelling {alias!r} is no name") for alias in entry.aliases if not _a_name(alias))
        if entry.pack is None or entry.shared:
            continue
        for alias in (entry.name, *entry.aliases):
            owner = spelling_owner.setdefault((entry.pack, name_key(alias)), entry.actor_id)
            if owner != entry.actor_id:
                problems.append((where, f"the spelling {alias!r} names {owner} too in pack {entry.pack}"))
    return problems


def duplicate_ids(located: Iterable[tuple[str, Path, int]]) -> list[str]:
    """An id defined twice among (id, file, index) triples: two packs, or two files of one layer
    (the first twenty with their lines; the count of the rest)."""
    seen: dict[str, list[tuple[Path, int]]] = defaultdict(list)
    for actor_id, path, index in located:
        seen[actor_id].append((path, index))
    twice = [(actor_id, places) for actor_id, places in seen.items() if len(places) > 1]
    shown = [
        f"{line_of(*places[1])}: id {actor_id!r} is defined before, at {line_of(*places[0])}"
        for actor_id, places in twice[:20]
    ]
    return shown + [f"... {len(twice) - 20} more ids defined twice"] * (len(twice) > 20)


def locate(origin: dict[str, tuple[Path, int]], actor_id: str) -> str:
    path, index = origin.get(actor_id, (Path("?"), -1))
    return f"{line_of(path, index)} ({actor_id})" if index >= 0 else actor_id


def raise_if(duplicates: list[str], problems: list[tuple[str, str]], origin: dict[str, tuple[Path, int]]) -> None:
    """Raise one KnowledgeError listing the first twenty problems, each with its file and line."""
    total = len(duplicates) + len(problems)
    if not total:
        return
    shown = duplicates[:20] + [
        f"{locate(origin, actor_id)}: {text}" for actor_id, text in problems[: 20 - len(duplicates[:20])]
    ]
    more = [f"... and {total - len(shown)} more"] if total > len(shown) else []
    raise KnowledgeError(f"{total} problem(s) in the knowledge:\n" + "\n".join(shown + more))


def _a_name(spelling: str) -> bool:
    return bool(spelling.strip()) and not any(bracket in spelling for bracket in "()[]{}")
