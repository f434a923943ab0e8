"""The tables being corrected by analysts' decisions, held as indexes so one decision costs what it touches.

Ten thousand decisions are applied in a fraction of a second: the actors are a dict by id, the
mentions' changing columns are lists indexed by mention and by actor, and the references of quotes
and events follow merges through a map; the events are held by row once a decision is about one
(pipeline/curation/events.py); the DataFrames are made once, at the end (`finish`).
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Hashable, Iterable

import pandas as pd

from pipeline.curation.events import CuratedEvents
from pipeline.names import name_key
from pipeline.schema import DESCRIBED_ID

CURATED = "curation"
# (table, column) pairs that hold an actor id besides mentions.actor_id.
REFERENCES = (
    ("quotes", "speaker_id"),
    ("events", "actor1_id"),
    ("events", "actor2_id"),
    ("events", "place_id"),
)

# The letters outside ASCII that Python's case-insensitive regex matches to ASCII letters (found by
# trying every code point), as those letters.
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u212a": "k", "\u017f": "s"})


class CuratedTables:
    """The tables being corrected; every step reads and writes them here."""

    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.tables = tables
        frame = tables["actors"]
        self.actor_columns = list(frame.columns)
        self.actors: dict[str, dict] = {row["actor_id"]: row for row in frame.to_dict("records")}
        self.base = tables["mentions"].reset_index(drop=True)
        self.actor_of: list = self.base["actor_id"].tolist()
        self.method: list = self.base["method"].tolist()
        self.reviewed: list[bool] = self.base["reviewed"].fillna(False).astype(bool).tolist()
        self.alive: list[bool] = [True] * len(self.base)
        # lists first: iterating Arrow-backed strings costs a microsecond an item, 650,000 of them at 10,000 articles
        self.spans: list[tuple] = list(
            zip(self.base["doc_id"].tolist(), self.base["start"].tolist(), self.base["end"].tolist(), strict=True)
        )
        self.surfaces: list = self.base["surface"].tolist()
        self.added: list[dict] = []  # mentions added by decisions, at positions len(base) onwards
        self._documents: list | None = None
        self._events: CuratedEvents | None = None  # made by the first decision about an event
        self._held = itertools.count()
        self._index_mentions()
        self._index_references()

    def _index_mentions(self) -> None:
        """Mentions by id, by actor, and by document as (start, position) sorted, for the overlaps
        of added ones (a mention overlaps only those starting less than `longest` before it)."""
        self.by_id = {mention_id: position for position, mention_id in enumerate(self.base["mention_id"].tolist())}
        self.by_actor: dict[str, set[int]] = defaultdict(set)
        for position, actor_id in enumerate(self.actor_of):
            self.by_actor[actor_id].add(position)
        self.by_doc: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for position, (doc_id, start, _) in enumerate(self.spans):
            self.by_doc[doc_id].append((start, position))
        for spans in self.by_doc.values():
            spans.sort()
        self.longest = max((end - start for _, start, end in self.spans), default=0)

    def _index_references(self) -> None:
        """Every actor id the quotes and events hold, and the actor it now is (merges move it)."""
        self.current: dict[str, str] = {}
        self.holders: dict[str, set[str]] = defaultdict(set)  # the reverse of `current`
        for table, column in REFERENCES:
            if self.tables.get(table) is not None:
                for actor_id in self.tables[table][column].dropna().unique():
                    self.current[actor_id] = actor_id
                    self.holders[actor_id].add(actor_id)

    @property
    def events(self) -> CuratedEvents:
        """The events, held by row from the first decision about one on."""
        if self._events is None:
            self._events = CuratedEvents(self.tables.get("events"))
        return self._events

    def hold(self, actor_id: str) -> Hashable:
        """A new reference to an actor (an event edit's initiator, target or place) that later
        merges move like the references the tables hold."""
        key = ("held", next(self._held))
        self.current[key] = actor_id
        self.holders[actor_id].add(key)
        return key

    def has_actor(self, actor_id: str) -> bool:
        return actor_id in self.actors

    def set_actor(self, actor_id: str, **values) -> None:
        self.actors[actor_id].update(values)

    def add_actor(self, row: dict) -> None:
        self.actors[row["actor_id"]] = {column: row.get(column) for column in self.actor_columns}

    def drop_actor(self, actor_id: str) -> None:
        """Gone at once, so that a later decision about it is reported as no longer applying."""
        del self.actors[actor_id]

    def mentions_of(self, actor_id: str) -> set[int]:
        """The positions of the mentions linked to an actor now."""
        return self.by_actor.get(actor_id, set())

    def surface_key(self, position: int) -> str:
        return name_key(self.surfaces[position])

    def mention_at(self, mention_id: str) -> int | None:
        """The position of a mention still there, None when it is not (or no longer)."""
        position = self.by_id.get(mention_id)
        return position if position is not None and self.alive[position] else None

    def documents(self) -> list[tuple[str, str, str, object, list[int]]]:
        """(doc_id, text, folded text, published, starts of its sentences) per document, made once for
        every alias search. The folded text is lower case, with the four letters outside ASCII that a
        case-insensitive regex equates with ASCII ones (İ ı K ſ) made those: an ASCII spelling the
        regex finds in any case is always in it, so a document without it is not searched."""
        if self._documents is None:
            frame, sentences = self.tables["documents"], self.tables["sentences"]
            starts = {doc_id: list(group["start"]) for doc_id, group in sentences.groupby("doc_id")}
            self._documents = [
                (doc_id, text, text.translate(_ASCII_FOLD).lower(), published if pd.notna(published) else None,
                 starts.get(doc_id, [0]))
                for doc_id, text, published in zip(frame["doc_id"], frame["text"], frame["published"], strict=True)
            ]  # fmt: skip
        return self._documents

    def relink(self, positions: Iterable[int], actor_id: str) -> None:
        for position in list(positions):
            self.by_actor[self.actor_of[position]].discard(position)
            self.actor_of[position] = actor_id
            self.method[position] = CURATED
            self.by_actor[actor_id].add(position)

    def remove(self, positions: Iterable[int]) -> None:
        for position in list(positions):
            self.alive[position] = False
            self.by_actor[self.actor_of[position]].discard(position)
            doc_id, start, _ = self.spans[position]
            self.by_doc[doc_id].remove((start, position))

    def overlapping(self, doc_id: str, start: int, end: int) -> list[int]:
        """The live mentions of a document that overlap [start, end): those starting before `end`
        and less than the longest mention before `start`, whose end is past `start`."""
        spans = self.by_doc.get(doc_id, [])
        low = bisect.bisect_right(spans, (start - self.longest, len(self.spans)))
        high = bisect.bisect_left(spans, (end, -1))
        return [position for _, position in spans[low:high] if self.spans[position][2] > start]

    def add_mention(self, row: dict) -> None:
        """A mention a decision found (row: the mentions table's columns)."""
        position = len(self.actor_of)
        self.added.append(row)
        self.actor_of.append(row["actor_id"])
        self.method.append(row["method"])
        self.reviewed.append(bool(row["reviewed"]))
        self.alive.append(True)
        self.spans.append((row["doc_id"], row["start"], row["end"]))
        self.surfaces.append(row["surface"])
        self.by_id[row["mention_id"]] = position
        self.by_actor[row["actor_id"]].add(position)
        bisect.insort(self.by_doc[row["doc_id"]], (row["start"], position))
        self.longest = max(self.longest, row["end"] - row["start"])

    def rename_references(self, source: str, target: str) -> None:
        """Quotes' speakers and events' actors and places that are `source` now become `target`."""
        for original in self.holders.pop(source, set()):
            self.current[original] = target
            self.holders[target].add(original)

    def finish(self) -> dict[str, pd.DataFrame]:
        """The corrected tables, their counts and aliases as the corrected mentions say."""
        mentions = self._mentions()
        counts = mentions.groupby("actor_id").agg(n_mentions=("mention_id", "size"), n_docs=("doc_id", "nunique"))
        seen = mentions.groupby("actor_id")["surface"].agg(lambda s: sorted(set(s)))
        actors = pd.DataFrame.from_records(list(self.actors.values()), columns=self.actor_columns)
        described = actors["actor_id"].str.startswith(DESCRIBED_ID)  # no mention: pipeline.events.described
        actors = actors[actors["actor_id"].isin(counts.index) | described].copy()
        actors["n_mentions"] = actors["actor_id"].map(counts["n_mentions"]).fillna(0).astype("int64")
        actors["n_docs"] = actors["actor_id"].map(counts["n_docs"]).fillna(actors["n_docs"]).astype("int64")
        actors["aliases"] = [
            sorted(set(a) | set(seen.get(i, []))) for i, a in zip(actors["actor_id"], actors["aliases"], strict=True)
        ]
        tables = {**self.tables, "actors": actors.reset_index(drop=True), "mentions": mentions}
        self._finish_references(tables, set(actors["actor_id"]), actors.set_index("actor_id"))
        return tables

    def _mentions(self) -> pd.DataFrame:
        size, dtypes = len(self.base), self.base.dtypes
        base = self.base.assign(
            actor_id=pd.Series(self.actor_of[:size], dtype=dtypes["actor_id"]),
            method=pd.Series(self.method[:size], dtype=dtypes["method"]),
            reviewed=self.reviewed[:size],
        )[self.alive[:size]]
        if not self.added:
            return base.reset_index(drop=True)
        added = pd.DataFrame(self.added).assign(
            actor_id=self.actor_of[size:], method=self.method[size:], reviewed=self.reviewed[size:]
        )[self.alive[size:]]
        return pd.concat([base, added], ignore_index=True)

    def _finish_references(self, tables: dict, known: set[str], points: pd.DataFrame) -> None:
        """A merged actor's references follow it; a rejected actor is nobody's speaker, initiator or
        place; a place an analyst located carries its new point to its events. Events an analyst
        corrected are made by their own state, which resolves their references the same way."""
        for table, column in REFERENCES:
            frame = tables.get(table)
            if frame is None or (table == "events" and self._events is not None):
                continue
            values = frame[column].map(self.current)
            tables[table] = frame.assign(**{column: values.where(values.isin(known), None)})
        if self._events is not None:
            tables["events"] = self._events.finish(self.current, known)
        events = tables.get("events")
        if events is not None and not events.empty:
            tables["events"] = events.assign(
                lat=events["place_id"].map(points["lat"]).astype("float64"),
                lon=events["place_id"].map(points["lon"]).astype("float64"),
            )
