"""Check the generated world knowledge under data/knowledge/base/world/ (tools/generate_world_knowledge.py).

The files are generated, but what they must say is written here by hand: every file loads with the
gazetteer loader, ids are unique and agree with the theatre packs, one spelling names one actor,
coordinates are on the globe, and the names conflict news depends on resolve as expected.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.gazetteer.layers import read_world_file
from pipeline.gazetteer.world_cities import read_cities
from pipeline.names import name_key, without_al
from pipeline.schema import ACTOR_TYPES

ROOT = Path(__file__).resolve().parents[2]
WORLD = ROOT / "data" / "knowledge" / "base" / "world"
ACTOR_FILES = ("states.yaml", "capitals.yaml", "subdivisions.yaml", "cities.tsv", "international_orgs.yaml")
PLACE_FILES = ("capitals.yaml", "subdivisions.yaml", "cities.tsv")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _doc(name: str) -> dict[str, Any]:
    return yaml.load((WORLD / name).read_bytes(), Loader=_LOADER)


def _actors(name: str) -> list[dict[str, Any]]:
    if name.endswith(".tsv"):
        return read_cities(WORLD / name)
    return _doc(name)["actors"]


@cache
def _all() -> tuple[tuple[str, dict[str, Any]], ...]:
    return tuple((name, e) for name in ACTOR_FILES for e in _actors(name))


@cache
def _by_id() -> dict[str, dict[str, Any]]:
    return {e["id"]: e for _, e in _all()}


@cache
def _owner() -> dict[str, str]:
    """matching key -> id, over every name and alias of every file."""
    owner: dict[str, str] = {}
    for _, e in _all():
        for form in (e["name"], *e.get("aliases", [])):
            owner.setdefault(name_key(form), e["id"])
    return owner


def _lookup(surface: str) -> dict[str, Any] | None:
    actor_id = _owner().get(name_key(surface))
    return _by_id()[actor_id] if actor_id else None


def _state_by_demonym(demonym: str) -> dict[str, Any] | None:
    hits = [s for s in _actors("states.yaml") if demonym in s.get("demonyms", [])]
    assert len(hits) <= 1, f"demonym {demonym!r} on {[h['id'] for h in hits]}"
    return hits[0] if hits else None


def _pack_entries() -> list[dict[str, Any]]:
    out = []
    for path in sorted((ROOT / "data").rglob("actors_*.yaml")):
        if WORLD not in path.parents:
            out += yaml.safe_load(path.read_text(encoding="utf-8")).get("actors") or []
    return out


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize("name", ACTOR_FILES)
def test_world_file_loads_with_the_gazetteer_loader(name: str) -> None:
    """The pipeline's own reader accepts each file (required keys, known types, known keys)."""
    entries = read_world_file(WORLD / name)
    assert len(entries) == len(_actors(name)) > 0
    note = (WORLD / name).read_text(encoding="utf-8").split("\n", 1)[0] if name.endswith(".tsv") else ""
    assert note.startswith("# Towns") or (_doc(name)["schema_version"] == 1 and _doc(name)["source_note"].strip())


def test_world_institutions_file_is_a_template_set() -> None:
    doc = _doc("institutions.yaml")
    assert doc["schema_version"] == 1 and doc["kind"] == "institution_templates"
    assert "{demonym} {head}" in doc["patterns"] and "{head} of {country}" in doc["patterns"]
    by_suffix = {t["suffix"]: t for t in doc["templates"]}
    assert by_suffix["armed-forces"]["type"] == "security_force"
    assert {"army", "troops", "military", "armed forces"} <= set(by_suffix["armed-forces"]["heads"])
    assert "gendarmerie" in by_suffix["police"]["heads"]
    assert {"government", "junta", "authorities"} <= set(by_suffix["government"]["heads"])
    assert by_suffix["government"]["type"] == "government_body"
    assert "ministry of defence" in by_suffix["defence-ministry"]["heads"]
    for suffix in (
        "intelligence",
        "interior-ministry",
        "foreign-ministry",
        "air-force",
        "navy",
        "presidency",
        "parliament",
        "security-forces",
        "border-guard",
        "health-ministry",
        "civil-defence",
        "state-media",
    ):
        assert suffix in by_suffix
    state_ids = {s["id"] for s in _actors("states.yaml")}
    for key in doc["existing_ids"]:
        assert any(key == f"{s}-{t}" for s in state_ids for t in by_suffix), key
    assert doc["existing_ids"].get("iraq-government") in (None, "government-of-iraq")


def test_world_ids_are_unique_slugs_across_files() -> None:
    seen: dict[str, str] = {}
    problems = []
    for name, e in _all():
        if not SLUG.match(e["id"]):
            problems.append(f"{name}:{e['id']} is not a slug")
        if e["id"] in seen:
            problems.append(f"{name}:{e['id']} also in {seen[e['id']]}")
        seen.setdefault(e["id"], name)
    assert not problems, "\n".join(problems[:50])


