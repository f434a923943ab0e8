"""Curation view: AppTest records every decision kind through the widgets, undoes it, and refuses bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.curation import actor_labels, history_item_html, parse_aliases, queue_item_html
from components.plain import plain
from pipeline.curation import read_decisions, recurate, uncurated_dir
from pipeline.store import read_tables

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
TIMEOUT = 30
ANALYST = "Test Analyst"


@pytest.fixture
def curated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus_writer) -> dict[str, Path]:
    """The synthetic tables as a build leaves them: an uncurated copy, and a manifest naming a
    temporary curation file (never the repository's data/curation.yaml)."""
    data, decisions = tmp_path / "data", tmp_path / "curation.yaml"
    corpus_writer(uncurated_dir(data))
    recurate(data, decisions)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    return {"data": data, "decisions": decisions}


def open_curation(name: str = ANALYST, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"page": "curation", **params})
    at.run()
    if name:
        at.text_input(key="curation_analyst").set_value(name).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def record(at: AppTest, kind: str, **values) -> AppTest:
    """Choose the decision kind, fill its widgets (by the end of their key) and press Record."""
    at.selectbox(key="curation_kind").set_value(kind).run()
    for name, value in values.items():
        key = f"curation_{kind}_{name}"
        widget = next(w for w in at.main if getattr(w, "key", None) == key)
        widget.set_value(value).run()
    at.button(key="curation_record").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def actor(tables: dict, actor_id: str) -> pd.Series | None:
    actors = tables["actors"].set_index("actor_id")
    return actors.loc[actor_id] if actor_id in actors.index else None


def value(tables: dict, actor_id: str, column: str):
    """One cell of an actor's row, None when the actor is not there."""
    row = actor(tables, actor_id)
    return None if row is None else row[column]


def test_curation_view_merge_reduces_actors_and_relinks_mentions(curated) -> None:
    at = record(open_curation(), "merge", actor="iraqi-army", into="pmf")
    assert at.success[0].value == plain("Recorded: Merge actor Iraqi Army into Popular Mobilization Forces.")
    tables = read_tables(curated["data"])
    assert len(tables["actors"]) == 6 and actor(tables, "iraqi-army") is None
    moved = tables["mentions"][tables["mentions"]["surface"] == "Iraqi Army"]
    assert set(moved["actor_id"]) == {"pmf"} and set(moved["method"]) == {"curation"}
    assert "Iraqi Army" in actor(tables, "pmf")["aliases"]
    assert at.selectbox(key="curation_merge_actor").value is None  # the form is emptied for the next decision
    assert "iraqi-army" not in at.selectbox(key="curation_merge_actor").options


CHECKS: list[tuple[str, dict, Callable[[dict], bool]]] = [
    (
        "split",
        {"actor": "kataib-hezbollah", "alias": "KH", "name": "KH Splinter"},
        lambda t: value(t, "kh-splinter", "n_mentions") == 1 and value(t, "kataib-hezbollah", "n_mentions") == 3,
    ),
    ("rename", {"actor": "pmf", "name": "Hashd al-Shaabi"}, lambda t: value(t, "pmf", "name") == "Hashd al-Shaabi"),
    ("retype", {"actor": "abu-fadak", "type": "armed_group"}, lambda t: value(t, "abu-fadak", "type") == "armed_group"),
    (
        "locate",
        {"actor": "iraqi-army", "lat": 33.3, "lon": 44.4},
        lambda t: (value(t, "iraqi-army", "lat"), value(t, "iraqi-army", "lon")) == (33.3, 44.4),
    ),
    (
        "reject_actor",
        {"actor": "islamic-state"},
        lambda t: actor(t, "islamic-state") is None and len(t["mentions"]) == 14,
    ),
    (
        "reject_mention",
        {"actor": "al-qaim", "mention": "d2-m9"},
        lambda t: "d2-m9" not in set(t["mentions"]["mention_id"]) and value(t, "al-qaim", "n_mentions") == 3,
    ),
    (
        "add_actor",
        {"name": "Border Crossing", "type": "facility", "aliases": "crossing\nsmuggling route"},
        lambda t: (
            value(t, "border-crossing", "n_mentions") == 1
            and set(t["mentions"].loc[t["mentions"]["actor_id"] == "border-crossing", "method"]) == {"curation"}
        ),
    ),
]


