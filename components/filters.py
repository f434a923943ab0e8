"""Sidebar filter widgets and their mirror in the URL, so a copied link reproduces the view."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date

import streamlit as st

from components.plain import plain, type_label, type_labels
from data_access import Filters, Tables
from data_access.search import actor_labels

# Filters field -> URL query parameter.
PARAMS = {
    "actors": "actor",
    "actor_types": "type",
    "outlets": "outlet",
    "date_from": "from",
    "date_to": "to",
    "text": "q",
    "one_per_story": "once",
    "event_types": "event",
    "hide_media": "nomedia",
}
LIST_FIELDS = ("actors", "actor_types", "outlets", "event_types")
# Filters field -> the sidebar widget a chart click sets (filter_on_click).
CLICKABLE = {"actors": "actors", "actor_types": "types", "outlets": "outlets", "event_types": "events"}
PAGE_PARAM = "page"
KEY_PREFIX = "filters"
WRITTEN_PAGE = "_url_page"
WRITTEN_FILTERS = "_url_filters"
MEDIA_HELP = (
    'Outlets named as sources ("told Al-Monitor") are media actors. On: they leave the rankings, the network, '
    "the counts and the tables of mentions; an actor picked above is shown all the same, and every actor stays "
    "in the picker and on its profile."
)
SEARCH_HELP = (
    'Words (all in one article), `OR`, `NOT`, `"phrases"`, `prefix*`, parentheses; operators in capitals. '
    "Kata’ib = Kataib, accents ignored; an actor's name or alias finds all its aliases. Results: the Search page."
)


def filters_to_params(filters: Filters) -> dict[str, str | list[str]]:
    """The URL query parameters of `filters`; fields left open are omitted."""
    params: dict[str, str | list[str]] = {PARAMS[name]: list(getattr(filters, name)) for name in LIST_FIELDS}
    params["from"] = filters.date_from.isoformat() if filters.date_from else ""
    params["to"] = filters.date_to.isoformat() if filters.date_to else ""
    params["q"] = filters.text
    params["once"] = "1" if filters.one_per_story else ""
    params["nomedia"] = "1" if filters.hide_media else ""
    return {key: value for key, value in params.items() if value}


def filters_from_params(params: Mapping[str, list[str]]) -> Filters:
    """Filters from URL query parameters (each a list of values); malformed dates are ignored."""
    lists = {name: tuple(v for v in params.get(PARAMS[name], []) if v) for name in LIST_FIELDS}
    return Filters(
        **lists,
        date_from=_parse_date(params.get("from", [])),
        date_to=_parse_date(params.get("to", [])),
        text=(params.get("q") or [""])[-1],
        one_per_story=(params.get("once") or [""])[-1] == "1",
        hide_media=(params.get("nomedia") or [""])[-1] == "1",
    )


def restrict_to(filters: Filters, tables: Tables) -> Filters:
    """Drop values the tables do not know (a stale or hand-edited link must not raise)."""
    known = tables.catalogue
    return Filters(
        actors=tuple(a for a in filters.actors if a in set(known.actors["actor_id"])),
        actor_types=tuple(t for t in filters.actor_types if t in set(known.actors["type"])),
        outlets=tuple(o for o in filters.outlets if o in set(known.outlets)),
        date_from=filters.date_from,
        date_to=filters.date_to,
        text=filters.text,
        one_per_story=filters.one_per_story,
        event_types=tuple(t for t in filters.event_types if t in set(known.event_types)),
        hide_media=filters.hide_media,
    )


def read_url() -> dict[str, list[str]]:
    """The current query parameters, every one as a list."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def requested_page(slugs: Collection[str]) -> str | None:
    """The page a link's ?page= asks for, when it is not the page this session last wrote there."""
    asked = st.query_params.get(PAGE_PARAM)
    if asked in slugs and asked != st.session_state.get(WRITTEN_PAGE):
        st.session_state[WRITTEN_PAGE] = asked
        return asked
    return None


