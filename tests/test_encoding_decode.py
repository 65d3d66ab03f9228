# Bytes to text: byte-order marks, UTF-8 with stray bytes, legacy charsets, binary data
# refused with a clear InputError, and Cleaner.clean_bytes reporting what it decoded.
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleaner
from cleaner.encoding import decode_bytes
from cleaner.encoding.decode import Undecoded, encode_back
from cleaner.errors import InputError

ENGLISH = "Don’t stop — “quoted” café naïve résumé. It’s fine. "
FRENCH = "Le festival de théâtre fête ses vingt ans à Saint-Amarin. Ça a été très bien. "
GERMAN = "Die Bäckereikette schließt zwölf Filialen; größere Standorte öffnen länger. "
RUSSIAN = "Президент России посетил Северную Корею впервые за 24 года. "
JAPANESE = "東京都は今日、新しい条例を発表しました。日本語のテキストです。"
CHINESE = "北京市今天发布了新的规定。这是中文文本，用于测试。"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("plain ascii", "utf-8"),
        (ENGLISH, "utf-8"),
        (ENGLISH, "utf-16-le"),
        (ENGLISH, "utf-16-be"),
        (ENGLISH, "utf-32-le"),
        (ENGLISH, "utf-32-be"),
    ],
)
def test_byte_order_marks_decide_and_stay_in_the_text(text, codec):
    data = ("\ufeff" + text).encode(codec)
    d = decode_bytes(data)
    assert d.text == "\ufeff" + text and d.encoding == codec and d.problems == ()
    assert d.text.encode(d.encoding) == data  # the bytes round trip


def test_bom_is_removed_by_the_encoding_stage_with_a_record():
    r = cleaner.Cleaner(select=["encoding"]).clean_bytes("\ufeffHello".encode("utf-8"))
    assert r.text == "Hello" and r.encoding == "utf-8"
    assert [(x.rule, x.text) for x in r.removals] == [("encoding.invisible", "\ufeff")]


@pytest.mark.parametrize(
    ("text", "charset", "expected"),
    [
        (ENGLISH * 3, "cp1252", "cp1252"),
        ("Plain English with one smart quote: don’t. " * 3, "cp1252", "cp1252"),
        (FRENCH * 3, "latin-1", "cp1252"),
        (GERMAN * 3, "cp1252", "cp1252"),
        (RUSSIAN * 3, "cp1251", "cp1251"),
        (JAPANESE * 3, "shift_jis", "shift_jis"),
        (CHINESE * 3, "gb2312", "gb18030"),
        ("Zażółć gęślą jaźń. Łódź jest dużym miastem w Polsce. " * 3, "cp1250", "cp1250"),
    ],
)
def test_legacy_charsets_are_detected(text, charset, expected):
    data = text.encode(charset)
    d = decode_bytes(data)
    assert d.text == text
    assert d.encoding == expected
    assert d.text.encode(d.encoding) == data


def test_short_greek_windows_1253():
    text = "Η Ελλάδα είναι μια χώρα στη νοτιοανατολική Ευρώπη. " * 3
    assert decode_bytes(text.encode("cp1253")).text == text


@pytest.mark.parametrize(
    ("text", "charset"),
    [  # one line each: the size of a title, a caption or a short record field
        ("Die Gäste kamen früh und blieben lange.", "cp1252"),
        ("Ein Zuschuss für Betriebe im Ausland", "cp1252"),
        ("Pour réécouter l’émission, cliquez ici", "cp1252"),
        ("El niño jugó al fútbol en la plaza", "cp1252"),
        ("Preis: 27,90 € inkl. MwSt.", "cp1252"),
        ("Nowy dworzec w Łodzi otwarto wczoraj", "cp1250"),
        ("Правительство обсудило бюджет", "cp1251"),
        ("Το συνέδριο ξεκινά αύριο", "cp1253"),
        # chardet's best guess for these is windows-1251 or Mac Cyrillic ("Cafй rйsumй"),
        # a hair ahead of windows-1252: a word mixing alphabets decides against it
        ("Café résumé, naïve déjà vu. Les élèves ont étudié à l'école.\n", "cp1252"),
        ("Les élèves ont étudié à l'école", "cp1252"),
        ("Доклад министра финансов о бюджете на следующий год", "cp1251"),
        ("Доклад министра финансов о бюджете на следующий год", "koi8_r"),
        # one letter outside ASCII: chardet ties windows-1252 with windows-1257 ("plaīt");
        # the Western charset is the likelier
        ("S'il vous plaît, venez demain.", "cp1252"),
        ("Él está aquí.", "cp1252"),
        ("Ça va.", "cp1252"),
        # while Central European text stays in its own charset
        ("Příliš žluťoučký kůň úpěl", "cp1250"),
        ("Zażółć gęślą jaźń", "cp1250"),
    ],
)
def test_short_legacy_texts_are_detected(text, charset):
    """charset-normalizer, used before chardet 7, read 40 bytes of German as Big5 one time
    in five; each of these came out as CJK, a DOS or a Mac code page with it."""
    data = text.encode(charset)
    d = decode_bytes(data)
    assert d.text == text and d.problems == ()
    assert d.text.encode(d.encoding) == data


