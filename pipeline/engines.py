"""Run the per-article work (spaCy and the analysis of each Doc) here, or on a Dask cluster."""

from __future__ import annotations

import datetime
import gc
import math
import multiprocessing
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.analysis import DocAnalysis, analyse_doc
from pipeline.config import ENGINES, PipelineConfig
from pipeline.knowledge import Knowledge
from pipeline.nlp import build_nlp
from pipeline.records import failure_reason

# Texts longer than this go through spaCy in pieces cut at paragraph or sentence ends and are
# joined again (Doc.from_docs), so offsets stay those of the whole text: a 600-page report needs no
# raised nlp.max_length and no gigabytes of activations.
PIECE_CHARS = 100_000
# Worker processes for fewer articles than this each cost more to start than they save: a forked
# worker shares the model already loaded, a spawned one (beside other threads, as in the dashboard)
# loads its own, some seconds. The corpus goes in chunks smaller than a batch, a few per process,
# so that every core stays busy until the end.
MIN_ARTICLES_PER_PROCESS = 8
MIN_ARTICLES_PER_SPAWNED_PROCESS = 50
CHUNKS_PER_PROCESS = 4


@dataclass(frozen=True)
class Work:
    """One article to analyse: what a worker needs, and nothing it has to read from disk."""

    doc_id: str
    text: str
    published: datetime.date | None


@dataclass(frozen=True)
class AnalysisFailure:
    """Why one article could not be analysed; the build reports it and goes on with the others."""

    reason: str


Result = DocAnalysis | AnalysisFailure
Outcome = tuple[str, Result]


def analyse_local(items: Sequence[Work], config: PipelineConfig, knowledge: Knowledge) -> Iterator[Outcome]:
    """The per-article work in this process, or across `config.n_process` worker processes (spaCy
    and the analysis of each Doc both run in the workers), in input order either way."""
    processes = worker_processes(config.n_process, len(items))
    if processes > 1:
        yield from _analyse_in_processes(items, config, knowledge, processes)
    else:
        yield from analyse_guarded(build_nlp(config, knowledge), items, knowledge, config)


