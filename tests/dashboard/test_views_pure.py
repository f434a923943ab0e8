"""Pure builders of the views: highlighting, timeline counts, co-mentions, excerpts, places, quotes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from components.compare import excerpt_html
from components.geo_map import select_places
from components.highlight import Span, mark_spans, safe_id
from components.network import layout_nodes
from components.overview import build_top_actors_chart
from components.reader import build_article_html, select_metadata
from components.timeline import count_by_period
from data_access import Filters, select_view


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("a <b> c", [Span(0, 1, "x")], '<mark class="x">a</mark> &lt;b&gt; c'),
        ("<img src=x onerror=alert(1)>", [], "&lt;img src=x onerror=alert(1)&gt;"),
        ("abcdef", [Span(0, 4, "x"), Span(2, 6, "y")], '<mark class="x">abcd</mark>ef'),  # overlap: first wins
        ("abc", [Span(1, 9, "x")], "abc"),  # out of range: ignored
        (
            'say "hi"',
            [Span(4, 8, "q", title='"><script>')],
            '<mark class="q" title="&quot;&gt;&lt;script&gt;">&quot;hi&quot;</mark>',
        ),
    ],
)
def test_highlight_mark_spans_escapes_everything(text, spans, expected) -> None:
    # the expected strings use the exact escaping of html.escape (quote=True)
    assert mark_spans(text, spans).replace("say ", "") == expected.replace("say ", "")


def test_highlight_safe_id_strips_markup() -> None:
    assert safe_id('m-1"><script>') == "m-1___script_"


def test_reader_article_html_marks_types_and_target(tables) -> None:
    doc = tables.documents.set_index("doc_id").loc["d4"]
    mentions = tables.mentions[tables.mentions["doc_id"] == "d4"].merge(tables.actors[["actor_id", "name", "type"]])
    out = build_article_html(doc["text"], mentions, target="d4-m15")
    assert "<script" not in out and "<img" not in out
    assert (
        '<mark class="t-armed_group target" title="Kata&#x27;ib Hezbollah (armed_group, gazetteer)" id="m-d4-m15">'
        in out
    )
    assert out.count("<mark") == 3


def test_reader_metadata_shows_basis_and_evidence(tables) -> None:
    meta = select_metadata(tables.documents.set_index("doc_id").loc["d1"]).set_index("field")
    assert meta.loc["published", "value"] == "2019-01-10"
    assert meta.loc["published", "basis"] == "metadata: metadata.csv"
    assert meta.loc["title", "basis"] == "text"


def test_timeline_count_by_period_respects_granularity(tables) -> None:
    mentions = select_view(tables, Filters(actors=("al-qaim",))).mentions
    by_day = count_by_period(mentions, by="event", resolution="day")
    by_month = count_by_period(mentions, by="event", resolution="month")
    by_year = count_by_period(mentions, by="event", resolution="year")
    assert (by_day.n_too_coarse, by_month.n_too_coarse, by_year.n_too_coarse) == (2, 1, 0)
    assert by_month.counts["period"].dt.strftime("%Y-%m-%d").tolist() == ["2018-12-01", "2019-01-01"]
    assert by_year.counts.set_index("period")["mentions"].to_dict() == {
        pd.Timestamp("2018-01-01"): 2,
        pd.Timestamp("2019-01-01"): 1,
    }
    assert by_year.n_undated == 1


def test_timeline_count_by_period_publication_dates(tables) -> None:
    result = count_by_period(select_view(tables, Filters()).mentions, by="published", resolution="year")
    assert result.counts.groupby("period")["mentions"].sum().tolist() == [10, 3]
    assert result.n_undated == 4 and result.n_too_coarse == 0


def test_network_view_edges_count_shared_sentences(tables) -> None:
    edges = select_view(tables, Filters()).edges()
    assert edges.values.tolist() == [
        ["al-qaim", "iraqi-army", 1],
        ["al-qaim", "islamic-state", 1],
        ["al-qaim", "kataib-hezbollah", 1],
        ["al-qaim", "pmf", 1],
        ["iraqi-army", "pmf", 1],
        ["kataib-hezbollah", "united-states", 1],
    ]


@pytest.mark.parametrize(
    ("filters", "pairs"),
    [
        (Filters(actors=("iraqi-army",)), {("al-qaim", "iraqi-army"), ("al-qaim", "pmf"), ("iraqi-army", "pmf")}),
        (Filters(actor_types=("armed_group", "state")), {("kataib-hezbollah", "united-states")}),
        (Filters(text="smuggling"), set()),
    ],
)
def test_network_view_edges_follow_filters(tables, filters, pairs) -> None:
    edges = select_view(tables, filters).edges()
    assert set(zip(edges["source"], edges["target"], strict=True)) == pairs


def test_network_layout_is_deterministic_and_finite() -> None:
    edges = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"], "weight": [3, 1, 1]})
    first, second = layout_nodes(["a", "b", "c", "d"], edges), layout_nodes(["a", "b", "c", "d"], edges)
    assert np.array_equal(first, second) and np.isfinite(first).all()


def test_compare_excerpts_highlight_the_actor_and_link_to_reader(tables) -> None:
    excerpts = select_view(tables, Filters(actors=("kataib-hezbollah",))).excerpts("kataib-hezbollah", 5)
    assert excerpts["outlet"].tolist() == ["Gamma Wire", "Beta Times", "Beta Times", "Alpha News"]
    out = excerpt_html(excerpts.iloc[0])
    assert '<mark class="hl">Kata&#x27;ib Hezbollah</mark> posted &lt;img' in out
    assert 'href="reader?doc=d4&amp;mention=d4-m15"' in out


def test_compare_excerpts_keep_the_newest_per_outlet(tables) -> None:
    excerpts = select_view(tables, Filters()).excerpts("kataib-hezbollah", 1)
    assert excerpts[["outlet", "doc_id", "sent_id"]].values.tolist() == [
        ["Gamma Wire", "d4", 1],
        ["Beta Times", "d2", 0],
        ["Alpha News", "d1", 0],
    ]


def test_compare_outlet_counts_of_one_actor(tables) -> None:
    counts = select_view(tables, Filters()).outlet_counts("kataib-hezbollah")
    assert counts[["outlet", "n", "n_docs", "n_sentences"]].values.tolist() == [
        ["Beta Times", 2, 1, 2],
        ["Alpha News", 1, 1, 1],
        ["Gamma Wire", 1, 1, 1],
    ]


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(outlets=("Beta Times", "Gamma Wire")), Filters(actor_types=("armed_group",))],
)
@pytest.mark.parametrize("actor_id", ["kataib-hezbollah", "al-qaim", "no-such-actor"])
def test_compare_outlet_counts_from_the_builds_counts_equal_counting_the_mentions(tables, filters, actor_id) -> None:
    """Filters of actors, types and outlets only: the counts per actor and outlet the build wrote
    (actor_outlets) answer, and say what counting the filtered mentions says."""
    view = select_view(tables, filters)
    assert view.aggregable
    counted = view.query(
        "SELECT outlet, count(*) AS n, count(DISTINCT doc_key) AS n_docs, count(DISTINCT sent_key) AS n_sentences "
        "FROM sel WHERE actor_key = $actor GROUP BY outlet ORDER BY n DESC, min(row_no)",
        {"actor": tables.actor_key(actor_id)},
    )
    pd.testing.assert_frame_equal(view.outlet_counts(actor_id), counted)


def test_geo_map_select_places_keeps_located_actors(tables) -> None:
    places = select_places(select_view(tables, Filters(outlets=("Alpha News",))).actors)
    assert places[["name", "n_mentions"]].values.tolist() == [["Al-Qaim", 2]]


def test_view_quotes_use_canonical_speaker_and_page_in_date_order(tables) -> None:
    view = select_view(tables, Filters())
    assert view.quote_speakers().values.tolist() == [["Abu Fadak", 1], ["Kata'ib Hezbollah", 1]]
    assert view.quotes_of(())["speaker"].tolist() == ["Abu Fadak", "Kata'ib Hezbollah"]
    assert view.quotes_of(("Kata'ib Hezbollah",))["quote_id"].tolist() == ["q1"]
    assert view.quotes_page((), 2, 1)["speaker"].tolist() == ["Kata'ib Hezbollah"]
    assert view.quotes_page((), 1, 1)["speaker"].tolist() == ["Abu Fadak"]


def test_overview_top_actors_chart_folds_minor_outlets_into_one_bar() -> None:
    counts = pd.DataFrame(
        {
            "name": ["A"] * 12 + ["B"] * 12,
            "outlet": [f"Outlet {i:02d}" for i in range(12)] * 2,
            "n": list(range(12, 0, -1)) * 2,
        }
    )
    traces = build_top_actors_chart(counts, top_outlets=4).data
    assert [trace.name for trace in traces] == ["Outlet 00", "Outlet 01", "Outlet 02", "(other outlets)"]
    assert sum(sum(trace.x) for trace in traces) == 2 * sum(range(1, 13))  # every mention still counted
    assert list(traces[0].y) == ["A", "B"]
