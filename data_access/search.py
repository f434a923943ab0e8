"""Full-text search of one build: its index (the file beside the tables, or one made in memory), the
sentences a query hits, the articles it finds with their snippets, and actor labels that name aliases."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline.api import (
    SEARCH_INDEX,
    AliasIndex,
    Alternative,
    PipelineConfig,
    QueryError,
    SearchIndex,
    SearchIndexError,
    TransliterationRules,
    find,
    load_rules,
    match_spans,
    split_words,
)

KEPT_QUERIES = 16  # queries whose hits are kept, so switching pages or filters reuses them
ALIAS_HINTS = 6  # aliases named in an actor's label in the picker
SNIPPET_CHARS = 320  # a longer sentence is cut around its first hit
# Per article the hit sentences `hit` holds (sent_key, doc_key), newest first among those with most
# hits; select_search defines `hit` as the search_hits its condition keeps.
ARTICLES_SQL = """
found AS (SELECT doc_key, count(*) AS n_hits FROM hit GROUP BY doc_key)
SELECT f.doc_key, d.doc_id, d.title, d.outlet, d.published, f.n_hits, count(*) OVER () AS n_articles
FROM found f JOIN documents d ON d.row_no = f.doc_key
ORDER BY f.n_hits DESC, d.published DESC NULLS LAST, f.doc_key
LIMIT $limit OFFSET $offset
"""
# The first $per_article hit sentences of each article of `page`, in text order.
SNIPPETS_SQL = """
SELECT h.doc_key, s.doc_id, s.sent_id, s.start AS sentence_start, s.text AS sentence
FROM search_hits h JOIN sentences s ON s.row_no = h.sent_key
WHERE h.doc_key IN (SELECT doc_key FROM page)
QUALIFY row_number() OVER (PARTITION BY h.doc_key ORDER BY h.sent_key) <= $per_article
ORDER BY h.doc_key, h.sent_key
"""


@dataclass(frozen=True)
class SearchResult:
    """What one query found: the hit sentences (sent_key, doc_key), how to mark its words in a
    sentence, or the message saying why the query cannot be searched."""

    text: str
    sentences: pd.DataFrame = field(default_factory=lambda: pd.DataFrame({"sent_key": [], "doc_key": []}))
    options: tuple[Alternative, ...] = ()
    rules: TransliterationRules | None = None
    error: str | None = None
    notice: str | None = None  # how the index was made, when it is not the file beside the tables

    def spans(self, sentence: str) -> list[tuple[int, int]]:
        """(start, end) of every stretch of `sentence` the query's words match."""
        return match_spans(sentence, self.options, self.rules) if self.rules else []


class Searcher:
    """The search of one build, shared by every session: the index opened (or made) on first use,
    the actors' aliases, and the last queries' hits."""

    def __init__(self, query: Callable[..., pd.DataFrame], data_dir: Path | None, sentences_sha256: str | None):
        self._query = query
        self._data_dir = data_dir
        self._sentences_sha256 = sentences_sha256
        self._lock = threading.Lock()
        self._index: tuple[SearchIndex, str | None] | None = None
        self._aliases: AliasIndex | None = None
        self._kept: OrderedDict[str, SearchResult] = OrderedDict()

    def search(self, text: str) -> SearchResult:
        """The hits of `text` (kept for the last few queries)."""
        text = text.strip()
        with self._lock:
            kept = self._kept.get(text)
        if kept is not None:
            return kept
        result = self._run(text)
        with self._lock:
            self._kept[text] = result
            while len(self._kept) > KEPT_QUERIES:
                self._kept.popitem(last=False)
        return result

    def _run(self, text: str) -> SearchResult:
        index, notice = self.index()
        try:
            matches = find(index, text, self.aliases(index.rules))
        except QueryError as error:
            return SearchResult(text, error=str(error), notice=notice)
        sentences = self._query(
            "SELECT s.row_no AS sent_key, d.row_no AS doc_key FROM hits h "
            "JOIN sentences s USING (doc_id, sent_id) JOIN documents d USING (doc_id) ORDER BY sent_key",
            hits=index.locate(matches.rows),
        )
        return SearchResult(text, sentences, matches.options, index.rules, notice=notice)

    def index(self) -> tuple[SearchIndex, str | None]:
        """The index and, when it was made in memory, the notice saying why."""
        with self._lock:
            if self._index is None:
                self._index = self._open()
            return self._index

    def _open(self) -> tuple[SearchIndex, str | None]:
        path = self._data_dir / SEARCH_INDEX if self._data_dir is not None else None
        rules, why = None, "this data folder has no search index (it was built before search had one)"
        if path is not None and path.is_file():
            try:
                index = SearchIndex.open(path)
            except SearchIndexError as error:
                why = f"its search index cannot be read ({error})"
            else:
                if index.sentences_sha256 and index.sentences_sha256 == self._sentences_sha256:
                    return index, None
                rules, why = index.rules, "its search index is older than its sentences table"
        rules = rules or load_rules(PipelineConfig().patterns_dir / "names.yaml")
        sentences = self._query("SELECT doc_id, sent_id, text FROM sentences ORDER BY row_no")
        notice = f"The sentences were indexed in memory: {why}. Rebuild the tables to keep an index beside them."
        return SearchIndex.in_memory(sentences, rules), notice

    def aliases(self, rules: TransliterationRules) -> AliasIndex:
        """Every actor's name and aliases, to expand a query that names one."""
        if self._aliases is None:
            actors = self._query("SELECT actor_id, name, aliases FROM actors")
            names = {
                actor_id: [name, *(list(aliases) if aliases is not None else [])]
                for actor_id, name, aliases in zip(actors["actor_id"], actors["name"], actors["aliases"], strict=True)
            }
            self._aliases = AliasIndex(names, rules)
        return self._aliases


