"""Start-up: make sure fresh tables exist (building them with visible progress), then load them."""

from __future__ import annotations

import streamlit as st

import data_access
from components.plain import code, plain
from data_access import Paths, Tables

CHECKED = "_tables_checked"
BUILD_HINT = "From a terminal: {command}"


def render(paths: Paths, *, key_prefix: str) -> Tables | None:
    """Check the tables once per session, build when missing or stale, offer a rebuild when the
    schema changed. RETURNS (Tables | None): the loaded tables, or None after saying why not."""
    if not st.session_state.get(CHECKED):
        status = data_access.check_tables(paths)
        if status.state in ("incompatible", "damaged") and not _rebuild_on_request(paths, status, key_prefix):
            return None
        built = status.state not in ("missing", "stale") or _build(paths, status.reason)
        if not built and status.state == "missing":
            return None
        st.session_state[CHECKED] = True
    return _load(paths)


def _rebuild_on_request(paths: Paths, status, key_prefix: str) -> bool:
    """Tables of another schema, or whose manifest is damaged, are not read; the analyst decides
    when to rebuild them (here, or from a terminal)."""
    hint = _build_hint(data_access.source_dir_for(paths), paths)
    show = st.error if status.state == "damaged" else st.warning
    show(f"{_sentence(status.reason)} The dashboard reads them only after a rebuild. {hint}")
    return st.button("Rebuild tables", key=f"{key_prefix}_rebuild", type="primary") and _build(paths, status.reason)


def _build(paths: Paths, reason: str) -> bool:
    """Run the pipeline inside a status box fed by its progress callback. RETURNS whether it worked."""
    source = data_access.source_dir_for(paths)
    hint = _build_hint(source, paths)
    if not source.is_dir():
        st.error(f"{_sentence(reason)} There is no source folder {plain(source)} to build them from. {hint}")
        return False
    failure = None
    with st.status(f"{_sentence(reason)} Building the tables from {plain(source)}…", expanded=True) as box:
        bar = st.progress(0.0, text="Starting…")
        try:
            summary = data_access.build_tables(
                paths, lambda done, message: bar.progress(min(max(done, 0.0), 1.0), text=plain(message))
            )
        except Exception as error:  # any failure of the pipeline must become a message, not a traceback
            failure = error
            box.update(label="The build failed", state="error", expanded=False)
        else:
            counts = f"{summary.n_documents:,} documents, {summary.n_actors:,} actors, {summary.n_mentions:,} mentions"
            box.update(label=f"Built {counts}", state="complete", expanded=False)
            st.code(summary.format(), language=None)
    if failure is not None:  # in plain view, outside the box: why, and what to do
        st.error(f"**The build failed.** {_remedy(failure)} {hint}", icon=":material/error:")
        st.code(str(failure), language=None, wrap_lines=True)
        return False
    return True


def _remedy(error: Exception) -> str:
    """What the analyst can do about a failed build."""
    if isinstance(error, ImportError) or "package is missing" in str(error):
        return "A package is missing: install the pinned set with `pip install -r requirements.txt`, then reload."
    if isinstance(error, TimeoutError):
        return "Another build is writing these tables: reload the page when it has finished."
    return "Fix or remove the files named below, then reload the page."


def _load(paths: Paths) -> Tables | None:
    """The cached tables, or a message saying how to build them."""
    try:
        return data_access.load_tables(
            str(paths.data_dir), data_access.manifest_mtime(paths.data_dir), paths.memory_limit
        )
    except Exception as error:  # unreadable tables: explain, never show a traceback
        st.error(
            f"The tables in {plain(paths.data_dir)} cannot be read ({plain(error)}). "
            + _build_hint(data_access.source_dir_for(paths), paths)
        )
        return None


def _build_hint(source, paths: Paths) -> str:
    """The command that builds the tables, as a code span (folder names are shown as written)."""
    return BUILD_HINT.format(command=code(f"python -m pipeline build {source} --out {paths.data_dir}"))


def _sentence(reason: str) -> str:
    """The pipeline's reason as a sentence (capital first letter, full stop), Markdown-escaped: it
    may name files."""
    reason = reason.strip()
    return plain(reason[:1].upper() + reason[1:] + ("" if reason.endswith((".", "!", "?")) else "."))
