"""The analyst's view of the tables: what passes the filters, computed by SQL only when a page asks.

A View is the filtered-mentions core (data_access.filtered) with each page's queries
(data_access/queries/) bound under the names the components read: a property for a whole answer
(`view.actor_counts`), a method for one that takes arguments (`view.excerpts(actor_id, 3)`). Every
answer is remembered once per view, so pages sharing a question share its cost.
"""

from __future__ import annotations

import pandas as pd

from data_access.filtered import Filtered
from data_access.filters import Filters
from data_access.queries import articles, compare, contract, counts, mentions, network, quotes, reader, review
from data_access.tables import Tables
from pipeline.schema import TABLES

MENTION_COLUMNS = mentions.MENTION_COLUMNS
DocumentSummary = counts.DocumentSummary


class View(Filtered):
    """The filtered tables every view renders and every export writes, computed by SQL when first
    asked for and then kept (a View is shared by the reruns with the same filters).

    The whole filtered tables (`mentions`, `documents`, ...) are for exports and small corpora;
    views at scale ask for what they show: counts, top-N, one page, one actor, one document.
    """

    # Overview, Timeline, Map
    document_summary = property(counts.document_summary)
    n_mentions = property(counts.n_mentions)
    actor_counts = property(counts.actor_counts)
    located_actors = property(counts.located_actors)
    picks_unlocated = property(counts.picks_unlocated)
    co_mentioned_places = property(counts.co_mentioned_places)
    count_by = counts.count_by
    top_names = counts.most_named
    # Compare sources
    spellings = compare.spellings
    excerpts = compare.excerpts
    outlet_counts = compare.outlet_counts
    sample_sentences = compare.sample_sentences
    mentions_of = mentions.mentions_of
    # Network
    edges = network.edges
    # Quotes
    quote_speakers = quotes.quote_speakers
    quotes_page = quotes.quotes_page
    quotes_of = quotes.quotes_of
    named_quotes = property(quotes.named_quotes)
    quotes = property(quotes.quotes)  # after the four above: from here on the name is this property
    # Curation's review queue
    n_to_review = property(review.n_to_review)
    review_page = review.review_page
    # Reader
    document = reader.document
    document_mentions = reader.document_mentions
    # Search
    search_articles = articles.search_articles
    # The contract's tables, filtered (the exports)
    documents = property(contract.documents)
    pages = property(contract.pages)
    sentences = property(contract.sentences)
    actors = property(counts.actors)
    mentions_page = mentions.mentions_page
    mentions = property(mentions.mentions)  # after mentions_page: from here on the name is this property
    dates = property(contract.dates)
    events = property(contract.events)
    problems = property(contract.problems)


def select_view(tables: Tables, filters: Filters) -> View:
    """The filtered tables for `filters`, so all views and exports agree on the rows (computed on demand)."""
    return tables.kept(filters, lambda: View(filters=filters, tables=tables))


def select_export_tables(view: View) -> dict[str, pd.DataFrame]:
    """Every filtered table by name, as the ZIP export writes them."""
    return {name: getattr(view, name) for name in TABLES}
