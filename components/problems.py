"""Problems: the source files the pipeline skipped or only partly read, and why."""

from __future__ import annotations

import streamlit as st

from components import table
from data_access import View


def render(view: View, *, key_prefix: str) -> None:
    """The problems table of the last build (not affected by the filters) and its CSV."""
    st.title("Problems")
    problems = view.problems
    if problems.empty:
        st.success("No problems: every source file of the last build was read.")
        return
    by_severity = problems["severity"].fillna("unknown").value_counts()
    st.write(
        "The last build reported "
        + ", ".join(f"{n} {severity}" for severity, n in by_severity.items())
        + ". Fix or remove these files and the dashboard rebuilds on its next start."
    )
    table.render(problems, key_prefix=f"{key_prefix}_problems", filename="problems.csv")
