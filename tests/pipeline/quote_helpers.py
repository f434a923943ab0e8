"""What the quote tests share: actor spans as the pipeline gives them, from a table of surfaces, and
the speaker the extractor gives each quotation of an invented text."""

from __future__ import annotations

from pathlib import Path

from pipeline.quotes import ActorSpan, QuotePatterns, extract_quotes

QUOTES_YAML = Path(__file__).resolve().parents[2] / "data" / "knowledge" / "base" / "patterns" / "quotes.yaml"


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


def speakers_of(text: str, actors: dict[str, tuple[str, str]], patterns: QuotePatterns) -> dict[str, str | None]:
    """quotation -> speaker id, for `text` with the spans of `actors` (surface -> (actor id, type))."""
    return {q.quote: q.speaker_id for q in extract_quotes(text, spans_for(text, actors), patterns)}
