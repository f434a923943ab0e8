"""A whole build of a folder as an analyst keeps it: a text file, a PDF report, a Word brief and a
spreadsheet, through the command line; offsets and pages true for the PDF as for the text file."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import PROJECT_DIR
from pipeline.store import read_manifest, read_tables
from tests.pipeline.report_makers import LEFT, RIGHT, report_docx, report_pdf

pytestmark = pytest.mark.slow

PAGE_2 = [
    [
        "on their own. Further clashes were reported",
        "in Husaybah on Tuesday.",
        "",
        '"We will not leave the border," said Ahmed',
        "al-Asadi, a militia commander.",
    ],
    ["The governor of Anbar called for calm."],
]
PAGE_3 = [["Aid convoys reached Rawa on Thursday."]]
ON_PAGE = {"Al-Qaim": 1, "Kataib Hezbollah": 1, "Husaybah": 2, "Anbar": 2, "Rawa": 3}
UNSUPPORTED = "figures.xlsx: unsupported type .xlsx"


def _build(src: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "build",
            str(src),
            "--out",
            str(out),
            "--decisions",
            str(out.parent / "d.yaml"),
        ],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[subprocess.CompletedProcess, dict, Path, Path]:
    src = tmp_path_factory.mktemp("reports")
    created = datetime.datetime(2024, 3, 15, tzinfo=datetime.UTC)
    pdf = report_pdf([[LEFT, RIGHT], PAGE_2, PAGE_3], title="Border Monitor: Al-Qaim", author="LRG", created=created)
    (src / "report.pdf").write_bytes(pdf)
    brief = [("Title", "Brief on Sinjar"), ("Normal", "Turkish drones struck a vehicle near Sinjar, killing two.")]
    (src / "brief.docx").write_bytes(
        report_docx(brief, table=[["Date", "Place"], ["4 March", "Sinjar"]], title="Sinjar")
    )
    (src / "wire.txt").write_text("Clashes near Deir ez-Zor\n\nSyrian Democratic Forces fought near Deir ez-Zor.\n")
    (src / "figures.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet")
    (src / ".DS_Store").write_bytes(b"\x00\x00")
    out = src.parent / (src.name + "-data")
    result = _build(src, out)
    return result, read_tables(out), src, out


def test_pdf_docx_build_reads_every_format_and_reports_the_rest(built):
    result, tables, _, _ = built
    assert result.returncode == 0, result.stderr
    assert "3 documents" in result.stdout and UNSUPPORTED in result.stdout and ".DS_Store" not in result.stdout
    documents = tables["documents"].set_index("doc_id")
    assert documents["encoding"].to_dict() == {"brief": "docx", "report": "pdf", "wire": "utf-8"}
    problems = tables["problems"]
    assert problems.loc[problems["source_file"] == "figures.xlsx", "severity"].tolist() == ["error"]


def test_pdf_docx_build_file_metadata_feeds_the_inferred_fields(built):
    report = built[1]["documents"].set_index("doc_id").loc["report"]
    assert (report["title"], report["title_basis"]) == ("Border Monitor: Al-Qaim", "file")
    assert (report["author"], report["author_basis"]) == ("LRG", "file")
    assert (report["published"], report["published_basis"]) == (datetime.date(2024, 3, 15), "file")


def test_pdf_docx_build_offsets_are_true_in_every_table(built):
    tables = built[1]
    texts = dict(zip(tables["documents"]["doc_id"], tables["documents"]["text"], strict=True))
    for name, column in (("mentions", "surface"), ("sentences", "text"), ("quotes", None), ("events", "text")):
        frame = tables[name]
        for row in frame.itertuples():
            expected = getattr(row, column) if column else texts[row.doc_id][row.start : row.end]
            assert texts[row.doc_id][row.start : row.end] == expected, (name, row)
    assert set(tables["mentions"]["doc_id"]) >= {"report", "brief", "wire"}
    assert (tables["quotes"]["doc_id"] == "report").any()


def test_pdf_docx_build_pages_cover_the_text_and_each_name_s_page(built):
    tables = built[1]
    pages = tables["pages"]
    assert set(pages["doc_id"]) == {"report"} and pages["page"].tolist() == [1, 2, 3]
    text = tables["documents"].set_index("doc_id").loc["report", "text"]
    assert pages["start"].iloc[0] == 0 and pages["end"].iloc[-1] == len(text)
    assert (pages["start"].iloc[1:].to_numpy() == pages["end"].iloc[:-1].to_numpy()).all()
    mentions = tables["mentions"][tables["mentions"]["doc_id"] == "report"]
    for surface, page in ON_PAGE.items():
        start = mentions.loc[mentions["surface"] == surface, "start"].iloc[0]
        assert pages[(pages["start"] <= start) & (start < pages["end"])]["page"].tolist() == [page], surface


def test_pdf_docx_build_unchanged_folder_is_a_no_op_and_a_new_file_is_reported(built):
    _, _, src, out = built
    built_at = read_manifest(out)["built_at"]
    again = _build(src, out)
    assert again.returncode == 0 and again.stdout.startswith("Nothing to build"), again.stdout + again.stderr
    assert read_manifest(out)["built_at"] == built_at
    (src / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    third = _build(src, out)
    assert "photo.jpg: unsupported type .jpg" in third.stdout and UNSUPPORTED in third.stdout
    assert "3 documents reused" in third.stdout


def test_pdf_docx_build_dashboard_shows_the_page_beside_excerpts_and_in_exports(built):
    from components.compare import excerpt_html
    from data_access import Filters, select_export_tables, select_view
    from data_access.tables import open_tables

    tables = open_tables(built[3])
    view = select_view(tables, Filters())
    mentions = view.mentions.set_index("surface")
    assert mentions.loc["Husaybah", "page"] == 2 and mentions.loc["Rawa", "page"] == 3
    assert mentions["page"][mentions["doc_id"] != "report"].isna().all()
    exported = select_export_tables(view)
    assert exported["pages"]["page"].tolist() == [1, 2, 3] and "page" in exported["quotes"]
    excerpts = view.excerpts(tables.actors.set_index("name").loc["Husaybah", "actor_id"], 5)
    assert "p. 2" in excerpt_html(excerpts.iloc[0])
    assert view.quotes["page"].tolist() == [2]
