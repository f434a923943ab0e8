"""The contract's tables as the filters narrow them: what the exports write, table by table."""

from __future__ import annotations

import pandas as pd

from data_access.events import select_events
from data_access.filtered import Filtered
from data_access.tables import DATE_COLUMNS


def documents(view: Filtered) -> pd.DataFrame:
    """Every column of the filtered documents."""
    picked = view.document_rows[["doc_id"]]
    return view.remember(("contract.documents",), lambda: _rows(view, "documents", "doc_id", picked))


def pages(view: Filtered) -> pd.DataFrame:
    """Where each page of the filtered documents read from a PDF stands in their text."""
    return view.remember(("contract.pages",), lambda: _rows(view, "pages", "doc_id", view.document_rows[["doc_id"]]))


def sentences(view: Filtered) -> pd.DataFrame:
    """Sentences with a filtered mention when the filters pick mentions, else of the filtered documents."""
    return view.remember(("contract.sentences",), lambda: _by_sentence(view, "sentences", "row_no"))


def dates(view: Filtered) -> pd.DataFrame:
    """Date expressions of the sentences above."""
    return view.remember(("contract.dates",), lambda: _by_sentence(view, "dates", "sent_key"))


def events(view: Filtered) -> pd.DataFrame:
    """The events the filters keep (an actor filter keeps events it takes part in or is the place
    of), with the actors' and place's names and the document's outlet, date and title."""
    f = view.filters
    return view.remember(
        ("contract.events",),
        lambda: select_events(
            view.tables,
            view.picked_documents if f.narrows_documents else None,
            actors=f.actors,
            actor_types=f.actor_types,
            hits=view.search.sentences[["sent_key"]] if f.text.strip() else None,
            event_types=f.event_types,
        ),
    )


def problems(view: Filtered) -> pd.DataFrame:
    """The problems of the last build (no filter applies to them)."""
    return view.tables.problems


def _by_sentence(view: Filtered, name: str, key: str) -> pd.DataFrame:
    if view.filters.narrows_mentions:
        return _rows(view, name, key, view.query("SELECT DISTINCT sent_key FROM sel"))
    return _rows(view, name, "doc_id", view.document_rows[["doc_id"]])


def _rows(view: Filtered, name: str, key: str, picked: pd.DataFrame) -> pd.DataFrame:
    """The rows of contract table `name` whose `key` is in the one column of `picked`."""
    column = picked.columns[0]
    extra = ", sent_key" if name in ("dates", "quotes") else ""
    frame = view.tables.query(
        f"SELECT * EXCLUDE (row_no{extra}) FROM {name} WHERE {key} IN (SELECT {column} FROM picked) ORDER BY row_no",
        picked=picked,
    )
    for column in DATE_COLUMNS.get(name, ()):
        frame[column] = pd.to_datetime(frame[column])
    return frame.reset_index(drop=True)
