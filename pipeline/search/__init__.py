"""Full-text search over the sentences: folded words (pipeline.search.text), the analyst's query
(pipeline.search.query), the SQLite FTS5 index beside the tables (pipeline.search.index) and running
one against the other (pipeline.search.evaluate). No spaCy: the dashboard uses it as it is."""

from pipeline.search.evaluate import Matches, find
from pipeline.search.index import SearchIndex, SearchIndexError, index_writer, write_index
from pipeline.search.query import AliasIndex, Alternative, QueryError, match_spans, parse_query
from pipeline.search.text import load_rules, split_words

__all__ = [
    "AliasIndex", "Alternative", "Matches", "QueryError", "SearchIndex", "SearchIndexError", "find",
    "index_writer", "load_rules", "match_spans", "parse_query", "split_words", "write_index",
]  # fmt: skip
