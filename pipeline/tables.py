"""Assemble the contract's tables in two steps: the rows the articles' analyses give, with their
local links (`linked_rows`), then those rows with the corpus resolution applied (`resolved_tables`).

Why two steps: the linked rows are all the corpus stage needs of the analyses, so a build that only
adds articles takes the earlier articles' rows from the previous build (pipeline.rebuild.increment)
instead of decoding every cached analysis again, and both kinds of build resolve and lay out the
same rows the same way.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.analysis import DocAnalysis
from pipeline.events.clustering import cluster_events
from pipeline.events.described import parse_described
from pipeline.knowledge import TypeRules
from pipeline.names import slugify
from pipeline.records import DocumentRecord, Problem
from pipeline.resolve import Resolution
from pipeline.schema import DESCRIBED_ID, LINKED, conform, stable_id

_OVERRIDDEN = ("ner", "fuzzy")  # the candidate methods a resolution's method replaces


@dataclass(frozen=True)
class LinkedRows:
    """Every row the analyses give, in the order of the documents (then of each analysis): the
    sentences and dates as the contract has them, and the LINKED frames. The order is the one in
    which the resolution meets the names, which decides its ties."""

    sentences: pd.DataFrame
    dates: pd.DataFrame
    mentions: pd.DataFrame
    quotes: pd.DataFrame
    events: pd.DataFrame
    abbreviations: pd.DataFrame

    def names(self) -> Iterator[tuple[str, str, str, str]]:
        """(link, surface, label, method) of every mention, for pipeline.resolve.resolve_corpus."""
        columns = [self.mentions[name].tolist() for name in ("link", "surface", "label", "method")]
        return zip(*columns, strict=True)  # lists: iterating Arrow-backed strings costs 1 µs an item

    def abbreviation_links(self) -> Iterator[tuple[str, str]]:
        """(short form, link of its long form) of every abbreviation an article defines."""
        return zip(self.abbreviations["short"].tolist(), self.abbreviations["link"].tolist(), strict=True)


def merged(parts: Iterable[LinkedRows], order: Sequence[str]) -> LinkedRows:
    """The rows of `parts` (each of other documents) as one, in the order of the doc_ids `order`."""
    position = {doc_id: index for index, doc_id in enumerate(order)}
    parts = list(parts)

    def join(name: str) -> pd.DataFrame:
        frames = [getattr(part, name) for part in parts]
        frame = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
        ranks = frame["doc_id"].map(position).to_numpy()
        return frame.iloc[np.argsort(ranks, kind="stable")].reset_index(drop=True)

    return LinkedRows(**{field.name: join(field.name) for field in dataclasses.fields(LinkedRows)})


def linked_rows(analyses: Mapping[str, DocAnalysis], texts: Mapping[str, str]) -> LinkedRows:
    """The rows of these analyses (doc_id -> analysis, in document order); `texts` by doc_id."""
    return LinkedRows(
        sentences=build_sentences(analyses, texts),
        dates=build_dates(analyses),
        mentions=_frame(_mention_rows(analyses), LINKED["mentions"]),
        quotes=_frame(_quote_rows(analyses), LINKED["quotes"]),
        events=_frame(_event_rows(analyses, texts), LINKED["events"]),
        abbreviations=_frame(
            [
                {"doc_id": doc_id, "short": abbreviation.short, "link": abbreviation.link}
                for doc_id, analysis in analyses.items()
                for abbreviation in analysis.abbreviations
            ],
            LINKED["abbreviations"],
        ),
    )


def typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """A LINKED frame read back (from Parquet) with its columns and dtypes."""
    return _frame(frame, LINKED[name])


def resolved_tables(
    records: Sequence[DocumentRecord],
    rows: LinkedRows,
    resolution: Resolution,
    problems: Sequence[Problem],
    types: TypeRules,
    party_categories: Mapping[str, str],
    previous_events: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """All tables of the contract, conformed (columns, dtypes, row order). `previous_events`: the
    events table of the build this one extends, whose cluster ids are kept where they hold; `types`
    says which events make their initiator an armed group (`armed_by_events`); `party_categories`
    the category alias of each kind of described party (`with_described`)."""
    mentions = resolve_mentions(rows.mentions, resolution)
    events = resolve_events(rows.events, resolution, previous_events)
    actors = armed_by_events(build_actors(resolution, mentions), events, types)
    return {
        "documents": conform(pd.DataFrame(_document_rows(records)), "documents"),
        "pages": build_pages(records),
        "sentences": conform(rows.sentences, "sentences"),
        "mentions": mentions,
        "actors": with_described(actors, rows.events, events, party_categories),
        "dates": conform(rows.dates, "dates"),
        "quotes": resolve_quotes(rows.quotes, resolution),
        "events": events,
        "problems": conform(pd.DataFrame([dataclasses.asdict(p) for p in problems]), "problems"),
    }


def _document_rows(records: Sequence[DocumentRecord]) -> list[dict]:
    """The records' fields (not `asdict`, which copies every page span too: 0.15 ms a record)."""
    names = [field.name for field in dataclasses.fields(DocumentRecord)]
    return [{name: getattr(record, name) for name in names} for record in records]


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


