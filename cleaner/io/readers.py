# Reading inputs: whole files as bytes (gunzipped), JSONL files as a stream of lines,
# standard input, and the checks that turn bad files into one clear InputError.
"""Readers for input files."""

from __future__ import annotations

import gzip
import os
import stat
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from cleaner.errors import InputError
from cleaner.io.discover import InputFile

__all__ = ["iter_lines", "iter_range_lines", "looks_binary", "read_bytes"]

_SNIFF = 8192
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# control bytes that never occur in text (tab, newlines, form feed, escape are allowed)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"


def _where(f: InputFile) -> str:
    return "<stdin>" if f.path is None else str(f.path)


def looks_binary(data: bytes) -> bool:
    """True when the start of ``data`` is not text in any encoding: NUL bytes (without
    a UTF-16 byte-order mark) or many control bytes."""
    head = data[:_SNIFF]
    if not head or head.startswith(_BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))  # one pass, not one per byte
    return controls / len(head) > 0.05


def _describe(exc: BaseException) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, EOFError):
        return "truncated gzip data (the compressed stream ends early)"
    if isinstance(exc, gzip.BadGzipFile):
        return f"not gzip data ({exc})"
    if isinstance(exc, zlib.error):
        return f"corrupt gzip data ({exc})"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _open_raw(f: InputFile) -> BinaryIO:
    if f.path is None:
        return sys.stdin.buffer
    try:
        st = os.stat(f.path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file", path=_where(f))
        return open(f.path, "rb")
    except OSError as exc:
        raise InputError(_describe(exc), path=_where(f)) from exc


@contextmanager
def _opened(f: InputFile) -> Iterator[BinaryIO]:
    raw = _open_raw(f)
    try:
        if f.kind.gz:
            with gzip.GzipFile(fileobj=raw, mode="rb") as gz:
                yield gz  # type: ignore[misc]
        else:
            yield raw
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()


def read_bytes(f: InputFile) -> bytes:
    """The whole content of ``f``, decompressed; InputError names the file and cause."""
    try:
        with _opened(f) as stream:
            return stream.read()
    except InputError:
        raise
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(_describe(exc), path=_where(f)) from exc


def iter_lines(f: InputFile) -> Iterator[bytes]:
    """The lines of ``f`` (with their line ends), decompressed, read as a stream."""
    try:
        with _opened(f) as stream:
            yield from stream
    except InputError:
        raise
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(_describe(exc), path=_where(f)) from exc


def iter_range_lines(f: InputFile, start: int, end: int) -> Iterator[bytes]:
    """The lines of the uncompressed file ``f`` that lie in bytes ``start`` to ``end``
    (both on line boundaries), read as a stream."""
    try:
        with _opened(f) as stream:
            stream.seek(start)
            left = end - start
            while left > 0:
                line = stream.readline(left)
                if not line:
                    return
                left -= len(line)
                yield line
    except InputError:
        raise
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(_describe(exc), path=_where(f)) from exc
