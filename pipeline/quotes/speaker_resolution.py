"""Resolve an attribution's subject to a speaker: a named actor, or a pronoun or noun resolved backwards."""

from __future__ import annotations

import bisect
import re

from pipeline.quotes.attribution import Subject
from pipeline.quotes.context import NO_SPEAKER, WORD, QuoteContext, RawQuote, Speaker
from pipeline.quotes.patterns import QuotePatterns, verb_regex
from pipeline.quotes.speaker_roles import resolve_role
from pipeline.quotes.speakers import ActorSpan, Antecedent, choose_antecedent, noun_antecedent, pronoun_gender

_PIECE = re.compile(r"[^,;:—–()]+")
# a person or organisation opening its sentence after at most a few title words ("Colonel X is …"),
# possibly after an opening phrase ("During a visit to Y, X reaffirmed …")
_SUBJECT_LEAD = re.compile(r"\s*(?:[^,;:.!?]{1,80},\s*)?(?:[^\W\d_][\w.’'-]*\s+){0,4}")
_POSSESSIVE = re.compile(r"[’']s\b")
# up to four title words before a name ("Sudan's army chief General")
_TITLE_WORDS = re.compile(r"\s*(?:[^\W\d_][\w.’'-]*\s+){0,4}")


def resolve_speaker(ctx: QuoteContext, subject: Subject, raw: RawQuote) -> Speaker:
    """The speaker as written, its actor_id and offsets: a person span, else an organisation in the
    subject, else a pronoun, role or organisation noun resolved backwards, else the words as written.
    A main clause's subject ('The army accused the RSF …, saying') comes first when there is one."""
    pieces = [_before_object(ctx, *piece) for piece in _pieces(ctx, subject.start, subject.end)]
    lead = _leading_subject(ctx, raw, pieces) if subject.main_clause else None
    if lead is not None:
        return lead
    if subject.last_person:
        found = _nearest_subject(ctx, pieces, ctx.patterns.cues.person_types)
        if isinstance(found, ActorSpan):
            return ctx.text[found.start : found.end], found.actor_id, found.start, found.end
        piece = found or (pieces[-1] if pieces else None)
    else:
        persons = _spans_within(ctx, ctx.patterns.cues.person_types, subject.start, subject.end)
        if persons:
            return ctx.text[persons[0].start : persons[0].end], persons[0].actor_id, persons[0].start, persons[0].end
        piece = (pieces[0] if subject.first_piece else _named_before_apposition(ctx, pieces)) if pieces else None
    return _describe(ctx, raw, *piece) if piece is not None else NO_SPEAKER


def _named_before_apposition(ctx: QuoteContext, pieces: list[tuple[int, int]]) -> tuple[int, int]:
    """The last piece, unless it is an apposition to a name before it: in "MINUSCA, the UN mission
    in the country, said" the speaker is MINUSCA, not the UN the apposition names."""
    p = ctx.patterns
    if len(pieces) >= 2:
        first_word = WORD.search(ctx.masked, *pieces[-1])
        determiners = p.definite_determiners | p.indefinite_determiners
        named = _spans_within(ctx, p.cues.person_types | p.cues.organisation_types, *pieces[-2])
        if first_word is not None and first_word.group().lower() in determiners and named:
            return pieces[-2]
    return pieces[-1]


def leading_speaker(ctx: QuoteContext, subject: Subject, raw: RawQuote) -> Speaker | None:
    """The main clause's subject of `subject`, if it opens with an actor, a pronoun that resolves or
    an organisation noun; None otherwise (a quoted phrase is then nobody's)."""
    pieces = [_before_object(ctx, *piece) for piece in _pieces(ctx, subject.start, subject.end)]
    lead = _leading_subject(ctx, raw, pieces)
    return lead if lead is not None and lead[0] is not None else None


