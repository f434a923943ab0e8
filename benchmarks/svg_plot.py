"""Log-log line plots as plain SVG for BENCHMARKS.md.

Hand-written rather than matplotlib or plotly+kaleido: a few lines and axes need no plotting
package (kaleido would need a browser), and the SVG is small, diffable and renders on GitHub.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

WIDTH, HEIGHT, LEFT, BOTTOM, RIGHT, TOP = 640, 400, 70, 50, 20, 30
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
TICKS = (0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000, 10000)


def log_log_svg(
    xs: Sequence[float],
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    x_label: str,
    reference: tuple[float, str] | None = None,
) -> str:
    """One line per `series` (name -> y per x, in seconds) over `xs`, both axes logarithmic.

    reference (value, label): a dashed horizontal line, e.g. a target.
    """
    values = [y for ys in series.values() for y in ys] + ([reference[0]] if reference else [])
    low, high = min(values) / 1.5, max(values) * 1.5
    x_low, x_high = min(xs) / 1.5, max(xs) * 1.5

    def point(x: float, y: float) -> tuple[float, float]:
        fx = (math.log10(x) - math.log10(x_low)) / (math.log10(x_high) - math.log10(x_low))
        fy = (math.log10(y) - math.log10(low)) / (math.log10(high) - math.log10(low))
        return LEFT + fx * (WIDTH - LEFT - RIGHT), HEIGHT - BOTTOM - fy * (HEIGHT - BOTTOM - TOP)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        'font-family="sans-serif" font-size="11">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{WIDTH / 2}" y="18" text-anchor="middle" font-size="13">{title}</text>',
    ]
    for x in xs:
        px, _ = point(x, low)
        parts.append(f'<line x1="{px:.1f}" y1="{TOP}" x2="{px:.1f}" y2="{HEIGHT - BOTTOM}" stroke="#eee"/>')
        parts.append(f'<text x="{px:.1f}" y="{HEIGHT - BOTTOM + 15}" text-anchor="middle">{x:,}</text>')
    for tick in TICKS:
        if low <= tick <= high:
            _, py = point(xs[0], tick)
            parts.append(f'<line x1="{LEFT}" y1="{py:.1f}" x2="{WIDTH - RIGHT}" y2="{py:.1f}" stroke="#eee"/>')
            parts.append(f'<text x="{LEFT - 6}" y="{py + 4:.1f}" text-anchor="end">{tick:g} s</text>')
    if reference:
        _, py = point(xs[0], reference[0])
        parts.append(
            f'<line x1="{LEFT}" y1="{py:.1f}" x2="{WIDTH - RIGHT}" y2="{py:.1f}" stroke="#999" stroke-dasharray="5,4"/>'
        )
        parts.append(
            f'<text x="{WIDTH - RIGHT - 2}" y="{py - 4:.1f}" text-anchor="end" fill="#666">{reference[1]}</text>'
        )
    for index, (name, ys) in enumerate(series.items()):
        colour = COLOURS[index % len(COLOURS)]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in (point(x, y) for x, y in zip(xs, ys, strict=True)))
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<text x="{LEFT + 10}" y="{TOP + 10 + 14 * index}" fill="{colour}">{name}</text>')
    parts.append(f'<text x="{WIDTH / 2}" y="{HEIGHT - 10}" text-anchor="middle">{x_label}</text>')
    return "\n".join(parts + ["</svg>"]) + "\n"
