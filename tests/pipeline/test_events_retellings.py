"""Tests for one row per event (pipeline/events/retellings.py) and the rules that type, place and
attribute an event (issue 12), on invented sentences about conflicts the benchmarks do not cover."""

from __future__ import annotations

import datetime

import pytest

from pipeline.events.extract import Event
from pipeline.events.retellings import Telling, fold_retellings
from tests.pipeline.event_helpers import PUBLISHED, names, only

DAY = datetime.date(2024, 5, 6)


def _event(start: int, event_type: str, sub_type: str, **kw) -> Event:
    values = dict(
        sent_id=start // 100 + 1, start=start, end=start + 50, event_type=event_type, sub_event_type=sub_type,
        actor1=None, actor2=None, place=None, date=DAY, date_end=None, date_granularity="day",
        date_basis="published", fatalities=None, method="verb", score=0.5, trigger="x",
    )  # fmt: skip
    return Event(**{**values, **kw})


# --- folding, as a pure function ------------------------------------------------------------------


def test_fold_a_generic_killing_into_the_explosion_that_tells_its_weapon():
    killing = _event(0, "violence_against_civilians", "attack", actor1="kpf", place="kalo")
    blast = _event(100, "explosion_remote_violence", "remote_explosive_landmine_ied", actor1="kpf")
    (event,) = fold_retellings([killing, blast], {}, [Telling(generic=True), Telling()])
    assert (event.event_type, event.sub_event_type) == ("explosion_remote_violence", "remote_explosive_landmine_ied")
    assert event.place == "kalo"


def test_fold_destruction_into_the_violence_told_beside_it():
    shelling = _event(0, "explosion_remote_violence", "shelling_artillery_missile_attack", actor1="kpf")
    torched = _event(100, "strategic_development", "looting_property_destruction")
    (event,) = fold_retellings([shelling, torched], {})
    assert event.sub_event_type == "shelling_artillery_missile_attack"


def test_fold_a_place_named_only_elsewhere_in_the_sentence_is_no_conflict():
    first = _event(0, "battle", "armed_clash", actor1="kpf", place="kalo")
    again = _event(100, "battle", "armed_clash", actor1="kpf", place="capital")
    told = [Telling(), Telling(own_place=False)]
    assert len(fold_retellings([first, again], {}, told)) == 1
    assert len(fold_retellings([first, again], {})) == 2, "two places the clauses name: two events"


def test_fold_keeps_two_attacks_on_civilians_that_name_nothing_apart():
    one = _event(0, "violence_against_civilians", "attack")
    two = _event(100, "violence_against_civilians", "attack")
    generic = [Telling(generic=True, own_place=False)] * 2
    assert len(fold_retellings([one, two], {}, generic)) == 2


def test_fold_keeps_an_abduction_apart_from_a_killing():
    abduction = _event(0, "violence_against_civilians", "abduction_forced_disappearance", actor1="kpf")
    killing = _event(100, "violence_against_civilians", "attack", actor1="kpf")
    assert len(fold_retellings([abduction, killing], {}, [Telling(), Telling(generic=True)])) == 2


def test_fold_keeps_tellings_dated_to_different_days_apart():
    monday = _event(0, "battle", "armed_clash", actor1="kpf", date_basis="sentence")
    friday = _event(100, "battle", "armed_clash", actor1="kpf", date=PUBLISHED, date_basis="sentence")
    assert len(fold_retellings([monday, friday], {})) == 2


def test_fold_two_tellings_of_a_battle_that_each_name_one_side():
    """ "Seven soldiers were killed in clashes with Kalo" and "Kalo clashed with Mbeko's troops":
    a battle has two sides, whichever telling names which."""
    killed = _event(0, "battle", "armed_clash", actor2="mbeko-army", place="rivertown", sent_id=1)
    headline = _event(100, "battle", "armed_clash", actor2="kalo", place="rivertown", sent_id=0)
    (event,) = fold_retellings([killed, headline], {})
    assert (event.actor1, event.actor2) == ("kalo", "mbeko-army")
    third = _event(200, "battle", "armed_clash", actor1="kpf", actor2="kalo", place="rivertown")
    assert len(fold_retellings([killed, third], {})) == 2, "three parties: two battles"


def test_fold_a_telling_that_refers_back_into_the_event_told_last_before_it():
    """ "Rebels attacked Kalo in June. ... In May, soldiers were killed near Kalo. ... that attack
    killed eight": the attack the reader has just read about."""
    june = _event(0, "battle", "armed_clash", actor1="kpf", date_basis="sentence")
    may = _event(200, "battle", "armed_clash", date=datetime.date(2024, 5, 1), date_basis="sentence")
    that = _event(300, "battle", "armed_clash", fatalities=8)
    folded = fold_retellings([june, may, that], {}, [Telling(), Telling(), Telling(refers_back=True)])
    assert [e.fatalities for e in folded] == [None, 8]


def test_fold_a_telling_that_names_nothing_into_the_event_told_just_before_it():
    """ "The December 12 attack on the hotel ... three gunmen were killed in ensuing gunbattles":
    the bare telling goes with the hotel attack, not with a fuller one told later."""
    later = _event(300, "violence_against_civilians", "attack", actor2="envoy", date_basis="sentence", sent_id=5)
    hotel = _event(100, "violence_against_civilians", "attack", date_basis="sentence", sent_id=3)
    gunbattle = _event(200, "battle", "armed_clash", fatalities=3, sent_id=4)
    told = [Telling(generic=True, own_place=False)] * 2 + [Telling(own_place=False)]
    folded = fold_retellings([later, hotel, gunbattle], {}, told)
    assert [(e.start, e.fatalities) for e in folded] == [(100, 3), (300, None)]


