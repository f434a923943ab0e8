"""Counting each story once: the pure selection, its place in the filters, and its link."""

from __future__ import annotations

import pandas as pd
import pytest

from components.filters import filters_from_params, filters_to_params
from components.problems import order_problems, summarise_problems
from data_access import Filters, filter_documents, keep_one_per_story

DOCUMENTS = pd.DataFrame(
    {
        "doc_id": ["wire", "copy-late", "copy-early", "alone", "old-table"],
        "outlet": ["Wire", "Post", "Herald", "Post", "Herald"],
        "published": pd.to_datetime(["2024-06-04", "2024-06-06", "2024-06-05", None, "2024-06-01"]),
        "story_id": pd.array(["wire", "wire", "wire", "alone", None], dtype="string"),
    }
)


@pytest.mark.parametrize(
    ("filters", "doc_ids"),
    [
        (Filters(), ["wire", "copy-late", "copy-early", "alone", "old-table"]),
        (Filters(one_per_story=True), ["wire", "alone", "old-table"]),
        # the outlet filter comes first: a story told by the chosen outlets stays, by its earliest copy there
        (Filters(outlets=("Post", "Herald"), one_per_story=True), ["copy-early", "alone", "old-table"]),
        (Filters(outlets=("Post",), one_per_story=True), ["copy-late", "alone"]),
    ],
)
def test_dashboard_filter_documents_counts_each_story_once(filters, doc_ids):
    assert filter_documents(DOCUMENTS, filters)["doc_id"].tolist() == doc_ids


def test_dashboard_keep_one_per_story_keeps_row_order_and_index():
    kept = keep_one_per_story(DOCUMENTS.iloc[::-1])
    assert kept["doc_id"].tolist() == ["old-table", "alone", "wire"]
    assert kept.index.tolist() == [4, 3, 0]


@pytest.mark.parametrize(("filters", "params"), [(Filters(one_per_story=True), {"once": "1"}), (Filters(), {})])
def test_dashboard_story_toggle_round_trips_through_the_url(filters, params):
    assert filters_to_params(filters) == params
    assert filters_from_params({key: [value] for key, value in params.items()}) == filters


def test_dashboard_problems_summary_explains_each_severity():
    problems = pd.DataFrame(
        {
            "source_file": ["b.txt", "a.txt", "c.txt", "d.txt"],
            "severity": ["info", "error", "warning", "info"],
            "reason": ["copy", "empty", "cp1252", "copy"],
        }
    )
    assert summarise_problems(problems) == (
        "The last build reported 1 error (skipped), 1 warning (used with a caveat), "
        "2 info (copies of a story told by another file, kept and linked). Fix or remove these files and the "
        "dashboard rebuilds on its next start. Turn on “Count each story once” in the sidebar to count each "
        "story once in every view."
    )
    assert order_problems(problems)["source_file"].tolist() == ["a.txt", "c.txt", "b.txt", "d.txt"]


def test_dashboard_problems_summary_of_copies_only_asks_for_no_fix():
    problems = pd.DataFrame({"source_file": ["b.txt"], "severity": ["info"], "reason": ["copy"]})
    assert "Fix or remove" not in summarise_problems(problems)
