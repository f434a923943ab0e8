"""Normalise how a name is written, so that spellings of one actor meet on one key."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

APOSTROPHES = "’‘`´ʼʻ′"
DASHES = "‐‑‒–—−"
_ARTICLE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|')$")
_AL_PREFIX = re.compile(r"^(?:al|el|al|ad|an|ar|as|at|az)[- ](?=\w)", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w ]+")
_SPACES = re.compile(r"\s+")
_ACRONYM_PLURAL = re.compile(r"^([A-Z]{2,})s$")
_STRAIGHTEN = {**{ord(ch): "'" for ch in APOSTROPHES}, **{ord(ch): "-" for ch in DASHES}}


@dataclass(frozen=True)
class TransliterationRules:
    """Letter rewrites that make transliterations of one Arabic name meet (Hezbollah/Hizbullah).

    Loaded from data/patterns/names.yaml; ordered, applied left to right.
    """

    rewrites: tuple[tuple[str, str], ...]
    vowels: str
    min_consonants: int
    min_length: int


def fold(text: str) -> str:
    """Unicode-fold a surface: NFKC, straight apostrophes and hyphens, no accents, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_STRAIGHTEN)
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip()


def strip_article(text: str) -> str:
    """Drop a leading 'the' and a trailing possessive: 'the PMF's' -> 'PMF'."""
    return _POSSESSIVE.sub("", _ARTICLE.sub("", text)).strip()


def singular_acronym(text: str) -> str:
    """'PMUs' -> 'PMU'; any other text unchanged."""
    match = _ACRONYM_PLURAL.match(text)
    return match.group(1) if match else text


@lru_cache(maxsize=200_000)
def name_key(surface: str) -> str:
    """The exact-match key of a name: folded, no article, singular acronym, casefolded.

    Acronyms keep their case distinction from words by a marker, because 'IS' the group and
    'is' the verb must never meet.
    """
    text = singular_acronym(strip_article(fold(surface)))
    if text.isupper() and len(text.replace(".", "")) <= 6:
        return "#" + text.replace(".", "")
    return _SPACES.sub(" ", text.replace("-", " ").replace("'", "")).casefold().strip()


def without_al(key: str) -> str:
    """The key with a leading Arabic article removed: 'al qaim' -> 'qaim'."""
    return _AL_PREFIX.sub("", key)


@lru_cache(maxsize=200_000)
def skeleton(surface: str, rules: TransliterationRules) -> str | None:
    """A coarse key on which transliterations meet (Tufuf/Toufuf, Akkaz/Akkas, Kata'ib/Kataib).

    Long names meet on their consonants alone (Hezbollah/Hizballah), because vowels are what
    transliterations disagree on most; short names keep their normalised vowels, because their
    consonants alone collide too easily. None for acronyms and names too short to trust.
    """
    key = name_key(surface)
    if key.startswith("#"):
        return None
    words = [_rewrite(word, rules) for word in _NON_WORD.sub("", without_al(key)).split()]
    text = _collapse("".join(words))
    # A word with no consonant keeps its vowels, so that "Middle East Eye" is not "Middle East".
    consonants = _collapse("".join(_consonants(word, rules) or word for word in words))
    if len(consonants) >= rules.min_consonants:
        return "c:" + consonants
    return "v:" + text if len(text) >= rules.min_length else None


def _rewrite(word: str, rules: TransliterationRules) -> str:
    for old, new in rules.rewrites:
        word = word.replace(old, new)
    return _collapse(word)


def _consonants(word: str, rules: TransliterationRules) -> str:
    return word.translate({ord(v): None for v in rules.vowels})


def _collapse(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def name_words(surface: str) -> list[str]:
    """The words of a name, split on spaces: 'Saleh Al-Yacoubi' -> ['Saleh', 'Al-Yacoubi']."""
    return fold(surface).split(" ")


def surname_forms(full_name: str) -> list[str]:
    """Keys a later reference to this person by surname may take, longest first.

    'Adel Abdul Mahdi' -> ['abdul mahdi', 'mahdi']; 'Saleh Al-Yacoubi' -> ['al yacoubi', 'yacoubi'].
    """
    words = name_words(full_name)
    forms: list[str] = []
    for size in range(len(words) - 1, 0, -1):
        key = name_key(" ".join(words[-size:]))
        forms.extend(dict.fromkeys([key, without_al(key)]))
    return [form for form in dict.fromkeys(forms) if len(form) >= 3]


def slugify(text: str) -> str:
    """A stable, URL-safe id: 'Kata'ib Hezbollah' -> 'kataib-hezbollah'."""
    folded = fold(text).casefold().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "actor"
