"""Escaped HTML with marked spans: article text never reaches the page unescaped."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Span:
    """A stretch of text to mark: offsets into the text, CSS classes (space-separated), a tooltip
    and an element id."""

    start: int
    end: int
    css_class: str
    title: str = ""
    element_id: str = ""


def page_label(page: object) -> str:
    """'p. 12' beside an excerpt of a document read from a PDF; '' when it has no pages."""
    return "" if page is None or pd.isna(page) else f"p. {int(page)}"


def safe_id(value: str) -> str:
    """An HTML id / CSS-safe token made from an identifier (anything else becomes '_')."""
    return SAFE_ID.sub("_", str(value))


def mark_spans(text: str, spans: Iterable[Span]) -> str:
    """`text` escaped, with each span wrapped in <mark>; overlapping spans keep the earlier one.

    Every fragment of `text` goes through html.escape, and so do the tooltip and class, so
    markup in an article (<script>, <img onerror>) shows as text and never runs.
    """
    parts, cursor = [], 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < cursor or span.end <= span.start or span.end > len(text):
            continue
        parts.append(html.escape(text[cursor : span.start]))
        parts.append(_open_tag(span) + html.escape(text[span.start : span.end]) + "</mark>")
        cursor = span.end
    parts.append(html.escape(text[cursor:]))
    return "".join(parts)


def _open_tag(span: Span) -> str:
    attributes = f' class="{" ".join(safe_id(name) for name in span.css_class.split())}"'
    if span.title:
        attributes += f' title="{html.escape(span.title, quote=True)}"'
    if span.element_id:
        attributes += f' id="{safe_id(span.element_id)}"'
    return f"<mark{attributes}>"
