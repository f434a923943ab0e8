"""Decode text that is not UTF-8: the Windows code page whose letters spell one language, and a
mostly UTF-8 file line by line.

A statistical detector guesses badly on short single-byte text: charset-normalizer read French
written by Windows (cp1252) as Baltic cp1257 ("Déją"), German as Big5 and Polish as cp1252. Most
bytes above 0x7F are valid in every Windows code page, so validity decides nothing; what decides
is whether the letters a code page gives spell one language. Each candidate reading is scored by
the share of its non-ASCII characters that belong to the alphabet of one of the code page's
languages (or are common typography: quotes, dashes, €); the best reading wins, and on a tie the
earlier code page, so cp1252 (Western European) is preferred whenever it reads the bytes as well
as another. Text that no code page reads as a language goes to charset-normalizer (multi-byte
encodings: Shift-JIS, GB18030, Big5, EUC-KR).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# Latin-script code pages: code page -> (region, {language: its letters beyond ASCII, lower case}),
# in order of preference.
LATIN_PAGES: dict[str, tuple[str, dict[str, str]]] = {
    "cp1252": (
        "Western European",
        {
            "French": "àâæçéèêëîïôœùûüÿ",
            "Spanish": "áéíñóúü",
            "Portuguese": "àáâãçéêíóôõú",
            "Italian": "àèéìíîòóù",
            "German": "äöüß",
            "Dutch": "áéíóúàèëïöü",
            "Catalan": "àçéèíïòóúü",
            "Danish or Norwegian": "æøåéó",
            "Swedish or Finnish": "åäöé",
            "Icelandic": "áðéíóúýþæö",
        },
    ),
    "cp1250": (
        "Central European",
        {
            "Polish": "ąćęłńóśźż",
            "Czech": "áčďéěíňóřšťúůýž",
            "Slovak": "áäčďéíĺľňóôŕšťúýž",
            "Hungarian": "áéíóöőúüű",
            "Croatian, Bosnian or Slovene": "čćđšž",
            "Romanian": "ăâîşţ",
            "Albanian": "çë",
        },
    ),
    "cp1257": ("Baltic", {"Lithuanian": "ąčęėįšųūž", "Latvian": "āčēģīķļņšūž", "Estonian": "äõöüšž"}),
    "cp1254": ("Turkish", {"Turkish": "çğıöşüâîû"}),
}
# Code pages of other scripts, whose every upper byte is a letter: code page -> (region, language,
# its most frequent letters, accents stripped). A reading counts only when its words are in the
# script alone and those letters are as common as in real text.
SCRIPT_PAGES: dict[str, tuple[str, str, str]] = {
    "cp1251": ("Cyrillic", "Russian, Ukrainian, Bulgarian or Serbian", "оеаинтсрвлі"),
    "cp1253": ("Greek", "Greek", "αοειτνσςρηυ"),
    "cp1255": ("Hebrew", "Hebrew", "יוהלמארבנת"),
    "cp1256": ("Arabic", "Arabic, Persian or Urdu", "الينموهربتةع"),
}
# Characters any of these languages' text may hold: typography, currency, signs, Arabic punctuation.
COMMON_MARKS = frozenset("“”‘’„‚–—…«»‹›€£¥¢°·•×÷§¶©®™¡¿ºª\u00a0´¨²±½¼¾µ†‡‰،؛؟ـ")
ENOUGH = 0.9  # the share of characters a reading must place in one language to be believed
LATIN_MOST = 0.4  # in Latin-script text most letters are ASCII (French ~4 % accented, Czech ~15 %)
SCRIPT_COMMON = 0.5  # real text: its ten most frequent letters make 60-75 % of it; a wrong page's ~30 %
SCRIPT_WORD = 12  # and words are short: a reading with no spaces is not an alphabet (Chinese read as Cyrillic)
SAMPLE_BYTES = 256_000
SHOWN_LINES = 10
SHOWN_LETTERS = 4
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Reading:
    """One code page's reading of some bytes, and how well its letters spell one language."""

    text: str
    encoding: str
    region: str
    language: str | None  # None when no letter beyond ASCII decides (only quotes and dashes)
    fit: float  # share of the non-ASCII characters in the language's alphabet or COMMON_MARKS
    letters: tuple[str, ...]  # the most frequent non-ASCII letters, as evidence
    typical: float = 1.0  # other scripts: the share of their most frequent letters (breaks their ties)

    def describe(self) -> str:
        """'Western European: é, à, ç read as French' — what the analyst checks."""
        if self.language is None:
            return self.region
        return f"{self.region}: {', '.join(self.letters)} read as {self.language}"


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding used, and the warning for the problems table."""

    text: str
    encoding: str  # 'cp1252', or 'utf-8+cp1252' for a UTF-8 file with some lines in cp1252
    note: str | None = None


def read_code_page(data: bytes) -> Reading | None:
    """The best single-byte reading of `data` (ties go to the earlier code page), None when no code
    page decodes it. Its `fit` says how far to believe it (ENOUGH or more: a language)."""
    best = None
    for encoding in [*LATIN_PAGES, *SCRIPT_PAGES]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        reading = _read_latin(text, encoding) if encoding in LATIN_PAGES else _read_script(text, encoding)
        if best is None or (reading.fit, reading.typical) > (best.fit, best.typical):
            best = reading
    return best


def _beyond_ascii(text: str) -> Counter:
    """How often each character beyond ASCII occurs, lower case (combining marks and format characters left out)."""
    return Counter(ch.lower() for ch in text if ord(ch) > 0x7F and unicodedata.category(ch) not in ("Mn", "Cf"))


def _read_latin(text: str, encoding: str) -> Reading:
    """Fit: the share of non-ASCII characters in the alphabet of the page's best language; none when
    most letters are beyond ASCII (another script read as accented Latin letters)."""
    region, languages = LATIN_PAGES[encoding]
    counts = _beyond_ascii(text)
    total = sum(counts.values())
    marks = sum(n for ch, n in counts.items() if ch in COMMON_MARKS)
    letters = {ch: n for ch, n in counts.items() if ch not in COMMON_MARKS}
    if not letters:
        return Reading(text, encoding, region, None, 1.0, ())
    fits = {name: marks + sum(n for ch, n in letters.items() if ch in alphabet) for name, alphabet in languages.items()}
    language = max(fits, key=fits.get)  # the first of equals: the order above
    shown = tuple(ch for ch, _ in Counter(letters).most_common(SHOWN_LETTERS))
    ascii_letters = len(_ASCII_LETTERS.findall(text))
    fit = fits[language] / total if sum(letters.values()) <= LATIN_MOST * (ascii_letters + sum(letters.values())) else 0
    return Reading(text, encoding, region, language, fit, shown)


def _read_script(text: str, encoding: str) -> Reading:
    """Fit: the share of non-ASCII characters that are marks or letters of words in the script
    alone; none unless the script's most frequent letters are as common as in real text."""
    region, language, frequent = SCRIPT_PAGES[encoding]
    counts = _beyond_ascii(text)
    total = sum(counts.values())
    marks = sum(n for ch, n in counts.items() if ch in COMMON_MARKS)
    words = [word.lower() for word in _WORD.findall(text) if not any(ch.isascii() for ch in word)]
    pure = Counter(ch for word in words for ch in word)
    letters = sum(pure.values())
    typical = sum(n for ch, n in pure.items() if unicodedata.normalize("NFD", ch)[0] in frequent) / max(letters, 1)
    if not letters or typical < SCRIPT_COMMON or letters > SCRIPT_WORD * len(words):
        return Reading(text, encoding, region, language, 0.0, (), 0.0)
    shown = tuple(ch for ch, _ in pure.most_common(SHOWN_LETTERS))
    return Reading(text, encoding, region, language, (marks + letters) / total, shown, typical)


