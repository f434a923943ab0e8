"""Separate an article's own text (headline and body) from page furniture, recording what was dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

_FRAGMENT = re.compile(r"\{([a-z_]+)\}")
_SENTENCE_BREAK = re.compile(r"[.!?][”\"’')\]]?\s+[A-Z“\"]")
_HEADLINE_END = re.compile(r"[.:;,]$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")


@dataclass(frozen=True)
class LineRule:
    """One boilerplate pattern: lines matching `pattern` go, then lines matching any of `then`."""

    kind: str
    pattern: re.Pattern[str]
    then: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class BoilerplatePatterns:
    """The compiled contents of data/patterns/boilerplate.yaml."""

    line_rules: tuple[LineRule, ...]
    tail_rules: tuple[LineRule, ...]
    credits: tuple[re.Pattern[str], ...]
    caption_signals: tuple[re.Pattern[str], ...]
    title_max_words: int
    kicker_max_words: int
    caption_max_words: int
    wrap_max_chars: int
    wrap_min_fill: float


@dataclass(frozen=True)
class Removal:
    """A piece of the raw text that is not article text, with what it was taken for."""

    kind: str
    text: str


@dataclass(frozen=True)
class CleanedArticle:
    """The headline (if found) and the article text, paragraphs separated by a blank line."""

    title: str | None
    text: str
    removed: tuple[Removal, ...]


@dataclass(frozen=True)
class _Piece:
    """A line or paragraph with its position in the raw text, so removals keep document order."""

    pos: int
    text: str
    block: int = 0


def load_boilerplate_patterns(path: Path) -> BoilerplatePatterns:
    """Read and compile the boilerplate rules.

    path (Path): a YAML file shaped like data/patterns/boilerplate.yaml.
    RETURNS (BoilerplatePatterns): compiled rules; raises ValueError naming a bad regex.
    """
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    fragments = spec.get("fragments", {})
    continuations = {
        name: tuple(_compile(p, fragments, case_sensitive=False) for p in regexes)
        for name, regexes in spec.get("continuations", {}).items()
    }
    captions = spec["captions"]
    structure = spec["structure"]
    return BoilerplatePatterns(
        line_rules=tuple(_compile_rule(r, fragments, continuations) for r in spec["line_rules"]),
        tail_rules=tuple(_compile_rule(r, fragments, continuations) for r in spec["tail_rules"]),
        credits=tuple(_compile(p, fragments, case_sensitive=True) for p in captions["credit_at_end"]),
        caption_signals=tuple(_compile(p, fragments, case_sensitive=True) for p in captions["signals"]),
        title_max_words=int(structure["title_max_words"]),
        kicker_max_words=int(structure["kicker_max_words"]),
        caption_max_words=int(structure["caption_max_words"]),
        wrap_max_chars=int(structure["wrap_max_chars"]),
        wrap_min_fill=float(structure["wrap_min_fill"]),
    )


def _compile(pattern: str, fragments: dict[str, str], *, case_sensitive: bool) -> re.Pattern[str]:
    def insert(match: re.Match[str]) -> str:
        return fragments.get(match.group(1), match.group(0))

    expanded = _FRAGMENT.sub(insert, pattern)
    try:
        return re.compile(expanded, 0 if case_sensitive else re.IGNORECASE)
    except re.error as err:
        raise ValueError(f"bad boilerplate regex {pattern!r}: {err}") from err


def _compile_rule(rule: dict, fragments: dict[str, str], continuations: dict) -> LineRule:
    then = rule.get("then")
    if then is not None and then not in continuations:
        raise KeyError(f"rule {rule['pattern']!r} continues with unknown set {then!r}; known: {sorted(continuations)}")
    return LineRule(
        kind=rule["kind"],
        pattern=_compile(rule["pattern"], fragments, case_sensitive=bool(rule.get("case_sensitive"))),
        then=continuations.get(then, ()),
    )


def clean_article(raw: str, patterns: BoilerplatePatterns) -> CleanedArticle:
    """Drop what is not the article and find the headline.

    raw (str): the article as read from a .txt/.md file or extracted from HTML.
    patterns (BoilerplatePatterns): from `load_boilerplate_patterns`.
    RETURNS (CleanedArticle): title, the text (title first, paragraphs joined by "\\n\\n", characters
        inside paragraphs unchanged so offsets stay meaningful) and every removal in document order.
    """
    removed: list[tuple[int, Removal]] = []
    lines = _remove_line_boilerplate(_split_lines(raw), patterns.line_rules, removed)
    paragraphs = _join_paragraphs(lines, patterns)
    paragraphs = _remove_captions(paragraphs, patterns, removed)
    paragraphs = _remove_tail(paragraphs, patterns.tail_rules, removed)
    title, paragraphs = _find_title(paragraphs, patterns, removed)
    return CleanedArticle(
        title=title,
        text="\n\n".join(p.text for p in paragraphs),
        removed=tuple(r for _, r in sorted(removed, key=lambda item: item[0])),
    )


def _split_lines(raw: str) -> list[_Piece]:
    """Non-blank lines, stripped, each tagged with the blank-line-separated block it belongs to."""
    pieces: list[_Piece] = []
    block = 0
    for pos, line in enumerate(raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        text = line.strip()
        if text:
            pieces.append(_Piece(pos, text, block))
        else:
            block += 1
    return pieces


def _remove_line_boilerplate(
    lines: list[_Piece], rules: tuple[LineRule, ...], removed: list[tuple[int, Removal]]
) -> list[_Piece]:
    """Apply the line rules; a matching rule's continuation set also takes the lines that follow."""
    kept: list[_Piece] = []
    continuing: LineRule | None = None
    for line in lines:
        if continuing and any(p.search(line.text) for p in continuing.then):
            removed.append((line.pos, Removal(continuing.kind, line.text)))
            continue
        continuing = next((r for r in rules if r.pattern.search(line.text)), None)
        if continuing:
            removed.append((line.pos, Removal(continuing.kind, line.text)))
        else:
            kept.append(line)
    return kept


