"""Tests for pipeline/events/: events an article reports as having happened, and the events table.

Invented sentences from several conflicts (Sahel, Sudan, DRC, Myanmar, Iraq, Nigeria, Gaza), read
by the real model and the real knowledge.
"""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from pipeline.config import PROJECT_DIR
from pipeline.events import load_event_patterns
from pipeline.events.clustering import cluster_events
from pipeline.events.fatalities import fatalities_in, number_value
from pipeline.schema import EVENT_DATE_BASES, EVENT_TYPES, TABLES, conform
from pipeline.store import read_tables, write_tables

PUBLISHED = datetime.date(2024, 5, 10)  # a Friday


def _names(link: str | None, *words: str) -> bool:
    """Whether a local link (a gazetteer id such as 'rapid-support-forces' or a name key) names one of `words`."""
    return bool(link) and any(word in link.lower().replace("-", " ") for word in words)


@pytest.fixture(scope="module")
def events_of(analyse):
    """events_of(text) -> the article's events (pipeline.events.Event), in text order."""

    def run(text: str, published: datetime.date | None = PUBLISHED):
        _, analysis = analyse(text, published=published)
        return sorted(analysis.events, key=lambda e: e.start)

    return run


def only(events):
    assert len(events) == 1, [(e.sub_event_type, e.trigger) for e in events]
    return events[0]


# --- type, actors, place, date, fatalities ------------------------------------------------------


def test_sahel_attack_on_a_base_is_a_battle_with_its_place_date_and_dead(events_of):
    text = (
        "Jama'at Nusrat al-Islam wal-Muslimin (JNIM) fighters attacked a military base in Djibo on Sunday, "
        "killing 25 soldiers, the army said."
    )
    event = only(events_of(text))
    assert (event.event_type, event.sub_event_type) == ("battle", "armed_clash")
    assert _names(event.actor1, "nusrat", "jnim"), "the group, by its name or its pack id"
    assert _names(event.place, "djibo")
    assert (event.date, event.date_granularity, event.date_basis) == (datetime.date(2024, 5, 5), "day", "sentence")
    assert event.fatalities == 25
    assert text[event.start : event.end].startswith("Jama'at") and "the army said" not in text[event.start : event.end]


def test_sudan_shelling_of_a_camp(events_of):
    text = "The Rapid Support Forces shelled the Zamzam camp outside El Fasher on May 3, killing 40 civilians."
    event = only(events_of(text))
    assert (event.event_type, event.sub_event_type) == (
        "explosion_remote_violence",
        "shelling_artillery_missile_attack",
    )
    assert _names(event.actor1, "rapid support")
    assert _names(event.place, "zamzam")  # the camp, more specific than the town
    assert event.date == datetime.date(2024, 5, 3)
    assert event.fatalities == 40


def test_myanmar_clashes_between_two_parties_give_both_actors(events_of):
    event = only(
        events_of("Clashes erupted between the Arakan Army and the Myanmar military in Rakhine State on Tuesday.")
    )
    assert event.sub_event_type == "armed_clash"
    assert _names(event.actor1, "arakan army")
    assert event.actor2 == "myanmar-armed-forces"
    assert event.place == "arakan-state"
    assert event.date == datetime.date(2024, 5, 7)


def test_drc_capture_of_a_town_by_rebels_is_territory_taken_by_a_non_state_actor(events_of):
    event = only(events_of("M23 rebels captured the town of Rubaya in North Kivu in April."))
    assert (event.event_type, event.sub_event_type) == ("battle", "non_state_actor_overtakes_territory")
    assert _names(event.actor1, "m23")
    assert _names(event.place, "rubaya")
    assert (event.date, event.date_granularity) == (datetime.date(2024, 4, 1), "month")


