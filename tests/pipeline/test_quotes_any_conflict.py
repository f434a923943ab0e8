"""Quotations and their speakers in invented articles about conflicts the rules were not written on
(Sahel, Sudan, DRC, Myanmar, Ukraine, Yemen), analysed by the real spaCy model and knowledge.

Each test names the speaker by a surface of the text and compares actor ids, so a change in how
an actor is typed or linked elsewhere does not decide the outcome; what is tested is which mention
speaks."""

from __future__ import annotations

import pytest


def _quotes(analyse, text: str) -> list:
    _, analysis = analyse(text)
    return [quote for _, quote in analysis.quotes]


def _id_of(analyse, text: str, surface: str) -> str:
    """The actor id the pipeline gave the first mention written `surface`."""
    _, analysis = analyse(text)
    links = [m.candidate.link for m in analysis.mentions if m.candidate.surface == surface]
    assert links, f"{surface!r} is no mention of the text"
    return links[0]


def _speaker_of(analyse, text: str, fragment: str):
    found = [q for q in _quotes(analyse, text) if fragment in q.quote]
    assert len(found) == 1, f"{fragment!r} is in {len(found)} quotation(s)"
    return found[0]


@pytest.mark.parametrize(
    ("text", "fragment", "speaker_surface"),
    [
        # "the ministry" -> the ministry named before, attributed after the quotation
        (
            "Mali's Ministry of Defence confirmed the attack near Gao on Sunday. Several soldiers were wounded.\n\n"
            "“The terrorists were neutralised and the base is secure,” the ministry stated in a Facebook post.",
            "The terrorists were neutralised",
            "Mali's Ministry of Defence",
        ),
        # "the army" -> the last security force
        (
            "The Sudanese army repelled an assault on El Fasher on Tuesday, residents said. “Our forces inflicted"
            " heavy losses on the attackers,” the army said in a statement.",
            "Our forces inflicted",
            "Sudanese army",
        ),
        # "the group" -> the armed group named before, said on Telegram
        (
            "Fighters of Jama'at Nusrat al-Islam wal-Muslimin (JNIM) attacked an army post near Djibo."
            " “We will strike every convoy on this road,” the group said on Telegram.",
            "We will strike every convoy",
            "JNIM",
        ),
        # an acronym speaking, in the next paragraph of its full name
        (
            "US Central Command said its forces destroyed a Houthi radar site on Saturday.\n\n"
            "“The strike degraded the ability of the Houthis to target ships,” CENTCOM said.",
            "The strike degraded",
            "US Central Command",
        ),
        # a document issued by an organisation noun: "a statement from the government"
        (
            "Burkina Faso's government said on Monday that jihadists had attacked a convoy near Djibo."
            " “The attackers were repelled,” a statement from the government said.",
            "The attackers were repelled",
            "Burkina Faso's government",
        ),
    ],
)
def test_quotes_any_conflict_organisation_speakers(analyse, text, fragment, speaker_surface):
    assert _speaker_of(analyse, text, fragment).speaker_id == _id_of(analyse, text, speaker_surface)


def test_quotes_any_conflict_army_is_not_the_armed_group_it_names(analyse):
    text = (
        "The Sudanese Armed Forces retook a bridge in Khartoum. The Rapid Support Forces said they withdrew south.\n\n"
        "“The militia has been pushed out of the capital,” the army said."
    )
    assert _speaker_of(analyse, text, "pushed out").speaker_id == _id_of(analyse, text, "Sudanese Armed Forces")


def test_quotes_any_conflict_short_phrase_goes_to_the_sentence_speaker(analyse):
    text = (
        "Ukrainian President Volodymyr Zelensky visited Kharkiv on Friday. He called the strike"
        " “a deliberate act of terror” and promised a response."
    )
    quote = _speaker_of(analyse, text, "a deliberate act of terror")
    assert quote.quote == "a deliberate act of terror"
    assert quote.speaker_id == _id_of(analyse, text, "Volodymyr Zelensky")


def test_quotes_any_conflict_short_phrase_without_a_speaking_subject_is_dropped(analyse):
    text = "Drones struck the “safe zone” near Goma on Monday, residents said the next day."
    assert [q.quote for q in _quotes(analyse, text) if q.speaker_id is not None] == []


def test_quotes_any_conflict_single_quotes(analyse):
    text = (
        "Myanmar's junta leader Min Aung Hlaing spoke in Naypyitaw on Monday. 'We will not surrender the"
        " territory,' he said. He added that the soldiers' families would be protected.\n\n"
        "Yasmin Ali, a nurse in El Fasher, described the scene.\n\n"
        "‘There is no water left, and the soldiers’ wives don’t sleep,’ she told Reuters."
    )
    quotes = {q.quote: q.speaker_id for q in _quotes(analyse, text)}
    assert quotes == {
        "We will not surrender the territory": _id_of(analyse, text, "Min Aung Hlaing"),
        "There is no water left, and the soldiers’ wives don’t sleep": _id_of(analyse, text, "Yasmin Ali"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Ibrahim Traore's ministers don't comment on the soldiers' camp, residents said. The Kata'ib fighters left.",
        "Kata’ib Hezbollah won’t leave the fighters’ base in the ’90s style, officials said in Baghdad.",
    ],
)
def test_quotes_any_conflict_apostrophes_are_no_quotes(analyse, text):
    assert _quotes(analyse, text) == []


