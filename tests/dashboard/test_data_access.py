"""data_access: path resolution and the filters every view shares."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import data_access
from data_access import Filters, select_view
from data_access.tables import SPILL_DIR
from pipeline.curation.review_queue import review_queue
from pipeline.schema import TABLES, conform
from pipeline.store import read_manifest, table_path, write_tables


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, data_access.DEFAULT_DATA_DIR),
        ([], {"DASHBOARD_DATA_DIR": "/env"}, Path("/env")),
        (["--data", "/cli"], {"DASHBOARD_DATA_DIR": "/env"}, Path("/cli")),
        (["-q", "tests", "--data=/cli"], {}, Path("/cli")),
    ],
)
def test_data_access_resolve_paths_precedence(argv, environ, expected) -> None:
    assert data_access.resolve_paths(argv, environ).data_dir == expected


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {}, None),
        ([], {"DASHBOARD_MEMORY_LIMIT": "2GB"}, "2GB"),
        (["--memory-limit", "500MB"], {"DASHBOARD_MEMORY_LIMIT": "2GB"}, "500MB"),
    ],
)
def test_data_access_memory_limit_precedence(argv, environ, expected) -> None:
    assert data_access.resolve_paths(argv, environ).memory_limit == expected


def test_data_access_tables_beyond_the_memory_limit_still_answer(data_dir: Path) -> None:
    """DuckDB keeps what does not fit under the limit in its temporary folder, never in the project."""
    tables = data_access.open_tables(data_dir, memory_limit="16MB")
    setting = tables.query("SELECT current_setting('memory_limit') AS m, current_setting('temp_directory') AS t")
    assert setting["m"].iloc[0] == "15.2 MiB"  # 16 MB as DuckDB reports it
    assert setting["t"].iloc[0] == str(SPILL_DIR)
    assert select_view(tables, Filters()).n_mentions == len(tables.mentions) > 0


def test_data_access_source_dir_defaults_to_seeds(tmp_path: Path) -> None:
    assert data_access.source_dir_for(data_access.Paths(tmp_path)) == data_access.DEFAULT_SOURCE_DIR
    assert data_access.source_dir_for(data_access.Paths(tmp_path, tmp_path / "src")) == tmp_path / "src"


def test_data_access_load_tables_types_dates(tables) -> None:
    assert str(tables.documents["published"].dtype).startswith("datetime64")
    assert str(tables.mentions["date"].dtype).startswith("datetime64")
    assert tables.manifest["built_by"] == "tests/dashboard/conftest.py"


@pytest.mark.parametrize(
    ("filters", "n_mentions", "doc_ids"),
    [
        (Filters(), 17, ["d1", "d2", "d3", "d4"]),
        (Filters(actors=("kataib-hezbollah",)), 4, ["d1", "d2", "d4"]),
        (Filters(actor_types=("place", "state")), 6, ["d1", "d2", "d3", "d4"]),
        (Filters(outlets=("Beta Times",)), 8, ["d2", "d3"]),
        (Filters(date_from=date(2019, 2, 1)), 7, ["d2", "d4"]),  # undated d3 leaves once a range is set
        (Filters(date_to=date(2019, 12, 31)), 10, ["d1", "d2"]),
        (Filters(text="QAIM"), 8, ["d1", "d2", "d3"]),
        (Filters(actors=("pmf",), outlets=("Gamma Wire",)), 0, []),
    ],
)
def test_data_access_select_view_filters_mentions_and_documents(tables, filters, n_mentions, doc_ids) -> None:
    view = select_view(tables, filters)
    assert len(view.mentions) == n_mentions
    assert sorted(view.documents["doc_id"]) == doc_ids


def test_data_access_select_view_joins_document_actor_and_sentence(tables) -> None:
    row = select_view(tables, Filters(actors=("iraqi-army",))).mentions.iloc[0]
    assert (row["title"], row["outlet"], row["name"], row["type"]) == (
        "Army returns to the west",
        "Beta Times",
        "Iraqi Army",
        "security_force",
    )
    assert row["sentence"].startswith("The Iraqi Army deployed")
    assert list(select_view(tables, Filters()).mentions.columns) == data_access.MENTION_COLUMNS


def test_data_access_select_view_recounts_actors(tables) -> None:
    actors = select_view(tables, Filters(outlets=("Alpha News",))).actors.set_index("actor_id")
    assert actors.loc["al-qaim", "n_mentions"] == 2 and actors.loc["al-qaim", "n_docs"] == 1
    assert "iraqi-army" not in actors.index


@pytest.mark.parametrize(
    ("filters", "quote_ids"),
    [
        (Filters(), ["q0", "q1"]),
        (Filters(actors=("abu-fadak",)), ["q0"]),
        (Filters(actors=("united-states",)), []),
        (Filters(text="condemned"), ["q1"]),
        (Filters(outlets=("Alpha News",)), ["q0"]),
    ],
)
def test_data_access_select_view_filters_quotes(tables, filters, quote_ids) -> None:
    assert select_view(tables, filters).quotes["quote_id"].tolist() == quote_ids


def test_data_access_select_view_keeps_dates_of_selected_sentences(tables) -> None:
    dates = select_view(tables, Filters(actors=("al-qaim",))).dates
    assert sorted(dates["text"]) == ["2018", "December 2018"]


def test_data_access_date_span(tables) -> None:
    assert data_access.date_span(tables.documents) == (date(2019, 1, 10), date(2020, 6, 1))
    assert data_access.date_span(tables.documents.iloc[0:0]) == (None, None)


@pytest.mark.parametrize(
    ("filters", "n_mentions", "n_documents"),
    [
        (Filters(one_per_story=True), 17, 4),
        (Filters(actor_types=("place",), one_per_story=True), 4, 3),
        (Filters(text="qaim", outlets=("Beta Times",), one_per_story=True), 4, 2),
    ],
)
def test_data_access_view_counts_match_its_tables(tables, filters, n_mentions, n_documents) -> None:
    view = select_view(tables, filters)
    assert (view.n_mentions, view.document_summary.n_documents) == (n_mentions, n_documents)
    assert (len(view.mentions), len(view.documents)) == (n_mentions, n_documents)
    assert view.mentions_page(1, 3).equals(view.mentions.head(3))


def test_data_access_count_by_weighs_like_the_joined_mentions(tables) -> None:
    view = select_view(tables, Filters(outlets=("Beta Times",)))
    counted = view.count_by("name", "outlet", top_names=2).set_index(["name", "outlet"])["n"]
    expected = view.mentions.groupby(["name", "outlet"]).size()
    assert counted.to_dict() == expected[counted.index].to_dict() and len(counted.index.unique("name")) == 2


def test_data_access_first_of_story_flag_agrees_with_keep_one_per_story(data_dir: Path, tmp_path: Path) -> None:
    """One per story over the whole corpus reads a flag computed at load; with an outlet filter the
    pandas selection runs: both must keep the same documents and mentions."""
    frames = {name: pd.read_parquet(table_path(data_dir, name)) for name in TABLES}
    documents = frames["documents"]
    documents["story_id"] = pd.array(["s", "s", "s"] + [None] * (len(documents) - 3), dtype="string")
    out = tmp_path / "stories"
    write_tables({name: conform(frame, name) for name, frame in frames.items()}, out, read_manifest(data_dir))
    tables = data_access.open_tables(out)
    every_outlet = tuple(documents["outlet"].dropna().unique())
    flagged = select_view(tables, Filters(one_per_story=True))
    selected = select_view(tables, Filters(one_per_story=True, outlets=every_outlet))
    assert flagged.document_rows["doc_id"].tolist() == selected.document_rows["doc_id"].tolist()
    assert len(flagged.document_rows) == len(documents) - 2
    assert flagged.n_mentions == selected.n_mentions < select_view(tables, Filters()).n_mentions
    assert flagged.mentions.equals(selected.mentions)


def test_data_access_review_page_is_the_pipeline_queue_in_sql(data_dir: Path, tmp_path: Path) -> None:
    """The dashboard pages the review queue by SQL; it must hold the pipeline's queue, in its order."""
    frames = {name: pd.read_parquet(table_path(data_dir, name)) for name in TABLES}
    mentions = frames["mentions"]
    methods = ["gazetteer", "ner", "fuzzy", "coreference", "gazetteer"]
    mentions["method"] = [methods[i % len(methods)] for i in range(len(mentions))]
    mentions["score"] = [round(0.5 + (i * 7 % 5) / 10, 1) for i in range(len(mentions))]  # ties across documents
    mentions["reviewed"] = [i % 6 == 1 for i in range(len(mentions))]
    out = tmp_path / "queued"
    write_tables({name: conform(frame, name) for name, frame in frames.items()}, out, read_manifest(data_dir))
    tables = data_access.open_tables(out)
    expected = review_queue({"mentions": tables.mentions, "actors": tables.actors})
    view = select_view(tables, Filters())
    assert 3 < view.n_to_review == len(expected) < len(mentions)
    first = view.review_page(1, 1000)
    assert first["mention_id"].tolist() == expected["mention_id"].tolist()
    assert first["reason"].tolist() == expected["reason"].tolist()
    assert view.review_page(2, 2)["mention_id"].tolist() == expected["mention_id"].tolist()[2:4]
    narrowed = select_view(tables, Filters(outlets=("Beta Times",)))
    assert set(narrowed.review_page(1, 1000)["outlet"]) == {"Beta Times"}


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(actors=("al-qaim", "iraqi-army")),
        Filters(actor_types=("place",), outlets=("Beta Times",)),
        Filters(text="qaim"),
        Filters(date_from=date(2019, 2, 1)),
    ],
)
def test_data_access_counts_agree_with_the_filtered_mentions(tables, filters) -> None:
    """Counts come from the per-actor-and-outlet aggregate when the filters allow it, else from a
    scan; either way they must be the counts of the filtered mentions."""
    view = select_view(tables, filters)
    mentions = view.mentions
    assert view.n_mentions == len(mentions)
    counted = view.actor_counts.set_index("actor_id")["n_mentions"]
    assert counted.to_dict() == mentions["actor_id"].value_counts().to_dict()
    by_type = view.count_by("type").set_index("type")["n"]
    assert by_type.to_dict() == mentions["type"].value_counts().to_dict()
    assert str(by_type.dtype) == "int64"


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(outlets=("Beta Times",), date_from=date(2019, 1, 1)), Filters(actor_types=("armed_group",))],
)
def test_data_access_view_binds_values_by_name_not_position(tables, filters) -> None:
    """The filters' values and a query's own are bound by name: a literal question mark in the SQL,
    or the query's own values written before the filtered mentions, change nothing."""
    view = select_view(tables, filters)
    actor = tables.actor_key("kataib-hezbollah")
    expected = int(view.spellings("kataib-hezbollah").sum())
    sql = "SELECT count(*) AS n FROM (SELECT $actor AS wanted, '?' AS mark) w JOIN sel ON sel.actor_key = w.wanted"
    assert int(view.query(sql, {"actor": actor})["n"].iloc[0]) == expected


def test_data_access_view_refuses_a_query_value_named_like_a_filter(tables) -> None:
    view = select_view(tables, Filters(outlets=("Beta Times",)))
    with pytest.raises(ValueError, match="f_outlets"):
        view.query("SELECT count(*) AS n FROM sel WHERE outlet = $f_outlets", {"f_outlets": "x"})