def _join_paragraphs(lines: list[_Piece], patterns: BoilerplatePatterns) -> list[_Piece]:
    """One paragraph per line, except blocks of hard-wrapped prose (Markdown), kept as one paragraph.

    Pasted web text puts one paragraph per line, sometimes without blank lines between them
    (seeds/003), so a line break is a paragraph break unless the block looks wrapped at a fixed width.
    """
    blocks: dict[int, list[_Piece]] = {}
    for line in lines:
        blocks.setdefault(line.block, []).append(line)
    paragraphs: list[_Piece] = []
    for block in blocks.values():
        if _is_wrapped(block, patterns):
            paragraphs.append(_Piece(block[0].pos, "\n".join(p.text for p in block), block[0].block))
        else:
            paragraphs.extend(block)
    return paragraphs


def _is_wrapped(block: list[_Piece], patterns: BoilerplatePatterns) -> bool:
    lengths = [len(p.text) for p in block]
    if len(block) < 2 or max(lengths) > patterns.wrap_max_chars:
        return False
    full = all(n >= patterns.wrap_min_fill * max(lengths) for n in lengths[:-1])
    mid_sentence = any(not p.text.endswith((".", "!", "?", "”", '"', ":")) for p in block[:-1])
    return full and mid_sentence


def _remove_captions(
    paragraphs: list[_Piece], patterns: BoilerplatePatterns, removed: list[tuple[int, Removal]]
) -> list[_Piece]:
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


def _remove_tail(
    paragraphs: list[_Piece], rules: tuple[LineRule, ...], removed: list[tuple[int, Removal]]
) -> list[_Piece]:
    """Strip author bios and credit lines from the end; the same sentence mid-article is reporting."""
    end = len(paragraphs)
    while end > 0:
        rule = next((r for r in rules if r.pattern.search(paragraphs[end - 1].text)), None)
        if rule is None:
            break
        end -= 1
        removed.append((paragraphs[end].pos, Removal(rule.kind, paragraphs[end].text)))
    return paragraphs[:end]


def _find_title(
    paragraphs: list[_Piece], patterns: BoilerplatePatterns, removed: list[tuple[int, Removal]]
) -> tuple[str | None, list[_Piece]]:
    """The first paragraph is the headline if it reads like one; a short label above it is a kicker."""
    if len(paragraphs) > 1 and _is_kicker(paragraphs[0].text, paragraphs[1].text, patterns):
        removed.append((paragraphs[0].pos, Removal("section_label", paragraphs[0].text)))
        paragraphs = paragraphs[1:]
    if not paragraphs or not _is_headline(paragraphs[0].text, patterns.title_max_words):
        return None, paragraphs
    first = paragraphs[0]
    title = _MARKDOWN_HEADING.sub("", first.text)
    return title, [_Piece(first.pos, title, first.block), *paragraphs[1:]]


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
