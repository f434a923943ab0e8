"""Meta-tests: the architecture rules of STYLE.md hold for the dashboard's modules."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPONENTS = sorted(p.stem for p in (ROOT / "components").glob("*.py") if p.stem != "__init__")
HELPERS = {"highlight", "plain", "url_state"}  # helpers shared by views, no widget of their own


@pytest.mark.parametrize("name", [n for n in COMPONENTS if n not in HELPERS])
def test_structure_component_exposes_render_with_key_prefix(name: str) -> None:
    render = importlib.import_module(f"components.{name}").render
    parameter = inspect.signature(render).parameters["key_prefix"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY


@pytest.mark.parametrize("name", COMPONENTS)
def test_structure_component_imports_no_spacy_or_pipeline_internals(name: str) -> None:
    tree = ast.parse((ROOT / "components" / f"{name}.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {m for m in imported if m and (m.startswith("spacy") or m.startswith("pipeline"))}


def test_structure_cache_data_only_in_data_access() -> None:
    users = {
        p.name for p in [ROOT / "dashboard.py", *(ROOT / "components").glob("*.py")] if "cache_data" in p.read_text()
    }
    assert users == set()


def test_structure_every_view_is_a_page() -> None:
    source = (ROOT / "dashboard.py").read_text()
    # event_curation and sign_in: parts of Curation; event_compare: of Compare sources; charts: of every chart
    parts = {"filters", "export", "table", "empty", "startup", "event_curation", "event_compare", "sign_in", "charts"}
    views = set(COMPONENTS) - HELPERS - parts
    assert {name for name in views if f"{name}.render" not in source} == set()


def test_structure_no_pages_folder() -> None:
    assert not (ROOT / "pages").exists()
