"""Sentence starts: never inside brackets or quotations, never after an abbreviation; paragraphs win."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.analysis import split_sentences
from pipeline.nlp.model import add_sentence_starts
from pipeline.nlp.sentence_bounds import MAX_PROTECTED_CHARS, QuoteMarks, mend_sentence_starts, protected_spans

TOKENIZER = spacy.blank("en").tokenizer
MARKS = QuoteMarks((("“", "”"), ('"', '"'), ("''", "''"), ("«", "»")), (("‘", "’"), ("'", "'")))
ABBREVIATIONS = frozenset({"Lt", "Col", "Gen", "Dec", "No", "approx"})


@pytest.fixture(scope="module")
def marks(knowledge) -> QuoteMarks:
    quotes = knowledge.quotes
    return QuoteMarks(quotes.quote_pairs, quotes.single_quote_pairs)


def sentences_of(nlp, text: str) -> list[str]:
    doc = nlp(text)
    return [text[s.start : s.end] for s in split_sentences(doc)]


def mended_starts(text: str, proposed=None, *, marks: QuoteMarks = MARKS) -> list[str]:
    """The words that start a sentence after mending; by default every token was proposed (the
    worst splitter there is), so only the rules decide."""
    tokens = TOKENIZER(text)
    flags = [True] * len(tokens) if proposed is None else proposed(tokens)
    mended = mend_sentence_starts(text, [t.idx for t in tokens], flags, marks, ABBREVIATIONS)
    return [t.text for t, start in zip(tokens, mended, strict=True) if start]


# Invented sentences in the punctuation of several house styles (wire copy, British single quotes,
# translations in square brackets, parenthetical asides), run through the real model.
REAL_PATTERNS = [
    (
        "Fighters of Liwa Fatemiyoun [the Fatemiyoun Brigade] crossed near Albu Kamal. Residents fled east.",
        ["Fighters of Liwa Fatemiyoun [the Fatemiyoun Brigade] crossed near Albu Kamal.", "Residents fled east."],
    ),
    (
        "The Rapid Support Forces (RSF) said in a statement on X [formerly Twitter] that its units had "
        "withdrawn. The SAF disputed this.",
        [
            "The Rapid Support Forces (RSF) said in a statement on X [formerly Twitter] that its units had withdrawn.",
            "The SAF disputed this.",
        ],
    ),
    (
        "The convoy reached Goma on Tuesday. (Earlier reports put the number of trucks at 40. They were "
        "wrong.) Aid workers unloaded food.",
        [
            "The convoy reached Goma on Tuesday.",
            "(Earlier reports put the number of trucks at 40. They were wrong.)",
            "Aid workers unloaded food.",
        ],
    ),
    (
        "“We were not told. Nobody came. We buried them ourselves,” said Amina Yusuf, a farmer from Djibo. "
        "The army did not respond.",
        [
            "“We were not told. Nobody came. We buried them ourselves,” said Amina Yusuf, a farmer from Djibo.",
            "The army did not respond.",
        ],
    ),
    (
        '"It is over. We lost," the commander said. He declined to give his name.',
        ['"It is over. We lost," the commander said.', "He declined to give his name."],
    ),
    (
        "‘He told us, “Leave now. They are coming,” and then he ran,’ the villager said. Soldiers arrived "
        "an hour later.",
        [
            "‘He told us, “Leave now. They are coming,” and then he ran,’ the villager said.",
            "Soldiers arrived an hour later.",
        ],
    ),
    (
        "‘We will not leave. This is our land,’ a resident told the BBC. Shelling continued overnight.",
        ["‘We will not leave. This is our land,’ a resident told the BBC.", "Shelling continued overnight."],
    ),
    (
        "“Who fired first?” asked the reporter. Nobody answered.",
        ["“Who fired first?” asked the reporter.", "Nobody answered."],
    ),
    (
        "The spokesman said the talks … had stalled. Then the shelling resumed.",
        ["The spokesman said the talks … had stalled.", "Then the shelling resumed."],
    ),
    (
        "“We waited... and waited,” she said. Help never came.",
        ["“We waited... and waited,” she said.", "Help never came."],
    ),
    (
        "Lt. Col. Ana Ruiz said the strike hit at approx. 3 a.m. on Dec. 19 near Checkpoint No. 5. "
        "The U.S. Embassy did not comment.",
        [
            "Lt. Col. Ana Ruiz said the strike hit at approx. 3 a.m. on Dec. 19 near Checkpoint No. 5.",
            "The U.S. Embassy did not comment.",
        ],
    ),
    (
        "Troops were flown in from the U.S. The deployment was announced on Friday.",
        ["Troops were flown in from the U.S.", "The deployment was announced on Friday."],
    ),
    (
        "Kata’ib Hezbollah’s leaders don’t talk to reporters. The PMF’s chief does. The fighters’ base was hit.",
        [
            "Kata’ib Hezbollah’s leaders don’t talk to reporters.",
            "The PMF’s chief does.",
            "The fighters’ base was hit.",
        ],
    ),
    (
        "Al-Shabaab (“the Youth”) claimed the attack. Police said 12 people died.",
        ["Al-Shabaab (“the Youth”) claimed the attack.", "Police said 12 people died."],
    ),
    (
        "The group — known locally as “Wagner” [sic] — left Bamako. Its successor, Africa Corps, stayed.",
        ["The group — known locally as “Wagner” [sic] — left Bamako.", "Its successor, Africa Corps, stayed."],
    ),
    (  # a bracket never closed: the paragraph break wins, and the bracket protects nothing
        "The statement (issued late on Friday said the ceasefire had collapsed. Both sides blamed each "
        "other.\nA second paragraph follows here.",
        [
            "The statement (issued late on Friday said the ceasefire had collapsed.",
            "Both sides blamed each other.",
            "A second paragraph follows here.",
        ],
    ),
    (  # a quotation running on into the next paragraph (press convention) keeps its sentences
        "“We left at night. We walked for days.\n“Nobody helped us,” she said.",
        ["“We left at night.", "We walked for days.", "“Nobody helped us,” she said."],
    ),
    (
        "Clashes in Kidal\nRebels said on Monday they had taken the airport.",
        ["Clashes in Kidal", "Rebels said on Monday they had taken the airport."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), REAL_PATTERNS)
def test_sentence_bounds_real_punctuation_patterns(nlp, text, expected):
    assert sentences_of(nlp, text) == expected


def test_sentence_bounds_bracketed_translation_in_a_quotation(nlp):
    text = (
        "Non-local militias such as “Kata’ib Sayyid al-Shuhada [Sayyid al-Shuhada Brigades] and the "
        "smugglers are one and the same,” the mayor said. He asked not to be named."
    )
    first, second = sentences_of(nlp, text)
    assert first.startswith("Non-local") and first.endswith("the mayor said.")
    assert second == "He asked not to be named."


@pytest.mark.parametrize(
    "text",
    [
        "“We don’t allow [them] to cross. We deal with them in Syria,” he said.",
        "Gen. Adel Hamza (the former commander) met Lt. Col. Ruiz on Dec. 19.",
        "They moved to positions No. 5 and No. 6 at approx. 4 p.m. on Friday.",
    ],
)
def test_sentence_bounds_worst_splitter_keeps_one_sentence(text):
    assert mended_starts(text) == [TOKENIZER(text)[0].text]


def test_sentence_bounds_start_on_a_closing_mark_moves_past_it():
    text = "“The town has fallen.” Residents fled (all of them.) Then rain."

    def proposed(tokens):
        return [t.i == 0 or t.text in {"”", ")"} for t in tokens]

    assert mended_starts(text, proposed) == ["“", "Residents", "Then"]


def test_sentence_bounds_quotation_unclosed_across_paragraph_protects_nothing():
    text = "“We left. We walked.\nNobody came (not once. Never.\nThe end."
    assert mended_starts(text) == ["“", "We", "Nobody", "Never", "The"]


def test_sentence_bounds_long_quotation_keeps_its_sentences():
    quoted = " ".join(["We waited for help."] * (MAX_PROTECTED_CHARS // 19 + 1))
    text = f"“{quoted}” she said."
    assert len(text) > MAX_PROTECTED_CHARS
    assert mended_starts(text).count("We") == quoted.count("We") - 1


def test_sentence_bounds_component_mends_a_blank_pipeline(knowledge):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")  # a full stop ends every sentence: the worst splitter of full stops
    add_sentence_starts(nlp, knowledge.quotes)
    text = "Maj. Gen. Ali Dara said: “Hold. Fire.” Then he left (No. 2 base). He returned."
    assert [s.text for s in nlp(text).sents] == [
        "Maj. Gen. Ali Dara said: “Hold. Fire.”",
        "Then he left (No. 2 base).",
        "He returned.",
    ]


def test_sentence_bounds_apostrophes_are_not_quotations(marks):
    text = "Kata’ib Hezbollah’s men don’t talk; the soldiers’ camp and the PMF’s ’90s roots. Rock ’n’ roll."
    assert protected_spans(text, marks) == []


def test_sentence_bounds_quotations_pair_like_the_quotes_module(marks):
    text = 'He said “Go. Now.” and ‘Leave. Today,’ then "Stop. Here."'
    spans = protected_spans(text, marks)
    assert [text[s:e] for s, e in spans] == ["“Go. Now.”", "‘Leave. Today,’", '"Stop. Here."']


def test_sentence_bounds_offsets_stay_true(seed_build):
    _, tables, _ = seed_build
    documents = tables["documents"].set_index("doc_id")["text"]
    for row in tables["sentences"].itertuples():
        assert documents[row.doc_id][row.start : row.end] == row.text


def test_sentence_bounds_seed_sentences_start_outside_brackets_and_quotations(seed_build, marks):
    _, tables, _ = seed_build
    documents = tables["documents"].set_index("doc_id")["text"]
    for doc_id, rows in tables["sentences"].groupby("doc_id"):
        text = documents[doc_id]
        spans = protected_spans(text, marks)
        for row in rows.itertuples():
            assert not any(s < row.start < e for s, e in spans), row.text
            assert row.text[:1] not in ")]}”»", row.text


# Property: whatever a splitter proposes, no start falls strictly inside a bracket pair (or a
# quotation) closed in its paragraph; every paragraph starts a sentence.
WORDS = st.sampled_from(
    ["The", "militia", "fled.", "Troops", "said", "U.S.", "Dec.", "19", "Kata’ib", "don’t", "…", "It", "ended!"]
)


def _wrapped(pair: str):
    return lambda words: pair[0] + " ".join(words) + pair[1]


QUOTED = st.lists(WORDS, min_size=1, max_size=6).map(_wrapped("“”"))
SEGMENTS = st.recursive(
    WORDS | QUOTED,
    lambda inner: st.sampled_from(["()", "[]", "{}"]).flatmap(
        lambda pair: st.lists(inner, min_size=1, max_size=5).map(_wrapped(pair))
    ),
    max_leaves=25,
)
PARAGRAPH = st.tuples(st.lists(SEGMENTS, min_size=1, max_size=8), st.booleans()).map(
    lambda p: " ".join(p[0]) + (" (never closed." if p[1] else "")
)


def _balanced_pairs(text: str) -> list[tuple[int, int]]:
    """Pairs of brackets and curly double quotation marks, per line, by a plain stack."""
    pairs, offset = [], 0
    for line in text.split("\n"):
        stack = []
        for i, char in enumerate(line, start=offset):
            if char in "([{“":
                stack.append(i)
            elif char in ")]}”" and stack and text[stack[-1]] == {")": "(", "]": "[", "}": "{", "”": "“"}[char]:
                pairs.append((stack.pop(), i + 1))
        offset += len(line) + 1
    return pairs


@pytest.mark.slow  # 200 generated documents
@settings(max_examples=200, deadline=None)
@given(paragraphs=st.lists(PARAGRAPH, min_size=1, max_size=4), data=st.data())
def test_sentence_bounds_no_start_inside_a_balanced_pair(paragraphs, data):
    text = "\n".join(paragraphs)
    tokens = TOKENIZER(text)
    proposed = data.draw(st.lists(st.booleans(), min_size=len(tokens), max_size=len(tokens)))
    mended = mend_sentence_starts(text, [t.idx for t in tokens], proposed, MARKS, ABBREVIATIONS)
    pairs = [(s, e) for s, e in _balanced_pairs(text) if e - s <= MAX_PROTECTED_CHARS]
    assert mended[0]
    for token, start in zip(tokens, mended, strict=True):
        after_break = token.i > 0 and "\n" in tokens[token.i - 1].text_with_ws
        if after_break:
            assert start, token.text
        elif start:
            assert not any(s < token.idx < e for s, e in pairs), (token.text, token.idx)
            assert token.text[:1] not in ")]}”", token.text
