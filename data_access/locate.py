"""Where the tables live, whether they are fresh, and building them when they are not."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.api import (
    MANIFEST,
    PROJECT_DIR,
    UNCURATED,
    ManifestError,
    PipelineConfig,
    StepLines,
    build_corpus,
    read_manifest,
    tables_status,
)

DATA_ENV = "DASHBOARD_DATA_DIR"
MEMORY_ENV = "DASHBOARD_MEMORY_LIMIT"
DEFAULT_DATA_DIR = PROJECT_DIR / "data"
DEFAULT_SOURCE_DIR = PROJECT_DIR / "seeds"


@dataclass(frozen=True)
class Paths:
    """Where the tables live and, when given on the command line, which sources to build them from."""

    data_dir: Path
    source_dir: Path | None = None
    memory_limit: str | None = None  # DuckDB's cap on the tables it holds in memory, e.g. "2GB"


def resolve_paths(argv: Sequence[str], environ: Mapping[str, str]) -> Paths:
    """`--data DIR` wins over $DASHBOARD_DATA_DIR, which wins over data/ in the repository;
    `--memory-limit SIZE` over $DASHBOARD_MEMORY_LIMIT (unset: DuckDB's default, 80 % of the RAM)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data")
    parser.add_argument("--sources")
    parser.add_argument("--memory-limit")
    args, _ = parser.parse_known_args(list(argv))
    data_dir = args.data or environ.get(DATA_ENV) or DEFAULT_DATA_DIR
    memory_limit = args.memory_limit or environ.get(MEMORY_ENV) or None
    return Paths(Path(data_dir), Path(args.sources) if args.sources else None, memory_limit)


def manifest_mtime(data_dir: Path) -> float:
    """The manifest's modification time, 0.0 without one: the cache key that a rebuild changes."""
    path = Path(data_dir) / MANIFEST
    return path.stat().st_mtime if path.exists() else 0.0


def check_tables(paths: Paths):
    """The pipeline's verdict on the tables: 'fresh', 'missing', 'stale' or 'incompatible'.

    RETURNS (pipeline.rebuild.freshness.TablesStatus): state and a sentence for the analyst.
    """

    return tables_status(paths.data_dir, paths.source_dir)


def source_dir_for(paths: Paths) -> Path:
    """The sources to build from: the command line's, else the manifest's, else seeds/."""
    manifest = _last_manifest(paths.data_dir)
    return paths.source_dir or Path(manifest.get("source_dir") or DEFAULT_SOURCE_DIR)


def build_tables(paths: Paths, on_progress: Callable[[float, str], None]):
    """Run the pipeline into the data folder; `on_progress` hears the fraction done and a line with
    the step's counts, rate and time left, as the command line's bars show them.
    RETURNS (pipeline.build.BuildSummary)."""

    config = PipelineConfig(curation_file=manifest_decisions_file(_last_manifest(paths.data_dir)))
    lines = StepLines()
    return build_corpus(
        source_dir_for(paths),
        paths.data_dir,
        config=config,
        on_progress=lambda fraction, message: on_progress(fraction, lines(message)),
    )


def _last_manifest(data_dir: Path) -> Mapping:
    """The last build's manifest; when it is damaged, that of its uncurated tables (same sources);
    {} when neither can be read, so a damaged manifest still lets the dashboard rebuild."""
    for folder in (Path(data_dir), Path(data_dir) / UNCURATED):
        try:
            manifest = read_manifest(folder)
        except ManifestError:
            continue
        if manifest is not None:
            return manifest
    return {}


def manifest_decisions_file(manifest: Mapping) -> Path | None:
    """The curation file a build applied, as its manifest records it (None when it names none)."""
    recorded = (manifest.get("curation") or {}).get("decisions_file")
    return Path(recorded) if recorded else None
