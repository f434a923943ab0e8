"""Resolve an attribution's subject to a speaker: a named actor, or a pronoun or noun resolved backwards."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from pipeline.quotes.attribution import Subject
from pipeline.quotes.context import NO_SPEAKER, WORD, QuoteContext, RawQuote, Speaker
from pipeline.quotes.patterns import QuotePatterns, verb_matches
from pipeline.quotes.speaker_roles import resolve_role
from pipeline.quotes.speakers import (
    ActorSpan,
    Antecedent,
    choose_antecedent,
    noun_antecedent,
    pronoun_gender,
)

_PIECE = re.compile(r"[^,;:—–()]+")
# a person or organisation opening its sentence after at most a few title words ("Colonel X is …"),
# possibly after an opening phrase ("During a visit to Y, X reaffirmed …")
_SUBJECT_LEAD = re.compile(r"\s*(?:[^,;:.!?]{1,80},\s*)?(?:[^\W\d_][\w.’'-]*\s+){0,4}")
_POSSESSIVE = re.compile(r"[’']s\b")
# up to four title words before a name ("Sudan's army chief General")
_TITLE_WORDS = re.compile(r"\s*(?:[^\W\d_][\w.’'-]*\s+){0,4}")
_POSSESSIVE_END = re.compile(r"[’']s?\Z")
# between a document's owner and its noun: a possessive and up to two words ("’s latest statement")
_OWNER_GAP = re.compile(r"(?:[’']s?)?\s+(?:[^\W\d_][\w-]*\s+){0,2}")
# an organisation noun owning a document by a possessive: "the group's statement"
_OWNER_NOUN = re.compile(
    r"\b(?:the|its|this)\s+(?:[^\W\d_][\w-]*\s+)?(?P<noun>[^\W\d_][\w-]*)[’']s?\s+(?:[^\W\d_][\w-]*\s+){0,2}\Z"
)
# between a speech verb and the document it was made in: a preposition, a determiner and up to two
# modifiers ("said in a statement", "said in its weekly bulletin", "wrote on a Facebook post")
_ADJUNCT = re.compile(r"\s+[^\W\d_]+\s+(?:[^\W\d_][\w-]*\s+){1,3}")
# the words joining a document to who issued it: "from", "by", "issued by", "released by"
_ISSUED_BY = re.compile(r"\s+(?:(?:issued|released|published|posted|signed)\s+)?(?:from|by)\s+")


def resolve_speaker(ctx: QuoteContext, subject: Subject, raw: RawQuote) -> Speaker:
    """The speaker as written, its actor_id and offsets: a person span, else an organisation in the
    subject, else a pronoun, role or organisation noun resolved backwards, else the words as written.
    A main clause's subject ('The army accused the RSF …, saying') comes first when there is one."""
    pieces = [_before_object(ctx, *piece) for piece in _pieces(ctx, subject.start, subject.end)]
    lead = _leading_subject(ctx, raw, pieces) if subject.main_clause else None
    if lead is not None:
        return lead
    if subject.last_person:
        pronoun = _pronoun_before(ctx, subject.end)
        if pronoun is not None:  # "… for what it described as “…”": the verb's own subject
            return _describe(ctx, raw, *pronoun)
        named = _subject_organisation(ctx, pieces)
        if named is not None:  # "In Iran, on the anniversary of A and B, Al-X pointed out": Al-X
            return ctx.text[named.start : named.end], named.actor_id, named.start, named.end
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


def _subject_organisation(ctx: QuoteContext, pieces: list[tuple[int, int]]) -> ActorSpan | None:
    """The organisation that is the whole piece right before a verb: that piece is the verb's
    subject, so no person named in an earlier phrase speaks instead ("In Iran, on the anniversary
    of A and B, Al-X pointed out"; persons the model typed as organisations land here too), unless
    the piece before is a person's name, which it is in apposition to ("John Doe, UNHCR, said")."""
    p = ctx.patterns
    named = _name_filling(ctx, pieces[-1], p.cues.organisation_types) if pieces else None
    if named is None or (len(pieces) > 1 and _name_filling(ctx, pieces[-2], p.cues.person_types)):
        return None
    return named


