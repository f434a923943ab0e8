"""World knowledge, state institutions by rule, and linking that knows where it is (issue 11).

The texts are invented for these tests, about places and conflicts the Iraq–Syria pack knows
nothing of; each check is a rule that must hold for any article.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.config import PipelineConfig
from pipeline.entities import Candidate, link_misspellings, with_designations
from pipeline.entities.cued_names import cued_runs
from pipeline.gazetteer.layers import read_region
from pipeline.knowledge import load_knowledge
from tests.pipeline.mention_helpers import links_by_surface


def test_every_state_is_a_state_whatever_the_model_guessed(analyse):
    _, analysis = analyse(
        "Mali, Burkina Faso and Niger left the regional bloc. Chad and Sudan closed their border, "
        "while officials in Bamako and Khartoum traded accusations."
    )
    links = links_by_surface(analysis)
    for state, actor_id in (("Mali", "mali"), ("Burkina Faso", "burkina-faso"), ("Niger", "niger"), ("Sudan", "sudan")):
        assert links[state] == (actor_id, "state"), state
    assert links["Chad"][1] == "state"
    assert links["Bamako"][1] == "place" and links["Khartoum"][1] == "place"


@pytest.mark.parametrize(
    ("text", "surface", "actor_id", "actor_type"),
    [
        ("Nigerien soldiers patrolled the road.", "Nigerien soldiers", "niger-armed-forces", "security_force"),
        ("The convoy was stopped by Malian troops.", "Malian troops", "mali-armed-forces", "security_force"),
        (
            "Burkina Faso's junta denied the report.",
            "Burkina Faso's junta",
            "burkina-faso-government",
            "government_body",
        ),
        ("The army of Chad withdrew on Sunday.", "army of Chad", "chad-armed-forces", "security_force"),
        ("Chad's army withdrew on Sunday.", "Chad's army", "chad-armed-forces", "security_force"),
        (
            "The Sudanese Armed Forces shelled the town.",
            "Sudanese Armed Forces",
            "sudan-armed-forces",
            "security_force",
        ),
        ("The Kenyan police arrested two men.", "Kenyan police", "kenya-police", "security_force"),
    ],
)
def test_state_institutions_resolve_by_rule_for_any_state(analyse, text, surface, actor_id, actor_type):
    _, analysis = analyse(text)
    assert links_by_surface(analysis)[surface] == (actor_id, actor_type)


def test_a_demonym_before_no_institution_names_no_actor(analyse):
    _, analysis = analyse("Malian villagers fled to the border with Mauritania.")
    assert not any(m.candidate.surface.startswith("Malian") for m in analysis.mentions)


def test_a_packs_acronym_stays_out_of_an_article_about_another_region(analyse):
    _, analysis = analyse(
        "Niger's army said the SDF had repelled an attack near Tillaberi. The SDF lost three soldiers, "
        "a spokesman in Niamey said."
    )
    assert all(m.candidate.link != "syrian-democratic-forces" for m in analysis.mentions)


def test_a_packs_acronym_applies_where_its_region_is_named(analyse):
    _, analysis = analyse("The SDF said it had detained fighters near Raqqa in northern Syria.")
    assert links_by_surface(analysis)["SDF"][0] == "syrian-democratic-forces"


def test_a_packs_one_word_name_applies_where_the_actors_own_country_is_named(analyse):
    # The Houthis are the Iraq–Syria pack's (they fire at its region) but Yemeni: an article about
    # Yemen alone still knows them; an armed group's own country never puts itself in play.
    _, analysis = analyse("The Houthis shelled government positions in Yemen on Sunday, officials said.")
    assert links_by_surface(analysis)["Houthis"] == ("houthis", "armed_group")
    _, analysis = analyse("Niger's SDF said it had killed 20 jihadists near Tillaberi.")
    assert links_by_surface(analysis)["SDF"][0] != "syrian-democratic-forces"


def test_a_place_of_another_country_inside_a_packs_box_does_not_bring_the_pack_in(analyse):
    # Tbilisi lies inside the Iraq–Syria pack's rough box; Georgia is not one of its countries.
    _, analysis = analyse("A policeman was killed near the line with Abkhazia, the Interior Ministry said in Tbilisi.")
    assert all(m.candidate.link != "iraqi-ministry-of-interior" for m in analysis.mentions)


def test_a_given_name_alone_never_links_to_a_known_person(analyse):
    _, analysis = analyse(
        "Army spokesman Colonel Souleymane Dembele spoke in Bamako. Souleymane said the patrol returned to Gao."
    )
    assert all(m.candidate.link != "qassem-soleimani" for m in analysis.mentions)


@pytest.mark.slow  # loads every layer
def test_layers_put_packs_first_and_keep_world_states_shared():
    knowledge = load_knowledge(PipelineConfig())
    gazetteer = knowledge.gazetteer
    assert "iraq-syria" in knowledge.packs
    assert gazetteer.by_id["iraq"].shared, "a pack's state is the world's state"
    assert gazetteer.by_id["kataib-hezbollah"].pack == "iraq-syria"
    assert "Republic of Iraq" in gazetteer.by_id["iraq"].aliases


@pytest.mark.slow  # loads every layer
def test_only_the_named_packs_load():
    knowledge = load_knowledge(PipelineConfig(theatres=()))
    assert knowledge.packs == ()
    assert "kataib-hezbollah" not in knowledge.gazetteer.by_id
    assert knowledge.gazetteer.lookup("Niger") == "niger"


def test_a_region_file_is_checked(tmp_path):
    path = tmp_path / "region.yaml"
    path.write_text("countries: [ML]\nbbox: [30, 0, 10, 5]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bbox"):
        read_region(path, "sahel")
    path.write_text("countries: [ML]\nbbox: [10, -12, 25, 5]\nspelling: x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown keys spelling"):
        read_region(path, "sahel")
    path.write_text("countries: [ML]\nbbox: [10, -12, 25, 5]\n", encoding="utf-8")
    region = read_region(path, "sahel")
    assert region.holds("ML", None, None) and region.holds(None, 16.3, -3.0) and not region.holds("SD", 15.5, 32.5)


def _types_of(folder_builder, tmp_path, text: str) -> dict[str, str]:
    src = tmp_path / "src"
    src.mkdir()
    (src / "report.txt").write_text(text, encoding="utf-8")
    _, tables = folder_builder(src, tmp_path / "data")
    mentions = tables["mentions"].merge(tables["actors"], on="actor_id")
    return dict(zip(mentions["surface"], mentions["type"], strict=False))


@pytest.mark.slow
def test_names_are_typed_by_their_context_and_shape(folder_builder, tmp_path):
    types = _types_of(
        folder_builder,
        tmp_path,
        "Residents of Kalobeyei camp said the FPRK rebels had looted the market on Sunday. "
        "Fighters of the Kivu Liberation Front crossed the river near Uvira. "
        "The Lakeland Army, a militia formed in 2021, clashed with the Rwanda Defence Force, officials said.",
    )
    assert types.get("Kalobeyei") == "place"
    assert types.get("FPRK") == "armed_group"
    assert types.get("Kivu Liberation Front") == "armed_group"
    assert types.get("Lakeland Army") == "armed_group", "an army of no state is an armed group"
    assert types.get("Rwanda Defence Force") == "security_force", "a force that names its state is the state's"


def test_a_name_split_at_its_particle_is_one_person(analyse):
    _, analysis = analyse("The army chief, Gen Paulo dos Santos Mabote, met Ana de Sousa in Pemba on Friday.")
    surfaces = [m.candidate.surface for m in analysis.mentions]
    assert "Paulo dos Santos Mabote" in surfaces
    assert not {"Paulo", "Santos Mabote", "Gen"} & set(surfaces)


def test_a_title_alone_names_nobody(analyse):
    _, analysis = analyse("The Village Head and the Ward Head told Maj Gen Ibrahim Sani that the road was closed.")
    surfaces = [m.candidate.surface for m in analysis.mentions]
    assert not {"Village Head", "Ward Head", "Maj Gen"} & set(surfaces)
    assert "Ibrahim Sani" in surfaces


def test_a_definition_that_shortens_a_known_name_keeps_the_known_actor(analyse):
    _, analysis = analyse("Central Command (CENTCOM) said its aircraft struck a depot. CENTCOM gave no toll.")
    links = {m.candidate.surface: m.candidate.link for m in analysis.mentions}
    assert links["Central Command"] == links["CENTCOM"] == "centcom"


def test_names_the_model_misses_are_found_by_their_cues(analyse, nlp, knowledge):
    """A rank before, a role in apposition after, a place word after or closing the run; an office
    and a bare institution are no names, and a run with no cue is left alone."""
    text = (
        "The delegation was led by the Interior Minister, Brig Gen Cristóvão Mahumane Tembe. “The roads "
        "are mined,” Selin Oktaybek, senior Sahel analyst at a risk consultancy, told reporters. Gunmen "
        "struck in the Gwandari Local Government Area and near Mbokuta township. Amara Dossou Keita left."
    )
    runs = {text[start:end]: label for start, end, label in cued_runs(nlp(text), set(), knowledge)}
    assert runs["Cristóvão Mahumane Tembe"] == "PERSON"
    assert runs["Selin Oktaybek"] == "PERSON"
    assert runs["Gwandari"] == "GPE" and runs["Mbokuta"] == "GPE"
    assert "Amara Dossou Keita" not in runs, "no cue, no name: the model decides"
    assert not {"Interior Minister", "Brig Gen"} & set(runs)
    links = links_by_surface(analyse(text)[1])
    assert links["Cristóvão Mahumane Tembe"][1] == "PERSON"
    assert links["Gwandari Local Government Area"][1] == "place", "the mention keeps the unit's name"
    assert "Interior Minister" not in links, "an office is no name, and no pack's ministry"


def test_a_name_is_mended_across_its_particle_whatever_its_type(analyse):
    _, analysis = analyse("Insurgents attacked Vila da Ponte Nova and the people of Ribeira do Sul fled.")
    surfaces = {m.candidate.surface for m in analysis.mentions}
    assert {"Ponte Nova", "Ribeira", "Sul"}.isdisjoint(surfaces)


def test_a_descriptor_after_a_known_name_is_not_part_of_the_mention(analyse):
    _, analysis = analyse("In eastern Congo, ADF rebels attacked a village near Beni, and FARDC troops arrived late.")
    links = links_by_surface(analysis)
    assert links["ADF"][0] == "allied-democratic-forces"
    assert links["FARDC"][0] == "democratic-republic-of-the-congo-armed-forces"
    assert not any(surface.endswith(("rebels", "troops")) for surface in links)


def test_continents_and_unnamed_sources_are_no_actors_while_regions_are_places(analyse):
    _, analysis = analyse(
        "Eyewitnesses told reporters the group is the deadliest in Africa. Residents said jihadists "
        "have spread across the Sahel and into West Africa."
    )
    links = links_by_surface(analysis)
    assert {"Africa", "Eyewitnesses", "Residents"}.isdisjoint(links)
    assert links["Sahel"] == ("sahel", "place") and links["West Africa"] == ("west-africa", "place")


def test_a_name_the_article_gives_an_actor_wins_over_every_other_reading(analyse):
    _, analysis = analyse(
        "Troops pursued the insurgent group (ASWJ), locally known as Al Shabaab, into the forest near "
        "Macomia. Residents said Al Shabaab had burned two villages."
    )
    links = [(m.candidate.surface, m.candidate.link) for m in analysis.mentions]
    aswj = next(link for surface, link in links if surface == "ASWJ")
    assert [link for surface, link in links if surface == "Al Shabaab"] == [aswj, aswj]


def test_an_organisation_named_after_its_place_is_one_actor_not_the_place(analyse):
    links = links_by_surface(
        analyse(
            "Witnesses told Chad Tribune that the market was shelled; the Kalo Herald agreed. The Mongo "
            "Resistance Committees said in a statement that Chadian government forces had left."
        )[1]
    )
    assert "Chad Tribune" in links and "Chad" not in links
    assert "Kalo Herald" in links and "Mongo Resistance Committees" in links
    assert links["Chadian government forces"] == ("chad-armed-forces", "security_force")


def test_a_defined_long_form_written_again_is_the_same_actor(analyse):
    _, analysis = analyse(
        "Kivu Border Defence Unit visits Uvira\n\n"
        "The governor visited the Kivu Border Defence Unit (KBDU) in Uvira on Monday. He thanked the "
        "Kivu Border Defence Unit commanders and the KBDU troops."
    )
    named = [m.candidate for m in analysis.mentions]
    links = {c.link for c in named if "Kivu" in c.surface or c.surface == "KBDU"}
    assert len(links) == 1


def test_an_acronym_defined_before_its_name_and_a_mission_are_organisations(analyse, knowledge):
    text = (
        "Troops of the African Union Mission in Somalia pursued the insurgents, the ASWJ (Ahl al-Sunna wa "
        "al-Jama'a), near the coast. The AU mission in Somalia said the ASWJ fighters fled."
    )
    _, analysis = analyse(text)
    named = {m.candidate.surface: m.candidate for m in analysis.mentions}
    assert named["ASWJ"].link == named["Ahl al-Sunna wa al-Jama'a"].link
    assert named["ASWJ"].label not in ("PERSON", "person"), "an acronym names an organisation"
    assert "African Union Mission in Somalia" in named


def test_a_short_form_first_definition_is_found():
    from pipeline.entities import find_abbreviations

    text = "It is not attached to SAMIM (the Southern African Development Community Mission in Mozambique)."
    (definition,) = find_abbreviations(text)
    assert definition.short == "SAMIM"
    assert text[definition.long_start : definition.long_end].startswith("Southern African")
    assert find_abbreviations("Officials in Iraq (Baghdad) and Syria (Damascus) met.") == []


def test_a_world_town_is_named_only_where_its_country_is_in_play(analyse):
    _, analysis = analyse("The Ethiopian army said Fano militia fighters attacked Gondar in Ethiopia.")
    ethiopia = links_by_surface(analysis)
    assert ethiopia.get("Fano", ("", ""))[0] != "fano", "Fano, Italy, in an article about Ethiopia"
    italy = links_by_surface(analyse("Police in Fano, Italy, arrested two men on Monday.")[1])
    assert italy["Fano"][0] == "fano"


def test_hyphenated_particles_a_relative_alias_and_named_wars(analyse):
    _, analysis = analyse(
        "Clashes between troops and Tehreek-e-Taliban fighters continued. Jimmy Cherizier, who is also known as "
        "Barbecue, leads the coalition; Barbecue spoke on Monday. The Tigray War ended in 2022."
    )
    named = {m.candidate.surface: m.candidate.link for m in analysis.mentions}
    assert "Tehreek-e-Taliban" in named and "Tehreek" not in named
    assert named["Barbecue"] == named["Jimmy Cherizier"]
    assert not any(surface.endswith("War") for surface in named)


def test_a_name_listed_with_a_town_or_before_a_place_word_is_a_place(analyse):
    types = {
        m.candidate.surface: m.candidate.label
        for m in analyse(
            "The ambush happened on the road between Gondar and Kobo Selassie on Monday. Militants raided the "
            "Darra Koh, Ustaoi and Usool areas. Ahmed Nasrallah, who commands a unit in Gondar, spoke."
        )[1].mentions
    }
    assert types["Kobo Selassie"] not in ("PERSON", "ORG")
    assert types["Usool"] not in ("PERSON", "ORG")
    assert types["Ahmed Nasrallah"] in ("PERSON", "person"), "a comma alone joins no list"


def test_an_armed_groups_word_after_an_unknown_name_makes_it_an_armed_group(analyse):
    _, analysis = analyse("Officials in Ethiopia said more than 300 fighters from the Fano militia were killed.")
    links = links_by_surface(analysis)
    assert links["Fano"][1] == "armed_group" and links["Fano"][0] != "fano"


def test_a_numbered_unit_is_a_packs_only_inside_its_region(analyse):
    """ "Eighth Division" is the Iraqi Army's in the Iraq pack; in Colombia it is the Colombian
    Army's, a name of its own, never the pack's actor."""
    _, analysis = analyse("The Eighth Division of the Colombian Army said the attack in Arauca killed two soldiers.")
    assert all(m.candidate.link != "iraqi-army-8th-division" for m in analysis.mentions)


def test_a_lone_town_of_a_country_the_article_names_is_that_town(analyse):
    """The model misses many one-word towns; a proper noun standing alone that names a town of a
    country in play is the town ("Kyiv", "Dobropillia" in an article about Ukraine)."""
    _, analysis = analyse(
        "The envoy to Ukraine is in Kyiv this week. Dobropillia has been shelled again, officials said."
    )
    links = links_by_surface(analysis)
    assert links["Kyiv"] == ("kyiv", "place")
    assert links["Dobropillia"][1] == "place"


def test_a_lone_town_name_abroad_or_a_surname_stays_unlinked(analyse):
    _, analysis = analyse("Brazil's president met Ana Kyiv in Brasilia. Kyiv said the talks went well.")
    assert all(m.candidate.link != "kyiv" for m in analysis.mentions)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Israeli strikes targeted Kfar Tibnit and Zawtar, two adjacent villages near the border, in Lebanon.",
            ("Zawtar",),
        ),
        ("The ambush occurred on the road between Mbemba and Kitoko in Congo.", ("Mbemba", "Kitoko")),
        ("Gunmen raided Tungan Baki, a remote settlement in Niger.", ("Tungan Baki",)),
        ("The president visited Ngouboua, a western village in Lake Chad, after the attack.", ("Ngouboua",)),
    ],
)
def test_names_listed_or_set_in_apposition_with_a_place_word_are_places(analyse, text, names):
    _, analysis = analyse(text)
    labels = {m.candidate.surface: m.candidate.label for m in analysis.mentions}
    for name in names:
        assert labels.get(name) in ("GPE", "place"), (name, labels)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The raid was led by the Toto Lakay gang, police said.", "Toto Lakay"),
        ("Talks with the Segunda Marquetalia front stalled in Bogota.", "Segunda Marquetalia"),
    ],
)
def test_a_name_before_a_group_noun_is_an_armed_group(analyse, text, name):
    _, analysis = analyse(text)
    assert {m.candidate.surface: m.candidate.label for m in analysis.mentions}.get(name) == "armed_group"


def test_a_group_noun_owned_by_what_follows_says_nothing_of_the_name(analyse):
    _, analysis = analyse("The Visegrad group of states met in Prague.")
    assert all(m.candidate.label != "armed_group" for m in analysis.mentions)


def test_an_acronym_of_a_shortened_name_links_to_it(analyse):
    """ "Tehreek-e-Taliban (TTP)": the long form drops "Pakistan"; the acronym is still its own."""
    _, analysis = analyse(
        "Clashes between soldiers and Tehrik-i-Taliban (TTP) fighters spread. The TTP later issued a statement."
    )
    links = [m.candidate.link for m in analysis.mentions if m.candidate.surface in ("TTP", "Tehrik-i-Taliban")]
    assert len(links) == 3 and len(set(links)) == 1


def test_an_acronym_used_without_definition_links_to_the_name_it_spells(analyse):
    _, analysis = analyse("Yemen's Saba News Agency reported the strike. The SNA said two people died.")
    links = {m.candidate.surface: m.candidate.link for m in analysis.mentions}
    assert links["SNA"] == links["Saba News Agency"]


def test_an_acronym_that_spells_no_earlier_name_stays_its_own(analyse):
    _, analysis = analyse("Yemen's Saba News Agency reported the strike. The UNHCR said two people died.")
    links = {m.candidate.surface: m.candidate.link for m in analysis.mentions}
    assert links.get("UNHCR") != links["Saba News Agency"]


def test_a_place_written_with_its_designation_is_the_place_of_the_bare_name(analyse):
    _, analysis = analyse("Fighting spread across the North West region and the South West region of Cameroon.")
    links = links_by_surface(analysis)
    assert links["North West region"] == ("north-west-region", "place")
    assert links["South West region"] == ("south-west-region", "place")


def test_an_unknown_place_takes_its_designation_in_and_meets_its_bare_name(knowledge):
    text = "Separatists hold the Menchum department and Menchum town. The Kumbo region is calm."
    candidates = [
        Candidate(text.index("Menchum"), text.index("Menchum") + 7, "Menchum", "GPE", "ner:menchum", "ner"),
        Candidate(text.rindex("Menchum"), text.rindex("Menchum") + 7, "Menchum", "GPE", "ner:menchum", "ner"),
        Candidate(text.index("Kumbo"), text.index("Kumbo") + 5, "Kumbo", "PERSON", "ner:kumbo", "ner"),
    ]
    first, second, person = with_designations(text, candidates, knowledge.gazetteer, knowledge.types)
    assert first.surface == "Menchum department" and text[first.start : first.end] == first.surface
    assert first.link == second.link == "ner:menchum"
    assert person == candidates[2]  # only places take a designation in


def test_a_nicknamed_person_is_one_person_and_the_nickname_links_to_them(analyse):
    _, analysis = analyse(
        'Police arrested Dawit "Shaleqa" Bekele and Marcos "El Flaco" Romero near Tijuana, Mexico. '
        "Romero was held overnight, and El Flaco's lawyer protested."
    )
    links = {m.candidate.surface: m.candidate.link for m in analysis.mentions}
    assert links['Marcos "El Flaco" Romero'] == links["El Flaco"] == links["Romero"]


def test_a_quoted_phrase_in_a_headline_is_no_nickname(analyse):
    _, analysis = analyse('Army Says "Operation Falcon" Succeeded In Kenya')
    assert not any('"' in m.candidate.surface for m in analysis.mentions)


def test_one_name_written_two_ways_in_an_article_is_one_actor():
    text = "Clashes erupted in Souq al-Khamis Dahman. Militiamen later held Souq al-Khamis Dahmane."
    first = text.index("Souq")
    second = text.rindex("Souq")
    candidates = [
        Candidate(first, first + 21, text[first : first + 21], "GPE", "ner:souq al khamis dahman", "ner"),
        Candidate(second, second + 22, text[second : second + 22], "GPE", "ner:souq al khamis dahmane", "ner"),
    ]
    assert [c.link for c in link_misspellings(candidates)] == ["ner:souq al khamis dahman"] * 2
    as_person = [candidates[0], replace(candidates[1], label="PERSON")]
    assert [c.link for c in link_misspellings(as_person)] == ["ner:souq al khamis dahman"] * 2, "a long name meets"
    short = [
        Candidate(0, 6, "Hamdan", "GPE", "ner:hamdan", "ner"),
        Candidate(20, 26, "Hamdin", "PERSON", "ner:hamdin", "ner"),
    ]
    assert link_misspellings(short) == short, "a short place and a person stay apart"


def test_names_two_letters_apart_or_short_stay_apart():
    # "Mali and Bali; Omar Hassan met Amer Hussein."
    candidates = [
        Candidate(0, 4, "Mali", "GPE", "ner:mali", "ner"),
        Candidate(9, 13, "Bali", "GPE", "ner:bali", "ner"),
        Candidate(15, 26, "Omar Hassan", "PERSON", "ner:omar hassan", "ner"),
        Candidate(31, 43, "Amer Hussein", "PERSON", "ner:amer hussein", "ner"),
    ]
    assert link_misspellings(candidates) == candidates


def test_a_name_before_a_facility_noun_is_the_facility_named_with_it(analyse):
    _, analysis = analyse("Casualties reached the Bashir Mahmoud hospital in Sennar, Sudan.")
    labels = {m.candidate.surface: m.candidate.label for m in analysis.mentions}
    assert labels.get("Bashir Mahmoud hospital") == "FAC", labels


@pytest.mark.parametrize(
    "text", ["The Force said in a statement that it held the town.", "Police in the State said so."]
)
def test_a_bare_designation_or_force_is_no_name(analyse, text):
    _, analysis = analyse(text)
    assert not any(m.candidate.surface in ("Force", "State") for m in analysis.mentions)


def test_a_name_of_digits_and_capitals_before_a_group_noun_is_an_armed_group(analyse):
    _, analysis = analyse("The ambush was carried out by the 4R armed group, a statement from Bangui said.")
    labels = {m.candidate.surface: m.candidate.label for m in analysis.mentions}
    assert labels.get("4R") == "armed_group", labels


def test_a_unit_keeps_the_number_after_its_head_word(analyse):
    _, analysis = analyse("Troops from the Kenya Army's Rapid Deployment Battalion 9 clashed with gunmen near Mandera.")
    assert "Rapid Deployment Battalion 9" in {m.candidate.surface for m in analysis.mentions}


def test_a_un_mission_named_by_its_place_is_the_mission_the_gazetteer_knows(analyse, knowledge):
    """The gazetteer knows MINUSCA by its full name, "... Stabilization Mission in the Central African
    Republic"; "the UN mission in the Central African Republic" is that mission."""
    _, analysis = analyse("The UN mission in the Central African Republic said two peacekeepers died near Bangui.")
    links = {m.candidate.surface: m.candidate.link for m in analysis.mentions}
    assert links["UN mission in the Central African Republic"] == "minusca"


