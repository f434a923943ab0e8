"""Reading a folder of articles: decoding, HTML, the metadata sidecar, and bad input reported by name."""

import json

import pytest

from pipeline.sources import decode_bytes, parse_sidecar_rows, read_sources

LIMIT = 1_000_000


def _reasons(problems):
    return {p.source_file: p.reason for p in problems}


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Kata’ib Hezbollah".encode(), "utf-8"),
        ("\ufeffBOM first".encode("utf-8"), "utf-8"),
    ],
)
def test_sources_decode_utf8(data, encoding):
    text, found = decode_bytes(data)
    assert found == encoding and not text.startswith("\ufeff")


def test_sources_decode_windows_1252_records_the_encoding():
    data = "The militia’s commander said “we will stay” in Qaim, café and naïve words.".encode("cp1252") * 5
    text, encoding = decode_bytes(data)
    assert "“we will stay”" in text
    assert encoding != "utf-8"


@pytest.mark.parametrize(
    ("data", "word"), [(b"", "empty"), (b"  \n\t ", "empty"), (b"\x00\x01\x02PK\x03\x04" * 50, "binary")]
)
def test_sources_decode_refuses_empty_and_binary(data, word):
    assert word in decode_bytes(data)


def test_sources_folder_with_bad_files_keeps_the_good_ones(tmp_path):
    (tmp_path / "good.txt").write_text("Iraqi forces entered Al Qaim on Monday.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "huge.txt").write_text("x" * 6000)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    articles, problems = read_sources(tmp_path, max_file_bytes=5000)
    assert [a.doc_id for a in articles] == ["good"]
    reasons = _reasons(problems)
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "limit" in reasons["huge.txt"]
    assert "notes.pdf" not in reasons


def test_sources_html_goes_through_trafilatura(tmp_path):
    body = " ".join(["Kataib Hezbollah fighters moved toward the border near Al Qaim."] * 8)
    html = f"""<html><head><title>Militias move | Example News</title>
    <meta name="author" content="Jane Roe"></head><body><nav>Home | World | Sign up</nav>
    <article><h1>Militias move</h1><p>{body}</p><p>{body}</p></article>
    <footer>Cookie policy. All rights reserved.</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    articles, problems = read_sources(tmp_path, max_file_bytes=LIMIT)
    (article,) = articles
    assert "Kataib Hezbollah fighters" in article.raw_text
    assert "Cookie policy" not in article.raw_text
    assert article.html_metadata.get("author") == "Jane Roe"


def test_sources_sidecar_json_and_rows_for_missing_files(tmp_path):
    (tmp_path / "a.txt").write_text("Text about Syria.", encoding="utf-8")
    rows = [{"file": "a.txt", "outlet": "Example", "colour": "red"}, {"file": "ghost.txt", "outlet": "X"}]
    (tmp_path / "metadata.json").write_text(json.dumps(rows), encoding="utf-8")
    (article,), problems = read_sources(tmp_path, max_file_bytes=LIMIT)
    assert article.sidecar == {"file": "a.txt", "outlet": "Example"}
    text = " ".join(p.reason for p in problems)
    assert "colour" in text and "ghost.txt" in text


def test_sources_sidecar_without_file_column_is_ignored_with_a_reason():
    sidecar, problems = parse_sidecar_rows([{"name": "a.txt"}], "metadata.csv")
    assert sidecar == {}
    assert any("'file'" in p.reason for p in problems)


def test_sources_sidecar_unreadable_json_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "metadata.json").write_text("{not json", encoding="utf-8")
    articles, problems = read_sources(tmp_path, max_file_bytes=LIMIT)
    assert len(articles) == 1
    assert any(p.source_file == "metadata.json" and "unreadable" in p.reason for p in problems)


def test_sources_missing_folder_is_a_problem(tmp_path):
    articles, problems = read_sources(tmp_path / "nope", max_file_bytes=LIMIT)
    assert articles == [] and "does not exist" in problems[0].reason
