"""Actor profile: one actor on one page (`actor?id=ID`) — names, type, place, mentions over time,
outlets, co-actors, quotes by and about it, its events and the curation decisions naming it; and the
profile links every other view puts on actor names."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from components import charts, export
from components import filters as filter_widgets
from components.empty import describe_filters
from components.plain import chart_texts, code, plain, type_label, type_labels
from components.timeline import build_timeline_chart, count_by_period
from data_access import Filters, View, basemap_url
from data_access.profile import (
    PROFILE_PAGE,
    PROFILE_PARAM,
    is_described,
    profile_link,
    profile_links,
    select_actor,
    select_actor_decisions,
    select_actor_events,
    select_co_actors,
    select_places,
    select_profile_view,
    select_spellings,
    split_quotes,
)
from data_access.search import actor_labels

CHOICES = 1_000  # actors offered by the picker, most mentioned first (a link opens any actor)
TOP_PLACES = 10
MAX_LINKS = 20
DATE_WORDS = {
    "published": "Publication date",
    "event": "Date of the event reported",
}  # timeline.DATE_SOURCES  # profile links listed under a chart or picker
FILTER_NOTE = (
    "This page is about one actor, so the sidebar's actor and actor-type filters do not apply here, nor does "
    "*Hide media actors*; "
    "the outlet, date, search and one-story filters do (and the event-type filter, on the events). "
    "The name, type, aliases and the curation history are the whole tables'."
)
LINK = st.column_config.LinkColumn("profile", display_text="profile ↗", width="small")
READER = st.column_config.LinkColumn("Reader", display_text="open ↗", width="small")
HISTORY_COLUMNS = ["kind", "what", "by", "at", "note", "status"]


def params_of(view: View) -> dict[str, str | list[str]]:
    """The URL parameters of the view's filters, which a profile link keeps."""
    return filter_widgets.filters_to_params(view.filters)


def links_html(actors: pd.DataFrame, view: View, *, label: str) -> str:
    """'label: Name · Name …' as HTML, each name (escaped) a link to its profile, at most MAX_LINKS.

    actors (DataFrame): actor_id, name.
    """
    params = params_of(view)
    anchors = [
        f'<a href="{html.escape(profile_link(str(actor_id), params), quote=True)}">{html.escape(str(name))}</a>'
        for actor_id, name in zip(actors["actor_id"].head(MAX_LINKS), actors["name"].head(MAX_LINKS), strict=True)
        if pd.notna(actor_id)
    ]
    more = f" … and {len(actors) - MAX_LINKS:,} more" if len(actors) > MAX_LINKS else ""
    return f'<div class="profile-links"><small>{html.escape(label)}: {" · ".join(anchors)}{more}</small></div>'


def render_links(actors: pd.DataFrame, view: View, *, label: str = "Actor profiles") -> None:
    """`links_html` on the page (st.html, never Markdown: every name in it is escaped)."""
    if not actors.empty:
        st.html(links_html(actors, view, label=label))


def link_column(actor_ids: pd.Series, view: View) -> pd.Series:
    """A profile link per actor id, for a LinkColumn of st.dataframe; a null id (a speaker, a target
    or a place that is no actor) gives an empty cell, as st.dataframe writes "None" for a null."""
    return profile_links(actor_ids, params_of(view)).fillna("")


def with_links(frame: pd.DataFrame, ids: Mapping[str, pd.Series], view: View) -> pd.DataFrame:
    """`frame` with `<column>_profile` after each column named in `ids`: the profile link of the
    actor id beside it (ids: column -> the actor ids of its rows, aligned by position)."""
    out = frame.copy()
    for column, actor_ids in ids.items():
        out.insert(out.columns.get_loc(column) + 1, f"{column}_profile", link_column(actor_ids, view).to_numpy())
    return out


def linked_order(columns: Sequence[str], frame: pd.DataFrame) -> list[str]:
    """`columns` with each one's `<column>_profile` link right after it, where `frame` has one."""
    return [name for column in columns for name in (column, f"{column}_profile") if name in frame]


def link_configs(frame: pd.DataFrame) -> dict[str, object]:
    """st.dataframe column_config of the `*_profile` columns of `frame`: links shown as 'profile ↗'."""
    return {column: LINK for column in frame.columns if column.endswith("_profile")}


