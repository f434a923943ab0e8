"""Analyst curation: every decision kind round-trips through rebuilds and undo; stale, conflicting and
concurrent decisions."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from pipeline.build import build_corpus
from pipeline.config import PROJECT_DIR, PipelineConfig
from pipeline.curation import CurationError, apply_decisions, read_decisions, record_decision, recurate, undo_decision
from pipeline.curation.review_queue import review_queue
from pipeline.store import read_tables

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A built copy of the seeds with its own, initially empty, curation file."""
    root = tmp_path_factory.mktemp("curation")
    decisions = root / "curation.yaml"
    config = replace(PipelineConfig(), curation_file=decisions)
    out = root / "data"
    seeds = PROJECT_DIR / "seeds"
    build_corpus(seeds, out, config=config)
    return {"out": out, "decisions": decisions, "config": config, "src": seeds}


@pytest.fixture
def decisions(corpus):
    """The curation file, emptied again after each test."""
    yield corpus["decisions"]
    corpus["decisions"].unlink(missing_ok=True)
    recurate(corpus["out"], corpus["decisions"])


def _tables(corpus, *, rebuild: bool = False):
    if rebuild:
        build_corpus(corpus["src"], corpus["out"], config=corpus["config"])
        return read_tables(corpus["out"])
    return recurate(corpus["out"], corpus["decisions"])


def _actor(tables, actor_id):
    actors = tables["actors"].set_index("actor_id")
    return actors.loc[actor_id] if actor_id in actors.index else None


def _round_trip(corpus, decisions, kind, check, **fields):
    """decide -> recurate (applied) -> rebuild (still applied) -> undo -> gone."""
    before = _tables(corpus)
    assert not check(before)
    decision = record_decision(decisions, kind, by="Test Analyst", note="round trip", **fields)
    assert check(_tables(corpus))
    assert check(_tables(corpus, rebuild=True))
    undo_decision(decisions, decision.id, by="Test Analyst")
    assert not check(_tables(corpus))
    assert read_decisions(decisions)[0].undone["by"] == "Test Analyst"


def test_curation_merge_round_trip(corpus, decisions):
    def merged(tables):
        rows = tables["mentions"][tables["mentions"]["surface"] == "Hezbollah"]
        return (
            _actor(tables, "hezbollah") is None
            and set(rows["actor_id"]) == {"kataib-hezbollah"}
            and set(rows["method"]) == {"curation"}
        )

    _round_trip(corpus, decisions, "merge", merged, actor="hezbollah", into="kataib-hezbollah")


def test_curation_split_round_trip(corpus, decisions):
    def split(tables):
        rows = tables["mentions"][tables["mentions"]["surface"] == "Tufuf Brigade"]
        return len(rows) > 0 and set(rows["actor_id"]) == {"tufuf-brigade-2002"}

    _round_trip(
        corpus, decisions, "split", split, actor="liwa-al-tufuf", alias="Tufuf Brigade", name="Tufuf Brigade 2002"
    )


def test_curation_rename_retype_locate_round_trip(corpus, decisions):
    _round_trip(
        corpus,
        decisions,
        "rename",
        lambda t: _actor(t, "al-qaim")["name"] == "Qaim (town)",
        actor="al-qaim",
        name="Qaim (town)",
    )
    _round_trip(
        corpus,
        decisions,
        "retype",
        lambda t: _actor(t, "pentagon")["type"] == "security_force",
        actor="pentagon",
        type="security_force",
    )
    _round_trip(
        corpus, decisions, "locate", lambda t: _actor(t, "al-qaim")["lat"] == 34.0, actor="al-qaim", lat=34.0, lon=41.0
    )


def test_curation_reject_actor_and_mention_round_trip(corpus, decisions):
    mention = _tables(corpus)["mentions"].iloc[0]["mention_id"]
    _round_trip(corpus, decisions, "reject_actor", lambda t: _actor(t, "pentagon") is None, actor="pentagon")
    _round_trip(
        corpus, decisions, "reject_mention", lambda t: mention not in set(t["mentions"]["mention_id"]), mention=mention
    )


def test_curation_add_actor_is_found_in_every_article(corpus, decisions):
    def added(tables):
        rows = tables["mentions"][tables["mentions"]["actor_id"] == "border-strip"]
        texts = dict(zip(tables["documents"]["doc_id"], tables["documents"]["text"], strict=True))
        return len(rows) >= 2 and all(texts[r.doc_id][r.start : r.end] == r.surface for r in rows.itertuples())

    _round_trip(corpus, decisions, "add_actor", added, name="Border strip", type="place", aliases=["border strip"])


