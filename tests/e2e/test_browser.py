"""Real browser: `streamlit run` + Debian chromium via playwright — filter, compare, download, read safely.

Every test runs twice: on the seed articles, built by the real pipeline, and on the synthetic
tables of tests/dashboard/conftest.py, whose hostile article is checked in the Reader.
Screenshots of the seed run go to docs/ when UPDATE_SCREENSHOTS=1, else to a temporary folder.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
VIEWS = ("timeline", "compare", "network", "map", "quotes", "reader", "problems")
HOSTILE_DOC = "d4"  # the synthetic article with <img onerror> and <script>
SETTLED = """() => !document.querySelector('[data-testid=stStatusWidget]')
    && !document.querySelector('[data-testid=stSkeleton]')
    && [...document.querySelectorAll('[data-testid=stPlotlyChart]')].every(chart => chart.querySelector('.main-svg'))"""

# Every browser test module's marks (`pytestmark = BROWSER_MARKS`).
BROWSER_MARKS = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium (apt-get install -y chromium)"
    ),
]
pytestmark = BROWSER_MARKS
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer at {url} within {timeout}s")


@pytest.fixture(scope="module", params=["seeds", "synthetic"])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    return request.param


@pytest.fixture(scope="module")
def data_dir(corpus: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built by the real pipeline, or the synthetic tables with the hostile article."""
    if corpus == "seeds":
        from pipeline.build import build_corpus
        from pipeline.config import PipelineConfig

        root = tmp_path_factory.mktemp("e2e-seeds")
        config = PipelineConfig(curation_file=root / "curation.yaml")  # never the repository's data/curation.yaml
        build_corpus(ROOT / "seeds", root / "data", config=config)
        return root / "data"
    return write_synthetic_corpus(tmp_path_factory.mktemp("e2e") / "data")


def write_synthetic_corpus(folder: Path) -> Path:
    """The synthetic tables of tests/dashboard/conftest.py written to `folder` (loaded by path: the
    dashboard tests' conftest is no importable module from here)."""
    spec = importlib.util.spec_from_file_location("dashboard_corpus", ROOT / "tests" / "dashboard" / "conftest.py")
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    return synthetic.write_corpus(folder)