def build_place_chart(places: pd.DataFrame, *, outlines: bool, own: bool) -> go.Figure:
    """A small map: the actor's own point, or the places most co-mentioned with it sized by shared sentences."""
    shown = places.assign(
        name=chart_texts(places["name"]), type=chart_texts(places["type"]), _size=places["sentences"] + 1
    )
    fig = px.scatter_geo(
        shown, lat="lat", lon="lon", size="_size", hover_name="name", text="name", color="type",
        hover_data={"sentences": not own, "lat": ":.3f", "lon": ":.3f", "_size": False, "type": False},
        projection="natural earth", size_max=18 if own else 30,
        title="Where it is" if own else "Places named in its sentences",
    )  # fmt: skip
    fig.update_traces(textposition="top center", marker={"opacity": 0.75, "line": {"width": 1, "color": "white"}})
    pad_lat = max(4.0, 0.2 * (places["lat"].max() - places["lat"].min()))
    pad_lon = max(6.0, 0.2 * (places["lon"].max() - places["lon"].min()))
    lon_range = [max(places["lon"].min() - pad_lon, -180), min(places["lon"].max() + pad_lon, 180)]
    # at least half as tall as wide: a box of places spread east-west would draw as a thin strip
    half_lat = max(places["lat"].max() - places["lat"].min() + 2 * pad_lat, (lon_range[1] - lon_range[0]) / 2) / 2
    middle = (places["lat"].max() + places["lat"].min()) / 2
    fig.update_geos(
        showcoastlines=outlines, showcountries=outlines, showland=outlines, landcolor="#f2efe9",
        showocean=outlines, oceancolor="#dde8f0", showframe=False, lataxis_showgrid=True, lonaxis_showgrid=True,
        lataxis_range=[max(middle - half_lat, -90), min(middle + half_lat, 90)], lonaxis_range=lon_range,
    )  # fmt: skip
    return fig.update_layout(height=360, margin={"l": 0, "r": 0, "t": 40, "b": 0}, showlegend=False)


def render(view: View, *, key_prefix: str) -> None:
    """The actor picker (driven by ?id=), then every section of the picked actor's profile."""
    st.title("Actor profile")
    linked = st.query_params.get(PROFILE_PARAM)
    known = linked is not None and select_actor(view.tables, linked) is not None
    notice = st.empty()  # above the picker, filled once the picker says whether an actor is chosen
    actor_id = _pick_actor(view, linked if known else None, key_prefix=key_prefix)
    if actor_id is None and linked is not None and not known:
        notice.error(
            f"No actor has the id {code(linked)} in these tables: the link may be older than the last build, "
            "or the actor was merged or rejected by curation. Pick an actor below."
        )
    if actor_id is None:
        st.info("Pick an actor, or follow a profile link from an actor's name in another view.")
        return
    if st.query_params.get(PROFILE_PARAM) != actor_id:
        st.query_params[PROFILE_PARAM] = actor_id
    _render_profile(view, select_actor(view.tables, actor_id), key_prefix=key_prefix)


def _pick_actor(view: View, linked: str | None, *, key_prefix: str) -> str | None:
    """A searchable picker of the most mentioned actors (and the linked one); a ?id= seen for the
    first time selects it."""
    actors = view.tables.catalogue.actors
    offered = actors.head(CHOICES)
    if linked is not None and linked not in set(offered["actor_id"]):
        offered = pd.concat([offered, actors[actors["actor_id"] == linked]])
    labels = actor_labels(offered.assign(type=type_labels(offered["type"])))
    if linked is not None and st.session_state.get(f"{key_prefix}_url_actor") != linked:
        st.session_state[f"{key_prefix}_url_actor"] = linked
        st.session_state[f"{key_prefix}_actor"] = linked
    return st.selectbox(
        "Actor (type a name or alias)",
        list(labels),
        index=None,
        format_func=labels.get,
        key=f"{key_prefix}_actor",
        placeholder="Pick an actor",
    )