def test_quotes_any_conflict_speaker_of_the_previous_paragraph(analyse):
    text = (
        "A missile hit the central market in Kharkiv, Oleh Syniehubov, the governor of the region, said on Monday.\n\n"
        "“Three people were killed and a dozen more were wounded when the missile hit the market.”"
    )
    quote = _speaker_of(analyse, text, "Three people were killed")
    assert quote.speaker_id == _id_of(analyse, text, "Oleh Syniehubov")


@pytest.mark.parametrize(
    "text",
    [
        # the attribution comes in the next paragraph
        "Amina Mohammed fled Zamzam camp in April.\n\n"
        "“We left at night with nothing but the children. The shelling did not stop for a moment\n\n"
        "“We walked for four days before we reached Tawila,” she said.",
        # the attribution came in the paragraph before
        "“We walked for four days before we reached Tawila,” said Amina Mohammed. “The shelling did not stop\n\n"
        "“We left at night with nothing but the children.”",
    ],
)
def test_quotes_any_conflict_quotation_left_open_runs_into_the_next_paragraph(analyse, text):
    quote = _speaker_of(analyse, text, "We left at night")
    assert quote.speaker_id == _id_of(analyse, text, "Amina Mohammed")


def test_quotes_any_conflict_previous_paragraph_quote_is_continued(analyse):
    """A paragraph that is only a quotation, right after an attributed one, goes on with that voice
    (the press convention); a paragraph with words of its own around the quotation does not."""
    text = (
        "“We are ready to talk,” Felix Tshisekedi said in Kinshasa.\n\n"
        "“Nobody in the eastern provinces believes the ceasefire will hold this time.”\n\n"
        "Residents of Goma disagreed. “Nobody here believes the ceasefire will hold this time.”"
    )
    tshisekedi = _id_of(analyse, text, "Felix Tshisekedi")
    assert _speaker_of(analyse, text, "Nobody in the eastern").speaker_id == tshisekedi
    assert _speaker_of(analyse, text, "Nobody here believes").speaker_id != tshisekedi


@pytest.mark.parametrize(
    ("text", "fragment", "speaker_surface"),
    [
        # "it" -> the organisation most recently introduced
        (
            "The Arakan Army said on Telegram that it had seized the town of Ann."
            " “We control the whole town,” it said.",
            "We control the whole town",
            "Arakan Army",
        ),
        # "she" -> the nearest woman named before
        (
            "Amina Mohammed, a mother of three, fled Zamzam camp in April. “We walked for four days,” she said.",
            "We walked for four days",
            "Amina Mohammed",
        ),
    ],
)
def test_quotes_any_conflict_pronouns_resolve(analyse, text, fragment, speaker_surface):
    quote = _speaker_of(analyse, text, fragment)
    assert quote.speaker_id == _id_of(analyse, text, speaker_surface)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("“We will not negotiate with terrorists,” she said.", "We will not negotiate"),
        ("“They came at night and burned the granaries,” they said.", "They came at night"),
        ("“The situation in the camps is catastrophic,” the report said.", "The situation in the camps"),
        ("“The roads to Bunia are closed to aid convoys,” a statement said.", "The roads to Bunia"),
    ],
)
def test_quotes_any_conflict_pronoun_or_document_is_no_speaker_name(analyse, text, fragment):
    quote = _speaker_of(analyse, text, fragment)
    assert (quote.speaker, quote.speaker_id) == (None, None)


@pytest.mark.parametrize(
    ("text", "fragment", "speaker_surface"),
    [
        # the accuser, not the accused
        (
            "The Sudanese army retook a bridge in Khartoum. The army accused the Rapid Support Forces of looting"
            " homes, saying “the militia has turned the city into a battlefield.”",
            "turned the city",
            "Sudanese army",
        ),
        (
            "Ukrainian President Volodymyr Zelensky accused Vladimir Putin of prolonging the war, saying"
            " “he wants the killing to go on.”",
            "he wants the killing",
            "Volodymyr Zelensky",
        ),
        # the one who tells, not the one told
        (
            "Felix Tshisekedi told Paul Kagame that “the M23 must withdraw from every town it holds.”",
            "the M23 must withdraw",
            "Felix Tshisekedi",
        ),
        (
            "Felix Tshisekedi met Paul Kagame in Doha and told him on Tuesday that the talks were over,"
            " adding “the M23 must withdraw from every town it holds.”",
            "the M23 must withdraw",
            "Felix Tshisekedi",
        ),
    ],
)
def test_quotes_any_conflict_never_the_other_party(analyse, text, fragment, speaker_surface):
    assert _speaker_of(analyse, text, fragment).speaker_id == _id_of(analyse, text, speaker_surface)


