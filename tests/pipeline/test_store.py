"""The Parquet store: contract shapes, round trips, and builds that die half-way."""

import datetime
import hashlib
import json

import pandas as pd
import pytest

from pipeline.schema import TABLES, conform, empty_table
from pipeline.store.parquet import JOURNAL, read_manifest, read_tables, recover, table_path, write_tables


def test_store_round_trip_keeps_dates_and_lists(tmp_path):
    actors = pd.DataFrame(
        {
            "actor_id": ["iraq"],
            "name": ["Iraq"],
            "type": ["state"],
            "aliases": [["Iraq", "IRQ"]],
            "n_mentions": [2],
            "n_docs": [1],
        }
    )
    dates = pd.DataFrame(
        {
            "doc_id": ["a"],
            "sent_id": [0],
            "text": ["Dec. 19"],
            "start": [0],
            "end": [7],
            "value": [datetime.date(2018, 12, 19)],
            "basis": ["absolute"],
        }
    )
    write_tables({"actors": actors, "dates": dates}, tmp_path, {"schema_version": 1})
    tables = read_tables(tmp_path)
    assert set(tables) == set(TABLES)
    assert tables["actors"].at[0, "aliases"] == ["Iraq", "IRQ"]
    assert tables["dates"].at[0, "value"] == datetime.date(2018, 12, 19)
    assert set(read_manifest(tmp_path)["tables"]) == set(TABLES)


def test_store_conform_rejects_unknown_tables():
    with pytest.raises(KeyError, match="unknown table"):
        conform(pd.DataFrame(), "nope")


def test_store_empty_tables_have_the_contract_columns():
    for name, columns in TABLES.items():
        assert list(empty_table(name).columns) == list(columns)


def test_store_recover_finishes_an_interrupted_commit(tmp_path):
    write_tables({}, tmp_path, {"build": "old"})
    staged = tmp_path / ".mentions.parquet.staged01.tmp"
    empty_table("mentions").assign().to_parquet(staged)
    digest = hashlib.sha256(staged.read_bytes()).hexdigest()
    pending = {"format": 1, "renames": [{"temp": staged.name, "final": "mentions.parquet", "sha256": digest}]}
    (tmp_path / JOURNAL).write_text(json.dumps(pending))
    recover(tmp_path)
    assert not (tmp_path / JOURNAL).exists() and not staged.exists()
    assert read_tables(tmp_path)["mentions"].empty


def test_store_read_missing_table_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="documents"):
        read_tables(tmp_path)


def test_store_writes_bounded_row_groups_in_contract_order(tmp_path, monkeypatch):
    """Big tables are read a row group at a time: each group holds at most ROW_GROUP_ROWS rows."""
    import dask.dataframe as dd
    import pyarrow.parquet as pq

    from pipeline.store import parquet as store

    monkeypatch.setattr(store, "ROW_GROUP_ROWS", 2)
    sentences = pd.DataFrame(
        {"doc_id": ["b", "a", "a", "c", "b"], "sent_id": [0, 1, 0, 0, 1], "start": 0, "end": 1, "text": "x"}
    )
    write_tables({"sentences": sentences}, tmp_path, {"schema_version": 1})
    parquet = pq.ParquetFile(table_path(tmp_path, "sentences"))
    assert [parquet.metadata.row_group(i).num_rows for i in range(parquet.num_row_groups)] == [2, 2, 1]
    partitions = dd.read_parquet(table_path(tmp_path, "sentences"), split_row_groups=True)
    assert partitions.npartitions == 3  # Dask reads one row group per partition
    read = read_tables(tmp_path, ("sentences",))["sentences"]
    assert list(zip(read["doc_id"], read["sent_id"], strict=True)) == [("a", 0), ("a", 1), ("b", 0), ("b", 1), ("c", 0)]
