"""Curation benchmark: what one analyst's click costs as the decisions file grows, and six writers at once.

A click in the Curation view records one decision in the decisions file (under its lock) and applies
every decision again to the build's uncurated tables (`pipeline.curation.recurate`), as
`data_access.curation.decide` does. Both are timed here on the seed articles' build, against a
decisions file already holding N decisions; the baseline is the same click on a file holding none,
measured in the same run. Every figure is a ratio to that baseline.
- warm: the process has read the file before (a dashboard server that drew the page);
- cold: it has not (the first click after a start or after a hand edit of the file);
- undo: marking one decision undone, then applying them all again;
- writers: with --writers W, W processes record one decision each and re-apply at the same moment
  (as W analysts' servers would), on the file of the largest N; every decision must be there after.
The N decisions are drawn with a fixed seed from the build's own actors, mentions and texts, in a
mix of every kind (mostly review-queue accepts and rejects, as in use), a twentieth of them undone.
Run: python -m benchmarks.bench_curation --decisions 1000 10000 --repeats 7 --writers 6 [--json curation.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipeline.build import build_corpus
from pipeline.config import PROJECT_DIR, PipelineConfig
from pipeline.curation import (
    Decision,
    read_decisions,
    record_decision,
    recurate,
    uncurated_dir,
    undo_decision,
    write_decisions,
)
from pipeline.curation import decisions as decisions_module
from pipeline.curation import file as decisions_file
from pipeline.schema import ACTOR_TYPES
from pipeline.store import read_tables

# kind -> share of the decisions drawn (review-queue clicks are most of an analyst's decisions)
MIX = {
    "accept_mention": 0.30,
    "reject_mention": 0.15,
    "rename": 0.15,
    "retype": 0.10,
    "locate": 0.08,
    "add_actor": 0.06,
    "merge": 0.06,
    "split": 0.05,
    "reject_actor": 0.05,
}
UNDONE_SHARE = 0.05
_WRITER = """
import sys, time
from pathlib import Path
from pipeline.curation import recurate
from pipeline.curation import record_decision
data, path, start, who = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
(start.parent / f"ready-{who}").touch()
while not start.exists():
    time.sleep(0.005)
