"""Tell whether built tables still match their sources and the pipeline that built them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest import source_files
from pipeline.schema import SCHEMA_VERSION, TABLES
from pipeline.store import MANIFEST, ManifestError, read_manifest, recover_unless_busy, table_path


@dataclass(frozen=True)
class TablesStatus:
    """'fresh', 'missing', 'stale' (sources changed), 'incompatible' (another schema) or 'damaged'
    (a manifest that cannot be read, or a table changed after the build: rebuild), with a sentence
    for the analyst."""

    state: str
    reason: str


def tables_status(out: Path, src: Path | None = None) -> TablesStatus:
    """Compare the manifest of `out` with the articles now in `src` (default: the manifest's own
    source folder). A manifest without a source folder (synthetic tables) is fresh when its schema
    matches. Pipeline changes are not checked here: rebuilding reuses the cache and catches them."""
    out = Path(out)
    if out.is_dir():
        recover_unless_busy(out)
    try:
        manifest = read_manifest(out)
    except ManifestError as error:
        return TablesStatus("damaged", str(error))
    missing = [name for name in TABLES if not table_path(out, name).exists()]
    if manifest is None or missing:
        return TablesStatus("missing", f"no complete tables in {out}; build them with `python -m pipeline build`")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        return TablesStatus(
            "incompatible",
            f"tables in {out} use schema {manifest.get('schema_version')}, "
            f"this version reads {SCHEMA_VERSION}; rebuild them",
        )
    altered = altered_tables(out, manifest)
    if altered:
        return TablesStatus(
            "damaged",
            f"{', '.join(map(str, altered))} changed after the build that wrote it (its digest no longer matches "
            f"{out / MANIFEST}); rebuild the tables with `python -m pipeline build`",
        )
    source_dir = Path(src) if src else (Path(manifest["source_dir"]) if manifest.get("source_dir") else None)
    if source_dir is None:
        return TablesStatus("fresh", "tables have no recorded sources")
    changes = _source_changes(source_dir, {**manifest.get("skipped", {}), **manifest.get("sources", {})})
    if changes:
        return TablesStatus("stale", f"sources in {source_dir} changed since the last build: {changes}")
    curation = manifest.get("curation") or {}
    if curation.get("decisions_file") and _hash(Path(curation["decisions_file"])) != curation.get("decisions_sha256"):
        return TablesStatus(
            "stale", f"analysts' decisions in {curation['decisions_file']} changed since the last build"
        )
    return TablesStatus("fresh", f"tables match the articles in {source_dir}")


def altered_tables(out: Path, manifest: dict) -> list[Path]:
    """The table files whose SHA-256 is not the one the manifest recorded. Only a file written after
    the manifest is hashed (a build writes its tables first), so a start-up reads no table twice."""
    written = (Path(out) / MANIFEST).stat().st_mtime
    altered = []
    for name, digest in (manifest.get("tables") or {}).items():
        path = table_path(out, name)
        if path.exists() and path.stat().st_mtime > written and _hash(path) != digest:
            altered.append(path)
    return altered


def _hash(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _source_changes(source_dir: Path, recorded: dict[str, str]) -> str:
    if not source_dir.is_dir():
        return ""
    current = {path.relative_to(source_dir).as_posix(): path for path in source_files(source_dir)}
    added = sorted(set(current) - set(recorded))
    changed = sorted(name for name in set(current) & set(recorded) if _hash(current[name]) != recorded[name])
    parts = []
    if added:
        parts.append(f"{len(added)} new ({', '.join(added[:3])}{'…' if len(added) > 3 else ''})")
    if changed:
        parts.append(f"{len(changed)} changed ({', '.join(changed[:3])}{'…' if len(changed) > 3 else ''})")
    return ", ".join(parts)
