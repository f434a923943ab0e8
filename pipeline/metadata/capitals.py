"""Title-case names and places that bylines and datelines write in capitals ("AL QAIM" -> "Al Qaim"),
and tell a headline's capitalised words from a sentence's."""

from __future__ import annotations

import re


def is_shouted(word: str) -> bool:
    """Written in capitals, with more than one letter ('DANA', not 'A' or 'Al')."""
    return word.isupper() and sum(c.isalpha() for c in word) > 1


def is_headline_case(text: str) -> bool:
    """A headline: no closing full stop, and (nearly) every word of four letters or more capitalised."""
    long_words = [word for word in text.split() if word[:1].isalpha() and len(word) > 3]
    if text.rstrip().endswith(".") or len(long_words) < 4:
        return False
    return sum(word[0].isupper() for word in long_words) >= 0.9 * len(long_words)


def title_case_shouted(name: str) -> str:
    """ "DANA SALIH and MERT YILDIZ" -> "Dana Salih and Mert Yildiz"; names in mixed case stay as written."""
    return " ".join(_capitalise(word) if is_shouted(word) else word for word in name.split())


def title_case_place(place: str) -> str:
    """Capitalise all-caps words ("AL QAIM, IRAQ" -> "Al Qaim, Iraq"); mixed-case words stay as written."""
    words = re.split(r"(\s+)", place.strip())
    return "".join(_capitalise(word) if word.isupper() else word for word in words)


def _capitalise(word: str) -> str:
    parts = re.split(r"([-’'])", word.lower())
    return "".join(part[:1].upper() + part[1:] if i % 2 == 0 else part for i, part in enumerate(parts))
