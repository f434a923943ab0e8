"""Turn a processed spaCy Doc into actor mentions, linked inside the article (abbreviations, surnames,
nicknames, names it defines) and kept to the region the article is about.

Modules:
- `abbreviations`: Find abbreviations an article defines itself: "Popular Mobilization Units (PMUs)".
- `candidates`: Turn a processed spaCy Doc into actor mention candidates, each linked to a known actor
  or a name key.
- `cued_names`: Names the small model missed but their context marks as names.
- `institutions`: State institutions by rule: "Malian army", "Niger's junta", "the army of Sudan" name
  one state's armed forces or government, for every state, from a demonym or state name and a head word.
- `known_as`: Names an article gives an actor itself: "ASWJ, locally known as Al Shabaab".
- `linking`: Link mentions inside one article: abbreviations it defines, and surnames that refer back to
  a full name.
- `nicknames`: People written with a nickname inside their name: Joaquin "El Chapo" Guzman, Jimmy
  "Barbecue" Chérizier.
- `place_designations`: Names written with their head noun: "the Arauca department", "the North West
  region", "the Maka Almukarramah hotel".
- `regions`: Linking that knows where it is: a theatre pack's short names apply only where its region is
  in play.
"""

from pipeline.entities.abbreviations import common_noun_shorts, find_abbreviations
from pipeline.entities.candidates import (
    MODEL_ENTS_KEY,
    NER_PREFIX,
    Candidate,
    extract_candidates,
    guess_type,
    without_named_things,
    without_place_adjectives,
)
from pipeline.entities.institutions import demonym_patterns, demonym_spellings
from pipeline.entities.known_as import link_known_as
from pipeline.entities.linking import (
    AbbreviationLink,
    bracketed_acronyms,
    confirm_headline_names,
    implied_abbreviations,
    link_abbreviations,
    link_acronym_stems,
    link_misspellings,
    link_shortened_names,
    link_surnames,
    prefer_the_articles_names,
)
from pipeline.entities.nicknames import link_nicknames
from pipeline.entities.place_designations import with_designations
from pipeline.entities.regions import keep_to_countries, keep_to_region, towns_in_play

__all__ = [
    "AbbreviationLink",
    "Candidate",
    "MODEL_ENTS_KEY",
    "NER_PREFIX",
    "bracketed_acronyms",
    "common_noun_shorts",
    "confirm_headline_names",
    "demonym_patterns",
    "demonym_spellings",
    "extract_candidates",
    "find_abbreviations",
    "guess_type",
    "implied_abbreviations",
    "keep_to_countries",
    "keep_to_region",
    "link_abbreviations",
    "link_acronym_stems",
    "link_known_as",
    "link_misspellings",
    "prefer_the_articles_names",
    "link_nicknames",
    "link_shortened_names",
    "link_surnames",
    "towns_in_play",
    "with_designations",
    "without_named_things",
    "without_place_adjectives",
]