def _render_profile(view: View, actor: pd.Series, *, key_prefix: str) -> None:
    """Every section of one actor's profile, its counts under the sidebar's other filters."""
    actor_id = str(actor["actor_id"])
    mine = select_profile_view(view.tables, view.filters, actor_id)
    if is_described(actor_id):
        _render_described(view, mine, actor, key_prefix=key_prefix)
        return
    outlets = mine.outlet_counts(actor_id)
    _render_header(view, mine, actor, outlets)
    co_actors = select_co_actors(mine, actor_id)
    left, right = st.columns([3, 2])
    with left:
        _render_timeline(mine, key_prefix=key_prefix)
    with right:
        _render_place(actor, co_actors, mine.filters, key_prefix=key_prefix)
    left, right = st.columns(2)
    with left:
        st.subheader("Names and spellings")
        st.dataframe(select_spellings(mine, actor), hide_index=True, key=f"{key_prefix}_spellings")
    with right:
        st.subheader("Outlets")
        shown = outlets.rename(columns={"n": "mentions", "n_docs": "articles", "n_sentences": "sentences"})
        st.dataframe(shown, hide_index=True, key=f"{key_prefix}_outlets")
    _render_co_actors(co_actors, view, key_prefix=key_prefix)
    _render_quotes(mine, actor_id, key_prefix=key_prefix)
    _render_events(mine, actor_id, key_prefix=key_prefix)
    _render_curation(view, actor_id, key_prefix=key_prefix)
    export.render(
        lambda: mine.mentions_of(actor_id),
        key_prefix=f"{key_prefix}_mentions",
        filename=export.file_name("mentions", view=PROFILE_PAGE, filters=mine.filters, extension="csv"),
        label="Download this actor's mentions",
        n_rows=mine.n_mentions,
    )


def _render_described(view: View, mine: View, actor: pd.Series, *, key_prefix: str) -> None:
    """A party events describe without naming it ("unidentified gunmen"): no mention to count, map
    or spell, so only what it is, its events and the decisions about it."""
    actor_id = str(actor["actor_id"])
    st.header(plain(actor["name"]))
    st.caption(f"{plain(type_label(actor['type']))} · id {code(actor_id)}")
    st.info(
        "A party an article's events describe without naming it, as written there (ACLED's "
        "unidentified actors): it has no mentions, only the events below."
    )
    _render_events(mine, actor_id, key_prefix=key_prefix)
    _render_curation(view, actor_id, key_prefix=key_prefix)


def _render_header(view: View, mine: View, actor: pd.Series, outlets: pd.DataFrame) -> None:
    """Name, type and id; the counts under the filters, and which filters apply."""
    actor_id = str(actor["actor_id"])
    st.header(plain(actor["name"]))
    st.caption(
        f"{plain(type_label(actor['type']))} · {int(actor['n_mentions']):,} mention(s) in "
        f"{int(actor['n_docs']):,} article(s) in all the tables · id {code(actor_id)}"
    )
    columns = st.columns(4)
    columns[0].metric("Mentions", f"{mine.n_mentions:,}", help="under the sidebar's filters (below)")
    columns[1].metric("Articles", f"{int(outlets['n_docs'].sum()):,}")
    columns[2].metric("Outlets", f"{len(outlets):,}")
    columns[3].metric("Spellings", f"{len(mine.spellings(actor_id)):,}")
    st.caption(FILTER_NOTE)
    others = describe_filters(replace(view.filters, actors=(), actor_types=(), hide_media=False))
    if others:
        st.caption("Filters applied: " + "; ".join(others) + ".")
    if not mine.n_mentions:
        st.warning("No mention of this actor passes the current filters. Widen them in the sidebar to see more.")


def _render_timeline(mine: View, *, key_prefix: str) -> None:
    st.subheader("Mentions over time")
    by = st.radio("Date", list(DATE_WORDS), format_func=DATE_WORDS.get, key=f"{key_prefix}_by", horizontal=True)
    dated_by = ("published",) if by == "published" else ("date", "date_granularity")
    result = count_by_period(mine.count_by(*dated_by, "name"), by=by, resolution="month")
    if result.counts.empty:
        st.info("None of these mentions is dated to a month; try the other date.")
    else:
        chart = build_timeline_chart(result.counts, resolution="month")
        chart_key = f"{key_prefix}_timeline"
        charts.render(chart, chart="timeline", view=key_prefix, filters=mine.filters, key_prefix=chart_key)
    if result.n_too_coarse or result.n_undated:
        st.caption(
            f"Not counted: {result.n_too_coarse:,} dated less precisely than a month, {result.n_undated:,} undated."
        )


