"""The analysts' decisions file: read, record and undo decisions, under a lock so none is lost."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from filelock import FileLock

from pipeline.schema import ACTOR_TYPES
from pipeline.store import write_text_atomic

SCHEMA_VERSION = 1
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
}


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


class CurationError(ValueError):
    """A decision that cannot be recorded: unknown kind, missing field, bad value."""


def read_decisions(path: Path) -> list[Decision]:
    """Every decision in the file, in the order they were made; [] when there is no file.

    Raises CurationError naming the file and entry when one breaks the schema.
    """
    path = Path(path)
    if not path.exists():
        return []
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if document.get("schema_version") != SCHEMA_VERSION:
        raise CurationError(f"{path}: schema_version must be {SCHEMA_VERSION}")
    return [_parse(raw, f"{path} entry {index}") for index, raw in enumerate(document.get("decisions") or [])]


def record_decision(path: Path, kind: str, *, by: str, note: str = "", **fields) -> Decision:
    """Append one decision under a file lock, so two analysts deciding at once both keep theirs."""
    decision = new_decision(kind, by=by, note=note, **fields)
    with FileLock(str(path) + ".lock", timeout=30):
        _write(path, [*read_decisions(path), decision])
    return decision


def undo_decision(path: Path, decision_id: str, *, by: str, note: str = "") -> Decision:
    """Mark a decision undone (it stays in the history). Raises CurationError for an unknown id."""
    with FileLock(str(path) + ".lock", timeout=30):
        decisions = read_decisions(path)
        if decision_id not in {d.id for d in decisions}:
            raise CurationError(f"no decision {decision_id!r} in {path}")
        stamp = {"by": _required_name(by), "at": _now(), "note": note}
        decisions = [_undone(d, stamp) if d.id == decision_id else d for d in decisions]
        _write(path, decisions)
    return next(d for d in decisions if d.id == decision_id)


def new_decision(kind: str, *, by: str, note: str = "", **fields) -> Decision:
    """A validated decision with a fresh id and the current time."""
    stamp = datetime.datetime.now(datetime.UTC)
    decision_id = f"{stamp:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    raw = {"id": decision_id, "kind": kind, "by": _required_name(by), "at": _now(), "note": note, **fields}
    return _parse(raw, f"new {kind} decision")


def _parse(raw: dict, where: str) -> Decision:
    if not isinstance(raw, dict):
        raise CurationError(f"{where}: expected a mapping")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise CurationError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
    missing = [key for key in ("id", "by", "at", *KINDS[kind]) if raw.get(key) in (None, "", [])]
    if missing:
        raise CurationError(f"{where}: {kind} needs {', '.join(missing)}")
    fields = {key: raw[key] for key in KINDS[kind]}
    optional = {key: raw[key] for key in ("type", "lat", "lon") if key in raw and key not in fields}
    if (fields.get("type") or optional.get("type")) not in (None, *ACTOR_TYPES):
        raise CurationError(f"{where}: type {fields.get('type') or optional.get('type')!r} is not one of {ACTOR_TYPES}")
    if kind == "add_actor" and not isinstance(fields["aliases"], list):
        raise CurationError(f"{where}: aliases must be a list")
    if kind == "merge" and fields["actor"] == fields["into"]:
        raise CurationError(f"{where}: an actor cannot be merged into itself ({fields['actor']})")
    return Decision(
        id=str(raw["id"]),
        kind=kind,
        by=str(raw["by"]),
        at=str(raw["at"]),
        note=str(raw.get("note") or ""),
        fields={**fields, **optional},
        undone=raw.get("undone"),
    )


def _write(path: Path, decisions: list[Decision]) -> None:
    entries = []
    for d in decisions:
        entry = {"id": d.id, "kind": d.kind, **d.fields, "by": d.by, "at": d.at, "note": d.note}
        if d.undone:
            entry["undone"] = d.undone
        entries.append(entry)
    header = (
        "# Analysts' decisions, applied in this order to every build (python -m pipeline build).\n"
        "# Written by the dashboard's Curation view; readable and diff-friendly by design.\n"
    )
    body = yaml.safe_dump({"schema_version": SCHEMA_VERSION, "decisions": entries}, sort_keys=False, allow_unicode=True)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(Path(path), header + body)


def _undone(decision: Decision, stamp: dict) -> Decision:
    return Decision(decision.id, decision.kind, decision.by, decision.at, decision.note, decision.fields, stamp)


def _required_name(by: str) -> str:
    if not str(by or "").strip():
        raise CurationError("a decision needs the analyst's name ('by')")
    return str(by).strip()


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
