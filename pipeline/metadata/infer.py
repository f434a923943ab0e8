"""Infer an article's title, outlet, author, dateline and publication date, each with its evidence."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.cleaning import CleanedArticle
from pipeline.metadata.author import infer_author
from pipeline.metadata.capitals import title_case_place
from pipeline.metadata.inferred import Inferred
from pipeline.metadata.outlet import infer_outlet
from pipeline.metadata.patterns import MetadataPatterns
from pipeline.metadata.published import infer_published


@dataclass(frozen=True)
class InferredMetadata:
    """Everything inferred about one article; a field is None when nothing supports a value."""

    title: Inferred | None
    outlet: Inferred | None
    author: Inferred | None
    dateline: Inferred | None
    published: Inferred | None


def infer_metadata(
    raw: str, cleaned: CleanedArticle, *, url: str | None, patterns: MetadataPatterns, outlet: str | None = None
) -> InferredMetadata:
    """Infer what a metadata sidecar would say, from the text, its removals and the URL.

    raw (str): the article as read (searched for "Published ..." phrases inside longer lines).
    cleaned (CleanedArticle): from `clean_article`; its removals hold bylines, date lines and captions.
    url (str | None): where the article was published, if known.
    outlet (str | None): the outlet a sidecar names, if any: how it writes numeric dates settles an
        ambiguous one ("03/10/2023"); without it the inferred outlet does.
    RETURNS (InferredMetadata): each field with its basis ('text', 'url', 'inferred') and evidence.
    """
    paragraphs = _body_paragraphs(cleaned)
    dateline, agency = _infer_dateline(paragraphs, patterns)
    title = Inferred(cleaned.title, "text", "first line of the article") if cleaned.title else None
    author, author_outlet = infer_author(cleaned.removed, patterns)
    inferred_outlet = infer_outlet(cleaned, url, agency, author_outlet, patterns)
    date_outlet = outlet or (str(inferred_outlet.value) if inferred_outlet else None)
    return InferredMetadata(
        title=title,
        outlet=inferred_outlet,
        author=author,
        dateline=dateline,
        published=infer_published(raw, cleaned, url, patterns, paragraphs=paragraphs, outlet=date_outlet),
    )


def _body_paragraphs(cleaned: CleanedArticle) -> list[str]:
    paragraphs = cleaned.text.split("\n\n") if cleaned.text else []
    return paragraphs[1:] if cleaned.title else paragraphs


def _infer_dateline(paragraphs: list[str], patterns: MetadataPatterns) -> tuple[Inferred | None, str | None]:
    """The place (and wire agency, if any) opening one of the first body paragraphs; an outlet's
    credit alone ("Shafaq News/ On Wednesday") gives the agency and no place."""
    for paragraph in paragraphs[: patterns.dateline_paragraphs]:
        for pattern in patterns.dateline_patterns:
            match = pattern.search(paragraph)
            if match:
                place = match.groupdict().get("place")
                dateline = Inferred(title_case_place(place), "text", match.group(0).strip()) if place else None
                return dateline, match.groupdict().get("agency")
    return None, None


def dateline_credit(text: str, patterns: MetadataPatterns) -> tuple[int, int] | None:
    """Where the wire agency of a dateline sits in an article's text ("DIYARBAKIR, Turkey (Reuters) -"):
    a credit, so the agency named there is no actor of the story. Searched where `_infer_dateline`
    searches (the title's paragraph counted too)."""
    offset = 0
    for paragraph in text.split("\n\n", patterns.dateline_paragraphs + 1)[: patterns.dateline_paragraphs + 1]:
        for pattern in patterns.dateline_patterns:
            match = pattern.search(paragraph)
            if match and match.groupdict().get("agency"):
                return offset + match.start("agency"), offset + match.end("agency")
        offset += len(paragraph) + 2
    return None
