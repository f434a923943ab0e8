"""Where an entry of a knowledge file starts, for messages that send the analyst to the line."""

from __future__ import annotations

from pathlib import Path

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def line_of(path: Path, index: int, key: str = "actors") -> str:
    """'file.yaml:42': where the index-th item of the file's top-level `key` list starts. The file is
    parsed again only for a message, so the cost is paid only when something is wrong."""
    try:
        root = yaml.compose(Path(path).read_bytes(), Loader=_LOADER)
        items = next(value for name, value in root.value if name.value == key)
        return f"{path}:{items.value[index].start_mark.line + 1}"
    except (OSError, yaml.YAMLError, StopIteration, IndexError, AttributeError, TypeError):
        return str(path)
