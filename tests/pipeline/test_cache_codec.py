"""The build cache holds data, not code: entries round-trip exactly, and a tampered or foreign entry is
recomputed, never run (security issue 16)."""

from __future__ import annotations

import ast
import dataclasses
import datetime
import json
import os
import pickle
import shutil
import typing
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from pipeline.analysis import DateExpression, DocAnalysis, Mention, Sentence
from pipeline.config import PROJECT_DIR
from pipeline.dates import ResolvedDate
from pipeline.documents import prepare_document
from pipeline.engines import Work, analyse_guarded
from pipeline.entities import AbbreviationLink, Candidate
from pipeline.events import Event
from pipeline.ingest import read_sources
from pipeline.quotes import Quote
from pipeline.rebuild import cache
from pipeline.records import DocumentRecord, Problem
from pipeline.schema import LINKED_FILES, TABLES
from pipeline.store import CACHE_DIR, UNCURATED, RecordCodec, linked_file

KEY = "ab" * 32
RECORD_KIND = tuple[DocumentRecord, list[Problem]]
SEEDS = PROJECT_DIR / "seeds"
PICKLING_MODULES = {"pickle", "_pickle", "cPickle", "cloudpickle", "dill", "shelve", "marshal", "joblib"}


class _Payload:
    """Pickles to a call of open(marker, "w"): if a load ever ran it, the marker file would appear."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _analysis() -> DocAnalysis:
    day = datetime.date(2024, 5, 1)
    candidate = Candidate(10, 13, "PMU", "ORG", "pmu", "abbreviation", 0.5)
    quote = Quote(40, 52, "We held it.", None, None, None, None)
    event = Event(1, 30, 60, "battle", "armed_clash", "pmu", None, "al_qaim", day, None, "day", "sentence", 3, "verb",
                  0.75, "clashed")  # fmt: skip
    return DocAnalysis(
        sentences=(Sentence(0, 0, 29), Sentence(1, 30, 60)),
        mentions=(Mention(candidate, 0, day, "sentence", "day"), Mention(candidate, 1, None, None, None)),
        dates=(DateExpression(1, 31, 37, "Monday", ResolvedDate(day, day, "day", "relative")),),
        quotes=((1, quote), (1, Quote(0, 3, "Yes", "Ali \udce9", "ali", 4, 7))),
        abbreviations=(AbbreviationLink("PMU", "pmu", "Popular Mobilization Units"),),
        events=(event,),
    )


def _record() -> tuple[DocumentRecord, list[Problem]]:
    record = DocumentRecord("000_a", "000_a.txt", "Title", "metadata", None, None, "Anne", "text", None,
                            datetime.date(2023, 12, 31), "text", "31 Dec 2023", None, "en", "utf-8", "Body ☃",
                            2, "f" * 64, duplicate_score=0.9)  # fmt: skip
    return record, [Problem("000_a.txt", "outlet inferred", "warning")]


def _stored(tmp_path: Path, value: object) -> dict:
    cache.store(tmp_path, KEY, value)
    return json.loads((tmp_path / f"{KEY}.json").read_text())


def test_cache_analysis_round_trips_exactly(tmp_path):
    analysis = _analysis()
    cache.store(tmp_path, KEY, analysis)
    loaded = cache.load(tmp_path, KEY)
    assert loaded == analysis and hash(loaded) == hash(analysis)
    assert type(loaded.quotes[0]) is tuple and type(loaded.events[0].date) is datetime.date
    assert loaded.mentions[1].date is None and loaded.quotes[1][1].speaker == "Ali \udce9"


def test_cache_record_round_trips_with_its_list(tmp_path):
    cache.store(tmp_path, KEY, _record())
    loaded = cache.load(tmp_path, KEY, RECORD_KIND)
    assert loaded == _record() and type(loaded) is tuple and type(loaded[1]) is list


def _first(node: object, tag: str) -> dict | None:
    """The first encoded record with that tag, depth first."""
    if isinstance(node, dict):
        if node.get("$") == tag:
            return node
        children = node.values()
    else:
        children = node if isinstance(node, list) else ()
    for child in children:
        found = _first(child, tag)
        if found is not None:
            return found
    return None


def _edit(change: Callable[[dict], None]) -> Callable[[dict], bytes]:
    def apply(encoded: dict) -> bytes:
        change(encoded)
        return json.dumps(encoded).encode()

    return apply


def _deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


TAMPERED = {
    "unknown tag": _edit(lambda e: _first(e, "Sentence").update({"$": "Popen"})),
    "tag not a string": _edit(lambda e: _first(e, "Sentence").update({"$": ["Sentence"]})),
    "extra field": _edit(lambda e: _first(e, "Candidate").update({"command": "rm -rf /"})),
    "missing field": _edit(lambda e: _first(e, "Candidate").pop("score")),
    "string for int": _edit(lambda e: _first(e, "Sentence").update({"start": "0"})),
    "bool for int": _edit(lambda e: _first(e, "Sentence").update({"start": True})),
    "int for str": _edit(lambda e: _first(e, "Candidate").update({"surface": 7})),
    "array wrapped in an object": _edit(lambda e: e.update({"sentences": {"$list": e["sentences"]}})),
    "pair of three": _edit(lambda e: e["quotes"][0].append(1)),
    "object for array": _edit(lambda e: e.update({"sentences": _first(e, "Sentence")})),
    "record of another class": _edit(lambda e: e["sentences"].append(_first(e, "Candidate"))),
    "bare date string": _edit(lambda e: _first(e, "ResolvedDate").update({"value": "2024-05-01"})),
    "date with a time": _edit(lambda e: _first(e, "ResolvedDate").update({"value": {"$date": "2024-05-01T00:00"}})),
    "week date": _edit(lambda e: _first(e, "ResolvedDate").update({"value": {"$date": "2024-W18-3"}})),
    "impossible date": _edit(lambda e: _first(e, "ResolvedDate").update({"value": {"$date": "2024-02-30"}})),
    "untagged object": _edit(lambda e: _first(e, "Candidate").update({"link": {"a": 1}})),
    "root tagged as another class": _edit(lambda e: e.update({"$": "Problem"})),
    "pickle": lambda e: pickle.dumps(_analysis()),
    "not json": lambda e: b'{"$": "DocAnalysis", ',
    "not utf-8": lambda e: b"\xff\xfe\x00",
    "empty": lambda e: b"",
    "nested too deeply": lambda e: _deep(100_000),
    "huge integer": lambda e: (
        json.dumps(e, separators=(",", ":")).replace('"start":0', '"start":' + "9" * 5000, 1).encode()
    ),
}


@pytest.mark.parametrize("tamper", TAMPERED.values(), ids=TAMPERED.keys())
def test_cache_tampered_entry_reads_as_absent(tmp_path, tamper):
    encoded = _stored(tmp_path, _analysis())
    (tmp_path / f"{KEY}.json").write_bytes(tamper(encoded))
    assert cache.load(tmp_path, KEY) is None


def test_cache_entry_of_another_kind_reads_as_absent(tmp_path):
    cache.store(tmp_path, KEY, _record())
    assert cache.load(tmp_path, KEY) is None
    assert cache.load(tmp_path, KEY, tuple[DocumentRecord, list[DocumentRecord]]) is None


def test_cache_never_unpickles(tmp_path):
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Payload(marker))
    (tmp_path / f"{KEY}.pickle").write_bytes(payload)
    assert cache.load(tmp_path, KEY) is None
    (tmp_path / f"{KEY}.json").write_bytes(payload)
    assert cache.load(tmp_path, KEY) is None
    assert not marker.exists()


def test_cache_prune_removes_unused_entries_and_old_pickles(tmp_path):
    old, new = ("0" * 64, "1" * 64)
    for name in (f"{old}.json", f"{old}.pickle", f"{new}.json", "notes.pickle"):
        (tmp_path / name).write_bytes(b"x")
    for name in (f"{old}.json", f"{old}.pickle", "notes.pickle"):
        os.utime(tmp_path / name, (1_000_000, 1_000_000))
    assert cache.prune(tmp_path, unused_since=2_000_000) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{new}.json", "notes.pickle"]


def test_cache_store_refuses_a_class_outside_the_allowlist(tmp_path):
    with pytest.raises(TypeError, match="Work"):
        cache.store(tmp_path, KEY, (Work("a", "text", None),))
    assert list(tmp_path.iterdir()) == []


@dataclass(frozen=True)
class _Inner:
    when: datetime.date | None


@dataclass(frozen=True)
class _Outer:
    inner: _Inner


@dataclass(frozen=True)
class _WithDict:
    counts: dict[str, int]


@pytest.mark.parametrize(
    ("classes", "message"), [((_Outer,), "_Inner is not in the codec's allowlist"), ((_WithDict,), "dict")]
)
def test_records_codec_refuses_fields_it_cannot_check(classes, message):
    with pytest.raises(TypeError, match=message):
        RecordCodec(classes)


@dataclass(frozen=True, slots=True)
class _Slotted:
    pairs: tuple[tuple[int, _Inner], ...]
    notes: list[str]


def test_records_codec_round_trips_a_slotted_record():
    codec = RecordCodec((_Slotted, _Inner))
    value = _Slotted(((1, _Inner(datetime.date(2024, 2, 29))), (2, _Inner(None))), ["a", "b"])
    assert codec.decode(codec.encode(value), _Slotted) == value


def _reachable(roots: tuple[type, ...]) -> set[type]:
    """Every dataclass the roots' field hints name, however deep."""
    found: set[type] = set()
    todo = list(roots)
    while todo:
        hint = todo.pop()
        if dataclasses.is_dataclass(hint) and hint not in found:
            found.add(hint)
            todo.extend(typing.get_type_hints(hint).values())
        todo.extend(typing.get_args(hint))
    return found