def test_iraq_seizure_of_pills_is_disrupted_weapons_use(events_of):
    event = only(events_of("Iraqi security forces seized 1.2 million Captagon pills near Al Qaim last week."))
    assert (event.event_type, event.sub_event_type) == ("strategic_development", "disrupted_weapons_use")
    assert event.actor1 == "iraqi-security-forces"
    assert event.place == "al-qaim"
    assert event.fatalities is None


def test_mali_drone_strike_is_one_event_per_clause_with_its_initiator(events_of):
    text = (
        "BAMAKO — A Malian army drone strike killed at least 12 people at a wedding near Douentza on Monday, "
        "residents said."
    )
    event = only(events_of(text))  # the strike and "killed" state one event
    assert (event.event_type, event.sub_event_type) == ("explosion_remote_violence", "air_drone_strike")
    assert event.actor1 == "mali-armed-forces"
    assert event.fatalities == 12
    assert event.date == datetime.date(2024, 5, 6)
    assert event.place == "douentza"


def test_gaza_warplanes_make_a_struck_an_air_strike_and_rockets_a_shelling(events_of):
    events = events_of(
        "Israeli warplanes struck targets in Gaza overnight, the army said. Hamas fired rockets at Tel Aviv."
    )
    assert [e.sub_event_type for e in events] == ["air_drone_strike", "shelling_artillery_missile_attack"]
    assert events[1].actor1 == "hamas" and events[1].place == "tel-aviv"


def test_nigeria_abduction_and_protest_with_intervention(events_of):
    abduction = only(events_of("Gunmen abducted 20 students from a school in Kaduna State on Wednesday."))
    assert (abduction.event_type, abduction.sub_event_type) == (
        "violence_against_civilians",
        "abduction_forced_disappearance",
    )
    protest = only(events_of("Hundreds of people protested in Khartoum on Thursday before police fired tear gas."))
    assert (protest.event_type, protest.sub_event_type) == ("protest", "protest_with_intervention")


def test_crossing_reopened_is_a_strategic_development_but_schools_reopened_are_not(events_of):
    event = only(events_of("Jordanian authorities reopened the Jaber crossing with Syria on Sunday."))
    assert (event.event_type, event.sub_event_type) == ("strategic_development", "other")
    assert events_of("The ministry reopened schools in Mosul on Sunday.") == []


def test_attack_on_villagers_is_violence_against_civilians(events_of):
    event = only(events_of("ISWAP fighters attacked villagers in Gwoza on Saturday."))
    assert (event.event_type, event.sub_event_type) == ("violence_against_civilians", "attack")


# --- not events: plans, threats, denials, negations, trends --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The RSF threatened to attack El Fasher.",
        "The army said it would strike back.",
        "M23 rebels did not attack Goma.",
        "The army is planning an offensive on Gao.",
        "The ministry denied that its forces shelled the camp.",
        "Militants often attack convoys on the road.",
        "No clashes were reported in Bamako.",
        "The government warned of possible airstrikes on Sagaing.",
        "Security forces foiled ISIS attacks in Kirkuk.",
        "The talks aim to avert clashes in Tripoli.",
    ],
)
def test_a_threat_plan_denial_or_trend_is_no_event(events_of, text):
    assert events_of(text) == []


def test_a_denial_stops_only_its_own_clause(events_of):
    text = (
        "The Rapid Support Forces shelled the Zamzam camp on May 3. The RSF denied that its fighters shelled the camp."
    )
    event = only(events_of(text))
    assert event.sent_id == 0 and event.date == datetime.date(2024, 5, 3)


# --- dates ---------------------------------------------------------------------------------------


