"""Real browser: team mode (issue 16, item 1). With an analysts file, Chromium finds the Curation page
asking for a sign-in and recording nothing; a wrong password gets the generic refusal; the test
analyst signs in, records a rename, and the decisions file names that analyst as `by`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import BROWSER_MARKS, chromium_page, open_view, serve_dashboard, settle, write_synthetic_corpus

NAME, PASSWORD = "E2E Analyst", "a long test password"

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The synthetic tables as a build leaves them, a decisions file and an analysts file, all temporary."""
    from pipeline.curation import add_analyst, hash_password, recurate, uncurated_dir

    root = tmp_path_factory.mktemp("e2e-team")
    write_synthetic_corpus(uncurated_dir(root / "data"))
    recurate(root / "data", root / "curation.yaml")
    add_analyst(root / "analysts.yaml", NAME, hash_password(PASSWORD))
    return {"data": root / "data", "decisions": root / "curation.yaml", "analysts": root / "analysts.yaml"}


@pytest.fixture(scope="module")
def app_url(team: dict[str, Path]) -> Iterator[str]:
    with serve_dashboard(team["data"], {"DASHBOARD_ANALYSTS_FILE": str(team["analysts"])}) as url:
        yield url


@pytest.fixture
def page():
    with chromium_page() as page:
        yield page


def sign_in(page, name: str, password: str) -> None:
    page.get_by_label("Analyst", exact=True).fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    settle(page)


def choose(page, label: str, option: str) -> None:
    """Pick the option containing `option` in the selectbox labelled `label`."""
    page.locator("[data-testid=stSelectbox]").filter(has_text=label).first.locator("input").click()
    page.get_by_role("option").filter(has_text=option).first.click()
    settle(page)


def test_team_sign_in_records_the_signed_in_analyst(page, app_url: str, team: dict[str, Path]) -> None:
    from pipeline.curation import read_decisions

    open_view(page, f"{app_url}/curation")
    assert page.get_by_label("Your name (recorded with every decision)").count() == 0
    record = page.get_by_role("button", name="Record decision")
    assert record.is_disabled()

    sign_in(page, NAME, "not the password at all")
    assert page.get_by_text("Sign-in failed: unknown analyst or wrong password.").count() == 1
    assert page.get_by_label("Password", exact=True).input_value() == ""
    assert record.is_disabled()

    sign_in(page, NAME, PASSWORD)
    assert page.get_by_text(f"Signed in as {NAME}").count() == 1
    assert page.get_by_label("Password", exact=True).count() == 0
    choose(page, "Decision", "Rename an actor")
    choose(page, "Actor", "Iraqi Army")
    page.get_by_label("New name").fill("Iraqi Ground Forces")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_role("button", name="Record decision").click()
    settle(page)
    assert page.locator("[data-testid=stAlert]").filter(has_text="Recorded: Rename").count() == 1
    (decision,) = read_decisions(team["decisions"])
    assert (decision.kind, decision.by, decision.fields["name"]) == ("rename", NAME, "Iraqi Ground Forces")

    page.get_by_role("button", name="Sign out").click()
    settle(page)
    assert page.get_by_role("button", name="Record decision").is_disabled()
    assert page.get_by_role("button", name="Sign in").count() == 1
