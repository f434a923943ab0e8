"""Link mentions inside one article: abbreviations it defines, and surnames that refer back to a full name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import partial

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc

from pipeline.entities.abbreviations import Abbreviation
from pipeline.entities.candidates import NER_PREFIX, Candidate, drop_overlaps, ner_link
from pipeline.gazetteer import Gazetteer
from pipeline.knowledge import TypeRules
from pipeline.metadata import is_headline_case
from pipeline.names import name_key, name_words, surname_forms, without_al
from pipeline.schema import ACTOR_TYPES

_PERSON_LABELS = frozenset({"PERSON", "person"})
# A surname may be written with its lower-case article: "al-Shammari said".
_ARABIC_ARTICLES = frozenset({"al", "el"})


@dataclass(frozen=True)
class AbbreviationLink:
    """An abbreviation an article defined, and what it stands for; the corpus stage uses these to
    link the same abbreviation in articles that do not define it."""

    short: str
    link: str
    long_form: str


def link_abbreviations(
    text: str, candidates: list[Candidate], definitions: Iterable[Abbreviation], gazetteer: Gazetteer
) -> tuple[list[Candidate], list[AbbreviationLink]]:
    """Give every use of a defined abbreviation (and its plural), and every other writing of its
    long form, the actor of its long form.

    The article's own definition wins over the gazetteer's reading of the letters; when both agree
    the mention keeps the method 'gazetteer'.
    """
    candidates = list(candidates)
    links = []
    for definition in definitions:
        long_form = text[definition.long_start : definition.long_end]
        long_candidate = _covering(candidates, definition.long_start, definition.long_end)
        shortened = _known_by_both(long_form, definition.short, gazetteer)
        if shortened and (long_candidate is None or long_candidate.method == "ner"):
            long_candidate = Candidate(
                definition.long_start, definition.long_end, long_form, gazetteer.by_id[shortened].type, shortened,
                "gazetteer",
            )  # fmt: skip
            candidates = [
                c for c in candidates if not (c.start >= definition.long_start and c.end <= definition.long_end)
            ]
            candidates.append(long_candidate)
        if long_candidate is None:
            known = gazetteer.lookup(long_form)
            link = known or ner_link(long_form)
            long_candidate = Candidate(
                definition.long_start, definition.long_end, long_form, "ORG", link, "gazetteer" if known else "ner"
            )
            candidates.append(long_candidate)
        short_candidate = _covering(candidates, definition.short_start, definition.short_end)
        typed = _as_organisation(long_candidate, short_candidate)
        candidates = [typed if c is long_candidate else c for c in candidates]
        long_candidate = typed
        links.append(AbbreviationLink(definition.short, long_candidate.link, long_candidate.surface))
        candidates.extend(_uses(text, definition.short, long_candidate, candidates))
        if len(name_words(long_candidate.surface)) >= 2:  # the long form written again elsewhere
            candidates.extend(_uses(text, long_candidate.surface, long_candidate, candidates))
    return drop_overlaps(candidates), links


_ORGANISATION_TYPES = frozenset({"armed_group", "security_force", "government_body", "other_org", "international_org"})
_ORGANISATION_LABELS = _ORGANISATION_TYPES | {"ORG", "NORP"}
_BRACKETED_SHORT = re.compile(r"\s*\(\s*([A-Z][A-Za-z.&-]{1,9})\s*\)")


def bracketed_acronyms(
    text: str, candidates: list[Candidate], definitions: Iterable[Abbreviation], gazetteer: Gazetteer
) -> tuple[list[Candidate], list[Abbreviation]]:
    """An organisation's name followed by an acronym in brackets defines it, whatever its letters:
    "the Party of Free Life of Kurdistan (PJAK)" spells the initials of its Kurdish name, so the
    letters find no definition, but the article says what it means. A known organisation's acronym
    gives the name its actor ("Free Life Party of Kurdistan (PJAK)" is the PJAK the gazetteer
    knows); an unknown acronym becomes the name's definition. Only organisations: "Gao (AFP)" is a
    credit, "Ali Hassan (AH)" no acronym."""
    defined = {d.short_start for d in definitions}
    by_start = {c.start: c for c in candidates}
    relinked: dict[str, Candidate] = {}
    found = []
    for long in candidates:
        if long.label not in _ORGANISATION_LABELS or len(name_words(long.surface)) < 2:
            continue
        bracket = _BRACKETED_SHORT.match(text, long.end)
        if bracket is None or bracket.start(1) in defined:
            continue
        short = by_start.get(bracket.start(1))
        if short is not None and short.method == "gazetteer":
            if long.method == "ner" and gazetteer.by_id[short.link].type in _ORGANISATION_TYPES:
                relinked[long.link] = short
        elif bracket.group(1).isupper():
            found.append(Abbreviation(bracket.group(1), bracket.start(1), bracket.end(1), long.start, long.end))
    candidates = [
        replace(c, link=known.link, label=known.label, method="abbreviation") if (known := relinked.get(c.link)) else c
        for c in candidates
    ]
    return candidates, found


_MIN_TYPO_KEY = 5  # below that one letter makes another name (Mali, Bali)
_ANY_LABEL_KEY = 12  # from this length a one-letter slip is the same name whatever the model called it


def prefer_the_articles_names(candidates: list[Candidate]) -> list[Candidate]:
    """A name written without its Arabic article ("Baghdadi", linked fuzzily to Baghdad, or left a
    name of its own) that the article also writes with it ("al-Baghdadi", a town of Anbar the model
    found) is that name: the text's own spelling is better evidence than a near one in the gazetteer."""
    linked = ((c.link.removeprefix(NER_PREFIX), c) for c in candidates if c.method == "ner")
    own = {without_al(key): c for key, c in linked if without_al(key) != key}
    relinked = []
    for candidate in candidates:
        key = name_key(candidate.surface)
        same = own.get(key) if candidate.method in ("fuzzy", "ner") and without_al(key) == key else None
        if same is not None and same.link != candidate.link:
            candidate = replace(candidate, link=same.link, label=same.label, method="ner", score=1.0)
        relinked.append(candidate)
    return relinked


