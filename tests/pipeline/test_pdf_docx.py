"""PDF and Word reports as analysts receive them: text in reading order without running furniture,
every character mapped to its page, the files' own metadata, and each unreadable file reported."""

from __future__ import annotations

import datetime
import re
import shutil

import pytest

from pipeline.ingest import file_inferred, read_sources, report_files
from pipeline.ingest.docx_text import CELL_SEPARATOR, DocxUnreadable, read_docx
from pipeline.ingest.ocr import image_of, ocr_available
from pipeline.ingest.page_spans import carry_spans, page_at
from pipeline.ingest.pdf_text import PdfUnreadable, read_pdf
from pipeline.ingest.text_layout import Line, Page, assemble_text, remove_running_lines
from pipeline.records import PageSpan
from tests.pipeline.report_makers import FOOTER, HEADER, LEFT, RIGHT, report_docx, report_pdf, text_image

PAGE_2 = [
    ["on their own. Further clashes were reported", "in Husaybah on Tuesday.", "", "Smugglers crossed at night."],
    ["The governor of Anbar called for calm."],
]
PAGE_3 = [["Aid convoys reached Rawa on Thursday."]]
# The words each page holds, hyphenated words mended on the page they start on.
WORDS = {
    1: "Fighters of the Islamic State attacked a checkpoint near Al-Qaim on Monday, killing three Iraqi soldiers, "
    "officials said. The Iraqi army said its units repelled the attack after two hours of clashes. Kataib "
    "Hezbollah denied any role in the strike. A spokesman said the group was not in the area at the time of "
    "the incident, which the monitors could not confirm",
    2: "on their own. Further clashes were reported in Husaybah on Tuesday. Smugglers crossed at night. "
    "The governor of Anbar called for calm.",
    3: "Aid convoys reached Rawa on Thursday.",
}
CREATED = datetime.datetime(2024, 3, 15, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def report() -> bytes:
    return report_pdf(
        [[LEFT, RIGHT], PAGE_2, PAGE_3], title="Border Monitor: Al-Qaim", author="J. Doe", created=CREATED
    )


def _words_on(text: str, span: PageSpan) -> list[str]:
    return text[span.start : span.end].split()


def test_pdf_text_reads_columns_in_order_without_running_lines(report):
    read = read_pdf(report)
    assert read.text.split() == " ".join(WORDS.values()).split()
    assert HEADER not in read.text and FOOTER not in read.text
    assert "checkpoint" in read.text and "incident," in read.text and "Al-Qaim" in read.text


def test_pdf_text_rebuilds_paragraphs_across_columns_and_pages(report):
    paragraphs = read_pdf(report).text.split("\n\n")
    assert paragraphs[0].startswith("Fighters") and paragraphs[0].endswith("officials said.")
    assert any(p.startswith("Kataib Hezbollah") and p.endswith("reported in Husaybah on Tuesday.") for p in paragraphs)


def test_pdf_text_page_spans_cover_each_page_s_words(report):
    read = read_pdf(report)
    assert [span.page for span in read.spans] == [1, 2, 3]
    assert read.spans[0].start == 0 and read.spans[-1].end == len(read.text)
    assert all(a.end == b.start for a, b in zip(read.spans, read.spans[1:], strict=False))
    for span in read.spans:
        assert _words_on(read.text, span) == WORDS[span.page].split()


def test_pdf_text_reads_the_file_s_metadata(report):
    assert read_pdf(report).metadata == {
        "title": "Border Monitor: Al-Qaim",
        "author": "J. Doe",
        "created": "2024-03-15",
    }


def test_pdf_text_encrypted_with_a_password_is_refused_with_the_reason():
    with pytest.raises(PdfUnreadable, match="encrypted: it opens only with a password"):
        read_pdf(report_pdf([[LEFT]], password="secret"))


def test_pdf_text_encrypted_without_a_user_password_is_read():
    assert "checkpoint" in read_pdf(report_pdf([[LEFT]], owner_password="owner")).text


@pytest.mark.parametrize("data", [b"%PDF-1.4 not an article", b"", b"%PDF-1.7\n" + b"\x00garbage" * 40])
def test_pdf_text_damaged_file_is_refused_with_the_reason(data):
    with pytest.raises(PdfUnreadable, match="PDF is damaged or no PDF"):
        read_pdf(data)


def test_pdf_text_truncated_file_is_refused_with_the_reason(report):
    with pytest.raises(PdfUnreadable, match="damaged"):
        read_pdf(report[: len(report) // 3])


def _scanned_report() -> bytes:
    scan = text_image(["Scanned annex: the bridge at Rawa", "was closed on Friday."])
    return report_pdf([[LEFT, RIGHT], PAGE_2, [[]]], scanned={3: scan})


def test_pdf_text_scanned_page_without_ocr_is_left_unread():
    read = read_pdf(_scanned_report())
    assert read.unread_pages == (3,) and read.ocr_pages == ()
    assert [span.page for span in read.spans] == [1, 2]


def test_pdf_text_scanned_only_file_needs_ocr():
    scan = report_pdf([[[]]], scanned={1: text_image(["A scanned page."])}, running=False)
    with pytest.raises(PdfUnreadable, match=r"no text layer: needs OCR .*apt-get install tesseract-ocr"):
        read_pdf(scan)


def test_pdf_text_scanned_page_is_decoded_for_ocr_and_marked_as_ocr():
    seen = []

    def recognise(image) -> str:
        seen.append(image_of(image).size)
        return "Scanned annex: the bridge at Rawa\nwas closed on Friday.\n\n3\n"

    read = read_pdf(_scanned_report(), recognise=recognise)
    assert seen and seen[0][0] == 1600
    assert read.ocr_pages == (3,) and read.spans[-1] == PageSpan(3, read.spans[-1].start, len(read.text), "ocr")
    assert read.text.endswith("Scanned annex: the bridge at Rawa was closed on Friday.")


def test_report_files_scanned_page_without_tesseract_is_a_caveat(monkeypatch):
    monkeypatch.setattr(report_files, "ocr_available", lambda: False)
    read = report_files.read_report(".pdf", _scanned_report())
    assert read.encoding == "pdf"
    assert (
        read.note
        == "page 3 no text layer (scanned): not read; install tesseract to read it (`apt-get install tesseract-ocr`)"
    )


@pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is not installed (apt-get install tesseract-ocr)"
)
def test_report_files_scanned_page_is_read_by_tesseract():
    read = report_files.read_report(".pdf", _scanned_report())
    assert read.encoding == "pdf+ocr" and read.pages[-1].method == "ocr"
    assert "bridge" in read.text[read.pages[-1].start :] and "Rawa" in read.text[read.pages[-1].start :]


def test_ocr_available_follows_the_tesseract_binary(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert ocr_available() is False


def _page(number: int, lines: list[tuple[str, float]], *, width: float = 600, height: float = 800) -> Page:
    return Page(number, width, height, tuple(Line(t, 50, y - 10, 300, y, i) for i, (t, y) in enumerate(lines)))


@pytest.mark.parametrize("number", ["12", "- 12 -", "Page 12", "Page 12 of 40", "xii", "12 / 40"])
def test_text_layout_bare_page_numbers_go_even_on_one_page(number):
    page = _page(1, [("Body text here.", 700), (number, 30)])
    assert [line.text for line in remove_running_lines([page])[0].lines] == ["Body text here."]


def test_text_layout_a_line_at_the_top_of_three_pages_goes_one_on_two_of_three_stays():
    heading = {1: "Key findings", 2: "Key findings", 3: "Annex"}
    pages = [_page(n, [(f"Report 2024 | page {n}", 790), (heading[n], 700), (f"Body {n}.", 650)]) for n in (1, 2, 3)]
    kept = remove_running_lines(pages)
    assert [[line.text for line in page.lines] for page in kept] == [[heading[n], f"Body {n}."] for n in (1, 2, 3)]
    assert remove_running_lines(pages[:1])[0].lines == pages[0].lines  # one page: nothing repeats


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["an attack on a check-", "point"], "an attack on a checkpoint"),
        (["militias of Al-", "Qaim"], "militias of Al-Qaim"),
        (["in 2019-", "2020"], "in 2019-2020"),
        (["the attack -", "a raid"], "the attack - a raid"),
    ],
)
def test_text_layout_hyphens_at_line_ends(lines, joined):
    page = Page(1, 600, 800, tuple(Line(t, 50, 700 - 12 * i, 300, 710 - 12 * i, 0) for i, t in enumerate(lines)))
    assert assemble_text([page])[0] == joined


