"""Keep the compiled knowledge between builds: the gazetteer of every pack with its indexes, and the
spaCy ruler's tokenised patterns, as JSON in the build's cache folder (`DATA/.cache/`).

Loading the knowledge reads 41,590 actors from YAML and indexes them (seconds on every build);
building the spaCy pipeline tokenises every spelling for the gazetteer ruler (seconds more). Both
depend only on the knowledge files, the code and (the ruler) the spaCy model, so a build keeps
what they produce in one file each, named by the hash of everything they depend on:

- the knowledge entry, keyed by the pipeline's fingerprint (pipeline.store.pipeline_fingerprint:
  every knowledge file of the base and of the packs loaded, in load order; every file of the
  pipeline's code; the model's name and version) and the packs loaded;
- the ruler entry, keyed by the knowledge entry's key and the installed spaCy's version.

A changed file, pack list, code or model gives another key, hence another file name: an entry of
other knowledge is never read. The analysts' decisions file is not part of the key: the compiled
knowledge never reads it (decisions are applied to the tables after the analysis), so a decision
does not throw the cache away.

The files hold data, never code (no pickle: see pipeline/store/records_codec.py): a JSON header
line (format, key, SHA-256 of the body), then the body, JSON of plain lists, dicts, strings,
numbers and booleans, checked field by field as the objects are rebuilt from it. A file that is
damaged, edited, of another format or of the wrong shape is ignored with a RuntimeWarning naming
it and what is wrong, and the knowledge is compiled again (and the file rewritten). Writing goes
through a temporary file and a rename, so a killed build leaves no half-written entry.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import itertools
import json
import os
import tempfile
import types
import typing
import warnings
from collections.abc import Callable
from pathlib import Path

from pipeline.gazetteer import Gazetteer, GazetteerEntry, Institutions, InstitutionTemplate, Region
from pipeline.names import TransliterationRules

FORMAT = "conflict-news-knowledge-cache/1"
KNOWLEDGE_SUFFIX = ".knowledge"
RULER_SUFFIX = ".ruler"


class CacheEntryError(ValueError):
    """A cache file that is not a valid entry of its key: ignored, and written again."""


def entry_key(*parts: str) -> str:
    """A 64-hex key (the file's name) that changes whenever any part does."""
    digest = hashlib.sha256(FORMAT.encode())
    for part in parts:
        digest.update(b"\x1f" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def spacy_version() -> str:
    try:
        return importlib.metadata.version("spacy")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - spaCy is a requirement
        return "none"


def read_entry(cache_dir: Path, key: str, suffix: str) -> object | None:
    """The body of the entry `key` (plain JSON data), or None when there is none. A file that is
    there but not a valid entry of that key is reported (RuntimeWarning) and None returned."""
    path = Path(cache_dir) / f"{key}{suffix}"
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        _ignored(path, f"it cannot be read ({error})")
        return None
    try:
        return _body(data, key)
    except CacheEntryError as error:
        _ignored(path, str(error))
        return None


def _body(data: bytes, key: str) -> object:
    header_line, newline, body = data.partition(b"\n")
    try:
        header = json.loads(header_line)
    except (ValueError, RecursionError) as error:
        raise CacheEntryError(f"its header is not JSON ({error})") from error
    if not newline or type(header) is not dict or header.get("format") != FORMAT:
        raise CacheEntryError(f"it is not a {FORMAT} file")
    if header.get("key") != key:
        raise CacheEntryError("it names another key than its file name")
    if header.get("sha256") != hashlib.sha256(body).hexdigest():
        raise CacheEntryError("its contents do not match their SHA-256 (damaged or edited)")
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as error:
        raise CacheEntryError(f"its body is not JSON ({error})") from error


def _ignored(path: Path, why: str) -> None:
    warnings.warn(
        f"ignored the knowledge cache file {path}: {why}; the knowledge is compiled again and the file rewritten",
        RuntimeWarning,
        stacklevel=3,
    )


def write_entry(cache_dir: Path, key: str, suffix: str, body: object) -> None:
    """Write the entry atomically (temporary file, then rename) and remove the entries of other keys
    with the same suffix (older knowledge: never read again). A folder that cannot be written is
    reported (RuntimeWarning) and the build goes on without the cache."""
    cache_dir = Path(cache_dir)
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = {"format": FORMAT, "key": key, "sha256": hashlib.sha256(data).hexdigest()}
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(json.dumps(header).encode("ascii") + b"\n" + data)
            os.replace(tmp, cache_dir / f"{key}{suffix}")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in cache_dir.glob(f"*{suffix}"):
            if old.name != f"{key}{suffix}" and len(old.stem) == 64:
                old.unlink(missing_ok=True)
    except OSError as error:
        warnings.warn(f"the knowledge cache was not written in {cache_dir} ({error})", RuntimeWarning, stacklevel=2)


# Checking plain JSON data as it is turned back into objects. Each checker takes the decoded value
# and returns it (or the value of its type hint), or raises CacheEntryError.


def _fail(what: str, value: object) -> typing.NoReturn:
    raise CacheEntryError(f"{what} expected, found {type(value).__name__}: {value!r:.60}")


def check_strs(value: object) -> list[str]:
    """A JSON array of strings."""
    if type(value) is not list or not set(map(type, value)) <= {str}:
        _fail("an array of strings", value)
    return value


def check_str_map(value: object) -> dict[str, str]:
    """A JSON object of strings (JSON's keys are always strings)."""
    if type(value) is not dict or not set(map(type, value.values())) <= {str}:
        _fail("an object of strings", value)
    return value


def check_mapping(value: object, keys: frozenset[str]) -> dict:
    """A JSON object with exactly these keys."""
    if type(value) is not dict or value.keys() != keys:
        _fail(f"an object with the keys {sorted(keys)}", value)
    return value


def check_string_lists(value: list) -> list[list[str]]:
    """Arrays of strings, checked in C (no Python call per array)."""
    if not set(map(type, value)) <= {list} or not set(map(type, itertools.chain.from_iterable(value))) <= {str}:
        _fail("arrays of strings", value)
    return value


def _column_check(hint: object) -> Callable[[list], list]:
    """How to check and convert one column (a JSON array, one value per record) of a field of
    type `hint`. Raises TypeError for a type the cache does not carry, when the module is imported."""
    scalars = {str: {str}, bool: {bool}, int: {int}, float: {float, int}, type(None): {type(None)}}
    options = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
    if all(option in scalars for option in options):
        allowed = set().union(*(scalars[option] for option in options))

        def scalar(column: list) -> list:
            if not set(map(type, column)) <= allowed:
                _fail(f"values of type {hint}", next(v for v in column if type(v) not in allowed))
            return column

        return scalar
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (tuple, frozenset) and args[0] is str and (origin is frozenset or args[1:] == (Ellipsis,)):

        def strings(column: list) -> list:
            return list(map(origin, check_string_lists(column)))

        return strings
    raise TypeError(f"the knowledge cache cannot carry values of type {hint!r}")


def columns_of(cls: type) -> tuple[tuple[str, Callable[[list], list]], ...]:
    """Each field of a frozen dataclass with the check of its column."""
    hints = typing.get_type_hints(cls)
    return tuple((field.name, _column_check(hints[field.name])) for field in dataclasses.fields(cls))


def encode_columns(records: typing.Sequence[object], columns: tuple[tuple[str, Callable], ...]) -> dict[str, list]:
    """Records as one JSON array per field (frozensets sorted, tuples as arrays)."""
    encoded: dict[str, list] = {}
    for name, _ in columns:
        values = [getattr(record, name) for record in records]
        encoded[name] = [sorted(v) if isinstance(v, frozenset) else v for v in values]
    return encoded


def decode_columns(cls: type, columns: tuple[tuple[str, Callable], ...], value: object) -> list:
    """The records of `cls` from their columns, every value checked against its field's type.
    Built without running `__init__` (as pickle does): each is checked here instead."""
    mapping = check_mapping(value, frozenset(name for name, _ in columns))
    checked = [check(mapping[name]) if type(mapping[name]) is list else _fail("an array", mapping[name])
               for name, check in columns]  # fmt: skip
    if len({len(column) for column in checked}) > 1:
        raise CacheEntryError(f"the columns of {cls.__name__} differ in length")
    names = [name for name, _ in columns]
    records = []
    new = object.__new__
    for row in zip(*checked, strict=True):
        record = new(cls)
        record.__dict__.update(zip(names, row, strict=True))
        records.append(record)
    return records


@dataclasses.dataclass(frozen=True)
class CompiledGazetteer:
    """What loading the knowledge compiles from the actors' files (pipeline.knowledge._compile)."""

    gazetteer: Gazetteer
    regions: dict[str, Region]
    institutions: Institutions
    packs: tuple[str, ...]


_ENTRY_COLUMNS = columns_of(GazetteerEntry)
_TEMPLATE_COLUMNS = columns_of(InstitutionTemplate)
_TOP_KEYS = frozenset({"entries", "non_actors", "regions", "institutions", "packs", "index"})
_INDEX_KEYS = frozenset({"by_key", "by_skeleton", "non_actor_keys", "fuzzy_keys", "places_by_key"})
_INSTITUTION_KEYS = frozenset({"templates", "demonyms", "existing_ids", "capitals"})
_REGION_KEYS = frozenset({"countries", "bbox"})


def compiled_to_json(compiled: CompiledGazetteer) -> dict:
    """The compiled knowledge as plain JSON data (compiled_from_json reads it back)."""
    gazetteer, institutions = compiled.gazetteer, compiled.institutions
    return {
        "entries": encode_columns(gazetteer.entries, _ENTRY_COLUMNS),
        "non_actors": list(gazetteer.non_actors),
        "regions": {
            name: {"countries": sorted(region.countries), "bbox": list(region.bbox)}
            for name, region in compiled.regions.items()
        },
        "institutions": {
            "templates": encode_columns(institutions.templates, _TEMPLATE_COLUMNS),
            "demonyms": institutions.demonyms,
            "existing_ids": institutions.existing_ids,
            "capitals": institutions.capitals,
        },
        "packs": list(compiled.packs),
        "index": {
            "by_key": gazetteer.by_key,
            "by_skeleton": gazetteer.by_skeleton,
            "non_actor_keys": sorted(gazetteer.non_actor_keys),
            "fuzzy_keys": list(gazetteer.fuzzy_keys),
            "places_by_key": {key: list(ids) for key, ids in gazetteer.places_by_key.items()},
        },
    }


def compiled_from_json(body: object, rules: TransliterationRules) -> CompiledGazetteer | None:
    """The compiled knowledge from an entry's body, every value checked; None (with a
    RuntimeWarning) when the body is not of that shape. `rules`: the transliteration rules of
    names.yaml, which the key covers."""
    try:
        return _compiled(body, rules)
    except CacheEntryError as error:
        warnings.warn(
            f"ignored the knowledge cache entry: {error}; the knowledge is compiled again", RuntimeWarning, stacklevel=2
        )
        return None


def _compiled(body: object, rules: TransliterationRules) -> CompiledGazetteer:
    top = check_mapping(body, _TOP_KEYS)
    entries = tuple(decode_columns(GazetteerEntry, _ENTRY_COLUMNS, top["entries"]))
    by_id = {entry.actor_id: entry for entry in entries}
    if len(by_id) != len(entries):
        raise CacheEntryError("two entries share an id")
    index = check_mapping(top["index"], _INDEX_KEYS)
    by_key, by_skeleton = check_str_map(index["by_key"]), check_str_map(index["by_skeleton"])
    places = index["places_by_key"]
    if type(places) is not dict:
        _fail("an object", places)
    places_by_key = dict(zip(places, map(tuple, check_string_lists(list(places.values()))), strict=True))
    named = {*by_key.values(), *by_skeleton.values(), *(i for ids in places_by_key.values() for i in ids)}
    if not named <= by_id.keys():
        raise CacheEntryError(f"the indexes name actors that no entry defines: {sorted(named - by_id.keys())[:3]}")
    fuzzy_keys = tuple(check_strs(index["fuzzy_keys"]))
    if not set(fuzzy_keys) <= by_key.keys():
        raise CacheEntryError("the fuzzy keys are not keys of the exact index")
    gazetteer = Gazetteer(
        entries=entries,
        non_actors=tuple(check_strs(top["non_actors"])),
        rules=rules,
        fingerprint="",
        by_id=by_id,
        by_key=by_key,
        by_skeleton=by_skeleton,
        non_actor_keys=frozenset(check_strs(index["non_actor_keys"])),
        fuzzy_keys=fuzzy_keys,
        places_by_key=places_by_key,
    )
    raw = check_mapping(top["institutions"], _INSTITUTION_KEYS)
    institutions = Institutions(
        templates=tuple(decode_columns(InstitutionTemplate, _TEMPLATE_COLUMNS, raw["templates"])),
        demonyms=check_str_map(raw["demonyms"]),
        existing_ids=check_str_map(raw["existing_ids"]),
        capitals=check_str_map(raw["capitals"]),
    )
    regions = top["regions"]
    if type(regions) is not dict:
        _fail("an object", regions)
    return CompiledGazetteer(
        gazetteer=gazetteer,
        regions={name: _region(name, value) for name, value in regions.items()},
        institutions=institutions,
        packs=tuple(check_strs(top["packs"])),
    )


def _region(name: str, value: object) -> Region:
    raw = check_mapping(value, _REGION_KEYS)
    bbox = raw["bbox"]
    if type(bbox) is not list or len(bbox) != 4 or not set(map(type, bbox)) <= {float, int}:
        _fail("a bbox of four numbers", bbox)
    return Region(name, frozenset(check_strs(raw["countries"])), tuple(float(v) for v in bbox))  # type: ignore[arg-type]
