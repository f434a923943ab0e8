"""The pieces cleaning works on (lines and paragraphs with their raw position) and what it removes."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.cleaning.boilerplate_patterns import Markup


@dataclass(frozen=True)
class Removal:
    """A piece of the raw text that is not article text, with what it was taken for."""

    kind: str
    text: str


@dataclass(frozen=True)
class Piece:
    """A line or paragraph with its position in the raw text, so removals keep document order."""

    pos: int
    text: str
    block: int = 0


def plain_text(text: str, markup: tuple[Markup, ...]) -> str:
    """The text with Markdown links, emphasis, heading and quote marks reduced to what they show."""
    for item in markup:
        text = item.pattern.sub(item.replace, text)
    return text.strip()