def _leading_subject(ctx: QuoteContext, raw: RawQuote, pieces: list[tuple[int, int]]) -> Speaker | None:
    """The first piece that opens with a subject: a person or organisation after at most a few
    title words ('Sudan's army chief Abdel Fattah al-Burhan'), a pronoun, or a definite
    organisation or role noun ('the army'); opening phrases ('On Monday') are skipped."""
    p = ctx.patterns
    for start, end in pieces:
        speakers = _spans_before(ctx, p.cues.person_types | p.cues.organisation_types, start, end)
        spans = [s for s in speakers if not _POSSESSIVE.match(ctx.text, s.end)]
        lead = _TITLE_WORDS.match(ctx.masked, start, spans[0].start) if spans else None
        if lead and lead.end() == spans[0].start:
            return ctx.text[spans[0].start : spans[0].end], spans[0].actor_id, spans[0].start, spans[0].end
        found = list(WORD.finditer(ctx.masked, start, end))
        words = [w.group().lower() for w in found]
        if words and words[0] in p.pronouns | p.cues.organisation_pronouns:
            return _describe(ctx, raw, found[0].start(), found[0].end())
        head = _noun_phrase_head(p, words, 0)
        if head is not None:
            return _describe(ctx, raw, start, found[head].end())
    return None


def _before_object(ctx: QuoteContext, start: int, end: int) -> tuple[int, int]:
    """A piece cut before a verb whose object is another party ('The army accused the RSF of …' ->
    'The army'), unless a reported clause follows it ('X told Y that the army said' stays whole)."""
    p = ctx.patterns
    found = list(WORD.finditer(ctx.masked, start, end))
    words = [w.group().lower() for w in found]
    verb = next((i for i, w in enumerate(words) if i and w in p.object_verbs), None)
    if verb is None or p.reported_speech_links.intersection(words[verb + 1 :]):
        return start, end
    return start, found[verb - 1].end()


def _noun_phrase_head(p: QuotePatterns, words: list[str], at: int) -> int | None:
    """Index of the organisation or role noun of a definite phrase starting at `at` ('the army',
    'the paramilitary group', 'the minister'), with at most two modifiers and no preposition
    between ('the head of the army' is no 'the army')."""
    if at >= len(words) or words[at] not in p.definite_determiners:
        return None
    nouns = p.cues.organisation_nouns | {n for _, forms in p.role_nouns for n in forms}
    for i in range(at + 1, min(len(words), at + 4)):
        if words[i] in nouns:
            return i
        if words[i] in p.source_prepositions or words[i] in p.definite_determiners:
            return None
    return None


def _describe(ctx: QuoteContext, raw: RawQuote, start: int, end: int) -> Speaker:
    """A subject without a person: an organisation in it, a pronoun, a role or organisation noun
    ('the mayor', 'the ministry', also after a spokesperson or document: 'a statement from the
    army') resolved backwards, else a description ('a local journalist who asked …') as written up
    to its relative clause, with no actor. A pronoun nobody stands for, or a document ('the report
    said') with no organisation named, is no speaker."""
    p = ctx.patterns
    orgs = [s for s in _spans_within(ctx, p.cues.organisation_types, start, end) if not _is_listener(ctx, s)]
    if orgs:
        return ctx.text[orgs[0].start : orgs[0].end], orgs[0].actor_id, orgs[0].start, orgs[0].end
    found = list(WORD.finditer(ctx.text, start, end))
    words = [w.group().lower() for w in found]
    written = ctx.text[start:end]
    if words == [words[0]] and words[0] in p.pronouns | p.cues.organisation_pronouns:
        chosen = _pronoun_antecedent(ctx, raw, start, words[0])
        if chosen is not None and chosen.actor_id is not None:
            return written, chosen.actor_id, start, end
        return _as_written(ctx, chosen.pos, chosen.end) if chosen and chosen.end is not None else NO_SPEAKER
    if words[0] in p.definite_determiners:
        role = _role_of_words(words[1:], p.role_nouns)
        if role is not None:
            return written, resolve_role(ctx, raw, role, start), start, end
    for at in _source_phrase_starts(p, words):
        head = _noun_phrase_head(p, words, at)
        if head is not None and words[head] in p.cues.organisation_nouns:
            first, last = found[at].start(), found[head].end()
            return ctx.text[first:last], _resolve_org_noun(ctx, raw, words[head], first), first, last
    if p.non_speaker_nouns.intersection(words[:4]):
        issuer = next((i + 1 for i in range(1, len(words) - 1) if words[i] in p.source_prepositions), None)
        return _as_written(ctx, found[issuer].start(), end) if issuer else NO_SPEAKER
    return _as_written(ctx, start, end)


