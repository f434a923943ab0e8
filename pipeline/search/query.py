"""An analyst's search query: parsed, checked, actor names expanded, and turned into safe FTS5 expressions.

Syntax: words (all must occur in an article), AND, OR, NOT (upper case; `a NOT b` is a and not b),
parentheses, "phrases" (straight or curly quotes), and prefix* (at least two letters). A word or
phrase that is an actor's name or alias stands for the actor: it matches every alias of it
(`Daesh` finds "Islamic State" and "ISIS"), and so do consecutive words that spell one
(`Popular Mobilization Forces`). The user's text never reaches MATCH: every word becomes a quoted
token of letters and digits (pipeline.search.text), so nothing in it is read as FTS5 syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from pipeline.names import TransliterationRules
from pipeline.search.text import WORD, WORD_KEY, fold_word, is_acronym_key, split_words, word_key

OPERATORS = ("AND", "OR", "NOT")
OPENING_QUOTES, CLOSING_QUOTES = '"“”„«‟', '"”“»‟'
MIN_PREFIX = 2  # letters before a *: one letter would match most of the index
MAX_ALIAS_WORDS = 8  # the longest run of words tried as an actor's name
_LEXEME = re.compile(
    r"\s+|(?P<paren>[()])|(?P<quote>[" + OPENING_QUOTES + r"])|(?P<word>[^\s()" + OPENING_QUOTES + "]+)"
)


class QueryError(ValueError):
    """A query that cannot be searched; the message says what to change."""


@dataclass(frozen=True)
class Alternative:
    """One way a leaf matches: consecutive words whose `field` ('body' or 'skel') equals `values`,
    the last one only as a prefix when `prefix`."""

    field: str
    values: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Leaf:
    """A word, phrase or prefix as typed, and the actors it names (filled in by `expand_actors`)."""

    text: str
    words: tuple[str, ...]
    prefix: bool = False
    phrase: bool = False
    actors: frozenset[str] = frozenset()
    aliases: tuple[tuple[str, ...], ...] = ()  # the words of every alias of those actors


@dataclass(frozen=True)
class Node:
    """AND, OR or NOT of `children` (NOT has one)."""

    op: str
    children: tuple = field(default_factory=tuple)


def parse_query(text: str) -> Leaf | Node:
    """The query's tree. Raises QueryError saying what is wrong (unclosed quote or parenthesis, an
    operator without a word beside it, a query of NOT only, a prefix too short, no word at all)."""
    tokens = _lex(text)
    if not tokens:
        raise QueryError("type a word to search for")
    parser = _Parser(tokens)
    tree = parser.parse_or()
    if parser.peek() is not None:
        kind, value = parser.peek()
        raise QueryError(f"“{value}” has no opening “(”" if value == ")" else f"cannot read the query at “{value}”")
    _check_positive(tree)
    return tree


def _lex(text: str) -> list[tuple[str, str]]:
    """(kind, value) tokens: 'paren', 'phrase', 'op', 'word'."""
    tokens, at = [], 0
    while at < len(text):
        match = _LEXEME.match(text, at)
        if match.group("quote"):
            end = next((i for i in range(match.end(), len(text)) if text[i] in CLOSING_QUOTES), -1)
            if end < 0:
                raise QueryError(f"the phrase {text[at : at + 30]}… has no closing quote")
            tokens.append(("phrase", text[match.end() : end]))
            at = end + 1
            continue
        if match.group("paren"):
            tokens.append(("paren", match.group("paren")))
        elif match.group("word"):
            value = match.group("word")
            tokens.append(("op" if value in OPERATORS else "word", value))
        at = match.end()
    return tokens


class _Parser:
    """Recursive descent over the tokens: OR of ANDs of (NOT) primaries."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens, self.at = tokens, 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        self.at += 1
        return self.tokens[self.at - 1]

    def parse_or(self) -> Leaf | Node:
        parts = [self.parse_and()]
        while self.peek() == ("op", "OR"):
            self.take()
            parts.append(self.parse_and(after="OR"))
        return parts[0] if len(parts) == 1 else Node("OR", tuple(parts))

    def parse_and(self, after: str = "") -> Leaf | Node:
        parts = []
        while (token := self.peek()) is not None and token not in (("op", "OR"), ("paren", ")")):
            if token == ("op", "AND"):
                self.take()
                if not parts:
                    raise QueryError("AND needs a word or phrase on each side")
                after = "AND"
                continue
            parts.append(self.parse_unary())
            after = ""
        if after or (parts == [] and self.peek() == ("op", "OR")):
            raise QueryError(f"{after or 'OR'} needs a word or phrase on each side")
        if not parts:
            raise QueryError("a “(” has no closing “)”" if self.peek() is None else "the parentheses hold nothing")
        return parts[0] if len(parts) == 1 else Node("AND", tuple(parts))

    def parse_unary(self) -> Leaf | Node:
        kind, value = self.take()
        if (kind, value) == ("op", "NOT"):
            if self.peek() is None or self.peek() in (("op", "OR"), ("op", "AND"), ("paren", ")")):
                raise QueryError("NOT needs a word or phrase after it, e.g. smuggling NOT Captagon")
            return Node("NOT", (self.parse_unary(),))
        if kind == "paren" and value == "(":
            if self.peek() == ("paren", ")"):
                raise QueryError("the parentheses hold nothing to search for")
            inner = self.parse_or()
            if self.peek() != ("paren", ")"):
                raise QueryError("a “(” has no closing “)”")
            self.take()
            return inner
        if kind == "paren":
            raise QueryError("a “)” has no opening “(”")
        return _leaf(value, phrase=kind == "phrase")


