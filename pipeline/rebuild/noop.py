"""Decide, without loading spaCy, that a build has nothing to do.

A rebuild of an unchanged folder used to import spaCy and load the knowledge only to find every
article in the cache. Here the manifest answers: the same sources (file hashes), the same sidecar
metadata, the same analysts' decisions, the same model, knowledge, settings and code (the
pipeline fingerprint). Any doubt means "build".
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.config import PipelineConfig
from pipeline.ingest import SIDECAR_NAMES, ocr_available
from pipeline.rebuild.freshness import tables_status
from pipeline.store import UNCURATED, ManifestError, pipeline_fingerprint, read_manifest


def sidecar_digests(src: Path) -> dict[str, str]:
    """name -> SHA-256 of each sidecar metadata file of `src` (metadata.csv, metadata.json)."""
    return {
        name: hashlib.sha256((Path(src) / name).read_bytes()).hexdigest()
        for name in SIDECAR_NAMES
        if (Path(src) / name).is_file()
    }


def nothing_to_build(src: Path, out: Path, config: PipelineConfig) -> str | None:
    """A sentence saying why the tables of `out` are already those a build of `src` would write,
    or None when a build is needed."""
    try:
        manifest = read_manifest(Path(out))
        uncurated = read_manifest(Path(out) / UNCURATED)
    except ManifestError:
        return None
    if manifest is None or uncurated is None or manifest.get("source_dir") != str(Path(src).resolve()):
        return None
    if manifest.get("sidecars") != sidecar_digests(src) or not config.use_cache:
        return None
    if manifest.get("ocr", False) != ocr_available():
        return None
    if manifest.get("pipeline_fingerprint") != pipeline_fingerprint(config):
        return None
    if tables_status(Path(out), Path(src)).state != "fresh":
        return None
    return f"Nothing to build: the tables in {out} already match {src} (sources, metadata, decisions, pipeline)"
