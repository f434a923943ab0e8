"""Infer an article's title, outlet, author, dateline and publication date, each with its evidence."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import dateparser
import yaml

from pipeline.cleaning import CleanedArticle, Removal

_FRAGMENT = re.compile(r"\{([a-z_]+)\}")
_DATEPARSER_LANGUAGES = ["en"]
# Relative expressions ("3 hours ago") depend on when the page was saved, not when it was published.
_DATEPARSER_PARSERS = ["timestamp", "custom-formats", "absolute-time"]


@dataclass(frozen=True)
class Outlet:
    """A news outlet from data/outlets.yaml."""

    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...]


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
    labelled_in_raw: re.Pattern[str]
    url_day: tuple[re.Pattern[str], ...]
    url_month: tuple[re.Pattern[str], ...]
    month_only: re.Pattern[str]
    day_mention: re.Pattern[str]
    listener_patterns: tuple[re.Pattern[str], ...]
    min_unknown_listener: int


@dataclass(frozen=True)
class Inferred:
    """One metadata value and how we know it: basis 'text', 'url' or 'inferred', and the evidence."""

    value: str | datetime.date
    basis: str
    evidence: str


@dataclass(frozen=True)
class InferredMetadata:
    """Everything inferred about one article; a field is None when nothing supports a value."""

    title: Inferred | None
    outlet: Inferred | None
    author: Inferred | None
    dateline: Inferred | None
    published: Inferred | None


def load_metadata_patterns(patterns_path: Path, outlets_path: Path) -> MetadataPatterns:
    """Read and compile the metadata rules and the outlet list.

    patterns_path (Path): YAML shaped like data/patterns/metadata.yaml.
    outlets_path (Path): YAML shaped like data/outlets.yaml.
    RETURNS (MetadataPatterns): compiled rules; raises ValueError naming a bad regex.
    """
    spec = yaml.safe_load(patterns_path.read_text(encoding="utf-8"))
    outlets = yaml.safe_load(outlets_path.read_text(encoding="utf-8"))["outlets"]
    fragments = spec.get("fragments", {})

    def compile_(pattern: str) -> re.Pattern[str]:
        return _compile(pattern, fragments)

    published = spec["published"]
    return MetadataPatterns(
        outlets=tuple(Outlet(o["name"], tuple(o.get("domains") or ()), tuple(o.get("aliases") or ())) for o in outlets),
        author_rules=tuple(AuthorRule(r["removal"], compile_(r["pattern"])) for r in spec["author"]),
        affiliation_rules=tuple(
            AffiliationRule(r["removal"], compile_(r["pattern"]), r["basis"], bool(r.get("known_only")))
            for r in spec["affiliation"]
        ),
        dateline_patterns=tuple(compile_(p["pattern"]) for p in spec["dateline"]["patterns"]),
        dateline_paragraphs=int(spec["dateline"]["search_paragraphs"]),
        date_line=compile_(published["date_line"]),
        later_labels=frozenset(published["later_labels"]),
        labelled_in_raw=compile_(published["labelled_in_raw"]),
        url_day=tuple(compile_(p) for p in published["url_day"]),
        url_month=tuple(compile_(p) for p in published["url_month"]),
        month_only=compile_(published["month_only"]),
        day_mention=compile_(published["day_mention"]),
        listener_patterns=tuple(compile_(p) for p in spec["outlet_listener"]["patterns"]),
        min_unknown_listener=int(spec["outlet_listener"]["min_unknown_mentions"]),
    )


def _compile(pattern: str, fragments: dict[str, str]) -> re.Pattern[str]:
    """Insert `{name}` fragments (which may use other fragments), then compile."""
    expanded = pattern
    for _ in range(len(fragments) + 1):
        expanded = _FRAGMENT.sub(lambda m: fragments.get(m.group(1), m.group(0)), expanded)
    try:
        return re.compile(expanded)
    except re.error as err:
        raise ValueError(f"bad metadata regex {pattern!r}: {err}") from err


def infer_metadata(
    raw: str, cleaned: CleanedArticle, *, url: str | None, patterns: MetadataPatterns
) -> InferredMetadata:
    """Infer what a metadata sidecar would say, from the text, its removals and the URL.

    raw (str): the article as read (searched for "Published ..." phrases inside longer lines).
    cleaned (CleanedArticle): from `clean_article`; its removals hold bylines, date lines and captions.
    url (str | None): where the article was published, if known.
    RETURNS (InferredMetadata): each field with its basis ('text', 'url', 'inferred') and evidence.
    """
    paragraphs = _body_paragraphs(cleaned)
    dateline, agency = _infer_dateline(paragraphs, patterns)
    title = Inferred(cleaned.title, "text", "first line of the article") if cleaned.title else None
    author, author_outlet = _infer_author(cleaned.removed, patterns)
    return InferredMetadata(
        title=title,
        outlet=_infer_outlet(cleaned, url, agency, author_outlet, patterns),
        author=author,
        dateline=dateline,
        published=_infer_published(raw, cleaned, url, patterns),
    )


def _body_paragraphs(cleaned: CleanedArticle) -> list[str]:
    paragraphs = cleaned.text.split("\n\n") if cleaned.text else []
    return paragraphs[1:] if cleaned.title else paragraphs


def _infer_outlet(
    cleaned: CleanedArticle,
    url: str | None,
    agency: str | None,
    author_outlet: Inferred | None,
    patterns: MetadataPatterns,
) -> Inferred | None:
    """URL domain first; then a wire agency in the dateline; then a publication named in the byline,
    masthead or author bio; then the site slug on a caption; then the outlet most often told things."""
    host = urlparse(url).hostname if url else None
    outlet = _outlet_for_host(host, patterns.outlets) if host else None
    if outlet:
        return Inferred(outlet.name, "url", host)
    known_agency = _outlet_for_name(agency, patterns.outlets) if agency else None
    if known_agency:
        return Inferred(known_agency.name, "text", f"({agency}) in the dateline")
    return (
        author_outlet
        or _outlet_from_affiliations(cleaned.removed, patterns)
        or _outlet_from_captions(cleaned.removed, patterns)
        or _outlet_from_listeners(cleaned.text, patterns)
    )


def _outlet_from_affiliations(removed: tuple[Removal, ...], patterns: MetadataPatterns) -> Inferred | None:
    """The publication a byline says the piece is "for", a masthead line, or the one a bio names."""
    for rule in patterns.affiliation_rules:
        for removal in (r for r in removed if r.kind == rule.removal):
            match = rule.pattern.search(removal.text)
            name = re.sub(r"^the\s+", "", match.group("outlet").strip()) if match else ""
            known = _outlet_for_name(name, patterns.outlets) if name else None
            if known or (name and not rule.known_only):
                return Inferred(known.name if known else name, rule.basis, removal.text)
    return None


def _outlet_for_host(host: str, outlets: tuple[Outlet, ...]) -> Outlet | None:
    host = host.lower()
    for outlet in outlets:
        if any(host == d or host.endswith("." + d) for d in outlet.domains):
            return outlet
    return None


def _outlet_for_name(name: str, outlets: tuple[Outlet, ...]) -> Outlet | None:
    """Match a name as written ("the Intercept", "al-monitor") against names, aliases and domain stems."""
    key = _name_key(name)
    for outlet in outlets:
        names = (outlet.name, *outlet.aliases, *(d.split(".")[0] for d in outlet.domains))
        if key in {_name_key(n) for n in names}:
            return outlet
    return None


def _name_key(name: str) -> str:
    words = re.sub(r"[^\w]+", " ", name.lower()).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _outlet_from_captions(removed: tuple[Removal, ...], patterns: MetadataPatterns) -> Inferred | None:
    """Scraped image alt text may start with the site's slug: "al-monitor Iraqi fighters ..." (seeds/000)."""
    for removal in removed:
        first_word = removal.text.split(maxsplit=1)[0] if removal.kind == "caption" else ""
        outlet = _outlet_for_name(first_word, patterns.outlets) if first_word.islower() else None
        if outlet:
            return Inferred(outlet.name, "inferred", f"caption starts with {first_word!r}")
    return None