def _leaf(text: str, *, phrase: bool) -> Leaf:
    prefix = not phrase and text.endswith("*")
    stripped = text.rstrip("*") if prefix else text
    words = tuple(match.group() for match in _words(stripped))
    if not words:
        raise QueryError(f"“{text}” has no letter or digit to search for")
    if prefix and len(fold_word(words[-1])) < MIN_PREFIX:
        raise QueryError(f"a prefix needs at least {MIN_PREFIX} letters before the *: “{text}”")
    return Leaf(text=text, words=words, prefix=prefix, phrase=phrase or len(words) > 1)


def _words(text: str) -> Iterable[re.Match]:
    return (match for match in WORD.finditer(text) if fold_word(match.group()))


def _check_positive(node: Leaf | Node) -> None:
    """Every AND and OR branch must search for something: NOT alone matches nearly everything."""
    if isinstance(node, Leaf):
        return
    if node.op == "NOT" or (node.op == "AND" and all(_negative(c) for c in node.children)):
        raise QueryError("NOT needs a word to search for beside it, e.g. smuggling NOT Captagon")
    for child in node.children:
        if not _negative(child):
            _check_positive(child)


def _negative(node: Leaf | Node) -> bool:
    return isinstance(node, Node) and node.op == "NOT"


def leaves(node: Leaf | Node, *, positive: bool = True) -> list[Leaf]:
    """The leaves of the tree; with `positive`, only those not under a NOT (what hits are made of)."""
    if isinstance(node, Leaf):
        return [node]
    if positive and node.op == "NOT":
        return []
    return [leaf for child in node.children for leaf in leaves(child, positive=positive)]


class AliasIndex:
    """Actors by the words of their names and aliases, compared as the index compares words."""

    def __init__(self, names: Mapping[str, Iterable[str]], rules: TransliterationRules) -> None:
        self.rules = rules
        self._actors: dict[tuple[str, ...], set[str]] = {}
        self._aliases: dict[str, set[tuple[str, ...]]] = {}
        for actor_id, spellings in names.items():
            for spelling in spellings:
                words = tuple(match.group() for match in _words(str(spelling or "")))
                if not words:
                    continue
                self._aliases.setdefault(actor_id, set()).add(words)
                for signature in self.signatures(words):
                    self._actors.setdefault(signature, set()).add(actor_id)

    def signatures(self, words: tuple[str, ...]) -> set[tuple[str, ...]]:
        """How a run of words is looked up: its folded words (acronyms apart), and its name skeletons."""
        keys = [word_key(word, self.rules) for word in words]
        folded = tuple(
            key if is_acronym_key(key) else WORD_KEY + fold_word(word) for key, word in zip(keys, words, strict=True)
        )
        as_names = tuple(word_key(word, self.rules, as_name=True) for word in words)
        return {folded, as_names}

    def actors_named(self, words: tuple[str, ...]) -> frozenset[str]:
        """The actors one of whose names or aliases these words are."""
        return frozenset(a for signature in self.signatures(words) for a in self._actors.get(signature, ()))

    def aliases_of(self, actors: Iterable[str]) -> tuple[tuple[str, ...], ...]:
        """The words of every name and alias of `actors`, sorted."""
        return tuple(sorted({words for actor in actors for words in self._aliases.get(actor, ())}))


