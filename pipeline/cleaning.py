"""Separate an article's own text (headline and body) from page furniture, recording what was dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

_FRAGMENT = re.compile(r"\{([a-z_]+)\}")
_SENTENCE_BREAK = re.compile(r"[.!?][”\"’')\]]?\s+[A-Z“\"]")
_SENTENCE_END = re.compile(r"[.!?][”\"’')\]]*$")
_HEADLINE_END = re.compile(r"[.:;,]$")


@dataclass(frozen=True)
class LineRule:
    """One boilerplate pattern: lines matching `pattern` go, then lines matching any of `then`.

    `first_line` False keeps the rule off an article's first line (the headline's place);
    `next_to` names a removal kind that must sit on the line just before or after.
    """

    kind: str
    pattern: re.Pattern[str]
    then: tuple[re.Pattern[str], ...] = ()
    first_line: bool = True
    next_to: str | None = None


@dataclass(frozen=True)
class Markup:
    """A Markdown construct and the plain text it stands for (`replace` may use groups)."""

    pattern: re.Pattern[str]
    replace: str


@dataclass(frozen=True)
class BoilerplatePatterns:
    """The compiled contents of data/patterns/boilerplate.yaml."""

    line_rules: tuple[LineRule, ...]
    header_rules: tuple[LineRule, ...]
    tail_rules: tuple[LineRule, ...]
    tail_sections: tuple[LineRule, ...]
    markup: tuple[Markup, ...]
    credits: tuple[re.Pattern[str], ...]
    caption_signals: tuple[re.Pattern[str], ...]
    title_max_words: int
    kicker_max_words: int
    caption_max_words: int
    wrap_max_chars: int
    wrap_min_chars: int
    wrap_min_fill: float
    header_max_lines: int
    body_min_words: int
    section_max_paragraphs: int


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

    def rules(key: str) -> tuple[LineRule, ...]:
        return tuple(_compile_rule(r, fragments, continuations) for r in spec.get(key, ()))

    captions = spec["captions"]
    structure = spec["structure"]
    return BoilerplatePatterns(
        line_rules=rules("line_rules"),
        header_rules=rules("header_rules"),
        tail_rules=rules("tail_rules"),
        tail_sections=rules("tail_sections"),
        markup=tuple(
            Markup(_compile(m["pattern"], fragments, case_sensitive=True), m["replace"]) for m in spec.get("markup", ())
        ),
        credits=tuple(_compile(p, fragments, case_sensitive=True) for p in captions["credit_at_end"]),
        caption_signals=tuple(_compile(p, fragments, case_sensitive=True) for p in captions["signals"]),
        title_max_words=int(structure["title_max_words"]),
        kicker_max_words=int(structure["kicker_max_words"]),
        caption_max_words=int(structure["caption_max_words"]),
        wrap_max_chars=int(structure["wrap_max_chars"]),
        wrap_min_chars=int(structure["wrap_min_chars"]),
        wrap_min_fill=float(structure["wrap_min_fill"]),
        header_max_lines=int(structure["header_max_lines"]),
        body_min_words=int(structure["body_min_words"]),
        section_max_paragraphs=int(structure["section_max_paragraphs"]),
    )


def _compile(pattern: str, fragments: dict[str, str], *, case_sensitive: bool) -> re.Pattern[str]:
    """Insert `{name}` fragments (which may use other fragments), then compile."""
    expanded = pattern
    for _ in range(len(fragments) + 1):
        expanded = _FRAGMENT.sub(lambda m: fragments.get(m.group(1), m.group(0)), expanded)
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
        first_line=bool(rule.get("first_line", True)),
        next_to=rule.get("next_to"),
    )


def clean_article(raw: str, patterns: BoilerplatePatterns) -> CleanedArticle:
    """Drop what is not the article and find the headline.

    raw (str): the article as read from a .txt/.md file or extracted from HTML.
    patterns (BoilerplatePatterns): from `load_boilerplate_patterns`.
    RETURNS (CleanedArticle): title, the text (title first, paragraphs joined by "\\n\\n"; Markdown
        syntax reduced to its text, other characters unchanged) and every removal in document order.
    """
    removed: list[tuple[int, Removal]] = []
    lines = _split_lines(raw)
    kept = _remove_line_boilerplate(lines, patterns, removed)
    kept = _remove_header_lines(lines, kept, patterns, removed)
    paragraphs = _join_paragraphs(_to_plain(kept, patterns.markup), patterns)
    paragraphs = _remove_captions(paragraphs, patterns, removed)
    paragraphs = _remove_tail(paragraphs, patterns, removed)
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


def _plain(text: str, markup: tuple[Markup, ...]) -> str:
    """The text with Markdown links, emphasis, heading and quote marks reduced to what they show."""
    for item in markup:
        text = item.pattern.sub(item.replace, text)
    return text.strip()


def _to_plain(lines: list[_Piece], markup: tuple[Markup, ...]) -> list[_Piece]:
    plain = (_Piece(line.pos, _plain(line.text, markup), line.block) for line in lines)
    return [line for line in plain if line.text]


def _matching_rule(text: str, rules: tuple[LineRule, ...], markup: tuple[Markup, ...]) -> LineRule | None:
    """A rule matches the line as written or its plain text ("> **Sign up** ..." is a newsletter box)."""
    plain = _plain(text, markup)
    return next((r for r in rules if r.pattern.search(text) or r.pattern.search(plain)), None)


def _remove_line_boilerplate(
    lines: list[_Piece], patterns: BoilerplatePatterns, removed: list[tuple[int, Removal]]
) -> list[_Piece]:
    """Apply the line rules; a matching rule's continuation set also takes the lines that follow."""
    kept: list[_Piece] = []
    continuing: LineRule | None = None
    for line in lines:
        rule = _matching_rule(line.text, patterns.line_rules, patterns.markup)
        if rule is None and continuing and any(p.search(line.text) for p in continuing.then):
            removed.append((line.pos, Removal(continuing.kind, line.text)))
            continue
        continuing = rule
        if rule:
            removed.append((line.pos, Removal(rule.kind, line.text)))
        else:
            kept.append(line)
    return kept


