# Reading inputs: whole files as bytes (gunzipped, up to a size limit), JSONL files as a stream
# of lines (one over the limit in pieces), standard input, whole text files decoded as clean
# decodes them, and the InputError of a bad file.
"""Readers for input files."""

from __future__ import annotations

import gzip
import os
import stat
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, overload

from cleaner.errors import InputError
from cleaner.io.discover import InputFile, os_reason
from cleaner.io.jsonl import BOM, checked_start
from cleaner.io.kinds import Kind
from cleaner.io.limits import SizeLimit

__all__ = [
    "LongLine",
    "corpus_file",
    "corpus_lines",
    "iter_lines",
    "iter_range_lines",
    "looks_binary",
    "read_bytes",
    "read_text",
]

#: the bytes of a line longer than the limit read at a time, to copy it through
_PIECE = 1 << 20

_SNIFF = 8192
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# control bytes that never occur in text (tab, newlines, form feed, escape are allowed)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"


def _where(f: InputFile) -> str:
    return "<stdin>" if f.path is None else str(f.path)


def read_text(f: InputFile, limit: SizeLimit) -> str:
    """The text of a whole-file text document (``.txt``, maybe gzipped), decoded as
    ``cleaner clean`` decodes it (:func:`cleaner.encoding.decode_bytes`: a byte-order
    mark, UTF-16 without one, UTF-8, else the detected charset), for the commands that
    read a corpus without cleaning it (``mine``, ``rules try``). A byte-order mark that
    starts it is no part of its text. Data that is not text is an InputError naming the
    file and the cause, as ``clean`` fails it; so is a file bigger than ``limit``."""
    from cleaner.encoding.decode import decode_bytes

    data = read_bytes(f, limit)
    if looks_binary(data):
        raise InputError("binary data, not text", path=_where(f))
    try:
        decoded = decode_bytes(data)
    except InputError as exc:  # not text after all (binary past the bytes looks_binary sniffs)
        raise InputError(exc.message, path=_where(f)) from None
    return decoded.text.removeprefix("\ufeff")


def corpus_file(path: Path) -> InputFile:
    """``path`` of a corpus read without cleaning it (``mine``, ``rules try``) as the
    readers of ``cleaner clean`` take it: gzip by its name, in any case."""
    return InputFile(path, path.name, Kind("txt", path.name.lower().endswith(".gz")))