def url_moved() -> bool:
    """Whether the URL is an address this session wrote (it names the page) whose filters are not the
    ones it wrote last: Back or Forward brought it (Streamlit pushes a history entry for every
    query-string change, and reruns the page on popstate with the older address). A widget changes
    the session first and the URL after; a switch in the page menu arrives with no query at all."""
    written = st.session_state.get(WRITTEN_FILTERS)
    if written is None or PAGE_PARAM not in st.query_params:
        return False
    return _as_lists(filters_to_params(filters_from_params(read_url()))) != written


def sync_url(filters: Filters, page: str, *, keep: tuple[str, ...] = ()) -> None:
    """Write `filters` and the page to the URL, keeping the named view parameters (e.g. doc)."""
    st.session_state[WRITTEN_PAGE] = page
    st.session_state[WRITTEN_FILTERS] = _as_lists(filters_to_params(filters))
    current = read_url()
    wanted = {**filters_to_params(filters), PAGE_PARAM: page}
    wanted.update({name: current[name] for name in keep if name in current})
    if _as_lists(wanted) != current:
        st.query_params.from_dict(wanted)


def render(tables: Tables, *, key_prefix: str) -> Filters:
    """Sidebar widgets seeded from the URL on a session's first run, and again when the browser's Back or
    Forward brought an address whose filters this session did not write last. RETURNS (Filters): the selection."""
    known = tables.catalogue
    low, high = known.date_span
    if f"{key_prefix}_seeded" not in st.session_state or url_moved():
        _seed(restrict_to(filters_from_params(read_url()), tables), key_prefix, (low, high))
    actors = known.actors
    # name · type · mentions · aliases, so typing an alias finds the actor
    labels = actor_labels(actors.assign(type=type_labels(actors["type"])))
    with st.sidebar:
        st.header("Filters")
        chosen = st.multiselect(
            "Actors (type a name or alias; · mentions)",
            list(labels),
            format_func=labels.get,
            key=f"{key_prefix}_actors",
            placeholder="All actors",
        )
        types = st.multiselect(
            "Actor type",
            sorted(actors["type"].dropna().unique()),
            format_func=type_label,
            key=f"{key_prefix}_types",
            placeholder="All types",
        )
        outlets = st.multiselect("Outlet", list(known.outlets), key=f"{key_prefix}_outlets", placeholder="All outlets")
        date_from, date_to = _render_dates(key_prefix, low, high)
        text = st.text_input(
            "Search", key=f"{key_prefix}_text", placeholder="e.g. Captagon OR smuggling", help=SEARCH_HELP
        )
        if text.strip() and (problem := tables.search.search(text).error):
            st.error("Cannot search this: " + plain(problem))
        event_types = st.multiselect(
            "Event type",
            list(known.event_types),
            format_func=type_label,
            key=f"{key_prefix}_events",
            placeholder="All event types",
            help="Narrows the events (Events page and the map's events); other views are unchanged.",
        )
        once = st.toggle(
            "Count each story once",
            key=f"{key_prefix}_once",
            help=_story_help(known.n_copies),
        )
        no_media = st.toggle("Hide media actors", key=f"{key_prefix}_nomedia", help=MEDIA_HELP)
        st.button(
            "Reset filters",
            key=f"{key_prefix}_reset",
            on_click=reset,
            args=(tables,),
            kwargs={"key_prefix": key_prefix},
            width="stretch",
        )
    return Filters(
        tuple(chosen),
        tuple(types),
        tuple(outlets),
        date_from,
        date_to,
        text.strip(),
        one_per_story=once,
        event_types=tuple(event_types),
        hide_media=no_media,
    )


def reset(tables: Tables, *, key_prefix: str = KEY_PREFIX) -> None:
    """Callback: clear every filter (the one-click widen of the empty states)."""
    _seed(Filters(), key_prefix, tables.catalogue.date_span)


def focus_actor(actor_id: str, *, key_prefix: str = KEY_PREFIX) -> None:
    """Callback: make `actor_id` the only selected actor (used by the network view)."""
    st.session_state[f"{key_prefix}_actors"] = [actor_id]