def _remove_header_lines(
    lines: list[_Piece], kept: list[_Piece], patterns: BoilerplatePatterns, removed: list[tuple[int, Removal]]
) -> list[_Piece]:
    """Apply the header rules (bylines without "By", month-only dates, mastheads) above the body only:
    the same shapes further down are article text. Rules with `next_to` run second, beside the first's."""
    header = {line.pos for line in lines[: _body_start(lines, patterns)]}
    first = lines[0].pos if lines else -1
    kinds = {pos: r.kind for pos, r in removed}
    order = [line.pos for line in lines]
    for second_pass in (False, True):
        for line in (k for k in kept if k.pos in header and k.pos not in kinds):
            neighbours = _neighbour_kinds(line.pos, order, kinds)
            rules = tuple(r for r in patterns.header_rules if _applies(r, second_pass, line.pos == first, neighbours))
            rule = _matching_rule(line.text, rules, patterns.markup)
            if rule:
                kinds[line.pos] = rule.kind
                removed.append((line.pos, Removal(rule.kind, line.text)))
    return [line for line in kept if line.pos not in kinds]


def _applies(rule: LineRule, second_pass: bool, is_first: bool, neighbours: set[str]) -> bool:
    """First pass: rules that stand alone; second pass: rules that need a removal beside the line."""
    if (rule.next_to is not None) != second_pass or (is_first and not rule.first_line):
        return False
    return rule.next_to is None or rule.next_to in neighbours


def _body_start(lines: list[_Piece], patterns: BoilerplatePatterns) -> int:
    """Index of the first line that reads as a body sentence, at most `header_max_lines` down."""
    for i, line in enumerate(lines[: patterns.header_max_lines]):
        if len(line.text.split()) >= patterns.body_min_words and _SENTENCE_END.search(line.text):
            return i
    return min(len(lines), patterns.header_max_lines)


def _neighbour_kinds(pos: int, order: list[int], kinds: dict[int, str]) -> set[str]:
    i = order.index(pos)
    return {kinds.get(order[j], "") for j in (i - 1, i + 1) if 0 <= j < len(order)}


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
    """Wrapped prose fills its lines; short lines stacked together (masthead, label) are not prose."""
    lengths = [len(p.text) for p in block]
    if len(block) < 2 or not patterns.wrap_min_chars <= max(lengths) <= patterns.wrap_max_chars:
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
    paragraphs: list[_Piece], patterns: BoilerplatePatterns, removed: list[tuple[int, Removal]]
) -> list[_Piece]:
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


def _tail_section(paragraphs: list[_Piece], end: int, patterns: BoilerplatePatterns) -> tuple[int, LineRule | None]:
    """The closing section heading a few paragraphs above `end`, if there is one."""
    for start in range(end - 2, max(end - 2 - patterns.section_max_paragraphs, -1), -1):
        rule = next((r for r in patterns.tail_sections if r.pattern.search(paragraphs[start].text)), None)
        if rule:
            return start, rule
    return end, None


def _find_title(
    paragraphs: list[_Piece], patterns: BoilerplatePatterns, removed: list[tuple[int, Removal]]
) -> tuple[str | None, list[_Piece]]:
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
