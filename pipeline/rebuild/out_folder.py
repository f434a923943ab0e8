"""May a build write into a folder: yes when it is new or empty, holds a build of ours, or holds only
what builds and the project keep there; any other folder only when told to (`--force-out`)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.config import DEFAULT_ANALYSTS_FILE, DEFAULT_CURATION_FILE, PipelineConfig
from pipeline.store import CACHE_DIR, MANIFEST, UNCURATED, foreign_entries, holds_build

# What pipeline.rebuild.cache writes in CACHE_DIR: entries named by their SHA-256 key, and mkstemp's
# temporary files (`prune` deletes only the former, and only those).
_CACHE_ENTRY = re.compile(r"[0-9a-f]{64}\.[a-z]+|tmp[a-z0-9_]{8}\.tmp")
_SHOWN = 8  # entries named in the refusal


def check_out_folder(out: Path, config: PipelineConfig, *, force: bool = False) -> None:
    """Raise ValueError naming `out` and what it holds when a build may not write there.

    A build may write into a folder that does not exist or is empty; that holds a build of ours (a
    manifest written by `pipeline.store.parquet`, in `out` or in `out/uncurated/`); or that holds nothing
    but what a build writes (the tables, the manifest unless it is another program's JSON, the
    commit journal, the lock, our temporary files, `uncurated/` holding the same, `.cache/` holding
    key-named entries) and the project's hand-kept files where they live in it (the knowledge
    folder, the analysts' decisions file, the team's analysts file and their locks: the default
    `data/` holds them). Anything else needs `force`.
    """
    out = Path(out)
    if force or holds_build(out) or holds_build(out / UNCURATED):
        return
    foreign = foreign_entries(out, beside=_kept_beside(out, config))
    foreign += [f"{UNCURATED}/{name}" for name in foreign_entries(out / UNCURATED)]
    cache_dir = out / CACHE_DIR
    if cache_dir.is_dir():
        foreign += [f"{CACHE_DIR}/{p.name}" for p in sorted(cache_dir.iterdir()) if not _CACHE_ENTRY.fullmatch(p.name)]
    if foreign:
        raise ValueError(_refusal(out, foreign))


def _kept_beside(out: Path, config: PipelineConfig) -> set[str]:
    """Names in `out` that are the build's own folders, or the project's hand-kept files kept there."""
    folders = {name for name in (UNCURATED, CACHE_DIR) if (out / name).is_dir()}
    files = {config.decisions_path, DEFAULT_CURATION_FILE, DEFAULT_ANALYSTS_FILE}
    kept = {config.knowledge_dir, PipelineConfig().knowledge_dir, *files}
    kept |= {
        path.with_name(path.name + ".lock") for path in files
    }  # pipeline.curation.decisions' and pipeline.curation.analysts' locks
    return folders | {path.name for path in kept if path.resolve().parent == out.resolve()}


def _refusal(out: Path, foreign: list[str]) -> str:
    shown = ", ".join(foreign[:_SHOWN]) + (f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else "")
    return (
        f"{out} is not empty and holds no build of this pipeline (it holds {shown}); build into a new or "
        "empty folder, or pass --force-out to build there anyway: the build then writes its tables, "
        f"{MANIFEST}, {UNCURATED}/ and {CACHE_DIR}/ there, replacing files of those names, and deletes "
        "only files named like its own temporary files and cache entries"
    )
