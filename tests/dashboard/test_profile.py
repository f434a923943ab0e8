"""Actor profile (issue 13, item 2): one URL per actor (`actor?id=ID`) with its names, type, place,
mentions over time, outlets, co-actors, quotes, events and curation decisions; links to it from the
other views; an unknown id explained. AppTest runs on the synthetic tables of conftest.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_runner import open_app
from hostile_corpus import payloads, write_hostile_corpus
from streamlit.testing.v1 import AppTest
from test_app import chart_traces, kpis
from test_markdown_escaping import assert_no_live_markup, assert_no_live_tags, markdown_shown

from components.plain import plain
from data_access import Filters
from data_access.profile import (
    profile_link,
    select_actor,
    select_actor_decisions,
    select_actor_events,
    select_co_actors,
    select_places,
    select_profile_view,
    select_spellings,
    split_quotes,
)
from pipeline.curation import record_decision

BASE = "http://127.0.0.1:9"


def frame(at: AppTest, column: str):
    """The first dataframe of the page that has `column` (AppTest does not expose their keys)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def link_values(at: AppTest) -> str:
    """Every st.html body and dataframe cell of the page, joined: where profile links live."""
    bodies = [h.proto.body for h in at.get("html")]
    cells = [str(df.value.to_dict()) for df in at.dataframe]
    return "\n".join(bodies + cells)


# --- the data functions -----------------------------------------------------------------------------


def test_profile_link_keeps_the_filters_and_names_the_actor() -> None:
    assert profile_link("pmf") == "actor?id=pmf"
    assert profile_link("pmf", {"outlet": ["A B"], "q": "x&y"}) == "actor?outlet=A+B&q=x%26y&id=pmf"


def test_profile_select_actor_is_none_for_an_unknown_id(tables) -> None:
    assert select_actor(tables, "kataib-hezbollah")["name"] == "Kata'ib Hezbollah"
    assert select_actor(tables, "no-such-actor") is None


def test_profile_spellings_count_every_surface_and_list_unseen_aliases(tables) -> None:
    actor = select_actor(tables, "kataib-hezbollah")
    spellings = select_spellings(select_profile_view(tables, Filters(), "kataib-hezbollah"), actor)
    assert dict(zip(spellings["surface"], spellings["mentions"], strict=True)) == {"Kata'ib Hezbollah": 3, "KH": 1}
    narrowed = select_profile_view(tables, Filters(outlets=("Alpha News",)), "kataib-hezbollah")
    spellings = select_spellings(narrowed, actor)
    assert dict(zip(spellings["surface"], spellings["mentions"], strict=True)) == {"Kata'ib Hezbollah": 1, "KH": 0}


def test_profile_ignores_the_sidebar_actor_and_type_filters(tables) -> None:
    chosen = Filters(actors=("pmf",), actor_types=("place",))
    mine = select_profile_view(tables, chosen, "kataib-hezbollah")
    assert mine.n_mentions == 4
    assert mine.filters.actors == ("kataib-hezbollah",) and mine.filters.actor_types == ()


def test_profile_co_actors_and_places_of_an_actor_without_coordinates(tables) -> None:
    mine = select_profile_view(tables, Filters(), "kataib-hezbollah")
    co_actors = select_co_actors(mine, "kataib-hezbollah")
    assert dict(zip(co_actors["actor_id"], co_actors["sentences"], strict=True)) == {"al-qaim": 1, "united-states": 1}
    kind, places = select_places(select_actor(tables, "kataib-hezbollah"), co_actors, top=10)
    assert kind == "co-mentioned" and set(places["name"]) == {"Al-Qaim", "United States"}


def test_profile_place_with_coordinates_is_its_own_point(tables) -> None:
    co_actors = select_co_actors(select_profile_view(tables, Filters(), "al-qaim"), "al-qaim")
    kind, places = select_places(select_actor(tables, "al-qaim"), co_actors, top=10)
    assert kind == "self" and places[["lat", "lon"]].values.tolist() == [[34.37, 41.09]]