def test_world_entries_have_types_sources_and_quoted_country_codes() -> None:
    problems = []
    for name, e in _all():
        if e["type"] not in ACTOR_TYPES or not str(e.get("source", "")).strip():
            problems.append(f"{name}:{e['id']} type/source")
        if "country" in e and not (isinstance(e["country"], str) and re.fullmatch(r"[A-Z]{2}", e["country"])):
            problems.append(f"{name}:{e['id']} country {e['country']!r}")
        if e.get("ambiguous") and e.get("match_case") is not True:
            problems.append(f"{name}:{e['id']} ambiguous without match_case")
        if any(a.lower().startswith("the ") for a in e.get("aliases", [])):
            problems.append(f"{name}:{e['id']} alias starting with 'the '")
        if "parent" in e and name in PLACE_FILES:
            problems.append(f"{name}:{e['id']} a place with parent")
    assert not problems, "\n".join(problems[:50])
    assert _actors("states.yaml")[0]["type"] == "state"
    assert {e["type"] for e in _actors("international_orgs.yaml")} <= {"international_org", "other_org"}
    assert all(e["type"] == "place" for name in PLACE_FILES for e in _actors(name))


def test_world_coordinates_are_in_range_and_required_for_places() -> None:
    problems = []
    for name, e in _all():
        has = "lat" in e or "lon" in e
        if e["type"] == "place" and not ("lat" in e and "lon" in e):
            problems.append(f"{name}:{e['id']} place without coordinates")
        if e["type"] in ("international_org", "other_org") and has:
            problems.append(f"{name}:{e['id']} organisation with coordinates")
        if has and not (-90 <= e["lat"] <= 90 and -180 <= e["lon"] <= 180):
            problems.append(f"{name}:{e['id']} ({e['lat']}, {e['lon']}) off the globe")
    assert not problems, "\n".join(problems[:50])


