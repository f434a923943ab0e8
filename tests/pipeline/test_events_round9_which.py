"""Events, ninth round: which events an article reports and how they are typed (docs/quality.md,
"Events, ninth round: which events"), each rule shown on invented text."""

from __future__ import annotations

import datetime

from pipeline.events.extract import Event
from pipeline.events.retellings import Telling, fold_retellings
from tests.pipeline.event_helpers import only

BASE_ATTACK = "Kivu Liberation Front fighters attacked an army base near Kaga on Sunday, killing 12 soldiers."
ROADSIDE_BOMB = "A roadside bomb killed four soldiers near Dogo on Monday, the army said."


def test_a_conditional_clause_is_no_event(events_of):
    text = (
        f"Clashes in Kaga\n\n{BASE_ATTACK}\n\n"
        "Officials said the army post in Dogo had orders to respond with force if attacked by the Kivu "
        "Liberation Front in the town of Dogo."
    )
    event = only(events_of(text))
    assert "Kaga" in text[event.start : event.end]


def test_a_trigger_under_a_negated_noun_is_no_event(events_of):
    text = (
        "Ambush near Dogo\n\n"
        "Gunmen ambushed a police patrol near Dogo on Tuesday, killing four officers.\n\n"
        "There were no reports of arrests among the attackers, the police said."
    )
    kinds = [e.sub_event_type for e in events_of(text)]
    assert "arrests" not in kinds, kinds


def test_an_activity_the_group_continues_is_no_event(events_of):
    text = (
        f"Bomb in Dogo\n\n{ROADSIDE_BOMB}\n\n"
        "The rebels have lost ground, but the group continues to engage in kidnappings in the hills."
    )
    event = only(events_of(text))
    assert event.event_type == "explosion_remote_violence"


def test_violence_in_the_present_perfect_over_recent_weeks_is_a_tally(events_of):
    text = (
        f"Bomb in Dogo\n\n{ROADSIDE_BOMB}\n\n"
        "Militants have attacked 12 police posts in the Tamu district in recent weeks."
    )
    event = only(events_of(text))
    assert event.event_type == "explosion_remote_violence"


def test_a_past_event_dated_by_recent_days_stays_an_event(events_of):
    text = (
        f"Bomb in Dogo\n\n{ROADSIDE_BOMB}\n\n"
        "Residents said several mortar shells had struck the Tamu market in recent days."
    )
    kinds = [e.sub_event_type for e in events_of(text)]
    assert "shelling_artillery_missile_attack" in kinds, kinds


def test_killings_in_similar_incidents_sum_events_told_apart(events_of):
    text = (
        "Guards killed at Kaga\n\n"
        "A border guard was shot dead near Kaga on Monday.\n\n"
        "Two other guards were killed in similar attacks on the river posts of Dogo and Tamu last month, "
        "the ministry said."
    )
    event = only(events_of(text))
    assert "Kaga" in text[event.start : event.end]


def test_a_partys_history_in_a_relative_clause_is_no_event(events_of):
    text = (
        "Rebels in Dogo\n\n"
        "Soldiers ambushed a rebel convoy near Dogo on Tuesday, killing six fighters.\n\n"
        "The convoy belonged to the Kivu Liberation Front, which signed a peace deal with the government in 2016."
    )
    event = only(events_of(text))
    assert event.event_type == "battle"


def test_last_years_attack_in_a_relative_clause_is_no_event(events_of):
    text = (
        "Raid in Dogo\n\n"
        "Soldiers raided a house in Dogo on Tuesday and arrested Amos Kobo, a commander who was behind "
        "last year's attack on a bus near Kaga."
    )
    kinds = [e.sub_event_type for e in events_of(text)]
    assert kinds.count("attack") <= 1 and "arrests" in kinds, kinds


