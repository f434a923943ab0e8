"""The pipeline on an article written for this test (tests/articles/): the rules hold for text nobody tuned on."""

from __future__ import annotations

import datetime

import pytest

from pipeline.config import PROJECT_DIR

pytestmark = pytest.mark.slow
ARTICLES = PROJECT_DIR / "tests" / "articles"


@pytest.fixture(scope="module")
def tables(folder_builder, tmp_path_factory):
    return folder_builder(ARTICLES, tmp_path_factory.mktemp("data"))[1]


def _mentions(tables, surface):
    mentions = tables["mentions"]
    return mentions[mentions["surface"] == surface]


def _actor(tables, actor_id):
    return tables["actors"].set_index("actor_id").loc[actor_id]


def test_unseen_abbreviation_defined_in_the_text_links_to_its_long_form(tables):
    long_form = _mentions(tables, "Nineveh Plains Protection Units")
    short = _mentions(tables, "NPU")
    assert len(long_form) == 1 and len(short) >= 3
    assert set(short["actor_id"]) == set(long_form["actor_id"])
    assert "abbreviation" in set(short["method"])
    assert _actor(tables, long_form["actor_id"].iat[0])["type"] == "armed_group"


def test_unseen_surnames_refer_back_to_the_full_name(tables):
    for surname, full in [("Abdullah", "Yahya Rasool Abdullah"), ("Hassoun", "Karim Jabbar Hassoun")]:
        assert set(_mentions(tables, surname)["method"]) == {"coreference"}
        assert set(_mentions(tables, surname)["actor_id"]) == set(_mentions(tables, full)["actor_id"])


def test_unseen_titles_are_not_part_of_names(tables):
    names = set(tables["actors"]["name"])
    assert "Karim Jabbar Hassoun" in names
    assert not any(name.startswith(("Staff", "Maj.", "Gen.")) for name in names)


def test_unseen_transliteration_and_typo_reach_the_gazetteer_actor(tables):
    kataeb = _mentions(tables, "Kataeb Hizballah")
    sdf = _mentions(tables, "Syrian Democratc Forces")
    assert set(kataeb["method"]) == {"fuzzy"} and set(sdf["method"]) == {"fuzzy"}
    assert bool(_actor(tables, kataeb["actor_id"].iat[0])["in_gazetteer"])
    assert bool(_actor(tables, sdf["actor_id"].iat[0])["in_gazetteer"])
    assert _actor(tables, kataeb["actor_id"].iat[0])["type"] == "armed_group"


def test_unseen_non_actors_stay_out(tables):
    assert _mentions(tables, "Captagon").empty


def test_unseen_places_found_and_located(tables):
    sinjar = _actor(tables, _mentions(tables, "Sinjar")["actor_id"].iat[0])
    assert sinjar["type"] == "place" and 36 < sinjar["lat"] < 37


def test_unseen_dates_resolve_against_the_sidecar_date(tables):
    dates = tables["dates"].set_index("text")
    assert dates.at["last week", "basis"] == "relative"
    assert dates.at["last week", "value"] == datetime.date(2023, 6, 5)
    assert dates.at["early March", "value"] == datetime.date(2023, 3, 1)
    assert dates.at["the 1990s", "granularity"] == "decade"
    assert dates.at["Sunday", "value"] == datetime.date(2023, 6, 11)


def test_unseen_quotes_and_their_speakers(tables):
    quotes = tables["quotes"]
    abdullah = set(_mentions(tables, "Yahya Rasool Abdullah")["actor_id"])
    hassoun = set(_mentions(tables, "Karim Jabbar Hassoun")["actor_id"])
    by_fragment = {row.quote.split()[0] + " " + row.quote.split()[1]: row.speaker_id for row in quotes.itertuples()}
    assert by_fragment["We will"] in abdullah
    assert by_fragment["Our people"] in abdullah
    assert by_fragment["The army"] in hassoun


def test_unseen_document_metadata_from_the_sidecar_and_text(tables):
    document = tables["documents"].iloc[0]
    assert document["outlet"] == "Example Wire" and document["outlet_basis"] == "metadata"
    assert document["published"] == datetime.date(2023, 6, 14)
    assert document["title"] == "Militia rivalry flares in Sinjar as Baghdad tightens border"
    assert document["dateline"] == "Sinjar, Iraq"
