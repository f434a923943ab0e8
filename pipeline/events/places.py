"""Where an event happened: the place its clause names, else its sentence's, else the article's town."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Doc, Span, Token

from pipeline.events.arguments import HYPHENATED_PARTICIPLE, PLACE_TYPES, ActorIndex, EventActor
from pipeline.events.patterns import EventPatterns
from pipeline.events.triggers import VERB_TAGS

_UNKNOWN = "ner:"
_MODIFIERS = frozenset({"compound", "amod", "nmod", "npadvmod", "poss"})
_MODIFIER_DEPTH = 3  # "Iran" -> "allied" -> "rebels"
_LOCAL = ("facility", "place")  # pipeline.entities.candidates.NER_PREFIX (importing it here would make an import cycle)
_LOCATED_DEPTH = 4  # "Koayiah" -> "of" -> "village" -> "in"
_DATELINE_TOKENS = 8  # "KOAYIAH , Syria ( AP ) —"
_DATELINE_ENDS = frozenset({"—", "–", "-", ":", "--"})


def find_place(
    clause: list[Token],
    sentence: Span,
    actors: ActorIndex,
    parents: Mapping[str, str | None],
    *,
    patterns: EventPatterns,
    also: Iterable[EventActor] = (),
) -> tuple[EventActor | None, bool]:
    """The most specific place or facility attached to the clause by a locative preposition (or
    named as its target), else the most specific of the sentence; a state only when the sentence
    names no town ("a U.S. airstrike" on a town does not happen in the United States). Among
    equals: a facility before a town, a place before its parent (from the gazetteer), the first.
    A place that only qualifies a party ("Tuareg rebels", "Darfur fighters") is not where.
    RETURNS (EventActor | None, bool): the place, and whether the clause itself names it."""
    start, end = clause[0].idx, clause[-1].idx + len(clause[-1])
    places = [a for a in actors.within(start, end) if a.type in PLACE_TYPES]
    heads = {t.i for t in clause}
    attached = [
        a
        for a in places
        if (_attached(a, sentence, heads, patterns) or a in also) and not _qualifies_party(a, sentence, patterns)
    ]
    in_sentence = [
        a
        for a in actors.within(sentence.start_char, sentence.end_char)
        if a.type in PLACE_TYPES and not _qualifies_party(a, sentence, patterns) and not _speaks(a, sentence, patterns)
    ]
    dateline = dateline_end(sentence)
    in_dateline = [a for a in in_sentence if a.start < dateline]
    in_sentence = [a for a in in_sentence if a.start >= dateline]
    if not any(a.type != "state" for a in attached):
        named = _named_before(clause, sentence, actors, heads, patterns)
        attached = attached + ([named] if named is not None else [])
    for pool in (attached, in_sentence, in_dateline):
        local = [a for a in pool if a.type != "state"]
        if local:
            return _most_specific(local, parents), pool is attached
    states = attached or in_sentence or in_dateline
    return (_most_specific(states, parents), bool(attached)) if states else (None, False)


def _speaks(actor: EventActor, sentence: Span, patterns: EventPatterns) -> bool:
    """ "a landmine that Bangkok alleged had been laid", "Kinshasa said": a capital or state that is
    the subject of a speech verb stands for its government, the source, not where anything happened."""
    token = next((t for t in reversed(sentence) if t.idx < actor.end), None)
    while token is not None and token.dep_ == "compound":
        token = token.head
    return token is not None and token.dep_ == "nsubj" and token.head.lower_ in patterns.source_verbs


def _qualifies_party(actor: EventActor, sentence: Span, patterns: EventPatterns) -> bool:
    """ "Tuareg former rebels", "the Darfur fighters", "Iran-allied Houthi rebels": a place name
    that modifies a word for an armed party (directly or through the words that modify it) names
    who, not where."""
    if HYPHENATED_PARTICIPLE.match(sentence.doc.text, actor.end):
        return True  # "Ankara-backed factions", "Kabul-based": an adjective, whoever it describes
    token = next((t for t in reversed(sentence) if t.idx < actor.end), None)
    armed = patterns.armed_words | patterns.initiator_words
    for _ in range(_MODIFIER_DEPTH):
        if token is None or token.dep_ not in _MODIFIERS or token.head.i == token.i:
            return False
        token = token.head
        if token.lower_ in armed:
            return True
    return False


def _named_before(
    clause: list[Token], sentence: Span, actors: ActorIndex, heads: set[int], patterns: EventPatterns
) -> EventActor | None:
    """ "the shops in the camp", "driving the rebels from the port": a place word with a definite
    article and no name is the town or facility last named before it (one whose name holds the
    word, else the last town or facility)."""
    for token in clause:
        if token.lower_ not in patterns.place_words or token.tag_ not in ("NN", "NNS"):
            continue
        own = [c for c in token.children if c.dep_ not in ("punct", "appos")]
        if [c.lower_ for c in own] != ["the"]:
            continue  # "the Zamzam camp", "the camp for displaced people": a name or phrase of its own
        if not _attached_token(token, heads, patterns):
            continue
        before = [a for a in actors.actors if a.end <= token.idx and a.type in _LOCAL]
        text = token.doc.text
        holding = [a for a in before if token.lower_ in text[a.start : a.end].lower()]
        return (holding or before or [None])[-1]
    return None


def article_place(
    actors: ActorIndex, doc: Doc | None = None, patterns: EventPatterns | None = None
) -> EventActor | None:
    """The place an article is about: the known town or facility it names most (the first of
    equals); a name only the model read as a place counts only when it names no known one (the
    model calls "Tuareg" a place). Given the parse, the names the text locates something at count
    first ("in Koayiah", "around the Tishrin Dam"), the others only between equals: a capital named
    for its government ("loyal to Ankara", "concerns for Ankara") or as the dateline ("YAOUNDE —",
    where the reporter files) is not where the article's events happened."""
    counts: dict[str, list[EventActor]] = {}
    for actor in actors.actors:
        if actor.type in ("place", "facility"):
            counts.setdefault(actor.link, []).append(actor)
    if not counts:
        return None

    def located(named: list[EventActor]) -> int:
        return sum(_located(a, doc, patterns) for a in named) if doc is not None and patterns is not None else 0

    return max(
        counts.values(),
        key=lambda named: (located(named), not named[0].link.startswith(_UNKNOWN), len(named), -named[0].start),
    )[0]


