"""Curation from the dashboard: record or undo a decision, re-apply them all, and say what happened.

The analysts' decisions are recorded and re-applied by the pipeline; these wrappers turn every
outcome into a sentence for the page and make the next run load the corrected tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data_access.event_curation import describe_decisions
from data_access.locate import manifest_decisions_file
from data_access.tables import Tables, load_tables
from pipeline.api import (
    CurationError,
    ManifestError,
    PipelineConfig,
    load_decisions,
    read_decisions,
    read_manifest,
    record_decision,
    recurate,
    uncurated_dir,
    undo_decision,
)
from pipeline.schema import ACTOR_TYPES

CURATION_TYPES = ACTOR_TYPES  # the types a decision may set (components never import the pipeline)
MAX_NOTES = 10  # skipped entries of the curation file named on the page (Problems lists them all)


@dataclass(frozen=True)
class CurationResult:
    """What became of a decision or an undo, in words for the analyst."""

    ok: bool
    message: str
    warning: str = ""  # saved, but it does not apply to these articles (also listed in Problems)


def decisions_file(tables: Tables) -> Path:
    """The curation file the build applied (its manifest names it), else the pipeline's default."""

    return manifest_decisions_file(tables.manifest) or PipelineConfig().decisions_path


def can_curate(data_dir: Path) -> bool:
    """True when the build kept its uncurated tables, to which every decision is re-applied (and
    their manifest can be read: a damaged one needs a rebuild first)."""

    try:
        return read_manifest(uncurated_dir(Path(data_dir))) is not None
    except ManifestError:
        return False


def decide(data_dir: Path, tables: Tables, kind: str, *, by: str, note: str = "", **fields) -> CurationResult:
    """Record one decision (pipeline.curation.apply.KINDS names the kinds and their fields) under the
    file lock, then re-apply every decision to the build's uncurated tables. Never raises."""

    path = decisions_file(tables)
    try:
        decision = record_decision(path, kind, by=by, note=note, **fields)
    except CurationError as error:
        return CurationResult(False, f"Not recorded: {error}.")
    except Exception as error:  # a locked, unreadable or unwritable file must become a message
        return CurationResult(False, f"Not recorded: {path} could not be updated ({error}).")
    (what,) = describe_decisions(tables, data_dir, [decision])
    return _recurate(data_dir, path, decision.id, f"Recorded: {what}.")


def undo(data_dir: Path, tables: Tables, decision_id: str, *, by: str, note: str = "") -> CurationResult:
    """Mark a decision undone (it stays in the history) and re-apply the others. Never raises."""

    path = decisions_file(tables)
    try:
        decision = undo_decision(path, decision_id, by=by, note=note)
    except CurationError as error:
        return CurationResult(False, f"Not undone: {error}.")
    except Exception as error:  # as in decide()
        return CurationResult(False, f"Not undone: {path} could not be updated ({error}).")
    (what,) = describe_decisions(tables, data_dir, [decision])
    return _recurate(data_dir, path, None, f"Undone: {what}.")


def _recurate(data_dir: Path, path: Path, decision_id: str | None, message: str) -> CurationResult:

    try:
        curated = recurate(Path(data_dir), path)
    except Exception as error:  # the decision is saved; the tables stay as they were until a rebuild
        return CurationResult(
            False, f"{message} It is saved, but the tables could not be updated ({error}); rebuild them."
        )
    load_tables.clear()  # the manifest's mtime keys the cache, and a coarse file clock may not move
    stale = _stale_reasons(curated["problems"]).get(decision_id, "")
    return CurationResult(True, message, f"It does not apply to these articles: {stale}." if stale else "")


def _stale_reasons(problems: pd.DataFrame) -> dict[str, str]:
    """decision id -> why it no longer applies, from the problems the curation step reported."""
    stale = problems.loc[problems["decision_id"].fillna("") != "", ["decision_id", "detail"]]
    return dict(zip(stale["decision_id"], stale["detail"].fillna(""), strict=True))


def select_history(tables: Tables, data_dir: Path | None = None) -> pd.DataFrame:
    """Every decision, newest first: decision_id, kind, what, by, at, note, undone (bool), status.
    Entries of the file that are skipped are not in it (decisions_file_notes names them). `what`
    names an event by the start of its clause and its outlet (a rejected one is looked up among
    the uncurated tables of `data_dir`), an actor it sets by name.

    Raises ValueError with a sentence for the analyst when the curation file is unreadable.
    """

    path = decisions_file(tables)
    try:
        decisions = read_decisions(path)
    except Exception as error:  # broken YAML or schema: the page says so instead of a traceback
        raise ValueError(f"The curation file cannot be read: {error}.") from error
    stale = _stale_reasons(tables.problems)
    newest_first = list(reversed(decisions))
    rows = [
        {
            "decision_id": d.id,
            "kind": d.kind,
            "what": what,
            "by": d.by,
            "at": d.at,
            "note": d.note,
            "undone": bool(d.undone),
            "status": _status(d.undone, stale.get(d.id)),
        }
        for d, what in zip(newest_first, describe_decisions(tables, data_dir, newest_first), strict=True)
    ]
    columns = ["decision_id", "kind", "what", "by", "at", "note", "undone", "status"]
    return pd.DataFrame(rows, columns=columns)


def decisions_file_notes(tables: Tables) -> tuple[str, ...]:
    """What is wrong with the curation file, in sentences for the analyst that name the file and
    line: that it cannot be read (nothing can be recorded, and builds stop, until it is fixed), or
    which of its entries are skipped (every other decision applies). () when nothing is."""

    try:
        skipped = load_decisions(decisions_file(tables)).skipped
    except Exception as error:  # as in select_history
        return (
            f"The curation file cannot be read: {error}. Fix it by hand; until then no decision can be "
            "recorded and builds stop, and the tables stay as they were.",
        )
    shown = [f"Skipped, and listed under Problems: {reason}." for reason in skipped[:MAX_NOTES]]
    return (
        *shown,
        *([f"... and {len(skipped) - MAX_NOTES:,} more skipped entries."] if len(skipped) > MAX_NOTES else []),
    )


def _status(undone: Mapping | None, stale: str | None) -> str:
    if undone:
        note = f": {undone['note']}" if undone.get("note") else ""
        return f"undone by {undone.get('by')} at {undone.get('at')}{note}"
    return f"no longer applies: {stale}" if stale else "applied"
