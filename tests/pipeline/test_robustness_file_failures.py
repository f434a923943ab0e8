"""One file's failure is a skipped file, never a stopped build (issue 10).

Each test forces one failure in one file of a small folder (a parser that is not installed, HTML
nested 50,000 deep, a 15 MB single line, spaCy or the analysis raising on one text, a MemoryError
while cleaning) and checks that the build names the file and the reason and that the other
articles are in the tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

import pipeline.documents
import pipeline.engines
import pipeline.ingest.sources
from pipeline.build import build_corpus
from pipeline.config import PipelineConfig
from pipeline.engines import text_pieces
from pipeline.rebuild import tables_status
from pipeline.records import failure_reason
from pipeline.store import read_tables

pytestmark = pytest.mark.slow

GOOD = {
    "floods.txt": (
        "Floods cut the road between Kassala and Gedaref on Monday, local officials said. Aid convoys "
        "of the World Food Programme waited at the bridge for a second day."
    ),
    "market.md": (
        "Traders in Goma reopened the central market on Saturday after a week of closures. "
        "Prices of maize flour doubled, a vendor told reporters."
    ),
}
PAGE = (
    "<html><head><title>Curfew in Kidal</title></head><body><article><h1>Curfew in Kidal</h1>"
    "<p>Authorities in Kidal imposed a night curfew on Thursday after clashes near the airport, "
    "residents said. Shops closed early and the roads to Gao were empty by evening.</p>"
    "<p>A local official said the curfew would last until the weekend.</p></article></body></html>"
)


@Language.component("test_fails_on_goma")
def _fails_on_goma(doc):
    """A pipeline component that fails on one text, as a model or a custom component may."""
    if "Goma" in doc.text:
        raise ValueError("E999 a component failed on this text")
    return doc


def _folder(tmp_path: Path, extra: dict[str, bytes | str]) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for name, content in {**GOOD, **extra}.items():
        data = content.encode() if isinstance(content, str) else content
        (src / name).write_bytes(data)
    return src


def _build(src: Path, tmp_path: Path, **settings):
    out = tmp_path / "data"
    config = PipelineConfig(curation_file=tmp_path / "curation.yaml", use_cache=False, **settings)
    summary = build_corpus(src, out, config=config)
    return summary, read_tables(out)


def _built_files(tables) -> set[str]:
    return set(tables["documents"]["source_file"])


def _reason(summary, name: str) -> str:
    reasons = [p for p in summary.problems if p.startswith(f"{name}:")]
    assert reasons, f"no problem names {name}: {summary.problems}"
    return reasons[0]


def test_a_missing_html_parser_skips_the_page_and_names_the_package(tmp_path, monkeypatch):
    def extractor_without_its_package(html):
        raise ModuleNotFoundError(
            "lxml.html.clean module is now a separate project lxml_html_clean", name="lxml_html_clean"
        )

    monkeypatch.setattr(pipeline.ingest.sources, "extract_html", extractor_without_its_package)
    summary, tables = _build(_folder(tmp_path, {"curfew.html": PAGE}), tmp_path)
    assert _built_files(tables) == set(GOOD)
    reason = _reason(summary, "curfew.html")
    assert "HTML extraction failed" in reason and "lxml_html_clean" in reason
    assert "pip install -r requirements.txt" in reason
    problems = tables["problems"]
    assert problems.loc[problems["source_file"] == "curfew.html", "severity"].tolist() == ["error"]
    assert tables_status(tmp_path / "data").state == "stale", "retried once the package is installed"


def test_a_file_skipped_for_its_content_is_not_retried(tmp_path):
    src = _folder(tmp_path, {"dump.txt": "word " * 500})
    _build(src, tmp_path, max_chars=1000)
    assert tables_status(tmp_path / "data").state == "fresh"


def test_an_extractor_error_skips_only_that_page(tmp_path, monkeypatch):
    real = pipeline.ingest.sources.extract_html

    def fragile(html):
        if "broken" in html:
            raise ValueError("lxml.etree.ParserError: Document is empty")
        return real(html)

    monkeypatch.setattr(pipeline.ingest.sources, "extract_html", fragile)
    src = _folder(tmp_path, {"curfew.html": PAGE, "broken.html": PAGE.replace("Kidal", "broken Kidal")})
    summary, tables = _build(src, tmp_path)
    assert _built_files(tables) == {*GOOD, "curfew.html"}
    assert "ValueError: lxml.etree.ParserError" in _reason(summary, "broken.html")


def test_html_nested_fifty_thousand_deep_never_stops_the_build(tmp_path):
    deep = "<html><body>" + "<div>" * 50_000 + "Deep text about Juba." + "</div>" * 50_000 + "</body></html>"
    summary, tables = _build(_folder(tmp_path, {"deep.html": deep, "curfew.html": PAGE}), tmp_path)
    assert {*GOOD, "curfew.html"} <= _built_files(tables)
    if "deep.html" not in _built_files(tables):
        assert _reason(summary, "deep.html")


def test_a_fifteen_megabyte_single_line_is_skipped_with_the_limit_named(tmp_path):
    line = ("word " * 3_000_000).encode()  # 15,000,000 bytes, no line break
    summary, tables = _build(_folder(tmp_path, {"dump.txt": line}), tmp_path)
    assert _built_files(tables) == set(GOOD)
    reason = _reason(summary, "dump.txt")
    assert "15,000,000 characters" in reason and "--max-chars" in reason


def test_a_memory_error_while_cleaning_skips_that_file(tmp_path, monkeypatch):
    real = pipeline.documents.clean_article

    def clean(raw, patterns):
        if "Goma" in raw:
            raise MemoryError()
        return real(raw, patterns)

    monkeypatch.setattr(pipeline.documents, "clean_article", clean)
    summary, tables = _build(_folder(tmp_path, {}), tmp_path)
    assert _built_files(tables) == {"floods.txt"}
    assert "too large to hold in memory" in _reason(summary, "market.md")


def test_a_spacy_error_on_one_text_skips_only_that_text(tmp_path, monkeypatch):
    real = pipeline.engines.build_nlp

    def nlp_that_fails_on_one_text(config, knowledge):
        nlp = real(config, knowledge)
        nlp.add_pipe("test_fails_on_goma", last=True)
        return nlp

    monkeypatch.setattr(pipeline.engines, "build_nlp", nlp_that_fails_on_one_text)
    summary, tables = _build(_folder(tmp_path, {"curfew.html": PAGE}), tmp_path)
    assert _built_files(tables) == {"floods.txt", "curfew.html"}
    reason = _reason(summary, "market.md")
    assert reason.startswith("market.md: spaCy analysis failed: ValueError: E999")
    assert set(tables["mentions"]["doc_id"]) >= {"floods", "curfew"}


def test_an_analysis_error_on_one_text_skips_only_that_text(tmp_path, monkeypatch):
    real = pipeline.engines.analyse_doc

    def analyse(doc, published, knowledge, *, fuzzy_threshold):
        if "Kassala" in doc.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc, published, knowledge, fuzzy_threshold=fuzzy_threshold)

    monkeypatch.setattr(pipeline.engines, "analyse_doc", analyse)
    summary, tables = _build(_folder(tmp_path, {}), tmp_path)
    assert _built_files(tables) == {"market.md"}
    assert "nested too deeply" in _reason(summary, "floods.txt")


def test_when_every_file_fails_the_build_says_why(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.documents, "clean_article", lambda raw, patterns: 1 / 0)
    with pytest.raises(ValueError, match=r"floods\.txt: cleaning failed: ZeroDivisionError"):
        _build(_folder(tmp_path, {}), tmp_path)


def test_a_long_text_is_analysed_in_pieces_with_offsets_into_the_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.engines, "PIECE_CHARS", 400)
    long_text = "\n\n".join(
        f"Report {n}. Fighters of the Rapid Support Forces entered El Fasher on Monday, residents said. "
        f"The Sudanese army said it had repelled the attack near Kassala."
        for n in range(12)
    )
    src = _folder(tmp_path, {"long.txt": long_text})
    summary, tables = _build(src, tmp_path)
    assert "long.txt" in _built_files(tables)
    text = tables["documents"].set_index("doc_id").loc["long", "text"]
    mentions = tables["mentions"][tables["mentions"]["doc_id"] == "long"]
    assert all(text[m.start : m.end] == m.surface for m in mentions.itertuples())
    late = mentions[mentions["start"] > len(text) * 0.8]
    assert not late.empty, "the last pieces of the text were analysed too"
    sentences = tables["sentences"][tables["sentences"]["doc_id"] == "long"]
    assert all(text[s.start : s.end] == s.text for s in sentences.itertuples())


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=300), st.integers(min_value=1, max_value=40))
def test_text_pieces_join_back_exactly_and_respect_the_limit(text, limit):
    pieces = text_pieces(text, limit)
    assert "".join(pieces) == text
    assert all(len(piece) <= limit for piece in pieces)


def test_failure_reasons_name_the_remedy():
    assert "pip install -r requirements.txt" in failure_reason("reading", ImportError("x", name="pypdf"))
    assert "(pypdf)" in failure_reason("reading", ImportError("x", name="pypdf"))
    assert failure_reason("reading", OSError("disk gone")) == "reading failed: OSError: disk gone; skipped"
