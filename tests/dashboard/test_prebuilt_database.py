"""The database every writer of the tables puts beside them (tables.duckdb): the dashboard opens it
instead of loading the Parquet tables, answers the same, and falls back when it is missing or stale."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import data_access
from data_access import Filters, select_view
from pipeline.curation import record_decision, recurate
from pipeline.schema import SCHEMA_VERSION, conform
from pipeline.store import DATABASE, open_database, read_manifest, read_tables, write_tables
from pipeline.store.database import DATABASE_FORMAT, META_TABLE

# Every table the dashboard queries, the contract's and the derived ones.
QUERIED = ("documents", "pages", "sentences", "actors", "mentions", "dates", "quotes", "problems", "events",
           "stories", "co_mentions", "edge_weights", "actor_outlets", "quotes_shown", "sentence_sample")  # fmt: skip
FILTERS = (
    Filters(),
    Filters(actors=("kataib-hezbollah",)),
    Filters(actor_types=("place", "state"), outlets=("Beta Times",)),
    Filters(date_from=date(2019, 2, 1), text="QAIM"),
)


def _database_path(tables: data_access.Tables) -> str | None:
    """The file the tables' DuckDB database lives in; None when it is in memory."""
    found = tables.query("SELECT path FROM duckdb_databases() WHERE database_name = current_database()")["path"]
    return None if pd.isna(found.iloc[0]) else found.iloc[0]


def _answers(tables: data_access.Tables) -> dict[str, pd.DataFrame]:
    """Every queried table (in a fixed order) and the selected mentions and documents of each of FILTERS."""
    answers = {name: tables.query(f"SELECT * FROM {name} ORDER BY ALL") for name in QUERIED}
    for n, filters in enumerate(FILTERS):
        view = select_view(tables, filters)
        answers[f"view {n} mentions"] = view.mentions.reset_index(drop=True)
        answers[f"view {n} documents"] = view.documents.reset_index(drop=True)
        answers[f"view {n} speakers"] = view.quote_speakers()
        answers[f"view {n} quotes"] = view.quotes_page([], 1, 5)
    return answers


def test_prebuilt_database_written_with_the_tables_and_named_in_the_manifest(data_dir: Path) -> None:
    manifest = read_manifest(data_dir)
    assert manifest["database"] == {"file": DATABASE, "format": DATABASE_FORMAT}
    with duckdb.connect(str(data_dir / DATABASE), read_only=True) as db:
        (format_, digests), *_ = db.execute(f"SELECT format, tables FROM {META_TABLE}").fetchall()
        assert db.execute("SELECT count(*) FROM mentions").fetchone()[0] == len(read_tables(data_dir)["mentions"])
    assert format_ == DATABASE_FORMAT and json.loads(digests) == manifest["tables"]


def test_prebuilt_database_answers_as_the_tables_loaded_in_memory(data_dir: Path, tmp_path: Path) -> None:
    without = tmp_path / "without"
    shutil.copytree(data_dir, without)
    (without / DATABASE).unlink()
    opened = data_access.open_tables(data_dir)
    loaded = data_access.open_tables(without)
    assert _database_path(opened) == str(data_dir / DATABASE)
    assert _database_path(loaded) is None  # in memory: the Parquet tables were read, as before builds wrote it
    expected = _answers(loaded)
    for name, answer in _answers(opened).items():
        assert len(answer) == len(expected[name]), name
        pd.testing.assert_frame_equal(answer, expected[name], obj=name)
    assert opened.catalogue.actors.equals(loaded.catalogue.actors)
    for name in ("documents", "mentions", "sentences"):
        pd.testing.assert_frame_equal(opened.frame(name), loaded.frame(name))


def test_prebuilt_database_stale_after_the_tables_changed_is_not_used(data_dir: Path) -> None:
    """Tables rewritten without the database (an older writer): the manifest's digests no longer
    match the database's, so the dashboard reads the new tables, not the database's old rows."""
    frames = read_tables(data_dir)
    frames["mentions"] = frames["mentions"].iloc[:3]
    write_tables(frames, data_dir, {"schema_version": SCHEMA_VERSION}, database=False)
    assert (data_dir / DATABASE).exists() and "database" not in read_manifest(data_dir)
    assert open_database(data_dir, read_manifest(data_dir)) is None
    tables = data_access.open_tables(data_dir)
    assert _database_path(tables) is None and len(tables.mentions) == 3


