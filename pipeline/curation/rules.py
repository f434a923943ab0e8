"""One analyst decision: its kinds and fields, and the rules every entry of the decisions file keeps.

An entry is checked field by field: kinds and keys known, names and ids one line of at most
MAX_TEXT characters, a type of the contract, coordinates numbers in range, at most MAX_ALIASES
spellings, each a name (no empty or one-character alias: an empty one matched everywhere); an event
edit changes at least one thing, to an event type and sub-type pair of the contract, a date
(YYYY-MM-DD) of a known granularity, a number of dead that is a whole number, 0 or more. A
CurationError says what is wrong; the reader names the file and line.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.curation.reader import CurationError
from pipeline.schema import ACTOR_TYPES, EVENT_TYPES, GRANULARITIES

# kind -> the fields a decision of that kind needs (besides id, kind, by, at, note).
KINDS: dict[str, tuple[str, ...]] = {
    "merge": ("actor", "into"),
    "split": ("actor", "alias", "name"),
    "rename": ("actor", "name"),
    "retype": ("actor", "type"),
    "locate": ("actor", "lat", "lon"),
    "reject_actor": ("actor",),
    "reject_mention": ("mention",),
    "accept_mention": ("mention",),
    "add_actor": ("name", "type", "aliases"),
    "reject_event": ("event",),
    "accept_event": ("event",),
    "edit_event": ("event",),
    "merge_event": ("event", "into"),
    "split_event": ("event",),
}
# kind -> what the analyst picks it by, in the order of the dashboard's menu (accept_mention and
# accept_event are the review queue's buttons, not picked)
KIND_LABELS: dict[str, str] = {
    "merge": "Merge two actors",
    "split": "Split an alias off into its own actor",
    "rename": "Rename an actor",
    "retype": "Change an actor's type",
    "locate": "Set a place's coordinates",
    "reject_actor": "Reject a false actor",
    "reject_mention": "Reject one false mention",
    "add_actor": "Add an actor the pipeline missed",
    "edit_event": "Correct an event (type, actors, place, date, fatalities)",
    "reject_event": "Reject a false event",
    "merge_event": "Merge two reports into one real-world event",
    "split_event": "Split an event out of its cluster",
}
OPTIONAL = ("type", "lat", "lon")  # a split's new type, an added actor's place
# kind -> what a decision of that kind may change, at least one; a null clears a value (no initiator).
EDITS: dict[str, tuple[str, ...]] = {
    "edit_event": (
        "event_type", "sub_event_type", "actor1", "actor2", "place", "date", "date_granularity", "fatalities",
    ),
}  # fmt: skip
EVENT_KINDS = frozenset(kind for kind, needed in KINDS.items() if "event" in needed)
MAX_FATALITIES = 10_000_000  # more is a typing slip, not a count
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
STAMP = ("id", "kind", "by", "at", "note", "undone")
MAX_TEXT = 300  # characters in an id, a name, an alias or an analyst's name
MAX_NOTE = 5_000
MAX_ALIASES = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # no line break or control character but in a note


@dataclass(frozen=True)
class Decision:
    """One analyst decision as stored in the curation file."""

    id: str
    kind: str
    by: str
    at: str
    note: str = ""
    fields: dict = field(default_factory=dict)
    undone: dict | None = None

    def describe(self) -> str:
        details = ", ".join(f"{key}={value}" for key, value in self.fields.items())
        return f"{self.kind} ({details})"


def entry_of(decision: Decision) -> dict:
    """A decision as the file holds it."""
    entry = {"id": decision.id, "kind": decision.kind, **decision.fields, "by": decision.by, "at": decision.at}
    entry["note"] = decision.note
    return {**entry, "undone": decision.undone} if decision.undone else entry


def parse_entry(raw: object) -> Decision:
    """One entry of the file as a Decision. Raises CurationError saying what is wrong with it."""
    if not isinstance(raw, dict):
        raise CurationError("expected a mapping of fields (id, kind, by, at, ...)")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise CurationError(f"kind {shown(kind)} is not one of {', '.join(sorted(KINDS))}")
    unknown = [str(key)[:60] for key in raw if key not in {*STAMP, *KINDS[kind], *_optional(kind)}]
    if unknown:
        keys = ", ".join(unknown[:5]) + (", ..." if len(unknown) > 5 else "")
        known = ", ".join(KINDS[kind] + EDITS.get(kind, ()))
        raise CurationError(f"unknown key {keys} (a {kind} decision has {known})")
    missing = [key for key in ("id", "by", "at", *KINDS[kind]) if raw.get(key) in (None, "", [])]
    if missing:
        raise CurationError(f"{kind} needs {', '.join(missing)}")
    fields = {key: _CHECKS[key](raw[key], key) for key in KINDS[kind]}
    if kind in EVENT_KINDS:  # an edit's null is kept: it clears the value
        fields.update({key: _CHECKS[key](raw[key], key) for key in EDITS.get(kind, ()) if key in raw})
    else:
        fields.update(
            {key: _CHECKS[key](raw[key], key) for key in OPTIONAL if raw.get(key) is not None and key not in fields}
        )
    _check_kind(kind, fields)
    return Decision(
        id=text_field(raw["id"], "id", MAX_TEXT),
        kind=kind,
        by=text_field(raw["by"], "by", MAX_TEXT),
        at=text_field(raw["at"], "at", MAX_TEXT),
        note=text_field(raw.get("note") or "", "note", MAX_NOTE, blank=True),
        fields=fields,
        undone=_undone(raw.get("undone")),
    )


def _optional(kind: str) -> tuple[str, ...]:
    """The keys a decision of `kind` may carry besides those it needs."""
    return EDITS.get(kind, ()) if kind in EVENT_KINDS else OPTIONAL


def _check_kind(kind: str, fields: dict) -> None:
    if kind == "merge" and fields["actor"] == fields["into"]:
        raise CurationError(f"an actor cannot be merged into itself ({fields['actor']})")
    if kind == "merge_event" and fields["event"] == fields["into"]:
        raise CurationError(f"an event cannot be merged into itself ({fields['event']})")
    if kind == "edit_event":
        _check_edit(fields)
    if kind in ("split", "add_actor") and not any(char.isalnum() for char in fields["name"]):
        raise CurationError(f"the name {shown(fields['name'])} has no letter or digit")
    if kind == "add_actor" and ("lat" in fields) != ("lon" in fields):
        raise CurationError("a place needs both lat and lon, or neither")


def _check_edit(fields: dict) -> None:
    """An event edit: something to change, a type and sub-type that go together, a granularity with a date."""
    if len(fields) == 1:
        raise CurationError(f"edit_event needs at least one of {', '.join(EDITS['edit_event'])}")
    if ("event_type" in fields) != ("sub_event_type" in fields):
        raise CurationError("event_type and sub_event_type are changed together")
    if "event_type" in fields and fields["sub_event_type"] not in EVENT_TYPES[fields["event_type"]]:
        raise CurationError(
            f"sub_event_type {shown(fields['sub_event_type'])} is not a sub-type of {fields['event_type']} "
            f"({', '.join(EVENT_TYPES[fields['event_type']])})"
        )
    if "date_granularity" in fields and fields.get("date") is None:
        raise CurationError("date_granularity goes with a date")


def text_field(value: object, key: str, limit: int, *, blank: bool = False) -> str:
    """Text of at most `limit` characters (a number is taken as text); one line unless a note."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise CurationError(f"{key} must be text, not {kind_of(value)}")
    text = str(value).strip()
    if not text and not blank:
        raise CurationError(f"{key} is empty")
    if len(text) > limit:
        raise CurationError(f"{key} is {len(text):,} characters long (at most {limit:,})")
    if key != "note" and _CONTROL.search(text):
        raise CurationError(f"{key} {shown(text)} holds a line break or control character")
    return text


