# Inputs and outputs named by fsspec URLs (s3://, gs://, file://...): a URL's file system,
# its objects listed as the InputFiles a local walk would find, and a store's errors in words.
"""What ``cleaner clean --engine dask`` needs of object stores and other fsspec file
systems; fsspec (the ``dask`` extra) is imported only when a function is called."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cleaner.io.discover import is_url

__all__ = ["discover_urls", "drop_object", "filesystem", "is_folder", "local_path", "store_reason"]


def drop_object(fs: Any, path: str) -> None:
    """Remove what an earlier run put at ``path``, now that its input failed, as a local
    run removes a failed input's old output. Best effort: the failure is reported anyway."""
    try:
        if fs.exists(path):
            fs.rm_file(path)
    except Exception:
        pass  # the input's failure is what is reported


def store_reason(exc: BaseException) -> str:
    """The cause of a failed fetch or put in words: an object store's message ("the
    specified key does not exist", "access denied"), else the exception's type and text.
    fsspec drivers raise FileNotFoundError(path) for an object that is not there: its
    text is a path, not a cause, and is neither given as one nor lower-cased."""
    text = (exc.strerror or str(exc)) if isinstance(exc, OSError) else ""
    path = " " not in text.strip() and ("/" in text or "\\" in text)
    if isinstance(exc, FileNotFoundError) and not exc.strerror and (path or not text):
        return "no such file or object"
    if text and not path:
        return text.rstrip(".").lower()
    return f"{type(exc).__name__}: {exc}".rstrip(".")


def filesystem(url: str) -> tuple[Any, str]:
    """The fsspec filesystem of ``url`` and the path in it; a UsageError naming the URL and
    the package to install when fsspec has no driver for its protocol here (s3fs for
    ``s3://``), rather than an ImportError's traceback."""
    import fsspec
    from fsspec.registry import known_implementations

    from cleaner.io.discover import UsageError

    try:
        return fsspec.core.url_to_fs(url)
    except ImportError:
        protocol = url.split("://", 1)[0]
        package = known_implementations.get(protocol, {}).get("class", protocol).split(".")[0]
        raise UsageError(
            f"{url}: {protocol}:// URLs need the fsspec driver {package}: pip install {package}, "
            "here and in the workers' environment (see docs/dask.md)"
        ) from None
    except ValueError as exc:  # "Protocol not known: ..."
        raise UsageError(f"{url}: {exc}") from None


def is_folder(url: str) -> bool:
    """Whether ``url`` names a folder (a prefix): it ends in "/", or objects lie under it.
    False when the store cannot tell (the write says why)."""
    if url.endswith("/"):
        return True
    fs, path = filesystem(url)
    try:
        return bool(fs.isdir(path))
    except Exception:
        return False


def local_path(arg: str | None) -> str | None:
    """The local path an argument names: itself, or the path of a ``file://`` URL; None
    for the URL of another file system (or no argument)."""
    from fsspec.implementations.local import LocalFileSystem

    if not arg or not is_url(arg):
        return arg
    fs, path = filesystem(arg)
    return path if isinstance(fs, LocalFileSystem) else None


def _stamp(info: Mapping[str, Any]) -> int:
    """The time an object was last written as its store lists it, in nanoseconds (0 when
    the store gives none): with its size, what --resume compares to tell that an object
    changed since the last run. fsspec drivers name it ``mtime`` (local files),
    ``LastModified`` (s3fs), ``last_modified`` (adlfs), ``updated`` (gcsfs) or ``created``
    (the memory store, which never changes an object in place), as seconds, a datetime
    or an ISO 8601 string."""
    for key in ("mtime", "LastModified", "last_modified", "updated", "modified", "created"):
        value = info.get(key)
        if isinstance(value, str):
            try:
                value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
        if isinstance(value, datetime.datetime):
            return round(value.timestamp() * 1e9)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return round(value * 1e9)
    return 0


def _listed(rel: str, kind: Any, info: Mapping[str, Any], url: str, local: str | None) -> Any:
    """The InputFile of an object listed at ``url``: named by its URL in the manifest,
    and taken as unchanged while its size and time (:func:`_stamp`) are. A file of this
    machine (``local``: its path; a path or ``file://`` URL given with another URL) is
    the InputFile a local run finds, named by its path and stamped to the nanosecond, so
    that a local ``--resume`` knows it (a URL and a float's mtime never matched)."""
    from cleaner.io.discover import InputFile

    if local is not None:
        try:
            st = os.stat(local)
        except OSError:
            return InputFile(Path(local), rel, kind)  # the worker's fetch says why
        return InputFile(Path(local), rel, kind, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    stamp = _stamp(info)
    return InputFile(Path(rel), rel, kind, int(info.get("size") or 0), stamp, stamp, url=url)


def _url_key(rel: str) -> tuple[tuple[int, str], ...]:
    """Order of a local folder walk: a folder's files (sorted), then its subfolders."""
    parts = rel.split("/")
    return (*((1, p) for p in parts[:-1]), (0, parts[-1]))


def discover_urls(
    inputs: Sequence[str], forced: Any
) -> tuple[list[Any], list[str], list[str], int, list[str]]:
    """InputFiles (path None-free stand-ins), their URLs, the names messages give them (the
    URL, or for a local path the path a local run names), entries passed over, and a
    message for each input that could not be listed (credentials, network, access)."""
    from cleaner.io.discover import UsageError
    from cleaner.io.kinds import kind_from_name

    files: list[Any] = []
    urls: list[str] = []
    shown: list[str] = []
    skipped = 0
    unreadable: list[str] = []
    from fsspec.implementations.local import LocalFileSystem

    for arg in inputs:
        fs, root = filesystem(arg)
        protocol = arg.split("://", 1)[0]
        on_disk = isinstance(fs, LocalFileSystem)
        try:  # the store's errors are not all OSErrors (no credentials, no connection)
            listing = fs.find(root, detail=True) if fs.isdir(root) else None
            single = None if listing is not None or not fs.exists(root) else fs.info(root)
        except Exception as exc:
            # as a folder that cannot be listed in a local run: said, failed, the rest cleaned
            unreadable.append(f"{arg}: cannot read it ({store_reason(exc)}); none of it was cleaned")
            continue
        if listing is not None:
            found = []
            for path, info in listing.items():
                rel = path[len(root.rstrip("/")) + 1 :]
                name = rel.rsplit("/", 1)[-1]
                kind = forced or kind_from_name(name)
                if any(p.startswith(".") for p in rel.split("/")[:-1]):
                    continue  # a hidden folder is not walked at all
                if kind is None or name.startswith("."):
                    skipped += 1
                    continue
                found.append((rel, kind, info, fs.unstrip_protocol(path), path if on_disk else None))
            for rel, kind, info, url, local in sorted(found, key=lambda x: _url_key(x[0])):
                files.append(_listed(rel, kind, info, url, local))
                urls.append(url)
                shown.append(url if is_url(arg) else str(Path(arg, rel)))
        elif single is not None:
            name = root.rstrip("/").rsplit("/", 1)[-1]
            kind = forced or kind_from_name(name)
            if kind is None:
                raise UsageError(f"{arg}: cannot tell the kind of input from its name; use --format")
            url = arg if protocol != arg else fs.unstrip_protocol(root)
            files.append(_listed(name, kind, single, url, root if on_disk else None))
            urls.append(url)
            shown.append(arg)
        else:
            raise UsageError(f"{arg}: no such file or folder")
    return files, urls, shown, skipped, unreadable

