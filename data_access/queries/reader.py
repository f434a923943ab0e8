"""The Reader: one document and its mentions, whatever the filters."""

from __future__ import annotations

import pandas as pd

from data_access.filtered import Filtered


def document(view: Filtered, doc_id: str) -> pd.Series | None:
    """Every column of one document, None when there is no such document."""
    found = view.tables.query("SELECT * EXCLUDE (row_no) FROM documents WHERE doc_id = $doc_id", {"doc_id": doc_id})
    return None if found.empty else found.iloc[0]


def document_mentions(view: Filtered, doc_id: str) -> pd.DataFrame:
    """The mentions of one document (any filter), with the actor's name and type, in text order."""
    return view.tables.query(
        "SELECT m.* EXCLUDE (row_no, type, outlet, published, sent_key, doc_key, actor_key), a.name, a.type, "
        "s.page FROM mentions m LEFT JOIN actors a USING (actor_id) "
        "LEFT JOIN sentences s ON s.row_no = m.sent_key WHERE m.doc_id = $doc_id ORDER BY m.row_no",
        {"doc_id": doc_id},
    )
