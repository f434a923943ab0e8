"""Compare sources: for one actor, one column per outlet with excerpts, counts and distinguishing terms."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import streamlit as st

from components import empty, event_compare, export, profile, url_state
from components.highlight import Span, mark_spans, page_label
from components.plain import plain
from data_access import View, stop_words

TOKEN = r"[^\W\d_][\w'’-]*[^\W_]"
MAX_COLUMNS = 4
DEFAULT_OUTLETS = 8  # compared side by side until the analyst picks others: two rows of columns
TOP_TERMS = 8
TERM_SENTENCES = 100  # newest sentences per outlet whose words are compared (all of them on a small corpus)
PRIOR_SENTENCES = 2_000  # the background of the term statistics: a fixed sample of the filtered sentences
UNKNOWN_OUTLET = "unknown outlet"
EXCERPTS = (1, 50, 5)  # excerpts per outlet: fewest, most, default
COMPARE_BY = ("Actor", "Event")
# compared by, the actor compared, its outlets, excerpts per outlet, and the event (components.event_compare)
URL_PARAMS = ("by", "who", "outlets", "n", event_compare.URL_PARAM)


def log_odds_terms(
    texts: pd.Series,
    groups: pd.Series,
    *,
    prior: pd.Series | None = None,
    prior_weight: float = 1.0,
    stopwords: frozenset[str] = frozenset(),
    top_n: int = TOP_TERMS,
) -> pd.DataFrame:
    """Terms that most distinguish each group's texts from the other groups' texts.

    Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, eq. 22):
    alpha_w = prior_weight * n * (prior count of w / prior total), n = tokens compared; each
    group is set against all other groups and ranked by the z-score delta / sqrt(var).
    texts (Series[str]) and groups (Series[str]): aligned, one text per row.
    prior (Series[int]): term -> count in background texts (`term_totals`); the compared texts' when None.
    RETURNS (DataFrame): group, term, count, z — top_n rows per group with z > 0, best first.
    """
    counts = _term_counts(texts, groups, stopwords)
    if counts.empty or counts.shape[0] < 2:
        return pd.DataFrame(columns=["group", "term", "count", "z"])
    prior = prior if prior is not None else term_totals(texts, stopwords)
    prior = prior.reindex(counts.columns, fill_value=0) + 0.01  # a term unseen in the prior still gets mass
    alpha = prior / prior.sum() * prior_weight * counts.to_numpy().sum()
    alpha0 = alpha.sum()
    y_i = counts
    y_j = counts.sum(axis=0) - counts
    n_i = y_i.sum(axis=1).to_numpy()[:, None]
    n_j = y_j.sum(axis=1).to_numpy()[:, None]
    a = alpha.to_numpy()[None, :]
    delta = np.log((y_i + a) / (n_i + alpha0 - y_i - a)) - np.log((y_j + a) / (n_j + alpha0 - y_j - a))
    z = delta / np.sqrt(1 / (y_i + a) + 1 / (y_j + a))
    scored = (
        z.stack().rename("z").reset_index().merge(counts.stack().rename("count").reset_index(), on=["group", "term"])
    )
    scored = scored[(scored["z"] > 0) & (scored["count"] > 0)]
    scored = scored.sort_values(["group", "z", "term"], ascending=[True, False, True], kind="stable")
    return scored.groupby("group").head(top_n).reset_index(drop=True)[["group", "term", "count", "z"]]


def term_totals(texts: pd.Series, stopwords: frozenset[str] = frozenset()) -> pd.Series:
    """term -> how often it occurs in `texts` (tokenised as log_odds_terms does): a prior to keep."""
    return _term_counts(texts, None, stopwords).iloc[0] if texts.notna().any() else pd.Series(dtype="int64")


def _term_counts(texts: pd.Series, groups: pd.Series | None, stopwords: frozenset[str]) -> pd.DataFrame:
    """Group x term counts (one row named 'all' when groups is None)."""
    tokens = texts.fillna("").str.lower().str.findall(TOKEN)
    frame = pd.DataFrame({"group": groups.to_numpy() if groups is not None else "all", "term": tokens.to_numpy()})
    frame = frame.explode("term").dropna(subset=["term"])
    frame = frame[~frame["term"].isin(stopwords) & (frame["term"].str.len() > 2)]
    counts = frame.groupby(["group", "term"]).size().unstack("term", fill_value=0)  # crosstab, 10x faster
    return counts.rename_axis(index="group", columns="term")


def excerpt_html(row: pd.Series) -> str:
    """One excerpt as HTML: the sentence with the actor marked, title, date, page (of a document
    read from a PDF) and a Reader link."""
    spans = [Span(int(start), int(end), "hl") for start, end in row["spans"]]
    date = f"{row['published']:%Y-%m-%d}" if pd.notna(row["published"]) else "undated"
    page = f" · {page_label(row.get('page'))}" if page_label(row.get("page")) else ""
    link = "reader?" + urlencode({"doc": row["doc_id"], "mention": row["mention_id"]})
    return (
        f'<div class="excerpt"><p>{mark_spans(str(row["sentence"] or ""), spans)}</p>'
        f"<small>{html.escape(str(row['title'] or 'untitled'))} · {date}{page} · "
        f'<a href="{html.escape(link, quote=True)}" target="_blank">open in Reader ↗</a></small></div>'
    )


def render(view: View, *, key_prefix: str) -> None:
    """Compare outlets on an actor (its mentions, terms and excerpts) or on one event told by
    several of them (components.event_compare)."""
    st.title("Compare sources")
    url_state.choice(f"{key_prefix}_by", "by", COMPARE_BY, COMPARE_BY[0], text=str.lower)
    by = st.segmented_control("Compare by", COMPARE_BY, key=f"{key_prefix}_by", help=COMPARE_BY_HELP)
    url_state.write("by", by, COMPARE_BY[0], text=str.lower)
    if by == "Event":
        event_compare.render(view, key_prefix=key_prefix)
        return
    _render_by_actor(view, key_prefix=key_prefix)


COMPARE_BY_HELP = (
    "Actor: how each outlet writes about one actor. Event: how each outlet told one real-world event "
    "(a strike, a clash) that several of them reported."
)


def _render_by_actor(view: View, *, key_prefix: str) -> None:
    """Actor picker, then per outlet: mention count, distinguishing terms and excerpts."""
    actors = view.actor_counts
    if actors.empty:
        empty.render(view, key_prefix=key_prefix)
        return
    options = list(actors["actor_id"])
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    url_state.choice(f"{key_prefix}_actor", "who", options, options[0])
    actor_id = st.selectbox("Actor", options, format_func=names.get, key=f"{key_prefix}_actor")
    if (st.query_params.get("who") or options[0]) != actor_id:
        st.query_params.pop("outlets", None)  # the outlets picked were another actor's
    url_state.write("who", actor_id, options[0])
    profile.render_links(actors[actors["actor_id"] == actor_id], view, label="Profile")
    outlets = view.outlet_counts(actor_id).assign(outlet=lambda f: f["outlet"].astype("object").fillna(UNKNOWN_OUTLET))
    mentions = dict(zip(outlets["outlet"], outlets["n"], strict=True))
    n_mentions = int(outlets["n"].sum())
    first = list(mentions)[:DEFAULT_OUTLETS]
    url_state.choices(f"{key_prefix}_outlets_{actor_id}", "outlets", list(mentions), first)
    chosen = st.multiselect(
        "Outlets",
        list(mentions),
        format_func=lambda o: f"{o} · {mentions[o]:,}",
        key=f"{key_prefix}_outlets_{actor_id}",
        help="The outlets that mention this actor most are compared first; add or remove any.",
    )
    if chosen:
        url_state.write("outlets", chosen, first)
    elif st.query_params.get_all("outlets") != [""]:
        st.query_params["outlets"] = ""  # none picked is a choice too, unlike the default
    if not chosen:
        st.info("Pick the outlets to compare.")
        return
    outlets = outlets[outlets["outlet"].isin(chosen)]
    picked = tuple(None if o == UNKNOWN_OUTLET else o for o in outlets["outlet"])
    excerpts = view.excerpts(actor_id, TERM_SENTENCES, picked)
    excerpts = excerpts.assign(outlet=excerpts["outlet"].astype("object").fillna(UNKNOWN_OUTLET))
    terms = view.remember(
        ("terms", actor_id, picked),
        lambda: log_odds_terms(
            excerpts["sentence"],
            excerpts["outlet"],
            prior=view.remember(("prior",), lambda: term_totals(view.sample_sentences(PRIOR_SENTENCES), stop_words())),
            stopwords=stop_words(),
        ),
    )
    low, high, default = EXCERPTS
    url_state.number(f"{key_prefix}_n", "n", low, high, default)
    shown = st.slider("Excerpts per outlet", low, high, key=f"{key_prefix}_n")
    url_state.write("n", shown, default)
    st.html(STYLE)
    for start in range(0, len(outlets), MAX_COLUMNS):
        chunk = outlets.iloc[start : start + MAX_COLUMNS]
        for column, row in zip(st.columns(len(chunk)), chunk.itertuples(index=False), strict=True):
            with column:
                _render_outlet(
                    row, excerpts[excerpts["outlet"] == row.outlet], terms[terms["group"] == row.outlet], shown
                )
    export.render(
        lambda: view.mentions_of(actor_id),
        key_prefix=f"{key_prefix}_mentions",
        filename=f"compare_{actor_id}.csv",
        n_rows=n_mentions,
    )
    export.render(terms, key_prefix=f"{key_prefix}_terms", filename=f"terms_{actor_id}.csv", label="Download terms CSV")


def _render_outlet(counts, excerpts: pd.DataFrame, terms: pd.DataFrame, shown: int) -> None:
    """One outlet's column. counts: outlet, n (mentions), n_docs, n_sentences of the actor there."""
    st.subheader(plain(counts.outlet))
    st.metric("Mentions", f"{counts.n:,}", help=f"in {counts.n_docs:,} article(s)")
    if not terms.empty:
        st.caption("Distinguishing terms: " + ", ".join(map(plain, terms["term"])))
    blocks = "".join(excerpt_html(row) for _, row in excerpts.head(shown).iterrows())
    st.html(blocks)  # HTML only, never Markdown: a blank line in an excerpt cannot end the HTML block
    if counts.n_sentences > shown:
        st.caption(f"{counts.n_sentences - shown:,} more sentence(s); raise 'Excerpts per outlet' to read them.")


STYLE = """<style>
.excerpt {border-left: 3px solid #bbb; padding: 0 0 0 .6em; margin-bottom: .8em;}
.excerpt mark.hl {background: #ffe08a; padding: 0 .1em;}
</style>"""
