"""Remove paragraphs of page furniture: picture captions and credits, and the closing bios and link lists."""

from __future__ import annotations

import re

from pipeline.cleaning.boilerplate_patterns import BoilerplatePatterns, LineRule
from pipeline.cleaning.pieces import Piece, Removal

_SENTENCE_BREAK = re.compile(r"[.!?][”\"’')\]]?\s+[A-Z“\"]")


def remove_captions(
    paragraphs: list[Piece], patterns: BoilerplatePatterns, removed: list[tuple[int, Removal]]
) -> list[Piece]:
    """Drop captions: paragraphs ending in a credit, the caption before a credit-only line, repeats."""
    drop: dict[int, str] = {}
    for i, para in enumerate(paragraphs):
        credit = next((m for m in (p.search(para.text) for p in patterns.credits) if m), None)
        if credit:
            drop[i] = "photo_credit" if credit.start() == 0 else "caption"
            if credit.start() == 0 and i > 0 and _is_caption_like(paragraphs[i - 1].text, patterns):
                drop[i - 1] = "caption"
        elif i > 0 and para.text == paragraphs[i - 1].text:
            # Pages often print a caption twice (image alt text, then the figure caption: seeds/004).
            drop[i] = "caption" if _is_caption_like(para.text, patterns) else "duplicate"
            if drop[i] == "caption":
                drop.setdefault(i - 1, "caption")
    removed.extend((paragraphs[i].pos, Removal(kind, paragraphs[i].text)) for i, kind in drop.items())
    return [p for i, p in enumerate(paragraphs) if i not in drop]


def _is_caption_like(text: str, patterns: BoilerplatePatterns) -> bool:
    """One short sentence with a sign of describing a picture (a closing date, "seen here", ...)."""
    return (
        len(text.split()) <= patterns.caption_max_words
        and not _SENTENCE_BREAK.search(text)
        and any(p.search(text) for p in patterns.caption_signals)
    )


def remove_tail(
    paragraphs: list[Piece], patterns: BoilerplatePatterns, removed: list[tuple[int, Removal]]
) -> list[Piece]:
    """Strip bios, credits and link lists from the end, and closing sections such as "About the
    author" with the paragraphs under them; the same sentences mid-article are reporting."""
    end = len(paragraphs)
    while end > 0:
        last = paragraphs[end - 1].text
        # A closing heading left last is its section's, not a stray linked headline.
        rule = next((r for r in (*patterns.tail_sections, *patterns.tail_rules) if r.pattern.search(last)), None)
        start, rule = (end - 1, rule) if rule else _tail_section(paragraphs, end, patterns)
        if rule is None:
            break
        removed.extend((p.pos, Removal(rule.kind, p.text)) for p in paragraphs[start:end])
        end = start
    return paragraphs[:end]


def _tail_section(paragraphs: list[Piece], end: int, patterns: BoilerplatePatterns) -> tuple[int, LineRule | None]:
    """The closing section heading a few paragraphs above `end`, if there is one."""
    for start in range(end - 2, max(end - 2 - patterns.section_max_paragraphs, -1), -1):
        rule = next((r for r in patterns.tail_sections if r.pattern.search(paragraphs[start].text)), None)
        if rule:
            return start, rule
    return end, None
