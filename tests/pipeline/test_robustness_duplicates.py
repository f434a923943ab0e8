"""Copies of one story: identical and near-identical articles linked, unrelated ones left apart, cheaply."""

from __future__ import annotations

import datetime
import random
import re

import pytest

from pipeline.duplicates import NEAR_DUPLICATE_SCORE, _candidate_pairs, _shingles, find_stories, link_duplicates
from pipeline.records import DocumentRecord

# An invented wire story, and what two other outlets made of it.
WIRE = (
    "Border guards closed the Rabia crossing on Tuesday after a convoy of fuel tankers was attacked "
    "near the town of Sinune, two officials told reporters. The officials, who spoke on condition of "
    "anonymity, said three drivers were wounded and one tanker burned for several hours before "
    "firefighters from Tal Afar reached the scene. No group claimed the attack. Traders said the "
    "closure would raise fuel prices in Mosul within days, and a local council member urged the "
    "government to send more troops to guard the road, which has been hit four times since spring. "
    "A spokesman for the border authority said the crossing would reopen once the road was secure."
)
REWRITTEN = (
    "Iraq shuts Rabia crossing after tanker attack\n\n"
    + WIRE.replace("on Tuesday", "on Tuesday 4 June").rsplit(" A spokesman", 1)[0]
    + "\n\nReporting by the Example Desk; editing by a colleague."
)
UNRELATED = (
    "Farmers near Sinune said on Tuesday that the harvest was the worst in a decade, two officials told "
    "reporters. The officials, who spoke on condition of anonymity, blamed the drought and the closure "
    "of irrigation canals upstream. Wheat prices in Mosul rose for the third week, traders said, while "
    "the agriculture ministry promised seed loans to families that lost their crops. Aid groups warned "
    "that hundreds of households could leave their villages before winter if the rains fail again."
)


def _record(doc_id: str, text: str, published: datetime.date | None = None) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc_id,
        source_file=f"{doc_id}.txt",
        title=None,
        title_basis=None,
        outlet=None,
        outlet_basis=None,
        author=None,
        author_basis=None,
        url=None,
        published=published,
        published_basis=None,
        published_evidence=None,
        dateline=None,
        language="en",
        encoding="utf-8",
        text=text,
        n_words=len(text.split()),
        content_hash=doc_id,
    )


def _links(*records: DocumentRecord) -> dict[str, tuple[str, str | None]]:
    return {doc_id: (link.story_id, link.duplicate_of) for doc_id, link in find_stories(records).items()}


def test_duplicates_identical_words_link_whatever_the_spacing_case_and_punctuation():
    shouted = WIRE.upper().replace(", ", " , ").replace(". ", ".\r\n\r\n")
    links = find_stories([_record("a", WIRE), _record("b", shouted)])
    assert (links["b"].story_id, links["b"].duplicate_of, links["b"].duplicate_score) == ("a", "a", 1.0)
    assert (links["a"].story_id, links["a"].duplicate_of, links["a"].duplicate_score) == ("a", None, None)


def test_duplicates_near_copy_with_new_headline_and_cut_ending_is_linked():
    links = find_stories([_record("wire", WIRE, datetime.date(2024, 6, 4)), _record("outlet", REWRITTEN)])
    assert links["outlet"].duplicate_of == "wire"
    assert NEAR_DUPLICATE_SCORE <= links["outlet"].duplicate_score < 1.0


def test_duplicates_articles_sharing_stock_phrases_stay_apart():
    assert _links(_record("wire", WIRE), _record("farm", UNRELATED)) == {
        "wire": ("wire", None),
        "farm": ("farm", None),
    }


