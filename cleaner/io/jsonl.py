# One JSON Lines record at a time: find the exact span of the text field in the raw
# line, and splice a new value in (or add a field) so every other byte stays as it was.
# And the file-level check that a file's first line is JSON Lines text at all.
"""Exact-span access to one field of a JSON object on one line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from cleaner.errors import InputError

if TYPE_CHECKING:
    from cleaner.io.readers import LongLine

__all__ = [
    "BOM",
    "FieldSpan",
    "RecordError",
    "add_field",
    "checked_start",
    "drop_field",
    "dump_string",
    "find_fields",
    "json_text",
    "not_jsonl",
    "replace_field",
    "splice",
    "split_line",
]

#: the UTF-8 byte-order mark a JSONL file may start with
BOM = b"\xef\xbb\xbf"
_DECODER = json.JSONDecoder()
_WS = " \t\n\r"


#: the bytes of a first line looked at for UTF-16 or UTF-32 without a byte-order mark
_SNIFF = 4096
_ENCODED = (  # a record's opening brace (after blanks, blank lines) in another encoding than UTF-8
    ("UTF-32", "LE", re.compile(rb"(?:[ \t\r\n]\x00\x00\x00)*\{\x00\x00\x00")),
    ("UTF-32", "BE", re.compile(rb"(?:\x00\x00\x00[ \t\r\n])*\x00\x00\x00\{")),
    ("UTF-16", "LE", re.compile(rb"(?:[ \t\r\n]\x00)*\{\x00")),
    ("UTF-16", "BE", re.compile(rb"(?:\x00[ \t\r\n])*\x00\{")),
)
_MARKS = (  # longest first: UTF-32LE's mark starts as UTF-16LE's does
    (b"\xff\xfe\x00\x00", "UTF-32", "LE"),
    (b"\x00\x00\xfe\xff", "UTF-32", "BE"),
    (b"\xff\xfe", "UTF-16", "LE"),
    (b"\xfe\xff", "UTF-16", "BE"),
)
_ORDER = {"LE": "little-endian", "BE": "big-endian"}
#: a record's end, one or more CRs and no LF, and the next record's start: in the first
#: line of a file, lines that end in CR alone (a raw CR cannot be in a JSON string, and
#: "}" then "{" without a comma is in no JSON value)
_CR_ONLY = re.compile(rb"\}[ \t\r]*\r[ \t\r]*\{")


def not_jsonl(first: bytes) -> str | None:
    """Why a file whose first line is ``first`` (its bytes through its line feed, or the
    head of a line too long to read whole) is not JSON Lines text, which is UTF-8 with
    lines that end in LF or CR LF; None when it may be. UTF-16 or UTF-32 text (with or
    without a byte-order mark) would give an error for every line, and lines that end in
    CR alone would be read as one line: the whole file fails with this cause instead."""
    for mark, codec, order in _MARKS:
        if first.startswith(mark):
            return _not_utf8(codec, order, marked=True)
    if b"\x00" in first[:_SNIFF]:
        for codec, order, opening in _ENCODED:
            if opening.match(first, 0, _SNIFF):
                return _not_utf8(codec, order, marked=False)
        from cleaner.encoding.decode import utf16_without_mark

        sample = first[:_SNIFF]
        found = utf16_without_mark(sample[: len(sample) // 2 * 2])  # utf-16-le or utf-16-be
        if found is not None:
            return _not_utf8("UTF-16", found[-2:].upper(), marked=False)
    if _CR_ONLY.search(first):
        return (
            "lines end in CR only (JSONL lines end in LF, or CR LF; read so, the whole file would "
            "be one line): convert the line ends first, e.g. tr '\\r' '\\n'"
        )
    return None


def checked_start(lines: Iterable[bytes | LongLine], where: str) -> Iterator[bytes | LongLine]:
    """``lines`` (of a JSONL file, from its first) as they are, once its start is known to
    be JSON Lines text; else an InputError naming ``where`` with the cause
    (:func:`not_jsonl`). The lines up to the first that holds more than blanks (at most
    :data:`_SNIFF` bytes of them) are held back and looked at together: a blank first
    line, or one of a byte-order mark alone, hid a UTF-16 or a CR-only file from a look
    at the first line alone, and each line after it was an error of its own again. A
    long line is never held: its head is looked at, and it is given on at once."""
    from cleaner.io.readers import LongLine  # readers: the file kinds, gzip; not needed to import this

    rest = iter(lines)
    held: list[bytes | LongLine] = []
    seen = b""
    for line in rest:
        held.append(line)
        head = line.head if isinstance(line, LongLine) else line
        seen += head[:_SNIFF]
        blank = not head.removeprefix(BOM).strip(b" \t\r\n\x00")  # in UTF-16 too: NUL bytes
        if isinstance(line, LongLine) or not blank or len(seen) >= _SNIFF:
            break
    if held and (problem := not_jsonl(seen)):
        raise InputError(problem, path=where)
    yield from held
    yield from rest


def _not_utf8(codec: str, order: str, *, marked: bool) -> str:
    """The cause of a JSONL file in ``codec`` (UTF-16 or UTF-32), byte order ``order``."""
    mark = "with" if marked else "without"
    iconv = codec if marked else codec + order  # iconv reads the order from the mark, or its name
    return (
        f"{codec} text, {_ORDER[order]} {mark} a byte-order mark (JSONL must be UTF-8): "
        f"convert it first, e.g. iconv -f {iconv} -t UTF-8"
    )


class RecordError(ValueError):
    """The line is not one JSON object (message says what and at which column)."""


@dataclass(frozen=True, slots=True)
class FieldSpan:
    """The decoded value of a top-level field and where its JSON text lies in the line."""

    value: object
    start: int
    end: int


def _skip(line: str, i: int) -> int:
    while i < len(line) and line[i] in _WS:
        i += 1
    return i


def _expect(line: str, i: int, what: str) -> None:
    if i >= len(line) or line[i] not in what:
        found = repr(line[i]) if i < len(line) else "end of line"
        raise RecordError(f"expected {' or '.join(repr(c) for c in what)} at column {i + 1}, found {found}")


class _Member(NamedTuple):  # a tuple: made for every member of every record read
    """One top-level member of an object: its key, where its key literal starts, and
    its decoded value and where that lies."""

    key: str
    key_start: int
    value: object
    start: int
    end: int


def _members(line: str) -> Iterator[_Member]:
    """Parse ``line`` as one JSON object, as strictly as ``json.loads``, and yield its
    top-level members in order (RecordError, once those before are yielded, where the
    line stops being one)."""
    i = _skip(line, 0)
    _expect(line, i, "{")
    i = _skip(line, i + 1)
    if i < len(line) and line[i] == "}":
        i += 1
    else:
        while True:
            _expect(line, i, '"')
            key_start = i
            try:
                key, i = json.decoder.scanstring(line, i + 1)  # type: ignore[attr-defined]
                i = _skip(line, i)
                _expect(line, i, ":")
                i = _skip(line, i + 1)
                value, end = _DECODER.raw_decode(line, i)
            except json.JSONDecodeError as exc:
                raise RecordError(f"{exc.msg} (column {exc.colno})") from None
            yield _Member(key, key_start, value, i, end)
            i = _skip(line, end)
            _expect(line, i, ",}")
            if line[i] == "}":
                i += 1
                break
            i = _skip(line, i + 1)
    i = _skip(line, i)
    if i != len(line):
        raise RecordError(f"extra data after the object at column {i + 1}")


def find_fields(line: str, names: tuple[str, ...]) -> dict[str, FieldSpan]:
    """Parse ``line`` as one JSON object; the spans of its top-level fields ``names``
    that are present.

    Validates the whole line as strictly as ``json.loads``; a duplicate key yields
    the last occurrence, as ``json.loads`` does.
    """
    return {m.key: FieldSpan(m.value, m.start, m.end) for m in _members(line) if m.key in names}


def add_field(line: str, name: str, literal: str) -> str:
    """``line`` (one JSON object without the field ``name``) with the member ``name``
    added last, its value the JSON literal ``literal``, spaced as the record's first
    members are (``"a": 1, "b": 2`` or ``"a":1,"b":2``). The member goes right after the
    last value (after the ``{`` of an empty object), so every other byte stays as it
    was and :func:`drop_field` gives the line back exactly."""
    members = list(_members(line))
    if any(m.key == name for m in members):
        raise RecordError(f"the record has a {name!r} field already")
    key_sep = item_sep = None
    if members:
        first = members[0]
        key_sep = _between_key_and_value(line, first)
        if len(members) > 1:
            item_sep = line[first.end : members[1].key_start]
    if key_sep is None or not _is_separator(key_sep, ":"):
        key_sep = ": "
    if item_sep is None or not _is_separator(item_sep, ","):
        item_sep = ", " if key_sep.endswith(" ") else ","
    member = json.dumps(name) + key_sep + literal
    at = members[-1].end if members else _skip(line, 0) + 1  # after the last value, or the {
    return line[:at] + (item_sep if members else "") + member + line[at:]


def _between_key_and_value(line: str, member: _Member) -> str:
    """What stands between the key literal of ``member`` and its value (``: ``)."""
    _key, after = json.decoder.scanstring(line, member.key_start + 1)  # type: ignore[attr-defined]
    return line[after : member.start]


def _is_separator(text: str, mark: str) -> bool:
    """``text`` is ``mark`` with JSON whitespace around it, and nothing else."""
    return text.strip(_WS) == mark


def drop_field(line: str, name: str) -> tuple[str, FieldSpan]:
    """``line`` without the member ``name`` that :func:`add_field` added (the last
    member), and that member's span: the line :func:`add_field` was given. RecordError
    when the line is not an object whose last member is ``name``."""
    members = list(_members(line))
    if not members or members[-1].key != name:
        raise RecordError(f"its last field is not {name!r}")
    last = members[-1]
    at = members[-2].end if len(members) > 1 else _skip(line, 0) + 1
    return line[:at] + line[last.end :], FieldSpan(last.value, last.start, last.end)


def dump_string(text: str, like: str) -> str:
    """``text`` as a JSON string literal in place of the literal ``like``, in its style:
    non-ASCII characters written as \\u escapes when ``like`` was all ASCII, and ``/`` as
    ``\\/`` when ``like`` wrote every slash so (PHP's json_encode does), so that a corpus
    keeps its own escapes and a rebuilt record its bytes."""
    dumped = json.dumps(text) if like.isascii() else json_text(text)
    if "/" in dumped and _escapes_slashes(like):
        dumped = dumped.replace("/", "\\/")  # a / json.dumps writes is a slash, never part of an escape
    return dumped


def json_text(value: object) -> str:
    """``value`` as JSON with its non-ASCII characters as they are, except when it holds a
    lone surrogate (bytes a ``surrogateescape`` read did not decode): UTF-8 has none, so
    then every non-ASCII character is a ``\\u`` escape, which any writer can encode."""
    text = json.dumps(value, ensure_ascii=False)
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(value)
    return text


#: an escape of a JSON string literal, or a slash written bare
_ESCAPE_OR_SLASH = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)|/")


def _escapes_slashes(literal: str) -> bool:
    """Whether ``literal`` writes a slash, and every slash as ``\\/``."""
    if "\\/" not in literal:
        return False
    return all(m.group() != "/" for m in _ESCAPE_OR_SLASH.finditer(literal))


def replace_field(line: str, span: FieldSpan, text: str) -> str:
    """``line`` with the field value at ``span`` replaced by the JSON string ``text``
    (:func:`dump_string`)."""
    return splice(line, span, dump_string(text, line[span.start : span.end]))


def splice(line: str, span: FieldSpan, literal: str) -> str:
    """``line`` with the field value at ``span`` replaced by the JSON literal ``literal``,
    every other character as it was."""
    return line[: span.start] + literal + line[span.end :]


def split_line(raw: bytes, first: bool) -> tuple[bytes, bytes, bytes]:
    """A raw JSONL line as (byte-order mark, body, line end): the mark only on the
    ``first`` line of a file, the end ``\\n``, ``\\r\\n`` or nothing. The cleaner
    rewrites the body alone, and ``restore`` takes it apart the same way."""
    body = raw.rstrip(b"\r\n")
    ending = raw[len(body) :]
    if first and body.startswith(BOM):
        return BOM, body[len(BOM) :], ending
    return b"", body, ending