def _as_written(ctx: QuoteContext, start: int, end: int) -> Speaker:
    """A speaker with no actor, as written up to its relative clause ('a local journalist who asked
    …' -> 'a local journalist'); a longer description is a clause, not a speaker."""
    found = list(WORD.finditer(ctx.text, start, end))
    words = [w.group().lower() for w in found]
    relative = next((i for i, w in enumerate(words) if i and w in ctx.patterns.relative_pronouns), len(words))
    if not found or relative > ctx.patterns.max_speaker_words:
        return NO_SPEAKER
    end = found[relative - 1].end()
    return ctx.text[start:end], None, start, end


def _source_phrase_starts(p: QuotePatterns, words: list[str]) -> list[int]:
    """Where an organisation noun phrase may start in a subject: at its start, or after a
    spokesperson or document and a preposition ('a spokesman for the army', 'a statement from the
    ministry')."""
    heads = p.non_speaker_nouns | {n for _, forms in p.role_nouns for n in forms}
    later = [i + 1 for i in range(1, len(words) - 1) if words[i] in p.source_prepositions and heads & set(words[:i])]
    return [0, *later]


def _role_of_words(words: list[str], role_nouns: tuple[tuple[str, frozenset[str]], ...]) -> str | None:
    for role, nouns in role_nouns:
        if nouns.intersection(words):
            return role
    return None


def _spans_within(ctx: QuoteContext, types: frozenset[str], start: int, end: int) -> list[ActorSpan]:
    lo, hi = bisect.bisect_left(ctx.starts, start), bisect.bisect_left(ctx.starts, end)
    return [s for s in ctx.spans[lo:hi] if s.type in types and s.end <= end]


def _spans_before(ctx: QuoteContext, types: frozenset[str], start: int, pos: int) -> list[ActorSpan]:
    return [s for s in _spans_within(ctx, types, start, pos) if not _is_listener(ctx, s)]


def _pieces(ctx: QuoteContext, start: int, end: int) -> list[tuple[int, int]]:
    """The comma-pieces that can be a grammatical subject: not a relative clause, no leading 'but'."""
    p = ctx.patterns
    pieces = []
    for m in _PIECE.finditer(ctx.masked, start, end):
        words = list(WORD.finditer(ctx.masked, m.start(), m.end()))
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
    ctx: QuoteContext, pieces: list[tuple[int, int]], types: frozenset[str]
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
        if WORD.search(ctx.text, start, end).group().lower() in ctx.patterns.indefinite_determiners:
            named = _spans_before(ctx, types, *pieces[i - 1]) if i else []
            return named[-1] if named and named[-1].end == pieces[i - 1][1] else (start, end)
    return None


def _is_listener(ctx: QuoteContext, span: ActorSpan) -> bool:
    """An outlet right after 'told'/'to' or before 'was told' is spoken to, never speaking."""
    if span.type not in ctx.patterns.listener_types:
        return False
    before = ctx.text[max(0, span.start - 30) : span.start].lower().split()
    after = " ".join(ctx.text[span.end : span.end + 20].lower().split())
    phrase_before = " ".join(before[-2:])
    if any(phrase_before.endswith(ph) for ph in ctx.patterns.attribution_phrases):
        return False
    return bool(before and before[-1] in ctx.patterns.listener_cues) or after.startswith(ctx.patterns.listener_suffixes)


