"""Find direct quotations in an article text and attribute each to a speaker."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

_WORD = re.compile(r"[^\W_][\w’'.-]*")
_PIECE = re.compile(r"[^,;:—–()]+")
_LINE = re.compile(r"[^\n]+")
_TRAILING_WORD = re.compile(r"(\w+)\Z")
_APPOSITIVE = re.compile(r"\s*[,—–(]\s*([^,.;:—–()]*)")
_SENTENCE_PUNCT = ".!?"
_AFTER_PUNCT = ",?!—–-…"
# an invisible non-word character: masked quotations hold no words, verbs or commas
_MASK = "\u2063"
_Speaker = tuple[str | None, str | None, int | None, int | None]
_NO_SPEAKER: _Speaker = (None, None, None, None)


@dataclass(frozen=True)
class QuotePatterns:
    """Word lists from data/patterns/quotes.yaml; each list's source is noted there."""

    quote_pairs: tuple[tuple[str, str], ...]
    speech_verbs: frozenset[str]
    attribution_phrases: tuple[str, ...]
    listener_cues: frozenset[str]
    listener_suffixes: tuple[str, ...]
    pronouns: frozenset[str]
    subject_skip_words: frozenset[str]
    attribution_adverbs: frozenset[str]
    relative_pronouns: frozenset[str]
    role_nouns: tuple[tuple[str, frozenset[str]], ...]
    role_verbs: tuple[tuple[str, frozenset[str]], ...]
    definite_determiners: frozenset[str]
    person_types: frozenset[str]
    organisation_types: frozenset[str]
    listener_types: frozenset[str]
    abbreviations: frozenset[str]
    min_unattributed_words: int = 8
    max_speaker_words: int = 8
    max_words_to_verb: int = 25


@dataclass(frozen=True)
class ActorSpan:
    """An actor mention already resolved by the pipeline: char offsets into the text."""

    start: int
    end: int
    actor_id: str
    name: str
    type: str


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


def load_quote_patterns(path: Path) -> QuotePatterns:
    """Read the quotation word lists; the only I/O of this module.

    path (Path): data/patterns/quotes.yaml or a file of the same shape.
    RETURNS (QuotePatterns): the lists, frozen and hashable so compiled regexes can be cached.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    roles = data.get("roles", {})
    types = data.get("speaker_types", {})

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w) for w in data.get(key, []))

    return QuotePatterns(
        quote_pairs=tuple((str(a), str(b)) for a, b in data["quote_pairs"]),
        speech_verbs=words("speech_verbs"),
        attribution_phrases=tuple(str(p) for p in data.get("attribution_phrases", [])),
        listener_cues=words("listener_cues"),
        listener_suffixes=tuple(str(p) for p in data.get("listener_suffixes", [])),
        pronouns=words("pronouns"),
        subject_skip_words=words("subject_skip_words"),
        attribution_adverbs=words("attribution_adverbs"),
        relative_pronouns=words("relative_pronouns"),
        role_nouns=tuple((r, frozenset(v.get("nouns", []))) for r, v in roles.items()),
        role_verbs=tuple((r, frozenset(v.get("verbs", []))) for r, v in roles.items()),
        definite_determiners=words("definite_determiners"),
        person_types=frozenset(types.get("person", [])),
        organisation_types=frozenset(types.get("organisation", [])),
        listener_types=words("listener_types"),
        abbreviations=words("abbreviations"),
        min_unattributed_words=int(data.get("min_unattributed_words", 8)),
        max_speaker_words=int(data.get("max_speaker_words", 8)),
        max_words_to_verb=int(data.get("max_words_to_verb", 25)),
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
        gap = ctx.masked[m.end() : raw.open_start].strip()
        if not _is_speech_gap(gap):
            continue
        if m.group("phrase"):
            return _Subject(m.end(), raw.open_start, first_piece=True)
        closes = [r.close_end for r in ctx.raws[:index] if start <= r.close_end <= m.start()]
        subject_start = max([start, *closes])
        if ctx.masked[subject_start : m.start()].strip():
            return _Subject(subject_start, m.start(), last_person=True)
        return _Subject(m.end(), raw.open_start, first_piece=True)
    return None


def _is_speech_gap(gap: str) -> bool:
    """True when the words between a speech verb and a quotation make the quotation its object:
    nothing, a listener then ':' or ',', or 'that' plus at most four words."""
    if not gap:
        return True
    if gap[-1] in ":," and len(_WORD.findall(gap)) <= 10:
        return True
    return re.search(r"\bthat(?:\s+\S+){0,4}\Z", gap) is not None


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
    subject, else a pronoun or role noun resolved backwards, else the words as written."""
    p = ctx.patterns
    persons = _spans_within(ctx, p.person_types, subject.start, subject.end)
    if persons:
        span = persons[-1] if subject.last_person else persons[0]
        return ctx.text[span.start : span.end], span.actor_id, span.start, span.end
    piece = _subject_piece(ctx, subject)
    if piece is None:
        return _NO_SPEAKER
    start, end = piece
    orgs = [s for s in _spans_within(ctx, p.organisation_types, start, end) if not _is_listener(ctx, s)]
    if orgs:
        return ctx.text[orgs[0].start : orgs[0].end], orgs[0].actor_id, orgs[0].start, orgs[0].end
    words = [w.lower() for w in _WORD.findall(ctx.text, start, end)]
    written = ctx.text[start:end]
    if words == [words[0]] and words[0] in p.pronouns:
        return written, _resolve_pronoun(ctx, raw, start), start, end
    role = _role_of_words(words[1:], p.role_nouns) if words[0] in p.definite_determiners else None
    if role is not None:
        return written, _resolve_role(ctx, raw, role, start), start, end
    if len(words) <= p.max_speaker_words:
        return written, None, start, end
    return _NO_SPEAKER


