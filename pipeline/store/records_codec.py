"""Turn the pipeline's frozen record dataclasses into JSON bytes and back, so a cache file holds data, never code.

Why not pickle: loading a pickle runs whatever the file tells it to, so anyone who can write one
file under `DATA/.cache/` could run code at the next build. Loading JSON through this codec can
only build None, bools, numbers, strings, dates, tuples, lists and instances of the record
classes it was given (the allowlist), with field values checked against the fields' type hints.

The encoding is generic, driven by `dataclasses.fields` and the fields' type hints, not written
per class:

- None, bool, int, float and str stay as they are in JSON;
- a record is `{"$": "ClassName", "field": value, ...}`, one key per field;
- a date is `{"$date": "YYYY-MM-DD"}`;
- a tuple or a list is a JSON array; the type hint of its field (or the kind asked of `decode`)
  says which, so frozen records get their tuples back and keep hashing.

Decoding checks every record against its class as it is built: the tag must name an allowed
class, the keys must be exactly its fields and each value must match the field's type hint.
Anything else raises `RecordCodecError`, which callers treat as "no entry" (the cache recomputes).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import types
import typing
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

RECORD_TAG = "$"
DATE_TAG = "$date"
_DATE_KEYS = {DATE_TAG}
_SCALARS = (int, float, str, bool, type(None), datetime.date)

Fix = Callable[[object], object]  # a decoded JSON value -> the value of a type hint, or RecordCodecError


class RecordCodecError(ValueError):
    """Bytes that are not a valid encoding of the expected value: treat the entry as absent."""


@dataclass(frozen=True)
class _Plan:
    """How to take a value of one type hint from decoded JSON.

    `types` is set when the JSON value needs no conversion, only a type check (scalars, dates,
    records: the object hook has built those already); `fix` converts and checks any value.
    """

    types: frozenset[type] | None
    fix: Fix


@dataclass(frozen=True)
class _RecordSpec:
    """One allowed class: its tag, its keys in JSON, and how to check or convert each field."""

    cls: type
    tag: str
    build: Callable[[dict], object]
    names: tuple[str, ...]
    keys: frozenset[str]
    checked_names: tuple[str, ...]
    checked_types: tuple[frozenset[type], ...]
    converted: tuple[tuple[str, Fix], ...]


class RecordCodec:
    """Encode and decode values made of the given record classes (the allowlist) and plain data.

    Raises TypeError when a class is not a dataclass or has a field whose type the codec cannot
    carry or check (a record class outside the allowlist, a dict, a set): found when the codec is
    built, not when an entry fails to load.
    """

    def __init__(self, classes: Iterable[type]):
        classes = tuple(classes)
        if len({cls.__name__ for cls in classes}) != len(classes):
            raise TypeError(f"record classes need distinct names for their tags: {sorted(c.__name__ for c in classes)}")
        allowed = frozenset(classes)
        self._by_class = {cls: _spec_of(cls, allowed) for cls in classes}
        self._by_tag = {spec.tag: spec for spec in self._by_class.values()}
        self._plans: dict[object, _Plan] = {}

    def encode(self, value: object) -> bytes:
        """The value as compact JSON (ASCII: non-ASCII escaped, so lone surrogates survive too).

        Raises TypeError for a value of a type the codec does not carry.
        """
        return json.dumps(value, default=self._encode_object, separators=(",", ":")).encode("ascii")

    def decode(self, data: bytes, expected: object) -> object:
        """The value encoded in `data`, as `expected` (a record class, or a hint such as
        `tuple[DocumentRecord, list[Problem]]`). Raises RecordCodecError for anything else, and
        TypeError for an `expected` the codec cannot check (a bare `tuple`, say)."""
        fix = self._plan_of(expected).fix
        try:
            return fix(json.loads(data.decode("utf-8"), object_hook=self._decode_object))
        except RecordCodecError:
            raise
        except (ValueError, TypeError, RecursionError) as error:  # malformed JSON, absurd nesting
            raise RecordCodecError(f"not a cache entry: {type(error).__name__}: {error}") from error

    def _plan_of(self, hint: object) -> _Plan:
        if hint not in self._plans:
            self._plans[hint] = _plan_of(hint, self._by_class)
        return self._plans[hint]

    def _encode_object(self, value: object) -> dict:
        """json.dumps' hook for what JSON has no type for: records and dates."""
        kind = type(value)
        spec = self._by_class.get(kind)
        if spec is not None:
            encoded = {RECORD_TAG: spec.tag}
            for name in spec.names:
                encoded[name] = getattr(value, name)
            return encoded
        if kind is datetime.date:
            return {DATE_TAG: value.isoformat()}
        raise TypeError(f"the record codec cannot encode a {kind.__qualname__}: {value!r:.80}")

    def _decode_object(self, node: dict) -> object:
        """json.loads' hook, called for every JSON object once its values are decoded."""
        tag = node.pop(RECORD_TAG, None)
        if tag is None:
            if node.keys() == _DATE_KEYS:
                return _date_of(node[DATE_TAG])
            raise RecordCodecError(f"unknown object in cache entry, keys {sorted(node)[:5]}")
        spec = self._by_tag.get(tag) if type(tag) is str else None
        if spec is None:
            raise RecordCodecError(f"cache entry names a class outside the allowlist: {tag!r:.80}")
        if node.keys() != spec.keys:
            raise RecordCodecError(f"{spec.tag} entry has fields {sorted(node)[:20]}, expected {list(spec.names)}")
        # All in C (map, no Python frame per field): this check runs for every field of every record.
        kinds = map(type, map(node.__getitem__, spec.checked_names))
        if not all(map(frozenset.__contains__, spec.checked_types, kinds)):
            raise RecordCodecError(_type_error(spec, node))
        for name, fix in spec.converted:
            node[name] = fix(node[name])
        return spec.build(node)


