"""Curation in the build: a malformed decisions file changes no table, a bad entry is skipped while the
rest applies, the curated and uncurated tables are replaced together, an edit of the decisions never
invalidates the per-article cache, and six writers at once lose no decision. Real seed builds throughout."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_robustness_store import manifest_matches_files

import pipeline.store.parquet
from pipeline import __main__ as cli
from pipeline import config as config_module
from pipeline.build import build_corpus
from pipeline.config import PROJECT_DIR, PipelineConfig
from pipeline.curation import recurate, uncurated_dir
from pipeline.curation.decisions import read_decisions, record_decision
from pipeline.curation.reader import CurationFileError
from pipeline.rebuild import tables_status
from pipeline.schema import TABLES
from pipeline.store import DATABASE, knowledge_fingerprint, open_database
from pipeline.store.parquet import JOURNAL, read_manifest, read_tables, write_tables

pytestmark = pytest.mark.slow

HEAD = "# hand-kept\nschema_version: 1\ndecisions:\n"


def _entry(decision_id: str, body: str) -> str:
    return f"- id: {decision_id}\n  {body}\n  by: Analyst\n  at: '2026-01-01T00:00:00+00:00'\n"


@pytest.fixture
def built(seed_build, tmp_path) -> dict:
    """A copy of the seed build (its cache too), its own decisions file, and a source folder whose
    first article changed since, so a build that goes through would change every manifest."""
    out, src = tmp_path / "data", tmp_path / "seeds"
    shutil.copytree(seed_build[2], out)
    shutil.copytree(PROJECT_DIR / "seeds", src)
    article = sorted(src.glob("*.txt"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\n\nIraqi forces returned to Al Qaim.\n", "utf-8")
    decisions = tmp_path / "curation.yaml"
    return {"out": out, "src": src, "decisions": decisions, "config": PipelineConfig(curation_file=decisions)}


def _digests(out: Path) -> dict[str, str]:
    """Every table and manifest of both sets, by SHA-256."""
    files = [p for folder in (out, uncurated_dir(out)) for p in sorted(folder.iterdir()) if p.is_file()]
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.name != ".build.lock"
    }


def test_curation_build_malformed_file_changes_no_table(built, monkeypatch, capsys):
    before = _digests(built["out"])
    built["decisions"].write_text(HEAD + _entry("a", "kind: rename\n  actor: al-qaim\n  name: Qaim") + "  note: [\n")
    with pytest.raises(CurationFileError, match=f"{built['decisions']}:10: not valid YAML"):
        build_corpus(built["src"], built["out"], config=built["config"])
    assert _digests(built["out"]) == before  # neither the uncurated nor the curated tables moved
    monkeypatch.setattr(config_module, "DEFAULT_CURATION_FILE", built["decisions"])  # the command line's default
    assert cli.main(["build", str(built["src"]), "--out", str(built["out"])]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"error: {built['decisions']}:10: not valid YAML") and "Traceback" not in error
    assert _digests(built["out"]) == before


def test_curation_build_bad_entries_are_skipped_and_the_rest_applies(built):
    built["decisions"].write_text(
        HEAD
        + _entry("rename", "kind: rename\n  actor: al-qaim\n  name: Qaim town")
        + _entry("abc", "kind: locate\n  actor: al-qaim\n  lat: abc\n  lon: 41")
        + _entry("listed", "kind: rename\n  actor: [al-qaim, anbar]\n  name: Both")
        + _entry("empty", "kind: add_actor\n  name: Nothing\n  type: place\n  aliases: ['']")
        + _entry("border", "kind: add_actor\n  name: Border strip\n  type: place\n  aliases: [border strip]")
    )
    summary = build_corpus(built["src"], built["out"], config=built["config"])
    tables = read_tables(built["out"])
    actors = tables["actors"].set_index("actor_id")
    assert actors.loc["al-qaim", "name"] == "Qaim town" and actors.loc["border-strip", "n_mentions"] >= 2
    mentions = tables["mentions"]
    assert (mentions["end"] > mentions["start"]).all()  # an empty alias added 843 zero-length mentions
    warnings = tables["problems"].loc[tables["problems"]["source_file"] == "curation", "reason"].tolist()
    path = built["decisions"]
    assert [w.split(" skipped: ")[0] for w in warnings] == [
        f"{path}:10: decision abc",
        f"{path}:17: decision listed",
        f"{path}:23: decision empty",
    ]
    assert sum("skipped" in p for p in summary.problems) == 3  # the command line lists them too
    assert read_manifest(built["out"])["sources"] == read_manifest(uncurated_dir(built["out"]))["sources"]


def test_curation_build_and_recurate_write_the_dashboards_database(built):
    """The build's last step writes tables.duckdb from the tables it wrote; re-applying the decisions
    rewrites it with them, so the dashboard opens it and never a database of older tables."""
    out = built["out"]
    build_corpus(built["src"], out, config=built["config"])
    with open_database(out, read_manifest(out)) as db:
        assert db.execute("SELECT count(*) FROM mentions").fetchone()[0] == len(read_tables(out)["mentions"])
        assert db.execute("SELECT count(*) FROM co_mentions").fetchone()[0] > 0
    assert read_manifest(out)["database"]["file"] == DATABASE and not (uncurated_dir(out) / DATABASE).exists()
    record_decision(built["decisions"], "rename", by="Analyst", actor="al-qaim", name="Qaim renamed")
    recurate(out, built["decisions"])
    with open_database(out, read_manifest(out)) as db:
        assert db.execute("SELECT name FROM actors WHERE actor_id = 'al-qaim'").fetchall() == [("Qaim renamed",)]


def test_curation_build_edit_keeps_every_article_from_the_cache(built):
    src = PROJECT_DIR / "seeds"
    assert build_corpus(src, built["out"], config=built["config"]).n_reused == 5
    record_decision(built["decisions"], "rename", by="Analyst", actor="al-qaim", name="Qaim")
    assert build_corpus(src, built["out"], config=built["config"]).n_reused == 5
    built["decisions"].write_text(built["decisions"].read_text() + "# a comment, and nothing else\n")
    summary = build_corpus(src, built["out"], config=built["config"])
    assert summary.n_reused == summary.n_documents == 5
    assert read_tables(built["out"])["actors"].set_index("actor_id").loc["al-qaim", "name"] == "Qaim"


def test_curation_fingerprint_ignores_a_decisions_file_kept_among_the_knowledge(tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT_DIR / "data" / "knowledge", knowledge)
    config = PipelineConfig(knowledge_dir=knowledge, curation_file=knowledge / "base" / "curation.yaml")
    before = knowledge_fingerprint(config)
    record_decision(config.decisions_path, "rename", by="Analyst", actor="al-qaim", name="Qaim")
    config.decisions_path.write_text(config.decisions_path.read_text() + "# comment\n")
    assert knowledge_fingerprint(config) == before
    names = knowledge / "base" / "patterns" / "names.yaml"
    names.write_text(names.read_text() + "# a knowledge edit\n")
    assert knowledge_fingerprint(config) != before  # knowledge edits still invalidate the cache


def _tables_of(out: Path) -> tuple[dict, dict, dict, dict]:
    return read_tables(out), read_manifest(out), read_tables(uncurated_dir(out)), read_manifest(uncurated_dir(out))


SET = len(TABLES) + 1  # the renames of one set: its tables and its manifest


@pytest.mark.parametrize("renames", [0, 1, 1 + SET // 2, 1 + SET, 1 + SET + SET // 2, 2 * SET])
def test_curation_sets_are_replaced_together_by_one_journal(seed_build, tmp_path, monkeypatch, renames):
    """A commit killed after any number of replaces (none; the journal only; inside the uncurated
    set; between the sets; inside the curated one; all but the last) leaves both sets old or both new."""
    out = tmp_path / "data"
    shutil.copytree(seed_build[2], out, ignore=shutil.ignore_patterns(".cache"))
    curated, manifest, uncurated, uncurated_manifest = _tables_of(out)
    new = {name: frame.head(0) if name == "documents" else frame for name, frame in curated.items()}
    real_replace, calls = pipeline.store.parquet.os.replace, []

    def replace(source, target):
        if len(calls) >= renames:  # the journal is the first replace, then the uncurated set, then the curated
            raise KeyboardInterrupt("killed")
        calls.append(target)
        real_replace(source, target)

    monkeypatch.setattr(pipeline.store.parquet.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_tables(new, out, {**manifest, "build": "new"}, uncurated=(new, {**uncurated_manifest, "build": "new"}))
    monkeypatch.undo()
    tables_status(out)  # the dashboard's first look finishes or discards the commit
    builds = {read_manifest(out).get("build"), read_manifest(uncurated_dir(out)).get("build")}
    assert builds == ({None} if renames == 0 else {"new"})
    assert manifest_matches_files(out) and manifest_matches_files(uncurated_dir(out))
    assert len(read_tables(out)["documents"]) == len(read_tables(uncurated_dir(out))["documents"])


def test_curation_recurate_finishes_a_killed_commit_before_reading(seed_build, tmp_path, monkeypatch):
    out = tmp_path / "data"
    shutil.copytree(seed_build[2], out, ignore=shutil.ignore_patterns(".cache"))
    curated, manifest, uncurated, uncurated_manifest = _tables_of(out)
    fewer = {**uncurated, "documents": uncurated["documents"].head(2)}
    real_replace, calls = pipeline.store.parquet.os.replace, []

    def replace(source, target):
        if len(calls) >= 3:
            raise KeyboardInterrupt("killed")
        calls.append(target)
        real_replace(source, target)

    monkeypatch.setattr(pipeline.store.parquet.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_tables(
            fewer, out, {**manifest, "build": "new"}, uncurated=(fewer, {**uncurated_manifest, "build": "new"})
        )
    monkeypatch.undo()
    assert (out / JOURNAL).exists()
    tables = recurate(out, tmp_path / "curation.yaml")
    assert len(tables["documents"]) == 2 and read_manifest(out)["build"] == "new"


_RECORD_AND_APPLY = """
import sys, time
from pathlib import Path
from pipeline.curation import recurate
from pipeline.curation import record_decision
data, path, start, who = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
(start.parent / f"ready-{who}").touch()
while not start.exists():
    time.sleep(0.005)