def _render_place(actor: pd.Series, co_actors: pd.DataFrame, filters: Filters, *, key_prefix: str) -> None:
    st.subheader("Place")
    kind, places = select_places(actor, co_actors, top=TOP_PLACES)
    if places.empty:
        st.info("It has no coordinates, and no place with coordinates is named in its sentences.")
        return
    url = basemap_url()
    chart = build_place_chart(places, outlines=url is not None, own=kind == "self")
    charts.render(chart, chart="map", view=key_prefix, filters=filters, key_prefix=f"{key_prefix}_map")
    if kind == "self":
        st.caption(f"At {float(actor['lat']):.3f}, {float(actor['lon']):.3f}.")
    else:
        st.caption(f"It has no coordinates: the {len(places):,} places named most often in its sentences.")


def _render_co_actors(co_actors: pd.DataFrame, view: View, *, key_prefix: str) -> None:
    st.subheader("Co-actors")
    if co_actors.empty:
        st.caption("No other actor is named in a sentence with it.")
        return
    st.caption("Actors named in the same sentence, by the number of sentences they share.")
    shown = co_actors[["name", "type", "sentences"]].assign(
        type=type_labels(co_actors["type"]), profile=link_column(co_actors["actor_id"], view)
    )
    st.dataframe(shown, hide_index=True, key=f"{key_prefix}_co_actors", column_config={"profile": LINK})


def _render_quotes(mine: View, actor_id: str, *, key_prefix: str) -> None:
    st.subheader("Quotes")
    said, about = split_quotes(mine, actor_id)
    for tab, quotes, name in zip(
        st.tabs([f"Said by it ({len(said):,})", f"About it ({len(about):,})"]),
        (said, about),
        ("by", "about"),
        strict=True,
    ):
        with tab:
            if quotes.empty:
                st.caption("None under these filters.")
                continue
            shown = quotes.drop(columns=["speaker_id", "quote_id", "doc_id"]).assign(reader=_reader_links(quotes))
            config = {"reader": READER, "quote": st.column_config.TextColumn(width="large"),
                      "published": st.column_config.DateColumn()}  # fmt: skip
            st.dataframe(shown, hide_index=True, key=f"{key_prefix}_quotes_{name}", column_config=config)


def _render_events(mine: View, actor_id: str, *, key_prefix: str) -> None:
    st.subheader("Events")
    events = select_actor_events(mine, actor_id)
    if events.empty:
        st.caption("No event under these filters names it as initiator, target or place.")
        return
    roles = events["role"].value_counts()
    st.caption(
        f"As initiator: {roles.get('initiator', 0):,} · as target: {roles.get('target', 0):,} · "
        f"as the place: {roles.get('place', 0):,}"
    )
    shown = events.assign(
        event_type=type_labels(events["event_type"]),
        sub_event_type=type_labels(events["sub_event_type"]),
        reader=_reader_links(events),
    ).drop(columns=["doc_id", "event_id"])
    config = {"reader": READER, "text": st.column_config.TextColumn("clause", width="large"),
              "date": st.column_config.DateColumn(), "published": st.column_config.DateColumn()}  # fmt: skip
    st.dataframe(shown, hide_index=True, key=f"{key_prefix}_events", column_config=config)


def _render_curation(view: View, actor_id: str, *, key_prefix: str) -> None:
    st.subheader("Curation")
    try:
        decisions = select_actor_decisions(view.tables, actor_id)
    except ValueError as error:
        st.caption(plain(error))
        return
    if decisions.empty:
        st.caption("No curation decision names this actor or one of its mentions.")
        return
    st.caption(
        "The analysts' decisions that name it or one of its mentions, newest first (the Curation page undoes them)."
    )
    st.dataframe(decisions[HISTORY_COLUMNS], hide_index=True, key=f"{key_prefix}_curation")


def _reader_links(rows: pd.DataFrame) -> pd.Series:
    """A Reader link per row, opening its article (column doc_id)."""
    return pd.Series(
        ["reader?" + urlencode({"doc": doc_id}) for doc_id in rows["doc_id"]], index=rows.index, dtype="string"
    )
