"""The whole pipeline on the seed articles: the contract holds, and the actors are the ones an analyst lists."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from pipeline.names import name_key
from pipeline.schema import ACTOR_TYPES, DATE_BASES, DESCRIBED_ID, GRANULARITIES, MENTION_METHODS, TABLES
from tests.evaluation.seed_scoring import score_tables

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tables(seed_build):
    return seed_build[1]


def _actor_of(tables, surface: str, doc_prefix: str | None = None) -> set[str]:
    mentions = tables["mentions"]
    rows = mentions[mentions["surface"] == surface]
    if doc_prefix:
        rows = rows[rows["doc_id"].str.startswith(doc_prefix)]
    return set(rows["actor_id"])


def test_pipeline_seeds_every_table_has_the_contract_columns(tables):
    for name, columns in TABLES.items():
        assert list(tables[name].columns) == list(columns), name


@pytest.mark.parametrize("table", ["mentions", "dates", "sentences"])
def test_pipeline_seeds_offsets_point_into_document_text(tables, table):
    texts = dict(zip(tables["documents"]["doc_id"], tables["documents"]["text"], strict=False))
    column = "surface" if table == "mentions" else "text"
    frame = tables[table]
    assert len(frame) > 0
    bad = [row for row in frame.itertuples() if texts[row.doc_id][row.start : row.end] != getattr(row, column)]
    assert bad == []


def test_pipeline_seeds_quotes_point_into_document_text(tables):
    texts = dict(zip(tables["documents"]["doc_id"], tables["documents"]["text"], strict=False))
    quotes = tables["quotes"]
    assert len(quotes) >= 20
    assert all(texts[q.doc_id][q.start : q.end] == q.quote for q in quotes.itertuples())


def test_pipeline_seeds_mentions_lie_in_their_sentence(tables):
    merged = tables["mentions"].merge(tables["sentences"], on=["doc_id", "sent_id"], suffixes=("", "_sent"))
    assert len(merged) == len(tables["mentions"])
    assert ((merged["start"] >= merged["start_sent"]) & (merged["end"] <= merged["end_sent"])).all()


def test_pipeline_seeds_values_are_in_their_vocabularies(tables):
    assert set(tables["actors"]["type"]) <= set(ACTOR_TYPES)
    assert set(tables["mentions"]["method"]) <= set(MENTION_METHODS)
    assert set(tables["dates"]["basis"]) <= set(DATE_BASES)
    assert set(tables["dates"]["granularity"].dropna()) <= set(GRANULARITIES)
    # every actor is mentioned, but a party an event describes without naming it ("unidentified gunmen")
    mentioned, actors = set(tables["mentions"]["actor_id"]), set(tables["actors"]["actor_id"])
    assert mentioned <= actors
    assert all(actor_id.startswith(DESCRIBED_ID) for actor_id in actors - mentioned), actors - mentioned


def test_pipeline_seeds_precision_and_recall_against_our_annotation(tables):
    score = score_tables(tables)
    print(score.report())
    assert score.recall >= 0.9, score.report()
    assert score.precision >= 0.85, score.report()
    assert score.split == [], score.report()
    assert score.bad_mentions == [], score.report()


@pytest.mark.parametrize(
    "spellings",
    [
        ["Popular Mobilization Units", "PMUs", "PMU", "PMF", "Popular Mobilization Forces"],
        ["Kata’ib Hezbollah", "Kataib Hezbollah", "Kataib Hizbullah", "Hezbollah Brigades"],
        ["Qaim", "Al Qaim", "al-Qaim", "Al-Qaim", "QAIM"],
        ["Akkaz gas field", "Akkas gas field"],
        ["Tufuf Brigade", "Liwa Al Toufuf"],
        ["United States", "United Sates", "US", "U.S."],
        ["Islamic State", "IS", "ISIS"],
        ["Nasrallah", "Ahmed Nasrallah"],
        ["Park", "Kent Park"],
        ["Al-Yacoubi", "Saleh Al-Yacoubi"],
        ["Karbouly", "Moussa Hamad al-Karbouly"],
        ["Deir ez-Zor", "Deir Ezzor"],
    ],
)
def test_pipeline_seeds_spellings_resolve_to_one_actor(tables, spellings):
    keys = {name_key(s) for s in spellings}
    mentions = tables["mentions"]
    found = mentions[mentions["surface"].map(name_key).isin(keys)]
    assert set(found["surface"].map(name_key)) == keys, "some spelling was never found"
    assert found["actor_id"].nunique() == 1, found.groupby("surface")["actor_id"].unique()


@pytest.mark.parametrize(
    ("surface", "actor_type"),
    [
        ("Qaim", "place"),
        ("Al-Monitor", "media"),
        ("Rutba", "place"),
        ("Aaly al-Furat Brigade", "armed_group"),
        ("Hejin", "place"),
    ],
)
def test_pipeline_seeds_gazetteer_corrects_the_model(tables, surface, actor_type):
    actor_ids = _actor_of(tables, surface)
    types = set(tables["actors"].set_index("actor_id").loc[sorted(actor_ids), "type"])
    assert types == {actor_type}


@pytest.mark.parametrize("word", ["Getty", "AFP", "Continue reading", "Captcha", "cookies", "More from", "Photo:"])
def test_pipeline_seeds_boilerplate_is_gone(tables, word):
    assert not tables["documents"]["text"].str.contains(word, regex=False).any()
    assert not tables["mentions"]["surface"].str.contains(word, regex=False).any()


def test_pipeline_seeds_non_actors_are_not_mentions(tables):
    assert tables["documents"]["text"].str.contains("Captagon").any()
    assert not tables["mentions"]["surface"].str.contains("Captagon").any()


def test_pipeline_seeds_linking_methods_are_recorded(tables):
    methods = tables["mentions"].groupby("surface")["method"].agg(set)
    assert "coreference" in methods["Nasrallah"]
    assert "coreference" in methods["Park"]
    assert set(methods["United Sates"]) == {"fuzzy"}
    assert "gazetteer" in methods["Kata’ib Hezbollah"]


def test_pipeline_seeds_places_have_coordinates(tables):
    actors = tables["actors"].set_index("actor_id")
    places = actors[actors["type"] == "place"]
    assert places["lat"].notna().mean() >= 0.9, places[places["lat"].isna()].index.tolist()
    qaim = actors.loc[next(iter(_actor_of(tables, "Al Qaim")))]
    assert 34.0 < qaim["lat"] < 34.7 and 40.7 < qaim["lon"] < 41.3


@pytest.mark.parametrize(
    ("doc_prefix", "expression", "value", "granularity", "basis"),
    [
        ("000", "Dec. 19", datetime.date(2018, 12, 19), "day", "absolute"),
        ("000", "mid-December", datetime.date(2018, 12, 11), "month", "absolute"),
        ("001", "last month", datetime.date(2018, 12, 1), "month", "relative"),
        ("001", "last June", datetime.date(2018, 6, 1), "month", "relative"),
        ("001", "November 2017", datetime.date(2017, 11, 1), "month", "absolute"),
        ("002", "early October", datetime.date(2018, 10, 1), "month", "absolute"),
        ("003", "the 1980s", datetime.date(1980, 1, 1), "decade", "absolute"),
    ],
)
def test_pipeline_seeds_dates_resolve_against_publication(tables, doc_prefix, expression, value, granularity, basis):
    dates = tables["dates"]
    rows = dates[dates["doc_id"].str.startswith(doc_prefix) & (dates["text"] == expression)]
    assert len(rows) >= 1, sorted(dates.loc[dates["doc_id"].str.startswith(doc_prefix), "text"])
    row = rows.iloc[0]
    assert (row["value"], row["granularity"], row["basis"]) == (value, granularity, basis)


def test_pipeline_seeds_mentions_carry_sentence_or_publication_dates(tables):
    mentions = tables["mentions"]
    assert set(mentions["date_basis"].dropna()) <= {"sentence", "published"}
    hejin = mentions[(mentions["surface"] == "Hejin") & mentions["doc_id"].str.startswith("000")]
    assert datetime.date(2018, 12, 1) in set(hejin["date"])  # "retaken in December by ... SDF"


@pytest.mark.parametrize(
    ("doc_prefix", "speaker_surface", "fragment"),
    [
        ("001", "Saleh Al-Yacoubi", "We normally have daily sightings"),
        ("001", "Saleh Al-Yacoubi", "If they are armed, we hit them with full force"),
        ("001", "Ahmed Al-Dilemi", "If the car is approved by the army"),
        ("001", "Kent Park", "We have never targeted the PMF"),
        ("001", "Ahmed Nasrallah", "This is the second line of defense"),
        ("000", "Moussa Hamad al-Karbouly", "This is bigger than the Iraqi government"),
        ("004", "Tariq al-Shammari", "the regional chaos project"),
    ],
)
def test_pipeline_seeds_quotes_have_their_speakers(tables, doc_prefix, speaker_surface, fragment):
    quotes = tables["quotes"]
    rows = quotes[quotes["doc_id"].str.startswith(doc_prefix) & quotes["quote"].str.contains(fragment, regex=False)]
    assert len(rows) == 1, fragment
    assert rows.iloc[0]["speaker_id"] in _actor_of(tables, speaker_surface, doc_prefix)


def test_pipeline_seeds_documents_metadata_and_its_basis(tables):
    documents = tables["documents"].set_index(tables["documents"]["doc_id"].str[:3])
    assert documents.at["002", "published"] == datetime.date(2018, 10, 29)
    assert documents.at["002", "published_basis"] == "inferred"
    assert documents.at["000", "published_basis"] == "metadata"
    assert documents.at["004", "author"] == "Anas al-Bar"
    assert documents.at["000", "dateline"] == "Qaim, Iraq"
    assert documents.at["004", "title"] == "Iran-aligned militias mass on Iraq-Syria border"
    assert pd.notna(documents.at["003", "title"])
