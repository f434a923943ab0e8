"""Shared fixtures: the real knowledge and spaCy model, and one build of the seed articles per session.

The fast loop (`python -m pytest -m "not slow"`) never loads the trained model: a test is slow when it
asks for a fixture that needs the model, a build or the whole knowledge (MODEL_FIXTURES), when its module drives the
running app (Streamlit's AppTest, or Chromium: the e2e marker), or when it says so itself. The
pipeline is imported inside the fixtures, so collecting the fast loop does not import spaCy's model.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pipeline.config import PROJECT_DIR, PipelineConfig

if TYPE_CHECKING:
    from pipeline.analysis import DocAnalysis
    from pipeline.build import BuildSummary
    from pipeline.knowledge import Knowledge

SEEDS = PROJECT_DIR / "seeds"
MODEL_FIXTURES = frozenset({"nlp", "analyse", "events_of", "folder_builder", "seed_build", "knowledge"})
APP_DRIVERS = ("AppTest", "open_app")  # names a module that drives the running dashboard imports


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow what needs the trained model, a build or the running app (see the module's docstring)."""
    for item in items:
        drives_app = item.module is not None and any(name in vars(item.module) for name in APP_DRIVERS)
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())) or drives_app or item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def config() -> PipelineConfig:
    return PipelineConfig()


@pytest.fixture(scope="session")
def knowledge(config) -> Knowledge:
    from pipeline.knowledge import load_knowledge

    return load_knowledge(config)


@pytest.fixture(scope="session")
def nlp(config, knowledge):
    from pipeline.nlp import build_nlp

    return build_nlp(config, knowledge)


@pytest.fixture(scope="session")
def analyse(nlp, knowledge, config):
    """Analyse an invented text with the real model: analyse(text, published=date) -> (doc, analysis)."""
    from pipeline.analysis import analyse_doc

    def run(text: str, published: datetime.date | None = datetime.date(2024, 5, 1)) -> tuple[object, DocAnalysis]:
        doc = nlp(text)
        return doc, analyse_doc(doc, published, knowledge, fuzzy_threshold=config.fuzzy_threshold)

    return run


def build_folder(src: Path, out: Path) -> tuple[BuildSummary, dict]:
    """Build `src` into `out` with a decisions file of its own (never the repository's
    data/curation.yaml, which an analyst may have filled): (summary, tables)."""
    from pipeline.build import build_corpus
    from pipeline.store import read_tables

    summary = build_corpus(src, out, config=PipelineConfig(curation_file=out / "curation.yaml"))
    return summary, read_tables(out)


@pytest.fixture(scope="session")
def folder_builder():
    """build_folder, for modules that build their own article folder."""
    return build_folder


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> tuple[BuildSummary, dict, Path]:
    """The seed articles built once into a temporary data folder: (summary, tables, folder)."""
    out = tmp_path_factory.mktemp("seed-data")
    summary, tables = build_folder(SEEDS, out)
    return summary, tables, out


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A writable copy of the seed folder."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="module")
def events_of(analyse):
    """events_of(text) -> the events of an invented article published on event_helpers.PUBLISHED,
    in text order."""
    from tests.pipeline.event_helpers import PUBLISHED

    def run(text: str):
        _, analysis = analyse(text, published=PUBLISHED)
        return sorted(analysis.events, key=lambda e: e.start)

    return run
