"""Analysts' corrections: decisions kept in a YAML file and applied to every build, in order."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

import pandas as pd

from pipeline.curated_tables import CURATED, CuratedTables
from pipeline.decisions import (
    KINDS,
    SCHEMA_VERSION,
    CurationError,
    Decision,
    new_decision,
    read_decisions,
    record_decision,
    undo_decision,
)
from pipeline.names import name_key, slugify
from pipeline.problems import Problem
from pipeline.review_queue import review_queue

__all__ = [
    "CURATED",
    "KINDS",
    "SCHEMA_VERSION",
    "CurationError",
    "Decision",
    "apply_decisions",
    "new_decision",
    "read_decisions",
    "record_decision",
    "review_queue",
    "undo_decision",
]


def apply_decisions(
    tables: dict[str, pd.DataFrame], decisions: Iterable[Decision]
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The tables as the analysts corrected them, and a problem for every decision that no longer
    applies (its actor or mention vanished). Pure, deterministic and idempotent: the same
    uncurated tables and decisions always give the same result."""
    state = CuratedTables({name: frame.copy() for name, frame in tables.items()})
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


def _merge(state: CuratedTables, d: Decision) -> str | None:
    source, target = d.fields["actor"], d.fields["into"]
    missing = [a for a in (source, target) if not state.has_actor(a)]
    if missing:
        return f"actor {', '.join(missing)} not found"
    state.relink(state.mentions["actor_id"] == source, target)
    state.rename_references(source, target)
    old = state.actors.loc[state.actors["actor_id"] == source].iloc[0]
    row = state.actors.index[state.actors["actor_id"] == target][0]
    state.actors.at[row, "aliases"] = sorted(set(state.actors.at[row, "aliases"]) | set(old["aliases"]) | {old["name"]})
    state.drop_actor(source)
    return None


def _split(state: CuratedTables, d: Decision) -> str | None:
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


def _rename(state: CuratedTables, d: Decision) -> str | None:
    return _edit(state, d, name=d.fields["name"])


def _retype(state: CuratedTables, d: Decision) -> str | None:
    return _edit(state, d, type=d.fields["type"])


def _locate(state: CuratedTables, d: Decision) -> str | None:
    return _edit(state, d, lat=float(d.fields["lat"]), lon=float(d.fields["lon"]))


def _edit(state: CuratedTables, d: Decision, **values) -> str | None:
    if not state.has_actor(d.fields["actor"]):
        return f"actor {d.fields['actor']} not found"
    state.set_actor(d.fields["actor"], **values)
    return None


def _reject_actor(state: CuratedTables, d: Decision) -> str | None:
    if not state.has_actor(d.fields["actor"]):
        return f"actor {d.fields['actor']} not found"
    state.tables["mentions"] = state.mentions[state.mentions["actor_id"] != d.fields["actor"]]
    state.drop_actor(d.fields["actor"])
    return None


def _reject_mention(state: CuratedTables, d: Decision) -> str | None:
    rows = state.mentions["mention_id"] == d.fields["mention"]
    if not rows.any():
        return f"mention {d.fields['mention']} not found"
    state.tables["mentions"] = state.mentions[~rows]
    return None


def _accept_mention(state: CuratedTables, d: Decision) -> str | None:
    rows = state.mentions["mention_id"] == d.fields["mention"]
    if not rows.any():
        return f"mention {d.fields['mention']} not found"
    state.mentions.loc[rows, "reviewed"] = True
    return None


def _add_actor(state: CuratedTables, d: Decision) -> str | None:
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
    state: CuratedTables, actor_id: str, name: str, actor_type: str, aliases: list[str], decision_id: str
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


def _free_id(state: CuratedTables, name: str) -> str:
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
