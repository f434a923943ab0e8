"""Reader: one article with its metadata and every mention highlighted by actor type."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from components import empty, table
from components.highlight import Span, mark_spans, page_label, safe_id
from components.plain import plain
from data_access import View

TYPE_COLOURS = {
    "person": "#ffd6a5", "armed_group": "#ffadad", "security_force": "#a0c4ff", "government_body": "#bdb2ff",
    "state": "#caffbf", "place": "#9bf6ff", "facility": "#fdffb6", "media": "#e4c1f9",
    "international_org": "#d0f4de", "other_org": "#f1f1f1",
}  # fmt: skip
OTHER_COLOUR = "#dddddd"
CHOICES = 1_000  # articles offered by the picker: those passing the filters first (a link opens any article)
METADATA_FIELDS = (("title", "title_basis"), ("outlet", "outlet_basis"), ("author", "author_basis"),
                   ("published", "published_basis"), ("url", None), ("dateline", None), ("source_file", None),
                   ("language", None), ("n_words", None))  # fmt: skip


def build_article_html(
    text: str, mentions: pd.DataFrame, *, target: str | None = None, hit: tuple[int, int] | None = None
) -> str:
    """The article escaped, each mention in a <mark> coloured by type, `target` outlined, and a
    search `hit` (offsets in the text, id "hit") outlined where no mention covers it.

    mentions (DataFrame): mention_id, start, end, name, type, method (and page, when the document
        has pages) of this document.
    """
    spans = [
        Span(
            int(row.start),
            int(row.end),
            f"t-{row.type} target" if row.mention_id == target else f"t-{row.type}",
            title=_mention_title(row),
            element_id=f"m-{row.mention_id}",
        )
        for row in mentions.itertuples(index=False)
    ]
    if hit is not None and not any(s.start < hit[1] and hit[0] < s.end for s in spans):
        spans.append(Span(hit[0], hit[1], "hit target", title="search hit", element_id="hit"))
    return f'<div class="article">{mark_spans(text, spans)}</div>'


def _mention_title(row) -> str:
    """The tooltip of a mention: 'Kataib Hezbollah (armed_group, gazetteer, p. 12)'."""
    page = page_label(getattr(row, "page", None))
    return f"{row.name} ({row.type}, {row.method}{', ' + page if page else ''})"


def build_legend_html(types: list[str]) -> str:
    """Colour chips of the actor types present in the article."""
    chips = "".join(f'<mark class="t-{safe_id(kind)}">{html.escape(kind.replace("_", " "))}</mark> ' for kind in types)
    return f'<div class="legend">{chips}</div>'


def select_metadata(document: pd.Series) -> pd.DataFrame:
    """field, value, basis rows; the basis says how an inferred field was found (with evidence)."""
    rows = []
    for column, basis_column in METADATA_FIELDS:
        value = document.get(column)
        basis = document.get(basis_column) if basis_column else None
        if column == "published" and pd.notna(document.get("published_evidence")):
            basis = f"{basis or ''}: {document['published_evidence']}"
        shown = (
            "" if value is None or pd.isna(value) else (f"{value:%Y-%m-%d}" if column == "published" else str(value))
        )
        rows.append({"field": column, "value": shown, "basis": "" if basis is None or pd.isna(basis) else str(basis)})
    return pd.DataFrame(rows)


def render(view: View, *, key_prefix: str) -> None:
    """Document picker (driven by ?doc=&mention=&hit=), metadata, legend and highlighted text."""
    st.title("Reader")
    documents = _ordered_documents(view, st.query_params.get("doc"))
    if documents.empty:
        empty.render(view, key_prefix=key_prefix, what="articles")
        return
    _follow_link(documents, key_prefix)
    titles = dict(zip(documents["doc_id"], documents["title"].fillna(documents["doc_id"]), strict=True))
    doc_id = st.selectbox("Article", list(titles), format_func=titles.get, key=f"{key_prefix}_doc")
    target = st.query_params.get("mention") if st.query_params.get("doc") == doc_id else None
    hit = parse_hit(st.query_params.get("hit")) if st.query_params.get("doc") == doc_id else None
    if st.query_params.get("doc") != doc_id:
        st.query_params["doc"] = doc_id
        st.query_params.pop("mention", None)
        st.query_params.pop("hit", None)
    document = view.document(doc_id)
    mentions = view.document_mentions(doc_id)
    if hit is not None and target is None:  # a search hit on a mention: that mention is the target
        covering = mentions[(mentions["start"] < hit[1]) & (mentions["end"] > hit[0])]
        target = None if covering.empty else str(covering["mention_id"].iloc[0])
    st.dataframe(select_metadata(document), hide_index=True, key=f"{key_prefix}_metadata")
    st.html(STYLE + build_legend_html(sorted(mentions["type"].dropna().unique())))
    _render_target_page(mentions, target)
    st.html(build_article_html(str(document["text"] or ""), mentions, target=target, hit=hit))
    if target or hit:
        element = f"m-{target}" if target else "hit"
        st.html(SCROLL_SCRIPT.replace("TARGET", safe_id(element)), unsafe_allow_javascript=True)
    with st.expander(f"Mentions in this article ({len(mentions):,})"):
        table.render(mentions, key_prefix=f"{key_prefix}_mentions", filename=f"mentions_{doc_id}.csv")


def _render_target_page(mentions: pd.DataFrame, target: str | None) -> None:
    """'p. 12' for the linked mention of a document read from a PDF (each mention's tooltip says its page)."""
    linked = mentions[mentions["mention_id"] == target] if target and "page" in mentions else mentions.iloc[:0]
    page = page_label(linked["page"].iloc[0]) if not linked.empty else ""
    if page:
        st.caption(f"The linked passage is on {plain(page)} of the file; hover over a name to see its page.")


def parse_hit(value: str | None) -> tuple[int, int] | None:
    """A link's ?hit=START-END (a search hit's offsets in the article), None when it is not one."""
    start, _, end = (value or "").partition("-")
    if not (start.isdigit() and end.isdigit()) or int(start) >= int(end):
        return None
    return int(start), int(end)


def _ordered_documents(view: View, linked: str | None) -> pd.DataFrame:
    """doc_id and title of the articles to offer: those that pass the filters first, then the rest,
    at most CHOICES of them, and always the `linked` one, so a link to any article still opens."""
    offered = view.document_rows[["doc_id", "title"]].head(CHOICES)
    everything = view.tables.document_index[["doc_id", "title"]]
    if len(offered) < CHOICES:
        others = everything.head(CHOICES + len(offered))
        others = others[~others["doc_id"].isin(offered["doc_id"])]
        offered = pd.concat([offered, others]).head(CHOICES)
    if linked is not None and linked not in set(offered["doc_id"]):
        offered = pd.concat([offered, everything[everything["doc_id"] == linked]])
    return offered.reset_index(drop=True)


def _follow_link(documents: pd.DataFrame, key_prefix: str) -> None:
    """A ?doc= seen for the first time selects that article (links from Compare sources)."""
    doc_id = st.query_params.get("doc")
    if doc_id in set(documents["doc_id"]) and st.session_state.get(f"{key_prefix}_url_doc") != doc_id:
        st.session_state[f"{key_prefix}_url_doc"] = doc_id
        st.session_state[f"{key_prefix}_doc"] = doc_id


STYLE = (
    f"<style>.article mark, .legend mark {{background: {OTHER_COLOUR};}}"
    + "".join(f"mark.t-{kind} {{background: {colour};}}" for kind, colour in TYPE_COLOURS.items())
    + """
.article {white-space: pre-wrap; line-height: 1.6; font-size: 1.02rem; max-width: 60rem;}
.article mark {padding: 0 .15em; border-radius: .2em;}
.article mark.target {outline: 3px solid #d62728; outline-offset: 1px;}
.article mark.hit {background: #ffe08a;}
.legend mark {padding: .1em .4em; border-radius: .2em; margin-right: .3em;}
</style>"""
)
SCROLL_SCRIPT = """<script>
setTimeout(function () {
  var el = document.getElementById("TARGET");
  if (el) { el.scrollIntoView({block: "center"}); }
}, 400);
</script>"""
