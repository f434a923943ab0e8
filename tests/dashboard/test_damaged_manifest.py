"""A damaged manifest, or a build that cannot take the data folder's lock, is named on the page with
what to do: never a traceback."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import data_access
from components.plain import plain
from pipeline.store import MANIFEST, read_manifest, write_tables

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")
DAMAGED = {"truncated": b'{"schema_version": 1, "tabl', "a list": b"[]", "binary": b"\x00\xff\xfe"}


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _fake_build(monkeypatch: pytest.MonkeyPatch, write_corpus, *, fails: Exception | None = None) -> list[Path]:
    """A stand-in for pipeline.build whose build writes the synthetic tables (or raises `fails`)."""
    built: list[Path] = []

    def build_corpus(src: Path, out: Path, *, config=None, on_progress=None):
        if fails is not None:
            raise fails
        built.append(Path(out))
        write_corpus(Path(out))
        return types.SimpleNamespace(n_documents=4, n_actors=7, n_mentions=17, n_reused=0, format=lambda: "4 documents")

    build = types.ModuleType("pipeline.build")
    build.build_corpus = build_corpus
    build.uncurated_dir = lambda out: Path(out) / "uncurated"
    monkeypatch.setitem(sys.modules, "pipeline.build", build)
    return built


@pytest.mark.parametrize("damage", list(DAMAGED))
def test_damaged_manifest_is_named_with_the_rebuild_command(data_dir, damage) -> None:
    (data_dir / MANIFEST).write_bytes(DAMAGED[damage])
    at = run_app()
    message = at.error[0].value
    assert plain(data_dir / MANIFEST) in message and "damaged" in message  # Markdown-escaped: shown as written
    assert "python -m pipeline build" in message and str(data_dir) in message
    assert not at.metric and at.button(key="startup_rebuild")


def test_damaged_manifest_rebuild_button_builds_again(data_dir, monkeypatch, corpus_writer) -> None:
    (data_dir / MANIFEST).write_bytes(DAMAGED["truncated"])
    built = _fake_build(monkeypatch, corpus_writer)
    at = run_app()
    at.button(key="startup_rebuild").click().run()
    assert not at.exception and built == [data_dir]
    assert {m.label: m.value for m in at.metric}["Mentions"] == "17"
    assert read_manifest(data_dir)["schema_version"]


def test_damaged_manifest_after_the_check_is_named_when_loading(data_dir, monkeypatch) -> None:
    """Damaged between the start-up check and loading: the loader's message names the file."""
    freshness = types.ModuleType("pipeline.rebuild.freshness")
    freshness.tables_status = lambda out, src=None: types.SimpleNamespace(state="fresh", reason="fresh")
    monkeypatch.setitem(sys.modules, "pipeline.rebuild.freshness", freshness)
    (data_dir / MANIFEST).write_bytes(DAMAGED["binary"])
    at = run_app()
    assert plain(data_dir / MANIFEST) in at.error[0].value and "python -m pipeline build" in at.error[0].value


def test_damaged_manifest_never_breaks_locating_sources_or_curation(data_dir, corpus_writer, tmp_path) -> None:
    uncurated = data_dir / "uncurated"
    write_tables({}, uncurated, {"schema_version": 1, "source_dir": str(tmp_path / "articles")})
    (data_dir / MANIFEST).write_bytes(DAMAGED["truncated"])
    paths = data_access.Paths(data_dir)
    assert data_access.source_dir_for(paths) == tmp_path / "articles"  # the uncurated copy's sources
    assert data_access.can_curate(data_dir)
    (uncurated / MANIFEST).write_bytes(DAMAGED["a list"])
    assert data_access.source_dir_for(paths) == data_access.DEFAULT_SOURCE_DIR
    assert not data_access.can_curate(data_dir)  # the page says to rebuild, no traceback
    with pytest.raises(ValueError, match=str(data_dir / MANIFEST)):
        data_access.open_tables(data_dir)


def test_build_that_finds_the_folder_locked_says_so(tmp_path, monkeypatch, corpus_writer) -> None:
    data, sources = tmp_path / "data", tmp_path / "sources"
    sources.mkdir()
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--sources", str(sources)])
    busy = TimeoutError(f"another build is writing {data} (it holds the lock {data / '.build.lock'})")
    _fake_build(monkeypatch, corpus_writer, fails=busy)
    at = run_app()
    assert "Another build is writing these tables" in at.error[0].value
    assert str(data / ".build.lock") in at.code[0].value
