"""Build-throughput benchmark: the whole pipeline against bare spaCy, first build and rebuilds.

Every figure is a ratio to a baseline measured in the same run on the same machine:
- build / bare: `python -m pipeline build` (in-process, no cache) against `nlp.pipe` with the full
  default model pipeline in one process, both including model loading;
- rebuild / build: the same build again on unchanged input (every article from the cache);
- add one / build: a build after adding one article to the corpus.
Run: python -m benchmarks.bench_build --sizes 100 1000 10000 [--n-process 2] [--json rows.json] \
        [--plot docs/build_growth.svg]
     python -m benchmarks.bench_build --replot rows.json --plot docs/build_growth.svg   (no new run)
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import tempfile
import time
from pathlib import Path

import spacy

from benchmarks.corpus import write_corpus
from benchmarks.svg_plot import log_log_svg
from pipeline.build import build_corpus
from pipeline.config import PipelineConfig
from pipeline.store import resolve_model_name


def bare_spacy_seconds(texts: list[str], model: str) -> float:
    """Load the full default model and run nlp.pipe over the texts in one process."""
    started = time.perf_counter()
    nlp = spacy.load(model)
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - started


def timed_build(src: Path, out: Path, config: PipelineConfig) -> tuple[float, int]:
    """Seconds the build took, and how many articles it took from the cache."""
    started = time.perf_counter()
    summary = build_corpus(src, out, config=config)
    return time.perf_counter() - started, summary.n_reused


def measure(size: int, work: Path, n_process: int) -> dict:
    """One row of figures for a corpus of `size` articles."""
    src, out = work / f"src-{size}", work / f"out-{size}"
    paths = write_corpus(src, size)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    config = PipelineConfig(n_process=n_process, curation_file=work / "no-decisions.yaml")
    bare = bare_spacy_seconds(texts, resolve_model_name(config))
    first, _ = timed_build(src, out, config)
    rebuild, reused = timed_build(src, out, config)
    write_corpus(work / "extra", 1, seed=size + 1)[0].rename(src / "added_00000.txt")
    add_one, _ = timed_build(src, out, config)
    return {
        "articles": size,
        "words": sum(len(t.split()) for t in texts),
        "bare_spacy_s": round(bare, 2),
        "build_s": round(first, 2),
        "build_over_bare": round(first / bare, 3),
        "rebuild_s": round(rebuild, 2),
        "rebuild_over_build": round(rebuild / first, 3),
        "rebuild_reused": reused,
        "add_one_s": round(add_one, 2),
        "add_one_over_build": round(add_one / first, 3),
    }


def markdown(rows: list[dict], n_process: int) -> str:
    header = "| " + " | ".join(rows[0]) + " |\n|" + "---|" * len(rows[0]) + "\n"
    lines = "".join("| " + " | ".join(str(v) for v in row.values()) + " |\n" for row in rows)
    machine = (
        f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, n_process={n_process}"
    )
    return f"Machine: {machine}\n\n{header}{lines}"


def plot_svg(rows: list[dict]) -> str:
    """Seconds against articles (log-log): bare spaCy, first build, rebuild and adding one article."""
    return log_log_svg(
        [row["articles"] for row in rows],
        {
            "bare spaCy (nlp.pipe)": [row["bare_spacy_s"] for row in rows],
            "build": [row["build_s"] for row in rows],
            "rebuild, unchanged input": [row["rebuild_s"] for row in rows],
            "add one article": [row["add_one_s"] for row in rows],
        },
        title="Build time vs. articles (log-log)",
        x_label="articles",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100])
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument("--plot", type=Path, help="write the SVG plot of the growth here")
    parser.add_argument("--replot", type=Path, help="read the rows from this JSON instead of measuring")
    parser.add_argument("--keep", type=Path, help="keep the corpora and tables in this folder (default: deleted)")
    args = parser.parse_args(argv)
    if args.replot:
        rows = json.loads(args.replot.read_text())
    else:
        work = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
        try:
            rows = [measure(size, work, args.n_process) for size in args.sizes]
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    print(markdown(rows, args.n_process))
    if args.json and not args.replot:
        args.json.write_text(json.dumps(rows, indent=2))
    if args.plot:
        args.plot.write_text(plot_svg(rows))


if __name__ == "__main__":
    main()
