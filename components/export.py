"""CSV and ZIP downloads of exactly the rows a view shows, safe to open in a spreadsheet."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

# OWASP "CSV Injection": a cell starting with one of these is read as a formula by spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_MIME = "text/csv"
ZIP_MIME = "application/zip"


def neutralise_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix a single quote to every text cell a spreadsheet would run as a formula.

    Numeric, boolean and date columns are left alone (a negative longitude is a number, not a
    formula); list cells are joined with "; " first so they are neutralised too.
    """
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        out[column] = _neutralise_text(series)
    return out


def _neutralise_text(series: pd.Series) -> pd.Series:
    """Text cells of one column made inert; non-text cells (dates, None) pass through.

    String columns take the vectorised path; only object columns (lists, mixed cells) are mapped.
    """
    if not isinstance(series.dtype, pd.StringDtype):
        series = series.map(_cell_text).astype("string")
    risky = series.str.startswith(FORMULA_TRIGGERS).fillna(False).astype(bool)
    return series.where(~risky, "'" + series)


def _cell_text(cell: object) -> object:
    if isinstance(cell, (list, tuple)):
        return "; ".join(map(str, cell))
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return None
    return str(cell)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of `frame` with formula cells neutralised and no index column, opened by a byte
    order mark: without it Excel reads the file as the local code page ("Kata’ib" garbled)."""
    return neutralise_cells(frame).to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8-sig")


def to_zip_bytes(frames: Mapping[str, pd.DataFrame]) -> bytes:
    """One ZIP holding `<name>.csv` for every frame, each made by `to_csv_bytes`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", to_csv_bytes(frame))
    return buffer.getvalue()


def render(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    *,
    key_prefix: str,
    filename: str,
    label: str = "Download CSV",
    n_rows: int | None = None,
) -> None:
    """A download button for the CSV of `frame`, labelled with its row count.

    The bytes are made only on click (deferred `data`), so large views do not pay on every rerun;
    `frame` may itself be a function making the frame then, with `n_rows` saying how long it is.
    """
    rows = len(frame) if n_rows is None else n_rows
    st.download_button(
        f"{label} ({rows:,} rows)",
        data=lambda: to_csv_bytes(frame() if callable(frame) else frame),
        file_name=filename,
        mime=CSV_MIME,
        on_click="ignore",
        key=f"{key_prefix}_csv",
        disabled=not rows,
    )


def render_zip(frames: Callable[[], Mapping[str, pd.DataFrame]], *, key_prefix: str) -> None:
    """A download button for the ZIP of all filtered tables, made (by `frames()`) only on click."""
    st.download_button(
        "Download all filtered tables (ZIP)",
        data=lambda: to_zip_bytes(frames()),
        file_name="filtered_tables.zip",
        mime=ZIP_MIME,
        on_click="ignore",
        key=f"{key_prefix}_zip",
    )
