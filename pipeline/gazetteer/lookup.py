"""The domain gazetteer: known actors with their aliases, and the lookups built from them."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from pipeline.gazetteer.yaml_lines import line_of
from pipeline.names import (
    APOSTROPHES,
    TransliterationRules,
    fold,
    name_key,
    skeleton,
    without_al,
)
from pipeline.schema import ACTOR_TYPES

SCHEMA_VERSION = 1
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The keys an entry may have: the schema (theatres/*/gazetteer/README.md) and the generated world
# files' own (data/knowledge/base/world/README.md). Anything else is a typo that would be ignored.
ENTRY_KEYS = frozenset(
    {"id", "name", "type", "aliases", "source", "lat", "lon", "country", "parent", "match_case"}
    | {
        "demonyms",
        "capital",
        "capital_of",
        "iso_3166_2",
        "population",
        "geonameid",
        "admin1",
        "ambiguous",
        "shared_name",
    }
)
_AL_FORMS = ("al-", "Al-", "al ", "Al ", "el-", "El-")
_ARTICLE_DROPPING_TYPES = frozenset({"place", "facility"})


@dataclass(frozen=True)
class GazetteerEntry:
    """One known actor, as written in data/gazetteer/actors_*.yaml."""

    actor_id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    source: str
    lat: float | None = None
    lon: float | None = None
    parent: str | None = None
    match_case: bool = False
    country: str | None = None
    pack: str | None = None  # the theatre pack it comes from; None: knowledge of the base
    shared: bool = False  # a pack's entry for an actor the base knows too: the base's names apply everywhere
    pack_keys: frozenset[str] = frozenset()  # name keys of the spellings only the pack gives a shared actor
    lookup_only: bool = False  # confirms a name the model found, never matched on its own
    ambiguous: bool = False  # named like a word or a given name: confirms only what the model calls a place
    local: bool = False  # a town or province of the world data: named so only where its country is in play
    shared_name: str | None = None  # the bare name it shares with a more prominent place ("North-West")


@dataclass(frozen=True)
class Gazetteer:
    """All known actors plus the words that must never become one, with exact and skeleton lookups."""

    entries: tuple[GazetteerEntry, ...]
    non_actors: tuple[str, ...]
    rules: TransliterationRules
    fingerprint: str
    by_id: dict[str, GazetteerEntry] = field(default_factory=dict, compare=False, repr=False)
    by_key: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    by_skeleton: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    non_actor_keys: frozenset[str] = field(default_factory=frozenset, compare=False, repr=False)
    fuzzy_keys: tuple[str, ...] = field(default=(), compare=False, repr=False)
    # name key -> every place of the world data so named (capitals, provinces, towns), in the data's
    # order (the most populous town first): "Tame" is a town of Colombia and of others; which one,
    # the article's country says.
    places_by_key: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def lookup(self, surface: str) -> str | None:
        """The actor id an exact alias (after normalisation) names, else None."""
        key = name_key(surface)
        return self.by_key.get(key) or self.by_key.get(without_al(key))

    def lookup_skeleton(self, surface: str) -> str | None:
        """The actor id whose alias is a transliteration variant of `surface`, else None."""
        key = skeleton(surface, self.rules)
        return self.by_skeleton.get(key) if key else None

    def lookup_fuzzy(self, surface: str, types: frozenset[str], threshold: float) -> tuple[str, float] | None:
        """The actor of the closest alias (rapidfuzz ratio >= threshold) among `types`, with the score.

        Only names of six letters or more: below that one typo is a different word.
        """
        key = name_key(surface)
        if key.startswith("#") or len(key) < 6:
            return None
        for alias_key, score, _ in process.extract(
            key, self.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=threshold, limit=5
        ):
            entry = self.by_id[self.by_key[alias_key]]
            if entry.type in types:
                return entry.actor_id, score
        return None

    def is_non_actor(self, surface: str) -> bool:
        return name_key(surface) in self.non_actor_keys

    @functools.cached_property
    def ruler_forms(self) -> list[tuple[str, str, str, bool]]:
        """(spelling, label, actor id, match_case) of every spelling the ruler matches (`_forms`),
        computed once for the ruler's patterns, the case spellings and the capitalised forms."""
        return _forms(self)


