"""Run the per-article work (spaCy and the analysis of each Doc) here, or on a Dask cluster."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from pipeline.analysis import DocAnalysis, analyse_doc
from pipeline.config import PipelineConfig
from pipeline.knowledge import Knowledge
from pipeline.nlp import build_nlp

ENGINES = ("local", "dask")


@dataclass(frozen=True)
class Work:
    """One article to analyse: what a worker needs, and nothing it has to read from disk."""

    doc_id: str
    text: str
    published: datetime.date | None


def analyse_local(
    items: Sequence[Work], config: PipelineConfig, knowledge: Knowledge
) -> Iterator[tuple[str, DocAnalysis]]:
    """nlp.pipe in this process (or across `config.n_process` processes), in input order."""
    nlp = build_nlp(config, knowledge.gazetteer)
    docs = nlp.pipe((item.text for item in items), batch_size=config.batch_size, n_process=config.n_process)
    for item, doc in zip(items, docs, strict=True):
        yield item.doc_id, analyse_doc(doc, item.published, knowledge, fuzzy_threshold=config.fuzzy_threshold)


def analyse_dask(
    items: Sequence[Work], config: PipelineConfig, knowledge: Knowledge, *, scheduler: str | None = None
) -> Iterator[tuple[str, DocAnalysis]]:
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


def analyse_batch(batch: Sequence[Work], knowledge: Knowledge, config: PipelineConfig) -> list[tuple[str, DocAnalysis]]:
    """A worker's task: analyse a batch with the worker's own (cached) spaCy pipeline."""
    nlp = _worker_nlp(knowledge, config)
    docs = nlp.pipe(item.text for item in batch)
    return [
        (item.doc_id, analyse_doc(doc, item.published, knowledge, fuzzy_threshold=config.fuzzy_threshold))
        for item, doc in zip(batch, docs, strict=True)
    ]


def select_engine(
    name: str, *, scheduler: str | None = None
) -> Callable[[Sequence[Work], PipelineConfig, Knowledge], Iterator[tuple[str, DocAnalysis]]]:
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
        _WORKER_NLP[key] = build_nlp(config, knowledge.gazetteer)
    return _WORKER_NLP[key]
