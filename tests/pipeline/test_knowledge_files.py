"""A knowledge file is read strictly: its version, every key its loader reads, no word YAML turns into a boolean."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import PipelineConfig
from pipeline.events import load_event_patterns
from pipeline.knowledge_files import KnowledgeFileError, strictly
from pipeline.quotes import load_quote_patterns


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "words.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _words_and_rules(path: Path) -> tuple[list, list]:
    """A loader that reads `words` and, of each rule, its `pattern`."""
    with strictly(path) as data:
        return list(data["words"]), [rule["pattern"] for rule in data.get("rules", [])]


def test_a_file_the_loader_reads_whole_passes_with_its_sources(tmp_path: Path) -> None:
    text = "schema_version: 1\nwords: [east, west]\nrules:\n  - {pattern: x+, source: invented}\n"
    path = _file(tmp_path, text)
    assert _words_and_rules(path) == (["east", "west"], ["x+"])


def test_an_unread_key_is_named_with_its_line(tmp_path: Path) -> None:
    path = _file(tmp_path, "schema_version: 1\nwords: [east]\nrules:\n  - pattern: x+\n    patern: y+\nwrods: [west]\n")
    with pytest.raises(KnowledgeFileError) as error:
        _words_and_rules(path)
    assert f"{path}:5: unknown key 'rules.patern'" in str(error.value)
    assert f"{path}:6: unknown key 'wrods'" in str(error.value)


@pytest.mark.parametrize("word", ["on", "off", "yes", "no", "~"])
def test_a_listed_word_yaml_reads_as_a_boolean_or_null_is_refused(tmp_path: Path, word: str) -> None:
    path = _file(tmp_path, f"schema_version: 1\nwords:\n  - in\n  - {word}\n")
    with pytest.raises(KnowledgeFileError, match=rf"{path}:4: '{word}' reads as .* \(quote it\)"):
        _words_and_rules(path)


@pytest.mark.parametrize("version", ["", "schema_version: 2\n"])
def test_a_file_of_another_or_no_version_is_refused(tmp_path: Path, version: str) -> None:
    path = _file(tmp_path, f"{version}words: [east]\n")
    with pytest.raises(KnowledgeFileError, match=rf"{path}:1: schema_version is .*; these loaders read version 1"):
        _words_and_rules(path)


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeFileError, match="a mapping of keys"):
        _words_and_rules(_file(tmp_path, "- east\n- west\n"))


def test_the_shipped_pattern_files_load_strictly() -> None:
    patterns = PipelineConfig().patterns_dir
    assert load_quote_patterns(patterns / "quotes.yaml").speech_verbs
    assert "on" in load_event_patterns(patterns / "events.yaml").place_prepositions


def test_a_misspelt_key_in_a_copy_of_a_shipped_file_is_named(tmp_path: Path) -> None:
    shipped = (PipelineConfig().patterns_dir / "quotes.yaml").read_text(encoding="utf-8")
    path = tmp_path / "quotes.yaml"
    path.write_text(shipped.replace("\nspeech_verbs:", "\nspeach_verbs:", 1), encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match="unknown key 'speach_verbs'"):
        load_quote_patterns(path)