def load_gazetteer(gazetteer_dir: Path, rules: TransliterationRules, *, pack: str | None = None) -> Gazetteer:
    """Read every actors_*.yaml and non_actors.yaml under `gazetteer_dir` (one layer of knowledge).

    Raises ValueError naming the file and entry when an entry breaks the schema.
    """
    entries, non_actors = read_gazetteer_files(Path(gazetteer_dir), pack=pack)
    return build_gazetteer(entries, non_actors, rules)


def read_gazetteer_files(gazetteer_dir: Path, *, pack: str | None = None) -> tuple[list[GazetteerEntry], list[str]]:
    """The entries of every actors_*.yaml under `gazetteer_dir`, and its non_actors.yaml words."""
    entries: list[GazetteerEntry] = []
    for path in sorted(Path(gazetteer_dir).glob("actors_*.yaml")):
        entries.extend(read_entries(path, pack=pack))
    return entries, read_non_actors(Path(gazetteer_dir) / "non_actors.yaml")


def read_non_actors(path: Path) -> list[str]:
    """The words of a non_actors.yaml ([] when there is none)."""
    if not path.exists():
        return []
    document = yaml.load(path.read_bytes(), Loader=_LOADER) or {}
    return [str(item["text"]) for item in document.get("non_actors", [])]


def read_entries(path: Path, *, pack: str | None = None, lookup_only: bool = False) -> list[GazetteerEntry]:
    """The entries of one gazetteer file (libyaml's parser: the world files are large)."""
    return _parse_entries(yaml.load(path.read_bytes(), Loader=_LOADER) or {}, path, pack, lookup_only)


def build_gazetteer(
    entries: Iterable[GazetteerEntry],
    non_actors: Iterable[str],
    rules: TransliterationRules,
    fingerprint: str = "",
) -> Gazetteer:
    """Index entries by exact key and by skeleton; a skeleton two actors share is left out.

    Where two entries claim one spelling, the earlier entry keeps it: callers list the theatre
    packs before the world base, so a pack's reading of a name wins inside the pack.
    """
    entries = tuple(entries)
    by_key: dict[str, str] = {}
    skeleton_ids: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for alias in (entry.name, *entry.aliases):
            by_key.setdefault(name_key(alias), entry.actor_id)
            key = skeleton(alias, rules) if _transliterated(entry) else None
            if key:
                skeleton_ids[key].add(entry.actor_id)
    by_skeleton = {key: next(iter(ids)) for key, ids in skeleton_ids.items() if len(ids) == 1}
    by_id = {entry.actor_id: entry for entry in entries}
    place_ids: dict[str, list[str]] = defaultdict(list)
    world_places = [e for e in entries if e.pack is None and e.type == "place"]
    for entry in world_places:
        for key in dict.fromkeys(map(name_key, (entry.name, *entry.aliases))):
            place_ids[key].append(entry.actor_id)
    for entry in (e for e in world_places if e.shared_name):
        # after every place whose own name it is: "Ziguinchor" alone is the town, then the region
        if entry.actor_id not in place_ids[name_key(entry.shared_name)]:
            place_ids[name_key(entry.shared_name)].append(entry.actor_id)
    return Gazetteer(
        entries=entries,
        non_actors=tuple(non_actors),
        rules=rules,
        fingerprint=fingerprint,
        by_id=by_id,
        by_key=by_key,
        by_skeleton=by_skeleton,
        non_actor_keys=frozenset(name_key(text) for text in non_actors),
        places_by_key={key: tuple(ids) for key, ids in place_ids.items()},
        fuzzy_keys=tuple(
            key
            for key, actor_id in by_key.items()
            if not key.startswith("#") and len(key) >= 6 and _fuzzy_target(by_id[actor_id])
        ),
    )


