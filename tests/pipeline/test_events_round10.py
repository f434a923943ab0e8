"""Events, tenth round: precision and types (docs/quality.md, "Events, tenth round"), each rule
shown on invented text."""

from __future__ import annotations

from tests.pipeline.event_helpers import only


def test_a_weapon_used_gives_the_type(events_of):
    text = (
        "Attack in Dogo\n\n"
        "Kivu Liberation Front fighters targeted the market in Dogo using a drone on Sunday, killing two residents."
    )
    event = only(events_of(text))
    assert event.sub_event_type == "air_drone_strike", event


def test_a_weapon_set_off_by_a_gerund_gives_the_type(events_of):
    text = (
        "Ambush near Tamu\n\n"
        "Rebels killed three police officers by exploding a claymore mine near Tamu on Monday, the army said."
    )
    event = only(events_of(text))
    assert event.sub_event_type == "remote_explosive_landmine_ied", event


def test_a_generic_killing_that_names_nothing_of_its_own_is_no_event(events_of):
    text = (
        "Raid on Dogo\n\n"
        "Kivu Liberation Front fighters attacked the village of Dogo on Sunday, killing 12 villagers.\n\n"
        "Hospital staff in the region said the attackers left before dawn. A nurse said that a relative "
        "of hers was killed."
    )
    event = only(events_of(text))
    assert "Dogo" in text[event.start : event.end]


def test_an_ambush_is_typed_by_whom_it_hit(events_of):
    text = (
        "Bus attack near Tamu\n\n"
        "Gunmen opened fire on a bus near Tamu on Sunday, killing four passengers. "
        "The ambush took place on the main road to Dogo."
    )
    event = only(events_of(text))
    assert event.event_type == "violence_against_civilians", event


def test_a_clause_of_contrast_is_an_act_of_its_own(events_of):
    text = (
        "Violence near Tamu\n\n"
        "Rebels killed three police officers in a shootout near Tamu on Monday, while a shopkeeper was "
        "gunned down in Kaga."
    )
    kinds = [e.event_type for e in events_of(text)]
    assert sorted(kinds) == ["battle", "violence_against_civilians"], kinds


def test_a_clause_of_contrast_that_counts_on_continues_the_act(events_of):
    text = (
        "Attack near Tamu\n\n"
        "Soldiers killed four suicide bombers near Tamu on Sunday, while a fifth one killed a family in Dogo."
    )
    event = only(events_of(text))
    assert event.sub_event_type == "suicide_bomb", event
