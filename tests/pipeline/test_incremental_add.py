"""A build that only adds articles extends the previous one (pipeline/rebuild/increment.py): it decodes
no earlier analysis, and writes the tables a build from scratch of the same articles writes."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pandas as pd
import pytest

import pipeline.build as build
from pipeline.analysis import DocAnalysis
from pipeline.build import build_corpus
from pipeline.config import PROJECT_DIR, PipelineConfig
from pipeline.events.clustering import cluster_events
from pipeline.rebuild.increment import previous_build
from pipeline.schema import TABLES
from pipeline.store import UNCURATED, read_tables
from pipeline.tables import event_clusters

pytestmark = pytest.mark.slow

# Invented, dated after the seeds: names the seeds use (their clusters grow: counts, aliases, events'
# places) beside new ones (a person, an abbreviation defined here).
ADDED = """Militia commander speaks as border crossing reopens

QAIM, Iraq — Fighters of the Popular Mobilization Units (PMU) reopened the crossing at Qaim on Monday,
said Karim al-Dulaimi, a commander of the Hezbollah Brigades, the Iran-backed group that holds the border.

"We will not let the Islamic State come back to Anbar," al-Dulaimi told reporters in Qaim, adding that
the Syrian Democratic Forces (SDF) still held villages east of the Euphrates River near Hejin.

President Donald Trump said in December that US troops would leave Syria. Trump's decision was
welcomed in Tehran, Dulaimi said. The PMU shelled Islamic State positions near Hejin on Sunday,
killing four fighters, according to a statement by the Iraqi army.
"""


def _config(tmp_path, **settings) -> PipelineConfig:
    return replace(PipelineConfig(), n_process=1, curation_file=tmp_path / "none.yaml", **settings)


def _assert_same(one: dict, other: dict) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(one[name], other[name], obj=name)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seeds built, then one invented article added to them: (config, source folder, data folder)."""
    tmp_path = tmp_path_factory.mktemp("incremental")
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(PROJECT_DIR / "seeds", src)
    config = _config(tmp_path)
    build_corpus(src, out, config=config)
    (src / "zz_added.txt").write_text(ADDED, encoding="utf-8")
    return config, src, out


def test_incremental_add_one_writes_the_tables_of_a_build_from_scratch(built, tmp_path, monkeypatch):
    config, src, out = built
    decoded = []
    load = build.cache.load

    def counting_load(cache_dir, key, kind=DocAnalysis):
        value = load(cache_dir, key, kind)
        if kind is DocAnalysis and value is not None:
            decoded.append(key)
        return value

    monkeypatch.setattr(build.cache, "load", counting_load)
    summary = build_corpus(src, out, config=config)
    assert decoded == []  # the seeds' analyses came from the previous build's linked rows
    assert summary.n_reused == summary.n_documents - 1
    monkeypatch.undo()
    scratch = tmp_path / "scratch"
    build_corpus(src, scratch, config=replace(config, use_cache=False))
    _assert_same(read_tables(out), read_tables(scratch))
    _assert_same(read_tables(out / UNCURATED), read_tables(scratch / UNCURATED))
    assert "karim-al-dulaimi" in set(read_tables(out)["actors"]["actor_id"])


def _extending(config: PipelineConfig, src) -> tuple[list, dict]:
    """The records of `src` and the settings `previous_build` compares with the previous build's."""
    records, _ = build.read_documents(src, build.load_knowledge(config), config)
    settings = {
        "fingerprint": build.pipeline_fingerprint(config),
        "sidecars": build.sidecar_digests(src),
        "ocr": build.ocr_available(),
    }
    return records, settings


def test_incremental_add_a_changed_or_removed_article_builds_everything(built):
    config, src, out = built
    build_corpus(src, out, config=config)
    records, settings = _extending(config, src)
    assert previous_build(out, records, **settings).doc_ids == {r.doc_id for r in records}
    assert previous_build(out, records[1:], **settings) is None  # an article removed
    changed = [replace(records[0], content_hash="0" * 64), *records[1:]]
    assert previous_build(out, changed, **settings) is None
    assert previous_build(out, records, **{**settings, "fingerprint": "other code"}) is None
    assert previous_build(out, records, **{**settings, "sidecars": {}}) is None


def test_incremental_add_linked_rows_of_other_tables_are_not_used(built):
    config, src, out = built
    build_corpus(src, out, config=config)
    records, settings = _extending(config, src)
    mentions = out / UNCURATED / "mentions.parquet"
    kept = mentions.read_bytes()
    read_tables(out / UNCURATED, ("mentions",))["mentions"].iloc[:-1].to_parquet(mentions)  # edited after the build
    try:
        assert previous_build(out, records, **settings) is None
    finally:
        mentions.write_bytes(kept)
    assert previous_build(out, records, **settings) is not None


def test_incremental_add_event_clusters_keep_the_ids_of_groups_no_new_event_joins(built):
    _, _, out = built
    events = read_tables(out / UNCURATED, ("events",))["events"]
    first = events["doc_id"].min()
    previous = events[events["doc_id"] != first].copy()
    previous["cluster_id"] = cluster_events(previous).astype("string")  # the build before that document
    expected = cluster_events(events)
    pd.testing.assert_series_equal(event_clusters(events, previous), expected, check_names=False)
    pd.testing.assert_series_equal(event_clusters(events, events.iloc[:0]), expected, check_names=False)
