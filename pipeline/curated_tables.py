"""The tables being corrected by analysts' decisions, and their counts and aliases recomputed at the end."""

from __future__ import annotations

import pandas as pd

CURATED = "curation"
# (table, column) pairs that hold an actor id besides mentions.actor_id.
REFERENCES = (
    ("quotes", "speaker_id"),
    ("events", "actor1_id"),
    ("events", "actor2_id"),
    ("events", "place_id"),
)


class CuratedTables:
    """The tables being corrected; every step reads and writes them here."""

    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.tables = tables
        self.tables["mentions"]["reviewed"] = self.tables["mentions"]["reviewed"].astype(bool)

    @property
    def actors(self) -> pd.DataFrame:
        return self.tables["actors"]

    @property
    def mentions(self) -> pd.DataFrame:
        return self.tables["mentions"]

    def has_actor(self, actor_id: str) -> bool:
        return bool((self.actors["actor_id"] == actor_id).any())

    def set_actor(self, actor_id: str, **values) -> None:
        rows = self.actors["actor_id"] == actor_id
        for column, value in values.items():
            self.actors.loc[rows, column] = value

    def drop_actor(self, actor_id: str) -> None:
        """Gone at once, so that a later decision about it is reported as no longer applying."""
        self.tables["actors"] = self.actors[self.actors["actor_id"] != actor_id]

    def relink(self, rows: pd.Series, actor_id: str) -> None:
        self.mentions.loc[rows, "actor_id"] = actor_id
        self.mentions.loc[rows, "method"] = CURATED

    def rename_references(self, source: str, target: str) -> None:
        """Quotes' speakers and events' actors and places that were `source` become `target`."""
        for table, column in REFERENCES:
            frame = self.tables.get(table)
            if frame is not None:
                frame.loc[frame[column] == source, column] = target

    def finish(self) -> dict[str, pd.DataFrame]:
        """Counts and aliases as the corrected mentions say."""
        mentions, actors = self.mentions, self.actors
        counts = mentions.groupby("actor_id").agg(n_mentions=("mention_id", "size"), n_docs=("doc_id", "nunique"))
        seen = mentions.groupby("actor_id")["surface"].agg(lambda s: sorted(set(s)))
        actors = actors[actors["actor_id"].isin(counts.index)].copy()
        actors["n_mentions"] = actors["actor_id"].map(counts["n_mentions"]).astype("int64")
        actors["n_docs"] = actors["actor_id"].map(counts["n_docs"]).astype("int64")
        actors["aliases"] = [
            sorted(set(a) | set(seen.get(i, []))) for i, a in zip(actors["actor_id"], actors["aliases"], strict=True)
        ]
        known = set(actors["actor_id"])
        for table, column in REFERENCES:  # a rejected actor is nobody's speaker, initiator or place
            frame = self.tables.get(table)
            if frame is not None:
                frame.loc[~frame[column].isin(known), column] = None
        events = self.tables.get("events")
        if events is not None and not events.empty:  # a place an analyst located carries its new point
            points = actors.set_index("actor_id")
            events["lat"] = events["place_id"].map(points["lat"]).astype("float64")
            events["lon"] = events["place_id"].map(points["lon"]).astype("float64")
        return {**self.tables, "actors": actors.reset_index(drop=True), "mentions": mentions.reset_index(drop=True)}