def link_misspellings(candidates: list[Candidate]) -> list[Candidate]:
    """An article that writes a name twice, once with a slip or another transliteration ("Qaser
    Bin Ghashir" and "Qaser Bin Qashir", "Jenin" and "Janin"), means one actor. A name the model
    found that no gazetteer entry explains takes the link of the article's other name whose key is
    one edit away (two for names of sixteen letters or more): the gazetteer's, else the more
    frequent, else the earlier; a person and a non-person meet only in names of twelve letters or
    more (the model reads the same unfamiliar place once as a place, once as a person)."""
    keys = {c.link: name_key(c.surface) for c in candidates}
    counts: dict[str, int] = {}
    for c in candidates:
        counts[c.link] = counts.get(c.link, 0) + 1
    relinked = {}
    for c in candidates:
        key = keys[c.link]
        if c.method != "ner" or len(key) < _MIN_TYPO_KEY or key.startswith("#"):
            continue
        allowed = 2 if len(key) >= 16 else 1
        near = [
            other
            for other in candidates
            if other.link != c.link
            and (other.method != "ner" or (counts[other.link], c.start) > (counts[c.link], other.start))
            and (len(key) >= _ANY_LABEL_KEY or (other.label in _PERSON_LABELS) == (c.label in _PERSON_LABELS))
            and Levenshtein.distance(keys[other.link], key, score_cutoff=allowed) <= allowed
        ]
        if near:
            relinked[c.link] = near[0]
    return [
        replace(c, link=relinked[c.link].link, label=relinked[c.link].label) if c.link in relinked else c
        for c in candidates
    ]


