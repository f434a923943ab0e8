"""Read and compile data/patterns/metadata.yaml and data/outlets.yaml for metadata inference."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.cleaning import compile_with_fragments
from pipeline.knowledge_files import strictly


@dataclass(frozen=True)
class Outlet:
    """A news outlet from data/outlets.yaml."""

    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...]
    date_order: str | None = None  # 'dmy', 'mdy' or 'ymd': how its newsroom writes numeric dates


@dataclass(frozen=True)
class AuthorRule:
    """A pattern with a `name` group, applied to removals of one kind (byline, author_bio, ...)."""

    removal: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class AffiliationRule:
    """A pattern with an `outlet` group, applied to removals of one kind; `known_only` accepts only
    outlets.yaml names; `basis` is what a match counts as ('text' or 'inferred')."""

    removal: str
    pattern: re.Pattern[str]
    basis: str
    known_only: bool


@dataclass(frozen=True)
class MetadataPatterns:
    """The compiled contents of data/patterns/metadata.yaml and data/outlets.yaml."""

    outlets: tuple[Outlet, ...]
    author_rules: tuple[AuthorRule, ...]
    affiliation_rules: tuple[AffiliationRule, ...]
    dateline_patterns: tuple[re.Pattern[str], ...]
    dateline_paragraphs: int
    date_line: re.Pattern[str]
    later_labels: frozenset[str]
    header_lines: int
    header_date_line: re.Pattern[str]
    labelled_in_raw: re.Pattern[str]
    numeric_parts: tuple[re.Pattern[str], ...]
    written_in_text: re.Pattern[str]
    numeric_in_text: re.Pattern[str]
    published_datelines: tuple[re.Pattern[str], ...]
    url_year: re.Pattern[str]
    url_day: tuple[re.Pattern[str], ...]
    url_month: tuple[re.Pattern[str], ...]
    month_only: re.Pattern[str]
    day_mention: re.Pattern[str]
    listener_patterns: tuple[re.Pattern[str], ...]
    min_unknown_listener: int


def load_metadata_patterns(patterns_path: Path, outlets_path: Path) -> MetadataPatterns:
    """Read and compile the metadata rules and the outlet list.

    patterns_path (Path): YAML shaped like data/patterns/metadata.yaml.
    outlets_path (Path): YAML shaped like data/outlets.yaml.
    RETURNS (MetadataPatterns): compiled rules; raises ValueError naming a bad regex.
    """
    with strictly(patterns_path) as spec, strictly(outlets_path) as outlet_file:
        outlets = outlet_file["outlets"]
        fragments = spec.get("fragments", {})

        def compile_(pattern: str) -> re.Pattern[str]:
            return compile_with_fragments(pattern, fragments, source="metadata")

        published = spec["published"]
        return MetadataPatterns(
            outlets=tuple(_outlet(o) for o in outlets),
            author_rules=tuple(AuthorRule(r["removal"], compile_(r["pattern"])) for r in spec["author"]),
            affiliation_rules=tuple(
                AffiliationRule(r["removal"], compile_(r["pattern"]), r["basis"], bool(r.get("known_only")))
                for r in spec["affiliation"]
            ),
            dateline_patterns=tuple(compile_(p["pattern"]) for p in spec["dateline"]["patterns"]),
            dateline_paragraphs=int(spec["dateline"]["search_paragraphs"]),
            date_line=compile_(published["date_line"]),
            later_labels=frozenset(published["later_labels"]),
            header_lines=int(published["header_lines"]),
            header_date_line=compile_(published["header_date_line"]),
            labelled_in_raw=compile_(published["labelled_in_raw"]),
            numeric_parts=tuple(compile_(p) for p in published["numeric_parts"]),
            written_in_text=compile_(published["written_in_text"]),
            numeric_in_text=compile_(published["numeric_in_text"]),
            published_datelines=tuple(compile_(p) for p in published["dateline"]),
            url_year=compile_(published["url_year"]),
            url_day=tuple(compile_(p) for p in published["url_day"]),
            url_month=tuple(compile_(p) for p in published["url_month"]),
            month_only=compile_(published["month_only"]),
            day_mention=compile_(published["day_mention"]),
            listener_patterns=tuple(compile_(p) for p in spec["outlet_listener"]["patterns"]),
            min_unknown_listener=int(spec["outlet_listener"]["min_unknown_mentions"]),
        )


_DATE_ORDERS = ("dmy", "mdy", "ymd")


def _outlet(entry: dict) -> Outlet:
    """One outlets.yaml entry; a misspelt `date_order` would silently fall back to day-first, so it raises."""
    order = entry.get("date_order")
    if order is not None and order not in _DATE_ORDERS:
        raise ValueError(f"outlet {entry['name']!r}: date_order {order!r} is not one of {', '.join(_DATE_ORDERS)}")
    return Outlet(entry["name"], tuple(entry.get("domains") or ()), tuple(entry.get("aliases") or ()), order)
