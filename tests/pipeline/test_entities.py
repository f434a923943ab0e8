"""Entity candidates: trimming names, typing names the gazetteer lacks, places by context."""

from __future__ import annotations

import pytest

from pipeline.entities.candidates import guess_type, trim_name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("the PMF’s", "PMF"),
        ("Col. Saleh Al-Yacoubi", "Saleh Al-Yacoubi"),
        ("Staff Maj. Gen. Qassem al-Mohammadi", "Qassem al-Mohammadi"),
        ("“Hezbollah", "Hezbollah"),
        ("U.S.", "U.S."),
        ("the Kurdish forces.", "Kurdish forces"),
    ],
)
def test_entities_trim_name(knowledge, text, name):
    start, end = trim_name(text, 0, len(text), knowledge.titles)
    assert text[start:end] == name


@pytest.mark.parametrize(
    ("name", "label", "actor_type"),
    [
        ("Nineveh Plains Protection Units", "ORG", "armed_group"),
        ("Iraqi National Security Council", "ORG", "government_body"),
        ("Syria's General Security", "ORG", "security_force"),
        ("Western Euphrates Operations Command", "ORG", "security_force"),
        ("Deir ez-Zor Military Council", "ORG", "armed_group"),
        ("Petra News Agency", "ORG", "media"),
        ("Jane Roe", "PERSON", "person"),
        ("Council Street", "PERSON", "person"),
        ("Some Foundation", "ORG", "other_org"),
    ],
)
def test_entities_guess_type_longest_keyword_wins(knowledge, name, label, actor_type):
    assert guess_type(name, label, knowledge.types) == actor_type


@pytest.mark.parametrize(
    ("sentence", "surface", "actor_type"),
    [
        ("Shelling hit the village of Tell Warda and people fled.", "Tell Warda", "place"),
        ("Shelling hit Tell Warda and people fled.", "Tell Warda", "person"),
        ("Reporters met Farida Haddad, a teacher, on Monday.", "Farida Haddad", "person"),
        ("A letter from Farida Haddad was read aloud.", "Farida Haddad", "person"),
    ],
)
def test_entities_places_by_context(analyse, knowledge, sentence, surface, actor_type):
    _, analysis = analyse(sentence)
    candidate = next(m.candidate for m in analysis.mentions if m.candidate.surface == surface)
    assert guess_type(candidate.surface, candidate.label, knowledge.types) == actor_type