def _alias(value: object, key: str) -> str:
    text = text_field(value, key, MAX_TEXT)
    if len(text) < 2 or not any(char.isalnum() for char in text):
        raise CurationError(f"{key} {shown(text)} is no name (two characters at least, a letter or digit among them)")
    return text


def _aliases(value: object, key: str) -> list[str]:
    if not isinstance(value, list):
        raise CurationError(f"{key} must be a list of spellings, not {kind_of(value)}")
    if len(value) > MAX_ALIASES:
        raise CurationError(f"{key} holds {len(value):,} spellings (at most {MAX_ALIASES})")
    return list(dict.fromkeys(_alias(alias, f"the spelling {index + 1}") for index, alias in enumerate(value)))


def _actor_type(value: object, key: str) -> str:
    if not isinstance(value, str) or value not in ACTOR_TYPES:
        raise CurationError(f"{key} {shown(value)} is not one of {', '.join(ACTOR_TYPES)}")
    return value


def _coordinate(limit: float) -> Callable[[object, str], float]:
    def check(value: object, key: str) -> float:
        try:
            number = float(value) if not isinstance(value, bool) else math.nan
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            raise CurationError(f"{key} {shown(value)} is not a number")
        if not -limit <= number <= limit:
            raise CurationError(f"{key} {number:g} is out of range (-{limit:g} to {limit:g})")
        return number

    return check


