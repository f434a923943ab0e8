"""Reading a folder of articles: decoding, HTML, the metadata sidecar, and bad input reported by name."""

import json

import pytest

from pipeline.ingest.sources import decode_bytes, parse_sidecar_rows, read_sources

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
    assert reasons["notes.pdf"].startswith("PDF is damaged or no PDF")


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


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Kata’ib Hezbollah in Qaim".encode("utf-16"), "utf-16"),  # Notepad's "Unicode": BOM + zero bytes
        ("Kata’ib Hezbollah in Qaim".encode("utf-32"), "utf-32"),
    ],
)
def test_sources_decode_utf16_and_utf32_by_their_byte_order_mark(data, encoding):
    assert decode_bytes(data) == ("Kata’ib Hezbollah in Qaim", encoding)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Le café à Qaim — the militia’s commander said “we stay”. ", "cp1252"),
        ("The café in Qaim was closed, señor Ramírez said. ", "latin-1"),
    ],
)
def test_sources_decode_western_single_byte_text_as_windows_1252(text, codec):
    """charset-normalizer rates cp1250 as high as cp1252 here; cp1250 would turn à into ŕ."""
    decoded, encoding = decode_bytes((text * 4).encode(codec))
    assert decoded == text * 4 and encoding == "cp1252"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("\u3000\u00a0\n".encode(), "only whitespace"),
        (b"... --- !!! ***\n", "no letters or digits"),
        ("   ".encode("utf-16"), "only whitespace"),
        (b"\xff\xfe\x00\xd8", "not valid utf-16"),  # a mark, then half a surrogate pair
    ],
)
def test_sources_decode_refuses_text_without_content(data, reason):
    assert reason in decode_bytes(data)


def test_sources_unreadable_file_is_reported_not_raised(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_text("Iraqi forces entered Al Qaim.", encoding="utf-8")
    (tmp_path / "locked.txt").write_text("secret", encoding="utf-8")
    real_read = type(tmp_path).read_bytes

    def read_bytes(path):
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read(path)

    monkeypatch.setattr(type(tmp_path), "read_bytes", read_bytes)
    articles, problems = read_sources(tmp_path, max_file_bytes=LIMIT)
    assert [a.doc_id for a in articles] == ["good"]
    assert _reasons(problems)["locked.txt"] == "file could not be read (Permission denied); skipped"


def test_sources_oversized_file_is_skipped_whole_not_truncated(tmp_path):
    (tmp_path / "big.txt").write_text("Qaim " * 300, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Qaim " * 10, encoding="utf-8")
    articles, problems = read_sources(tmp_path, max_file_bytes=1000)
    assert [a.doc_id for a in articles] == ["small"]
    assert _reasons(problems)["big.txt"] == "file is 1,500 bytes, over the 1,000-byte limit; skipped"


def test_sources_sidecar_csv_rows_with_extra_values_and_windows_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Text about Syria.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Text about Iraq.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,outlet\nsub\\a.txt,Alpha\n./b.txt,Beta,surplus\n", encoding="utf-8")
    articles, problems = read_sources(tmp_path, max_file_bytes=LIMIT)
    assert {a.source_file: a.sidecar.get("outlet") for a in articles} == {"sub/a.txt": "Alpha", "b.txt": "Beta"}
    assert [p.reason for p in problems] == ["row 3: more values than columns; extras ignored"]


def test_sources_second_sidecar_is_reported_as_ignored(tmp_path):
    (tmp_path / "a.txt").write_text("Text about Syria.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,outlet\na.txt,Alpha\n", encoding="utf-8")
    (tmp_path / "metadata.json").write_text('[{"file": "a.txt", "outlet": "Beta"}]', encoding="utf-8")
    (article,), problems = read_sources(tmp_path, max_file_bytes=LIMIT)
    assert article.sidecar["outlet"] == "Alpha"
    assert _reasons(problems) == {"metadata.json": "ignored: metadata.csv is the metadata sidecar used"}


def test_sources_never_follow_a_link_out_of_the_folder(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash", encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "article.txt").write_text("Troops entered Gao on Monday, officials said.", encoding="utf-8")
    (src / "passwd.txt").symlink_to(outside)
    (src / "inside.txt").symlink_to(src / "article.txt")
    articles, problems = read_sources(src, max_file_bytes=10_000)
    assert sorted(a.source_file for a in articles) == ["article.txt", "inside.txt"]
    assert [(p.source_file, p.severity) for p in problems] == [("passwd.txt", "error")]
    assert "outside the source folder" in problems[0].reason
