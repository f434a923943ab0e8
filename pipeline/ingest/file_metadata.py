"""A PDF's or Word file's own properties (title, author, creation date) as inferred metadata.

Files carry what the program that made them filled in: often the report's real title and its
author, sometimes a file name ("Microsoft Word - draft3.docx"), a placeholder ("Untitled") or the
account that saved it. So the properties are weighed against the text (pipeline/documents.py):
a real title beats the first line, which on a report is often a cover label; a byline or date line
in the text beats the file's author and creation date, which say who saved the file and when.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

from pipeline.metadata import Inferred

BASIS = "file"
_PLACEHOLDERS = frozenset(
    {"untitled", "document", "document1", "word document", "presentation", "title", "none", "unknown", "author",
     "user", "owner", "admin", "administrator", "python-docx", "microsoft office user", "windows user"}
)  # fmt: skip
_FILE_NAME = re.compile(r"\.(?:docx?|pdf|rtf|odt|indd|txt|pages|qxp)\s*$|^microsoft (?:word|powerpoint) - ", re.I)
_WHAT = {"title": "title", "author": "author", "created": "creation date"}


def file_inferred(values: Mapping[str, str], kind: str) -> dict[str, Inferred]:
    """title, author and published (from the creation date) as Inferred values with basis 'file',
    leaving out placeholders and file names. kind: 'PDF' or 'Word', named in the evidence.
    RETURNS (dict[str, Inferred]): keys among 'title', 'author', 'published'."""
    found: dict[str, Inferred] = {}
    for key in ("title", "author"):
        value = " ".join(str(values.get(key) or "").split())
        if value and value.lower() not in _PLACEHOLDERS and not _FILE_NAME.search(value) and len(value) > 1:
            found[key] = Inferred(value, BASIS, f"the {kind} file's {_WHAT[key]} property")
    created = values.get("created")
    if created:
        try:
            date = datetime.date.fromisoformat(created)
        except ValueError:
            date = None
        if date is not None:
            found["published"] = Inferred(date, BASIS, f"the {kind} file's creation date, {created}")
    return found


def kind_of(encoding: str) -> str:
    """'PDF' or 'Word' for a document's encoding ('pdf', 'pdf+ocr', 'docx')."""
    return "Word" if encoding.startswith("docx") else "PDF"
