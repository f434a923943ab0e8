"""Date an event: a resolved date of its sentence, else of its paragraph before it, else publication."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class _Sentence(Protocol):
    sent_id: int
    start: int
    end: int


class _Date(Protocol):  # pipeline.analysis.DateExpression
    sent_id: int
    start: int
    resolved: object


@dataclass(frozen=True)
class EventDate:
    value: datetime.date | None
    value_end: datetime.date | None
    granularity: str | None
    basis: str | None  # 'sentence', 'context' or 'published'


NO_DATE = EventDate(None, None, None, None)


def event_date(
    position: int,
    sent_id: int,
    sentences: Sequence[_Sentence],
    dates: Sequence[_Date],
    text: str,
    published: datetime.date | None,
) -> EventDate:
    """The resolved date expression of the event's sentence nearest to `position` (basis
    'sentence'); else the nearest one before it in the same paragraph, else in the sentence just
    before ('context'); else the publication date ('published'). Dates after publication are
    plans, not the event's date, and are passed over."""
    usable = [d for d in dates if d.resolved.value is not None and (published is None or d.resolved.value <= published)]
    same = [d for d in usable if d.sent_id == sent_id]
    if same:
        return _of(min(same, key=lambda d: abs(d.start - position)), "sentence")
    for previous in _context_sentences(sent_id, sentences, text):
        earlier = [d for d in usable if d.sent_id == previous]
        if earlier:
            return _of(max(earlier, key=lambda d: d.start), "context")
    if published is not None:
        return EventDate(published, published, "day", "published")
    return NO_DATE


def _context_sentences(sent_id: int, sentences: Sequence[_Sentence], text: str) -> list[int]:
    """The sentences before `sent_id` in its paragraph, nearest first; at least the one just before."""
    found = []
    for i in range(min(sent_id, len(sentences)) - 1, -1, -1):
        if found and "\n" in text[sentences[i].end : sentences[i + 1].start]:
            break
        found.append(i)
    return found


def _of(date: _Date, basis: str) -> EventDate:
    r = date.resolved
    return EventDate(r.value, r.value_end, r.granularity, basis)