@pytest.mark.parametrize(
    ("dates", "first"),
    [
        ((datetime.date(2024, 6, 5), datetime.date(2024, 6, 4)), "z-later-name"),  # earliest published wins
        ((None, datetime.date(2024, 6, 4)), "z-later-name"),  # a dated copy before an undated one
        ((None, None), "a-first-name"),  # then the first doc_id
    ],
)
def test_duplicates_first_copy_is_the_earliest(dates, first):
    links = _links(_record("a-first-name", WIRE, dates[0]), _record("z-later-name", REWRITTEN, dates[1]))
    assert {story for story, _ in links.values()} == {first}
    assert [doc_id for doc_id, (_, of) in links.items() if of is None] == [first]


def test_duplicates_a_round_up_does_not_merge_the_stories_it_quotes():
    """Each document is compared with first copies only, so links never chain through a round-up."""
    roundup = "Morning brief.\n\n" + WIRE + "\n\n" + UNRELATED
    links = find_stories(
        [
            _record("wire", WIRE, datetime.date(2024, 6, 4)),
            _record("farm", UNRELATED, datetime.date(2024, 6, 4)),
            _record("roundup", roundup, datetime.date(2024, 6, 5)),
        ]
    )
    assert {doc_id: link.story_id for doc_id, link in links.items()} == {
        "wire": "wire",
        "farm": "farm",
        "roundup": "farm",  # both are wholly inside it; the tie goes to the first doc_id
    }


def test_duplicates_a_copy_of_a_copy_must_resemble_the_first_copy():
    sentences = re.split(r"(?<=\.) ", WIRE)
    added = "Officials in Sinune declined further comment on the attack, and the army sent two armoured vehicles."
    middle = " ".join([*sentences[1:], added])
    last = " ".join([sentences[3], added, "Residents of Sinune stayed indoors all evening."])
    links = _links(_record("a", WIRE), _record("b", middle), _record("c", last))
    assert links == {"a": ("a", None), "b": ("a", "a"), "c": ("c", None)}


def test_duplicates_short_texts_link_only_when_identical():
    short = "Two officials told reporters the crossing was closed."
    links = _links(_record("a", short), _record("b", short), _record("c", short + " It reopened later."))
    assert links == {"a": ("a", None), "b": ("a", "a"), "c": ("c", None)}


def test_duplicates_link_duplicates_keeps_every_document_and_reports_info():
    records = [
        _record("wire", WIRE, datetime.date(2024, 6, 4)),
        _record("farm", UNRELATED),
        _record("outlet", REWRITTEN),
    ]
    linked, problems = link_duplicates(records)
    assert [r.doc_id for r in linked] == ["wire", "farm", "outlet"]
    assert [(r.text, r.story_id) for r in linked] == [(WIRE, "wire"), (UNRELATED, "farm"), (REWRITTEN, "wire")]
    (problem,) = problems
    assert (problem.source_file, problem.severity) == ("outlet.txt", "info")
    assert problem.reason.startswith("same story as wire.txt (")
    assert "count each story once" in problem.reason


def test_duplicates_blocking_compares_copies_not_all_pairs():
    """2,000 texts drawn from one small vocabulary share many phrases by chance; blocking must still
    hand over only the planted copies, not the two million possible pairs."""
    rng = random.Random(7)
    vocabulary = sorted(set(WIRE.lower().replace(",", "").replace(".", "").split()))
    texts = [" ".join(rng.choices(vocabulary, k=200)) for _ in range(2000)]
    texts += [text + " and more" for text in texts[:10]]  # ten planted copies
    word_hashes: dict[str, int] = {}
    shingles = {f"d{i:04d}": _shingles(text.split(), word_hashes) for i, text in enumerate(texts)}
    pairs = _candidate_pairs(shingles)
    assert {(f"d{i:04d}", f"d{2000 + i:04d}") for i in range(10)} <= set(pairs)
    assert len(pairs) < 50


def test_duplicates_are_deterministic_across_input_order():
    records = [_record("wire", WIRE), _record("farm", UNRELATED), _record("outlet", REWRITTEN)]
    assert find_stories(records) == find_stories(records[::-1])