def test_profile_quotes_by_and_about_the_actor(tables) -> None:
    said, about = split_quotes(select_profile_view(tables, Filters(), "kataib-hezbollah"), "kataib-hezbollah")
    assert said["quote"].tolist() == ["=cmd|' /C calc'!A0 aggression"]
    assert about.empty
    said, about = split_quotes(select_profile_view(tables, Filters(), "abu-fadak"), "abu-fadak")
    assert said["quote"].tolist() == ["We will not leave the border,"]


def test_profile_events_as_initiator_target_and_place(tables) -> None:
    events = select_actor_events(select_profile_view(tables, Filters(), "kataib-hezbollah"), "kataib-hezbollah")
    assert sorted(events["role"]) == ["initiator", "target"]
    places = select_actor_events(select_profile_view(tables, Filters(), "al-qaim"), "al-qaim")
    assert places["role"].tolist() == ["place", "place"]
    typed = Filters(event_types=("strategic_development",))
    events = select_actor_events(select_profile_view(tables, typed, "kataib-hezbollah"), "kataib-hezbollah")
    assert events["role"].tolist() == ["initiator"], "the event-type filter applies"


# --- the page, opened by URL ------------------------------------------------------------------------


def test_profile_page_opens_by_url_with_every_section(data_dir) -> None:
    at = open_app("actor", id="kataib-hezbollah")
    assert at.title[0].value == "Actor profile"
    assert at.selectbox(key="actor_actor").value == "kataib-hezbollah"
    assert [h.value for h in at.main.header] == [plain("Kata'ib Hezbollah")]
    subheaders = [s.value for s in at.subheader]
    assert subheaders == [
        "Mentions over time", "Place", "Names and spellings", "Outlets", "Co-actors", "Quotes", "Events", "Curation",
    ]  # fmt: skip
    assert kpis(at)["Mentions"] == "4" and kpis(at)["Outlets"] == "3"
    assert "armed group" in at.caption[0].value
    assert sum(sum(trace["y"]) for trace in chart_traces(at, 0)) == 4  # every mention has a publication month
    assert {name for trace in chart_traces(at, 1) for name in trace["hovertext"]} == {"Al-Qaim", "United States"}
    assert frame(at, "profile")["profile"].tolist() == ["actor?id=al-qaim", "actor?id=united-states"]
    assert frame(at, "quote")["quote"].tolist() == ["=cmd|' /C calc'!A0 aggression"]
    assert sorted(frame(at, "role")["role"]) == ["initiator", "target"]
    assert any("No curation decision" in c.value for c in at.caption)
    assert at.query_params["id"] == "kataib-hezbollah" and at.query_params["page"] == "actor"


def test_profile_page_says_which_filters_apply(data_dir) -> None:
    at = open_app("actor", id="kataib-hezbollah", outlet="Beta Times", actor="pmf")
    assert kpis(at)["Mentions"] == "2", "the outlet filter applies, the actor filter gives way"
    captions = " ".join(c.value for c in at.caption)
    assert "actor and actor-type filters do not apply" in captions and "outlet Beta Times" in captions
    assert at.query_params["outlet"] == "Beta Times" and at.query_params["id"] == "kataib-hezbollah"


def test_profile_page_unknown_actor_id_says_so(data_dir) -> None:
    at = open_app("actor", id="no-such-actor")
    assert "No actor has the id `no-such-actor`" in at.error[0].value
    assert at.selectbox(key="actor_actor").value is None and not at.main.header
    at.selectbox(key="actor_actor").set_value("pmf").run()
    assert [h.value for h in at.main.header] == [plain("Popular Mobilization Forces")]
    assert at.query_params["id"] == "pmf" and not at.error


def test_profile_page_opens_by_page_parameter(data_dir) -> None:
    at = open_app(page="actor", id="al-qaim")
    assert [h.value for h in at.main.header] == [plain("Al-Qaim")]
    assert any("34.370, 41.090" in c.value for c in at.caption)


def test_profile_page_lists_curation_decisions_naming_the_actor(tmp_path: Path, monkeypatch) -> None:
    data = write_hostile_corpus(tmp_path, BASE)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    record_decision(tmp_path / "curation.yaml", "retype", by="A. Analyst", actor="iraqi-army", type="armed_group",
                    note="[why](http://127.0.0.1:9/note)")  # fmt: skip
    record_decision(tmp_path / "curation.yaml", "rename", by="A. Analyst", actor="pmf", name="PMF")
    at = open_app("actor", id="iraqi-army")
    decisions = frame(at, "status")
    assert decisions["kind"].tolist() == ["retype"] and decisions["by"].tolist() == ["A. Analyst"]


