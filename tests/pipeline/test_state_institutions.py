"""A state's institutions as conflict news names them: security forces, border guards, the health
ministry, civil defence and state media by demonym; a possessive state before its institution; a
ministry named by its portfolio alone, which is the state's the article names nearest (issue 11).

The texts are invented; each rule is tried on states no seed or evaluation article is about.
"""

from __future__ import annotations

import pytest

from tests.pipeline.mention_helpers import links_by_surface


@pytest.mark.parametrize(
    ("sentence", "surface", "actor_id", "actor_type"),
    [
        (
            "Guinean security forces fired tear gas in Conakry on Monday.",
            "Guinean security forces",
            "guinea-security-forces",
            "security_force",
        ),
        (
            "Uzbek border guards detained two men near the frontier.",
            "Uzbek border guards",
            "uzbekistan-border-guard",
            "security_force",
        ),
        (
            "The Malawian Ministry of Health said three people had died.",
            "Malawian Ministry of Health",
            "malawi-health-ministry",
            "government_body",
        ),
        (
            "Jordanian civil defence teams pulled two bodies from the rubble.",
            "Jordanian civil defence",
            "jordan-civil-defence",
            "government_body",
        ),
        (
            "Eritrean state television showed the damaged bridge.",
            "Eritrean state television",
            "eritrea-state-media",
            "media",
        ),
    ],
)
def test_a_demonym_names_the_states_own_force_ministry_or_media(analyse, sentence, surface, actor_id, actor_type):
    _, analysis = analyse(sentence)
    assert links_by_surface(analysis).get(surface) == (actor_id, actor_type), links_by_surface(analysis)


def test_a_possessive_state_before_its_institution_is_one_name(analyse):
    _, analysis = analyse("Both Tanzania’s federal government and the regional administration declined to comment.")
    links = links_by_surface(analysis)
    assert links.get("Tanzania’s federal government") == ("tanzania-government", "government_body"), links
    assert "Tanzania" not in links


def test_a_possessive_state_before_an_armed_group_still_names_two_actors(analyse):
    _, analysis = analyse("Lebanon's Hezbollah said it fired rockets at a base.")
    assert {"Lebanon", "Hezbollah"} <= set(links_by_surface(analysis)), links_by_surface(analysis)


def test_a_ministry_named_by_its_portfolio_alone_is_the_nearest_states(analyse):
    _, analysis = analyse(
        "Fighting between rival militias in the Guinean capital Conakry killed 8 people, the health ministry said. "
        "The defence ministry reported on Sunday that four soldiers died in an ambush in northern Benin."
    )
    links = links_by_surface(analysis)
    assert links.get("health ministry") == ("guinea-health-ministry", "government_body"), links
    assert links.get("defence ministry") == ("benin-defence-ministry", "government_body"), links


def test_a_ministry_an_armed_group_or_a_name_owns_is_no_states(analyse):
    _, analysis = analyse(
        "The rebels' health ministry in Benin said the strike killed 12 people. "
        "The Zuma health ministry in Benin gave another toll."
    )
    links = links_by_surface(analysis)
    assert not any(link.endswith("-health-ministry") for link, _ in links.values()), links


def test_the_place_after_a_ministry_or_the_states_ministry_named_before_says_whose_it_is(analyse):
    _, analysis = analyse(
        "Guinea and Benin signed a truce brokered by Ghana, the foreign ministry in Conakry said. "
        "Benin’s Interior Ministry had closed the border. In Accra, officials met, and the interior "
        "ministry said the border would reopen."
    )
    links = links_by_surface(analysis)
    assert links.get("foreign ministry") == ("guinea-foreign-ministry", "government_body"), links
    assert links.get("interior ministry") == ("benin-interior-ministry", "government_body"), links


def test_a_function_word_after_a_possessive_state_ends_the_institution(analyse):
    _, analysis = analyse("Gunfire went on in Guinea’s capital as security forces fought gunmen.")
    links = links_by_surface(analysis)
    assert not any("security forces" in surface for surface in links), links


def test_a_ministry_named_again_by_its_portfolio_stays_the_same_states(analyse):
    _, analysis = analyse(
        "Guatemalan troops killed 5 gunmen near the border, the ministry of defense said on Tuesday. "
        "Officials in the United States offered help. "
        "The ministry of defense said the gunmen belonged to a cartel."
    )
    links = {m.candidate.link for m in analysis.mentions if m.candidate.surface == "ministry of defense"}
    assert links == {"guatemala-defence-ministry"}, links


def test_a_body_a_pack_spells_after_its_states_possessive_stays_whole(analyse):
    _, analysis = analyse(
        "Haiti's transitional government said gangs had attacked two police stations. "
        "Talks on the army went on between Kurdish leaders and Syria’s new government."
    )
    links = links_by_surface(analysis)
    assert "Haiti's transitional government" in links, links
    assert "Syria’s new government" in links, links


def test_a_packs_bare_portfolio_is_the_ministry_of_the_state_the_article_names(analyse):
    """The Iraq–Syria pack reads a bare "Interior Ministry" as Iraq's: in an article about Bolivia it
    is Bolivia's, and in one about Iraq still Iraq's (the pack's own id)."""
    _, bolivia = analyse("Gunmen killed two police officers near Cochabamba in Bolivia, the Interior Ministry said.")
    bolivia_links = links_by_surface(bolivia)
    assert bolivia_links.get("Interior Ministry", ("",))[0] == "bolivia-interior-ministry", bolivia_links
    _, iraq = analyse("Gunmen killed two police officers near Ramadi in Iraq, the Interior Ministry said.")
    iraq_links = links_by_surface(iraq)
    assert iraq_links.get("Interior Ministry", ("",))[0] == "iraqi-ministry-of-interior", iraq_links
