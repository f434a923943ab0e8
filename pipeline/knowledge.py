"""Load the domain knowledge under data/knowledge/ (base and theatre packs) once per build."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from pipeline.cleaning import BoilerplatePatterns, load_boilerplate_patterns
from pipeline.config import PipelineConfig
from pipeline.dates import DatePatterns, load_date_patterns
from pipeline.events.patterns import EVENTS_FILE, EventPatterns, load_event_patterns
from pipeline.gazetteer import Gazetteer, Institutions, Region, build_gazetteer, load_layers
from pipeline.knowledge_cache import (
    KNOWLEDGE_SUFFIX,
    CompiledGazetteer,
    compiled_from_json,
    compiled_to_json,
    entry_key,
    read_entry,
    write_entry,
)
from pipeline.knowledge_files import strictly
from pipeline.metadata import MetadataPatterns, load_metadata_patterns
from pipeline.names import TransliterationRules, name_key
from pipeline.quotes import QuotePatterns, load_quote_patterns
from pipeline.store import knowledge_fingerprint, pipeline_fingerprint

_NUMERIC_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


@dataclass(frozen=True)
class TypeRules:
    """How an actor unknown to the gazetteer gets its type (data/patterns/actor_types.yaml)."""

    label_types: dict[str, str]
    keyword_types: tuple[tuple[str, tuple[str, ...]], ...]
    fuzzy_compatible: dict[str, frozenset[str]]
    actor_labels: frozenset[str]
    unit_words: tuple[str, ...]
    non_actor_prefixes: tuple[str, ...]
    non_actor_suffixes: tuple[str, ...]
    place_cue: re.Pattern[str]
    place_cue_one_word: re.Pattern[str]
    place_cue_after: re.Pattern[str]
    armed_group_cue_after: re.Pattern[str]
    armed_group_cue_before: re.Pattern[str]
    state_attached_keywords: frozenset[str]
    media_cue_after: re.Pattern[str] = re.compile(r"(?!)")  # " channel" after "Ecuavisa"
    media_cue_before: re.Pattern[str] = re.compile(r"(?!)")  # "the newspaper " before "Ikweli"
    descriptor_words: frozenset[str] = frozenset()  # "rebels" in "Houthi rebels": not part of the name
    administrative_head: re.Pattern[str] = re.compile(r"(?!)")  # "Local Government Area" after a place name
    administrative_unit: re.Pattern[str] = re.compile(r"(?!)")  # the same, also before "of" ("... Area of Zamfara")
    mission_words: tuple[str, ...] = ()  # "mission" in "the United Nations mission in Somalia"
    place_apposition: re.Pattern[str] = re.compile(r"(?!)")  # ", two adjacent villages" after a name
    place_designation: re.Pattern[str] = re.compile(r"(?!)")  # " department" after "Arauca"
    facility_cue_after: re.Pattern[str] = re.compile(r"(?!)")  # " hospital" after "Khalil Suleiman"
    state_words: frozenset[str] = frozenset()  # every state's names and demonyms, casefolded
    generic_words: frozenset[str] = frozenset()  # name keys of lone head words ("Army"): no name alone
    outlet_keys: frozenset[str] = frozenset()  # name keys of the news outlets of outlets.yaml ("DW"): media
    ordinals: frozenset[str] = frozenset()  # "eighth": with a head word, a unit every army has
    numbered_heads: frozenset[str] = frozenset()  # "Team" in "Landing Team 11": the number is the name's
    adjective_participle: re.Pattern[str] = re.compile(r"(?!)")  # "-based" after "Afghanistan": an adjective
    feature_head: re.Pattern[str] = re.compile(r"(?!)")  # "the Gulf of " before "Guinea": the feature's name
    weapon_after: re.Pattern[str] = re.compile(r"(?!)")  # " missiles" after "Grad": a weapon's make
    family_after: re.Pattern[str] = re.compile(r"(?!)")  # " family" after "Radwan": a family's name
    facility_name_after: re.Pattern[str] = re.compile(r"(?!)")  # " Air Base" after "Ali Al-Salem": its name
    armed_event_types: frozenset[str] = frozenset()  # who initiates these is an armed group...
    armed_from_types: frozenset[str] = frozenset()  # ...when its own type was a guess of these
    institution_heads: frozenset[str] = frozenset()  # "Council", "Center": the head of a body's name
    named_place_heads: tuple[str, ...] = ()  # "Street" after "Palestine": a place of its own
    place_words_after: frozenset[str] = frozenset()  # "village" after "Diaca": not part of the name
    state_part_words: frozenset[str] = frozenset()  # "Northern" before "Syria": still the state
    communities: frozenset[str] = frozenset()  # name keys of "Druze", "Fulani": no actor but as a militia

    @cached_property
    def words_after_names(self) -> frozenset[str]:
        """The lower-case words a name the model read may end with and is cut back before: descriptors
        ("rebels", "news agency") and place words ("village")."""
        return self.descriptor_words | self.place_words_after

    @cached_property
    def institution_words(self) -> frozenset[str]:
        """The words of state institutions' keywords ("police", "service", "command", "ministry"): a
        name made of them alone says what a body is, not whose ("the Police Service of ...")."""
        return frozenset(
            word
            for actor_type, keywords in self.keyword_types
            if actor_type in ("security_force", "government_body")
            for keyword in keywords
            for word in name_key(keyword).split()
        )

    def generic(self, surface: str) -> bool:
        """A bare head word ("Defence Ministry") or a numbered unit ("Eighth Division", "8th
        Brigade"): a name every state's forces use, which says nothing of whose they are."""
        key = name_key(surface)
        first, _, rest = key.partition(" ")
        numbered = bool(rest) and (first in self.ordinals or _NUMERIC_ORDINAL.fullmatch(first) is not None)
        return key in self.generic_words or (numbered and rest in self.generic_words)


@dataclass(frozen=True)
class Knowledge:
    """Everything a build knows before it reads an article."""

    gazetteer: Gazetteer
    regions: dict[str, Region]
    institutions: Institutions
    packs: tuple[str, ...]
    titles: tuple[str, ...]
    title_keys: frozenset[str]  # the titles casefolded: a title alone names nobody
    particles: frozenset[str]
    alias_cues: re.Pattern[str]  # "locally known as": the article names an actor itself
    types: TypeRules
    boilerplate: BoilerplatePatterns
    metadata: MetadataPatterns
    dates: DatePatterns
    quotes: QuotePatterns
    events: EventPatterns
    fingerprint: str
    office_words: frozenset[str] = frozenset()  # "Minister" in "Home Minister Amit Shah": a title, no actor
    name_joiners: frozenset[str] = frozenset()  # "and" in "Jammu and Kashmir Police": inside a name
    # Where the compiled knowledge is kept between builds, and its key (pipeline.knowledge_cache):
    # build_nlp keeps the ruler's tokenised patterns beside it. None: nothing is kept.
    cache_dir: Path | None = field(default=None, compare=False, repr=False)
    cache_key: str = field(default="", compare=False, repr=False)


def load_knowledge(
    config: PipelineConfig, *, cache_dir: Path | None = None, fingerprint: str | None = None
) -> Knowledge:
    """Read data/knowledge/ (the base, then the theatre packs): raises ValueError naming the file
    when one breaks its schema.

    With `cache_dir` (a build's `DATA/.cache/`), the compiled gazetteer (every pack's actors and
    their indexes, the regions and the institution rules) is read from there when an entry of the
    same knowledge files, code and model is kept (pipeline.knowledge_cache), else compiled and
    kept there. `fingerprint`: pipeline_fingerprint(config), when the caller has it already."""
    with (
        strictly(config.patterns_dir / "names.yaml") as names,
        strictly(config.patterns_dir / "actor_types.yaml") as actor_types,
    ):
        rules = _transliteration_rules(names["transliteration"])
        key = ""
        compiled = None
        if cache_dir is not None:
            packs = [theatre.name for theatre in config.theatre_dirs()]
            key = entry_key("knowledge", fingerprint or pipeline_fingerprint(config), *packs)
            body = read_entry(cache_dir, key, KNOWLEDGE_SUFFIX)
            compiled = compiled_from_json(body, rules) if body is not None else None
        if compiled is None:
            compiled = _compile(config, rules)
            if cache_dir is not None:
                write_entry(cache_dir, key, KNOWLEDGE_SUFFIX, compiled_to_json(compiled))
        metadata = load_metadata_patterns(config.patterns_dir / "metadata.yaml", config.base_dir / "outlets.yaml")
        return Knowledge(
            gazetteer=compiled.gazetteer,
            regions=compiled.regions,
            institutions=compiled.institutions,
            packs=compiled.packs,
            titles=tuple(sorted(names.get("titles", []), key=len, reverse=True)),
            title_keys=frozenset(str(title).casefold() for title in names.get("titles", [])),
            particles=frozenset(str(word) for word in names.get("particles", [])),
            alias_cues=_alias_cue_pattern([str(cue) for cue in names.get("alias_cues", [])]),
            types=replace(
                _type_rules(actor_types),
                state_words=_state_words(compiled),
                generic_words=frozenset(
                    name_key(word)
                    for word in (
                        *actor_types.get("unit_words", ()),
                        *actor_types.get("place_designations", ()),  # "the State", "the Region": no name alone
                        *(head for template in compiled.institutions.templates for head in template.heads),
                    )
                ),
                outlet_keys=frozenset(
                    name_key(n) for outlet in metadata.outlets for n in (outlet.name, *outlet.aliases)
                ),
            ),
            boilerplate=load_boilerplate_patterns(config.patterns_dir / "boilerplate.yaml"),
            metadata=metadata,
            dates=load_date_patterns(config.patterns_dir / "dates.yaml"),
            quotes=load_quote_patterns(config.patterns_dir / "quotes.yaml"),
            events=load_event_patterns(config.patterns_dir / EVENTS_FILE),
            fingerprint=knowledge_fingerprint(config),
            office_words=frozenset(str(word).casefold() for word in names.get("office_words", [])),
            name_joiners=frozenset(str(word) for word in names.get("name_joiners", [])),
            cache_dir=Path(cache_dir) if cache_dir is not None else None,
            cache_key=key,
        )


def _compile(config: PipelineConfig, rules: TransliterationRules) -> CompiledGazetteer:
    """The knowledge's actors from the YAML files, checked and indexed (the costly part of a load)."""
    layers = load_layers(config.base_dir, config.theatre_dirs())
    return CompiledGazetteer(
        gazetteer=build_gazetteer(layers.entries, layers.non_actors, rules),
        regions=layers.regions,
        institutions=layers.institutions,
        packs=layers.packs,
    )


def _transliteration_rules(raw: dict) -> TransliterationRules:
    return TransliterationRules(
        rewrites=tuple((str(old), str(new)) for old, new in raw["rewrites"]),
        vowels=str(raw["vowels"]),
        min_consonants=int(raw["min_consonants"]),
        min_length=int(raw["min_length"]),
    )


def _type_rules(raw: dict) -> TypeRules:
    return TypeRules(
        label_types=dict(raw["label_types"]),
        keyword_types=tuple((item["type"], tuple(item["keywords"])) for item in raw["keyword_types"]),
        fuzzy_compatible={label: frozenset(types) for label, types in raw["fuzzy_compatible"].items()},
        actor_labels=frozenset(raw["actor_labels"]),
        unit_words=tuple(raw.get("unit_words", ())),
        non_actor_prefixes=tuple(raw.get("non_actor_prefixes", ())),
        non_actor_suffixes=tuple(raw.get("non_actor_suffixes", ())),
        place_cue=_cue_pattern(raw.get("place_cues", ())),
        place_cue_one_word=_cue_pattern(raw.get("place_cues_one_word", ())),
        # "the Casamance region of southern Senegal": a place word keeps its name before "of"
        place_cue_after=_cue_after_pattern(raw.get("place_cues_after", ()), before_of=True),
        armed_group_cue_after=_cue_after_pattern(raw.get("armed_group_cues_after", ())),
        armed_group_cue_before=_cue_pattern(raw.get("armed_group_cues_before", ())),
        media_cue_after=_cue_after_pattern(raw.get("media_cues_after", ())),
        media_cue_before=_cue_pattern(raw.get("media_cues_before", ())),
        state_attached_keywords=frozenset(str(word) for word in raw.get("state_attached_keywords", ())),
        descriptor_words=frozenset(str(word) for word in raw.get("descriptor_words", ())),
        administrative_head=_cue_after_pattern(raw.get("administrative_heads", ())),
        administrative_unit=_cue_after_pattern(raw.get("administrative_heads", ()), before_of=True),
        mission_words=tuple(str(word) for word in raw.get("mission_words", ())),
        place_apposition=_apposition_pattern(raw.get("place_apposition_nouns", ())),
        place_designation=_designation_pattern(raw.get("place_designations", ())),
        facility_cue_after=_designation_pattern(raw.get("facility_cues_after", ()), owned=False),
        facility_name_after=_designation_pattern(_facility_keywords(raw), owned=False),
        armed_event_types=frozenset(raw.get("armed_by_events", {}).get("event_types", ())),
        armed_from_types=frozenset(raw.get("armed_by_events", {}).get("from_types", ())),
        ordinals=frozenset(str(word).casefold() for word in raw.get("ordinals", ())),
        numbered_heads=frozenset(str(word) for word in raw.get("numbered_heads", ())),
        adjective_participle=_adjective_pattern(raw.get("adjective_participles", ())),
        feature_head=_feature_pattern(raw.get("feature_heads", ())),
        weapon_after=_designation_pattern(raw.get("weapon_words_after", ())),
        family_after=_designation_pattern(raw.get("family_words_after", ())),
        institution_heads=frozenset(str(word) for word in raw.get("institution_heads", ())),
        named_place_heads=tuple(str(word) for word in raw.get("named_place_heads", ())),
        place_words_after=frozenset(str(word) for word in raw.get("place_words_after", ())),
        state_part_words=frozenset(str(word) for word in raw.get("state_part_words", ())),
        communities=frozenset(name_key(str(word)) for word in raw.get("communities", ())),
    )


def _adjective_pattern(words: list[str]) -> re.Pattern[str]:
    """Matches a hyphen and one of `words` as a whole word ("-based"); never when empty."""
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"[-‐](?:" + "|".join(map(re.escape, words)) + r")\b")


