"""The analysts who may curate in team mode: a YAML file of names and argon2 password hashes, read
and checked, verified at sign-in, and replaced atomically by `python -m pipeline add-analyst NAME`.

Pure functions over text and records (`parse_analysts`, `format_analysts`, `with_analyst`,
`verify_analyst`); the file is read and written only by `read_analysts` and `add_analyst`.
A password is never stored, logged or put into a message; a hash never leaves this module's
records except into the file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from filelock import FileLock

from pipeline.config import ANALYSTS_ENV, DEFAULT_ANALYSTS_FILE

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 1_000_000  # a team's file is a few kB
MAX_NAME_CHARS = 100
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1_000  # longer input is refused before argon2 spends time on it
LOCK_TIMEOUT = 10.0  # seconds another add-analyst may hold the file
HEADER = """\
# Analysts who may curate in team mode (README, "Running for a team"). Written by
# `python -m pipeline add-analyst NAME`, which asks for the password; only its argon2 hash is kept.
# Remove an analyst by deleting their entry. Keep this file out of version control.
"""
_KEYS = {"schema_version", "analysts"}
_ENTRY_KEYS = {"name", "password_hash"}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AnalystsFileError(ValueError):
    """The analysts file cannot be used; the message names the file, the line where known, and the fault."""


@dataclass(frozen=True)
class Analyst:
    """One analyst: the name every decision records, and the argon2 hash of their password."""

    name: str
    password_hash: str = field(repr=False)


@dataclass(frozen=True)
class Analysts:
    """The team, in the file's order."""

    entries: tuple[Analyst, ...] = ()

    def find(self, name: str) -> Analyst | None:
        """The analyst of that name (spaces around it and case do not matter), None when there is none."""
        wanted = name.strip().casefold()
        return next((entry for entry in self.entries if entry.name.casefold() == wanted), None)


def analysts_path(environ: Mapping[str, str]) -> tuple[Path, bool]:
    """Where the analysts file is: $DASHBOARD_ANALYSTS_FILE, else data/analysts.yaml.

    RETURNS (tuple[Path, bool]): the path, and whether the environment named it (then a missing
        file is a fault, not open curation).
    """
    named = environ.get(ANALYSTS_ENV, "").strip()
    return (Path(named).expanduser(), True) if named else (DEFAULT_ANALYSTS_FILE, False)


def check_name(name: str) -> str:
    """The name as recorded (without surrounding spaces). Raises ValueError naming the fault."""
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS:
        raise ValueError(f"an analyst's name has 1 to {MAX_NAME_CHARS} characters, not {len(name)}")
    if not name.isprintable() or not any(char.isalnum() for char in name):
        raise ValueError(f"{name!r} is no name: one line of printable text, with a letter or digit")
    return name


def hash_password(password: str) -> str:
    """The argon2id hash of a new password (the library's recommended parameters, a random salt).
    Raises ValueError when the password is too short or too long (the message never holds it)."""
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise ValueError(f"a password has {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters")
    return _hasher().hash(password)


def verify_analyst(analysts: Analysts, name: str, password: str) -> str | None:
    """The analyst's name as the file writes it when `password` is theirs, else None.

    An unknown name is checked against a decoy hash, so a wrong name and a wrong password take the
    same time and give the same answer; argon2 compares the digests in constant time.
    """
    found = analysts.find(name)
    if len(password) > MAX_PASSWORD_CHARS:
        password = ""  # still one verification, so the time says nothing
    try:
        _hasher().verify(found.password_hash if found else _decoy_hash(), password)
    except (VerificationError, InvalidHashError):  # a wrong password, or a damaged hash in the file
        return None
    return found.name if found else None


def with_analyst(analysts: Analysts, name: str, password_hash: str) -> Analysts:
    """The team with `name` added at the end, or, when it is there (in any case), its hash replaced
    in place under the name as the file already writes it: the name its decisions record."""
    name = check_name(name)
    present = analysts.find(name)
    if present is None:
        return Analysts((*analysts.entries, Analyst(name, password_hash)))
    return Analysts(tuple(Analyst(e.name, password_hash) if e is present else e for e in analysts.entries))


