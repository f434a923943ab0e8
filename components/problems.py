"""Problems: the source files the pipeline skipped, read with a caveat, or linked as copies, and why."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import table
from data_access import View

# severity -> what it meant for the file, in the order the table lists them
SEVERITIES = {
    "error": "skipped",
    "warning": "used with a caveat",
    "info": "copies of a story told by another file, kept and linked",
}


def render(view: View, *, key_prefix: str) -> None:
    """The problems table of the last build (not affected by the filters) and its CSV."""
    st.title("Problems")
    problems = view.problems
    if problems.empty:
        st.success("No problems: every source file of the last build was read.")
        return
    st.write(summarise_problems(problems))
    table.render(order_problems(problems), key_prefix=f"{key_prefix}_problems", filename="problems.csv")


def summarise_problems(problems: pd.DataFrame) -> str:
    """One paragraph: how many problems of each severity, what each means, and what the analyst can do."""
    counts = problems["severity"].fillna("unknown").value_counts()
    known = [s for s in SEVERITIES if s in counts] + sorted(set(counts.index) - set(SEVERITIES))
    parts = [f"{counts[s]} {s}" + (f" ({SEVERITIES[s]})" if s in SEVERITIES else "") for s in known]
    text = "The last build reported " + ", ".join(parts) + "."
    if set(counts.index) - {"info"}:
        text += " Fix or remove these files and the dashboard rebuilds on its next start."
    if "info" in counts:
        text += " Turn on “Count each story once” in the sidebar to count each story once in every view."
    return text


def order_problems(problems: pd.DataFrame) -> pd.DataFrame:
    """Errors first, then warnings, then notes; by file within each severity."""
    rank = problems["severity"].map({s: i for i, s in enumerate(SEVERITIES)}).fillna(len(SEVERITIES))
    return problems.assign(_rank=rank).sort_values(["_rank", "source_file"], kind="stable").drop(columns="_rank")
