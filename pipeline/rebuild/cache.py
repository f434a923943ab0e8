"""Keep each article's cleaned record and analysis between builds, keyed by content and the pipeline's fingerprint."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pipeline.analysis import DateExpression, DocAnalysis, Mention, Sentence
from pipeline.dates import ResolvedDate
from pipeline.entities import AbbreviationLink, Candidate
from pipeline.events import Event
from pipeline.quotes import Quote
from pipeline.records import DocumentRecord, PageSpan, Problem
from pipeline.store import RecordCodec, RecordCodecError

SUFFIX = ".json"
# What a cache entry may hold besides plain data: the records of an analysis and of a cleaned
# document. Loading builds nothing else (see pipeline/store/records_codec.py).
CACHED_RECORDS = (
    DocAnalysis,
    Sentence,
    Mention,
    Candidate,
    DateExpression,
    ResolvedDate,
    Quote,
    AbbreviationLink,
    Event,
    DocumentRecord,
    PageSpan,
    Problem,
)
# Entries of earlier versions, written as pickles: never read (loading one could run code), only pruned.
_OUR_FILE = re.compile(r"[0-9a-f]{64}\.(json|pickle)")
_CODEC = RecordCodec(CACHED_RECORDS)


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


def load(cache_dir: Path, key: str, kind: object = DocAnalysis):
    """The cached value of that kind (a class, or a hint such as `tuple[DocumentRecord, list[Problem]]`),
    or None when absent, unreadable or not exactly of that kind: the caller recomputes it."""
    path = Path(cache_dir) / f"{key}{SUFFIX}"
    try:
        value = _CODEC.decode(path.read_bytes(), kind)
    except (OSError, RecordCodecError):
        return None
    os.utime(path)  # used by this build: `prune` keeps it
    return value


def touch(cache_dir: Path, keys: Iterable[str]) -> None:
    """Mark entries as used by this build without reading them, so `prune` keeps them: a build that
    extends the previous one (pipeline.rebuild.increment) needs not the earlier articles'
    analyses, but the next full build will."""
    for key in keys:
        try:
            os.utime(Path(cache_dir) / f"{key}{SUFFIX}")
        except FileNotFoundError:
            pass


def prune(cache_dir: Path, *, unused_since: float) -> int:
    """Remove entries no build has used since `unused_since` (a time.time()), so the cache holds the
    corpus as it is, not every version it ever was; old pickled entries go the same way, being never
    used. Returns how many went."""
    removed = 0
    for path in Path(cache_dir).glob("*.*"):
        if _OUR_FILE.fullmatch(path.name) and path.stat().st_mtime < unused_since:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def store(cache_dir: Path, key: str, value: object) -> None:
    """Write atomically, so a killed build leaves no half-written entry behind. Raises TypeError
    for a value the codec does not carry (a class missing from CACHED_RECORDS)."""
    data = _CODEC.encode(value)
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, cache_dir / f"{key}{SUFFIX}")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
