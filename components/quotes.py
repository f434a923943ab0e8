"""Quotes: who said what, in which outlet and when, filterable by speaker."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import empty, table
from data_access import View

QUOTE_COLUMNS = ["speaker", "quote", "outlet", "published", "title", "speaker_id", "doc_id", "quote_id"]


def select_quotes(quotes: pd.DataFrame, actors: pd.DataFrame, speakers: tuple[str, ...] = ()) -> pd.DataFrame:
    """Quotes with the speaker's canonical name when known (else as written), optionally of `speakers`.

    quotes (DataFrame): filtered quotes joined with title, outlet, published.
    speakers (tuple[str]): speaker names (as displayed) to keep; empty keeps all.
    """
    names = actors.set_index("actor_id")["name"]
    frame = quotes.assign(speaker=quotes["speaker_id"].map(names).fillna(quotes["speaker"]))
    if speakers:
        frame = frame[frame["speaker"].isin(speakers)]
    return (
        frame[QUOTE_COLUMNS]
        .sort_values(["published", "doc_id"], na_position="last", kind="stable")
        .reset_index(drop=True)
    )


def render(view: View, *, key_prefix: str) -> None:
    """Speaker picker, the quotes table and its CSV."""
    st.title("Quotes")
    everyone = select_quotes(view.quotes, view.tables.catalogue.actors)
    if everyone.empty:
        empty.render(view, key_prefix=key_prefix, what="quotes")
        return
    counts = everyone["speaker"].value_counts()
    speakers = st.multiselect(
        "Speaker",
        list(counts.index),
        format_func=lambda s: f"{s} · {counts[s]}",
        key=f"{key_prefix}_speakers",
        placeholder="All speakers",
    )
    frame = select_quotes(view.quotes, view.tables.catalogue.actors, tuple(speakers))
    st.caption(f"{len(frame):,} quote(s) by {frame['speaker'].nunique():,} speaker(s)")
    table.render(frame, key_prefix=f"{key_prefix}_quotes", filename="quotes.csv")
