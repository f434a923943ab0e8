"""Builds use every usable core by default, and a build across processes writes the tables of a one-process build."""

from __future__ import annotations

import os
from dataclasses import replace

import pandas as pd
import pytest

import pipeline.engines as engines
from pipeline.build import build_corpus
from pipeline.config import PROJECT_DIR, PipelineConfig, usable_cores
from pipeline.schema import TABLES
from pipeline.store import read_tables


def test_engines_processes_default_to_the_usable_cores():
    assert PipelineConfig().n_process == usable_cores() >= 1
    if hasattr(os, "sched_getaffinity"):
        assert usable_cores() == len(os.sched_getaffinity(0))


@pytest.mark.parametrize(
    ("method", "n_process", "n_items", "expected"),
    [
        ("fork", 1, 1000, 1),
        ("fork", 2, 1000, 2),
        ("fork", 4, 1000, 4),
        ("fork", 2, 5, 1),
        ("fork", 2, 16, 2),
        ("fork", 8, 24, 3),
        ("fork", 2, 0, 1),
        ("fork", 0, 100, 1),
        ("spawn", 2, 16, 1),
        ("spawn", 2, 99, 1),
        ("spawn", 2, 100, 2),
    ],
)
def test_engines_processes_fewer_for_a_small_corpus(monkeypatch, method, n_process, n_items, expected):
    monkeypatch.setattr(engines, "start_method", lambda: method)
    assert engines.worker_processes(n_process, n_items) == expected


def _tables(tmp_path, name, **settings):
    config = replace(PipelineConfig(), use_cache=False, curation_file=tmp_path / "none.yaml", **settings)
    build_corpus(PROJECT_DIR / "seeds", tmp_path / name, config=config)
    return read_tables(tmp_path / name)


def _assert_same(one: dict, other: dict) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(one[name], other[name], obj=name)
    assert len(one["mentions"]) > 400


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    return _tables(tmp_path_factory.mktemp("one"), "one", n_process=1)


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_engines_processes_two_processes_write_the_one_process_tables(tmp_path, monkeypatch, one_process, method):
    if method not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip(f"no {method} here")
    monkeypatch.setattr(engines, "MIN_ARTICLES_PER_PROCESS", 1)  # the five seeds, in chunks of one or two
    monkeypatch.setattr(engines, "MIN_ARTICLES_PER_SPAWNED_PROCESS", 1)
    monkeypatch.setattr(engines, "start_method", lambda: method)
    _assert_same(one_process, _tables(tmp_path, "two", n_process=2))


def _die(chunk):
    os._exit(1)  # a worker killed mid-build (out of memory, kill -9)


@pytest.mark.slow
def test_engines_processes_a_dead_worker_leaves_its_articles_to_this_process(tmp_path, monkeypatch, one_process):
    if engines.start_method() != "fork":
        pytest.skip("the dying worker is planted by forking this process")
    monkeypatch.setattr(engines, "MIN_ARTICLES_PER_PROCESS", 1)
    monkeypatch.setattr(engines, "_analyse_chunk", _die)
    _assert_same(one_process, _tables(tmp_path, "two", n_process=2))