def test_profile_decisions_include_mentions_and_event_roles(tables, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "curation.yaml"
    monkeypatch.setattr("data_access.profile.decisions_file", lambda _tables: path)
    monkeypatch.setattr("data_access.curation.decisions_file", lambda _tables: path)
    record_decision(path, "reject_mention", by="A", mention="d2-m8")  # "KH condemned the strike"
    record_decision(path, "edit_event", by="A", event="e0", actor2="kataib-hezbollah")
    record_decision(path, "merge", by="A", actor="pmf", into="iraqi-army")
    found = select_actor_decisions(tables, "kataib-hezbollah")
    assert found["kind"].tolist() == ["edit_event", "reject_mention"]
    assert select_actor_decisions(tables, "iraqi-army")["kind"].tolist() == ["merge"]


def test_profile_page_shows_hostile_names_as_text(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(write_hostile_corpus(tmp_path, BASE)))
    for actor_id in ("kataib-hezbollah", "pmf", "abu-fadak", "al-qaim"):
        at = open_app("actor", timeout=60, id=actor_id)
        assert_no_live_markup(markdown_shown(at))
        assert_no_live_tags([chart.proto.spec for chart in at.get("plotly_chart")])
        html_bodies = "".join(h.proto.body for h in at.get("html"))
        assert "<img" not in html_bodies and '<a href="http' not in html_bodies
    headers = [h.value for h in open_app("actor", id="kataib-hezbollah").main.header]
    assert headers == [plain(payloads(BASE)["actor_image"])]
    searched = open_app("actor", timeout=60, id="kataib-hezbollah", q=payloads(BASE)["search"])
    assert any(plain(payloads(BASE)["search"]) in c.value for c in searched.caption)
    assert_no_live_markup(markdown_shown(searched))


# --- links from the other views ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "params", "link"),
    [
        ("overview", {}, 'href="actor?id=kataib-hezbollah"'),
        ("network", {}, "actor?id=kataib-hezbollah"),
        ("quotes", {}, 'href="actor?id=abu-fadak"'),
        ("events", {}, "actor?id=united-states"),
        ("compare", {"actor": "kataib-hezbollah"}, 'href="actor?actor=kataib-hezbollah&amp;id=kataib-hezbollah"'),
    ],
)
def test_profile_linked_from_every_view_that_names_actors(data_dir, page: str, params: dict, link: str) -> None:
    at = open_app(page, **params)
    assert link in link_values(at)


def test_profile_link_from_overview_opens_the_profile(data_dir) -> None:
    at = open_app("overview", outlet="Beta Times")
    assert 'href="actor?outlet=Beta+Times&amp;id=kataib-hezbollah"' in link_values(at)
    profile = open_app("actor", outlet="Beta Times", id="kataib-hezbollah")
    assert kpis(profile)["Mentions"] == "2"


def test_profile_manifest_is_untouched(data_dir) -> None:
    """The profile reads; it never writes the tables or their manifest."""
    before = json.loads((data_dir / "manifest.json").read_text())
    open_app("actor", id="pmf")
    assert json.loads((data_dir / "manifest.json").read_text()) == before


def test_profile_of_a_party_events_describe_shows_its_events_not_missing_mentions(seed_build, monkeypatch) -> None:
    """A described party ("woman", "sniper") has no mention by design: its profile says what it is and
    lists its events, with no warning to widen the filters and no empty mention sections."""
    _, tables, out = seed_build
    described = tables["actors"][tables["actors"]["actor_id"].str.startswith("described-")]
    assert not described.empty, "the seeds' events describe parties"
    actor = described.iloc[0]
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(out))
    at = open_app("actor", id=actor["actor_id"])
    assert [h.value for h in at.main.header] == [plain(actor["name"])]
    assert [s.value for s in at.subheader] == ["Events", "Curation"]
    assert "without naming it" in at.info[0].value and not at.warning
    assert len(frame(at, "role")) >= 1