def _spec_of(cls: type, allowed: frozenset[type]) -> _RecordSpec:
    """Tag, fields and their plans for an allowed class; TypeError for one the codec cannot carry."""
    if not dataclasses.is_dataclass(cls) or not isinstance(cls, type):
        raise TypeError(f"{cls!r} is not a dataclass; the record codec carries dataclasses only")
    fields = dataclasses.fields(cls)
    if not all(field.init for field in fields):
        raise TypeError(f"{cls.__name__} has init=False fields; the record codec rebuilds records from their fields")
    hints = typing.get_type_hints(cls)
    try:
        plans = {field.name: _plan_of(hints[field.name], allowed) for field in fields}
    except TypeError as error:
        raise TypeError(f"{cls.__name__}: {error}") from error
    return _RecordSpec(
        cls,
        cls.__name__,
        _builder_of(cls),
        tuple(plans),
        frozenset(plans),
        tuple(name for name, plan in plans.items() if plan.types is not None),
        tuple(plan.types for plan in plans.values() if plan.types is not None),
        tuple((name, plan.fix) for name, plan in plans.items() if plan.types is None),
    )


def _type_error(spec: _RecordSpec, node: dict) -> str:
    """Which field of a record holds a value of the wrong type."""
    for name, allowed in zip(spec.checked_names, spec.checked_types, strict=True):
        if type(node[name]) not in allowed:
            return f"{spec.tag}.{name} holds {type(node[name]).__name__}: {node[name]!r:.80}"
    return f"{spec.tag}: a field of the wrong type"


def _builder_of(cls: type) -> Callable[[dict], object]:
    """The record from its checked fields. Like pickle, without running `__init__`: a frozen
    dataclass sets each field through object.__setattr__, which made up a third of a load. A class
    whose construction does more (`__post_init__`) or that keeps no `__dict__` (slots) goes
    through its constructor."""
    if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        return lambda fields: cls(**fields)

    def build(fields: dict) -> object:
        record = object.__new__(cls)
        record.__dict__.update(fields)
        return record

    return build


def _plan_of(hint: object, records: Collection[type]) -> _Plan:
    """How to take a value of `hint` from decoded JSON. Decoded values have exact types (a JSON true
    is no int; a date is no datetime), so the checks compare types, not isinstance."""
    if hint is None:
        hint = type(None)
    if hint in _SCALARS or hint in records:
        # An int where a float is declared is PEP 484's numeric tower; JSON keeps it an int.
        return _checked(frozenset({float, int}) if hint is float else frozenset({hint}))
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return _union([_plan_of(arg, records) for arg in args])
    if origin is list or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
        return _Plan(None, _sequence(origin, _plan_of(args[0], records)))
    if origin is tuple and args and Ellipsis not in args:
        return _Plan(None, _fixed_tuple(tuple(_plan_of(arg, records) for arg in args)))
    if dataclasses.is_dataclass(hint):
        raise TypeError(f"record class {hint.__name__} is not in the codec's allowlist")
    raise TypeError(f"the record codec cannot carry values of type {hint!r}")


def _checked(allowed: frozenset[type]) -> _Plan:
    def fix(value: object) -> object:
        if type(value) not in allowed:
            names = sorted(t.__name__ for t in allowed)
            raise RecordCodecError(f"cache entry holds {type(value).__name__} where {names} belong")
        return value

    return _Plan(allowed, fix)


def _union(options: list[_Plan]) -> _Plan:
    """`A | B`: type checks merge; a union with a container tries each option in turn."""
    if all(option.types is not None for option in options):
        return _checked(frozenset().union(*(option.types for option in options)))

    def fix(value: object) -> object:
        for option in options:
            try:
                return option.fix(value)
            except RecordCodecError:
                continue
        raise RecordCodecError(f"cache entry holds {type(value).__name__}, which no option of a union takes")

    return _Plan(None, fix)


def _sequence(origin: type, item: _Plan) -> Fix:
    """tuple[X, ...] or list[X] from a JSON array: every item an X."""

    def fix(value: object) -> object:
        if type(value) is not list:
            raise RecordCodecError(f"cache entry holds {type(value).__name__} where an array belongs")
        if item.types is None:
            value = [item.fix(v) for v in value]
        elif not set(map(type, value)) <= item.types:
            raise RecordCodecError(f"array items not all {sorted(t.__name__ for t in item.types)}")
        return tuple(value) if origin is tuple else value

    return fix


def _fixed_tuple(items: tuple[_Plan, ...]) -> Fix:
    """tuple[A, B] from a JSON array: exactly an A then a B."""

    def fix(value: object) -> object:
        if type(value) is not list or len(value) != len(items):
            raise RecordCodecError(f"cache entry holds {type(value).__name__} where a {len(items)}-tuple belongs")
        return tuple([plan.fix(v) for plan, v in zip(items, value, strict=True)])

    return fix


def _date_of(text: object) -> datetime.date:
    """A date written as YYYY-MM-DD, and only that (fromisoformat takes other forms too)."""
    value = _parsed_date(text) if type(text) is str else None
    if value is None:
        raise RecordCodecError(f"not a YYYY-MM-DD date in cache entry: {text!r:.80}")
    return value


@functools.lru_cache(maxsize=4096)  # an article repeats its few dates (its publication date on every mention)
def _parsed_date(text: str) -> datetime.date | None:
    try:
        value = datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return value if value.isoformat() == text else None
