"""Theatre packs: strict checks naming file and line, check-knowledge, and export-pack (issue 11).

Each test builds a knowledge folder of its own: the project's base (linked, not copied) and
theatre packs written by the test.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from pipeline.__main__ import main
from pipeline.build import build_corpus
from pipeline.config import PROJECT_DIR, PipelineConfig
from pipeline.curation import record_decision, recurate
from pipeline.knowledge import load_knowledge
from pipeline.store import read_tables

pytestmark = pytest.mark.slow  # loads the whole knowledge, packs on top, in most tests

REGION = "schema_version: 1\ncountries: [ML, BF, NE]\nbbox: [8.0, -13.0, 26.0, 17.0]\n"
GOOD = """\
schema_version: 1
source_note: "written by the test"
actors:
  - id: katiba-macina
    name: "Katiba Macina"
    type: armed_group
    aliases: ["Macina Liberation Front", "FLM"]
    source: "test"
  - id: mopti-fair-ground
    name: "Mopti Fair Ground"
    type: facility
    aliases: []
    source: "test"
    lat: 14.49
    lon: -4.19
"""


def _knowledge(tmp_path: Path, packs: dict[str, dict[str, str]]) -> Path:
    root = tmp_path / "knowledge"
    (root / "theatres").mkdir(parents=True)
    (root / "base").symlink_to(PROJECT_DIR / "data" / "knowledge" / "base")
    for name, files in packs.items():
        for relative, text in files.items():
            path = root / "theatres" / name / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _load(root: Path):
    return load_knowledge(PipelineConfig(knowledge_dir=root))


def test_a_good_pack_loads_on_top_of_the_base(tmp_path):
    knowledge = _load(_knowledge(tmp_path, {"sahel": {"region.yaml": REGION, "gazetteer/actors_groups.yaml": GOOD}}))
    assert knowledge.packs == ("sahel",)
    assert knowledge.gazetteer.lookup("Macina Liberation Front") == "katiba-macina"
    assert knowledge.gazetteer.by_id["katiba-macina"].pack == "sahel"
    assert knowledge.gazetteer.lookup("Niger") == "niger", "the world base is still there"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            GOOD.replace('    source: "test"\n  - id: mopti', '    colour: red\n    source: "test"\n  - id: mopti'),
            r"actors_groups\.yaml:4 \(katiba-macina\): unknown keys colour",
        ),
        (
            GOOD.replace("    lat: 14.49\n    lon: -4.19\n", ""),
            r"actors_groups\.yaml:\d+ \(mopti-fair-ground\): a facility needs lat",
        ),
        (GOOD.replace("    lat: 14.49", "    lat: 114.49"), r"mopti-fair-ground\): coordinates 114.49"),
        (
            GOOD.replace("    aliases: []", '    aliases: ["FLM"]'),
            r"the spelling 'FLM' names katiba-macina too in pack sahel",
        ),
        (
            GOOD.replace("    aliases: []", '    aliases: ["Macina Front (FLM)"]', 1),
            r"the spelling 'Macina Front \(FLM\)' is no name",
        ),
        (
            GOOD.replace('    source: "test"\n  - id: mopti', '    source: "test"\n    parent: jnim\n  - id: mopti'),
            r"parent 'jnim' is no actor",
        ),
    ],
)
def test_a_broken_pack_is_refused_with_file_and_line(tmp_path, bad, message):
    root = _knowledge(tmp_path, {"sahel": {"region.yaml": REGION, "gazetteer/actors_groups.yaml": bad}})
    with pytest.raises(ValueError, match=message):
        _load(root)


def test_two_packs_never_share_an_id(tmp_path):
    root = _knowledge(
        tmp_path,
        {
            "sahel": {"region.yaml": REGION, "gazetteer/actors_groups.yaml": GOOD},
            "lake-chad": {"region.yaml": REGION, "gazetteer/actors_groups.yaml": GOOD.split("  - id: mopti")[0]},
        },
    )
    with pytest.raises(ValueError, match=r"id 'katiba-macina' is defined before, at .*lake-chad"):
        _load(root)


def test_check_knowledge_says_ok_or_names_the_fault(tmp_path, capsys):
    root = _knowledge(tmp_path, {"sahel": {"region.yaml": REGION, "gazetteer/actors_groups.yaml": GOOD}})
    assert main(["check-knowledge", "--knowledge", str(root)]) == 0
    assert "theatre packs: sahel" in capsys.readouterr().out
    (root / "theatres" / "sahel" / "region.yaml").write_text("countries: [ML]\n", encoding="utf-8")
    assert main(["check-knowledge", "--knowledge", str(root)]) == 1
    assert "region.yaml: bbox must be" in capsys.readouterr().err


ARTICLE = (
    "Fighters of the Katiba Serma attacked a convoy near Boni in central Mali on Monday, the Malian army said. "
    "The Katiba Serma has grown since 2022, residents of Boni said, and the army sent reinforcements from Sevare."
)


@pytest.mark.slow
def test_curation_exports_as_a_pack_that_the_next_build_uses(tmp_path, capsys):
    root = _knowledge(tmp_path, {})
    src = tmp_path / "src"
    src.mkdir()
    (src / "convoy.txt").write_text(ARTICLE, encoding="utf-8")
    out, decisions = tmp_path / "data", tmp_path / "curation.yaml"
    config = PipelineConfig(knowledge_dir=root, curation_file=decisions)
    build_corpus(src, out, config=config)
    actors = read_tables(out)["actors"]
    serma = actors.loc[actors["name"].str.contains("Serma"), "actor_id"].iat[0]
    boni = actors.loc[actors["name"] == "Boni", "actor_id"]
    record_decision(decisions, "retype", by="ana", actor=serma, type="armed_group")
    record_decision(decisions, "rename", by="ana", actor=serma, name="Katiba Serma")
    record_decision(decisions, "add_actor", by="ana", name="Sevare", type="place", aliases=["Sevare"])
    if len(boni):
        record_decision(decisions, "locate", by="ana", actor=boni.iat[0], lat=15.08, lon=-1.41)
    recurate(out, decisions)

    assert (
        main(["export-pack", "mali-desk", "--data", str(out), "--decisions", str(decisions), "--knowledge", str(root)])
        == 0
    )
    pack = root / "theatres" / "mali-desk"
    entries = yaml.safe_load((pack / "gazetteer" / "actors_curated.yaml").read_text(encoding="utf-8"))["actors"]
    serma_entry = next(e for e in entries if e["name"] == "Katiba Serma")
    assert serma_entry["type"] == "armed_group" and "ana" in serma_entry["source"]
    assert "skipped" in capsys.readouterr().out or all(e["type"] != "place" or "lat" in e for e in entries)
    region = yaml.safe_load((pack / "region.yaml").read_text(encoding="utf-8"))
    south, west, north, east = region["bbox"]
    assert region["countries"] == ["ML"] and south < 12.65 < north and west < -8.0 < east, "around Mali's capital"
    located = [e for e in entries if "lat" in e]
    assert all(south <= e["lat"] <= north and west <= e["lon"] <= east for e in located)
    assert main(["export-pack", "mali-desk", "--data", str(out), "--knowledge", str(root)]) == 1, "no overwrite"

    again = tmp_path / "again"
    build_corpus(src, again, config=PipelineConfig(knowledge_dir=root, curation_file=tmp_path / "none.yaml"))
    tables = read_tables(again)
    mentions = tables["mentions"].merge(tables["actors"], on="actor_id")
    serma_mentions = mentions[mentions["name"] == "Katiba Serma"]
    assert not serma_mentions.empty and set(serma_mentions["method"]) == {"gazetteer"}
    assert set(serma_mentions["type"]) == {"armed_group"}