def _name_filling(ctx: QuoteContext, piece: tuple[int, int], types: frozenset[str]) -> ActorSpan | None:
    """The actor of `types` that is the whole piece, after at most a few title words and no
    preposition or opening bracket ("…, head of media for the People's Protection Units (YPG)",
    "X, spokesman for the Defence Headquarters" are appositions)."""
    spans = _spans_before(ctx, types, *piece)
    if not spans or spans[-1].end != piece[1] or ctx.masked[max(0, piece[0] - 3) : piece[0]].rstrip().endswith("("):
        return None
    lead = _TITLE_WORDS.fullmatch(ctx.masked, piece[0], spans[-1].start)
    if lead is None or {w.lower() for w in WORD.findall(lead.group())} & ctx.patterns.source_prepositions:
        return None
    return spans[-1]


def _pronoun_before(ctx: QuoteContext, verb_start: int) -> tuple[int, int] | None:
    """The offsets of a subject pronoun right before a verb ("what it described as", "which he
    called"), after other words of its clause: in English a pronoun subject stands right before its
    verb, so a name earlier in the sentence is not that verb's subject. A pronoun alone in the
    subject is left to the usual resolution."""
    p = ctx.patterns
    words = list(WORD.finditer(ctx.masked, _sentence_start_at(ctx, verb_start), verb_start))
    while len(words) > 1 and words[-1].group().lower() in p.attribution_adverbs:
        words.pop()
    if len(words) < 2 or ctx.masked[words[-1].end() : verb_start].strip(" ,"):
        return None
    last = words[-1]
    if last.group().lower() not in p.pronouns | p.cues.organisation_pronouns:
        return None
    return last.start(), last.end()


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
    for i, (start, end) in enumerate(pieces):
        if _opens_with(ctx, start, end, p.opening_prepositions):
            continue  # "At the army's headquarters in the capital, …": a place or time, not the subject
        named = _named_in_apposition(ctx, pieces, i)
        if named is not None:
            return ctx.text[named.start : named.end], named.actor_id, named.start, named.end
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


def _opens_with(ctx: QuoteContext, start: int, end: int, words: frozenset[str]) -> bool:
    first = WORD.search(ctx.masked, start, end)
    return first is not None and first.group().lower() in words


def _named_in_apposition(ctx: QuoteContext, pieces: list[tuple[int, int]], i: int) -> ActorSpan | None:
    """The person named in apposition to a role ("the army spokesperson, Colonel X, said"): a
    piece holding a role noun followed by a piece that is a person's name after at most a few
    title words; the role's organisation is only who the person speaks for."""
    p = ctx.patterns
    if i + 1 >= len(pieces):
        return None
    if not p.role_words.intersection(w.lower() for w in WORD.findall(ctx.masked, *pieces[i])):
        return None
    persons = _spans_before(ctx, p.cues.person_types, *pieces[i + 1])
    if not persons or persons[0].end != pieces[i + 1][1]:
        return None
    lead = _TITLE_WORDS.match(ctx.masked, pieces[i + 1][0], persons[0].start)
    return persons[0] if lead and lead.end() == persons[0].start else None


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
    nouns = p.cues.organisation_nouns | p.role_words
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
    orgs.sort(key=lambda s: bool(_POSSESSIVE.match(ctx.text, s.end)))  # "X’s Center for Y said": Y speaks
    if orgs:
        return ctx.text[orgs[0].start : orgs[0].end], orgs[0].actor_id, orgs[0].start, orgs[0].end
    found = list(WORD.finditer(ctx.text, start, end))
    words = [w.group().lower() for w in found]
    written = ctx.text[start:end]
    if words[0] in p.pronouns | p.cues.organisation_pronouns:
        if words[1:2] and words[1] in p.passive_auxiliaries:
            return NO_SPEAKER  # "“…,” it was reported": nobody is named
        return _pronoun_speaker(ctx, raw, found[0].start(), found[0].end())
    if words[0] in p.definite_determiners:
        role = _role_of_words(words[1:], p.role_nouns)
        if role is not None:
            return written, resolve_role(ctx, raw, role, start), start, end
    for at in _source_phrase_starts(p, words):
        head = _noun_phrase_head(p, words, at)
        if head is not None and words[head] in p.cues.organisation_nouns:
            first, last = found[at].start(), found[head].end()
            kinds = frozenset(w.group() for w in found[at + 1 : head] if w.group().islower())
            actor_id = _resolve_org_noun(ctx, raw, words[head], first, kinds)
            return ctx.text[first:last], actor_id, first, last
    document = next((i for i, w in enumerate(words[:4]) if w in p.non_speaker_nouns), None)
    if document is not None:
        issuer = next((i + 1 for i in range(1, len(words) - 1) if words[i] in p.source_prepositions), None)
        if issuer:
            return _as_written(ctx, found[issuer].start(), end)
        definite = words[0] in p.definite_determiners
        return _document_issuer(ctx, raw, found[document].start(), found[document].end(), definite)
    return _as_written(ctx, start, end)


