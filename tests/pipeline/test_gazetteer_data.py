"""Validate the hand-kept gazetteer YAML (base and theatre packs) against its schema and alias rules."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline import schema

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "data" / "knowledge"
# The hand-kept gazetteer files: general actors in the base, each conflict's in its theatre pack.
ACTOR_FILES = tuple(
    sorted(
        str(path.relative_to(KNOWLEDGE_DIR))
        for folder in (KNOWLEDGE_DIR / "base" / "gazetteer", *KNOWLEDGE_DIR.glob("theatres/*/gazetteer"))
        for path in folder.glob("actors_*.yaml")
    )
)
NON_ACTOR_FILE = "base/gazetteer/non_actors.yaml"
ACTOR_TYPES = frozenset(schema.ACTOR_TYPES)  # the table contract's types
GEO_TYPES = frozenset({"state", "place", "facility"})
REQUIRED_GEO_TYPES = frozenset({"place", "facility"})
ALLOWED_KEYS = frozenset({"id", "name", "type", "aliases", "source", "lat", "lon", "country", "parent", "match_case"})
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
# Iraq and Syria lie inside this box; an entry outside it has swapped or mistyped coordinates.
BORDER_AREA_COUNTRIES = frozenset({"IQ", "SY"})
BORDER_AREA_BOX = {"lat": (29.0, 38.0), "lon": (35.0, 49.0)}


def _normalize(text: str) -> str:
    """Fold an alias the way the matcher compares them: casefold, straight apostrophes, stripped."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'").strip().casefold()


def _load(name: str) -> dict[str, Any]:
    with (KNOWLEDGE_DIR / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _entries() -> list[tuple[str, dict[str, Any]]]:
    """Every actor entry with the file it came from."""
    return [(name, entry) for name in ACTOR_FILES for entry in _load(name)["actors"]]


def _label(file_name: str, entry: dict[str, Any]) -> str:
    return f"{file_name}:{entry.get('id', entry.get('name', '?'))}"


def _surface_forms(entry: dict[str, Any]) -> list[str]:
    return [entry["name"], *entry.get("aliases", [])]


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)


@pytest.mark.parametrize("file_name", [*ACTOR_FILES, NON_ACTOR_FILE])
def test_gazetteer_data_schema_version_is_1(file_name: str) -> None:
    data = _load(file_name)
    assert isinstance(data, dict), f"{file_name}: top level must be a mapping"
    assert data.get("schema_version") == 1, f"{file_name}: schema_version must be 1"


@pytest.mark.parametrize("file_name", ACTOR_FILES)
def test_gazetteer_data_actor_file_has_note_and_entries(file_name: str) -> None:
    data = _load(file_name)
    assert set(data) == {"schema_version", "source_note", "actors"}, f"{file_name}: keys {sorted(data)}"
    assert isinstance(data["source_note"], str) and data["source_note"].strip(), f"{file_name}: empty source_note"
    assert isinstance(data["actors"], list) and data["actors"], f"{file_name}: actors must be a non-empty list"


def test_gazetteer_data_ids_are_unique_slugs() -> None:
    seen: dict[str, str] = {}
    problems = []
    for file_name, entry in _entries():
        actor_id = entry.get("id")
        if not isinstance(actor_id, str) or not SLUG.match(actor_id):
            problems.append(f"{_label(file_name, entry)}: id {actor_id!r} is not a [a-z0-9-] slug")
        elif actor_id in seen:
            problems.append(f"{_label(file_name, entry)}: id already used in {seen[actor_id]}")
        else:
            seen[actor_id] = file_name
    assert not problems, _report(problems)


