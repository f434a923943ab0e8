"""The dashboard's only door to data/: locate, build, load (cached), filter and curate the pipeline's tables.

One module per job: `locate` (where the tables are, building them), `tables` (the DuckDB database
of one build: the one the build wrote, or the tables loaded in memory), `filters` (the analyst's
selection), `view` (what a page shows, by SQL), `curation` (decisions from the dashboard),
`event_curation` (events to pick, unsure events, event decisions in words), `assets` (map
outlines, stop words). The names the components use are gathered here.
"""

from data_access.assets import basemap_url, stop_words
from data_access.curation import (
    CURATION_TYPES,
    CurationResult,
    can_curate,
    decide,
    decisions_file,
    decisions_file_notes,
    select_history,
    undo,
)
from data_access.event_curation import (
    EVENT_GRANULARITIES,
    EVENT_SUB_TYPES,
    select_event_choices,
    select_event_queue,
)
from data_access.filters import Filters, date_span, filter_documents, keep_one_per_story
from data_access.locate import (
    DEFAULT_DATA_DIR,
    DEFAULT_SOURCE_DIR,
    Paths,
    build_tables,
    check_tables,
    manifest_mtime,
    resolve_paths,
    source_dir_for,
)
from data_access.tables import Catalogue, Tables, load_tables, open_tables
from data_access.view import MENTION_COLUMNS, View, select_export_tables, select_view
from pipeline.api import KIND_LABELS  # the decisions an analyst picks, by what they do

__all__ = [
    "CURATION_TYPES", "DEFAULT_DATA_DIR", "DEFAULT_SOURCE_DIR", "EVENT_GRANULARITIES", "EVENT_SUB_TYPES", "KIND_LABELS",
    "MENTION_COLUMNS", "Catalogue", "CurationResult", "Filters", "Paths", "Tables", "View", "basemap_url",
    "build_tables", "can_curate", "check_tables", "date_span", "decide", "decisions_file", "decisions_file_notes",
    "filter_documents", "keep_one_per_story", "load_tables", "manifest_mtime", "open_tables", "resolve_paths",
    "select_event_choices", "select_event_queue", "select_export_tables", "select_history", "select_view",
    "source_dir_for", "stop_words", "undo",
]  # fmt: skip
