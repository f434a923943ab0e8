"""The dashboard's one door into the pipeline: table status, build, recurate, decisions, team, search.

`data_access` imports this module and the contract (`pipeline.schema`), nothing else of the pipeline
(tests/dashboard/test_structure.py keeps it so). Importing it loads no spaCy: a dashboard that only
reads built tables, or records a decision and re-applies them all, starts and stays without the
model; `build_corpus` imports the build, and so spaCy, when it is called. `open_database` opens the
DuckDB database every writer of the tables puts beside them; `load_database` makes the same one from
the Parquet tables, for a folder written before builds wrote it (pipeline.store.database).
"""

from __future__ import annotations

import importlib.util
import runpy
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import PROJECT_DIR, PipelineConfig
from pipeline.curation import (
    CURATED,
    EVENT_KINDS,
    KIND_LABELS,
    METHOD_REASONS,
    Analysts,
    AnalystsFileError,
    CurationError,
    Decision,
    analysts_path,
    event_review_queue,
    load_decisions,
    read_analysts,
    read_decisions,
    record_decision,
    recurate,
    review_reasons,
    uncurated_dir,
    undo_decision,
    verify_analyst,
)
from pipeline.names import TransliterationRules, slugify
from pipeline.progress_bar import StepLines
from pipeline.rebuild import tables_status
from pipeline.search import (
    AliasIndex,
    Alternative,
    Matches,
    QueryError,
    SearchIndex,
    SearchIndexError,
    find,
    load_rules,
    match_spans,
    parse_query,
    split_words,
)
from pipeline.store import (
    DATABASE,
    MANIFEST,
    SAMPLE_SENTENCES,
    SEARCH_INDEX,
    UNCURATED,
    ManifestError,
    load_database,
    open_database,
    read_manifest,
    read_tables,
    table_path,
)

if TYPE_CHECKING:
    from pipeline.build import BuildSummary

__all__ = [
    "CURATED", "DATABASE", "EVENT_KINDS", "KIND_LABELS", "MANIFEST", "METHOD_REASONS", "PROJECT_DIR",
    "SAMPLE_SENTENCES", "SEARCH_INDEX", "UNCURATED", "AliasIndex", "Alternative", "Analysts", "AnalystsFileError",
    "CurationError", "Decision", "ManifestError", "Matches", "PipelineConfig", "QueryError", "SearchIndex",
    "SearchIndexError", "StepLines", "TransliterationRules", "analysts_path", "build_corpus", "event_review_queue",
    "find", "load_database", "load_decisions", "load_rules", "match_spans", "open_database", "parse_query",
    "read_analysts", "read_decisions", "read_manifest", "read_tables", "recurate", "record_decision",
    "review_reasons", "slugify", "split_words", "stop_words", "table_path", "tables_status", "undo_decision",
    "uncurated_dir", "verify_analyst",
]  # fmt: skip


def build_corpus(
    source_dir: Path, data_dir: Path, *, config: PipelineConfig, on_progress: Callable[[float, str], None]
) -> BuildSummary:
    """Build the tables of `source_dir` into `data_dir` (pipeline.build.build_corpus; loads spaCy)."""
    from pipeline.build import build_corpus as build

    return build(source_dir, data_dir, config=config, on_progress=on_progress)


def stop_words() -> frozenset[str]:
    """English function words, spaCy's list, without importing spaCy (seconds the dashboard never
    needs): spaCy keeps the list in a module of plain Python with no imports, run here on its own."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    return frozenset(runpy.run_path(str(path))["STOP_WORDS"])
