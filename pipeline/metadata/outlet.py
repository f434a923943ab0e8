"""Infer an article's outlet: from its URL, dateline agency, byline, captions or the outlet it quotes to."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlparse

from pipeline.cleaning import CleanedArticle, Removal
from pipeline.metadata.inferred import Inferred
from pipeline.metadata.patterns import MetadataPatterns, Outlet


def infer_outlet(
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
    known_agency = outlet_for_name(agency, patterns.outlets) if agency else None
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
            known = outlet_for_name(name, patterns.outlets) if name else None
            if known or (name and not rule.known_only):
                return Inferred(known.name if known else name, rule.basis, removal.text)
    return None


def _outlet_for_host(host: str, outlets: tuple[Outlet, ...]) -> Outlet | None:
    host = host.lower()
    for outlet in outlets:
        if any(host == d or host.endswith("." + d) for d in outlet.domains):
            return outlet
    return None


def outlet_for_name(name: str, outlets: tuple[Outlet, ...]) -> Outlet | None:
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
        outlet = outlet_for_name(first_word, patterns.outlets) if first_word.islower() else None
        if outlet:
            return Inferred(outlet.name, "inferred", f"caption starts with {first_word!r}")
    return None


def _outlet_from_listeners(text: str, patterns: MetadataPatterns) -> Inferred | None:
    """Reporters write "told Al-Monitor": the outlet most often told things is the publisher."""
    heard: Counter[str] = Counter()
    phrases: dict[str, str] = {}
    for pattern in patterns.listener_patterns:
        for match in pattern.finditer(text):
            outlet = outlet_for_name(match.group("name"), patterns.outlets)
            key = outlet.name if outlet else match.group("name")
            heard[key] += 1
            phrases.setdefault(key, match.group(0))
    known = [(n, c) for n, c in heard.most_common() if outlet_for_name(n, patterns.outlets)]
    unknown = [(n, c) for n, c in heard.most_common() if c >= patterns.min_unknown_listener]
    best = (known or unknown or [None])[0]
    if best is None:
        return None
    name, count = best
    return Inferred(name, "inferred", f"named as the listener {count}x, e.g. {phrases[name]!r}")
