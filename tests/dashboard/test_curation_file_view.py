"""Curation view with a hand-edited decisions file: what cannot be read is named with its file and line
(never a traceback) and a new decision is refused with the form kept; a skipped entry is named while
the other decisions show and apply."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest
from test_curation_view import APP, curated, open_curation, record  # noqa: F401 - `curated` is a fixture

from components.plain import plain
from pipeline.curation import decisions as decisions_module
from pipeline.curation import file as decisions_file
from pipeline.curation import read_decisions, recurate
from pipeline.store import read_manifest

HEAD = "schema_version: 1\ndecisions:\n"
RENAME = "- id: good\n  kind: rename\n  actor: pmf\n  name: Hashd\n  by: A\n  at: '2026-01-01'\n"
LOCATE = "- id: abc\n  kind: locate\n  actor: al-qaim\n  lat: abc\n  lon: 41\n  by: A\n  at: '2026-01-01'\n"


def _hand_edit(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    decisions_file._PARSED.clear()
    decisions_module._LOADED.clear()


def test_curation_file_view_unreadable_file_is_named_and_nothing_is_recorded(curated) -> None:  # noqa: F811
    path = curated["decisions"]
    text = HEAD + RENAME + "  note: [unclosed\n"
    _hand_edit(path, text)
    at = open_curation()
    assert any(plain(f"{path}:9: not valid YAML") in w.value for w in at.warning), [w.value for w in at.warning]
    at = record(at, "rename", actor="pmf", name="Hashd al-Shaabi")
    assert at.error[0].value.startswith("Not recorded") and plain(f"{path}:9") in at.error[0].value
    assert at.text_input(key="curation_rename_name").value == "Hashd al-Shaabi"  # the form is kept
    assert path.read_text(encoding="utf-8") == text and not at.exception


def test_curation_file_view_skipped_entry_is_named_and_the_rest_applies(curated) -> None:  # noqa: F811
    path = curated["decisions"]
    _hand_edit(path, HEAD + RENAME + LOCATE)
    at = record(open_curation(), "retype", actor="abu-fadak", type="armed_group")
    assert at.success and not at.exception
    skipped = [w.value for w in at.warning if w.value.startswith("Skipped")]
    assert len(skipped) == 1 and plain(f"{path}:9: decision abc skipped: lat 'abc' is not a number") in skipped[0]
    assert [d.id for d in read_decisions(path)][:1] == ["good"] and len(read_decisions(path)) == 2
    assert "Hashd" in "".join(h.proto.body for h in at.get("html"))  # the history shows the good decision


@pytest.mark.slow
def test_curation_file_view_unreadable_file_at_start_keeps_the_tables(seed_build, tmp_path, monkeypatch) -> None:
    """A hand edit breaks the file between sessions: the dashboard's rebuild stops before writing
    anything, names the file and line, and the analyst keeps working on the last tables."""
    data, path = tmp_path / "data", tmp_path / "curation.yaml"
    shutil.copytree(seed_build[2], data)
    recurate(data, path)  # the build's manifest now names this decisions file
    _hand_edit(path, HEAD + RENAME + "  note: [unclosed\n")
    before = read_manifest(data)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("The build failed" in e.value for e in at.error)
    assert any(f"{path}:9: not valid YAML" in c.value for c in at.code)
    assert read_manifest(data) == before and at.title[0].value == "Overview"  # the last tables, shown