def _transliterated(entry: GazetteerEntry) -> bool:
    """Whether spellings that share this entry's consonant skeleton name it: a pack's names and
    people, groups and bodies everywhere; not the world's states and places, whose skeletons
    collide with given names ("Filipe" is not the Philippines)."""
    return entry.pack is not None or entry.type not in ("state", "place", "facility")


def _fuzzy_target(entry: GazetteerEntry) -> bool:
    """Approximate spellings link to the actors of the packs and to states: the world's thousands
    of towns and subdivisions are matched exactly, or a typo of one would become another."""
    return entry.pack is not None or entry.type in ("state", "international_org")


def alias_variants(alias: str, *, drop_article: bool = False) -> list[str]:
    """Spellings of one alias that articles use and tokenisation keeps apart.

    Curly and straight apostrophes, no apostrophe, the plural of an acronym (PMU -> PMUs), and,
    for places (`drop_article`), with and without the Arabic article (Al-Qaim, al Qaim, Qaim).
    Other types keep their article: Al-Monitor without it is the English word "monitor".
    """
    base = fold(alias)
    forms = {base}
    if re.search(r"[A-Z][a-z]+-[A-Z]", base):  # "North-West Region" is written "North West region" too
        forms.add(re.sub(r"(?<=[a-z])-(?=[A-Z])", " ", base))
    if "'" in base:
        forms |= {base.replace("'", ch) for ch in APOSTROPHES[:2]} | {base.replace("'", "")}
    for prefix in _AL_FORMS if drop_article else ():
        if base.startswith(prefix) and len(base) > len(prefix) + 2:
            stem = base[len(prefix) :]
            forms |= {stem, *(other + stem for other in _AL_FORMS)}
    if base.isupper() and base.isalpha() and len(base) >= 2:
        forms.add(base + "s")
    return sorted(forms)


def ruler_patterns(gazetteer: Gazetteer) -> list[dict]:
    """EntityRuler phrase patterns for every alias spelling, matched on lower case.

    Phrase patterns keep the ruler fast (one PhraseMatcher pass, whatever the number of
    aliases); the spellings that must match by case are then enforced by `case_spellings`.
    The label is the actor type, the id the actor id; non-actors get the label NON_ACTOR so
    they overwrite the model's guess and are then dropped.
    """
    return [{"label": label, "pattern": form, "id": actor_id} for form, label, actor_id, _ in gazetteer.ruler_forms]


def case_spellings(gazetteer: Gazetteer) -> dict[str, list[str]]:
    """Lower-cased form -> the only spellings in which it names an actor.

    One-word aliases match by case (the town Hit is not the verb hit) in the written, capitalised
    and upper-case form (datelines shout: QAIM, Iraq); acronyms only as written (IS is not "is");
    an entry marked match_case only as written (The Intercept).
    """
    allowed: dict[str, set[str]] = defaultdict(set)
    for form, _, _, match_case in gazetteer.ruler_forms:
        if form.isupper() or (form[:-1].isupper() and form.endswith("s")) or match_case:
            allowed[form.lower()].add(form)
        elif " " not in form and "-" not in form:
            allowed[form.lower()] |= {form, form.upper(), form[:1].upper() + form[1:]}
    return {lower: sorted(spellings) for lower, spellings in allowed.items()}


def capitalised_forms(gazetteer: Gazetteer) -> list[str]:
    """Lower-cased multi-word forms that name an actor only when written with a capital first
    letter: "the west bank of the river" is no West Bank, "the new Syrian army" no New Syrian Army,
    while "Iraqi army" is still the Iraqi Army. Forms some alias writes in lower case are exempt."""
    starts: dict[str, set[bool]] = defaultdict(set)
    for form, _, _, _ in gazetteer.ruler_forms:
        if " " in form or "-" in form:
            starts[form.lower()].add(form[:1].isupper())
    return sorted(lower for lower, upper in starts.items() if upper == {True})


