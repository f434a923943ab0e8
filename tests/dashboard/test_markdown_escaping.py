"""Text from data shown as text (issue 16, item 4): hostile Markdown and HTML in the search, outlets,
titles, actor names, problems and curation notes reach Markdown elements escaped and charts as
entities. The real browser check is tests/e2e/test_hostile_markup.py; these run without one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from app_runner import open_app as _open_app
from hostile_corpus import hostile_frames, payloads, write_hostile_corpus
from streamlit.testing.v1 import AppTest

from components.curation import history_item_html
from components.events import build_type_chart
from components.geo_map import build_events_chart, build_map_chart
from components.network import build_network_chart
from components.overview import build_top_actors_chart
from components.overview import build_type_chart as build_actor_type_chart
from components.plain import chart_text, code, plain
from components.problems import skipped_files_message, summarise_problems
from components.timeline import build_timeline_chart
from pipeline.curation import read_decisions

BASE = "http://127.0.0.1:9"  # the discard port: nothing is ever fetched by these tests
TEXT = payloads(BASE)
CODE_SPAN = re.compile(r"`[^`]*`")
# `](` or `<` preceded by no backslash, or by an escaped one (an even number of backslashes)
LIVE_MARKDOWN = re.compile(r"(?<!\\)(?:\\\\)*(?:\]\(|<[A-Za-z/])")
LIVE_TAG = re.compile(r"<(?:a|img)\b", re.IGNORECASE)


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = write_hostile_corpus(tmp_path, BASE)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    return tmp_path


def open_app(page: str = "", **params: str) -> AppTest:
    return _open_app(page, timeout=60, **params)


def markdown_shown(at: AppTest) -> list[str]:
    """Every Markdown text of the page: bodies, alerts, headings, captions, labels and help."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "subheader", "header", "title")
    shown = [element.value for kind in kinds for element in at.get(kind)]
    widgets = [*at.selectbox, *at.multiselect, *at.text_input, *at.button, *at.metric, *at.toggle, *at.radio]
    return shown + [str(getattr(widget, "label", "")) + str(getattr(widget, "help", "") or "") for widget in widgets]


def assert_no_live_markup(texts: list[str]) -> None:
    """No Markdown link or image, no HTML tag or autolink, outside code spans (where Markdown is not read)."""
    assert [text for text in texts if LIVE_MARKDOWN.search(CODE_SPAN.sub("", text))] == []


def assert_no_live_tags(specs: list[str]) -> None:
    """No <a> or <img> tag in a chart: plotly reads a few tags in its texts, not Markdown."""
    assert [spec for spec in specs if LIVE_TAG.search(spec)] == []


@pytest.mark.parametrize("page", ["overview", "compare", "timeline", "network", "quotes"])
def test_markdown_escaping_search_in_the_url_is_shown_as_text(hostile, page: str) -> None:
    at = open_app(page, q=TEXT["search"])
    notice = next(w.value for w in at.warning if "match the current filters" in w.value)
    assert plain(TEXT["search"]) in notice
    assert_no_live_markup(markdown_shown(at))


def test_markdown_escaping_outlets_are_compare_headings_as_text(hostile) -> None:
    at = open_app("compare", actor="kataib-hezbollah")
    headings = [header.value for header in at.subheader]
    assert plain(TEXT["outlet_link"]) in headings and plain(TEXT["outlet_image"]) in headings
    assert_no_live_markup(markdown_shown(at))


@pytest.mark.parametrize("page", ["overview", "timeline", "network", "events", "map", "quotes", "reader", "problems"])
def test_markdown_escaping_every_view_of_hostile_tables(hostile, page: str) -> None:
    at = open_app(page)
    assert_no_live_markup(markdown_shown(at))
    assert_no_live_tags([chart.proto.spec for chart in at.get("plotly_chart")])


def test_markdown_escaping_skipped_file_names_are_code_spans(hostile) -> None:
    at = open_app()
    notice = next(w.value for w in at.warning if "skipped by the last build" in w.value)
    assert code(TEXT["problem_file"]) in notice and code(TEXT["problem_reason"]) in notice