def test_curation_accept_mention_leaves_the_review_queue(corpus, decisions):
    queue = review_queue(_tables(corpus))
    assert len(queue) > 0 and {"reason", "mention_id"} <= set(queue.columns)
    first = queue.iloc[0]["mention_id"]
    record_decision(decisions, "accept_mention", by="Test Analyst", mention=first)
    assert first not in set(review_queue(_tables(corpus))["mention_id"])


def test_curation_stale_decision_is_reported_not_dropped(corpus, decisions):
    record_decision(decisions, "rename", by="Test Analyst", actor="no-such-actor", name="Ghost")
    problems = _tables(corpus)["problems"]
    assert problems["reason"].str.contains("no longer applies: actor no-such-actor not found").any()
    assert len(read_decisions(decisions)) == 1


def test_curation_conflicting_decisions_apply_in_order(corpus, decisions):
    record_decision(decisions, "rename", by="A", actor="al-qaim", name="First")
    record_decision(decisions, "rename", by="B", actor="al-qaim", name="Second")
    record_decision(decisions, "merge", by="A", actor="anbar", into="al-qaim")
    record_decision(decisions, "rename", by="B", actor="anbar", name="Too late")
    tables = _tables(corpus)
    assert _actor(tables, "al-qaim")["name"] == "Second"
    assert tables["problems"]["reason"].str.contains("actor anbar not found").any()


def test_curation_apply_is_idempotent(corpus, decisions):
    record_decision(decisions, "merge", by="A", actor="hezbollah", into="kataib-hezbollah")
    uncurated = read_tables(corpus["out"] / "uncurated")
    once, _ = apply_decisions(uncurated, read_decisions(decisions))
    twice, _ = apply_decisions(uncurated, read_decisions(decisions))
    assert once["mentions"].equals(twice["mentions"]) and once["actors"].equals(twice["actors"])


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("explode", {}, "kind"),
        ("merge", {"actor": "a"}, "into"),
        ("merge", {"actor": "a", "into": "a"}, "itself"),
        ("retype", {"actor": "a", "type": "wizard"}, "type"),
        ("add_actor", {"name": "X", "type": "place", "aliases": "X"}, "list"),
    ],
)
def test_curation_bad_decisions_are_refused(tmp_path, kind, fields, message):
    with pytest.raises(CurationError, match=message):
        record_decision(tmp_path / "c.yaml", kind, by="A", **fields)


def test_curation_needs_a_name(tmp_path):
    with pytest.raises(CurationError, match="name"):
        record_decision(tmp_path / "c.yaml", "rename", by=" ", actor="a", name="b")


_DECIDE_MANY = """
import sys
from pathlib import Path
from pipeline.curation import record_decision
path, who, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for index in range(count):
    record_decision(path, "rename", by=who, actor=f"actor-{who}-{index}", name="x")
"""


def test_curation_concurrent_writers_lose_nothing(tmp_path):
    """Three independent processes (as three browser tabs' servers would be) decide at once."""
    path = tmp_path / "curation.yaml"
    workers = [
        subprocess.Popen([sys.executable, "-c", _DECIDE_MANY, str(path), who, "15"], cwd=PROJECT_DIR)
        for who in ("tab1", "tab2", "tab3")
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0]
    assert len(read_decisions(path)) == 45


def test_curation_hand_edit_makes_tables_stale(corpus, decisions):
    from pipeline.rebuild import tables_status

    assert tables_status(corpus["out"]).state == "fresh"
    record_decision(decisions, "rename", by="A", actor="al-qaim", name="Qaim")
    assert tables_status(corpus["out"]).state == "stale"
    recurate(corpus["out"], decisions)
    assert tables_status(corpus["out"]).state == "fresh"


def test_curation_carries_events_along(corpus, decisions):
    """Events name actors and places: a merge renames them there, a rejection empties them, and a
    located place moves its events."""
    events = _tables(corpus)["events"]
    involved = events.dropna(subset=["actor1_id"])
    assert not involved.empty, "the seeds report events with an initiator"
    source = involved["actor1_id"].iat[0]
    record_decision(
        decisions,
        "merge",
        by="Test Analyst",
        actor=source,
        into="united-states" if source != "united-states" else "iraq",
    )
    merged = _tables(corpus)["events"]
    assert source not in set(merged["actor1_id"].dropna()) | set(merged["actor2_id"].dropna())
    placed = merged.dropna(subset=["place_id"])
    if not placed.empty:
        place = placed["place_id"].iat[0]
        record_decision(decisions, "locate", by="Test Analyst", actor=place, lat=1.5, lon=2.5)
        located = _tables(corpus)["events"]
        assert set(located.loc[located["place_id"] == place, "lat"]) == {1.5}
        record_decision(decisions, "reject_actor", by="Test Analyst", actor=place)
        assert place not in set(_tables(corpus)["events"]["place_id"].dropna())
