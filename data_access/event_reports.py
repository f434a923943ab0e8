"""How several outlets told one real-world event: the reports of an event cluster side by side.

An event cluster (pipeline.events.clustering) groups the reports of one event by type, place, date
and initiator. Comparing them is what an analyst does by hand with three browser tabs: who says
who did it, how many died, when, and in which words. Pure functions over the Events view's frame
(data_access.events.select_events), so the dashboard and the tests read the same thing.
"""

from __future__ import annotations

import pandas as pd

# What may differ between two reports of one event, in the order the comparison shows it.
COMPARED = ("sub_event_type", "actor1", "actor2", "place", "date", "fatalities")


def told_by_several(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event cluster that more than one outlet reported: cluster_id, the first
    report's date, type, place and initiator, and how many reports and outlets told it; most
    outlets first, then the latest."""
    if events.empty:
        return pd.DataFrame(columns=["cluster_id", "date", "event_type", "place", "actor1", "reports", "outlets"])
    grouped = events.dropna(subset=["cluster_id"]).groupby("cluster_id", sort=False)
    summary = grouped.agg(
        date=("date", "min"),
        event_type=("event_type", "first"),
        place=("place", "first"),
        actor1=("actor1", lambda s: s.dropna().iloc[0] if s.notna().any() else None),
        reports=("event_id", "size"),
        outlets=("outlet", "nunique"),
    ).reset_index()
    several = summary[summary["outlets"] > 1]
    return several.sort_values(["outlets", "date"], ascending=[False, False], kind="stable").reset_index(drop=True)


def reports_of(events: pd.DataFrame, cluster_id: str) -> pd.DataFrame:
    """The reports of one cluster, one per outlet (its first if it told it twice), by publication."""
    reports = events[events["cluster_id"] == cluster_id]
    reports = reports.sort_values(["published", "doc_id", "start"], kind="stable", na_position="last")
    return reports.drop_duplicates(subset=["outlet"], keep="first").reset_index(drop=True)


def disagreements(reports: pd.DataFrame) -> pd.DataFrame:
    """field, values: each compared field on which the reports that state it differ ("fatalities":
    "9 (Sahel Monitor) · 12 (Desert Wire)"), so the analyst sees at once what is contested."""
    rows = []
    for field in COMPARED:
        stated = reports[reports[field].notna()]
        values = stated[field].map(value_text)
        if values.nunique() > 1:
            told = " · ".join(f"{value} ({outlet})" for value, outlet in zip(values, stated["outlet"], strict=True))
            rows.append({"field": field, "values": told})
    return pd.DataFrame(rows, columns=["field", "values"])


def value_text(value: object) -> str:
    """A compared value as an analyst reads it: a date as YYYY-MM-DD, a count without ".0", a
    snake_case type with spaces ("air drone strike")."""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("_", " ")
