"""Files that are not UTF-8 (issue 16, item 7): the Windows code page whose letters spell a language,
Western European first, named in a warning; a UTF-8 file with a few stray lines decoded line by line.

Every file is real bytes, written by the test in the encoding a colleague's Windows tool would use.
"""

from __future__ import annotations

import pytest

from pipeline.ingest.charsets import decode_mixed_lines, read_code_page
from pipeline.ingest.sources import decode_text, read_sources

LIMIT = 1_000_000

# language, code page, text: one or two sentences of news, as short as an excerpt can be
SINGLE_BYTE = [
    ("French", "cp1252", "Déjà, les forces armées ont annoncé à Bamako qu'elles étaient prêtes à négocier."),
    ("French", "cp1252", "Déjà vu à Gao."),
    ("Spanish", "cp1252", "El ejército anunció que la situación en el norte era más difícil, según el señor Ramírez."),
    ("German", "cp1252", "Die Armee meldete, dass die Lage im Süden schwierig sei; Grüße aus Köln."),
    ("Portuguese", "cp1252", "O exército anunciou que a situação no norte é difícil, disse o porta-voz."),
    ("Polish", "cp1250", "Minister obrony narodowej powiedział, że sytuacja na granicy pozostaje napięta."),
    ("Czech", "cp1250", "Ministr obrany řekl, že situace na hranici zůstává napjatá a složitá."),
    ("Hungarian", "cp1250", "A honvédelmi miniszter szerint a határon a helyzet feszült, erőszakos."),
    ("Lithuanian", "cp1257", "Lietuvos kariuomenė pranešė, kad padėtis pasienyje išlieka įtempta."),
    ("Turkish", "cp1254", "Savunma bakanı sınırdaki durumun gergin olduğunu söyledi, ağır çatışmalar."),
    ("Russian", "cp1251", "Министр обороны заявил, что ситуация на границе остаётся напряжённой."),
    ("Greek", "cp1253", "Ο υπουργός άμυνας δήλωσε ότι η κατάσταση στα σύνορα παραμένει τεταμένη."),
    ("Hebrew", "cp1255", "שר הביטחון אמר כי המצב בגבול נותר מתוח."),
    ("Arabic", "cp1256", "قال وزير الدفاع إن الوضع على الحدود لا يزال متوترا."),
]


@pytest.mark.parametrize(("language", "codec", "text"), SINGLE_BYTE, ids=[f"{c}-{lang}" for lang, c, _ in SINGLE_BYTE])
def test_charsets_single_byte_text_is_read_in_its_code_page(language: str, codec: str, text: str) -> None:
    decoded = decode_text(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, codec)
    assert decoded.note.startswith(f"not UTF-8: decoded as {codec} (") and language.split()[0] in decoded.note


def test_charsets_french_in_cp1252_is_not_read_as_baltic() -> None:
    """The issue's case: charset-normalizer alone read this as cp1257, 'Déją'."""
    decoded = decode_text("Déjà, les forces armées ont annoncé à Bamako qu'elles étaient prêtes.".encode("cp1252"))
    assert "Déjà" in decoded.text and "ą" not in decoded.text
    assert "Western European: é, à" in decoded.note and "read as French" in decoded.note


def test_charsets_cp1252_wins_a_tie() -> None:
    """Curly quotes and one é read the same in cp1252 and cp1250: the Western page is named."""
    data = "The militia’s commander said “we will stay” at the café.".encode("cp1252")
    assert data.decode("cp1250") == data.decode("cp1252")
    assert read_code_page(data).encoding == "cp1252"


def test_charsets_mixed_file_is_decoded_line_by_line_and_kept(tmp_path) -> None:
    lines = [
        ("Kata’ib Hezbollah said on Monday that its fighters had left Al-Qaim.\n", "utf-8"),
        ("« Déjà vu », a déclaré le porte-parole à Bamako.\n", "cp1252"),  # pasted from an old Word file
        ("The Popular Mobilization Forces took over the crossing – officials said.\n", "utf-8"),
        ("Très bien, señor.\n", "cp1252"),
    ]
    (tmp_path / "mixed.txt").write_bytes(b"".join(text.encode(codec) for text, codec in lines))
    (article,), problems = read_sources(tmp_path, max_file_bytes=LIMIT)
    assert article.raw_text == "".join(text for text, _ in lines)
    assert article.encoding == "utf-8+cp1252"
    (problem,) = problems
    assert (problem.source_file, problem.severity) == ("mixed.txt", "warning")
    assert problem.reason.startswith("UTF-8 except lines 2 and 4, decoded as cp1252 (Western European")


def test_charsets_mixed_file_names_at_most_ten_lines() -> None:
    data = b"".join(f"Déjà vu, ligne {n}.\n".encode("cp1252") for n in range(14)) + "“fin”\n".encode()
    decoded = decode_mixed_lines(data)
    assert decoded.text.count("Déjà") == 14
    assert "lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 4 more" in decoded.note


def test_charsets_file_with_no_utf8_line_beyond_ascii_is_single_byte_not_mixed() -> None:
    data = "Plain English line.\nLe café à Gao.\n".encode("cp1252")
    assert decode_mixed_lines(data) is None
    assert decode_text(data).encoding == "cp1252"


def test_charsets_utf8_stays_utf8_without_a_warning() -> None:
    decoded = decode_text("Kata’ib Hezbollah à Qaim".encode())
    assert (decoded.encoding, decoded.note) == ("utf-8", None)


def test_charsets_multibyte_text_goes_to_the_detector() -> None:
    text = "国防部长表示，边境局势依然紧张。中国人民解放军在边境地区举行了大规模军事演习。"
    decoded = decode_text(text.encode("gb18030"))
    assert decoded.text == text and "charset-normalizer" in decoded.note