@pytest.mark.parametrize(
    ("text", "fragment", "speaker_surface"),
    [
        # a quoted word that closes its phrase is the speaker's word
        (
            "The Chadian army said it had repelled the raid near Bol, blaming “bandits” for the attack.",
            "bandits",
            "Chadian army",
        ),
        # a participle of speech opens a clause of the main subject
        (
            "Ansar al-Din claimed the ambush on its channels, stating that its men “destroyed three vehicles "
            "and seized their weapons.”",
            "destroyed three vehicles",
            "Ansar al-Din",
        ),
        # a second quotation of the sentence is the first one's speaker's
        (
            "“We will not negotiate under fire,” said FLA spokesman Omar Ag Mohamed, denouncing the strike as "
            "“a crime against civilians.”",
            "a crime against civilians",
            "Omar Ag Mohamed",
        ),
    ],
)
def test_short_and_second_quotations_keep_the_sentences_speaker(analyse, text, fragment, speaker_surface):
    assert _speaker_of(analyse, text, fragment).speaker_id == _id_of(analyse, text, speaker_surface)


def test_a_quoted_word_that_qualifies_a_noun_stays_a_scare_quote(analyse):
    text = "The governor said the convoy left for “security” reasons on Monday."
    assert not [q for q in _quotes(analyse, text) if q.quote == "security"]


@pytest.mark.parametrize(
    ("text", "fragment", "speaker_surface"),
    [
        # "the Commissioner" -> the person introduced with that role in apposition
        (
            "Gunmen attacked a village in Katsina State, Nigeria, on Monday.\n\n"
            "Abubakar Sadiq Aliyu, Commissioner of Police in the State, confirmed the attack.\n\n"
            "“Our men repelled the attackers,” the Commissioner said.",
            "Our men repelled",
            "Abubakar Sadiq Aliyu",
        ),
        # "the head of the mission" -> the person introduced as its head
        (
            "Jean-Marc Dupont, head of the UN mission, condemned the ambush near Bambari.\n\n"
            "“This cannot go unpunished,” the head of the mission said.",
            "cannot go unpunished",
            "Jean-Marc Dupont",
        ),
        # a name with an apposition after it speaks, not the organisation the apposition names
        (
            "“This criminal attack violates the peace agreement,” MINUSCA, the UN mission in the country, "
            "said on Twitter.",
            "criminal attack",
            "MINUSCA",
        ),
    ],
)
def test_a_role_or_an_apposition_names_who_speaks(analyse, text, fragment, speaker_surface):
    assert _speaker_of(analyse, text, fragment).speaker_id == _id_of(analyse, text, speaker_surface)


def test_a_quoted_paragraph_after_an_attributed_one_goes_on_with_the_same_voice(analyse):
    text = (
        "The governor of Donetsk, Vadym Filashkin, said: “They struck the market again.”\n\n"
        "“Nobody was warned.”\n\nThe army said it would respond."
    )
    quote = _speaker_of(analyse, text, "Nobody was warned")
    assert quote.speaker_id == _id_of(analyse, text, "Vadym Filashkin")


def test_a_second_quoted_phrase_after_and_is_the_same_subjects(analyse):
    text = "President Bola Tinubu described the raid as “barbaric” and said there was “no excuse” for it."
    assert _speaker_of(analyse, text, "no excuse").speaker_id == _id_of(analyse, text, "Bola Tinubu")


@pytest.mark.parametrize(
    ("text", "fragment", "speaker_surface"),
    [
        # "the statement" is the one a named organisation issued before, through a bare "the group"
        (
            "On Monday the armed group Ansar al-Din said a drone struck its base near Gao.\n\n"
            "According to the group's statement, the drone came from the airport.\n\n"
            "The statement accused the army of a “treacherous” strike on a wedding party.",
            "treacherous",
            "Ansar al-Din",
        ),
        # a possessive owner of a document speaks through it
        (
            "“We call on all citizens to stay away from the border,” the Ukrainian Defence Ministry’s statement "
            "read, accusing Russia of “deliberate provocations.”",
            "deliberate provocations",
            "Ukrainian Defence Ministry",
        ),
        # an opening place phrase, then a spokesperson named in apposition
        (
            "At the army headquarters in Juba, the SSPDF spokesperson, Major General Lul Ruai Koang, said the "
            "troops had retaken the town when the rebels fled “in complete disarray.”",
            "in complete disarray",
            "Lul Ruai Koang",
        ),
    ],
)
def test_quotes_any_conflict_documents_and_appositions(analyse, text, fragment, speaker_surface):
    assert _speaker_of(analyse, text, fragment).speaker_id == _id_of(analyse, text, speaker_surface)