def test_a_known_name_inside_a_description_is_the_mention(analyse):
    """A spelling the gazetteer lists with a place phrase ("Palestinian health ministry in Gaza") or
    a description names the actor; the mention is the name an analyst searches for, and a name's
    particles stay in it."""
    _, analysis = analyse(
        "The Palestinian health ministry in Gaza said 30 people died in Khan Younis. "
        "Houthi rebels fired at ships, and Asaib Ahl al-Haq denied any role, Iraqi officials said."
    )
    surfaces = {m.candidate.surface for m in analysis.mentions}
    assert {"Palestinian health ministry", "Houthi", "Asaib Ahl al-Haq"} <= surfaces, surfaces


def test_an_acronym_defined_by_a_common_noun_phrase_names_no_actor(analyse):
    """ "organized armed groups (GAO)" names a kind of group (Spanish word order), not Gao in Mali;
    "internally displaced persons (IDPs)" no one."""
    _, analysis = analyse(
        "The talks in Caracas removed the ELN from the list of organized armed groups (GAO). "
        "Thousands of internally displaced persons (IDPs) fled to Cucuta, Colombia. GAO members were freed."
    )
    surfaces = {m.candidate.surface for m in analysis.mentions}
    assert not surfaces & {"GAO", "IDPs", "IDP"}, surfaces
    assert "Cucuta" in surfaces


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A police officer told the Ecuavisa channel that 14 people were injured in Machala, Ecuador.", "Ecuavisa"),
        ("The newspaper Ikweli reported that insurgents struck again in Cabo Delgado, Mozambique.", "Ikweli"),
    ],
)
def test_a_name_an_outlets_word_introduces_is_a_news_outlet(analyse, text, name):
    _, analysis = analyse(text)
    assert {m.candidate.surface: m.candidate.label for m in analysis.mentions}.get(name) == "media"


