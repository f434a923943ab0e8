"""Real browser: Markdown and HTML from data, URLs and analysts are shown as text (issue 16, item 4).

A corpus whose outlets, titles, actor names, speaker, an article sentence and problems carry
Markdown links and images, `<img src=…>` tags and `javascript:` links (tests/dashboard/
hostile_corpus.py) points every URL at a loopback server this test runs, which records each
request. Chromium opens every view, the same with a hostile `?q=`, opens the pickers, hovers a
chart, records a curation rename and note full of Markdown, and then: the server was never asked
for anything, the browser never requested it, no element carries a link or image source from the
data (nor a `javascript:` one), no dialog opened, and the hostile text is on the page as written.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from test_browser import BROWSER_MARKS, chromium_page, open_view, serve_dashboard, settle

ROOT = Path(__file__).resolve().parents[2]
WORD_JOINER = "\u2060"  # components.plain puts one before 'http', 'www.' and '@' in Markdown text
VIEWS = ("overview", "timeline", "compare", "network", "events", "map", "quotes", "reader", "curation", "problems")
# Attributes through which an element loads or links to a URL.
URL_ATTRIBUTES = """(base) => [...document.querySelectorAll('*')].flatMap(el => el.getAttributeNames()
    .filter(name => /(^|:)(href|src|srcset|action|formaction|poster|data|background)$/i.test(name) || name === 'style')
    .map(name => [el.tagName, name, el.getAttribute(name) || ''])
    .filter(([tag, name, value]) => value.includes(base) || /^\\s*javascript:/i.test(value)
        || (name === 'style' && /url\\(/i.test(value) && value.includes(base))))"""

STATE = """() => ({running: !!document.querySelector('[data-testid=stStatusWidget]'),
    skeleton: !!document.querySelector('[data-testid=stSkeleton]'),
    charts: [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(c => !!c.querySelector('.main-svg'))})"""

pytestmark = BROWSER_MARKS


class _Recorder(BaseHTTPRequestHandler):
    """Answers every request with 204 and remembers its path."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    do_POST = do_HEAD = do_GET

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def recorder() -> Iterator[ThreadingHTTPServer]:
    """A loopback HTTP server that records every request it gets (there must be none)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def base(recorder: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{recorder.server_address[1]}"


@pytest.fixture(scope="module")
def hostile(base: str, tmp_path_factory: pytest.TempPathFactory):
    """The hostile corpus module and its data folder (with an uncurated copy, so curation works)."""
    spec = importlib.util.spec_from_file_location("hostile_corpus", ROOT / "tests" / "dashboard" / "hostile_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, module.write_hostile_corpus(tmp_path_factory.mktemp("e2e-hostile"), base)


@pytest.fixture(scope="module")
def app_url(hostile) -> Iterator[str]:
    _, data_dir = hostile
    with serve_dashboard(data_dir) as url:
        yield url


@pytest.fixture
def page(base: str):
    """A page that records every request to the loopback server and every dialog."""
    with chromium_page() as page:
        page.dialogs, page.asked = [], []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: page.asked.append(request.url) if base in request.url else None)
        yield page


def assert_inert(page, base: str, where: str) -> None:
    """No element of the page links to or loads the loopback URL, or a javascript: URL."""
    found = page.evaluate(URL_ATTRIBUTES, base)
    assert found == [], f"{where}: {found}"
    assert page.locator("[data-testid=stException]").count() == 0, where


def visit(page, url: str) -> None:
    """open_view, naming the URL and what was still running when the page does not settle."""
    try:
        open_view(page, url)
    except TimeoutError as error:
        state = page.evaluate(STATE)
        raise TimeoutError(f"{url} did not settle: {state}") from error


def as_read(text: str) -> str:
    """Text as the analyst reads it: without the invisible word joiners that keep bare URLs text."""
    return text.replace(WORD_JOINER, "")


def alert_text(page, containing: str) -> str:
    """The text of the first alert box containing `containing`, as the analyst reads it."""
    return as_read(page.locator("[data-testid=stAlert]").filter(has_text=containing).first.inner_text())


def path(view: str) -> str:
    """The URL path of a view: the overview is the app's main page."""
    return "" if view == "overview" else view


def open_picker(page, base: str, testid: str, label: str) -> str:
    """Open the dropdown of the selectbox or multiselect labelled `label`, check the page while its
    options are drawn, and close it. RETURNS the options' text."""
    page.locator(f"[data-testid={testid}]").filter(has_text=label).first.locator("input").click()
    listbox = page.get_by_role("listbox").last
    listbox.get_by_role("option").first.wait_for()
    options = listbox.inner_text()
    assert_inert(page, base, f"the options of {label}")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    return options


def hover_first_bar(page) -> None:
    """Move the mouse onto the lowest bar of the first chart, clear of its legend (plotly's overlay
    takes the mouse events, so the mouse moves to the bar's place)."""
    bars = page.locator("[data-testid=stPlotlyChart]").first.locator(".point")
    bars.first.scroll_into_view_if_needed()
    box = max((bar.bounding_box() for bar in bars.all()), key=lambda box: box["y"])
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.locator(".hoverlayer .hovertext").first.wait_for()


def choose(page, label: str, option: str) -> None:
    """Pick the option containing `option` in the selectbox labelled `label`."""
    page.locator("[data-testid=stSelectbox]").filter(has_text=label).first.locator("input").click()
    page.get_by_role("option").filter(has_text=option).first.click()
    settle(page)


def test_hostile_markup_is_shown_as_text_everywhere(page, app_url: str, base: str, hostile, recorder) -> None:
    corpus, _ = hostile
    text = corpus.payloads(base)
    for view in VIEWS:
        visit(page, f"{app_url}/{path(view)}")
        assert_inert(page, base, view)
        if view == "overview":
            assert "Islamic State" in page.locator("[data-testid=stPlotlyChart]").first.inner_text()
            hover_first_bar(page)
            assert page.locator(".hoverlayer .hovertext").count() >= 1  # a hover label with a name
            assert_inert(page, base, "overview hover")
        if view == "compare":
            headings = [as_read(heading) for heading in page.locator("h3").all_inner_texts()]
            assert text["outlet_image"] in headings and text["outlet_link"] in headings
        if view == "map":
            page.get_by_text("Places mentioned").click()
            settle(page)
            assert_inert(page, base, "map of places")

    shown = open_picker(page, base, "stMultiSelect", "Outlet")
    assert text["outlet_image"] in shown and text["outlet_link"] in shown  # options are plain text
    shown = open_picker(page, base, "stMultiSelect", "Actors")
    assert text["actor_tag"] in shown and text["actor_link"] in shown

    visit(page, f"{app_url}/reader?doc=d3")
    assert text["sentence"] in page.locator(".article").inner_text()
    shown = open_picker(page, base, "stSelectbox", "Article")
    assert text["title_image"] in shown and text["title_js"] in shown
    assert_inert(page, base, "reader")

    for view in ("overview", "compare", "quotes"):
        visit(page, f"{app_url}/{path(view)}?q=" + quote(text["search"], safe=""))
        notice = alert_text(page, "match the current filters")
        assert text["search"] in notice, view  # the search as typed, not a link and an image
        assert_inert(page, base, f"{view} with ?q=")

    assert recorder.hits == [] and page.asked == [] and page.dialogs == []


def test_hostile_markup_curation_rename_and_note_are_text(page, app_url: str, base: str, recorder) -> None:
    name = f"[Army]({base}/rename-link) ![a]({base}/rename.png) <img src={base}/rename-tag.png>"
    note = f"see [this]({base}/note-link) ![n]({base}/note.png) <a href=javascript:alert(1)>x</a>"
    visit(page, f"{app_url}/curation")
    page.get_by_label("Your name (recorded with every decision)").fill(f"![me]({base}/analyst.png)")
    page.keyboard.press("Enter")
    settle(page)
    choose(page, "Decision", "Rename an actor")
    choose(page, "Actor", "Iraqi Army")
    page.get_by_label("New name").fill(name)
    page.get_by_label("Note (why)").fill(note)
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_role("button", name="Record decision").click()
    settle(page)
    recorded = alert_text(page, "Recorded: Rename")
    assert name in recorded
    assert_inert(page, base, "recorded")
    page.get_by_role("tab", name="History").click()
    history = page.locator(".curation-item").filter(has_text="Rename Iraqi Army to").first.inner_text()
    assert note in history and name in history
    assert_inert(page, base, "history")
    for view in ("overview", "compare", "network", "reader"):
        visit(page, f"{app_url}/{path(view)}?actor=iraqi-army")
        assert_inert(page, base, f"{view} after the rename")
    assert recorder.hits == [] and page.asked == [] and page.dialogs == []