record_decision(path, "rename", by=who, actor="al-qaim", name=f"Qaim {who}")
recurate(data, path)
"""


def test_curation_six_writers_at_once_lose_no_decision(seed_build, tmp_path):
    """Six analysts' servers record and re-apply at the same moment, on a file of 2,000 decisions."""
    out, path, start = tmp_path / "data", tmp_path / "curation.yaml", tmp_path / "start"
    shutil.copytree(seed_build[2], out, ignore=shutil.ignore_patterns(".cache"))
    path.write_text(HEAD + "".join(_entry(f"old-{n}", "kind: accept_mention\n  mention: m") for n in range(2000)))
    writers = [f"w{n}" for n in range(6)]
    command = [sys.executable, "-c", _RECORD_AND_APPLY, str(out), str(path), str(start)]
    processes = [subprocess.Popen([*command, who], cwd=PROJECT_DIR) for who in writers]
    while not all((tmp_path / f"ready-{who}").exists() for who in writers) and all(p.poll() is None for p in processes):
        time.sleep(0.01)
    start.touch()
    assert [process.wait(timeout=300) for process in processes] == [0] * 6
    decisions = read_decisions(path)
    assert len(decisions) == 2006 and {d.by for d in decisions[2000:]} == set(writers)
    assert tables_status(out).state == "fresh"  # the last re-application applied all six
    assert read_manifest(out)["curation"]["decisions_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("folder", ["..", "../uncurated", "elsewhere", ["uncurated"], "link"])
def test_curation_journal_names_no_folder_but_the_uncurated_copy(tmp_path, folder):
    """The one journal may rename into uncurated/ too, and nowhere else: a journal naming another
    folder (or an uncurated/ that is a link) is discarded with a warning, and nothing moves."""
    out = tmp_path / "data"
    write_tables({}, out, {"schema_version": 1}, uncurated=({}, {"schema_version": 1}))
    (tmp_path / "elsewhere").mkdir()
    if folder == "link":
        shutil.rmtree(uncurated_dir(out))
        uncurated_dir(out).symlink_to(tmp_path / "elsewhere", target_is_directory=True)
        folder = "uncurated"
    staged = tmp_path / "elsewhere" / ".manifest.json.abcdefgh.tmp"
    staged.write_text("{}", encoding="utf-8")
    digest = hashlib.sha256(staged.read_bytes()).hexdigest()
    rename = {"temp": staged.name, "final": "manifest.json", "sha256": digest, "folder": folder}
    before = _digests(out) if folder != "uncurated" else None
    (out / JOURNAL).write_text(json.dumps({"format": 1, "renames": [rename]}), encoding="utf-8")
    with pytest.warns(RuntimeWarning, match=f"discarded the commit journal {out / JOURNAL}"):
        tables_status(out)
    assert staged.exists() and not (out / JOURNAL).exists()
    assert before is None or _digests(out) == before
