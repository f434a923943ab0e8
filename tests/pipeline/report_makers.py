"""Write the PDF and Word files the PDF/DOCX tests read: made here, with fpdf2 and python-docx, never downloaded.

Every layout a report brings is laid out line by line at known places, so the tests know which
words stand on which page: two columns, a running header and footer with the page number, words
hyphenated across lines, a table, a page that is only a scanned image, a password, a broken file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF

HEADER = "Border Monitor - Quarterly Report"
FOOTER = "Confidential draft - Levant Research Group"
LINE_HEIGHT = 5.0
COLUMN_X = (15.0, 110.0)  # left edges of the two columns, in mm

# The two columns of a report's first page: a hyphenated word in each, a paragraph break in the left.
LEFT = [
    "Fighters of the Islamic State attacked a check-",
    "point near Al-Qaim on Monday, killing three",
    "Iraqi soldiers, officials said.",
    "",
    "The Iraqi army said its units repelled",
    "the attack after two hours of clashes.",
]
RIGHT = [
    "Kataib Hezbollah denied any role in the",
    "strike. A spokesman said the group was",
    "not in the area at the time of the incid-",
    "ent, which the monitors could not confirm",
]
TOP_Y, BOTTOM_Y = 30.0, 260.0  # the body's first and last baselines


class _Report(FPDF):
    """A page with the running header and footer a report carries; the footer counts pages."""

    running = True

    def header(self) -> None:
        if not self.running:
            return
        self.set_font("Helvetica", size=8)
        self.text(15, 12, HEADER)

    def footer(self) -> None:
        if not self.running:
            return
        self.set_font("Helvetica", size=8)
        self.text(15, 285, FOOTER)
        self.text(190, 285, str(self.page_no()))


def report_pdf(
    pages: Sequence[Sequence[Sequence[str]]],
    *,
    title: str = "",
    author: str = "",
    created: object = None,
    scanned: dict[int, bytes] | None = None,
    password: str | None = None,
    owner_password: str | None = None,
    running: bool = True,
) -> bytes:
    """A PDF: one entry of `pages` per page, each a list of columns, each a list of lines set at
    LINE_HEIGHT from the top; an empty line leaves a gap (a paragraph break). `scanned` maps a
    1-based page number to a PNG shown instead of text. With `password` the file needs it to open;
    with only `owner_password` it opens freely but is encrypted. `running=False`: no header or
    footer (a scanner's PDF has no text at all)."""
    pdf = _Report(format="A4")
    pdf.running = running
    pdf.set_auto_page_break(False)
    pdf.set_title(title) if title else None
    pdf.set_author(author) if author else None
    if created is not None:
        pdf.set_creation_date(created)
    for number, columns in enumerate(pages, start=1):
        pdf.add_page()
        if scanned and number in scanned:
            pdf.image(io.BytesIO(scanned[number]), x=10, y=20, w=190)
            continue
        pdf.set_font("Helvetica", size=10)
        for x, lines in zip(COLUMN_X, columns, strict=False):
            for row, line in enumerate(lines):
                if line:
                    pdf.text(x, TOP_Y + row * LINE_HEIGHT, line)
    if password is not None or owner_password is not None:
        pdf.set_encryption(owner_password=owner_password or "owner", user_password=password or "")
    return bytes(pdf.output())


def text_image(lines: Sequence[str], *, width: int = 1600, size: int = 40) -> bytes:
    """A PNG of black text on white, as a scanner would give a typed page (for the OCR branch)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (width, 120 + len(lines) * int(size * 1.6)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size)
    for row, line in enumerate(lines):
        draw.text((60, 60 + row * int(size * 1.6)), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def report_docx(
    paragraphs: Sequence[tuple[str, str]],
    *,
    table: Sequence[Sequence[str]] = (),
    footnote: str | None = None,
    title: str = "",
    author: str = "",
    created: object = None,
) -> bytes:
    """A Word file: (style, text) paragraphs ('Heading 1', 'Normal' ...), then a table and a
    paragraph after it; with `footnote`, a footnotes part holding it, referenced from the first
    body paragraph (python-docx writes no footnotes, so the part is added by hand)."""
    import docx

    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
        document.add_paragraph("The table lists the incidents the monitors confirmed.")
    properties = document.core_properties
    properties.title, properties.author = title, author
    if created is not None:
        properties.created = created
    if footnote is not None:
        _add_footnote(document, footnote)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote>"
    '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)
_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def _add_footnote(document, text: str) -> None:
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    xml = _FOOTNOTES_XML.replace("{text}", text).encode("utf-8")
    part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_TYPE, xml, document.part.package)
    document.part.relate_to(part, _FOOTNOTES_REL)
    run = document.paragraphs[1].add_run()
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "1")
    run._r.append(reference)


def write(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` as `folder/name` and return the path."""
    path = Path(folder) / name
    path.write_bytes(data)
    return path
