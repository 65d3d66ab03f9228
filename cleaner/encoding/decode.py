# Bytes to text: byte-order marks, UTF-8 (with a few stray bytes), legacy charsets by
# chardet; says which encoding it used and where bytes did not decode.
"""Decode bytes into text, reporting what did not decode instead of failing.

Order of decisions:

1. A byte-order mark decides: UTF-8, UTF-16 or UTF-32, little or big endian by the
   mark. The mark stays in the text as U+FEFF (``encoding.invisible`` removes it, with
   a log record), so the text encodes back to the same bytes.
2. Data that is clearly not text raises :class:`cleaner.errors.InputError`. The
   heuristic: text never contains NUL bytes, except as the zero half of UTF-16/32 code
   units. So data is binary when more than 1 byte in 1,000 is NUL and the NULs do not
   sit the way UTF-16 without a mark puts them (16 bytes or more that decode as UTF-16
   are read as such if their high bytes are mostly NUL and their low bytes almost never,
   as in Latin text, or if they read as text with spaces or line breaks, as Cyrillic or
   Chinese do: strictly, without NUL and with at most 1% control characters), or
   when more than 5% of all bytes are control bytes other than tab, line feed,
   vertical tab, form feed, carriage return and escape. A few stray control bytes in
   real text pass (the ``encoding.controls`` step removes them, logged).
3. Valid UTF-8 is UTF-8.
4. UTF-8 with a few bytes that are not UTF-8 (at least as many valid multi-byte
   characters as stray bytes) stays UTF-8: a stray byte is read as the windows-1252
   character it most likely was (``don\\x92t`` → ``don’t``: the damaged byte says
   which apostrophe; ``caf\\xe9 au lait`` → ``café``), a truncated UTF-8 sequence (a
   lead byte short of its continuation bytes, or alone at the end of a line, next to
   other UTF-8, or right after a small letter where windows-1252 would make a capital
   of it: ``Gr\\xc3...``) becomes U+FFFD, and each is reported with its byte offset.
5. Anything else goes to chardet (7 or later), asked first among the charsets of today's
   web (windows-125x, ISO-8859, KOI8, Shift_JIS, EUC, GB18030, Big5, …), then among older
   ones (DOS and Mac code pages, …) if none of those reads the bytes. Among charsets that
   give the same text, the common one is named (windows-1252 rather than windows-1250),
   except where no byte is 80-9F (which only the windows charsets make characters of):
   then bytes with A4 are ISO-8859-15 (all three read them without error, and "€" is
   far likelier than Latin-1's "¤"), and bytes read as windows-1250 are ISO-8859-2 when
   more of them are letters inside words that way (chardet names windows-1250 for
   both, as if it were a superset; ISO-8859-2 puts "ś", "š", "ž" at A0-BF, where
   windows-1250 has symbols). When the reading chardet likes best puts two alphabets in
   one word ("Cafй rйsumй": French as windows-1251, which a short text's statistics can
   rate a hair above windows-1252; or a lone letter in an alphabet no longer word is in,
   "ux а la": French "à" as windows-1251), its other guesses of nearly the same confidence
   are read too, and the one with the fewest such words is taken. When windows-1252 is
   nearly as likely as the best guess (0.8 of its confidence: a short text of a letter or
   two outside ASCII, "naïve café" rated windows-1250 "naďve café" a hair above) and
   reads the bytes into words no worse (no more words mixing alphabets, no more symbols
   inside words, as the "dyni¹" of Polish "dynią"), windows-1252, the commonest legacy
   charset, is taken. On short texts this is
   far more often right than charset-normalizer, which took 40 bytes of German for
   Big5 one time in five (``benchmarks/charset_detection.py``).
   Bytes the chosen charset cannot read become U+FFFD, each reported. When chardet finds
   no charset, the first of a few common single-byte charsets that reads the bytes is
   used, with a problem saying so; when none does, UTF-8 with U+FFFD for each byte that
   does not decode.

Problems are reported one by one up to a limit, then summed up in one more problem.
Every byte sequence that did not decode is also kept, uncapped, in ``decoded.undecoded``:
its bytes and where its stand-in lies in the text, so that :func:`encode_back` gives the
input bytes back from the decoded text (and ``cleaner.restore_bytes`` from a clean text
and its removal log). When there are no problems,
``decoded.text.encode(decoded.encoding) == data`` (checked; a codec that reads two byte
values as one character is reported).
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass, replace

import regex

from cleaner.errors import InputError
from cleaner.removals import Undecoded

__all__ = [
    "DecodeProblem",
    "Decoded",
    "Undecoded",
    "decode_bytes",
    "detect_charset",
    "encode_back",
    "utf16_without_mark",
]

_MAX_PROBLEMS = 100
_MIN_UTF16 = 16  # bytes: shorter data is too little evidence for UTF-16 without a mark
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_BOMS = (  # UTF-32 LE first: its mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# tried in this order when detection finds nothing
_FALLBACKS = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "iso8859_2", "koi8_r")
_CP1252_HOLES = b"\x81\x8d\x8f\x90\x9d"  # the bytes windows-1252 does not define
_ESCAPED = re.compile(r"[\udc80-\udcff]+")
# charset names to report when several give the same text, most common first
_PREFERRED = (
    "utf_8",
    "ascii",
    "cp1252",
    "latin_1",
    "cp1251",
    "cp1250",
    "shift_jis",
    "cp932",
    "gb18030",
    "big5",
)


@dataclass(frozen=True, slots=True)
class DecodeProblem:
    """Bytes at ``byte_offset`` of the input that did not decode cleanly; ``char_offset``
    is where their stand-in is in the decoded text."""

    byte_offset: int
    char_offset: int
    message: str


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the codec used (a Python codec name), what went wrong, and every byte
    sequence that did not decode (``undecoded``, in text order)."""

    text: str
    encoding: str
    problems: tuple[DecodeProblem, ...] = ()
    undecoded: tuple[Undecoded, ...] = ()


