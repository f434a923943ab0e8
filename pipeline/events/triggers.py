"""Find the trigger words and phrases of events.yaml in a sentence, with the tagger's reading."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.events.patterns import EventPatterns, TriggerRule

VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_NOUN_ROLES = frozenset({"dobj", "nsubj", "nsubjpass", "pobj"})
_JOINERS = frozenset({"-", "–"})  # "air-strike" and "sit-in" match "air strike" and "sit in"


@dataclass(frozen=True)
class Trigger:
    """A trigger found in the text: `head` is the verb (first word) or the noun (last word)."""

    head: Token
    first: int  # token indexes [first, last] of the whole phrase
    last: int
    rule: TriggerRule
    kind: str  # "verb" or "noun"

    @property
    def tokens(self) -> list[Token]:
        return [self.head.doc[i] for i in range(self.first, self.last + 1)]


def find_triggers(sentence: Span, patterns: EventPatterns) -> list[Trigger]:
    """Every trigger of the sentence, longest first at each position, never overlapping; a verb
    phrase counts only when the tagger reads its first word as a verb, a noun phrase only when
    its last word is a noun (not part of a date: "March")."""
    index = _phrase_index(patterns)
    tokens = [t for t in sentence if not t.is_space and t.text not in _JOINERS]
    found: list[Trigger] = []
    position = 0
    while position < len(tokens):
        match = _longest_match(tokens, position, index)
        if match is None:
            position += 1
            continue
        length, rule, kind = match
        first, last = tokens[position], tokens[position + length - 1]
        head = first if kind == "verb" else last
        found.append(Trigger(head, first.i, last.i, rule, kind))
        position += length
    return found


def _longest_match(tokens: list[Token], position: int, index: dict) -> tuple[int, TriggerRule, str] | None:
    for phrase, rule, kind in index.get(tokens[position].lower_, ()):
        length = len(phrase)
        if position + length > len(tokens):
            continue
        words = tokens[position : position + length]
        if any(t.lower_ != w for t, w in zip(words, phrase, strict=True)):
            continue
        if kind == "verb" and (words[0].tag_ in VERB_TAGS or _heads_a_clause(words[0])):
            return length, rule, kind
        if kind == "noun" and _used_as_noun(words[-1]) and words[-1].ent_type_ not in ("DATE", "TIME"):
            return length, rule, kind
    return None


def _heads_a_clause(token: Token) -> bool:
    """A word the tagger calls a singular noun that has a subject of its own is a verb ("A
    military helicopter shot at both villages": "shot" tagged NN)."""
    return token.tag_ == "NN" and any(c.dep_ == "nsubj" for c in token.children)


def _used_as_noun(token: Token) -> bool:
    """A noun, or a word the tagger calls an adjective that the parse uses as one ("launched an
    offensive": "offensive" tagged JJ, the verb's object)."""
    return token.tag_ in NOUN_TAGS or (token.tag_ == "JJ" and token.dep_ in _NOUN_ROLES)


_INDEXES: dict[int, tuple[EventPatterns, dict]] = {}


def _phrase_index(patterns: EventPatterns) -> dict:
    """first word -> [(words, rule, kind)], longest phrase first, then the earlier rule; built once
    per loaded patterns (kept with them, so the id is never reused while cached)."""
    cached = _INDEXES.get(id(patterns))
    if cached is not None and cached[0] is patterns:
        return cached[1]
    index: dict[str, list] = {}
    for rule in patterns.rules:
        for kind, phrases in (("verb", rule.verbs), ("noun", rule.nouns)):
            for phrase in phrases:
                words = tuple(w for part in phrase for w in part.replace("-", " - ").split() if w != "-")
                index.setdefault(words[0], []).append((words, rule, kind))
    for options in index.values():
        options.sort(key=lambda o: (-len(o[0]), o[1].order))
    if len(_INDEXES) > 8:
        _INDEXES.clear()
    _INDEXES[id(patterns)] = (patterns, index)
    return index