@pytest.mark.parametrize(
    ("text", "charset"),
    [  # a letter or two outside ASCII, which windows-1250 (or 1251) reads as letters too:
        # chardet rates "naďve café", "intéręts" a hair above the windows-1252 reading
        ("naïve café", "cp1252"),
        ("au profit d’intérêts privés", "cp1252"),
        # "а" alone, Cyrillic among Latin words: a French "à" read as windows-1251
        ("les exploitants à 85 %", "cp1252"),
        # and Central European text with as few letters to go on stays Central European
        ("będzie", "cp1250"),
        ("győztes", "cp1250"),
        ("Dvořák", "cp1250"),
        ("Pan Dvořák přijel včera", "cp1250"),
        ("A győztes csapat ünnepelt", "cp1250"),
        ("Kraków, środa", "cp1250"),
        ("Mesto schválilo rozpočet", "cp1250"),
        # windows-1252 reads "dyni¹": a symbol inside a word, no word at all
        ("z dynią i serem", "cp1250"),
        # a one-letter Cyrillic word among Cyrillic words is no sign of a wrong charset
        ("Я и ты", "cp1251"),
    ],
)
def test_ambiguous_short_latin_text_is_western_unless_its_words_say_otherwise(text, charset):
    """A short text gives chardet a byte or two to tell the Latin charsets apart by; when
    its statistics nearly tie, windows-1252, the commonest legacy charset, is taken
    unless its reading puts symbols inside words or mixes alphabets."""
    d = decode_bytes(text.encode(charset))
    assert d.text == text and d.problems == ()


def test_same_text_names_the_common_charset():
    # chardet guesses windows-1250 (or 1258) for these few bytes; 0xE9 is "é" there too,
    # so the text is the same and the common name is given
    for text in ("café", "Un café"):
        d = decode_bytes(text.encode("cp1252"))
        assert (d.text, d.encoding) == (text, "cp1252")


@pytest.mark.parametrize(
    ("text", "charset"),
    [
        ("Le menu du jour coûte 14,50 € et le café 2 €. Les prix ont augmenté depuis l'été.", "iso8859-15"),
        ("Der Eintritt kostet 12 € für Erwachsene; Kinder zahlen die Hälfte, Senioren 9 €.", "iso8859-15"),
        ("Une sœur et son cœur : le billet coûte 30 € à l'entrée du théâtre ce soir-là.", "iso8859-15"),
        ("Rada miasta przyjęła budżet. Głosowanie trwało do nocy, a wiadomość się rozeszła.", "iso8859-2"),
        ("Zastupitelstvo schválilo rozpočet. Hlasování trvalo; dnešní zpráva se šíří.", "iso8859-2"),
        ("Mesto v piatok schválilo nový rozpočet; žiadosť o štúdiu ešte čaká.", "iso8859-2"),
    ],
)
def test_iso_charsets_are_not_read_as_their_windows_cousins(text, charset):
    """The bytes read without error in the windows charset too, and chardet names that
    one. Without a byte 80-9F (where only the windows charsets have characters): byte A4
    is "€" in ISO-8859-15 and "¤" in windows-1252 or Latin-1; ISO-8859-2 keeps "ś", "š",
    "ž", … at A0-BF, where windows-1250 has symbols."""
    d = decode_bytes(text.encode(charset))
    assert (d.text, d.encoding) == (text, charset)


@pytest.mark.parametrize(
    "text",
    [
        "Rada miasta przyjęła we wtorek budżet. Głosowanie trwało do nocy, a wiadomość szybko się rozeszła.",
        "© 2019 Wydawnictwo Łódzkie; redakcja przyjęła tekst bez zmian, co było rzadkie.",
    ],
)
def test_windows_1250_stays_windows_1250(text):
    d = decode_bytes(text.encode("cp1250"))
    assert d.text == text


def test_windows_1252_with_its_own_characters_keeps_byte_a4():
    text = "„Der Preis“ – 5 ¤ (Währungszeichen) und 7 € auf der Rechnung, sagte sie."
    d = decode_bytes(text.encode("cp1252"))
    assert (d.text, d.encoding) == (text, "cp1252")


