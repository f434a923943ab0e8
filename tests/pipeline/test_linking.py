"""Linking inside one article, with the real model on invented text."""

from __future__ import annotations


def _by_surface(analysis):
    return {m.candidate.surface: m.candidate for m in analysis.mentions}


def test_linking_surname_takes_the_nearest_full_name_before_it(analyse):
    text = (
        "Omar Haddad, a tribal leader, met Salim Haddad in Rawa on Monday.\n\n"
        "Later, Ali Mansour said the talks had failed. Haddad said nothing."
    )
    _, analysis = analyse(text)
    links = [(m.candidate.surface, m.candidate.link, m.candidate.method) for m in analysis.mentions]
    salim = next(link for surface, link, _ in links if surface == "Salim Haddad")
    assert ("Haddad", salim, "coreference") in links


def test_linking_abbreviation_defined_for_an_unknown_group(analyse):
    text = (
        "Fighters of the Anbar Tribal Mobilisation Council (ATMC) blocked the road. "
        "An ATMC commander said the council would not withdraw. The ATMC's leaders met officials."
    )
    _, analysis = analyse(text)
    uses = [m.candidate for m in analysis.mentions if m.candidate.surface == "ATMC"]
    long_form = _by_surface(analysis)["Anbar Tribal Mobilisation Council"]
    assert len(uses) == 3
    assert {c.link for c in uses} == {long_form.link}
    assert {c.method for c in uses} == {"abbreviation"}


def test_linking_title_case_headline_names_need_the_body(analyse):
    text = (
        "Armed Groups Supported By Tehran Clash With Border Guards Near Qaim\n\n"
        "Clashes broke out near Al Qaim on Tuesday, officials said."
    )
    _, analysis = analyse(text)
    surfaces = {m.candidate.surface for m in analysis.mentions}
    assert "Qaim" in surfaces and "Al Qaim" in surfaces
    assert not any("Armed Groups" in s or "Border Guards" in s for s in surfaces)


def test_linking_gazetteer_matches_respect_case(analyse):
    _, analysis = analyse("He said it is up to us. The US and IS fighters left Hit, a town in Iraq the storm hit hard.")
    surfaces = [m.candidate.surface for m in analysis.mentions]
    assert surfaces.count("US") == 1 and surfaces.count("IS") == 1 and surfaces.count("Hit") == 1
    assert "is" not in surfaces and "us" not in surfaces and "hit" not in surfaces


def test_linking_non_actors_are_dropped_even_where_the_model_tags_them(analyse):
    _, analysis = analyse("Police seized Captagon pills and WhatsApp phones in Ramadi.")
    surfaces = {m.candidate.surface for m in analysis.mentions}
    assert "Captagon" not in surfaces and "Ramadi" in surfaces


def test_linking_mentions_take_their_sentence_date(analyse):
    import datetime

    _, analysis = analyse("Iraqi forces entered Hit on Dec. 19. Syria was calm.", published=datetime.date(2019, 1, 5))
    dated = {m.candidate.surface: (m.date, m.date_basis) for m in analysis.mentions}
    assert dated["Hit"] == (datetime.date(2018, 12, 19), "sentence")
    assert dated["Syria"] == (datetime.date(2019, 1, 5), "published")


def test_linking_rank_before_a_surname_picks_the_person_of_that_rank(analyse):
    text = (
        "Col. Walid al-Zoubi commands the border post. Mahmoud al-Zoubi, a truck driver, waits at the gate.\n\n"
        "Colonel al-Zoubi said the crossing would stay shut."
    )
    doc, analysis = analyse(text)
    links = {m.candidate.surface: m.candidate.link for m in analysis.mentions}
    reference = next(m.candidate for m in analysis.mentions if m.candidate.start > text.index("Colonel"))
    assert reference.method == "coreference"
    assert reference.link == links["Walid al-Zoubi"] != links["Mahmoud al-Zoubi"]
