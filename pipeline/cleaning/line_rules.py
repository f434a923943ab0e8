"""Remove boilerplate lines: the line rules anywhere, the header rules only above the article body."""

from __future__ import annotations

import re

from pipeline.cleaning.boilerplate_patterns import BoilerplatePatterns, LineRule, Markup
from pipeline.cleaning.pieces import Piece, Removal, plain_text

_SENTENCE_END = re.compile(r"[.!?][”\"’')\]]*$")


def _matching_rule(text: str, rules: tuple[LineRule, ...], markup: tuple[Markup, ...]) -> LineRule | None:
    """A rule matches the line as written or its plain text ("> **Sign up** ..." is a newsletter box)."""
    plain = plain_text(text, markup)
    return next((r for r in rules if r.pattern.search(text) or r.pattern.search(plain)), None)


def remove_line_boilerplate(
    lines: list[Piece], patterns: BoilerplatePatterns, removed: list[tuple[int, Removal]]
) -> list[Piece]:
    """Apply the line rules; a matching rule's continuation set also takes the lines that follow."""
    kept: list[Piece] = []
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


def remove_header_lines(
    lines: list[Piece], kept: list[Piece], patterns: BoilerplatePatterns, removed: list[tuple[int, Removal]]
) -> list[Piece]:
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


def _body_start(lines: list[Piece], patterns: BoilerplatePatterns) -> int:
    """Index of the first line that reads as a body sentence, at most `header_max_lines` down."""
    for i, line in enumerate(lines[: patterns.header_max_lines]):
        if len(line.text.split()) >= patterns.body_min_words and _SENTENCE_END.search(line.text):
            return i
    return min(len(lines), patterns.header_max_lines)


def _neighbour_kinds(pos: int, order: list[int], kinds: dict[int, str]) -> set[str]:
    i = order.index(pos)
    return {kinds.get(order[j], "") for j in (i - 1, i + 1) if 0 <= j < len(order)}
