"""`--out`: a folder the build does not own is refused and left alone, forcing deletes nothing of the
user's, and one build at a time writes a folder (the second waits, or stops saying why)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from filelock import FileLock
from test_robustness_store import manifest_matches_files

from pipeline.build import build_corpus
from pipeline.config import PROJECT_DIR, PipelineConfig
from pipeline.rebuild import check_out_folder
from pipeline.schema import SCHEMA_VERSION
from pipeline.store.parquet import LOCK, MANIFEST, FolderBusy, build_lock, read_manifest, read_tables, write_tables

KEY = "0123456789abcdef" * 4  # the shape of a cache key
STORY = "Iraqi forces entered Al Qaim on Monday, officials in Baghdad said. Kata'ib Hezbollah denied any role."
# A user's folder: nothing in it was written by a build, though some names look like ours.
USER_FILES = {
    "notes.txt": b"my notes",
    "draft.tmp": b"a draft",
    ".session.tmp": b"an editor's swap file",
    ".documents.parquet.tmp": b"not a name the build writes",
    MANIFEST: b'{"name": "my web app", "version": 3}',
    ".cache/user-notes.pickle": b"another tool's cache",
    ".cache/old.tmp": b"another tool's temporary file",
    "results/summary.csv": b"a,b\n1,2\n",
}


def _write_files(folder: Path, files: dict[str, bytes]) -> None:
    for name, payload in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(payload)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "my-project"
    _write_files(folder, USER_FILES)
    return folder


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    return folder


def _config(tmp_path: Path, **changes) -> PipelineConfig:
    """A build whose decisions file is the test's own, outside the data folder."""
    return PipelineConfig(curation_file=tmp_path / "curation.yaml", **changes)


def test_out_folder_of_a_user_is_refused_and_left_untouched(user_folder, src, tmp_path):
    before = _snapshot(user_folder)
    with pytest.raises(ValueError, match="holds no build of this pipeline") as refused:
        build_corpus(src, user_folder, config=_config(tmp_path))
    message = str(refused.value)
    assert str(user_folder) in message and "--force-out" in message
    assert all(name in message for name in ("notes.txt", MANIFEST, ".cache/user-notes.pickle"))
    assert _snapshot(user_folder) == before and not (user_folder / LOCK).exists()


def test_out_folder_refusal_from_the_command_line_names_folder_and_files(user_folder, src):
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", str(src), "--out", str(user_folder)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert str(user_folder) in result.stderr and "notes.txt" in result.stderr and "--force-out" in result.stderr
    assert "Traceback" not in result.stderr


def _our_build(folder: Path) -> None:
    write_tables({}, folder, {"schema_version": SCHEMA_VERSION})


@pytest.mark.parametrize(
    "layout",
    [
        "missing",
        "empty",
        "project data folder",  # data/ before its first build: hand-kept knowledge and decisions
        "first build killed",  # cache entries and temporary files, no manifest yet
        "our build beside other files",
        "damaged manifest, uncurated intact",
        "damaged manifest among our tables",
    ],
)
def test_out_folder_accepts_new_empty_and_own_folders(tmp_path, layout):
    out = tmp_path / "data"
    config = PipelineConfig(knowledge_dir=out / "knowledge", curation_file=out / "curation.yaml")
    if layout != "missing":
        out.mkdir()
    if layout == "project data folder":
        _write_files(out, {"knowledge/base/actors.yaml": b"[]", "curation.yaml": b"", "curation.yaml.lock": b""})
    elif layout == "first build killed":
        _write_files(out, {f".cache/{KEY}.json": b"{}", ".cache/tmpab_12xyz.tmp": b"", ".build.lock": b""})
        _write_files(out, {"uncurated/.documents.parquet.k3j9x0_a.tmp": b"half", ".manifest.json.abcdefgh.tmp": b""})
    elif layout == "our build beside other files":
        _our_build(out)
        _write_files(out, {"notes.txt": b"kept"})
    elif layout == "damaged manifest, uncurated intact":
        _our_build(out)
        _our_build(out / "uncurated")
        (out / MANIFEST).write_text('{"schema_version": 1, "tabl', encoding="utf-8")
    elif layout == "damaged manifest among our tables":
        _our_build(out)
        (out / MANIFEST).write_bytes(b"\x00\xff garbage")
    check_out_folder(out, config)  # does not raise


@pytest.mark.parametrize(
    "files",
    [
        {"notes.txt": b"x"},
        {MANIFEST: b'{"name": "my web app"}'},  # JSON, but not a manifest of ours
        {".cache/user-notes.pickle": b"x"},
        {"uncurated/report.docx": b"x"},
        {"uncurated": b"a file, not our folder"},
    ],
    ids=["a file", "another program's manifest", "another cache", "a file among uncurated", "uncurated as a file"],
)
def test_out_folder_refuses_any_file_that_is_not_ours(tmp_path, files):
    out = tmp_path / "data"
    _write_files(out, files)
    with pytest.raises(ValueError, match="holds no build of this pipeline"):
        check_out_folder(out, _config(tmp_path))
    check_out_folder(out, _config(tmp_path), force=True)  # told to: no refusal


