"""The decisions file as analysts hand-edit it: a file that cannot be read is refused whole with its file
and line, a bad entry is skipped with its line while the others apply, and recording keeps the file's
text; real files throughout, no build."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from pipeline.curation import decisions as decisions_module
from pipeline.curation import file as decisions_file
from pipeline.curation.decisions import load_decisions, read_decisions, record_decision, undo_decision
from pipeline.curation.reader import CurationError, CurationFileError

HEAD = "schema_version: 1\ndecisions:\n"
GOOD = "- id: good-{n}\n  kind: rename\n  actor: al-qaim\n  name: Qaim {n}\n  by: A\n  at: '2026-01-01'\n"


def _forget() -> None:
    """A fresh process: nothing parsed yet."""
    decisions_file._PARSED.clear()
    decisions_module._LOADED.clear()


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "curation.yaml"
    (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    _forget()
    return path


# name -> (file content, the line the message names, words of the message)
UNREADABLE = {
    "YAML syntax": (HEAD + GOOD.format(n=1) + "  note: [unclosed\n", 9, "while parsing a flow sequence"),
    "bad indentation": (HEAD + "- id: a\n kind: rename\n", 4, "not valid YAML"),
    "alias bomb": (
        HEAD + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
        3,
        "anchor &a is not allowed",
    ),
    "an alias in a decision": (
        HEAD + GOOD.format(n=1) + "- id: b\n  kind: add_actor\n  name: X\n  type: place\n  aliases: *x\n",
        13,
        "alias *x is not allowed",
    ),
    "a tag": (HEAD + "- !!python/object/apply:os.system ['echo hi']\n", 3, "tag"),
    "two documents": (HEAD + GOOD.format(n=1) + "---\n" + HEAD, 9, "second YAML document"),
    "a list at the top": ("- id: a\n", 1, "expected a mapping"),
    "unknown top-level key": (HEAD + GOOD.format(n=1) + "decision:\n- id: b\n", 9, "unknown top-level key"),
    "another schema": ("schema_version: 2\ndecisions: []\n", 1, "schema_version is 2"),
    "decisions not a list": ("schema_version: 1\ndecisions: rename al-qaim\n", 2, "decisions must be a list"),
    "a top-level key twice": (HEAD + GOOD.format(n=1) + "schema_version: 1\n", 9, "appears twice"),
    "too deep": (HEAD + "- id: a\n  aliases: [[[x]]]\n", 4, "nested deeper"),
}


@pytest.mark.parametrize("case", list(UNREADABLE))
def test_curation_file_unreadable_is_refused_with_file_and_line(tmp_path, case):
    text, line, words = UNREADABLE[case]
    path = _write(tmp_path, text)
    with pytest.raises(CurationFileError) as raised:
        load_decisions(path)
    message = str(raised.value)
    assert message.startswith(f"{path}:{line}: ") and words in message, message
    assert "Traceback" not in message and len(message) < 300


def test_curation_file_not_utf8_or_too_big_is_refused(tmp_path, monkeypatch):
    path = _write(tmp_path, (HEAD + GOOD.format(n=1)).encode() + b"  note: caf\xe9\n")
    with pytest.raises(CurationFileError, match=f"{path} is not UTF-8 text"):
        load_decisions(path)
    monkeypatch.setattr(decisions_file, "MAX_FILE_BYTES", 1000)  # the same check as at 20 MB, on a real file
    path = _write(tmp_path, HEAD + "".join(GOOD.format(n=n) for n in range(20)))
    with pytest.raises(CurationFileError, match="is over"):
        load_decisions(path)


# name -> (an entry, words of the reason it is skipped)
BAD_ENTRIES = {
    "lat not a number": ("kind: locate\n  actor: al-qaim\n  lat: abc\n  lon: 41", "lat 'abc' is not a number"),
    "lat out of range": ("kind: locate\n  actor: al-qaim\n  lat: 91\n  lon: 41", "lat 91 is out of range"),
    "lon not finite": ("kind: locate\n  actor: al-qaim\n  lat: 1\n  lon: .nan", "lon nan is not a number"),
    "list-valued actor": ("kind: rename\n  actor: [a, b]\n  name: X", "actor must be text, not a list"),
    "mapping-valued name": ("kind: rename\n  actor: a\n  name: {x: 1}", "name must be text, not a mapping"),
    "unknown kind": ("kind: explode\n  actor: a", "kind 'explode' is not one of"),
    "empty alias": ("kind: add_actor\n  name: Border\n  type: place\n  aliases: ['']", "the spelling 1 is empty"),
    "blank alias": ("kind: add_actor\n  name: Border\n  type: place\n  aliases: ['   ']", "is empty"),
    "one-letter alias": ("kind: add_actor\n  name: Border\n  type: place\n  aliases: [a]", "is no name"),
    "punctuation alias": ("kind: add_actor\n  name: Border\n  type: place\n  aliases: ['--']", "is no name"),
    "aliases not a list": ("kind: add_actor\n  name: Border\n  type: place\n  aliases: Border", "must be a list"),
    "too many aliases": (
        "kind: add_actor\n  name: Border\n  type: place\n  aliases: [" + ", ".join(f"b{i}" for i in range(101)) + "]",
        "holds 101 spellings (at most 100)",
    ),
    "over-long name": ("kind: rename\n  actor: a\n  name: " + "x" * 301, "301 characters long (at most 300)"),
    "line break in a name": ('kind: rename\n  actor: a\n  name: "Qaim\\nTown"', "line break"),
    "unknown key": ("kind: rename\n  actor: a\n  nmae: X", "unknown key nmae"),
    "missing field": ("kind: merge\n  actor: a", "merge needs into"),
    "type unknown": ("kind: retype\n  actor: a\n  type: wizard", "type 'wizard' is not one of"),
    "merged into itself": ("kind: merge\n  actor: a\n  into: a", "merged into itself"),
    "name without a letter": ("kind: add_actor\n  name: '!!'\n  type: place\n  aliases: [Border]", "no letter"),
    "key twice": ("kind: rename\n  actor: a\n  name: X\n  name: Y", "the key 'name' appears twice"),
    "half a place": ("kind: add_actor\n  name: B\n  type: place\n  aliases: [Border]\n  lat: 3", "both lat and lon"),
    "undone not a stamp": ("kind: rename\n  actor: a\n  name: X\n  undone: yes", "undone must be a mapping"),
}


@pytest.mark.parametrize("case", list(BAD_ENTRIES))
def test_curation_file_bad_entry_is_skipped_with_its_line(tmp_path, case):
    entry, words = BAD_ENTRIES[case]
    bad = f"- id: bad\n  {entry}\n  by: A\n  at: '2026-01-01'\n"
    path = _write(tmp_path, HEAD + GOOD.format(n=1) + bad + GOOD.format(n=2))
    loaded = load_decisions(path)
    assert [d.id for d in loaded.decisions] == ["good-1", "good-2"]  # every other decision applies
    (message,) = loaded.skipped
    assert message.startswith(f"{path}:9: decision bad skipped: ") and words in message, message


def test_curation_file_duplicate_id_keeps_the_first(tmp_path):
    path = _write(tmp_path, HEAD + GOOD.format(n=1) + GOOD.format(n=1))
    loaded = load_decisions(path)
    assert len(loaded.decisions) == 1 and "line 3" in loaded.skipped[0] and loaded.skipped[0].startswith(f"{path}:9:")


def test_curation_file_empty_or_missing_holds_no_decision(tmp_path):
    assert read_decisions(tmp_path / "none.yaml") == []
    assert read_decisions(_write(tmp_path, "")) == []
    assert read_decisions(_write(tmp_path, "# only a comment\n")) == []
    assert read_decisions(_write(tmp_path, "schema_version: 1\ndecisions:\n")) == []


def test_curation_file_record_refuses_an_unreadable_file_and_leaves_it(tmp_path):
    text = HEAD + GOOD.format(n=1) + "  note: [unclosed\n"
    path = _write(tmp_path, text)
    with pytest.raises(CurationFileError, match=f"{path}:9"):
        record_decision(path, "rename", by="A", actor="al-qaim", name="Qaim")
    assert path.read_text() == text


def test_curation_file_record_and_undo_keep_comments_and_hand_edits(tmp_path):
    text = "# our desk's decisions\n" + HEAD + GOOD.format(n=1) + "  # checked with the field team\n" + GOOD.format(n=2)
    path = _write(tmp_path, text + "  note: |\n    two lines\n    of note\n")
    first = record_decision(path, "locate", by="B", actor="al-qaim", lat=34.4, lon=41.1, note="from the map")
    assert path.read_text().startswith(text)  # appended as text: nothing before it changed
    undo_decision(path, "good-1", by="C", note="wrong town")
    undo_decision(path, first.id, by="C")
    written = path.read_text()
    assert "# our desk's decisions" in written and "# checked with the field team" in written
    _forget()
    decisions = read_decisions(path)
    assert [d.id for d in decisions] == ["good-1", "good-2", first.id]
    assert decisions[0].undone["note"] == "wrong town" and decisions[2].undone["by"] == "C"
    assert decisions[1].note == "two lines\nof note"
    with pytest.raises(CurationError, match="already undone"):
        undo_decision(path, first.id, by="C")


TRICKY = ["yes", "no", "1e5", "0123", "null", "~", "2024-01-01", "12:30", ": x", "#x", "- a", "'quoted'", "Qā'im"]


def test_curation_file_values_read_back_as_written(tmp_path):
    """The reader types plain scalars by PyYAML's own rules, so whatever safe_dump writes reads back."""
    path = tmp_path / "curation.yaml"
    made = [record_decision(path, "rename", by="A", actor=f"a{i}", name=f"{v}", note=v) for i, v in enumerate(TRICKY)]
    made.append(record_decision(path, "locate", by="A", actor="x", lat=-0.5, lon=180))
    _forget()
    assert read_decisions(path) == made


