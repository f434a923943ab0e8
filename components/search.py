"""Search: the articles the sidebar's search finds, each with its hit sentences marked and a Reader
link that opens the article at its first hit."""

from __future__ import annotations

import html
import math
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components import empty, filters
from components.highlight import Span, mark_spans
from components.plain import plain
from data_access import View
from data_access.search import snippet

PAGE_SIZE = 20  # articles per page
SYNTAX = (
    "Words: every one must occur in the article (`smuggling Captagon`). `OR`: either (`Captagon OR smuggling`). "
    '`NOT`: without (`smuggling NOT Captagon`). `"phrases"` in straight or curly quotes, `prefix*`, '
    "parentheses. Operators in capitals. Apostrophes, curly quotes and accents do not matter (Kata’ib = Kataib, "
    "Médecins = Medecins), spellings of a name meet (Hizbullah = Hezbollah), and an actor's name or alias finds "
    "every alias of it (`Daesh` finds “Islamic State” too)."
)
STYLE = """<style>
.hit-article {border-left: 3px solid #bbb; padding: 0 0 0 .7em; margin-bottom: 1.1em;}
.hit-article p {margin: .25em 0;}
.hit-article mark.hl {background: #ffe08a; padding: 0 .1em;}
</style>"""


def reader_link(view: View, doc_id: str, hit: tuple[int, int] | None) -> str:
    """A link to the Reader on `doc_id`, at the hit's offsets in the article, keeping the filters."""
    params = {**filters.filters_to_params(view.filters), "doc": doc_id}
    if hit is not None:
        params["hit"] = f"{hit[0]}-{hit[1]}"
    return "reader?" + urlencode(params, doseq=True)


def article_html(view: View, article, snippets: pd.DataFrame) -> str:
    """One found article as HTML: its title linking to the Reader at the first hit, outlet, date,
    how many sentences hit, and its first hit sentences with the query's words marked. Every text
    from the tables is escaped (mark_spans, html.escape)."""
    parts, first_hit = [], None
    for row in snippets.itertuples(index=False):
        sentence = str(row.sentence or "")
        spans = view.search.spans(sentence)
        if first_hit is None and spans:
            first_hit = (int(row.sentence_start) + spans[0][0], int(row.sentence_start) + spans[0][1])
        text, shown = snippet(sentence, spans)
        parts.append(f"<p>{mark_spans(text, [Span(a, b, 'hl') for a, b in shown])}</p>")
    link = reader_link(view, str(article.doc_id), first_hit)
    date = f"{article.published:%Y-%m-%d}" if pd.notna(article.published) else "undated"
    title = html.escape(str(article.title if pd.notna(article.title) else article.doc_id))
    outlet = html.escape(str(article.outlet if pd.notna(article.outlet) else "unknown outlet"))
    more = int(article.n_hits) - len(snippets)
    tail = f" · {more:,} more sentence(s)" if more > 0 else ""
    return (
        f'<div class="hit-article"><a href="{html.escape(link, quote=True)}" target="_blank">{title} ↗</a>'
        f"<br><small>{outlet} · {date} · {int(article.n_hits):,} sentence(s) hit{tail}</small>{''.join(parts)}</div>"
    )


def render(view: View, *, key_prefix: str) -> None:
    """The query's articles, one page at a time, or what to type and why a query cannot be searched."""
    st.title("Search")
    if not view.filters.text:
        st.info("Type a query in the sidebar's Search box: the articles it finds are listed here.")
        st.caption(SYNTAX)
        return
    found = view.search
    if found.error:
        st.error("Cannot search " + plain(found.text) + ": " + plain(found.error))
        st.caption(SYNTAX)
        return
    if found.notice:
        st.caption(plain(found.notice))
    total, _, _ = view.search_articles(1, PAGE_SIZE)
    if total == 0:
        empty.render(view, key_prefix=key_prefix, what="articles")
        return
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = st.number_input(f"Page (of {pages:,})", 1, pages, 1, key=f"{key_prefix}_page") if pages > 1 else 1
    _, articles, snippets = view.search_articles(int(page), PAGE_SIZE)
    st.caption(
        f"{total:,} article(s) found, most hits first. Each title opens the article in the Reader at its first hit."
    )
    blocks = "".join(
        article_html(view, article, snippets[snippets["doc_key"] == article.doc_key])
        for article in articles.itertuples(index=False)
    )
    st.html(STYLE + blocks)  # HTML only, never Markdown: every article text in it is escaped
    with st.expander("Search syntax"):
        st.caption(SYNTAX)
