"""Events, seventh round: rules that recurred across the tuning sets (docs/quality.md), each
shown on invented text."""

from __future__ import annotations

from tests.pipeline.event_helpers import names, only


def test_a_few_words_with_no_subject_are_no_event_of_their_own(events_of):
    text = (
        "Fighting in Kaga\n\n"
        "Kivu Liberation Front fighters killed 40 soldiers at a base near Kaga on Sunday, the army said.\n\n"
        "Residents mourned the 12 farmers killed in Dogo."
    )
    event = only(events_of(text))
    assert event.event_type == "battle" and names(event.actor1, "kivu")


def test_a_relative_clause_fragment_never_represents_the_event(events_of):
    text = (
        "Soldiers mourned\n\n"
        "The president launched an operation to track the Kivu Liberation Front fighters who attacked and "
        "killed on Sunday more than 40 soldiers in the Moba area, shared by three provinces.\n\n"
        "The president visited Kaga, a village near the border, where Kivu Liberation Front fighters killed "
        "at least 40 soldiers on Sunday night, state television said."
    )
    clauses = [text[e.start : e.end] for e in events_of(text)]
    assert clauses and all(len(clause.split()) > 4 for clause in clauses), clauses


def test_a_nationality_before_an_attack_noun_is_the_state_the_article_names(events_of):
    text = (
        "Drone strike in Kobani\n\n"
        "Three members of the SDF were killed in a Turkish drone attack in Kobani on Monday.\n\n"
        "Turkey did not comment on the report."
    )
    event = only(events_of(text))
    assert event.sub_event_type == "air_drone_strike" and names(event.actor1, "turkey"), event.actor1


def test_a_nationality_before_an_attack_noun_is_the_force_named_with_it(events_of):
    text = (
        "Strikes in Zaporizhia\n\n"
        "Two people were killed in Russian strikes on the Zaporizhia region on Monday, the governor said.\n\n"
        "Russian forces have massed near the front line, the governor added."
    )
    event = only(events_of(text))
    assert names(event.actor1, "russian"), event.actor1
