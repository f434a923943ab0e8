"""The compiled knowledge kept between builds (pipeline.knowledge_cache): a warm load equals a load
from the YAML files, any change of a knowledge file, the packs or the code gives a new key, and a
damaged, edited or planted file is ignored with a warning and compiled again, never run.

The fast tests use a small knowledge folder (the base's patterns, its hand-kept gazetteer and the
world's states, without the 33,000 towns and the subdivisions) and one theatre pack.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import shutil
from pathlib import Path

import pytest

import pipeline.knowledge
from pipeline.config import PROJECT_DIR, PipelineConfig
from pipeline.knowledge import load_knowledge
from pipeline.knowledge_cache import KNOWLEDGE_SUFFIX, RULER_SUFFIX
from pipeline.store import pipeline_fingerprint

BASE = PROJECT_DIR / "data" / "knowledge" / "base"
PACK = """\
schema_version: 1
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
REGION = "schema_version: 1\ncountries: [ML, BF, NE]\nbbox: [8.0, -13.0, 26.0, 17.0]\n"


@pytest.fixture(scope="module")
def small_root(tmp_path_factory) -> Path:
    """A knowledge folder of a few hundred actors."""
    root = tmp_path_factory.mktemp("small") / "knowledge"
    base = root / "base"
    shutil.copytree(BASE / "patterns", base / "patterns")
    shutil.copytree(BASE / "gazetteer", base / "gazetteer")
    shutil.copy(BASE / "outlets.yaml", base / "outlets.yaml")
    for name in ("states.yaml", "institutions.yaml", "international_orgs.yaml", "capitals.yaml"):
        (base / "world").mkdir(exist_ok=True)
        shutil.copy(BASE / "world" / name, base / "world" / name)
    pack = root / "theatres" / "sahel"
    (pack / "gazetteer").mkdir(parents=True)
    (pack / "region.yaml").write_text(REGION, encoding="utf-8")
    (pack / "gazetteer" / "actors_groups.yaml").write_text(PACK, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reference(small_root):
    """The small knowledge loaded from its files, without a cache."""
    return load_knowledge(PipelineConfig(knowledge_dir=small_root))


@pytest.fixture
def small(small_root, tmp_path) -> PipelineConfig:
    """A copy of the small knowledge folder that the test may change, and its config."""
    shutil.copytree(small_root, tmp_path / "knowledge")
    return PipelineConfig(knowledge_dir=tmp_path / "knowledge", curation_file=tmp_path / "curation.yaml")


def _same(a, b) -> None:
    """Every field of two Knowledge objects equal, the gazetteer's indexes too (some pattern
    classes compare by identity, so their fields are compared)."""
    for field in dataclasses.fields(a):
        if field.name in ("cache_dir", "cache_key"):
            continue
        left, right = getattr(a, field.name), getattr(b, field.name)
        if dataclasses.is_dataclass(left):
            for inner in dataclasses.fields(left):
                assert getattr(left, inner.name) == getattr(right, inner.name), f"{field.name}.{inner.name}"
        else:
            assert left == right, field.name
    for name in ("by_id", "by_key", "by_skeleton", "non_actor_keys", "fuzzy_keys", "places_by_key"):
        assert getattr(a.gazetteer, name) == getattr(b.gazetteer, name), name
    assert [vars(e) for e in a.gazetteer.entries] == [vars(e) for e in b.gazetteer.entries]


def _entry(cache_dir: Path) -> Path:
    (path,) = cache_dir.glob(f"*{KNOWLEDGE_SUFFIX}")
    return path


def _counting_compiles(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = pipeline.knowledge._compile

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline.knowledge, "_compile", counted)
    return calls


def test_knowledge_cache_warm_load_equals_a_load_from_the_files(small, reference, tmp_path, monkeypatch):
    uncached = reference
    compiles = _counting_compiles(monkeypatch)
    cold = load_knowledge(small, cache_dir=tmp_path / "cache")
    warm = load_knowledge(small, cache_dir=tmp_path / "cache")
    assert compiles == [1], "the second load reads the cache"
    _same(uncached, cold)
    _same(uncached, warm)
    assert warm.gazetteer.lookup("Macina Liberation Front") == "katiba-macina"
    assert warm.gazetteer.by_id["mopti-fair-ground"].lat == 14.49
    assert warm.gazetteer.ruler_forms == uncached.gazetteer.ruler_forms
    assert hash(warm.gazetteer.by_id["katiba-macina"]) == hash(uncached.gazetteer.by_id["katiba-macina"])


def test_knowledge_cache_is_written_atomically_and_named_by_its_key(small, tmp_path):
    load_knowledge(small, cache_dir=tmp_path / "cache")
    path = _entry(tmp_path / "cache")
    assert len(path.stem) == 64 and not list((tmp_path / "cache").glob("*.tmp"))
    header = json.loads(path.read_bytes().partition(b"\n")[0])
    assert header["key"] == path.stem and len(header["sha256"]) == 64


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "theatres" / "sahel" / "gazetteer" / "actors_groups.yaml").write_text(
            PACK.replace('"FLM"', '"FLM", "Macina Front"'), encoding="utf-8"
        ),
        lambda root: (root / "base" / "patterns" / "names.yaml").write_text(
            (root / "base" / "patterns" / "names.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
        ),
        lambda root: (root / "base" / "world" / "states.yaml").write_text(
            (root / "base" / "world" / "states.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
        ),
    ],
    ids=["pack-actors", "names-patterns", "world-states"],
)
def test_knowledge_cache_a_changed_knowledge_file_invalidates_it(small, tmp_path, monkeypatch, change):
    cache_dir = tmp_path / "cache"
    load_knowledge(small, cache_dir=cache_dir)
    old = _entry(cache_dir)
    change(small.knowledge_dir)
    compiles = _counting_compiles(monkeypatch)
    loaded = load_knowledge(small, cache_dir=cache_dir)
    assert compiles == [1], "another key: the old entry is not read"
    assert _entry(cache_dir) != old and not old.exists(), "the entry of the old knowledge is replaced"
    _same(load_knowledge(small), loaded)


