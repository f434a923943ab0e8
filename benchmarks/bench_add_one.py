"""Adding one article to a built corpus (issue 15, item 3): seconds per stage, this code against a baseline tree.

The first build of a big corpus takes many minutes, so it is made once (`--work` keeps it) and every
trial starts from a copy of its data folder, adding the same article: each trial adds to the same
state. A trial is a fresh interpreter (imports count, as on the command line) that times the
build's stages by wrapping the functions named in STAGES (those a tree lacks are left out).

The baseline is another checkout of the project (`--baseline-tree`, e.g. a worktree at the commit
before the change); both run in the same session, alternately, so the ratio is of one machine
state. The per-article cache is keyed by the pipeline fingerprint, a hash of the pipeline's code:
code changed after the base build would miss every entry and analyse 10,000 articles again, so a
trial pins the fingerprint to the one the base build recorded. That is sound only while the
per-article work (cleaning, spaCy, analysis) is the same in both trees, which is what is compared
here: the corpus-wide stages.

Run: python -m benchmarks.bench_add_one --size 10000 --work /tmp/add-one --baseline-tree /tmp/base \
        [--repeats 3] [--json rows.json] [--profile add_one.prof]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDED = "added_00000.txt"
CACHE = ".cache"  # pipeline.store.CACHE_DIR
# (label, module, attribute): the stages a trial times; nested ones are parts of the one above.
STAGES = (
    ("decisions", "pipeline.build", "load_decisions"),
    ("knowledge", "pipeline.build", "load_knowledge"),
    ("fingerprint", "pipeline.build", "pipeline_fingerprint"),
    ("read + clean (cache)", "pipeline.build", "read_documents"),
    ("previous build's rows", "pipeline.build", "previous_build"),
    ("analyse (cache + new)", "pipeline.build", "_analyse"),
    ("  spaCy pipeline", "pipeline.engines", "build_nlp"),
    ("duplicates", "pipeline.build", "_linked"),
    ("rows of the new + merge", "pipeline.build", "linked_rows"),
    ("rows of the new + merge", "pipeline.build", "merged"),
    ("resolve + tables", "pipeline.build", "assemble_tables"),
    ("  resolve", "pipeline.build", "resolve_corpus"),
    ("  tables", "pipeline.build", "build_tables"),  # before the change
    ("  tables", "pipeline.build", "resolved_tables"),
    ("curation", "pipeline.build", "curate_tables"),
    ("write", "pipeline.build", "write_tables"),
    ("  tables.duckdb", "pipeline.store.parquet", "write_database"),
    ("  search index", "pipeline.search.index", "write_index"),
    ("prune cache", "pipeline.rebuild.cache", "touch"),
    ("prune cache", "pipeline.rebuild.cache", "prune"),
)
TRIAL = textwrap.dedent(
    """
    import importlib, json, sys, time
    started = time.perf_counter()
    from pathlib import Path
    import pipeline.build, pipeline.store
    from pipeline.config import PipelineConfig
    stages, spent = json.loads(sys.argv[1]), {}

    def timed(label, function):
        def run(*args, **kwargs):
            begun = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - begun
        return run

    for label, module, name in stages:
        owner = importlib.import_module(module)
        if hasattr(owner, name):
            setattr(owner, name, timed(label, getattr(owner, name)))
    pinned = sys.argv[4]
    for owner in (pipeline.build, pipeline.store):
        owner.pipeline_fingerprint = (lambda wrapped: lambda config: (wrapped(config), pinned)[1])(
            owner.pipeline_fingerprint)
    config = PipelineConfig(n_process=1, curation_file=Path(sys.argv[5]))
    imported = time.perf_counter()
    summary = pipeline.build.build_corpus(Path(sys.argv[2]), Path(sys.argv[3]), config=config)
    done = time.perf_counter()
    print(json.dumps({"total": done - started, "imports": imported - started, "build": done - imported,
                      "reused": summary.n_reused, "documents": summary.n_documents, **spent}))
    """
)


def base_build(work: Path, size: int) -> tuple[Path, Path]:
    """The corpus of `size` articles and its data folder, built once (one process, cache kept)."""
    from benchmarks.corpus import write_corpus
    from pipeline.build import build_corpus
    from pipeline.config import PipelineConfig

    src, out = work / f"src-{size}", work / f"out-{size}"
    if not (out / "manifest.json").exists():
        if not src.exists():
            write_corpus(src, size)
        build_corpus(src, out, config=PipelineConfig(n_process=1, curation_file=work / "no-decisions.yaml"))
    return src, out


def grown_corpus(work: Path, src: Path, size: int) -> Path:
    """`src` and one more article (benchmarks/bench_build.py's), as links to the same files."""
    from benchmarks.corpus import write_corpus

    grown = work / f"src-{size}+1"
    if not grown.exists():
        grown.mkdir()
        for path in src.iterdir():
            os.link(path, grown / path.name)
        write_corpus(work / "extra", 1, seed=size + 1)[0].rename(grown / ADDED)
    return grown


def prepared(name: str, tree: Path, src: Path, grown: Path, out: Path, work: Path) -> Path:
    """The base data folder as the code of `tree` leaves it: a copy of `out` rebuilt once by that
    code from the cache (a build keeps what its next build reads, e.g. the linked rows), with what
    that code keeps when it analyses an article (the ruler's patterns beside the compiled knowledge,
    `*.ruler`): an add-one build into a scratch copy leaves it, and it is copied into the folder,
    as the base build, had this code made it, would have left it."""
    state = work / f"out-{name}"
    if not (state / "manifest.json").exists():
        shutil.rmtree(state, ignore_errors=True)
        shutil.copytree(out, state)
        _run(tree, src, state, out, work)
        scratch = work / f"scratch-{name}"
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.copytree(state, scratch)
        _run(tree, grown, scratch, out, work)
        for kept in (scratch / CACHE).glob("*"):
            if kept.suffix not in (".json", ".tmp") and not (state / CACHE / kept.name).exists():
                shutil.copy2(kept, state / CACHE / kept.name)
        shutil.rmtree(scratch)
    return state


def trial(name: str, tree: Path, src: Path, base: Path, out: Path, work: Path, profile: Path | None = None) -> dict:
    """One add-one build by the code of `tree`, into a fresh copy of its base data folder `base`."""
    target = work / f"trial-{name}"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(base, target)
    return _run(tree, src, target, out, work, profile)


def _run(tree: Path, src: Path, target: Path, out: Path, work: Path, profile: Path | None = None) -> dict:
    """A build of `src` into `target` by the code of `tree` in a fresh interpreter, its fingerprint
    pinned to the base build's (`out`): seconds per stage."""
    pinned = json.loads((out / "manifest.json").read_text())["pipeline_fingerprint"]
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile), str(_script(work))]
    else:
        command += ["-c", TRIAL]
    command += [json.dumps(STAGES), str(src), str(target), pinned, str(work / "no-decisions.yaml")]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    result = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def same_tables(work: Path, names: list[str]) -> bool:
    """Whether the last trials of every tree wrote the same tables, curated and uncurated."""
    import pandas as pd

    from pipeline.schema import TABLES
    from pipeline.store import UNCURATED, read_tables

    for folder in ("", UNCURATED):
        first, *others = (read_tables(work / f"trial-{name}" / folder) for name in names)
        for other in others:
            for table in TABLES:
                pd.testing.assert_frame_equal(first[table], other[table], obj=table)
    return True


