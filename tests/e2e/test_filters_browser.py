"""Real browser: a filter chosen in the sidebar (an outlet, the media toggle) is in the URL and survives
a reload, and a click on a bar of the Overview's top-actors chart filters every view. On the
synthetic tables of tests/dashboard/conftest.py (17 mentions, 8 of them in Beta Times)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from test_browser import BROWSER_MARKS, chromium_page, kpi, open_view, serve_synthetic, settle

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_synthetic(tmp_path_factory, "e2e-filters") as url:
        yield url


@pytest.fixture
def page():
    with chromium_page() as page:
        yield page


def leaves(url: str) -> bool:
    """True for a request to another machine (a data:, blob: or loopback URL stays here)."""
    parts = urlsplit(url)
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname not in {"127.0.0.1", "localhost"}


def mentions(page) -> int:
    return int(kpi(page, "Mentions").replace(",", ""))


def pick_beta_times_and_hide_media(page):
    """Two sidebar changes, one history entry each: the outlet Beta Times, then the media toggle.
    RETURNS the outlet picker."""
    outlets = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text="Outlet")
    outlets.locator("input").click()
    page.get_by_role("option", name="Beta Times").click()
    page.keyboard.press("Escape")
    settle(page)
    page.locator("[data-testid=stSidebar]").get_by_text("Hide media actors").click()
    settle(page)
    return outlets


def test_filters_browser_sidebar_choice_survives_reload(page, app_url: str) -> None:
    open_view(page, app_url + "/")
    assert mentions(page) == 17
    outlets = pick_beta_times_and_hide_media(page)
    assert mentions(page) == 8
    assert "outlet=Beta+Times" in page.url and "nomedia=1" in page.url

    page.reload()
    settle(page)
    assert mentions(page) == 8, "the reloaded page reads the filter from the URL"
    assert outlets.get_by_text("Beta Times").count() == 1, "and shows it in the sidebar"
    assert page.get_by_role("switch", name="Hide media actors").is_checked()
    assert not page.get_by_role("switch", name="Count each story once").is_checked()
    assert "outlet=Beta+Times" in page.url and "nomedia=1" in page.url


def test_filters_browser_click_on_a_bar_filters_every_view(page, app_url: str) -> None:
    open_view(page, app_url + "/")
    assert "actor=" not in page.url
    bar = page.locator("[data-testid=stPlotlyChart]").first.locator(".bars path").first
    box = bar.bounding_box()
    assert box is not None and box["width"] > 2
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # plotly's drag layer takes it
    settle(page)
    assert "actor=" in page.url, "the bar's actor became the sidebar filter, and the URL's"
    chosen = mentions(page)
    assert 0 < chosen < 17
    actors = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text="Actors")
    assert "All actors" not in actors.inner_text(), "the sidebar shows the actor picked"

    page.get_by_role("link", name="Network").click()
    settle(page)
    assert "/network" in page.url and "actor=" in page.url, "the other views follow"
    page.get_by_role("link", name="Overview").click()
    settle(page)
    assert mentions(page) == chosen


def test_filters_browser_chart_png_is_named_after_the_filters_and_nothing_leaves_the_machine(app_url: str) -> None:
    with chromium_page(accept_downloads=True) as page:
        outside: list[str] = []
        page.on("request", lambda request: outside.append(request.url) if leaves(request.url) else None)
        open_view(page, app_url + "/?outlet=Beta+Times")
        chart = page.locator("[data-testid=stPlotlyChart]").first
        chart.hover()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download plot as a PNG").first.click()
        assert download.value.suggested_filename == "top-actors_overview_beta-times.png"
        for view in ("map?show=places", "map?actor=kataib-hezbollah&show=places", "map", "network", "timeline"):
            open_view(page, f"{app_url}/{view}")
            assert page.locator("[data-testid=stException]").count() == 0
        assert outside == [], "no chart, map or page asset is fetched from the internet"


def test_filters_browser_back_undoes_a_filter_change_and_forward_redoes_it(page, app_url: str) -> None:
    """Every filter change is a new browser history entry (Streamlit pushes one per query-string
    change); Back brings the previous address and the sidebar and the page follow it."""
    open_view(page, app_url + "/")
    outlets = pick_beta_times_and_hide_media(page)
    assert mentions(page) == 8 and "nomedia=1" in page.url

    page.go_back()
    settle(page)
    assert "outlet=Beta+Times" in page.url and "nomedia=1" not in page.url, "Back undoes the last change only"
    assert not page.get_by_role("switch", name="Hide media actors").is_checked()
    assert outlets.get_by_text("Beta Times").count() == 1
    with_media = mentions(page)
    assert with_media >= 8

    page.go_back()
    settle(page)
    assert "outlet=" not in page.url and mentions(page) == 17, "a second Back undoes the outlet"
    assert outlets.get_by_text("Beta Times").count() == 0

    page.go_forward()
    settle(page)
    assert "outlet=Beta+Times" in page.url and mentions(page) == with_media, "Forward redoes it"
    assert outlets.get_by_text("Beta Times").count() == 1
