"""AppTest: the Search page lists the articles a query finds with marked snippets and Reader links,
the search narrows the other views, a malformed query says why, and the actor picker knows aliases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_runner import open_app
from streamlit.testing.v1 import AppTest

from pipeline.config import PipelineConfig
from pipeline.curation import recurate, uncurated_dir
from pipeline.search import load_rules, write_index
from pipeline.store import SEARCH_INDEX, read_manifest, read_tables

LINK = re.compile(r'<a href="(reader\?[^"]+)"')


def html_blocks(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def mentions_shown(at: AppTest) -> str:
    return {metric.label: metric.value for metric in at.metric}["Mentions"]


@pytest.fixture
def indexed_dir(data_dir: Path) -> Path:
    """The synthetic tables with the search index a build writes beside them."""
    sentences = read_tables(data_dir, ("sentences",))["sentences"]
    digest = read_manifest(data_dir)["tables"]["sentences"]
    rules = load_rules(PipelineConfig().patterns_dir / "names.yaml")
    write_index(data_dir / SEARCH_INDEX, sentences, rules, sentences_digest=digest, previous=None)
    return data_dir


def test_search_view_lists_articles_with_marked_snippets_and_reader_links(indexed_dir) -> None:
    at = open_app("search", q="Kata’ib Hezbollah")  # curly apostrophe; the articles write Kata'ib
    body = html_blocks(at)
    assert '<mark class="hl">Kata&#x27;ib Hezbollah</mark>' in body
    assert '<mark class="hl">KH</mark>' in body  # an alias of the actor the query names
    assert any("3 article(s) found" in caption.value for caption in at.caption)
    assert not any("indexed in memory" in caption.value for caption in at.caption)
    links = LINK.findall(body)
    assert len(links) == 3 and all("hit=" in link and "q=Kata" in link for link in links)
    assert "&lt;img src=x onerror=alert(1)&gt;" in body and "<img" not in body  # d4's snippet, escaped


def test_search_view_reader_link_opens_the_article_at_the_hit(indexed_dir) -> None:
    at = open_app("search", q="smuggling")
    (link,) = LINK.findall(html_blocks(at))
    params = dict(pair.split("=", 1) for pair in link.split("?", 1)[1].replace("&amp;", "&").split("&"))
    assert params["doc"] == "d2"
    reader = open_app("reader", doc=params["doc"], hit=params["hit"], q="smuggling")
    body = html_blocks(reader)
    assert '<mark class="hit target" title="search hit" id="hit">Smuggling</mark>' in body
    assert 'getElementById("hit")' in body


def test_search_view_without_index_file_indexes_in_memory(data_dir) -> None:
    at = open_app("search", q="Captagon OR smuggling")
    assert any("indexed in memory" in caption.value for caption in at.caption)
    assert len(LINK.findall(html_blocks(at))) == 1


@pytest.mark.parametrize(
    ("query", "mentions"),
    [
        ("Kata'ib", "5"),  # the three sentences naming it, with the places and states in them
        ("KH OR Qaim", "12"),  # KH names Kata'ib Hezbollah: every sentence naming it, and Qaim's
        ("Qaim NOT strike", "7"),  # d1 and d3: d2 (which has "strike") drops out
        ('"crossing was secure"', "1"),
    ],
)
def test_search_view_search_narrows_the_overview(indexed_dir, query: str, mentions: str) -> None:
    at = open_app(q=query)
    assert mentions_shown(at) == mentions


def test_search_view_malformed_query_says_why_without_a_traceback(indexed_dir) -> None:
    at = open_app("search", q="\"Kata'ib AND")
    assert any("no closing quote" in error.value for error in at.error)
    assert any("no closing quote" in error.value for error in at.sidebar.error)
    at = open_app(q="smuggling AND")
    assert mentions_shown(at) == "0" and any("AND needs" in error.value for error in at.sidebar.error)


def test_search_view_actor_picker_finds_actors_by_alias(indexed_dir) -> None:
    at = open_app()
    options = at.sidebar.multiselect(key="filters_actors").options
    assert any(option.startswith("Kata'ib Hezbollah ·") and option.endswith("· KH") for option in options)
    assert any(option.startswith("Popular Mobilization Forces ·") and "PMF" in option for option in options)


def test_search_view_index_stays_current_when_curation_rewrites_the_tables(tmp_path, corpus_writer, monkeypatch):
    out = tmp_path / "data"
    corpus_writer(uncurated_dir(out))
    recurate(out, tmp_path / "curation.yaml")
    sentences = read_tables(out, ("sentences",))["sentences"]
    rules = load_rules(PipelineConfig().patterns_dir / "names.yaml")
    write_index(out / SEARCH_INDEX, sentences, rules, sentences_digest=read_manifest(out)["tables"]["sentences"],
                previous=None)  # fmt: skip
    (tmp_path / "curation.yaml").write_text(
        "schema_version: 1\ndecisions:\n- {id: d1, kind: rename, actor: pmf, name: Hashd, by: T, at: '2026-01-01'}\n"
    )
    recurate(out, tmp_path / "curation.yaml")  # curation never changes the sentences: the index is still theirs
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(out))
    at = open_app("search", q="Hashd")
    assert not any("indexed in memory" in caption.value for caption in at.caption)
    assert len(LINK.findall(html_blocks(at))) == 2  # the renamed actor's name finds its mentions (d1, d3)
