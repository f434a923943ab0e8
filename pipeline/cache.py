"""Keep each article's cleaned record and analysis between builds, keyed by content and the pipeline's fingerprint."""

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
    return key_of(fingerprint, language, str(published), text)


def key_of(*parts: str) -> str:
    """A cache key that changes whenever any part does."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def load(cache_dir: Path, key: str, kind: type = DocAnalysis):
    """The cached value of that type, or None when absent or unreadable (a stale pickle is just recomputed)."""
    path = Path(cache_dir) / f"{key}.pickle"
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    if not isinstance(value, kind):
        return None
    os.utime(path)  # used by this build: `prune` keeps it
    return value


def prune(cache_dir: Path, *, unused_since: float) -> int:
    """Remove entries no build has used since `unused_since` (a time.time()), so the cache holds the
    corpus as it is, not every version it ever was. Returns how many went."""
    removed = 0
    for path in Path(cache_dir).glob("*.pickle"):
        if path.stat().st_mtime < unused_since:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def store(cache_dir: Path, key: str, analysis: object) -> None:
    """Write atomically, so a killed build leaves no half-written entry behind."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        pickle.dump(analysis, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, cache_dir / f"{key}.pickle")
