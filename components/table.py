"""A long table shown one page at a time (st.dataframe, never HTML), with its CSV of all rows."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import streamlit as st

from components import export

PAGE_SIZE = 500
DATE_COLUMNS = ("published", "date", "value", "value_end")
WIDE_COLUMNS = ("quote", "sentence", "reason")


def page_of(frame: pd.DataFrame, page: int, page_size: int = PAGE_SIZE) -> pd.DataFrame:
    """Rows of 1-based `page`; pages past the end give the last page."""
    last = max(1, math.ceil(len(frame) / page_size))
    page = min(max(page, 1), last)
    return frame.iloc[(page - 1) * page_size : page * page_size]


def render(frame: pd.DataFrame, *, key_prefix: str, filename: str, page_size: int = PAGE_SIZE) -> None:
    """One page of `frame`, a pager when it is long, and a CSV download of every filtered row."""
    render_pages(
        len(frame),
        lambda page, size: page_of(frame, page, size),
        lambda: frame,
        key_prefix=key_prefix,
        filename=filename,
        page_size=page_size,
    )


def render_pages(
    n_rows: int,
    fetch_page: Callable[[int, int], pd.DataFrame],
    fetch_all: Callable[[], pd.DataFrame],
    *,
    key_prefix: str,
    filename: str,
    page_size: int = PAGE_SIZE,
) -> None:
    """A table of `n_rows` rows that fetches only the page it shows (`fetch_page(page, page_size)`);
    the CSV of every row is made by `fetch_all` only when the analyst downloads it."""
    pages = max(1, math.ceil(n_rows / page_size))
    page = 1
    if pages > 1:
        page = st.number_input(f"Page (of {pages:,})", 1, pages, 1, key=f"{key_prefix}_page")
    shown = fetch_page(min(int(page), pages), page_size)
    config = {col: st.column_config.DateColumn() for col in DATE_COLUMNS if col in shown}
    config.update({col: st.column_config.TextColumn(width="large") for col in WIDE_COLUMNS if col in shown})
    st.dataframe(shown, hide_index=True, column_config=config, key=f"{key_prefix}_table")
    if pages > 1:
        first = (int(page) - 1) * page_size + 1
        st.caption(f"Rows {first:,}–{first + len(shown) - 1:,} of {n_rows:,}")
    export.render(fetch_all, key_prefix=key_prefix, filename=filename, n_rows=n_rows)
