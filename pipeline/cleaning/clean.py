"""Separate an article's own text (headline and body) from page furniture, recording what was dropped."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.cleaning.boilerplate_patterns import BoilerplatePatterns, Markup
from pipeline.cleaning.furniture import remove_captions, remove_tail
from pipeline.cleaning.headline import find_title
from pipeline.cleaning.line_rules import remove_header_lines, remove_line_boilerplate
from pipeline.cleaning.pieces import Piece, Removal, plain_text


@dataclass(frozen=True)
class CleanedArticle:
    """The headline (if found) and the article text, paragraphs separated by a blank line."""

    title: str | None
    text: str
    removed: tuple[Removal, ...]


def clean_article(raw: str, patterns: BoilerplatePatterns) -> CleanedArticle:
    """Drop what is not the article and find the headline.

    raw (str): the article as read from a .txt/.md file or extracted from HTML.
    patterns (BoilerplatePatterns): from `load_boilerplate_patterns`.
    RETURNS (CleanedArticle): title, the text (title first, paragraphs joined by "\\n\\n"; Markdown
        syntax reduced to its text, other characters unchanged) and every removal in document order.
    """
    removed: list[tuple[int, Removal]] = []
    lines = _split_lines(raw)
    kept = remove_line_boilerplate(lines, patterns, removed)
    kept = remove_header_lines(lines, kept, patterns, removed)
    paragraphs = _join_paragraphs(_to_plain(kept, patterns.markup), patterns)
    paragraphs = remove_captions(paragraphs, patterns, removed)
    paragraphs = remove_tail(paragraphs, patterns, removed)
    title, paragraphs = find_title(paragraphs, patterns, removed)
    return CleanedArticle(
        title=title,
        text="\n\n".join(p.text for p in paragraphs),
        removed=tuple(r for _, r in sorted(removed, key=lambda item: item[0])),
    )


def _split_lines(raw: str) -> list[Piece]:
    """Non-blank lines, stripped, each tagged with the blank-line-separated block it belongs to."""
    pieces: list[Piece] = []
    block = 0
    for pos, line in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        text = line.strip()
        if text:
            pieces.append(Piece(pos, text, block))
        else:
            block += 1
    return pieces


def _to_plain(lines: list[Piece], markup: tuple[Markup, ...]) -> list[Piece]:
    plain = (Piece(line.pos, plain_text(line.text, markup), line.block) for line in lines)
    return [line for line in plain if line.text]


def _join_paragraphs(lines: list[Piece], patterns: BoilerplatePatterns) -> list[Piece]:
    """One paragraph per line, except blocks of hard-wrapped prose (Markdown), kept as one paragraph.

    Pasted web text puts one paragraph per line, sometimes without blank lines between them
    (seeds/003), so a line break is a paragraph break unless the block looks wrapped at a fixed width.
    """
    blocks: dict[int, list[Piece]] = {}
    for line in lines:
        blocks.setdefault(line.block, []).append(line)
    paragraphs: list[Piece] = []
    for block in blocks.values():
        if _is_wrapped(block, patterns):
            paragraphs.append(Piece(block[0].pos, "\n".join(p.text for p in block), block[0].block))
        else:
            paragraphs.extend(block)
    return paragraphs


def _is_wrapped(block: list[Piece], patterns: BoilerplatePatterns) -> bool:
    """Wrapped prose fills its lines; short lines stacked together (masthead, label) are not prose."""
    lengths = [len(p.text) for p in block]
    if len(block) < 2 or not patterns.wrap_min_chars <= max(lengths) <= patterns.wrap_max_chars:
        return False
    full = all(n >= patterns.wrap_min_fill * max(lengths) for n in lengths[:-1])
    mid_sentence = any(not p.text.endswith((".", "!", "?", "”", '"', ":")) for p in block[:-1])
    return full and mid_sentence