def test_page_spans_are_carried_through_cleaning():
    raw = "SUBSCRIBE NOW\n\nFirst page words here.\n\nSecond page **bold** words.\n\nThird."
    spans = (PageSpan(1, 0, 38), PageSpan(2, 38, 68), PageSpan(3, 68, len(raw)))
    cleaned = "First page words here.\n\nSecond page bold words.\n\nThird."
    carried = carry_spans(raw, spans, cleaned)
    assert [(s.page, cleaned[s.start : s.end].split()) for s in carried] == [
        (1, "First page words here.".split()),
        (2, "Second page bold words.".split()),
        (3, ["Third."]),
    ]
    assert page_at(carried, cleaned.index("bold")) == 2 and page_at(carried, len(cleaned)) is None


def test_docx_text_paragraphs_headings_tables_and_footnotes():
    data = report_docx(
        [("Title", "Brief on Sinjar"), ("Normal", "Turkish drones struck near Sinjar."), ("Heading 1", "Context")],
        table=[["Date", "Place", "Event"], ["4 March", "Sinjar", "Drone strike"]],
        footnote="Figures from local officials.",
        title="Sinjar brief",
        author="Desk Analyst",
        created=datetime.datetime(2024, 3, 6),
    )
    read = read_docx(data)
    assert read.text.split("\n\n") == [
        "Brief on Sinjar",
        "Turkish drones struck near Sinjar.",
        "Context",
        f"Date{CELL_SEPARATOR}Place{CELL_SEPARATOR}Event\n4 March{CELL_SEPARATOR}Sinjar{CELL_SEPARATOR}Drone strike",
        "The table lists the incidents the monitors confirmed.",
        "Notes",
        "[1] Figures from local officials.",
    ]
    assert read.metadata == {"title": "Sinjar brief", "author": "Desk Analyst", "created": "2024-03-06"}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 not a zip", "Word file is damaged or no .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "encrypted (password-protected) or in the old .doc"),
    ],
)
def test_docx_text_unreadable_files_are_refused_with_the_reason(data, reason):
    with pytest.raises(DocxUnreadable, match=re.escape(reason)):
        read_docx(data)