def test_a_place_only_close_in_spelling_to_one_abroad_is_not_it(analyse):
    """ "Guma" in an article about Nigeria is not Goma in Congo: a spelling guess abroad is no link,
    and it puts no country in play."""
    _, analysis = analyse(
        "Suspected herders killed five people at Yelwata in Guma Local Government Area of Benue State, Nigeria."
    )
    assert all(m.candidate.link != "goma" for m in analysis.mentions)


def test_a_capitals_institution_is_its_states_but_not_its_police(analyse):
    """ "Baku's defence ministry" is Azerbaijan's, named whole; "Moscow's police" the city's, no state's."""
    _, analysis = analyse("Baku’s defence ministry said seven servicemen died. Moscow's police arrested two men.")
    links = {m.candidate.surface: m.candidate.link for m in analysis.mentions}
    assert links.get("Baku’s defence ministry") == "azerbaijan-defence-ministry", links
    assert "russia-police" not in links.values()


def test_a_states_possessive_institution_is_named_whole(analyse):
    """ "Turkey's Defense Ministry" is one mention of the ministry, the possessive included, as
    analysts write it; the state is named by its own mentions elsewhere."""
    _, analysis = analyse("Turkey's Defense Ministry said the strikes hit depots. Turkey denied any civilian deaths.")
    links = links_by_surface(analysis)
    assert links.get("Turkey's Defense Ministry", ("",))[0] == "turkey-defence-ministry", links
    assert links["Turkey"] == ("turkey", "state")


