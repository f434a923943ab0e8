"""Empty states: say why nothing is shown and offer the one click that widens the view."""

from __future__ import annotations

import streamlit as st

from components import filters as filter_widgets
from components.plain import plain
from data_access import Filters, View


def describe_filters(filters: Filters) -> list[str]:
    """One phrase per active filter, in the words of the sidebar."""
    phrases = []
    if filters.actors:
        phrases.append(f"{len(filters.actors)} selected actor(s)")
    if filters.actor_types:
        phrases.append("actor type " + ", ".join(map(plain, filters.actor_types)))
    if filters.outlets:
        phrases.append("outlet " + ", ".join(map(plain, filters.outlets)))
    if filters.date_from or filters.date_to:
        phrases.append(f"published {filters.date_from or '…'} to {filters.date_to or '…'}")
    if filters.text:
        phrases.append(f"search “{plain(filters.text)}”")
    if filters.event_types:
        phrases.append("event type " + ", ".join(plain(kind.replace("_", " ")) for kind in filters.event_types))
    if filters.hide_media:
        phrases.append("media actors hidden")
    return phrases


def render(view: View, *, key_prefix: str, what: str = "mentions") -> None:
    """A notice that the filters leave no `what`, naming them, with a reset button."""
    active = describe_filters(view.filters)
    if not active:
        st.info(f"The tables hold no {what} yet. Add articles to the source folder and rebuild.")
        return
    st.warning(
        f"No {what} match the current filters ({'; '.join(active)}). "
        "Widen the view: remove an actor or outlet, clear the search, or extend the date range."
    )
    st.button("Reset all filters", key=f"{key_prefix}_reset", on_click=filter_widgets.reset, args=(view.tables,))