def test_date_from_context_then_publication(events_of):
    events = events_of(
        "Patrol ambushed near Tarmiyah\n\n"
        "Islamic State militants ambushed an army patrol near Tarmiyah on Saturday. They also abducted two shepherds."
    )
    assert [(e.date, e.date_basis) for e in events] == [
        (datetime.date(2024, 5, 4), "sentence"),
        (datetime.date(2024, 5, 4), "context"),
    ]
    ambush = only(events_of("Militants ambushed an army patrol near Tarmiyah on Saturday. Four soldiers were killed."))
    assert ambush.fatalities == 4, "the killing retells the ambush, which takes its dead"
    undated = only(events_of("Rebels looted shops and torched houses in Bambari."))
    assert (undated.date, undated.date_granularity, undated.date_basis) == (PUBLISHED, "day", "published")
    assert undated.sub_event_type == "looting_property_destruction"


# --- fatalities ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed 25 villagers", 25),
        ("killing at least 25 people", 25),
        ("25 people were killed", 25),
        ("at least a dozen dead", 12),
        ("the death toll rose to 40", 40),
        ("dozens of people were killed", 12),  # ACLED's convention
        ("killed twenty-five", 25),
        ("two hundred people died", 200),
        ("1,200 were killed", 1200),
        ("a day after rebels killed the chief", None),
        ("in 2019 killed", None),
        ("ten people were wounded", None),
    ],
)
def test_fatalities(knowledge, text, expected):
    assert fatalities_in(text, knowledge.events) == expected


def test_number_words(knowledge):
    patterns = knowledge.events
    assert [number_value(w, patterns) for w in ("seventy-two", "a dozen", "hundreds", "3,000")] == [72, 12, 100, 3000]


# --- patterns are data ---------------------------------------------------------------------------


def test_patterns_name_only_the_contracts_sub_types():
    patterns = load_event_patterns(PROJECT_DIR / "data" / "knowledge" / "base" / "patterns" / "events.yaml")
    assert {sub: event for event, subs in EVENT_TYPES.items() for sub in subs} == patterns.event_of
    used = {r.sub_type for r in patterns.rules if r.sub_type} | set(patterns.attack.values())
    assert used <= set(patterns.event_of)


