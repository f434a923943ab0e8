"""Read a folder of articles: decode each file, extract HTML, load the metadata sidecar, report bad input."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.config import DEFAULT_MAX_CHARS
from pipeline.ingest.charsets import Decoded, decode_mixed_lines, decode_single_byte, read_code_page
from pipeline.ingest.report_files import REPORT_SUFFIXES, is_ignored, read_report, unsupported_reason
from pipeline.metadata import refuse_value
from pipeline.records import PageSpan, Problem, failure_reason
from pipeline.store import holds_build

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", *REPORT_SUFFIXES)
SIDECAR_NAMES = ("metadata.csv", "metadata.json")

SIDECAR_FIELDS = ("file", "title", "outlet", "author", "url", "published")
_BINARY_CONTROL_SHARE = 0.05
# UTF-32 before UTF-16: the UTF-32 little-endian mark starts with the UTF-16 one.
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SIDECAR_EXTRA = "\x00extra"  # csv.DictReader's key for values beyond the header


@dataclass(frozen=True)
class SourceArticle:
    """One article file, decoded; HTML already reduced to its text and metadata."""

    doc_id: str
    source_file: str
    raw_text: str
    encoding: str
    content_hash: str
    sidecar: dict[str, str] = field(default_factory=dict)
    html_metadata: dict[str, str] = field(default_factory=dict)
    file_metadata: dict[str, str] = field(default_factory=dict)  # a PDF's or Word file's own title, author, created
    pages: tuple[PageSpan, ...] = ()  # where each page stands in raw_text (PDF only)


def read_sources(
    src: Path,
    *,
    max_file_bytes: int,
    max_chars: int = DEFAULT_MAX_CHARS,
    on_file: Callable[[int, int], None] | None = None,
) -> tuple[list[SourceArticle], list[Problem]]:
    """Every usable article under `src` (recursively, sorted), and the problems met on the way:
    every file that is not read is one (its type unsupported), except the sidecar and the files
    `source_files` leaves out (hidden files, Office lock files). `on_file(done, total)` hears of
    each file before it is read, and once at the end (a build's progress)."""
    src = Path(src)
    if not src.is_dir():
        return [], [Problem(str(src), "source folder does not exist or is not a folder")]
    sidecar, problems = read_sidecar(src)
    sidecar = {_sidecar_key(name): row for name, row in sidecar.items()}
    articles: list[SourceArticle] = []
    seen_ids: set[str] = set()
    root = src.resolve()
    files = source_files(src)
    for done, path in enumerate(files):
        if on_file:
            on_file(done, len(files))
        relative = path.relative_to(src).as_posix()
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            problems.append(Problem(relative, unsupported_reason(path.suffix, ARTICLE_SUFFIXES)))
            continue
        if not path.resolve().is_relative_to(root):
            problems.append(Problem(relative, "a link to a file outside the source folder; not read, skipped"))
            continue
        article, problem = read_article(path, relative, max_file_bytes=max_file_bytes, max_chars=max_chars)
        if problem:
            problems.append(problem)
        if article is None:
            continue
        doc_id = _unique_id(path, relative, seen_ids)
        seen_ids.add(doc_id)
        articles.append(_with_metadata(article, doc_id, sidecar.get(relative) or sidecar.get(path.name, {})))
    if on_file:
        on_file(len(files), len(files))
    known = {a.source_file for a in articles} | {Path(a.source_file).name for a in articles}
    problems.extend(
        Problem(f"{_sidecar_name(src)}", f"row for {name!r}: no such article file", "warning")
        for name in sorted(sidecar)
        if name not in known
    )
    return articles, problems


def source_files(src: Path) -> list[Path]:
    """Every file under `src` an analyst may mean as an article, sorted: all but the metadata
    sidecars, what `report_files.is_ignored` leaves out (hidden files, lock files) and a build's
    own data folder kept inside the sources (`--out SRC/data`)."""
    src = Path(src)
    found = []
    for folder, subfolders, names in os.walk(src):
        here = Path(folder)
        subfolders[:] = [name for name in subfolders if not _holds_tables(here / name, src)]
        found.extend(here / name for name in names if (here / name).is_file())
    return sorted(
        path
        for path in found
        if not is_ignored(path.relative_to(src)) and path.relative_to(src).as_posix() not in SIDECAR_NAMES
    )


def _holds_tables(folder: Path, src: Path) -> bool:
    if is_ignored(folder.relative_to(src)):
        return True
    return (folder / "manifest.json").is_file() and holds_build(folder)


def read_article(
    path: Path, relative: str, *, max_file_bytes: int, max_chars: int = DEFAULT_MAX_CHARS
) -> tuple[SourceArticle | None, Problem | None]:
    """Read and decode one file; (None, problem) when it cannot be used.

    A file over `max_file_bytes`, or whose text is over `max_chars` characters, is skipped whole,
    never truncated: half an article would give counts that look complete. Whatever else goes
    wrong with this one file (a parser that is not installed, lxml or trafilatura failing on odd
    HTML, a RecursionError on deeply nested tags, a MemoryError) skips it with the reason.
    """
    try:
        size = path.stat().st_size
        if size > max_file_bytes:
            return None, Problem(relative, f"file is {size:,} bytes, over the {max_file_bytes:,}-byte limit; skipped")
        data = path.read_bytes()
    except OSError as error:
        return None, Problem(relative, f"file could not be read ({error.strerror or error}); skipped")
    try:
        return _article_of_bytes(path, relative, data, max_chars)
    except Exception as error:  # noqa: BLE001 - one file's failure must never stop the build
        stage = {".html": "HTML extraction", ".htm": "HTML extraction", ".pdf": "PDF reading", ".docx": "Word reading"}
        stage = stage.get(path.suffix.lower(), "reading")
        return None, Problem(relative, failure_reason(stage, error))


def _article_of_bytes(
    path: Path, relative: str, data: bytes, max_chars: int
) -> tuple[SourceArticle | None, Problem | None]:
    if path.suffix.lower() in REPORT_SUFFIXES:
        return _report_article(path, relative, data, max_chars)
    decoded = decode_text(data)
    if isinstance(decoded, str):
        return None, Problem(relative, decoded)
    text, encoding = decoded.text, decoded.encoding
    if len(text) > max_chars:
        limit = f"over the {max_chars:,}-character limit (--max-chars)"
        return None, Problem(relative, f"text has {len(text):,} characters, {limit}; skipped")
    problem = None
    html_metadata: dict[str, str] = {}
    if path.suffix.lower() in (".html", ".htm"):
        text, html_metadata = extract_html(text)
        if not text.strip():
            return None, Problem(relative, "HTML page has no article text that trafilatura could extract")
    if decoded.note:
        problem = Problem(relative, decoded.note, "warning")
    article = SourceArticle(
        doc_id=path.stem,
        source_file=relative,
        raw_text=text,
        encoding=encoding,
        content_hash=hashlib.sha256(data).hexdigest(),
        html_metadata=html_metadata,
    )
    return article, problem


def _report_article(
    path: Path, relative: str, data: bytes, max_chars: int
) -> tuple[SourceArticle | None, Problem | None]:
    """A PDF or Word file as an article; a reader's ValueError is the reason it is skipped."""
    try:
        report = read_report(path.suffix, data)
    except ValueError as error:
        return None, Problem(relative, str(error))
    if len(report.text) > max_chars:
        limit = f"over the {max_chars:,}-character limit (--max-chars)"
        return None, Problem(relative, f"text has {len(report.text):,} characters, {limit}; skipped")
    article = SourceArticle(
        doc_id=path.stem,
        source_file=relative,
        raw_text=report.text,
        encoding=report.encoding,
        content_hash=hashlib.sha256(data).hexdigest(),
        file_metadata=report.metadata,
        pages=report.pages,
    )
    return article, Problem(relative, report.note, "warning") if report.note else None


def decode_bytes(data: bytes) -> tuple[str, str] | str:
    """(text, encoding) for readable text, else the reason it is not (`decode_text` without its note)."""
    decoded = decode_text(data)
    return decoded if isinstance(decoded, str) else (decoded.text, decoded.encoding)


def decode_text(data: bytes) -> Decoded | str:
    """The text of `data`, its encoding and a warning when it is not plain UTF-8; else the reason
    it is not text.

    A UTF-16/32 byte-order mark decides first (Windows Notepad's "Unicode" files are full of zero
    bytes and would otherwise look binary); then UTF-8 with or without BOM; then a UTF-8 file with
    a few lines in another encoding, line by line; then the Windows code page whose letters spell a
    language, Western European first (pipeline/ingest/charsets.py); then charset-normalizer. Text without
    a letter or digit counts as empty.
    """
    bom_encoding = next((name for bom, name in _UNICODE_BOMS if data.startswith(bom)), None)
    if bom_encoding is not None:
        try:
            decoded = Decoded(data.decode(bom_encoding), bom_encoding, f"decoded as {bom_encoding}, not UTF-8")
        except UnicodeDecodeError:
            return f"file starts with a {bom_encoding} byte-order mark but is not valid {bom_encoding}"
    elif b"\x00" in data[:8192] or _control_share(data[:8192]) > _BINARY_CONTROL_SHARE:
        return "file looks binary (control bytes), not text"
    else:
        decoded = _decode_unmarked(data)
    if isinstance(decoded, str):
        return decoded
    if not decoded.text.strip():
        return "file is empty or only whitespace"
    if not any(ch.isalnum() for ch in decoded.text):
        return "file is empty: it has no letters or digits"
    return decoded


def _decode_unmarked(data: bytes) -> Decoded | str:
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    body = data.removeprefix(codecs.BOM_UTF8)
    decoded = decode_mixed_lines(body) or decode_single_byte(body)
    if decoded is not None:
        return decoded
    best = from_bytes(body).best()
    if best is not None:
        guess = f"charset-normalizer's guess, read as {best.language}"
        note = f"not UTF-8: decoded as {best.encoding} ({guess}); check the text and save it as UTF-8"
        return Decoded(str(best), best.encoding, note)
    reading = read_code_page(body)  # no language fits well, but it is text in this code page
    if reading is None:
        return "file is not text in any encoding charset-normalizer recognises"
    note = f"not UTF-8: decoded as {reading.encoding} ({reading.describe()}), a poor fit; save it as UTF-8"
    return Decoded(reading.text, reading.encoding, note)


def extract_html(html: str) -> tuple[str, dict[str, str]]:
    """The article body of an HTML page and its metadata (title, author, date, sitename, url), by trafilatura."""
    import trafilatura

    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    if result is None:
        return "", {}
    values = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = values.get("text") or ""
    title = values.get("title") or ""
    body = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    wanted = {"title": "title", "author": "author", "date": "published", "sitename": "outlet", "url": "url"}
    metadata = {ours: str(values[theirs]) for theirs, ours in wanted.items() if values.get(theirs)}
    return body, metadata


def read_sidecar(src: Path) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """The metadata sidecar beside the articles, keyed by file name, with a problem per bad row."""
    present = [name for name in SIDECAR_NAMES if (Path(src) / name).is_file()]
    if not present:
        return {}, []
    name = present[0]
    ignored = [Problem(other, f"ignored: {name} is the metadata sidecar used", "warning") for other in present[1:]]
    try:
        rows = _sidecar_rows(Path(src) / name)
    except (ValueError, UnicodeDecodeError, csv.Error, OSError) as error:
        return {}, ignored + [Problem(name, f"metadata sidecar unreadable ({error}); ignored")]
    by_file, problems = parse_sidecar_rows(rows, name)
    return by_file, ignored + problems


def parse_sidecar_rows(rows: list[dict], name: str) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Validate sidecar rows: a 'file' column is required; unknown columns are reported and ignored;
    a value that looks like a spreadsheet formula, or a published date that is relative ('tomorrow')
    or no date, is dropped with a warning naming the row (the article keeps its other values)."""
    problems: list[Problem] = []
    columns = set().union(*(row.keys() for row in rows)) if rows else set()
    unknown = sorted(str(c) for c in columns - set(SIDECAR_FIELDS) - {_SIDECAR_EXTRA, None})
    if unknown:
        problems.append(Problem(name, f"unknown columns ignored: {', '.join(unknown)}", "warning"))
    if rows and "file" not in columns:
        return {}, problems + [Problem(name, "metadata sidecar has no 'file' column; ignored")]
    by_file: dict[str, dict[str, str]] = {}
    first, noun = (1, "entry") if name.endswith(".json") else (2, "row")  # a CSV's row 1 is its header
    for number, row in enumerate(rows, start=first):
        file = str(row.get("file") or "").strip()
        if row.get(_SIDECAR_EXTRA):
            problems.append(Problem(name, f"{noun} {number}: more values than columns; extras ignored", "warning"))
        if not file:
            problems.append(Problem(name, f"{noun} {number}: empty 'file'; ignored", "warning"))
            continue
        if file in by_file:
            problems.append(Problem(name, f"{noun} {number}: second row for {file!r}; the first is used", "warning"))
            continue
        values, refused = _checked_values(row)
        problems.extend(Problem(name, f"{noun} {number} ({file}): {why}; ignored", "warning") for why in refused)
        by_file[file] = values
    return by_file, problems


def _checked_values(row: dict) -> tuple[dict[str, str], list[str]]:
    """The row's known, non-empty values that may be used, and the reason each other one may not."""
    values = {k: str(v).strip() for k, v in row.items() if k in SIDECAR_FIELDS and v not in (None, "")}
    refused = {field: why for field, value in values.items() if field != "file" and (why := refuse_value(field, value))}
    return {field: value for field, value in values.items() if field not in refused}, list(refused.values())


def _sidecar_rows(path: Path) -> list[dict]:
    text = path.read_bytes().decode("utf-8-sig")
    if path.suffix == ".json":
        data = json.loads(text)
        rows = data.get("articles", data) if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ValueError("expected a list of objects, or {'articles': [...]}")
        return rows
    return list(csv.DictReader(io.StringIO(text), restkey=_SIDECAR_EXTRA))


def _with_metadata(article: SourceArticle, doc_id: str, sidecar: dict[str, str]) -> SourceArticle:
    return replace(article, doc_id=doc_id, sidecar=sidecar)


def _unique_id(path: Path, relative: str, seen: set[str]) -> str:
    """The file stem, as DESIGN.md promises; the relative path when two files share a stem."""
    return path.stem if path.stem not in seen else relative


def _sidecar_key(name: str) -> str:
    """'./a.txt' and 'sub\\a.txt' (a Windows colleague's sidecar) name the same files as 'a.txt', 'sub/a.txt'."""
    key = name.replace("\\", "/")
    while key.startswith("./"):
        key = key[2:]
    return key


def _sidecar_name(src: Path) -> str:
    return next((name for name in SIDECAR_NAMES if (Path(src) / name).exists()), SIDECAR_NAMES[0])


_CONTROLS = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13))  # but tab, newline, form feed, CR


def _control_share(sample: bytes) -> float:
    controls = len(sample) - len(sample.translate(None, _CONTROLS))  # in C: a Python loop took 0.15 ms a file
    return controls / max(len(sample), 1)