def _script(work: Path) -> Path:
    path = work / "trial.py"
    path.write_text(TRIAL, encoding="utf-8")
    return path


def markdown(rows: dict[str, list[dict]], baseline: str) -> str:
    """Median seconds per stage of each tree, and each tree's median over the baseline's."""
    names = list(rows)
    labels = ["total", "imports", "build", *dict.fromkeys(label for label, _, _ in STAGES)]
    medians = {
        name: {label: statistics.median(r.get(label, 0.0) for r in rows[name]) for label in labels} for name in names
    }
    header = "| stage | " + " | ".join(f"{n} (s)" for n in names)
    header += "".join(f" | {n} / {baseline}" for n in names if n != baseline) + " |\n"
    header += "|---|" + "---:|" * (2 * len(names) - 1) + "\n"
    lines = ""
    for label in labels:
        if all(medians[n][label] == 0.0 for n in names):
            continue
        base = medians[baseline][label]
        cells = [f"{medians[n][label]:.2f}" for n in names]
        cells += [f"{medians[n][label] / base:.3f}" if base else "-" for n in names if n != baseline]
        lines += f"| {label} | " + " | ".join(cells) + " |\n"
    return header + lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--work", type=Path, required=True, help="keeps the base build between runs")
    parser.add_argument("--baseline-tree", type=Path, help="a checkout of the code to compare against")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write every trial's figures as JSON")
    parser.add_argument("--profile", type=Path, help="cProfile one more trial of this tree into this file")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    src, out = base_build(args.work, args.size)
    grown = grown_corpus(args.work, src, args.size)
    trees = {"this": ROOT} | ({"baseline": args.baseline_tree.resolve()} if args.baseline_tree else {})
    bases = {name: prepared(name, tree, src, grown, out, args.work) for name, tree in trees.items()}
    rows: dict[str, list[dict]] = {name: [] for name in trees}
    load = [os.getloadavg()[0]]
    for _ in range(args.repeats):
        for name, tree in reversed(trees.items()):
            rows[name].append(trial(name, tree, grown, bases[name], out, args.work))
            load.append(os.getloadavg()[0])
    same = same_tables(args.work, list(trees))
    if args.profile:
        trial("this", ROOT, grown, bases["this"], out, args.work, profile=args.profile)
    baseline = "baseline" if args.baseline_tree else "this"
    print(f"{args.size:,} articles + 1, {args.repeats} trials per tree, load average {min(load):.1f}-{max(load):.1f}")
    print(f"tables of the trees' add-one builds equal: {same}")
    print(markdown(rows, baseline))
    if args.json:
        args.json.write_text(json.dumps({"load": load, "rows": rows, "when": time.ctime()}, indent=2))


if __name__ == "__main__":
    main()
