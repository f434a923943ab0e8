"""Dashboard-at-scale benchmark: how long each interaction re-runs, and the peak memory, as the tables grow.

Every interaction (a page switch, a filter change, a table page) is timed as one `AppTest.run()`
of the real dashboard.py, so it includes everything a browser rerun costs on the server except
the network. Each table size runs in a fresh process (its peak RSS is its own) on tables made by
benchmarks/synthesize_tables.py; the baseline is the seed articles' tables, built by the pipeline.
Figures are ratios to the baseline measured in the same run.
Run: python -m benchmarks.bench_dashboard --mentions 10000 100000 1000000 2000000 \
        --markdown BENCHMARKS.md --plot docs/dashboard_scale.svg
With DASHBOARD_MEMORY_LIMIT set (e.g. 500MB) the dashboard's DuckDB keeps the tables beyond it on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.svg_plot import log_log_svg

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")
MENTIONS_PER_DOCUMENT = 20  # 100,000 documents for 2,000,000 mentions, as the issue asks
REPEATS = 3  # each interaction is timed this many times; the median is kept
TIMEOUT = 600
PAGES = ("timeline", "compare", "network", "map", "quotes", "reader", "curation", "problems", "overview")
SEARCH = "border"  # a word of the seed articles, so it selects a realistic share of sentences
# A query with every kind of term (an actor's name standing for its aliases, a phrase, a prefix, OR, NOT).
BOOLEAN_SEARCH = 'Kata’ib Hezbollah OR "the border" OR smuggl* NOT Captagon'


def interactions(top_actor: str, outlet: str) -> list[tuple[str, Callable]]:
    """(name, change) pairs; each change sets widgets or the URL of an AppTest, which is then run."""
    steps: list[tuple[str, Callable]] = [(f"page {page}", _go(page)) for page in PAGES]
    steps += [
        ("overview table page 2", lambda at: at.number_input(key="overview_mentions_page").set_value(2)),
        ("filter actor", lambda at: at.sidebar.multiselect(key="filters_actors").set_value([top_actor])),
        ("filter clear actor", lambda at: at.sidebar.multiselect(key="filters_actors").set_value([])),
        ("filter search", lambda at: at.sidebar.text_input(key="filters_text").set_value(SEARCH)),
        ("page search (results)", _go("search")),
        ("search Boolean query", lambda at: at.sidebar.text_input(key="filters_text").set_value(BOOLEAN_SEARCH)),
        ("page overview (search)", _go("overview")),
        ("filter clear search", lambda at: at.sidebar.text_input(key="filters_text").set_value("")),
        ("filter outlet", lambda at: at.sidebar.multiselect(key="filters_outlets").set_value([outlet])),
        ("filter type", lambda at: at.sidebar.multiselect(key="filters_types").set_value(["place"])),
        ("filter one per story", lambda at: at.sidebar.toggle(key="filters_once").set_value(True)),
        ("filter reset", lambda at: at.sidebar.button(key="filters_reset").click()),
        ("page compare (actor)", _go("compare", actor=top_actor)),
        ("page network (actor)", _go("network", actor=top_actor)),
        ("page reader (actor)", _go("reader", actor=top_actor)),
    ]
    return steps


def _go(page: str, **params: str) -> Callable:
    def change(at) -> None:
        at.query_params.update({"page": page, **params})

    return change


def measure(data_dir: Path, repeats: int = REPEATS) -> dict:
    """Open the dashboard on `data_dir` and time every interaction. RETURNS seconds per step, peak RSS."""
    os.environ["DASHBOARD_DATA_DIR"] = str(data_dir)
    from streamlit.testing.v1 import AppTest

    import data_access

    top_actor, outlet = _most_common(data_dir)
    seconds: dict[str, list[float]] = {}
    for repeat in range(repeats):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        seconds.setdefault("first run (load)" if repeat == 0 else "first run", []).append(_timed(at, lambda at: None))
        # every repeat starts cold: the tables stay loaded, as on a server, but no selection's results
        paths = data_access.resolve_paths([], os.environ)  # the same cache key as the app's
        data_access.load_tables(str(data_dir), data_access.manifest_mtime(data_dir), paths.memory_limit).forget_kept()
        for name, change in interactions(top_actor, outlet):
            seconds.setdefault(name, []).append(_timed(at, change))
    seconds.pop("first run", None)  # the load is timed once, in the first repeat
    return {
        "seconds": {name: statistics.median(values) for name, values in seconds.items()},
        "peak_rss_mib": peak_rss_mib(),
    }


def peak_rss_mib() -> float:
    """This process's peak resident memory since it started. Linux's VmHWM, not ru_maxrss: a child
    process inherits its parent's ru_maxrss across fork and exec, so a measuring subprocess started
    by a parent holding 2,000,000 synthetic rows would report the parent's memory."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _most_common(data_dir: Path) -> tuple[str, str]:
    """The most mentioned actor and the outlet with most documents, read from the Parquet files."""
    import duckdb

    db = duckdb.connect()
    actor = db.execute(f"SELECT actor_id FROM '{data_dir}/actors.parquet' ORDER BY n_mentions DESC LIMIT 1")
    actor_id = actor.fetchone()[0]
    outlet = db.execute(f"SELECT outlet FROM '{data_dir}/documents.parquet' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    return str(actor_id), str(outlet.fetchone()[0])


def _timed(at, change: Callable) -> float:
    change(at)
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"the dashboard failed: {[e.message for e in at.exception]}")
    return elapsed


