"""Curation: the analyst corrects actors, mentions and events, works through the review queue and undoes decisions."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import streamlit as st

import data_access
from components import event_curation, export, sign_in, table
from components.highlight import Span, mark_spans
from components.plain import plain
from data_access import CurationResult, Tables, View

ANALYST = "_curation_analyst"  # the name typed once per session (a widget's own state ends with its page)
RESULT = "_curation_result"  # the outcome of the last click, shown once on the next run
CLEAR = "_curation_clear"  # key prefix of a form to empty before its widgets are drawn again
QUEUE_PAGE_SIZE = 10
HISTORY_PAGE_SIZE = 20
STYLE = """<style>
.curation-item {border-left: 3px solid #bbb; padding: 0 0 0 .6em; margin: .2em 0 .4em 0;}
.curation-item mark.hl {background: #ffe08a; padding: 0 .1em;}
.curation-item small {color: #555;}
</style>"""


def render(view: View, *, key_prefix: str, data_dir: Path) -> None:
    """The analyst's name, the outcome of the last decision, then three tabs: decide, review, history."""
    st.title("Curation")
    if not data_access.can_curate(data_dir):
        st.info(
            f"The tables in {plain(data_dir)} were built without the uncurated copy that decisions are applied to. "
            "Rebuild them with `python -m pipeline build` to curate them here."
        )
        return
    _show_result()
    for note in data_access.decisions_file_notes(view.tables):  # a hand edit the file cannot take, by line
        st.warning(plain(note))
    by = _render_analyst(key_prefix)
    st.html(STYLE)
    decide, review, history = st.tabs(["Decide", "Review queue", "History"], key=f"{key_prefix}_tabs")
    with decide:
        _render_decide(view.tables, data_dir, by, key_prefix)
    with review:
        _render_review(view, data_dir, by, key_prefix)
    with history:
        _render_history(view.tables, data_dir, by, key_prefix)


def actor_labels(actors: pd.DataFrame) -> dict[str, str]:
    """actor_id -> "name · type · mentions", alphabetical, so two spellings of one actor sit together."""
    ordered = actors.sort_values("name", key=lambda names: names.str.casefold(), kind="stable")
    labels = ordered["name"] + " · " + ordered["type"].fillna("?") + " · " + ordered["n_mentions"].astype(str)
    return dict(zip(ordered["actor_id"], labels, strict=True))


def parse_aliases(name: str, text: str) -> list[str]:
    """The aliases typed one per line (or separated by ';'), the name first, each once."""
    typed = [part.strip() for line in text.splitlines() for part in line.split(";")]
    return list(dict.fromkeys(alias for alias in [name.strip(), *typed] if alias))


def queue_item_html(row: pd.Series) -> str:
    """One review-queue mention: its sentence (escaped) with the mention marked, then why it is unsure.

    row (Series): surface, name, type, method, score, reason, sentence, start, end, sentence_start, title, outlet.
    """
    offset = int(row["sentence_start"]) if pd.notna(row["sentence_start"]) else 0
    span = Span(int(row["start"]) - offset, int(row["end"]) - offset, "hl")
    about = (
        f"<b>{html.escape(str(row['surface']))}</b> → {html.escape(str(row['name']))} ({html.escape(str(row['type']))})"
        f" · {html.escape(str(row['reason']))} · {html.escape(str(row['method']))}, score {float(row['score']):.2f}"
    )
    source = f"{html.escape(_text(row['title'], 'untitled'))} · {html.escape(_text(row['outlet'], 'unknown outlet'))}"
    sentence = mark_spans(_text(row["sentence"], ""), [span])
    return f'<div class="curation-item">{about}<br>{sentence}<br><small>{source}</small></div>'


def _text(value: object, default: str) -> str:
    """A cell as text, `default` when it is empty or null (pd.NA has no truth value)."""
    return default if value is None or pd.isna(value) or value == "" else str(value)


def history_item_html(row: pd.Series) -> str:
    """One decision of the history: what, by whom, when, the note and whether it still applies (escaped)."""
    note = f" · “{html.escape(row['note'])}”" if row["note"] else ""
    return (
        f'<div class="curation-item"><b>{html.escape(row["what"])}</b><br>'
        f"<small>{html.escape(row['by'])} · {html.escape(row['at'])}{note} · {html.escape(row['status'])}</small></div>"
    )


def _show_result() -> None:
    result: CurationResult | None = st.session_state.pop(RESULT, None)
    if result is None:
        return
    (st.success if result.ok else st.error)(plain(result.message))
    if result.warning:
        st.warning(plain(result.warning) + " It is kept, and listed under Problems.")


def _render_analyst(key_prefix: str) -> str:
    """Who every decision records: in team mode the signed-in analyst (components/sign_in.py, "" until
    someone signs in), else a name typed once per session by anyone who reaches the port."""

    signed_in = sign_in.render(key_prefix=f"{key_prefix}_sign_in")
    if signed_in is not None:  # team mode: nobody types a name
        return signed_in
    key = f"{key_prefix}_analyst"
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(ANALYST, "")
    by = st.text_input("Your name (recorded with every decision)", key=key, placeholder="e.g. A. Analyst").strip()
    st.session_state[ANALYST] = by
    if not by:
        st.warning("Type your name above before deciding: every decision records who made it.")
    return by


def _apply(result: CurationResult, *, clear: str | None = None) -> None:
    """Keep the outcome for the next run, empty the form after a success, and run the page again so
    every view shows the corrected tables."""
    st.session_state[RESULT] = result
    if result.ok:
        st.session_state[event_curation.ROUND] = st.session_state.get(event_curation.ROUND, 0) + 1
    if result.ok and clear:
        st.session_state[CLEAR] = clear
    st.rerun()


def _clear_form(form_prefix: str) -> None:
    """Empty a form's widgets: set, not deleted, so that the browser is told the new value too
    (allowed only before the widgets are drawn in this run)."""
    if st.session_state.get(CLEAR) != form_prefix:
        return
    del st.session_state[CLEAR]
    for key in [k for k in st.session_state if str(k).startswith(form_prefix)]:
        st.session_state[key] = "" if isinstance(st.session_state[key], str) else None


def _render_decide(tables: Tables, data_dir: Path, by: str, key_prefix: str) -> None:
    kind = st.selectbox(
        "Decision", list(data_access.KIND_LABELS), format_func=data_access.KIND_LABELS.get, key=f"{key_prefix}_kind"
    )
    form = f"{key_prefix}_{kind}_"
    _clear_form(form)
    fields = FORMS[kind](tables, form)
    note = st.text_input("Note (why)", key=f"{form}note", placeholder="optional, kept in the history")
    if st.button("Record decision", key=f"{key_prefix}_record", type="primary", disabled=not by):
        _apply(data_access.decide(data_dir, tables, kind, by=by, note=note.strip(), **fields), clear=form)
    st.caption(f"Decisions are kept in {plain(data_access.decisions_file(tables))} and applied to every build.")


def _pick_actor(label: str, labels: dict[str, str], key: str) -> str | None:
    return st.selectbox(
        label, list(labels), format_func=labels.get, index=None, key=key, placeholder="Type to search actors"
    )


def _pick_type(label: str, key: str) -> str | None:
    return st.selectbox(label, data_access.CURATION_TYPES, index=None, key=key, placeholder="Choose a type")


def _merge_form(tables: Tables, form: str) -> dict:
    labels = actor_labels(tables.actors)
    actor = _pick_actor("Merge this actor", labels, f"{form}actor")
    into = _pick_actor(
        "into this one (it keeps its name; the other's names become its aliases)",
        {k: v for k, v in labels.items() if k != actor},
        f"{form}into",
    )
    return {"actor": actor, "into": into}


def _split_form(tables: Tables, form: str) -> dict:
    actor = _pick_actor("Actor", actor_labels(tables.actors), f"{form}actor")
    spellings = _everything(tables).spellings(actor) if actor else pd.Series(dtype="int64")
    alias = st.selectbox(
        "Spelling to split off (its mentions move to the new actor)",
        list(spellings.index),
        format_func=lambda s: f"{s} · {spellings[s]} mention(s)",
        index=None,
        key=f"{form}alias",
    )
    name = st.text_input("Name of the new actor", key=f"{form}name", placeholder=alias or "")
    kind = _pick_type("Its type (empty: the same type)", f"{form}type")
    fields = {"actor": actor, "alias": alias, "name": name.strip() or alias}
    return {**fields, "type": kind} if kind else fields


def _rename_form(tables: Tables, form: str) -> dict:
    actor = _pick_actor("Actor", actor_labels(tables.actors), f"{form}actor")
    return {"actor": actor, "name": st.text_input("New name", key=f"{form}name").strip()}


def _retype_form(tables: Tables, form: str) -> dict:
    actor = _pick_actor("Actor", actor_labels(tables.actors), f"{form}actor")
    return {"actor": actor, "type": _pick_type("New type", f"{form}type")}


def _locate_form(tables: Tables, form: str) -> dict:
    actor = _pick_actor("Place", actor_labels(tables.actors), f"{form}actor")
    left, right = st.columns(2)
    lat = left.number_input("Latitude", -90.0, 90.0, value=None, format="%.4f", key=f"{form}lat")
    lon = right.number_input("Longitude", -180.0, 180.0, value=None, format="%.4f", key=f"{form}lon")
    return {"actor": actor, "lat": lat, "lon": lon}


def _reject_actor_form(tables: Tables, form: str) -> dict:
    actor = _pick_actor("Actor to reject (all its mentions go)", actor_labels(tables.actors), f"{form}actor")
    return {"actor": actor}


def _reject_mention_form(tables: Tables, form: str) -> dict:
    actor = _pick_actor("Actor", actor_labels(tables.actors), f"{form}actor")
    mentions = _everything(tables).mentions_of(actor) if actor else pd.DataFrame(columns=data_access.MENTION_COLUMNS)
    labels = dict(
        zip(
            mentions["mention_id"],
            mentions["surface"]
            + " — "
            + mentions["title"].fillna("untitled")
            + ": "
            + mentions["sentence"].fillna("").str[:90],
            strict=True,
        )
    )
    mention = st.selectbox("Mention to reject", list(labels), format_func=labels.get, index=None, key=f"{form}mention")
    return {"mention": mention}


def _add_actor_form(tables: Tables, form: str) -> dict:
    name = st.text_input("Name", key=f"{form}name").strip()
    kind = _pick_type("Type", f"{form}type")
    aliases = st.text_area(
        "Other spellings, one per line (each is then found in every article, whole words)", key=f"{form}aliases"
    )
    left, right = st.columns(2)
    lat = left.number_input("Latitude (places)", -90.0, 90.0, value=None, format="%.4f", key=f"{form}lat")
    lon = right.number_input("Longitude (places)", -180.0, 180.0, value=None, format="%.4f", key=f"{form}lon")
    fields = {"name": name, "type": kind, "aliases": parse_aliases(name, aliases)}
    return {**fields, "lat": lat, "lon": lon} if lat is not None and lon is not None else fields


FORMS = {
    "merge": _merge_form,
    "split": _split_form,
    "rename": _rename_form,
    "retype": _retype_form,
    "locate": _locate_form,
    "reject_actor": _reject_actor_form,
    "reject_mention": _reject_mention_form,
    "add_actor": _add_actor_form,
    **event_curation.FORMS,
}


def _everything(tables: Tables) -> View:
    """The unfiltered view: decisions are about actors and mentions of the whole corpus."""
    return data_access.select_view(tables, data_access.Filters())


def _render_review(view: View, data_dir: Path, by: str, key_prefix: str) -> None:
    """The unsure mentions (Accept, Reject), then the unsure events (Accept, Reject, Edit) of the
    filtered articles, a page at a time."""
    st.subheader("Mentions")
    _render_mention_queue(view, data_dir, by, key_prefix)
    st.subheader("Events")
    event_curation.render(view, key_prefix=key_prefix, data_dir=data_dir, by=by, apply=_apply)


def _render_mention_queue(view: View, data_dir: Path, by: str, key_prefix: str) -> None:
    """The unsure mentions of the filtered articles, a page at a time (fetched by SQL), each with
    Accept and Reject."""
    if not view.n_to_review:
        st.success("Nothing to review among the filtered mentions.")
        return
    st.caption(
        f"{view.n_to_review:,} mention(s) the pipeline is least sure of, least sure first (the sidebar filters "
        "apply). Accept keeps a mention and takes it off the queue; Reject removes it."
    )
    page = _page_number(view.n_to_review, QUEUE_PAGE_SIZE, f"{key_prefix}_queue_page")
    for row in view.review_page(page, QUEUE_PAGE_SIZE).itertuples(index=False):
        text, accept, reject = st.columns([10, 1, 1], vertical_alignment="center")
        text.html(queue_item_html(pd.Series(row._asdict())))
        if accept.button("Accept", key=f"{key_prefix}_accept_{row.mention_id}", disabled=not by):
            _apply(data_access.decide(data_dir, view.tables, "accept_mention", by=by, mention=row.mention_id))
        if reject.button("Reject", key=f"{key_prefix}_reject_{row.mention_id}", disabled=not by):
            _apply(data_access.decide(data_dir, view.tables, "reject_mention", by=by, mention=row.mention_id))


def _render_history(tables: Tables, data_dir: Path, by: str, key_prefix: str) -> None:
    """Every decision, newest first, with an Undo button for those still in force."""
    try:
        history = data_access.select_history(tables, data_dir)
    except ValueError as error:
        st.error(plain(error))
        return
    if history.empty:
        st.info("No decision yet.")
        return
    page = _page_number(len(history), HISTORY_PAGE_SIZE, f"{key_prefix}_history_page")
    for row in table.page_of(history, page, HISTORY_PAGE_SIZE).itertuples(index=False):
        text, undo = st.columns([11, 1], vertical_alignment="center")
        text.html(history_item_html(pd.Series(row._asdict())))
        if not row.undone and undo.button("Undo", key=f"{key_prefix}_undo_{row.decision_id}", disabled=not by):
            _apply(data_access.undo(data_dir, tables, row.decision_id, by=by))
    export.render(history, key_prefix=f"{key_prefix}_history", filename="curation_history.csv")


def _page_number(n_rows: int, page_size: int, key: str) -> int:
    """The page the analyst asked for (a number input when there is more than one page)."""
    pages = max(1, -(-n_rows // page_size))
    if st.session_state.get(key, 1) > pages:  # the last page emptied by a decision
        st.session_state[key] = pages
    return int(st.number_input(f"Page (of {pages:,})", 1, pages, 1, key=key)) if pages > 1 else 1
