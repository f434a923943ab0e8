"""Reusing earlier builds: per-article cache, no-op detection without spaCy, freshness of the
tables, and whether a build may write into a folder.

Modules:
- `cache`: Keep each article's cleaned record and analysis between builds, keyed by content and the
  pipeline's fingerprint.
- `increment`: Extend the previous build of a folder by the articles added since, without decoding the
  earlier articles' analyses again (imported by itself: it needs the tables, hence spaCy's types).
- `freshness`: Tell whether built tables still match their sources and the pipeline that built them.
- `noop`: Decide, without loading spaCy, that a build has nothing to do.
- `out_folder`: May a build write into a folder: yes when it is new or empty, holds a build of ours, or
  holds only what builds and the project keep there; any other folder only when told to (`--force-out`).
"""

from pipeline.rebuild.freshness import tables_status
from pipeline.rebuild.noop import nothing_to_build, sidecar_digests
from pipeline.rebuild.out_folder import check_out_folder

__all__ = ["check_out_folder", "nothing_to_build", "sidecar_digests", "tables_status"]
