"""Turn a source article into a document record: cleaned text plus metadata, each field with its basis."""

from __future__ import annotations

import datetime
import re

from pipeline.cleaning import clean_article
from pipeline.ingest import SourceArticle, carry_spans, file_inferred, kind_of
from pipeline.knowledge import Knowledge
from pipeline.metadata import Inferred, infer_metadata, parse_published
from pipeline.records import DocumentRecord, Problem

_FALLBACK_TITLE_CHARS = 90
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")


def prepare_document(article: SourceArticle, knowledge: Knowledge) -> tuple[DocumentRecord, list[Problem]]:
    """Clean the article and settle its metadata: the sidecar first, then the HTML page's own
    metadata, then what the text itself says, recording where each value came from. A PDF's or
    Word file's own properties (basis 'file', pipeline/ingest/file_metadata.py) come before the text for
    the title and after it for the author and date."""
    cleaned = clean_article(article.raw_text, knowledge.boilerplate)
    given = {**article.html_metadata, **article.sidecar}
    url = given.get("url")
    inferred = infer_metadata(
        article.raw_text, cleaned, url=url, patterns=knowledge.metadata, outlet=given.get("outlet")
    )
    from_file = file_inferred(article.file_metadata, kind_of(article.encoding))
    published, problems = _given_date(given.get("published"), article.source_file)
    title, title_basis = _pick(given.get("title"), from_file.get("title") or inferred.title)
    if title is None:
        title, title_basis = _fallback_title(cleaned.text), "inferred"
    outlet, outlet_basis = _pick(given.get("outlet"), inferred.outlet)
    author, author_basis = _pick(given.get("author"), inferred.author or from_file.get("author"))
    published_evidence = given.get("published") if published else None
    published_basis = "metadata" if published else None
    if published is None and inferred.published is not None:
        published = inferred.published.value
        published_basis = "text" if inferred.published.basis == "text" else "inferred"
        published_evidence = inferred.published.evidence
    elif published is None and "published" in from_file:
        published, published_basis = from_file["published"].value, from_file["published"].basis
        published_evidence = from_file["published"].evidence
    record = DocumentRecord(
        doc_id=article.doc_id,
        source_file=article.source_file,
        title=title,
        title_basis=title_basis,
        outlet=outlet,
        outlet_basis=outlet_basis,
        author=author,
        author_basis=author_basis,
        url=url,
        published=published,
        published_basis=published_basis,
        published_evidence=published_evidence,
        dateline=str(inferred.dateline.value) if inferred.dateline else None,
        language=detect_language(cleaned.text),
        encoding=article.encoding,
        text=cleaned.text,
        n_words=len(cleaned.text.split()),
        content_hash=article.content_hash,
        pages=carry_spans(article.raw_text, article.pages, cleaned.text) if article.pages else (),
    )
    return record, problems


def detect_language(text: str) -> str:
    """'ar' when Arabic script dominates the letters, else 'en' (the only language the model reads)."""
    letters = sum(ch.isalpha() for ch in text)
    return "ar" if letters and len(_ARABIC.findall(text)) / letters > 0.3 else "en"


def _pick(given: str | None, inferred: Inferred | None) -> tuple[str | None, str | None]:
    if given:
        return given, "metadata"
    if inferred is not None:
        return str(inferred.value), inferred.basis
    return None, None


def _given_date(value: str | None, source_file: str) -> tuple[datetime.date | None, list[Problem]]:
    """The published date of the metadata (sidecar values are checked already; a page's own are
    checked here), or a warning: not a date, or relative to the day of the build."""
    if not value:
        return None, []
    try:
        return parse_published(value), []
    except ValueError as error:
        return None, [Problem(source_file, f"metadata 'published' {value!r} {error}; ignored", "warning")]


def _fallback_title(text: str) -> str:
    """The opening words of the text, when neither metadata nor layout gives a headline."""
    first = text.split("\n", 1)[0].strip()
    if len(first) <= _FALLBACK_TITLE_CHARS:
        return first
    return first[:_FALLBACK_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