def _facility_keywords(raw: dict) -> list[str]:
    """The capitalised heads of facilities' names ("Air Base", "Hospital"): keyword_types' facility words."""
    return [str(word) for item in raw["keyword_types"] if item["type"] == "facility" for word in item["keywords"]]


def _feature_pattern(heads: list[str]) -> re.Pattern[str]:
    """Matches text ending with one of `heads` and a space ("the Gulf of "); never when empty."""
    if not heads:
        return re.compile(r"(?!)")
    alternation = "|".join(map(re.escape, sorted(heads, key=len, reverse=True)))
    return re.compile(r"(?<![\w-])(?:" + alternation + r") $")


def _state_words(layers: CompiledGazetteer) -> frozenset[str]:
    """The words that attach a name to a state: its names and aliases, and its demonyms."""
    names = {alias for e in layers.gazetteer.entries if e.type == "state" for alias in (e.name, *e.aliases)}
    return frozenset(name_key(word) for word in names | set(layers.institutions.demonyms))


def _cue_pattern(words: list[str]) -> re.Pattern[str]:
    """Matches when the text ends with one of `words` (and an optional 'the', and a bracket or an
    opening quote: 'the villages of "Aloush"'); never when empty."""
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\s+(?:the\s+)?[(\"“‘']?$")


def _designation_pattern(words: list[str], *, owned: bool = True) -> re.Pattern[str]:
    """Matches a space and one of `words` written in lower case, as a whole word; never when empty.
    Unless `owned`, not before "of": "the Red Sea port of Hodeidah" is Hodeidah's port."""
    if not words:
        return re.compile(r"(?!)")
    alternation = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(r" (?:" + alternation + r")\b(?![-‐])" + ("" if owned else r"(?! of\b)"))


def _apposition_pattern(nouns: list[str]) -> re.Pattern[str]:
    """Matches when the text starts with a comma (a closing quote before it allowed) and up to three
    lower-case words before one of `nouns`: ", two adjacent villages"; never when empty."""
    if not nouns:
        return re.compile(r"(?!)")
    alternation = "|".join(map(re.escape, sorted(nouns, key=len, reverse=True)))
    return re.compile(r"^[”\"’']?,\s+(?:[a-z0-9][\w-]*\s+){0,3}?(?:" + alternation + r")\b")


def _cue_after_pattern(words: list[str], *, before_of: bool = False) -> re.Pattern[str]:
    """Matches when the text starts with a space and one of `words` ("Zamzam camp", "M23 rebels"),
    not followed by "of" unless `before_of`; never when empty."""
    if not words:
        return re.compile(r"(?!)")
    alternation = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    # "the G7 group of nations": a noun with "of" after it belongs to what follows, not to the name.
    return re.compile(r"^\s+(?:" + alternation + r")\b" + ("" if before_of else r"(?!\s+of\b)"), re.IGNORECASE)


def _alias_cue_pattern(cues: list[str]) -> re.Pattern[str]:
    """One pattern for every cue, longest first; never matches when there are none."""
    if not cues:
        return re.compile(r"(?!)")
    alternation = "|".join(re.escape(cue) for cue in sorted(cues, key=len, reverse=True))
    return re.compile(r"\b(?:" + alternation + r")\b", re.IGNORECASE)
