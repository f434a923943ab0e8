"""Quotes: who said what, in which outlet and when, filterable by speaker; each speaker who is an
actor links to its profile, each quote to the Reader with the quote marked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import empty, export, profile, table, url_state
from data_access import View
from data_access.profile import quote_links, select_speaker_actors

URL_PARAMS = ("speaker",)  # the speakers picked, one parameter each


def render(view: View, *, key_prefix: str) -> None:
    """Speaker picker, one page of the quotes (fetched by SQL) and the CSV of all of them."""
    st.title("Quotes")
    counts = view.quote_speakers()
    if counts.empty:
        empty.render(view, key_prefix=key_prefix, what="quotes")
        return
    quoted = {speaker: n for speaker, n in zip(counts["speaker"], counts["n"], strict=True) if speaker}
    unnamed = int(counts["n"].sum()) - sum(quoted.values())  # no speaker named, or only a pronoun
    url_state.choices(f"{key_prefix}_speakers", "speaker", list(quoted))
    speakers = tuple(
        st.multiselect(
            "Speaker",
            list(quoted),
            format_func=lambda s: f"{s} · {quoted[s]}",
            key=f"{key_prefix}_speakers",
            placeholder="All speakers",
        )
    )
    url_state.write("speaker", list(speakers), [])
    n_quotes = sum(quoted[s] for s in speakers) if speakers else int(counts["n"].sum())
    caption = f"{n_quotes:,} quote(s) by {len(speakers) or len(quoted):,} speaker(s)"
    st.caption(caption + (f", {unnamed:,} with no speaker named" if unnamed and not speakers else ""))
    named = select_speaker_actors(view.tables, list(speakers or quoted)[: profile.MAX_LINKS])
    profile.render_links(named, view, label="Speakers' profiles")
    table.render_pages(
        n_quotes,
        lambda page, size: linked_quotes(view.quotes_page(speakers, page, size), view),
        lambda: view.quotes_of(speakers),
        key_prefix=f"{key_prefix}_quotes",
        filename=export.file_name("quotes", view=key_prefix, filters=view.filters, extension="csv"),
        links={"reader": profile.READER, "speaker_profile": profile.LINK},
    )


def linked_quotes(quotes: pd.DataFrame, view: View) -> pd.DataFrame:
    """`quotes` with `reader` (the article, the quote marked) and `speaker_profile` (the speaker's
    profile, when the speaker is an actor of these tables, else an empty cell); the CSV keeps the
    plain columns."""
    links = quote_links(view.tables, quotes)
    return quotes.assign(
        reader=links["reader"].astype("string"),
        speaker_profile=profile.link_column(links["speaker_actor"], view).to_numpy(),
    )