@pytest.mark.slow
def test_out_folder_forced_build_deletes_nothing_it_did_not_write(user_folder, src, tmp_path):
    theirs = {name: payload for name, payload in _snapshot(user_folder).items() if name != MANIFEST}
    summary = build_corpus(src, user_folder, config=_config(tmp_path), force_out=True)
    assert summary.n_documents == 1 and read_tables(user_folder)["documents"]["doc_id"].tolist() == ["story"]
    assert manifest_matches_files(user_folder)  # its manifest replaced the user's, as the refusal warned
    assert {name: _snapshot(user_folder).get(name) for name in theirs} == theirs
    # the folder is now ours: the next build needs no force, and prunes only its own cache entries
    assert build_corpus(src, user_folder, config=_config(tmp_path)).n_documents == 1
    assert {name: _snapshot(user_folder).get(name) for name in theirs} == theirs


def test_out_folder_second_writer_stops_naming_folder_and_lock(tmp_path, src):
    out = tmp_path / "data"
    waiting: list[str] = []
    with build_lock(out, timeout=0):
        started = time.monotonic()
        with pytest.raises(FolderBusy) as busy:
            build_corpus(
                src,
                out,
                config=_config(tmp_path, lock_timeout=0.5),
                on_progress=lambda fraction, message: waiting.append(message),
            )
    assert 0.5 <= time.monotonic() - started < 30
    assert str(out) in str(busy.value) and str(out / LOCK) in str(busy.value)
    assert waiting and "Waiting up to 0.5 s" in waiting[0]
    assert not (out / MANIFEST).exists()


def test_out_folder_lock_stops_a_build_from_the_command_line(tmp_path, src):
    out = tmp_path / "data"
    out.mkdir()
    with FileLock(str(out / LOCK)):  # another process's build, as the command line sees it
        result = subprocess.run(
            [sys.executable, "-m", "pipeline", "build", str(src), "--out", str(out), "--lock-timeout", "1"],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 1
    assert f"another build is writing {out}" in result.stderr and str(out / LOCK) in result.stderr


@pytest.mark.slow
def test_out_folder_build_waits_for_the_lock_then_builds(tmp_path, src):
    out = tmp_path / "data"
    held = threading.Event()

    def hold_for_a_second() -> None:
        with build_lock(out, timeout=0):
            held.set()
            time.sleep(1.0)

    holder = threading.Thread(target=hold_for_a_second)
    holder.start()
    held.wait(10)
    messages: list[str] = []
    summary = build_corpus(
        src, out, config=_config(tmp_path, lock_timeout=60), on_progress=lambda f, message: messages.append(message)
    )
    holder.join()
    assert summary.n_documents == 1 and manifest_matches_files(out)
    assert messages[0].startswith("Waiting up to 60 s for another build writing")


@pytest.mark.slow
def test_out_folder_two_builds_at_once_leave_one_whole_set(tmp_path, src):
    """Two command-line builds into one folder: each finishes or stops with the lock message, and
    the folder holds one whole, consistent set of tables with no temporary file left."""
    out = tmp_path / "data"
    (src / "second.txt").write_text(STORY.replace("Monday", "Tuesday"), encoding="utf-8")
    command = [sys.executable, "-m", "pipeline", "build", str(src), "--out", str(out), "--lock-timeout", "240"]
    builds = [subprocess.Popen(command, cwd=PROJECT_DIR, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [build.communicate(timeout=600)[1] for build in builds]
    for build, error in zip(builds, errors, strict=True):
        assert build.returncode == 0 or "another build is writing" in error, error
    assert any(build.returncode == 0 for build in builds)
    assert manifest_matches_files(out) and manifest_matches_files(out / "uncurated")
    assert read_manifest(out)["sources"].keys() == {"story.txt", "second.txt"}
    assert len(read_tables(out)["documents"]) == 2
    assert not list(out.rglob("*.tmp"))


def test_out_folder_never_deletes_temporary_files_of_other_names(tmp_path):
    out = tmp_path / "data"
    _our_build(out)
    theirs = {".notes.txt.abcdefgh.tmp": b"x", "draft.tmp": b"y", ".documents.parquet.tmp": b"z"}
    _write_files(out, theirs)
    (out / ".documents.parquet.abcdefgh.tmp").write_bytes(b"a leftover of ours")
    write_tables(
        {"documents": pd.DataFrame({"doc_id": ["a"], "text": ["A."], "n_words": [1]})}, out, {"schema_version": 1}
    )
    assert {name: (out / name).read_bytes() for name in theirs} == theirs
    assert not (out / ".documents.parquet.abcdefgh.tmp").exists()
