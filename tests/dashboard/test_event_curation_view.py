"""Curation of events in the dashboard: AppTest picks an event by its clause, corrects it in a
pre-filled form, rejects one, merges and splits clusters, works the review queue's unsure events
(accept, edit in place, cancel) and undoes."""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.event_curation import event_item_html
from components.plain import plain
from pipeline.curation import read_decisions, recurate, uncurated_dir
from pipeline.store import read_tables

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
TIMEOUT = 30
ANALYST = "Test Analyst"
EDIT = "curation_edit_event_"  # the Decide tab's event correction form's key prefix
QUEUE_EDIT = "curation_queue_edit_"  # the review queue's correction form's


@pytest.fixture
def curated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus_writer) -> dict[str, Path]:
    """The synthetic tables as a build leaves them (an uncurated copy; a temporary curation file).
    Events: e0 a strike with everything, e1 dated by publication, e2 without a place."""
    data, decisions = tmp_path / "data", tmp_path / "curation.yaml"
    corpus_writer(uncurated_dir(data))
    recurate(data, decisions)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    return {"data": data, "decisions": decisions}


def open_curation(name: str = ANALYST) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"page": "curation"})
    at.run()
    if name:
        at.text_input(key="curation_analyst").set_value(name).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def field(at: AppTest, name: str, *, prefix: str = EDIT):
    """A widget of a correction form by the end of its key (its key also names the round and the event's values)."""
    for widget in at.main:
        key = getattr(widget, "key", None) or ""
        if key.startswith(prefix) and key.endswith(f"_{name}") and key != f"{EDIT}event":
            return widget
    raise KeyError(f"no widget {prefix}..._{name}")


def events(data: Path) -> pd.DataFrame:
    return read_tables(data, ("events",))["events"].set_index("event_id")


