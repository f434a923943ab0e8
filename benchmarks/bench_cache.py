"""Cache benchmark: each article's cached analysis and cleaned record as JSON (pipeline/store/records_codec.py)
against pickle, the format the cache used before (the baseline).

Every figure is a ratio to pickle measured in the same run on the same values: the analyses and
cleaned records of the articles of --src (and of --generated synthetic articles), computed once.
Per kind of entry, microseconds per entry, median of --repeats runs over every entry, pickle and
JSON alternating:
- encode / decode: bytes in memory (pickle.dumps / pickle.loads against RecordCodec.encode / decode);
- store / load: through files as the cache does it (temp file + os.replace; read, check, utime),
  the pickle side being pipeline/rebuild/cache.py as it was (protocol 5);
- bytes: the size of an entry;
- rebuild: with --rebuilds R, a whole build on unchanged input (every article from the cache) of
  the --generated articles, median of R, JSON against the same build with the pickle cache.
Run: python -m benchmarks.bench_cache --src seeds tests/heldout --generated 100 --repeats 21 --rebuilds 7 \
        [--json cache.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import platform
import shutil
import statistics
import tempfile
import time
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from benchmarks.corpus import write_corpus
from pipeline.analysis import DocAnalysis
from pipeline.build import build_corpus
from pipeline.config import PipelineConfig
from pipeline.documents import prepare_document
from pipeline.engines import Work, analyse_local
from pipeline.ingest import read_sources
from pipeline.knowledge import load_knowledge
from pipeline.rebuild import cache
from pipeline.records import DocumentRecord, Problem
from pipeline.store import CACHE_DIR, RecordCodec

KINDS = {"analysis": DocAnalysis, "record": tuple[DocumentRecord, list[Problem]]}
OPERATIONS = ("encode", "decode", "store", "load")


def cached_values(folders: list[Path]) -> dict[str, list]:
    """What a build caches for the articles of `folders`: {"analysis": [...], "record": [...]}."""
    config = PipelineConfig()
    knowledge = load_knowledge(config)
    records = []
    for folder in folders:
        articles, _ = read_sources(folder, max_file_bytes=config.max_file_bytes, max_chars=config.max_chars)
        records.extend(prepare_document(article, knowledge) for article in articles)
    items = [Work(r.doc_id, r.text if r.language == "en" else "", r.published) for r, _ in records]
    analyses = [a for _, a in analyse_local(items, config, knowledge) if isinstance(a, DocAnalysis)]
    return {"analysis": analyses, "record": records}


def _pickle_store(cache_dir: Path, key: str, value: object) -> None:
    handle, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, cache_dir / f"{key}.pickle")


def _pickle_load(cache_dir: Path, key: str, kind: object = DocAnalysis) -> object:
    path = cache_dir / f"{key}.pickle"
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except OSError:
        return None
    if not isinstance(value, typing.get_origin(kind) or kind):  # what the old cache checked
        return None
    os.utime(path)
    return value


@contextmanager
def _pickle_cache() -> Iterator[None]:
    """Builds inside use the pickle cache, as pipeline/rebuild/cache.py did before."""
    with mock.patch.object(cache, "load", _pickle_load), mock.patch.object(cache, "store", _pickle_store):
        yield


def _as_pickles(cache_dir: Path) -> None:
    """Every JSON entry of a cache folder rewritten as the pickle the old cache would have written."""
    for path in list(cache_dir.glob("*.json")):
        value = cache.load(cache_dir, path.stem) or cache.load(cache_dir, path.stem, KINDS["record"])
        _pickle_store(cache_dir, path.stem, value)
        path.unlink()


def rebuild_seconds(src: Path, work: Path, repeats: int) -> dict:
    """Median seconds of a rebuild on unchanged input with the JSON cache and with the pickle one."""
    config = PipelineConfig(curation_file=work / "no-decisions.yaml")
    outs = {"pickle": work / "out-pickle", "json": work / "out-json"}
    n_documents = build_corpus(src, outs["json"], config=config).n_documents
    shutil.copytree(outs["json"], outs["pickle"])
    _as_pickles(outs["pickle"] / CACHE_DIR)
    times = {"pickle": [], "json": []}
    for _ in range(repeats):
        for form, out in outs.items():
            with _pickle_cache() if form == "pickle" else contextlib.nullcontext():
                started = time.perf_counter()
                summary = build_corpus(src, out, config=config)
                times[form].append(time.perf_counter() - started)
            if summary.n_reused != n_documents:
                raise ValueError(f"the {form} rebuild reused {summary.n_reused} of {n_documents} documents")
    pickle_s, json_s = (statistics.median(times[form]) for form in ("pickle", "json"))
    return {"articles": n_documents, "pickle_s": pickle_s, "json_s": json_s, "json_over_pickle": json_s / pickle_s}


def _operations(values: list, kind: object, work: Path) -> dict[str, dict[str, Callable[[], object]]]:
    """For each operation, a run over every value in pickle and in JSON."""
    codec = RecordCodec(cache.CACHED_RECORDS)
    keys = [f"{i:064x}" for i in range(len(values))]
    pickled = [pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for v in values]
    encoded = [codec.encode(v) for v in values]
    return {
        "encode": {
            "pickle": lambda: [pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for v in values],
            "json": lambda: [codec.encode(v) for v in values],
        },
        "decode": {
            "pickle": lambda: [pickle.loads(b) for b in pickled],
            "json": lambda: [codec.decode(b, kind) for b in encoded],
        },
        "store": {
            "pickle": lambda: [_pickle_store(work, k, v) for k, v in zip(keys, values, strict=True)],
            "json": lambda: [cache.store(work, k, v) for k, v in zip(keys, values, strict=True)],
        },
        "load": {
            "pickle": lambda: [_pickle_load(work, k, kind) for k in keys],
            "json": lambda: [cache.load(work, k, kind) for k in keys],
        },
    }


def _seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def measure(values: list, kind: object, repeats: int, work: Path) -> list[dict]:
    """One row per operation: microseconds per entry for pickle and JSON, and their ratio."""
    work.mkdir(parents=True, exist_ok=True)
    operations = _operations(values, kind, work)
    for form in ("pickle", "json"):  # files in place, and both formats give back the originals
        operations["store"][form]()
        if operations["load"][form]() != values:
            raise ValueError(f"{form} did not round-trip the {kind!r} entries")
    times = {(name, form): [] for name in OPERATIONS for form in ("pickle", "json")}
    for _ in range(repeats):
        for name in OPERATIONS:
            for form in ("pickle", "json"):
                times[name, form].append(_seconds(operations[name][form]))
    per_entry = {key: statistics.median(runs) / len(values) * 1e6 for key, runs in times.items()}
    rows = [
        {"operation": name, "pickle_us": per_entry[name, "pickle"], "json_us": per_entry[name, "json"]}
        for name in OPERATIONS
    ]
    pickled, encoded = (sum(len(b) for b in operations["encode"][form]()) for form in ("pickle", "json"))
    rows.append({"operation": "bytes", "pickle_us": pickled / len(values), "json_us": encoded / len(values)})
    for row in rows:
        row["json_over_pickle"] = row["json_us"] / row["pickle_us"]
    return rows


def markdown(results: dict[str, list[dict]], counts: dict[str, int], repeats: int, rebuild: dict | None = None) -> str:
    machine = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    lines = [
        f"Machine: {machine}; median of {repeats} runs; µs per entry (bytes per entry for 'bytes')\n",
        "| entry | operation | pickle (baseline) | JSON | JSON / pickle |",
        "|---|---|---:|---:|---:|",
    ]
    for kind, rows in results.items():
        for row in rows:
            lines.append(
                f"| {kind} ({counts[kind]}) | {row['operation']} | {row['pickle_us']:,.0f} | {row['json_us']:,.0f} "
                f"| **{row['json_over_pickle']:.2f}** |"
            )
    if rebuild:
        lines.append(
            f"| rebuild ({rebuild['articles']} articles) | seconds | {rebuild['pickle_s']:.2f} "
            f"| {rebuild['json_s']:.2f} | **{rebuild['json_over_pickle']:.2f}** |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", type=Path, nargs="+", default=[Path("seeds")])
    parser.add_argument("--generated", type=int, default=0, help="also this many synthetic articles")
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--rebuilds", type=int, default=0, help="also time this many rebuilds of --generated")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as work:
        folders = list(args.src)
        if args.generated:
            write_corpus(Path(work) / "generated", args.generated)
            folders.append(Path(work) / "generated")
        values = cached_values(folders)
        results = {kind: measure(values[kind], KINDS[kind], args.repeats, Path(work) / kind) for kind in KINDS}
        rebuild = None
        if args.rebuilds and args.generated:
            rebuild = rebuild_seconds(Path(work) / "generated", Path(work), args.rebuilds)
    print(markdown(results, {kind: len(v) for kind, v in values.items()}, args.repeats, rebuild))
    if args.json:
        args.json.write_text(json.dumps({**results, "rebuild": rebuild}, indent=2))


if __name__ == "__main__":
    main()
