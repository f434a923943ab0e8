"""Read data/patterns/quotes.yaml into quotation word lists, and compile the regexes built from them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from pipeline.knowledge_files import strictly
from pipeline.quotes.speakers import SpeakerCues


@dataclass(frozen=True)
class QuotePatterns:
    """Word lists from data/patterns/quotes.yaml; each list's source is noted there."""

    quote_pairs: tuple[tuple[str, str], ...]
    single_quote_pairs: tuple[tuple[str, str], ...]
    speech_verbs: frozenset[str]
    clause_verbs: frozenset[str]
    object_verbs: frozenset[str]
    non_speaker_nouns: frozenset[str]
    source_prepositions: frozenset[str]
    description_verbs: frozenset[str]
    reported_speech_links: frozenset[str]
    description_links: frozenset[str]
    attribution_phrases: tuple[str, ...]
    listener_cues: frozenset[str]
    listener_suffixes: tuple[str, ...]
    pronouns: frozenset[str]
    subject_skip_words: frozenset[str]
    attribution_adverbs: frozenset[str]
    relative_pronouns: frozenset[str]
    indefinite_determiners: frozenset[str]
    role_nouns: tuple[tuple[str, frozenset[str]], ...]
    role_verbs: tuple[tuple[str, frozenset[str]], ...]
    definite_determiners: frozenset[str]
    listener_types: frozenset[str]
    abbreviations: frozenset[str]
    cues: SpeakerCues
    min_unattributed_words: int = 8
    max_speaker_words: int = 8
    max_words_to_verb: int = 25
    max_reported_words: int = 20
    max_bare_reported_words: int = 4
    min_partial_quote_words: int = 2
    word_quote_followers: frozenset[str] = frozenset()
    accusation_verbs: frozenset[str] = frozenset()
    accusation_links: frozenset[str] = frozenset()
    document_verbs: frozenset[str] = frozenset()
    relay_verbs: frozenset[str] = frozenset()
    inversion_verbs: frozenset[str] = frozenset()
    passive_auxiliaries: frozenset[str] = frozenset()
    statement_verbs: frozenset[str] = frozenset()
    opening_prepositions: frozenset[str] = frozenset()
    modal_verbs: frozenset[str] = frozenset()

    @cached_property
    def role_words(self) -> frozenset[str]:
        """Every noun of every role ("spokesman", "reporter"), looked up on many words of a build."""
        return frozenset(noun for _, nouns in self.role_nouns for noun in nouns)