def resolve_mentions(linked: pd.DataFrame, resolution: Resolution) -> pd.DataFrame:
    """One row per mention whose link resolved to an actor; the method records how it was linked
    (the resolution's, "fuzzy" or "abbreviation", where it overrides a name the model found)."""
    actor_of, override_of = _targets(linked["link"], resolution)
    frame = linked.assign(actor_id=linked["link"].map(actor_of))
    override = linked["link"].map(override_of).astype("string")  # all missing: floats, unless told
    frame["method"] = linked["method"].mask(override.notna() & linked["method"].isin(_OVERRIDDEN), override)
    return conform(frame[frame["actor_id"].notna()], "mentions")


def armed_by_events(actors: pd.DataFrame, events: pd.DataFrame, types: TypeRules) -> pd.DataFrame:
    """An organisation typed only by a guess (other_org, or media for a weak head word such as
    "Network") that initiates a battle, an attack or a bombing is an armed group: "the Turkestan
    Islamic Party attacked an army post", "the Eastern Security Network killed two soldiers". Only
    armed actors initiate political violence in ACLED's categories; gazetteer entries keep their
    type (actor_types.yaml armed_by_events)."""
    violent = events["event_type"].isin(types.armed_event_types)
    initiators = set(events.loc[violent, "actor1_id"].dropna())
    guessed = actors["type"].isin(types.armed_from_types) & ~actors["in_gazetteer"].astype(bool)
    return actors.assign(type=actors["type"].mask(guessed & actors["actor_id"].isin(initiators), "armed_group"))


def build_actors(resolution: Resolution, mentions: pd.DataFrame) -> pd.DataFrame:
    """Actors that have at least one mention, with counts and every alias: known ones and those seen."""
    counts = mentions.groupby("actor_id").agg(n_mentions=("mention_id", "size"), n_docs=("doc_id", "nunique"))
    seen: dict[str, set[str]] = defaultdict(set)
    for actor_id, surface in zip(mentions["actor_id"].tolist(), mentions["surface"].tolist(), strict=True):
        seen[actor_id].add(surface)
    rows = []
    for actor_id in counts.index:
        actor = resolution.actors[actor_id]
        aliases = sorted(set(actor.known_aliases) | seen[actor_id])
        rows.append(
            {
                **dataclasses.asdict(actor),
                "aliases": aliases,
                "n_mentions": int(counts.at[actor_id, "n_mentions"]),
                "n_docs": int(counts.at[actor_id, "n_docs"]),
            }
        )
    return conform(pd.DataFrame(rows), "actors")


def resolve_quotes(linked: pd.DataFrame, resolution: Resolution) -> pd.DataFrame:
    actor_of, _ = _targets(linked["speaker_link"], resolution)
    return conform(linked.assign(speaker_id=linked["speaker_link"].map(actor_of)), "quotes")


