"""Events, ninth round: who did it to whom (docs/quality.md), each rule shown on invented text."""

from __future__ import annotations

import datetime

import pandas as pd

from pipeline.config import PipelineConfig
from pipeline.events.described import described_link, parse_described
from pipeline.events.party_words import load_party_words
from pipeline.resolve import Actor, Resolution
from pipeline.schema import DESCRIBED_ID
from pipeline.tables import described_id, resolve_events, with_described
from tests.pipeline.event_helpers import names, only

PARTIES = PipelineConfig().patterns_dir / "parties.yaml"


def _described(link: str | None) -> tuple[str, str] | None:
    return parse_described(link)


# --- described parties ------------------------------------------------------------------------


def test_unnamed_gunmen_and_their_victims_are_the_parties_as_written(events_of):
    text = (
        "Killings near Kaga\n\n"
        "Unidentified gunmen shot dead four farmers near Kaga on Sunday, the police said.\n\n"
        "No group has said it carried out the killings."
    )
    event = only(events_of(text))
    assert _described(event.actor1) == ("armed_group", "Unidentified gunmen"), event
    assert _described(event.actor2) == ("person", "farmers"), event


def test_a_described_party_keeps_its_qualifiers_but_not_its_count(events_of):
    text = (
        "Ambush near Dogo\n\n"
        "At least 30 suspected rebels ambushed a convoy near Dogo on Tuesday, killing 11 other soldiers."
    )
    event = only(events_of(text))
    assert _described(event.actor1) == ("armed_group", "suspected rebels"), event


def test_armed_men_are_an_armed_group(events_of):
    text = "Raid in Kaga\n\nArmed men stormed a school in Kaga on Monday and abducted 20 pupils."
    kinds = {_described(e.actor1) for e in events_of(text)}
    assert ("armed_group", "Armed men") in kinds, kinds


def test_a_named_party_is_never_replaced_by_a_description(events_of):
    text = (
        "Attack in Djibo\n\n"
        "Jama'at Nusrat al-Islam wal-Muslimin (JNIM) fighters attacked a military base in Djibo on Sunday, "
        "killing 25 soldiers, the army said."
    )
    event = only(events_of(text))
    assert names(event.actor1, "nusrat", "jnim") and _described(event.actor1) is None, event


def test_a_gang_of_bandits_is_the_bandits(events_of):
    text = "Raid on Kaga\n\nA gang of bandits killed seven villagers in Kaga on Saturday night, residents said."
    event = only(events_of(text))
    assert _described(event.actor1) == ("armed_group", "bandits"), event
    assert _described(event.actor2) == ("person", "villagers"), event


def test_a_target_site_stands_for_who_held_it(events_of):
    text = "Ambush near Dogo\n\nUnidentified gunmen attacked a police post near Dogo on Tuesday night."
    event = only(events_of(text))
    assert _described(event.actor2) == ("facility", "police post"), event


def test_property_destroyed_is_no_party(events_of):
    text = "Houses burned in Kaga\n\nRebels set fire to houses in Kaga on Sunday, residents said."
    strategic = [e for e in events_of(text) if e.event_type == "strategic_development"]
    assert strategic and all(_described(e.actor2) is None for e in strategic), strategic


def test_party_words_come_from_the_knowledge(tmp_path):
    path = tmp_path / "parties.yaml"
    path.write_text("schema_version: 1\narmed: [Raiders]\nforces: []\npeople: [herders]\n", encoding="utf-8")
    words = load_party_words(path)
    assert words.armed == {"raiders"} and words.people == {"herders"}
    assert load_party_words(tmp_path / "missing.yaml").armed == frozenset()


# --- their actor rows ----------------------------------------------------------------------


def test_a_described_party_is_one_actor_per_article_with_no_mention():
    link = described_link("armed_group", "unidentified  gunmen")
    assert _described(link) == ("armed_group", "unidentified gunmen")
    first, second = described_id("d1", link), described_id("d2", link)
    assert first != second and first.startswith(DESCRIBED_ID) and first == described_id("d1", link)
    linked = pd.DataFrame([{"doc_id": d, "actor1_link": link, "actor2_link": None} for d in ("d1", "d2")])
    resolved = pd.DataFrame({"actor1_id": [first, second], "actor2_id": [None, None]})
    actors = pd.DataFrame(columns=["actor_id", "name", "type", "aliases", "n_mentions", "n_docs"])
    rows = with_described(actors, linked, resolved, {"person": "civilians"}).set_index("actor_id")
    assert rows.loc[first, "name"] == "unidentified gunmen" and rows.loc[first, "type"] == "armed_group"
    assert rows.loc[first, "n_mentions"] == 0 and len(rows) == 2
    assert list(rows.loc[first, "aliases"]) == ["gunmen", "unidentified gunmen"], "the head word is a spelling too"


