"""Real browser: full-text search on the seeds built by the real pipeline (with the index file the build
writes). Typing Kata'ib with a straight apostrophe finds all five articles, whose text writes Kata’ib;
the Search page marks the hits and its links open the Reader at the hit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import BROWSER_MARKS, chromium_page, open_view, serve_dashboard, settle

ROOT = Path(__file__).resolve().parents[2]

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def seeds_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipeline.build import build_corpus
    from pipeline.config import PipelineConfig
    from pipeline.store import SEARCH_INDEX

    root = tmp_path_factory.mktemp("e2e-search")
    build_corpus(ROOT / "seeds", root / "data", config=PipelineConfig(curation_file=root / "curation.yaml"))
    assert (root / "data" / SEARCH_INDEX).is_file()
    return root / "data"


@pytest.fixture(scope="module")
def app_url(seeds_dir: Path) -> Iterator[str]:
    with serve_dashboard(seeds_dir) as url:
        yield url


@pytest.fixture
def page():
    with chromium_page() as page:
        yield page


def test_search_browser_finds_every_article_and_opens_the_reader_at_the_hit(page, app_url: str) -> None:
    open_view(page, app_url + "/search")
    box = page.get_by_role("textbox", name="Search", exact=True)
    box.fill("Kata'ib")
    box.press("Enter")
    settle(page)
    assert "q=Kata" in page.url
    articles = page.locator(".hit-article")
    assert articles.count() == 5  # the actor's five articles: the text writes Kata’ib or Kataib
    marked = page.locator(".hit-article mark.hl").all_inner_texts()
    assert "Kata’ib" in marked and "Kataib" in marked
    assert page.get_by_text("indexed in memory").count() == 0  # the build wrote the index

    with page.context.expect_page() as opened:
        articles.first.locator("a").click()
    reader = opened.value
    settle(reader)
    assert "/reader" in reader.url and "hit=" in reader.url and "q=Kata" in reader.url
    target = reader.locator(".article mark.target")
    assert target.count() == 1 and "Kata’ib" in target.inner_text()


def test_search_browser_or_query_and_a_malformed_one(page, app_url: str) -> None:
    open_view(page, app_url + "/search?q=Captagon+OR+smuggling")
    assert page.locator(".hit-article").count() == 3
    assert {text.lower() for text in page.locator(".hit-article mark.hl").all_inner_texts()} >= {
        "captagon",
        "smuggling",
    }
    open_view(page, app_url + "/search?q=%22Captagon")
    assert page.get_by_text("has no closing quote").count() >= 1
    assert page.locator("[data-testid=stException]").count() == 0
