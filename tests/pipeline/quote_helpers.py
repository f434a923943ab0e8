"""What the quote tests share: actor spans as the pipeline gives them, from a table of surfaces."""

from __future__ import annotations

from pipeline.quotes import ActorSpan


def spans_for(text: str, actors: dict[str, tuple[str, str]]) -> list[ActorSpan]:
    """Every occurrence of every surface of `actors` (surface -> (actor id, type)), longest first,
    never overlapping, in text order (as the pipeline gives them)."""
    taken: set[int] = set()
    spans = []
    for surface, (actor_id, actor_type) in sorted(actors.items(), key=lambda kv: -len(kv[0])):
        start = text.find(surface)
        while start != -1:
            end = start + len(surface)
            if not taken.intersection(range(start, end)):
                taken.update(range(start, end))
                spans.append(ActorSpan(start, end, actor_id, surface, actor_type))
            start = text.find(surface, end)
    return sorted(spans, key=lambda s: s.start)
