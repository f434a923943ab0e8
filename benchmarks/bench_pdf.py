"""PDF benchmark: does a 100-page report cost its share of words, and no more, of a build?

One report's paragraphs (drawn with a fixed seed from the project's own articles, as
benchmarks/corpus.py draws them) are written twice: as a 100-page PDF laid out in two columns with
a running header, footer and page numbers, and as a plain .txt file. Each is built alone, in one
process, without cache; the figure is the ratio of seconds per word (documents.n_words) of the PDF
build to the text build, and the share of the PDF build spent reading the PDF (pdfminer's layout
analysis and ours).
Run: python -m benchmarks.bench_pdf [--pages 100] [--repeat 2] [--json pdf.json]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import textwrap
import time
from pathlib import Path

from benchmarks.corpus import paragraphs
from pipeline.build import build_corpus
from pipeline.config import PipelineConfig
from pipeline.ingest import read_pdf
from pipeline.store import read_tables

COLUMN_CHARS = 44  # fits a 10-point Helvetica column of the A4 page laid out by tests/pipeline/report_makers.py
LINES_PER_COLUMN = 46
_PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})


def report_paragraphs(pages: int, *, seed: int = 11) -> list[str]:
    """Paragraphs enough for `pages` two-column pages, in a fixed pseudo-random order."""
    pool, rng = [_latin1(p) for p in paragraphs()], random.Random(seed)
    chosen: list[str] = []
    lines = 0
    while lines < pages * 2 * LINES_PER_COLUMN:
        paragraph = rng.choice(pool)
        chosen.append(paragraph)
        lines += len(textwrap.wrap(paragraph, COLUMN_CHARS)) + 1
    return chosen


def _latin1(text: str) -> str:
    """The text in the PDF core fonts' Latin-1 (curly quotes and dashes made plain, other letters
    dropped), so the PDF and the text file hold the same words."""
    plain = text.translate(_PLAIN)
    return plain.encode("latin-1", "ignore").decode("latin-1")


def layout(chosen: list[str], pages: int) -> list[list[list[str]]]:
    """The paragraphs as pages of two columns of lines, a blank line between paragraphs."""
    lines = [line for p in chosen for line in (*textwrap.wrap(p, COLUMN_CHARS), "")]
    columns = [lines[i : i + LINES_PER_COLUMN] for i in range(0, len(lines), LINES_PER_COLUMN)]
    return [columns[i : i + 2] for i in range(0, min(len(columns), pages * 2), 2)]


def timed_build(src: Path, out: Path, config: PipelineConfig) -> tuple[float, int]:
    """Seconds of one build of `src` and the words of its documents."""
    started = time.perf_counter()
    build_corpus(src, out, config=config)
    seconds = time.perf_counter() - started
    return seconds, int(read_tables(out, ("documents",))["documents"]["n_words"].sum())


def measure(pages: int, work: Path, repeat: int = 2) -> dict:
    """Build the report as PDF and as text, `repeat` times each; seconds, words and seconds per
    word of the fastest build of each."""
    from tests.pipeline.report_makers import report_pdf

    chosen = report_paragraphs(pages)
    laid_out = layout(chosen, pages)
    pdf = report_pdf(laid_out, title="Border Monitor annual report")
    (work / "pdf").mkdir()
    (work / "pdf" / "report.pdf").write_bytes(pdf)
    (work / "txt").mkdir()
    (work / "txt" / "report.txt").write_text(_text_of(laid_out), encoding="utf-8")
    config = PipelineConfig(use_cache=False, curation_file=work / "no-decisions.yaml")
    started = time.perf_counter()
    read_pdf(pdf)
    reading = time.perf_counter() - started
    text_runs, pdf_runs = [], []
    for run in range(repeat):  # alternated, the fastest of each kept: other load on the machine only slows
        text_runs.append(timed_build(work / "txt", work / f"out-txt-{run}", config))
        pdf_runs.append(timed_build(work / "pdf", work / f"out-pdf-{run}", config))
    (text_seconds, text_words), (pdf_seconds, pdf_words) = min(text_runs), min(pdf_runs)
    return {
        "pages": len(laid_out),
        "pdf_bytes": len(pdf),
        "text_seconds": round(text_seconds, 2),
        "text_words": text_words,
        "pdf_seconds": round(pdf_seconds, 2),
        "pdf_words": pdf_words,
        "pdf_reading_seconds": round(reading, 2),
        "runs": {"text": [round(t, 2) for t, _ in text_runs], "pdf": [round(t, 2) for t, _ in pdf_runs]},
        "ratio_seconds_per_word": round((pdf_seconds / pdf_words) / (text_seconds / text_words), 3),
        "reading_share_of_pdf_build": round(reading / pdf_seconds, 3),
    }


def _text_of(laid_out: list[list[list[str]]]) -> str:
    """The same report as a text file: a title, then one paragraph per line, blank lines between."""
    lines = [line for page in laid_out for column in page for line in column]
    found = " ".join(line or "\n" for line in lines).split("\n")
    return "Border Monitor annual report\n\n" + "\n\n".join(p.strip() for p in found if p.strip()) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_pdf_") as folder:
        row = measure(args.pages, Path(folder), args.repeat)
    print(json.dumps(row, indent=2))
    if args.json:
        args.json.write_text(json.dumps(row, indent=2), encoding="utf-8")