def _pronoun_speaker(ctx: QuoteContext, raw: RawQuote, start: int, end: int) -> Speaker:
    """A subject pronoun, alone or opening its clause ("it denied … and said"): the actor it stands
    for, else the unnamed source it stands for as written, else no speaker; the pronoun itself is
    never a name."""
    pronoun = ctx.text[start:end]
    chosen = _pronoun_antecedent(ctx, raw, start, pronoun.lower())
    if chosen is not None and chosen.actor_id is not None:
        return pronoun, chosen.actor_id, start, end
    return _as_written(ctx, chosen.pos, chosen.end) if chosen and chosen.end is not None else NO_SPEAKER


def _document_issuer(ctx: QuoteContext, raw: RawQuote, start: int, end: int, definite: bool) -> Speaker:
    """Who speaks through a document that names no issuer after it: the organisation owning it by a
    possessive ("the group's statement"), else, for a definite document ("the statement said",
    "according to the communique"), the issuer of the nearest document told before it ("A Defence
    Ministry communique …", "X said in a statement", "X stated that"), as a reader takes "the
    statement" for the last one mentioned, else the organisation quoted last. An indefinite one ("a
    statement said") is no speaker."""
    owner = _document_owner(ctx, raw, start)
    if owner is not None or not definite:
        return owner or NO_SPEAKER
    noun = _document_word(ctx.masked[start:end])
    mentions = list(reversed(_document_mentions(ctx, 0, start)))
    same = [m for m in mentions if _document_word(ctx.masked[m[0] : m[1]]) in {noun} | ctx.patterns.statement_verbs]
    for noun_start, noun_end in same + [m for m in mentions if m not in same]:
        issuer = _document_owner(ctx, raw, noun_start) or _issuer_after(ctx, noun_end)
        issuer = issuer or _sentence_issuer(ctx, raw, noun_start)
        if issuer is not None:
            written = ctx.text[start:end]
            return written, issuer[1], start, end
    speaker = _last_quoted_organisation(ctx, raw)
    return (ctx.text[start:end], speaker, start, end) if speaker is not None else NO_SPEAKER


def _last_quoted_organisation(ctx: QuoteContext, raw: RawQuote) -> str | None:
    """The organisation whose words were quoted last, in this or the previous paragraph: with no
    document told before, 'the statement' is where those words came from."""
    for said in reversed(ctx.said):
        if said.para < raw.para - 1:
            return None
        speaker_id = said.quote.speaker_id
        if speaker_id is not None and ctx.types.get(speaker_id) in ctx.patterns.cues.organisation_types:
            return speaker_id
    return None


def _document_mentions(ctx: QuoteContext, start: int, pos: int) -> list[tuple[int, int]]:
    """Offsets of the document nouns ('statement', 'communique') and statement verbs ('stated')
    outside quotations in [start, pos)."""
    p = ctx.patterns
    return [
        (w.start(), w.end())
        for w in WORD.finditer(ctx.masked, start, pos)
        if _document_word(w.group()) in p.non_speaker_nouns | p.statement_verbs
    ]


def _document_word(word: str) -> str:
    """A word compared with the document nouns: lower case, without a possessive or the full stop
    that ends its sentence ("said in a statement.")."""
    return _POSSESSIVE_END.sub("", word.lower().rstrip("."))


def _document_owner(ctx: QuoteContext, raw: RawQuote, noun_start: int) -> Speaker | None:
    """The actor named in a document's own noun phrase, right before its noun: "the Foreign
    Ministry’s statement", "a Rwandan Ministry of Defence communique", "the group's statement"
    (an organisation noun resolved backwards); None when the phrase names nobody."""
    p = ctx.patterns
    lead = ctx.masked[max(0, noun_start - 80) : noun_start]
    spans = _spans_before(ctx, p.cues.person_types | p.cues.organisation_types, noun_start - len(lead), noun_start)
    if spans and _OWNER_GAP.fullmatch(ctx.masked, spans[-1].end, noun_start):
        owner = spans[-1]
        return ctx.text[owner.start : owner.end], owner.actor_id, owner.start, owner.end
    noun = _OWNER_NOUN.search(lead)
    if noun and noun.group("noun").lower() in p.cues.organisation_nouns:
        first = noun_start - len(lead) + noun.start("noun")
        actor_id = _resolve_org_noun(ctx, raw, noun.group("noun").lower(), first)
        return (ctx.text[first : first + len(noun.group("noun"))], actor_id, first, first + len(noun.group("noun")))
    return None


