"""Run a whole build: sources in, tables out, reusing the per-article work of earlier builds."""

from __future__ import annotations

import datetime
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.analysis import DocAnalysis
from pipeline.config import PipelineConfig
from pipeline.curation import CURATED, curate_tables, load_decisions
from pipeline.documents import prepare_document
from pipeline.duplicates import Wording, link_duplicates, wordings
from pipeline.engines import AnalysisFailure, Work, select_engine, worker_processes
from pipeline.ingest import SourceArticle, ocr_available, read_sources
from pipeline.knowledge import Knowledge, load_knowledge
from pipeline.progress_bar import StepMessage
from pipeline.rebuild import cache, check_out_folder, sidecar_digests
from pipeline.rebuild.increment import Previous, linked_writers, previous_build
from pipeline.records import DocumentRecord, Problem, failure_reason, fixed_by_install
from pipeline.resolve import resolve_corpus
from pipeline.schema import SCHEMA_VERSION
from pipeline.search import index_writer
from pipeline.store import (
    CACHE_DIR,
    SEARCH_INDEX,
    build_lock,
    model_fingerprint,
    pipeline_fingerprint,
    write_tables,
)
from pipeline.tables import LinkedRows, linked_rows, merged, resolved_tables

Progress = Callable[[float, str], None]  # messages of a counted step are StepMessages (pipeline.progress_bar)
ANALYSING = "Analysing articles"


@dataclass(frozen=True)
class BuildSummary:
    """What a build did, for the command line and the dashboard."""

    n_documents: int
    n_actors: int
    n_mentions: int
    n_reused: int
    problems: tuple[str, ...]
    out_dir: str

    def format(self) -> str:
        lines = [
            f"Built {self.out_dir}: {self.n_documents} documents, {self.n_actors} actors, "
            f"{self.n_mentions} mentions ({self.n_reused} documents reused from the cache)."
        ]
        if self.problems:
            lines.append(
                f"{len(self.problems)} note(s) on the input (errors: skipped; warnings: used with a caveat; info):"
            )
            lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)


def build_corpus(
    src: Path,
    out: Path,
    *,
    config: PipelineConfig | None = None,
    on_progress: Progress | None = None,
    force_out: bool = False,
) -> BuildSummary:
    """Build the tables of `src` into `out`, holding the folder's lock. Raises ValueError when no
    document could be built, or when `out` holds files but no build of ours and not `force_out`
    (pipeline.rebuild.out_folder); pipeline.store.parquet.FolderBusy when another build keeps the lock longer than
    `config.lock_timeout`."""
    config = config or PipelineConfig()
    progress = on_progress or (lambda fraction, message: None)
    check_out_folder(Path(out), config, force=force_out)
    with build_lock(Path(out), timeout=config.lock_timeout, on_wait=lambda message: progress(0.0, message)):
        return _build(Path(src), Path(out), config, progress)


def _build(src: Path, out: Path, config: PipelineConfig, progress: Progress) -> BuildSummary:
    started = time.time() - 1  # file clocks can be coarse
    # Read first: a decisions file that cannot be read stops the build before any work, and no table is written.
    decisions = load_decisions(config.decisions_path)
    progress(0.0, StepMessage(f"Reading articles in {src}", step="Loading knowledge"))
    fingerprint = pipeline_fingerprint(config)
    # the compiled knowledge is kept beside the per-article cache (pipeline.knowledge_cache)
    knowledge = load_knowledge(
        config, cache_dir=Path(out) / CACHE_DIR if config.use_cache else None, fingerprint=fingerprint
    )
    records, problems = read_documents(
        Path(src), knowledge, config, cache_dir=Path(out) / CACHE_DIR, fingerprint=fingerprint, progress=progress
    )
    previous = _previous(Path(src), Path(out), records, fingerprint, config)
    kept = previous.doc_ids if previous else frozenset()
    todo = [r for r in records if r.doc_id not in kept]
    analyses, reused, failed = _analyse(todo, knowledge, config, fingerprint, Path(out), progress)
    problems.extend(Problem(r.source_file, failed[r.doc_id]) for r in records if r.doc_id in failed)
    records = [r for r in records if r.doc_id not in failed]
    wording = wordings(records, previous.wording if previous else None)
    records, linked_problems = _linked(records, wording, Path(src), problems)
    problems.extend(linked_problems)
    texts = {r.doc_id: r.text for r in records}
    new_rows = linked_rows({r.doc_id: analyses[r.doc_id] for r in records if r.doc_id in analyses}, texts)
    rows = merged([previous.rows, new_rows] if previous else [new_rows], [r.doc_id for r in records])
    progress(0.9, StepMessage("Resolving actors across articles", step="Resolving actors"))
    uncurated = assemble_tables(records, rows, problems, knowledge, config, previous.events if previous else None)
    manifest = _manifest(Path(src), records, problems, fingerprint, config, uncurated, knowledge)
    progress(0.95, StepMessage("Curating and writing the tables", step="Writing tables"))
    tables, curated_manifest = curate_tables(uncurated, manifest, decisions)
    # both sets, or neither; the search index of the sentences (curation never changes them) with them
    search = index_writer(tables["sentences"], knowledge.gazetteer.rules, previous=Path(out) / SEARCH_INDEX)
    write_tables(
        tables,
        Path(out),
        curated_manifest,
        uncurated=(uncurated, manifest),
        extras={SEARCH_INDEX: search},
        uncurated_extras=linked_writers(rows, wording),
    )
    problems.extend(Problem(**row) for row in tables["problems"].to_dict("records") if row["source_file"] == CURATED)
    if config.use_cache:
        # the kept articles' analyses were not read, yet the next full build needs them
        keys = (cache.document_key(r.text, r.published, r.language, fingerprint) for r in records if r.doc_id in kept)
        cache.touch(Path(out) / CACHE_DIR, keys)
        cache.prune(Path(out) / CACHE_DIR, unused_since=started)
    progress(1.0, "Done")
    return BuildSummary(
        n_documents=len(records),
        n_actors=len(tables["actors"]),
        n_mentions=len(tables["mentions"]),
        n_reused=reused + len(kept),
        problems=tuple(
            f"{p.source_file}: {p.reason}" + ("" if p.severity == "error" else f" ({p.severity})") for p in problems
        ),
        out_dir=str(out),
    )


