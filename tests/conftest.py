"""Shared fixtures: the real knowledge and spaCy model, and one build of the seed articles per session."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from pipeline.analysis import DocAnalysis, analyse_doc
from pipeline.build import BuildSummary, build_corpus
from pipeline.config import PROJECT_DIR, PipelineConfig
from pipeline.knowledge import Knowledge, load_knowledge
from pipeline.nlp import build_nlp
from pipeline.store import read_tables

SEEDS = PROJECT_DIR / "seeds"


@pytest.fixture(scope="session")
def config() -> PipelineConfig:
    return PipelineConfig()


@pytest.fixture(scope="session")
def knowledge(config) -> Knowledge:
    return load_knowledge(config)


@pytest.fixture(scope="session")
def nlp(config, knowledge):
    return build_nlp(config, knowledge)


@pytest.fixture(scope="session")
def analyse(nlp, knowledge, config):
    """Analyse an invented text with the real model: analyse(text, published=date) -> (doc, analysis)."""

    def run(text: str, published: datetime.date | None = datetime.date(2024, 5, 1)) -> tuple[object, DocAnalysis]:
        doc = nlp(text)
        return doc, analyse_doc(doc, published, knowledge, fuzzy_threshold=config.fuzzy_threshold)

    return run


def build_folder(src: Path, out: Path) -> tuple[BuildSummary, dict]:
    """Build `src` into `out` with a decisions file of its own (never the repository's
    data/curation.yaml, which an analyst may have filled): (summary, tables)."""
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
    from tests.event_helpers import PUBLISHED

    def run(text: str):
        _, analysis = analyse(text, published=PUBLISHED)
        return sorted(analysis.events, key=lambda e: e.start)

    return run
