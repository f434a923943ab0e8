"""State security forces that news names by a proper name rather than by "<demonym> army/police"
(data/knowledge/base/gazetteer/actors_national_forces.yaml): the proper name and the template
spelling are one actor, the state's institution, of type security_force.

The texts are invented; the forces are chosen from several continents so that no rule passes by
knowing one region.
"""

from __future__ import annotations

from tests.pipeline.mention_helpers import links_by_surface


def _type(knowledge, actor_id: str) -> str:
    return knowledge.gazetteer.by_id[actor_id].type


def test_the_gardai_and_the_irish_police_are_one_actor(analyse, knowledge):
    _, analysis = analyse(
        "Gardaí said two men were arrested in Drogheda on Monday. Irish police later released one of them."
    )
    mentions = links_by_surface(analysis)
    assert mentions["Gardaí"][0] == mentions["Irish police"][0] == "ireland-police", mentions
    assert _type(knowledge, "ireland-police") == "security_force"


def test_a_lake_that_shares_the_name_is_no_police(analyse):
    _, analysis = analyse("Tourists swam in Lake Garda on Sunday while the Garda said it was searching Dundalk.")
    mentions = links_by_surface(analysis)
    assert mentions.get("Lake Garda", ("",))[0] != "ireland-police", mentions
    assert mentions["Garda"][0] == "ireland-police", mentions


def test_a_proper_name_and_the_demonym_spelling_meet(analyse):
    _, analysis = analyse(
        "Spain's Guardia Civil arrested three people in Algeciras. The Spanish police said the men smuggled hashish. "
        "The Bundeswehr will send a brigade to Lithuania, and German troops will stay there."
    )
    mentions = links_by_surface(analysis)
    assert mentions["Guardia Civil"][0] == mentions["Spanish police"][0] == "spain-police", mentions
    assert mentions["Bundeswehr"][0] == mentions["German troops"][0] == "germany-armed-forces", mentions


def test_proper_names_on_other_continents(analyse, knowledge):
    _, analysis = analyse(
        "Carabineros fired tear gas at students in Valparaiso on Thursday. "
        "The SANDF deployed soldiers to Durban after a wave of shootings. "
        "The Japan Self-Defense Forces scrambled jets near Naha."
    )
    mentions = links_by_surface(analysis)
    assert mentions["Carabineros"][0] == "chile-police", mentions
    assert mentions["SANDF"][0] == "south-africa-armed-forces", mentions
    assert mentions["Japan Self-Defense Forces"][0] == "japan-armed-forces", mentions
    for actor_id in ("chile-police", "south-africa-armed-forces", "japan-armed-forces"):
        assert _type(knowledge, actor_id) == "security_force"


def test_a_body_without_a_template_belongs_to_its_state(analyse, knowledge):
    _, analysis = analyse("The PSNI said a petrol bomb was thrown at officers in Belfast.")
    mentions = links_by_surface(analysis)
    assert mentions["PSNI"][0] == "police-service-of-northern-ireland", mentions
    entry = knowledge.gazetteer.by_id["police-service-of-northern-ireland"]
    assert (entry.type, entry.country, entry.parent) == ("security_force", "GB", "united-kingdom-police")


def test_the_tatmadaw_is_myanmars_armed_forces(analyse):
    _, analysis = analyse("The Tatmadaw shelled villages near Mindat, residents said. Myanmar's military denied it.")
    mentions = links_by_surface(analysis)
    assert mentions["Tatmadaw"][0] == mentions["Myanmar's military"][0] == "myanmar-armed-forces", mentions
