"""The analysts' decisions file: every entry checked when read; decisions recorded and undone under a lock.

What an analyst can expect from a hand-edited file: an entry that breaks the rules (unknown kind or
key, a field of the wrong type, coordinates out of range, an empty alias, an over-long text) is
skipped with a sentence naming the file and its line, and every other decision still applies; a
file that cannot be read as a whole (not YAML, over the size limit, anchors or aliases, another
schema version) stops the build and the dashboard's recording with such a sentence, and nothing is
written until it is fixed.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.curation.file import appended, dump_file, read_text, remember, with_key
from pipeline.curation.reader import CurationError, CurationFileError, DecisionsText
from pipeline.curation.rules import (
    MAX_NOTE,
    MAX_TEXT,
    OPTIONAL,
    Decision,
    entry_of,
    id_of,
    kind_of,
    parse_entry,
    shown,
    text_field,
)
from pipeline.store import write_text_atomic

SCHEMA_VERSION = 1
LOCK_TIMEOUT = 60.0  # seconds a writer waits for another one before telling the analyst
_LOADED: dict[str, DecisionsFile] = {}  # path -> its last check, reused while the file's bytes are the same


@dataclass(frozen=True)
class DecisionsFile:
    """A decisions file as read: its valid decisions in order, a sentence for each entry skipped
    (file and line, why), and the SHA-256 of the bytes read (None when there is no file)."""

    path: Path
    decisions: tuple[Decision, ...]
    skipped: tuple[str, ...]
    digest: str | None


def load_decisions(path: Path) -> DecisionsFile:
    """Every decision of the file, checked; none when there is no file. Raises CurationFileError
    naming the file and line when the file as a whole cannot be read."""
    document = read_text(Path(path))
    cached = _LOADED.get(str(document.path))
    if cached is not None and document.digest is not None and cached.digest == document.digest:
        return cached
    _check_file(document)
    decisions, skipped, seen = [], [], {}
    for entry in document.entries:
        try:
            if entry.problem:
                raise CurationError(entry.problem)
            decision = parse_entry(entry.value)
            if decision.id in seen:
                raise CurationError(f"its id is the one of the decision at line {seen[decision.id]}")
        except CurationError as error:
            skipped.append(f"{document.path}:{entry.line}: decision {id_of(entry.value)[:60]} skipped: {error}")
            continue
        seen[decision.id] = entry.line
        decisions.append(decision)
    loaded = DecisionsFile(document.path, tuple(decisions), tuple(skipped), document.digest)
    _LOADED[str(document.path)] = loaded
    return loaded


def read_decisions(path: Path) -> list[Decision]:
    """The valid decisions of the file, in the order they were made (load_decisions says which were skipped)."""
    return list(load_decisions(path).decisions)


def record_decision(path: Path, kind: str, *, by: str, note: str = "", **fields) -> Decision:
    """Append one decision under a file lock, so analysts deciding at once all keep theirs. Raises
    CurationError when the decision breaks the rules, when the file cannot be read (nothing is
    written then), or when another writer holds the lock longer than LOCK_TIMEOUT seconds."""
    path = Path(path)
    decision = new_decision(kind, by=by, note=note, **fields)
    with _locked(path):
        document = read_text(path)
        _check_file(document)
        taken = {id_of(entry.value) for entry in document.entries}
        while decision.id in taken:  # two decisions in one second may draw the same six hex digits
            decision = replace(decision, id=_new_id())
        written = appended(document, entry_of(decision))
        if written is None:  # no list at the end of the file to append to: write it whole
            _write(path, [*(entry.value for entry in document.entries), entry_of(decision)])
            return decision
        write_text_atomic(path, written.text)
        remember(written)
        known = _LOADED.get(str(path))
        if known is not None and document.digest is not None and known.digest == document.digest:
            _LOADED[str(path)] = replace(known, decisions=(*known.decisions, decision), digest=written.digest)
    return decision


def undo_decision(path: Path, decision_id: str, *, by: str, note: str = "") -> Decision:
    """Mark a decision undone (it stays in the history). Raises CurationError for an unknown id or
    one already undone, and as record_decision does."""
    path = Path(path)
    stamp = {"by": _required_name(by), "at": _now(), "note": text_field(note or "", "note", MAX_NOTE, blank=True)}
    with _locked(path):
        document = read_text(path)
        _check_file(document)
        index, decision = _find(document, decision_id)
        if decision.undone:
            raise CurationError(f"decision {decision_id} is already undone")
        undone = parse_entry({**document.entries[index].value, "undone": stamp})
        written = with_key(document, index, "undone", stamp)
        if written is None:  # the entry cannot be marked in place: write the file whole
            entries = [entry.value for entry in document.entries]
            _write(path, [*entries[:index], {**entries[index], "undone": stamp}, *entries[index + 1 :]])
            return undone
        write_text_atomic(path, written.text)
        remember(written)
        known = _LOADED.get(str(path))
        _LOADED.pop(str(path), None)  # the lines in its skipped entries' messages may have moved
        if known is not None and not known.skipped and known.digest == document.digest is not None:
            at = next(i for i, d in enumerate(known.decisions) if d.id == decision_id)
            changed = (*known.decisions[:at], undone, *known.decisions[at + 1 :])
            _LOADED[str(path)] = replace(known, decisions=changed, digest=written.digest)
    return undone


def _find(document: DecisionsText, decision_id: str) -> tuple[int, Decision]:
    """The index and decision of the first valid entry with that id (as load_decisions keeps it)."""
    for index, entry in enumerate(document.entries):
        if id_of(entry.value) == decision_id and not entry.problem:
            try:
                return index, parse_entry(entry.value)
            except CurationError:
                continue
    raise CurationError(f"no decision {decision_id!r} in {document.path}")


def write_decisions(path: Path, decisions: Iterable[Decision]) -> None:
    """Write a whole decisions file (replacing it in one step)."""
    _write(Path(path), [entry_of(d) for d in decisions])


def _write(path: Path, entries: list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, dump_file(SCHEMA_VERSION, entries))


def new_decision(kind: str, *, by: str, note: str = "", **fields) -> Decision:
    """A validated decision with a fresh id and the current time."""
    raw = {"id": _new_id(), "kind": kind, "by": _required_name(by), "at": _now(), "note": note, **fields}
    raw = {key: value for key, value in raw.items() if not (key in OPTIONAL and value is None)}
    try:
        return parse_entry(raw)
    except CurationError as error:
        raise CurationError(f"new {kind} decision: {error}") from None


def _check_file(document: DecisionsText) -> None:
    """The file as a whole: its top-level keys, its schema version, a list of decisions."""
    root, path, lines = document.root, document.path, document.root_lines
    for key in root:
        if key not in ("schema_version", "decisions"):
            raise CurationFileError(
                f"{path}:{lines.get(key, 1)}: unknown top-level key {shown(key)} (expected schema_version, decisions)"
            )
    if root and root.get("schema_version") != SCHEMA_VERSION:
        raise CurationFileError(
            f"{path}:{lines.get('schema_version', 1)}: schema_version is {shown(root.get('schema_version'))}; "
            f"this version reads {SCHEMA_VERSION}"
        )
    if root.get("decisions") is not None and not isinstance(root["decisions"], list):
        raise CurationFileError(
            f"{path}:{lines.get('decisions', 1)}: decisions must be a list, not {kind_of(root['decisions'])}"
        )


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the decisions file's lock, waiting up to LOCK_TIMEOUT seconds; a CurationError after that."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path) + ".lock")
    try:
        lock.acquire(timeout=LOCK_TIMEOUT)
    except Timeout:
        raise CurationError(
            f"another analyst kept {path} locked for over {LOCK_TIMEOUT:g} s; nothing was recorded, try again"
        ) from None
    try:
        yield
    finally:
        lock.release()


def _required_name(by: str) -> str:
    if not str(by or "").strip():
        raise CurationError("a decision needs the analyst's name ('by')")
    return text_field(by, "by", MAX_TEXT)


def _new_id() -> str:
    return f"{datetime.datetime.now(datetime.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