def _issuer_after(ctx: QuoteContext, noun_end: int) -> Speaker | None:
    """The actor a document is from, named right after its noun: "a statement from the army",
    "the communique issued by X"."""
    p = ctx.patterns
    m = _ISSUED_BY.match(ctx.masked, noun_end)
    if m is None:
        return None
    spans = _spans_before(ctx, p.cues.person_types | p.cues.organisation_types, m.end(), m.end() + 80)
    if spans and _TITLE_WORDS.fullmatch(ctx.masked, m.end(), spans[0].start):
        return ctx.text[spans[0].start : spans[0].end], spans[0].actor_id, spans[0].start, spans[0].end
    return None


def _sentence_issuer(ctx: QuoteContext, raw: RawQuote, pos: int) -> Speaker | None:
    """Who issued a document told in a sentence: the actor right before the speech verb that the
    document follows ("…, the task force said in a statement"), else the subject that opens the
    sentence ("In a statement, X said", "X stated that"), if it is an actor, a pronoun or an
    organisation noun that resolves."""
    p = ctx.patterns
    start = _sentence_start_at(ctx, pos)
    verbs = [m for m in verb_matches(ctx.masked, p, start, pos) if m.group("verb")]
    if verbs and _made_in(ctx, verbs[-1].end(), pos):
        pieces = [_before_object(ctx, *piece) for piece in _pieces(ctx, start, verbs[-1].start())]
        found = _nearest_subject(ctx, pieces[-1:], p.cues.person_types | p.cues.organisation_types)
        if isinstance(found, ActorSpan):
            return ctx.text[found.start : found.end], found.actor_id, found.start, found.end
    pieces = [_before_object(ctx, *piece) for piece in _pieces(ctx, start, pos)]
    lead = _leading_subject(ctx, raw, pieces[:2])
    return lead if lead is not None and lead[1] is not None else None


def _made_in(ctx: QuoteContext, verb_end: int, noun_start: int) -> bool:
    """True when the words from a speech verb to a document noun are the phrase saying where the
    words were made ("said in a statement", "wrote on its Telegram channel")."""
    gap = _ADJUNCT.fullmatch(ctx.masked, verb_end, noun_start)
    return gap is not None and WORD.search(gap.group()).group().lower() in ctx.patterns.source_prepositions


def _as_written(ctx: QuoteContext, start: int, end: int) -> Speaker:
    """A speaker with no actor, as written up to its relative clause or verb ('a local journalist
    who asked …' -> 'a local journalist', 'a man can be heard' -> 'a man'); a longer description is
    a clause, not a speaker."""
    found = list(WORD.finditer(ctx.text, start, end))
    words = [w.group().lower() for w in found]
    stops = ctx.patterns.relative_pronouns | ctx.patterns.passive_auxiliaries | ctx.patterns.modal_verbs
    relative = next((i for i, w in enumerate(words) if i and w in stops), len(words))
    if not found or relative > ctx.patterns.max_speaker_words:
        return NO_SPEAKER
    end = found[relative - 1].end()
    return ctx.text[start:end], None, start, end


def _source_phrase_starts(p: QuotePatterns, words: list[str]) -> list[int]:
    """Where an organisation noun phrase may start in a subject: at its start, or after a
    spokesperson or document and a preposition ('a spokesman for the army', 'a statement from the
    ministry')."""
    heads = p.non_speaker_nouns | p.role_words
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
        if spans and i and _follows_relative_clause(ctx, pieces[i - 1][1], start):
            continue  # "X, who spoke through the adviser, Y, confirmed": Y is the clause's, X speaks
        if spans:
            return spans[-1]
        if WORD.search(ctx.text, start, end).group().lower() in ctx.patterns.indefinite_determiners:
            named = _spans_before(ctx, types, *pieces[i - 1]) if i else []
            return named[-1] if named and named[-1].end == pieces[i - 1][1] else (start, end)
    return None


