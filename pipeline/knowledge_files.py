"""Read a pattern file of the knowledge strictly: its schema version, no key its loader does not read,
no word YAML silently turns into something else, each fault named with its file and line.

YAML reads a bare `on`, `off`, `yes` or `no` as a boolean: in a word list, "on" became True and
matched nothing, and nothing said so. A misspelt key ("speach_verbs") was read as an empty list.
`strictly` hands a loader the file's mapping and records which keys it reads, then names every key
the loader left unread; a schema version other than the one the loaders know and every boolean or
null among listed words are refused before the loader starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

SCHEMA_VERSION = 1  # the version of the knowledge files' shape these loaders read
# Keys any entry may carry for the people who edit the file, never for a loader: where it comes from.
DOCUMENTATION_KEYS = frozenset({"source", "sources", "note", "notes"})
MAX_FAULTS = 20  # named in one message; the rest are counted
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SUSPECT_TAGS = {"tag:yaml.org,2002:bool": "a boolean", "tag:yaml.org,2002:null": "null"}


class KnowledgeFileError(ValueError):
    """A knowledge file breaks its shape; the message names the file and line of every fault."""


class _Read(dict):
    """A mapping of a knowledge file that remembers which of its keys were read."""

    def __init__(self, data: dict, node: yaml.MappingNode) -> None:
        lines = {key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
        children = {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}
        super().__init__({k: _wrap(v, children.get(str(k))) for k, v in data.items()})
        self.lines = lines
        self.read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(str(key))
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(str(key))
        return super().get(key, default)

    def __iter__(self) -> Iterator:
        self.read.update(map(str, super().keys()))
        return super().__iter__()

    def keys(self):
        self.read.update(map(str, super().keys()))
        return super().keys()

    def items(self):
        self.read.update(map(str, super().keys()))
        return super().items()

    def values(self):
        self.read.update(map(str, super().keys()))
        return super().values()


def _wrap(value: object, node: yaml.Node | None) -> object:
    if isinstance(value, dict) and isinstance(node, yaml.MappingNode):
        return _Read(value, node)
    if isinstance(value, list) and isinstance(node, yaml.SequenceNode):
        return [_wrap(item, child) for item, child in zip(value, node.value, strict=True)]
    return value


@contextmanager
def strictly(path: Path) -> Iterator[dict]:
    """The mapping of the YAML file at `path`, for a loader to read inside the `with` block; then every
    key it did not read is named (KnowledgeFileError), so a loader never builds from a file it half
    understood. A wrong schema version and suspect words are refused before the loader starts."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise KnowledgeFileError(f"{path}: not valid YAML ({error})") from error
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise KnowledgeFileError(f"{path}:1: a knowledge file is a mapping of keys to values")
    _refuse(_version_faults(path, data.get("schema_version")) + _suspect_words(path, node))
    mapping = _Read(data, node)
    mapping.read.add("schema_version")
    yield mapping
    _refuse(_unread_keys(path, mapping, ""))


def _refuse(faults: list[str]) -> None:
    if faults:
        more = f"; and {len(faults) - MAX_FAULTS} more" if len(faults) > MAX_FAULTS else ""
        raise KnowledgeFileError("; ".join(faults[:MAX_FAULTS]) + more)


def _version_faults(path: Path, version: object) -> list[str]:
    if version == SCHEMA_VERSION:
        return []
    return [f"{path}:1: schema_version is {version!r}; these loaders read version {SCHEMA_VERSION}"]


def _suspect_words(path: Path, node: yaml.Node) -> list[str]:
    """Listed words YAML read as a boolean or null ("- on", "- no", "- ~"): quote them."""
    if isinstance(node, yaml.MappingNode):
        return [fault for _, value in node.value for fault in _suspect_words(path, value)]
    if not isinstance(node, yaml.SequenceNode):
        return []
    faults = []
    for item in node.value:
        if isinstance(item, yaml.ScalarNode) and item.tag in _SUSPECT_TAGS:
            what = _SUSPECT_TAGS[item.tag]
            faults.append(f"{path}:{item.start_mark.line + 1}: {item.value!r} reads as {what} (quote it)")
        else:
            faults += _suspect_words(path, item)
    return faults


def _unread_keys(path: Path, mapping: object, where: str) -> list[str]:
    """Keys no loader read, anywhere in the file: a misspelling, or a key this version does not know."""
    if isinstance(mapping, list):
        return [fault for item in mapping for fault in _unread_keys(path, item, where)]
    if not isinstance(mapping, _Read):
        return []
    faults = [
        f"{path}:{mapping.lines.get(str(key), 1)}: unknown key '{where}{key}'"
        for key in dict.keys(mapping)
        if str(key) not in mapping.read and str(key) not in DOCUMENTATION_KEYS
    ]
    for key in dict.keys(mapping):
        if str(key) in mapping.read:
            faults += _unread_keys(path, dict.__getitem__(mapping, key), f"{where}{key}.")
    return faults
