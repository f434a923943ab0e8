"""Problems: the source files the pipeline skipped, read with a caveat, or linked as copies, and why."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import table
from components.plain import code, plain
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


def render_skipped_notice(problems: pd.DataFrame) -> None:
    """On every page, in plain view: the files the last build skipped, each with its reason."""
    message = skipped_files_message(problems)
    if message:
        st.warning(message, icon=":material/warning:")


def skipped_files_message(problems: pd.DataFrame, *, shown: int = 3) -> str | None:
    """'2 files were skipped by the last build: a.html (reason); ...', or None when none was.

    File names and reasons come from the folder and the pipeline, so they are shown as code spans
    (Markdown inside them is not rendered)."""
    skipped = order_problems(problems[problems["severity"] == "error"])
    if skipped.empty:
        return None
    lines = [f"- {code(row.source_file)}: {code(row.reason)}" for row in skipped.head(shown).itertuples()]
    more = len(skipped) - shown
    if more > 0:
        lines.append(f"- and {more} more")
    noun = "file was" if len(skipped) == 1 else "files were"
    return (
        f"**{len(skipped)} {noun} skipped by the last build** and {'is' if len(skipped) == 1 else 'are'} in no view:\n"
        + "\n".join(lines)
        + "\n\nFix or remove them (a missing package: `pip install -r requirements.txt`) and the dashboard "
        "rebuilds on its next start; the Problems page lists every note."
    )


def summarise_problems(problems: pd.DataFrame) -> str:
    """One paragraph: how many problems of each severity, what each means, and what the analyst can do."""
    counts = problems["severity"].fillna("unknown").value_counts()
    known = [s for s in SEVERITIES if s in counts] + sorted(set(counts.index) - set(SEVERITIES))
    parts = [f"{counts[s]} {plain(s)}" + (f" ({SEVERITIES[s]})" if s in SEVERITIES else "") for s in known]
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
