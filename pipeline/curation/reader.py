"""Read the analysts' decisions file from YAML events: plain values, and where each decision is.

The C parser's events are built into dicts, lists and scalars here rather than by a loader: no
anchor, alias or tag is accepted (an alias is how a few hundred bytes expand to gigabytes, and the
dashboard never writes one), nothing is nested deeper than a decision's aliases, and each entry of
the decisions list keeps its line, its indentation and where its last value ends, so an edit can be
made in place. Plain scalars are typed by PyYAML's own resolver rules (null, bool, int, float; the
rest is text), so what `yaml.safe_dump` writes reads back the same; this is 4x quicker than
CSafeLoader, whose constructor is Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DEPTH = 4  # the file > its decisions > one decision > its aliases or its undo stamp
_TYPED = frozenset({"null", "bool", "int", "float"})  # other implicit tags (timestamps...) stay text
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = SafeConstructor()
_NO_KEY = object()


class CurationError(ValueError):
    """A decision that cannot be recorded: unknown kind, missing field, bad value."""


class CurationFileError(CurationError):
    """The decisions file as a whole cannot be read; the message names the file and line."""


@dataclass
class Entry:
    """One item of the file's decisions list as written, where it is, and what is wrong with its YAML."""

    value: object
    line: int  # 1-based line where it starts
    block: bool  # a block mapping, into which lines can be inserted
    key_column: int = 0  # where its keys start
    last: tuple[int, int] = (0, 0)  # (0-based line, column) where its last value ends
    problem: str = ""


@dataclass
class DecisionsText:
    """The file as read: its text, its root mapping, and the items of its decisions list."""

    path: Path
    text: str
    root: dict
    entries: list[Entry] = field(default_factory=list)
    append_column: int | None = None  # the column of the list's dashes when it is block style and ends the file
    digest: str | None = None  # SHA-256 of the bytes read; None when there is no file
    root_lines: dict = field(default_factory=dict)  # top-level key -> its 1-based line


def parse_text(text: str, path: Path) -> DecisionsText:
    """`text` as a decisions file (see read_text)."""
    try:
        return _Reader(text, Path(path)).read()
    except yaml.MarkedYAMLError as error:
        raise CurationFileError(f"{path}:{_yaml_error(error, text)}") from None
    except yaml.YAMLError as error:
        raise CurationFileError(f"{path}: not valid YAML: {error}") from None


def _yaml_error(error: yaml.MarkedYAMLError, text: str) -> str:
    """'12: not valid YAML: what (while parsing what, which starts at line 9)': the line where the
    parser stopped, or where the unclosed construct starts when it stopped at the end of the file."""
    problem, context, lines = error.problem_mark, error.context_mark, max(len(text.splitlines()), 1)
    past_the_end = problem is not None and problem.line >= lines
    mark = context if context is not None and (problem is None or past_the_end) else problem
    line = f"{min(mark.line + 1, lines)}: " if mark is not None else " "  # the end of the file is its last line
    start = f", which starts at line {context.line + 1}" if context is not None and mark is not context else ""
    return f"{line}not valid YAML: {error.problem}" + (f" ({error.context}{start})" if error.context else "")