def test_cache_allowlist_is_exactly_what_builds_cache():
    assert set(cache.CACHED_RECORDS) == _reachable((DocAnalysis, DocumentRecord, Problem))


def test_cache_pipeline_imports_no_pickling_module():
    found = []
    for path in sorted((PROJECT_DIR / "pipeline").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in PICKLING_MODULES]
    assert found == []


def _entries(cache_dir: Path, kind: object) -> dict[str, object]:
    """The entries of the cache that load as `kind`, by key. (Found by loading, not by recomputing
    keys: the fingerprint in the keys changes with every edit of the pipeline's code.)"""
    loaded = {path.stem: cache.load(cache_dir, path.stem, kind) for path in cache_dir.glob("*.json")}
    return {key: value for key, value in loaded.items() if value is not None}


@pytest.mark.slow
def test_cache_seed_entries_decode_equal_to_fresh_work(seed_build, nlp, knowledge, config):
    cache_dir = seed_build[2] / CACHE_DIR
    articles, _ = read_sources(SEEDS, max_file_bytes=config.max_file_bytes, max_chars=config.max_chars)
    records = [prepare_document(article, knowledge) for article in articles]
    items = [Work(r.doc_id, r.text if r.language == "en" else "", r.published) for r, _ in records]
    analyses = [analysis for _, analysis in analyse_guarded(nlp, items, knowledge, config)]
    assert Counter(_entries(cache_dir, DocAnalysis).values()) == Counter(analyses)
    cached_records = sorted(_entries(cache_dir, RECORD_KIND).values(), key=lambda entry: entry[0].doc_id)
    assert cached_records == sorted(records, key=lambda entry: entry[0].doc_id)
    assert len(cached_records) == len(analyses) == 5