def expand_actors(node: Leaf | Node, aliases: AliasIndex) -> Leaf | Node:
    """The tree with every leaf (and run of plain words under one AND) that names an actor marked with
    the actor and its aliases. Prefixes are left alone: they are the analyst's own wildcard."""
    if isinstance(node, Leaf):
        return _named(node, aliases)
    children = tuple(expand_actors(child, aliases) for child in node.children)
    if node.op == "AND":
        children = _join_names(children, aliases)
        if len(children) == 1:
            return children[0]
    return replace(node, children=children)


def _named(leaf: Leaf, aliases: AliasIndex) -> Leaf:
    if leaf.prefix:
        return leaf
    actors = aliases.actors_named(leaf.words)
    return replace(leaf, actors=actors, aliases=aliases.aliases_of(actors)) if actors else leaf


def _join_names(children: tuple, aliases: AliasIndex) -> tuple:
    """Runs of two or more plain words that spell an actor's name become one leaf naming it, longest first."""
    out, at = [], 0
    while at < len(children):
        for end in range(min(len(children), at + MAX_ALIAS_WORDS), at + 1, -1):
            run = children[at:end]
            if all(isinstance(c, Leaf) and not (c.prefix or c.phrase) for c in run):
                words = tuple(word for leaf in run for word in leaf.words)
                if actors := aliases.actors_named(words):
                    text = " ".join(leaf.text for leaf in run)
                    out.append(Leaf(text, words, phrase=True, actors=actors, aliases=aliases.aliases_of(actors)))
                    at = end
                    break
        else:
            out.append(children[at])
            at += 1
    return tuple(out)


def alternatives(leaf: Leaf, rules: TransliterationRules) -> tuple[Alternative, ...]:
    """Every way `leaf` matches, in the index's two columns: its folded words (unless it holds an
    acronym, which only the skel column tells from a word), their keys as typed, their keys as a
    name's (so 'hizbullah' meets 'Hezbollah'), and the same for every alias of the actors it names."""
    found: dict[Alternative, None] = {}
    for words, typed in ((leaf.words, True), *((alias, False) for alias in leaf.aliases)):
        keys = tuple(word_key(word, rules) for word in words)
        if not any(map(is_acronym_key, keys)):
            found[Alternative("body", tuple(fold_word(word) for word in words), leaf.prefix and typed)] = None
        if leaf.prefix and typed:
            continue
        found[Alternative("skel", keys)] = None
        if typed:
            found[Alternative("skel", tuple(word_key(word, rules, as_name=True) for word in words))] = None
    return tuple(found)


def fts_expression(options: Iterable[Alternative]) -> str:
    """An FTS5 MATCH expression true where any alternative matches. Every value is a run of letters
    and digits inside double quotes (a quote in one would be doubled), so it is read as a token."""
    parts = []
    for option in options:
        phrase = " ".join(value.replace('"', '""') for value in option.values)
        parts.append(f'{option.field} : "{phrase}"' + (" *" if option.prefix else ""))
    return " OR ".join(parts)


def match_spans(text: str, options: Iterable[Alternative], rules: TransliterationRules) -> list[tuple[int, int]]:
    """(start, end) of every stretch of `text` that an alternative matches, overlaps merged, in text
    order (for highlighting)."""
    words = split_words(text, rules)
    spans = set()
    for option in options:
        size = len(option.values)
        for at in range(len(words) - size + 1):
            run = words[at : at + size]
            if all(
                _word_matches(w, v, option, last=i == size - 1)
                for i, (w, v) in enumerate(zip(run, option.values, strict=True))
            ):
                spans.add((run[0].start, run[-1].end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):  # an alias inside a longer one ("Tahrir al-Sham") marks nothing twice
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _word_matches(word, value: str, option: Alternative, *, last: bool) -> bool:
    found = word.body if option.field == "body" else word.key
    return found.startswith(value) if option.prefix and last else found == value
