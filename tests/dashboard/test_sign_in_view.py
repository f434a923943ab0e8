"""Curation in team mode (AppTest): a sign-in form instead of a typed name, no decision before
signing in, the signed-in analyst's name in every decision, one generic message for a wrong pair,
a limit of tries per session; and without an analysts file the page says curation is open."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.proto.TextInput_pb2 import TextInput as TextInputProto
from streamlit.testing.v1 import AppTest

from components import sign_in
from pipeline.config import ANALYSTS_ENV, DEFAULT_ANALYSTS_FILE
from pipeline.curation import add_analyst, hash_password, read_decisions, recurate, uncurated_dir

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
TIMEOUT = 30
NAME, PASSWORD = "Team Analyst", "correct horse battery"
PREFIX = "curation_sign_in"


@pytest.fixture
def curated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus_writer) -> dict[str, Path]:
    """The synthetic tables with an uncurated copy and a temporary decisions file (as in test_curation_view)."""
    data, decisions = tmp_path / "data", tmp_path / "curation.yaml"
    corpus_writer(uncurated_dir(data))
    recurate(data, decisions)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    monkeypatch.delenv(ANALYSTS_ENV, raising=False)
    return {"data": data, "decisions": decisions}


@pytest.fixture
def team(curated: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Team mode: an analysts file with one analyst, named by the environment; failed tries do not wait."""
    path = tmp_path / "analysts.yaml"
    add_analyst(path, NAME, hash_password(PASSWORD))
    monkeypatch.setenv(ANALYSTS_ENV, str(path))
    monkeypatch.setattr(sign_in, "FAILURE_DELAY", 0.0)
    return {**curated, "analysts": path}


def open_curation() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["page"] = "curation"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def try_sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key=f"{PREFIX}_name").input(name)
    at.text_input(key=f"{PREFIX}_password").input(password)
    at.button(key=f"{PREFIX}_submit").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def keys(at: AppTest) -> set[str]:
    return {w.key for w in at.text_input}


def test_sign_in_view_team_mode_asks_for_sign_in_and_records_nothing_before(team) -> None:
    at = open_curation()
    assert "curation_analyst" not in keys(at)  # no free-text name
    assert {f"{PREFIX}_name", f"{PREFIX}_password"} <= keys(at)
    assert at.text_input(key=f"{PREFIX}_password").proto.type == TextInputProto.Type.PASSWORD
    assert at.button(key="curation_record").disabled
    assert "Team mode" in at.info[0].value


@pytest.mark.parametrize(("name", "password"), [(NAME, "wrong horse battery"), ("Nobody", PASSWORD)])
def test_sign_in_view_wrong_pair_gives_one_generic_message(team, name: str, password: str) -> None:
    at = try_sign_in(open_curation(), name, password)
    assert [e.value for e in at.error] == [sign_in.FAILED]
    assert at.button(key="curation_record").disabled and sign_in.SIGNED_IN not in at.session_state
    assert at.text_input(key=f"{PREFIX}_password").value == ""  # the server forgets the password


def test_sign_in_view_records_the_signed_in_analyst_and_signs_out(team) -> None:
    at = try_sign_in(open_curation(), "  team ANALYST ", PASSWORD)
    assert any(f"Signed in as **{NAME}**" in m.value for m in at.markdown)
    assert not keys(at) & {f"{PREFIX}_name", f"{PREFIX}_password", "curation_analyst"}  # the name cannot be edited
    at.selectbox(key="curation_kind").set_value("merge").run()
    at.selectbox(key="curation_merge_actor").set_value("iraqi-army").run()
    at.selectbox(key="curation_merge_into").set_value("pmf").run()
    assert not at.button(key="curation_record").disabled
    at.button(key="curation_record").click().run()
    assert at.success, [e.value for e in at.error]
    (decision,) = read_decisions(team["decisions"])
    assert (decision.kind, decision.by) == ("merge", NAME)  # the file's spelling, not the one typed

    at.button(key=f"{PREFIX}_sign_out").click().run()
    assert f"{PREFIX}_password" in keys(at) and at.button(key="curation_record").disabled


def test_sign_in_view_removed_analyst_is_signed_out(team) -> None:
    at = try_sign_in(open_curation(), NAME, PASSWORD)
    add_analyst(team["analysts"], "Someone Else", hash_password("another long one"))
    text = team["analysts"].read_text(encoding="utf-8")
    start = text.index(f"- name: {NAME}")
    end = text.index("- name: Someone Else")
    team["analysts"].write_text(text[:start] + text[end:], encoding="utf-8")
    at.run()
    assert any("is signed out" in w.value for w in at.warning) and at.button(key="curation_record").disabled


def test_sign_in_view_stops_taking_tries_after_the_limit(team) -> None:
    at = open_curation()
    for _ in range(sign_in.MAX_FAILURES):
        try_sign_in(at, NAME, "wrong horse battery")
    assert f"{PREFIX}_password" not in keys(at)
    assert "failed sign-ins in this session" in at.error[0].value
    assert at.button(key="curation_record").disabled


def test_sign_in_view_closed_when_the_named_file_is_missing(curated, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(ANALYSTS_ENV, str(tmp_path / "missing.yaml"))
    at = open_curation()
    assert "Curation is closed" in at.error[0].value and "missing" in at.error[0].value
    assert "curation_analyst" not in keys(at) and at.button(key="curation_record").disabled


def test_sign_in_view_open_mode_says_anyone_may_curate(curated) -> None:
    if DEFAULT_ANALYSTS_FILE.exists():
        pytest.skip(f"{DEFAULT_ANALYSTS_FILE} exists on this machine: the dashboard is in team mode")
    at = open_curation()
    assert any(c.value == sign_in.OPEN_NOTICE for c in at.caption)
    assert "curation_analyst" in keys(at)
