"""What the name tests share: an analysis's mentions by the surface they were read at."""

from __future__ import annotations


def links_by_surface(analysis) -> dict[str, tuple[str, str]]:
    """surface -> (link, label) of every mention of `analysis` (the last mention of a surface wins)."""
    return {m.candidate.surface: (m.candidate.link, m.candidate.label) for m in analysis.mentions}
