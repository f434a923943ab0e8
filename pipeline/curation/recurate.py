"""Re-apply the analysts' decisions to a build's uncurated tables: at the end of every build, and
after every decision from the dashboard, without spaCy.

The uncurated tables stay as the pipeline made them (uncurated/), so undoing a decision is applying
the others again; the manifest records which decisions file was applied and its digest.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd

from pipeline.config import PipelineConfig
from pipeline.curation.apply import apply_decisions
from pipeline.curation.decisions import DecisionsFile, load_decisions
from pipeline.curation.tables import CURATED
from pipeline.records import Problem
from pipeline.store import UNCURATED, build_lock, read_manifest, read_tables, recover, write_tables


def recurate(out: Path, decisions_path: Path) -> dict:
    """Apply the analysts' decisions again to the last build's uncurated tables: what the dashboard
    does after every decision, in a fraction of a second, without spaCy. Returns the tables.
    Raises CurationFileError (a ValueError) naming the file and line when the decisions file cannot
    be read; the tables stay as they were."""
    source = uncurated_dir(Path(out))
    with build_lock(Path(out), timeout=PipelineConfig().lock_timeout):
        recover(Path(out))  # a killed build's commit first, so the uncurated tables are the last build's
        manifest = read_manifest(source)
        if manifest is None:
            raise FileNotFoundError(f"no uncurated tables in {source}; run `python -m pipeline build` first")
        tables, curated_manifest = curate_tables(read_tables(source), manifest, load_decisions(decisions_path))
        write_tables(tables, Path(out), curated_manifest)
        return tables


def uncurated_dir(out: Path) -> Path:
    """Where a build keeps its tables as the pipeline made them, before any analyst decision."""
    return Path(out) / UNCURATED


def curate_tables(uncurated: dict, manifest: dict, decisions: DecisionsFile) -> tuple[dict, dict]:
    """The tables with the decisions applied, and their manifest (which names the decisions file and
    the digest of what was applied). Entries of the file that were skipped, and decisions that no
    longer apply, are warnings in the problems table."""
    tables, problems = apply_decisions(uncurated, decisions.decisions)
    problems = [Problem(CURATED, reason, "warning") for reason in decisions.skipped] + problems
    if problems:
        extra = pd.DataFrame([dataclasses.asdict(p) for p in problems])
        tables["problems"] = pd.concat([tables["problems"], extra], ignore_index=True)
    curation = {"decisions_file": str(decisions.path), "decisions_sha256": decisions.digest}
    return tables, {**manifest, "curation": curation, "counts": {n: len(f) for n, f in tables.items()}}