def snippet(sentence: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> tuple[str, list]:
    """A sentence cut to about `width` characters around its first marked span, and the spans moved
    into the cut text (those cut off are dropped)."""
    if len(sentence) <= width:
        return sentence, spans
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(sentence) - width))
    end, lead = start + width, "…" if start else ""
    shift = len(lead) - start
    kept = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return lead + sentence[start:end] + ("…" if end < len(sentence) else ""), kept


def actor_labels(actors: pd.DataFrame) -> dict[str, str]:
    """actor_id -> 'name · type · mentions · aliases…' for the actor pickers, so that typing an alias
    (Daesh, Hashd, Kataib) finds the actor. actors (DataFrame): actor_id, name, type, n_mentions, aliases."""
    aliases = actors["aliases"] if "aliases" in actors else pd.Series([None] * len(actors), index=actors.index)
    return {
        actor_id: f"{name} · {kind} · {n}" + (f" · {', '.join(hints)}" if (hints := alias_hints(name, spelt)) else "")
        for actor_id, name, kind, n, spelt in zip(
            actors["actor_id"], actors["name"], actors["type"], actors["n_mentions"], aliases, strict=True
        )
    }


def alias_hints(name: str, aliases: Iterable[str] | None, limit: int = ALIAS_HINTS) -> list[str]:
    """Up to `limit` aliases that read unlike the name and unlike each other, shortest first: those an
    analyst could type and not find in the name (PMF, Hashd for Popular Mobilization Forces)."""
    return list(
        _hints(str(name), tuple(sorted({str(a) for a in (aliases if aliases is not None else ()) if a})), limit)
    )


@lru_cache(maxsize=50_000)
def _hints(name: str, aliases: tuple[str, ...], limit: int) -> tuple[str, ...]:
    seen = [_folded(name)]
    hints = []
    for alias in sorted(aliases, key=lambda a: (len(a), a)):
        folded = _folded(alias)
        if folded and not any(folded in known or known in folded for known in seen):
            hints.append(alias)
            seen.append(folded)
        if len(hints) == limit:
            break
    return tuple(hints)


def _folded(text: str) -> str:
    return " ".join(word.body for word in split_words(str(text), _NO_RULES))


_NO_RULES = TransliterationRules(rewrites=(), vowels="", min_consonants=99, min_length=99)


def select_search(search: SearchResult, query: Callable[..., pd.DataFrame], condition: str, page: int, size: int):
    """Page `page` (1-based) of the articles `search` finds among the hit sentences that pass
    `condition` (SQL on search_hits' sent_key and doc_key, through `query`, which binds the filters).
    RETURNS (int, DataFrame, DataFrame): how many articles, the page's articles (doc_key, doc_id,
    title, outlet, published, n_hits) and their first hit sentences (doc_key, doc_id, sent_id,
    sentence_start, sentence)."""
    hit = f"WITH hit AS (SELECT sent_key, doc_key FROM search_hits WHERE {condition}),"
    page_of = {"limit": size, "offset": (max(page, 1) - 1) * size}
    articles = query(hit + ARTICLES_SQL, page_of, search_hits=search.sentences)
    if articles.empty:
        return 0, articles, pd.DataFrame()
    snippets = query(SNIPPETS_SQL, {"per_article": 3}, search_hits=search.sentences, page=articles[["doc_key"]])
    return int(articles["n_articles"].iloc[0]), articles.drop(columns="n_articles"), snippets