def _copy(seed_build, tmp_path: Path) -> Path:
    """A copy of the seed build without the rows a build keeps for the next one: its rebuild cannot
    extend the previous build (pipeline.rebuild.increment) and reads every analysis from the cache."""
    out = tmp_path / "data"
    shutil.copytree(seed_build[2], out)
    for name in LINKED_FILES:
        (out / UNCURATED / linked_file(name)).unlink()
    return out


def _assert_same_tables(tables: dict, expected: dict) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(tables[name], expected[name], obj=name)


@pytest.mark.slow
def test_cache_rebuild_from_cache_gives_identical_tables(seed_build, folder_builder, tmp_path):
    summary, tables = folder_builder(SEEDS, _copy(seed_build, tmp_path))
    assert summary.n_reused == 5
    _assert_same_tables(tables, seed_build[1])


@pytest.mark.slow
def test_cache_tampered_entries_are_recomputed_and_never_run(seed_build, folder_builder, tmp_path):
    out, marker = _copy(seed_build, tmp_path), tmp_path / "ran"
    cache_dir = out / CACHE_DIR
    keys = sorted(_entries(cache_dir, DocAnalysis))
    (cache_dir / f"{keys[0]}.json").unlink()
    (cache_dir / f"{keys[0]}.pickle").write_bytes(pickle.dumps(_Payload(marker)))
    os.utime(cache_dir / f"{keys[0]}.pickle", (1_000_000, 1_000_000))
    for key, name in zip(keys[1:4], ("unknown tag", "extra field", "string for int"), strict=True):
        path = cache_dir / f"{key}.json"
        path.write_bytes(TAMPERED[name](json.loads(path.read_text())))
    record_key = next(iter(_entries(cache_dir, RECORD_KIND)))
    (cache_dir / f"{record_key}.json").write_bytes(pickle.dumps(_Payload(marker)))

    summary, tables = folder_builder(SEEDS, out)

    assert summary.n_reused == 1 and not marker.exists()
    _assert_same_tables(tables, seed_build[1])
    assert all(cache.load(cache_dir, key) is not None for key in keys)
    assert cache.load(cache_dir, record_key, RECORD_KIND) is not None
    assert not list(cache_dir.glob("*.pickle"))
