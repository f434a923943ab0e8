"""Curation of events on real builds: each event decision recorded through the dashboard's API
(data_access.decide / undo) applies at once, survives a rebuild and is undone; an event that is
gone after a rebuild makes its decision stale, reported; cluster ids after merges and splits are
shared and deterministic; a bad event decision in the file is skipped with its file and line."""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import pytest
from test_events import ARTICLE_A, ARTICLE_B

import data_access
from pipeline.build import build_corpus
from pipeline.config import PipelineConfig
from pipeline.curation import (
    CurationError,
    apply_decisions,
    event_review_queue,
    load_decisions,
    pack_from_curation,
    read_decisions,
    record_decision,
    recurate,
    uncurated_dir,
)
from pipeline.curation import decisions as decisions_module
from pipeline.curation import file as decisions_file
from pipeline.curation.review_queue import DATED_BY_PUBLICATION, NO_INITIATOR, NO_PLACE
from pipeline.schema import EVENT_DATE_BASES, EVENT_TYPES
from pipeline.store import read_tables

pytestmark = pytest.mark.slow

ANALYST = "Test Analyst"
METADATA = (
    "file,url,outlet,published\n"
    "a_sahel_monitor.txt,https://example.org/a,Sahel Monitor,2024-03-12\n"
    "b_desert_wire.txt,https://example.org/b,Desert Wire,2024-03-11\n"
)
ARRESTS = "Separately, Malian troops arrested 14 suspected JNIM members in Mopti on Monday.\n"


def write_articles(src: Path, article_b: str = ARTICLE_B) -> Path:
    """The two-article corpus of tests/pipeline/test_events.py: one drone strike told by both, an arrest by one."""
    src.mkdir(parents=True, exist_ok=True)
    (src / "a_sahel_monitor.txt").write_text(ARTICLE_A, encoding="utf-8")
    (src / "b_desert_wire.txt").write_text(article_b, encoding="utf-8")
    (src / "metadata.csv").write_text(METADATA, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, folder_builder) -> dict:
    root = tmp_path_factory.mktemp("event-curation")
    src, out = write_articles(root / "src"), root / "data"
    folder_builder(src, out)  # its decisions file is out/curation.yaml
    decisions = out / "curation.yaml"
    return {"src": src, "out": out, "decisions": decisions, "config": PipelineConfig(curation_file=decisions)}


@pytest.fixture
def decisions(corpus) -> Path:
    """The corpus's decisions file, emptied again (and the tables re-curated) after each test."""
    yield corpus["decisions"]
    corpus["decisions"].unlink(missing_ok=True)
    recurate(corpus["out"], corpus["decisions"])


def _open(out: Path) -> data_access.Tables:
    return data_access.open_tables(out)


def _decide(corpus, kind: str, **fields) -> data_access.CurationResult:
    """A decision as the dashboard records it: through data_access, which re-applies every decision."""
    result = data_access.decide(corpus["out"], _open(corpus["out"]), kind, by=ANALYST, note="test", **fields)
    assert result.ok and not result.warning, result
    return result


def _events(corpus, *, rebuild: bool = False) -> pd.DataFrame:
    if rebuild:
        build_corpus(corpus["src"], corpus["out"], config=corpus["config"])
    return read_tables(corpus["out"], ("events",))["events"].set_index("event_id", drop=False)


def _pick(events: pd.DataFrame, sub_event_type: str, doc_prefix: str = "") -> str:
    """The id of the first event of that sub-type (in a document whose id starts so)."""
    found = events[(events["sub_event_type"] == sub_event_type) & events["doc_id"].str.startswith(doc_prefix)]
    assert len(found), events[["doc_id", "text", "sub_event_type"]]
    return str(found["event_id"].iat[0])