def encode_back(text: str, encoding: str, undecoded: tuple[Undecoded, ...] | list[Undecoded] = ()) -> bytes:
    """The bytes ``text`` was decoded from: ``text`` encoded with ``encoding``, with each
    stand-in of ``undecoded`` replaced by the bytes it stood for.

    Raises ValueError when a stand-in does not fit ``text`` (out of order or past its
    end), UnicodeEncodeError when a character outside the stand-ins has no bytes in
    ``encoding``, LookupError for an unknown ``encoding``."""
    encoder = codecs.getincrementalencoder(encoding)()  # one byte-order mark, if any
    pieces: list[bytes] = []
    last = 0
    for u in undecoded:
        if not last <= u.start <= u.end <= len(text):
            raise ValueError(
                f"bytes that did not decode at characters {u.start}-{u.end} do not fit a text of "
                f"{len(text)} characters after {last}"
            )
        pieces.append(encoder.encode(text[last : u.start]))
        pieces.append(u.data)
        last = u.end
    pieces.append(encoder.encode(text[last:], True))
    return b"".join(pieces)


def _readable(data: bytes, codec: str, high_nuls: int, low_nuls: int, units: int) -> bool:
    """True if ``data`` looks like mostly-Latin UTF-16 in ``codec``: the high byte of
    most code units is NUL, the low byte almost never, and it decodes."""
    if not (high_nuls > 0.5 * units and low_nuls <= 0.01 * units):
        return False
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


