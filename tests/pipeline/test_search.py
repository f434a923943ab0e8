"""Full-text search (pipeline.search): folded words, the query parser, actor expansion, the FTS5 index
file and its place among the build's files. Texts are invented, not the seeds'."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import PipelineConfig
from pipeline.rebuild import check_out_folder
from pipeline.search import (
    AliasIndex,
    QueryError,
    SearchIndex,
    find,
    index_writer,
    load_rules,
    match_spans,
    parse_query,
    split_words,
    write_index,
)
from pipeline.search.query import alternatives, expand_actors, fts_expression, leaves
from pipeline.search.text import fold_word
from pipeline.store.parquet import JOURNAL, SEARCH_INDEX, foreign_entries, recover, write_tables

RULES = load_rules(PipelineConfig().patterns_dir / "names.yaml")
SENTENCES = [
    # doc_id, sent_id, text
    ("a1", 0, "Hay’at Tahrir al-Sham fighters took the crossing at dawn."),
    ("a1", 1, "Médecins Sans Frontières said its clinic was shelled."),
    ("a1", 2, "The group’s leaders denied it."),
    ("a2", 0, "Al-Shabaab attacked a base near Mogadishu."),
    ("a2", 1, "HTS and Hayat Tahrir al Sham are one group, the analysts said."),
    ("a2", 2, "Fuel smuggling through the port rose."),
    ("a3", 0, "Al Shabab claimed the attack; medecins sans frontieres evacuated staff."),
    ("a3", 1, "It is unclear who is in charge of the smugglers."),
    ("a4", 0, "Aid convoys reached the town."),
]
ACTORS = {
    "hts": ["Hay'at Tahrir al-Sham", "HTS", "Tahrir al-Sham"],
    "al-shabaab": ["Al-Shabaab", "Harakat al-Shabaab al-Mujahideen", "Shabaab"],
    "msf": ["Médecins Sans Frontières", "MSF", "Doctors Without Borders"],
    "islamic-state": ["Islamic State", "IS", "Daesh"],
}


def sentences_frame(rows=SENTENCES) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "text"])


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.in_memory(sentences_frame(), RULES)


@pytest.fixture(scope="module")
def aliases() -> AliasIndex:
    return AliasIndex(ACTORS, RULES)


def hits(index: SearchIndex, aliases: AliasIndex, query: str) -> set[tuple[str, int]]:
    located = index.locate(find(index, query, aliases).rows)
    return set(zip(located["doc_id"], located["sent_id"], strict=True))


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Hay’at", "hayat"),
        ("Hay'at", "hayat"),
        ("Hayʼat", "hayat"),
        ("Médecins", "medecins"),
        ("Frontières", "frontieres"),
        ("group’s", "group"),
        ("ÉCOLE", "ecole"),
        ("ﬁghters", "fighters"),
    ],
)
def test_search_fold_word_drops_apostrophes_accents_case_and_possessive(word: str, folded: str) -> None:
    assert fold_word(word) == folded


def test_search_split_words_keeps_offsets_and_apostrophes_inside_words() -> None:
    text = "“Hay’at Tahrir al-Sham” and IS"
    words = split_words(text, RULES)
    assert [text[w.start : w.end] for w in words] == ["Hay’at", "Tahrir", "al", "Sham", "and", "IS"]
    assert [w.body for w in words] == ["hayat", "tahrir", "al", "sham", "and", "is"]
    assert words[-1].key != split_words("it is", RULES)[1].key  # the acronym IS is not the verb


def test_search_name_spellings_share_a_key() -> None:
    def key(word: str) -> str:
        return split_words(word, RULES)[0].key

    assert key("Hezbollah") == key("Hizbullah") == key("Hizballah")
    assert key("Shabaab") == key("Shabab")
    assert key("Kata’ib") == key("Kataib")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Hay'at", {("a1", 0), ("a2", 1)}),  # straight apostrophe finds the curly one, and none at all
        ("Hayat", {("a1", 0), ("a2", 1)}),
        ("medecins", {("a1", 1), ("a3", 0)}),
        ('"Médecins Sans Frontières"', {("a1", 1), ("a3", 0)}),
        ("“tahrir al-sham”", {("a1", 0), ("a2", 1)}),  # curly quotes make a phrase
        ("smuggling OR smugglers", {("a2", 2), ("a3", 1)}),
        ("smuggl*", {("a2", 2), ("a3", 1)}),
        ("Shabab", {("a2", 0), ("a3", 0)}),  # a transliteration of the name
        ("aid AND convoys", {("a4", 0)}),
        ("convoys NOT aid", set()),
    ],
)
def test_search_finds_sentences(index, aliases, query: str, expected: set) -> None:
    assert hits(index, aliases, query) == expected


def test_search_and_or_not_work_on_articles_and_hits_are_the_wanted_words(index, aliases) -> None:
    # a1 has Frontières and Hay’at; a3 has frontieres but no Hay'at: NOT takes a3 out
    assert hits(index, aliases, "frontieres NOT Hayat") == {("a3", 0)}
    # AND across sentences of one article: both words' sentences are hits
    assert hits(index, aliases, "Mogadishu AND smuggling") == {("a2", 0), ("a2", 2)}
    assert hits(index, aliases, "(Mogadishu OR convoys) AND NOT fuel") == {("a4", 0)}


def test_search_an_alias_finds_every_alias_of_its_actor(index, aliases) -> None:
    assert hits(index, aliases, "HTS") == {("a1", 0), ("a2", 1)}
    assert hits(index, aliases, "Doctors Without Borders") == {("a1", 1), ("a3", 0)}  # a run of words naming it
    assert hits(index, aliases, "MSF") == {("a1", 1), ("a3", 0)}


def test_search_short_acronym_is_not_the_word(index, aliases) -> None:
    assert hits(index, aliases, "IS") == set()  # the group; "is" in a3 is a verb
    assert ("a3", 1) in hits(index, aliases, "is")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"Tahrir al', "no closing quote"),
        ("(Shabaab OR HTS", "no closing “)”"),
        ("Shabaab)", "no opening"),
        ("HTS AND", "AND needs"),
        ("OR HTS", "OR needs"),
        ("NOT HTS", "NOT needs"),
        ("HTS NOT", "NOT needs"),
        ("s*", "at least 2 letters"),
        ("()", "hold nothing"),
        ("&& ||", "no letter or digit"),
        ("", "type a word"),
    ],
)
def test_search_malformed_query_says_what_is_wrong(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        parse_query(query)


@pytest.mark.parametrize(
    "query", ['body : "x" OR skel', "NEAR(a b)", '"a" * OR {body}', "x' OR 1=1 --", "a:b^c", "*", "'\""]
)
def test_search_user_text_never_reaches_match_as_syntax(index, aliases, query: str) -> None:
    try:
        tree = expand_actors(parse_query(query), aliases)
    except QueryError:
        return  # refused with a message is fine; what must not happen is an FTS5 syntax error
    for leaf in leaves(tree, positive=False):
        expression = fts_expression(alternatives(leaf, RULES))
        assert all(part.count('"') == 2 for part in expression.split(" OR "))
        index.matching_rows(expression)  # raises sqlite3.OperationalError on a syntax error


def test_search_match_spans_marks_the_words_in_the_original_text(aliases) -> None:
    text = "Hay’at Tahrir al-Sham, or HTS, met Médecins Sans Frontières."
    tree = expand_actors(parse_query("HTS OR medecins"), aliases)
    options = [option for leaf in leaves(tree) for option in alternatives(leaf, RULES)]
    assert [text[a:b] for a, b in match_spans(text, options, RULES)] == [
        "Hay’at Tahrir al-Sham",
        "HTS",
        "Médecins",
    ]


def test_search_index_file_is_updated_article_by_article(tmp_path: Path) -> None:
    first = tmp_path / "first.sqlite"
    assert write_index(first, sentences_frame(), RULES, sentences_digest="one", previous=None)
    changed = [row for row in SENTENCES if row[0] != "a4"] + [("a5", 0, "Shabaab fighters withdrew.")]
    changed = [(d, s, "Fuel prices fell." if (d, s) == ("a2", 2) else t) for d, s, t in changed]
    second = tmp_path / "second.sqlite"
    assert write_index(second, sentences_frame(changed), RULES, sentences_digest="two", previous=first)
    with sqlite3.connect(second) as connection:
        numbers = dict(connection.execute("SELECT doc_id, doc_no FROM docs"))
    assert numbers["a1"] == 0 and numbers["a3"] == 2  # unchanged articles kept their rows
    assert numbers["a2"] in (3, 4) and "a4" not in numbers  # changed: re-indexed; gone: deleted
    index = SearchIndex.open(second)
    aliases = AliasIndex({}, RULES)
    assert hits(index, aliases, "smuggl*") == {("a3", 1)}  # a2's smuggling sentence changed
    assert hits(index, aliases, "convoys") == set()
    assert hits(index, aliases, "withdrew") == {("a5", 0)}
    # the same sentences again: nothing to write
    assert not write_index(tmp_path / "third.sqlite", sentences_frame(changed), RULES, sentences_digest="two",
                           previous=second)  # fmt: skip


def test_search_index_is_one_of_the_builds_own_files(tmp_path: Path) -> None:
    out = tmp_path / "data"
    frames = {"sentences": sentences_frame().assign(start=0, end=1)}
    search = index_writer(frames["sentences"], RULES, previous=out / SEARCH_INDEX)
    write_tables(frames, out, {"schema_version": "test"}, extras={SEARCH_INDEX: search})
    assert (out / SEARCH_INDEX).is_file() and not (out / JOURNAL).exists()
    assert foreign_entries(out) == []
    check_out_folder(out, PipelineConfig(curation_file=tmp_path / "none.yaml"))
    stamp = (out / SEARCH_INDEX).stat().st_mtime_ns
    write_tables(frames, out, {"schema_version": "test"}, extras={SEARCH_INDEX: search})
    assert (out / SEARCH_INDEX).stat().st_mtime_ns == stamp  # same sentences: the index is kept
    index = SearchIndex.open(out / SEARCH_INDEX)
    assert hits(index, AliasIndex(ACTORS, RULES), "Daesh OR Shabaab") == {("a2", 0), ("a3", 0)}


def test_search_index_rename_is_in_the_commit_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "data"
    frames = {"sentences": sentences_frame().assign(start=0, end=1)}
    search = index_writer(frames["sentences"], RULES, previous=out / SEARCH_INDEX)

    def killed(out_dir, renames):  # the build dies after writing its journal, before any rename
        raise KeyboardInterrupt

    monkeypatch.setattr("pipeline.store.parquet._commit", killed)
    with pytest.raises(KeyboardInterrupt):
        write_tables(frames, out, {"schema_version": "test"}, extras={SEARCH_INDEX: search})
    monkeypatch.undo()
    assert SEARCH_INDEX in (out / JOURNAL).read_text() and not (out / SEARCH_INDEX).exists()
    recover(out)
    assert SearchIndex.open(out / SEARCH_INDEX).matching_rows('body : "convoys"').size == 1