record_decision(path, "rename", by=who, actor=f"writer-{who}", name=f"Writer {who}")
recurate(data, path)
"""


def generate_decisions(tables: dict[str, pd.DataFrame], n: int, seed: int = 7) -> list[Decision]:
    """`n` decisions about the actors, mentions and texts of `tables`, in the MIX of kinds."""
    rng = random.Random(seed)
    actors = sorted(tables["actors"]["actor_id"])
    mentions = sorted(tables["mentions"]["mention_id"])
    spellings = sorted(set(zip(tables["mentions"]["actor_id"], tables["mentions"]["surface"], strict=True)))
    phrases = _phrases(tables["documents"]["text"])
    kinds = rng.choices(list(MIX), weights=list(MIX.values()), k=n)
    made = []
    for index, kind in enumerate(kinds):
        fields = _fields(kind, rng, actors, mentions, spellings, phrases, index)
        stamp = {"by": "Bench Analyst", "at": "2026-01-01T00:00:00+00:00", "note": ""}
        undone = stamp if rng.random() < UNDONE_SHARE else None
        made.append(Decision(f"bench-{index:06d}", kind, "Bench Analyst", stamp["at"], "benchmark", fields, undone))
    return made


def _fields(kind: str, rng: random.Random, actors, mentions, spellings, phrases, index: int) -> dict:
    actor = rng.choice(actors)
    if kind in ("accept_mention", "reject_mention"):
        return {"mention": rng.choice(mentions)}
    if kind == "rename":
        return {"actor": actor, "name": f"Renamed {index}"}
    if kind == "retype":
        return {"actor": actor, "type": rng.choice(ACTOR_TYPES)}
    if kind == "locate":
        return {"actor": actor, "lat": round(rng.uniform(-90, 90), 4), "lon": round(rng.uniform(-180, 180), 4)}
    if kind == "merge":
        return {"actor": actor, "into": rng.choice([a for a in actors if a != actor])}
    if kind == "split":
        owner, surface = rng.choice(spellings)
        return {"actor": owner, "alias": surface, "name": f"{surface} {index}"}
    if kind == "add_actor":
        aliases = rng.sample(phrases, 2)
        return {"name": f"{aliases[0]} {index}", "type": "other_org", "aliases": aliases}
    return {"actor": actor}


def _phrases(texts: pd.Series) -> list[str]:
    """Two capitalised words in a row, as the names an analyst adds by hand."""
    words = " ".join(texts).split()
    pairs = {f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a.istitle() and b.istitle() and a.isalpha()}
    return sorted(pair for pair in pairs if pair.replace(" ", "").isalpha())


def _forget() -> None:
    """What a fresh process knows of the decisions file: nothing."""
    decisions_file._PARSED.clear()
    decisions_module._LOADED.clear()


def time_clicks(data: Path, path: Path, mentions: list[str], repeats: int) -> dict[str, float]:
    """Median seconds of record, re-apply and the two together (warm and cold), and of an undo."""
    times: dict[str, list[float]] = {"record": [], "recurate": [], "click warm": [], "click cold": [], "undo": []}
    recurate(data, path)  # the page drawn before the first click: the file is read
    for index in range(repeats):
        mention = mentions[index % len(mentions)]
        started = time.perf_counter()
        decision = record_decision(path, "reject_mention", by="Bench Analyst", mention=mention)
        recorded = time.perf_counter()
        recurate(data, path)
        done = time.perf_counter()
        times["record"].append(recorded - started)
        times["recurate"].append(done - recorded)
        times["click warm"].append(done - started)
        _forget()
        times["click cold"].append(_seconds(lambda m=mention: _click(data, path, m)))
        times["undo"].append(_seconds(lambda d=decision: (undo_decision(path, d.id, by="B"), recurate(data, path))))
    return {name: statistics.median(values) for name, values in times.items()}


def _click(data: Path, path: Path, mention: str) -> None:
    record_decision(path, "accept_mention", by="Bench Analyst", mention=mention)
    recurate(data, path)


def _seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def time_writers(data: Path, path: Path, writers: int) -> dict:
    """`writers` processes recording and re-applying at once: seconds until all are done, and
    whether every decision is in the file after."""
    before = len(read_decisions(path))
    start = path.parent / "start"
    for signal in [start, *(path.parent / f"ready-w{i}" for i in range(writers))]:
        signal.unlink(missing_ok=True)
    command = [sys.executable, "-c", _WRITER, str(data), str(path), str(start)]
    processes = [subprocess.Popen([*command, f"w{i}"], cwd=PROJECT_DIR) for i in range(writers)]
    while not all((path.parent / f"ready-w{i}").exists() for i in range(writers)):
        time.sleep(0.01)  # every process has imported the pipeline and waits for the start
    started = time.perf_counter()
    start.touch()
    codes = [process.wait(timeout=600) for process in processes]
    seconds = time.perf_counter() - started
    _forget()
    after = read_decisions(path)
    kept = {d.by for d in after[before:]} == {f"w{i}" for i in range(writers)} and len(after) == before + writers
    return {"writers": writers, "seconds": seconds, "all_kept": kept and codes == [0] * writers}


def measure(data: Path, sizes: list[int], repeats: int, work: Path, writers: int = 0) -> dict:
    """Every size's median click times, the baseline (no decision before) first."""
    tables = read_tables(uncurated_dir(data))
    mentions = sorted(tables["mentions"]["mention_id"])
    rows = []
    for size in [0, *sizes]:
        path = work / f"curation-{size}.yaml"
        write_decisions(path, generate_decisions(tables, size))
        _forget()
        rows.append({"decisions": size, "bytes": path.stat().st_size, **time_clicks(data, path, mentions, repeats)})
        recurate(data, path)
    result = {"rows": rows, "repeats": repeats}
    if writers:
        result["writers"] = time_writers(data, work / f"curation-{max([0, *sizes])}.yaml", writers)
    return result


def markdown(result: dict) -> str:
    """The rows as a table: seconds, and the ratio to the baseline (no decision before)."""
    base = result["rows"][0]
    names = ("click warm", "record", "recurate", "click cold", "undo")
    lines = [
        "| decisions before | file | " + " | ".join(f"{name} (s)" for name in names) + " |",
        "|---:|---:|" + "---:|" * len(names),
    ]
    for row in result["rows"]:
        cells = [f"{row[n]:.3f}" + ("" if row is base else f" ({row[n] / base[n]:.1f}×)") for n in names]
        lines.append(f"| {row['decisions']:,} | {row['bytes'] / 1024:,.0f} KiB | " + " | ".join(cells) + " |")
    lines.append(f"\nMedian of {result['repeats']} clicks; in brackets, the ratio to the click on an empty file.")
    if "writers" in result:
        w = result["writers"]
        lines.append(
            f"{w['writers']} writers at once: {w['seconds']:.2f} s until all were done; "
            f"every decision kept: {'yes' if w['all_kept'] else 'NO'}."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--decisions", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--writers", type=int, default=6, help="processes recording at once (0: none)")
    parser.add_argument("--src", type=Path, default=PROJECT_DIR / "seeds")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        data = work / "data"
        build_corpus(args.src, data, config=PipelineConfig(curation_file=work / "curation.yaml"))
        result = measure(data, args.decisions, args.repeats, work, args.writers)
        shutil.rmtree(data, ignore_errors=True)
    result["machine"] = f"{platform.system()} {platform.machine()}, Python {platform.python_version()}"
    print(markdown(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
