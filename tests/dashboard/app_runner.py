"""Run the real dashboard in Streamlit's AppTest, on one page with given query parameters."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
TIMEOUT = 30


def open_app(page: str = "", *, timeout: float = TIMEOUT, **params: str | list[str]) -> AppTest:
    """Run the dashboard once, on `page` with the given query parameters; fail on any exception."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params.update({**params, **({"page": page} if page else {})})
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at