def _pronoun_antecedent(ctx: QuoteContext, raw: RawQuote, pos: int, pronoun: str) -> Antecedent | None:
    """He/she/they (persons) or it (organisations): the actor most recently introduced as a source
    in this or the previous paragraph (a quotation's speaker, the subject of a speech verb, an actor
    opening a sentence, or an unnamed source: 'a resident … said') whose gender the text does not
    contradict; else the nearest such actor mentioned anywhere before."""
    p = ctx.patterns
    persons = p.cues.person_types if pronoun in p.pronouns else frozenset()
    types = persons | (p.cues.organisation_types if pronoun in p.cues.organisation_pronouns else frozenset())
    return _antecedent_back(ctx, raw, pos, types, pronoun_gender(pronoun, p.cues))


def _resolve_org_noun(ctx: QuoteContext, raw: RawQuote, noun: str, pos: int) -> str | None:
    """'The ministry': the organisation named before with that noun or of the noun's types
    (speakers.noun_antecedent); a noun with no types that matches no name resolves as 'it'."""
    cues = ctx.patterns.cues
    types = dict(cues.organisation_noun_types).get(noun, frozenset())
    named = noun_antecedent(_spans_before(ctx, cues.organisation_types, 0, pos), noun, types, cues)
    if named or types:
        return named
    chosen = _antecedent_back(ctx, raw, pos, cues.organisation_types, None)
    return chosen.actor_id if chosen else None


def _antecedent_back(
    ctx: QuoteContext, raw: RawQuote, pos: int, types: frozenset[str], gender: str | None
) -> Antecedent | None:
    window = ctx.paras[max(0, raw.para - 1)][0]
    chosen = choose_antecedent(_antecedents(ctx, types, window, pos), gender, ctx.genders)
    if chosen is None:
        nearest = [Antecedent(s.start, s.actor_id) for s in _spans_before(ctx, types, 0, pos)]
        chosen = choose_antecedent(nearest, gender, ctx.genders)
    return chosen


def _antecedents(ctx: QuoteContext, types: frozenset[str], start: int, pos: int) -> list[Antecedent]:
    """Actors of `types` introduced as sources in [start, pos): speakers of kept quotations,
    subjects of speech verbs outside quotations, and actors that open a sentence. Unnamed person
    sources ('a police officer said') are candidates with no actor."""
    unnamed = bool(types & ctx.patterns.cues.person_types)
    found = [
        Antecedent(q.speaker_start if q.speaker_start is not None else q.start, q.speaker_id, q.speaker_end)
        for q in (said.quote for said in ctx.said)
        if q.speaker is not None
        and start <= q.start < pos
        and (ctx.types.get(q.speaker_id) in types if q.speaker_id else unnamed)
    ]
    for m in verb_regex(ctx.patterns).finditer(ctx.masked, start, pos):
        if m.group("verb"):
            subject = _nearest_subject(ctx, _pieces(ctx, _sentence_start_at(ctx, m.start()), m.start()), types)
            if isinstance(subject, ActorSpan):
                found.append(Antecedent(subject.start, subject.actor_id))
            elif subject is not None and unnamed:
                found.append(Antecedent(subject[0], None, subject[1]))
    for span in _spans_before(ctx, types, start, pos):
        lead = _SUBJECT_LEAD.match(ctx.masked, _sentence_start_at(ctx, span.start), span.start)
        if lead and lead.end() == span.start and not _POSSESSIVE.match(ctx.text, span.end):
            found.append(Antecedent(span.start, span.actor_id))
    return found


def _sentence_start_at(ctx: QuoteContext, pos: int) -> int:
    """Start of the sentence holding `pos`, or of its paragraph, after any quotation closing there."""
    para = max(0, bisect.bisect_right([start for start, _ in ctx.paras], pos) - 1)
    starts = [nxt for _, nxt in ctx.bounds[para] if nxt <= pos] if ctx.paras else []
    return starts[-1] if starts else (ctx.paras[para][0] if ctx.paras else 0)
