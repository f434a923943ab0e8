"""Extend the previous build of a folder by the articles added since, without decoding the earlier
articles' analyses again.

Why: at 10,000 articles, decoding every cached analysis was most of the cost of adding one article.
A build keeps beside its uncurated tables the linked rows of its mentions, quotes and events
(pipeline.schema.LINKED; their sentences and dates are the uncurated tables themselves), and the
wording of every document that story linking reads (pipeline.duplicates.Wording). When every
article of the previous build is still there unchanged (same doc_id, file and content), and the
pipeline, the sidecar metadata and OCR are the same, those rows are exactly what a full build would
make of them again: only the new articles are analysed, and the corpus stage (duplicates,
resolution, tables) runs on the rows of all of them as a full build does. Anything else (an article
changed or removed, other code or knowledge, rows missing or not made with these tables) means a
full build.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.duplicates import Wording
from pipeline.rebuild.freshness import altered_tables
from pipeline.records import DocumentRecord
from pipeline.schema import LINKED, LINKED_FILES, SCHEMA_VERSION
from pipeline.store import UNCURATED, ManifestError, linked_file, read_manifest, table_path
from pipeline.tables import LinkedRows, typed

# Parquet metadata key of a linked file: the SHA-256 of the uncurated tables it was written with.
_MADE_WITH = b"conflict_news_tables"
Writer = Callable[[Path, Mapping[str, str]], bool]


@dataclass(frozen=True)
class Previous:
    """The linked rows of the previous build, the documents they cover, its (uncurated) events
    table, whose cluster ids hold where the new articles add no event (pipeline.tables.event_clusters),
    and the wording of its documents (pipeline.duplicates.Wording)."""

    rows: LinkedRows
    doc_ids: frozenset[str]
    events: pd.DataFrame
    wording: dict[str, Wording]


def previous_build(
    out: Path, records: Sequence[DocumentRecord], *, fingerprint: str, sidecars: dict, ocr: bool
) -> Previous | None:
    """The previous build of `out` when this one may extend it: `records` hold every document it
    was built from, unchanged, and it was built by the pipeline of `fingerprint` from the same
    sidecar metadata (`sidecars`, name -> SHA-256) and OCR; else None (build everything)."""
    folder = Path(out) / UNCURATED
    try:
        manifest = read_manifest(folder)
    except ManifestError:
        return None
    expected = {"schema_version": SCHEMA_VERSION, "pipeline_fingerprint": fingerprint, "sidecars": sidecars}
    if manifest is None or any(manifest.get(key) != value for key, value in expected.items()):
        return None
    digests = manifest.get("tables")
    if manifest.get("ocr", False) != ocr or not isinstance(digests, dict) or altered_tables(folder, manifest):
        return None
    if not all(_made_with(folder / linked_file(name), digests) for name in LINKED_FILES):
        return None
    built = pq.read_table(table_path(folder, "documents"), columns=["doc_id", "source_file", "content_hash"])
    current = {r.doc_id: (r.source_file, r.content_hash) for r in records}
    doc_ids = built.column("doc_id").to_pylist()
    files = zip(built.column("source_file").to_pylist(), built.column("content_hash").to_pylist(), strict=True)
    if any(current.get(doc_id) != file for doc_id, file in zip(doc_ids, files, strict=True)):
        return None
    rows = LinkedRows(
        sentences=_read(table_path(folder, "sentences")),
        dates=_read(table_path(folder, "dates")),
        **{name: typed(_read(folder / linked_file(name)), name) for name in LINKED},
    )
    events = _read(table_path(folder, "events"))
    return Previous(rows, frozenset(doc_ids), events, _read_wording(folder / linked_file("stories")))


def linked_writers(rows: LinkedRows, wording: Mapping[str, Wording]) -> dict[str, Writer]:
    """The writers of the linked files for pipeline.store.write_tables' `uncurated_extras`: each
    records the digests of the uncurated tables it is written with, which `previous_build` checks."""

    def arrow(name: str) -> pa.Table:
        if name == "stories":
            return _wording_table(wording)
        return pa.Table.from_pandas(getattr(rows, name), preserve_index=False)

    def writer(name: str) -> Writer:
        def write(path: Path, digests: Mapping[str, str]) -> bool:
            table = arrow(name)
            metadata = {**(table.schema.metadata or {}), _MADE_WITH: json.dumps(dict(digests), sort_keys=True).encode()}
            pq.write_table(table.replace_schema_metadata(metadata), path)
            return True

        return write

    return {linked_file(name): writer(name) for name in LINKED_FILES}


def _wording_table(wording: Mapping[str, Wording]) -> pa.Table:
    shingles = [w.shingles for w in wording.values()]
    offsets = np.cumsum([0, *map(len, shingles)]).astype(np.int64)
    values = np.concatenate(shingles) if shingles else np.empty(0, dtype=np.uint64)
    return pa.table(
        {
            "doc_id": list(wording),
            "words": [w.words for w in wording.values()],
            "shingles": pa.LargeListArray.from_arrays(pa.array(offsets), pa.array(values, type=pa.uint64())),
        }
    )


def _read_wording(path: Path) -> dict[str, Wording]:
    table = pq.read_table(path)
    shingles = table.column("shingles").combine_chunks()
    values, offsets = shingles.values.to_numpy(), shingles.offsets.to_numpy()
    parts = np.split(values, offsets[1:-1]) if len(offsets) > 1 else []
    doc_ids, words = table.column("doc_id").to_pylist(), table.column("words").to_pylist()
    return {doc_id: Wording(w, part) for doc_id, w, part in zip(doc_ids, words, parts, strict=True)}


def _made_with(path: Path, digests: Mapping[str, str]) -> bool:
    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowException):
        return False
    return metadata.get(_MADE_WITH) == json.dumps(dict(digests), sort_keys=True).encode()


def _read(path: Path) -> pd.DataFrame:
    return pq.read_table(path).to_pandas(date_as_object=True)