def test_described_victims_carry_acleds_category_as_an_alias():
    """ "five people were killed": the party is "people" as written, and "civilians", as ACLED counts
    unarmed victims, so that the analyst finds them under either."""
    link = described_link("person", "people")
    linked = pd.DataFrame([{"doc_id": "d1", "actor1_link": None, "actor2_link": link}])
    resolved = pd.DataFrame({"actor1_id": [None], "actor2_id": [described_id("d1", link)]})
    actors = pd.DataFrame(columns=["actor_id", "name", "type", "aliases", "n_mentions", "n_docs"])
    row = with_described(actors, linked, resolved, {"person": "civilians"}).iloc[0]
    assert row["name"] == "people" and "civilians" in list(row["aliases"])
    assert load_party_words(PARTIES).categories.get("person") == "civilians", "the category is data"


def test_a_described_initiator_does_not_keep_two_reports_apart():
    """Two articles' reports of one attack at one place and day: one names the group, the other
    only "gunmen"; a described party is no name, so it never conflicts with one."""
    gunmen = described_link("armed_group", "gunmen")
    day = datetime.date(2024, 5, 1)
    row = {"sent_id": 0, "score": 0.5, "start": 0, "end": 9, "event_type": "battle", "date": day}
    row |= {"date_granularity": "day", "actor2_link": None, "place_link": "kaga"}
    linked = pd.DataFrame(
        [
            {**row, "event_id": "e1", "doc_id": "d1", "actor1_link": "kivu front"},
            {**row, "event_id": "e2", "doc_id": "d2", "actor1_link": gunmen},
        ]
    )
    actors = {
        "kivu-front": Actor("kivu-front", "Kivu Front", "armed_group", None, None, False, "test", ()),
        "kaga": Actor("kaga", "Kaga", "place", 1.0, 2.0, False, "test", ()),
    }
    resolution = Resolution({"kivu front": ("kivu-front", None), "kaga": ("kaga", None)}, actors)
    events = resolve_events(linked, resolution).set_index("event_id")
    assert events.loc["e2", "actor1_id"] == described_id("d2", gunmen)
    assert events.loc["e1", "cluster_id"] == events.loc["e2", "cluster_id"]


# --- which words name the initiator ---------------------------------------------------------------


def test_the_subject_nearest_the_verb_is_the_initiator_not_the_dateline(events_of):
    text = (
        "Attack in Dogo\n\n"
        "KAGA, Sunday — Suspected Kivu Liberation Front (KLF) rebels have killed nine farmers in attacks "
        "near Dogo, the governor said."
    )
    kinds = [e for e in events_of(text) if e.event_type == "violence_against_civilians"]
    assert kinds and names(kinds[0].actor1, "kivu", "klf"), [(e.trigger, e.actor1) for e in kinds]


def test_a_participle_with_by_names_its_initiator(events_of):
    text = (
        "Shelling in Dogo\n\n"
        "Nine people were killed on Monday in Dogo after shelling by the Kivu Liberation Front (KLF), "
        "a local doctors' group said."
    )
    assert any(names(e.actor1, "kivu", "klf") for e in events_of(text)), events_of(text)


def test_a_plain_adjective_is_no_initiator_and_the_verb_subject_is(events_of):
    text = (
        "Strikes in Dogo\n\n"
        "The Malian army carried out a number of deadly airstrikes on Kivu Liberation Front camps near Dogo "
        "on Monday, officials said."
    )
    event = only(events_of(text))
    assert event.actor1 is not None and _described(event.actor1) is None and names(event.actor1, "mali"), event


def test_a_barrage_the_verb_fired_has_the_verb_subject_as_initiator(events_of):
    text = (
        "Camp hit\n\n"
        "The Kivu Liberation Front (KLF) bombarded the Dogo camp for displaced people with a barrage of "
        "rockets on Sunday."
    )
    assert any(names(e.actor1, "kivu", "klf") for e in events_of(text)), events_of(text)


# --- the victims' side ----------------------------------------------------------------------------


def test_victims_killed_in_clashes_with_a_group_are_its_target(events_of):
    text = (
        "Fighting in Dogo\n\n"
        "Five soldiers were killed in clashes with Kivu Liberation Front rebels near Dogo on Monday."
    )
    event = only(events_of(text))
    assert names(event.actor1, "kivu"), event
    assert _described(event.actor2) == ("security_force", "soldiers"), event


def test_rebels_killed_in_an_encounter_with_the_forces_are_their_target(events_of):
    text = (
        "Fighting in Dogo\n\n"
        "Six Kivu Liberation Front rebels were killed in an encounter with security forces near Dogo on Monday."
    )
    event = only(events_of(text))
    assert _described(event.actor1) == ("security_force", "security forces"), event
    assert names(event.actor2, "kivu"), event


def test_the_other_side_of_a_clash_is_not_the_first_sides_name(events_of):
    text = (
        "Fighting in Dogo\n\n"
        "Clashes broke out between Dogo government forces and the Kivu Liberation Front in Dogo on Monday."
    )
    event = only(events_of(text))
    assert not names(event.actor1, "kivu") and names(event.actor2, "kivu"), event
