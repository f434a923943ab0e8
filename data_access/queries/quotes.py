"""Quotes of the filtered documents: every column for the exports, the speakers, a page of one's quotes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from data_access.filtered import Filtered, page_params

# A speaker written as a pronoun alone ("he said") that no actor of these tables stands for (the
# pipeline names the actor when it can; an actor since rejected, or tables of an older build, leave
# the pronoun) is no name: the view shows no speaker rather than "he". Source: English personal,
# possessive and demonstrative pronouns, as the pipeline's quotes.yaml lists its subject pronouns.
PRONOUNS = (
    "i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them",
    "his", "hers", "its", "their", "theirs", "our", "this", "that", "these", "those", "who", "which",
)  # fmt: skip
# Quotes as the build joined them once (quotes_shown, pipeline.store.database: the speaker's canonical
# name when known, else as written; the document's title, outlet and date; the page), with '' for no
# speaker named or a pronoun alone; KEPT_QUOTES_SQL only those whose row numbers kept_quotes holds
# (the quotes the filters keep). No canonical name is a pronoun, so the test on the shown name is safe.
QUOTES_SQL = f"""
SELECT q.* EXCLUDE (sent_key, speaker_name),
  CASE WHEN lower(trim(q.speaker_name)) IN ({", ".join(f"'{p}'" for p in PRONOUNS)}) THEN ''
    ELSE coalesce(trim(q.speaker_name), '') END AS speaker_name
FROM quotes_shown q
"""
KEPT_QUOTES_SQL = QUOTES_SQL + "WHERE q.row_no IN (SELECT row_no FROM kept_quotes)\n"
QUOTE_COLUMNS = ["speaker", "quote", "outlet", "published", "title", "page", "speaker_id", "doc_id", "quote_id"]


def quotes(view: Filtered) -> pd.DataFrame:
    """Quotes of the filtered documents by a chosen speaker or in a sentence with a chosen mention,
    with the document's title, outlet and published (every column, for exports)."""
    sql, frames = _kept(view)
    return view.remember(
        ("quotes.quotes",),
        lambda: view.query(f"SELECT * EXCLUDE (row_no, speaker_name) FROM ({sql}) ORDER BY row_no", **frames),
    )


def named_quotes(view: Filtered) -> pd.DataFrame:
    """`quotes` with the speaker as the views show it: the actor's name when the speaker is an actor
    ("he" said by one included), else as written, '' for a pronoun alone or no speaker."""
    sql, frames = _kept(view)
    return view.remember(
        ("quotes.named",),
        lambda: view.query(
            f"SELECT * EXCLUDE (row_no, speaker, speaker_name), speaker_name AS speaker FROM ({sql}) ORDER BY row_no",
            **frames,
        ),
    )


def quote_speakers(view: Filtered) -> pd.DataFrame:
    """speaker (canonical name when known, else as written; '' for the quotes with no speaker named),
    n: who is quoted, most quoted first."""
    sql, frames = _kept(view)
    return view.remember(
        ("quotes.speakers",),
        lambda: view.query(
            f"SELECT speaker_name AS speaker, count(*) AS n FROM ({sql}) GROUP BY 1 ORDER BY n DESC, speaker",
            **frames,
        ),
    )


def quotes_page(view: Filtered, speakers: Sequence[str], page: int, page_size: int) -> pd.DataFrame:
    """Page `page` (1-based) of the quotes of `speakers` (all when empty), QUOTE_COLUMNS, oldest
    first (undated last)."""
    return _quotes_of(view, speakers, "LIMIT $limit OFFSET $offset", page_params(page, page_size))


def quotes_of(view: Filtered, speakers: Sequence[str]) -> pd.DataFrame:
    """Every quote of `speakers` (all when empty), as `quotes_page` orders them."""
    return _quotes_of(view, speakers, "", {})


def _quotes_of(view: Filtered, speakers: Sequence[str], tail: str, params: Mapping[str, object]) -> pd.DataFrame:
    sql, frames = _kept(view)
    chosen, own = "", {}
    if speakers:
        chosen, own = "WHERE list_contains($speakers, speaker_name)", {"speakers": list(speakers)}
    columns = ", ".join("speaker_name AS speaker" if c == "speaker" else c for c in QUOTE_COLUMNS)
    return view.query(
        f"SELECT {columns} FROM ({sql}) {chosen} ORDER BY published NULLS LAST, doc_id, row_no {tail}",
        {**own, **params},
        **frames,
    ).reset_index(drop=True)


def _kept(view: Filtered) -> tuple[str, dict[str, pd.DataFrame]]:
    """QUOTES_SQL narrowed to the quotes these filters keep, and the frames it reads: the quotes'
    row numbers are found once per view, so the speaker list and every page reuse them."""

    def compute() -> tuple[str, dict[str, pd.DataFrame]]:
        f = view.filters
        if not view.narrowed:
            return QUOTES_SQL, {}
        condition = "TRUE"
        if f.narrows_mentions:
            condition = "q.sent_key IN (SELECT sent_key FROM sel)"
            if f.actors or f.actor_types:
                condition += " OR q.speaker_id IN (SELECT actor_id FROM sel)"
        picked, frames = "", {}
        if f.narrows_documents:
            picked = "AND q.doc_id IN (SELECT doc_id FROM picked)"
            frames = {"picked": view.picked_documents[["doc_id"]]}
        kept = view.query(f"SELECT q.row_no FROM quotes q WHERE ({condition}) {picked}", **frames)
        return KEPT_QUOTES_SQL, {"kept_quotes": kept}

    return view.remember(("quotes.kept",), compute)
