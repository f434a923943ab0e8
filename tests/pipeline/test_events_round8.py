"""Events, eighth round: rules that recurred across the ten tuning sets (docs/quality.md), each
shown on invented text."""

from __future__ import annotations

from tests.pipeline.event_helpers import names, only


def test_killings_tallied_since_a_date_are_no_event(events_of):
    text = (
        "Clashes in Kaga\n\n"
        "Kivu Liberation Front fighters attacked an army base near Kaga on Sunday, killing 12 soldiers.\n\n"
        "More than 400 soldiers have been killed in the province since the rebellion began in 2019."
    )
    event = only(events_of(text))
    assert event.event_type == "battle" and "Kaga" in text[event.start : event.end]


def test_recurring_attacks_are_no_event(events_of):
    text = (
        "Bomb in Dogo\n\n"
        "A roadside bomb killed four soldiers near Dogo on Monday, the army said.\n\n"
        "The rebels were blamed for a series of bomb attacks in Kaga, and the air force carried out "
        "almost daily airstrikes on their camps in the Dogo hills."
    )
    event = only(events_of(text))
    assert event.sub_event_type == "remote_explosive_landmine_ied"


def test_a_capture_that_starts_the_period_stays_an_event(events_of):
    text = (
        "Rebels hold Kaga\n\n"
        "Since seizing the town of Kaga in March, the Kivu Liberation Front has set up checkpoints on the road."
    )
    kinds = [e.event_type for e in events_of(text)]
    assert "battle" in kinds, kinds


def test_a_strike_by_a_named_party_is_from_the_air(events_of):
    text = (
        "Strike in Dogo\n\n"
        "Six people were killed on Monday in an Israeli strike on a house in Dogo, medics said.\n\n"
        "Israel did not comment."
    )
    event = only(events_of(text))
    assert event.sub_event_type == "air_drone_strike" and names(event.actor1, "israel"), event


def test_the_strike_told_alone_retells_the_attack(events_of):
    text = (
        "Shooting in Dogo\n\n"
        "Gunmen opened fire on worshippers at a mosque in Dogo on Friday, killing nine people.\n\n"
        "At least 20 people were wounded in the strike, the police said."
    )
    event = only(events_of(text))
    assert event.event_type == "violence_against_civilians", event.sub_event_type


def test_a_generic_retelling_does_not_retype_the_attack_on_the_victims_it_names(events_of):
    text = (
        "Rampage in Kaduna\n\n"
        "Gunmen went on a rampage in a village near Kaduna on Tuesday, killing seven farmers.\n\n"
        "The gunmen shot sporadically during the attack until police officers arrived, a spokesman said."
    )
    event = only(events_of(text))
    assert event.event_type == "violence_against_civilians", event.sub_event_type


def test_a_retelling_that_names_armed_victims_types_the_attack(events_of):
    text = (
        "Attack on Dogo\n\n"
        "Militants attacked the town of Dogo on Sunday night, the governor said.\n\n"
        "The attack killed five soldiers."
    )
    event = only(events_of(text))
    assert event.event_type == "battle", event.sub_event_type


def test_militants_named_as_terrorists_are_armed_victims(events_of):
    text = (
        "Encounter in Dogo\n\n"
        "Five terrorists were killed in an encounter with security forces in Dogo district on Sunday."
    )
    event = only(events_of(text))
    assert event.event_type == "battle", event.sub_event_type


def test_a_count_of_the_wounded_keeps_the_circumstances_in_the_clause(events_of):
    text = (
        "Post attacked near Kaduna\n\n"
        "At least five soldiers were killed and eight others wounded when gunmen attacked an army post "
        "near Kaduna on Sunday, the army said."
    )
    event = only([e for e in events_of(text) if e.sent_id > 0])
    clause = text[event.start : event.end]
    assert "killed" in clause and "gunmen attacked an army post" in clause, clause


def test_an_attack_on_the_villages_of_two_names_is_one_event_per_village(events_of):
    text = (
        "Villages attacked\n\n"
        "Kivu Liberation Front fighters launched an attack on the villages of Kiru and Bamba on Sunday, "
        "but the army repelled them."
    )
    events = [e for e in events_of(text) if e.sent_id > 0 and e.event_type == "battle"]
    assert len(events) == 2, [text[e.start : e.end] for e in events]
    assert "Kiru" in text[events[0].start : events[0].end] and "Bamba" in text[events[1].start : events[1].end]


def test_a_beheading_is_an_attack_on_civilians(events_of):
    text = "Villagers beheaded\n\nThree villagers were beheaded in a village near Kaduna on Monday, residents said."
    event = only([e for e in events_of(text) if e.sent_id > 0])
    assert event.event_type == "violence_against_civilians", event.sub_event_type


def test_a_shootout_is_a_battle(events_of):
    text = "Shootout near Kaduna\n\nA shootout broke out at a checkpoint near Kaduna on Monday, the police said."
    event = only([e for e in events_of(text) if e.sent_id > 0])
    assert event.sub_event_type == "armed_clash", event.sub_event_type


def test_militants_neutralised_in_an_army_statement_were_killed(events_of):
    text = "Army operation\n\nThe army said six militants had been neutralised near Kaduna on Sunday."
    event = only([e for e in events_of(text) if e.sent_id > 0])
    assert event.event_type == "battle", event.sub_event_type


def test_a_strike_by_a_union_is_no_air_strike(events_of):
    text = (
        "Schools closed\n\n"
        "A strike by the National Union of Teachers closed schools across Kaduna on Monday, officials said."
    )
    assert all(e.sub_event_type != "air_drone_strike" for e in events_of(text))


def test_an_air_strike_that_names_nothing_is_not_the_ground_attack_told_before(events_of):
    text = (
        "Camp attacked\n\n"
        "Gunmen attacked an army camp near Kaduna on Sunday, killing five soldiers.\n\n"
        "Fighter jets later bombed the area, a military source said."
    )
    kinds = sorted(e.event_type for e in events_of(text) if e.sent_id > 0)
    assert kinds == ["battle", "explosion_remote_violence"], kinds


def test_a_killing_that_names_nothing_retells_the_air_strike(events_of):
    text = (
        "Air strike near Kaduna\n\n"
        "Fighter jets bombed a market near Kaduna on Sunday, medics said.\n\n"
        "Eight people were killed, a nurse said."
    )
    event = only([e for e in events_of(text) if e.sent_id > 0])
    assert event.sub_event_type == "air_drone_strike", event.sub_event_type


def test_a_definite_description_does_not_tie_events_years_apart(events_of):
    text = (
        "Army post attacked near Kaduna\n\n"
        "The attack on an army post took place on Saturday in Kudan, a district where rebels had killed "
        "19 farmers in 2018, the army said."
    )
    kinds = sorted(e.event_type for e in events_of(text) if e.sent_id > 0)
    assert kinds == ["battle", "violence_against_civilians"], kinds