def measure_in_subprocess(data_dir: Path, repeats: int) -> dict:
    """`measure` in a fresh interpreter, so each size's peak memory is its own."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.bench_dashboard",
        "--measure",
        str(data_dir),
        "--repeats",
        str(repeats),
    ]
    done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_seed_tables(out: Path) -> Path:
    """The seed articles' tables, built by the real pipeline (no cache, no curation decisions)."""
    from pipeline.build import build_corpus
    from pipeline.config import PipelineConfig

    build_corpus(ROOT / "seeds", out, config=PipelineConfig(use_cache=False, curation_file=out.parent / "none.yaml"))
    return out


def run(mentions: list[int], work: Path, *, seeds: Path | None, repeats: int) -> dict:
    """The baseline and every size: seconds per interaction, peak RSS and the ratios to the baseline."""
    from benchmarks.synthesize_tables import write_synthetic

    baseline_dir = Path(seeds).resolve() if seeds else build_seed_tables(work / "seeds-data")
    results = {"seeds": {"mentions": _count(baseline_dir), **measure_in_subprocess(baseline_dir, repeats)}}
    for size in mentions:
        out = work / f"tables-{size}"
        counts = write_synthetic(out, max(1, size // MENTIONS_PER_DOCUMENT), size)
        results[str(size)] = {"mentions": counts["mentions"], "documents": counts["documents"]}
        results[str(size)].update(measure_in_subprocess(out, repeats))
    base = results["seeds"]["seconds"]
    for row in results.values():
        row["ratios"] = {name: row["seconds"][name] / base[name] for name in base}
    return results


def _count(data_dir: Path) -> int:
    import pyarrow.parquet as pq

    return pq.read_metadata(Path(data_dir) / "mentions.parquet").num_rows


def worst_interaction(row: dict) -> tuple[str, float]:
    """The interaction (first run excluded) with the highest ratio to the baseline."""
    ratios = {name: value for name, value in row["ratios"].items() if name != "first run (load)"}
    name = max(ratios, key=ratios.get)
    return name, ratios[name]


def format_markdown(results: dict, command: str) -> str:
    """The "## Dashboard at scale" section of BENCHMARKS.md: machine, command, tables and the plot."""
    sizes = list(results)
    steps = list(results["seeds"]["seconds"])
    head = "| interaction | " + " | ".join(_label(results, s) for s in sizes) + " |"
    lines = [head, "|---|" + "---:|" * len(sizes)]
    for step in steps:
        cells = [_cell(results[s], step, s == "seeds") for s in sizes]
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    lines.append("| **worst interaction / seeds** | " + " | ".join(_worst(results[s]) for s in sizes) + " |")
    lines.append("| **peak RSS (MiB)** | " + " | ".join(f"{results[s]['peak_rss_mib']:,.0f}" for s in sizes) + " |")
    return "\n".join(lines)


def _label(results: dict, size: str) -> str:
    row = results[size]
    if size == "seeds":
        return f"seeds ({row['mentions']:,} mentions)"
    return f"{row['mentions']:,} mentions / {row['documents']:,} docs"


def _cell(row: dict, step: str, baseline: bool) -> str:
    seconds = row["seconds"][step]
    return f"{seconds:.2f} s" if baseline else f"{seconds:.2f} s ({row['ratios'][step]:.1f}×)"


def _worst(row: dict) -> str:
    name, ratio = worst_interaction(row)
    return "1.0×" if ratio == 1.0 and name else f"{ratio:.1f}× ({name})"


def plot_svg(
    results: dict, steps: tuple[str, ...] = ("filter actor", "filter search", "page overview", "page network")
) -> str:
    """Seconds per rerun against mentions (log-log), one line per interaction in `steps`, and the
    3x-seeds line (of the slowest of them on the seeds)."""
    sizes = [s for s in results if s != "seeds"]
    seeds = max(results["seeds"]["seconds"][step] for step in steps)
    return log_log_svg(
        [results[s]["mentions"] for s in sizes],
        {step: [results[s]["seconds"][step] for s in sizes] for step in steps},
        title="Dashboard rerun time vs. mentions (log-log)",
        x_label="mentions (documents = mentions / 20)",
        reference=(3 * seeds, "3 x seeds (slowest of these)"),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seeds", type=Path, help="tables of the seed articles (default: built now)")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # one size, in this process
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument("--markdown", type=Path, help="print the table and write it to this file too")
    parser.add_argument("--plot", type=Path, help="write the SVG plot here")
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeats)))
        return
    with tempfile.TemporaryDirectory() as work:
        results = run(args.mentions, Path(work), seeds=args.seeds, repeats=args.repeats)
    results["machine"] = f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    sizes = {key: value for key, value in results.items() if key != "machine"}
    table = format_markdown(sizes, " ".join(sys.argv))
    print(results["machine"])
    print(table)
    if args.markdown:
        args.markdown.write_text(table + "\n")
    if args.plot:
        args.plot.write_text(plot_svg(sizes))


if __name__ == "__main__":
    main()
