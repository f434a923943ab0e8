"""Analysts' corrections: decisions kept in a YAML file and applied to every build, in order."""

from __future__ import annotations

import bisect
import datetime
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from filelock import FileLock

from pipeline.names import name_key, slugify
from pipeline.schema import ACTOR_TYPES
from pipeline.sources import Problem
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
CURATED = "curation"


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


def apply_decisions(
    tables: dict[str, pd.DataFrame], decisions: Iterable[Decision]
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The tables as the analysts corrected them, and a problem for every decision that no longer
    applies (its actor or mention vanished). Pure, deterministic and idempotent: the same
    uncurated tables and decisions always give the same result."""
    state = _State({name: frame.copy() for name, frame in tables.items()})
    problems = []
    for decision in decisions:
        if decision.undone:
            continue
        reason = _APPLY[decision.kind](state, decision)
        if reason:
            problems.append(
                Problem(CURATED, f"decision {decision.id} {decision.describe()} no longer applies: {reason}", "warning")
            )
    return state.finish(), problems


def review_queue(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Mentions the pipeline is least sure of, least sure first: model-only and fuzzy links,
    surnames resolved by coreference, and actors seen once. Accepted mentions leave the queue."""
    mentions = tables["mentions"]
    seen_once = set(tables["actors"].loc[tables["actors"]["n_mentions"] == 1, "actor_id"])
    reasons = pd.Series("", index=mentions.index)
    reasons = reasons.mask(mentions["actor_id"].isin(seen_once), "actor seen once")
    for method, reason in (
        ("coreference", "surname resolved by coreference"),
        ("ner", "found by the model only"),
        ("fuzzy", "fuzzy link"),
    ):
        reasons = reasons.mask(mentions["method"] == method, reason)
    queue = mentions.assign(reason=reasons)
    queue = queue[(queue["reason"] != "") & ~queue["reviewed"].astype(bool)]
    return queue.sort_values(["score", "doc_id", "start"], kind="stable").reset_index(drop=True)


class _State:
    """The tables being corrected; every step reads and writes them here."""

    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.tables = tables
        self.tables["mentions"]["reviewed"] = self.tables["mentions"]["reviewed"].astype(bool)

    @property
    def actors(self) -> pd.DataFrame:
        return self.tables["actors"]

    @property
    def mentions(self) -> pd.DataFrame:
        return self.tables["mentions"]

    def has_actor(self, actor_id: str) -> bool:
        return bool((self.actors["actor_id"] == actor_id).any())

    def set_actor(self, actor_id: str, **values) -> None:
        rows = self.actors["actor_id"] == actor_id
        for column, value in values.items():
            self.actors.loc[rows, column] = value

    def drop_actor(self, actor_id: str) -> None:
        """Gone at once, so that a later decision about it is reported as no longer applying."""
        self.tables["actors"] = self.actors[self.actors["actor_id"] != actor_id]

    def relink(self, rows: pd.Series, actor_id: str) -> None:
        self.mentions.loc[rows, "actor_id"] = actor_id
        self.mentions.loc[rows, "method"] = CURATED

    def finish(self) -> dict[str, pd.DataFrame]:
        """Counts and aliases as the corrected mentions say."""
        mentions, actors = self.mentions, self.actors
        counts = mentions.groupby("actor_id").agg(n_mentions=("mention_id", "size"), n_docs=("doc_id", "nunique"))
        seen = mentions.groupby("actor_id")["surface"].agg(lambda s: sorted(set(s)))
        actors = actors[actors["actor_id"].isin(counts.index)].copy()
        actors["n_mentions"] = actors["actor_id"].map(counts["n_mentions"]).astype("int64")
        actors["n_docs"] = actors["actor_id"].map(counts["n_docs"]).astype("int64")
        actors["aliases"] = [
            sorted(set(a) | set(seen.get(i, []))) for i, a in zip(actors["actor_id"], actors["aliases"], strict=True)
        ]
        known = set(actors["actor_id"])
        quotes = self.tables["quotes"]
        quotes.loc[~quotes["speaker_id"].isin(known), "speaker_id"] = None
        return {**self.tables, "actors": actors.reset_index(drop=True), "mentions": mentions.reset_index(drop=True)}


def _merge(state: _State, d: Decision) -> str | None:
    source, target = d.fields["actor"], d.fields["into"]
    missing = [a for a in (source, target) if not state.has_actor(a)]
    if missing:
        return f"actor {', '.join(missing)} not found"
    state.relink(state.mentions["actor_id"] == source, target)
    quotes = state.tables["quotes"]
    quotes.loc[quotes["speaker_id"] == source, "speaker_id"] = target
    old = state.actors.loc[state.actors["actor_id"] == source].iloc[0]
    row = state.actors.index[state.actors["actor_id"] == target][0]
    state.actors.at[row, "aliases"] = sorted(set(state.actors.at[row, "aliases"]) | set(old["aliases"]) | {old["name"]})
    state.drop_actor(source)
    return None


def _split(state: _State, d: Decision) -> str | None:
    actor, alias, name = d.fields["actor"], d.fields["alias"], d.fields["name"]
    rows = (state.mentions["actor_id"] == actor) & (state.mentions["surface"].map(name_key) == name_key(alias))
    if not rows.any():
        return f"actor {actor} has no mention written {alias!r}"
    old = state.actors.loc[state.actors["actor_id"] == actor].iloc[0]
    new_id = _free_id(state, name)
    _add_actor_row(state, new_id, name, d.fields.get("type") or old["type"], [alias], d.id)
    state.relink(rows, new_id)
    row = state.actors.index[state.actors["actor_id"] == actor][0]
    state.actors.at[row, "aliases"] = [a for a in state.actors.at[row, "aliases"] if name_key(a) != name_key(alias)]
    return None


def _rename(state: _State, d: Decision) -> str | None:
    return _edit(state, d, name=d.fields["name"])


def _retype(state: _State, d: Decision) -> str | None:
    return _edit(state, d, type=d.fields["type"])


def _locate(state: _State, d: Decision) -> str | None:
    return _edit(state, d, lat=float(d.fields["lat"]), lon=float(d.fields["lon"]))


def _edit(state: _State, d: Decision, **values) -> str | None:
    if not state.has_actor(d.fields["actor"]):
        return f"actor {d.fields['actor']} not found"
    state.set_actor(d.fields["actor"], **values)
    return None


def _reject_actor(state: _State, d: Decision) -> str | None:
    if not state.has_actor(d.fields["actor"]):
        return f"actor {d.fields['actor']} not found"
    state.tables["mentions"] = state.mentions[state.mentions["actor_id"] != d.fields["actor"]]
    state.drop_actor(d.fields["actor"])
    return None


def _reject_mention(state: _State, d: Decision) -> str | None:
    rows = state.mentions["mention_id"] == d.fields["mention"]
    if not rows.any():
        return f"mention {d.fields['mention']} not found"
    state.tables["mentions"] = state.mentions[~rows]
    return None


def _accept_mention(state: _State, d: Decision) -> str | None:
    rows = state.mentions["mention_id"] == d.fields["mention"]
    if not rows.any():
        return f"mention {d.fields['mention']} not found"
    state.mentions.loc[rows, "reviewed"] = True
    return None


def _add_actor(state: _State, d: Decision) -> str | None:
    """Find every alias in every document; the analyst's actor wins over what overlaps it."""
    from pipeline.tables import stable_id

    actor_id = (
        _free_id(state, d.fields["name"])
        if not state.has_actor(slugify(d.fields["name"]))
        else slugify(d.fields["name"])
    )
    found = _find_aliases(state.tables, d.fields["aliases"])
    if found.empty:
        return "none of its aliases occurs in the articles"
    if not state.has_actor(actor_id):
        _add_actor_row(state, actor_id, d.fields["name"], d.fields["type"], list(d.fields["aliases"]), d.id)
        if d.fields.get("lat") is not None:
            state.set_actor(actor_id, lat=float(d.fields["lat"]), lon=float(d.fields["lon"]))
    mentions = state.mentions
    overlapping = pd.Series(False, index=mentions.index)
    for row in found.itertuples():
        overlapping |= (
            (mentions["doc_id"] == row.doc_id) & (mentions["start"] < row.end) & (mentions["end"] > row.start)
        )
    found = found.assign(
        mention_id=[stable_id(r.doc_id, r.start, r.end) for r in found.itertuples()],
        actor_id=actor_id,
        method=CURATED,
        score=1.0,
        reviewed=True,
    )
    state.tables["mentions"] = pd.concat([mentions[~overlapping], found], ignore_index=True)
    return None


def _find_aliases(tables: dict[str, pd.DataFrame], aliases: list[str]) -> pd.DataFrame:
    """Every occurrence of the aliases in documents.text, placed in its sentence and dated."""
    documents, sentences = tables["documents"], tables["sentences"]
    pattern = re.compile("|".join(_alias_pattern(a) for a in sorted(aliases, key=len, reverse=True)))
    starts = {doc_id: list(group["start"]) for doc_id, group in sentences.groupby("doc_id")}
    published = dict(zip(documents["doc_id"], documents["published"], strict=True))
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
        for match in pattern.finditer(text):
            sent_id = max(bisect.bisect_right(starts.get(doc_id, [0]), match.start()) - 1, 0)
            date = published.get(doc_id)
            rows.append(
                {
                    "doc_id": doc_id,
                    "surface": match.group(),
                    "start": match.start(),
                    "end": match.end(),
                    "sent_id": sent_id,
                    "date": date if pd.notna(date) else None,
                    "date_basis": "published" if pd.notna(date) else None,
                    "date_granularity": "day" if pd.notna(date) else None,
                }
            )
    return pd.DataFrame(rows)


def _alias_pattern(alias: str) -> str:
    """One-word aliases by case, longer ones in any case; always whole words."""
    body = re.escape(alias)
    flags = "" if " " not in alias else "(?i:"
    return rf"(?<![\w-]){flags}{body}{')' if flags else ''}(?![\w])"


def _add_actor_row(
    state: _State, actor_id: str, name: str, actor_type: str, aliases: list[str], decision_id: str
) -> None:
    row = {
        "actor_id": actor_id,
        "name": name,
        "type": actor_type,
        "aliases": aliases,
        "n_mentions": 0,
        "n_docs": 0,
        "lat": None,
        "lon": None,
        "in_gazetteer": False,
        "source": f"analyst decision {decision_id}",
    }
    state.tables["actors"] = pd.concat([state.actors, pd.DataFrame([row])], ignore_index=True)


def _free_id(state: _State, name: str) -> str:
    base = slugify(name)
    candidate, suffix = base, 2
    while state.has_actor(candidate):
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    return candidate


_APPLY = {
    "merge": _merge,
    "split": _split,
    "rename": _rename,
    "retype": _retype,
    "locate": _locate,
    "reject_actor": _reject_actor,
    "reject_mention": _reject_mention,
    "accept_mention": _accept_mention,
    "add_actor": _add_actor,
}


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
