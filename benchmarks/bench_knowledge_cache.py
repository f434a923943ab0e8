"""Loading the knowledge and building the spaCy pipeline, with and without the kept compiled
knowledge (pipeline/knowledge_cache.py, pipeline/nlp/gazetteer_ruler.py): seconds of each, in fresh
interpreters.

Each trial is a new interpreter that imports the pipeline, then times `load_knowledge` and
`build_nlp` (split into `spacy.load` and the rest: the ruler's patterns and the case filter's
spellings) in one of three ways, taken in turn so that all see the same machine state:

- *no cache*: `load_knowledge(config)`, as before the change (nothing kept);
- *cold*: into an empty cache folder (compiles, then writes both entries);
- *warm*: from the entries the cold trial wrote (what a build finds after one build).

Run: python -m benchmarks.bench_knowledge_cache [--repeats 5] [--json knowledge-cache.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = ("no cache", "cold", "warm")
TRIAL = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import spacy
    import pipeline.nlp.model as model
    from pipeline.config import PipelineConfig
    from pipeline.knowledge import load_knowledge
    spent = {"spacy.load": 0.0}
    real_load = spacy.load
    def timed_load(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return real_load(*args, **kwargs)
        finally:
            spent["spacy.load"] += time.perf_counter() - begun
    model.spacy.load = timed_load
    config = PipelineConfig()
    cache_dir = Path(sys.argv[1]) if sys.argv[1] else None
    begun = time.perf_counter()
    knowledge = load_knowledge(config, cache_dir=cache_dir)
    spent["knowledge"] = time.perf_counter() - begun
    begun = time.perf_counter()
    model.build_nlp(config, knowledge)
    spent["spaCy pipeline"] = time.perf_counter() - begun
    spent["  ruler and spellings"] = spent["spaCy pipeline"] - spent["spacy.load"]
    spent["  spacy.load"] = spent.pop("spacy.load")
    spent["knowledge + pipeline"] = spent["knowledge"] + spent["spaCy pipeline"]
    print(json.dumps(spent))
    """
)
LABELS = ("knowledge", "spaCy pipeline", "  spacy.load", "  ruler and spellings", "knowledge + pipeline")


def trial(cache_dir: Path | None) -> dict:
    command = [sys.executable, "-c", TRIAL, str(cache_dir) if cache_dir else ""]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows: dict[str, list[dict]] = {mode: [] for mode in MODES}
    load = [os.getloadavg()[0]]
    work = Path(tempfile.mkdtemp(prefix="knowledge-cache-"))
    try:
        for _ in range(args.repeats):
            shutil.rmtree(work / "cache", ignore_errors=True)
            rows["no cache"].append(trial(None))
            rows["cold"].append(trial(work / "cache"))
            rows["warm"].append(trial(work / "cache"))
            load.append(os.getloadavg()[0])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    medians = {mode: {label: statistics.median(r[label] for r in rows[mode]) for label in LABELS} for mode in MODES}
    print(f"{args.repeats} trials per mode, load average {min(load):.1f}-{max(load):.1f}")
    print("| stage | no cache (s) | cold (s) | warm (s) | warm / no cache |\n|---|---:|---:|---:|---:|")
    for label in LABELS:
        base = medians["no cache"][label]
        cells = " | ".join(f"{medians[mode][label]:.2f}" for mode in MODES)
        print(f"| {label} | {cells} | {medians['warm'][label] / base:.2f} |")
    if args.json:
        args.json.write_text(json.dumps({"load": load, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
