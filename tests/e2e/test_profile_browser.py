"""Real browser: an actor's profile opened by its URL (`/actor?id=ID`) shows the actor's name and its
charts, and the Overview's profile links lead there. On the synthetic tables of tests/dashboard/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_browser import BROWSER_MARKS, chromium_page, open_view, serve_synthetic, settle

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_synthetic(tmp_path_factory, "e2e-profile") as url:
        yield url


@pytest.fixture
def page():
    with chromium_page() as page:
        yield page


def test_profile_browser_opens_by_url_with_name_and_charts(page, app_url: str) -> None:
    open_view(page, app_url + "/actor?id=kataib-hezbollah")
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("h1").first.inner_text().strip() == "Actor profile"
    assert page.locator("h2").filter(has_text="Kata'ib Hezbollah").count() == 1
    charts = page.locator("[data-testid=stPlotlyChart] .main-svg")
    assert charts.count() >= 2  # mentions over time and the small map
    assert page.locator("[data-testid=stPlotlyChart]").first.locator(".bars path, .point path").count() >= 1
    assert "id=kataib-hezbollah" in page.url


def test_profile_browser_unknown_id_says_so(page, app_url: str) -> None:
    open_view(page, app_url + "/actor?id=no-such-actor")
    assert page.get_by_text("No actor has the id").count() == 1
    assert page.locator("[data-testid=stException]").count() == 0


def test_profile_browser_overview_link_opens_the_profile(page, app_url: str) -> None:
    open_view(page, app_url + "/")
    page.locator(".profile-links a").filter(has_text="Al-Qaim").click()
    settle(page)
    assert "/actor" in page.url and "id=al-qaim" in page.url
    assert page.locator("h2").filter(has_text="Al-Qaim").count() == 1
