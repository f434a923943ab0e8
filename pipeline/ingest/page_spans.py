"""Which page each character of a document's text stands on: page spans, carried through cleaning.

A report is cited by page ("p. 12"), so a document read from a PDF keeps, beside its text, the
character range of every page. The reader writes the spans for the text it assembled; cleaning then
drops lines and rewrites a few characters, so the spans are carried over by aligning the words of
the two texts, which holds whatever cleaning did, rather than by trusting cleaning to report it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from pipeline.records import PageSpan

_WORD = re.compile(r"\S+")
_ANCHOR = 3  # words that must agree to re-anchor after a gap (one common word would jump too far)


def carry_spans(raw: str, spans: Sequence[PageSpan], cleaned: str) -> tuple[PageSpan, ...]:
    """The page spans of `cleaned`, a cleaning of `raw` whose pages are `spans`.

    Each word of `cleaned` takes the page of the word of `raw` it aligns with (words are matched in
    order; after a word cleaning changed or a stretch it dropped, the next run of _ANCHOR equal
    words re-anchors). Spans are contiguous and cover all of `cleaned`: the whitespace between two
    pages belongs to the earlier one. A page none of whose words survived has no span.
    RETURNS (tuple[PageSpan, ...]): in page order, start of the first 0, end of the last len(cleaned).
    """
    if not spans or not cleaned:
        return ()
    raw_words = [(m.group(), m.start()) for m in _WORD.finditer(raw)]
    starts = [span.start for span in spans]
    raw_pages = [spans[max(bisect.bisect_right(starts, pos) - 1, 0)] for _, pos in raw_words]
    index = _anchor_index([word for word, _ in raw_words])
    cleaned_words = list(_WORD.finditer(cleaned))
    texts = [m.group() for m in cleaned_words]
    pages: list[PageSpan] = []
    cursor = 0
    for i, word in enumerate(texts):
        if cursor < len(raw_words) and raw_words[cursor][0] == word:
            pages.append(raw_pages[cursor])
            cursor += 1
            continue
        found = _next_anchor(index, tuple(texts[i : i + _ANCHOR]), cursor)
        if found is not None:
            cursor = found
            pages.append(raw_pages[cursor])
            cursor += 1
        else:  # a word cleaning rewrote: it stands where the last one did
            pages.append(raw_pages[min(cursor, len(raw_words) - 1)] if raw_words else spans[0])
    return _runs(cleaned_words, pages, len(cleaned))


def page_at(spans: Sequence[PageSpan], offset: int) -> int | None:
    """The page holding character `offset`, None when the text has no pages."""
    starts = [span.start for span in spans]
    i = bisect.bisect_right(starts, offset) - 1
    return spans[i].page if 0 <= i < len(spans) and offset < spans[i].end else None


def _anchor_index(words: list[str]) -> dict[tuple[str, ...], list[int]]:
    """Every run of _ANCHOR words -> where it starts, in order."""
    index: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(words)):
        index.setdefault(tuple(words[i : i + _ANCHOR]), []).append(i)
    return index


def _next_anchor(index: dict[tuple[str, ...], list[int]], run: tuple[str, ...], cursor: int) -> int | None:
    positions = index.get(run)
    if not positions:
        return None
    i = bisect.bisect_left(positions, cursor)
    return positions[i] if i < len(positions) else None


def _runs(words: list[re.Match], pages: list[PageSpan], length: int) -> tuple[PageSpan, ...]:
    """Contiguous spans from each word's page: a span starts at its first word (the first at 0)."""
    runs: list[PageSpan] = []
    for match, page in zip(words, pages, strict=True):
        if runs and runs[-1].page == page.page:
            continue
        start = 0 if not runs else match.start()
        if runs and page.page < runs[-1].page:  # an alignment that stepped back keeps the later page
            continue
        if runs:
            runs[-1] = PageSpan(runs[-1].page, runs[-1].start, start, runs[-1].method)
        runs.append(PageSpan(page.page, start, length, page.method))
    return tuple(runs)
