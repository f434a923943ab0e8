"""Find an article's headline among its first paragraphs, dropping a section label (kicker) above it."""

from __future__ import annotations

import re

from pipeline.cleaning.boilerplate_patterns import BoilerplatePatterns
from pipeline.cleaning.pieces import Piece, Removal

_HEADLINE_END = re.compile(r"[.:;,]$")


def find_title(
    paragraphs: list[Piece], patterns: BoilerplatePatterns, removed: list[tuple[int, Removal]]
) -> tuple[str | None, list[Piece]]:
    """The first paragraph is the headline if it reads like one; a short label above it is a kicker."""
    if len(paragraphs) > 1 and _is_kicker(paragraphs[0].text, paragraphs[1].text, patterns):
        removed.append((paragraphs[0].pos, Removal("section_label", paragraphs[0].text)))
        paragraphs = paragraphs[1:]
    if not paragraphs or not _is_headline(paragraphs[0].text, patterns.title_max_words):
        return None, paragraphs
    return paragraphs[0].text, paragraphs


def _is_headline(text: str, max_words: int) -> bool:
    return (
        "\n" not in text
        and not _HEADLINE_END.search(text)
        and 0 < len(text.split()) <= max_words
        and any(c.isalpha() for c in text)
    )


def _is_kicker(first: str, second: str, patterns: BoilerplatePatterns) -> bool:
    return (
        len(first.split()) <= patterns.kicker_max_words
        and _is_headline(first, patterns.kicker_max_words)
        and _is_headline(second, patterns.title_max_words)
        and len(second.split()) > len(first.split())
    )
