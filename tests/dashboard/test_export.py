"""CSV/ZIP export: formula cells neutralised, numbers untouched, every table in the ZIP."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

import data_access
from components.export import neutralise_cells, to_csv_bytes, to_zip_bytes


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Kata'ib Hezbollah", "Kata'ib Hezbollah"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_export_neutralise_cells_prefixes_formula_triggers(cell: str, expected: str) -> None:
    frame = pd.DataFrame({"text": pd.Series([cell], dtype="string")})
    assert neutralise_cells(frame)["text"].iloc[0] == expected


def test_export_neutralise_cells_leaves_numbers_and_nulls() -> None:
    frame = pd.DataFrame({"lon": [-97.0, 41.1], "n": [-3, 4], "name": pd.Series(["-x", None], dtype="string")})
    out = neutralise_cells(frame)
    assert out["lon"].tolist() == [-97.0, 41.1]
    assert out["n"].tolist() == [-3, 4]
    assert out["name"].iloc[0] == "'-x" and pd.isna(out["name"].iloc[1])


def test_export_neutralise_cells_joins_and_neutralises_lists() -> None:
    frame = pd.DataFrame({"aliases": [["=evil", "ok"], []]})
    assert neutralise_cells(frame)["aliases"].tolist() == ["'=evil; ok", ""]


def test_export_to_csv_bytes_writes_filtered_rows_with_safe_cells(tables, read_csv) -> None:
    view = data_access.select_view(tables, data_access.Filters(outlets=("Gamma Wire",)))
    rows = read_csv(to_csv_bytes(view.mentions))
    assert [row["mention_id"] for row in rows] == view.mentions["mention_id"].tolist()
    assert {row["outlet"] for row in rows} == {"Gamma Wire"}
    assert all(not row["title"].startswith("=") for row in rows)
    assert rows[0]["title"].startswith("'=HYPERLINK")
    assert rows[0]["published"] == "2020-06-01"


def test_export_to_zip_bytes_holds_every_filtered_table(tables, read_csv) -> None:
    view = data_access.select_view(tables, data_access.Filters(actors=("kataib-hezbollah",)))
    frames = data_access.select_export_tables(view)
    with zipfile.ZipFile(io.BytesIO(to_zip_bytes(frames))) as archive:
        names = sorted(archive.namelist())
        mentions = read_csv(archive.read("mentions.csv"))
    assert names == sorted(f"{name}.csv" for name in frames)
    assert len(mentions) == len(view.mentions) == 4
    assert {row["actor_id"] for row in mentions} == {"kataib-hezbollah"}
