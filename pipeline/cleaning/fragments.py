"""Expand the `{name}` fragments of a patterns YAML file into a regex and compile it."""

from __future__ import annotations

import re
from collections.abc import Mapping

_FRAGMENT = re.compile(r"\{([a-z_]+)\}")


def compile_with_fragments(
    pattern: str, fragments: Mapping[str, str], *, flags: int = 0, source: str
) -> re.Pattern[str]:
    """Insert `{name}` fragments (which may use other fragments), then compile.

    pattern (str): a regex that may name fragments; an unknown `{name}` is left as written.
    fragments (Mapping[str, str]): the file's `fragments` mapping.
    flags (int): `re` flags for the compiled pattern.
    source (str): what the file holds ('boilerplate', 'metadata'), named in the error.
    RETURNS (re.Pattern[str]): the compiled regex; raises ValueError naming a bad one.
    """
    expanded = pattern
    for _ in range(len(fragments) + 1):
        expanded = _FRAGMENT.sub(lambda m: fragments.get(m.group(1), m.group(0)), expanded)
    try:
        return re.compile(expanded, flags)
    except re.error as err:
        raise ValueError(f"bad {source} regex {pattern!r}: {err}") from err
