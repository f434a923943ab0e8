"""Compare sources by event: how each outlet told one real-world event, side by side.

The Compare sources page compares outlets on an actor; this view compares them on one event
cluster (the same strike told by three outlets): each outlet's clause, and the fields on which
their reports disagree (who did it, how many died, when), each one click from the Reader.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components import url_state
from components.plain import plain
from data_access import View
from data_access.event_reports import disagreements, reports_of, told_by_several, value_text

MAX_COLUMNS = 4
URL_PARAM = "cluster"  # the event compared (?event= is the sidebar's event-type filter)
FIELD_LABELS = {
    "sub_event_type": "type",
    "actor1": "initiator",
    "actor2": "target",
    "place": "place",
    "date": "date",
    "fatalities": "fatalities",
}


def cluster_label(row: Mapping) -> str:
    """ "2024-03-10 · air drone strike · Gao · Malian Armed Forces · 2 outlets" (plain text)."""
    date = f"{row['date']:%Y-%m-%d}" if pd.notna(row["date"]) else "undated"
    parts = [date, str(row["event_type"]).replace("_", " "), row["place"], row["actor1"]]
    return " · ".join(str(p) for p in parts if p is not None and not pd.isna(p)) + f" · {row['outlets']} outlets"


def report_html(report: pd.Series) -> str:
    """One outlet's report as HTML: its clause, what it states, and a Reader link (all escaped)."""
    link = "reader?" + urlencode({"doc": report["doc_id"]})
    facts = [
        f"{FIELD_LABELS[field]}: {html.escape(value_text(report[field]))}"
        for field in FIELD_LABELS
        if report[field] is not None and not pd.isna(report[field])
    ]
    published = f"{report['published']:%Y-%m-%d}" if pd.notna(report["published"]) else "undated"
    return (
        f'<div class="excerpt"><p>{html.escape(str(report["text"]))}</p>'
        f"<small>{'<br>'.join(facts)}</small><br>"
        f"<small>{html.escape(str(report['title'] or 'untitled'))} · {published} · "
        f'<a href="{html.escape(link, quote=True)}" target="_blank">open in Reader ↗</a></small></div>'
    )


def render(view: View, *, key_prefix: str) -> None:
    """Event picker (clusters told by more than one outlet), what they disagree on, one column per outlet."""
    clusters = told_by_several(view.events)
    if clusters.empty:
        st.info(
            "No event in the filtered articles is told by more than one outlet. Widen the filters, or "
            "compare outlets on an actor instead."
        )
        return
    labels = {row.cluster_id: cluster_label(row._asdict()) for row in clusters.itertuples(index=False)}
    url_state.choice(f"{key_prefix}_event_cluster", URL_PARAM, list(labels), next(iter(labels)))
    cluster_id = st.selectbox(
        "Event told by several outlets",
        list(labels),
        format_func=labels.get,
        key=f"{key_prefix}_event_cluster",
        help="Reports of one real-world event (same type, place, dates and initiator) grouped by the build.",
    )
    url_state.write(URL_PARAM, cluster_id, next(iter(labels)))
    reports = reports_of(view.events, cluster_id)
    contested = disagreements(reports)
    if contested.empty:
        st.caption("The outlets agree on type, initiator, target, place, date and fatalities, where they state them.")
    else:
        st.caption("Where the reports differ:")
        st.dataframe(
            contested.assign(field=contested["field"].map(FIELD_LABELS)), hide_index=True, use_container_width=True
        )
    st.html(STYLE)
    for start in range(0, len(reports), MAX_COLUMNS):
        chunk = reports.iloc[start : start + MAX_COLUMNS]
        for column, (_, report) in zip(st.columns(len(chunk)), chunk.iterrows(), strict=True):
            with column:
                st.subheader(plain(report["outlet"] if pd.notna(report["outlet"]) else "unknown outlet"))
                st.html(report_html(report))


STYLE = """<style>
.excerpt {border-left: 3px solid #bbb; padding: 0 0 0 .6em; margin-bottom: .8em;}
</style>"""
