"""Infer an article's author from the bylines, bios and credit lines that cleaning removed."""

from __future__ import annotations

from pipeline.cleaning import Removal
from pipeline.metadata.capitals import is_shouted, title_case_shouted
from pipeline.metadata.inferred import Inferred
from pipeline.metadata.outlet import outlet_for_name
from pipeline.metadata.patterns import MetadataPatterns, Outlet


def infer_author(removed: tuple[Removal, ...], patterns: MetadataPatterns) -> tuple[Inferred | None, Inferred | None]:
    """Bylines, then author bios, then credit lines; never names from related-link lists. Also returns
    the publication written after the names ("By JANE DOE Associated Press"), if any."""
    for rule in patterns.author_rules:
        for removal in removed:
            match = rule.pattern.search(removal.text) if removal.kind == rule.removal else None
            if match:
                name, outlet = _split_publication(match.group("name").strip(), patterns.outlets)
                author = Inferred(title_case_shouted(name), "text", removal.text)
                return author, (Inferred(outlet, "text", removal.text) if outlet else None)
    return None, None


def _split_publication(names: str, outlets: tuple[Outlet, ...]) -> tuple[str, str | None]:
    """Split a publication off the end of a byline's names: the capitalised words after shouted ones
    ("DANA SALIH Associated Press"); a person's name is not shouted by halves. Mixed-case names are
    left whole, since a surname may look like an outlet's alias."""
    words = names.split()
    for cut in range(1, len(words)):
        if is_shouted(words[cut - 1]) and not any(is_shouted(w) for w in words[cut:]):
            tail = " ".join(words[cut:])
            known = outlet_for_name(tail, outlets)
            return " ".join(words[:cut]), known.name if known else tail
    return names, None
