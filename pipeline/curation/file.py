"""The analysts' decisions file as text: read within a size limit (the last parse kept while the bytes
are the same), a decision appended and an undo marked in place, so comments and hand edits stay.

Each edit is read back (the new entry with the one before it, or the marked entry) and compared
with what was meant before it is written; when it cannot be made in place (a file whose decisions
list is not the block list ending it, or a flow-style entry) the whole file is written instead.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import yaml

from pipeline.curation.reader import CurationError, CurationFileError, DecisionsText, parse_text

MAX_FILE_BYTES = 20 * 1024 * 1024  # ~150,000 decisions; beyond that a file is likelier a mistake than work
HEADER = (
    "# Analysts' decisions, applied in this order to every build (python -m pipeline build).\n"
    "# Written by the dashboard's Curation view; readable and diff-friendly by design.\n"
)
_PARSED: dict[str, DecisionsText] = {}  # path -> its last parse, reused while the file's bytes are the same


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """safe_dump in C, never writing an anchor even for a value that appears twice."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def read_text(path: Path) -> DecisionsText:
    """The decisions file, parsed (the last parse again while its bytes are the same); an empty
    document when it does not exist. Raises CurationFileError naming the file (and line) when it is
    too big, not UTF-8, not YAML, or uses anchors, aliases or tags."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return DecisionsText(path, "", {})
    except OSError as error:
        raise CurationFileError(f"{path} cannot be read ({error})") from error
    if len(data) > MAX_FILE_BYTES:
        raise CurationFileError(f"{path} is over {MAX_FILE_BYTES // 2**20} MB: split or trim it by hand")
    digest = hashlib.sha256(data).hexdigest()
    cached = _PARSED.get(str(path))
    if cached is not None and cached.digest == digest:
        return cached
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CurationFileError(f"{path} is not UTF-8 text ({error.reason} at byte {error.start})") from error
    document = parse_text(text, path)
    document.digest = digest
    _PARSED[str(path)] = document
    return document


def remember(document: DecisionsText) -> None:
    """Keep a document this process has just written as the parse of its file, so the next read of
    the same bytes (the re-curation after a click) does not parse them again."""
    document.digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    _PARSED[str(document.path)] = document


def dump_file(schema_version: int, entries: list[object]) -> str:
    """The whole file: the header, the schema version, then the entries as they are (valid or not)."""
    body = yaml.dump(
        {"schema_version": schema_version, "decisions": entries},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
    )
    return HEADER + body


def appended(document: DecisionsText, entry: dict) -> DecisionsText | None:
    """The file with `entry` appended to its decisions list as text (comments and hand edits stay),
    or None when that is not safe: the list is not in block style at the end of the file, or its
    last entry and the new one, read again together, are not exactly the two entries."""
    if document.append_column is None or not document.entries:
        return None
    chunk = yaml.dump([entry], Dumper=_Dumper, sort_keys=False, allow_unicode=True).splitlines(keepends=True)
    text = document.text if document.text.endswith("\n") else document.text + "\n"
    text += "".join(" " * document.append_column + line for line in chunk)
    last = document.entries[-1]
    tail = "".join(text.splitlines(keepends=True)[last.line - 1 :])
    try:
        again = parse_text("decisions:\n" + tail, document.path)
    except CurationError:
        return None
    if [e.value for e in again.entries] != [last.value, entry] or again.append_column != document.append_column:
        return None
    shift = last.line - 2  # the tail starts at the last entry's line, after one line of its own
    added = again.entries[1]
    added.line, added.last = added.line + shift, (added.last[0] + shift, added.last[1])
    root = {**document.root, "decisions": [*document.root["decisions"], entry]}
    return DecisionsText(
        document.path, text, root, [*document.entries, added], document.append_column, root_lines=document.root_lines
    )


def with_key(document: DecisionsText, index: int, key: str, value: object) -> DecisionsText | None:
    """The file with `key: value` added at the end of entry `index` as text (comments and hand edits
    stay), or None when that is not safe: the entry is not a block mapping, or the entry read again
    is not exactly the entry with the key added."""
    entry = document.entries[index]
    if not entry.block or key in entry.value:
        return None
    lines = document.text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    block = yaml.dump({key: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True).splitlines(keepends=True)
    block = [" " * entry.key_column + line for line in block]
    at = entry.last[0] + 1 if entry.last[1] > 0 else entry.last[0]
    following = document.entries[index + 1].line - 1 if index + 1 < len(document.entries) else len(lines)
    if not entry.line - 1 < at <= following:
        return None
    try:
        again = parse_text(
            "decisions:\n" + "".join([*lines[entry.line - 1 : at], *block, *lines[at:following]]), document.path
        )
    except CurationError:
        return None
    if [e.value for e in again.entries] != [{**entry.value, key: value}]:
        return None
    shift, added = entry.line - 2, again.entries[0]
    marked = replace(added, line=entry.line, last=(added.last[0] + shift, added.last[1]))
    after = [
        replace(e, line=e.line + len(block), last=(e.last[0] + len(block), e.last[1]))
        for e in document.entries[index + 1 :]
    ]
    decisions = list(document.root["decisions"])
    decisions[index] = marked.value
    return DecisionsText(
        document.path,
        "".join([*lines[:at], *block, *lines[at:]]),
        {**document.root, "decisions": decisions},
        [*document.entries[:index], marked, *after],
        document.append_column,
        root_lines=document.root_lines,
    )