def test_patterns_reject_an_unknown_sub_type(tmp_path):
    source = (PROJECT_DIR / "data" / "knowledge" / "base" / "patterns" / "events.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "events.yaml"
    broken.write_text(source.replace("  - sub_type: grenade", "  - sub_type: grenade_attack"), encoding="utf-8")
    with pytest.raises(ValueError, match="grenade_attack"):
        load_event_patterns(broken)


# --- the parser is on, sentences are the senter's ----------------------------------------------


def test_parser_runs_after_the_sentence_rules(nlp):
    names = nlp.pipe_names
    assert "parser" in names and names.index("news_sentences") < names.index("parser")
    doc = nlp("Clashes in Gao\nRebels attacked the town on Monday. Troops fought back.")
    assert [s.text.strip() for s in doc.sents] == [
        "Clashes in Gao",
        "Rebels attacked the town on Monday.",
        "Troops fought back.",
    ]
    assert doc.has_annotation("DEP")


# --- clustering ----------------------------------------------------------------------------------


def _row(event_id, doc_id, date, granularity="day", actor1="jnim", place="djibo", event_type="battle"):
    return {
        "event_id": event_id,
        "doc_id": doc_id,
        "sent_id": 0,
        "start": 0,
        "end": 1,
        "event_type": event_type,
        "place_id": place,
        "actor1_id": actor1,
        "date": date,
        "date_granularity": granularity,
    }


def test_clusters_join_reports_that_agree_and_keep_apart_those_that_conflict():
    d = datetime.date
    frame = conform(
        pd.DataFrame(
            [
                _row("a", "doc1", d(2024, 5, 5)),
                _row("b", "doc2", d(2024, 5, 6), actor1=None),  # unknown initiator: no conflict
                _row("c", "doc3", d(2024, 5, 6), actor1="isgs"),  # another initiator
                _row("d", "doc4", d(2024, 5, 12)),  # a week later
                _row("e", "doc5", d(2024, 5, 1), granularity="month"),  # "in May"
                _row("f", "doc6", d(2024, 5, 5), place=None),  # no place: alone
                _row("g", "doc7", d(2024, 5, 5), event_type="protest"),
            ]
        ),
        "events",
    )
    ids = dict(zip(frame["event_id"], cluster_events(frame), strict=True))
    assert ids["a"] == ids["b"] == ids["e"]
    assert len({ids["a"], ids["c"], ids["d"], ids["f"], ids["g"]}) == 5


# --- a folder build: offsets, clusters across articles, round trip -------------------------------

ARTICLE_A = """Drone strike hits market in northern Mali

A drone strike by the Malian army killed at least nine civilians at a market in Gao on Sunday, March 10, residents said.

Local officials said the strike also destroyed several shops. The army has not commented.

Gunmen also torched a school in Ansongo.
"""

ARTICLE_B = (
    "Civilians killed in Gao market strike\n\n"
    "GAO, Mali — Nine civilians were killed when a Malian army drone struck the weekly market in Gao on Sunday, "
    "witnesses said.\n\n"
    "Separately, Malian troops arrested 14 suspected JNIM members in Mopti on Monday.\n"
)


@pytest.fixture(scope="module")
def strike_build(tmp_path_factory, folder_builder):
    src = tmp_path_factory.mktemp("strike-src")
    (src / "a_sahel_monitor.txt").write_text(ARTICLE_A, encoding="utf-8")
    (src / "b_desert_wire.txt").write_text(ARTICLE_B, encoding="utf-8")
    (src / "metadata.csv").write_text(
        "file,url,outlet,published\n"
        "a_sahel_monitor.txt,https://example.org/a,Sahel Monitor,2024-03-12\n"
        "b_desert_wire.txt,https://example.org/b,Desert Wire,2024-03-11\n",
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("strike-out")
    _, tables = folder_builder(src, out)
    return tables, out


def test_folder_build_events_point_into_the_documents(strike_build):
    tables, _ = strike_build
    events, documents = tables["events"], tables["documents"].set_index("doc_id")
    assert list(events.columns) == list(TABLES["events"])
    assert len(events) >= 3
    for row in events.itertuples():
        assert documents.at[row.doc_id, "text"][row.start : row.end] == row.text
        assert row.sub_event_type in EVENT_TYPES[row.event_type]
        assert row.date_basis in EVENT_DATE_BASES
        assert not row.reviewed
    known = set(tables["actors"]["actor_id"])
    for column in ("actor1_id", "actor2_id", "place_id"):
        assert set(events[column].dropna()) <= known


def test_one_strike_reported_by_two_articles_is_one_cluster(strike_build):
    tables, _ = strike_build
    events = tables["events"]
    strikes = events[events["sub_event_type"] == "air_drone_strike"]
    body = strikes[strikes["place_id"] == "gao"]
    assert set(body["doc_id"].str[:1]) == {"a", "b"}, strikes[["doc_id", "text", "place_id"]]
    assert body["cluster_id"].nunique() == 1
    assert set(body["date"]) == {datetime.date(2024, 3, 10)}
    assert set(body["actor1_id"]) == {"mali-armed-forces"}
    assert body["lat"].notna().all() and body["lon"].notna().all()
    arrests = events[events["sub_event_type"] == "arrests"]
    assert len(arrests) == 1 and arrests["cluster_id"].iloc[0] not in set(body["cluster_id"])
    assert arrests["place_id"].iloc[0] == "mopti"


def test_events_table_round_trips(strike_build, tmp_path):
    tables, out = strike_build
    again = read_tables(out, ("events",))["events"]
    pd.testing.assert_frame_equal(again, tables["events"])
    write_tables({"events": again}, tmp_path, {})
    pd.testing.assert_frame_equal(read_tables(tmp_path, ("events",))["events"], tables["events"])


def test_seed_events_are_typed_by_the_contract(seed_build):
    _, tables, _ = seed_build
    events = tables["events"]
    assert len(events) > 0
    assert all(
        sub in EVENT_TYPES[kind] for kind, sub in zip(events["event_type"], events["sub_event_type"], strict=True)
    )


# --- one row per event an article tells --------------------------------------------------------


def test_an_event_told_in_the_headline_lead_and_details_is_one_row(events_of):
    events = events_of(
        "Drone strike kills five in Kalo market\n\n"
        "A drone strike killed five people at a market in Kalo on Monday, officials said. "
        "Witnesses said the strike set stalls on fire.\n\n"
        "The drone strike was the third in the district this month."
    )
    strikes = [e for e in events if e.sub_event_type == "air_drone_strike"]
    assert len(strikes) == 1
    assert strikes[0].sent_id > 0 and strikes[0].fatalities == 5, "the body's telling, with what it names"


def test_two_acts_of_one_raid_and_two_attacks_on_two_places_stay_apart(events_of):
    events = events_of(
        "Gunmen raid villages\n\n"
        "Gunmen abducted six farmers in Garin Dutse on Sunday. Gunmen also killed two herders in Wuro Bokki. "
        "In a separate incident, bandits attacked travellers near Kofar Sule on Tuesday."
    )
    kinds = sorted(e.sub_event_type for e in events if e.sent_id > 0)
    assert kinds == ["abduction_forced_disappearance", "attack", "attack"]


def test_a_weapon_makes_a_plain_verb_an_attack_and_a_backdrop_is_no_event(events_of):
    event = only(
        events_of(
            "For the first time since the start of the clashes in the region, the rebels launched about ten "
            "rockets towards the Kalo army base on Monday."
        )
    )
    assert event.sub_event_type == "shelling_artillery_missile_attack"
    assert events_of("The minister launched a new programme and fired two advisers on Monday.") == []


def test_violence_outranks_a_development_told_beside_it(events_of):
    event = only(events_of("Two attacks on the oil field shortly after its handover to the army killed three guards."))
    assert event.event_type != "strategic_development"


def test_the_group_or_they_is_the_armed_group_last_named(events_of):
    events = events_of(
        "Fighters of the Kivu Liberation Front seized Mbeko on Monday. On Tuesday the militants ambushed a "
        "convoy near Kalembe, and they burned three trucks."
    )
    group = events[0].actor1
    assert group is not None and all(e.actor1 == group for e in events), [(e.trigger, e.actor1) for e in events]


@pytest.mark.parametrize(
    ("victims", "event_type"), [("four soldiers", "battle"), ("four villagers", "violence_against_civilians")]
)
def test_an_attack_on_a_thing_is_typed_by_its_victims(events_of, victims, event_type):
    event = only(events_of(f"Two attacks on the Kalo gas field in October killed {victims}."))
    assert event.event_type == event_type


def test_an_event_whose_sentence_names_no_town_is_placed_at_the_articles_town(events_of):
    events = events_of(
        "Clashes near Kalembe\n\n"
        "Rebels clashed with soldiers near Kalembe on Monday, and residents of Kalembe fled. "
        "On Tuesday a U.S. drone strike killed four fighters."
    )
    strike = next(e for e in events if e.sub_event_type == "air_drone_strike")
    clash = next(e for e in events if e.sub_event_type == "armed_clash")
    assert strike.place == clash.place and strike.place is not None and strike.place != "united-states"


def test_the_articles_town_is_a_known_town_before_a_name_only_the_model_read_as_a_place():
    from pipeline.events.arguments import ActorIndex, EventActor
    from pipeline.events.places import article_place

    tuareg = [EventActor(10 * i, 10 * i + 6, "ner:tuareg", "place") for i in range(3)]
    gao = EventActor(100, 103, "gao", "place")
    assert article_place(ActorIndex([*tuareg, gao])).link == "gao", "the model calls an ethnic group a place"
    assert article_place(ActorIndex(tuareg)).link == "ner:tuareg", "when it is the only place named"