def implied_abbreviations(candidates: list[Candidate], defined: Iterable[Abbreviation]) -> list[Abbreviation]:
    """Abbreviations an article uses without defining them, read from its own names: "Lebanon's
    National News Agency said ..." then "The NNA said ...". An acronym the model found that no
    definition or gazetteer entry explains stands for the one earlier name of two words or more,
    not a person's, whose capitalised words' initials spell it; so does an acronym the gazetteer
    reads otherwise, when the article's own name spells it ("Armed Forces of the Philippines"
    ... "the AFP spokesperson": not the news agency). An earlier name is preferred; with none, one
    written after it does (a headline's "PNG" before the body's "Papua New Guinea"). Three letters at
    least: two match by chance."""
    shorts = {d.short for d in defined}
    found = []
    for short in candidates:
        letters = short.surface
        if short.method not in ("ner", "gazetteer") or not (3 <= len(letters) <= 6 and letters.isalpha()):
            continue
        if letters in shorts or not letters.isupper():
            continue
        spelt = [
            c
            for c in candidates
            if c.label not in _PERSON_LABELS and c.link != short.link and _initials(c.surface) == letters
        ]
        earlier = {c.surface: c for c in spelt if c.end <= short.start}
        longs = earlier or {c.surface: c for c in spelt}  # "PNG's Enga" in a headline, "Papua New Guinea" below
        if len(longs) == 1:
            (long,) = longs.values()
            found.append(Abbreviation(letters, short.start, short.end, long.start, long.end))
            shorts.add(letters)
    return found


def _initials(surface: str) -> str:
    """The initials of a name's capitalised words, hyphenated parts apart ("Inter-Services Public
    Relations" -> "ISPR"); '' for a name of one word."""
    parts = [p for p in re.split(r"[\s‐-]+", surface) if p[:1].isupper()]
    return "".join(p[0] for p in parts) if len(parts) >= 2 else ""


def _as_organisation(long_candidate: Candidate, short_candidate: Candidate | None) -> Candidate:
    """An acronym names an organisation, never a person ("ASWJ (Al Sunnah wa Jama’ah)", whose
    Arabic the model reads as a name): a model's person label goes, and the type the context gave
    the acronym ("terrorist group (ASWJ)") is kept."""
    if long_candidate.method != "ner":
        return long_candidate
    typed = short_candidate is not None and short_candidate.label in ACTOR_TYPES
    if typed:
        return replace(long_candidate, label=short_candidate.label)
    return replace(long_candidate, label="ORG") if long_candidate.label in _PERSON_LABELS else long_candidate


def _known_by_both(long_form: str, short: str, gazetteer: Gazetteer) -> str | None:
    """The known actor an article's definition names in part: "Central Command (CENTCOM)" is US
    Central Command when the gazetteer knows CENTCOM and its name holds "Central Command"."""
    actor_id = gazetteer.lookup(short)
    if actor_id is None or gazetteer.lookup(long_form) or len(name_words(long_form)) < 2:
        return None
    entry = gazetteer.by_id[actor_id]
    key = name_key(long_form)
    return actor_id if any(key in name_key(name) for name in (entry.name, *entry.aliases)) else None


