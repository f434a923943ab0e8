"""The analyst's selection, and the document filters that run on the small document index in pandas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

MEDIA = "media"  # the actor type of news outlets ("told Al-Monitor"), which hide_media leaves out


@dataclass(frozen=True)
class Filters:
    """The analyst's selection; empty fields mean "everything"."""

    actors: tuple[str, ...] = ()
    actor_types: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    one_per_story: bool = False  # count a story syndicated by several outlets once
    event_types: tuple[str, ...] = ()  # narrows the events only
    hide_media: bool = False  # leave media actors (outlets named as sources) out of rankings and counts

    @property
    def hides_media(self) -> bool:
        """True when media actors are left out: hide_media is on and the analyst picked neither
        actors (a picked actor is shown, media or not) nor the media type."""
        return self.hide_media and not self.actors and MEDIA not in self.actor_types

    @property
    def narrows_mentions(self) -> bool:
        """True when the filter picks mentions, not only documents."""
        return bool(self.actors or self.actor_types or self.text.strip())

    @property
    def narrows_documents(self) -> bool:
        """True when the filter picks documents by their own fields."""
        return bool(self.outlets or self.date_from or self.date_to or self.one_per_story)


def filter_documents(documents: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Documents of the chosen outlets and publication range; undated ones drop out of a range."""
    mask = pd.Series(True, index=documents.index)
    if filters.outlets:
        mask &= documents["outlet"].isin(filters.outlets)
    if filters.date_from is not None:
        mask &= documents["published"] >= pd.Timestamp(filters.date_from)
    if filters.date_to is not None:
        mask &= documents["published"] <= pd.Timestamp(filters.date_to)
    documents = documents[mask.fillna(False)]
    return keep_one_per_story(documents) if filters.one_per_story else documents


def keep_one_per_story(documents: pd.DataFrame) -> pd.DataFrame:
    """One document per story_id: the earliest published, then the first doc_id; rows keep their order.

    Applied after the outlet and date filters, so a story stays when only its later copy is chosen.
    A document with a null story_id (tables built before stories were linked) is its own story.
    """
    ranked = documents.assign(_story=documents["story_id"].fillna(documents["doc_id"]))
    ranked = ranked.sort_values(["published", "doc_id"], na_position="last", kind="stable")
    kept = ranked.drop_duplicates("_story").index
    return documents[documents.index.isin(kept)]


def date_span(documents: pd.DataFrame) -> tuple[date | None, date | None]:
    """First and last publication date, or (None, None) when no document is dated."""
    published = documents["published"].dropna()
    if published.empty:
        return None, None
    return published.min().date(), published.max().date()


def as_date(value: object) -> date | None:
    """A SQL or pandas date value as a date; None for a null."""
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()
