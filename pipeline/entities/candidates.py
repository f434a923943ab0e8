"""Turn a processed spaCy Doc into actor mention candidates, each linked to a known actor or a name key."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from pipeline.entities.cued_names import (
    PROPER_NOUN_TAGS,
    cued_runs,
    institution_shapes,
    known_mission,
    mission_names,
    name_before_closing_place_word,
    named_after_places,
    role_in_apposition,
)
from pipeline.entities.institutions import DEMONYM, institution_spans
from pipeline.entities.unnamed_ministries import unnamed_ministry_spans
from pipeline.gazetteer import Gazetteer, GazetteerEntry, Institutions
from pipeline.knowledge import Knowledge, TypeRules
from pipeline.metadata import is_headline_case, is_shouted, title_case_shouted
from pipeline.names import name_key, name_words
from pipeline.schema import ACTOR_TYPES

NER_PREFIX = "ner:"
MODEL_ENTS_KEY = "model_ents"
PERSON_LABELS = frozenset({"PERSON", "person"})
# "Lebanon's Hezbollah", "Tuz Khurmatu’s Palkana": a possessor of up to three capitalised words.
_POSSESSOR = re.compile(r"^((?:[A-Z][\w-]+ ){0,2}[A-Z][\w-]+)['’]s (\S.*)$")
# A capitalised word or a name particle joined by a hyphen right before a name ("Cal-Miskaad",
# "al-Qaeda"): the model and the ruler often start the name after the hyphen.
_HYPHEN_PREFIX = re.compile(r"(?<![\w-])([A-Za-z]+)[-‐‑]$")
# Penn Treebank tags of proper nouns, read from the tagger directly: the attribute ruler that maps
# them to PROPN costs more than the tagger itself.
_EDGE_CHARS = " \t\n\"“”‘’'()[]{},;:|!?*•–—-&+"
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
# A preposition or conjunction never ends a name (English closed-class words).
_TRAILING_FUNCTION_WORD = re.compile(r" (?:in|of|and|at|on|for|near|from|to|by|with)$")
_UNCLOSED_BRACKET = re.compile(r"\s*[(\[][^)\]]*$")
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")  # a dateline's "Kolda - Soldiers were ...": no name holds one
_FORBIDDEN = re.compile(r"[/|@=<>#]|https?:|www\.")
_NAME_CONNECTORS = frozenset({"al", "el", "bin", "ibn", "abu", "bint", "-", "de", "ez", "az", "ad"})
# Which method wins when two candidates claim the same characters (lower is stronger).
_PLACE_LABELS = frozenset({"state", "place", "GPE", "LOC"})
METHOD_RANK = {"curation": 0, "abbreviation": 1, "gazetteer": 2, "coreference": 3, "fuzzy": 4, "ner": 5}


@dataclass(frozen=True)
class Candidate:
    """A span of the text that names an actor.

    `link` is a gazetteer actor id, or NER_PREFIX + name key for a name the gazetteer lacks; the
    corpus stage turns the latter into actor ids.
    """

    start: int
    end: int
    surface: str
    label: str
    link: str
    method: str
    score: float = 1.0


def ner_link(surface: str) -> str:
    """The provisional link of a name the gazetteer does not know."""
    return NER_PREFIX + name_key(surface)


def extract_candidates(doc: Doc, knowledge: Knowledge, *, fuzzy_threshold: float) -> list[Candidate]:
    """Every actor mention in `doc` from the model and the gazetteer ruler, cleaned and linked.

    Abbreviations and surnames are linked later (pipeline.entities.linking); this step only reads entities
    and looks names up.
    """
    text = doc.text  # spaCy joins the tokens again on every access: read it once
    found = [c for ent in doc.ents for c in _candidates_from_ent(ent, text, knowledge, fuzzy_threshold)]
    named = institution_spans(doc, knowledge.gazetteer, knowledge.institutions)
    unnamed = unnamed_ministry_spans(doc, knowledge, named)
    restated = {(start, end) for start, end, _, _ in unnamed}  # a pack's bare portfolio, another state's here
    found = [c for c in found if (c.start, c.end) not in restated]
    found.extend(
        Candidate(start, end, text[start:end], actor_type, actor_id, "gazetteer")
        for start, end, actor_id, actor_type in (*named, *unnamed)
        if actor_id in knowledge.gazetteer.by_id
    )
    found = national_branches(doc, found, knowledge.gazetteer)
    found.extend(_contained_organisations(doc, text, found, knowledge, fuzzy_threshold))
    found.extend(_places_ending_in_states(doc, text, found, knowledge, fuzzy_threshold))
    found.extend(_scan_transliterations(doc, found, knowledge))
    found.extend(_cued_candidates(doc, text, found, knowledge, fuzzy_threshold))
    found = with_hyphenated_prefixes(text, drop_overlaps(found), knowledge)
    found = with_owners_named_after(text, found, knowledge.types)
    kept = joined_person_names(text, without_place_adjectives(text, found, knowledge.types))
    kept = with_feature_names(text, kept, knowledge.gazetteer, knowledge.types)
    kept = without_titles_of_names(text, kept, knowledge.office_words, knowledge.title_keys)
    return places_by_list(text, kept, knowledge.types)


_TITLE_WORDS = re.compile(r"^ (?:[A-Z][a-z]+ ){1,3}$")


def without_titles_of_names(
    text: str, candidates: list[Candidate], office_words: frozenset[str], titles: frozenset[str] = frozenset()
) -> list[Candidate]:
    """An office written before its holder's name is the person's title, not an actor: "Union Home
    Minister Amit Shah" (a pack's spelling of the ministry), "Interior Cabinet Secretary Joseph Ole
    Lenku", "Station House Officer Zafarullah Sumalani" (the model's "Interior Cabinet", "House"). A
    name ending with an office word right before a person goes, and so does a name the model read that
    only office words separate from the person, and so does a body right before a rank and its holder
    ("US Army Col. Wayne Marotto": his title; but "Foreign Ministry spokesman X" speaks for the
    ministry, which stays); a state before a title stays ("US Vice President")."""
    kept: list[Candidate] = []
    for i, candidate in enumerate(candidates):
        after = candidates[i + 1] if i + 1 < len(candidates) else None
        if candidate.method == "ner" and _ends_with_office(text, candidate, titles):
            continue
        if (
            candidate.method == "ner"
            and candidate.label not in PERSON_LABELS
            and _after_office(text, candidate, titles)
        ):
            candidate = replace(candidate, label="PERSON")  # "... (SSP) Hashim Momand", read as an organisation
        if candidate.label in PERSON_LABELS or after is None or after.label not in PERSON_LABELS | {"person"}:
            kept.append(candidate)
            continue
        gap = text[candidate.end : after.start]
        last = candidate.surface.split()[-1].casefold()
        title = (
            (gap == " " and last in office_words)
            or (
                candidate.method == "ner"
                and _TITLE_WORDS.match(gap) is not None
                and all(word.casefold() in office_words for word in gap.split())
            )
            or (
                candidate.label not in _PLACE_LABELS
                and gap.strip().casefold() in titles
                and not any(word.casefold() in office_words for word in gap.split())
            )
        )
        if not title:
            kept.append(candidate)
    return kept


_WORDS_BEFORE_BRACKET = re.compile(r"(?: [A-Z][a-z]+){0,3}(?= \(|,)")
_OFFICE_BEFORE = re.compile(r"((?:[A-Za-z]+ ){1,5})\(([A-Z]{2,5})\) $")


def _ends_with_office(text: str, candidate: Candidate, titles: frozenset[str]) -> bool:
    """ "Noshki Senior Superintendent of Police (SSP)", "Noshki Station House" + "Officer (SHO)": a
    name that ends, with the capitalised words after it up to an abbreviation, with an office of
    two or more words is a person's title, not an actor."""
    rest = _WORDS_BEFORE_BRACKET.match(text, candidate.end)
    words = (candidate.surface + (rest.group() if rest else "")).casefold().split()
    return any(" ".join(words[i:]) in titles for i in range(len(words) - 1))


