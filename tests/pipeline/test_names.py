"""Name normalisation: the keys on which spellings of one actor meet."""

import pytest

from pipeline.names import name_key, skeleton, slugify, surname_forms


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kata’ib Hezbollah", "Kata'ib Hezbollah"),
        ("the United States", "United States"),
        ("PMUs", "PMU"),
        ("the PMF’s", "PMF"),
        ("Deir ez-Zor", "Deir ez Zor"),
        ("Al-Qaim", "al Qaim"),
    ],
)
def test_names_key_joins_spellings(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("IS", "is"), ("US", "us"), ("Hit", "hit it")])
def test_names_key_keeps_acronyms_apart_from_words(a, b):
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hezbollah", "Hizbullah"),
        ("Hezbollah", "Hizballah"),
        ("Tufuf", "Toufuf"),
        ("Akkaz", "Akkas"),
        ("Qaim", "al-Qaim"),
        ("Kata’ib", "Kataib"),
        ("United States", "United Sates"),
        ("Mayadeen", "Mayadin"),
        ("Baghouz", "Baghuz"),
    ],
)
def test_names_skeleton_joins_transliterations(knowledge, a, b):
    rules = knowledge.gazetteer.rules
    assert skeleton(a, rules) is not None
    assert skeleton(a, rules) == skeleton(b, rules)


@pytest.mark.parametrize(("a", "b"), [("Syria", "Syrian"), ("Iraq", "Iran"), ("Hajin", "Hama")])
def test_names_skeleton_keeps_different_names_apart(knowledge, a, b):
    rules = knowledge.gazetteer.rules
    assert skeleton(a, rules) != skeleton(b, rules)


def test_names_skeleton_refuses_short_names_and_acronyms(knowledge):
    assert skeleton("IS", knowledge.gazetteer.rules) is None
    assert skeleton("Hit", knowledge.gazetteer.rules) is None


@pytest.mark.parametrize(
    ("full", "forms"),
    [
        ("Adel Abdul Mahdi", ["abdul mahdi", "mahdi"]),
        ("Saleh Al-Yacoubi", ["al yacoubi", "yacoubi"]),
        ("Kent Park", ["park"]),
    ],
)
def test_names_surname_forms(full, forms):
    assert surname_forms(full) == forms


@pytest.mark.parametrize(
    ("text", "slug"), [("Kata’ib Hezbollah", "kataib-hezbollah"), ("U.S. Army", "u-s-army"), ("Ḥajīn", "hajin")]
)
def test_names_slugify(text, slug):
    assert slugify(text) == slug
