"""Infer an article's title, outlet, author, dateline and publication date, each with its evidence.

Modules:
- `author`: Infer an article's author from the bylines, bios and credit lines that cleaning removed.
- `capitals`: Title-case names and places that bylines and datelines write in capitals ("AL QAIM" -> "Al
  Qaim"), and tell a headline's capitalised words from a sentence's.
- `infer`: Infer an article's title, outlet, author, dateline and publication date, each with its
  evidence.
- `inferred`: One inferred metadata value with its basis and evidence, the record every inference step
  returns.
- `outlet`: Infer an article's outlet: from its URL, dateline agency, byline, captions or the outlet it
  quotes to.
- `patterns`: Read and compile data/patterns/metadata.yaml and data/outlets.yaml for metadata inference.
- `published`: Infer an article's publication date from its date lines, a "Published ..." phrase, its
  dateline or its URL.
- `values`: Metadata values checked before use: no spreadsheet formulas, no dates relative to the day of
  the build.
"""

from pipeline.metadata.capitals import is_headline_case, is_shouted, title_case_shouted
from pipeline.metadata.infer import dateline_credit, infer_metadata
from pipeline.metadata.inferred import Inferred
from pipeline.metadata.patterns import MetadataPatterns, load_metadata_patterns
from pipeline.metadata.values import parse_published, refuse_value

__all__ = [
    "Inferred",
    "MetadataPatterns",
    "dateline_credit",
    "infer_metadata",
    "is_headline_case",
    "is_shouted",
    "load_metadata_patterns",
    "parse_published",
    "refuse_value",
    "title_case_shouted",
]
