"""The event scorer of benchmarks/events_quality.py on small frames: what counts as a match."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from events_quality import agrees, match, score  # noqa: E402

TEXT = "Rebels attacked the base at Boni on Monday. The army shelled the hills."


def _tables(events: list[dict]) -> dict[str, pd.DataFrame]:
    return {
        "documents": pd.DataFrame([{"doc_id": "o01_x", "text": TEXT}]),
        "events": pd.DataFrame(events),
        "actors": pd.DataFrame([{"actor_id": "boni", "name": "Boni", "aliases": ["Boni"]}]),
    }


def _event(start: int, end: int, kind: str, **more) -> dict:
    base = {"doc_id": "o01_x", "start": start, "end": end, "event_type": kind, "sub_event_type": "armed_clash",
            "actor1_id": None, "actor2_id": None, "place_id": None, "date": None, "fatalities": pd.NA,
            "cluster_id": "c"}  # fmt: skip
    return {**base, **more}


GOLD = [
    {"doc": "o01", "clause": "Rebels attacked the base at Boni", "event_type": "battle",
     "sub_event_type": "armed_clash", "place": "Boni", "cluster": "a"},
    {"doc": "o01", "clause": "The army shelled the hills", "event_type": "explosion_remote_violence",
     "sub_event_type": "shelling_artillery_missile_attack", "cluster": "b"},
]  # fmt: skip


def test_a_match_needs_the_same_type_and_an_overlapping_clause():
    predicted = pd.DataFrame([_event(0, 20, "battle"), _event(44, 70, "battle")])
    gold = pd.DataFrame([{**GOLD[0], "doc_id": "o01_x", "start": 0, "end": 32}])
    assert match(gold, predicted) == [(0, 0)]


def test_scores_count_matches_and_agreement():
    result = score(_tables([_event(0, 32, "battle", place_id="boni")]), GOLD)
    assert (result["matched"], result["precision"], result["recall"]) == (1, 1.0, 0.5)
    assert result["place"] == 1.0 and result["sub_type"] == 1.0


def test_a_gold_place_listed_with_its_region_holds_the_name_it_opens():
    names = {"ngouboua": ["Ngouboua"], "lake-chad": ["Lake Chad"], "kelbajar": ["Kelbajar"], "goma": ["Goma"]}
    assert agrees("Ngouboua, Bakaram island, Lake Chad", "ngouboua", names)
    assert agrees("Ngouboua, Bakaram island, Lake Chad", "lake-chad", names)
    assert agrees("border (districts of Kelbajar and Lachin)", "kelbajar", names)
    assert not agrees("Ngouboua, Bakaram island, Lake Chad", "goma", names)


def test_an_acronym_agrees_with_a_gold_value_that_writes_it_among_other_words():
    names = {"sdf": ["Syrian Democratic Forces", "SDF"], "is": ["Islamic State", "IS"]}
    assert agrees("SDF fighter", "sdf", names)
    assert agrees("FLEC (claimed) and SDF", "sdf", names)
    assert not agrees("ISIS militants", "is", names)
