"""The table contract between the pipeline and the dashboard: table names, columns and dtypes."""

from __future__ import annotations

import hashlib

import pandas as pd

SCHEMA_VERSION = 2

ACTOR_TYPES = (
    "person",
    "armed_group",
    "security_force",
    "government_body",
    "state",
    "place",
    "facility",
    "media",
    "international_org",
    "other_org",
)
MENTION_METHODS = ("gazetteer", "ner", "abbreviation", "coreference", "fuzzy", "curation")
GRANULARITIES = ("day", "month", "season", "year", "decade")
DATE_BASES = ("absolute", "relative", "unresolved")
EVENT_DATE_BASES = ("sentence", "context", "published", "curation")  # curation: an analyst set the date
PAGE_METHODS = ("text", "ocr")  # how a page's text was read: the PDF's text layer, or OCR of its image
EVENT_METHODS = ("verb", "noun")  # the kind of trigger the event was found by (pipeline/events/)
# ACLED's event types and sub-types in snake_case; the word lists are data/knowledge/base/patterns/events.yaml.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "battle": ("armed_clash", "government_regains_territory", "non_state_actor_overtakes_territory"),
    "explosion_remote_violence": (
        "chemical_weapon",
        "air_drone_strike",
        "suicide_bomb",
        "shelling_artillery_missile_attack",
        "remote_explosive_landmine_ied",
        "grenade",
    ),
    "violence_against_civilians": ("sexual_violence", "attack", "abduction_forced_disappearance"),
    "protest": ("peaceful_protest", "protest_with_intervention", "excessive_force_against_protesters"),
    "riot": ("violent_demonstration", "mob_violence"),
    "strategic_development": (
        "agreement",
        "arrests",
        "change_to_group_activity",
        "disrupted_weapons_use",
        "headquarters_or_base_established",
        "looting_property_destruction",
        "non_violent_transfer_of_territory",
        "other",
    ),
}

# Column -> pandas dtype. "object" columns hold Python dates and may be null; "list" columns hold
# Python lists of strings.
TABLES: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "string",
        "source_file": "string",
        "title": "string",
        "title_basis": "string",
        "outlet": "string",
        "outlet_basis": "string",
        "author": "string",
        "author_basis": "string",
        "url": "string",
        "published": "object",
        "published_basis": "string",
        "published_evidence": "string",
        "dateline": "string",
        "language": "string",
        "encoding": "string",  # how the text was read: utf-8, cp1252 ... for text files; pdf, pdf+ocr, docx
        "text": "string",
        "n_words": "int64",
        "content_hash": "string",
        "story_id": "string",  # doc_id of the story's first copy; its own doc_id when it has no copy
        "duplicate_of": "string",  # that first copy, for every other copy; null otherwise
        "duplicate_score": "float64",  # share of five-word phrases shared with the first copy
    },
    # Where each page of a document read from a PDF stands in documents.text: characters [start, end)
    # are on `page` (1-based); a document's spans are contiguous and cover its text. No rows for
    # documents without pages (text, HTML, Word files).
    "pages": {
        "doc_id": "string",
        "page": "int64",
        "start": "int64",
        "end": "int64",
        "method": "string",  # PAGE_METHODS
    },
    "sentences": {
        "doc_id": "string",
        "sent_id": "int64",
        "start": "int64",
        "end": "int64",
        "text": "string",
    },
    "actors": {
        "actor_id": "string",
        "name": "string",
        "type": "string",
        "aliases": "list",
        "n_mentions": "int64",
        "n_docs": "int64",
        "lat": "float64",
        "lon": "float64",
        "in_gazetteer": "bool",
        "source": "string",
    },
    "mentions": {
        "mention_id": "string",
        "doc_id": "string",
        "actor_id": "string",
        "surface": "string",
        "start": "int64",
        "end": "int64",
        "sent_id": "int64",
        "method": "string",
        "score": "float64",
        "date": "object",
        "date_basis": "string",
        "date_granularity": "string",
        "reviewed": "bool",
    },
    "dates": {
        "doc_id": "string",
        "sent_id": "int64",
        "text": "string",
        "start": "int64",
        "end": "int64",
        "value": "object",
        "value_end": "object",
        "granularity": "string",
        "basis": "string",
    },
    "quotes": {
        "quote_id": "string",
        "doc_id": "string",
        "sent_id": "int64",
        "speaker_id": "string",
        "speaker": "string",
        "quote": "string",
        "start": "int64",
        "end": "int64",
    },
    "events": {
        "event_id": "string",
        "doc_id": "string",
        "sent_id": "int64",
        "start": "int64",  # the clause stating the event: text == documents.text[start:end]
        "end": "int64",
        "text": "string",
        "event_type": "string",  # EVENT_TYPES
        "sub_event_type": "string",
        "actor1_id": "string",  # the initiator (actors.actor_id), null when unknown
        "actor2_id": "string",  # the target or other party, null when unknown
        "place_id": "string",  # the place or facility (actors.actor_id), null when unknown
        "lat": "float64",  # of the place
        "lon": "float64",
        "date": "object",  # start of the event's period, null when undated
        "date_end": "object",
        "date_granularity": "string",
        "date_basis": "string",  # EVENT_DATE_BASES
        "fatalities": "Int64",  # the number killed the clause or sentence states; null when none
        "method": "string",  # EVENT_METHODS
        "score": "float64",
        "cluster_id": "string",  # one real-world event across documents
        "reviewed": "bool",
    },
    "problems": {
        "source_file": "string",
        "severity": "string",
        "reason": "string",
        "decision_id": "string",  # a curation decision that no longer applies ("" for other problems)
        "detail": "string",  # why it no longer applies
    },
}

