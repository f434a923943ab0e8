"""Property tests: any bytes decode or are refused, any text cleans, any article builds with true offsets."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline.build
import pipeline.engines
from pipeline.build import build_corpus
from pipeline.cleaning import clean_article
from pipeline.config import PipelineConfig
from pipeline.ingest.sources import decode_bytes
from pipeline.store import read_tables

GOOD = "Iraqi forces entered Al Qaim on Monday, officials told Reuters. Kata'ib Hezbollah denied it.\n"
# Pieces of real-looking articles, and of the ways they go wrong, for hypothesis to combine.
FRAGMENTS = (
    "Kata'ib Hezbollah",
    "Kata’ib Hizbullah",
    "Popular Mobilization Units (PMUs)",
    " the PMF ",
    "Al Qaim",
    "al-Qaim",
    "Abu Mahdi al-Muhandis",
    "Islamic State",
    " Park ",
    "United Sates",
    "on Dec. 19, 2018",
    "last Tuesday",
    "mid-2019",
    "in the 1990s",
    '"We will not leave," said Abu Fadak. ',
    "“Quote without an end ",
    " he said.",
    "QAIM, Iraq — ",
    "By Jane Roe\n",
    "Photo: Reuters\n",
    "Subscribe to our newsletter\n",
    "# Heading\n",
    "**bold** [link](http://example.com) ",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<p>",
    "&amp; &lt;",
    "\r\n",
    "\n\n",
    "\t",
    "\ufeff",
    "\u200b",
    "\u00a0",
    "\u00ad",
    "\u200f",
    "e\u0301",
    "القائم",
    "🙂",
    "=HYPERLINK(1)",
    ". ",
    "'s",
)
ARTICLE_TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=14).map("".join)
FILE_KIND = st.sampled_from([".txt", ".md", ".html"])
ENCODING = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_properties_decode_bytes_never_raises(data):
    decoded = decode_bytes(data)
    assert isinstance(decoded, str) or (isinstance(decoded[0], str) and decoded[1])


@settings(max_examples=200, deadline=None)
@given(ARTICLE_TEXT)
def test_properties_cleaning_never_raises_and_drops_carriage_returns(knowledge, text):
    cleaned = clean_article(text, knowledge.boilerplate)
    assert "\r" not in cleaned.text


@pytest.fixture(scope="module")
def quick_build(nlp, knowledge):
    """build_corpus with the session's model and knowledge, so an example costs a build, not a model load."""

    def run(src: Path, out: Path) -> None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(pipeline.engines, "build_nlp", lambda config, gazetteer: nlp)
            patch.setattr(pipeline.build, "load_knowledge", lambda config, **_: knowledge)
            build_corpus(src, out, config=dataclasses.replace(PipelineConfig(), use_cache=False))

    return run


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ARTICLE_TEXT, suffix=FILE_KIND, encoding=ENCODING)
def test_properties_any_article_builds_and_every_offset_is_true(quick_build, text, suffix, encoding):
    with tempfile.TemporaryDirectory() as folder:
        src, out = Path(folder) / "src", Path(folder) / "data"
        src.mkdir()
        (src / "good.txt").write_text(GOOD, encoding="utf-8")
        (src / f"generated{suffix}").write_bytes(text.encode(encoding, errors="replace"))
        quick_build(src, out)
        tables = read_tables(out)
    documents = tables["documents"].set_index("doc_id")
    skipped = set(tables["problems"].loc[tables["problems"]["severity"] == "error", "source_file"])
    assert ("generated" in documents.index) != (f"generated{suffix}" in skipped)
    for name, column in (("mentions", "surface"), ("sentences", "text"), ("dates", "text"), ("quotes", "quote")):
        for row in tables[name].itertuples():
            assert documents.at[row.doc_id, "text"][row.start : row.end] == getattr(row, column), (name, row)
