"""Turn the positioned lines of a paged document into running text: reading order, no running
headers, footers or page numbers, words hyphenated at line ends joined, paragraphs rebuilt.

Pure functions over plain records, so the rules are tested without a PDF; pipeline/ingest/pdf_text.py
feeds them pdfminer's layout, the OCR branch feeds them recognised lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.records import PageSpan

EDGE_ROWS = 2  # rows at the top and at the bottom of a page where running lines stand
EDGE_SHARE = 0.12  # a bare page number counts only within this share of the page height from an edge
ROW_TOLERANCE = 3.0  # points: lines whose tops differ by less stand in one row
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|seite|página|pagina)?\s*[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?"
    r"(?:\s*(?:of|/|de|von|sur)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = (".", "!", "?", ":", "”", '"', "’", "'", ")", "]")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


@dataclass(frozen=True)
class Line:
    """One line of text on a page, in points from the page's bottom-left (PDF space); `block` is
    the text box it belongs to (lines of one box are one paragraph)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    block: int


@dataclass(frozen=True)
class Page:
    """One page: number (1-based), size, its lines, and how they were read ('text' or 'ocr')."""

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    method: str = "text"


def remove_running_lines(pages: Sequence[Page]) -> list[Page]:
    """The pages without their running headers and footers and bare page numbers.

    A running line is one of a page's EDGE_ROWS top or bottom rows whose text, digits aside
    ("Page 3 of 40" is "Page # of #"), stands in the same edge of at least two pages and of three
    when the document has three or more: a heading repeated once is still the text. A bare page
    number ("12", "- 12 -", "Page 12", "xii") is dropped from an edge row near the page's edge.
    """
    edges = [_edge_lines(page) for page in pages]
    counts: Counter[tuple[str, str]] = Counter()
    for found in edges:
        counts.update({(where, _shape(line.text)) for where, line in found})
    needed = max(2, min(3, len(pages)))
    kept = []
    for page, found in zip(pages, edges, strict=True):
        running = {
            id(line)
            for where, line in found
            if counts[(where, _shape(line.text))] >= needed or _is_page_number(line, page)
        }
        kept.append(replace(page, lines=tuple(line for line in page.lines if id(line) not in running)))
    return kept


def order_blocks(page: Page) -> list[list[Line]]:
    """The page's text boxes in reading order: a box that crosses the page's middle (a heading or a
    paragraph over the whole width) closes the columns above it; between two such boxes the left
    column is read top to bottom, then the right one."""
    blocks: dict[int, list[Line]] = {}
    for line in page.lines:
        blocks.setdefault(line.block, []).append(line)
    middle = page.width / 2
    ordered: list[list[Line]] = []
    pending: list[list[Line]] = []
    for lines in sorted(blocks.values(), key=lambda b: (-max(line.y1 for line in b), min(line.x0 for line in b))):
        x0, x1 = min(line.x0 for line in lines), max(line.x1 for line in lines)
        if x0 < middle < x1:
            ordered.extend(_columns(pending, middle))
            pending = []
            ordered.append(lines)
        else:
            pending.append(lines)
    ordered.extend(_columns(pending, middle))
    return [sorted(lines, key=lambda line: (-line.y1, line.x0)) for lines in ordered]


def assemble_text(pages: Sequence[Page]) -> tuple[str, tuple[PageSpan, ...]]:
    """The text of `pages` (running lines already removed), paragraphs separated by a blank line,
    and the span of each page in it.

    The lines of a box are one paragraph, joined by spaces; a word hyphenated at a line's end is
    joined ("incid-" + "ent"), a hyphen before a capital or digit kept ("Al-" + "Qaim"). A paragraph that
    ends without a sentence's end and is followed by one that starts in lower case is one paragraph
    split by a column or page break, and is joined again.
    RETURNS (str, tuple[PageSpan, ...]): text; spans contiguous over it, pages without text left out.
    """
    paragraphs: list[list[tuple[int, str]]] = []  # each: (page number, piece of text) in order
    methods = {page.number: page.method for page in pages}
    for page in pages:
        for lines in order_blocks(page):
            words = _join_lines([_clean(line.text) for line in lines])
            if not words:
                continue
            if paragraphs and _continues(paragraphs[-1], words):
                paragraphs[-1].append((page.number, words))
            else:
                paragraphs.append([(page.number, words)])
    return _with_spans(paragraphs, methods)


