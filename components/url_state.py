"""A view's own choices in the URL (the actor compared, the timeline's resolution …), as the sidebar
filters are (components.filters): a reload or a shared link shows the same page.

Each choice has a short query parameter of its view, written only when it differs from the
default. A widget's state is seeded from the URL when the widget has none yet (a new session, or
the page opened anew), and again when the browser's Back or Forward brought an address whose value
is not the one this session wrote last (as the filters are, components.filters.url_moved); a value
from the URL or left over in the session that the widget no longer offers (an unknown actor id, a
bad number from a hand-edited link) falls back to the default without a word. dashboard.py keeps
the current view's parameters (`URL_PARAMS` of its module) when it rewrites the filters in the URL.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import streamlit as st

from components.filters import PAGE_PARAM  # written on every run: the address is one this session wrote

WRITTEN = "_url_written_"  # + param: the values this session last wrote to ?param=


def choice(key: str, param: str, options: Collection, default: object, *, text: Callable[[object], str] = str) -> None:
    """Before a one-value widget (radio, selectbox, segmented control, toggle) keyed `key` is drawn: its
    state is `?param=` when the widget has none yet, else kept; either when it is one of `options`,
    else `default`. `text`: an option as the URL writes it (`write` must be given the same). Draw the
    widget without its own default (the state is its value)."""
    offered = {text(option): option for option in options}
    if key in st.session_state and not _moved(param):
        if st.session_state[key] not in options:
            st.session_state[key] = default
        return
    asked = st.query_params.get(param)
    st.session_state[key] = offered.get(asked, default) if asked is not None else default


def choices(key: str, param: str, options: Collection, default: Sequence = ()) -> None:
    """`choice` for a multiselect: every `?param=` value it offers (in the URL's order), unknown ones
    dropped; the state left over in the session loses the values no longer offered."""
    offered = {str(option): option for option in options}
    if key in st.session_state and not _moved(param):
        kept = [value for value in st.session_state[key] if value in offered.values()]
        if kept != list(st.session_state[key]):
            st.session_state[key] = kept
        return
    asked = st.query_params.get_all(param)
    picked = list(dict.fromkeys(offered[value] for value in asked if value in offered))
    st.session_state[key] = picked if asked else list(default)


def number(key: str, param: str, low: int, high: int, default: int) -> None:
    """`choice` for an integer slider or number input between `low` and `high`: a number out of range
    or not a number falls back to `default`."""
    if key in st.session_state and not _moved(param):
        if not low <= st.session_state[key] <= high:
            st.session_state[key] = default
        return
    st.session_state[key] = _integer(st.query_params.get(param), low, high, default)


def write(param: str, value: object, default: object, *, text: Callable[[object], str] = str) -> None:
    """After the widget: `?param=` holds `value` (a list: one value each), or is absent when it is the default."""
    if value == default or value is None or (isinstance(value, list | tuple) and not value):
        st.session_state[WRITTEN + param] = []
        if param in st.query_params:
            del st.query_params[param]
        return
    wanted = [text(v) for v in value] if isinstance(value, list | tuple) else [text(value)]
    st.session_state[WRITTEN + param] = wanted
    if st.query_params.get_all(param) != wanted:
        st.query_params[param] = wanted if isinstance(value, list | tuple) else wanted[0]


def _moved(param: str) -> bool:
    """Whether Back or Forward brought `?param=`: the address names the page (a switch in the page
    menu arrives with none) and holds another value than the one this session wrote last."""
    written = st.session_state.get(WRITTEN + param)
    return written is not None and PAGE_PARAM in st.query_params and st.query_params.get_all(param) != written


def _integer(raw: str | None, low: int, high: int, default: int) -> int:
    try:
        value = int(raw) if raw is not None else default
    except ValueError:
        return default
    return value if low <= value <= high else default
