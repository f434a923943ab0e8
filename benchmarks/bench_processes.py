"""Builds on every core: the whole build in one process and across N worker processes, against bare spaCy.

Every figure is a ratio to a baseline measured in the same run:
- bare: `spacy.load(model)` and `nlp.pipe` over the texts, one process (as in bench_build);
- build 1: `pipeline.build.build_corpus` with n_process=1, no cache; build N: the same with n_process=N
  (default: the usable cores), whose workers run spaCy and the analysis of each article;
- memory: the peak RSS and private memory (USS: what the process alone holds, the pages it shares
  with the parent not counted) of the build and of each worker, sampled every 0.2 s from /proc by a
  separate watcher process (Linux only), so that the build's own process stays free of threads
  and forks its workers.
Run: python -m benchmarks.bench_processes --sizes 120 1000 [--processes 2] [--repeats 2] [--engine dask] \
        [--json rows.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from benchmarks.bench_build import bare_spacy_seconds
from benchmarks.corpus import write_corpus
from pipeline.build import build_corpus
from pipeline.config import ENGINES, PipelineConfig, usable_cores
from pipeline.engines import start_method
from pipeline.store import resolve_model_name

SAMPLE_SECONDS = 0.2
MEMORY_FIELDS = {"Rss:": "rss", "Pss:": "pss", "Private_Clean:": "uss", "Private_Dirty:": "uss"}


def process_memory(pid: int) -> dict[str, int]:
    """RSS, PSS and USS (private clean + dirty) of a process in MiB, from /proc/PID/smaps_rollup; {} when gone."""
    memory = {"rss": 0, "pss": 0, "uss": 0}
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return {}
    for line in lines:
        name, value, *_ = line.split()
        if name in MEMORY_FIELDS:
            memory[MEMORY_FIELDS[name]] += int(value) // 1024
    return memory


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children of each of its threads, recursively)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found.extend([child, *descendants(child)])
    return found


def watch(pid: int, out: Path) -> None:
    """Until SIGTERM: the peak memory of `pid` and of each of its descendants but this one, written to `out`."""
    peaks: dict[int, dict[str, int]] = {}
    stopped = []
    signal.signal(signal.SIGTERM, lambda *_: stopped.append(True))
    print("watching", flush=True)  # measured() starts the run only after this line: the handler is set
    while not stopped:
        for each in [pid, *descendants(pid)]:
            if each != os.getpid():
                peak = peaks.setdefault(each, {})
                for name, value in process_memory(each).items():
                    peak[name] = max(peak.get(name, 0), value)
        time.sleep(SAMPLE_SECONDS)
    out.write_text(json.dumps({"main": peaks.pop(pid, {}), "workers": [p for p in peaks.values() if p]}))


def measured(run, work: Path) -> tuple[float, dict]:
    """Seconds `run()` took, and the peak memory of this process and its workers meanwhile."""
    report = work / "memory.json"
    watcher = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.bench_processes", "--watch", str(os.getpid()), str(report)],
        stdout=subprocess.PIPE,
        text=True,
    )
    # A SIGTERM before the watcher set its handler would kill it with no report (seen on a busy machine).
    watcher.stdout.readline()
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    watcher.send_signal(signal.SIGTERM)
    watcher.wait(30)
    return seconds, json.loads(report.read_text())


def measure(size: int, work: Path, processes: int, repeats: int, engine: str = "local") -> dict:
    """One row: bare spaCy, build 1 and build N at `size` articles, medians of `repeats` alternating runs."""
    src = work / f"src-{size}"
    paths = write_corpus(src, size)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    base = PipelineConfig(use_cache=False, curation_file=work / "no-decisions.yaml")
    runs = {
        "bare": lambda: bare_spacy_seconds(texts, resolve_model_name(base)),
        "build_1": lambda: build_corpus(src, work / "out-1", config=replace(base, n_process=1)),
        f"build_{processes}": lambda: build_corpus(
            src, work / "out-n", config=replace(base, n_process=processes, engine=engine)
        ),
    }
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    memory: dict[str, dict] = {}
    for _ in range(repeats):
        for name, run in runs.items():
            took, memory[name] = measured(run, work)
            seconds[name].append(took)
    median = {name: statistics.median(values) for name, values in seconds.items()}
    workers = memory[f"build_{processes}"]["workers"]
    return {
        "articles": size,
        "words": sum(len(t.split()) for t in texts),
        **{f"{name}_s": round(value, 2) for name, value in median.items()},
        "build_1_over_bare": round(median["build_1"] / median["bare"], 3),
        f"build_{processes}_over_bare": round(median[f"build_{processes}"] / median["bare"], 3),
        "runs": {name: [round(v, 2) for v in values] for name, values in seconds.items()},
        "build_1_rss_mib": memory["build_1"]["main"].get("rss"),
        f"build_{processes}_main_rss_mib": memory[f"build_{processes}"]["main"].get("rss"),
        "engine": engine,
        "start_method": start_method(),  # 'fork' unless a thread runs beside the build
        "workers": len(workers),
        "worker_rss_mib": [w.get("rss") for w in workers],
        "worker_uss_mib": [w.get("uss") for w in workers],
        "worker_pss_mib": [w.get("pss") for w in workers],
    }


def machine() -> str:
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{platform.platform()}, {usable_cores()} usable cores, {platform.python_implementation()} "
        f"{platform.python_version()}, load average {load} at the end"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[120])
    parser.add_argument("--processes", type=int, default=usable_cores())
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--engine", choices=ENGINES, default="local", help="the engine of the N-process build")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument("--watch", nargs=2, metavar=("PID", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.watch:
        watch(int(args.watch[0]), Path(args.watch[1]))
        return
    work = Path(tempfile.mkdtemp(prefix="bench-processes-"))
    try:
        rows = [measure(size, work, args.processes, args.repeats, args.engine) for size in args.sizes]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(machine())
    for row in rows:
        print(json.dumps(row))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