@pytest.mark.parametrize(("kind", "values", "check"), CHECKS, ids=[kind for kind, _, _ in CHECKS])
def test_curation_view_records_each_kind(curated, kind: str, values: dict, check) -> None:
    assert not check(read_tables(curated["data"]))
    at = record(open_curation(), kind, **values)
    assert at.success and not at.error, [e.value for e in at.error]
    assert check(read_tables(curated["data"]))
    (decision,) = read_decisions(curated["decisions"])
    assert (decision.kind, decision.by) == (kind, ANALYST)


def test_curation_view_undo_restores_the_tables(curated) -> None:
    at = record(open_curation(), "reject_actor", actor="abu-fadak", note="a quote, not an actor")
    assert actor(read_tables(curated["data"]), "abu-fadak") is None
    (decision,) = read_decisions(curated["decisions"])
    assert decision.note == "a quote, not an actor"
    at.button(key=f"curation_undo_{decision.id}").click().run()
    assert at.success[0].value == plain("Undone: Reject actor Abu Fadak: not an actor.")
    tables = read_tables(curated["data"])
    assert actor(tables, "abu-fadak")["n_mentions"] == 1 and len(tables["actors"]) == 7
    assert read_decisions(curated["decisions"])[0].undone["by"] == ANALYST
    assert not any(b.key == f"curation_undo_{decision.id}" for b in at.button)  # undone once only
    assert "undone by Test Analyst" in "".join(h.proto.body for h in at.get("html"))


def test_curation_view_needs_a_name_before_deciding(curated) -> None:
    at = open_curation(name="")
    assert any("Type your name" in w.value for w in at.warning)
    at.selectbox(key="curation_merge_actor").set_value("iraqi-army").run()
    at.selectbox(key="curation_merge_into").set_value("pmf").run()
    assert at.button(key="curation_record").disabled
    assert all(b.disabled for b in at.button if b.key.startswith(("curation_accept_", "curation_reject_")))
    assert not curated["decisions"].exists()


def test_curation_view_name_is_kept_across_pages(curated) -> None:
    at = open_curation()
    at.query_params["page"] = "timeline"  # a link to another page (callable pages cannot be switch_page'd)
    at.run()
    assert at.title[0].value == "Timeline"
    at.query_params["page"] = "curation"
    at.run()
    assert at.text_input(key="curation_analyst").value == ANALYST


@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        ("rename", {"actor": "pmf"}, "rename needs name"),
        ("merge", {"actor": "pmf"}, "merge needs into"),
        ("add_actor", {"name": "Someone"}, "add_actor needs type"),
    ],
)
def test_curation_view_bad_decision_shows_the_error(curated, kind: str, values: dict, message: str) -> None:
    at = record(open_curation(), kind, **values)
    assert plain(message) in at.error[0].value and at.error[0].value.startswith("Not recorded")
    assert not at.success
    assert read_decisions(curated["decisions"]) == []


def test_curation_view_decision_that_does_not_apply_is_kept_with_a_warning(curated) -> None:
    at = record(open_curation(), "add_actor", name="Nobody Here", type="person")
    assert at.success and any("does not apply" in w.value for w in at.warning)
    assert len(read_decisions(curated["decisions"])) == 1
    problems = read_tables(curated["data"])["problems"]
    assert (problems["source_file"] == "curation").sum() == 1


def test_curation_view_review_queue_accept_and_reject(curated) -> None:
    at = open_curation()
    queued = [b.key.removeprefix("curation_accept_") for b in at.button if b.key.startswith("curation_accept_")]
    assert sorted(queued) == ["d1-m5", "d3-m10"]  # the two actors seen once
    at.button(key="curation_accept_d1-m5").click().run()
    assert not any(b.key == "curation_accept_d1-m5" for b in at.button)
    at.button(key="curation_reject_d3-m10").click().run()
    mentions = read_tables(curated["data"])["mentions"].set_index("mention_id")
    assert mentions.loc["d1-m5", "reviewed"] and "d3-m10" not in mentions.index
    assert [d.kind for d in read_decisions(curated["decisions"])] == ["accept_mention", "reject_mention"]
    assert "Nothing to review" in at.success[-1].value


def test_curation_view_review_queue_follows_the_filters(curated) -> None:
    at = open_curation(outlet="Alpha News")
    queued = [b.key for b in at.button if b.key.startswith("curation_accept_")]
    assert queued == ["curation_accept_d1-m5"]


def test_curation_view_filter_on_a_merged_actor_does_not_break(curated) -> None:
    at = open_curation(actor="iraqi-army")
    record(at, "merge", actor="iraqi-army", into="pmf")
    assert at.sidebar.multiselect(key="filters_actors").value == []


