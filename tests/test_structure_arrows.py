"""Meta-tests: the arrows between the layers (README, "Layout") hold in the code.

The pipeline never imports Streamlit; the dashboard's data layer enters the pipeline through one
door, `pipeline.api`, plus the table contract `pipeline.schema`, at the top of its modules; the
pipeline's stage packages import each other without cycles; and neither door loads spaCy.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOORS = {"pipeline.api", "pipeline.schema"}


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module, at top level) for every import of `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, id(node) in top))
        elif isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names]
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("pipeline"), ids=lambda p: str(p.relative_to(ROOT)))
def test_pipeline_never_imports_streamlit_or_the_dashboard(path: Path) -> None:
    banned = ("streamlit", "data_access", "components", "dashboard")
    assert [m for m, _ in _imports(path) if m.split(".")[0] in banned] == []


@pytest.mark.parametrize("path", _modules("data_access"), ids=lambda p: str(p.relative_to(ROOT)))
def test_data_access_enters_the_pipeline_only_by_its_door_at_the_top(path: Path) -> None:
    entries = [(m, top) for m, top in _imports(path) if m.split(".")[0] in ("pipeline", "spacy")]
    assert [m for m, _ in entries if m not in DOORS] == []
    assert [m for m, top in entries if not top] == []


def _stage(module: str) -> str:
    """pipeline.quotes.marks -> quotes; pipeline.build -> build."""
    return module.split(".")[1]


def test_stage_packages_import_each_other_without_cycles() -> None:
    packages = {p.name for p in (ROOT / "pipeline").iterdir() if (p / "__init__.py").exists()}
    arrows: dict[str, set[str]] = {name: set() for name in packages}
    for name in packages:
        for path in (ROOT / "pipeline" / name).rglob("*.py"):
            arrows[name] |= {
                _stage(m) for m, _ in _imports(path) if m.startswith("pipeline.") and _stage(m) in packages
            } - {name}

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in arrows[start])

    assert sorted(name for name in packages if reaches(name, name)) == []


@pytest.mark.parametrize("module", ["pipeline.api", "data_access"])
def test_the_dashboards_door_loads_no_spacy(module: str) -> None:
    code = f"import sys, {module}; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_stop_words_are_spacys_without_spacy() -> None:
    from spacy.lang.en.stop_words import STOP_WORDS

    from pipeline.api import stop_words

    assert stop_words() == frozenset(STOP_WORDS)