def test_a_charset_that_cannot_read_every_byte_reports_the_rest():
    from cleaner.encoding.decode import detect_charset

    data = "Die Gäste kamen früh. ".encode("cp1252") * 20
    assert detect_charset(data) == "cp1252"
    d = decode_bytes(data + b"\x81")  # undefined in windows-1252: damage, not evidence
    assert d.encoding == "cp1252" and d.text == data.decode("cp1252") + "\ufffd"
    (p,) = d.problems
    assert p.byte_offset == len(data) and "81" in p.message


def test_stray_bytes_in_utf8_are_read_as_windows_1252_and_reported():
    data = "Le théâtre “quoted” café ".encode() + b"don\x92t " + "naïve".encode()
    d = decode_bytes(data)
    assert d.encoding == "utf-8"
    assert d.text == "Le théâtre “quoted” café don’t naïve"
    (p,) = d.problems
    assert data[p.byte_offset] == 0x92 and d.text[p.char_offset] == "’"
    assert "92" in p.message and "windows-1252" in p.message


def test_truncated_utf8_sequence_becomes_a_replacement_character():
    data = "Un café, deux cafés. ".encode() + b"x\xe2\x80"
    d = decode_bytes(data)
    assert d.text == "Un café, deux cafés. x\ufffd"
    (p,) = d.problems
    assert p.byte_offset == data.index(b"\xe2") and d.text[p.char_offset] == "\ufffd"
    assert "truncated" in p.message


def test_many_problems_are_summed_up():
    data = "é".encode() * 500 + b"\xff" * 300
    d = decode_bytes(data)
    assert d.encoding == "utf-8" and len(d.problems) <= 101


def test_utf16_without_a_mark_is_recognised():
    text = "Hello world, this is text without a byte-order mark. " * 4
    d = decode_bytes(text.encode("utf-16-le"))
    assert d.text == text and d.encoding == "utf-16-le"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        "Совет депутатов утвердил бюджет во вторник.\nГолосование было долгим.\n" * 3,
        "市议会周二批准了预算。\n投票持续到深夜。\n" * 3,
        "Ο δήμος ενέκρινε τον προϋπολογισμό την Τρίτη.\n" * 3,
    ],
)
def test_utf16_of_other_scripts_without_a_mark_is_recognised(text, codec):
    """Few of its high bytes are NUL, so it is not read like Latin UTF-16; it reads
    strictly, with spaces and line breaks only in the right byte order."""
    d = decode_bytes(text.encode(codec))
    assert d.text == text and d.encoding == codec


@pytest.mark.parametrize(
    ("data", "cause"),
    [
        (bytes(range(256)) * 8, "NUL"),
        (bytes(range(256)) * 8 + "Совет депутатов\n".encode("utf-16-le"), "NUL"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "NUL"),
        (b"\x01\x02\x03abc\x04\x05\x06\x07\x08" * 10, "control bytes"),
    ],
)
def test_binary_data_is_an_input_error(data, cause):
    with pytest.raises(InputError, match=cause):
        decode_bytes(data)
    with pytest.raises(InputError):
        cleaner.Cleaner().clean_bytes(data)


def test_a_stray_nul_in_long_text_is_not_binary():
    data = ("A long line of ordinary text. " * 100).encode() + b"\x00 end"
    d = decode_bytes(data)
    assert d.encoding == "utf-8" and "\x00" in d.text
    r = cleaner.Cleaner(select=["encoding"]).clean_bytes(data)
    assert "\x00" not in r.text and any(x.rule == "encoding.controls" for x in r.removals)


def test_clean_bytes_reports_encoding_and_decode_warnings():
    data = "The café’s menu. ".encode() * 3 + b"We don\x92t cook."
    r = cleaner.Cleaner(select=["encoding"]).clean_bytes(data, source="https://example.com/a")
    assert r.encoding == "utf-8" and r.source == "https://example.com/a"
    assert r.text.endswith("We don’t cook.")
    (w,) = [w for w in r.warnings if w.code == "decode"]
    assert r.input_text is not None and r.input_text[w.offset] == "’"
    assert cleaner.restore(r.text, r.removals) == r.input_text


def test_module_level_clean_bytes():
    from cleaner.pipeline import clean_bytes

    r = clean_bytes("Plain text, nothing to fix.".encode("cp1252"))
    assert r.encoding == "utf-8" and r.text == "Plain text, nothing to fix."


@given(st.text(max_size=200))
def test_utf8_text_decodes_to_itself(text):
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates are not UTF-8
        return
    try:
        d = decode_bytes(data)
    except InputError:  # text made of control characters is refused as binary
        return
    assert d.text == text and d.encoding == "utf-8" and d.problems == ()


