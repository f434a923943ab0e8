"""Write a synthetic corpus of distinct articles for benchmarks, recombined from the project's own texts.

Each article takes a headline and 8-20 paragraphs drawn (with a fixed seed) from the seed, held-out
and test articles, so the texts are realistic for the pipeline, distinct from one another, and the
same on every run.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "seeds", ROOT / "tests" / "heldout", ROOT / "tests" / "articles"]


def paragraphs() -> list[str]:
    """Every paragraph of 25 words or more in the source articles."""
    found = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*")):
            if path.suffix in (".txt", ".md"):
                found.extend(p.strip() for p in path.read_text(encoding="utf-8").split("\n") if len(p.split()) >= 25)
    return found


def write_corpus(out: Path, count: int, *, seed: int = 7) -> list[Path]:
    """`count` distinct articles in `out` (created), named bench_00000.txt ..."""
    pool = paragraphs()
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(count):
        body = rng.sample(pool, rng.randint(8, min(20, len(pool))))
        headline = " ".join(body[0].split()[:9]).rstrip(",.;:")
        path = out / f"bench_{index:05d}.txt"
        path.write_text(f"{headline}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    print(f"wrote {len(write_corpus(args.out, args.count))} articles to {args.out}")