def test_a_place_keeps_its_administrative_units_name_and_its_bare_name_is_the_same_place(analyse):
    """ "Zurmi Local Government Area" is mentioned whole and names the place "Zurmi" names."""
    _, analysis = analyse(
        "Bandits attacked a village in Kwarbai Local Government Area of Zamfara State, Nigeria, on Thursday. "
        "Residents of Kwarbai said the gunmen came on motorcycles."
    )
    links = links_by_surface(analysis)
    assert "Kwarbai Local Government Area" in links, links
    assert links["Kwarbai Local Government Area"] == (links.get("Kwarbai", ("",))[0], "place"), links


@pytest.mark.parametrize(
    "text",
    [
        "Islamic State said its Afghanistan-based affiliate was behind the bombing.",
        "Armenia and Azerbaijan reached a Russia-brokered ceasefire on Tuesday.",
        "A Britain-based war monitor counted twelve dead.",
    ],
)
def test_a_place_in_a_hyphenated_adjective_is_no_mention(analyse, text):
    _, analysis = analyse(text)
    assert not {"afghanistan", "russia", "united-kingdom"} & {m.candidate.link for m in analysis.mentions}


def test_an_organisation_in_a_hyphenated_adjective_stays_an_actor(analyse):
    _, analysis = analyse("The al-Qaida-linked al-Shabab has targeted the hotel before, police in Mogadishu said.")
    assert "al-qaeda" in {m.candidate.link for m in analysis.mentions}


