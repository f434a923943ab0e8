"""Read a PDF's text layer with pdfminer.six: pages as positioned lines, the file's own metadata,
and which pages are only scanned images (for OCR, pipeline/ingest/ocr.py).

pdfminer is chosen for its layout analysis (LAParams): it groups characters into lines and lines
into text boxes per page, which is what reading order across columns, running headers and
paragraphs are rebuilt from (pipeline/ingest/text_layout.py).
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.ingest.ocr import OCR_INSTALL
from pipeline.ingest.text_layout import Line, Page, assemble_text, is_page_number, remove_running_lines
from pipeline.records import PageSpan

_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_METADATA_KEYS = {"Title": "title", "Author": "author", "CreationDate": "created"}

Recognise = Callable[[object], str]  # a page's image (PIL.Image) -> its text, lines and blank-line paragraphs


@dataclass(frozen=True)
class PdfText:
    """A PDF read: its text, where each page stands in it, the file's metadata (title, author,
    created as YYYY-MM-DD), the pages read by OCR, those left unread (scanned, no OCR or OCR
    failed) and why OCR failed where it did."""

    text: str
    spans: tuple[PageSpan, ...]
    metadata: dict[str, str]
    ocr_pages: tuple[int, ...] = ()
    unread_pages: tuple[int, ...] = ()
    ocr_failures: tuple[str, ...] = ()


class PdfUnreadable(ValueError):
    """A PDF this build cannot read, with the reason an analyst can act on."""


def read_pdf(data: bytes, *, recognise: Recognise | None = None) -> PdfText:
    """The text of a PDF file's bytes, paged.

    recognise: OCR for pages that are only an image (pipeline.ingest.ocr.recognise_image); None leaves such
        pages unread, and a PDF with no text at all is refused as needing OCR.
    A PDF whose permissions forbid copying text is read all the same, as pdfminer and PDF viewers
    do: the analyst holds the file to read it.
    Raises PdfUnreadable: encrypted with a password, damaged, or no text layer (and no OCR).
    """
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect as error:
        raise PdfUnreadable("PDF is encrypted: it opens only with a password; skipped") from error
    except Exception as error:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        raise PdfUnreadable(
            f"PDF is damaged or no PDF ({type(error).__name__}: {_first_line(error)}); skipped"
        ) from error
    pages, images = _layout_pages(document)
    pages = remove_running_lines(pages)
    scanned = {page.number: images[page.number] for page in pages if not page.lines and page.number in images}
    recognised: list[int] = []
    failures: list[str] = []
    for number, image in scanned.items() if recognise is not None else ():
        try:
            pages[number - 1] = _recognised_page(pages[number - 1], recognise(image))
            recognised.append(number)
        except Exception as error:  # noqa: BLE001 - one page's OCR failing leaves that page unread
            failures.append(f"page {number}: OCR failed ({type(error).__name__}: {_first_line(error)})")
    text, spans = assemble_text(pages)
    unread = tuple(sorted(set(scanned) - set(recognised)))
    if not text.strip():
        if unread and recognise is None:
            raise PdfUnreadable(f"no text layer: needs OCR (scanned pages only); {OCR_INSTALL}")
        raise PdfUnreadable("; ".join(failures) or "PDF has no text on any page")
    return PdfText(text, spans, file_metadata(document), tuple(recognised), unread, tuple(failures))


def file_metadata(document) -> dict[str, str]:
    """title, author and created (YYYY-MM-DD) from the PDF's document information, where set."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    found: dict[str, str] = {}
    for info in document.info or []:
        for key, ours in _METADATA_KEYS.items():
            value = resolve1(info.get(key))
            text = decode_text(value) if isinstance(value, bytes) else str(value or "")
            text = text.replace("\x00", "").strip()
            if ours == "created":
                text = _pdf_date(text) or ""
            if text and ours not in found:
                found[ours] = text
    return found


def _layout_pages(document) -> tuple[list[Page], dict[int, object]]:
    """Every page as positioned lines (blank ones dropped), and the largest image of each page that has one."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[Page] = []
    images: dict[int, object] = {}
    for number, pdf_page in enumerate(PDFPage.create_pages(document), start=1):
        interpreter.process_page(pdf_page)
        layout = device.get_result()
        page = _page_of(number, layout)
        pages.append(page)
        image = _largest_image(layout)
        if image is not None:
            images[number] = image
    return pages, images


def _page_of(number: int, layout) -> Page:
    from pdfminer.layout import LTTextBox, LTTextLine

    lines = [
        Line(line.get_text().rstrip("\n"), *line.bbox, block)
        for block, box in enumerate(item for item in layout if isinstance(item, LTTextBox))
        for line in box
        if isinstance(line, LTTextLine) and line.get_text().strip()
    ]
    return Page(number, layout.width, layout.height, tuple(lines))


def _largest_image(layout) -> object | None:
    """The biggest image on the page (pdfminer's LTImage), looking inside figures."""
    from pdfminer.layout import LTFigure, LTImage

    def walk(items):
        for item in items:
            if isinstance(item, LTImage):
                yield item
            elif isinstance(item, LTFigure):
                yield from walk(item)

    images = list(walk(layout))
    return max(images, key=lambda image: image.width * image.height) if images else None


def _recognised_page(page: Page, text: str) -> Page:
    """A page of OCR'd text as lines: each blank-line-separated block a box, top to bottom; a page
    number on the first or last line dropped."""
    rows = [raw for raw in text.splitlines()]
    filled = [i for i, raw in enumerate(rows) if raw.strip()]
    for i in (filled[:1] + filled[-1:]) if filled else []:
        rows[i] = "" if is_page_number(rows[i]) else rows[i]
    lines: list[Line] = []
    block = 0
    row = 0
    for raw in rows:
        if not raw.strip():
            block += 1
            continue
        top = page.height - 10.0 * (row + 1)
        lines.append(Line(raw.strip(), 0.0, top - 8.0, page.width, top, block))
        row += 1
    return Page(page.number, page.width, max(page.height, 10.0 * (row + 2)), tuple(lines), "ocr")


def _pdf_date(value: str) -> str | None:
    """'D:20240315120000+01'00'' -> '2024-03-15' (month and day default to the first)."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return (text.splitlines()[0] if text else "no message")[:200]