@pytest.mark.parametrize(
    ("values", "kept"),
    [
        ({"title": "Border Monitor Q3", "author": "J. Doe"}, {"title", "author"}),
        ({"title": "Microsoft Word - draft3.docx", "author": "python-docx"}, set()),
        ({"title": "Untitled", "author": "Administrator", "created": "2024-02-30"}, set()),
        ({"created": "2024-03-15"}, {"published"}),
    ],
)
def test_file_metadata_keeps_real_values_only(values, kept):
    found = file_inferred(values, "PDF")
    assert set(found) == kept and all(value.basis == "file" for value in found.values())


def test_sources_every_file_not_read_is_reported_but_sidecars_and_hidden_files(tmp_path, report):
    (tmp_path / "report.pdf").write_bytes(report)
    (tmp_path / "figures.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "README").write_text("notes")
    (tmp_path / "metadata.csv").write_text("file,outlet\nreport.pdf,Monitor\n", encoding="utf-8")
    for quiet in (".DS_Store", "~$brief.docx", "Thumbs.db", ".git/config", "__MACOSX/._report.pdf"):
        (tmp_path / quiet).parent.mkdir(exist_ok=True)
        (tmp_path / quiet).write_bytes(b"\x00")
    articles, problems = read_sources(tmp_path, max_file_bytes=10_000_000)
    assert [(a.doc_id, a.encoding, a.sidecar) for a in articles] == [
        ("report", "pdf", {"file": "report.pdf", "outlet": "Monitor"})
    ]
    assert [span.page for span in articles[0].pages] == [1, 2, 3]
    reasons = {p.source_file: p.reason for p in problems}
    assert set(reasons) == {"figures.xlsx", "old.doc", "README"}
    assert reasons["figures.xlsx"].startswith("unsupported type .xlsx (a spreadsheet")
    assert "the old Word format: save it as .docx" in reasons["old.doc"]
    assert reasons["README"].startswith("unsupported type (no file extension)")
