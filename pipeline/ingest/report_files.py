"""Read the report formats analysts receive (PDF, Word) into text, page spans and the file's own
metadata, for pipeline/ingest/sources.py; which files of a folder are read at all, and why not.

The readers raise an `...Unreadable` error with a reason an analyst can act on (a password, a
damaged file, a scan without OCR); sources.py turns it into a skipped file, never a stopped build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.docx_text import read_docx
from pipeline.ingest.ocr import OCR_INSTALL, ocr_available, recognise_image
from pipeline.ingest.pdf_text import read_pdf
from pipeline.records import PageSpan

REPORT_SUFFIXES = (".pdf", ".docx")
# Files that are no one's article: the system's and the editors' own, never worth a problem.
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
IGNORED_FOLDERS = frozenset({"__macosx"})
_HINTS = {
    ".doc": "the old Word format: save it as .docx",
    ".rtf": "save it as .docx or .txt",
    ".odt": "save it as .docx",
    ".xlsx": "a spreadsheet: put its metadata in metadata.csv, its text in a .txt",
    ".xls": "a spreadsheet",
    ".csv": "only metadata.csv at the top of the folder is read, as the metadata sidecar",
    ".json": "only metadata.json at the top of the folder is read, as the metadata sidecar",
    ".png": "an image: OCR reads scanned PDFs only",
    ".jpg": "an image: OCR reads scanned PDFs only",
    ".jpeg": "an image: OCR reads scanned PDFs only",
    ".tif": "an image: OCR reads scanned PDFs only",
    ".tiff": "an image: OCR reads scanned PDFs only",
}


@dataclass(frozen=True)
class ReportText:
    """A PDF or Word file read: text, encoding (how it was read: 'pdf', 'pdf+ocr', 'docx'), page
    spans (PDF only), the file's metadata (title, author, created) and a caveat, if any."""

    text: str
    encoding: str
    pages: tuple[PageSpan, ...]
    metadata: dict[str, str]
    note: str | None = None


def read_report(suffix: str, data: bytes) -> ReportText:
    """Read a .pdf or .docx file's bytes; OCR scanned PDF pages when tesseract is installed.
    Raises ValueError (PdfUnreadable, DocxUnreadable) with the reason the file cannot be used."""
    if suffix.lower() == ".docx":
        read = read_docx(data)
        return ReportText(read.text, "docx", (), read.metadata)
    read = read_pdf(data, recognise=recognise_image if ocr_available() else None)
    notes = []
    if read.ocr_pages:
        notes.append(f"{_pages(read.ocr_pages)} read by OCR (tesseract): check names and figures against the PDF")
    if read.unread_pages and not ocr_available():
        notes.append(f"{_pages(read.unread_pages)} no text layer (scanned): not read; {OCR_INSTALL}")
    notes.extend(read.ocr_failures)
    encoding = "pdf+ocr" if read.ocr_pages else "pdf"
    return ReportText(read.text, encoding, read.spans, read.metadata, "; ".join(notes) or None)


def is_ignored(relative: Path) -> bool:
    """Hidden files and folders (.DS_Store, .git), Office's lock files (~$report.docx), Thumbs.db
    and the like: what an analyst never meant as an article and needs no word about."""
    parts = relative.parts
    if any(part.startswith(".") or part.lower() in IGNORED_FOLDERS for part in parts):
        return True
    return parts[-1].startswith("~$") or parts[-1].lower() in IGNORED_NAMES


def unsupported_reason(suffix: str, supported: tuple[str, ...]) -> str:
    """'unsupported type .xlsx (a spreadsheet: ...); not read (reads .txt, .md, ...)'."""
    kind = f"type {suffix.lower()}" if suffix else "type (no file extension)"
    hint = f" ({_HINTS[suffix.lower()]})" if suffix.lower() in _HINTS else ""
    return f"unsupported {kind}{hint}; not read (reads {', '.join(supported)})"


def _pages(numbers: tuple[int, ...]) -> str:
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(map(str, numbers))
