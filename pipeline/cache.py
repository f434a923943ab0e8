"""Keep each article's analysis between builds, keyed by its content and the pipeline's fingerprint."""

from __future__ import annotations

import datetime
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from pipeline.analysis import DocAnalysis

CACHE_DIR = ".cache"


def document_key(text: str, published: datetime.date | None, language: str, fingerprint: str) -> str:
    """Same text, date, language and pipeline -> same key; anything else -> a new key."""
    digest = hashlib.sha256()
    for part in (fingerprint, language, str(published), text):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def load(cache_dir: Path, key: str) -> DocAnalysis | None:
    """The cached analysis, or None when absent or unreadable (a stale pickle is just recomputed)."""
    path = Path(cache_dir) / f"{key}.pickle"
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return value if isinstance(value, DocAnalysis) else None


def store(cache_dir: Path, key: str, analysis: DocAnalysis) -> None:
    """Write atomically, so a killed build leaves no half-written entry behind."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        pickle.dump(analysis, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, cache_dir / f"{key}.pickle")
