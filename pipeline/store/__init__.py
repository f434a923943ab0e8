"""Where built tables live: Parquet files and their manifest written atomically under a lock, the
fingerprints that say what a build depended on, and the codec of cached records.

Modules:
- `fingerprint`: What a build's output depends on, hashed without loading spaCy or the knowledge.
- `database`: The tables of one build as one DuckDB database, denormalised for the dashboard's queries.
- `parquet`: Read and write the Parquet tables and their manifest, atomically and one build at a time.
- `records_codec`: Turn the pipeline's frozen record dataclasses into JSON bytes and back, so a cache
  file holds data, never code.
"""

from pipeline.store.database import DATABASE, SAMPLE_SENTENCES, load_database, open_database
from pipeline.store.fingerprint import (
    knowledge_fingerprint,
    model_fingerprint,
    pipeline_fingerprint,
    resolve_model_name,
)
from pipeline.store.parquet import (
    CACHE_DIR,
    MANIFEST,
    SEARCH_INDEX,
    UNCURATED,
    ManifestError,
    build_lock,
    foreign_entries,
    holds_build,
    linked_file,
    read_manifest,
    read_tables,
    recover,
    recover_unless_busy,
    table_path,
    write_tables,
    write_text_atomic,
)
from pipeline.store.records_codec import RecordCodec, RecordCodecError

__all__ = [
    "CACHE_DIR",
    "DATABASE",
    "SAMPLE_SENTENCES",
    "MANIFEST",
    "ManifestError",
    "RecordCodec",
    "RecordCodecError",
    "SEARCH_INDEX",
    "UNCURATED",
    "build_lock",
    "foreign_entries",
    "holds_build",
    "knowledge_fingerprint",
    "linked_file",
    "load_database",
    "model_fingerprint",
    "open_database",
    "pipeline_fingerprint",
    "read_manifest",
    "read_tables",
    "recover",
    "recover_unless_busy",
    "resolve_model_name",
    "table_path",
    "write_tables",
    "write_text_atomic",
]
