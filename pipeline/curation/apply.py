"""Analysts' corrections: decisions kept in a YAML file and applied to every build, in order."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator

import pandas as pd

from pipeline.curation.events import EVENT_APPLY
from pipeline.curation.rules import Decision
from pipeline.curation.tables import CURATED, CuratedTables
from pipeline.names import name_key, slugify
from pipeline.records import Problem
from pipeline.schema import stable_id

_WORD_BEFORE = re.compile(r"[\w-]")  # what may not come just before an alias


def apply_decisions(
    tables: dict[str, pd.DataFrame], decisions: Iterable[Decision]
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """The tables as the analysts corrected them, and a problem for every decision that no longer
    applies (its actor, mention or event vanished). Pure, deterministic and idempotent: the same
    uncurated tables and decisions always give the same result."""
    state = CuratedTables(dict(tables))  # reads the frames, never changes them
    problems = []
    for decision in decisions:
        if decision.undone:
            continue
        reason = _APPLY[decision.kind](state, decision)
        if reason:
            problems.append(
                Problem(
                    CURATED,
                    f"decision {decision.id} {decision.describe()} no longer applies: {reason}",
                    "warning",
                    decision_id=decision.id,
                    detail=reason,
                )
            )
    return state.finish(), problems


def _merge(state: CuratedTables, d: Decision) -> str | None:
    source, target = d.fields["actor"], d.fields["into"]
    missing = [a for a in (source, target) if not state.has_actor(a)]
    if missing:
        return f"actor {', '.join(missing)} not found"
    state.relink(state.mentions_of(source), target)
    state.rename_references(source, target)
    old, row = state.actors[source], state.actors[target]
    row["aliases"] = sorted(set(row["aliases"]) | set(old["aliases"]) | {old["name"]})
    state.drop_actor(source)
    return None


def _split(state: CuratedTables, d: Decision) -> str | None:
    actor, alias, name = d.fields["actor"], d.fields["alias"], d.fields["name"]
    key = name_key(alias)
    positions = [p for p in state.mentions_of(actor) if state.surface_key(p) == key]
    if not positions:
        return f"actor {actor} has no mention written {alias!r}"
    old = state.actors[actor]
    new_id = _free_id(state, name)
    _add_actor_row(state, new_id, name, d.fields.get("type") or old["type"], [alias], d.id)
    state.relink(positions, new_id)
    old["aliases"] = [a for a in old["aliases"] if name_key(a) != key]
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
    state.remove(state.mentions_of(d.fields["actor"]))
    state.drop_actor(d.fields["actor"])
    return None


def _reject_mention(state: CuratedTables, d: Decision) -> str | None:
    position = state.mention_at(d.fields["mention"])
    if position is None:
        return f"mention {d.fields['mention']} not found"
    state.remove([position])
    return None


def _accept_mention(state: CuratedTables, d: Decision) -> str | None:
    position = state.mention_at(d.fields["mention"])
    if position is None:
        return f"mention {d.fields['mention']} not found"
    state.reviewed[position] = True
    return None


def _add_actor(state: CuratedTables, d: Decision) -> str | None:
    """Find every alias in every document; the analyst's actor wins over what overlaps it."""
    actor_id = slugify(d.fields["name"])  # an actor of that id already there gets the mentions
    found = _find_aliases(state, d.fields["aliases"])
    if not found:
        return "none of its aliases occurs in the articles"
    if not state.has_actor(actor_id):
        _add_actor_row(state, actor_id, d.fields["name"], d.fields["type"], list(d.fields["aliases"]), d.id)
        if d.fields.get("lat") is not None:
            state.set_actor(actor_id, lat=float(d.fields["lat"]), lon=float(d.fields["lon"]))
    for row in found:
        state.remove(state.overlapping(row["doc_id"], row["start"], row["end"]))
    for row in found:
        mention_id = stable_id(row["doc_id"], row["start"], row["end"])
        state.add_mention(
            {**row, "mention_id": mention_id, "actor_id": actor_id, "method": CURATED, "score": 1.0, "reviewed": True}
        )
    return None


def _find_aliases(state: CuratedTables, aliases: list[str]) -> list[dict]:
    """Every occurrence of the aliases in documents.text, placed in its sentence and dated."""
    pattern = _pattern(tuple(sorted(aliases, key=len, reverse=True)))
    exact = [a for a in aliases if " " not in a]  # by case: found in the text as written
    folded = [a.lower() for a in aliases if " " in a]  # in any case: found in the folded text, when ASCII
    rows = []
    for doc_id, text, lowered, published, starts in state.documents():
        if all(a.isascii() for a in folded):
            candidates = sorted({*_positions(text, exact), *_positions(lowered, folded)})
            spans = _matches_at(pattern, text, candidates)
        else:
            spans = _matches_at(pattern, text, None)
        for start, end in spans:
            rows.append(
                {
                    "doc_id": doc_id,
                    "surface": text[start:end],
                    "start": start,
                    "end": end,
                    "sent_id": max(bisect.bisect_right(starts, start) - 1, 0),
                    "date": published,
                    "date_basis": "published" if published is not None else None,
                    "date_granularity": "day" if published is not None else None,
                }
            )
    return rows


def _positions(text: str, needles: list[str]) -> Iterator[int]:
    """Where each needle starts in `text` (a C search each, far quicker than a case-insensitive regex)."""
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            yield at
            at = text.find(needle, at + 1)


def _matches_at(pattern: re.Pattern[str], text: str, candidates: list[int] | None) -> Iterator[tuple[int, int]]:
    """The spans `pattern` matches, left to right and not overlapping, where no word character or
    hyphen comes just before (the lookbehind `(?<![\\w-])`, checked by hand). With `candidates`,
    the only positions where a match can start (every place an alias is, whatever its case), only
    those are tried; without, the regex searches the whole text."""
    end = 0
    for start in candidates if candidates is not None else _searched(pattern, text):
        if start < end or (start and _WORD_BEFORE.match(text, start - 1)):
            continue
        match = pattern.match(text, start)
        if match is not None:
            end = match.end()
            yield start, end


def _searched(pattern: re.Pattern[str], text: str) -> Iterator[int]:
    """Every position where the pattern matches, as candidates."""
    match = pattern.search(text)
    while match is not None:
        yield match.start()
        match = pattern.search(text, match.start() + 1)


@functools.lru_cache(maxsize=4096)
def _pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a decision's aliases, longest first (compiled once per process)."""
    return re.compile("|".join(_alias_pattern(a) for a in aliases))


def _alias_pattern(alias: str) -> str:
    """One-word aliases by case, longer ones in any case; always whole words (see _whole_words)."""
    body = re.escape(alias)
    flags = "" if " " not in alias else "(?i:"
    return rf"{flags}{body}{')' if flags else ''}(?![\w])"


def _add_actor_row(
    state: CuratedTables, actor_id: str, name: str, actor_type: str, aliases: list[str], decision_id: str
) -> None:
    state.add_actor(
        {
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
    )


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
    **EVENT_APPLY,
}
