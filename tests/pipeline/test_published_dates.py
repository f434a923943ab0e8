"""Publication dates in every common layout, and how an ambiguous numeric date is read (issue 11, item 7).

Every article here is invented; they span several conflicts and outlets. The rules under test: numeric
dates with "-", "/" or "."; datelines; labelled lines (published before updated); ISO timestamps; and for
"03/10/2023" the order settled by the article, else by the outlet's `date_order`, else day-first.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.cleaning import clean_article, load_boilerplate_patterns
from pipeline.documents import prepare_document
from pipeline.ingest import SourceArticle
from pipeline.metadata import Inferred, infer_metadata, load_metadata_patterns
from pipeline.metadata.outlet import outlet_for_name

BASE_DIR = Path(__file__).resolve().parents[2] / "data" / "knowledge" / "base"
BOILERPLATE = load_boilerplate_patterns(BASE_DIR / "patterns" / "boilerplate.yaml")
PATTERNS = load_metadata_patterns(BASE_DIR / "patterns" / "metadata.yaml", BASE_DIR / "outlets.yaml")

SAHEL = "Convoy ambushed on the road to Menaka"
SAHEL_LEDE = "Fighters attacked a supply convoy east of Menaka, two local officials said."
DONBAS = "Drone strikes hit rail depot near Pokrovsk"
DONBAS_LEDE = "A wave of drones struck a rail depot overnight, the regional governor said."
SUDAN = "RSF shells market in El Fasher"
SUDAN_LEDE = "Shells fell on the main market of El Fasher, killing traders, medics said."


def _published(raw: str, *, url: str | None = None, outlet: str | None = None) -> Inferred | None:
    return infer_metadata(raw, clean_article(raw, BOILERPLATE), url=url, patterns=PATTERNS, outlet=outlet).published


def _article(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def _value(inferred: Inferred | None) -> tuple[object, str] | None:
    return (inferred.value, inferred.basis) if inferred else None


@pytest.mark.parametrize(
    ("headline", "header", "lede", "published"),
    [
        (SAHEL, "31-10-2024", SAHEL_LEDE, datetime.date(2024, 10, 31)),
        (SUDAN, "24/10/2023", SUDAN_LEDE, datetime.date(2023, 10, 24)),
        (DONBAS, "10/24/2023", DONBAS_LEDE, datetime.date(2023, 10, 24)),
        (DONBAS, "2024.10.31", DONBAS_LEDE, datetime.date(2024, 10, 31)),
        (DONBAS, "31.10.2024", DONBAS_LEDE, datetime.date(2024, 10, 31)),
        (SAHEL, "2024/10/03", SAHEL_LEDE, datetime.date(2024, 10, 3)),
        (SUDAN, "2024-10-31T08:15:00Z", SUDAN_LEDE, datetime.date(2024, 10, 31)),
        (SUDAN, "2024-10-31T23:40:12+03:00", SUDAN_LEDE, datetime.date(2024, 10, 31)),
        (SAHEL, "2024-10-31 08:15", SAHEL_LEDE, datetime.date(2024, 10, 31)),
        (DONBAS, "Thu 31 Oct 2024 08.15 GMT", DONBAS_LEDE, datetime.date(2024, 10, 31)),
        (SUDAN, "05/05/2024", SUDAN_LEDE, datetime.date(2024, 5, 5)),
    ],
)
def test_reads_date_line_in_every_layout(headline: str, header: str, lede: str, published: datetime.date) -> None:
    inferred = _published(_article(headline, header, lede))
    assert _value(inferred) == (published, "text")
    assert inferred.evidence == header


@pytest.mark.parametrize(
    ("header", "published"),
    [
        ("Published: 24.10.2023", datetime.date(2023, 10, 24)),
        ("Posted on 10/24/2023", datetime.date(2023, 10, 24)),
        ("Posted on October 24, 2023", datetime.date(2023, 10, 24)),
        ("Last updated 31-10-2024", datetime.date(2024, 10, 31)),
        ("Date: 2024.10.31", datetime.date(2024, 10, 31)),
        ("Updated: 2024-10-31T08:15:00Z", datetime.date(2024, 10, 31)),
        ("Published: Thu 31 Oct 2024 08.15 GMT", datetime.date(2024, 10, 31)),
        ("By Aminata Traoré | Published: 13/02/2024, 09:30", datetime.date(2024, 2, 13)),
    ],
)
def test_reads_labelled_lines(header: str, published: datetime.date) -> None:
    inferred = _published(_article(SAHEL, header, SAHEL_LEDE))
    assert _value(inferred) == (published, "text")
    label = header.split("| ")[-1].split()[0]
    assert inferred.evidence in header and inferred.evidence.startswith(label)


@pytest.mark.parametrize(
    "header",
    [
        "Updated: 01/11/2024 09:00\n\nPublished: 30/10/2024 17:45",
        "Published: 30/10/2024 17:45\n\nUpdated: 01/11/2024 09:00",
        "Last updated 2024-11-01T09:00:00Z\n\nPosted on 30.10.2024",
        "By Olena Kravets | Updated 1 November 2024 | Published 30 October 2024",
    ],
)
def test_prefers_published_to_updated_date(header: str) -> None:
    assert _value(_published(_article(DONBAS, header, DONBAS_LEDE))) == (datetime.date(2024, 10, 30), "text")


def test_takes_updated_date_when_it_is_the_only_one() -> None:
    assert _value(_published(_article(DONBAS, "Updated: 14/11/2024", DONBAS_LEDE))) == (
        datetime.date(2024, 11, 14),
        "text",
    )


@pytest.mark.parametrize(
    ("paragraph", "published", "place"),
    [
        ("October 24, 2023 (NYALA) – The RSF took the army base after days of shelling.", (2023, 10, 24), "Nyala"),
        ("December 1, 2024 (EL FASHER) — Missiles struck the camp on Sunday.", (2024, 12, 1), "El Fasher"),
        ("KHARTOUM, 24 October 2023 — Air strikes hit the south of the capital.", (2023, 10, 24), "Khartoum"),
        ("GOMA, Congo, 27 January 2025 — M23 fighters entered the city.", (2025, 1, 27), "Goma, Congo"),
        ("MOGADISHU, Somalia, 03/10/2023 — A car bomb exploded near a hotel.", (2023, 10, 3), "Mogadishu, Somalia"),
    ],
)
def test_reads_date_from_dateline(paragraph: str, published: tuple[int, int, int], place: str) -> None:
    raw = _article(SUDAN, paragraph, "Residents fled towards the west.")
    inferred = infer_metadata(raw, clean_article(raw, BOILERPLATE), url=None, patterns=PATTERNS)
    assert inferred.published.value == datetime.date(*published)
    assert paragraph.startswith(inferred.published.evidence.split(" (")[0])
    assert inferred.dateline.value == place


def test_yearless_wire_dateline_takes_the_year_from_the_url() -> None:
    raw = _article(SUDAN, "NYALA, Oct 24 (Reuters) - The paramilitary RSF said it had seized the city.")
    inferred = _published(raw, url="https://www.reuters.com/world/africa/2023/sudan-rsf-nyala")
    assert _value(inferred) == (datetime.date(2023, 10, 24), "inferred")
    assert "NYALA, Oct 24 (Reuters) -" in inferred.evidence and "URL" in inferred.evidence


def test_yearless_wire_dateline_takes_the_year_after_the_latest_date_in_the_text() -> None:
    raw = _article(
        "Myanmar army loses border post",
        "SITTWE, Feb 3 (Reuters) - The Arakan Army said it had taken a border post.",
        "The group ended a ceasefire on 13 November 2023, and has since taken eight townships.",
    )
    inferred = _published(raw)
    assert _value(inferred) == (datetime.date(2024, 2, 3), "inferred")
    assert "13 November 2023" in inferred.evidence


def test_yearless_dateline_without_any_year_gives_no_date() -> None:
    raw = _article(SUDAN, "NYALA, Oct 24 (Reuters) - The RSF said it had seized the city.")
    assert _published(raw) is None


@pytest.mark.parametrize(
    ("header", "published"),
    [
        ("Published: 13/02/2024", datetime.date(2024, 2, 13)),
        ("Published: 02/13/2024", datetime.date(2024, 2, 13)),
    ],
)
def test_part_over_twelve_settles_order_even_against_the_outlet(header: str, published: datetime.date) -> None:
    for url in ("https://apnews.com/article/x", "https://www.bbc.com/news/x", None):
        inferred = _published(_article(DONBAS, header, DONBAS_LEDE), url=url)
        assert (_value(inferred), inferred.evidence) == ((published, "text"), header)


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ("On October 3, 2023 the militia said it had withdrawn.", datetime.date(2023, 10, 3)),
        ("The attack of 10 March 2023 was the deadliest this year.", datetime.date(2023, 3, 10)),
    ],
)
def test_written_date_in_the_article_settles_order(written: str, published: datetime.date) -> None:
    raw = _article(SAHEL, "Date: 03/10/2023", SAHEL_LEDE, written)
    inferred = _published(raw, url="https://apnews.com/article/x")
    assert _value(inferred) == (published, "text")
    assert "also writes" in inferred.evidence


@pytest.mark.parametrize(
    ("other", "published"),
    [
        ("Updated: 06/25/2024", datetime.date(2024, 5, 6)),
        ("Updated: 25/06/2024", datetime.date(2024, 6, 5)),
    ],
)
def test_unambiguous_numeric_date_in_the_article_settles_order(other: str, published: datetime.date) -> None:
    raw = _article(SUDAN, "Published: 05/06/2024", other, SUDAN_LEDE)
    inferred = _published(raw)
    assert _value(inferred) == (published, "text")
    assert other.split(": ")[1] in inferred.evidence


def test_conflicting_numeric_dates_leave_the_order_to_the_outlet() -> None:
    raw = _article(SUDAN, "Published: 05/06/2024", "Updated: 06/25/2024", "Corrected: 25/06/2024", SUDAN_LEDE)
    assert _value(_published(raw, url="https://www.nytimes.com/2024/world/x.html")) == (
        datetime.date(2024, 5, 6),
        "inferred",
    )


@pytest.mark.parametrize(
    ("url", "outlet", "published", "order"),
    [
        ("https://apnews.com/article/somalia-car-bomb", None, datetime.date(2023, 3, 10), "month-first"),
        ("https://www.bbc.com/news/world-africa-1", None, datetime.date(2023, 10, 3), "day-first"),
        (None, "The New York Times", datetime.date(2023, 3, 10), "month-first"),
        (None, "Agence France-Presse", datetime.date(2023, 10, 3), "day-first"),
    ],
)
def test_outlet_date_order_settles_a_still_ambiguous_date(
    url: str | None, outlet: str | None, published: datetime.date, order: str
) -> None:
    raw = _article("Car bomb kills 12 in Mogadishu", "Published: 03/10/2023", "Al-Shabab claimed the attack.")
    inferred = _published(raw, url=url, outlet=outlet)
    assert _value(inferred) == (published, "inferred")
    assert order in inferred.evidence and "outlets.yaml" in inferred.evidence


def test_sidecar_outlet_overrides_the_inferred_one_for_date_order() -> None:
    raw = _article("Car bomb kills 12 in Mogadishu", "Published: 03/10/2023", "Al-Shabab claimed the attack.")
    inferred = _published(raw, url="https://www.bbc.com/news/x", outlet="Associated Press")
    assert _value(inferred) == (datetime.date(2023, 3, 10), "inferred")


@pytest.mark.parametrize(
    ("url", "named"),
    [
        (None, "outlet unknown"),
        ("https://www.rudaw.net/english/middleeast/x", "Rudaw has no"),
    ],
)
def test_day_first_when_nothing_settles_the_order(url: str | None, named: str) -> None:
    raw = _article("Turkish drones strike near Duhok", "04/07/2024", "Drones struck a village, officials said.")
    inferred = _published(raw, url=url)
    assert _value(inferred) == (datetime.date(2024, 7, 4), "inferred")
    assert "day-first" in inferred.evidence and named in inferred.evidence


@pytest.mark.parametrize(
    "paragraphs",
    [
        (SAHEL, SAHEL_LEDE, "On 03/10/2023 the convoy was hit for the first time."),
        (SAHEL, "31.10.2024 was the day the shelling stopped.", SAHEL_LEDE),
        (SAHEL, "Date: 31/02/2024", SAHEL_LEDE),
        (SAHEL, "Ref. 12.10.20245", SAHEL_LEDE),
    ],
)
def test_ignores_dates_that_are_not_publication_dates(paragraphs: tuple[str, ...]) -> None:
    assert _published(_article(*paragraphs)) is None


def test_date_line_beats_dateline_and_url() -> None:
    raw = _article(SUDAN, "Published: 25.10.2023", "KHARTOUM, 24 October 2023 — Air strikes hit the south.")
    assert _value(_published(raw, url="https://example.org/2023/10/20/x")) == (datetime.date(2023, 10, 25), "text")


@pytest.mark.parametrize(
    ("header", "basis", "evidence"),
    [
        ("Published: 24/10/2023", "text", "Published: 24/10/2023"),
        ("Published: 03/10/2023", "inferred", "read day-first"),
    ],
)
def test_documents_keep_basis_and_evidence(header: str, basis: str, evidence: str) -> None:
    raw = _article(SUDAN, header, SUDAN_LEDE)
    knowledge = SimpleNamespace(boilerplate=BOILERPLATE, metadata=PATTERNS)
    record, _ = prepare_document(SourceArticle("d1", "d1.txt", raw, "utf-8", "0"), knowledge)
    assert (record.published_basis, evidence in record.published_evidence) == (basis, True)
    with_sidecar = SourceArticle("d1", "d1.txt", raw, "utf-8", "0", sidecar={"published": "2023-10-20"})
    record, _ = prepare_document(with_sidecar, knowledge)
    assert (record.published, record.published_basis) == (datetime.date(2023, 10, 20), "metadata")


@pytest.mark.parametrize(
    ("name", "order"),
    [("Associated Press", "mdy"), ("The Washington Post", "mdy"), ("BBC", "dmy"), ("Al Jazeera", "dmy")],
)
def test_outlets_declare_their_date_order(name: str, order: str) -> None:
    assert outlet_for_name(name, PATTERNS.outlets).date_order == order


def test_outlets_reject_an_unknown_date_order(tmp_path: Path) -> None:
    outlets = tmp_path / "outlets.yaml"
    outlets.write_text(
        "schema_version: 1\noutlets:\n  - name: Daily Gazette\n    domains: [gazette.example]\n    date_order: ydm\n"
    )
    with pytest.raises(ValueError, match="ydm"):
        load_metadata_patterns(BASE_DIR / "patterns" / "metadata.yaml", outlets)
