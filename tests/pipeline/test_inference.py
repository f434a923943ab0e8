"""Tests for pipeline.metadata.infer: each metadata field, its basis and evidence, from text and URL."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest

from pipeline.cleaning import clean_article, load_boilerplate_patterns
from pipeline.metadata.infer import InferredMetadata, infer_metadata
from pipeline.metadata.inferred import Inferred
from pipeline.metadata.patterns import load_metadata_patterns

PROJECT_DIR = Path(__file__).resolve().parents[2]
SEEDS_DIR = PROJECT_DIR / "seeds"
BOILERPLATE = load_boilerplate_patterns(PROJECT_DIR / "data" / "knowledge" / "base" / "patterns" / "boilerplate.yaml")
PATTERNS = load_metadata_patterns(
    PROJECT_DIR / "data" / "knowledge" / "base" / "patterns" / "metadata.yaml",
    PROJECT_DIR / "data" / "knowledge" / "base" / "outlets.yaml",
)
SEED_URLS = {row["file"]: row["url"] for row in csv.DictReader((SEEDS_DIR / "metadata.csv").open(encoding="utf-8"))}

HEADLINE = "Militias tighten grip on desert crossing"
LEDE = "Armed groups have moved new units to the frontier, residents say."


def _infer(raw: str, url: str | None = None) -> InferredMetadata:
    return infer_metadata(raw, clean_article(raw, BOILERPLATE), url=url, patterns=PATTERNS)


def _article(*paragraphs: str) -> str:
    return "\n\n".join((HEADLINE, *paragraphs))


@pytest.mark.parametrize(
    ("paragraph", "place"),
    [
        ("QAIM, Iraq — As minor pockets of the group remain, the province braces.", "Qaim, Iraq"),
        ("AL QAIM, IRAQ — As the fight enters its final stages, fighters try to cross.", "Al Qaim, Iraq"),
        ("BAGHDAD (Reuters) - Iraqi forces said on Monday they had closed the road.", "Baghdad"),
        ("BAGHDAD, March 5 (Reuters) - Iraq will move armed groups away from the border.", "Baghdad"),
        ("Beirut, Lebanon: Hezbollah said on Monday it had fired rockets.", "Beirut, Lebanon"),
        ("AL-BUKAMAL, Syria — Smugglers use the river at night.", "Al-Bukamal, Syria"),
        ("Erbil (AFP) - Kurdish officials met on Sunday.", "Erbil"),
        ("In Al Qaim, Iraq’s forces and the militias distrust each other.", None),
        ("Meanwhile, the situation in the town is calm — for now.", None),
    ],
)
def test_inference_reads_dateline(paragraph: str, place: str | None) -> None:
    dateline = _infer(_article(paragraph)).dateline
    assert (dateline.value if dateline else None) == place
    if dateline:
        assert dateline.basis == "text" and paragraph.startswith(dateline.evidence)


def test_inference_reads_dateline_after_standfirst_only_near_top() -> None:
    late = "MOSUL, Iraq — A paragraph far down the article."
    body = ("The first paragraph.", "The second paragraph.", "The third paragraph.")
    assert _infer(_article(LEDE, "QAIM, Iraq — The province braces.")).dateline.value == "Qaim, Iraq"
    assert _infer(_article(*body, late)).dateline is None


@pytest.mark.parametrize(
    ("url", "outlet", "evidence"),
    [
        ("https://www.al-monitor.com/pulse/originals/2018/12/x.html", "Al-Monitor", "www.al-monitor.com"),
        ("https://english.alarabiya.net/News/2020/01/01/x", "Al Arabiya", "english.alarabiya.net"),
        ("https://www.bbc.co.uk/news/world-middle-east-1", "BBC", "www.bbc.co.uk"),
        ("https://theintercept.com/2019/01/18/x/", "The Intercept", "theintercept.com"),
    ],
)
def test_inference_reads_outlet_from_url(url: str, outlet: str, evidence: str) -> None:
    inferred = _infer(_article(LEDE), url=url).outlet
    assert (inferred.value, inferred.basis, inferred.evidence) == (outlet, "url", evidence)


def test_inference_ignores_lookalike_domain() -> None:
    assert _infer(_article(LEDE), url="https://notbbc.com/2020/01/01/x").outlet is None


@pytest.mark.parametrize(
    ("paragraphs", "outlet"),
    [
        (
            (
                "A guard told Al-Monitor the road was shut.",
                "Al-Monitor was told by officials that it reopened.",
            ),
            "Al-Monitor",
        ),
        (("Residents, telling the Intercept about the raids, asked not to be named.",), "The Intercept"),
        (("A source told Al-Araby Al-Jadeed the units would move.",), "The New Arab"),
        (("The mayor told Reuters and told Al-Monitor, then told Al-Monitor again.",), "Al-Monitor"),
        (("The colonel told Karim that the road was shut.",), None),
        (("He told Karim. She told Karim. They told Karim.",), "Karim"),
    ],
)
def test_inference_infers_outlet_from_listener(paragraphs: tuple[str, ...], outlet: str | None) -> None:
    inferred = _infer(_article(*paragraphs)).outlet
    assert (inferred.value if inferred else None) == outlet
    if inferred:
        assert inferred.basis == "inferred"
        assert "told" in inferred.evidence or "telling" in inferred.evidence


def test_inference_reads_outlet_from_wire_dateline() -> None:
    inferred = _infer(_article("BAGHDAD (Reuters) - Iraqi forces closed the road.")).outlet
    assert (inferred.value, inferred.basis) == ("Reuters", "text")


def test_inference_reads_outlet_from_caption_slug() -> None:
    caption = "rudaw Peshmerga fighters stand near Sinjar, Iraq, Jan. 4, 2020. Photo by X/AFP/Getty Images."
    inferred = _infer(_article(caption, LEDE)).outlet
    assert (inferred.value, inferred.basis, inferred.evidence) == (
        "Rudaw",
        "inferred",
        "caption starts with 'rudaw'",
    )


@pytest.mark.parametrize(
    ("paragraphs", "author"),
    [
        (("By Layla al-Hassan |", LEDE), "Layla al-Hassan"),
        (("By Jane Doe and John Roe", LEDE), "Jane Doe and John Roe"),
        (("By Omar Khalil, Reuters", LEDE), "Omar Khalil"),
        ((LEDE, "Jane Doe is a reporter based in Erbil."), "Jane Doe"),
        ((LEDE, "(Reporting by Omar Khalil; Editing by Jane Roe)"), "Omar Khalil"),
        ((LEDE, "More from Iraq", "Port revenue surges", "Jane Doe | Economy | Jan 20, 2021"), None),
        ((LEDE,), None),
    ],
)
def test_inference_reads_author(paragraphs: tuple[str, ...], author: str | None) -> None:
    inferred = _infer(_article(*paragraphs)).author
    assert (inferred.value if inferred else None) == author
    if inferred:
        assert inferred.basis == "text"


@pytest.mark.parametrize(
    ("paragraphs", "url", "published", "basis"),
    [
        (("Dec 27, 2018", LEDE), None, datetime.date(2018, 12, 27), "text"),
        (
            ("Updated 4 March 2021", "Published 3 March 2021, 14:05 GMT", LEDE),
            None,
            datetime.date(2021, 3, 3),
            "text",
        ),
        (("By Jane Doe | Published March 3, 2021", LEDE), None, datetime.date(2021, 3, 3), "text"),
        (("Updated 3 hours ago", LEDE), None, None, None),
        (("Dec 27, 2018", LEDE), "https://x.com/2019/01/05/a", datetime.date(2018, 12, 27), "text"),
        ((LEDE,), "https://example.com/2024/03/27/feature-02", datetime.date(2024, 3, 27), "url"),
        ((LEDE,), "https://example.com/news/2024-03-27-militias", datetime.date(2024, 3, 27), "url"),
        (
            ("On Oct. 3 and Oct. 16 officials met; on Nov. 2, 2017 they had not.",),
            "https://x.com/a/2018/10/b.html",
            datetime.date(2018, 10, 16),
            "inferred",
        ),
        ((LEDE,), "https://x.com/a/2018/10/b.html", datetime.date(2018, 10, 1), "inferred"),
        ((LEDE,), "https://x.com/middle-east/article-835272", None, None),
        ((LEDE,), None, None, None),
    ],
)
def test_inference_reads_published(
    paragraphs: tuple[str, ...], url: str | None, published: datetime.date | None, basis: str | None
) -> None:
    inferred = _infer(_article(*paragraphs), url=url).published
    assert (inferred.value if inferred else None) == published
    assert (inferred.basis if inferred else None) == basis


def test_inference_explains_month_only_url() -> None:
    inferred = _infer(_article("Officials met on Oct. 29."), url="https://x.com/2018/10/b.html").published
    assert "2018/10" in inferred.evidence and "Oct. 29" in inferred.evidence


WIRE_ARTICLE = """World