# Not part of the dashboard's contract: the rows of mentions, quotes and events before the corpus
# resolution, which a build keeps beside its uncurated tables (`linked_<name>.parquet`) so that the
# next build, when it only adds articles, need not decode every earlier article's analysis again
# (pipeline.tables, pipeline.rebuild.increment). They hold the contract's columns but those the
# resolution fills, and the local links (gazetteer ids or name keys) it resolves; a mention's
# `method` is the candidate's, before the resolution overrides it, and `label` the model's.
LINKED: dict[str, dict[str, str]] = {
    "mentions": {
        **{c: d for c, d in TABLES["mentions"].items() if c not in ("actor_id", "reviewed")},
        "link": "string",
        "label": "string",
    },
    "quotes": {**{c: d for c, d in TABLES["quotes"].items() if c != "speaker_id"}, "speaker_link": "string"},
    "events": {
        **{
            c: d
            for c, d in TABLES["events"].items()
            if c not in ("actor1_id", "actor2_id", "place_id", "lat", "lon", "cluster_id", "reviewed")
        },
        "actor1_link": "string",
        "actor2_link": "string",
        "place_link": "string",
    },
    "abbreviations": {"doc_id": "string", "short": "string", "link": "string"},
}
# Everything a build keeps in `linked_<name>.parquet` for the next: the LINKED rows, and each
# document's wording, which story linking reads (pipeline.duplicates.Wording).
LINKED_FILES = (*LINKED, "stories")

# Stable row order, so the same input gives byte-identical output.
SORT_KEYS: dict[str, list[str]] = {
    "documents": ["doc_id"],
    "pages": ["doc_id", "page"],
    "sentences": ["doc_id", "sent_id"],
    "actors": ["actor_id"],
    "mentions": ["doc_id", "start", "end"],
    "dates": ["doc_id", "start"],
    "quotes": ["doc_id", "start"],
    "events": ["doc_id", "start", "end", "event_id"],
    "problems": ["source_file", "reason"],
}


def empty_table(name: str) -> pd.DataFrame:
    """An empty frame with the columns and dtypes of table `name`."""
    return conform(pd.DataFrame(), name)


def conform(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Order, complete and type the columns of `frame` as table `name`, sorted by its keys.

    Columns the contract does not name are dropped, missing ones are added as nulls, so every
    writer and reader sees the same shape.
    """
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; expected one of {sorted(TABLES)}")
    columns = TABLES[name]
    out = pd.DataFrame(
        {col: frame[col] if col in frame else pd.Series([None] * len(frame), dtype="object") for col in columns}
    )
    for col, dtype in columns.items():
        if dtype == "list":
            out[col] = out[col].map(_as_list).astype("object")
        elif dtype != "object":
            out[col] = out[col].astype(dtype)
    return out.sort_values(SORT_KEYS[name], kind="stable").reset_index(drop=True)


def _as_list(value: object) -> list:
    """Parquet hands lists back as arrays; the contract promises plain lists."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [str(item) for item in value]


# The actor id of a party an event's clause describes without naming it ("unidentified gunmen",
# pipeline.events.described) starts with this: such an actor has no mention, the curation keeps it
# all the same, and clustering reads it as no initiator.
DESCRIBED_ID = "described-"


def stable_id(*parts: object) -> str:
    """A short id of a row (mention_id, quote_id, event_id) that depends only on its parts, so
    rebuilds, and an analyst's added actor, give the same ids."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]