def _round_trip(corpus, kind: str, check, **fields) -> None:
    """decide (applied at once) -> rebuild (still applied) -> undo (gone, and recorded as undone)."""
    assert not check(_events(corpus))
    _decide(corpus, kind, **fields)
    assert check(_events(corpus)), "applied by the dashboard's re-curation"
    assert check(_events(corpus, rebuild=True)), "kept by a rebuild"
    (decision,) = read_decisions(corpus["decisions"])
    undone = data_access.undo(corpus["out"], _open(corpus["out"]), decision.id, by=ANALYST)
    assert undone.ok, undone
    assert not check(_events(corpus))
    assert read_decisions(corpus["decisions"])[0].undone["by"] == ANALYST


def test_event_curation_reject_round_trip(corpus, decisions):
    arrest = _pick(_events(corpus), "arrests")
    _round_trip(corpus, "reject_event", lambda events: arrest not in events.index, event=arrest)
    assert arrest in set(read_tables(uncurated_dir(corpus["out"]), ("events",))["events"]["event_id"])


def test_event_curation_edit_round_trip(corpus, decisions):
    events = _events(corpus)
    strike = _pick(events, "air_drone_strike", "b_")
    gao = events.at[strike, "place_id"]
    actors = read_tables(corpus["out"], ("actors",))["actors"].set_index("actor_id")
    mopti = actors.loc[(actors["type"] == "place") & (actors.index != gao)].index[0]

    def edited(events: pd.DataFrame) -> bool:
        row = events.loc[strike]
        return (
            (row["event_type"], row["sub_event_type"]) == ("battle", "armed_clash")
            and row["actor1_id"] == "jnim"
            and pd.isna(row["actor2_id"])
            and row["place_id"] == mopti
            and (row["lat"], row["lon"]) == (actors.at[mopti, "lat"], actors.at[mopti, "lon"])
            and (row["date"], row["date_end"]) == (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
            and (row["date_granularity"], row["date_basis"]) == ("month", "curation")
            and row["fatalities"] == 0
            and bool(row["reviewed"])
        )

    _round_trip(
        corpus, "edit_event", edited, event=strike, event_type="battle", sub_event_type="armed_clash",
        actor1="jnim", actor2=None, place=mopti, date="2024-03-09", date_granularity="month", fatalities=0,
    )  # fmt: skip
    assert "curation" in EVENT_DATE_BASES


def test_event_curation_merge_round_trip(corpus, decisions):
    events = _events(corpus)
    arrest, strike = _pick(events, "arrests"), _pick(events, "air_drone_strike", "a_")
    strike_cluster = events.at[strike, "cluster_id"]
    members = set(events.index[events["cluster_id"] == strike_cluster])
    assert len(members) >= 2, "both articles' strikes are one cluster"

    def merged(events: pd.DataFrame) -> bool:
        together = members | {arrest}
        return set(events.loc[list(together), "cluster_id"]) == {strike_cluster} and bool(
            events.at[arrest, "reviewed"] and events.at[strike, "reviewed"]
        )

    _round_trip(corpus, "merge_event", merged, event=arrest, into=strike)


def test_event_curation_split_round_trip_gives_the_same_new_cluster_every_build(corpus, decisions):
    events = _events(corpus)
    strike_a, strike_b = _pick(events, "air_drone_strike", "a_"), _pick(events, "air_drone_strike", "b_")
    cluster = events.at[strike_a, "cluster_id"]
    assert events.at[strike_b, "cluster_id"] == cluster, "both articles' strikes are one cluster"
    split = _decide(corpus, "split_event", event=strike_b)
    applied = _events(corpus)
    assert applied.at[strike_a, "cluster_id"] == cluster and applied.at[strike_b, "reviewed"]
    new = applied.at[strike_b, "cluster_id"]
    assert new != cluster and (applied["cluster_id"] == new).sum() == 1, "a cluster of its own"
    assert _events(corpus, rebuild=True).at[strike_b, "cluster_id"] == new, "the same id on every build"
    (decision,) = read_decisions(corpus["decisions"])
    assert split.ok and data_access.undo(corpus["out"], _open(corpus["out"]), decision.id, by=ANALYST).ok
    assert _events(corpus).at[strike_b, "cluster_id"] == cluster


def test_event_curation_accept_leaves_the_review_queue(corpus, decisions):
    events = _events(corpus).reset_index(drop=True)
    queue = event_review_queue(events)
    assert len(queue) and list(queue["score"]) == sorted(queue["score"]), "least sure first"
    unsure = events[events["actor1_id"].isna() | events["place_id"].isna() | (events["date_basis"] == "published")]
    assert set(unsure["event_id"]) <= set(queue["event_id"])
    first = queue.iloc[0]
    assert set(first["reason"].split("; ")) <= {
        NO_INITIATOR,
        NO_PLACE,
        DATED_BY_PUBLICATION,
        f"low score {first['score']:.2f}",
    }
    _decide(corpus, "accept_event", event=first["event_id"])
    after = _events(corpus).reset_index(drop=True)
    assert first["event_id"] not in set(event_review_queue(after)["event_id"])
    assert len(event_review_queue(after)) == len(queue) - 1


def test_event_curation_history_names_events_by_their_clause(corpus, decisions):
    events = _events(corpus)
    arrest, strike = _pick(events, "arrests"), _pick(events, "air_drone_strike", "a_")
    result = _decide(corpus, "edit_event", event=strike, fatalities=12, actor2="jnim")
    assert "“A drone strike by the Malian army" in result.message and "fatalities → 12" in result.message
    _decide(corpus, "reject_event", event=arrest)
    tables = _open(corpus["out"])
    jnim = tables.actors.set_index("actor_id").at["jnim", "name"]
    history = data_access.select_history(tables, corpus["out"])
    reject, edit = history["what"]
    assert reject.startswith("Reject event “Separately, Malian troops arrested") and "(Desert Wire)" in reject
    assert edit.startswith("Edit event “A drone strike") and f"target → {jnim}" in edit
    assert arrest not in reject and strike not in edit, "clauses, not ids"
    assert set(history["status"]) == {"applied"}


def test_event_curation_stale_decision_is_reported_after_a_rebuild(tmp_path, folder_builder):
    src, out = write_articles(tmp_path / "src"), tmp_path / "data"
    folder_builder(src, out)
    decisions = out / "curation.yaml"
    arrest = _pick(read_tables(out, ("events",))["events"], "arrests")
    result = data_access.decide(out, _open(out), "reject_event", by=ANALYST, event=arrest)
    assert result.ok and not result.warning
    (src / "b_desert_wire.txt").write_text(ARTICLE_B.replace(ARRESTS, ""), encoding="utf-8")  # the arrest is gone
    build_corpus(src, out, config=PipelineConfig(curation_file=decisions))
    problems = read_tables(out, ("problems",))["problems"]
    stale = problems[problems["reason"].str.contains(f"no longer applies: event {arrest} not found", regex=False)]
    assert len(stale) == 1 and stale["source_file"].iat[0] == "curation"
    assert len(read_decisions(decisions)) == 1, "kept in the file, not dropped"
    history = data_access.select_history(_open(out), out)
    assert history["status"].iat[0] == f"no longer applies: event {arrest} not found"
    assert history["what"].iat[0] == f"Reject event {arrest} (no longer in these tables)"


def test_event_curation_event_ids_are_stable_across_builds(corpus, tmp_path, folder_builder):
    """doc_id + clause offsets + sub-type: a build from scratch (no cache) gives the same ids and clusters."""
    again = folder_builder(write_articles(tmp_path / "src"), tmp_path / "data")[1]["events"]
    first = read_tables(uncurated_dir(corpus["out"]), ("events",))["events"]
    columns = ["event_id", "doc_id", "start", "end", "sub_event_type", "cluster_id"]
    pd.testing.assert_frame_equal(again[columns], first[columns])
    assert first["event_id"].is_unique


def test_event_curation_edits_follow_later_actor_decisions(corpus):
    """An initiator an analyst set follows a later merge of that actor and is emptied by its rejection;
    an edit naming an actor that is not there does not apply (all of it), and says why."""
    uncurated = read_tables(uncurated_dir(corpus["out"]))
    strike = _pick(uncurated["events"], "air_drone_strike", "a_")
    fatalities = uncurated["events"].set_index("event_id").at[strike, "fatalities"]
    edit = _new("edit_event", event=strike, actor1="jnim")
    merge = _new("merge", actor="jnim", into="mali-armed-forces")
    ghost = _new("edit_event", event=strike, actor2="no-such-actor", fatalities=99)
    tables, problems = apply_decisions(uncurated, [edit, merge, ghost])
    row = tables["events"].set_index("event_id").loc[strike]
    assert row["actor1_id"] == "mali-armed-forces" and row["fatalities"] == fatalities
    assert [p.reason for p in problems] == [
        f"decision {ghost.id} {ghost.describe()} no longer applies: actor no-such-actor not found"
    ]
    tables, _ = apply_decisions(uncurated, [edit, _new("reject_actor", actor="jnim")])
    assert pd.isna(tables["events"].set_index("event_id").at[strike, "actor1_id"])


def test_event_curation_merged_clusters_share_one_deterministic_id(corpus):
    uncurated = read_tables(uncurated_dir(corpus["out"]))
    events = uncurated["events"]
    ids = list(events["event_id"])
    assert len(ids) >= 3
    chain = [_new("merge_event", event=ids[0], into=ids[1]), _new("merge_event", event=ids[2], into=ids[0])]
    once, _ = apply_decisions(uncurated, chain)
    twice, _ = apply_decisions(uncurated, chain)
    pd.testing.assert_frame_equal(once["events"], twice["events"])
    clusters = once["events"].set_index("event_id")["cluster_id"]
    target = events.set_index("event_id").at[ids[1], "cluster_id"]
    assert clusters[ids[0]] == clusters[ids[1]] == clusters[ids[2]] == target
    before = events.set_index("event_id")["cluster_id"]
    joined = {c for c in before if c in {before[ids[0]], before[ids[1]], before[ids[2]]}}
    assert set(clusters[before.isin(joined)]) == {target}, "every member of the merged clusters"
    pd.testing.assert_frame_equal(uncurated["events"], read_tables(uncurated_dir(corpus["out"]))["events"])


def test_event_curation_leaves_export_pack_alone(corpus, knowledge):
    """Event decisions beside actor ones: export-pack exports the actors only."""
    uncurated = read_tables(uncurated_dir(corpus["out"]))
    strike = _pick(uncurated["events"], "air_drone_strike", "a_")
    decisions = [_new("reject_event", event=strike), _new("rename", actor="jnim", name="JNIM coalition")]
    tables, _ = apply_decisions(uncurated, decisions)
    pack = pack_from_curation(tables, uncurated["actors"], decisions, knowledge.gazetteer, name="desk", where="test")
    assert len(pack.entries) + len(pack.skipped) == 1, "the renamed actor, exported or owned by its pack"
    assert all(e["name"] == "JNIM coalition" for e in pack.entries) and pack.non_actors == []


def _new(kind: str, **fields):
    from pipeline.curation.decisions import new_decision

    return new_decision(kind, by=ANALYST, **fields)


# --- the rules every event decision keeps, in the file and through the API ------------------------

HEAD = "schema_version: 1\ndecisions:\n"
GOOD = "- id: good-{n}\n  kind: reject_event\n  event: e{n}\n  by: A\n  at: '2026-01-01'\n"
# name -> (an entry, words of the reason it is skipped)
BAD_EVENT_ENTRIES = {
    "no event": ("kind: reject_event", "reject_event needs event"),
    "event a list": ("kind: reject_event\n  event: [a, b]", "event must be text, not a list"),
    "unknown key": ("kind: reject_event\n  event: e1\n  actor1: x", "unknown key actor1"),
    "nothing to edit": ("kind: edit_event\n  event: e1", "edit_event needs at least one of event_type"),
    "type without sub-type": ("kind: edit_event\n  event: e1\n  event_type: battle", "changed together"),
    "unknown type": (
        "kind: edit_event\n  event: e1\n  event_type: war\n  sub_event_type: armed_clash",
        "event_type 'war' is not one of",
    ),
    "pair from two types": (
        "kind: edit_event\n  event: e1\n  event_type: battle\n  sub_event_type: arrests",
        "sub_event_type 'arrests' is not a sub-type of battle",
    ),
    "negative fatalities": ("kind: edit_event\n  event: e1\n  fatalities: -3", "fatalities -3 is not a number of dead"),
    "fractional fatalities": ("kind: edit_event\n  event: e1\n  fatalities: 2.5", "fatalities 2.5 is not a number"),
    "fatalities as text": ("kind: edit_event\n  event: e1\n  fatalities: many", "fatalities 'many' is not a number"),
    "fatalities a boolean": ("kind: edit_event\n  event: e1\n  fatalities: yes", "fatalities True is not a number"),
    "not a date": ("kind: edit_event\n  event: e1\n  date: 2024-13-01", "date '2024-13-01' is not a date"),
    "date in words": ("kind: edit_event\n  event: e1\n  date: March 2024", "is not a date (YYYY-MM-DD)"),
    "granularity unknown": (
        "kind: edit_event\n  event: e1\n  date: 2024-03-01\n  date_granularity: week",
        "date_granularity 'week' is not one of",
    ),
    "granularity without a date": ("kind: edit_event\n  event: e1\n  date_granularity: month", "goes with a date"),
    "actor a mapping": ("kind: edit_event\n  event: e1\n  actor1: {id: x}", "actor1 must be text, not a mapping"),
    "merged into itself": ("kind: merge_event\n  event: e1\n  into: e1", "merged into itself"),
    "merge without into": ("kind: merge_event\n  event: e1", "merge_event needs into"),
}


@pytest.mark.parametrize("case", list(BAD_EVENT_ENTRIES))
def test_event_curation_bad_entry_is_skipped_with_file_and_line(tmp_path, case):
    entry, words = BAD_EVENT_ENTRIES[case]
    path = tmp_path / "curation.yaml"
    path.write_text(HEAD + GOOD.format(n=1) + f"- id: bad\n  {entry}\n  by: A\n  at: '2026-01-01'\n" + GOOD.format(n=2))
    decisions_file._PARSED.clear()
    decisions_module._LOADED.clear()
    loaded = load_decisions(path)
    assert [d.id for d in loaded.decisions] == ["good-1", "good-2"], "every other decision applies"
    (message,) = loaded.skipped
    assert message.startswith(f"{path}:8: decision bad skipped: ") and words in message, message


def test_event_curation_good_edit_reads_back_as_written(tmp_path):
    path = tmp_path / "curation.yaml"
    decision = record_decision(
        path, "edit_event", by="A", event="e1", event_type="protest", sub_event_type="peaceful_protest",
        actor1=None, date=datetime.date(2024, 3, 9), date_granularity="season", fatalities=3.0,
    )  # fmt: skip
    (again,) = read_decisions(path)
    assert again == decision
    assert again.fields == {
        "event": "e1", "event_type": "protest", "sub_event_type": "peaceful_protest", "actor1": None,
        "date": "2024-03-09", "date_granularity": "season", "fatalities": 3,
    }  # fmt: skip
    assert all(sub in EVENT_TYPES[kind] for kind, sub in data_access.EVENT_SUB_TYPES)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"event": "e1"}, "at least one"),
        ({"event": "e1", "fatalities": -1}, "not a number of dead"),
        ({"event": "e1", "event_type": "riot", "sub_event_type": "armed_clash"}, "not a sub-type of riot"),
        ({"event": "e1", "date": "10/03/2024"}, "not a date"),
    ],
)
def test_event_curation_bad_edit_is_refused_and_nothing_written(tmp_path, fields, message):
    path = tmp_path / "curation.yaml"
    with pytest.raises(CurationError, match=message):
        record_decision(path, "edit_event", by="A", **fields)
    assert not path.exists()