def test_gazetteer_data_entries_have_known_keys_valid_type_name_and_source() -> None:
    problems = []
    for file_name, entry in _entries():
        label = _label(file_name, entry)
        unknown = set(entry) - ALLOWED_KEYS
        if unknown:
            problems.append(f"{label}: unknown keys {sorted(unknown)}")
        if entry.get("type") not in ACTOR_TYPES:
            problems.append(f"{label}: type {entry.get('type')!r} not in {sorted(ACTOR_TYPES)}")
        for key in ("name", "source"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{label}: {key} must be a non-empty string")
        if "match_case" in entry and not isinstance(entry["match_case"], bool):
            problems.append(f"{label}: match_case must be true or false")
        if "country" in entry and not (isinstance(entry["country"], str) and COUNTRY.match(entry["country"])):
            problems.append(f"{label}: country {entry['country']!r} is not an ISO-3166 alpha-2 code")
    assert not problems, _report(problems)


def _coordinate_problems(entry: dict[str, Any]) -> list[str]:
    has = [key for key in ("lat", "lon") if key in entry]
    if entry.get("type") not in GEO_TYPES:
        return [f"has {has} but type {entry.get('type')} takes no coordinates"] if has else []
    if entry.get("type") in REQUIRED_GEO_TYPES and len(has) < 2:
        return ["a place or facility needs both lat and lon"]
    if not has:
        return []
    lat, lon = entry.get("lat"), entry.get("lon")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
        return [f"lat/lon must be numbers, got {lat!r}, {lon!r}"]
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return [f"lat/lon {lat}, {lon} out of range"]
    return []


def test_gazetteer_data_coordinates_only_on_geographic_entries() -> None:
    problems = [
        f"{_label(file_name, entry)}: {problem}"
        for file_name, entry in _entries()
        for problem in _coordinate_problems(entry)
    ]
    assert not problems, _report(problems)


def test_gazetteer_data_iraq_syria_places_lie_in_border_area_box() -> None:
    problems = []
    for file_name, entry in _entries():
        if entry.get("type") not in GEO_TYPES or entry.get("country") not in BORDER_AREA_COUNTRIES:
            continue
        for key, (low, high) in BORDER_AREA_BOX.items():
            if not low <= entry[key] <= high:
                problems.append(f"{_label(file_name, entry)}: {key} {entry[key]} outside {low}..{high}")
    assert not problems, _report(problems)


def _alias_problems(entry: dict[str, Any]) -> list[str]:
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list):
        return ["aliases must be a list"]
    problems = []
    for alias in aliases:
        if not isinstance(alias, str) or not alias.strip():
            problems.append(f"alias {alias!r} is not a non-empty string")
        elif alias != alias.strip() or "\n" in alias:
            problems.append(f"alias {alias!r} has surrounding whitespace or a newline")
        elif alias.casefold().startswith("the "):
            problems.append(f"alias {alias!r} starts with 'the ' (the matcher strips it)")
    return problems


def test_gazetteer_data_aliases_are_clean_strings() -> None:
    problems = [
        f"{_label(file_name, entry)}: {problem}"
        for file_name, entry in _entries()
        for problem in _alias_problems(entry)
    ]
    assert not problems, _report(problems)


def test_gazetteer_data_no_surface_form_belongs_to_two_ids() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for _, entry in _entries():
        for form in _surface_forms(entry):
            if isinstance(form, str):
                owners[_normalize(form)].add(entry["id"])
    problems = [f"{form!r} is claimed by {sorted(ids)}" for form, ids in sorted(owners.items()) if len(ids) > 1]
    assert not problems, _report(problems)


def test_gazetteer_data_parents_exist() -> None:
    entries = _entries()
    ids = {entry["id"] for _, entry in entries}
    problems = [
        f"{_label(file_name, entry)}: parent {entry['parent']!r} is not a known id"
        for file_name, entry in entries
        if "parent" in entry and (entry["parent"] not in ids or entry["parent"] == entry["id"])
    ]
    assert not problems, _report(problems)


def test_gazetteer_data_non_actors_have_text_reason_and_source() -> None:
    data = _load(NON_ACTOR_FILE)
    assert set(data) == {"schema_version", "non_actors"}, f"{NON_ACTOR_FILE}: keys {sorted(data)}"
    problems = []
    seen: set[str] = set()
    for item in data["non_actors"]:
        label = f"{NON_ACTOR_FILE}:{item.get('text', '?') if isinstance(item, dict) else item!r}"
        if not isinstance(item, dict) or set(item) != {"text", "reason", "source"}:
            problems.append(f"{label}: needs exactly the keys text, reason, source")
            continue
        if not all(isinstance(item[key], str) and item[key].strip() for key in ("text", "reason", "source")):
            problems.append(f"{label}: text, reason and source must be non-empty strings")
        elif _normalize(item["text"]) in seen:
            problems.append(f"{label}: listed twice")
        else:
            seen.add(_normalize(item["text"]))
    assert not problems, _report(problems)


def test_gazetteer_data_non_actors_are_not_actor_aliases() -> None:
    forms = {_normalize(form): entry["id"] for _, entry in _entries() for form in _surface_forms(entry)}
    problems = [
        f"{NON_ACTOR_FILE}:{item['text']}: is also a surface form of actor {forms[_normalize(item['text'])]}"
        for item in _load(NON_ACTOR_FILE)["non_actors"]
        if _normalize(item["text"]) in forms
    ]
    assert not problems, _report(problems)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kata\u2019ib Hezbollah", "kata'ib hezbollah"),
        ("  Al-Qaim ", "al-qaim"),
        ("PMU", "pmu"),
    ],
)
def test_gazetteer_data_normalize_folds_case_apostrophes_and_space(raw: str, expected: str) -> None:
    assert _normalize(raw) == expected