def html_of(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html"))


def test_event_curation_view_edit_is_prefilled_and_records_only_the_changes(curated) -> None:
    at = open_curation()
    at.selectbox(key="curation_kind").set_value("edit_event").run()
    picker = at.selectbox(key=f"{EDIT}event")
    assert picker.options[0].startswith("“The United States struck Kata'ib Hezbollah positions” · air drone strike")
    assert "Beta Times" in picker.options[0] and "Al-Qaim" in picker.options[0], "clause, type, date, place, outlet"
    picker.set_value("e0").run()
    assert field(at, "type").value == "explosion_remote_violence: air_drone_strike"
    assert (field(at, "actor1").value, field(at, "actor2").value, field(at, "place").value) == (
        "united-states", "kataib-hezbollah", "al-qaim",
    )  # fmt: skip
    assert field(at, "date").value == datetime.date(2019, 3, 3) and field(at, "granularity").value == "day"
    assert field(at, "fatalities").value == 25
    field(at, "fatalities").set_value(30).run()
    field(at, "actor2").set_value("").run()  # (none): the target is not known after all
    at.button(key="curation_record").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    message = at.success[0].value
    assert message.startswith(plain("Recorded: Edit event “The United States struck"))
    assert plain("target → none; fatalities → 30") in message and "e0" not in message
    row = events(curated["data"]).loc["e0"]
    assert row["fatalities"] == 30 and pd.isna(row["actor2_id"]) and row["actor1_id"] == "united-states"
    assert bool(row["reviewed"])
    (decision,) = read_decisions(curated["decisions"])
    assert (decision.kind, decision.fields) == ("edit_event", {"event": "e0", "actor2": None, "fatalities": 30})
    assert at.selectbox(key=f"{EDIT}event").value is None, "the form is emptied for the next decision"
    assert "Edit event “The United States struck Kata&#x27;ib Hezbollah positions” (Beta Times)" in html_of(at)


def test_event_curation_view_reject_removes_the_event_and_history_names_its_clause(curated) -> None:
    at = open_curation()
    at.selectbox(key="curation_kind").set_value("reject_event").run()
    at.selectbox(key="curation_reject_event_event").set_value("e2").run()
    at.button(key="curation_record").click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    assert "e2" not in events(curated["data"]).index and len(events(curated["data"])) == 2
    page = html_of(at)
    assert "Reject event “Kata&#x27;ib Hezbollah posted &lt;img src=x onerror=alert(1)&gt;” (Gamma Wire)" in page
    assert "<img src=x" not in page
    (decision,) = read_decisions(curated["decisions"])
    at.button(key=f"curation_undo_{decision.id}").click().run()
    assert "e2" in events(curated["data"]).index, "undone: the event is back"
    assert at.success[0].value.startswith(plain("Undone: Reject event “Kata'ib Hezbollah posted"))


def test_event_curation_view_unchanged_edit_is_refused(curated) -> None:
    at = open_curation()
    at.selectbox(key="curation_kind").set_value("edit_event").run()
    at.selectbox(key=f"{EDIT}event").set_value("e1").run()
    at.button(key="curation_record").click().run()
    assert at.error[0].value.startswith("Not recorded") and plain("needs at least one of") in at.error[0].value
    assert read_decisions(curated["decisions"]) == []


def test_event_curation_view_merge_and_split_clusters(curated) -> None:
    at = open_curation()
    at.selectbox(key="curation_kind").set_value("merge_event").run()
    at.selectbox(key="curation_merge_event_event").set_value("e1").run()
    at.selectbox(key="curation_merge_event_into").set_value("e0").run()
    at.button(key="curation_record").click().run()
    assert set(events(curated["data"]).loc[["e0", "e1"], "cluster_id"]) == {"c1"}
    at.selectbox(key="curation_kind").set_value("split_event").run()
    options = at.selectbox(key="curation_split_event_event").options
    assert len(options) == 2 and all("Iraqi Army" in o or "United States" in o for o in options), "shared clusters"
    at.selectbox(key="curation_split_event_event").set_value("e1").run()
    at.button(key="curation_record").click().run()
    clusters = events(curated["data"])["cluster_id"]
    assert clusters["e0"] == "c1" and clusters["e1"] not in {"c1", "c2", "c3"}
    assert [d.kind for d in read_decisions(curated["decisions"])] == ["merge_event", "split_event"]


def test_event_curation_view_review_queue_accept_and_edit(curated) -> None:
    at = open_curation()
    assert [s.value for s in at.subheader][:2] == ["Mentions", "Events"]
    prefix = "curation_event_accept_"
    queued = [b.key.removeprefix(prefix) for b in at.button if b.key.startswith(prefix)]
    assert sorted(queued) == ["e1", "e2"], "dated by publication; no place"
    assert "dated by its publication" in html_of(at) and "no place" in html_of(at)
    at.button(key="curation_event_accept_e1").click().run()
    assert not any(b.key == "curation_event_accept_e1" for b in at.button)
    assert bool(events(curated["data"]).at["e1", "reviewed"])
    at.button(key="curation_event_edit_e2").click().run()
    place = field(at, "place", prefix=QUEUE_EDIT)
    assert place.value == "" and field(at, "actor1", prefix=QUEUE_EDIT).value == "kataib-hezbollah", "pre-filled"
    place.set_value("al-qaim").run()
    at.button(key=f"{QUEUE_EDIT}record").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    row = events(curated["data"]).loc["e2"]
    assert (row["place_id"], row["lat"], row["lon"]) == ("al-qaim", 34.37, 41.09), "the place's coordinates follow"
    assert "Nothing to review among the filtered events." in [s.value for s in at.success]
    assert not any((getattr(w, "key", None) or "").startswith(QUEUE_EDIT) for w in at.main), "the form closed"
    decisions = read_decisions(curated["decisions"])
    assert [(d.kind, d.fields) for d in decisions] == [
        ("accept_event", {"event": "e1"}),
        ("edit_event", {"event": "e2", "place": "al-qaim"}),
    ]


def test_event_curation_view_queue_edit_cancel_records_nothing(curated) -> None:
    at = open_curation()
    at.button(key="curation_event_edit_e1").click().run()
    field(at, "fatalities", prefix=QUEUE_EDIT).set_value(7).run()
    at.button(key=f"{QUEUE_EDIT}cancel").click().run()
    assert not any((getattr(w, "key", None) or "").startswith(QUEUE_EDIT) for w in at.main)
    assert read_decisions(curated["decisions"]) == []


def test_event_curation_view_queue_needs_a_name(curated) -> None:
    at = open_curation(name="")
    buttons = [b for b in at.button if b.key.startswith("curation_event_")]
    assert buttons and all(b.disabled for b in buttons)


def test_event_curation_item_html_escapes_article_text() -> None:
    row = pd.Series(
        dict(text="<img src=x onerror=alert(1)> struck", event_type="battle", sub_event_type="armed_clash",
             date=pd.Timestamp("2024-03-10"), place="<b>Gao</b>", actor1=None, actor2=pd.NA, fatalities=pd.NA,
             score=0.5, title="<script>", outlet=None)
    )  # fmt: skip
    body = event_item_html(row, "no initiator <i>")
    assert "<img" not in body and "<script>" not in body and "<b>Gao" not in body and "<i>" not in body
    assert "&lt;img src=x" in body and "2024-03-10" in body and "initiator unknown" in body
    assert "fatalities not stated" in body and "unknown outlet" in body and "score 0.50" in body