def _edge_lines(page: Page) -> list[tuple[str, Line]]:
    """('top' or 'bottom', line) for the lines of the page's first and last EDGE_ROWS rows."""
    rows = _rows(page.lines)
    middle = page.height / 2
    top = [("top", line) for row in rows[:EDGE_ROWS] for line in row if line.y0 > middle]
    bottom = [("bottom", line) for row in rows[-EDGE_ROWS:] for line in row if line.y1 < middle]
    return top + bottom


def _rows(lines: Sequence[Line]) -> list[list[Line]]:
    """Lines grouped by height on the page, top row first."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda item: -item.y1):
        if rows and abs(rows[-1][0].y1 - line.y1) < ROW_TOLERANCE:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _shape(text: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("#", text.strip().lower()))


def is_page_number(text: str) -> bool:
    """'12', '- 12 -', 'Page 12 of 40', 'xii': a line that is only a page number."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def _is_page_number(line: Line, page: Page) -> bool:
    near_edge = line.y0 > page.height * (1 - EDGE_SHARE) or line.y1 < page.height * EDGE_SHARE
    return near_edge and is_page_number(line.text)


def _columns(blocks: list[list[Line]], middle: float) -> list[list[Line]]:
    """Boxes that do not cross the middle: the left column top to bottom, then the right one."""
    return sorted(blocks, key=lambda b: (min(line.x0 for line in b) >= middle, -max(line.y1 for line in b)))


def _clean(text: str) -> str:
    """A line as text: ligatures spelled out, a soft hyphen at the end made a hyphen, spaces collapsed."""
    text = text.translate(_LIGATURES).replace("\u00ad", "-") if text else ""
    return _SPACES.sub(" ", text).strip()


def _join_lines(lines: list[str]) -> str:
    joined = ""
    for line in (line for line in lines if line):
        joined = _join(joined, line) if joined else line
    return joined


def _join(left: str, right: str) -> str:
    """Two pieces of one paragraph: a word hyphenated at the line's end mended ("check-" "point"),
    a compound broken at its own hyphen kept whole ("Al-" "Qaim", "2019-" "2020"), else one space."""
    if len(left) > 1 and left.endswith("-") and left[-2].isalnum() and right[:1].isalnum():
        return left[:-1] + right if left[-2].isalpha() and right[:1].islower() else left + right
    return f"{left} {right}"


def _continues(paragraph: list[tuple[int, str]], words: str) -> bool:
    last = paragraph[-1][1]
    return not last.endswith(_SENTENCE_END) and words[:1].islower()


def _with_spans(paragraphs: list[list[tuple[int, str]]], methods: dict[int, str]) -> tuple[str, tuple[PageSpan, ...]]:
    """Join the paragraphs, recording where each page's text starts; each page runs to the next.
    A word mended across a page break belongs to the page it starts on."""
    text = ""
    starts: list[tuple[int, int]] = []  # (page, offset its text starts at)
    for paragraph in paragraphs:
        text += "\n\n" if text else ""
        for number, (page, piece) in enumerate(paragraph):
            text = _join(text, piece) if number else text + piece
            piece_start = len(text) - len(piece)
            if (
                piece_start and not text[piece_start - 1].isspace()
            ):  # one word across the break: the page starts after it
                rest = re.search(r"\s", piece)
                piece_start = piece_start + rest.start() if rest else len(text)
            if not starts or starts[-1][0] != page:
                starts.append((page, piece_start))
    spans = []
    for i, (page, start) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        spans.append(PageSpan(page, 0 if i == 0 else start, end, methods.get(page, "text")))
    return text, tuple(span for span in spans if span.end > span.start)