def filter_on_click(chart_key: str, field: str, *, key_prefix: str = KEY_PREFIX) -> Callable[[], None]:
    """A chart's on_select callback: the values its clicked points carry as customdata (actor ids,
    type codes, event types) become the sidebar filter `field` (a key of CLICKABLE), so one click
    on a bar, a node or a place filters every view, and the URL with it."""

    def apply() -> None:
        picked = clicked_values(st.session_state[chart_key].selection.points)
        if picked:
            st.session_state[f"{key_prefix}_{CLICKABLE[field]}"] = picked

    return apply


def filter_on_brush(chart_key: str, span: tuple[date | None, date | None], *, key_prefix: str = KEY_PREFIX):
    """A time chart's on_select callback: the stretch of the x axis brushed (box select) becomes the
    publication-date filter, clamped to the tables' `span`."""

    def apply() -> None:
        brushed = brushed_dates(st.session_state[chart_key].selection.get("box", []), span)
        if brushed is not None:
            st.session_state[f"{key_prefix}_dates"] = brushed

    return apply


def clicked_values(points: Collection[Mapping]) -> list[str]:
    """The customdata of clicked plotly points, in click order, once each (a point may carry one
    value or a list: an edited name standing for several actors)."""
    values: list[str] = []
    for point in points:
        data = point.get("customdata")
        for value in data if isinstance(data, list | tuple) else [data]:
            if isinstance(value, str) and value and value not in values:
                values.append(value)
    return values


def brushed_dates(boxes: Collection[Mapping], span: tuple[date | None, date | None]) -> tuple[date, date] | None:
    """The dates a plotly box selection spans on its x axis (ISO strings or datetimes), clamped to
    `span`; None without a box, or when the tables have no dates."""
    low, high = span
    if not boxes or low is None or high is None:
        return None
    xs = [_parse_date([str(x)[:10]]) for box in boxes for x in box.get("x", [])]
    xs = [x for x in xs if x is not None]
    if not xs:
        return None
    return _clamp(min(xs), low, high, low), _clamp(max(xs), low, high, high)


def _render_dates(key_prefix: str, low: date | None, high: date | None) -> tuple[date | None, date | None]:
    """Publication range widget; the full span means "no date filter" so undated articles stay."""
    if low is None:
        return None, None
    picked = st.date_input(
        "Published between", value=(low, high), min_value=low, max_value=high, key=f"{key_prefix}_dates"
    )
    start, end = (tuple(picked) + (high,))[:2] if picked else (low, high)
    return (None if start <= low else start), (None if end >= high else end)


def _seed(filters: Filters, key_prefix: str, span: tuple[date | None, date | None]) -> None:
    """Put `filters` into the widgets' session state (first run, or the reset button)."""
    low, high = span
    st.session_state[f"{key_prefix}_seeded"] = True
    st.session_state[f"{key_prefix}_actors"] = list(filters.actors)
    st.session_state[f"{key_prefix}_types"] = list(filters.actor_types)
    st.session_state[f"{key_prefix}_outlets"] = list(filters.outlets)
    st.session_state[f"{key_prefix}_text"] = filters.text
    st.session_state[f"{key_prefix}_once"] = filters.one_per_story
    st.session_state[f"{key_prefix}_events"] = list(filters.event_types)
    st.session_state[f"{key_prefix}_nomedia"] = filters.hide_media
    if low is not None:
        st.session_state[f"{key_prefix}_dates"] = (
            _clamp(filters.date_from, low, high, low),
            _clamp(filters.date_to, low, high, high),
        )


def _story_help(copies: int) -> str:
    """Tooltip of the story toggle, saying how many copies the build linked."""
    return (
        f"{copies:,} document(s) repeat a story another document already tells (the same wire story run by "
        "several outlets, or the same file twice). On: every view keeps only the earliest copy of each story."
    )


def _clamp(value: date | None, low: date, high: date, default: date) -> date:
    return default if value is None else min(max(value, low), high)


def _parse_date(values: list[str]) -> date | None:
    try:
        return date.fromisoformat(values[-1]) if values else None
    except ValueError:
        return None


def _as_lists(params: Mapping[str, str | list[str]]) -> dict[str, list[str]]:
    return {key: value if isinstance(value, list) else [value] for key, value in params.items()}
