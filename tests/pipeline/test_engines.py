"""The Dask engine writes the same tables as the local one."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from pipeline.build import build_corpus
from pipeline.config import PROJECT_DIR, PipelineConfig
from pipeline.engines import select_engine
from pipeline.schema import TABLES
from pipeline.store import read_tables

pytestmark = pytest.mark.slow


def test_engines_dask_and_local_tables_are_identical(tmp_path):
    pytest.importorskip("dask.distributed")
    base = replace(PipelineConfig(), use_cache=False, curation_file=tmp_path / "none.yaml", batch_size=2)
    build_corpus(PROJECT_DIR / "seeds", tmp_path / "local", config=base)
    build_corpus(PROJECT_DIR / "seeds", tmp_path / "dask", config=replace(base, engine="dask", n_process=2))
    local, dask = read_tables(tmp_path / "local"), read_tables(tmp_path / "dask")
    for name in TABLES:
        pd.testing.assert_frame_equal(local[name], dask[name], obj=name)
    assert len(local["mentions"]) > 400


def test_engines_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown engine 'spark'"):
        select_engine("spark")