def corpus_lines(path: Path, limit: SizeLimit) -> Iterator[str | LongLine]:
    """The lines of a JSONL file of such a corpus, decoded as UTF-8 (undecodable bytes
    as U+FFFD), a line of more than ``limit`` bytes as a LongLine, unread. As in
    ``cleaner clean``, a file that is not JSON Lines text (UTF-16 or UTF-32, lines that
    end in CR only) is an InputError with that cause (:func:`checked_start`), and a UTF-8
    byte-order mark that starts the file is no part of its first record."""
    lines = checked_start(iter_lines(corpus_file(path), limit), str(path))
    for i, raw in enumerate(lines):
        if isinstance(raw, LongLine):
            yield raw
        else:
            yield (raw.removeprefix(BOM) if i == 0 else raw).decode("utf-8", errors="replace")


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not text in any encoding, as ``decode_bytes`` judges it: more
    than 1 byte in 1,000 NUL (without a UTF-16 byte-order mark, and not UTF-16 without
    one), or many control bytes at the start. A stray NUL in a long text is not binary:
    the cleaner removes it, with a log record."""
    head = data[:_SNIFF]
    if not head or head.startswith(_BOMS):
        return False
    if b"\x00" in head and data.count(0) * 1000 > len(data):
        from cleaner.encoding.decode import utf16_without_mark

        return utf16_without_mark(data) is None
    controls = len(head) - len(head.translate(None, _CONTROL))  # one pass, not one per byte
    return controls / len(head) > 0.05


def _describe(exc: BaseException, f: InputFile | None = None) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, EOFError):
        return "truncated gzip data (the compressed stream ends early)"
    if isinstance(exc, gzip.BadGzipFile):
        if not str(exc).startswith("Not a gzipped file"):  # a CRC or length check, a method
            return f"corrupt gzip data ({exc})"
        return _not_gzip(exc, None if f is None else f.path)
    if isinstance(exc, zlib.error):
        return f"corrupt gzip data ({exc})"
    if isinstance(exc, OSError):  # in words, as for a folder: "no such file or directory"
        return os_reason(exc)
    return str(exc)


def _not_gzip(exc: BaseException, path: os.PathLike[str] | str | None) -> str:
    """What is wrong when gzip found no gzip header where one should be: at the start
    (the file is not gzip), or after one or more whole members (bytes appended to gzip
    data, which are not cleaned as a guess: the file fails)."""
    end = None if path is None else _gzip_end(path)
    if end is None:  # standard input (it cannot be read again), or a file that changed meanwhile
        return f"not gzip data, or gzip data followed by bytes that are not gzip ({exc})"
    if end[0] == 0:
        return "not gzip data (it does not start with the gzip signature 1f 8b)"
    extra = end[1] - end[0]
    what = "1 byte that is" if extra == 1 else f"{extra} bytes that are"
    return f"the gzip data is followed by {what} not gzip (from byte {end[0]})"


def _gzip_end(path: os.PathLike[str] | str) -> tuple[int, int] | None:
    """(where the whole gzip members at the start of ``path`` end, with the zero bytes
    gzip allows after a member; the file's size), or None when it cannot be read so far."""
    chunk = 1 << 16
    try:
        with open(path, "rb") as fp:
            size = os.fstat(fp.fileno()).st_size
            pos = 0
            while True:
                fp.seek(pos)
                if fp.read(2) != b"\x1f\x8b":
                    return pos, size
                fp.seek(pos)
                d = zlib.decompressobj(wbits=31)
                while not d.eof:
                    data = fp.read(chunk)
                    if not data:
                        return None  # truncated: not this question
                    while data and not d.eof:
                        d.decompress(data, chunk)  # output thrown away, a bounded piece at a time
                        data = d.unconsumed_tail
                pos = fp.tell() - len(d.unused_data)
                fp.seek(pos)
                rest = fp.read(chunk)
                while rest and not rest.strip(b"\x00"):  # zero padding, skipped as gzip does
                    pos += len(rest)
                    rest = fp.read(chunk)
                pos += len(rest) - len(rest.lstrip(b"\x00"))
                if pos >= size:
                    return None
    except (OSError, zlib.error):
        return None


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


def read_bytes(f: InputFile, limit: SizeLimit | None = None) -> bytes:
    """The whole content of ``f``, decompressed; InputError names the file and cause.
    With ``limit``, a file of more bytes (once decompressed) fails with the limit's
    message: a plain file unread, a gzip one as soon as the limit is passed, so a gzip
    bomb costs no more memory than the limit."""
    try:
        if limit is None:
            with _opened(f) as stream:
                return stream.read()
        on_disk = _file_size(f)
        if not f.kind.gz and on_disk is not None and on_disk > limit.size:
            raise InputError(limit.message(on_disk), path=_where(f))
        most = limit.size + 1  # one byte more than the limit tells a file over it
        with _opened(f) as stream:
            # a plain file: its size (and a byte), not a buffer of the limit's size for each file
            data = stream.read(most if f.kind.gz or on_disk is None else on_disk + 1)
            if not f.kind.gz and on_disk is not None and on_disk < len(data) < most:  # it grew meanwhile
                data += stream.read(most - len(data))
        if len(data) > limit.size:
            raise InputError(limit.message(None, on_disk if f.kind.gz else None), path=_where(f))
        return data
    except InputError:
        raise
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(_describe(exc, f), path=_where(f)) from exc


def _file_size(f: InputFile) -> int | None:
    """The size of ``f`` on disk (None for standard input, or a file that is not there)."""
    if f.path is None:
        return None
    try:
        return os.stat(f.path).st_size
    except OSError:
        return None


class LongLine:
    """A line of more bytes (before its line feed) than a limit, not held in memory: its
    first ``head`` bytes, then :meth:`pieces` reads the rest, a piece at a time; ``size``
    counts the bytes read of it so far (all of them, line end included, once read)."""

    def __init__(self, f: InputFile, stream: BinaryIO, head: bytes, left: int | None) -> None:
        self.head = head
        self.size = len(head)
        self._f = f
        self._stream = stream
        self._left = left  # bytes of the range still to read (None: to the end of the file)
        self._done = False
        self._line_feed = False  # the line ends with one (the last line of a file need not)

    @property
    def body_size(self) -> int:
        """The bytes of the line read so far, without its line feed."""
        return self.size - self._line_feed

    def pieces(self) -> Iterator[bytes]:
        """The bytes of the line after ``head``, through its line end."""
        try:
            while not self._done:
                want = _PIECE if self._left is None else min(_PIECE, self._left)
                piece = self._stream.readline(want) if want > 0 else b""
                self._done = not piece or piece.endswith(b"\n")
                self._line_feed = piece.endswith(b"\n")
                self.size += len(piece)
                if self._left is not None:
                    self._left -= len(piece)
                if piece:
                    yield piece
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(_describe(exc, self._f), path=_where(self._f)) from exc

    def skip(self) -> int | None:
        """Read what is left of the line, unkept; the bytes of the range left after it."""
        for _ in self.pieces():
            pass
        return self._left


def _lines(
    f: InputFile, stream: BinaryIO, limit: SizeLimit | None, left: int | None
) -> Iterator[bytes | LongLine]:
    """The lines of ``stream`` (``left`` bytes of it, or all), a line longer than
    ``limit`` as a LongLine; the reader need not read all of a LongLine."""
    most = None if limit is None else limit.size + 1  # a line feed after the limit's bytes
    while left is None or left > 0:
        want = -1 if most is None else most
        if left is not None:
            want = left if want < 0 else min(want, left)
        line = stream.readline(want)
        if not line:
            return
        if left is not None:
            left -= len(line)
        if most is None or len(line) < most or line.endswith(b"\n"):
            yield line
            continue
        long = LongLine(f, stream, line, left)
        yield long
        left = long.skip()  # what the reader left of it


@overload
def iter_lines(f: InputFile) -> Iterator[bytes]: ...
@overload
def iter_lines(f: InputFile, limit: SizeLimit) -> Iterator[bytes | LongLine]: ...
def iter_lines(f: InputFile, limit: SizeLimit | None = None) -> Iterator[bytes | LongLine]:
    """The lines of ``f`` (with their line ends), decompressed, read as a stream. With
    ``limit``, a line of more bytes before its line feed comes as a LongLine, so it is
    never held whole in memory."""
    try:
        with _opened(f) as stream:
            yield from _lines(f, stream, limit, None)
    except InputError:
        raise
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(_describe(exc, f), path=_where(f)) from exc


def iter_range_lines(
    f: InputFile, start: int, end: int, limit: SizeLimit | None = None
) -> Iterator[bytes | LongLine]:
    """The lines of the uncompressed file ``f`` that lie in bytes ``start`` to ``end``
    (both on line boundaries), read as a stream; a long line as :func:`iter_lines` gives it."""
    try:
        with _opened(f) as stream:
            stream.seek(start)
            yield from _lines(f, stream, limit, end - start)
    except InputError:
        raise
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(_describe(exc, f), path=_where(f)) from exc