def _previous(
    src: Path, out: Path, records: list[DocumentRecord], fingerprint: str, config: PipelineConfig
) -> Previous | None:
    """The previous build of `out` when this one only adds articles to it (pipeline.rebuild.increment);
    None when it must analyse every article, or when told to reuse nothing (`--no-cache`)."""
    if not config.use_cache:
        return None
    return previous_build(out, records, fingerprint=fingerprint, sidecars=sidecar_digests(src), ocr=ocr_available())


def read_documents(
    src: Path,
    knowledge: Knowledge,
    config: PipelineConfig,
    *,
    cache_dir: Path | None = None,
    fingerprint: str = "",
    progress: Progress | None = None,
) -> tuple[list[DocumentRecord], list[Problem]]:
    """Every usable article of `src` as a cleaned document record, and the problems met.

    With a cache folder, an article whose bytes, metadata and pipeline are unchanged is not
    cleaned again. An article whose cleaning fails is skipped with the reason. Raises ValueError
    naming every problem when no document could be read.
    """
    report = progress or (lambda fraction, message: None)
    articles, problems = read_sources(
        src,
        max_file_bytes=config.max_file_bytes,
        max_chars=config.max_chars,
        on_file=lambda done, total: report(
            0.0,
            StepMessage(f"Read {done} of {total} files", step="Reading files", done=done, total=total, unit="files"),
        ),
    )
    records: list[DocumentRecord] = []
    for done, article in enumerate(articles):
        message = StepMessage(
            f"Cleaned {done} of {len(articles)}", step="Cleaning articles", done=done, total=len(articles)
        )
        report(0.05 * done / len(articles), message)
        try:
            record, record_problems = _prepared(
                article, knowledge, cache_dir if config.use_cache else None, fingerprint
            )
        except Exception as error:  # noqa: BLE001 - one file's failure must never stop the build
            problems.append(Problem(article.source_file, failure_reason("cleaning", error)))
            continue
        records.append(record)
        problems.extend(record_problems)
    report(0.05, StepMessage("Cleaned all", step="Cleaning articles", done=len(articles), total=len(articles)))
    if not records:
        raise ValueError(_nothing_built(src, problems))
    return records, problems


def _linked(
    records: list[DocumentRecord], wording: dict[str, Wording], src: Path, problems: list[Problem]
) -> tuple[list[DocumentRecord], list[Problem]]:
    """Copies of one story linked, among the documents that were analysed, and a note per
    document the English model does not read. Raises ValueError when no document is left."""
    if not records:
        raise ValueError(_nothing_built(src, problems))
    records, notes = link_duplicates(records, wording)
    notes.extend(
        Problem(
            r.source_file,
            "Arabic-script text kept as a document; actors, dates and quotes are read from English only",
            "warning",
        )
        for r in records
        if r.language != "en"
    )
    return records, notes