def test_curation_view_without_uncurated_tables_says_how_to_rebuild(data_dir) -> None:
    at = open_curation(name="")
    assert "Rebuild them" in at.info[0].value
    assert not any(b.key == "curation_record" for b in at.button)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("Kata'ib Hezbollah", "KH\nKataib Hizballah", ["Kata'ib Hezbollah", "KH", "Kataib Hizballah"]),
        ("PMF", " PMU ; Hashd \n\nPMF", ["PMF", "PMU", "Hashd"]),
        ("", "", []),
    ],
)
def test_curation_parse_aliases(name: str, text: str, expected: list[str]) -> None:
    assert parse_aliases(name, text) == expected


def test_curation_actor_labels_are_alphabetical_with_type_and_count() -> None:
    actors = pd.DataFrame(
        {"actor_id": ["b", "a"], "name": ["beta", "Alpha"], "type": ["place", "person"], "n_mentions": [3, 1]}
    )
    assert actor_labels(actors) == {"a": "Alpha · person · 1", "b": "beta · place · 3"}


def test_curation_item_html_escapes_article_and_analyst_text() -> None:
    sentence = "<img src=x onerror=alert(1)> met Abu Fadak."
    start = 81 + sentence.index("Abu Fadak")
    row = pd.Series(
        dict(surface="Abu Fadak", name="Abu <b>", type="person", method="ner", score=0.5, reason="actor seen once",
             sentence=sentence, start=start, end=start + 9, sentence_start=81, title="<script>", outlet=None)
    )  # fmt: skip
    body = queue_item_html(row)
    assert "<img" not in body and "<script>" not in body and "&lt;img src=x" in body
    assert '<mark class="hl">Abu Fadak</mark>' in body
    assert "untitled · unknown outlet" in queue_item_html(row.replace({"<script>": pd.NA}))
    decision = pd.Series(dict(what="rename (name=<i>x</i>)", by="<b>me</b>", at="now", note="<u>", status="applied"))
    assert "<i>" not in history_item_html(decision) and "<u>" not in history_item_html(decision)


HISTORY = [
    ("reject_mention", {"mention": "d2-m9"}, "Reject the mention “Qaim” (Al-Qaim) in “Smuggling through Qaim"),
    ("merge", {"actor": "iraqi-army", "into": "pmf"}, "Merge actor Iraqi Army into Popular Mobilization Forces"),
    ("rename", {"actor": "abu-fadak", "name": "Abu F"}, "Rename Abu Fadak to “Abu F”"),
    (
        "retype",
        {"actor": "pmf", "type": "armed_group"},
        "Change the type of Popular Mobilization Forces to armed group",
    ),
    ("locate", {"actor": "pmf", "lat": 33.3, "lon": 44.4}, "Place Popular Mobilization Forces at latitude 33.3"),
    ("reject_actor", {"actor": "islamic-state"}, "Reject actor Islamic State"),
    ("split", {"actor": "kataib-hezbollah", "alias": "KH", "name": "KH Two"}, "Split the alias “KH” off Kata'ib"),
    ("add_actor", {"name": "Border Crossing", "type": "facility", "aliases": ["crossing"]}, "Add actor “Border"),
]


def test_curation_history_names_actors_and_mentions_not_ids(curated) -> None:
    """Every kind reads as words, also when the curated tables no longer hold what it names (a rejected
    mention or actor, an actor merged away: found among the uncurated tables)."""
    import data_access
    from data_access.curation import decide, select_history

    def load():
        return data_access.load_tables.__wrapped__(str(curated["data"]), 0.0)

    for kind, fields, _ in HISTORY:
        assert decide(curated["data"], load(), kind, by=ANALYST, **fields).ok
    history = select_history(load(), curated["data"])
    for (kind, _, words), what in zip(HISTORY, reversed(list(history["what"])), strict=True):
        assert what.startswith(words), (kind, what)
        assert "=" not in what and "iraqi-army" not in what and "d2-m9" not in what


def test_curation_history_keeps_an_id_it_cannot_find(curated) -> None:
    import data_access
    from data_access.event_curation import describe_decisions
    from pipeline.curation import Decision

    tables = data_access.load_tables.__wrapped__(str(curated["data"]), 0.0)
    ghosts = [
        Decision("a", "reject_mention", "x", "t", fields={"mention": "nowhere"}),
        Decision("b", "merge", "x", "t", fields={"actor": "ghost", "into": "pmf"}),
    ]
    assert describe_decisions(tables, curated["data"], ghosts) == [
        "Reject the mention nowhere (no longer in these tables)",
        "Merge actor ghost into Popular Mobilization Forces",
    ]
