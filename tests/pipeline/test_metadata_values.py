"""Sidecar metadata values are checked (issue 16, item 7): spreadsheet formulas and dates relative to
the day of the build are refused with a warning naming the sidecar and its row; the article keeps
its other values and is built."""

from __future__ import annotations

import datetime
import json

import pytest

from pipeline.ingest import read_sources
from pipeline.metadata import parse_published, refuse_value

LIMIT = 1_000_000


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("published", "=NOW()", "looks like a spreadsheet formula"),
        ("published", "+1", "looks like a spreadsheet formula"),
        ("published", "@TODAY", "looks like a spreadsheet formula"),
        ("published", "tomorrow", "is relative to the day of the build"),
        ("published", "in 3 days", "is relative to the day of the build"),
        ("published", "3 days ago", "is relative to the day of the build"),
        ("published", "now", "is relative to the day of the build"),
        ("published", "the day after", "is not a date"),
        ("published", "June 2024", "is not a date"),
        ("title", '=HYPERLINK("http://evil.example","click")', "looks like a spreadsheet formula"),
        ("outlet", "@SUM(1+1)*cmd|' /C calc'!A0", "looks like a spreadsheet formula"),
        ("author", "-2+3+cmd|' /C calc'!A0", "looks like a spreadsheet formula"),
        ("url", "+A1", "looks like a spreadsheet formula"),
    ],
)
def test_metadata_values_refused(field: str, value: str, reason: str) -> None:
    assert reason in refuse_value(field, value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("published", "2024-06-04"),
        ("published", "June 4, 2024"),
        ("published", "Tue, 04 Jun 2024 10:00:00 GMT"),
        ("outlet", "+972 Magazine"),
        ("author", "@janedoe"),
        ("title", "-30 °C in Kabul as the fighting stops"),
        ("title", "Militias hold the border (update)"),
    ],
)
def test_metadata_values_accepted(field: str, value: str) -> None:
    assert refuse_value(field, value) is None


def test_metadata_values_absolute_dates_parse_the_same_any_day() -> None:
    assert parse_published("4 June 2024") == parse_published("2024-06-04") == datetime.date(2024, 6, 4)


def test_metadata_values_sidecar_rows_are_named_and_the_rest_is_kept(tmp_path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Troops entered Gao on Monday, {name} said.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_bytes(
        b"file,outlet,published,title\n"
        b"a.txt,Alpha News,=NOW(),Militias hold the border\n"
        b'b.txt,"=HYPERLINK(""http://evil.example"",""x"")",tomorrow,Strikes\n'
        b"c.txt,+972 Magazine,2024-06-04,in 3 days\n"
    )
    articles, problems = read_sources(tmp_path, max_file_bytes=LIMIT)
    sidecars = {article.source_file: article.sidecar for article in articles}
    assert sidecars == {
        "a.txt": {"file": "a.txt", "outlet": "Alpha News", "title": "Militias hold the border"},
        "b.txt": {"file": "b.txt", "title": "Strikes"},
        "c.txt": {"file": "c.txt", "outlet": "+972 Magazine", "published": "2024-06-04", "title": "in 3 days"},
    }
    assert [(p.source_file, p.severity, p.reason) for p in problems] == [
        ("metadata.csv", "warning", "row 2 (a.txt): published '=NOW()' looks like a spreadsheet formula; ignored"),
        (
            "metadata.csv",
            "warning",
            'row 3 (b.txt): outlet \'=HYPERLINK("http://evil.example","x")\' looks like a spreadsheet formula; ignored',
        ),
        (
            "metadata.csv",
            "warning",
            "row 3 (b.txt): published 'tomorrow' is relative to the day of the build, not a date; "
            "give the date itself; ignored",
        ),
    ]


def test_metadata_values_json_sidecar_names_its_entries(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("Troops entered Gao on Monday.", encoding="utf-8")
    rows = [{"file": "a.txt", "published": "yesterday", "outlet": "Alpha"}]
    (tmp_path / "metadata.json").write_text(json.dumps(rows), encoding="utf-8")
    (article,), (problem,) = read_sources(tmp_path, max_file_bytes=LIMIT)
    assert article.sidecar == {"file": "a.txt", "outlet": "Alpha"}
    assert problem.reason.startswith("entry 1 (a.txt): published 'yesterday' is relative to the day of the build")