def load_quote_patterns(path: Path) -> QuotePatterns:
    """Read the quotation word lists; the only I/O of this module.

    path (Path): data/patterns/quotes.yaml or a file of the same shape.
    RETURNS (QuotePatterns): the lists, frozen and hashable so compiled regexes can be cached.
    """
    with strictly(path) as data:
        roles = data.get("roles", {})
        types = data.get("speaker_types", {})
        gender = data.get("gender", {})
        nouns = data.get("organisation_nouns") or {}

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w) for w in data.get(key, []))

        return QuotePatterns(
            quote_pairs=tuple((str(a), str(b)) for a, b in data["quote_pairs"]),
            single_quote_pairs=tuple((str(a), str(b)) for a, b in data.get("single_quote_pairs", [])),
            speech_verbs=words("speech_verbs"),
            clause_verbs=words("clause_verbs"),
            object_verbs=words("object_verbs"),
            non_speaker_nouns=words("non_speaker_nouns"),
            source_prepositions=words("source_prepositions"),
            description_verbs=words("description_verbs"),
            reported_speech_links=words("reported_speech_links"),
            description_links=words("description_links"),
            attribution_phrases=tuple(str(p) for p in data.get("attribution_phrases", [])),
            listener_cues=words("listener_cues"),
            listener_suffixes=tuple(str(p) for p in data.get("listener_suffixes", [])),
            pronouns=words("pronouns"),
            subject_skip_words=words("subject_skip_words"),
            attribution_adverbs=words("attribution_adverbs"),
            relative_pronouns=words("relative_pronouns"),
            indefinite_determiners=words("indefinite_determiners"),
            role_nouns=tuple((r, frozenset(v.get("nouns", []))) for r, v in roles.items()),
            role_verbs=tuple((r, frozenset(v.get("verbs", []))) for r, v in roles.items()),
            definite_determiners=words("definite_determiners"),
            listener_types=words("listener_types"),
            abbreviations=words("abbreviations"),
            cues=SpeakerCues(
                person_types=frozenset(types.get("person", [])),
                organisation_types=frozenset(types.get("organisation", [])),
                organisation_pronouns=words("organisation_pronouns"),
                organisation_nouns=frozenset(str(n) for n in nouns),
                organisation_noun_types=tuple((str(n), frozenset(t or [])) for n, t in nouns.items()),
                untyped_organisation_types=words("untyped_organisation_types"),
                gender_titles=tuple((g, frozenset(v.get("titles", []))) for g, v in gender.items()),
                gender_pronouns=tuple((g, frozenset(v.get("pronouns", []))) for g, v in gender.items()),
            ),
            min_unattributed_words=int(data.get("min_unattributed_words", 8)),
            max_speaker_words=int(data.get("max_speaker_words", 8)),
            max_words_to_verb=int(data.get("max_words_to_verb", 25)),
            max_reported_words=int(data.get("max_reported_words", 20)),
            max_bare_reported_words=int(data.get("max_bare_reported_words", 4)),
            min_partial_quote_words=int(data.get("min_partial_quote_words", 2)),
            word_quote_followers=frozenset(str(w).lower() for w in data.get("word_quote_followers", [])),
            accusation_verbs=words("accusation_verbs"),
            accusation_links=words("accusation_links"),
            document_verbs=words("document_verbs"),
            relay_verbs=words("relay_verbs"),
            inversion_verbs=words("inversion_verbs"),
            passive_auxiliaries=words("passive_auxiliaries"),
            statement_verbs=words("statement_verbs"),
            opening_prepositions=words("opening_prepositions"),
            modal_verbs=words("modal_verbs"),
        )


