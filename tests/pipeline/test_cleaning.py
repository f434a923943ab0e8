"""Tests for pipeline.cleaning.clean: boilerplate goes, article text (and its characters) stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cleaning import BoilerplatePatterns, CleanedArticle, clean_article, load_boilerplate_patterns

PROJECT_DIR = Path(__file__).resolve().parents[2]
SEEDS_DIR = PROJECT_DIR / "seeds"
PATTERNS = load_boilerplate_patterns(PROJECT_DIR / "data" / "knowledge" / "base" / "patterns" / "boilerplate.yaml")

HEADLINE = "Militias tighten grip on desert crossing"
LEDE = "Armed groups have moved new units to the frontier, residents say."
LAST = "Officials expect more deployments before the summer."
BOILERPLATE_WORDS = ("Getty", "Continue reading", "Captcha", "cookies", "More from", "Photo:")


def _article(*middle: str) -> str:
    """An invented article with `middle` paragraphs between a lede and a closing paragraph."""
    return "\n\n".join((HEADLINE, LEDE, *middle, LAST))


def _kinds(raw: str) -> dict[str, str]:
    return {r.text: r.kind for r in clean_article(raw, PATTERNS).removed}


@pytest.mark.parametrize(
    ("snippet", "kind"),
    [
        ("Continue reading this article by registering at no cost and get unlimited access to:", "paywall"),
        ("Join The Conversation", "comments_prompt"),
        ("Sign up for our Newsletter", "newsletter"),
        ("We use cookies to improve your experience. Read our cookie policy.", "cookie_notice"),
        ("Captcha *", "captcha"),
        ("Do you like this article?", "feedback_prompt"),
        ("Found in: Armed groups", "tags"),
        ("Share this article", "share_prompt"),
        ("Read more: Border crossing reopens after two years", "related_links"),
        ("Related: Drone strike hits convoy", "related_links"),
        ("Advertisement", "advertisement"),
        ("Article Summary", "section_label"),
        ("By Jane Doe and John Roe", "byline"),
        ("By Layla al-Hassan |", "byline"),
        ("By Omar Khalil, Reuters", "byline"),
        ("Dec 27, 2018", "date_line"),
        ("Published 3 March 2021, 14:05 GMT", "date_line"),
        ("Updated: March 4, 2021 at 9:15 a.m.", "date_line"),
        (
            "Fighters rest near a checkpoint in Rawa, Feb. 2, 2020. Photo by JOHN SMITH/AFP/Getty Images.",
            "caption",
        ),
        ("A convoy crosses the bridge. (Photo credit should read JOHN SMITH/AFP/Getty Images)", "caption"),
        ("A convoy crosses the bridge on March 3, 2021. Photo: John Smith/AFP/Getty Images", "caption"),
        ("Photo: Jane Roe/Reuters", "photo_credit"),
        ("Map: Sam Lee/The Daily Example", "photo_credit"),
        (
            "A fighter stands at a post in Rawa, Iraq, March 1, 2021. REUTERS/Jane Roe - RC2AB34CD567",
            "caption",
        ),
        ("Guards inspect the new fence, seen here on May 2, near Rabia. [Interior Ministry]", "caption"),
        (
            "The minister, seen here on March 1. REUTERS/Jo Roe/File Photo Purchase Licensing Rights",
            "caption",
        ),
        ("![Smoke rises over the town](https://example.org/img.jpg)", "caption"),
        ("[Read: Militias threaten retaliation](https://example.org/other)", "related_links"),
        ("*Published: 12 January 2024*", "date_line"),
        ("March 5, 2025 10:14 AM GMT+3 Updated 2 days ago", "date_line"),
        ("**By Sara Haddad**", "byline"),
        ("Our Standards: The Thomson Reuters Trust Principles.", "site_notice"),
        ("Copyright 2024 The Associated Press. All rights reserved.", "site_notice"),
        (
            "example-news Soldiers patrol the river bank near Anah, Iraq, Jan. 4, 2020. Photo by X/AFP.",
            "caption",
        ),
    ],
)
def test_cleaning_removes_boilerplate_kind(snippet: str, kind: str) -> None:
    cleaned = clean_article(_article(snippet), PATTERNS)
    assert snippet not in cleaned.text
    assert _kinds(_article(snippet))[snippet] == kind


@pytest.mark.parametrize(
    "paragraph",
    [
        "Reuters reported that 12 fighters were killed near the border on Nov. 25, 2018.",
        "A photo published by the group showed fighters near the border.",
        "The photo by a local activist was verified by Reuters.",
        "By Monday, the militia had withdrawn from the town.",
        "By Sunday, Iraqi Forces had retaken the crossing.",
        "More from the ministry is expected later this week.",
        "Summary executions were reported in the villages.",
        "Share prices in Baghdad fell after the announcement.",
        "The commander [Abu Ali] said the road is open.",
        "Iraqi soldiers stand guard near the border every day, officials said.",
        "Karim Nasser is a journalist who was detained at the checkpoint in May.",
        "QAIM, Iraq — As minor pockets of the group remain, the province braces.",
        "“We are all afraid of them,” he said of the men at the checkpoint [near Qaim].",
        "Fall of the old regime",
    ],
)
def test_cleaning_keeps_article_paragraph(paragraph: str) -> None:
    cleaned = clean_article(_article(paragraph), PATTERNS)
    assert cleaned.text.split("\n\n") == [HEADLINE, LEDE, paragraph, LAST]


def test_cleaning_removes_caption_before_credit_only_line() -> None:
    caption = "Fighters gather near the border crossing in Qaim on Nov. 25, 2018."
    kinds = _kinds(_article(caption, "Photo: Jane Roe/Reuters"))
    assert kinds == {caption: "caption", "Photo: Jane Roe/Reuters": "photo_credit"}


def test_cleaning_keeps_long_paragraph_before_map_credit() -> None:
    body = "Guards patrol the fence day and night. Their units report to Baghdad, not to the province."
    cleaned = clean_article(_article(body, "Map: Sam Lee/The Daily Example"), PATTERNS)
    assert cleaned.text.split("\n\n") == [HEADLINE, LEDE, body, LAST]


def test_cleaning_removes_repeated_caption_both_times() -> None:
    caption = "Workers build a concrete wall, seen here on March 20, along the border."
    cleaned = clean_article(_article(f"{caption}\n{caption}"), PATTERNS)
    assert caption not in cleaned.text
    assert [r.kind for r in cleaned.removed] == ["caption", "caption"]


def test_cleaning_drops_repeated_prose_paragraph_once() -> None:
    body = "The council met twice. It reached no decision on the road."
    cleaned = clean_article(_article(body, body), PATTERNS)
    assert cleaned.text.count(body) == 1


def test_cleaning_removes_bullets_after_paywall_and_related_list() -> None:
    raw = _article(
        "Continue reading this article by registering at no cost:\n  • Archives\n  • Events",
        "More from  Iraq\n\nPort revenue surges\nJane Doe | Economy | Jan 20, 2021",
    )
    assert clean_article(raw, PATTERNS).text.split("\n\n") == [HEADLINE, LEDE, LAST]


def test_cleaning_removes_author_bio_only_at_end() -> None:
    bio = "Jane Doe is a journalist specializing in the Levant. Her work appears in several outlets."
    at_end = clean_article(_article() + f"\n\n{bio}\n\nSign up for our Newsletter", PATTERNS)
    mid_article = clean_article(_article(bio), PATTERNS)
    assert at_end.text == _article() and bio in mid_article.text
    assert [r.kind for r in at_end.removed] == ["author_bio", "newsletter"]


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        (f"{HEADLINE}\n\n{LEDE}", HEADLINE),
        (f"Security\n\n{HEADLINE}\n\n{LEDE}", HEADLINE),
        (f"Iraq Pulse\n\n{HEADLINE}\n\nArticle Summary\n{LEDE}", HEADLINE),
        (f"# {HEADLINE}\n\n{LEDE}", HEADLINE),
        (f"{LEDE}\n{LAST}", None),
        ("", None),
    ],
)
def test_cleaning_finds_title(raw: str, title: str | None) -> None:
    cleaned = clean_article(raw, PATTERNS)
    assert cleaned.title == title
    if title:
        assert cleaned.text.split("\n\n")[:2] == [title, LEDE]


def test_cleaning_normalises_whitespace_but_not_characters() -> None:
    body = "The road\u00a0is “closed,” officials said \u2014 for now."
    raw = f"{HEADLINE}  \r\n\r\n\r\n\r\n{body}   \r\n\n\n\n{LAST}\t\n"
    assert clean_article(raw, PATTERNS).text == f"{HEADLINE}\n\n{body}\n\n{LAST}"


def test_cleaning_splits_single_newline_paragraphs() -> None:
    raw = f"{LEDE}\nA second paragraph follows on the next line.\nSubheading here\n{LAST}"
    assert clean_article(raw, PATTERNS).text.count("\n\n") == 3


def test_cleaning_keeps_hard_wrapped_paragraph_together() -> None:
    wrapped = (
        "Armed groups have moved new units to the frontier in recent\n"
        "weeks, residents say, and set up checkpoints on the roads that\n"
        "lead to the crossing."
    )
    cleaned = clean_article(f"{HEADLINE}\n\n{wrapped}\n\n{LAST}", PATTERNS)
    assert cleaned.text.split("\n\n") == [HEADLINE, wrapped, LAST]


def test_cleaning_rejects_bad_regex(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (PROJECT_DIR / "data" / "knowledge" / "base" / "patterns" / "boilerplate.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("'^Captcha\\b'", "'^Captcha(('"), encoding="utf-8")
    with pytest.raises(ValueError, match="Captcha"):
        load_boilerplate_patterns(bad)


SEED_EXPECTATIONS = [
    (
        "000_b40e59be69ce58b1.txt",
        "Iraqi border eyes Iran influence as US plans Syria pullout",
        [
            "After the retaking of IS-held territory",
            "QAIM, Iraq — As minor pockets",
            "The latest geopolitical shifts",
        ],
    ),
    (
        "001_4a7f679621604060.txt",
        "ISIS Fighters in Syria Are Trying to Push Into Iraq, "
        "Where U.S. Forces Can’t Get Along With Armed Groups Supported by Iran",
        [
            "In Al Qaim, Iraq’s U.S.-backed",
            "AL QAIM, IRAQ — As the fight",
            "Al-Yacoubi spoke at a base",
            "“I don’t need the Americans",
        ],
    ),
    (
        "002_0b2242949df50311.txt",
        "Iraqi border city eyes IS advance amid dust storms",
        [
            "Iraqi security forces on Iraq's border with Syria have been placed",
            "Although for the moment the combined",
        ],
    ),
    (
        "003_8281152cfd6d2f45.txt",
        None,
        [
            "Pro-Iranian militias in Iraq may move away",
            "Fall of Syrian regime",
            "Iraqi security officials recently met",
        ],
    ),
    (
        "004_629ec98bd1675e8a.txt",
        "Iran-aligned militias mass on Iraq-Syria border",
        [
            "The militias seek to secure safe passage",
            "Iraq's border defenses",
            "Residents of the border area are paying",
        ],
    ),
]


@pytest.mark.parametrize(("name", "title", "kept"), SEED_EXPECTATIONS)
def test_cleaning_seed_article(name: str, title: str | None, kept: list[str]) -> None:
    cleaned = clean_article((SEEDS_DIR / name).read_text(encoding="utf-8"), PATTERNS)
    assert cleaned.title == title
    assert not [w for w in BOILERPLATE_WORDS if w in cleaned.text]
    paragraphs = cleaned.text.split("\n\n")
    assert all(any(p.startswith(start) for p in paragraphs) for start in kept)
    if title:
        assert paragraphs[0] == title


def test_cleaning_seed_removals_keep_bylines_for_inference() -> None:
    cleaned = clean_article((SEEDS_DIR / "004_629ec98bd1675e8a.txt").read_text(encoding="utf-8"), PATTERNS)
    assert [r.kind for r in cleaned.removed] == [
        "section_label",
        "caption",
        "caption",
        "byline",
        "feedback_prompt",
        "captcha",
    ]


# Fragments that trigger every rule family, mixed with line breaks of all kinds.
_PIECES = [*"ab Z.:|•\r\n\t\u00a0[]()/-—", "Photo: ", "By Ab ", "Dec 27, 2018", "More from ", "# "]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(raw=_TEXT)
def test_cleaning_never_raises_and_normalises(raw: str) -> None:
    cleaned = clean_article(raw, PATTERNS)
    assert "\r" not in cleaned.text
    assert "\n\n\n" not in cleaned.text
    assert cleaned.text == cleaned.text.strip()


@settings(max_examples=200, deadline=None)
@given(raw=st.text())
def test_cleaning_never_raises_on_any_text(raw: str) -> None:
    cleaned = clean_article(raw, PATTERNS)
    assert isinstance(cleaned, CleanedArticle)
    assert "\r" not in cleaned.text and "\n\n\n" not in cleaned.text


def test_cleaning_patterns_are_frozen() -> None:
    with pytest.raises(AttributeError):
        PATTERNS.title_max_words = 3  # type: ignore[misc]
    assert isinstance(PATTERNS, BoilerplatePatterns)


# --- Failure classes found by the held-out evaluation, each with invented text. ---


@pytest.mark.parametrize(
    ("snippet", "kind"),
    [
        ("[Start](/) › [World](/world) › [Gulf](/world/gulf)", "breadcrumb"),
        ("Home › World › Gulf States", "breadcrumb"),
        ("> **Sign up for The Briefing** — our daily newsletter from the Gulf. [Subscribe](/briefing)", "newsletter"),
        ("Stay up to date. Subscribe to our mailing list", "newsletter"),
        ("Cookies help us run this site. By using it, you agree to our use of cookies. More | OK", "cookie_notice"),
        ("---", "separator"),
        ("* * *", "separator"),
        ("Download PDF | Share | Print", "share_prompt"),
        (
            "Copyright 2023 The Daily Example. All rights reserved. This material may not be redistributed.",
            "site_notice",
        ),
        ("[2] Interview with a border official, Rabia, May 2023.", "footnote"),
    ],
)
def test_cleaning_removes_page_furniture_kind(snippet: str, kind: str) -> None:
    assert snippet not in clean_article(_article(snippet), PATTERNS).text
    assert _kinds(_article(snippet))[snippet] == kind


@pytest.mark.parametrize(
    "related",
    [
        "Read Next\n- Militias Regroup Near Rabia Crossing\n- Kurdish Parties Split Over Budget",
        "More on this story:\nTurkey extends drone campaign in Duhok",
        "You may also like\nWhat the drawdown means for Erbil\nA river town waits for its bridge",
        "**Related Reports**\n\nHow Smugglers Adapted To The Fence\nThe Desert Road Ten Years On",
    ],
)
def test_cleaning_removes_related_list_with_its_heading(related: str) -> None:
    cleaned = clean_article(_article(related), PATTERNS)
    assert cleaned.text.split("\n\n") == [HEADLINE, LEDE, LAST]
    assert {r.kind for r in cleaned.removed} == {"related_links"}


def test_cleaning_related_list_stops_at_prose_ending_in_a_quote() -> None:
    prose = "The mayor called the deal “a new beginning for the river towns.”"
    cleaned = clean_article(_article("Related:\nMilitias Regroup Near Rabia", prose), PATTERNS)
    assert cleaned.text.split("\n\n") == [HEADLINE, LEDE, prose, LAST]


@pytest.mark.parametrize(
    ("tail", "kinds"),
    [
        (
            "(Reporting by Lina Haddad in Erbil and Tom Ward in London; Editing by Ann Lee)\n\n"
            "Read Next\n- Militias Regroup Near Rabia Crossing",
            ["reporting_credit", "related_links", "related_links"],
        ),
        ("Samir Aziz in Mosul contributed reporting.", ["reporting_credit"]),
        (
            "Associated Press writers Lena Park in Istanbul and Omar Fayed in Cairo contributed to this report.",
            ["reporting_credit"],
        ),
        ("___\n\nAssociated Press writer Omar Fayed reported from Basra, Iraq.", ["separator", "reporting_credit"]),
        (
            "*Mona Reyes is a contributing writer for The Gulf Observer. Her reporting was supported by a grant.*",
            ["author_bio"],
        ),
        ("Dr. Samir Aziz is a Senior Fellow at the Tigris Policy Forum.", ["author_bio"]),
        (
            "About the Authors\n\nKarim Nasser leads the security programme of the Tigris Policy Forum.",
            ["author_bio", "author_bio"],
        ),
        ("The views expressed in this report are the author's own.", ["disclaimer"]),
        ("A version of this article appears in print in the June 2024 issue.", ["print_note"]),
        ("Kurdish Parties Split Over Budget\nTurkey Extends Drone Campaign", ["related_links", "related_links"]),
    ],
)
def test_cleaning_removes_credits_and_bios_at_end(tail: str, kinds: list[str]) -> None:
    cleaned = clean_article(_article() + "\n\n" + tail, PATTERNS)
    assert cleaned.text == _article()
    assert [r.kind for r in cleaned.removed] == kinds


@pytest.mark.parametrize(
    "paragraph",
    [
        "Karim Nasser, who is a fellow at the Tigris Institute, said the militias had split.",
        "“We will see,” said Omar Saleh, who is a senior fellow at the Basra Centre.",
        "Lina Haddad is a researcher at the Basra Centre. She said the road was closed.",
        "The ministry contributed to this report by sharing its own figures.",
        "Omar Saleh - a former officer - said the crossing was quiet.",
        "About the author of the letter, officials said little.",
    ],
)
def test_cleaning_keeps_lookalike_paragraph_mid_article_and_at_end(paragraph: str) -> None:
    assert clean_article(_article(paragraph), PATTERNS).text.split("\n\n") == [HEADLINE, LEDE, paragraph, LAST]
    if not paragraph.startswith("Lina"):
        assert clean_article(_article() + "\n\n" + paragraph, PATTERNS).text.endswith(paragraph)


@pytest.mark.parametrize(
    ("header", "kinds"),
    [
        ("Lina Haddad - Erbil", ["byline"]),
        ("Prof. Omar Saleh, Senior Research Fellow, Tigris Policy Forum", ["byline"]),
        ("WORKING PAPER | No. 3 | October 2023", ["date_line"]),
        ("The Gulf Observer\nMona Reyes - Basra", ["masthead", "byline"]),
    ],
)
def test_cleaning_removes_header_lines_without_by(header: str, kinds: list[str]) -> None:
    cleaned = clean_article(f"{HEADLINE}\n\n{header}\n\n{LEDE}\n\n{LAST}", PATTERNS)
    assert cleaned.text.split("\n\n") == [HEADLINE, LEDE, LAST]
    assert [r.kind for r in cleaned.removed] == kinds


def test_cleaning_reads_month_header_above_the_title() -> None:
    cleaned = clean_article(f"WORKING PAPER | No. 3 | October 2023\n\n{HEADLINE}\n\n{LEDE}", PATTERNS)
    assert cleaned.title == HEADLINE
    assert [r.kind for r in cleaned.removed] == ["date_line"]


@pytest.mark.parametrize(
    "line",
    [
        "Kurdish Rivals Meet - Sources",  # a headline with a dash is not a byline
        "Erbil - Baghdad",  # after the body starts, not a byline
    ],
)
def test_cleaning_keeps_dash_lines_that_are_not_bylines(line: str) -> None:
    body = "Armed groups have moved new units to the frontier in recent weeks, residents of the valley say."
    first = clean_article(f"{line}\n\n{LEDE}\n\n{LAST}", PATTERNS)
    late = clean_article(_article(body, line), PATTERNS)
    assert first.title == line and line in late.text.split("\n\n")


def test_cleaning_reduces_markdown_to_text() -> None:
    raw = (
        f"[Start](/) › [World](/world)\n\n# {HEADLINE}\n\n## Units move to the frontier\n\n"
        "The [border ministry](/ministry) said **nothing** about *the* deal.\n\n> A quoted line."
    )
    cleaned = clean_article(raw, PATTERNS)
    assert cleaned.title == HEADLINE
    assert cleaned.text.split("\n\n") == [
        HEADLINE,
        "Units move to the frontier",
        "The border ministry said nothing about the deal.",
        "A quoted line.",
    ]


def test_cleaning_does_not_join_short_header_lines() -> None:
    cleaned = clean_article(f"{HEADLINE}\n\nSection Label\nAnother Short Line\n\n{LEDE}", PATTERNS)
    assert "Section Label\nAnother Short Line" not in cleaned.text


@pytest.mark.parametrize("line", ["31-10-2024", "2024-10-31T08:15:00Z", "Date: 24/10/2023", "31.10.2024"])
def test_cleaning_removes_numeric_date_lines_in_every_layout(line):
    cleaned = clean_article(f"Curfew in Kidal\n\n{line}\n\nThe army said it had repelled an attack near Gao.", PATTERNS)
    assert line not in cleaned.text and "repelled an attack" in cleaned.text