def resolve_events(linked: pd.DataFrame, resolution: Resolution, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per event, its local links resolved to actor ids, the place's coordinates, and a
    cluster id shared by the reports of one real-world event (see `event_clusters` for `previous`)."""
    links = pd.concat([linked["actor1_link"], linked["actor2_link"], linked["place_link"]])
    actor_of, _ = _targets(links, resolution)
    frame = linked.assign(
        actor1_id=linked["actor1_link"].map(actor_of),
        actor2_id=linked["actor2_link"].map(actor_of),
        place_id=linked["place_link"].map(actor_of),
    )
    places = {place_id: resolution.actors.get(place_id) for place_id in frame["place_id"].dropna().unique()}
    frame["lat"] = frame["place_id"].map({p: a.lat for p, a in places.items() if a is not None})
    frame["lon"] = frame["place_id"].map({p: a.lon for p, a in places.items() if a is not None})
    frame["reviewed"] = False
    frame = conform(frame, "events")
    frame["cluster_id"] = event_clusters(frame, previous).astype("string")  # a described party is no name to cluster by
    for column in ("actor1", "actor2"):
        described = frame[f"{column}_id"].isna() & frame["event_id"].map(
            dict(zip(linked["event_id"], linked[f"{column}_link"].map(parse_described).notna(), strict=True))
        ).fillna(False).astype(bool)
        links = frame["event_id"].map(dict(zip(linked["event_id"], linked[f"{column}_link"], strict=True)))
        frame.loc[described, f"{column}_id"] = [
            described_id(doc_id, link)
            for doc_id, link in zip(frame.loc[described, "doc_id"], links[described], strict=True)
        ]
    return frame


def described_id(doc_id: str, link: str) -> str:
    """The actor id of a party an article describes without naming ("unidentified gunmen"): one
    per article and phrase (pipeline.events.described)."""
    _, name = parse_described(link)
    return f"{DESCRIBED_ID}{slugify(name)}-{stable_id(doc_id, link)[:8]}"


def with_described(
    actors: pd.DataFrame, linked: pd.DataFrame, events: pd.DataFrame, categories: Mapping[str, str]
) -> pd.DataFrame:
    """The actors, and one row per party an event's clause describes without naming it: its name
    as written (its head word, "militants" of "heavily armed militants", and its kind's category,
    "civilians" for "five people", aliases), its type, no mention (so the mentions and the actor
    figures are the names' alone)."""
    rows = {}
    for doc_id, link1, link2 in zip(linked["doc_id"], linked["actor1_link"], linked["actor2_link"], strict=True):
        for link in (link1, link2):
            party = parse_described(link)
            if party is not None:
                rows[described_id(doc_id, link)] = party
    used = set(events["actor1_id"].dropna()) | set(events["actor2_id"].dropna())
    extra = [
        {"actor_id": actor_id, "name": name, "type": kind,
         "aliases": sorted({name, name.split()[-1], *([categories[kind]] if kind in categories else [])}),
         "n_mentions": 0, "n_docs": 1, "lat": None, "lon": None, "in_gazetteer": False,
         "source": "described in an event"}
        for actor_id, (kind, name) in sorted(rows.items())
        if actor_id in used
    ]  # fmt: skip
    if not extra:
        return actors
    return conform(pd.concat([actors, pd.DataFrame(extra)], ignore_index=True), "actors")


# What pipeline.events.clustering.cluster_events reads of an event: its group (type and place), and
# within the group its order (date, document, offset, id), date, granularity and initiator.
_CLUSTERED_BY = ["event_type", "place_id", "date", "doc_id", "start", "event_id", "date_granularity", "actor1_id"]


def event_clusters(events: pd.DataFrame, previous: pd.DataFrame | None) -> pd.Series:
    """`cluster_events(events)`, keeping the ids `previous` (an earlier events table) gave to every
    group of events it held exactly as `events` holds it.

    The clustering is greedy within a group of one type and place and never looks across groups
    (an event without a place or a date is a group of its own), so a group whose events are the
    same keeps its ids, and only the groups new articles touch are clustered again: going through
    every event, 40,000 at 10,000 articles, took 4 s of each build."""
    if previous is None or previous.empty or events.empty:
        return cluster_events(events)
    described = previous["actor1_id"].str.startswith(DESCRIBED_ID, na=False)
    previous = previous.assign(actor1_id=previous["actor1_id"].mask(described))  # as this build clusters them
    now, before = _clustered_by(events), _clustered_by(previous)
    changed = {_group(key) for key in set(now).symmetric_difference(before)}
    redo = pd.Series([_group(key) in changed for key in now], index=events.index)
    kept = dict(zip(before, previous["cluster_id"].tolist(), strict=True))
    ids = pd.Series([kept.get(key) for key in now], index=events.index, dtype="object")
    if redo.any():
        ids[redo] = cluster_events(events[redo])
    return ids


def _clustered_by(events: pd.DataFrame) -> list[tuple]:
    columns = (events[name].tolist() for name in _CLUSTERED_BY)
    return [tuple(None if pd.isna(value) else value for value in row) for row in zip(*columns, strict=True)]


def _group(key: tuple) -> tuple:
    """The events a key's clustering depends on: its type and place, or itself alone without a place or date."""
    event_type, place, date = key[:3]
    return (event_type, place) if place is not None and date is not None else key


def _targets(links: pd.Series, resolution: Resolution) -> tuple[dict[str, str], dict[str, str]]:
    """link -> actor id and link -> the method the resolution sets, for the links of `links` that resolve."""
    actor_of, override_of = {}, {}
    for link in links.dropna().unique():
        target = resolution.links.get(link)
        if target is not None:
            actor_of[link] = target[0]
            if target[1]:
                override_of[link] = target[1]
    return actor_of, override_of


def _mention_rows(analyses: Mapping[str, DocAnalysis]) -> list[dict]:
    rows = []
    for doc_id, analysis in analyses.items():
        for mention in analysis.mentions:
            candidate = mention.candidate
            rows.append(
                {
                    "mention_id": stable_id(doc_id, candidate.start, candidate.end),
                    "doc_id": doc_id,
                    "surface": candidate.surface,
                    "start": candidate.start,
                    "end": candidate.end,
                    "sent_id": mention.sent_id,
                    "method": candidate.method,
                    "score": candidate.score,
                    "date": mention.date,
                    "date_basis": mention.date_basis,
                    "date_granularity": mention.date_granularity,
                    "link": candidate.link,
                    "label": candidate.label,
                }
            )
    return rows


def _quote_rows(analyses: Mapping[str, DocAnalysis]) -> list[dict]:
    return [
        {
            "quote_id": stable_id(doc_id, quote.start, quote.end),
            "doc_id": doc_id,
            "sent_id": sent_id,
            "speaker": quote.speaker,
            "quote": quote.quote,
            "start": quote.start,
            "end": quote.end,
            "speaker_link": quote.speaker_id or None,
        }
        for doc_id, analysis in analyses.items()
        for sent_id, quote in analysis.quotes
    ]


def _event_rows(analyses: Mapping[str, DocAnalysis], texts: Mapping[str, str]) -> list[dict]:
    return [
        {
            "event_id": stable_id(doc_id, event.start, event.end, event.sub_event_type),
            "doc_id": doc_id,
            "sent_id": event.sent_id,
            "start": event.start,
            "end": event.end,
            "text": texts[doc_id][event.start : event.end],
            "event_type": event.event_type,
            "sub_event_type": event.sub_event_type,
            "date": event.date,
            "date_end": event.date_end,
            "date_granularity": event.date_granularity,
            "date_basis": event.date_basis,
            "fatalities": event.fatalities,
            "method": event.method,
            "score": event.score,
            "actor1_link": event.actor1 or None,
            "actor2_link": event.actor2 or None,
            "place_link": event.place or None,
        }
        for doc_id, analysis in analyses.items()
        for event in analysis.events
    ]


def _frame(rows: list[dict] | pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """`rows` as a frame of exactly `columns`, typed ("object" columns, dates, as they are)."""
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype({column: dtype for column, dtype in columns.items() if dtype != "object"})
