"""Run a parsed query against the index: articles by the Boolean query, hits by its words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

import numpy as np

from pipeline.search.index import ROW_BITS, SearchIndex
from pipeline.search.query import (
    AliasIndex,
    Alternative,
    Leaf,
    Node,
    alternatives,
    expand_actors,
    fts_expression,
    leaves,
    parse_query,
)


@dataclass(frozen=True)
class Matches:
    """What a query found: the rowids of the hit sentences (ascending) and how its words match, to
    mark them in a sentence (pipeline.search.query.match_spans)."""

    rows: np.ndarray
    options: tuple[Alternative, ...]
    actors: frozenset[str]  # the actors the query names


def find(index: SearchIndex, text: str, aliases: AliasIndex) -> Matches:
    """Articles are picked by the whole query (AND, OR and NOT over the words of an article);
    the hits are their sentences holding a word the query looks for (not one it excludes).
    Raises pipeline.search.query.QueryError for a query that cannot be read."""
    tree = expand_actors(parse_query(text), aliases)
    options = {leaf: alternatives(leaf, index.rules) for leaf in leaves(tree, positive=False)}
    rows = {leaf: index.matching_rows(fts_expression(found)) for leaf, found in options.items()}
    articles = _articles(tree, {leaf: np.unique(found >> ROW_BITS) for leaf, found in rows.items()})
    positive = leaves(tree)
    hits = np.unique(np.concatenate([rows[leaf] for leaf in positive]))
    return Matches(
        rows=hits[np.isin(hits >> ROW_BITS, articles)],
        options=tuple(dict.fromkeys(option for leaf in positive for option in options[leaf])),
        actors=frozenset(actor for leaf in positive for actor in leaf.actors),
    )


def _articles(node: Leaf | Node, found: dict[Leaf, np.ndarray]) -> np.ndarray:
    """The doc numbers of the articles the (sub)query matches; a NOT child of an AND is subtracted."""
    if isinstance(node, Leaf):
        return found[node]
    if node.op == "OR":
        return reduce(np.union1d, (_articles(child, found) for child in node.children))
    wanted = [c for c in node.children if not (isinstance(c, Node) and c.op == "NOT")]
    unwanted = [c.children[0] for c in node.children if isinstance(c, Node) and c.op == "NOT"]
    kept = reduce(np.intersect1d, (_articles(child, found) for child in wanted))
    for child in unwanted:
        kept = np.setdiff1d(kept, _articles(child, found))
    return kept