def parse_analysts(text: str, *, where: str) -> Analysts:
    """Read and check the file's text. Raises AnalystsFileError naming `where` (the file) and the line.

    An empty file is a team of no one.
    """
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_LOADER)):
            raise AnalystsFileError(f"{where}: anchors and aliases (&a, *a) are not allowed")
        document = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise AnalystsFileError(f"{where}{line}: not YAML ({getattr(error, 'problem', None) or error})") from None
    if document is None:
        return Analysts()
    if not isinstance(document, dict) or set(document) != _KEYS:
        raise AnalystsFileError(f"{where}: expected the keys schema_version and analysts, as add-analyst writes them")
    if type(document["schema_version"]) is not int or document["schema_version"] != SCHEMA_VERSION:
        raise AnalystsFileError(f"{where}: schema_version {document['schema_version']!r}, expected {SCHEMA_VERSION}")
    entries = document["analysts"] or []
    if not isinstance(entries, list):
        raise AnalystsFileError(f"{where}: analysts must be a list of entries with name and password_hash")
    analysts = Analysts()
    for index, entry in enumerate(entries):
        try:
            analysts = _added(analysts, entry)
        except ValueError as error:  # the line is looked up only for the message
            raise AnalystsFileError(f"{where}:{_line(text, index)}: {error}") from None
    return analysts


def format_analysts(analysts: Analysts) -> str:
    """The file's text: the header, the schema version and one entry per analyst."""
    entries = [{"name": entry.name, "password_hash": entry.password_hash} for entry in analysts.entries]
    body = yaml.safe_dump(
        {"schema_version": SCHEMA_VERSION, "analysts": entries}, sort_keys=False, allow_unicode=True, width=1000
    )
    return HEADER + body


def read_analysts(path: Path) -> Analysts:
    """The team in the file. Raises AnalystsFileError naming it when it is unreadable, too large or
    malformed (FileNotFoundError when there is no file: the caller decides what that means)."""
    path = Path(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise AnalystsFileError(f"{path}: over {MAX_FILE_BYTES:,} bytes; a team's file is a few kB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise AnalystsFileError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None
    except IsADirectoryError:
        raise AnalystsFileError(f"{path}: a folder, not the analysts file") from None
    return parse_analysts(text, where=str(path))


def add_analyst(path: Path, name: str, password_hash: str) -> bool:
    """Add or replace one analyst in the file (created when missing), under a file lock, in one
    rename: a reader sees the old file or the new one. The file is readable by its owner only.

    RETURNS (bool): True when the analyst was already there (their password replaced).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path.with_name(path.name + ".lock")), timeout=LOCK_TIMEOUT):
        team = read_analysts(path) if path.exists() else Analysts()
        replaced = team.find(name) is not None
        _write_private(path, format_analysts(with_analyst(team, name, password_hash)))
    return replaced


def _added(analysts: Analysts, entry: object) -> Analysts:
    """The team with one entry of the file added. Raises ValueError saying what is wrong with it."""
    if not isinstance(entry, dict) or set(entry) != _ENTRY_KEYS:
        raise ValueError("an entry has exactly the keys name and password_hash")
    name = check_name(entry["name"] if isinstance(entry["name"], str) else "")
    digest = entry["password_hash"]
    if not isinstance(digest, str) or not digest.startswith("$argon2"):
        raise ValueError(f"the password_hash of {name!r} is not an argon2 hash")
    if analysts.find(name) is not None:
        raise ValueError(f"{name!r} is named twice")
    return Analysts((*analysts.entries, Analyst(name, digest)))


def _line(text: str, index: int) -> int:
    """The line where the index-th analyst's entry starts (1 when it cannot be told)."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
        items = next(value for key, value in root.value if key.value == "analysts")
        return items.value[index].start_mark.line + 1
    except (yaml.YAMLError, StopIteration, IndexError, AttributeError, TypeError):
        return 1


def _write_private(path: Path, text: str) -> None:
    """Replace the file in one step with a file only its owner may read (mkstemp creates it 0600)."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with RFC 9106's low-memory parameters


@cache
def _decoy_hash() -> str:
    """A hash no password is known for, made once per process: what an unknown name is checked against."""
    return _hasher().hash(os.urandom(32).hex())
