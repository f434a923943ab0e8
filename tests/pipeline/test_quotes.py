"""Tests for pipeline/quotes/extract.py: quotation marks, attribution patterns and speaker resolution."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.quotes import ActorSpan, Quote, extract_quotes, load_quote_patterns
from tests.pipeline.quote_helpers import spans_for as shared_spans_for

ROOT = Path(__file__).resolve().parents[2]
SEED_001 = next((ROOT / "seeds").glob("001_*.txt"))

# Invented actors for invented sentences: surface -> (actor_id, type).
ACTORS = {
    "Maria Lopez": ("lopez", "person"),
    "Lopez": ("lopez", "person"),
    "Omar Haddad": ("haddad", "person"),
    "Haddad": ("haddad", "person"),
    "Sami Karim": ("karim", "person"),
    "Reuters": ("reuters", "media"),
    "The Daily Star": ("daily-star", "media"),
    "Saraya Example": ("saraya-example", "armed_group"),
    "Mosul": ("mosul", "place"),
    "Umm Layla": ("umm-layla", "person"),
    "Abu Samir": ("abu-samir", "person"),
    "Bedouin": ("bedouin", "person"),  # a group name the pipeline mistyped as a person
    "Ministry of Water": ("ministry-of-water", "government_body"),
    "Northern Brigade": ("northern-brigade", "armed_group"),
    "Valley Post": ("valley-post", "media"),
}


@pytest.fixture(scope="module")
def patterns():
    return load_quote_patterns(ROOT / "data" / "knowledge" / "base" / "patterns" / "quotes.yaml")


def spans_for(text: str, actors: dict[str, tuple[str, str]] = ACTORS) -> list[ActorSpan]:
    return shared_spans_for(text, actors)


def quotes_of(text: str, patterns) -> list[tuple[str, str | None, str | None]]:
    return [(q.quote, q.speaker, q.speaker_id) for q in extract_quotes(text, spans_for(text), patterns)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“We will hold the line,” Lopez said.", ("We will hold the line", "Lopez", "lopez")),
        (
            "“We will hold the line,” said Maria Lopez, the mayor of Mosul.",
            ("We will hold the line", "Maria Lopez", "lopez"),
        ),
        (
            "“We see them daily,” Col. Omar Haddad of the border guard said of the militants, who hide nearby.",
            ("We see them daily", "Omar Haddad", "haddad"),
        ),
        ("Maria Lopez told Reuters: “We will hold the line.”", ("We will hold the line.", "Maria Lopez", "lopez")),
        ("Omar Haddad said: “The road is open.”", ("The road is open.", "Omar Haddad", "haddad")),
        ("According to Omar Haddad, “the road is open.”", ("the road is open.", "Omar Haddad", "haddad")),
        ("Sami Karim arrived. “The road is open,” he said.", ("The road is open", "he", "karim")),
        # a document is no speaker
        ("“The road is open,” the report said.", ("The road is open", None, None)),
        (
            "“The road is open,” Saraya Example said in a statement.",
            ("The road is open", "Saraya Example", "saraya-example"),
        ),
        ("“Why now?” Lopez asked.", ("Why now?", "Lopez", "lopez")),
        ("Lopez warned that “nobody is safe.”", ("nobody is safe.", "Lopez", "lopez")),
        ("The deal, Lopez said, was “a betrayal.”", ("a betrayal.", "Lopez", "lopez")),
        ("Corridors matter for “moving weapons east,” Haddad explained.", ("moving weapons east", "Haddad", "haddad")),
        (
            "“We stay,” Lt. Col. Sami Karim, who is based in Mosul with the 3rd Regiment, told Reuters last week.",
            ("We stay", "Sami Karim", "karim"),
        ),
        ("“We will fight,” a police officer told The Daily Star.", ("We will fight", "a police officer", None)),
        ("“We will fight,” Reuters was told by Omar Haddad.", ("We will fight", "Omar Haddad", "haddad")),
    ],
)
def test_quotes_attribution_patterns(patterns, text, expected):
    assert quotes_of(text, patterns) == [expected]


@pytest.mark.parametrize(
    "text, expected_id",
    [
        # previous quotation's speaker, same paragraph; a person merely mentioned does not take over
        ("“We are ready,” Haddad said as Lopez watched. “We will win,” he added.", "haddad"),
        # previous quotation's speaker, previous paragraph
        ("“We are ready,” said Haddad.\n\n“We will win,” he said.", "haddad"),
        # no earlier quotation or source: the nearest person mentioned before
        ("At noon the convoy met Sami Karim. “We will win,” he said.", "karim"),
        # a pronoun with nobody before it stays unresolved
        ("“We will win,” she said.", None),
    ],
)
def test_quotes_pronoun_resolution(patterns, text, expected_id):
    assert [q.speaker_id for q in extract_quotes(text, spans_for(text), patterns)][-1] == expected_id


@pytest.mark.parametrize(
    "text, expected",
    [
        # appositive with the role noun
        (
            "Maria Lopez, the mayor of Mosul, spoke.\n\n“It is done,” Haddad said.\n\n“It is not,” the mayor said.",
            ("the mayor", "lopez"),
        ),
        # appositive with a verb that states the role
        (
            "Omar Haddad, who commands a militia unit, drove on. “We stay,” the commander said.",
            ("the commander", "haddad"),
        ),
        # title before the name
        ("Mayor Maria Lopez was busy. “We rebuild,” the mayor said.", ("the mayor", "lopez")),
        # role never introduced, previous speaker introduced with another role
        (
            "“We stay,” said Omar Haddad, the mayor of Mosul. “We rebuild,” the official said.",
            ("the official", "haddad"),
        ),
        # role never introduced and no earlier speaker: unresolved, words as written
        ("“We rebuild,” the minister said.", ("the minister", None)),
        # an indefinite role is someone new
        ("Maria Lopez, the mayor, spoke. “We rebuild,” a mayor said.", ("a mayor", None)),
    ],
)
def test_quotes_role_resolution(patterns, text, expected):
    last = extract_quotes(text, spans_for(text), patterns)[-1]
    assert (last.speaker, last.speaker_id) == expected


@pytest.mark.parametrize(
    "text, expected_id",
    [
        # "X told <outlet> that …" introduces a new source after another speaker's quotes
        (
            "“We are ready,” said Omar Haddad.\n\nIn Mosul, baker Sami Karim told The Daily Star that prices doubled."
            " “Bread costs twice as much,” he said.",
            "karim",
        ),
        # "X, a farmer from Y, said …"
        (
            "“We are ready,” Haddad said.\n\nSami Karim, a farmer from Mosul, said on Monday the wells were dry."
            " “We have nothing to sell,” he said.",
            "karim",
        ),
        # "Umm Z, a mother of four, …" without a speech verb
        (
            "“We are ready,” Haddad said.\n\nUmm Layla, a mother of four, led us to the market."
            " “Nothing is left here,” she said.",
            "umm-layla",
        ),
        # the subject of the sentence before a pronoun-led sentence
        (
            "“We are ready,” said Omar Haddad.\n\nSami Karim is less hopeful. He said the road was mined."
            " “Nobody drives here any more,” he said.",
            "karim",
        ),
        # the subject after an opening phrase outranks a source of the previous paragraph
        (
            "Omar Haddad said that his unit was ready.\n\nDuring a visit to Mosul, Sami Karim promised more aid."
            " The reason, he said, was “to keep the roads open.”",
            "karim",
        ),
        # a possessive at a sentence start is not the subject
        (
            "“We are ready,” said Omar Haddad. Lopez's convoy left at dawn. “We will follow,” he said.",
            "haddad",
        ),
    ],
)
def test_quotes_pronoun_prefers_newly_introduced_source(patterns, text, expected_id):
    assert [q.speaker_id for q in extract_quotes(text, spans_for(text), patterns)][-1] == expected_id


@pytest.mark.parametrize(
    "text, expected_id",
    [
        # Umm = mother, Abu = father: the nearest person of the other sex is skipped
        ("Umm Layla packed the car. Abu Samir loaded the truck. “We leave tonight,” she said.", "umm-layla"),
        ("Umm Layla packed the car. Abu Samir loaded the truck. “We leave tonight,” he said.", "abu-samir"),
        # he/his vs she/her used about a person nearby
        (
            "Maria Lopez said her village was empty. Omar Haddad arrived later with his sons.\n\n"
            "“We will not return,” she said.",
            "lopez",
        ),
        # no marker at all: the nearest source, as before
        ("Maria Lopez arrived. Sami Karim waited. “We will win,” she said.", "karim"),
    ],
)
def test_quotes_pronoun_respects_gender_markers(patterns, text, expected_id):
    assert [q.speaker_id for q in extract_quotes(text, spans_for(text), patterns)][-1] == expected_id


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "In Mosul, where Bedouin clans hold the roads, a local driver who asked that his name not be used"
            " said that “nobody moves at night without paying.”",
            ("a local driver", None),
        ),
        ("“Nobody moves at night,” an aid worker in Mosul told Reuters.", ("an aid worker in Mosul", None)),
    ],
)
def test_quotes_unnamed_speaker_keeps_its_description(patterns, text, expected):
    quote = extract_quotes(text, spans_for(text), patterns)[-1]
    assert (quote.speaker, quote.speaker_id) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The Northern Brigade said in a statement that it took the hill."
            " The fighters “held their ground,” it said.",
            ("it", "northern-brigade"),
        ),
        (
            "The Ministry of Water said the dam was safe. Valley Post reported floods.\n\n"
            "“The gates are open,” the ministry said.",
            ("the ministry", "ministry-of-water"),
        ),
        # an outlet that was spoken to does not speak
        (
            "The Northern Brigade took the hill, a commander told Valley Post. “We hold it,” it said.",
            ("it", "northern-brigade"),
        ),
    ],
)
def test_quotes_organisation_pronoun_and_noun(patterns, text, expected):
    quote = extract_quotes(text, spans_for(text), patterns)[-1]
    assert (quote.speaker, quote.speaker_id) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Omar Haddad said on Tuesday that “the road is open.”", [("the road is open.", "haddad")]),
        ("Omar Haddad, speaking in Mosul, said: “The road is open.”", [("The road is open.", "haddad")]),
        ("“The road is open”, Omar Haddad wrote on X.", [("The road is open", "haddad")]),
        ("“The road is open,” Lopez wrote on Twitter.", [("The road is open", "lopez")]),
        (
            "Maria Lopez vowed to crush the gangs “with an iron hand” if they returned.",
            [("with an iron hand", "lopez")],
        ),
        (
            "Lopez said last week that the city would keep up its pressure “until the last cell is gone.”",
            [("until the last cell is gone.", "lopez")],
        ),
        (
            "Haddad said the militias were “deeply rooted here” and would not leave “because someone told them to.”",
            [("deeply rooted here", "haddad"), ("because someone told them to.", "haddad")],
        ),
        (
            "Sami Karim, the region's governor, welcomed the deal and said it “opens a new chapter.”",
            [("opens a new chapter.", "karim")],
        ),
        (
            "Lopez has described the attack as the work of “a criminal gang.”",
            [("a criminal gang.", "lopez")],
        ),
        (
            "A spokesperson for the Northern Brigade said its men were “aware of the reports.”",
            [("aware of the reports.", "northern-brigade")],
        ),
    ],
)
def test_quotes_partial_quotes_in_reported_speech(patterns, text, expected):
    assert [(q.quote, q.speaker_id) for q in extract_quotes(text, spans_for(text), patterns)] == expected


def test_quotes_multi_sentence_quote(patterns):
    text = "“We will win. We always do. Nobody doubts it,” Haddad said."
    assert quotes_of(text, patterns) == [("We will win. We always do. Nobody doubts it", "Haddad", "haddad")]


def test_quotes_bracket_insertions(patterns):
    text = "“We don’t allow [the militants] to cross. We deal with them [there],” Lopez said."
    assert quotes_of(text, patterns) == [
        ("We don’t allow [the militants] to cross. We deal with them [there]", "Lopez", "lopez")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "“We are ready,” said Haddad. “We will win. We always do.”",
        "“We are ready,” Haddad said as he pointed east, where the river runs. “We will win. We always do.”",
        "“We are ready,” he said, “and we will win.”",
    ],
)
def test_quotes_continuation_quote(patterns, text):
    quotes = extract_quotes(text, spans_for(text) + [ActorSpan(0, 0, "haddad", "Haddad", "person")], patterns)
    assert len(quotes) == 2
    assert quotes[1].speaker_id == "haddad"
    assert quotes[1].speaker == quotes[0].speaker


def test_quotes_continuation_to_the_next_paragraph_needs_a_paragraph_of_quotation(patterns):
    text = "“We are ready,” said Haddad.\n\n“Short one.”\n\nThe envoy left. “Short two.”"
    assert quotes_of(text, patterns) == [("We are ready", "Haddad", "haddad"), ("Short one.", "Haddad", "haddad")]


@pytest.mark.parametrize(
    "text, quote",
    [
        ("“The border is closed,” Omar Haddad told Reuters.", "The border is closed"),
        ("Omar Haddad told The Daily Star: “The border is closed.”", "The border is closed."),
        ("Omar Haddad, speaking to Reuters, said: “The border is closed.”", "The border is closed."),
    ],
)
def test_quotes_outlet_is_listener(patterns, text, quote):
    assert quotes_of(text, patterns) == [(quote, "Omar Haddad", "haddad")]


@pytest.mark.parametrize(
    "outlet_text",
    ["“The road is shut,” a source told Reuters.", "Reuters was told by a source: “The road is shut.”"],
)
def test_quotes_outlet_never_speaks_when_told(patterns, outlet_text):
    assert all(q.speaker_id != "reuters" for q in extract_quotes(outlet_text, spans_for(outlet_text), patterns))


@pytest.mark.parametrize(
    "text",
    [
        "Many say the cells are simply “sleeping” for now.",
        "The militias deployed “new brigades” to the area, local sources and media outlets report.",
        "The desert town — often called “the most isolated town in the country” — is quiet.",
        "He said the men wore “Kandahari-style” clothes in the market.",
        "He said that residents often called the police about men wearing “Kandahari-style” clothes.",
        "They operated in “Mosul, Tal Afar, the outskirts of Sinjar and the desert beyond it.”",
        "“Security reasons” are often cited.",
    ],
)
def test_quotes_scare_quotes_dropped(patterns, text):
    assert quotes_of(text, patterns) == []


def test_quotes_unattributed_full_sentence_kept(patterns):
    text = "The town waited.\n\n“We will never leave this town whatever the militias do to us.”"
    assert quotes_of(text, patterns) == [("We will never leave this town whatever the militias do to us.", None, None)]


def test_quotes_unclosed_quote_ends_at_paragraph(patterns):
    text = "“We will not leave, whatever they do to us here,” Lopez said. “And we will rebuild\n\nThe next paragraph."
    quotes = extract_quotes(text, spans_for(text), patterns)
    assert [q.quote for q in quotes] == ["We will not leave, whatever they do to us here", "And we will rebuild"]
    assert quotes[1].speaker_id == "lopez"


@pytest.mark.parametrize(
    "text",
    [
        "''Civilians are scared,'' Haddad noted.",
        "«Civilians are scared», said Haddad.",
        '“Civilians are scared," Haddad said.',
        '"Civilians are scared,” Haddad said.',
        '"Civilians are scared," Haddad said.',
    ],
)
def test_quotes_quote_mark_pairs(patterns, text):
    assert quotes_of(text, patterns) == [("Civilians are scared", "Haddad", "haddad")]


def test_quotes_apostrophes_open_no_quotation(patterns):
    text = "Kata’ib Hezbollah said it won’t leave the soldiers’ camp. Haddad's aide didn't say, in the ’90s or since."
    assert quotes_of(text, patterns) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("‘Not now,’ Haddad said.", [("Not now", "Haddad", "haddad")]),
        ("'The soldiers' camp is gone,' Lopez said.", [("The soldiers' camp is gone", "Lopez", "lopez")]),
        (
            "‘We don’t leave,’ said Omar Haddad. ‘Ever.’",
            [("We don’t leave", "Omar Haddad", "haddad"), ("Ever.", "Omar Haddad", "haddad")],
        ),
        ("Lopez told Reuters: “They said ‘go home’ and left.”", [("They said ‘go home’ and left.", "Lopez", "lopez")]),
    ],
)
def test_quotes_single_quotes(patterns, text, expected):
    assert quotes_of(text, patterns) == expected


def test_quotes_speaker_offsets_point_at_speaker(patterns):
    text = "“We will hold the line,” said Maria Lopez, the mayor of Mosul. “It is over,” the mayor said."
    for quote in extract_quotes(text, spans_for(text), patterns):
        assert text[quote.speaker_start : quote.speaker_end] == quote.speaker


def test_quotes_rejects_span_outside_text(patterns):
    with pytest.raises(ValueError, match="outside the text"):
        extract_quotes("short", [ActorSpan(2, 50, "x", "X", "person")], patterns)


_ALPHABET = st.sampled_from(
    ["“", "”", '"', "''", "'", "«", "»", "[", "]", ",", ".", ":", "?", " ", " ", " ", "\n", "\n\n"]
    + ["said", "told", "he", "the mayor", "According to", "that", "Lopez", "Reuters", "who", "We", "win", "Col."]
)


@st.composite
def _text_and_spans(draw):
    text = "".join(draw(st.lists(_ALPHABET, max_size=60)))
    spans = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        kind = draw(st.sampled_from(["person", "media", "armed_group", "place"]))
        spans.append(ActorSpan(start, end, f"actor-{i}", f"Actor {i}", kind))
    return text, spans


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_text_and_spans())
def test_quotes_property_never_raises_and_offsets_hold(patterns, text_and_spans):
    text, spans = text_and_spans
    ids = {span.actor_id for span in spans}
    for quote in extract_quotes(text, spans, patterns):
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.quote
        assert quote.speaker_id is None or quote.speaker_id in ids
        if quote.speaker is not None:
            assert text[quote.speaker_start : quote.speaker_end] == quote.speaker


SEED_PERSONS = {
    "Saleh Al-Yacoubi": ("saleh-al-yacoubi", "person"),
    "Al-Yacoubi": ("saleh-al-yacoubi", "person"),
    "Kent Park": ("kent-park", "person"),
    "Park": ("kent-park", "person"),
    "Ahmed Al-Dilemi": ("ahmed-al-dilemi", "person"),
    "Ahmed Nasrallah": ("ahmed-nasrallah", "person"),
    "Nasrallah": ("ahmed-nasrallah", "person"),
    "Adel Molaan": ("adel-molaan", "person"),
    "Donald Trump": ("donald-trump", "person"),
    "Trump": ("donald-trump", "person"),
    "The Intercept": ("the-intercept", "media"),
}


@pytest.fixture(scope="module")
def seed_quotes(patterns) -> tuple[str, list[Quote]]:
    text = SEED_001.read_text(encoding="utf-8")
    return text, extract_quotes(text, spans_for(text, SEED_PERSONS), patterns)


def _by(quotes: list[Quote], actor_id: str) -> list[str]:
    return [q.quote for q in quotes if q.speaker_id == actor_id]


def test_quotes_seed_001_al_yacoubi(seed_quotes):
    _, quotes = seed_quotes
    said = _by(quotes, "saleh-al-yacoubi")
    assert len(said) >= 4
    assert said[0] == "We normally have daily sightings"
    assert "If they are armed, we hit them with full force." in said
    assert "We don’t allow [ISIS] to cross. We deal with them while they are still inside Syria" in said


def test_quotes_seed_001_park(seed_quotes):
    _, quotes = seed_quotes
    said = _by(quotes, "kent-park")
    assert "It’s absolutely false" in said
    assert "It’s important that we maintain that border security." in said
    assert any(q.startswith("Anytime you have a battlefield") for q in said)
    assert all(q.speaker_id != "the-intercept" for q in quotes)


def test_quotes_seed_001_nasrallah(seed_quotes):
    _, quotes = seed_quotes
    said = _by(quotes, "ahmed-nasrallah")
    assert "This is the second line of defense against ISIS" in said
    assert "We have good coordination with them" in said
    assert any(q.startswith("They do this to destabilize") for q in said)
    commander = [q for q in quotes if q.quote.startswith("I don’t need the Americans")]
    assert [(q.speaker, q.speaker_id) for q in commander] == [("the commander", "ahmed-nasrallah")]


def test_quotes_seed_001_the_mayor(seed_quotes):
    _, quotes = seed_quotes
    mayor = [q for q in quotes if q.speaker == "the mayor"]
    assert [q.speaker_id for q in mayor] == ["ahmed-al-dilemi"]
    assert mayor[0].quote.startswith("If the car is approved by the army")


def test_quotes_seed_001_offsets(seed_quotes):
    text, quotes = seed_quotes
    assert len(quotes) >= 18
    assert all(text[q.start : q.end] == q.quote for q in quotes)


def test_quotes_runtime_grows_linearly(patterns, seed_quotes):
    """Timing compares ratios within one run (DESIGN.md): ten articles' worth must not cost much
    more than ten times one article."""
    text, _ = seed_quotes
    spans = spans_for(text, SEED_PERSONS)
    long_text = "\n\n".join([text] * 10)
    long_spans = spans_for(long_text, SEED_PERSONS)

    def best_of(body: str, body_spans: list[ActorSpan]) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            extract_quotes(body, body_spans, patterns)
            times.append(time.perf_counter() - started)
        return min(times)

    assert best_of(long_text, long_spans) < 30 * best_of(text, spans)


# ------------------------------------------------------------------ quoted words inside a sentence


@pytest.mark.parametrize(
    "text, expected",
    [
        # accusation: the quoted words in what X accuses Y of are X's, even one word before a noun
        (
            "Saraya Example accused the police of a “cowardly” raid on the market.",
            [("cowardly", "Saraya Example", "saraya-example")],
        ),
        ("Lopez accused the militia of “lying” about the toll.", [("lying", "Lopez", "lopez")]),
        ("Haddad blamed the blast on “foreign agents”.", [("foreign agents", "Haddad", "haddad")]),
        # a passive accusation is not its subject's words
        ("Saraya Example was accused of “crimes against the people” by the court.", []),
        # a quoted name, even closing the sentence, is nobody's words
        ("Haddad said the attackers were led by a man known as “Abu Samir.”", []),
        # a comma after the accusation starts another phrase: a quoted name there is nobody's
        ("Lopez accused the militia of the attack, which killed its leader “Abu Samir”.", []),
        # a participle right after a quotation goes on with the sentence's subject
        (
            "Omar Haddad called the ambush a “cowardly attack”, adding “we will find them”.",
            [("cowardly attack", "Omar Haddad", "haddad"), ("we will find them", "Omar Haddad", "haddad")],
        ),
        # describing, as a participle, is the main clause's subject's
        (
            "The toll is rising, Maria Lopez said while describing the shelling as “worse than last year”.",
            [("worse than last year", "Maria Lopez", "lopez")],
        ),
        # a demand quotes the demand
        (
            "The Ministry of Water called for a curfew to end “the looting of the pumping stations”.",
            [("the looting of the pumping stations", "Ministry of Water", "ministry-of-water")],
        ),
        # a full stop inside the marks ends a one-word quotation's phrase
        (
            "Saraya Example described the raid as “planned” and “successful.” Nobody confirmed it.",
            [("planned", "Saraya Example", "saraya-example"), ("successful.", "Saraya Example", "saraya-example")],
        ),
    ],
)
def test_quotes_words_inside_a_sentence(patterns, text, expected):
    assert quotes_of(text, patterns) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # raised voices in a scene: the unnamed speaker is written without the verb phrase
        ("“Open the gate,” a guard can be heard shouting.", [("Open the gate", "a guard", None)]),
        ("Another man is heard pleading: “Let them go.”", [("Let them go.", "Another man", None)]),
        # "so-called" never attributes
        ("Haddad spoke of the so-called “red line” on Tuesday.", []),
    ],
)
def test_quotes_raised_voices_and_hyphenated_verbs(patterns, text, expected):
    assert quotes_of(text, patterns) == expected


# ------------------------------------------------------------------------ documents and their issuers


@pytest.mark.parametrize(
    "text, expected",
    [
        # a possessive owner of the document speaks through it; "read" only beside a document
        (
            "“Our pumps are running again across the province,” the Ministry of Water’s statement read.",
            [("Our pumps are running again across the province", "Ministry of Water", "ministry-of-water")],
        ),
        # the second quotation of the sentence, after an accusing participle, is the same issuer's
        (
            "“The dam is safe,” the Ministry of Water’s statement read, accusing the rebels of “sabotage”.",
            [
                ("The dam is safe", "Ministry of Water", "ministry-of-water"),
                ("sabotage", "Ministry of Water", "ministry-of-water"),
            ],
        ),
        # "the communique" is the one named before, not the person quoted in between
        (
            "A Ministry of Water communique said Omar Haddad visited the dam. "
            "Haddad told the engineers they did “fine work”.\n\n"
            "“The dam is safe and the pumps run again,” the communique reads.",
            [
                ("fine work", "Haddad", "haddad"),
                ("The dam is safe and the pumps run again", "communique", "ministry-of-water"),
            ],
        ),
        # "the statement" after "X stated that": X's
        (
            "Saraya Example stated that “two of our men were wounded at the checkpoint.”\n\n"
            "“Both are in hospital,” according to the statement.",
            [
                ("two of our men were wounded at the checkpoint.", "Saraya Example", "saraya-example"),
                ("Both are in hospital", "statement", "saraya-example"),
            ],
        ),
        # an indefinite document with no issuer is still no speaker
        ("Saraya Example fought on. “The road is open,” a statement said.", [("The road is open", None, None)]),
        # "the group's statement": the armed group the text introduced as "the group", then the
        # pronoun right before the verb ("what it described as")
        (
            "The armed group Northern Brigade said its men were hit. Saraya Example also lost a post.\n\n"
            "According to the group's statement, the drones came at night.\n\n"
            "The statement accused the police of a “treacherous” raid and of what it described as “revenge”.",
            [("treacherous", "statement", "northern-brigade"), ("revenge", "it", "northern-brigade")],
        ),
    ],
)
def test_quotes_documents_speak_for_their_issuer(patterns, text, expected):
    assert quotes_of(text, patterns) == expected


def test_quotes_according_to_opening_a_sentence_sources_its_later_quotation(patterns):
    text = (
        "According to a report released by the Ministry of Water, the pumps failed while the staff were "
        "“left without fuel for weeks.” The “Northern Brigade” was blamed."
    )
    assert quotes_of(text, patterns)[0] == ("left without fuel for weeks.", "Ministry of Water", "ministry-of-water")
    assert [q for q, *_ in quotes_of(text, patterns)] == ["left without fuel for weeks."]


# --------------------------------------------------------------------------------- who is the subject


@pytest.mark.parametrize(
    "text, expected",
    [
        # an opening place phrase is not the subject; a role's spokesperson named in apposition speaks
        (
            "At the Northern Brigade headquarters in Mosul, the brigade spokesperson, Colonel Omar Haddad, said "
            "the assault had ended when the last fighters were pushed back “at a heavy price.”",
            ("at a heavy price.", "Omar Haddad", "haddad"),
        ),
        # the possessive owner is not the speaker: the organisation it owns is
        (
            "The Northern Brigade’s Ministry of Water accused the militia of “theft”.",
            ("theft", "Ministry of Water", "ministry-of-water"),
        ),
    ],
)
def test_quotes_subject_of_the_sentence(patterns, text, expected):
    assert quotes_of(text, patterns) == [expected]


def test_quotes_a_name_after_a_relative_clause_is_not_the_subject(patterns):
    text = (
        "Maria Lopez, who spoke through her adviser, Omar Haddad, confirmed the toll.\n\n"
        "“Five farmers were killed in their fields,” she said."
    )
    assert quotes_of(text, patterns) == [("Five farmers were killed in their fields", "she", "lopez")]


def test_quotes_the_group_is_the_one_the_text_called_a_group(patterns):
    text = (
        "The militant group Saraya Example said it shot down a drone. The Northern Brigade lost two men.\n\n"
        "“We will strike again,” the group said."
    )
    # the Northern Brigade is nearer, but only Saraya Example was introduced as "the group"
    assert quotes_of(text, patterns)[-1] == ("We will strike again", "the group", "saraya-example")


# ------------------------------------------------------------------------- paragraphs and headings


def test_quotes_run_on_quotation_takes_the_attribution_of_its_last_paragraph(patterns):
    text = (
        "Omar Haddad told the soldiers they had done “fine work”.\n\n"
        "“The battalion has held the ridge since March, with no losses.\n\n"
        "“The villages are safe again,” the Ministry of Water communique reads."
    )
    found = quotes_of(text, patterns)
    assert found[1][0].startswith("The battalion has held the ridge") and found[1][2] == "ministry-of-water"
    assert found[2][2] == "ministry-of-water"


def test_quotes_quoted_crosshead_is_not_the_previous_speaker(patterns):
    text = "“We will set up courts and a police force,” Haddad said.\n\n‘Ruling differently’\n\nThe rebels advanced."
    assert [q for q, *_ in quotes_of(text, patterns)] == ["We will set up courts and a police force"]
