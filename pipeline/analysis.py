"""Analyse one processed article: sentences, actor mentions, date expressions, quotes and events, with local links."""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.dates import ResolvedDate, find_date_expressions, is_date_expression, resolve_date
from pipeline.entities import (
    AbbreviationLink,
    Candidate,
    bracketed_acronyms,
    common_noun_shorts,
    confirm_headline_names,
    extract_candidates,
    find_abbreviations,
    guess_type,
    implied_abbreviations,
    keep_to_countries,
    keep_to_region,
    link_abbreviations,
    link_acronym_stems,
    link_known_as,
    link_misspellings,
    link_nicknames,
    link_shortened_names,
    link_surnames,
    prefer_the_articles_names,
    towns_in_play,
    with_designations,
    without_named_things,
    without_place_adjectives,
)
from pipeline.events import Event, EventActor, extract_events
from pipeline.knowledge import Knowledge
from pipeline.metadata import dateline_credit
from pipeline.quotes import ActorSpan, Quote, extract_quotes

_DATE_EDGE = " \t\n|,.;:()[]\"“”'’-–—"
_RIGHT_CONTEXT = 20


@dataclass(frozen=True)
class Sentence:
    sent_id: int
    start: int
    end: int


@dataclass(frozen=True)
class DateExpression:
    """A date expression of the text and the period it names."""

    sent_id: int
    start: int
    end: int
    text: str
    resolved: ResolvedDate


@dataclass(frozen=True)
class Mention:
    """A candidate placed in its sentence and dated by it."""

    candidate: Candidate
    sent_id: int
    date: datetime.date | None
    date_basis: str | None
    date_granularity: str | None


@dataclass(frozen=True)
class DocAnalysis:
    """Everything one article yields before actors are resolved across the corpus.

    Links are local (gazetteer ids or name keys); quotes' speaker_id and events' actor1, actor2
    and place hold such links too.
    """

    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    dates: tuple[DateExpression, ...]
    quotes: tuple[tuple[int, Quote], ...]
    abbreviations: tuple[AbbreviationLink, ...]
    events: tuple[Event, ...] = ()


def analyse_doc(
    doc: Doc, published: datetime.date | None, knowledge: Knowledge, *, fuzzy_threshold: float
) -> DocAnalysis:
    """The per-article work of a build (pure: the same Doc and knowledge give the same result)."""
    text = doc.text
    sentences = split_sentences(doc)
    starts = [s.start for s in sentences]
    candidates = extract_candidates(doc, knowledge, fuzzy_threshold=fuzzy_threshold)
    candidates = keep_to_region(doc, candidates, knowledge.gazetteer, knowledge.regions, knowledge.types)
    candidates = keep_to_countries(doc, candidates, knowledge.gazetteer, knowledge.types)
    candidates = towns_in_play(doc, candidates, knowledge.gazetteer, knowledge.particles)
    candidates = without_place_adjectives(text, candidates, knowledge.types)  # towns_in_play reads them too
    candidates = with_designations(text, candidates, knowledge.gazetteer, knowledge.types)
    candidates = without_named_things(text, candidates, knowledge.types)  # towns the world's table guessed too
    credit = dateline_credit(text, knowledge.metadata)  # "(Reuters)" after a dateline: a credit, no actor
    if credit is not None:
        candidates = [c for c in candidates if not (credit[0] <= c.start and c.end <= credit[1])]
    kinds = common_noun_shorts(text)  # "organized armed groups (GAO)": no actor, whatever the letters
    candidates = [c for c in candidates if c.surface.rstrip("s") not in kinds and c.surface not in kinds]
    defined = [  # "Station House Officer (SHO)": a rank, no actor
        d for d in find_abbreviations(text) if d.short not in kinds and d.short.casefold() not in knowledge.title_keys
    ]
    defined += implied_abbreviations(candidates, defined)
    candidates, bracketed = bracketed_acronyms(text, candidates, defined, knowledge.gazetteer)
    defined += bracketed
    candidates, abbreviations = link_abbreviations(text, candidates, defined, knowledge.gazetteer)
    candidates = link_nicknames(text, link_known_as(text, candidates, knowledge.alias_cues))
    candidates = confirm_headline_names(
        doc,
        link_surnames(doc, link_misspellings(prefer_the_articles_names(candidates)), knowledge.titles, knowledge.types),
    )
    candidates = link_acronym_stems(link_shortened_names(text, candidates))
    dates = find_dates(doc, published, knowledge, starts)
    mentions = tuple(_date_mention(c, _sent_of(starts, c.start), dates, published) for c in candidates)
    label_types = knowledge.types.label_types
    spans = [ActorSpan(c.start, c.end, c.link, c.surface, label_types.get(c.label, c.label)) for c in candidates]
    quotes = tuple((_sent_of(starts, q.start), q) for q in extract_quotes(text, spans, knowledge.quotes))
    actors = [EventActor(c.start, c.end, c.link, guess_type(c.surface, c.label, knowledge.types)) for c in candidates]
    quoted = [(q.start, q.end) for _, q in quotes]
    events = extract_events(
        doc, sentences, dates, actors, published, knowledge.events, _Parents(knowledge.gazetteer.by_id), quoted
    )
    return DocAnalysis(tuple(sentences), mentions, tuple(dates), quotes, tuple(abbreviations), events)


class _Parents:
    """Gazetteer id -> the id of the place it lies in (a town's province), for events' places."""

    def __init__(self, by_id):
        self.by_id = by_id

    def get(self, link: str) -> str | None:
        entry = self.by_id.get(link)
        return entry.parent if entry is not None else None


def split_sentences(doc: Doc) -> list[Sentence]:
    """spaCy's sentences, without surrounding whitespace, empty ones dropped, numbered from 0."""
    sentences = []
    for sent in doc.sents:
        text = sent.text
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = sent.start_char + len(text.rstrip())
        if end > start:
            sentences.append(Sentence(len(sentences), start, end))
    return sentences


def find_dates(
    doc: Doc, published: datetime.date | None, knowledge: Knowledge, starts: list[int]
) -> list[DateExpression]:
    """Date expressions from the model's DATE entities and the regex supplement, resolved.

    Where both find one, the longer span wins.
    """
    text = doc.text
    spans = [_trim(text, ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "DATE"]
    spans += find_date_expressions(text, knowledge.dates)
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if end > start and all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    expressions = []
    for start, end in sorted(chosen):
        expression = text[start:end]
        if not is_date_expression(expression, text[end : end + _RIGHT_CONTEXT], knowledge.dates):
            continue
        resolved = resolve_date(expression, published, knowledge.dates)
        expressions.append(DateExpression(_sent_of(starts, start), start, end, expression, resolved))
    return expressions


def _date_mention(
    candidate: Candidate, sent_id: int, dates: list[DateExpression], published: datetime.date | None
) -> Mention:
    """Date a mention by the nearest resolved date expression of its sentence, else by publication."""
    same = [d for d in dates if d.sent_id == sent_id and d.resolved.value is not None]
    if same:
        nearest = min(same, key=lambda d: abs(d.start - candidate.start))
        return Mention(candidate, sent_id, nearest.resolved.value, "sentence", nearest.resolved.granularity)
    if published is not None:
        return Mention(candidate, sent_id, published, "published", "day")
    return Mention(candidate, sent_id, None, None, None)


def _sent_of(starts: list[int], position: int) -> int:
    return max(bisect.bisect_right(starts, position) - 1, 0)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _DATE_EDGE:
        start += 1
    while start < end and text[end - 1] in _DATE_EDGE:
        end -= 1
    return start, end