def _spans_within(ctx: _Context, types: frozenset[str], start: int, end: int) -> list[ActorSpan]:
    return [s for s in ctx.spans if s.type in types and start <= s.start and s.end <= end]


def _subject_piece(ctx: _Context, subject: _Subject) -> tuple[int, int] | None:
    """The comma-piece that is the grammatical subject: not a relative clause, no leading 'but'."""
    p = ctx.patterns
    pieces = []
    for m in _PIECE.finditer(ctx.masked, subject.start, subject.end):
        words = list(_WORD.finditer(ctx.masked, m.start(), m.end()))
        while words and words[0].group().lower() in p.subject_skip_words:
            words.pop(0)
        while len(words) > 1 and words[-1].group().lower() in p.attribution_adverbs:
            words.pop()
        if words and words[0].group().lower() not in p.relative_pronouns:
            pieces.append((words[0].start(), words[-1].end()))
    if not pieces:
        return None
    start, end = pieces[0] if subject.first_piece else pieces[-1]
    while end > start and ctx.text[end - 1] in ".’'":
        end -= 1
    return (start, end) if end > start else None


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


def _resolve_pronoun(ctx: _Context, raw: _Raw, pos: int) -> str | None:
    """He/she/they: the previous quotation's speaker in this or the previous paragraph, else the
    nearest person mentioned before."""
    previous = _previous_speaker(ctx, raw)
    if previous is not None:
        return previous.speaker_id
    persons = [s for s in ctx.spans if s.type in ctx.patterns.person_types and s.end <= pos]
    return persons[-1].actor_id if persons else None


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
    verbs = "|".join(re.escape(v) for v in sorted(patterns.speech_verbs, key=len, reverse=True))
    phrases = "|".join(f"(?i:{re.escape(p[0])}){re.escape(p[1:])}" for p in patterns.attribution_phrases)
    return re.compile(rf"\b(?:(?P<phrase>{phrases or '(?!)'})|(?P<verb>{verbs or '(?!)'}))\b")


@lru_cache(maxsize=8)
def _tail_regex(patterns: QuotePatterns) -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in sorted(patterns.speech_verbs, key=len, reverse=True))
    subject = r"(?P<subj>(?:[^\W\d_][\w’'.-]*\s+){0,5}?[^\W\d_][\w’'.-]*)"
    return re.compile(rf"[,;—–]\s*{subject}\s+(?:{verbs})\b(?:\s+[a-z]+){{0,2}}?\s*(?=[,.;!?—–]|\Z)")
