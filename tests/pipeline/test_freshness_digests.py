"""A table changed after the build that wrote it is noticed (its digest no longer matches the manifest)."""

from __future__ import annotations

import os
import shutil

import pandas as pd

from pipeline.rebuild import tables_status
from pipeline.store import read_tables, table_path


def test_a_table_replaced_after_the_build_makes_the_tables_damaged(seed_build, tmp_path):
    _, _, out = seed_build
    copy = tmp_path / "data"
    shutil.copytree(out, copy)
    assert tables_status(copy).state == "fresh"
    actors = table_path(copy, "actors")
    edited = read_tables(copy, ("actors",))["actors"].head(3)
    edited.to_parquet(actors, index=False)
    later = actors.stat().st_mtime + 5
    os.utime(actors, (later, later))
    status = tables_status(copy)
    assert status.state == "damaged" and str(actors) in status.reason and "python -m pipeline build" in status.reason


def test_a_table_only_touched_is_still_fresh(seed_build, tmp_path):
    _, _, out = seed_build
    copy = tmp_path / "data"
    shutil.copytree(out, copy)
    actors = table_path(copy, "actors")
    later = actors.stat().st_mtime + 5
    os.utime(actors, (later, later))
    assert tables_status(copy).state == "fresh", "same bytes, same digest"
    assert isinstance(read_tables(copy, ("actors",))["actors"], pd.DataFrame)
