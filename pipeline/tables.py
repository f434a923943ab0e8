"""Assemble the contract's tables from document records, per-article analyses and the corpus resolution."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import pandas as pd

from pipeline.analysis import DocAnalysis
from pipeline.events.clustering import cluster_events
from pipeline.records import DocumentRecord, Problem
from pipeline.resolve import Resolution
from pipeline.schema import conform, stable_id


def build_tables(
    records: Sequence[DocumentRecord],
    analyses: Mapping[str, DocAnalysis],
    resolution: Resolution,
    problems: Sequence[Problem],
) -> dict[str, pd.DataFrame]:
    """All tables of the contract, conformed (columns, dtypes, row order)."""
    texts = {record.doc_id: record.text for record in records}
    mentions = build_mentions(analyses, resolution)
    return {
        "documents": conform(pd.DataFrame([dataclasses.asdict(r) for r in records]), "documents"),
        "pages": build_pages(records),
        "sentences": build_sentences(analyses, texts),
        "mentions": mentions,
        "actors": build_actors(resolution, mentions),
        "dates": build_dates(analyses),
        "quotes": build_quotes(analyses, resolution),
        "events": build_events(analyses, resolution, texts),
        "problems": conform(pd.DataFrame([dataclasses.asdict(p) for p in problems]), "problems"),
    }


def build_pages(records: Sequence[DocumentRecord]) -> pd.DataFrame:
    """One row per page of the documents read from a PDF: doc_id, page, start, end, method."""
    rows = [{"doc_id": r.doc_id, **dataclasses.asdict(span)} for r in records for span in r.pages]
    return conform(pd.DataFrame(rows), "pages")


def build_sentences(analyses: Mapping[str, DocAnalysis], texts: Mapping[str, str]) -> pd.DataFrame:
    rows = [
        {"doc_id": doc_id, "sent_id": s.sent_id, "start": s.start, "end": s.end, "text": texts[doc_id][s.start : s.end]}
        for doc_id, analysis in analyses.items()
        for s in analysis.sentences
    ]
    return conform(pd.DataFrame(rows), "sentences")


def build_mentions(analyses: Mapping[str, DocAnalysis], resolution: Resolution) -> pd.DataFrame:
    """One row per mention whose link resolved to an actor; the method records how it was linked."""
    rows = []
    for doc_id, analysis in analyses.items():
        for mention in analysis.mentions:
            candidate = mention.candidate
            target = resolution.links.get(candidate.link)
            if target is None:
                continue
            actor_id, override = target
            method = override if override and candidate.method in ("ner", "fuzzy") else candidate.method
            rows.append(
                {
                    "mention_id": stable_id(doc_id, candidate.start, candidate.end),
                    "doc_id": doc_id,
                    "actor_id": actor_id,
                    "surface": candidate.surface,
                    "start": candidate.start,
                    "end": candidate.end,
                    "sent_id": mention.sent_id,
                    "method": method,
                    "score": candidate.score,
                    "date": mention.date,
                    "date_basis": mention.date_basis,
                    "date_granularity": mention.date_granularity,
                }
            )
    return conform(pd.DataFrame(rows), "mentions")


def build_actors(resolution: Resolution, mentions: pd.DataFrame) -> pd.DataFrame:
    """Actors that have at least one mention, with counts and every alias: known ones and those seen."""
    counts = mentions.groupby("actor_id").agg(n_mentions=("mention_id", "size"), n_docs=("doc_id", "nunique"))
    seen = mentions.groupby("actor_id")["surface"].agg(lambda s: sorted(set(s)))
    rows = []
    for actor_id in counts.index:
        actor = resolution.actors[actor_id]
        aliases = sorted(set(actor.known_aliases) | set(seen[actor_id]))
        rows.append(
            {
                **dataclasses.asdict(actor),
                "aliases": aliases,
                "n_mentions": int(counts.at[actor_id, "n_mentions"]),
                "n_docs": int(counts.at[actor_id, "n_docs"]),
            }
        )
    return conform(pd.DataFrame(rows), "actors")


def build_dates(analyses: Mapping[str, DocAnalysis]) -> pd.DataFrame:
    rows = [
        {
            "doc_id": doc_id,
            "sent_id": d.sent_id,
            "text": d.text,
            "start": d.start,
            "end": d.end,
            "value": d.resolved.value,
            "value_end": d.resolved.value_end,
            "granularity": d.resolved.granularity,
            "basis": d.resolved.basis,
        }
        for doc_id, analysis in analyses.items()
        for d in analysis.dates
    ]
    return conform(pd.DataFrame(rows), "dates")


def build_quotes(analyses: Mapping[str, DocAnalysis], resolution: Resolution) -> pd.DataFrame:
    rows = []
    for doc_id, analysis in analyses.items():
        for sent_id, quote in analysis.quotes:
            target = resolution.links.get(quote.speaker_id) if quote.speaker_id else None
            rows.append(
                {
                    "quote_id": stable_id(doc_id, quote.start, quote.end),
                    "doc_id": doc_id,
                    "sent_id": sent_id,
                    "speaker_id": target[0] if target else None,
                    "speaker": quote.speaker,
                    "quote": quote.quote,
                    "start": quote.start,
                    "end": quote.end,
                }
            )
    return conform(pd.DataFrame(rows), "quotes")


def build_events(analyses: Mapping[str, DocAnalysis], resolution: Resolution, texts: Mapping[str, str]) -> pd.DataFrame:
    """One row per event, its local links resolved to actor ids, the place's coordinates, and a
    cluster id shared by the reports of one real-world event."""

    def actor_id(link: str | None) -> str | None:
        target = resolution.links.get(link) if link else None
        return target[0] if target else None

    rows = []
    for doc_id, analysis in analyses.items():
        for event in analysis.events:
            place_id = actor_id(event.place)
            place = resolution.actors.get(place_id) if place_id else None
            rows.append(
                {
                    "event_id": stable_id(doc_id, event.start, event.end, event.sub_event_type),
                    "doc_id": doc_id,
                    "sent_id": event.sent_id,
                    "start": event.start,
                    "end": event.end,
                    "text": texts[doc_id][event.start : event.end],
                    "event_type": event.event_type,
                    "sub_event_type": event.sub_event_type,
                    "actor1_id": actor_id(event.actor1),
                    "actor2_id": actor_id(event.actor2),
                    "place_id": place_id,
                    "lat": place.lat if place else None,
                    "lon": place.lon if place else None,
                    "date": event.date,
                    "date_end": event.date_end,
                    "date_granularity": event.date_granularity,
                    "date_basis": event.date_basis,
                    "fatalities": event.fatalities,
                    "method": event.method,
                    "score": event.score,
                    "reviewed": False,
                }
            )
    frame = conform(pd.DataFrame(rows), "events")
    frame["cluster_id"] = cluster_events(frame).astype("string")
    return frame