class _Reader:
    """Builds plain Python values from the parser's events, keeping the lines of the decisions."""

    def __init__(self, text: str, path: Path) -> None:
        self.text, self.path = text, path
        self.stack: list[dict | list] = []
        self.keys: list[object] = []
        self.flows: list[bool] = []
        self.root: object = None
        self.decisions: list | None = None
        self.list_column: int | None = None
        self.list_ends_file = False
        self.entries: list[Entry] = []
        self.root_lines: dict = {}
        self.documents = 0

    def read(self) -> DecisionsText:
        loader = _LOADER(self.text)
        try:
            event = loader.get_event()
            while event is not None:
                if type(event) is ScalarEvent:
                    self._scalar(event)
                else:
                    self._structure(event)
                event = loader.get_event()
        finally:
            loader.dispose()
        if self.root is None:
            return DecisionsText(self.path, self.text, {})
        if not isinstance(self.root, dict):
            raise CurationFileError(f"{self.path}:1: expected a mapping with schema_version and decisions")
        column = self.list_column if self.list_ends_file else None
        return DecisionsText(self.path, self.text, self.root, self.entries, column, root_lines=self.root_lines)

    def _scalar(self, event: ScalarEvent) -> None:
        if event.anchor is not None or event.tag is not None:
            self._check(event)
        value = event.value
        if event.implicit[0] and value[:1] in _RESOLVERS:
            value = _typed(value)
        stack = self.stack
        if len(stack) == 3 and stack[1] is self.decisions and type(stack[2]) is dict:  # a field of a decision
            self.entries[-1].last = (event.end_mark.line, event.end_mark.column)
            key = self.keys[2]
            if key is _NO_KEY:
                self._key(stack[2], value, event)
            else:
                stack[2][key] = value
                self.keys[2] = _NO_KEY
            return
        self._mark_end(event)
        self._place(value, event)

    def _structure(self, event) -> None:
        kind = type(event)
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            self._check(event)
            self._open({} if kind is MappingStartEvent else [], event)
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            self._close(event)
        elif kind is AliasEvent:
            self._refuse(event, f"the alias *{event.anchor} is not allowed (write the value out)")
        elif kind is DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self._refuse(event, "a second YAML document ('---'); a decisions file holds one")

    def _check(self, event) -> None:
        if event.anchor is not None:
            self._refuse(event, f"the anchor &{event.anchor} is not allowed (anchors and aliases are not used here)")
        if event.tag is not None:
            self._refuse(event, f"the tag {event.tag} is not allowed")

    def _refuse(self, event, problem: str) -> None:
        raise CurationFileError(f"{self.path}:{event.start_mark.line + 1}: {problem}")

    def _open(self, container: dict | list, event) -> None:
        if len(self.stack) >= _DEPTH:
            self._refuse(event, "nested deeper than any decision goes")
        self._place(container, event)
        self.stack.append(container)
        self.keys.append(_NO_KEY)
        self.flows.append(bool(event.flow_style))

    def _close(self, event) -> None:
        closed = self.stack.pop()
        self.keys.pop()
        if self.flows.pop():  # a flow collection ends at its bracket; a block one at its last value
            self._mark_end(event)
        if closed is self.decisions:
            self.list_ends_file = True

    def _place(self, value: object, event) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if type(top) is list:
            if top is self.decisions:
                block = type(value) is dict and not event.flow_style
                self.entries.append(Entry(value, event.start_mark.line + 1, block))
            top.append(value)
            return
        key = self.keys[-1]
        if key is _NO_KEY:
            self._key(top, value, event)
            return
        top[key] = value
        self.keys[-1] = _NO_KEY
        if top is self.root:
            self.list_ends_file = False
            if key == "decisions" and type(value) is list:
                self.decisions = value
                self.list_column = None if event.flow_style else event.start_mark.column

    def _key(self, mapping: dict, key: object, event) -> None:
        if isinstance(key, dict | list):
            self._refuse(event, "a key must be plain text")
        if len(self.stack) >= 3 and self.stack[1] is self.decisions and self.entries:
            entry = self.entries[-1]
            if len(self.stack) == 3 and not mapping:
                entry.key_column = event.start_mark.column
            if key in mapping and not entry.problem:
                entry.problem = f"the key {str(key)[:60]!r} appears twice"
        elif key in mapping:
            self._refuse(event, f"the key {str(key)[:60]!r} appears twice")
        elif mapping is self.root:
            self.root_lines[key] = event.start_mark.line + 1
        self.keys[-1] = key

    def _mark_end(self, event) -> None:
        """Inside a decision: where its text ends so far (an undo stamp goes after it)."""
        if len(self.stack) >= 3 and self.stack[1] is self.decisions and self.entries:
            self.entries[-1].last = (event.end_mark.line, event.end_mark.column)


def _typed(value: str) -> object:
    """A plain scalar as safe_load types it (null, bool, int, float; timestamps and the rest stay text)."""
    for tag, pattern in _RESOLVERS[value[:1]]:
        if pattern.match(value):
            if tag.rsplit(":", 1)[-1] not in _TYPED:
                return value
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, value))
    return value
