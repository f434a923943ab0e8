"""The records more than one stage holds: a document as the build keeps it, where its pages stand,
and what the build could not use, and why (with how a failure reads).

They import nothing of the pipeline, so every stage, the cache and the tables can name them.

A file-level failure is a skipped file, never a stopped build. Each stage that handles one file
(reading, decoding, HTML extraction, cleaning, spaCy) catches what that file raises and turns it
into a Problem through `failure_reason`, which says what to do about it when the cause is known.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A file or sidecar row the build could not use as it is, and why."""

    source_file: str
    reason: str
    severity: str = "error"  # 'error': skipped; 'warning': used, with this caveat; 'info': noted (a duplicate)
    decision_id: str = ""  # an analyst's decision that no longer applies: its id,
    detail: str = ""  # and why, apart from the sentence (the dashboard shows it beside the decision)


@dataclass(frozen=True)
class PageSpan:
    """Characters [start, end) of a text stand on `page` (1-based); `method` says how they were
    read: 'text' (the file's text layer) or 'ocr' (recognised from the page's image)."""

    page: int
    start: int
    end: int
    method: str = "text"


@dataclass(frozen=True)
class DocumentRecord:
    """One row of the documents table; `text` is what every offset points into."""

    doc_id: str
    source_file: str
    title: str | None
    title_basis: str | None
    outlet: str | None
    outlet_basis: str | None
    author: str | None
    author_basis: str | None
    url: str | None
    published: datetime.date | None
    published_basis: str | None
    published_evidence: str | None
    dateline: str | None
    language: str
    encoding: str
    text: str
    n_words: int
    content_hash: str
    story_id: str | None = None  # set by pipeline.duplicates: the first copy of the story
    duplicate_of: str | None = None
    duplicate_score: float | None = None
    pages: tuple[PageSpan, ...] = ()  # where each page stands in `text` (documents read from a PDF)


MISSING_PACKAGE = "a package is missing"


def failure_reason(stage: str, error: BaseException) -> str:
    """One line naming the stage, the error and, where the cause is known, the remedy.

    >>> failure_reason("spaCy analysis", ValueError("[E088] Text of length 1500000 exceeds maximum"))
    'spaCy analysis failed: ValueError: [E088] Text of length 1500000 exceeds maximum; skipped'
    """
    if isinstance(error, ImportError):
        missing = error.name or _first_line(error)
        what = f"{MISSING_PACKAGE} ({missing}); install the pinned set with `pip install -r requirements.txt`"
    elif isinstance(error, RecursionError):
        what = "the document is nested too deeply to read (RecursionError)"
    elif isinstance(error, MemoryError):
        what = "the document is too large to hold in memory (MemoryError)"
    else:
        what = f"{type(error).__name__}: {_first_line(error)}"
    return f"{stage} failed: {what}; skipped"


def _first_line(error: BaseException, limit: int = 200) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else "no message"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fixed_by_install(problem: Problem) -> bool:
    """A file skipped for a missing package: once it is installed, the same bytes will build, so the
    manifest must not record the file as settled."""
    return MISSING_PACKAGE in problem.reason
