"""Quotes: who said what, in which outlet and when, filterable by speaker."""

from __future__ import annotations

import streamlit as st

from components import empty, export, profile, table, url_state
from data_access import View
from data_access.profile import select_speaker_actors

URL_PARAMS = ("speaker",)  # the speakers picked, one parameter each


def render(view: View, *, key_prefix: str) -> None:
    """Speaker picker, one page of the quotes (fetched by SQL) and the CSV of all of them."""
    st.title("Quotes")
    counts = view.quote_speakers()
    if counts.empty:
        empty.render(view, key_prefix=key_prefix, what="quotes")
        return
    quoted = dict(zip(counts["speaker"], counts["n"], strict=True))
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
    st.caption(f"{n_quotes:,} quote(s) by {len(speakers) or len(quoted):,} speaker(s)")
    named = select_speaker_actors(view.tables, list(speakers or quoted)[: profile.MAX_LINKS])
    profile.render_links(named, view, label="Speakers' profiles")
    table.render_pages(
        n_quotes,
        lambda page, size: view.quotes_page(speakers, page, size),
        lambda: view.quotes_of(speakers),
        key_prefix=f"{key_prefix}_quotes",
        filename=export.file_name("quotes", view=key_prefix, filters=view.filters, extension="csv"),
    )
