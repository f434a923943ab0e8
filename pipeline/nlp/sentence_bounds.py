"""Mend proposed sentence starts: never inside brackets or quotations, never after an abbreviation.

The statistical senter splits where a news text does not: after "[" in "Kata’ib Hezbollah
[Hezbollah Brigades]", inside a quotation at its first full stop, after "Lt." or "Dec.". The rules
here take the starts it proposed, one flag per token, and return the starts the article gets:

1. A start on a closing bracket or quotation mark, or on punctuation, moves past it (`.” He`
   starts at "He").
2. A start only after a full stop, question or exclamation mark or ellipsis, maybe followed by
   closing marks: never before "[" in "Liwa Fatemiyoun [the Fatemiyoun Brigade]".
3. No start strictly inside a bracket pair, (), [] or {}, or a quotation, when both marks stand in
   one paragraph: a mark left open at a paragraph's end protects nothing, so the paragraph break
   wins. A quotation of several sentences is one sentence too (pipeline.quotes.extract finds its own
   sentence ends on a masked text where a quotation's words are hidden, so it reads a quotation as
   one piece of its sentence as well); only a pair spanning more than MAX_PROTECTED_CHARS, a
   quoted speech of many sentences, keeps the starts inside it, so that an excerpt stays readable.
4. No start right after the full stop of an abbreviation (Dec. 19, Lt. Col., No. 5, approx.) or of
   an initialism or initial (U.S., a.m., George W. Bush), unless the next word is a capitalised
   function word ("in the U.S. The", "Martin Luther King Jr. He"), which begins a new sentence.
5. No start on a word in lower case ("… and", "“Why?” he asked"), nor on white space.
6. A start after every line break (a headline, caption or list item never runs into the next
   line); this wins over every rule above.

Quotation marks are paired the way pipeline.quotes.marks pairs them, so quotations here are those
the quotes table holds: curly and straight double marks, guillemets, and single marks where they
cannot be apostrophes (Kata’ib, don’t and the PMF’s stay words).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.quotes import find_marks, with_single_quotes

MAX_PROTECTED_CHARS = 600  # about five sentences of quoted speech; a long quoted passage keeps its starts
OPENING_BRACKETS = "([{"
CLOSING_BRACKETS = ")]}"
CLOSING_MARKS = ")]}”»"  # always closing; ’ and straight marks only where they pair as closing
PUNCTUATION = ".,;:!?…"  # no sentence starts with one
SENTENCE_ENDS = ".!?…"
TRAILING_MARKS = ")]}”»’\"'"  # may follow a sentence end: `wrong.)`, `he said.”`

_LINE = re.compile(r"[^\n]+")
_WORD_BEFORE_STOP = re.compile(r"(?<![\w.])(\w+(?:\.\w+)*)\.\Z")
_INITIALISM = re.compile(r"[^\W\d_](?:\.[^\W\d_])*")
_FUNCTION_WORDS = frozenset(
    "A An The This That These Those It Its He She They We I You His Her Their Our There Then But And "
    "Yet So In On At By For From With After Before When While If As Since Although Meanwhile".split()
)


@dataclass(frozen=True)
class QuoteMarks:
    """The quotation marks to pair: pipeline.quotes.marks reads only these two lists of a
    QuotePatterns, so they stand in for one (hashable, for its cached regexes)."""

    quote_pairs: tuple[tuple[str, str], ...]
    single_quote_pairs: tuple[tuple[str, str], ...]


def protected_spans(text: str, marks: QuoteMarks, *, max_chars: int = MAX_PROTECTED_CHARS) -> list[tuple[int, int]]:
    """Bracket pairs and quotations closed in the paragraph they open in, marks included.

    text (str): the article text; paragraphs are lines.
    marks (QuoteMarks): the quotation marks of data/knowledge/base/patterns/quotes.yaml.
    max_chars (int): a pair spanning more characters protects nothing.
    RETURNS (list[tuple[int, int]]): (start, end) of each pair, text[start] its opening mark and
        text[end - 1] its closing one; no sentence may start strictly between them.
    """
    paras = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    spans = [pair for para in paras for pair in bracket_pairs(text, para)]
    spans += quotation_pairs(text, paras, marks)
    return sorted(span for span in spans if span[1] - span[0] <= max_chars)


def bracket_pairs(text: str, para: tuple[int, int]) -> list[tuple[int, int]]:
    """Balanced (), [] and {} of one paragraph. A closing bracket without its opening one ("1)",
    ":)") is skipped; one that closes an outer bracket leaves the inner ones unclosed."""
    pairs, stack = [], []
    for i in range(*para):
        char = text[i]
        if char in OPENING_BRACKETS:
            stack.append((OPENING_BRACKETS.index(char), i))
        elif char in CLOSING_BRACKETS:
            kind = CLOSING_BRACKETS.index(char)
            depth = next((d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == kind), None)
            if depth is not None:
                pairs.append((stack[depth][1], i + 1))
                del stack[depth:]
    return pairs


def quotation_pairs(text: str, paras: list[tuple[int, int]], marks: QuoteMarks) -> list[tuple[int, int]]:
    """Quotations whose closing mark stands in their paragraph, as pipeline.quotes.marks pairs them."""
    doubles = [raw for i, para in enumerate(paras) for raw in find_marks(text, para, i, marks)]
    raws = with_single_quotes(text, paras, doubles, marks)
    return [(raw.open_start, raw.close_end) for raw in raws if raw.close_end > raw.inner_end]


def mend_sentence_starts(
    text: str,
    token_starts: Sequence[int],
    proposed: Sequence[bool],
    marks: QuoteMarks,
    abbreviations: frozenset[str],
) -> list[bool]:
    """The sentence starts an article gets from the ones a sentence splitter proposed.

    text (str): the text the tokens cover.
    token_starts (Sequence[int]): character offset of each token, in order.
    proposed (Sequence[bool]): whether each token starts a sentence, as the splitter said.
    marks (QuoteMarks): quotation marks to pair.
    abbreviations (frozenset[str]): words whose full stop never ends a sentence ("Col", "Dec").
    RETURNS (list[bool]): one flag per token; the first token always starts a sentence.
    """
    spans = protected_spans(text, marks)
    inside = bytearray(len(text) + 1)
    for start, end in spans:
        inside[start + 1 : end] = b"\x01" * (end - start - 1)
    closers = {end - 1 for _, end in spans} | {i for i, char in enumerate(text) if char in CLOSING_MARKS + PUNCTUATION}
    words = [_token_text(text, token_starts, i) for i in range(len(token_starts))]
    starts = _moved_past_closers(words, token_starts, proposed, closers)
    mended = []
    for i, offset in enumerate(token_starts):
        after_break = i == 0 or "\n" in words[i - 1]
        keep = starts[i] and not inside[offset] and _opens_sentence(words[i]) and _after_sentence_end(text, offset)
        mended.append(after_break or (keep and not _after_abbreviation(text, offset, words[i], abbreviations)))
    return mended


def _moved_past_closers(
    words: list[str], token_starts: Sequence[int], proposed: Sequence[bool], closers: set[int]
) -> list[bool]:
    """The proposed starts, a start on a closing mark moved to the first word after the marks."""
    starts = list(proposed)
    for i in range(len(words)):
        if starts[i] and token_starts[i] in closers:
            starts[i] = False
            j = i
            while j < len(words) and (token_starts[j] in closers or not words[j].strip()):
                if "\n" in words[j]:
                    break
                j += 1
            if j < len(words) and "\n" not in words[j]:
                starts[j] = True
    return starts


def _opens_sentence(word: str) -> bool:
    """False for a word in lower case, and for white space, which ends the sentence before it."""
    return not word.isspace() and not word[:1].islower()


def _after_sentence_end(text: str, offset: int) -> bool:
    """True when the text before `offset` ends with . ! ? or …, maybe followed by closing marks."""
    before = text[max(0, offset - 40) : offset].rstrip().rstrip(TRAILING_MARKS)
    return before[-1:] in tuple(SENTENCE_ENDS)


def _after_abbreviation(text: str, offset: int, word: str, abbreviations: frozenset[str]) -> bool:
    """True when the text before `offset` ends with the full stop of an abbreviation."""
    before = text[max(0, offset - 40) : offset].rstrip()
    found = _WORD_BEFORE_STOP.search(before)
    if found is None:
        return False
    abbreviation = found.group(1)
    known = abbreviation in abbreviations or abbreviation.lower() in abbreviations
    return (known or _INITIALISM.fullmatch(abbreviation) is not None) and word.strip() not in _FUNCTION_WORDS


def _token_text(text: str, token_starts: Sequence[int], i: int) -> str:
    """Token i with the whitespace after it (spaCy's text_with_ws), from the offsets alone."""
    end = token_starts[i + 1] if i + 1 < len(token_starts) else len(text)
    return text[token_starts[i] : end]
