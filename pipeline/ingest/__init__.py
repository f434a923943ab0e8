"""Read the files analysts bring: a folder of articles (text, HTML, PDF, Word), their metadata
sidecar and what could not be read, each decoded to text with its pages.

Modules:
- `charsets`: Decode text that is not UTF-8: the Windows code page whose letters spell one language, and
  a mostly UTF-8 file line by line.
- `docx_text`: Read a Word (.docx) file with python-docx: paragraphs and headings in order, tables as
  text, footnotes, and the file's core properties (title, author, created).
- `file_metadata`: A PDF's or Word file's own properties (title, author, creation date) as inferred
  metadata.
- `ocr`: Optional OCR of scanned PDF pages: the page's embedded image, decoded with Pillow, read by
  tesseract through pytesseract.
- `page_spans`: Which page each character of a document's text stands on: page spans, carried through
  cleaning.
- `pdf_text`: Read a PDF's text layer with pdfminer.six: pages as positioned lines, the file's own
  metadata, and which pages are only scanned images (for OCR, pipeline/ingest/ocr.py).
- `report_files`: Read the report formats analysts receive (PDF, Word) into text, page spans and the
  file's own metadata, for pipeline/ingest/sources.py; which files of a folder are read at all, and why
  not.
- `sources`: Read a folder of articles: decode each file, extract HTML, load the metadata sidecar,
  report bad input.
- `text_layout`: Turn the positioned lines of a paged document into running text: reading order, no
  running headers, footers or page numbers, words hyphenated at line ends joined, paragraphs rebuilt.
"""

from pipeline.ingest.file_metadata import file_inferred, kind_of
from pipeline.ingest.ocr import ocr_available
from pipeline.ingest.page_spans import carry_spans
from pipeline.ingest.pdf_text import read_pdf
from pipeline.ingest.sources import SIDECAR_NAMES, SourceArticle, read_sources, source_files

__all__ = [
    "SIDECAR_NAMES",
    "SourceArticle",
    "carry_spans",
    "file_inferred",
    "kind_of",
    "ocr_available",
    "read_pdf",
    "read_sources",
    "source_files",
]