def _nullable(check: Callable[[object, str], object]) -> Callable[[object, str], object]:
    """`check`, letting a null through (an edit that clears the value)."""
    return lambda value, key: None if value is None else check(value, key)


def _event_type(value: object, key: str) -> str:
    if not isinstance(value, str) or value not in EVENT_TYPES:
        raise CurationError(f"{key} {shown(value)} is not one of {', '.join(EVENT_TYPES)}")
    return value


def _sub_event_type(value: object, key: str) -> str:
    if not isinstance(value, str) or not any(value in subs for subs in EVENT_TYPES.values()):
        raise CurationError(f"{key} {shown(value)} is not a sub-event type of the contract")
    return value


def _date(value: object, key: str) -> str:
    """A day as YYYY-MM-DD text (a date given by a program is written so)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise CurationError(f"{key} {shown(value)} is not a date (YYYY-MM-DD)")


def _granularity(value: object, key: str) -> str:
    if not isinstance(value, str) or value not in GRANULARITIES:
        raise CurationError(f"{key} {shown(value)} is not one of {', '.join(GRANULARITIES)}")
    return value


def _fatalities(value: object, key: str) -> int:
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else math.nan
    if not (math.isfinite(number) and float(number).is_integer() and 0 <= number <= MAX_FATALITIES):
        raise CurationError(f"{key} {shown(value)} is not a number of dead (a whole number, 0 to {MAX_FATALITIES:,})")
    return int(number)


def _undone(value: object) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"by", "at", "note"}:
        raise CurationError("undone must be a mapping of by, at and note")
    return {
        "by": text_field(value.get("by"), "undone.by", MAX_TEXT),
        "at": text_field(value.get("at"), "undone.at", MAX_TEXT),
        "note": text_field(value.get("note") or "", "note", MAX_NOTE, blank=True),
    }


_CHECKS: dict[str, Callable[[object, str], object]] = {
    "actor": lambda value, key: text_field(value, key, MAX_TEXT),
    "into": lambda value, key: text_field(value, key, MAX_TEXT),
    "mention": lambda value, key: text_field(value, key, MAX_TEXT),
    "name": lambda value, key: text_field(value, key, MAX_TEXT),
    "alias": _alias,
    "aliases": _aliases,
    "type": _actor_type,
    "lat": _coordinate(90.0),
    "lon": _coordinate(180.0),
    "event": lambda value, key: text_field(value, key, MAX_TEXT),
    "event_type": _event_type,
    "sub_event_type": _sub_event_type,
    "actor1": _nullable(lambda value, key: text_field(value, key, MAX_TEXT)),
    "actor2": _nullable(lambda value, key: text_field(value, key, MAX_TEXT)),
    "place": _nullable(lambda value, key: text_field(value, key, MAX_TEXT)),
    "date": _nullable(_date),
    "date_granularity": _granularity,
    "fatalities": _nullable(_fatalities),
}


def id_of(raw: object) -> str:
    value = raw.get("id") if isinstance(raw, dict) else None
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else "(no id)"


def shown(value: object) -> str:
    """A value for a message: short, whatever it is."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def kind_of(value: object) -> str:
    return {dict: "a mapping", list: "a list", type(None): "empty"}.get(type(value), type(value).__name__)