@contextmanager
def serve_synthetic(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[str]:
    """The dashboard on a fresh copy of the synthetic tables, its URL while it runs."""
    with serve_dashboard(write_synthetic_corpus(tmp_path_factory.mktemp(name) / "data")) as url:
        yield url


@contextmanager
def serve_dashboard(data_dir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run dashboard.py` on a free loopback port, its URL while it runs. No file watcher:
    code edited meanwhile would show a "Source changed" prompt and the page would never settle."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", "--", "--data", str(data_dir)]  # fmt: skip
    environ = {**os.environ, **(env or {})}
    process = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def app_url(data_dir: Path) -> Iterator[str]:
    """The dashboard on the module's data, stopped after the module."""
    with serve_dashboard(data_dir) as url:
        yield url


@pytest.fixture(scope="module")
def shots(corpus: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: docs/ only when asked to update them, and only from the seeds."""
    if os.environ.get("UPDATE_SCREENSHOTS") == "1" and corpus == "seeds":
        return ROOT / "docs"
    return tmp_path_factory.mktemp("shots")


@contextmanager
def chromium_page(**options) -> Iterator:
    """A page of a fresh headless Chromium, 1440 x 1000, closed afterwards (every browser test's)."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1440, "height": 1000}, **options)
        finally:
            browser.close()


@pytest.fixture
def page(app_url: str):
    with chromium_page(accept_downloads=True) as page:
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        yield page


def open_view(page, url: str) -> None:
    """Load a URL and wait until the script has finished running."""
    page.goto(url)
    settle(page)


def settle(page, timeout: float = 45) -> None:
    """Wait until the script has stopped running and every chart is drawn, for 1.5 s in a row."""
    page.wait_for_selector("[data-testid=stApp]")
    deadline, calm = time.monotonic() + timeout, 0
    while calm < 3:
        if time.monotonic() > deadline:
            raise TimeoutError("the page kept running or drawing")
        calm = calm + 1 if page.evaluate(SETTLED) else 0
        page.wait_for_timeout(500)


def kpi(page, label: str) -> str:
    metric = page.locator("[data-testid=stMetric]").filter(has_text=label)
    return metric.locator("[data-testid=stMetricValue]").inner_text()


def test_browser_filter_compare_download(page, app_url: str, shots: Path) -> None:
    open_view(page, app_url + "/")
    page.screenshot(path=shots / "overview.png", full_page=True)
    total = int(kpi(page, "Mentions").replace(",", ""))
    actors = page.locator("[data-testid=stMultiSelect]").filter(has_text="Actors").locator("input")
    actors.click()
    page.get_by_role("option").filter(has_text=" · ").first.click()  # the most mentioned actor (not "select all")
    page.keyboard.press("Escape")
    settle(page)
    chosen = int(kpi(page, "Mentions").replace(",", ""))
    assert 0 < chosen < total
    assert "actor=" in page.url

    page.get_by_role("link", name="Compare sources").click()
    settle(page)
    assert "/compare" in page.url and "actor=" in page.url  # filters survive the page switch
    assert page.locator("h3").count() >= 1  # one column per outlet
    assert page.locator(".excerpt mark.hl").count() >= 1
    page.screenshot(path=shots / "compare.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(rf"Download CSV \({chosen} rows\)")).click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == chosen
    assert len({row["actor_id"] for row in rows}) == 1
    assert {"title", "outlet", "published", "sentence"} <= set(rows[0])
    assert not any(
        row[column].startswith(("=", "+", "@")) for row in rows for column in ("title", "sentence", "surface")
    )


def test_browser_reader_shows_hostile_html_as_text(page, app_url: str, shots: Path, corpus: str) -> None:
    hostile = corpus == "synthetic"
    open_view(page, app_url + (f"/reader?doc={HOSTILE_DOC}&mention=d4-m15" if hostile else "/reader"))
    article = page.locator(".article")
    assert article.count() == 1 and article.locator("mark").count() >= 1
    assert article.locator("img, script, iframe").count() == 0
    assert page.evaluate("() => document.querySelectorAll('img[src=x]').length") == 0
    if hostile:
        assert "<img src=x onerror=alert(1)>" in article.inner_text()
        assert "<script>alert(1)</script>" in article.inner_text()
        assert article.locator("mark.target").count() == 1
    page.wait_for_timeout(1000)
    assert page.dialogs == []
    page.screenshot(path=shots / "reader.png", full_page=True)


@pytest.mark.parametrize("view", [v for v in VIEWS if v not in ("compare", "reader")])
def test_browser_view_renders_without_error(page, app_url: str, shots: Path, view: str) -> None:
    open_view(page, f"{app_url}/{view}")
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("h1").first.inner_text().strip() != ""
    page.screenshot(path=shots / f"{view}.png", full_page=True)


def pick_option(page, label: str, index: int = 0) -> str:
    """Open the selectbox labelled `label` and choose its index-th option. RETURNS the option's text."""
    page.locator("[data-testid=stSelectbox]").filter(has_text=label).locator("input").click()
    option = page.get_by_role("option").nth(index)
    text = option.inner_text()
    option.click()
    settle(page)
    return text


def alert_with(page, text: str) -> str:
    """The first alert box that contains `text` (waiting for it): others, such as the notice of
    skipped files, may come first."""
    return page.locator("[data-testid=stAlert]").filter(has_text=text).first.inner_text()


def test_browser_curation_merge_changes_overview(page, app_url: str, shots: Path, corpus: str) -> None:
    """Last in the module: the merge changes the tables the other tests read."""
    if corpus != "seeds":  # the synthetic tables have no uncurated copy: the page says how to get one
        open_view(page, app_url + "/curation")
        assert "Rebuild them" in alert_with(page, "Rebuild them")
        assert page.locator("[data-testid=stException]").count() == 0
        return
    open_view(page, app_url + "/")
    before = int(kpi(page, "Actors").replace(",", ""))
    page.get_by_role("link", name="Curation").click()
    settle(page)
    page.get_by_label("Your name (recorded with every decision)").fill("E2E Analyst")
    page.keyboard.press("Enter")
    settle(page)
    merged = pick_option(page, "Merge this actor")
    into = pick_option(page, "into this one")
    assert merged != into
    page.get_by_role("button", name="Record decision").click()
    settle(page)
    assert "Recorded: Merge actor" in alert_with(page, "Recorded: Merge actor")
    assert page.locator("[data-testid=stException]").count() == 0
    page.get_by_role("tab", name="History").click()
    assert page.locator(".curation-item").filter(has_text="Merge actor ").count() == 1
    page.get_by_role("tab", name="Review queue").click()
    queued = page.get_by_role("button", name="Accept").count()
    assert queued >= 1
    page.screenshot(path=shots / "curation.png", full_page=True)
    page.get_by_role("button", name="Accept").first.click()
    settle(page)
    assert page.get_by_role("tab", name="Review queue").get_attribute("aria-selected") == "true"  # stays there
    assert "Recorded: Accept the mention" in alert_with(page, "Recorded: Accept the mention")
    page.get_by_role("link", name="Overview").click()
    settle(page)
    assert int(kpi(page, "Actors").replace(",", "")) == before - 1
