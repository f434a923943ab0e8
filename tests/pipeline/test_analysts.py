"""Team mode's analysts file: argon2 hashes written atomically and verified, malformed files named
with their line, the dashboard's access read from it, and `python -m pipeline add-analyst`."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from data_access.team import team_access
from pipeline.__main__ import main
from pipeline.config import ANALYSTS_ENV, DEFAULT_ANALYSTS_FILE
from pipeline.curation.analysts import (
    Analysts,
    AnalystsFileError,
    add_analyst,
    hash_password,
    parse_analysts,
    read_analysts,
    verify_analyst,
    with_analyst,
)

NAME, PASSWORD = "A. Analyst", "correct horse battery"


@pytest.fixture(scope="module")
def team() -> Analysts:
    return with_analyst(Analysts(), NAME, hash_password(PASSWORD))


def test_analysts_verify_gives_the_name_as_the_file_writes_it(team: Analysts) -> None:
    assert verify_analyst(team, NAME, PASSWORD) == NAME
    assert verify_analyst(team, "  a. ANALYST ", PASSWORD) == NAME  # case and spaces do not matter


@pytest.mark.parametrize(
    ("name", "password"),
    [(NAME, "wrong horse battery"), (NAME, ""), (NAME, PASSWORD.upper()), ("Nobody", PASSWORD), (NAME, "x" * 5000)],
    ids=["wrong", "empty", "case", "unknown-name", "huge"],
)
def test_analysts_wrong_password_or_name_gives_none(team: Analysts, name: str, password: str) -> None:
    assert verify_analyst(team, name, password) is None


def test_analysts_hash_is_argon2id_salted_and_never_the_password() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$") and first != second and PASSWORD not in first


def test_analysts_hash_refuses_a_short_password_without_echoing_it() -> None:
    with pytest.raises(ValueError, match="10 to 1000 characters") as caught:
        hash_password("hunter2")
    assert "hunter2" not in str(caught.value)


def test_analysts_add_writes_owner_only_file_and_replaces_a_password(tmp_path: Path) -> None:
    path = tmp_path / "team" / "analysts.yaml"
    assert add_analyst(path, NAME, hash_password(PASSWORD)) is False
    assert add_analyst(path, "B. Analyst", hash_password("another long one")) is False
    assert add_analyst(path, "a. analyst", hash_password("a new password")) is True  # same analyst
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text and "a new password" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["analysts.yaml", "analysts.yaml.lock"]  # no temp file
    team = read_analysts(path)
    assert [entry.name for entry in team.entries] == [NAME, "B. Analyst"]  # order and spelling kept
    assert verify_analyst(team, NAME, "a new password") == NAME and verify_analyst(team, NAME, PASSWORD) is None


def test_analysts_repr_never_shows_the_hash(team: Analysts) -> None:
    assert "argon2" not in repr(team) and NAME in repr(team)


GOOD_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"
HEAD = "schema_version: 1\nanalysts:\n"
MALFORMED = [
    ("analysts: [name: x\n", "analysts.yaml:2: not YAML"),
    ("- name: x\n", "expected the keys schema_version and analysts"),
    ("schema_version: 2\nanalysts: []\n", "schema_version 2, expected 1"),
    ("schema_version: 1\nanalysts: {a: b}\n", "analysts must be a list"),
    (f"{HEAD}- name: ok\n  password_hash: '{GOOD_HASH}'\n- name: x\n", "analysts.yaml:5: an entry"),
    (f"{HEAD}- name: x\n  password_hash: plaintext\n", "analysts.yaml:3: the password_hash of"),
    (f"{HEAD}- name: ''\n  password_hash: '{GOOD_HASH}'\n", "analysts.yaml:3: an analyst's name"),
    (f"{HEAD}- name: [x]\n  password_hash: '{GOOD_HASH}'\n", "analysts.yaml:3: an analyst's name"),
    (
        f"{HEAD}- name: X\n  password_hash: '{GOOD_HASH}'\n- name: x\n  password_hash: '{GOOD_HASH}'\n",
        "analysts.yaml:5: 'x' is named twice",
    ),
    (f"{HEAD}- &a {{name: x, password_hash: '{GOOD_HASH}'}}\n- *a\n", "anchors and aliases"),
]


@pytest.mark.parametrize(("text", "expected"), MALFORMED, ids=[f"m{n}" for n in range(len(MALFORMED))])
def test_analysts_malformed_file_is_named_with_its_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "analysts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnalystsFileError) as caught:
        read_analysts(path)
    assert str(caught.value).startswith(str(path)) and expected in str(caught.value)
    assert GOOD_HASH not in str(caught.value)


def test_analysts_empty_file_is_a_team_of_no_one() -> None:
    assert parse_analysts("", where="x.yaml") == Analysts()


def test_team_access_without_a_file_is_open() -> None:
    if DEFAULT_ANALYSTS_FILE.exists():
        pytest.skip(f"{DEFAULT_ANALYSTS_FILE} exists on this machine")
    assert team_access({}).mode == "open"


@pytest.mark.parametrize(
    ("text", "problem"),
    [(None, "does not exist"), ("", "names no analyst"), ("- x\n", "expected the keys")],
    ids=["named-but-missing", "empty", "malformed"],
)
def test_team_access_closes_curation_when_nobody_can_sign_in(tmp_path: Path, text: str | None, problem: str) -> None:
    path = tmp_path / "analysts.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    access = team_access({ANALYSTS_ENV: str(path)})
    assert access.mode == "closed" and str(path) in access.problem and problem in access.problem


def test_team_access_reads_the_team(tmp_path: Path) -> None:
    path = tmp_path / "analysts.yaml"
    add_analyst(path, NAME, hash_password(PASSWORD))
    access = team_access({ANALYSTS_ENV: str(path)})
    assert access.mode == "team" and [entry.name for entry in access.analysts.entries] == [NAME]


def test_cli_add_analyst_asks_twice_and_keeps_only_the_hash(tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "analysts.yaml"
    typed = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    assert main(["add-analyst", NAME, "--file", str(path)]) == 0
    assert verify_analyst(read_analysts(path), NAME, PASSWORD) == NAME
    out = capsys.readouterr()
    assert f"Added {NAME} in {path}" in out.out and PASSWORD not in out.out + out.err


def test_cli_add_analyst_writes_nothing_when_the_passwords_differ(tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "analysts.yaml"
    typed = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    monkeypatch.setenv(ANALYSTS_ENV, str(path))  # the default file comes from the environment
    assert main(["add-analyst", NAME]) == 1
    assert "the two passwords differ" in capsys.readouterr().err and not path.exists()