def _outlet_from_listeners(text: str, patterns: MetadataPatterns) -> Inferred | None:
    """Reporters write "told Al-Monitor": the outlet most often told things is the publisher."""
    heard: Counter[str] = Counter()
    phrases: dict[str, str] = {}
    for pattern in patterns.listener_patterns:
        for match in pattern.finditer(text):
            outlet = _outlet_for_name(match.group("name"), patterns.outlets)
            key = outlet.name if outlet else match.group("name")
            heard[key] += 1
            phrases.setdefault(key, match.group(0))
    known = [(n, c) for n, c in heard.most_common() if _outlet_for_name(n, patterns.outlets)]
    unknown = [(n, c) for n, c in heard.most_common() if c >= patterns.min_unknown_listener]
    best = (known or unknown or [None])[0]
    if best is None:
        return None
    name, count = best
    return Inferred(name, "inferred", f"named as the listener {count}x, e.g. {phrases[name]!r}")


def _infer_author(removed: tuple[Removal, ...], patterns: MetadataPatterns) -> tuple[Inferred | None, Inferred | None]:
    """Bylines, then author bios, then credit lines; never names from related-link lists. Also returns
    the publication written after the names ("By JANE DOE Associated Press"), if any."""
    for rule in patterns.author_rules:
        for removal in removed:
            match = rule.pattern.search(removal.text) if removal.kind == rule.removal else None
            if match:
                name, outlet = _split_publication(match.group("name").strip(), patterns.outlets)
                author = Inferred(_title_case_shouted(name), "text", removal.text)
                return author, (Inferred(outlet, "text", removal.text) if outlet else None)
    return None, None