def test_curation_file_cached_reads_equal_a_fresh_read(tmp_path):
    """What one process remembers of the file after recording and undoing is what a fresh one reads."""
    path = _write(tmp_path, HEAD + GOOD.format(n=1) + "- id: bad\n  kind: explode\n  by: A\n  at: x\n")
    load_decisions(path)
    decision = record_decision(path, "rename", by="A", actor="al-qaim", name="Qaim")
    undo_decision(path, "good-1", by="B")
    record_decision(path, "reject_actor", by="A", actor="islamic-state")
    undo_decision(path, decision.id, by="B")
    remembered = load_decisions(path)
    _forget()
    assert load_decisions(path) == remembered and len(remembered.decisions) == 3 and len(remembered.skipped) == 1


def test_curation_file_six_threads_recording_at_once_lose_nothing(tmp_path):
    """Six browser sessions of one dashboard server (threads) on a file of 2,000 decisions."""
    path = _write(tmp_path, HEAD + "".join(GOOD.format(n=n) for n in range(2000)))
    barrier = threading.Barrier(6)
    errors = []

    def decide(who: int) -> None:
        barrier.wait()
        try:
            record_decision(path, "rename", by=f"analyst {who}", actor=f"actor-{who}", name="X")
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=decide, args=(who,)) for who in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    _forget()
    decisions = read_decisions(path)
    assert not errors and len(decisions) == 2006
    assert {d.by for d in decisions[2000:]} == {f"analyst {who}" for who in range(6)}