# --- retellings in articles -----------------------------------------------------------------------


def test_a_claim_names_the_initiator_of_the_attack_told_just_before_it(events_of):
    text = (
        "Police post attacked in Kalemie\n\nMilitants attacked a police post in Kalemie on Monday, the army said.\n\n"
        "In March, nine soldiers were killed in an ambush near Moba. "
        "The Kivu Liberation Front claimed responsibility for that attack."
    )
    monday, march = events_of(text)
    assert names(march.actor1, "kivu") and not names(monday.actor1, "kivu")


def test_a_comparison_and_a_claim_retell_the_event(events_of):
    events = events_of(
        "Gunmen killed five farmers in Kaga on Monday. It was the third attack in the district this month. "
        "The Kivu Liberation Front claimed responsibility for the attack on Tuesday."
    )
    event = only(events)
    assert event.event_type == "violence_against_civilians"
    assert names(event.actor1, "kivu"), "the claimant is the initiator"


def test_attacks_counted_over_time_are_no_event(events_of):
    assert events_of("Rebels have targeted the town multiple times in attacks that have killed scores of people.") == []


def test_a_subheading_is_no_telling(events_of):
    events = events_of("Soldiers clashed with rebels near Mbeko on Monday.\n\nRepulsed\n\nResidents fled the town.")
    assert len(events) == 1


def test_an_attack_and_an_abduction_told_with_one_subject_are_two_events(events_of):
    events = events_of("Gunmen attacked the village of Kaga on Monday and abducted two traditional chiefs.")
    assert sorted(e.sub_event_type for e in events) == ["abduction_forced_disappearance", "attack"]


# --- type precedence ------------------------------------------------------------------------------


def test_a_weapon_makes_a_killing_an_explosion(events_of):
    event = only(events_of("Two shopkeepers were killed by a bomb in the Kaga market on Friday."))
    assert event.event_type == "explosion_remote_violence"


@pytest.mark.parametrize("victims", ["peacekeepers", "rangers", "marines"])
def test_an_attack_on_a_force_is_a_battle(events_of, victims):
    event = only(events_of(f"Gunmen attacked {victims} near Bria on Sunday."))
    assert (event.event_type, event.sub_event_type) == ("battle", "armed_clash")


def test_an_attack_on_a_military_camp_is_a_battle(events_of):
    event = only(events_of("Militants attacked a military camp near Bria on Sunday."))
    assert event.event_type == "battle"


def test_a_rebel_army_takes_territory_as_a_non_state_actor(events_of):
    event = only(events_of("The rebel army captured the town of Mbeko on Sunday."))
    assert event.sub_event_type == "non_state_actor_overtakes_territory"


# --- initiator --------------------------------------------------------------------------------


def test_an_attack_carried_out_by_a_group_has_it_as_initiator(events_of):
    event = only(
        events_of("An attack carried out by the Kivu Liberation Front killed six villagers in Mbeko on Monday.")
    )
    assert names(event.actor1, "kivu")


def test_who_repelled_an_attack_is_its_target_and_the_attacker_its_initiator(events_of):
    event = only(events_of("Soldiers repelled an attack by the Kivu Liberation Front on Mbeko on Sunday."))
    assert event.event_type == "battle" and names(event.actor1, "kivu")


def test_a_number_of_airstrikes_is_an_event_with_its_initiator(events_of):
    events = events_of("On Monday the Kivu Liberation Front carried out a number of drone strikes near Kalembe.")
    assert only(events).sub_event_type == "air_drone_strike" and names(events[0].actor1, "kivu")


def test_an_outlet_in_a_dateline_is_no_party(events_of):
    event = only(events_of("BANGUI (Reuters) - Rebels attacked a convoy near Bria on Sunday."))
    assert not names(event.actor1, "reuters") and not names(event.actor2, "reuters")


# --- not events ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A court issued an arrest warrant for the rebel leader on Monday.",
        "Rescuers searched the targeted building on Monday.",
    ],
)
def test_a_noun_or_participle_that_only_qualifies_another_is_no_event(events_of, text):
    assert events_of(text) == []


def test_a_deck_line_under_the_headline_is_a_summary_not_the_telling(events_of):
    """A line of its own without a full stop is a heading: the body sentence that tells the same
    killing is the event's telling."""
    text = (
        "Villagers bury their dead in Kaga\n\n"
        "Monitors said on Monday that 40 people were killed in Kaga villages\n\n"
        "KAGA: Monitors said on Monday that 40 people were killed in Kaga villages between Saturday and Sunday."
    )
    event = only(events_of(text))
    assert event.start > text.index("KAGA"), text[event.start : event.end]


def test_fold_two_tellings_of_one_type_in_one_sentence_are_one_event():
    killed = _event(0, "battle", "armed_clash", actor2="marines", place="kalo")
    wounded = _event(40, "battle", "armed_clash", actor2="kpf", place="kalo")
    told = [Telling(own_place=False), Telling()]
    assert len(fold_retellings([killed, wounded], {}, told)) == 1, "'... were killed and ... wounded in a clash'"
    split = [Telling(own_place=False, part=(1, 3)), Telling(part=(1, 3))]
    assert len(fold_retellings([killed, wounded], {}, split)) == 2, "a listed object's parts stay apart"


def test_fold_keeps_two_killings_of_civilians_in_one_sentence_apart():
    first = _event(0, "violence_against_civilians", "attack", actor2="farmers")
    second = _event(40, "violence_against_civilians", "attack", actor2="traders")
    assert len(fold_retellings([first, second], {})) == 2, "each names its own victims"
