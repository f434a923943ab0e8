"""A long table shown one page at a time (st.dataframe, never HTML), with its CSV of all rows.

The page leads with what an analyst reads (sentence, actor, outlet, date), types as words, and hides
ids and offsets until asked; the CSV keeps every column as the tables hold it."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from components import export
from components.plain import type_labels

PAGE_SIZE = 500
DATE_COLUMNS = ("published", "date", "value", "value_end")
WIDE_COLUMNS = ("quote", "sentence", "reason")
# What an analyst reads first: the words, who, where they were printed, when.
LEAD_COLUMNS = ("sentence", "quote", "speaker", "name", "outlet", "published", "date", "surface", "type", "title")
TYPE_COLUMNS = ("type", "event_type", "sub_event_type", "place_type", "speaker_type")
OFFSET_COLUMNS = ("start", "end", "row_no")
HEADERS = {"name": "actor"}


def visible_columns(columns: list[str], *, show_ids: bool = False) -> list[str]:
    """The order a table shows `columns` in: a `reader` link first, LEAD_COLUMNS, then the others as
    they come, each `<column>_profile` link right after its column; ids (`*_id`) and character
    offsets only when `show_ids`."""
    links = [c for c in columns if c.endswith("_profile") and c.removesuffix("_profile") in columns]
    lead = [c for c in ("reader", *LEAD_COLUMNS) if c in columns]
    ordered = [*lead, *(c for c in columns if c not in lead and c not in links)]
    ordered = [name for c in ordered for name in (c, f"{c}_profile") if name in ordered or name in links]
    return ordered if show_ids else [c for c in ordered if not _is_id(c)]


def _is_id(column: str) -> bool:
    return column.endswith("_id") or column in OFFSET_COLUMNS


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its type codes as words ('armed group'), for showing; exports keep the codes."""
    typed = [c for c in TYPE_COLUMNS if c in frame]
    return frame.assign(**{c: type_labels(frame[c]) for c in typed}) if typed else frame


def column_config(frame: pd.DataFrame) -> dict:
    """st.dataframe's column_config for `frame`: dates as dates, long texts wide, headers renamed."""
    config = {col: st.column_config.DateColumn() for col in DATE_COLUMNS if col in frame}
    config.update({col: st.column_config.TextColumn(width="large") for col in WIDE_COLUMNS if col in frame})
    config.update({col: st.column_config.TextColumn(label) for col, label in HEADERS.items() if col in frame})
    return config


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
    links: Mapping[str, object] | None = None,
) -> None:
    """A table of `n_rows` rows that fetches only the page it shows (`fetch_page(page, page_size)`);
    the CSV of every row is made by `fetch_all` only when the analyst downloads it.
    links: column_config of the link columns the page has (a `reader` link, `<column>_profile`)."""
    pages = max(1, math.ceil(n_rows / page_size))
    page = 1
    if pages > 1:
        page = st.number_input(f"Page (of {pages:,})", 1, pages, 1, key=f"{key_prefix}_page")
    shown = fetch_page(min(int(page), pages), page_size)
    show_ids = any(map(_is_id, shown.columns)) and st.toggle(
        "Show ids", key=f"{key_prefix}_ids", help="Ids and character offsets; the downloads always hold them."
    )
    st.dataframe(
        readable(shown),
        hide_index=True,
        column_order=visible_columns(list(shown.columns), show_ids=show_ids),
        column_config={**column_config(shown), **(links or {})},
        key=f"{key_prefix}_table",
    )
    if pages > 1:
        first = (int(page) - 1) * page_size + 1
        st.caption(f"Rows {first:,}–{first + len(shown) - 1:,} of {n_rows:,}")
    export.render(fetch_all, key_prefix=key_prefix, filename=filename, n_rows=n_rows)