def test_markdown_escaping_curation_rename_and_note_are_recorded_as_text(hostile) -> None:
    at = open_app("curation")
    at.text_input(key="curation_analyst").set_value("![me](http://127.0.0.1:9/analyst.png)").run()
    at.selectbox(key="curation_kind").set_value("rename").run()
    at.selectbox(key="curation_rename_actor").set_value("iraqi-army").run()
    name = f"[Army]({BASE}/rename-link) ![a]({BASE}/rename.png) <img src={BASE}/rename-tag.png>"
    note = f"see [this]({BASE}/note-link) ![n]({BASE}/note.png)"
    at.text_input(key="curation_rename_name").set_value(name).run()
    at.text_input(key="curation_rename_note").set_value(note).run()
    at.button(key="curation_record").click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    assert plain(name) in at.success[0].value
    (decision,) = read_decisions(hostile / "curation.yaml")
    assert decision.fields["name"] == name and decision.note == note
    history = "".join(h.proto.body for h in at.get("html"))
    assert "&lt;img" in history and "<img" not in history
    assert_no_live_markup(markdown_shown(at))
    overview = open_app("overview", actor="iraqi-army")
    assert_no_live_markup(markdown_shown(overview))
    assert_no_live_tags([chart.proto.spec for chart in overview.get("plotly_chart")])


def test_markdown_escaping_history_item_escapes_note_and_names() -> None:
    row = pd.Series(
        {"what": "rename (name=<img src=x>)", "by": "<b>me</b>", "at": "now", "note": "<a href=x>n</a>", "status": "ok"}
    )
    html = history_item_html(row)
    assert "<img" not in html and "<a " not in html and "&lt;a href=x&gt;" in html


def test_markdown_escaping_problem_summaries() -> None:
    problems = pd.DataFrame({"source_file": [TEXT["problem_file"]], "severity": [TEXT["title_js"]], "reason": ["x"]})
    assert_no_live_markup([summarise_problems(problems)])
    problems["severity"] = "error"
    assert code(TEXT["problem_file"]) in skipped_files_message(problems)


def test_markdown_escaping_plain_and_code_round_trip() -> None:
    for text in TEXT.values():
        assert "](" not in plain(text) and "<" not in plain(text).replace("\\<", "")
        assert code(text).count("`") == 2 and code("a`b") == "`a'b`"


def _spec(figure) -> str:
    """The figure as plotly.js receives it, less what it carries but never draws: the customdata a
    click hands back to the filters (ids and codes, compared, never shown). Customdata a hover
    template shows (plotly express puts hover_data there) is kept and checked."""
    spec = figure.to_plotly_json()
    for trace in spec["data"]:
        shown = {int(i) for i in re.findall(r"%\{customdata\[(\d+)\]", trace.get("hovertemplate") or "")}
        data = trace.get("customdata")
        if data is None or "%{customdata}" in (trace.get("hovertemplate") or ""):
            continue
        rows = [list(row) if isinstance(row, list | tuple) or hasattr(row, "tolist") else [row] for row in data]
        trace["customdata"] = [[v for i, v in enumerate(row) if i in shown] for row in rows]
    return json.dumps(spec, default=str)


def test_markdown_escaping_charts_hold_names_as_entities() -> None:
    frames = hostile_frames(BASE)
    actors = frames["actors"]
    mentions = frames["mentions"].merge(actors[["actor_id", "name", "type"]], on="actor_id")
    mentions = mentions.merge(frames["documents"][["doc_id", "outlet", "published"]], on="doc_id")
    counts = mentions.assign(period=pd.to_datetime(mentions["published"])).groupby(["period", "name"]).size()
    places = actors.dropna(subset=["lat", "lon"]).assign(n_docs=1)
    points = pd.DataFrame(
        {"place": [TEXT["place"]], "event_type": ["<b>x</b>"], "lat": [34.0], "lon": [41.0], "events": [1]}
    ).assign(fatalities=0)
    edges = pd.DataFrame({"source": ["pmf", "pmf"], "target": ["kataib-hezbollah", "islamic-state"], "weight": [2, 1]})
    events = pd.DataFrame({"event_type": ["<img src=x>"], "event_id": ["e1"], "cluster_id": ["c1"]})
    figures = [
        build_top_actors_chart(mentions),
        build_actor_type_chart(mentions),
        build_timeline_chart(counts.rename("mentions").reset_index(), resolution="month"),
        build_map_chart(places, outlines=False),
        build_events_chart(points, outlines=False, size_by="events"),
        build_network_chart(edges, actors),
        build_type_chart(events),
    ]
    assert_no_live_tags([_spec(figure) for figure in figures])
    shown = [json.dumps(chart_text(TEXT[name]))[1:-1] for name in ("actor_tag", "place")]
    assert shown[0] in _spec(figures[0]) and shown[1] in _spec(figures[3])
    assert chart_text("Kata'ib & co") == "Kata'ib &amp; co"  # quotes stay: plotly does not decode &quot;