@lru_cache(maxsize=8)
def mark_regex(patterns: QuotePatterns) -> re.Pattern[str]:
    """Any quotation mark, longest first so a two-character mark wins over its first character."""
    marks = {m for pair in patterns.quote_pairs for m in pair}
    return re.compile("|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True)))


@lru_cache(maxsize=8)
def single_mark_regex(patterns: QuotePatterns) -> re.Pattern[str]:
    """Any single quotation mark (each is one character, and most are apostrophes too)."""
    marks = {m for pair in patterns.single_quote_pairs for m in pair}
    return re.compile("|".join(re.escape(m) for m in sorted(marks)) or "(?!)")


@lru_cache(maxsize=8)
def boundary_regex(patterns: QuotePatterns) -> re.Pattern[str]:
    """A sentence end: . ! ? (and closing marks), space, then a capital, bracket or quotation mark."""
    pairs = patterns.quote_pairs + patterns.single_quote_pairs
    marks = sorted({m for pair in pairs for m in pair}, key=len, reverse=True)
    any_mark = "|".join(re.escape(m) for m in marks)
    return re.compile(rf"[.!?](?:{any_mark})*\s+(?=(?:{any_mark})|[\[(A-Z])")


def attributing_verbs(patterns: QuotePatterns) -> frozenset[str]:
    """Every verb that can attribute a quotation: of speech, of description, of accusation, of
    relaying ('reported'), and the 'read' of a document."""
    verbs = patterns.speech_verbs | patterns.description_verbs | patterns.accusation_verbs
    return verbs | patterns.document_verbs | patterns.relay_verbs


@lru_cache(maxsize=8)
def verb_regex(patterns: QuotePatterns) -> re.Pattern[str]:
    """A speech, description or accusation verb (group `verb`) or an attribution phrase (group
    `phrase`); never the second half of a hyphenated word ('so-called', 'self-declared')."""
    verbs = "|".join(re.escape(v) for v in sorted(attributing_verbs(patterns), key=len, reverse=True))
    phrases = "|".join(f"(?i:{re.escape(p[0])}){re.escape(p[1:])}" for p in patterns.attribution_phrases)
    return re.compile(rf"(?<!-)\b(?:(?P<phrase>{phrases or '(?!)'})|(?P<verb>{verbs or '(?!)'}))\b")


def verb_matches(masked: str, patterns: QuotePatterns, start: int, end: int) -> list[re.Match[str]]:
    """The attributing verbs and phrases in masked[start:end], in text order. A document verb ('read')
    counts only beside a document noun ("the ministry's statement read", "read the communique"):
    elsewhere it is someone reading, not a text speaking. A relay verb right before another
    attributing verb is a noun, that verb's subject ("media reports said")."""
    found = list(verb_regex(patterns).finditer(masked, start, end))
    return [
        m
        for i, m in enumerate(found)
        if (m.group("verb") not in patterns.document_verbs or _beside_document(masked, patterns, m))
        and not (m.group("verb") in patterns.relay_verbs and _right_before(masked, m, found[i + 1 : i + 2]))
    ]


def _right_before(masked: str, m: re.Match[str], following: list[re.Match[str]]) -> bool:
    """True when the next attributing verb follows `m` with only spaces between."""
    return bool(following) and not masked[m.end() : following[0].start()].strip()


def _beside_document(masked: str, patterns: QuotePatterns, m: re.Match[str]) -> bool:
    """True when a document noun is among the three words before a verb or the three after it."""
    before = re.findall(r"[^\W\d_][\w’'-]*", masked[max(0, m.start() - 60) : m.start()])[-3:]
    after = re.findall(r"[^\W\d_][\w’'-]*", masked[m.end() : m.end() + 60])[:3]
    return any(_POSSESSIVE_END.sub("", w.lower()) in patterns.non_speaker_nouns for w in before + after)


_POSSESSIVE_END = re.compile(r"[’']s?\Z")


@lru_cache(maxsize=8)
def tail_regex(patterns: QuotePatterns) -> re.Pattern[str]:
    """A short ', he said' clause: a subject of up to six words (group `subj`) and a speech verb."""
    verbs = "|".join(re.escape(v) for v in sorted(patterns.speech_verbs, key=len, reverse=True))
    subject = r"(?P<subj>(?:[^\W\d_][\w’'.-]*\s+){0,5}?[^\W\d_][\w’'.-]*)"
    return re.compile(rf"[,;—–]\s*{subject}\s+(?:{verbs})\b(?:\s+[a-z]+){{0,2}}?\s*(?=[,.;!?—–]|\Z)")


@lru_cache(maxsize=8)
def closing_regex(patterns: QuotePatterns) -> re.Pattern[str]:
    """An attribution that closes a sentence with its speaker after the verb: ', said X' or ',
    according to X' (group `subj`, up to the next comma or the sentence end); never 'said that',
    'said to be' or 'said in …', whose next word opens no subject."""
    verbs = "|".join(re.escape(v) for v in sorted(patterns.inversion_verbs, key=len, reverse=True))
    phrases = "|".join(f"(?i:{re.escape(p[0])}){re.escape(p[1:])}" for p in patterns.attribution_phrases)
    no_subject = "|".join(re.escape(w) for w in sorted(patterns.reported_speech_links | patterns.source_prepositions))
    return re.compile(
        rf"[,;—–]\s*(?:{phrases or '(?!)'}|{verbs or '(?!)'})\s+(?!(?:to|{no_subject or '(?!)'})\b)"
        r"(?P<subj>[^\W\d_][^,;:.!?—–()]*)"
    )