#: characters that text read as UTF-16 holds few of: C0 and C1 controls other than
#: blanks and line breaks
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _breaks_in_utf16(data: bytes, codec: str) -> int:
    """How many spaces and line breaks ``data`` holds read as ``codec``, if it reads as
    text (strictly, without NUL and with at most 1% control characters); else 0. Read the
    wrong way round, a space is U+2000 and a line break U+0A00, so the count also tells
    the byte order; binary data almost never reads strictly (a lone surrogate)."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return 0
    if "\x00" in text or len(_CONTROL_CHARS.findall(text)) * 100 > len(text):
        return 0
    return text.count(" ") + text.count("\n")


def utf16_without_mark(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` (which has no byte-order mark) is
    UTF-16 text by the test :func:`decode_bytes` makes of data with NUL bytes; else None."""
    n = len(data)
    if n % 2 or n < _MIN_UTF16:
        return None
    half = n // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if _readable(data, "utf-16-le", odd, even, half):
        return "utf-16-le"
    if _readable(data, "utf-16-be", even, odd, half):
        return "utf-16-be"
    # UTF-16 of another script: few NUL high bytes
    le, be = _breaks_in_utf16(data, "utf-16-le"), _breaks_in_utf16(data, "utf-16-be")
    if max(le, be) > 0:
        return "utf-16-le" if le >= be else "utf-16-be"
    return None


def _check_binary(data: bytes) -> str | None:
    """None if ``data`` may be text; else how it looks like UTF-16 without a mark
    (``utf-16-le``/``utf-16-be``), or raise InputError."""
    n = len(data)
    nuls = data.count(0)
    if nuls * 1000 > n:
        utf16 = utf16_without_mark(data)
        if utf16 is not None:
            return utf16
        first = data.index(0)
        raise InputError(f"not text: {nuls} NUL bytes (the first at byte {first}); binary data?")
    controls = n - len(data.translate(None, _CONTROL_BYTES))
    if controls * 20 > n:
        raise InputError(f"not text: {100 * controls / n:.0f}% of the bytes are control bytes; binary data?")
    return None


#: the error handler :func:`_decode_reporting` decodes with: it writes a lone surrogate (which
#: no strict decoder gives) where bytes did not decode, and notes their range, so that one
#: pass of the codec finds them all (a strict decode restarted after each error allocates
#: for the rest of the data every time: quadratic)
_MARK_ERRORS = "cleaner.mark-undecoded"
_MARK = "\ud800"
_marked = threading.local()  # this thread's (start, end, reason) of each range while decoding


