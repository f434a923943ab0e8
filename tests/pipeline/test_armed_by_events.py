"""Who carries out political violence is an armed actor (issue 11): an organisation typed only by a
guess becomes an armed group when the articles tell it initiating a battle, an attack or a bombing."""

from __future__ import annotations

import pandas as pd

from pipeline.config import PipelineConfig
from pipeline.knowledge import _type_rules
from pipeline.knowledge_files import strictly
from pipeline.tables import armed_by_events

with strictly(PipelineConfig().patterns_dir / "actor_types.yaml") as raw:
    TYPES = _type_rules(raw)


def _actors() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "actor_id": ["northern-liberty-party", "valley-network", "red-cross", "harbour-times", "river-union"],
            "type": ["other_org", "media", "other_org", "media", "other_org"],
            "in_gazetteer": [False, False, True, False, False],
        }
    )


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_type": ["battle", "explosion_remote_violence", "violence_against_civilians", "protest"],
            "actor1_id": ["northern-liberty-party", "valley-network", "red-cross", "river-union"],
        }
    )


def _types_after() -> dict[str, str]:
    actors = armed_by_events(_actors(), _events(), TYPES)
    return dict(zip(actors["actor_id"], actors["type"], strict=True))


def test_a_guessed_organisation_that_initiates_violence_is_an_armed_group():
    types = _types_after()
    assert types["northern-liberty-party"] == "armed_group"
    assert types["valley-network"] == "armed_group"  # "Network" read as an outlet's head word


def test_known_actors_protesters_and_bystanders_keep_their_type():
    types = _types_after()
    assert types["red-cross"] == "other_org"  # the gazetteer says what it is
    assert types["river-union"] == "other_org"  # a protest is no political violence
    assert types["harbour-times"] == "media"  # initiates nothing