@pytest.mark.parametrize("damage", ["missing", "not a database", "another format", "no manifest"])
def test_prebuilt_database_missing_or_damaged_falls_back_without_error(data_dir: Path, damage: str) -> None:
    expected = len(read_tables(data_dir)["mentions"])
    path = data_dir / DATABASE
    if damage == "missing":
        path.unlink()
    elif damage == "not a database":
        path.write_bytes(b"not a DuckDB file" * 100)
    elif damage == "another format":
        with duckdb.connect(str(path)) as db:
            db.execute(f"UPDATE {META_TABLE} SET format = 'older'")
    else:
        (data_dir / "manifest.json").unlink()
    assert open_database(data_dir, read_manifest(data_dir)) is None
    tables = data_access.open_tables(data_dir)
    assert _database_path(tables) is None and len(tables.mentions) == expected


def test_prebuilt_database_a_missing_table_is_still_named(data_dir: Path) -> None:
    (data_dir / "quotes.parquet").unlink()
    with pytest.raises(FileNotFoundError, match="quotes"):
        data_access.open_tables(data_dir)


def test_prebuilt_database_recurate_rewrites_it_with_the_tables(data_dir: Path, tmp_path: Path) -> None:
    frames = {name: conform(frame, name) for name, frame in read_tables(data_dir).items()}
    manifest = {"schema_version": SCHEMA_VERSION, "built_by": "test"}
    write_tables(frames, data_dir, manifest, uncurated=(frames, manifest))
    decisions = tmp_path / "curation.yaml"
    record_decision(decisions, "rename", by="Test Analyst", actor="kataib-hezbollah", name="KH Renamed")
    before = (data_dir / DATABASE).stat().st_ino
    serving = data_access.open_tables(data_dir)  # a dashboard holding the database while an analyst decides
    recurate(data_dir, decisions)
    assert (data_dir / DATABASE).stat().st_ino != before
    assert open_database(data_dir, read_manifest(data_dir)) is not None
    assert not (data_dir / "uncurated" / DATABASE).exists()  # only the tables the dashboard reads
    tables = data_access.open_tables(data_dir)
    assert _database_path(tables) == str(data_dir / DATABASE)
    names = tables.query("SELECT name FROM actors WHERE actor_id = 'kataib-hezbollah'")["name"]
    assert list(names) == ["KH Renamed"]
    old = serving.query("SELECT name FROM actors WHERE actor_id = 'kataib-hezbollah'")["name"]
    assert list(old) == ["Kata'ib Hezbollah"]  # the open one still reads the file it opened, whole


def test_prebuilt_database_leftovers_of_a_killed_writer_are_removed(data_dir: Path) -> None:
    leftovers = [data_dir / f".{DATABASE}.abcd1234.tmp", data_dir / f".{DATABASE}.abcd1234.tmp.wal"]
    for path in leftovers:
        path.write_bytes(b"half")
    write_tables(read_tables(data_dir), data_dir, {"schema_version": SCHEMA_VERSION})
    assert not any(path.exists() for path in leftovers)


def test_prebuilt_database_sentence_sample_is_the_first_of_every_sentence_in_the_same_order(data_dir: Path) -> None:
    """Compare's unfiltered background reads the build's sample: the same sentences, in the same
    order, as ranking the whole table would give, for any size the sample holds."""
    tables = data_access.open_tables(data_dir)
    view = select_view(tables, Filters())
    for limit in (1, 3, 1_000):
        whole = tables.query("SELECT text FROM sentences ORDER BY hash(row_no) LIMIT $n", {"n": limit})["text"]
        assert list(view.sample_sentences(limit)) == list(whole)
    assert list(tables.query("SELECT count(*) AS n FROM sentence_sample")["n"]) == [len(tables.sentences)]