def test_knowledge_cache_other_packs_or_code_give_another_key(small, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    load_knowledge(small, cache_dir=cache_dir)
    compiles = _counting_compiles(monkeypatch)
    no_packs = dataclasses.replace(small, theatres=())
    assert load_knowledge(no_packs, cache_dir=cache_dir).packs == ()
    other_code = pipeline_fingerprint(small)[::-1]  # what a change of the pipeline's code does to it
    load_knowledge(small, cache_dir=cache_dir, fingerprint=other_code)
    assert compiles == [1, 1]


def test_knowledge_cache_a_decision_does_not_invalidate_it(small, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    load_knowledge(small, cache_dir=cache_dir)
    small.decisions_path.write_text("schema_version: 1\ndecisions: []\n", encoding="utf-8")
    compiles = _counting_compiles(monkeypatch)
    load_knowledge(small, cache_dir=cache_dir)
    assert compiles == [], "the compiled knowledge never reads the analysts' decisions"


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20
    path.write_bytes(bytes(data))


def _rewrite_body(path: Path, edit) -> None:
    """Edit the body and fix its digest: what a hostile hand would write."""
    import hashlib

    header, _, body = path.read_bytes().partition(b"\n")
    value = json.loads(body)
    edit(value)
    body = json.dumps(value).encode()
    fields = json.loads(header)
    fields["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(fields).encode() + b"\n" + body)


def _planted_pickle(path: Path) -> None:
    class Boom:
        def __reduce__(self):
            return (Path.write_text, (path.with_name("pwned"), "ran"))

    path.write_bytes(pickle.dumps(Boom()))


TAMPERS = {
    "truncated": (lambda path: path.write_bytes(path.read_bytes()[:1000]), "SHA-256"),
    "flipped-byte": (_flip_a_byte, "SHA-256"),
    "empty": (lambda path: path.write_bytes(b""), "not"),
    "planted-pickle": (_planted_pickle, "header"),
    "alias-not-a-string": (
        lambda path: _rewrite_body(path, lambda v: v["entries"]["aliases"][0].append(7)),
        "arrays of strings",
    ),
    "unknown-field": (lambda path: _rewrite_body(path, lambda v: v["entries"].update(code=[])), "keys"),
    "index-names-no-actor": (
        lambda path: _rewrite_body(path, lambda v: v["index"]["by_key"].update({"flm": "nobody"})),
        "no entry defines",
    ),
    "class-tag": (
        lambda path: _rewrite_body(path, lambda v: v.update({"$": "os.system"})),
        "keys",
    ),
}


@pytest.mark.parametrize("tamper", TAMPERS, ids=list(TAMPERS))
def test_knowledge_cache_a_damaged_or_tampered_file_is_ignored_with_a_warning(
    small, reference, tmp_path, monkeypatch, tamper
):
    cache_dir = tmp_path / "cache"
    load_knowledge(small, cache_dir=cache_dir)
    path = _entry(cache_dir)
    damage, said = TAMPERS[tamper]
    damage(path)
    compiles = _counting_compiles(monkeypatch)
    with pytest.warns(RuntimeWarning, match="ignored the knowledge cache") as caught:
        loaded = load_knowledge(small, cache_dir=cache_dir)
    assert any(said in str(w.message) for w in caught), [str(w.message) for w in caught]
    assert compiles == [1], "compiled again"
    assert not (cache_dir / "pwned").exists(), "nothing in the file ran"
    _same(reference, loaded)
    compiles.clear()
    load_knowledge(small, cache_dir=cache_dir)
    assert compiles == [], "the entry was written again, whole"


def test_knowledge_cache_an_unwritable_folder_only_warns(small, reference, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    with pytest.warns(RuntimeWarning, match="was not written"):
        loaded = load_knowledge(small, cache_dir=blocked / "cache")
    _same(reference, loaded)


@pytest.mark.slow
def test_knowledge_cache_ruler_from_the_cache_finds_the_same_entities(config, tmp_path):
    """The spaCy pipeline built from cached knowledge and cached ruler tokens marks the same
    entities, with the same labels and ids, as one built without any cache, and as one whose ruler
    is spaCy's own EntityRuler given the patterns as before (`add_patterns`, one Doc each)."""
    from pipeline.entities import demonym_patterns
    from pipeline.gazetteer import ruler_patterns
    from pipeline.nlp import build_nlp

    folders = (PROJECT_DIR / "seeds", PROJECT_DIR / "tests" / "heldout")
    texts = [path.read_text(encoding="utf-8") for folder in folders for path in sorted(folder.glob("*.txt"))]
    texts.append("QAIM, Iraq — The PMU and Kata'ib Hezbollah said IS fighters hit Hit; Malian troops left.")

    def entities(nlp):
        return [[(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents] for doc in nlp.pipe(texts)]

    knowledge = load_knowledge(config)
    expected = entities(build_nlp(config, knowledge))
    spacys = build_nlp(config, knowledge)
    ruler = spacys.replace_pipe(
        "gazetteer_ruler", "entity_ruler", config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"}
    )
    with spacys.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns(knowledge.gazetteer) + demonym_patterns(knowledge.institutions))
    assert entities(spacys) == expected
    cache_dir = tmp_path / "cache"
    cold = build_nlp(config, load_knowledge(config, cache_dir=cache_dir))
    assert len(list(cache_dir.glob(f"*{RULER_SUFFIX}"))) == 1
    warm_knowledge = load_knowledge(config, cache_dir=cache_dir)
    warm = build_nlp(config, warm_knowledge)
    assert entities(cold) == expected
    assert entities(warm) == expected
    assert len(warm.get_pipe("gazetteer_ruler")) == len(cold.get_pipe("gazetteer_ruler")) > 20_000
    (ruler_file,) = cache_dir.glob(f"*{RULER_SUFFIX}")
    _flip_a_byte(ruler_file)
    with pytest.warns(RuntimeWarning, match="ignored the knowledge cache"):
        again = build_nlp(config, warm_knowledge)
    assert entities(again) == expected


def test_knowledge_cache_files_pass_the_out_folder_check(small, tmp_path):
    """A folder whose .cache/ holds the knowledge entry is still one a build may write into."""
    from pipeline.rebuild import check_out_folder
    from pipeline.store import CACHE_DIR

    out = tmp_path / "out"
    load_knowledge(small, cache_dir=out / CACHE_DIR)
    (out / CACHE_DIR / ("ab" * 32 + RULER_SUFFIX)).write_text("{}", encoding="utf-8")
    check_out_folder(out, small)


@pytest.mark.slow
def test_knowledge_cache_a_build_keeps_both_entries_and_a_tampered_one_changes_no_table(
    seed_build, folder_builder, tmp_path
):
    """A build of the seeds keeps the knowledge and the ruler entries in DATA/.cache/; a rebuild from
    scratch of an added article (the per-article cache and the previous rows removed, so spaCy runs)
    whose entries were tampered with warns, compiles again and writes the tables of a build with no
    knowledge cache at all."""
    import pandas as pd

    from pipeline.schema import TABLES
    from pipeline.store import CACHE_DIR, UNCURATED

    _, _, out = seed_build
    assert len(list((out / CACHE_DIR).glob(f"*{KNOWLEDGE_SUFFIX}"))) == 1
    assert len(list((out / CACHE_DIR).glob(f"*{RULER_SUFFIX}"))) == 1
    src = tmp_path / "src"
    shutil.copytree(PROJECT_DIR / "seeds", src)
    (src / "added.txt").write_text(
        "Kata'ib Hezbollah fighters clashed with IS near al-Qaim on Monday, the PMU said.\n", encoding="utf-8"
    )
    tampered = tmp_path / "tampered"
    (tampered / CACHE_DIR).mkdir(parents=True)
    for entry in (out / CACHE_DIR).glob("*.*"):
        if entry.suffix in (KNOWLEDGE_SUFFIX, RULER_SUFFIX):
            _flip_a_byte(shutil.copy(entry, tampered / CACHE_DIR / entry.name))
    with pytest.warns(RuntimeWarning, match="ignored the knowledge cache"):
        _, rebuilt = folder_builder(src, tampered)
    _, plain = folder_builder(src, tmp_path / "plain")
    for table in TABLES:
        pd.testing.assert_frame_equal(rebuilt[table], plain[table], obj=table)
    for folder in (tampered, tampered / UNCURATED):
        assert (folder / "manifest.json").exists()
