"""Quote speakers, issue 11 item 6: "it said" after a body named only by its noun ("the army said",
"a statement from the presidency said") stands for that body, not for an actor the quotation speaks
about or one named further up. Invented text and actors; each test fails without the rule."""

from __future__ import annotations

import pytest

from pipeline.quotes import load_quote_patterns
from tests.pipeline.quote_helpers import QUOTES_YAML, speakers_of

ACTORS = {
    "Mountain Liberation Army": ("mountain-liberation-army", "armed_group"),
    "MLA": ("mountain-liberation-army", "armed_group"),
    "Delta Movement": ("delta-movement", "armed_group"),
    "Ruvo": ("ruvo", "state"),
}


@pytest.fixture(scope="module")
def patterns():
    return load_quote_patterns(QUOTES_YAML)


def speakers(text: str, patterns) -> dict[str, str | None]:
    return speakers_of(text, ACTORS, patterns)


def test_it_after_the_army_said_is_not_a_rebel_army_named_before(patterns):
    text = (
        "The Mountain Liberation Army has fought the government of Ruvo since 1998.\n\n"
        "In a statement on Sunday, the army said it killed 14 rebel fighters.\n\n"
        "“There are clear signs that the MLA is losing the war,” it said."
    )
    assert speakers(text, patterns)["There are clear signs that the MLA is losing the war"] is None


def test_it_after_an_unnamed_body_spoke_is_that_body_not_the_group_it_spoke_of(patterns):
    text = (
        "“Fighters of the Delta Movement attacked a wedding party,” a statement from the presidency said.\n\n"
        "It said seven people were killed in the “barbaric attack,” and four were wounded."
    )
    assert speakers(text, patterns)["barbaric attack"] is None