def _follows_relative_clause(ctx: QuoteContext, start: int, end: int) -> bool:
    """True when the text between two subject pieces holds a relative clause ("…, who spoke through
    the adviser, …"): a name after it is in apposition to that clause's noun, not the subject."""
    chunks = _PIECE.findall(ctx.masked, start, end)
    return any(_opens_with_word(chunk, ctx.patterns.relative_pronouns) for chunk in chunks)


def _opens_with_word(text: str, words: frozenset[str]) -> bool:
    first = WORD.search(text)
    return first is not None and first.group().lower() in words


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


def _resolve_org_noun(
    ctx: QuoteContext, raw: RawQuote, noun: str, pos: int, kinds: frozenset[str] = frozenset()
) -> str | None:
    """'The ministry': the organisation named before with that noun; else the organisation that
    spoke last in this or the previous paragraph, if the noun can stand for it ("X said …" then
    "the group said in a statement"); else one of the noun's types (speakers.noun_antecedent); a
    noun with no types that matches no name resolves as 'it'. A noun with no types matches only a
    name that also holds its lower-case modifiers, which say what kind it is: "the armed forces" is
    the Joint Armed Forces Command, "the security forces" no Rapid Support Forces (capitalised ones
    name an owner: "the UN mission")."""
    cues = ctx.patterns.cues
    types = dict(cues.organisation_noun_types).get(noun, frozenset())
    spans = _spans_before(ctx, cues.organisation_types, 0, pos)
    if not types:
        spans = [s for s in spans if kinds <= set(s.name.lower().split())]
    described = frozenset(s.start for s in spans if _introduced_as(ctx, s, noun))
    if types and not any(noun in s.name.lower().split() or s.start in described for s in spans):
        source = _recent_source(ctx, raw, pos, types | cues.untyped_organisation_types)
        if source is not None:
            return source
    named = noun_antecedent(spans, noun, types, cues, described)
    if named or types:
        return named
    chosen = _antecedent_back(ctx, raw, pos, cues.organisation_types, None)
    return chosen.actor_id if chosen else None


def _recent_source(ctx: QuoteContext, raw: RawQuote, pos: int, types: frozenset[str]) -> str | None:
    """The organisation last introduced as a source in this or the previous paragraph, if it is of
    `types`."""
    window = ctx.paras[max(0, raw.para - 1)][0]
    chosen = choose_antecedent(_antecedents(ctx, ctx.patterns.cues.organisation_types, window, pos), None, {})
    return chosen.actor_id if chosen and chosen.actor_id and ctx.types.get(chosen.actor_id) in types else None


def _introduced_as(ctx: QuoteContext, span: ActorSpan, noun: str) -> bool:
    """True when the noun stands among the three words right before a name, in its phrase ("the
    Iraqi armed group Kataib Hezbollah", "the rebel group M23"): the text told what the name is, so
    'the group' later is that name."""
    before = ctx.masked[max(0, span.start - 40) : span.start]
    phrase = re.split(r"[,;:.!?()—–]", before)[-1]
    return noun in [w.lower() for w in WORD.findall(phrase)[-3:]]


def _antecedent_back(
    ctx: QuoteContext, raw: RawQuote, pos: int, types: frozenset[str], gender: str | None
) -> Antecedent | None:
    """The actor a pronoun or noun points back to: the latest source introduced in this or the
    previous paragraph, else the nearest actor mentioned there ('was told by Mayor X that …' / '“…,”
    he noted'), else the latest source further up (a speaker named three paragraphs up is still who
    "he said" means, not a victim named since), else the nearest mention anywhere before."""
    window = ctx.paras[max(0, raw.para - 1)][0]
    for found in _candidate_groups(ctx, raw, pos, types, window):
        chosen = choose_antecedent(found, gender, ctx.genders)
        if chosen is not None:
            return chosen
    return None


def _candidate_groups(
    ctx: QuoteContext, raw: RawQuote, pos: int, types: frozenset[str], window: int
) -> Iterator[list[Antecedent]]:
    """_antecedent_back's candidates, best group first, made lazily so the search stops early."""
    yield _antecedents(ctx, types, window, pos)
    yield [Antecedent(s.start, s.actor_id) for s in _spans_before(ctx, types, window, pos)]
    for para in range(raw.para - 2, -1, -1):
        yield _antecedents(ctx, types, ctx.paras[para][0], ctx.paras[para + 1][0])
    yield [Antecedent(s.start, s.actor_id) for s in _spans_before(ctx, types, 0, window)]


