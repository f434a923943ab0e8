"""Overview, Timeline and Map: how many documents and mentions pass the filters, and of whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from data_access.filtered import Filtered
from data_access.filters import as_date, date_span

AGGREGATED = {"actor_id", "name", "type", "outlet"}  # the columns of actor_outlets that count_by may group by


@dataclass(frozen=True)
class DocumentSummary:
    """The filtered documents in figures."""

    n_documents: int
    n_outlets: int
    span: tuple[date | None, date | None]


def document_summary(view: Filtered) -> DocumentSummary:
    """How many documents and outlets pass the filters, and their publication span."""

    def compute() -> DocumentSummary:
        if view.filters.narrows_mentions:
            row = view.query(
                "SELECT count(*) AS n, count(DISTINCT outlet) AS outlets, "
                "min(published) AS low, max(published) AS high "
                "FROM documents WHERE row_no IN (SELECT doc_key FROM sel)"
            ).iloc[0]
            return DocumentSummary(int(row["n"]), int(row["outlets"]), (as_date(row["low"]), as_date(row["high"])))
        rows = view.document_rows
        return DocumentSummary(len(rows), int(rows["outlet"].nunique()), date_span(rows))

    return view.remember(("counts.document_summary",), compute)


def n_mentions(view: Filtered) -> int:
    """How many mentions pass the filters."""

    def compute() -> int:
        if not view.narrowed:
            return int(view.tables.query("SELECT count(*) AS n FROM mentions")["n"].iloc[0])
        if view.aggregable:
            return int(view.query("SELECT coalesce(sum(n), 0)::BIGINT AS n FROM agg")["n"].iloc[0])
        return int(view.query("SELECT count(*) AS n FROM sel")["n"].iloc[0])

    return view.remember(("counts.n_mentions",), compute)


def actor_counts(view: Filtered) -> pd.DataFrame:
    """Actors that have filtered mentions with n_mentions recounted over them (no n_docs: counting
    distinct documents is the costly part), most mentioned first. What the pages list and rank."""
    return view.remember(("counts.actor_counts",), lambda: _recounted(view, documents=False))


def actors(view: Filtered) -> pd.DataFrame:
    """Actors that have filtered mentions, n_mentions / n_docs recounted over them, most mentioned
    first: the actors table of the exports."""
    return view.remember(("counts.actors",), lambda: _recounted(view, documents=True))


def located_actors(view: Filtered) -> pd.DataFrame:
    """`actors` that have coordinates (places, and states with a centroid): what the map draws."""
    return view.remember(("counts.located_actors",), lambda: _recounted(view, documents=True, located=True))


def _recounted(view: Filtered, *, documents: bool, located: bool = False) -> pd.DataFrame:
    located_keys = "SELECT row_no FROM actors WHERE lat IS NOT NULL AND lon IS NOT NULL"
    only = f"WHERE actor_key IN ({located_keys})" if located else ""
    n_docs = ", count(DISTINCT doc_key) AS n_docs" if documents else ""
    counts = f"SELECT actor_key, count(*) AS n_mentions{n_docs} FROM sel {only} GROUP BY actor_key"
    if view.aggregable and not documents:
        counts = f"SELECT actor_key, sum(n)::BIGINT AS n_mentions FROM agg {only} GROUP BY actor_key"
    if not view.narrowed:
        counts = f"SELECT row_no AS actor_key, n_mentions{', n_docs' * documents} FROM actors WHERE n_mentions > 0"
        counts += f" AND row_no IN ({located_keys})" if located else ""
    frame = view.query(
        f"SELECT a.* EXCLUDE (row_no, n_mentions, n_docs), c.n_mentions{', c.n_docs' * documents} "
        f"FROM actors a JOIN ({counts}) c ON a.row_no = c.actor_key ORDER BY c.n_mentions DESC, a.name, a.row_no"
    )
    return frame.assign(aliases=[list(a) if a is not None else [] for a in frame["aliases"]])


def count_by(view: Filtered, *columns: str, top_names: int | None = None) -> pd.DataFrame:
    """Filtered mentions counted by `columns` of the joined mentions (column n), optionally only
    of the `top_names` most mentioned actor names; biggest counts first, ties in table order."""

    def compute() -> pd.DataFrame:
        keys = ", ".join("actor_id" if c == "name" else f'"{c}"' for c in columns)
        listed = ", ".join(f'"{c}"' for c in columns)
        only, params = "", {}
        if top_names is not None:  # the few actors first (counted once per view), then only their rows
            only = "WHERE list_contains($top, actor_id)"
            params = {"top": _actors_named(view, most_named(view, top_names))}
        counted = f"SELECT {keys}, count(*) AS n, min(row_no) AS first_row FROM sel {only} GROUP BY {keys}"
        if view.aggregable and set(columns) <= AGGREGATED:
            counted = f"SELECT {keys}, sum(n)::BIGINT AS n, min(first_row) AS first_row FROM agg {only} GROUP BY {keys}"
        if "name" in columns:
            counted = (
                f"SELECT {listed}, sum(c.n)::BIGINT AS n, min(c.first_row) AS first_row FROM ({counted}) c "
                f"JOIN actors a USING (actor_id) GROUP BY {listed}"
            )
        return view.query(f"SELECT * FROM ({counted}) ORDER BY n DESC, first_row", params).drop(columns="first_row")

    return view.remember(("counts.count_by", columns, top_names), compute)


def most_named(view: Filtered, n: int) -> list[str]:
    """The `n` actor names with most filtered mentions (an edited name may stand for several
    actors), ties in the order of `actor_counts`."""
    totals = actor_counts(view).groupby("name", sort=False)["n_mentions"].sum()
    return list(totals.sort_values(ascending=False, kind="stable").index[:n])


def _actors_named(view: Filtered, names: list[str]) -> list[str]:
    counts = actor_counts(view)
    return list(counts.loc[counts["name"].isin(names), "actor_id"])


def picks_unlocated(view: Filtered) -> bool:
    """True when the filters pick actors or actor types and some picked mention is of an actor
    without coordinates (an armed group, a person, an organisation): the map then shows where they
    operate (co_mentioned_places) rather than only the places among them."""
    f = view.filters
    if not (f.actors or f.actor_types):
        return False

    def compute() -> bool:
        found = view.query(
            "SELECT 1 AS hit FROM sel JOIN actors a ON a.row_no = sel.actor_key "
            "WHERE a.lat IS NULL OR a.lon IS NULL LIMIT 1"
        )
        return not found.empty

    return view.remember(("counts.picks_unlocated",), compute)


def co_mentioned_places(view: Filtered) -> pd.DataFrame:
    """actor_id, name, type, lat, lon, sentences, n_docs: the actors with coordinates named in the
    sentences of the filtered mentions (so a place picked is among them), by how many of those
    sentences name them, most first: where the picked actors operate."""

    def compute() -> pd.DataFrame:
        return view.query(
            "WITH keys AS (SELECT DISTINCT sent_key FROM sel) "
            "SELECT a.actor_id, a.name, a.type, a.lat, a.lon, count(DISTINCT m.sent_key) AS sentences, "
            "count(DISTINCT m.doc_key) AS n_docs "
            "FROM mentions m SEMI JOIN keys USING (sent_key) JOIN actors a ON a.row_no = m.actor_key "
            "WHERE a.lat IS NOT NULL AND a.lon IS NOT NULL "
            "GROUP BY a.actor_id, a.name, a.type, a.lat, a.lon ORDER BY sentences DESC, a.name, a.actor_id"
        )

    return view.remember(("counts.co_mentioned_places",), compute)
