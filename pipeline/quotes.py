"""Find direct quotations in an article text and attribute each to a speaker."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from pipeline.speakers import (
    ActorSpan,
    Antecedent,
    SpeakerCues,
    actor_genders,
    choose_antecedent,
    noun_antecedent,
    pronoun_gender,
)

__all__ = ["ActorSpan", "Quote", "QuotePatterns", "extract_quotes", "load_quote_patterns"]

_WORD = re.compile(r"[^\W_][\w’'.-]*")
_PIECE = re.compile(r"[^,;:—–()]+")
_LINE = re.compile(r"[^\n]+")
_TRAILING_WORD = re.compile(r"(\w+)\Z")
_APPOSITIVE = re.compile(r"\s*[,—–(]\s*([^,.;:—–()]*)")
_SENTENCE_PUNCT = ".!?"
_AFTER_PUNCT = ",?!—–-…"
# an invisible non-word character: masked quotations hold no words, verbs or commas
_MASK = "\u2063"
# a person or organisation opening its sentence after at most a few title words ("Colonel X is …"),
# possibly after an opening phrase ("During a visit to Y, X reaffirmed …")
_SUBJECT_LEAD = re.compile(r"\s*(?:[^,;:.!?]{1,80},\s*)?(?:[^\W\d_][\w.’'-]*\s+){0,4}")
_POSSESSIVE = re.compile(r"[’']s\b")
_Speaker = tuple[str | None, str | None, int | None, int | None]
_NO_SPEAKER: _Speaker = (None, None, None, None)


@dataclass(frozen=True)
class QuotePatterns:
    """Word lists from data/patterns/quotes.yaml; each list's source is noted there."""

    quote_pairs: tuple[tuple[str, str], ...]
    speech_verbs: frozenset[str]
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
    person_types: frozenset[str]
    organisation_types: frozenset[str]
    listener_types: frozenset[str]
    abbreviations: frozenset[str]
    cues: SpeakerCues
    min_unattributed_words: int = 8
    max_speaker_words: int = 8
    max_words_to_verb: int = 25
    max_reported_words: int = 20
    max_bare_reported_words: int = 4
    min_partial_quote_words: int = 2


@dataclass(frozen=True)
class Quote:
    """A quotation without its marks (text[start:end] == quote) and who said it, if known."""

    start: int
    end: int
    quote: str
    speaker: str | None
    speaker_id: str | None
    speaker_start: int | None
    speaker_end: int | None


@dataclass(frozen=True)
class _Raw:
    """A quotation as marked: marks at [open_start, inner_start) and [inner_end, close_end)."""

    open_start: int
    inner_start: int
    inner_end: int
    close_end: int
    para: int


@dataclass(frozen=True)
class _Subject:
    """Where an attribution's speaker is written, and which end of it to prefer."""

    start: int
    end: int
    last_person: bool = False
    first_piece: bool = False


@dataclass(frozen=True)
class _Said:
    """A kept quotation with the facts later quotations resolve against."""

    quote: Quote
    para: int
    index: int
    attributed: bool


@dataclass
class _Context:
    """One call's text, its masked twin, sentence ends per paragraph, and the quotations kept so far."""

    text: str
    masked: str
    spans: tuple[ActorSpan, ...]
    patterns: QuotePatterns
    raws: list[_Raw]
    paras: list[tuple[int, int]]
    bounds: list[list[tuple[int, int]]]
    said: list[_Said] = field(default_factory=list)

    @cached_property
    def starts(self) -> list[int]:
        return [s.start for s in self.spans]

    @cached_property
    def genders(self) -> dict[str, str]:
        return actor_genders(self.masked, self.spans, self.patterns.cues)

    @cached_property
    def types(self) -> dict[str, str]:
        return {s.actor_id: s.type for s in reversed(self.spans)}