def test_two_person_names_one_space_apart_are_one_persons_name():
    """The small model breaks long Arabic names at a new given name: one space between two people's
    names makes one name; a comma or "and" keeps them apart."""
    from pipeline.entities.candidates import joined_person_names

    text = "Commander Khalid Yusuf Abdul Karim, Omar Saleh and Jamal Idris died."

    def person(name: str) -> Candidate:
        start = text.index(name)
        return Candidate(start, start + len(name), name, "PERSON", "ner:" + name.lower(), "ner")

    joined = joined_person_names(
        text, [person("Khalid Yusuf"), person("Abdul Karim"), person("Omar Saleh"), person("Jamal Idris")]
    )
    assert [c.surface for c in joined] == ["Khalid Yusuf Abdul Karim", "Omar Saleh", "Jamal Idris"]
    assert joined[0].link == "ner:khalid yusuf abdul karim"


def test_the_last_words_of_an_organisation_named_before_are_that_organisation():
    """ "The Operations Command stated" after "the Northern Sector Operations Command": the same
    organisation, not a new actor; without "the", or before the full name, nothing changes."""
    from pipeline.entities import link_shortened_names

    text = (
        "The Northern Sector Operations Command of the militia accused the army. "
        "The Operations Command stated that four fighters died. Operations Command units moved."
    )

    def org(name: str, link: str, method: str, nth: int = 0) -> Candidate:
        start = text.index(name, text.index(name) + 1) if nth else text.index(name)
        return Candidate(start, start + len(name), name, "ORG", link, method)

    full = org("Northern Sector Operations Command", "ner:northern sector operations command", "ner")
    short = org("Operations Command", "ner:operations command", "ner", nth=1)
    bare = replace(short, start=text.rindex("Operations Command"), end=text.rindex("Operations Command") + 18)
    linked = link_shortened_names(text, [full, short, bare])
    assert linked[1].link == full.link
    assert linked[2].link == "ner:operations command", "no 'the' before it: left alone"