def decode_single_byte(data: bytes) -> Decoded | None:
    """`data` read in the code page whose letters spell a language, with the warning; None when no
    code page reads it as one (leave it to a multi-byte detector). The code page is chosen on the
    first SAMPLE_BYTES (a page of a book tells its language), the whole file then decoded in it."""
    # a byte past the sample that the chosen code page lacks: the whole file is judged
    for sample in [data[:SAMPLE_BYTES], data][: 2 if len(data) > SAMPLE_BYTES else 1]:
        reading = read_code_page(sample)
        if reading is None or reading.fit < ENOUGH:
            return None
        try:
            text = data.decode(reading.encoding)
        except UnicodeDecodeError:
            continue
        how = f"{reading.encoding} ({reading.describe()})"
        return Decoded(text, reading.encoding, f"not UTF-8: decoded as {how}; if letters look wrong, save it as UTF-8")
    return None


def decode_mixed_lines(data: bytes) -> Decoded | None:
    """A file whose lines are UTF-8 but for a few: each such line decoded in the code page that
    reads those lines best (cp1252 stray bytes in a UTF-8 file, typically a pasted quote).

    None when no line with bytes beyond ASCII is valid UTF-8 (the file is single-byte throughout).
    """
    lines = data.splitlines(keepends=True)
    bad = [number for number, line in enumerate(lines) if not _is_utf8(line)]
    if not bad or not any(not line.isascii() and _is_utf8(line) for line in lines):
        return None
    reading = read_code_page(b"".join(lines[number] for number in bad))
    encoding = reading.encoding if reading is not None else "cp1252"
    errors = "strict" if reading is not None else "replace"
    others = set(bad)
    text = "".join(
        line.decode(encoding, errors) if number in others else line.decode("utf-8") for number, line in enumerate(lines)
    )
    how = reading.describe() if reading is not None else "undecodable bytes replaced"
    note = f"UTF-8 except {_lines(bad)}, decoded as {encoding} ({how}); save the file as UTF-8 to be sure"
    return Decoded(text, f"utf-8+{encoding}", note)


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _lines(numbers: list[int]) -> str:
    """'line 3', 'lines 3, 7 and 9', 'lines 1, 2, …, 10 and 14 more' (0-based in, 1-based out)."""
    shown = [str(n + 1) for n in numbers[:SHOWN_LINES]]
    if len(numbers) > SHOWN_LINES:
        return f"lines {', '.join(shown)} and {len(numbers) - SHOWN_LINES} more"
    return f"line {shown[0]}" if len(shown) == 1 else f"lines {', '.join(shown[:-1])} and {shown[-1]}"
