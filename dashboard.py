"""The analyst dashboard: fresh tables, sidebar filters, and one page per view (`streamlit run dashboard.py`)."""

from __future__ import annotations

import os
import sys
from functools import partial

import streamlit as st

import data_access
from components import (
    compare,
    curation,
    events,
    export,
    filters,
    geo_map,
    network,
    overview,
    problems,
    profile,
    quotes,
    reader,
    search,
    startup,
    timeline,
)

# url path, title, render function, icon
VIEWS = (
    ("overview", "Overview", overview.render, ":material/dashboard:"),
    ("search", "Search", search.render, ":material/search:"),
    ("timeline", "Timeline", timeline.render, ":material/timeline:"),
    ("compare", "Compare sources", compare.render, ":material/compare:"),
    ("network", "Network", network.render, ":material/hub:"),
    ("events", "Events", events.render, ":material/bolt:"),
    ("map", "Map", geo_map.render, ":material/map:"),
    ("quotes", "Quotes", quotes.render, ":material/format_quote:"),
    ("reader", "Reader", reader.render, ":material/article:"),
    ("actor", "Actor profile", profile.render, ":material/person:"),
    ("curation", "Curation", curation.render, ":material/edit_note:"),
    ("problems", "Problems", problems.render, ":material/report:"),
)
# Query parameters that belong to one view and survive the URL rewrite there: the Reader's
# document, the profile's actor, and each view's own choices (components.url_state).
VIEW_PARAMS = {
    "reader": ("doc", "mention", "hit"),
    "actor": ("id",),
    "timeline": timeline.URL_PARAMS,
    "network": network.URL_PARAMS,
    "events": events.URL_PARAMS,
    "map": geo_map.URL_PARAMS,
    "compare": compare.URL_PARAMS,
    "quotes": quotes.URL_PARAMS,
}
# Views that change the tables, and so must know where they live.
WRITERS = {"curation"}

# An emoji favicon is drawn in the page (an SVG data URL); a :material/...: one is fetched from fonts.gstatic.com.
st.set_page_config(page_title="Conflict news dashboard", page_icon="📰", layout="wide")
paths = data_access.resolve_paths(sys.argv[1:], os.environ)
tables = startup.render(paths, key_prefix="startup")
if tables is None:
    st.stop()
problems.render_skipped_notice(tables.problems)

chosen = filters.render(tables, key_prefix=filters.KEY_PREFIX)
view = data_access.select_view(tables, chosen)
with st.sidebar:
    export.render_tables(partial(data_access.select_export_tables, view), key_prefix="all_tables", filters=chosen)

pages = {
    slug: st.Page(
        partial(render, view, key_prefix=slug, **({"data_dir": paths.data_dir} if slug in WRITERS else {})),
        title=title,
        icon=icon,
        url_path=slug,
        default=slug == "overview",
    )
    for slug, title, render, icon in VIEWS
}
if (asked := filters.requested_page(pages)) is not None:
    st.switch_page(pages[asked], query_params=filters.read_url())
page = st.navigation(list(pages.values()))
slug = next(slug for slug, candidate in pages.items() if candidate is page)
filters.sync_url(chosen, slug, keep=VIEW_PARAMS.get(slug, ()))
page.run()