def test_an_office_before_its_holders_name_is_no_actor():
    """ "Home Minister Ravi Kumar" and "Cabinet Secretary Jane Wanjiru": the office is the person's
    title; a state before a title ("US Vice President") stays an actor."""
    from pipeline.entities.candidates import without_titles_of_names

    text = "Home Minister Ravi Kumar met Cabinet Secretary Jane Wanjiru. US Vice President Dan Cole left."

    def span(name: str, label: str, method: str) -> Candidate:
        start = text.index(name)
        return Candidate(start, start + len(name), name, label, "x:" + name, method)

    candidates = [
        span("Home Minister", "government_body", "gazetteer"),
        span("Ravi Kumar", "PERSON", "ner"),
        span("Cabinet", "ORG", "ner"),
        span("Jane Wanjiru", "PERSON", "ner"),
        span("US", "state", "gazetteer"),
        span("Dan Cole", "PERSON", "ner"),
    ]
    office_words = frozenset({"minister", "secretary", "president"})
    kept = [c.surface for c in without_titles_of_names(text, candidates, office_words)]
    assert kept == ["Ravi Kumar", "Jane Wanjiru", "US", "Dan Cole"]


def test_a_place_in_a_clock_times_zone_is_no_mention(analyse):
    _, analysis = analyse("The attack began at 8:00 a.m. Moscow time near Sudzha, Russia's governor said.")
    assert "moscow" not in {m.candidate.link for m in analysis.mentions}


def test_an_institutions_name_the_model_misses_is_found_by_its_shape(knowledge):
    """Capitalised words after "the" or a possessive, closed by a head noun or opened by one before
    "for": an institution's name; a run with no head noun is left alone."""
    from pipeline.entities.cued_names import institution_shapes

    text = (
        "Officials of the Eastern Water and Grazing Council’s Office for Displaced Herders met "
        "the Grand Riverside Hotel staff."
    )
    names = [text[start:end] for start, end in institution_shapes(text, set(), knowledge)]
    assert names == ["Eastern Water and Grazing Council", "Office for Displaced Herders"]
