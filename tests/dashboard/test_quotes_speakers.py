"""Quotes view: a speaker who is no actor has an empty profile cell (not "None"), and a speaker written
as a pronoun alone ("he said") never shows as a speaker."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
from app_runner import open_app

from pipeline.schema import SCHEMA_VERSION, conform
from pipeline.store import write_tables

_CONFTEST = Path(__file__).resolve().parent / "conftest.py"
EXTRA_QUOTES = [
    # doc_id, sent_id, speaker_id, speaker, quote: the quote is a piece of that sentence
    ("d2", 2, None, "he", "Smuggling through Qaim"),  # a pronoun nobody stands for
    ("d3", 1, None, "a local official", "attacks fell sharply"),  # a description, no actor
    ("d1", 1, "pmf", "They", "the crossing was secure"),  # a pronoun the pipeline resolved: the actor's name
    ("d3", 0, None, None, "deployed to Al-Qaim"),  # no speaker at all
]


def quote_frames() -> dict[str, pd.DataFrame]:
    """conftest.build_frames() with the EXTRA_QUOTES."""
    spec = importlib.util.spec_from_file_location("dashboard_corpus_for_quotes", _CONFTEST)
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    corpus.QUOTES = [*corpus.QUOTES, *EXTRA_QUOTES]
    return corpus.build_frames()


@pytest.fixture
def quotes_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    out = tmp_path / "data"
    write_tables(
        {name: conform(frame, name) for name, frame in quote_frames().items()},
        out,
        {"schema_version": SCHEMA_VERSION, "built_by": "tests/dashboard/test_quotes_speakers.py"},
    )
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(out))
    return out


def test_quotes_view_never_names_a_pronoun_and_leaves_no_profile_empty(quotes_dir) -> None:
    at = open_app("quotes")
    options = at.multiselect(key="quotes_speakers").options
    assert not any(option.split(" · ")[0].strip().lower() in {"he", "they", "", "none"} for option in options)
    assert any(option.startswith("Popular Mobilization Forces") for option in options), "a resolved pronoun: its actor"
    assert any(option.startswith("a local official") for option in options)
    shown = at.dataframe[0].value
    assert len(shown) == 6, "every quote is listed, with or without a speaker"
    speakers = shown["speaker"].tolist()
    assert not {"he", "He", "They", "None"} & set(map(str, speakers))
    assert shown["speaker"].notna().all() and shown["speaker_profile"].notna().all(), "no cell reads None"
    by_quote = shown.set_index("quote")
    assert by_quote.loc["Smuggling through Qaim", "speaker"] == ""
    assert by_quote.loc["Smuggling through Qaim", "speaker_profile"] == ""
    assert by_quote.loc["attacks fell sharply", "speaker_profile"] == ""
    assert by_quote.loc["the crossing was secure", "speaker_profile"].endswith("id=pmf")
    assert any("2 with no speaker named" in caption.value for caption in at.caption)


def test_quotes_picker_of_a_named_speaker_keeps_the_count(quotes_dir) -> None:
    at = open_app("quotes", speaker="a local official")
    assert at.multiselect(key="quotes_speakers").value == ["a local official"]
    assert at.dataframe[0].value["quote"].tolist() == ["attacks fell sharply"]


def test_profile_quotes_name_the_actor_not_the_pronoun(quotes_dir) -> None:
    at = open_app("actor", id="pmf")
    said = next(frame.value for frame in at.dataframe if "the crossing was secure" in set(frame.value.get("quote", [])))
    assert said["speaker"].tolist() == ["Popular Mobilization Forces"], "'They' said it, the pipeline resolved to PMF"
