"""A rebuild of an unchanged folder is decided from the manifest, without spaCy; any change builds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.__main__ import main

pytestmark = pytest.mark.slow  # builds folders from the command line

ROOT = Path(__file__).resolve().parents[2]


def _build(src: Path, out: Path, decisions: Path, capsys) -> str:
    assert main(["build", str(src), "--out", str(out), "--decisions", str(decisions)]) == 0
    return capsys.readouterr().out


def test_an_unchanged_folder_is_not_rebuilt_and_any_change_is(seed_copy, tmp_path, capsys):
    out, decisions = tmp_path / "data", tmp_path / "curation.yaml"
    assert "Built" in _build(seed_copy, out, decisions, capsys)
    assert _build(seed_copy, out, decisions, capsys).startswith("Nothing to build")
    sidecar = seed_copy / "metadata.csv"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "Built" in _build(seed_copy, out, decisions, capsys), "the metadata changed"
    article = sorted(seed_copy.glob("*.txt"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert "Built" in _build(seed_copy, out, decisions, capsys), "an article changed"
    decisions.write_text("schema_version: 1\ndecisions: []\n", encoding="utf-8")
    assert "Built" in _build(seed_copy, out, decisions, capsys), "the decisions changed"
    assert _build(seed_copy, out, decisions, capsys).startswith("Nothing to build")


def test_deciding_that_nothing_is_to_build_imports_no_spacy(seed_build):
    _, _, out = seed_build
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    decisions = out / "curation.yaml"
    script = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from pipeline.rebuild.noop import nothing_to_build\n"
        "from pipeline.config import PipelineConfig\n"
        f"src = Path(json.loads({manifest!r})['source_dir'])\n"
        f"config = PipelineConfig(curation_file=Path({str(decisions)!r}))\n"
        f"print(nothing_to_build(src, Path({str(out)!r}), config) is not None, 'spacy' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "False"], result.stdout + result.stderr
