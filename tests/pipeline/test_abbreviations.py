"""Abbreviations an article defines for itself."""

import pytest

from pipeline.entities import find_abbreviations


@pytest.mark.parametrize(
    ("text", "long_form", "short"),
    [
        ("non-local Shiite Popular Mobilization Units (PMUs), reportedly", "Popular Mobilization Units", "PMU"),
        ("pockets of Islamic State (IS) territory", "Islamic State", "IS"),
        (
            "groups linked to the Islamic Revolutionary Guard Corps (IRGC) are",
            "Islamic Revolutionary Guard Corps",
            "IRGC",
        ),
        (
            "the Sinjar Resistance Units (YBŞ) and the Syrian Observatory for Human Rights (SOHR) said",
            "Syrian Observatory for Human Rights",
            "SOHR",
        ),
        ("fighters of the Coalition of Tribal Defenders (CTD) moved", "Coalition of Tribal Defenders", "CTD"),
        ("led by the Supreme Security Committee, or SSC, since May", "Supreme Security Committee", "SSC"),
        ("The Popular Mobilization Forces, or PMF, an umbrella group", "Popular Mobilization Forces", "PMF"),
        ("a unit of the Desert Hawks Brigade, known as the DHB.", "Desert Hawks Brigade", "DHB"),
    ],
)
def test_abbreviations_found(text, long_form, short):
    found = {(text[a.long_start : a.long_end], a.short) for a in find_abbreviations(text)}
    assert (long_form, short) in found


@pytest.mark.parametrize(
    "text",
    [
        "it cost $5 (USD) a day",
        "as shown (see below) here",
        "the town (pop. 20,000)",
        "he was (AP) tired",
        "Iraqi forces, or US troops, moved",
        "Soldiers, or ISF members, said",
    ],
)
def test_abbreviations_ignore_parentheses_that_define_nothing(text):
    assert find_abbreviations(text) == []


def test_abbreviations_offsets_point_at_the_short_form():
    text = "The Popular Mobilisation Forces (PMF) said"
    (found,) = find_abbreviations(text)
    assert text[found.short_start : found.short_end] == "PMF"


@pytest.mark.parametrize(
    ("text", "long_form", "short"),
    [
        ("Niger's Defence and Security Forces (FDS) repelled the attack.", "Defence and Security Forces", "FDS"),
        (
            "the Coordination of Azawad Movements (CMA), a coalition of groups",
            "Coordination of Azawad Movements",
            "CMA",
        ),
        ("troops of the Mozambique Defence Armed Forces (FADM) arrived", "Mozambique Defence Armed Forces", "FADM"),
    ],
)
def test_abbreviations_of_a_name_in_another_language_keep_its_letters_in_another_order(text, long_form, short):
    (found,) = find_abbreviations(text)
    assert (text[found.long_start : found.long_end], found.short) == (long_form, short)


def test_abbreviations_in_another_order_need_three_letters_and_matching_initials():
    assert find_abbreviations("the Armed Forces (FA) said") == []
    assert find_abbreviations("the Malian army (XYZ) said") == []


def test_a_long_form_never_runs_back_over_a_line_break():
    # A headline, a blank line and a dateline credit: the agency's letters must not be read off the headline.
    text = "Militia leader killed in Ivorian airstrike near northern Niger\n\nNiamey, June 3 (IANS) A drone hit a car."
    assert [a.short for a in find_abbreviations(text) if a.long_start < text.index("Niamey")] == []