def _split_publication(names: str, outlets: tuple[Outlet, ...]) -> tuple[str, str | None]:
    """Split a publication off the end of a byline's names: the capitalised words after shouted ones
    ("DANA SALIH Associated Press"); a person's name is not shouted by halves. Mixed-case names are
    left whole, since a surname may look like an outlet's alias."""
    words = names.split()
    for cut in range(1, len(words)):
        if _is_shouted(words[cut - 1]) and not any(_is_shouted(w) for w in words[cut:]):
            tail = " ".join(words[cut:])
            known = _outlet_for_name(tail, outlets)
            return " ".join(words[:cut]), known.name if known else tail
    return names, None


def _is_shouted(word: str) -> bool:
    return word.isupper() and sum(c.isalpha() for c in word) > 1


def _title_case_shouted(name: str) -> str:
    """ "DANA SALIH and MERT YILDIZ" -> "Dana Salih and Mert Yildiz"; names in mixed case stay as written."""
    return " ".join(_capitalise(word) if _is_shouted(word) else word for word in name.split())


def _infer_dateline(paragraphs: list[str], patterns: MetadataPatterns) -> tuple[Inferred | None, str | None]:
    """The place (and wire agency, if any) opening one of the first body paragraphs."""
    for paragraph in paragraphs[: patterns.dateline_paragraphs]:
        for pattern in patterns.dateline_patterns:
            match = pattern.search(paragraph)
            if match:
                place = _title_case_place(match.group("place"))
                return Inferred(place, "text", match.group(0).strip()), match.group("agency")
    return None, None


def _title_case_place(place: str) -> str:
    """Capitalise all-caps words ("AL QAIM, IRAQ" -> "Al Qaim, Iraq"); mixed-case words stay as written."""
    words = re.split(r"(\s+)", place.strip())
    return "".join(_capitalise(word) if word.isupper() else word for word in words)


def _capitalise(word: str) -> str:
    parts = re.split(r"([-’'])", word.lower())
    return "".join(part[:1].upper() + part[1:] if i % 2 == 0 else part for i, part in enumerate(parts))


def _infer_published(raw: str, cleaned: CleanedArticle, url: str | None, patterns: MetadataPatterns) -> Inferred | None:
    """A date line in the text, then a "Published ..." phrase, then the URL's day, then its month."""
    return (
        _published_from_date_lines(cleaned.removed, patterns)
        or _published_from_raw(raw, patterns)
        or (_published_from_url(url, cleaned.text, patterns) if url else None)
        or _published_from_month_line(cleaned.removed, patterns)
    )