def _antecedents(ctx: QuoteContext, types: frozenset[str], start: int, pos: int) -> list[Antecedent]:
    """Actors of `types` introduced as sources in [start, pos): speakers of kept quotations,
    subjects of speech verbs outside quotations, and actors that open a sentence. Unnamed person
    sources ('a police officer said') are candidates with no actor."""
    unnamed = bool(types & ctx.patterns.cues.person_types)
    organisations = bool(types & ctx.patterns.cues.organisation_types)
    found = [
        Antecedent(q.speaker_start if q.speaker_start is not None else q.start, q.speaker_id, q.speaker_end)
        for q in (said.quote for said in ctx.said)
        if q.speaker is not None
        and start <= q.start < pos
        and (ctx.types.get(q.speaker_id) in types if q.speaker_id else unnamed)
    ]
    if organisations:  # "…,” a statement from the presidency said. It said …": an unnamed body spoke
        found += [
            source
            for q in (said.quote for said in ctx.said)
            if q.speaker is not None and q.speaker_id is None and q.speaker_start is not None and start <= q.start < pos
            for source in [_organisation_source(ctx, (q.speaker_start, q.speaker_end))]
            if source is not None
        ]
    for m in verb_matches(ctx.masked, ctx.patterns, start, pos):
        if m.group("verb") and _pronoun_before(ctx, m.start()) is None:
            pieces = [
                _before_object(ctx, *piece) for piece in _pieces(ctx, _sentence_start_at(ctx, m.start()), m.start())
            ]
            subject = _nearest_subject(ctx, pieces, types)
            if isinstance(subject, ActorSpan):
                found.append(Antecedent(subject.start, subject.actor_id))
            elif subject is not None and unnamed:
                found.append(Antecedent(subject[0], None, subject[1]))
            elif subject is None and organisations and pieces:
                source = _organisation_source(ctx, pieces[-1])
                found.extend([source] if source is not None else [])
    for span in _spans_before(ctx, types, start, pos):
        lead = _SUBJECT_LEAD.match(ctx.masked, _sentence_start_at(ctx, span.start), span.start)
        if lead and lead.end() == span.start and not _POSSESSIVE.match(ctx.text, span.end) and not _has_verb(ctx, lead):
            found.append(Antecedent(span.start, span.actor_id))
    return found


def _organisation_source(ctx: QuoteContext, piece: tuple[int, int]) -> Antecedent | None:
    """ "the army said it killed …", "a statement from the presidency said": an organisation named
    by its noun as the subject of a speech verb is a source that a later "it said" may stand for:
    the actor of a type the noun allows that it stands for (noun_antecedent), else an unnamed one,
    so that "it" does not reach further back to an actor the quotation only speaks about."""
    start, end = piece
    words = WORD.findall(ctx.masked, start, end)
    cues = ctx.patterns.cues
    determiners = ctx.patterns.definite_determiners | ctx.patterns.indefinite_determiners
    if not words or words[0].lower() not in determiners or any(w[:1].isupper() for w in words[1:]):
        return None
    nouns = [w.lower() for w in words if w.lower() in cues.organisation_nouns]
    if not nouns:
        return None
    spans = _spans_before(ctx, cues.organisation_types, 0, start)
    described = frozenset(s.start for s in spans if _introduced_as(ctx, s, nouns[-1]))
    types = dict(cues.organisation_noun_types).get(nouns[-1], frozenset())
    actor = noun_antecedent(spans, nouns[-1], types, cues, described)
    if types and ctx.types.get(actor) not in types | cues.untyped_organisation_types:
        actor = None  # "the army said" after the Lord's Resistance Army: a state's army, unnamed
    return Antecedent(start, actor, end)


def _has_verb(ctx: QuoteContext, lead: re.Match[str]) -> bool:
    """True when the words before a name hold a verb ("The statement accused US forces"): the name is
    then an object, not the subject opening its sentence."""
    p = ctx.patterns
    words = {w.lower() for w in WORD.findall(lead.group())}
    return bool(words & (p.object_verbs | p.speech_verbs | p.accusation_verbs | p.description_verbs))


def _sentence_start_at(ctx: QuoteContext, pos: int) -> int:
    """Start of the sentence holding `pos`, or of its paragraph, after any quotation closing there."""
    para = max(0, bisect.bisect_right([start for start, _ in ctx.paras], pos) - 1)
    starts = [nxt for _, nxt in ctx.bounds[para] if nxt <= pos] if ctx.paras else []
    return starts[-1] if starts else (ctx.paras[para][0] if ctx.paras else 0)