def test_a_victim_named_by_a_number_is_one_of_those_the_sentence_before_names(events_of):
    text = (
        "Guards killed near Kaga\n\n"
        "Two border guards were killed last month, the ministry said. One was shot dead in Dogo, a village on "
        "the river, on March 3, and another was killed in the village of Tamu on March 9."
    )
    kinds = {text[e.start : e.end][:20]: e.sub_event_type for e in events_of(text)}
    assert kinds and all(k == "armed_clash" for k in kinds.values()), kinds


def test_a_policeman_is_an_armed_victim(events_of):
    text = (
        "Post attacked near Kaga\n\n"
        "A policeman was killed and three others injured when gunmen attacked their post in the village of "
        "Kaga on Monday."
    )
    assert only(events_of(text)).event_type == "battle"


def test_leaflets_dropped_from_planes_are_no_strike(events_of):
    text = (
        "Leaflets over Dogo\n\n"
        "Air force planes dropped thousands of leaflets over Dogo on Monday urging residents to leave."
    )
    assert events_of(text) == []


GUNFIGHT = (
    "Fighting near Tamu\n\n"
    "At least eight people were killed during a gunfight between two rebel groups near Tamu, police said Friday.\n\n"
    "The skirmish took place near Tamu, a town shut to visitors since October, when the army launched a crackdown.\n\n"
    "Police said two rival armed groups clashed Thursday night."
)


def test_a_date_of_a_clause_that_qualifies_a_noun_does_not_date_the_event(events_of):
    event = only(events_of(GUNFIGHT))
    assert event.date is None or event.date.month != 10, event.date


def test_a_telling_that_names_only_its_day_completes_the_event_told_before(events_of):
    event = only(events_of(GUNFIGHT))
    assert (event.date_basis, event.date) == ("sentence", datetime.date(2024, 5, 9)), event


def test_a_title_no_body_telling_retells_is_no_second_event():
    day = datetime.date(2024, 5, 6)
    values = dict(
        end=40, event_type="battle", sub_event_type="armed_clash", actor2=None, date=day, date_end=None,
        date_granularity="day", date_basis="published", fatalities=None, method="verb", score=0.5, trigger="x",
    )  # fmt: skip
    headline = Event(sent_id=0, start=0, actor1="tamu-army", place="tamu", **values)
    body = Event(sent_id=1, start=50, actor1="kivu-liberation-front", place="dogo", **values)
    (event,) = fold_retellings([headline, body], {}, [Telling(headline=True, title=True), Telling()])
    assert event.actor1 == "kivu-liberation-front"


def test_a_title_alone_is_still_the_articles_event():
    day = datetime.date(2024, 5, 6)
    headline = Event(
        sent_id=0, start=0, end=40, event_type="battle", sub_event_type="armed_clash", actor1=None, actor2=None,
        place="tamu", date=day, date_end=None, date_granularity="day", date_basis="published", fatalities=None,
        method="verb", score=0.5, trigger="x",
    )  # fmt: skip
    assert fold_retellings([headline], {}, [Telling(headline=True, title=True)]) == (headline,)


def test_a_suicide_bomber_is_no_aircraft(events_of):
    kinds = [e.sub_event_type for e in events_of("Troops kill four suicide bombers, fifth kills family in Kaga")]
    assert kinds and "air_drone_strike" not in kinds, kinds


def test_what_a_party_claims_to_have_done_is_no_reported_event(events_of):
    for claim in (
        "The rebels claimed to have shot dead 40 soldiers in the town of Dogo in March.",
        "In a statement, the group claimed that its fighters had killed 40 soldiers in the town of Dogo.",
    ):
        text = f"Clashes in Kaga\n\n{BASE_ATTACK}\n\n{claim}"
        event = only(events_of(text))
        assert "Kaga" in text[event.start : event.end]


def test_a_claimed_attack_named_as_a_noun_stays_an_event(events_of):
    text = (
        "Clashes in Kaga\n\n"
        "The Kivu Liberation Front claimed an attack on an army base near Kaga on Sunday that killed 12."
    )
    assert only(events_of(text)).event_type == "battle"