def _published_from_date_lines(removed: tuple[Removal, ...], patterns: MetadataPatterns) -> Inferred | None:
    candidates = []
    for removal in (r for r in removed if r.kind == "date_line"):
        match = patterns.date_line.search(removal.text)
        value = _parse_date(match.group("date")) if match else None
        if value:
            is_update = match.group("label") in patterns.later_labels
            candidates.append((is_update, Inferred(value, "text", removal.text)))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _published_from_month_line(removed: tuple[Removal, ...], patterns: MetadataPatterns) -> Inferred | None:
    """A date line with only a month ("POLICY BRIEF | No. 14 | January 2025"): its 1st, a lower bound."""
    for removal in (r for r in removed if r.kind == "date_line"):
        match = patterns.month_only.search(removal.text)
        value = _parse_month(match.group("date")) if match else None
        if value:
            return Inferred(
                value, "inferred", f"month only ({match.group('date')!r}), taken as its 1st: {removal.text}"
            )
    return None


def _published_from_raw(raw: str, patterns: MetadataPatterns) -> Inferred | None:
    matches = sorted(patterns.labelled_in_raw.finditer(raw), key=lambda m: m.group("label") in patterns.later_labels)
    for match in matches:
        value = _parse_date(match.group("date"))
        if value:
            return Inferred(value, "text", match.group(0))
    return None


def _published_from_url(url: str, text: str, patterns: MetadataPatterns) -> Inferred | None:
    path = urlparse(url).path
    for pattern in patterns.url_day:
        match = pattern.search(path)
        value = _valid_date(match) if match else None
        if match and value:
            return Inferred(value, "url", match.group(0).strip("/_-."))
    for pattern in patterns.url_month:
        match = pattern.search(path)
        if match:
            return _published_in_month(int(match.group("year")), int(match.group("month")), match, text, patterns)
    return None


def _valid_date(match: re.Match[str]) -> datetime.date | None:
    try:
        return datetime.date(int(match.group("year")), int(match.group("month")), int(match.group("day")))
    except ValueError:
        return None


def _published_in_month(
    year: int, month: int, url_match: re.Match[str], text: str, patterns: MetadataPatterns
) -> Inferred:
    """The URL gives only the month: an article is published after the last day it reports, so take
    the latest day of that month mentioned in the text, else the 1st (a lower bound either way)."""
    base = datetime.datetime(year, month, 1)
    mentioned = []
    for match in patterns.day_mention.finditer(text):
        value = _parse_date(match.group(0), relative_base=base)
        if value and (value.year, value.month) == (year, month):
            mentioned.append((value, match.group(0)))
    url_part = url_match.group(0).strip("/")
    if not mentioned:
        return Inferred(base.date(), "inferred", f"URL gives the month ({url_part}); no day of it in the text")
    value, phrase = max(mentioned)
    return Inferred(value, "inferred", f"URL gives the month ({url_part}); latest day of it in the text: {phrase!r}")


def _parse_month(text: str) -> datetime.date | None:
    """The first day of a written month and year ("Sept. 2024")."""
    settings = {"REQUIRE_PARTS": ["month", "year"], "PREFER_DAY_OF_MONTH": "first", "PARSERS": _DATEPARSER_PARSERS}
    parsed = dateparser.parse(text.strip(), languages=_DATEPARSER_LANGUAGES, settings=settings)
    return parsed.date().replace(day=1) if parsed else None


def _parse_date(text: str, *, relative_base: datetime.datetime | None = None) -> datetime.date | None:
    """dateparser on one absolute date string, English only. A day-less date is not a publication
    day, and without a base date the year must be written."""
    settings: dict[str, object] = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PREFER_DAY_OF_MONTH": "first",
        "PARSERS": _DATEPARSER_PARSERS,
    }
    if relative_base:
        settings.update(REQUIRE_PARTS=["day", "month"], RELATIVE_BASE=relative_base)
    parsed = dateparser.parse(text.strip(), languages=_DATEPARSER_LANGUAGES, settings=settings)
    return parsed.date() if parsed else None
