"""One inferred metadata value with its basis and evidence, the record every inference step returns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Inferred:
    """One metadata value and how we know it: basis 'text', 'url' or 'inferred', and the evidence."""

    value: str | datetime.date
    basis: str
    evidence: str
