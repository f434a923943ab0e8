"""Quote speakers, issue 11 item 6 (round 8): each rule on invented text, failing without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.quotes import ActorSpan, extract_quotes, load_quote_patterns
from tests.pipeline.quote_helpers import QUOTES_YAML, speakers_of
from tests.pipeline.quote_helpers import spans_for as shared_spans_for

ROOT = Path(__file__).resolve().parents[2]

# Invented actors: surface -> (actor_id, type).
ACTORS = {
    "Valley Defence Ministry": ("valley-defence-ministry", "government_body"),
    "Northern Front": ("northern-front", "armed_group"),
    "Coast News Agency": ("coast-news-agency", "media"),
    "Hill Observatory": ("hill-observatory", "other_org"),
    "Lina Farouk": ("lina-farouk", "person"),
    "Tarek Nour": ("tarek-nour", "person"),
    "Sami Haddad": ("sami-haddad", "person"),
    "Ridge Residents Committee": ("ridge-residents-committee", "other_org"),
    "Valley Army": ("valley-army", "security_force"),
    "Joint Armed Forces Command": ("joint-armed-forces-command", "other_org"),
    "Security Media Cell": ("security-media-cell", "security_force"),
}


@pytest.fixture(scope="module")
def patterns():
    return load_quote_patterns(QUOTES_YAML)


def spans_for(text: str) -> list[ActorSpan]:
    return shared_spans_for(text, ACTORS)


def speakers(text: str, patterns) -> dict[str, str | None]:
    return speakers_of(text, ACTORS, patterns)


# --- relay verbs: "reported" attributes, after a speech verb's speaker ----------------------------


def test_reported_attributes_a_phrase_to_the_organisation_before_it(patterns):
    text = "The Valley Defence Ministry reported that three guards died in a raid by “heavily armed gunmen” at a dam."
    assert speakers(text, patterns) == {"heavily armed gunmen": "valley-defence-ministry"}


def test_reported_after_a_quotation_names_the_outlet(patterns):
    text = "“Two depots were hit and one burned through the night,” reported the Coast News Agency on Friday."
    assert speakers(text, patterns)["Two depots were hit and one burned through the night"] == "coast-news-agency"


def test_a_speech_verb_before_the_quotation_beats_a_relaying_outlet_after_it(patterns):
    text = (
        "Lina Farouk said, “The convoy was stopped at the bridge and the drivers were taken away,” "
        "the Coast News Agency reported."
    )
    found = speakers(text, patterns)
    assert found["The convoy was stopped at the bridge and the drivers were taken away"] == "lina-farouk"


def test_reports_before_said_is_the_noun_not_a_relay_verb(patterns):
    text = "“The bridge over the river is gone,” local media reports said."
    quote = extract_quotes(text, spans_for(text), patterns)[0]
    assert (quote.speaker, quote.speaker_id) == (None, None)


# --- a pronoun is never a speaker's name ------------------------------------------------------------


def test_a_pronoun_opening_a_clause_of_two_verbs_is_resolved_not_written(patterns):
    text = (
        "The Northern Front claimed the raid in a video.\n"
        "Later, it denied it had harmed any villagers and said the fighters “only struck the barracks”."
    )
    quote = extract_quotes(text, spans_for(text), patterns)[0]
    assert (quote.speaker, quote.speaker_id) == ("it", "northern-front")


# --- an attribution closing the sentence, speaker after the verb --------------------------------------


def test_said_closing_the_sentence_names_the_speaker_of_a_phrase_before_it(patterns):
    text = (
        "The Hill Observatory counted the dead.\n"
        "It was “the worst night in the valley” since the war began, said Tarek Nour, head of the Hill Observatory."
    )
    assert speakers(text, patterns) == {"the worst night in the valley": "tarek-nour"}


def test_according_to_closing_the_sentence_sources_a_phrase_before_it(patterns):
    text = "The patrol was “caught in a crossfire” near the market on Monday, according to the Northern Front."
    assert speakers(text, patterns) == {"caught in a crossfire": "northern-front"}


def test_a_participle_closing_the_sentence_is_no_inverted_attribution(patterns):
    text = "Tarek Nour called the raid “a grave mistake” by the army, adding the Northern Front had left."
    assert speakers(text, patterns) == {"a grave mistake": "tarek-nour"}


# --- organisation nouns: force(s), cell ---------------------------------------------------------------


def test_the_armed_forces_is_the_organisation_whose_name_holds_the_noun(patterns):
    text = (
        "The Joint Armed Forces Command said the Northern Front ambushed a patrol on Thursday.\n"
        "“Our soldiers held their positions until help arrived,” the armed forces said."
    )
    assert speakers(text, patterns) == {
        "Our soldiers held their positions until help arrived": "joint-armed-forces-command"
    }


def test_the_cell_is_the_press_office_named_before(patterns):
    text = (
        "The Security Media Cell reported two air strikes on hideouts.\n"
        "“The hideouts were destroyed and the cell leader was killed,” said the media cell."
    )
    assert speakers(text, patterns) == {
        "The hideouts were destroyed and the cell leader was killed": "security-media-cell"
    }


# --- verbs of a raised voice -------------------------------------------------------------------------


def test_cried_out_attributes_to_an_unnamed_bystander(patterns):
    text = "“They burned the whole market! Where were the soldiers?” cried out one trader near the ruins."
    quote = extract_quotes(text, spans_for(text), patterns)[0]
    assert (quote.quote, quote.speaker, quote.speaker_id) == (
        "They burned the whole market! Where were the soldiers?",
        "one trader near the ruins",
        None,
    )


def test_he_is_the_speaker_named_paragraphs_up_not_a_victim_named_since(patterns):
    text = (
        "Tarek Nour said on Sunday that the talks had failed.\n"
        "He named the dead guard as Sami Haddad.\n"
        "There was gunfire from what he described as a large and well-armed unit.\n"
        "“We will not be intimidated by anyone who attacks our police,” he said."
    )
    assert speakers(text, patterns) == {"We will not be intimidated by anyone who attacks our police": "tarek-nour"}


def test_the_group_is_the_organisation_that_spoke_last_not_an_armed_group_it_named(patterns):
    text = (
        "The Ridge Residents Committee said a Northern Front mortar hit the clinic on Friday.\n"
        "“Shells keep falling on homes and the wounded cannot reach the hospital,” the group said."
    )
    found = speakers(text, patterns)
    assert found == {
        "Shells keep falling on homes and the wounded cannot reach the hospital": "ridge-residents-committee"
    }


def test_the_army_still_skips_a_source_of_another_kind(patterns):
    text = (
        "The Ridge Residents Committee said soldiers of the Valley Army shelled the clinic.\n"
        "“Our units returned fire only at fighters who shot at them first,” the army said."
    )
    found = speakers(text, patterns)
    assert found == {"Our units returned fire only at fighters who shot at them first": "valley-army"}


def test_a_phrase_after_reporting_is_the_speaker_of_the_sentence(patterns):
    text = (
        "“The shelter was hit twice before dawn and the roof came down,” Sami Haddad, a medic, told the "
        "Coast News Agency, also reporting “many” wounded."
    )
    assert speakers(text, patterns)["many"] == "sami-haddad"


def test_said_to_be_closing_the_sentence_names_nobody(patterns):
    text = "Fighters seized “the whole northern ridge” on Monday, said to be their biggest gain this year."
    assert all(q.speaker is None for q in extract_quotes(text, spans_for(text), patterns))


def test_quoted_names_before_a_closing_according_to_are_nobodys_words(patterns):
    text = "Gunmen attacked the hamlets of “Upper Wadi” and “Stone Well” at dawn, according to the Northern Front."
    assert speakers(text, patterns) == {}


def test_he_is_a_person_named_in_the_previous_paragraph_before_a_source_further_up(patterns):
    text = (
        "Tarek Nour told the Coast News Agency that the road was open again.\n"
        "The market reopened on Monday.\n"
        "The Coast News Agency was told by Sami Haddad that the power plant was still down.\n"
        "“Families will not come back without electricity and schools,” he also noted."
    )
    assert speakers(text, patterns) == {"Families will not come back without electricity and schools": "sami-haddad"}


# --- documents speak for whoever issued them ------------------------------------------------------------


def test_the_statement_is_the_one_made_by_the_subject_of_said_in_a_statement(patterns):
    text = (
        "Northern Front fighters killed four guards at the depot, the Valley Army said in a statement.\n"
        "The guards “were fired on from three sides with rockets and machine guns,” the statement pointed out."
    )
    found = speakers(text, patterns)
    assert found == {"were fired on from three sides with rockets and machine guns": "valley-army"}


def test_the_communique_is_the_last_communique_not_a_nearer_border_post(patterns):
    text = (
        "A Valley Defence Ministry communique said troops had met villagers.\n"
        "Tarek Nour then led the troops to the old border post.\n"
        "“The villages are safe again and families are coming home,” the communique reads."
    )
    found = speakers(text, patterns)
    assert found == {"The villages are safe again and families are coming home": "valley-defence-ministry"}


def test_an_organisation_filling_the_piece_before_the_verb_speaks_not_a_person_before_it(patterns):
    text = "At a rally in memory of Tarek Nour, the Northern Front pointed out: “Nothing lies between us and them.”"
    assert speakers(text, patterns) == {"Nothing lies between us and them.": "northern-front"}


def test_the_statement_with_none_told_before_is_the_last_quoted_organisations(patterns):
    text = (
        "Two strikes hit the hideouts, killing “a senior commander,” reported the Security Media Cell.\n"
        "The raid struck “the largest cell” in the mountains, according to the statement."
    )
    assert speakers(text, patterns)["the largest cell"] == "security-media-cell"


def test_a_verb_joined_by_and_shares_the_subject_of_the_sentence(patterns):
    text = (
        "The Northern Front claimed the raid on Telegram, a messaging app, and said its fighters had "
        "“destroyed two tanks and seized the checkpoint”."
    )
    assert speakers(text, patterns) == {"destroyed two tanks and seized the checkpoint": "northern-front"}


def test_with_x_accusing_gives_the_phrase_to_x_not_to_the_accused(patterns):
    text = (
        "Tarek Nour lost two brothers in a strike in May, with the Valley Army accusing them of "
        "“planning attacks on the capital”."
    )
    assert speakers(text, patterns) == {"planning attacks on the capital": "valley-army"}


def test_the_security_forces_are_no_militia_whose_name_holds_forces(patterns):
    text = (
        "The Northern Forces shelled the market on Monday.\n"
        "The Valley Army said it had repelled the assault.\n"
        "“We arrested twelve looters near the market,” the security forces said."
    )
    militia = ActorSpan(4, 4 + len("Northern Forces"), "northern-forces", "Northern Forces", "armed_group")
    spans = [*spans_for(text), militia]
    quote = extract_quotes(text, sorted(spans, key=lambda s: s.start), patterns)[-1]
    assert quote.speaker_id == "valley-army"


def test_an_organisation_in_apposition_to_a_person_name_does_not_speak(patterns):
    text = "Lina Farouk, Valley Army, said: “We will rebuild the bridge before the winter comes.”"
    assert speakers(text, patterns) == {"We will rebuild the bridge before the winter comes.": "lina-farouk"}


def test_it_was_reported_names_nobody(patterns):
    text = (
        "The Northern Front claimed the raid.\n"
        "“The road to the dam is closed to all traffic,” it was reported on Monday."
    )
    quote = extract_quotes(text, spans_for(text), patterns)[0]
    assert (quote.speaker, quote.speaker_id) == (None, None)