def link_surnames(
    doc: Doc, candidates: list[Candidate], titles: tuple[str, ...] = (), types: TypeRules | None = None
) -> list[Candidate]:
    """A person named once in full and later by surname ('Nasrallah', 'Park') is one actor.

    Each short reference takes the nearest full name before it (or, failing that, after it) whose
    surname forms include it; where a rank stands before the surname ("Colonel al-Zoubi"), a full
    name introduced with that rank comes first. Untagged capitalised words that match a surname
    are found too. A surname that is also a town the gazetteer knows ("Captain Chris Cuenca ...
    Cuenca said") is the person, unless a place cue stands before it ("in Cuenca").
    """
    nearest = partial(_nearest, text=doc.text, titles=titles)
    full_names = [c for c in candidates if c.label in _PERSON_LABELS and len(name_words(c.surface)) >= 2]
    forms: dict[str, list[Candidate]] = {}
    for person in full_names:
        for form in surname_forms(person.surface):
            forms.setdefault(form, []).append(person)
    if not forms:
        return candidates
    # "Idriss Deby Itno ... Deby said": a middle name the model read as a name of its own is the
    # person's family name written without the clan or second name after it. Only names the model
    # read: a capitalised word alone is not taken for one.
    named = dict(forms)
    for person in full_names:
        for word in name_words(person.surface)[1:-1]:
            key = name_key(word)
            if len(key) >= 4 and word[:1].isupper() and key not in forms:
                named.setdefault(key, []).append(person)
    linked = [_relink_surname(c, named, nearest) if _may_be_surname(doc.text, c, types) else c for c in candidates]
    linked.extend(_untagged_surnames(doc, linked, forms, nearest))
    return drop_overlaps(linked)


def _may_be_surname(text: str, candidate: Candidate, types: TypeRules | None) -> bool:
    """A name the model or an approximation found, or a known town with no place cue before it."""
    if candidate.method in ("ner", "fuzzy"):
        return True
    if candidate.method != "gazetteer" or candidate.label != "place" or types is None:
        return False
    before = text[max(0, candidate.start - 30) : candidate.start]
    return not (types.place_cue.search(before) or types.place_cue_one_word.search(before))


def _relink_surname(candidate: Candidate, forms: dict[str, list[Candidate]], nearest) -> Candidate:
    if len(name_words(candidate.surface)) > 2:
        return candidate
    key = name_key(candidate.surface)
    antecedents = forms.get(key) or forms.get(without_al(key))
    if not antecedents or any(a.start == candidate.start for a in antecedents):
        return candidate
    antecedent = nearest(antecedents, candidate.start)
    return Candidate(candidate.start, candidate.end, candidate.surface, "person", antecedent.link, "coreference")


def _untagged_surnames(
    doc: Doc, candidates: list[Candidate], forms: dict[str, list[Candidate]], nearest
) -> list[Candidate]:
    """Capitalised words (up to three tokens: Al - Yacoubi) that match a surname of the article.

    The tagger's part of speech is not required: it calls 'Karbouly' an adverb for its ending.
    """
    covered = {i for c in candidates for i in range(c.start, c.end)}
    found, taken = [], set()
    for token in doc:
        if not (token.text[:1].isupper() or token.lower_ in _ARABIC_ARTICLES) or token.i in taken:
            continue
        for size in (3, 2, 1):
            span = doc[token.i : token.i + size]
            if len(span) < size or covered & set(range(span.start_char, span.end_char)):
                continue
            key = name_key(span.text)
            antecedents = forms.get(key) or forms.get(without_al(key))
            if antecedents:
                antecedent = nearest(antecedents, span.start_char)
                found.append(
                    Candidate(span.start_char, span.end_char, span.text, "person", antecedent.link, "coreference")
                )
                taken |= set(range(span.start, span.end))
                break
    return found


def _nearest(antecedents: list[Candidate], position: int, *, text: str, titles: tuple[str, ...]) -> Candidate:
    rank = _title_before(text, position, titles)
    if rank:
        same_rank = [a for a in antecedents if _same_rank(_title_before(text, a.start, titles), rank)]
        antecedents = same_rank or antecedents
    before = [a for a in antecedents if a.start < position]
    return max(before, key=lambda a: a.start) if before else min(antecedents, key=lambda a: a.start)


def _title_before(text: str, position: int, titles: tuple[str, ...]) -> str | None:
    """The rank or office written just before `position` ("Col. " before "Walid al-Zoubi")."""
    window = text[max(0, position - 30) : position].rstrip()
    return next((title for title in titles if window.endswith(title) and title[:1].isupper()), None)


def _same_rank(a: str | None, b: str) -> bool:
    """'Col.' and 'Colonel' are one rank: compare the first three letters."""
    return a is not None and a.lower().rstrip(".")[:3] == b.lower().rstrip(".")[:3]