def _located(actor: EventActor, doc: Doc, patterns: EventPatterns) -> bool:
    """Whether the name is the object of a locative preposition, through the words of its noun
    phrase ("in the village of Koayiah", "around the Tishrin Dam"), not of another ("loyal to
    Ankara") nor a verb's subject or object."""
    token = next((t for t in doc if t.idx >= actor.start), None)
    for _ in range(_LOCATED_DEPTH):
        if token is None or token.head.i == token.i or token.head.tag_ in VERB_TAGS:
            return False
        token = token.head
        if token.dep_ == "prep":
            return token.lower_ in patterns.place_prepositions and token.lower_ != "between"
    return False


def dateline_end(sentence: Span) -> int:
    """Where the sentence's dateline ends ("KOAYIAH, Syria (AP) —", "PORT SUDAN:", "Yaounde —"):
    the character after its dash or colon, when only names, figures and punctuation come before
    it; else the sentence's start. A dateline says where the reporter files, which is the event's
    place only when the sentence names no other."""
    for token in sentence[:_DATELINE_TOKENS]:
        if token.text in _DATELINE_ENDS or (token.text[:1] in _DATELINE_ENDS and token.i > sentence.start):
            before = sentence.doc[sentence.start : token.i]
            if all(t.is_punct or t.tag_ in ("NNP", "NNPS", "CD") or t.is_space for t in before):
                return token.idx + 1
            return sentence.start_char
    return sentence.start_char


def _most_specific(chosen: list[EventActor], parents: Mapping[str, str | None]) -> EventActor:
    links = {a.link for a in chosen}
    return min(
        chosen,
        key=lambda a: (PLACE_TYPES.index(a.type), any(p == a.link for p in (parents.get(b) for b in links)), a.start),
    )


def _attached(actor: EventActor, sentence: Span, clause: set[int], patterns: EventPatterns) -> bool:
    token = next((t for t in sentence if t.idx >= actor.start), None)
    return _attached_token(token, clause, patterns)


def _attached_token(token: Token | None, clause: set[int], patterns: EventPatterns) -> bool:
    """Whether the word hangs from the clause through a locative preposition, not through a
    description of another noun ("the camp, one of the largest in Darfur": where the camp is) nor
    through the source that reports it ("Sources in El Fasher told ...": where the sources are)."""
    located = False
    while token is not None and token.i in clause:
        if token.dep_ == "appos" and token.tag_ not in ("NNP", "NNPS"):
            return False
        if token.dep_ == "nsubj" and token.head.lower_ in patterns.source_verbs:
            return False
        located = located or (token.dep_ == "prep" and token.lower_ in patterns.place_prepositions)
        if token.head.i == token.i:
            break
        token = token.head
    return located