def _forms(gazetteer: Gazetteer) -> list[tuple[str, str, str, bool]]:
    """(spelling, label, actor id, match_case) for every alias variant the ruler matches, and the
    non-actors. A spelling two actors share goes to the earlier entry (a pack before the base).

    One-word names of the world's towns and subdivisions are not matched on their own (Male,
    Victoria, Centre are words and given names too); they confirm and place a name the model
    found (pipeline.entities.candidates), as do entries marked lookup_only.
    """
    forms: list[tuple[str, str, str, bool]] = []
    owner: dict[str, str] = {}
    written = {fold(alias).lower() for entry in gazetteer.entries for alias in (entry.name, *entry.aliases)}
    for entry in gazetteer.entries:
        if entry.lookup_only:
            continue
        for alias in dict.fromkeys((entry.name, *entry.aliases)):
            for form in alias_variants(alias, drop_article=entry.type in _ARTICLE_DROPPING_TYPES):
                if _weak_form(entry, form) or (form.lower() != fold(alias).lower() and form.lower() in written):
                    continue  # a made-up variant ("ISIs", ISI's plural) never takes another's spelling (ISIS)
                if owner.setdefault(form.lower(), entry.actor_id) != entry.actor_id:
                    continue
                forms.append((form, entry.type, entry.actor_id, entry.match_case))
    for text in gazetteer.non_actors:
        forms.extend((form, "NON_ACTOR", "non-actor", False) for form in alias_variants(text))
    return forms


def _weak_form(entry: GazetteerEntry, form: str) -> bool:
    return entry.pack is None and entry.type in ("place", "facility") and " " not in form and "-" not in form


def _parse_entries(document: dict, path: Path, pack: str | None, lookup_only: bool) -> list[GazetteerEntry]:
    if document.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"{path}: schema_version must be {SCHEMA_VERSION}")
    return [
        entry_of(raw, path, index, pack=pack, lookup_only=lookup_only)
        for index, raw in enumerate(document.get("actors") or [])
    ]


def entry_of(
    raw: object, path: Path, index: int, *, pack: str | None = None, lookup_only: bool = False
) -> GazetteerEntry:
    """One checked entry. Raises ValueError naming the file, line and id when it breaks the schema.

    An entry flagged `ambiguous` (a town named like a word or a given name: Victoria, Male) is
    lookup-only and confirms only a name the model itself called a place."""
    if not isinstance(raw, dict):
        raise ValueError(f"{line_of(path, index)}: an entry must be a mapping of keys to values")
    problem = _entry_problem(raw)
    if problem:
        raise ValueError(f"{line_of(path, index)} ({raw.get('id', '?')}): {problem}")
    return GazetteerEntry(
        actor_id=str(raw["id"]),
        name=str(raw["name"]),
        type=str(raw["type"]),
        aliases=tuple(str(alias) for alias in raw.get("aliases") or ()),
        source=str(raw["source"]),
        lat=_float_or_none(raw.get("lat")),
        lon=_float_or_none(raw.get("lon")),
        parent=raw.get("parent"),
        match_case=bool(raw.get("match_case", False)),
        country=raw.get("country"),
        pack=pack,
        lookup_only=lookup_only or bool(raw.get("ambiguous", False)),
        ambiguous=bool(raw.get("ambiguous", False)),
        shared_name=str(raw["shared_name"]) if raw.get("shared_name") else None,
    )


def _entry_problem(raw: dict) -> str | None:
    """What is wrong with one entry of a gazetteer file, if anything."""
    missing = [key for key in ("id", "name", "type", "source") if not raw.get(key)]
    if missing:
        return f"missing {', '.join(missing)}"
    if raw["type"] not in ACTOR_TYPES:
        return f"type {raw['type']!r} is not one of {ACTOR_TYPES}"
    unknown = sorted(set(raw) - ENTRY_KEYS)
    if unknown:
        return f"unknown keys {', '.join(map(str, unknown))} (known: {', '.join(sorted(ENTRY_KEYS))})"
    return None


def _float_or_none(value: object) -> float | None:
    return None if value is None else float(value)