Iraq says militia units to leave Syria border area

By Omar Khalil and Jane Roe

March 5, 2025 10:14 AM GMT+3 Updated 2 days ago

BAGHDAD, March 5 (Reuters) - Iraq will move armed groups away from its border, two sources told Reuters.

The decision follows talks in Damascus, they said.

Reporting by Omar Khalil; Editing by Sam Lee

Our Standards: The Thomson Reuters Trust Principles.
"""


def test_inference_reads_invented_wire_article() -> None:
    inferred = _infer(WIRE_ARTICLE)
    assert [_value(getattr(inferred, f)) for f in ("title", "outlet", "author", "dateline", "published")] == [
        ("Iraq says militia units to leave Syria border area", "text"),
        ("Reuters", "text"),
        ("Omar Khalil and Jane Roe", "text"),
        ("Baghdad", "text"),
        (datetime.date(2025, 3, 5), "text"),
    ]


def test_inference_takes_title_from_cleaning() -> None:
    assert _infer(_article(LEDE)).title.value == HEADLINE
    assert _infer(LEDE).title is None


def _seed(name: str, *, with_url: bool = True) -> InferredMetadata:
    raw = (SEEDS_DIR / name).read_text(encoding="utf-8")
    return _infer(raw, url=SEED_URLS[name] if with_url else None)


def _value(inferred: Inferred | None) -> tuple[object, str] | None:
    return (inferred.value, inferred.basis) if inferred else None


@pytest.mark.parametrize(
    ("name", "field", "expected"),
    [
        ("000_b40e59be69ce58b1.txt", "published", (datetime.date(2018, 12, 27), "text")),
        ("000_b40e59be69ce58b1.txt", "dateline", ("Qaim, Iraq", "text")),
        ("000_b40e59be69ce58b1.txt", "outlet", ("Al-Monitor", "url")),
        ("000_b40e59be69ce58b1.txt", "author", None),
        ("001_4a7f679621604060.txt", "dateline", ("Al Qaim, Iraq", "text")),
        ("001_4a7f679621604060.txt", "published", (datetime.date(2019, 1, 18), "url")),
        ("001_4a7f679621604060.txt", "outlet", ("The Intercept", "url")),
        ("002_0b2242949df50311.txt", "author", ("Shelly Kittleson", "text")),
        ("002_0b2242949df50311.txt", "published", (datetime.date(2018, 10, 29), "inferred")),
        ("002_0b2242949df50311.txt", "title", ("Iraqi border city eyes IS advance amid dust storms", "text")),
        ("003_8281152cfd6d2f45.txt", "title", None),
        ("003_8281152cfd6d2f45.txt", "outlet", ("The Jerusalem Post", "url")),
        ("004_629ec98bd1675e8a.txt", "author", ("Anas al-Bar", "text")),
        ("004_629ec98bd1675e8a.txt", "outlet", ("Al-Fassel", "url")),
        ("004_629ec98bd1675e8a.txt", "published", (datetime.date(2024, 3, 27), "url")),
    ],
)
def test_inference_seed_article(name: str, field: str, expected: tuple | None) -> None:
    assert _value(getattr(_seed(name), field)) == expected


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("000_b40e59be69ce58b1.txt", "Al-Monitor"),
        ("001_4a7f679621604060.txt", "The Intercept"),
        ("002_0b2242949df50311.txt", "Al-Monitor"),
        ("004_629ec98bd1675e8a.txt", "Al-Fassel"),
    ],
)
def test_inference_seed_outlet_without_url(name: str, outlet: str) -> None:
    assert _value(_seed(name, with_url=False).outlet) == (outlet, "inferred")


# --- Failure classes found by the held-out evaluation, each with invented text. ---


@pytest.mark.parametrize(
    ("header", "author", "outlet"),
    [
        (
            "By DALIA FAROUK and JONAS BERG Associated Press",
            "Dalia Farouk and Jonas Berg",
            ("Associated Press", "text"),
        ),
        ("By SARA LINDQVIST Gulf Observer", "Sara Lindqvist", ("Gulf Observer", "text")),
        ("By Mona Reyes | Photographs by Ali Kamal for The Gulf Observer", "Mona Reyes", ("The Gulf Observer", "text")),
        ("By Omar Khalil, Reuters", "Omar Khalil", ("Reuters", "text")),
        ("By Omar Khalil, Baghdad", "Omar Khalil", None),
        ("Lina Haddad - Erbil", "Lina Haddad", None),
        (
            "Prof. Omar Saleh, Senior Research Fellow, Tigris Policy Forum",
            "Omar Saleh",
            ("Tigris Policy Forum", "text"),
        ),
        ("The Gulf Observer\nMona Reyes - Basra", "Mona Reyes", ("The Gulf Observer", "inferred")),
    ],
)
def test_inference_reads_byline_author_and_outlet(header: str, author: str, outlet: tuple | None) -> None:
    inferred = _infer(_article(header, LEDE))
    assert _value(inferred.author) == (author, "text")
    assert _value(inferred.outlet) == outlet


@pytest.mark.parametrize(
    ("tail", "author", "outlet"),
    [
        ("*Mona Reyes is a contributing writer for The Gulf Observer.*", "Mona Reyes", "The Gulf Observer"),
        (
            "About the Author\n\nDr. Samir Aziz is a Non-Resident Fellow at the Tigris Policy Forum (TPF), "
            "where he works on militias.",
            "Samir Aziz",
            "Tigris Policy Forum",
        ),
        ("Lina Haddad is a journalist based in Erbil.", "Lina Haddad", None),
    ],
)
def test_inference_reads_author_and_outlet_from_bio(tail: str, author: str, outlet: str | None) -> None:
    inferred = _infer(_article(LEDE, tail))
    assert _value(inferred.author) == (author, "text")
    assert (inferred.outlet.value, inferred.outlet.basis) == (outlet, "inferred") if outlet else inferred.outlet is None


def test_inference_ignores_fellow_quoted_mid_article() -> None:
    quoted = "Karim Nasser, who is a fellow at the Tigris Institute, said the militias had split."
    inferred = _infer(_article(LEDE, quoted, "Officials expect more deployments."))
    assert inferred.author is None and inferred.outlet is None


@pytest.mark.parametrize(
    ("paragraph", "outlet", "place"),
    [
        ("MOSUL, Iraq (AP) — Gunmen attacked a checkpoint on Sunday.", "Associated Press", "Mosul, Iraq"),
        ("ERBIL, Iraq, May 3 (AFP) - Kurdish officials met on Sunday.", "Agence France-Presse", "Erbil, Iraq"),
    ],
)
def test_inference_reads_outlet_from_agency_and_keeps_dateline(paragraph: str, outlet: str, place: str) -> None:
    raw = _article(paragraph)
    inferred = _infer(raw)
    assert _value(inferred.outlet) == (outlet, "text") and inferred.dateline.value == place
    assert paragraph in clean_article(raw, BOILERPLATE).text


@pytest.mark.parametrize(
    ("header", "published"),
    [
        ("WORKING PAPER | No. 3 | October 2023", datetime.date(2023, 10, 1)),
        ("Published: May 2022", datetime.date(2022, 5, 1)),
    ],
)
def test_inference_reads_month_only_header_date(header: str, published: datetime.date) -> None:
    inferred = _infer(f"{HEADLINE}\n\n{header}\n\n{LEDE}").published
    assert (inferred.value, inferred.basis) == (published, "inferred")
    assert "month" in inferred.evidence and header in inferred.evidence


def test_inference_prefers_day_date_to_month_header() -> None:
    raw = f"{HEADLINE}\n\nBRIEF | No. 2 | May 2022\n\nPublished 3 March 2021\n\n{LEDE}"
    assert _value(_infer(raw).published) == (datetime.date(2021, 3, 3), "text")