def worker_processes(n_process: int, n_items: int) -> int:
    """How many processes analyse `n_items` articles: `n_process`, fewer when each would get fewer
    than MIN_ARTICLES_PER_PROCESS (forked) or MIN_ARTICLES_PER_SPAWNED_PROCESS, and at least one."""
    least = MIN_ARTICLES_PER_PROCESS if start_method() == "fork" else MIN_ARTICLES_PER_SPAWNED_PROCESS
    return max(1, min(n_process, n_items // least))


def start_method() -> str:
    """'fork' on Linux when this process runs no other thread: the workers share the model this
    process loaded instead of loading their own (a fork beside other threads, as in the dashboard's
    server, can leave a lock held forever in the child); 'spawn' otherwise."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _analyse_in_processes(
    items: Sequence[Work], config: PipelineConfig, knowledge: Knowledge, processes: int
) -> Iterator[Outcome]:
    """Chunks of `items` on a pool of `processes` workers, yielded in input order. A worker that dies
    (killed, out of memory) breaks the pool: the chunks not yet returned are analysed here."""
    method = start_method()
    nlp = build_nlp(config, knowledge) if method == "fork" else None
    size = max(1, min(config.batch_size, math.ceil(len(items) / (CHUNKS_PER_PROCESS * processes))))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    pool = ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(nlp, knowledge, config),  # a forked worker inherits them; a spawned one gets a copy
    )
    try:
        gc.freeze()  # forked workers share the model's pages: their collector must not write to its objects
        futures = [pool.submit(_analyse_chunk, chunk) for chunk in chunks]
        for index, future in enumerate(futures):
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                nlp = nlp if nlp is not None else build_nlp(config, knowledge)
                for chunk in chunks[index:]:
                    yield from analyse_guarded(nlp, chunk, knowledge, config)
                return
            yield from outcomes
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


_WORKER: dict[str, tuple[Language, Knowledge, PipelineConfig]] = {}


def _start_worker(nlp: Language | None, knowledge: Knowledge, config: PipelineConfig) -> None:
    _WORKER["work"] = (nlp if nlp is not None else _worker_nlp(knowledge, config), knowledge, config)


def _analyse_chunk(chunk: Sequence[Work]) -> list[Outcome]:
    nlp, knowledge, config = _WORKER["work"]
    return list(analyse_guarded(nlp, chunk, knowledge, config))


def analyse_guarded(
    nlp: Language, items: Sequence[Work], knowledge: Knowledge, config: PipelineConfig, *, n_process: int = 1
) -> Iterator[Outcome]:
    """Each item's analysis, or the reason it failed, in input order; one bad text never stops the rest.

    The fast path pipes every short text at once. When spaCy raises, the batch it was working on
    is analysed again one text at a time, so only the text at fault fails, and piping resumes after it.
    """
    short = [item for item in items if len(item.text) <= PIECE_CHARS]
    done: dict[str, Result] = {}
    start = 0
    while start < len(short):
        rest = short[start:]
        try:
            docs = nlp.pipe((item.text for item in rest), batch_size=config.batch_size, n_process=n_process)
            for item, doc in zip(rest, docs, strict=True):
                done[item.doc_id] = _analysed(doc, item, knowledge, config)
                start += 1
        except Exception:  # noqa: BLE001 - find the text at fault, below
            for item in short[start : start + config.batch_size]:
                done[item.doc_id] = _analysed_alone(nlp, item, knowledge, config)
            start += config.batch_size
    for item in items:
        yield item.doc_id, done[item.doc_id] if item.doc_id in done else _analysed_alone(nlp, item, knowledge, config)


def _analysed_alone(nlp: Language, item: Work, knowledge: Knowledge, config: PipelineConfig) -> Result:
    try:
        pieces = list(nlp.pipe(text_pieces(item.text, PIECE_CHARS)))
        doc = pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False)
    except Exception as error:  # noqa: BLE001 - one text's failure must never stop the build
        return AnalysisFailure(failure_reason("spaCy analysis", error))
    return _analysed(doc, item, knowledge, config)


def _analysed(doc: Doc, item: Work, knowledge: Knowledge, config: PipelineConfig) -> Result:
    try:
        return analyse_doc(doc, item.published, knowledge, fuzzy_threshold=config.fuzzy_threshold)
    except Exception as error:  # noqa: BLE001 - one text's failure must never stop the build
        return AnalysisFailure(failure_reason("analysis", error))


def text_pieces(text: str, limit: int) -> list[str]:
    """`text` cut into pieces of at most `limit` characters that join back into it exactly: after
    the last paragraph break in each window, else the last sentence end, else the last space,
    else (a single unbroken word) at the limit."""
    pieces = []
    while len(text) > limit:
        window = text[:limit]
        cut = next(
            (at + len(mark) for mark in ("\n\n", "\n", ". ", " ") if (at := window.rfind(mark, limit // 2)) > 0),
            limit,
        )
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text or not pieces else pieces


def analyse_dask(
    items: Sequence[Work], config: PipelineConfig, knowledge: Knowledge, *, scheduler: str | None = None
) -> Iterator[Outcome]:
    """The same work as batches on a Dask cluster: the one at `scheduler` (e.g. tcp://host:8786), or a
    LocalCluster of `config.n_process` worker processes. Results come back as batches finish.

    The knowledge is sent to every worker once; each worker builds the spaCy pipeline once and
    keeps it for every batch. Workers need this project importable (the same code and
    requirements as the client) and the spaCy model installed; they read no files.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=max(config.n_process, 1), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        batches = [items[i : i + config.batch_size] for i in range(0, len(items), config.batch_size)]
        shared = client.scatter(knowledge, broadcast=True)
        futures = client.map(analyse_batch, batches, knowledge=shared, config=config, pure=False)
        for future in as_completed(futures):
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def analyse_batch(batch: Sequence[Work], knowledge: Knowledge, config: PipelineConfig) -> list[Outcome]:
    """A worker's task: analyse a batch with the worker's own (cached) spaCy pipeline."""
    return list(analyse_guarded(_worker_nlp(knowledge, config), batch, knowledge, config))


def select_engine(
    name: str, *, scheduler: str | None = None
) -> Callable[[Sequence[Work], PipelineConfig, Knowledge], Iterator[Outcome]]:
    """The analysis function of an engine by name. Raises ValueError naming the known engines."""
    if name == "local":
        return analyse_local
    if name == "dask":
        return lambda items, config, knowledge: analyse_dask(items, config, knowledge, scheduler=scheduler)
    raise ValueError(f"unknown engine {name!r}; expected one of {ENGINES}")


_WORKER_NLP: dict[tuple[str, PipelineConfig], object] = {}


def _worker_nlp(knowledge: Knowledge, config: PipelineConfig):
    """One spaCy pipeline per worker process and knowledge version."""
    key = (knowledge.fingerprint, config)
    if key not in _WORKER_NLP:
        _WORKER_NLP.clear()
        _WORKER_NLP[key] = build_nlp(config, knowledge)
    return _WORKER_NLP[key]