def _mark_undecoded(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _marked.ranges.append((exc.start, exc.end, exc.reason))
    return _MARK, exc.end


codecs.register_error(_MARK_ERRORS, _mark_undecoded)


def _decode_reporting(data: bytes, codec: str) -> Decoded:
    """``data`` decoded with ``codec``; each undecodable piece becomes U+FFFD, an Undecoded,
    and a problem (the first ``_MAX_PROBLEMS``, then one that sums up the rest)."""
    ranges: list[tuple[int, int, str]] = []
    _marked.ranges = ranges
    try:
        marked = data.decode(codec, _MARK_ERRORS)
    finally:
        _marked.ranges = None
    problems: list[DecodeProblem] = []
    undecoded: list[Undecoded] = []
    at = -1
    for start, end, reason in ranges:
        at = marked.index(_MARK, at + 1)
        bad = data[start:end]
        if len(problems) < _MAX_PROBLEMS:
            problems.append(DecodeProblem(start, at, f"bytes {bad.hex(' ')} are not {codec} ({reason})"))
        undecoded.append(Undecoded(at, at + 1, bad))
    if len(ranges) > _MAX_PROBLEMS:
        first = undecoded[_MAX_PROBLEMS]
        problems.append(
            DecodeProblem(
                ranges[_MAX_PROBLEMS][0],
                first.start,
                f"{len(ranges) - _MAX_PROBLEMS} more byte sequences that are not {codec}"
                " (each replaced by U+FFFD)",
            )
        )
    text = marked.replace(_MARK, "\ufffd") if ranges else marked
    return Decoded(text, codec, tuple(problems), tuple(undecoded))


def _stray_bytes(run: bytes, before: bytes, after: bytes) -> tuple[str, str]:
    """What a run of bytes that are not UTF-8 most likely was, and how it was read.
    ``before``, ``after``: the byte before the run (a line feed at the start) and after
    it (none at the end).

    A lead byte with fewer continuation bytes than it needs is a truncated sequence, but
    one alone between ASCII characters of a line is no cut: it is a windows-1252 letter
    like the other stray bytes (``caf\\xe9 au lait``: é, à, ï, ñ are lead bytes of UTF-8,
    as ü is not). A cut leaves its lead byte at the end of a line, or among other UTF-8
    (``中\\xe4文``), or right after a small letter when windows-1252 reads it as a capital
    (``Gr\\xc3...``: "GrÃ" is UTF-8 misread, no word; ß, DF, is no capital)."""
    lead = run[0]
    need = 1 if 0xC2 <= lead <= 0xDF else 2 if 0xE0 <= lead <= 0xEF else 3 if 0xF0 <= lead <= 0xF4 else 0
    in_latin = before < b"\x80" and b"" < after < b"\x80" and after not in b"\r\n"
    capital_after_small = before.islower() and 0xC2 <= lead <= 0xDE and lead != 0xD7  # D7: ×
    cut = len(run) > 1 or not in_latin or capital_after_small
    if need and cut and len(run) <= need and all(0x80 <= b <= 0xBF for b in run[1:]):
        return "\ufffd", "a truncated UTF-8 sequence (replaced by U+FFFD)"
    text = run.decode("cp1252", "replace")
    return text, f"read as windows-1252 {text!r}"


def _utf8_with_strays(data: bytes) -> Decoded | None:
    """UTF-8 with stray bytes, if valid multi-byte characters are at least as many as the
    stray bytes (text in another multi-byte charset makes far more stray bytes than
    chance UTF-8 sequences)."""
    escaped = data.decode("utf-8", "surrogateescape")
    runs = list(_ESCAPED.finditer(escaped))
    stray = sum(len(m.group()) for m in runs)
    non_ascii = sum(1 for c in escaped if c > "\x7f") - stray
    if non_ascii < stray:
        return None
    pieces: list[str] = []
    problems: list[DecodeProblem] = []
    undecoded: list[Undecoded] = []
    last = 0
    byte_pos = 0
    chars = 0
    for m in runs:
        before = escaped[last : m.start()]
        pieces.append(before)
        chars += len(before)
        byte_pos += len(before.encode("utf-8", "surrogateescape"))
        run = m.group().encode("utf-8", "surrogateescape")
        before_run = data[byte_pos - 1 : byte_pos] if byte_pos else b"\n"
        after_run = data[byte_pos + len(run) : byte_pos + len(run) + 1]
        text, how = _stray_bytes(run, before_run, after_run)
        if len(problems) < _MAX_PROBLEMS:
            problems.append(DecodeProblem(byte_pos, chars, f"bytes {run.hex(' ')} are not UTF-8: {how}"))
        undecoded.append(Undecoded(chars, chars + len(text), run))
        pieces.append(text)
        chars += len(text)
        byte_pos += len(run)
        last = m.end()
    pieces.append(escaped[last:])
    if len(runs) > _MAX_PROBLEMS:
        problems.append(
            DecodeProblem(
                problems[-1].byte_offset,
                problems[-1].char_offset,
                f"{len(runs) - _MAX_PROBLEMS} more runs of bytes that are not UTF-8",
            )
        )
    return Decoded("".join(pieces), "utf-8", tuple(problems), tuple(undecoded))


def _codec_name(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


#: the charsets that read byte A4 as "¤", where ISO-8859-15 (Latin-9) reads "€"
_READS_A4_AS_CURRENCY_SIGN = frozenset({"cp1252", "iso8859-1"})  # codecs.lookup() names
#: the bytes windows-1252 gives its extra characters (smart quotes, dashes, its own "€"),
#: and windows-1250 its own; ISO-8859 charsets have only control characters there
_WINDOWS_ONLY_BYTES = re.compile(rb"[\x80-\x9f]")


#: what a byte A0-FF of a single-byte charset reads as
_HIGH_CHAR = re.compile("[^\x00-\x9f]")


def _letters_in_words(data: bytes, codec: str) -> int:
    """How many bytes A0-FF of ``data`` read as ``codec`` are letters next to a letter."""
    text = data.decode(codec)
    count = 0
    for m in _HIGH_CHAR.finditer(text):
        i = m.start()
        if m.group().isalpha() and ((i and text[i - 1].isalpha()) or text[i + 1 : i + 2].isalpha()):
            count += 1
    return count


def _latin2_reads_better(data: bytes) -> bool:
    """True if ``data``, which windows-1250 reads and which has none of the bytes 80-9F
    (where windows-1250 keeps "š", "ś", "ž", "ź", "ť", …), is ISO-8859-2: more of its bytes
    A0-FF are letters inside words read that way. Both read every such byte, and chardet
    names windows-1250 for either; ISO-8859-2 puts those letters at A0-BF, where
    windows-1250 has "©", "¶", "±", "¬", …"""
    latin2, cp1250 = _letters_in_words(data, "iso8859_2"), _letters_in_words(data, "cp1250")
    if latin2 != cp1250:
        return latin2 > cp1250
    # letters both ways ("š" or "ą" for B9): chardet's own ranking, before it names the
    # windows charset for the ISO one as if it were a superset
    import chardet

    ranked = chardet.detect_all(data, prefer_superset=False, compat_names=False)
    return bool(ranked) and _codec_name(ranked[0]["encoding"] or "") == "iso8859-2"


def _iso_cousin(data: bytes, name: str) -> str:
    """``name``, or the ISO-8859 charset the bytes are in when it is the windows charset
    that reads them too. Only without a byte 80-9F, where the windows charsets have
    characters and the ISO ones controls: then byte A4 is ISO-8859-15's "€", far likelier
    in text than the "¤" of windows-1252 and Latin-1 (all three read the bytes without
    error, so no detector can tell them apart), and windows-1250 may be ISO-8859-2."""
    if _WINDOWS_ONLY_BYTES.search(data) is not None:
        return name
    if name in _READS_A4_AS_CURRENCY_SIGN and b"\xa4" in data:
        return "iso8859-15"
    if name == "cp1250" and _latin2_reads_better(data):
        return "iso8859-2"
    return name


def detect_charset(data: bytes) -> str | None:
    """The legacy charset ``data`` is most likely in, as a Python codec name, by chardet.

    The charsets of today's web are asked first, then older ones, and the first guess
    that reads every byte is taken; among charsets that read the bytes as the same text,
    the common one is named. If no guess reads every byte (chardet looks at the first
    200 KB only), the first guess is returned and the caller reports what it cannot
    read; so is windows-1252 when the bytes are windows-1252 but for one in a thousand
    that it leaves undefined. None when chardet finds no text charset at all.
    """
    import chardet

    holes = len(data) - len(data.translate(None, _CP1252_HOLES))
    if 0 < holes <= max(1, len(data) // 1000):
        # chardet drops every charset that cannot read a byte, so one of the five bytes
        # windows-1252 leaves undefined would rule out the commonest legacy charset;
        # a few of them are damage, to be reported, not evidence
        probe = data.translate(None, _CP1252_HOLES)
        if probe and detect_charset(probe) == "cp1252":
            return "cp1252"
    first: str | None = None
    for era in (chardet.EncodingEra.MODERN_WEB, chardet.EncodingEra.ALL):
        guess = chardet.detect(data, encoding_era=era, prefer_superset=True, compat_names=False)
        name = guess["encoding"]
        if not name or _codec_name(name) is None:  # no guess, or none Python can decode
            continue
        text = _strict(data, name)
        if text is not None:
            if _mixed_words(text):
                name, text = _fewest_mixed_words(data, era, guess["confidence"] or 0.0, name, text)
            if _codec_name(name) != "cp1252":
                name, text = _western_if_tied(data, era, guess["confidence"] or 0.0, name, text)
            same = next((p for p in _PREFERRED if _strict(data, p) == text), name)
            return _iso_cousin(data, codecs.lookup(same).name)
        first = first or name
    return codecs.lookup(first).name if first else None


#: a run of letters: a word as far as its script goes
_LETTERS = regex.compile(r"\p{L}+")
#: the alphabets a word is written in one of (a name group per script). Han and kana
#: are left out: Chinese and Japanese run words together, with Latin ones among them.
_ALPHABET = regex.compile(
    r"(?P<latin>\p{Latin})|(?P<cyrillic>\p{Cyrillic})|(?P<greek>\p{Greek})|(?P<arabic>\p{Arabic})"
    r"|(?P<hebrew>\p{Hebrew})|(?P<thai>\p{Thai})|(?P<armenian>\p{Armenian})|(?P<georgian>\p{Georgian})"
)
#: of chardet's guesses, those this close to the best one's confidence are weighed too
_NEAR_CONFIDENCE = 0.5
#: text looked at for mixed scripts (chardet reads the first 200 KB)
_MIXED_SAMPLE = 20_000


def _mixed_words(text: str) -> int:
    """Words whose letters come from two alphabets, such as "Cafй" or "rйsumй": French
    read as windows-1251; and one-letter words in an alphabet no longer word of the text
    is in, such as the "а" of "ux а la position": French "à" read so. A word is written
    in one alphabet, and a text has words of more than one letter in each alphabet it
    uses, so each is a sign of a wrong charset."""
    count = 0
    alphabets: set[str | None] = {"latin"}  # of the words of two letters or more
    lone: list[str | None] = []  # the alphabet of each one-letter word outside ASCII (Han: none)
    for m in _LETTERS.finditer(text, 0, _MIXED_SAMPLE):
        word = m.group()
        if word.isascii():
            continue
        if len(word) == 1:
            a = _ALPHABET.match(word)
            if a is not None:
                lone.append(a.lastgroup)
            continue
        found = {a.lastgroup for a in _ALPHABET.finditer(word)}
        count += len(found) > 1
        alphabets |= found
    return count + sum(1 for a in lone if a not in alphabets)


def _fewest_mixed_words(data: bytes, era: object, confidence: float, name: str, text: str) -> tuple[str, str]:
    """Of chardet's guesses nearly as likely as ``name`` (a near tie: the statistics of a
    short text cannot tell French in windows-1252 from Macedonian in windows-1251), the
    one whose reading mixes scripts inside the fewest words; ``name`` on a tie."""
    import chardet

    best = (_mixed_words(text), name, text)
    for guess in chardet.detect_all(data, encoding_era=era, compat_names=False):  # type: ignore[arg-type]
        other = guess["encoding"]
        near = (guess["confidence"] or 0.0) >= _NEAR_CONFIDENCE * confidence
        if not other or not near or _codec_name(other) is None:
            continue
        read = _strict(data, other)
        if read is not None and read != best[2]:
            mixed = _mixed_words(read)
            if mixed < best[0]:
                best = (mixed, other, read)
    return best[1], best[2]


#: of chardet's guesses, windows-1252 this close to the best one's confidence is taken.
#: A short text gives chardet a byte or two to tell Latin charsets apart by, and its
#: confidences are then small and close: "naïve café" gets windows-1250 0.024 ("naďve")
#: and windows-1252 0.021, 0.87 of it. benchmarks/charset_detection.py, windows of 20,
#: 40 and 100 characters: no Central European window was read right at 0.78 of the
#: best confidence or more that windows-1252 reads wrong, and Western ones were read
#: right as far down as 0.86 (with 0.9, Western text of 40 characters was read right
#: 0.999 of the time and Central European 0.935, as now, but "manhã", "intérêts" and
#: "Ångström" came out as "manhă", "intéręts" and "Ĺngström").
_WESTERN_TIE = 0.8


def _odd_in_words(text: str, other: str) -> int:
    """How many characters of ``text`` that ``other`` (the same bytes in another
    charset) reads otherwise are no letters, yet stand next to one: "wynosi³" or
    "Skar¿±cy", Polish in ISO-8859-2 read as windows-1252."""
    count = 0
    for i, (c, o) in enumerate(zip(text, other)):
        if c == o or c.isalpha():
            continue
        count += bool((i and text[i - 1].isalpha()) or text[i + 1 : i + 2].isalpha())
    return count


def _western_if_tied(data: bytes, era: object, confidence: float, name: str, text: str) -> tuple[str, str]:
    """windows-1252 instead of ``name`` when chardet finds it nearly as likely and it
    reads the bytes into words no worse: no more words of mixed scripts, no more symbols
    inside words. In a short text with a letter or two outside ASCII the statistics
    cannot choose ("plaît" reads as well in windows-1257, as "plaīt", "naïve" in
    windows-1250, as "naďve"); windows-1252 is then far the likelier, being the charset
    most legacy pages of the web are in."""
    import chardet

    for guess in chardet.detect_all(data, encoding_era=era, compat_names=False):  # type: ignore[arg-type]
        if _codec_name(guess["encoding"] or "") != "cp1252":
            continue
        if (guess["confidence"] or 0.0) < _WESTERN_TIE * confidence:
            break
        read = _strict(data, "cp1252")
        if (
            read is not None
            and _mixed_words(read) <= _mixed_words(text)
            and (len(read) != len(text) or _odd_in_words(read, text) <= _odd_in_words(text, read))
        ):
            return "cp1252", read
        break
    return name, text


def _detect(data: bytes) -> Decoded:
    """A legacy charset, by :func:`detect_charset`; else the first common single-byte
    charset that reads the bytes, with a problem saying so; else UTF-8 with U+FFFD."""
    name = detect_charset(data)
    if name is not None:
        return _decode_reporting(data, name)
    for codec in _FALLBACKS:
        read = _strict(data, codec)
        if read is not None:
            note = DecodeProblem(0, 0, f"no charset was detected; read as {codec} (a guess)")
            return Decoded(read, codec, (note,))
    return _decode_reporting(data, "utf-8")


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` (see the module doc). Raises InputError if it is clearly not text."""
    if not data:
        return Decoded("", "utf-8")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_reporting(data, codec)
    utf16 = _check_binary(data)
    if utf16 is not None:
        return _decode_reporting(data, utf16)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    decoded = _utf8_with_strays(data) or _detect(data)
    try:  # a few codecs read two byte values as one character, and write back one of them
        exact = encode_back(decoded.text, decoded.encoding, decoded.undecoded) == data
    except (ValueError, UnicodeEncodeError):
        exact = False
    if exact:
        return decoded
    undecoded = _read_otherwise(decoded, data)
    if not decoded.problems:
        note = DecodeProblem(0, 0, f"{decoded.encoding} does not give back the same bytes when re-encoded")
        return Decoded(decoded.text, decoded.encoding, (note,), undecoded)
    return replace(decoded, undecoded=undecoded)


def _read_otherwise(decoded: Decoded, data: bytes) -> tuple[Undecoded, ...]:
    """The characters of ``decoded`` whose bytes in ``data`` its codec encodes otherwise
    (cp932 reads both NEC and IBM codes of "∵" as one character, and writes one), and its
    stand-ins, each with the bytes it was read from: a byte at a time through an
    incremental decoder.
    When that does not lead back to ``data`` (a codec whose state spans characters, such
    as ISO-2022), the whole text stands for the whole of ``data``."""
    codec = decoded.encoding
    decoder = codecs.getincrementaldecoder(codec)("replace")  # a stand-in is U+FFFD here too
    out: list[Undecoded] = []
    chars = start = 0
    for i in range(len(data) + 1):
        read = decoder.decode(data[i : i + 1], i == len(data))
        if not read:
            continue
        piece = data[start : i + 1]
        try:
            same = read.encode(codec) == piece
        except UnicodeEncodeError:
            same = False
        if not same:
            out.append(Undecoded(chars, chars + len(read), piece))
        chars += len(read)
        start = i + 1
    try:
        exact = chars == len(decoded.text) and encode_back(decoded.text, codec, out) == data
    except (ValueError, UnicodeEncodeError):
        exact = False
    return tuple(out) if exact else (Undecoded(0, len(decoded.text), data),)