def _after_office(text: str, candidate: Candidate, titles: frozenset[str]) -> bool:
    """ "Superintendent of Police (SSP) Hashim Momand": a name right after an office and its
    abbreviation is the office holder's."""
    office = _OFFICE_BEFORE.search(text, max(0, candidate.start - 80), candidate.start)
    if office is None:
        return False
    words = office.group(1).casefold().split()
    return office.group(2).casefold() in titles or any(" ".join(words[i:]) in titles for i in range(len(words)))


def joined_person_names(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Two names the model read as people with one space between them are one person's name: the
    small model breaks long Arabic names at a new given name ("Ahmed Najm Abdul Zahra" read as
    "Ahmed Najm" and "Abdul Zahra"). Names the gazetteer knows, and names apart by any punctuation
    or word ("Ali Sadiq and Imran"), stay apart."""
    joined: list[Candidate] = []
    for candidate in candidates:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and text[previous.end : candidate.start] == " "
            and all(c.method == "ner" and c.label in PERSON_LABELS for c in (previous, candidate))
        ):
            surface = text[previous.start : candidate.end]
            joined[-1] = replace(previous, end=candidate.end, surface=surface, link=ner_link(surface))
        else:
            joined.append(candidate)
    return joined


def without_place_adjectives(text: str, candidates: list[Candidate], types: TypeRules) -> list[Candidate]:
    """A place or state in a hyphenated adjective ("an Afghanistan-based affiliate", "a Russia-brokered
    ceasefire") qualifies a noun and is no actor's mention. An organisation in one stays: "the
    al-Qaida-linked al-Shabab" names al-Qaida as an actor in its own right. The participles are data
    (actor_types.yaml adjective_participles). A place in a time zone ("8:00 a.m. Moscow time") goes too."""
    return [
        c
        for c in candidates
        if c.label not in _PLACE_LABELS
        or not (types.adjective_participle.match(text, c.end) or _time_zone(text, c.start, c.end))
    ]


_OF_OWNER = re.compile(r" of (?:the )?$")


def with_owners_named_after(text: str, candidates: list[Candidate], types: TypeRules) -> list[Candidate]:
    """ "the Police Service of Northern Ireland", "the Joint Command of the Armed Forces": a body the
    model read whose name says only what it is (every word an institution's keyword) is named with
    the name after its "of", which says whose it is; the model reads the two apart."""
    joined: list[Candidate] = []
    for candidate in candidates:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.method == "ner"
            and previous.label in ("ORG", "FAC")
            and _OF_OWNER.fullmatch(text, previous.end, candidate.start)
            and text[candidate.start : candidate.start + 1].isupper()
            and all(word in types.institution_words for word in name_key(previous.surface).split())
        ):
            surface = text[previous.start : candidate.end]
            joined[-1] = replace(previous, end=candidate.end, surface=surface, label="ORG", link=ner_link(surface))
        else:
            joined.append(candidate)
    return joined


def without_named_things(text: str, candidates: list[Candidate], types: TypeRules) -> list[Candidate]:
    """ "a Sten gun", "Grad missiles": a name the model read before a weapon's noun is the weapon's
    make, no actor (a known actor stays: "Hezbollah rockets" are Hezbollah's); "the Radwan family
    guesthouse": a name before "family" is a family's, not the group a pack spells the same.
    The nouns are data (actor_types.yaml weapon_words_after, family_words_after)."""
    return [
        c
        for c in candidates
        if not (c.method == "ner" and types.weapon_after.match(text, c.end))
        and not (c.label not in PERSON_LABELS and types.family_after.match(text, c.end))
    ]


def with_feature_names(
    text: str, candidates: list[Candidate], gazetteer: Gazetteer, types: TypeRules
) -> list[Candidate]:
    """ "the Gulf of Guinea", "the Horn of Africa": a state or place after a geographic feature's
    head (actor_types.yaml feature_heads) is part of the feature's name, and the mention is the
    feature, a place of its own, linked to the gazetteer's entry when it knows the whole name."""
    named = []
    for candidate in candidates:
        head = (
            types.feature_head.search(text, max(0, candidate.start - 20), candidate.start)
            if candidate.label in _PLACE_LABELS
            else None
        )
        if head is None:
            named.append(candidate)
            continue
        surface = text[head.start() : candidate.end]
        known = gazetteer.lookup(surface)
        named.append(
            replace(
                candidate,
                start=head.start(),
                surface=surface,
                label="place",
                link=known or ner_link(surface),
                method="gazetteer" if known else "ner",
            )
        )
    return named


_CLOCK_BEFORE = re.compile(r"\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?|hours|hrs|h)?\s*$", re.IGNORECASE)
_TIME_AFTER = re.compile(r" time\b")


def _time_zone(text: str, start: int, end: int) -> bool:
    """ "at 8:00 a.m. Moscow time": a place after a clock time and before "time" names a time zone."""
    before = text[max(0, start - 20) : start]
    return _TIME_AFTER.match(text, end) is not None and _CLOCK_BEFORE.search(before) is not None


_LIST_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)\s*")
_PLACE_LABELS_OF_LISTS = frozenset({"place", "GPE", "LOC"})


def places_by_list(text: str, candidates: list[Candidate], types: TypeRules) -> list[Candidate]:
    """Names listed with a town are towns ("between Tame and La Cabuya", "Najjariyeh and
    Addousiyeh"), and so are names listed before a place word ("the Janjareet Koh, Ustaoi and Usool
    areas"): the model calls many unfamiliar places people. Only names the model found (method
    'ner', labelled a person or an organisation) change; a state in the list is no evidence
    ("Russia and Wagner"), and a list ends with "and" or "or"."""
    lists: list[list[int]] = []
    for i, candidate in enumerate(candidates):
        previous = candidates[i - 1] if i else None
        if previous is not None and _LIST_JOINT.fullmatch(text[previous.end : candidate.start]):
            lists[-1].append(i)
        else:
            lists.append([i])
    changed = list(candidates)
    for members in (m for m in lists if len(m) > 1):
        named = [candidates[i] for i in members]
        if not re.search(r"\b(?:and|or)\b", text[named[-2].end : named[-1].start]):
            continue  # "in Al Qaim, Ahmed Nasrallah said": a comma alone joins no list
        placed = (
            any(c.label in _PLACE_LABELS_OF_LISTS for c in named)
            or types.place_cue.search(text[max(0, named[0].start - 30) : named[0].start])
            or _place_word_after(text, named[-1].end, types)
        )
        if not placed:
            continue
        for i in members:
            if candidates[i].method == "ner" and candidates[i].label in ("PERSON", "ORG"):
                changed[i] = replace(candidates[i], label="GPE")
    return changed


def _cued_candidates(
    doc: Doc, text: str, found: list[Candidate], knowledge: Knowledge, fuzzy_threshold: float
) -> list[Candidate]:
    """Names the model missed that a title, a role or a place word marks (pipeline.entities.cued_names)."""
    covered = {i for c in found for i in range(c.start, c.end)}
    places = [(c.start, c.end) for c in found if c.label in _PLACE_LABELS]
    organisations = [(c.start, c.end) for c in found if c.label in ("international_org", "ORG")]
    missions = mission_names(text, organisations, knowledge)
    named_after = named_after_places(text, places, knowledge) + missions
    shapes = institution_shapes(text, covered, knowledge)
    cued = [*cued_runs(doc, covered, knowledge), *((start, end, "ORG") for start, end in [*named_after, *shapes])]
    made = (_model_candidate(doc, text, start, end, label, knowledge, fuzzy_threshold) for start, end, label in cued)
    return [_as_known_mission(c, knowledge.gazetteer) if c and (c.start, c.end) in missions else c for c in made if c]


def _as_known_mission(candidate: Candidate, gazetteer: Gazetteer) -> Candidate:
    """A mission name linked to the mission the gazetteer knows by its full name, if any."""
    mission = known_mission(candidate.surface, gazetteer)
    if mission is None:
        return candidate
    return replace(candidate, link=mission, label=gazetteer.by_id[mission].type, method="gazetteer")


def trim_name(text: str, start: int, end: int, titles: tuple[str, ...]) -> tuple[int, int]:
    """Shrink [start, end) to the name itself: no quotes, brackets, 'the', titles or possessive.

    'the PMF’s' -> 'PMF'; 'Col. Saleh Al-Yacoubi' -> 'Saleh Al-Yacoubi'. `titles` longest first.
    """
    while True:
        before = (start, end)
        trailing = _TRAILING_FUNCTION_WORD.search(text, start, end)
        if trailing:  # "El Aguaje in", read by the model with the preposition after it
            end = trailing.start()
        dash = _SPACED_DASH.search(text, start, end)
        if dash and dash.start() > start:
            end = dash.start()
        # "Party of Free Life of Kurdistan (PJAK": the name, then its short form
        unclosed = _UNCLOSED_BRACKET.search(text, start, end)
        if unclosed and unclosed.start() > start:
            end = unclosed.start()
        while start < end and text[start] in _EDGE_CHARS:
            start += 1
        while start < end and text[end - 1] in _EDGE_CHARS:
            end -= 1
        if text[start:end].endswith(".") and not re.search(r"\b[A-Z]\.$", text[start:end]):
            end -= 1
        possessive = _POSSESSIVE.search(text[start:end])
        if possessive and end - start > len(possessive.group()):
            end -= len(possessive.group())
        start = _skip_prefix(text, start, end, ("the", "The", "THE"))
        start = _skip_prefix(text, start, end, titles)
        if (start, end) == before:
            return start, end


def drop_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep one candidate per stretch of text: the longer span, then the stronger method.

    Longest first, because a name that contains another names something else: the Nineveh Plains
    Protection Units are not the province of Nineveh.
    """
    ranked = sorted(candidates, key=lambda c: (-(c.end - c.start), METHOD_RANK[c.method], c.start))
    kept: list[Candidate] = []
    for candidate in ranked:
        if all(candidate.end <= other.start or candidate.start >= other.end for other in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)


def guess_type(name: str, label: str, rules: TypeRules) -> str:
    """The actor type of a name the gazetteer lacks: the longest keyword in the name decides
    ("National Security Council" is a government body for "Security Council", not a force for
    "Security"), else the label's type; people stay people, and a news outlet of outlets.yaml is media."""
    if label in PERSON_LABELS:
        return rules.label_types.get(label, "person")
    if label in ACTOR_TYPES:  # the context already said (pipeline.entities.candidates._organisation_by_context)
        return label
    if name_key(name) in rules.outlet_keys:
        return "media"  # "DW", "France 24": a news outlet the project knows (outlets.yaml), whatever its words
    words = f" {name_key(name)} "
    found = [
        (len(name_key(keyword)), -order, actor_type, keyword)
        for order, (actor_type, keywords) in enumerate(rules.keyword_types)
        for keyword in keywords
        if f" {name_key(keyword)} " in words
    ]
    if not found:
        return rules.label_types.get(label, "other_org")
    _, _, actor_type, keyword = max(found)
    if keyword in rules.state_attached_keywords:
        return "security_force" if _names_a_state(words, rules.state_words) else "armed_group"
    return actor_type


def _names_a_state(words: str, state_words: frozenset[str]) -> bool:
    """Whether a name (as ' key words ') holds a state's name or demonym: 'Rwanda Defence Force'."""
    tokens = words.split()
    return any(
        " ".join(tokens[i:j]) in state_words
        for i in range(len(tokens))
        for j in range(i + 1, min(i + 5, len(tokens) + 1))
    )


def _candidates_from_ent(ent: Span, text: str, knowledge: Knowledge, fuzzy_threshold: float) -> list[Candidate]:
    if ent.label_ in ("NON_ACTOR", DEMONYM):
        return []
    label = ent.label_
    if (
        label in PERSON_LABELS
        and _place_by_context(text, ent.start_char, ent.end_char, label, knowledge.types) == "GPE"
    ):
        label = "GPE"  # "the Sheikh Maqsoud neighbourhood": a place, and its first word no title
    if label in PERSON_LABELS:
        start, end = trim_name(text, ent.start_char, ent.end_char, knowledge.titles)
    else:
        start, end = trim_name(text, ent.start_char, ent.end_char, ())
        start, label = _ranked_person(text, start, end, label, knowledge)
    if end - start < 2 or text[start:end].casefold() in knowledge.title_keys:
        return []  # a title alone ("Village Head", "Maj Gen") names nobody
    if ent.ent_id_:
        start, end = _named_core(text, start, end, ent.ent_id_, knowledge)
        found = Candidate(start, end, text[start:end], label, ent.ent_id_, "gazetteer")
        return _split_possessive(found, knowledge)
    owner = (
        _known_possessor(text, start, end, knowledge.gazetteer)
        or _place_possessor(text, start, end, knowledge.types)
        or _institution_possessor(text, start, end, knowledge.types)
    )
    if owner is not None:  # "Lebanon's Hezbollah", "Tuz Khurmatu’s Palkana mountains": two names
        start = owner.end + 3
    nested = _nested_place(text, start, end, knowledge)
    if nested is not None:  # "El Aguaje in Aguililla": a place, and the place it lies in
        return [
            c
            for lo, hi in ((start, nested), (nested + 4, end))
            if (c := _model_candidate(ent.doc, text, lo, hi, "GPE", knowledge, fuzzy_threshold)) is not None
        ]
    candidate = _model_candidate(ent.doc, text, start, end, label, knowledge, fuzzy_threshold)
    return [c for c in (owner, candidate) if c is not None]


def _nested_place(text: str, start: int, end: int, knowledge: Knowledge) -> int | None:
    """Where " in " splits a model's name into a place and the place it lies in ("El Aguaje in
    Aguililla"), both capitalised; None when the words before it name a body ("the UN Mission in
    Mali", "the Ministry of Health in Gaza") or a known armed group, whose branch the whole names
    ("Islamic State in Mozambique"), or there is no such split."""
    at = text.find(" in ", start, end)
    if at < 0 or not text[at + 4 : at + 5].isupper() or not text[start : start + 1].isupper():
        return None
    before, types = text[start:at], knowledge.types
    heads = (*types.unit_words, *types.institution_heads, *types.mission_words)
    known = knowledge.gazetteer.by_id.get(knowledge.gazetteer.lookup(before) or "")
    return None if _has_unit_word(before, heads) or (known and known.type == "armed_group") else at


def _named_core(text: str, start: int, end: int, actor_id: str, knowledge: Knowledge) -> tuple[int, int]:
    """The name itself inside a known spelling that describes it: "Houthi rebels", "Wafa news
    agency", "the Ministry of Health in Ramallah", "the official Palestinian news agency Wafa": the
    shortest run of the span's words, starting with a capital, that is still a spelling of the same
    actor, when what is cut after it is descriptor words or a place phrase ("in ...") and what is cut
    before it holds a lower-case word that is no name particle ("Asaib Ahl al-Haq" stays whole), a
    hyphenated qualifier ("US-backed SDF" is the SDF) or is a title ("Defence Minister Israel Katz":
    a pack may spell a person with the office, the name is the person's)."""
    words = [w.group() for w in re.finditer(r"\S+", text[start:end])]
    offsets = [start + w.start() for w in re.finditer(r"\S+", text[start:end])]
    best = (start, end)
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            lo, hi = offsets[i], offsets[j - 1] + len(words[j - 1])
            if hi - lo >= best[1] - best[0] or not text[lo : lo + 1].isupper():
                continue
            before, after = words[:i], words[j:]
            if (
                before
                and not _a_title(before, knowledge)
                and not any(
                    _descriptive(w, knowledge.particles) or knowledge.types.adjective_participle.search(w)
                    for w in before
                )
            ):
                continue  # "Britain-based Syrian Observatory ...", "US-backed SDF", "Defence Minister Israel Katz"
            if len(before) >= 2 and before[-1] in knowledge.name_joiners and before[-2][:1].isupper():
                continue  # "Jammu and Kashmir police" stays whole; "department of Cauca" is Cauca
            if after and not (after[0] == "in" or all(w in knowledge.types.descriptor_words for w in after)):
                continue
            if knowledge.gazetteer.lookup(text[lo:hi]) == actor_id:
                best = (lo, hi)
    return best


def _a_title(words: list[str], knowledge: Knowledge) -> bool:
    """Whether capitalised words are an office ("Defence Minister", "Army Chief of Staff"): a title
    of names.yaml, or capitalised words ending with an office word (names.yaml office_words)."""
    return " ".join(words).casefold() in knowledge.title_keys or (
        words[-1].casefold() in knowledge.office_words and all(w[:1].isupper() for w in words)
    )


def _descriptive(word: str, particles: frozenset[str]) -> bool:
    """A lower-case word that describes ("official", "news"), not a particle of a name ("al-Haq")."""
    return word[:1].islower() and word.split("-")[0] not in particles and word not in particles


def _ranked_person(text: str, start: int, end: int, label: str, knowledge: Knowledge) -> tuple[int, str]:
    """An abbreviated rank before capitalised words is a person the model mislabelled ("Rear Adm.
    Kemal Demirtas", "SP Yadav" as organisations); a spelled-out word stays ("General Security"),
    and so does a rank before one known name ("SP Bijapur": the office of a district)."""
    abbreviated = tuple(title for title in knowledge.titles if _abbreviated_rank(title))
    name_start = trim_name(text, start, end, abbreviated)[0]
    words = text[name_start:end].split()
    named = len(words) >= 2 or (len(words) == 1 and knowledge.gazetteer.lookup(words[0]) is None)
    if name_start > start and named and all(word[:1].isupper() for word in words):
        return name_start, "PERSON"
    return start, label


def _abbreviated_rank(title: str) -> bool:
    """ "Maj. Gen.", "Lt Col", "Gen": a rank written short, with or without full stops."""
    return title.endswith(".") or all(word[:1].isupper() and len(word) <= 4 for word in title.split())


def _model_candidate(
    doc: Doc, text: str, start: int, end: int, label: str, knowledge: Knowledge, fuzzy_threshold: float
) -> Candidate | None:
    """A name the model found, if it can name an actor at all, linked to the gazetteer if it can."""
    end = _without_descriptor(text, start, end, knowledge.types.words_after_names)
    end = _with_acronym_suffix(text, end)
    if label == "PERSON":
        start, label = _person_start(doc, text, start, end, knowledge)
    end = _with_unit_number(text, start, end, knowledge.types)
    start = _with_unit_ordinal(text, start, end, knowledge.types)
    name_end = name_before_closing_place_word(text, start, end, knowledge.types.administrative_head)
    if name_end is not None and label in ("ORG", "GPE", "LOC", "FAC", "PERSON"):
        end, label = name_end, "GPE"  # "the Gwandari Local Government Area": the place is Gwandari
    surface = text[start:end]
    label = _organisation_by_context(
        text, start, end, _place_by_context(text, start, end, label, knowledge.types), knowledge.types
    )
    if label in ("ORG", "NORP", "PRODUCT", "FAC") and _person_by_apposition(text, start, end, knowledge):
        label = "PERSON"
    if (label not in knowledge.types.actor_labels and label not in ACTOR_TYPES) or knowledge.gazetteer.is_non_actor(
        surface
    ):
        return None
    if (
        surface.endswith(knowledge.types.non_actor_suffixes)
        or surface.startswith(knowledge.types.non_actor_prefixes)
        or not _plausible_name(doc, text, start, end, knowledge.particles)
    ):
        return None
    if _generic_word(surface, knowledge):
        return None
    if name_key(surface) in knowledge.types.communities and label != "armed_group":
        return None  # "Druze leaders", "Tutsi villages": a community, no party ("Fulani militia" is one)
    return _link_name(Candidate(start, end, surface, label, ner_link(surface), "ner"), knowledge, fuzzy_threshold)


def _person_by_apposition(text: str, start: int, end: int, knowledge: Knowledge) -> bool:
    """ "said Brij Kumar Yadav, a reporter for a local daily": a name of capitalised words the
    gazetteer does not know, with a person's role in apposition, is a person whatever the model's
    label ("Human Rights Watch, a rights group" has no role noun there)."""
    words = text[start:end].split()
    if (
        len(words) < 2
        or not all(word[:1].isupper() or word in knowledge.particles for word in words)
        or knowledge.gazetteer.lookup(text[start:end])
    ):
        return False
    return role_in_apposition(text[end : end + 80], knowledge.quotes.role_words)


def _without_descriptor(text: str, start: int, end: int, descriptors: frozenset[str]) -> int:
    """ "the ruling CNDD-FDD party", "the Interfax news agency", "the Diaca village": the name ends
    before the lower-case descriptors the model read with it, when a capitalised word comes right
    before them (a lower-case word there means the descriptor is inside the name)."""
    words = text[start:end].split(" ")
    kept = len(words)
    while kept > 1 and words[kept - 1] in descriptors:
        kept -= 1
    if kept == len(words) or not words[kept - 1][:1].isupper():
        return end
    return start + len(" ".join(words[:kept]))


_ACRONYM_SUFFIX = re.compile(r"[-‐‑][A-Z]{2,}\b")


def _with_acronym_suffix(text: str, end: int) -> int:
    """ "CNDD" read before "-FDD": an acronym joined by a hyphen is one name with it ("CNDD-FDD")."""
    suffix = _ACRONYM_SUFFIX.match(text, end)
    return suffix.end() if suffix and text[end - 1 : end].isupper() else end


_UNIT_ORDINAL = re.compile(r"\b[Tt]he (\d{1,4}(?:st|nd|rd|th)?) $")


def _with_unit_ordinal(text: str, start: int, end: int, types: TypeRules) -> int:
    """A unit named with its number before it ("the 1st Brigade Combat Team", "the 15 Kumaon
    Regiment"), which the model leaves out as an ordinal, keeps the number: it tells one unit from
    another. Only after "the", so that a count ("killed 15 Kumaon Regiment soldiers") is no name."""
    number = _UNIT_ORDINAL.search(text, max(0, start - 10), start)
    last = text[start:end].rsplit(" ", 1)[-1]
    return number.start(1) if number and last in types.numbered_heads else start


_UNIT_NUMBER = re.compile(r" \d{1,4}\b(?![.,]\d|-| ?%| (?:km|miles?|people|soldiers|troops)\b)")


def _with_unit_number(text: str, start: int, end: int, types: TypeRules) -> int:
    """A unit named with its number after its head word ("Marine Battalion Landing Team 11",
    "Task Force 3") keeps the number: it tells one unit from another."""
    number = _UNIT_NUMBER.match(text, end)
    last = text[start:end].rsplit(" ", 1)[-1]
    return number.end() if number and last in types.numbered_heads else end


_INITIALS_BEFORE = re.compile(r"(?<![\w.&-])([A-Z]{2,3}) $")


def _person_start(doc: Doc, text: str, start: int, end: int, knowledge: Knowledge) -> tuple[int, str]:
    """Where a person's name starts, and whether it is one: "Seven Marines" is a count of a force,
    not a person (the number goes, the rest is an organisation's name); initials the model left
    out belong to the name ("IK Muivah"), unless they are a known actor's acronym ("UN Guterres")
    or a rank ("SHO Sumalani")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and len(span) > 1 and span[0].like_num:
        return span[1].idx, "ORG"
    initials = _INITIALS_BEFORE.search(text, max(0, start - 5), start)
    if (
        initials
        and knowledge.gazetteer.lookup(initials.group(1)) is None
        and initials.group(1).casefold() not in knowledge.title_keys
    ):
        return initials.start(1), "PERSON"
    return start, "PERSON"


def context_label(text: str, start: int, end: int, label: str, types: TypeRules) -> str:
    """The model's label of a name corrected by the words around it: a place ("the village of X",
    "X township"), an armed group ("X militia", "fighters of X")."""
    return _organisation_by_context(text, start, end, _place_by_context(text, start, end, label, types), types)


def _place_by_context(text: str, start: int, end: int, label: str, types: TypeRules) -> str:
    """The model calls many place names people, groups or products; "the village of Kesta", "near
    Jaber", "Zamzam camp", "Lone Kauk villages" say otherwise. A nationality ("NORP") yields only to
    a cue before it: "Kurdish villages" are no place called Kurdish, "the towns of Shaqra" are."""
    if label not in ("PERSON", "ORG", "NORP", "PRODUCT") or text[end : end + 2] in ("'s", "’s"):
        return label
    before = text[max(0, start - 30) : start]
    one_word = " " not in text[start:end].strip()
    if types.place_cue.search(before) or (one_word and label != "NORP" and types.place_cue_one_word.search(before)):
        return "GPE"
    if label != "NORP" and _place_word_after(text, end, types):
        return "GPE"
    return label


def _place_word_after(text: str, end: int, types: TypeRules) -> bool:
    """ "Zamzam camp", "Kengwo, a border locality": a place word right after the name or in an
    apposition to it."""
    after = text[end : end + 60]
    return bool(types.place_cue_after.search(after[:30]) or types.place_apposition.search(after))


def _organisation_by_context(text: str, start: int, end: int, label: str, types: TypeRules) -> str:
    """ "M23 rebels", "JNIM militants", "fighters of al-Shabaab": the words around a name say it is a
    non-state armed group, whatever the model's label (it calls M23 a place, al-Shabaab a person);
    "the newspaper Ikweli", "the Ecuavisa channel": a news outlet."""
    if label not in ("PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT"):
        return label
    after, before = text[end : end + 30], text[max(0, start - 40) : start]
    if types.armed_group_cue_after.search(after) or types.armed_group_cue_before.search(before):
        return "armed_group"
    if types.media_cue_after.search(after) or types.media_cue_before.search(before):
        return "media"  # "the newspaper Ikweli", "told the Ecuavisa channel"
    return label


def _split_possessive(candidate: Candidate, knowledge: Knowledge) -> list[Candidate]:
    """ "Lebanon's Hezbollah" names two actors: Lebanon, and Hezbollah; "People's Protection Units" one,
    and so do "Ethiopia's federal government" and "Syria's new government": a state's own institution,
    or a body described after its owner, is named whole, possessive included
    (pipeline.entities.institutions), whatever spelling a pack gave the ruler."""
    owner = _known_possessor(candidate.surface, 0, len(candidate.surface), knowledge.gazetteer)
    if owner is None or _institution_of(candidate.link, owner.link, knowledge.institutions):
        return [candidate]
    if candidate.surface[owner.end + 3 : owner.end + 4].islower():
        return [
            candidate
        ]  # "Syria’s new government", a pack's spelling: the owner's body described, no name of its own
    rest = owner.end + 3
    return [
        replace(owner, start=candidate.start, end=candidate.start + owner.end),
        Candidate(
            candidate.start + rest,
            candidate.end,
            candidate.surface[rest:],
            candidate.label,
            candidate.link,
            candidate.method,
        ),
    ]


def _institution_of(actor_id: str, state_id: str, institutions: Institutions) -> bool:
    """Is `actor_id` one of the institutions the rules give the state `state_id`?"""
    return any(institutions.actor_id(state_id, template.suffix) == actor_id for template in institutions.templates)


_INTERNATIONAL_TYPES = frozenset({"international_org", "other_org"})


def national_branches(doc: Doc, candidates: list[Candidate], gazetteer: Gazetteer) -> list[Candidate]:
    """A demonym right before an organisation known under no country ("Libyan Red Crescent",
    "Kenyan Red Cross") names that country's own body, not the international one."""
    demonym_ends = {ent.end_char + 1: ent.start_char for ent in doc.ents if ent.label_ == DEMONYM}
    text = doc.text
    branched = []
    for candidate in candidates:
        entry = gazetteer.by_id.get(candidate.link)
        start = demonym_ends.get(candidate.start)
        if (
            start is None
            or entry is None
            or entry.type not in _INTERNATIONAL_TYPES
            or entry.country
            or text[candidate.start - 1] != " "
        ):
            branched.append(candidate)
            continue
        surface = text[start : candidate.end]
        branched.append(Candidate(start, candidate.end, surface, "other_org", ner_link(surface), "ner"))
    return branched


def _institution_possessor(text: str, start: int, end: int, types: TypeRules) -> Candidate | None:
    """An institution whose possessive opens a name ("the Health Ministry’s Ambulance and Emergency
    Services"): two bodies, the owner named by its head word, the rest a name of its own; "People’s
    Protection Units" and "Lord’s Resistance Army" have no institution before the possessive."""
    match = _POSSESSOR.match(text[start:end])
    if match is None or match.group(1).rsplit(" ", 1)[-1] not in types.institution_heads:
        return None
    return Candidate(start, start + match.end(1), match.group(1), "ORG", ner_link(match.group(1)), "ner")


def _known_possessor(text: str, start: int, end: int, gazetteer: Gazetteer) -> Candidate | None:
    """The known actor whose possessive opens text[start:end] ("Lebanon" of "Lebanon's Hezbollah"),
    as a candidate, or None when the words before "'s" name nobody the gazetteer knows."""
    match = _POSSESSOR.match(text[start:end])
    owner = gazetteer.lookup(match.group(1)) if match else None
    if owner is None:
        return None
    return Candidate(start, start + match.end(1), match.group(1), gazetteer.by_id[owner].type, owner, "gazetteer")


def _place_possessor(text: str, start: int, end: int, types: TypeRules) -> Candidate | None:
    """An unknown name whose possessive opens a place's name ("Tuz Khurmatu’s Palkana mountains",
    a place word after it) is the place that holds it, as a name of its own."""
    match = _POSSESSOR.match(text[start:end])
    if match is None or not _place_word_after(text, end, types):
        return None
    return Candidate(start, start + match.end(1), match.group(1), "GPE", ner_link(match.group(1)), "ner")


def with_hyphenated_prefixes(text: str, candidates: list[Candidate], knowledge: Knowledge) -> list[Candidate]:
    """A name that starts right after a hyphenated prefix takes it in when the whole is a known
    name ("Cal-Miskaad mountains", read as "Miskaad mountains", "anti-Balaka") or the prefix a name
    particle ("al-Qaeda", read as "Qaeda"); "pro-Iran", "Kurdish-Iraqi" and "Israel-Hamas" stay
    apart (a patron named in an adjective is still named: the seed annotation counts it)."""
    gazetteer = knowledge.gazetteer
    taken = {i for c in candidates for i in range(c.start, c.end)}
    grown = []
    for candidate in candidates:
        prefix = _HYPHEN_PREFIX.search(text, max(0, candidate.start - 20), candidate.start)
        if not prefix or taken & set(range(prefix.start(), candidate.start)):
            grown.append(candidate)
            continue
        word, surface = prefix.group(1), text[prefix.start() : candidate.end]
        known = gazetteer.lookup(surface)
        if known is not None:
            grown.append(
                Candidate(prefix.start(), candidate.end, surface, gazetteer.by_id[known].type, known, "gazetteer")
            )
        elif word in knowledge.particles:  # "al-Mahdi", unknown: the name with its article
            grown.append(
                replace(candidate, start=prefix.start(), surface=surface, link=ner_link(surface), method="ner")
            )
        else:  # "Kurdish-Iraqi", "Wollo Bete-Amhara": no name the gazetteer knows, left as read
            grown.append(candidate)
    return grown


def _contained_organisations(
    doc: Doc, text: str, found: list[Candidate], knowledge: Knowledge, fuzzy_threshold: float
) -> list[Candidate]:
    """The model's name for an organisation that contains a known name plus a unit word: the
    Deir ez-Zor Military Council is not the city, the Western Euphrates Operations Command not the river.

    The gazetteer ruler overwrote these entities; the model's own spans were kept aside for this.
    """
    extra = []
    for span in doc.spans.get(MODEL_ENTS_KEY, []):
        start, end = trim_name(text, span.start_char, span.end_char, ())
        inside = [c for c in found if start <= c.start and c.end <= end and c.end - c.start < end - start]
        if not inside or any(c.start < start < c.end or c.start < end < c.end for c in found):
            continue
        owner = _POSSESSOR.match(text[start:end])
        if owner and any(c.start == start and c.end == start + owner.end(1) for c in inside):
            # "the Interior Ministry’s Rapid Response Directorate": the ministry, and a body of its own
            rest = start + owner.start(2)
            candidate = _model_candidate(doc, text, rest, end, span.label_, knowledge, fuzzy_threshold)
            extra.extend([candidate] if candidate else [])
            continue
        outside = text[start:end]
        for candidate in inside:
            outside = outside.replace(candidate.surface, " ")
        if _has_unit_word(outside, knowledge.types.unit_words + knowledge.types.named_place_heads):
            candidate = _model_candidate(doc, text, start, end, span.label_, knowledge, fuzzy_threshold)
            extra.extend([candidate] if candidate else [])
    return extra


def _places_ending_in_states(
    doc: Doc, text: str, found: list[Candidate], knowledge: Knowledge, fuzzy_threshold: float
) -> list[Candidate]:
    """The model's place name that ends with a state's name and begins with other capitalised words
    names a place of its own: "Puerto Jordan" is no Jordan, "West Azerbaijan" (a province of Iran) no
    Azerbaijan. The gazetteer ruler read only the state in them; the model's own spans were kept aside.
    "Northern Syria" is still Syria (`state_part_words`), "Iranian Azerbaijan" a demonym and the state,
    and a headline's capitalised words are no name."""
    types = knowledge.types
    extra = []
    for span in doc.spans.get(MODEL_ENTS_KEY, []):
        if span.label_ not in ("GPE", "LOC"):
            continue
        start, end = trim_name(text, span.start_char, span.end_char, ())
        inside = [c for c in found if c.start < end and start < c.end]
        if len(inside) != 1 or inside[0].label != "state" or not (start < inside[0].start and inside[0].end == end):
            continue
        before = text[start : inside[0].start].split()
        own_words = all(
            w[:1].isupper() and w not in types.state_part_words and name_key(w) not in types.state_words for w in before
        )
        if own_words and not is_headline_case(span.sent.text):
            candidate = _model_candidate(doc, text, start, end, "GPE", knowledge, fuzzy_threshold)
            extra.extend([candidate] if candidate else [])
    return extra


def _has_unit_word(text: str, unit_words: tuple[str, ...]) -> bool:
    words = f" {name_key(text)} "
    return any(f" {name_key(word)} " in words for word in unit_words)


def _link_name(candidate: Candidate, knowledge: Knowledge, fuzzy_threshold: float) -> Candidate:
    gazetteer = knowledge.gazetteer
    exact = gazetteer.lookup(candidate.surface)
    if exact is None and len(candidate.surface) > 4 and is_shouted(candidate.surface.replace(" ", "")):
        exact = gazetteer.lookup(title_case_shouted(candidate.surface))  # datelines shout: NIAMEY, GOMA
    if exact and confirms(gazetteer.by_id[exact], candidate.label):
        return replace(candidate, link=exact, method="gazetteer", label=gazetteer.by_id[exact].type)
    variant = gazetteer.lookup_skeleton(candidate.surface)
    if variant and may_approximate(candidate.surface, gazetteer.by_id[variant].type):
        return replace(candidate, link=variant, method="fuzzy", score=0.95, label=gazetteer.by_id[variant].type)
    allowed = knowledge.types.fuzzy_compatible.get(candidate.label, frozenset())
    close = gazetteer.lookup_fuzzy(candidate.surface, allowed, fuzzy_threshold)
    if close and may_approximate(candidate.surface, gazetteer.by_id[close[0]].type):
        actor_id, score = close
        return replace(
            candidate, link=actor_id, method="fuzzy", score=score / 100, label=gazetteer.by_id[actor_id].type
        )
    return candidate


def _generic_word(surface: str, knowledge: Knowledge) -> bool:
    """A lone head word ("Army spokesman", "Police said") is a common noun the model capitalised, not
    a name: which army is for the reader to resolve, not the gazetteer."""
    if " " in surface.strip():
        return False  # "Foreign Ministry" is a name, if an incomplete one
    return name_key(surface) in knowledge.types.generic_words


def confirms(entry: GazetteerEntry, label: str) -> bool:
    """Whether a name the model found may take a lookup-only entry (a town of the world's table):
    never a name the model calls a person; a town named like a word or given name (Victoria) only
    when the model calls it a place."""
    if not entry.lookup_only:
        return True
    if label in PERSON_LABELS:
        return False
    return not entry.ambiguous or label in ("GPE", "LOC")


def may_approximate(surface: str, actor_type: str) -> bool:
    """Whether a spelling that is only close to a known actor's may link to it. A known person
    needs more than one name part: a given name or surname alone is shared by thousands of
    people (the Malian spokesman Souleymane is not Qassem Soleimani)."""
    return actor_type not in PERSON_LABELS or len(name_words(surface)) >= 2


def _plausible_name(doc: Doc, text: str, start: int, end: int, particles: frozenset[str] = frozenset()) -> bool:
    """A name has a proper noun in it, starts with a capital, a digit or a lower-case particle
    before a capital (al-Shabab, de Mistura), and is no credit or URL."""
    surface = text[start:end]
    particle, _, rest = surface.replace("-", " ", 1).partition(" ")
    capitalised = surface[0].isupper() or surface[0].isdigit() or (particle in particles and rest[:1].isupper())
    if _FORBIDDEN.search(surface) or not capitalised:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(token.tag_ in PROPER_NOUN_TAGS for token in span)


def _scan_transliterations(doc: Doc, found: list[Candidate], knowledge: Knowledge) -> list[Candidate]:
    """Known actors written in a spelling no alias lists (Toufuf for Tufuf), found by skeleton in
    runs of capitalised words. A single word only where nothing else was found; a longer match may
    contain a shorter known name (Kataeb Hizballah holds Hizballah) and then wins over it. An office
    or a bare institution ("Interior Minister", near "Interior Ministry") is no name to approximate."""
    covered = {i for c in found for i in range(c.start, c.end)}
    extra = []
    for run in _capitalised_runs(doc):
        extra.extend(_match_run(doc, run, covered, knowledge.gazetteer))
    extra = [
        c
        for c in extra
        if c.surface.casefold() not in knowledge.title_keys and name_key(c.surface) not in knowledge.types.generic_words
    ]
    # A longer match that only adds a title to a name already found ("President Donald Trump") adds nothing.
    return [c for c in extra if not any(c.start <= f.start and f.end <= c.end and f.link == c.link for f in found)]


def _capitalised_runs(doc: Doc) -> list[list[int]]:
    runs, current = [], []
    for token in doc:
        if _name_like(token) or (current and token.lower_ in _NAME_CONNECTORS):
            current.append(token.i)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def _name_like(token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and token.tag_ in PROPER_NOUN_TAGS


def _match_run(doc: Doc, run: list[int], covered: set[int], gazetteer: Gazetteer) -> list[Candidate]:
    matches, taken = [], set()
    for size in range(min(len(run), 4), 0, -1):
        for first in range(len(run) - size + 1):
            ids = run[first : first + size]
            if taken & set(ids) or doc[ids[-1]].lower_ in _NAME_CONNECTORS or doc[ids[0]].lower_ == "-":
                continue
            span = doc[ids[0] : ids[-1] + 1]
            if size == 1 and covered & set(range(span.start_char, span.end_char)):
                continue
            actor_id = gazetteer.lookup_skeleton(span.text)
            if actor_id and may_approximate(span.text, gazetteer.by_id[actor_id].type):
                taken |= set(ids)
                entry = gazetteer.by_id[actor_id]
                matches.append(Candidate(span.start_char, span.end_char, span.text, entry.type, actor_id, "fuzzy", 0.9))
    return matches


def _skip_prefix(text: str, start: int, end: int, prefixes: tuple[str, ...]) -> int:
    for prefix in prefixes:
        stop = start + len(prefix)
        if text.startswith(prefix, start) and stop < end and (text[stop] == " " or prefix.endswith(".")):
            return stop
    return start
