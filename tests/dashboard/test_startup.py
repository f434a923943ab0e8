"""Start-up: missing, stale and incompatible tables are built or explained, never a traceback."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_access import locate

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@dataclass(frozen=True)
class FakeStatus:
    state: str
    reason: str


@dataclass(frozen=True)
class FakeSummary:
    n_documents: int = 4
    n_actors: int = 7
    n_mentions: int = 17
    n_reused: int = 0
    problems: tuple[str, ...] = ()

    def format(self) -> str:
        return "4 documents, 7 actors, 17 mentions"


@pytest.fixture
def install_pipeline(monkeypatch: pytest.MonkeyPatch, corpus_writer):
    """A function installing stand-ins for the pipeline's table status and build (through its door)."""
    return lambda state, fails=False: _install(monkeypatch, corpus_writer, state, fails=fails)


def _install(
    monkeypatch: pytest.MonkeyPatch, write_corpus, state: str, *, fails: bool | Exception
) -> list[tuple[float, str]]:
    """Stand-ins for the table status and the build data_access.locate takes from pipeline.api;
    returns the progress calls seen."""
    progress: list[tuple[float, str]] = []

    def build_corpus(src: Path, out: Path, *, config=None, on_progress=None) -> FakeSummary:
        if fails:
            raise fails if isinstance(fails, Exception) else RuntimeError("spaCy model not found")
        for step in (0.0, 0.5, 1.0):
            on_progress(step, f"step {step}")
            progress.append((step, str(src)))
        write_corpus(Path(out))
        return FakeSummary()

    monkeypatch.setattr(locate, "tables_status", lambda out, src=None: FakeStatus(state, f"The tables are {state}."))
    monkeypatch.setattr(locate, "build_corpus", build_corpus)
    return progress


@pytest.fixture
def empty_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An empty data folder and a source folder, passed the way `-- --data/--sources` would be."""
    data, sources = tmp_path / "data", tmp_path / "sources"
    sources.mkdir()
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--sources", str(sources)])
    return data, sources


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_startup_builds_missing_tables_with_progress(empty_dirs, install_pipeline) -> None:
    data, sources = empty_dirs
    progress = install_pipeline("missing")
    at = run_app()
    assert progress == [(0.0, str(sources)), (0.5, str(sources)), (1.0, str(sources))]
    assert {m.label: m.value for m in at.metric}["Mentions"] == "17"
    assert (data / "manifest.json").exists()


def test_startup_explains_missing_sources(tmp_path, monkeypatch, install_pipeline) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--sources", str(tmp_path / "nowhere")])
    install_pipeline("missing")
    at = run_app()
    assert "python -m pipeline build" in at.error[0].value
    assert not at.metric


def test_startup_reports_a_failed_build_in_plain_view(empty_dirs, install_pipeline) -> None:
    install_pipeline("missing", fails=True)
    at = run_app()
    assert "The build failed" in at.error[0].value and "python -m pipeline build" in at.error[0].value
    assert [c.value for c in at.code] == ["spaCy model not found"]


def test_startup_names_the_package_a_failed_build_misses(empty_dirs, install_pipeline) -> None:
    install_pipeline("missing", fails=ModuleNotFoundError("No module named 'lxml_html_clean'", name="lxml_html_clean"))
    at = run_app()
    assert "pip install -r requirements.txt" in at.error[0].value
    assert "lxml_html_clean" in at.code[0].value


def test_skipped_files_are_named_on_every_page_in_plain_view(data_dir) -> None:
    at = run_app()
    notice = next(w.value for w in at.warning if "skipped by the last build" in w.value)
    assert "broken.pdf" in notice and "unsupported file type .pdf" in notice


def test_startup_keeps_stale_tables_when_rebuild_fails(empty_dirs, install_pipeline, corpus_writer) -> None:
    data, _ = empty_dirs
    corpus_writer(data)
    install_pipeline("stale", fails=True)
    at = run_app()
    assert "The build failed" in at.error[0].value
    assert {m.label: m.value for m in at.metric}["Mentions"] == "17"


def test_startup_offers_rebuild_for_incompatible_tables(empty_dirs, install_pipeline) -> None:
    progress = install_pipeline("incompatible")
    at = run_app()
    assert any("only after a rebuild" in w.value for w in at.warning) and not at.metric
    at.button(key="startup_rebuild").click().run()
    assert len(progress) == 3
    assert {m.label: m.value for m in at.metric}["Mentions"] == "17"


def test_startup_loads_fresh_tables_without_building(data_dir, install_pipeline) -> None:
    progress = install_pipeline("fresh")
    at = run_app()
    assert progress == [] and at.metric