def _prepared(
    article: SourceArticle, knowledge: Knowledge, cache_dir: Path | None, fingerprint: str
) -> tuple[DocumentRecord, list[Problem]]:
    if cache_dir is None:
        return prepare_document(article, knowledge)
    key = cache.key_of(
        "record",
        fingerprint,
        article.doc_id,
        article.source_file,
        article.content_hash,
        json.dumps(article.sidecar, sort_keys=True),
        json.dumps(article.html_metadata, sort_keys=True),
        article.encoding,  # 'pdf+ocr' once tesseract reads what 'pdf' left unread
    )
    cached = cache.load(cache_dir, key, tuple[DocumentRecord, list[Problem]])
    if cached is None:
        cached = prepare_document(article, knowledge)
        cache.store(cache_dir, key, cached)
    return cached


def assemble_tables(
    records: list[DocumentRecord],
    rows: LinkedRows,
    problems: list[Problem],
    knowledge: Knowledge,
    config: PipelineConfig,
    previous_events: pd.DataFrame | None = None,
) -> dict:
    """The corpus stage: resolve names across articles and lay out the contract's tables
    (`previous_events`: those of the build this one extends, see pipeline.tables.event_clusters)."""
    resolution = resolve_corpus(
        rows.names(),
        rows.abbreviation_links(),
        knowledge.gazetteer,
        knowledge.types,
        fuzzy_threshold=config.fuzzy_threshold,
    )
    return resolved_tables(
        records, rows, resolution, problems, knowledge.types, knowledge.events.parties.categories, previous_events
    )


def _file_hash(path: Path) -> str | None:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if Path(path).exists() else None


def _analyse(
    records: list[DocumentRecord],
    knowledge: Knowledge,
    config: PipelineConfig,
    fingerprint: str,
    out: Path,
    progress: Progress,
) -> tuple[dict[str, DocAnalysis], int, dict[str, str]]:
    """The analysis of every record (from the cache where it holds one), the number reused, and
    the reason for each document whose analysis failed (those are not cached, so a fix retries)."""
    cache_dir = out / CACHE_DIR
    keys = {r.doc_id: cache.document_key(r.text, r.published, r.language, fingerprint) for r in records}
    analyses = {r.doc_id: cache.load(cache_dir, keys[r.doc_id]) for r in records} if config.use_cache else {}
    analyses = {doc_id: a for doc_id, a in analyses.items() if a is not None}
    todo = [r for r in records if r.doc_id not in analyses]
    failed: dict[str, str] = {}
    if todo:
        processes = worker_processes(config.n_process, len(todo)) if config.engine == "local" else config.n_process
        engine = f"{config.engine} engine, {processes} process{'es' if processes > 1 else ''}"
        message = f"Analysing {len(todo)} new or changed documents ({engine})"
        progress(0.05, StepMessage(message, step=ANALYSING, total=len(todo)))
        run = select_engine(config.engine, scheduler=config.scheduler)
        # Arabic-script documents are kept but not read by the English model.
        items = [Work(r.doc_id, r.text if r.language == "en" else "", r.published) for r in todo]
        for done, (doc_id, analysis) in enumerate(run(items, config, knowledge), start=1):
            if isinstance(analysis, AnalysisFailure):
                failed[doc_id] = analysis.reason
            else:
                analyses[doc_id] = analysis
                cache.store(cache_dir, keys[doc_id], analysis)
            message = StepMessage(f"Analysed {done} of {len(todo)}", step=ANALYSING, done=done, total=len(todo))
            progress(0.05 + 0.85 * done / len(todo), message)
    return analyses, len(records) - len(todo), failed


def _manifest(
    src: Path,
    records: list[DocumentRecord],
    problems: list[Problem],
    fingerprint: str,
    config: PipelineConfig,
    tables: dict,
    knowledge: Knowledge,
) -> dict:
    """What the tables were built from. Skipped files are recorded too, so that a folder with a bad
    file does not look changed, and rebuilt, on every start; except those a package install would
    fix, which are retried until it is done."""
    skipped = {
        p.source_file
        for p in problems
        if p.severity == "error" and not fixed_by_install(p) and (src / p.source_file).is_file()
    }
    return {
        "schema_version": SCHEMA_VERSION,
        "built_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "source_dir": str(src.resolve()),
        "sources": {r.source_file: r.content_hash for r in records},
        "skipped": {name: _file_hash(src / name) for name in sorted(skipped)},
        "knowledge_packs": list(knowledge.packs),
        "pipeline_fingerprint": fingerprint,
        "sidecars": sidecar_digests(src),
        "model": model_fingerprint(config),
        "ocr": ocr_available(),  # tesseract installed later reads the scanned pages this build left unread
        "counts": {name: len(frame) for name, frame in tables.items()},
    }


def _nothing_built(src: Path, problems: list[Problem]) -> str:
    details = "; ".join(f"{p.source_file}: {p.reason}" for p in problems)
    details = details or "no .txt, .md, .html, .pdf or .docx files found"
    return f"no document could be built from {src} ({details})"
