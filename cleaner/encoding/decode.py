# Bytes to text: byte-order marks, UTF-8 (with a few stray bytes), legacy charsets by
# charset-normalizer; says which encoding it used and where bytes did not decode.
"""Decode bytes into text, reporting what did not decode instead of failing.

Order of decisions:

1. A byte-order mark decides: UTF-8, UTF-16 or UTF-32, little or big endian by the
   mark. The mark stays in the text as U+FEFF (``encoding.invisible`` removes it, with
   a log record), so the text encodes back to the same bytes.
2. Data that is clearly not text raises :class:`cleaner.errors.InputError`. The
   heuristic: text never contains NUL bytes, except as the zero half of UTF-16/32 code
   units. So data is binary when more than 1 byte in 1,000 is NUL and the NULs do not
   sit the way UTF-16 without a mark puts them (16 bytes or more whose high bytes are
   mostly NUL, low bytes almost never, and that decode as UTF-16 are read as such), or
   when more than 5% of all bytes are control bytes other than tab, line feed,
   vertical tab, form feed, carriage return and escape. A few stray control bytes in
   real text pass (the ``encoding.controls`` step removes them, logged).
3. Valid UTF-8 is UTF-8.
4. UTF-8 with a few bytes that are not UTF-8 (at least as many valid multi-byte
   characters as stray bytes) stays UTF-8: a stray byte is read as the windows-1252
   character it most likely was (``don\\x92t`` → ``don’t``: the damaged byte says
   which apostrophe), a truncated UTF-8 sequence becomes U+FFFD, and each is reported
   with its byte offset.
5. Anything else goes to charset-normalizer. Its guess is corrected in two ways it is
   known to need on short Western texts: among encodings that give the same text, the
   common one is named (windows-1252 rather than windows-1250); and windows-1252 is
   taken when it reads the bytes with less mess than the guess (a mostly English text
   with one ``\\x92`` is not Big5), or with as little as another single-byte guess.
   When it finds nothing, the least garbled reading (by charset-normalizer's mess
   ratio) among common single-byte charsets is used, with a problem saying so; when
   none reads the bytes, UTF-8 with U+FFFD for each byte that does not decode.

Problems are reported one by one up to a limit, then summed up in one more problem.
When there are none, ``decoded.text.encode(decoded.encoding) == data`` (checked; a
codec that reads two byte values as one character is reported): the removal log and
``restore`` lead back to the input bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from cleaner.errors import InputError

__all__ = ["DecodeProblem", "Decoded", "decode_bytes"]

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
    """Decoded text, the codec used (a Python codec name) and what went wrong."""

    text: str
    encoding: str
    problems: tuple[DecodeProblem, ...] = ()


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


def _check_binary(data: bytes) -> str | None:
    """None if ``data`` may be text; else how it looks like UTF-16 without a mark
    (``utf-16-le``/``utf-16-be``), or raise InputError."""
    n = len(data)
    nuls = data.count(0)
    if nuls * 1000 > n:
        half = n // 2
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if n % 2 == 0 and n >= _MIN_UTF16 and _readable(data, "utf-16-le", odd, even, half):
            return "utf-16-le"
        if n % 2 == 0 and n >= _MIN_UTF16 and _readable(data, "utf-16-be", even, odd, half):
            return "utf-16-be"
        first = data.index(0)
        raise InputError(f"not text: {nuls} NUL bytes (the first at byte {first}); binary data?")
    controls = n - len(data.translate(None, _CONTROL_BYTES))
    if controls * 20 > n:
        raise InputError(f"not text: {100 * controls / n:.0f}% of the bytes are control bytes; binary data?")
    return None


def _decode_reporting(data: bytes, codec: str) -> tuple[str, list[DecodeProblem]]:
    """``data`` decoded with ``codec``; each undecodable piece becomes U+FFFD and a problem."""
    decode = codecs.getdecoder(codec)
    view = memoryview(data)
    pieces: list[str] = []
    problems: list[DecodeProblem] = []
    chars = 0
    pos = 0
    while pos < len(data):
        if len(problems) >= _MAX_PROBLEMS:
            rest = decode(view[pos:], "replace")[0]
            problems.append(
                DecodeProblem(pos, chars, f"more bytes that are not {codec} (replaced by U+FFFD)")
            )
            pieces.append(rest)
            break
        try:
            text = decode(view[pos:], "strict")[0]
        except UnicodeDecodeError as exc:
            good = decode(view[pos : pos + exc.start], "strict")[0]
            pieces.append(good)
            chars += len(good)
            bad = bytes(view[pos + exc.start : pos + exc.end])
            problems.append(
                DecodeProblem(pos + exc.start, chars, f"bytes {bad.hex(' ')} are not {codec} ({exc.reason})")
            )
            pieces.append("\ufffd")
            chars += 1
            pos += exc.end
            continue
        pieces.append(text)
        break
    return "".join(pieces), problems


def _stray_bytes(run: bytes) -> tuple[str, str]:
    """What a run of bytes that are not UTF-8 most likely was, and how it was read."""
    lead = run[0]
    need = 1 if 0xC2 <= lead <= 0xDF else 2 if 0xE0 <= lead <= 0xEF else 3 if 0xF0 <= lead <= 0xF4 else 0
    if need and len(run) <= need and all(0x80 <= b <= 0xBF for b in run[1:]):
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
    last = 0
    byte_pos = 0
    chars = 0
    for m in runs:
        before = escaped[last : m.start()]
        pieces.append(before)
        chars += len(before)
        byte_pos += len(before.encode("utf-8", "surrogateescape"))
        run = m.group().encode("utf-8", "surrogateescape")
        text, how = _stray_bytes(run)
        if len(problems) < _MAX_PROBLEMS:
            problems.append(DecodeProblem(byte_pos, chars, f"bytes {run.hex(' ')} are not UTF-8: {how}"))
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
    return Decoded("".join(pieces), "utf-8", tuple(problems))


def _detect(data: bytes) -> Decoded:
    """A legacy charset, by charset-normalizer with the corrections in the module doc."""
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio
    from charset_normalizer.utils import is_multi_byte_encoding

    try:
        western: str | None = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    best = from_bytes(data).best()
    if best is None:  # the least messy common single-byte charset, if one reads the bytes
        readings: list[tuple[float, int, str, str]] = []
        for order, codec in enumerate(_FALLBACKS):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            readings.append((mess_ratio(text, 1.0), order, codec, text))
        if readings:
            _, _, codec, text = min(readings)
            note = DecodeProblem(0, 0, f"no charset was detected; read as {codec} (the least garbled guess)")
            return Decoded(text, codec, (note,))
        text, problems = _decode_reporting(data, "utf-8")
        return Decoded(text, "utf-8", tuple(problems))
    same = [best.encoding, *best.could_be_from_charset]
    name = next((p for p in _PREFERRED if p in same), best.encoding)
    if western is not None and name != "cp1252":
        mess = mess_ratio(western, 1.0)
        if mess < best.chaos or (mess == best.chaos and not is_multi_byte_encoding(name)):
            return Decoded(western, "cp1252")
    text, problems = _decode_reporting(data, name)
    return Decoded(text, codecs.lookup(name).name, tuple(problems))


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` (see the module doc). Raises InputError if it is clearly not text."""
    if not data:
        return Decoded("", "utf-8")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text, problems = _decode_reporting(data, codec)
            return Decoded(text, codec, tuple(problems))
    utf16 = _check_binary(data)
    if utf16 is not None:
        text, problems = _decode_reporting(data, utf16)
        return Decoded(text, utf16, tuple(problems))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    decoded = _utf8_with_strays(data) or _detect(data)
    if not decoded.problems:  # a few codecs read two byte values as one character
        try:
            exact = decoded.text.encode(decoded.encoding) == data
        except UnicodeEncodeError:
            exact = False
        if not exact:
            note = DecodeProblem(
                0, 0, f"{decoded.encoding} does not give back the same bytes when re-encoded"
            )
            return Decoded(decoded.text, decoded.encoding, (note,))
    return decoded
