"""Read a Word (.docx) file with python-docx: paragraphs and headings in order, tables as text,
footnotes, and the file's core properties (title, author, created).

A Word file has no pages until Word lays it out, so its documents carry no page spans.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

CELL_SEPARATOR = " | "
FOOTNOTES_HEADING = "Notes"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_NOT_NOTES = ("separator", "continuationSeparator", "continuationNotice")


@dataclass(frozen=True)
class DocxText:
    """A Word file read: paragraphs joined by a blank line (a table's rows by line ends), and the
    file's core properties that are set (title, author, created as YYYY-MM-DD)."""

    text: str
    metadata: dict[str, str]


class DocxUnreadable(ValueError):
    """A .docx this build cannot read, with the reason."""


def read_docx(data: bytes) -> DocxText:
    """The text of a .docx file's bytes. Raises DocxUnreadable for a file that is no Word document
    (a damaged archive, an encrypted file, which Word stores as another format)."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - zipfile, lxml and python-docx raise many kinds on a damaged file
        raise DocxUnreadable(_unreadable(data, error)) from error
    blocks = body_blocks(document) + footnote_blocks(document)
    return DocxText("\n\n".join(blocks), core_metadata(document))


def body_blocks(document) -> list[str]:
    """Paragraphs and headings (non-empty) and tables, in the order of the body. A table is one
    block: a row per line, its cells joined by CELL_SEPARATOR (merged cells once)."""
    from docx.table import Table

    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = [_row_text(row) for row in item.rows]
            text = "\n".join(row for row in rows if row)
        else:
            text = item.text.strip()
        if text:
            blocks.append(text)
    return blocks


def footnote_blocks(document) -> list[str]:
    """The footnotes, after a 'Notes' heading, each '[n] text'. python-docx has no footnote API:
    they are read from the package's word/footnotes.xml part."""
    part = next(
        (
            rel.target_part
            for rel in document.part.rels.values()
            if rel.reltype == _FOOTNOTES_REL and not rel.is_external
        ),
        None,
    )
    if part is None:
        return []
    from lxml import etree

    root = etree.fromstring(part.blob)  # noqa: S320 - lxml's defaults resolve no external entities
    notes = []
    for note in root.iter(f"{_W}footnote"):
        if note.get(f"{_W}type") in _NOT_NOTES:
            continue
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{_W}t")).strip() for p in note.iter(f"{_W}p")]
        text = " ".join(p for p in paragraphs if p)
        if text:
            notes.append(f"[{note.get(f'{_W}id')}] {text}")
    return [FOOTNOTES_HEADING, *notes] if notes else []


def core_metadata(document) -> dict[str, str]:
    """title, author and created (YYYY-MM-DD) from the core properties, where set."""
    properties = document.core_properties
    found = {"title": (properties.title or "").strip(), "author": (properties.author or "").strip()}
    if properties.created is not None:
        found["created"] = properties.created.date().isoformat()
    return {key: value for key, value in found.items() if value}


def _row_text(row) -> str:
    cells: list[str] = []
    seen: set[int] = set()
    for cell in row.cells:
        if id(cell._tc) in seen:  # a merged cell is repeated once per grid column it spans
            continue
        seen.add(id(cell._tc))
        cells.append(" ".join(cell.text.split()))
    return CELL_SEPARATOR.join(cells).strip(" |")


def _unreadable(data: bytes, error: BaseException) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE container: an old .doc, or a password-protected .docx
        return "Word file is encrypted (password-protected) or in the old .doc format; skipped"
    detail = str(error).strip()[:200] or "no message"
    return f"Word file is damaged or no .docx ({type(error).__name__}: {detail}); skipped"
