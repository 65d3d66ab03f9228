# Writing outputs so that an interrupted run never leaves a half-written file: a temp
# file in the target's own folder, renamed over the target with os.replace when complete.
"""Atomic file writers."""

from __future__ import annotations

import gzip
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

__all__ = ["TEMP_PREFIX", "atomic_write", "write_bytes_atomic"]

#: temp files start with this; a crash can leave one behind, never a partial target
TEMP_PREFIX = ".cleaner-tmp-"


@contextmanager
def atomic_write(path: Path, *, gz: bool = False) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` only when the block completes.

    With ``gz`` the stream is gzip-compressed with a fixed header (no name, mtime 0),
    so equal content always gives equal bytes. On an exception the temp file is
    removed and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
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


@lru_cache(maxsize=1)
def _umask() -> int:
    # os.umask can only be read by setting it; read it once, before any worker thread.
    mask = os.umask(0o22)
    os.umask(mask)
    return mask