def load_quote_patterns(path: Path) -> QuotePatterns:
    """Read the quotation word lists; the only I/O of this module.

    path (Path): data/patterns/quotes.yaml or a file of the same shape.
    RETURNS (QuotePatterns): the lists, frozen and hashable so compiled regexes can be cached.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    roles = data.get("roles", {})
    types = data.get("speaker_types", {})
    gender = data.get("gender", {})

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w) for w in data.get(key, []))

    return QuotePatterns(
        quote_pairs=tuple((str(a), str(b)) for a, b in data["quote_pairs"]),
        speech_verbs=words("speech_verbs"),
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
        person_types=frozenset(types.get("person", [])),
        organisation_types=frozenset(types.get("organisation", [])),
        listener_types=words("listener_types"),
        abbreviations=words("abbreviations"),
        cues=SpeakerCues(
            person_types=frozenset(types.get("person", [])),
            organisation_types=frozenset(types.get("organisation", [])),
            organisation_pronouns=words("organisation_pronouns"),
            organisation_nouns=words("organisation_nouns"),
            gender_titles=tuple((g, frozenset(v.get("titles", []))) for g, v in gender.items()),
            gender_pronouns=tuple((g, frozenset(v.get("pronouns", []))) for g, v in gender.items()),
        ),
        min_unattributed_words=int(data.get("min_unattributed_words", 8)),
        max_speaker_words=int(data.get("max_speaker_words", 8)),
        max_words_to_verb=int(data.get("max_words_to_verb", 25)),
        max_reported_words=int(data.get("max_reported_words", 20)),
        max_bare_reported_words=int(data.get("max_bare_reported_words", 4)),
        min_partial_quote_words=int(data.get("min_partial_quote_words", 2)),
    )


def extract_quotes(text: str, actor_spans: Sequence[ActorSpan], patterns: QuotePatterns) -> list[Quote]:
    """Direct quotations with their speakers, in text order.

    text (str): the cleaned article body; paragraphs are lines (blank lines allowed).
    actor_spans (Sequence[ActorSpan]): resolved actor mentions; persons and organisations can speak.
    patterns (QuotePatterns): from load_quote_patterns.
    RETURNS (list[Quote]): attributed quotations, quotations that continue an attributed one, and
        unattributed ones that read as a full sentence; scare quotes are dropped.

    A quotation is attributed by a speech verb in its sentence: after it ("…,” X said), before it
    (X said: “…”, X said that “…”, According to X, “…”), or in a short ", he said" clause of the
    same sentence. Without one it is kept only if it opens its sentence (or follows ':' or ','),
    starts with a capital and has min_unattributed_words words: that separates quoted speech from
    epithets ("the most isolated town in Iraq") and scare quotes ("sleeping").
    """
    for span in actor_spans:
        if not 0 <= span.start <= span.end <= len(text):
            raise ValueError(f"actor span {span!r} is outside the text (length {len(text)})")
    paras = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    raws = [raw for i, para in enumerate(paras) for raw in _find_marks(text, para, i, patterns)]
    masked = _mask(text, raws)
    bounds = [_boundaries(masked, para, patterns) for para in paras]
    spans = tuple(sorted(actor_spans, key=lambda s: (s.start, s.end)))
    ctx = _Context(text, masked, spans, patterns, raws, paras, bounds)
    for index, raw in enumerate(raws):
        _attribute(ctx, index, raw)
    return [said.quote for said in ctx.said]


def _find_marks(text: str, para: tuple[int, int], index: int, patterns: QuotePatterns) -> list[_Raw]:
    """Pair quote marks in one paragraph; an unclosed quotation ends with its paragraph."""
    openers = {a for a, _ in patterns.quote_pairs}
    closers = {b for _, b in patterns.quote_pairs}
    raws, opened = [], None
    for m in _mark_regex(patterns).finditer(text, *para):
        if opened is not None and m.group() in closers:
            raws.append(_Raw(opened.start(), opened.end(), m.start(), m.end(), index))
            opened = None
        elif m.group() in openers:
            # a second opening mark inside a quotation means the first one was never closed
            if opened is not None:
                raws.append(_Raw(opened.start(), opened.end(), m.start(), m.start(), index))
            opened = m
    if opened is not None:
        raws.append(_Raw(opened.start(), opened.end(), para[1], para[1], index))
    return raws


def _mask(text: str, raws: list[_Raw]) -> str:
    """Hide quoted words so that verbs inside a quotation never attribute it; a final . ! ? stays
    visible because it ends the sentence."""
    chars = list(text)
    for raw in raws:
        inner = text[raw.inner_start : raw.inner_end].rstrip()
        keep = 1 if inner and inner[-1] in _SENTENCE_PUNCT else 0
        for i in range(raw.inner_start, raw.inner_start + len(inner) - keep):
            chars[i] = _MASK
    return "".join(chars)


def _boundaries(masked: str, para: tuple[int, int], patterns: QuotePatterns) -> list[tuple[int, int]]:
    """Sentence ends in a paragraph as (position of the full stop, start of the next sentence)."""
    found = []
    for m in _boundary_regex(patterns).finditer(masked, *para):
        word = _TRAILING_WORD.search(masked, max(para[0], m.start() - 20), m.start())
        if word and (len(word.group()) == 1 or word.group() in patterns.abbreviations):
            continue
        found.append((m.start(), m.end()))
    return found


def _attribute(ctx: _Context, index: int, raw: _Raw) -> None:
    """Keep a quotation if it is attributed, continues an attributed one, or is a full sentence."""
    start, end = _trim(ctx.text, raw.inner_start, raw.inner_end)
    if start == end:
        return
    subject = _after_subject(ctx, index, raw) or _before_subject(ctx, index, raw) or _tail_subject(ctx, raw)
    speaker = _resolve(ctx, subject, raw) if subject is not None else _continued_speaker(ctx, index, raw)
    attributed = speaker is not None
    if speaker is None and _is_full_sentence(ctx, raw, ctx.text[start:end]):
        speaker = _NO_SPEAKER
    if speaker is not None:
        ctx.said.append(_Said(Quote(start, end, ctx.text[start:end], *speaker), raw.para, index, attributed))


def _continued_speaker(ctx: _Context, index: int, raw: _Raw) -> _Speaker | None:
    """“…,” X said. “…more…”: a quotation opening a sentence right after an attributed one of the
    same paragraph is the same speaker's."""
    previous = ctx.said[-1] if ctx.said else None
    if not previous or not previous.attributed or previous.index != index - 1 or previous.para != raw.para:
        return None
    if ctx.masked[_sentence_start(ctx, raw, raw.open_start) : raw.open_start].strip():
        return None
    p = previous.quote
    return p.speaker, p.speaker_id, p.speaker_start, p.speaker_end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the quoted words without surrounding space or the comma before the attribution."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _after_subject(ctx: _Context, index: int, raw: _Raw) -> _Subject | None:
    """“…,” X said / “…,” said X / “…,” according to X: the attribution follows the quotation."""
    inner = ctx.text[raw.inner_start : raw.inner_end].rstrip()
    stop = ctx.raws[index + 1].open_start if index + 1 < len(ctx.raws) else len(ctx.text)
    region_end = min(_sentence_end(ctx, raw, raw.close_end), stop)
    after = ctx.masked[raw.close_end : region_end]
    follow = after.lstrip()
    lower_start = bool(follow) and follow[0].islower()
    if not (inner and inner[-1] in _AFTER_PUNCT or follow.startswith(",") or (inner.endswith(".") and lower_start)):
        return None
    m = _verb_regex(ctx.patterns).search(ctx.masked, raw.close_end, region_end)
    if m is None or len(_WORD.findall(ctx.masked, raw.close_end, m.start())) > ctx.patterns.max_words_to_verb:
        return None
    if m.group("phrase") or not ctx.masked[raw.close_end : m.start()].strip(" ,"):
        return _Subject(m.end(), region_end, first_piece=True)
    by = re.match(r"\s+by\s", ctx.masked[m.end() : region_end])
    if by and re.search(r"\b(?:was|were)\s*$", ctx.masked[raw.close_end : m.start()]):
        return _Subject(m.end() + by.end(), region_end, first_piece=True)
    return _Subject(raw.close_end, m.start())


def _before_subject(ctx: _Context, index: int, raw: _Raw) -> _Subject | None:
    """X said: “…” / X told Y, “…” / X said that “…” / According to X, “…” / “…,” he said, “…”:
    the attribution comes first; an earlier quotation of the sentence is not part of it."""
    start = _sentence_start(ctx, raw, raw.open_start)
    for m in reversed(list(_verb_regex(ctx.patterns).finditer(ctx.masked, start, raw.open_start))):
        gap = ctx.masked[_gap_start(ctx, index, m.end()) : raw.open_start].strip()
        if not _is_speech_gap(ctx, gap, m.group(), ctx.text[raw.inner_start : raw.inner_end]):
            continue
        if m.group("phrase"):
            return _Subject(m.end(), raw.open_start, first_piece=True)
        closes = [r.close_end for r in ctx.raws[:index] if start <= r.close_end <= m.start()]
        subject_start = max([start, *closes])
        if ctx.masked[subject_start : m.start()].strip():
            return _Subject(subject_start, m.start(), last_person=True)
        return _Subject(m.end(), raw.open_start, first_piece=True)
    return None


def _gap_start(ctx: _Context, index: int, verb_end: int) -> int:
    """Where the words between a verb and quotation `index` start: after the verb, or after an
    attributed quotation between them ('said they were “A” and would not “B”')."""
    previous = ctx.said[-1] if ctx.said else None
    if previous and previous.attributed and previous.index == index - 1 and ctx.raws[index - 1].open_start > verb_end:
        return ctx.raws[index - 1].close_end
    return verb_end


def _is_speech_gap(ctx: _Context, gap: str, verb: str, quote: str) -> bool:
    """True when the words between a speech verb and a quotation make the quotation its object:
    nothing; a listener then ':' or ','; a reported clause opened by 'that' (or 'as' after
    'described'); or a short clause without one ('said it “…”') when the quotation is more than
    a scare-quoted word ('said the men wore “Kandahari-style” clothes')."""
    p = ctx.patterns
    words = [w.lower() for w in _WORD.findall(gap)]
    if not gap or (gap[-1] in ":," and len(words) <= 10):
        return True
    links = p.reported_speech_links | (p.description_links if verb in p.description_verbs else frozenset())
    link = max((i for i, w in enumerate(words) if w in links), default=None)
    clause = len(words) - link - 1 if link is not None else len(words)
    if link is not None and clause <= p.max_bare_reported_words:
        return True
    longest = p.max_reported_words if link is not None else p.max_bare_reported_words
    return clause <= longest and len(_WORD.findall(quote)) >= p.min_partial_quote_words


def _tail_subject(ctx: _Context, raw: _Raw) -> _Subject | None:
    """“…” … , he said. / … , he said, …: a short attribution clause covers its whole sentence."""
    start = _sentence_start(ctx, raw, raw.open_start)
    end = _sentence_end(ctx, raw, raw.close_end)
    for m in _tail_regex(ctx.patterns).finditer(ctx.masked, start, end):
        return _Subject(m.start("subj"), m.end("subj"), first_piece=True)
    return None


def _sentence_start(ctx: _Context, raw: _Raw, pos: int) -> int:
    """Start of the sentence holding `pos`; quotations never split a sentence."""
    starts = [nxt for _, nxt in ctx.bounds[raw.para] if nxt <= pos]
    return starts[-1] if starts else ctx.paras[raw.para][0]


def _sentence_end(ctx: _Context, raw: _Raw, pos: int) -> int:
    """End of the sentence holding `pos` (a full stop inside a quotation before `pos` is skipped)."""
    ends = [stop for stop, _ in ctx.bounds[raw.para] if stop >= pos]
    return ends[0] if ends else ctx.paras[raw.para][1]


def _is_full_sentence(ctx: _Context, raw: _Raw, quote: str) -> bool:
    """An unattributed quotation is kept only if it reads as a sentence of its own, not an epithet."""
    letters = [ch for ch in quote if ch.isalpha()]
    before = ctx.masked[_sentence_start(ctx, raw, raw.open_start) : raw.open_start].strip()
    return (
        bool(letters)
        and letters[0].isupper()
        and (not before or before[-1] in ":,")
        and len(_WORD.findall(quote)) >= ctx.patterns.min_unattributed_words
    )


def _resolve(ctx: _Context, subject: _Subject, raw: _Raw) -> _Speaker:
    """The speaker as written, its actor_id and offsets: a person span, else an organisation in the
    subject, else a pronoun, role or organisation noun resolved backwards, else the words as written."""
    pieces = _pieces(ctx, subject.start, subject.end)
    if subject.last_person:
        found = _nearest_subject(ctx, pieces, ctx.patterns.person_types)
        if isinstance(found, ActorSpan):
            return ctx.text[found.start : found.end], found.actor_id, found.start, found.end
        piece = found or (pieces[-1] if pieces else None)
    else:
        persons = _spans_within(ctx, ctx.patterns.person_types, subject.start, subject.end)
        if persons:
            return ctx.text[persons[0].start : persons[0].end], persons[0].actor_id, persons[0].start, persons[0].end
        piece = (pieces[0] if subject.first_piece else pieces[-1]) if pieces else None
    return _describe(ctx, raw, *piece) if piece is not None else _NO_SPEAKER


def _describe(ctx: _Context, raw: _Raw, start: int, end: int) -> _Speaker:
    """A subject without a person: an organisation in it, a pronoun, a role or organisation noun
    ('the mayor', 'the ministry') resolved backwards, else a description ('a local journalist who
    asked …') as written up to its relative clause, with no actor."""
    p = ctx.patterns
    orgs = [s for s in _spans_within(ctx, p.organisation_types, start, end) if not _is_listener(ctx, s)]
    if orgs:
        return ctx.text[orgs[0].start : orgs[0].end], orgs[0].actor_id, orgs[0].start, orgs[0].end
    found = list(_WORD.finditer(ctx.text, start, end))
    words = [w.group().lower() for w in found]
    written = ctx.text[start:end]
    if words == [words[0]] and words[0] in p.pronouns | p.cues.organisation_pronouns:
        return written, _resolve_pronoun(ctx, raw, start, words[0]), start, end
    if words[0] in p.definite_determiners:
        role = _role_of_words(words[1:], p.role_nouns)
        if role is not None:
            return written, _resolve_role(ctx, raw, role, start), start, end
        if len(words) == 2 and words[1] in p.cues.organisation_nouns:
            return written, _resolve_org_noun(ctx, raw, words[1], start), start, end
    relative = next((i for i, w in enumerate(words) if i and w in p.relative_pronouns), len(words))
    if relative <= p.max_speaker_words:
        end = found[relative - 1].end()
        return ctx.text[start:end], None, start, end
    return _NO_SPEAKER


def _spans_within(ctx: _Context, types: frozenset[str], start: int, end: int) -> list[ActorSpan]:
    lo, hi = bisect.bisect_left(ctx.starts, start), bisect.bisect_left(ctx.starts, end)
    return [s for s in ctx.spans[lo:hi] if s.type in types and s.end <= end]


def _spans_before(ctx: _Context, types: frozenset[str], start: int, pos: int) -> list[ActorSpan]:
    return [s for s in _spans_within(ctx, types, start, pos) if not _is_listener(ctx, s)]


def _pieces(ctx: _Context, start: int, end: int) -> list[tuple[int, int]]:
    """The comma-pieces that can be a grammatical subject: not a relative clause, no leading 'but'."""
    p = ctx.patterns
    pieces = []
    for m in _PIECE.finditer(ctx.masked, start, end):
        words = list(_WORD.finditer(ctx.masked, m.start(), m.end()))
        while words and words[0].group().lower() in p.subject_skip_words:
            words.pop(0)
        while len(words) > 1 and words[-1].group().lower() in p.attribution_adverbs:
            words.pop()
        if words and words[0].group().lower() not in p.relative_pronouns:
            piece_start, piece_end = words[0].start(), words[-1].end()
            while piece_end > piece_start and ctx.text[piece_end - 1] in ".’'":
                piece_end -= 1
            if piece_end > piece_start:
                pieces.append((piece_start, piece_end))
    return pieces


def _nearest_subject(
    ctx: _Context, pieces: list[tuple[int, int]], types: frozenset[str]
) -> ActorSpan | tuple[int, int] | None:
    """Walking back from the verb: the last actor of `types` in the nearest piece holding one
    ('X, the governor, welcomed it and said'), unless an indefinite description comes first
    ('…, where Druze factions rule, a local journalist who … said'), which is returned as a piece;
    a description right after a piece ending in a name is that name's ('X, a farmer, said')."""
    for i in range(len(pieces) - 1, -1, -1):
        start, end = pieces[i]
        spans = _spans_before(ctx, types, start, end)
        if spans:
            return spans[-1]
        if _WORD.search(ctx.text, start, end).group().lower() in ctx.patterns.indefinite_determiners:
            named = _spans_before(ctx, types, *pieces[i - 1]) if i else []
            return named[-1] if named and named[-1].end == pieces[i - 1][1] else (start, end)
    return None


def _is_listener(ctx: _Context, span: ActorSpan) -> bool:
    """An outlet right after 'told'/'to' or before 'was told' is spoken to, never speaking."""
    if span.type not in ctx.patterns.listener_types:
        return False
    before = ctx.text[max(0, span.start - 30) : span.start].lower().split()
    after = " ".join(ctx.text[span.end : span.end + 20].lower().split())
    phrase_before = " ".join(before[-2:])
    if any(phrase_before.endswith(ph) for ph in ctx.patterns.attribution_phrases):
        return False
    return bool(before and before[-1] in ctx.patterns.listener_cues) or after.startswith(ctx.patterns.listener_suffixes)


def _resolve_pronoun(ctx: _Context, raw: _Raw, pos: int, pronoun: str) -> str | None:
    """He/she/they (persons) or it (organisations): the actor most recently introduced as a source
    in this or the previous paragraph (a quotation's speaker, the subject of a speech verb, an actor
    opening a sentence) whose gender the text does not contradict; else the nearest such actor
    mentioned anywhere before."""
    p = ctx.patterns
    persons = p.cues.person_types if pronoun in p.pronouns else frozenset()
    types = persons | (p.cues.organisation_types if pronoun in p.cues.organisation_pronouns else frozenset())
    return _resolve_back(ctx, raw, pos, types, pronoun_gender(pronoun, p.cues))


def _resolve_org_noun(ctx: _Context, raw: _Raw, noun: str, pos: int) -> str | None:
    """'The ministry': the last organisation named with that noun, else as 'it' would resolve."""
    cues = ctx.patterns.cues
    named = noun_antecedent(_spans_before(ctx, cues.organisation_types, 0, pos), noun, cues)
    return named or _resolve_back(ctx, raw, pos, cues.organisation_types, None)


def _resolve_back(ctx: _Context, raw: _Raw, pos: int, types: frozenset[str], gender: str | None) -> str | None:
    window = ctx.paras[max(0, raw.para - 1)][0]
    chosen = choose_antecedent(_antecedents(ctx, types, window, pos), gender, ctx.genders)
    if chosen is None:
        nearest = [Antecedent(s.start, s.actor_id) for s in _spans_before(ctx, types, 0, pos)]
        chosen = choose_antecedent(nearest, gender, ctx.genders)
    return chosen.actor_id if chosen else None


def _antecedents(ctx: _Context, types: frozenset[str], start: int, pos: int) -> list[Antecedent]:
    """Actors of `types` introduced as sources in [start, pos): speakers of kept quotations,
    subjects of speech verbs outside quotations, and actors that open a sentence. Unnamed person
    sources ('a police officer said') are candidates with no actor."""
    unnamed = bool(types & ctx.patterns.cues.person_types)
    found = [
        Antecedent(q.speaker_start if q.speaker_start is not None else q.start, q.speaker_id)
        for q in (said.quote for said in ctx.said)
        if q.speaker is not None
        and start <= q.start < pos
        and (ctx.types.get(q.speaker_id) in types if q.speaker_id else unnamed)
    ]
    for m in _verb_regex(ctx.patterns).finditer(ctx.masked, start, pos):
        if m.group("verb"):
            subject = _nearest_subject(ctx, _pieces(ctx, _sentence_start_at(ctx, m.start()), m.start()), types)
            if isinstance(subject, ActorSpan):
                found.append(Antecedent(subject.start, subject.actor_id))
            elif subject is not None and unnamed:
                found.append(Antecedent(subject[0], None))
    for span in _spans_before(ctx, types, start, pos):
        lead = _SUBJECT_LEAD.match(ctx.masked, _sentence_start_at(ctx, span.start), span.start)
        if lead and lead.end() == span.start and not _POSSESSIVE.match(ctx.text, span.end):
            found.append(Antecedent(span.start, span.actor_id))
    return found


def _sentence_start_at(ctx: _Context, pos: int) -> int:
    """Start of the sentence holding `pos`, or of its paragraph, after any quotation closing there."""
    para = max(0, bisect.bisect_right([start for start, _ in ctx.paras], pos) - 1)
    starts = [nxt for _, nxt in ctx.bounds[para] if nxt <= pos] if ctx.paras else []
    return starts[-1] if starts else (ctx.paras[para][0] if ctx.paras else 0)


def _resolve_role(ctx: _Context, raw: _Raw, role: str, pos: int) -> str | None:
    """'The mayor': the last person introduced as mayor before; else the previous speaker if they
    were introduced with any role; else unresolved."""
    persons = [s for s in ctx.spans if s.type in ctx.patterns.person_types and s.end <= pos]
    for span in reversed(persons):
        if role in _roles_of(ctx, span):
            return span.actor_id
    previous = _previous_speaker(ctx, raw)
    if previous is not None and any(_roles_of(ctx, s) for s in persons if s.actor_id == previous.speaker_id):
        return previous.speaker_id
    return None


def _previous_speaker(ctx: _Context, raw: _Raw) -> Quote | None:
    """The last kept quotation with a speaker, if it is in this or the previous paragraph."""
    for said in reversed(ctx.said):
        if said.para < raw.para - 1:
            return None
        if said.quote.speaker is not None:
            return said.quote
    return None


def _roles_of(ctx: _Context, span: ActorSpan) -> set[str]:
    """Roles a person is introduced with: an appositive after the name (', the mayor of …',
    ', who commands …') or a title right before it ('Mayor Ahmed Jadeyan')."""
    p = ctx.patterns
    roles = set()
    appositive = _APPOSITIVE.match(ctx.text, span.end, min(len(ctx.text), span.end + 120))
    if appositive:
        words = [w.lower() for w in _WORD.findall(appositive.group(1))][:12]
        roles |= {r for r, forms in p.role_nouns + p.role_verbs if forms.intersection(words)}
    titles = {w.lower().rstrip(".") for w in _title_words(ctx, span)}
    return roles | {r for r, forms in p.role_nouns if forms.intersection(titles)}


def _title_words(ctx: _Context, span: ActorSpan) -> list[str]:
    """Up to three words right before a name, in its sentence ('Police officer Maj.' Bassam)."""
    words: list[str] = []
    for word in reversed(ctx.text[max(0, span.start - 40) : span.start].split()[-3:]):
        bare = word.rstrip(".")
        ends_sentence = word.endswith(".") and len(bare) > 1 and bare not in ctx.patterns.abbreviations
        if ends_sentence or not _WORD.fullmatch(word) or word[-1] in ",;:":
            break
        words.append(word)
    return words


def _role_of_words(words: list[str], role_nouns: tuple[tuple[str, frozenset[str]], ...]) -> str | None:
    for role, nouns in role_nouns:
        if nouns.intersection(words):
            return role
    return None


@lru_cache(maxsize=8)
def _mark_regex(patterns: QuotePatterns) -> re.Pattern[str]:
    marks = {m for pair in patterns.quote_pairs for m in pair}
    return re.compile("|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True)))


@lru_cache(maxsize=8)
def _boundary_regex(patterns: QuotePatterns) -> re.Pattern[str]:
    marks = sorted({m for pair in patterns.quote_pairs for m in pair}, key=len, reverse=True)
    any_mark = "|".join(re.escape(m) for m in marks)
    return re.compile(rf"[.!?](?:{any_mark})*\s+(?=(?:{any_mark})|[\[(A-Z])")


@lru_cache(maxsize=8)
def _verb_regex(patterns: QuotePatterns) -> re.Pattern[str]:
    verbs = "|".join(
        re.escape(v) for v in sorted(patterns.speech_verbs | patterns.description_verbs, key=len, reverse=True)
    )
    phrases = "|".join(f"(?i:{re.escape(p[0])}){re.escape(p[1:])}" for p in patterns.attribution_phrases)
    return re.compile(rf"\b(?:(?P<phrase>{phrases or '(?!)'})|(?P<verb>{verbs or '(?!)'}))\b")


@lru_cache(maxsize=8)
def _tail_regex(patterns: QuotePatterns) -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in sorted(patterns.speech_verbs, key=len, reverse=True))
    subject = r"(?P<subj>(?:[^\W\d_][\w’'.-]*\s+){0,5}?[^\W\d_][\w’'.-]*)"
    return re.compile(rf"[,;—–]\s*{subject}\s+(?:{verbs})\b(?:\s+[a-z]+){{0,2}}?\s*(?=[,.;!?—–]|\Z)")
