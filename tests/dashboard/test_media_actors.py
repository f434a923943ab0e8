"""Media actors (outlets named as sources, "told Delta Monitor") leave the rankings with one sidebar
toggle, kept in the URL; they stay in the actor picker and on their profile."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
from app_runner import open_app
from test_app import chart_traces, kpis

from components.filters import filters_from_params, filters_to_params
from data_access import Filters
from pipeline.schema import SCHEMA_VERSION, conform
from pipeline.store import write_tables

_CONFTEST = Path(__file__).resolve().parent / "conftest.py"
SENTENCE = "Kata'ib Hezbollah told Delta Monitor that Al-Qaim was calm."
FOUND = [("Kata'ib Hezbollah", "kataib-hezbollah"), ("Delta Monitor", "delta-monitor"), ("Al-Qaim", "al-qaim")]


def media_frames() -> dict[str, pd.DataFrame]:
    """conftest.build_frames() with one more sentence in d1 naming a media actor, Delta Monitor."""
    spec = importlib.util.spec_from_file_location("dashboard_corpus_for_media", _CONFTEST)
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    frames = corpus.build_frames()
    documents, sentences = frames["documents"], frames["sentences"]
    at = documents["doc_id"] == "d1"
    start = len(documents.loc[at, "text"].iloc[0])
    documents.loc[at, "text"] = documents.loc[at, "text"] + SENTENCE + "\n\n"
    sent_id = int(sentences.loc[sentences["doc_id"] == "d1", "sent_id"].max()) + 1
    end = start + len(SENTENCE)
    sentences.loc[len(sentences)] = dict(doc_id="d1", sent_id=sent_id, start=start, end=end, text=SENTENCE)
    mentions = frames["mentions"]
    for surface, actor_id in FOUND:
        begin = start + SENTENCE.index(surface)
        mentions.loc[len(mentions)] = {
            **mentions.iloc[0].to_dict(),
            "mention_id": f"d1-media-{actor_id}",
            "actor_id": actor_id,
            "surface": surface,
            "start": begin,
            "end": begin + len(surface),
            "sent_id": sent_id,
        }
    actors = frames["actors"]
    actors.loc[len(actors)] = {
        **actors.iloc[0].to_dict(),
        "actor_id": "delta-monitor",
        "name": "Delta Monitor",
        "type": "media",
        "aliases": ["Delta Monitor"],
        "lat": None,
        "lon": None,
    }
    counted = mentions.groupby("actor_id").agg(n_mentions=("doc_id", "size"), n_docs=("doc_id", "nunique"))
    frames["actors"] = actors.assign(
        n_mentions=actors["actor_id"].map(counted["n_mentions"]), n_docs=actors["actor_id"].map(counted["n_docs"])
    )
    return frames


@pytest.fixture
def media_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    out = tmp_path / "data"
    write_tables(
        {name: conform(frame, name) for name, frame in media_frames().items()},
        out,
        {"schema_version": SCHEMA_VERSION, "built_by": "tests/dashboard/test_media_actors.py"},
    )
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(out))
    return out


def ranked_names(at) -> set[str]:
    """The names on the overview's top-actors chart."""
    return {name for trace in chart_traces(at) for name in trace["y"]}


def network_names(at) -> set[str]:
    return {name for trace in chart_traces(at) if trace.get("mode") == "markers+text" for name in trace["hovertext"]}


def test_hide_media_round_trips_through_the_url() -> None:
    assert filters_to_params(Filters(hide_media=True)) == {"nomedia": "1"}
    assert filters_from_params({"nomedia": ["1"]}) == Filters(hide_media=True)
    assert filters_to_params(Filters()) == {}, "off by default: not written"


def test_hide_media_yields_to_an_actor_or_the_media_type_picked() -> None:
    assert Filters(hide_media=True).hides_media
    assert not Filters(hide_media=True, actors=("delta-monitor",)).hides_media
    assert not Filters(hide_media=True, actor_types=("media",)).hides_media


def test_media_toggle_hides_media_actors_from_the_overview_ranking(media_dir) -> None:
    at = open_app()
    assert at.sidebar.toggle(key="filters_nomedia").value is False, "off by default"
    assert "Delta Monitor" in ranked_names(at)
    total = int(kpis(at)["Mentions"])
    at.sidebar.toggle(key="filters_nomedia").set_value(True).run()
    assert not at.exception
    assert "Delta Monitor" not in ranked_names(at)
    assert "Kata'ib Hezbollah" in ranked_names(at)
    assert int(kpis(at)["Mentions"]) == total - 1, "only the media actor's one mention leaves"
    assert at.query_params["nomedia"] == "1"


def test_media_toggle_from_the_link_hides_media_from_the_network(media_dir) -> None:
    assert "Delta Monitor" in network_names(open_app("network"))
    at = open_app("network", nomedia="1")
    assert at.sidebar.toggle(key="filters_nomedia").value is True
    names = network_names(at)
    assert "Delta Monitor" not in names
    assert {"Kata'ib Hezbollah", "Al-Qaim"} <= names, "the sentence's other actors keep their tie"


def test_hidden_media_actor_stays_in_the_picker_and_on_its_profile(media_dir) -> None:
    at = open_app(nomedia="1")
    assert any("Delta Monitor" in option for option in at.sidebar.multiselect(key="filters_actors").options)
    at.sidebar.multiselect(key="filters_actors").set_value(["delta-monitor"]).run()
    assert kpis(at)["Mentions"] == "1", "an actor picked is shown, media or not"
    profile = open_app("actor", id="delta-monitor", nomedia="1")
    assert [h.value for h in profile.main.header] == ["Delta Monitor"]
    assert kpis(profile)["Mentions"] == "1", "the profile ignores the toggle, as it does the actor filters"


def test_profile_says_the_media_toggle_does_not_apply(media_dir) -> None:
    at = open_app("actor", id="kataib-hezbollah", nomedia="1", outlet="Alpha News")
    captions = " ".join(caption.value for caption in at.caption)
    assert "nor does *Hide media actors*" in captions
    assert "Filters applied: outlet Alpha News." in captions, "not 'media actors hidden': the profile ignores it"
