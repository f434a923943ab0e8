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