def _covering(candidates: list[Candidate], start: int, end: int) -> Candidate | None:
    """The candidate that covers all of [start, end), if any: a part is not the whole
    (the Anbar Tribal Mobilisation Council is not the Tribal Mobilisation)."""
    covering = [c for c in candidates if c.start <= start and c.end >= end]
    return min(covering, key=lambda c: c.end - c.start) if covering else None


def _uses(text: str, short: str, long_candidate: Candidate, candidates: list[Candidate]) -> list[Candidate]:
    pattern = re.compile(rf"(?<![\w-]){re.escape(short)}(?:s(?![\w])|(?![\w]))")
    uses = []
    for match in pattern.finditer(text):
        existing = [c for c in candidates if c.start == match.start() and c.end == match.end()]
        if existing and existing[0].link == long_candidate.link:
            continue
        method = "abbreviation"
        uses.append(
            Candidate(match.start(), match.end(), match.group(), long_candidate.label, long_candidate.link, method)
        )
    return uses


def confirm_headline_names(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Drop names only the model found in a Title Case line unless the body names them too.

    In a headline every word is capitalised, so the model tags phrases such as "Armed Groups
    Supported" as organisations; a name the article really is about comes back in the body.
    """
    headline_spans = [(s.start_char, s.end_char) for s in doc.sents if is_headline_case(s.text)]
    if not headline_spans:
        return candidates

    def in_headline(candidate: Candidate) -> bool:
        return any(start <= candidate.start < end for start, end in headline_spans)

    body_links = {c.link for c in candidates if not in_headline(c)}
    return [c for c in candidates if c.method != "ner" or not in_headline(c) or c.link in body_links]


_NOT_ORGANISATIONS = frozenset({"PERSON", "person", "GPE", "LOC", "place", "state", "FAC", "facility"})
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def link_shortened_names(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """ "The Operations Command stated ..." after "the Al-Jazira Operations Command": a name the model
    read, written after "the" with the last words of an organisation named before it in the article,
    is that organisation, not one of its own. The nearest such name before it wins; a name the
    gazetteer knows keeps its link."""
    linked = []
    for candidate in candidates:
        words = name_words(candidate.surface)
        antecedents = [
            other
            for other in candidates
            if other.end <= candidate.start
            and other.label not in _NOT_ORGANISATIONS
            and len(name_words(other.surface)) > len(words)
            and name_words(other.surface)[-len(words) :] == words
        ]
        if (
            candidate.method != "ner"
            or candidate.label in _NOT_ORGANISATIONS
            or not antecedents
            or not _THE_BEFORE.search(text[max(0, candidate.start - 5) : candidate.start])
        ):
            linked.append(candidate)
            continue
        antecedent = max(antecedents, key=lambda a: a.start)
        linked.append(replace(candidate, link=antecedent.link, label=antecedent.label, method="coreference"))
    return linked


def link_acronym_stems(candidates: list[Candidate]) -> list[Candidate]:
    """ "SSC officials" beside "SSC-Khatumo forces": an acronym the model read, which an organisation
    of the same article writes with a hyphenated part after it, is that organisation (its short
    name), unless the gazetteer knows the acronym itself. The longest such name wins."""
    longer: dict[str, Candidate] = {}
    for other in candidates:
        stem, hyphen, rest = other.surface.partition("-")
        named = hyphen and rest[:1].isupper() and stem.isupper() and other.label not in _NOT_ORGANISATIONS
        if named and (stem not in longer or len(other.surface) > len(longer[stem].surface)):
            longer[stem] = other
    if not longer:
        return candidates
    return [
        replace(c, link=longer[c.surface].link, label=longer[c.surface].label, method="coreference")
        if c.method == "ner" and c.surface in longer and c.link != longer[c.surface].link
        else c
        for c in candidates
    ]
