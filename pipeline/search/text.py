"""Words of a text as the search index holds them: folded for matching, with their offsets in the text.

Each word gets two forms. `body` is the word folded: compatibility forms, no diacritics, case folded,
no apostrophes (Kata’ib, Kata'ib and Kataib are `kataib`; Médecins is `medecins`) and no possessive
(Hezbollah’s is `hezbollah`). `key` is how the word takes part in name matching: a capitalised word
(a name, or a part of one) is its transliteration skeleton from pipeline.names, so Hizbullah meets
Hezbollah and Toufuf meets Tufuf; an acronym keeps its case apart from words (IS the group never
meets "is"); any other word is its body. The index stores both, word for word, so a phrase can be
matched on either.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.names import APOSTROPHES, TransliterationRules, name_key, skeleton

QUOTE_APOSTROPHES = APOSTROPHES + "'"
_MARK = "\u0300-\u036f\u0610-\u061a\u064b-\u065f"  # combining marks written after a letter (Latin, Arabic)
_PIECE = rf"[^\W_][^\W_{_MARK}]*(?:[{_MARK}]+[^\W_]*)*"
# A word: letters and digits, with apostrophes inside it (Kata’ib, Hay'at) but not around it.
WORD = re.compile(rf"{_PIECE}(?:[{re.escape(QUOTE_APOSTROPHES)}]{_PIECE})*")
_NO_APOSTROPHES = {ord(ch): None for ch in QUOTE_APOSTROPHES}
_POSSESSIVE = re.compile(rf"[{re.escape(QUOTE_APOSTROPHES)}]s$", re.IGNORECASE)
ACRONYM_KEY, SKELETON_KEYS, WORD_KEY = "a", {"c:": "c", "v:": "v"}, "w"
CASE_SENSITIVE_LETTERS = 3  # acronyms up to this long are searched by case (IS is not "is")


@dataclass(frozen=True)
class Word:
    """One word of a text: its offsets, its folded form and its key for names."""

    start: int
    end: int
    body: str
    key: str


def fold_word(word: str) -> str:
    """A word as the index compares it: 'Kata’ib' -> 'kataib', 'Médecins' -> 'medecins',
    'Hezbollah’s' -> 'hezbollah'; '' when nothing of it is a letter or digit."""
    word = _POSSESSIVE.sub("", word) if len(word) > 2 else word
    decomposed = unicodedata.normalize("NFKD", word.translate(_NO_APOSTROPHES))
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch)).casefold()


def word_key(word: str, rules: TransliterationRules, *, as_name: bool | None = None) -> str:
    """The key of a word: `a` + the acronym for an acronym (IS, PMUs -> 'ais', 'apmu'), `c`/`v` + its
    skeleton for a name (capitalised, or `as_name`), else `w` + its body. Only letters and digits,
    so the index's tokenizer keeps it whole."""
    body = fold_word(word)
    bare = _POSSESSIVE.sub("", word) if len(word) > 2 else word
    name = name_key(bare) if bare else ""
    if name.startswith("#") and len(body) > 1:
        return ACRONYM_KEY + fold_word(name[1:])
    if as_name if as_name is not None else bare[:1].isupper():
        found = skeleton(bare, rules)
        if found and found[:2] in SKELETON_KEYS:
            letters = "".join(ch for ch in found[2:] if ch.isalnum())
            if letters:
                return SKELETON_KEYS[found[:2]] + letters
    return WORD_KEY + body


def is_acronym_key(key: str) -> bool:
    """True for the key of an acronym short enough that only its case tells it from a word (IS/is,
    US/us): those are matched on their key alone. A longer one (QAIM, ISIS) matches the word too."""
    return key.startswith(ACRONYM_KEY) and len(key) - len(ACRONYM_KEY) <= CASE_SENSITIVE_LETTERS


def split_words(text: str, rules: TransliterationRules) -> list[Word]:
    """Every word of `text` with its offsets, folded form and key (words that fold to nothing are left out)."""
    words = []
    for match in WORD.finditer(text):
        body, key = _forms(match.group(), rules)
        if body:
            words.append(Word(match.start(), match.end(), body, key))
    return words


@lru_cache(maxsize=500_000)
def _forms(word: str, rules: TransliterationRules) -> tuple[str, str]:
    """(body, key) of a word: a corpus has far fewer distinct words than words, so each is folded once."""
    return fold_word(word), word_key(word, rules)


def load_rules(path: Path) -> TransliterationRules:
    """The transliteration rules of a names.yaml (its `transliteration` mapping)."""
    raw = (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})["transliteration"]
    return rules_from_dict(raw)


def rules_from_dict(raw: dict) -> TransliterationRules:
    """TransliterationRules from the mapping names.yaml and the index's metadata hold."""
    return TransliterationRules(
        rewrites=tuple((str(old), str(new)) for old, new in raw["rewrites"]),
        vowels=str(raw["vowels"]),
        min_consonants=int(raw["min_consonants"]),
        min_length=int(raw["min_length"]),
    )


def rules_to_dict(rules: TransliterationRules) -> dict:
    """The mapping `rules_from_dict` reads."""
    return {
        "rewrites": [list(pair) for pair in rules.rewrites],
        "vowels": rules.vowels,
        "min_consonants": rules.min_consonants,
        "min_length": rules.min_length,
    }