def test_world_no_spelling_belongs_to_two_ids() -> None:
    """One spelling, one actor, with the matcher's own key (and without 'al-' for places, as lookup does)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for _, e in _all():
        place = e["type"] == "place"
        for form in (e["name"], *e.get("aliases", [])):
            key = name_key(form)
            owners[key].add(e["id"])
            if place:
                owners[without_al(key)].add(e["id"])
    # A state's bare name may equal a place's article-less key only if the place is that state's
    # capital sharing the name; there is none today, so no exception is documented.
    clashes = sorted(f"{k!r}: {sorted(ids)}" for k, ids in owners.items() if len(ids) > 1)
    assert not clashes, f"{len(clashes)} shared spellings:\n" + "\n".join(clashes[:50])


def test_world_demonyms_belong_to_one_state() -> None:
    owner: dict[str, str] = {}
    problems = []
    for s in _actors("states.yaml"):
        for d in s.get("demonyms", []):
            if not d[:1].isupper():
                problems.append(f"{s['id']}: demonym {d!r} not capitalised")
            if owner.setdefault(d, s["id"]) != s["id"]:
                problems.append(f"{d!r} on {owner[d]} and {s['id']}")
    assert not problems, "\n".join(problems)


def test_world_ids_agree_with_the_theatre_packs() -> None:
    """A state the packs already have keeps the pack's id; any other id shared with a pack must be
    the same actor (same country and type family)."""
    packs = _pack_entries()
    if not packs:
        pytest.skip("no theatre pack found")
    pack_by_id = {e["id"]: e for e in packs}
    states = {s["country"]: s["id"] for s in _actors("states.yaml")}
    problems = []
    for p in packs:
        if p.get("type") == "state" and p.get("country") and states.get(p["country"]) != p["id"]:
            problems.append(f"pack state {p['id']} ({p['country']}) is {states.get(p['country'])} here")
    family = {
        "state": "geo",
        "place": "geo",
        "facility": "geo",
        "international_org": "org",
        "other_org": "org",
        "media": "org",
    }
    for _, e in _all():
        p = pack_by_id.get(e["id"])
        if p is None:
            continue
        if family.get(p["type"], p["type"]) != family.get(e["type"], e["type"]):
            problems.append(f"{e['id']}: {e['type']} here, {p['type']} in a pack")
        elif p.get("country") and e.get("country") and p["country"] != e["country"]:
            problems.append(f"{e['id']}: country {e['country']} here, {p['country']} in a pack")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- expectations


def test_world_every_un_member_sized_set_of_states_is_there() -> None:
    countries = {s["country"] for s in _actors("states.yaml")}
    assert len(countries) >= 249
    for code in ("ML", "NE", "BF", "SD", "SS", "CD", "CG", "UA", "MM", "SO", "ET", "NG", "TD", "XK", "PS"):
        assert code in countries


@pytest.mark.parametrize(
    ("demonym", "state_id"),
    [
        ("Nigerien", "niger"),
        ("Nigerian", "nigeria"),
        ("Burkinabe", "burkina-faso"),
        ("Burkinabè", "burkina-faso"),
        ("Malian", "mali"),
        ("Sudanese", "sudan"),
        ("South Sudanese", "south-sudan"),
        ("Ukrainian", "ukraine"),
        ("Congolese", "democratic-republic-of-the-congo"),
        ("Guinean", "guinea"),
        ("Dominican", "dominican-republic"),
        ("American", "united-states"),
        ("Chadian", "chad"),
        ("Somali", "somalia"),
    ],
)
def test_world_demonym_names_its_state(demonym: str, state_id: str) -> None:
    state = _state_by_demonym(demonym)
    assert state is not None and state["id"] == state_id


@pytest.mark.parametrize(
    ("surface", "actor_id"),
    [
        ("Niger", "niger"),
        ("Nigeria", "nigeria"),
        ("Burkina", "burkina-faso"),
        ("DRC", "democratic-republic-of-the-congo"),
        ("DR Congo", "democratic-republic-of-the-congo"),
        ("Congo-Kinshasa", "democratic-republic-of-the-congo"),
        ("Congo", "democratic-republic-of-the-congo"),
        ("Congo-Brazzaville", "republic-of-the-congo"),
        ("Ivory Coast", "ivory-coast"),
        ("Côte d'Ivoire", "ivory-coast"),
        ("Cote d'Ivoire", "ivory-coast"),
        ("Guinea", "guinea"),
        ("Equatorial Guinea", "equatorial-guinea"),
        ("Guinea-Bissau", "guinea-bissau"),
        ("Papua New Guinea", "papua-new-guinea"),
        ("Syria", "syria"),
        ("Iran", "iran"),
        ("Russia", "russia"),
        ("South Korea", "south-korea"),
        ("Burma", "myanmar"),
        ("Türkiye", "turkey"),
        ("U.S.", "united-states"),
    ],
)
def test_world_state_spelling_resolves(surface: str, actor_id: str) -> None:
    found = _lookup(surface)
    assert found is not None and found["id"] == actor_id and found["type"] == "state", found and found["id"]


def test_world_niger_is_not_nigeria() -> None:
    niger, nigeria = _by_id()["niger"], _by_id()["nigeria"]
    assert niger["type"] == nigeria["type"] == "state"
    assert niger["country"] == "NE" and nigeria["country"] == "NG"
    niger_forms = {name_key(f) for f in (niger["name"], *niger["aliases"])}
    nigeria_forms = {name_key(f) for f in (nigeria["name"], *nigeria["aliases"])}
    assert not niger_forms & nigeria_forms
    assert "Nigerian" not in niger["demonyms"] and "Nigerien" not in nigeria["demonyms"]
    assert 11 < niger["lat"] < 16 and 0 < niger["lon"] < 4  # Niamey
    assert 8 < nigeria["lat"] < 10 and 6 < nigeria["lon"] < 9  # Abuja
    niger_state = _lookup("Niger State")
    assert niger_state is not None and niger_state["country"] == "NG" and niger_state["type"] == "place"


@pytest.mark.parametrize("state_id", ["georgia", "chad", "jordan", "turkey", "guinea"])
def test_world_states_named_like_words_match_case(state_id: str) -> None:
    assert _by_id()[state_id].get("match_case") is True


@pytest.mark.parametrize(
    ("capital", "state_id", "lat", "lon"),
    [
        ("Bamako", "mali", 12.65, -8.0),
        ("Niamey", "niger", 13.51, 2.11),
        ("Ouagadougou", "burkina-faso", 12.37, -1.53),
        ("Khartoum", "sudan", 15.55, 32.53),
        ("Kinshasa", "democratic-republic-of-the-congo", -4.33, 15.31),
        ("Kyiv", "ukraine", 50.45, 30.52),
        ("Kiev", "ukraine", 50.45, 30.52),
    ],
)
def test_world_capital_is_a_place_linked_to_its_state(capital: str, state_id: str, lat: float, lon: float) -> None:
    place = _lookup(capital)
    assert place is not None and place["type"] == "place"
    assert place.get("capital_of") == state_id
    assert _by_id()[state_id].get("capital") == place["id"]
    assert abs(place["lat"] - lat) < 0.3 and abs(place["lon"] - lon) < 0.3
    assert place["country"] == _by_id()[state_id]["country"]


def test_world_capital_sharing_its_states_name_does_not_take_it() -> None:
    assert _lookup("Djibouti")["type"] == "state"
    city = _lookup("Djibouti City")
    assert city is not None and city["type"] == "place" and city.get("capital_of") == "djibouti"


@pytest.mark.parametrize(
    ("surface", "country", "lat_range", "lon_range"),
    [
        ("North Darfur", "SD", (12, 21), (22, 28)),
        ("North Darfur State", "SD", (12, 21), (22, 28)),
        ("Kidal Region", "ML", (17, 21), (-1, 4)),
        ("Borno", "NG", (10, 14), (11, 15)),
        ("Donetsk Oblast", "UA", (46, 50), (36, 39)),
        ("North Kivu", "CD", (-3, 1), (27, 30)),
        ("Tigray", "ET", (12, 15), (36, 40)),
        ("Rakhine", "MM", (16, 22), (92, 95)),
    ],
)
def test_world_subdivision_is_a_place_with_coordinates(
    surface: str, country: str, lat_range: tuple[float, float], lon_range: tuple[float, float]
) -> None:
    place = _lookup(surface)
    assert place is not None, surface
    assert place["type"] == "place" and place["country"] == country and place.get("iso_3166_2", "").startswith(country)
    assert lat_range[0] <= place["lat"] <= lat_range[1] and lon_range[0] <= place["lon"] <= lon_range[1]


def test_world_kidal_is_the_town_and_the_region_is_kidal_region() -> None:
    town, region = _lookup("Kidal"), _lookup("Kidal Region")
    assert town is not None and region is not None and town["id"] != region["id"]
    assert "geonameid" in town and town["country"] == "ML"
    assert region.get("shared_name") == "Kidal" and region.get("iso_3166_2") == "ML-8"


@pytest.mark.parametrize("city", ["El Fasher", "Gao", "Goma", "Mariupol", "Timbuktu", "Maiduguri", "Mandalay"])
def test_world_conflict_towns_are_places(city: str) -> None:
    place = _lookup(city)
    assert place is not None and place["type"] == "place" and "geonameid" in place and place["population"] > 15000


@pytest.mark.parametrize("city", ["Mobile", "Nice", "Reading", "Police", "Victoria", "Houston"])
def test_world_cities_named_like_words_or_names_are_flagged(city: str) -> None:
    hits = [e for e in _actors("cities.tsv") + _actors("capitals.yaml") if city in (e["name"], e.get("shared_name"))]
    assert hits, city
    assert all(e.get("ambiguous") is True and e.get("match_case") is True for e in hits), [e["id"] for e in hits]


def test_world_unflagged_cities_are_not_common_words() -> None:
    """No unflagged city keeps an alias that is an everyday word (spot list): the flag is not decorative."""
    everyday = {"police", "army", "deal", "gap", "of", "mobile", "nice", "reading", "bath", "the", "and"}
    bad = [
        e["id"]
        for e in _actors("cities.tsv")
        if not e.get("ambiguous") and any(f.lower() in everyday for f in (e["name"], *e["aliases"]))
    ]
    assert not bad, bad[:20]


@pytest.mark.parametrize(
    ("surface", "org_id"),
    [
        ("MINUSMA", "minusma"),
        ("MONUSCO", "monusco"),
        ("UNMISS", "unmiss"),
        ("UNAMID", "unamid"),
        ("African Union", "african-union"),
        ("ECOWAS", "ecowas"),
        ("IGAD", "igad"),
        ("EU", "european-union"),
        ("NATO", "nato"),
        ("Arab League", "arab-league"),
        ("OIC", "organisation-of-islamic-cooperation"),
        ("ICRC", "icrc"),
        ("ICC", "icc"),
        ("IOM", "iom"),
        ("UNHCR", "unhcr"),
        ("WFP", "wfp"),
        ("UNICEF", "unicef"),
        ("OCHA", "ocha"),
        ("Doctors Without Borders", "msf"),
        ("HRW", "human-rights-watch"),
        ("Amnesty International", "amnesty-international"),
        ("ACLED", "acled"),
        ("UN", "united-nations"),
    ],
)
def test_world_organisation_resolves(surface: str, org_id: str) -> None:
    found = _lookup(surface)
    assert found is not None and found["id"] == org_id
    assert found["type"] in ("international_org", "other_org") and "Wikipedia" in found["source"]


def test_world_cities_file_stays_small() -> None:
    assert (WORLD / "cities.tsv").stat().st_size < 15 * 1024 * 1024


def test_world_readme_documents_sources_and_regeneration() -> None:
    text = (WORLD / "README.md").read_text(encoding="utf-8")
    for needle in (
        "tools/generate_world_knowledge.py",
        "CC BY 4.0",
        "pycountry",
        "iso3166-2",
        "Congolese",
        "ambiguous",
    ):
        assert needle in text
