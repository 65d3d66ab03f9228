# Writing outputs so that an interrupted run never leaves a half-written file: a temp
# file in the target's own folder, renamed over the target with os.replace when complete.
"""Atomic file writers."""

from __future__ import annotations

import errno
import gzip
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "TEMP_PREFIX",
    "AtomicFile",
    "append_file",
    "atomic_write",
    "make_folders",
    "temp_path",
    "write_bytes_atomic",
]

#: temp files start with this; a crash can leave one behind, never a partial target
TEMP_PREFIX = ".cleaner-tmp-"


def make_folders(folder: Path) -> None:
    """``folder.mkdir(parents=True, exist_ok=True)`` without recursion: pathlib and
    os.makedirs recurse once per missing folder, so the output folder of an input some
    1,000 folders deep failed with "maximum recursion depth exceeded"."""
    try:
        folder.mkdir(exist_ok=True)  # the usual case: its parent is there
        return
    except FileNotFoundError:
        pass
    except FileExistsError:  # a file where the folder should be: say so, not "file exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder)) from None
    missing = [folder]
    while not missing[-1].parent.is_dir() and missing[-1].parent != missing[-1]:
        missing.append(missing[-1].parent)
    for path in reversed(missing):
        path.mkdir(exist_ok=True)


@contextmanager
def atomic_write(path: Path, *, gz: bool = False) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` only when the block completes.

    With ``gz`` the stream is gzip-compressed with a fixed header (no name, mtime 0),
    so equal content always gives equal bytes. On an exception the temp file is
    removed and ``path`` is left as it was.
    """
    make_folders(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            if gz:
                with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as z:
                    yield z  # type: ignore[misc]
            else:
                yield raw
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes_atomic(path: Path, data: bytes, *, gz: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_write`)."""
    with atomic_write(path, gz=gz) as out:
        out.write(data)


def temp_path(folder: Path, suffix: str = ".part") -> Path:
    """A new, empty temp file in ``folder`` (named so a resumed run cleans it up)."""
    make_folders(folder)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=folder)
    os.close(fd)
    return Path(tmp)


class AtomicFile:
    """An uncompressed output filled in several steps: a temp file beside ``path`` that
    replaces it on ``commit``, or disappears on ``abort``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = temp_path(path.parent)
        self.fh: BinaryIO = open(self.tmp, "wb")  # noqa: SIM115 - closed by commit/abort

    def append(self, part: Path) -> None:
        """Add the content of the file ``part`` and delete it."""
        self.fh.flush()
        append_file(self.fh, part)
        part.unlink()

    def commit(self) -> int:
        """Put the file in place; its size."""
        self.fh.close()
        os.chmod(self.tmp, 0o666 & ~_umask())
        os.replace(self.tmp, self.path)
        return self.path.stat().st_size

    def abort(self) -> None:
        self.fh.close()
        with suppress(FileNotFoundError):
            os.unlink(self.tmp)


def append_file(dst: BinaryIO, src: Path) -> None:
    """Append the content of ``src`` to the binary stream ``dst``: in the kernel when both
    are regular files (``os.copy_file_range``), else through a buffer."""
    with open(src, "rb") as fh:
        copy = getattr(os, "copy_file_range", None)
        if copy is not None and _is_file(dst):
            dst.flush()
            size = os.fstat(fh.fileno()).st_size
            start = dst.seek(0, os.SEEK_END)
            done = 0
            try:
                while done < size:
                    n = copy(fh.fileno(), dst.fileno(), size - done, 0 + done, start + done)
                    if n == 0:
                        break
                    done += n
            except OSError:
                pass
            dst.seek(start + done)
            fh.seek(done)
        shutil.copyfileobj(fh, dst, 1 << 20)


def _is_file(stream: BinaryIO) -> bool:
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


def _umask() -> int:
    """The process's umask now: a temp file is made 0o600, and an output gets the mode a
    plain open() would give it. Read from /proc (Linux 4.7 and later) at each call, as a
    host program may change it between two writes; elsewhere os.umask can only be read by
    setting it, which another thread could see, so it is read that way once."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return _umask_once()


@lru_cache(maxsize=1)
def _umask_once() -> int:
    # os.umask can only be read by setting it; read it once, before any worker thread.
    mask = os.umask(0o22)
    os.umask(mask)
    return mask