@given(st.binary(max_size=300))
def test_no_bytes_crash_the_decoder(data):
    try:
        d = decode_bytes(data)
    except InputError:
        return
    if not d.problems:
        assert d.text.encode(d.encoding) == data
    assert encode_back(d.text, d.encoding, d.undecoded) == data  # always: the bytes are kept


def test_every_undecodable_sequence_is_kept_past_the_problems_limit():
    # a UTF-8 byte-order mark decides the charset; then 100,000 sequences that are not UTF-8
    data = b"\xef\xbb\xbfCaf\xc3\xa9, " + b"ok \xff\xfe " * 50_000
    d = decode_bytes(data)
    assert len(d.problems) == 101 and "more byte sequences" in d.problems[-1].message
    assert len(d.undecoded) == 100_000 and encode_back(d.text, d.encoding, d.undecoded) == data
    first = d.undecoded[0]
    assert d.text[first.start : first.end] == "\ufffd" and first.data == b"\xff"


def test_characters_a_codec_writes_otherwise_are_kept_with_their_bytes():
    # cp932 reads the NEC code 87 9a of "\u2235" and writes the IBM one, fa 5b
    data = "\u3053\u308c\u306f\u65e5\u672c\u8a9e\u306e\u6587\u7ae0\u3067\u3059\u3002".encode("cp932") * 3
    d = decode_bytes(data + b"\x87\x9a")
    assert d.encoding == "cp932" and d.text.endswith("\u2235")
    assert [u.data for u in d.undecoded] == [b"\x87\x9a"]
    assert encode_back(d.text, d.encoding, d.undecoded) == data + b"\x87\x9a"


def test_encode_back_refuses_stand_ins_that_do_not_fit_the_text():
    with pytest.raises(ValueError, match="do not fit"):
        encode_back("abc", "utf-8", [Undecoded(2, 5, b"\xff")])
    with pytest.raises(ValueError, match="do not fit"):
        encode_back("abcdef", "utf-8", [Undecoded(3, 4, b"\xff"), Undecoded(1, 2, b"\xfe")])


def test_a_guess_python_cannot_decode_falls_back_with_a_note(monkeypatch):
    import chardet

    from cleaner.encoding.decode import detect_charset

    monkeypatch.setattr(chardet, "detect", lambda *a, **k: {"encoding": "x-no-such-codec", "confidence": 0.9})
    data = "Die Gäste kamen früh. ".encode("cp1252") * 3
    assert detect_charset(data) is None
    d = decode_bytes(data)
    assert d.text == data.decode("cp1252") and d.encoding == "cp1252"
    (p,) = d.problems
    assert "no charset was detected" in p.message


def test_a_lone_windows_1252_letter_in_utf8_is_read_as_one():
    # é, à, ï, ñ are lead bytes of UTF-8 (E9, E0, EF, F1); alone inside a line, with no
    # continuation byte after them, they are the windows-1252 letters, as ü (FC) is
    data = "Le théâtre “quoted”, déjà vu: ".encode() + "Café à Paris, naïve señor, Müller".encode("cp1252")
    d = decode_bytes(data)
    assert d.encoding == "utf-8"
    assert d.text == "Le théâtre “quoted”, déjà vu: Café à Paris, naïve señor, Müller"
    assert [data[p.byte_offset] for p in d.problems] == [0xE9, 0xE0, 0xEF, 0xF1, 0xFC]
    assert all("windows-1252" in p.message for p in d.problems)


def test_a_lone_lead_byte_at_a_line_end_or_among_utf8_is_a_truncated_sequence():
    data = "Un café, deux cafés, le théâtre.\n".encode() + b"Caf\xc3\nBon\xc3\n" + "中文".encode() + b"\xe4 "
    d = decode_bytes(data)
    assert d.text == "Un café, deux cafés, le théâtre.\nCaf\ufffd\nBon\ufffd\n中文\ufffd "
    assert all("truncated" in p.message for p in d.problems) and len(d.problems) == 3


def test_a_lead_byte_read_as_a_capital_after_a_small_letter_is_a_cut():
    # "Grüße" cut after the first byte of ü (C3), and "..." added: windows-1252 reads C3
    # as "Ã", which no word has after a small letter (it is the mark of UTF-8 misread);
    # a capital's byte after a space or a capital, and ß (DF) after a small letter, stay
    # windows-1252 letters
    data = "Le théâtre “quoted”, déjà vu. ".encode() + b"Gr\xc3... Stra\xdfe, \xc9cole, CAF\xc9 ok"
    d = decode_bytes(data)
    assert d.text == "Le théâtre “quoted”, déjà vu. Gr\ufffd... Straße, École, CAFÉ ok"
    assert ["truncated" in p.message for p in d.problems] == [True, False, False, False]
