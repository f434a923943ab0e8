"""Read and compile data/patterns/boilerplate.yaml: line rules, Markdown markup and caption signals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.cleaning.fragments import compile_with_fragments
from pipeline.knowledge_files import strictly


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


def load_boilerplate_patterns(path: Path) -> BoilerplatePatterns:
    """Read and compile the boilerplate rules.

    path (Path): a YAML file shaped like data/patterns/boilerplate.yaml.
    RETURNS (BoilerplatePatterns): compiled rules; raises ValueError naming a bad regex.
    """
    with strictly(path) as spec:
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
                Markup(_compile(m["pattern"], fragments, case_sensitive=True), m["replace"])
                for m in spec.get("markup", ())
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
    flags = 0 if case_sensitive else re.IGNORECASE
    return compile_with_fragments(pattern, fragments, flags=flags, source="boilerplate")


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
