"""Sign-in for team mode: who records the Curation page's decisions, signed in with a password.

Reading is open to everyone; in team mode (an analysts file exists, data_access/team.py) only a
signed-in analyst records decisions, under the name the file gives them, which nobody can edit.
Signing in lasts for the browser tab's session (reloading the page starts a new one). The password
goes from the form to argon2 and is forgotten: the form is emptied on submit, in the browser and
in the server's session state.
"""

from __future__ import annotations

import time

import streamlit as st

from components.plain import plain
from data_access.team import is_member, sign_in, team_access

SIGNED_IN = "_team_analyst"  # the signed-in analyst's name, kept by the server for this session
FAILURES = "_team_failures"  # failed sign-ins of this session
NOTICE = "_team_failed"  # the last try failed: say so once
MAX_FAILURES = 5  # then this session takes no more tries
FAILURE_DELAY = 1.0  # seconds each failed try waits, on top of argon2's own time
MAX_INPUT_CHARS = 1_000
FAILED = "Sign-in failed: unknown analyst or wrong password."
OPEN_NOTICE = (
    "Curation is open to anyone who can reach this dashboard's port, under any name they type. "
    "To require a sign-in, add the team's analysts with python -m pipeline add-analyst NAME "
    '(README, "Running for a team").'
)


def render(*, key_prefix: str) -> str | None:
    """Who records decisions now.

    RETURNS (str | None): None in open mode (no analysts file: the caller asks for a typed name;
        this says first that anyone reaching the port may curate); in team mode the signed-in
        analyst's name, or "" until someone signs in (every decision button stays disabled).
    """
    access = team_access()
    if access.mode == "open":
        st.caption(OPEN_NOTICE)
        return None
    if access.mode == "closed":
        st.session_state.pop(SIGNED_IN, None)
        st.error(plain(f"Curation is closed: {access.problem}."))
        return ""
    name = st.session_state.get(SIGNED_IN)
    if name and is_member(access, name):
        _render_signed_in(name, key_prefix)
        return name
    if name:
        st.session_state.pop(SIGNED_IN)
        st.warning(plain(f"{name} is no longer in {access.path}, and is signed out."))
    _render_form(key_prefix)
    return ""


def _render_signed_in(name: str, key_prefix: str) -> None:
    """Who is signed in (recorded with every decision, not editable), and Sign out."""
    about, leave = st.columns([5, 1], vertical_alignment="center")
    about.markdown(f"Signed in as **{plain(name)}**: every decision you record carries this name.")
    if leave.button("Sign out", key=f"{key_prefix}_sign_out"):
        st.session_state.pop(SIGNED_IN, None)
        st.rerun()


def _render_form(key_prefix: str) -> None:
    """Name and password; a wrong pair waits, then says only that it failed; after MAX_FAILURES the
    session takes no more tries."""
    if st.session_state.get(FAILURES, 0) >= MAX_FAILURES:
        st.error(
            f"{MAX_FAILURES} failed sign-ins in this session: it takes no more. "
            "Open the dashboard in a new tab to try again, or ask whoever keeps the analysts file."
        )
        return
    st.info("Team mode: everyone may read; sign in to record decisions under your name.")
    with st.form(key=f"{key_prefix}_form", clear_on_submit=True):
        st.text_input("Analyst", key=f"{key_prefix}_name", max_chars=MAX_INPUT_CHARS)
        st.text_input("Password", type="password", key=f"{key_prefix}_password", max_chars=MAX_INPUT_CHARS)
        st.form_submit_button(
            "Sign in", key=f"{key_prefix}_submit", type="primary", on_click=_check, args=(key_prefix,)
        )
    if st.session_state.pop(NOTICE, False):
        st.error(FAILED)


def _check(key_prefix: str) -> None:
    """Sign in with the form's pair, before the page runs again; the server forgets the password
    here (a callback may still set the widgets' values)."""
    name = st.session_state.get(f"{key_prefix}_name", "")
    password = st.session_state.get(f"{key_prefix}_password", "")
    st.session_state[f"{key_prefix}_name"] = st.session_state[f"{key_prefix}_password"] = ""
    access = team_access()  # as the file is now
    signed_in = sign_in(access, name, password) if access.mode == "team" else None
    if signed_in is None:
        st.session_state[FAILURES] = st.session_state.get(FAILURES, 0) + 1
        time.sleep(FAILURE_DELAY)  # slows guessing; argon2 already takes a fraction of a second
        st.session_state[NOTICE] = True
        return
    st.session_state[SIGNED_IN] = signed_in
    st.session_state.pop(FAILURES, None)
