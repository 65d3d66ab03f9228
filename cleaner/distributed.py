# Cleaning on a Dask cluster: functions for bags of texts or records and dataframe columns,
# and the `cleaner clean --engine dask` path over local files or fsspec URLs.
"""Run cleaner on ``dask.distributed`` (the ``dask`` extra: ``pip install '.[dask]'``).

From Python, add one call to a Dask pipeline::

    from cleaner.distributed import clean_texts, clean_records, clean_column

    results = clean_texts(bag_of_strings)             # bag of CleanResult
    records = clean_records(bag_of_dicts, text_field="text", url_field="url")
    frame = clean_column(ddf, "text", url_column="url")  # + a "text_removals" column

The :class:`~cleaner.Cleaner` goes to the cluster once, as one task the partitions
depend on (each worker unpickles it once and rebuilds its compiled rules), never per
element.

From the command line, ``cleaner clean --engine dask [--scheduler ADDRESS] INPUT...
-o OUT`` cleans files on a cluster (a LocalCluster of ``--jobs`` worker processes when
no address is given). Inputs and OUT may be local paths or fsspec URLs (``file://``,
``s3://``, ``gs://``...). Each input file is one task, cleaned by the same code as a
local run (:func:`cleaner.io.clean_file.clean_file`); the driver writes the log and
the summary in input order, so both are identical to a local run's. A task lost with
a worker is run again by the scheduler; outputs are written whole (atomically on
local disks, one object put on object stores) and the log is written by the driver
from one result per file, so a retried task neither loses nor duplicates anything.

Into an OUTDIR on a file system (a path or a ``file://`` URL) the driver keeps the
resume manifest of a local run (:class:`cleaner.cli.resume.Journal`, the same code), so
``--resume`` goes on with a stopped run of either engine; an object in a store is known
there by its URL, size and listed time. An OUTDIR or log in object storage keeps no
manifest, and ``--resume`` into one is refused.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime
import os
import shutil
import sys
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner.errors import CleanerError, InputError
from cleaner.io.discover import is_url
from cleaner.io.limits import ReadLimits

if TYPE_CHECKING:
    from cleaner.io.clean_file import FileTask
    from cleaner.pipeline import Cleaner, CleanResult

__all__ = ["clean_column", "clean_records", "clean_texts", "run_clean_command"]

MISSING_DASK = (
    "the dask engine needs the dask extra: pip install '.[dask]' from a checkout of cleaner "
    "(the 'cleaner' on PyPI is another project); see docs/dask.md"
)


def _require_dask() -> None:
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
        import fsspec  # noqa: F401
    except ImportError as exc:
        raise CleanerError(f"{MISSING_DASK} ({exc.name} is missing)") from None


def _shipped(cleaner: Cleaner | None, func: str, names: str = "") -> Any:
    """The cleaner as one Dask task that partitions depend on. Anything but a Cleaner is
    a TypeError here, not "'str' object has no attribute 'clean'" from every partition on
    the workers; ``names`` is the keyword a string there most likely meant (the url column
    given third, where the Cleaner goes)."""
    import dask

    from cleaner.pipeline import Cleaner
    from cleaner.ruleset import RuleSet

    if cleaner is None:
        cleaner = Cleaner()
    elif not isinstance(cleaner, Cleaner):
        kind = type(cleaner).__name__
        takes = f"{func}() takes a Cleaner (or None: the default packs)"
        if isinstance(cleaner, RuleSet):
            raise TypeError(f"{takes}, not RuleSet; make one with Cleaner(rules)")
        if isinstance(cleaner, str) and names:
            raise TypeError(
                f"{takes}, not str: {cleaner!r}; the names after it are keywords "
                f"({names.format(cleaner)})"
            )
        raise TypeError(f"{takes}, not {kind}: {cleaner!r}")
    return dask.delayed(cleaner, pure=True, traverse=False)


# --- Python API ------------------------------------------------------------------------


def _clean_text_partition(texts: Iterable[str], cleaner: Cleaner) -> list[CleanResult]:
    return [cleaner.clean(t) for t in texts]


def _clean_record_partition(
    records: Iterable[dict[str, Any]],
    cleaner: Cleaner,
    text_field: str,
    url_field: str | None,
    removals_field: str | None,
    warnings_field: str | None,
) -> list[dict[str, Any]]:
    out = []
    for rec in records:
        if not isinstance(rec, dict):
            raise InputError(f"a record is a {type(rec).__name__}, not a dict (a JSON object)")
        text = rec.get(text_field)
        if not isinstance(text, str):
            # most often a wrong text_field: the fields the record has show the right one
            what = f"is {type(text).__name__}, not a string" if text_field in rec else "is absent"
            have = ", ".join(repr(k) for k in list(rec)[:20]) or "none"
            raise InputError(f"record field {text_field!r} {what} (the record's fields: {have})")
        for param, name in (("removals_field", removals_field), ("warnings_field", warnings_field)):
            if name and name in rec:
                raise InputError(_written_already("record has a {!r} field", param, name))
        url = rec.get(url_field) if url_field else None
        result = cleaner.clean(text, source=url if isinstance(url, str) else None)
        new = {**rec, text_field: result.text}
        if removals_field:
            new[removals_field] = [r.to_dict() for r in result.removals]
        if warnings_field:
            new[warnings_field] = [w.to_dict() for w in result.warnings]
        out.append(new)
    return out


def _written_already(what: str, param: str, name: str) -> str:
    """Why a field (column) the helper would add cannot be: it is there already, most
    often from an earlier clean, whose removal log (with which alone restore gives back
    the text before it) a new one would replace without a word."""
    lost = (
        "its removal log, the only way back to the text before that clean, would be lost"
        if param.startswith("removals")
        else "the warnings it holds would be lost"
    )
    return (
        f"{what.format(name)} already (cleaned before?), which {param} would replace: {lost}; "
        f"name another with {param}=... (e.g. {name + '_2'!r}), or None to add none"
    )


def _check_names(**names: str | None) -> None:
    """A ValueError when two of the fields (or columns) a helper reads and writes have
    one name: the later write replaced the earlier without a word (warnings written over
    the removal log, the log over the clean text) and the input could not be rebuilt.
    ``names`` in the order they are written, the text first; None: not written."""
    seen: dict[str, str] = {}
    for param, name in names.items():
        if name is None:
            continue
        if name in seen:
            raise ValueError(f"{param} {name!r} is {seen[name]} too: each needs a name of its own")
        seen[name] = param


def _type_name(value: object) -> str:
    """``list``, ``pandas.DataFrame``, ``dask.Series``: what a wrong argument is."""
    root = type(value).__module__.split(".")[0]
    return type(value).__name__ if root == "builtins" else f"{root}.{type(value).__name__}"


def _check_bag(func: str, bag: Any, items: str) -> None:
    """A TypeError that says what to pass when ``bag`` is not a dask bag: a list or a
    dask or pandas frame failed with an AttributeError or a bare NotImplementedError."""
    import dask.bag

    if not isinstance(bag, dask.bag.Bag):
        raise TypeError(
            f"{func}() takes a dask bag of {items} (dask.bag.from_sequence(...)), not "
            f"{_type_name(bag)}; for a dask or pandas frame use clean_column(), and for data "
            "in memory Cleaner.clean() itself"
        )


def clean_texts(bag: Any, cleaner: Cleaner | None = None) -> Any:
    """A ``dask.bag`` of :class:`~cleaner.CleanResult` (clean text, removals, warnings)
    for a bag of strings. ``cleaner`` defaults to the default packs."""
    _check_bag("clean_texts", bag, "strings")
    return bag.map_partitions(_clean_text_partition, _shipped(cleaner, "clean_texts"))


def clean_records(
    bag: Any,
    cleaner: Cleaner | None = None,
    *,
    text_field: str = "text",
    url_field: str | None = "url",
    removals_field: str | None = "removals",
    warnings_field: str | None = None,
) -> Any:
    """A bag of records (dicts) with ``text_field`` cleaned, every other field kept,
    and the removal records (``Removal.to_dict()``) under ``removals_field`` (None: not
    added), and the warnings (``CleanWarning.to_dict()``) under ``warnings_field`` when
    one is named (each a name of its own, or ValueError). ``url_field`` is the source
    that site-scoped rules see. A record whose
    ``text_field`` is absent or not a string (None included) fails its partition with an
    InputError naming the fields the record has; so does one that has the removals or
    warnings field already (cleaned before: its first removal log would be lost), which
    says to name another."""
    _check_bag("clean_records", bag, "records (dicts)")
    _check_names(text_field=text_field, removals_field=removals_field, warnings_field=warnings_field)
    shipped = _shipped(cleaner, "clean_records", "text_field={0!r}")
    return bag.map_partitions(
        _clean_record_partition, shipped, text_field, url_field, removals_field, warnings_field
    )


def _text_dtype(dtype: Any) -> Any:
    """The dtype of a cleaned text column: the input's when it is a string dtype (a
    ``string[pyarrow]`` column stays one), else ``object``. Never a category: the clean
    texts are not among its categories, and pandas would make each of them NaN."""
    import pandas as pd

    if isinstance(dtype, pd.CategoricalDtype) or not pd.api.types.is_string_dtype(dtype):
        return object
    return dtype


def _clean_frame(
    frame: Any,
    cleaner: Cleaner,
    column: str,
    url_column: str | None,
    removals_column: str | None,
    warnings_column: str | None,
    dtype: Any,
) -> Any:
    """One partition cleaned; ``dtype`` (the meta's) is that of the text, removals and
    warnings columns, so every partition has the dtypes the meta promises, whatever pandas would
    infer from a list of strings or a partition of missing values."""
    import pandas as pd

    from cleaner.io.jsonl import json_text

    texts: list[Any] = []
    logs: list[str] = []
    notes: list[str] = []
    urls = frame[url_column].tolist() if url_column else [None] * len(frame)
    for row, text, url in zip(frame.index, frame[column].tolist(), urls):
        if not isinstance(text, str):
            if pd.api.types.is_scalar(text) and pd.isna(text):
                texts.append(text)  # a missing value stays missing: nothing to clean
                logs.append("[]")
                notes.append("[]")
                continue
            raise InputError(
                f"column {column!r}, row {row!r}: {type(text).__name__} value, not a string or missing"
            )
        result = cleaner.clean(text, source=url if isinstance(url, str) else None)
        texts.append(result.text)
        logs.append(json_text([r.to_dict() for r in result.removals]))
        notes.append(json_text([w.to_dict() for w in result.warnings]))
    out = frame.copy()
    out[column] = pd.Series(texts, index=frame.index, dtype=dtype)
    if removals_column:
        out[removals_column] = pd.Series(logs, index=frame.index, dtype=dtype)
    if warnings_column:
        out[warnings_column] = pd.Series(notes, index=frame.index, dtype=dtype)
    return out


def clean_column(
    frame: Any,
    column: str = "text",
    cleaner: Cleaner | None = None,
    *,
    url_column: str | None = None,
    removals_column: str | None = "",
    warnings_column: str | None = None,
) -> Any:
    """A dask DataFrame with ``column`` cleaned and the removal records of each row as
    a JSON list in ``removals_column`` (default ``<column>_removals``; None: not added),
    and its warnings (``CleanWarning.to_dict()``) as a JSON list in ``warnings_column``
    when one is named (each a name of its own, or ValueError). A missing value (None,
    NaN, ``pd.NA``) stays missing, with
    ``"[]"`` as its removals and warnings; any other value that is not a string raises
    InputError naming the column and row. A removals or warnings column the frame has
    already (cleaned before: its first removal log would be lost) is a ValueError, at once."""
    import dask.dataframe

    if not isinstance(frame, dask.dataframe.DataFrame):
        raise TypeError(
            f"clean_column() takes a dask DataFrame, not {_type_name(frame)}; make one with "
            "dask.dataframe.from_pandas(df, npartitions=N), or for a dask Series, series.to_frame()"
        )
    shipped = _shipped(cleaner, "clean_column", "url_column={0!r}")
    if removals_column == "":
        removals_column = f"{column}_removals"
    _check_names(column=column, removals_column=removals_column, warnings_column=warnings_column)
    meta = frame._meta.copy()
    for param, name in (("column", column), ("url_column", url_column)):
        if name is not None and name not in meta.columns:
            # at once, not in the first partition a worker cleans
            have = ", ".join(repr(c) for c in meta.columns)
            raise KeyError(f"{param} {name!r} is not a column of the frame (its columns: {have})")
    for param, name in (("removals_column", removals_column), ("warnings_column", warnings_column)):
        if name is not None and name in meta.columns:
            raise ValueError(_written_already(f"{param} {{!r}} is a column of the frame", param, name))
    dtype = _text_dtype(meta[column].dtype)
    meta[column] = meta[column].astype(dtype)
    if removals_column:
        meta[removals_column] = meta[column]
    if warnings_column:
        meta[warnings_column] = meta[column]
    return frame.map_partitions(
        _clean_frame,
        shipped,
        column,
        url_column,
        removals_column,
        warnings_column,
        dtype,
        meta=meta,
    )


# --- the command line: files on a cluster ------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Job:
    """One input file to clean on a worker."""

    source: Any  # the InputFile the driver reports (local path, or the URL's relative name)
    url: str | None  # fsspec URL of the input when it is not a local path
    output: str | None  # local path or fsspec URL of the output; None for a dry run
    text_field: str
    url_field: str
    cwd: str  # the driver's working folder: relative paths are the driver's, not a worker's
    where: str  # the input as messages name it: its URL, or the path a local run would give
    html_field: str | None = None  # the JSONL field with a page's HTML (--html-field)
    #: the most bytes read of a document (--max-text-size, --max-html-size)
    limits: ReadLimits = dataclasses.field(default_factory=ReadLimits)

    def task(self, source: Any, output: Path | None) -> FileTask:
        """The FileTask that cleans the job's input, found at ``source``, into ``output``."""
        from cleaner.io.clean_file import FileTask

        return FileTask(
            source, output, self.text_field, url_field=self.url_field, html_field=self.html_field,
            limits=self.limits,
        )

    @property
    def output_path(self) -> str | None:
        """The output as a worker opens it: a URL as it is, a path from the driver's folder."""
        return self.output if self.output is None or is_url(self.output) else str(Path(self.cwd, self.output))


def _clean_job(cleaner: Cleaner, job: _Job) -> Any:
    """Clean one file as a local run would; stage remote files through a temp folder."""
    from cleaner.io.clean_file import clean_file, failed_outcome

    output = job.output_path
    if job.url is None and (output is None or not is_url(output)):
        f = dataclasses.replace(job.source, path=Path(job.cwd, job.source.path))
        out = Path(output) if output else None
        task = job.task(f, out)
        outcome = clean_file(cleaner, task)
        renames = [(str(f.path), str(job.source.path))]
        if out is not None:
            renames.append((str(out), str(job.output)))
        return _renamed(outcome, job.source, renames)
    import fsspec
    from fsspec.implementations.local import LocalFileSystem

    where = job.where
    out_fs, out_path = fsspec.core.url_to_fs(output) if output else (None, "")
    # a local output (a path, or a file:// URL) is written by clean_file itself: atomically,
    # and removed when the input fails; an object store's is put whole once cleaned
    local_out = Path(out_path) if isinstance(out_fs, LocalFileSystem) else None
    _sweep_orphans(tempfile.gettempdir())
    with tempfile.TemporaryDirectory(prefix=f"{_TEMP_PREFIX}{os.getpid()}-") as tmp:
        f = job.source
        if job.url is not None:
            local_in = Path(tmp) / "in" / Path(f.rel).name
            local_in.parent.mkdir()
            try:
                fs, path = fsspec.core.url_to_fs(job.url)
                fs.get_file(path, str(local_in))
            except Exception as exc:  # the store's errors are not all OSErrors (credentials)
                # one object that cannot be fetched fails alone, like an unreadable file
                _drop_output(job)
                return failed_outcome(job.source, f"{where}: {_store_reason(exc)}", _store_reason(exc))
            f = dataclasses.replace(f, path=local_in)
        staged = None
        if out_fs is not None and local_out is None:
            staged = Path(tmp) / "out" / Path(f.output_rel).name
        task = job.task(f, local_out or staged)
        outcome = clean_file(cleaner, task)
        if staged is not None and out_fs is not None:
            if outcome.failed:
                _drop_output(job)
            elif staged.exists():
                try:
                    out_fs.makedirs(out_fs._parent(out_path), exist_ok=True)
                    out_fs.put_file(str(staged), out_path)
                except Exception as exc:
                    cause = f"cannot write its output {job.output}: {_store_reason(exc)}"
                    return failed_outcome(job.source, f"{where}: {cause}", cause, retry=True)
        return _renamed(outcome, job.source, [(str(f.path), where)])


#: a job's temporary folder (its fetched input, its staged output) is named by this and
#: the pid of the worker process that made it
_TEMP_PREFIX = "cleaner-dask-"
#: the processes that swept already (by pid: a forked process is one that has not)
_SWEPT: set[int] = set()


def _sweep_orphans(root: str) -> None:
    """Remove the temporary folders of jobs whose worker process is gone. A worker killed
    mid-job (out of memory on a huge input, which is when its copy is biggest) never ran
    the clean-up of its ``with`` block, and the nanny's new worker would leave the copy
    on the node's disk for good. Only folders named by a pid that no longer runs go; a
    pid taken again by another process keeps its folder, which errs on the safe side."""
    if os.name != "posix" or os.getpid() in _SWEPT:  # os.kill(pid, 0) tests liveness on POSIX
        return
    _SWEPT.add(os.getpid())  # once per worker process: a new one after a kill sweeps again
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(_TEMP_PREFIX) :].split("-", 1)[0]
        if not entry.name.startswith(_TEMP_PREFIX) or not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:  # alive under another user (EPERM), or unknown: keep it
            continue


def _renamed(outcome: Any, source: Any, renames: list[tuple[str, str]]) -> Any:
    """``outcome`` with its messages (on standard error and in the summary's failures)
    naming the input as the command line did, not by the path a worker read it from (a
    temp copy, or the path made absolute), so that they are those of a local run."""

    def name(message: str) -> str:
        for old, new in renames:
            message = message.replace(old, new)
        return message

    outcome.summary.failures[:] = [name(m) for m in outcome.summary.failures]
    return dataclasses.replace(outcome, source=source, errors=tuple(name(e) for e in outcome.errors))


def _drop_output(job: _Job) -> None:
    """Remove what an earlier run wrote as ``job``'s output, now that its input failed,
    as a local run does: a failed input has no output, and a left-over one no longer
    matches the input or the log."""
    from cleaner.io.clean_file import FileTask, drop_stale_output

    output = job.output_path
    if output is None:
        return
    if is_url(output):
        _drop_object(*_filesystem(output))
    else:
        drop_stale_output(FileTask(job.source, Path(output)))


def _drop_object(fs: Any, path: str) -> None:
    """Remove what an earlier run put at ``path``, now that its input failed, as a local
    run removes a failed input's old output. Best effort: the failure is reported anyway."""
    try:
        if fs.exists(path):
            fs.rm_file(path)
    except Exception:
        pass  # the input's failure is what is reported


def _store_reason(exc: BaseException) -> str:
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


def _filesystem(url: str) -> tuple[Any, str]:
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


def _is_folder(url: str) -> bool:
    """Whether ``url`` names a folder (a prefix): it ends in "/", or objects lie under it.
    False when the store cannot tell (the write says why)."""
    if url.endswith("/"):
        return True
    fs, path = _filesystem(url)
    try:
        return bool(fs.isdir(path))
    except Exception:
        return False


def _local_path(arg: str | None) -> str | None:
    """The local path an argument names: itself, or the path of a ``file://`` URL; None
    for the URL of another file system (or no argument)."""
    from fsspec.implementations.local import LocalFileSystem

    if not arg or not is_url(arg):
        return arg
    fs, path = _filesystem(arg)
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


def _discover_urls(
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
        fs, root = _filesystem(arg)
        protocol = arg.split("://", 1)[0]
        on_disk = isinstance(fs, LocalFileSystem)
        try:  # the store's errors are not all OSErrors (no credentials, no connection)
            listing = fs.find(root, detail=True) if fs.isdir(root) else None
            single = None if listing is not None or not fs.exists(root) else fs.info(root)
        except Exception as exc:
            # as a folder that cannot be listed in a local run: said, failed, the rest cleaned
            unreadable.append(f"{arg}: cannot read it ({_store_reason(exc)}); none of it was cleaned")
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


def _window(client: Any) -> int:
    """Tasks to keep in flight: 4 per worker thread of the cluster as it is now."""
    return 4 * max(1, sum(client.nthreads().values()))


def _ordered(client: Any, cleaner_future: Any, work: Iterable[Any]) -> Iterator[Any]:
    """Results of ``_clean_job`` for the jobs of ``work`` in its order, a bounded window in
    flight; a Settled of ``work`` (an input decided without cleaning it) comes back as it
    is, in its place. The window follows the cluster, read again once per
    window of tasks: an adaptive cluster, or one whose workers wait in a batch queue, has
    few workers (or none) at the start."""
    from cleaner.io.batches import Settled

    pending: deque[tuple[Any, Any]] = deque()
    window, since = (_window(client) if client is not None else 1), 0  # no client: no job
    for item in work:
        if isinstance(item, Settled):
            pending.append((item, None))
            continue
        pending.append((item, client.submit(_clean_job, cleaner_future, item, pure=False)))
        since += 1
        if since >= window:
            window, since = _window(client), 0
        while len(pending) >= window:
            yield _result(*pending.popleft())
    while pending:
        yield _result(*pending.popleft())


def _result(job: Any, future: Any) -> Any:
    """The outcome of one task (``job`` itself when no task was needed); a file whose task
    killed every worker that tried it (out of memory, say) fails alone, as a bad file
    does, rather than stopping the run. A ClusterLost when the scheduler is gone."""
    from distributed import KilledWorker
    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError

    from cleaner.io.clean_file import failed_outcome

    if future is None:
        return job
    try:
        return future.result()
    except KilledWorker:
        _drop_output(job)
        cause = "the worker cleaning it died each time it was tried (out of memory?); not cleaned"
        return failed_outcome(job.source, f"{job.where}: {cause}", cause)
    except (FutureCancelledError, CommClosedError) as exc:
        # the scheduler died, or the connection to it: every task of the run is cancelled
        reason = getattr(exc, "reason", None) or str(exc) or type(exc).__name__
        raise ClusterLost(f"lost the Dask cluster ({reason}); the run stops here") from None


class ClusterLost(OSError):
    """The run lost its Dask scheduler: it stops as on Ctrl-C, its finished inputs
    recorded for --resume (an OSError: main says it in one line, exit status 1)."""


def _keep(cleaner: Cleaner) -> Cleaner:
    """The cleaner as the result of a task: lost with a worker, it is computed again from
    the graph, where data scattered to the workers would be lost for good, and every
    task after it cancelled ("already forgotten")."""
    return cleaner


def _open_log(target: str, keep: int | None) -> Any:
    """The log as the run writes it: a RunLog (as a local run's, cut back to ``keep``
    bytes when resuming) for standard output and a local file, else an fsspec file."""
    from cleaner.cli.resume import RunLog
    from cleaner.io.discover import UsageError, os_reason

    local = _local_path(target)
    if local is not None:
        try:
            return RunLog(Path(local), keep)
        except OSError as exc:
            raise UsageError(f"cannot write the log {target}: {os_reason(exc)}") from None
    fs, path = _filesystem(target)
    try:  # an object store takes the log only when it is closed: try the rights now
        fs.makedirs(fs._parent(path), exist_ok=True)  # as fsspec.open does for writing
        fs.touch(path)
        return fs.open(path, "wb")
    except Exception as exc:
        raise UsageError(f"cannot write the log {target}: {_store_reason(exc)}") from None


def _close_log(log: Any, target: str | None) -> OSError | None:
    """Close the log; an object store puts it only now, so a failure (the rights, the
    network) is returned as an OSError naming the log, for the caller to raise."""
    try:
        log.close()
    except Exception as exc:
        error = OSError(f"cannot write the log: {_store_reason(exc)}")
        error.filename = target
        return error
    return None


def _keep_run_log(outdir: str, log: str) -> None:
    """A UsageError when a dry run's ``log`` is the log of the run whose outputs are in
    ``outdir`` (restore needs it), as a local dry run refuses: the manifest says so after a
    local run, or a Dask run into a local OUTDIR; in object storage a Dask run keeps none,
    so a log already there beside other files of OUTDIR is taken for its run's."""
    from cleaner.cli.clean_cmd import run_log_taken
    from cleaner.io.manifest import MANIFEST_NAME, run_log

    fs, root = _filesystem(outdir)
    log_fs, log_path = _filesystem(log)
    root = root.rstrip("/")
    known = None if is_url(outdir) else run_log(Path(outdir))
    if known is not None:  # the manifest names the run's log: no other file is taken for it
        taken = not is_url(log) and known == str(Path(log).resolve())
    else:
        taken = (
            type(log_fs) is type(fs)
            and log_path.startswith(root + "/")
            and log_fs.isfile(log_path)
            and any(
                p.rstrip("/") not in (log_path, f"{root}/{MANIFEST_NAME}")
                for p in fs.ls(root, detail=False)
            )
        )
    if taken:
        raise run_log_taken(log, outdir)


def run_clean_command(args: argparse.Namespace) -> int:
    """``cleaner clean --engine dask``: the local run's results, computed on a cluster."""
    with contextlib.ExitStack() as held:
        return _run(args, held)


def _run(args: argparse.Namespace, held: contextlib.ExitStack) -> int:
    _require_dask()
    from distributed import Client, LocalCluster

    from cleaner.cli import clean_cmd
    from cleaner.cli.cleaner_options import build_cleaner, resolve_settings
    from cleaner.cli.main import raise_if_stopped
    from cleaner.cli.outdir import left_files_note, only_run_in, only_run_writing, remove_stale_temps
    from cleaner.cli.resume import Journal, RunLog, run_options, stopped_note
    from cleaner.cli.style import say
    from cleaner.io.batches import Settled, journal_line
    from cleaner.io.discover import (
        STDIN,
        UsageError,
        check_overlap,
        discover,
        make_folder,
        reserved_outputs,
        run_writes,
    )
    from cleaner.io.kinds import parse_format
    from cleaner.io.manifest import MANIFEST_NAME, fingerprint
    from cleaner.io.removal_log import LOG_NAME
    from cleaner.parallel import worker_count
    from cleaner.summary import Summary

    if STDIN in args.inputs or args.diff:
        raise UsageError("--engine dask reads files or URLs: not - or --diff")
    outdir: str | None = None if args.dry_run else args.outdir
    remote = any(is_url(x) for x in [*args.inputs, args.outdir or "", args.log or ""])
    log_target = args.log or (f"{args.outdir.rstrip('/')}/{LOG_NAME}" if args.outdir else None)
    forced = parse_format(args.format) if args.format else None
    if args.dry_run and args.outdir and log_target:
        _keep_run_log(args.outdir, log_target)
    if remote:
        for target in (args.outdir, args.log):
            if target and is_url(target):
                _filesystem(target)  # a missing driver is said before any input is read
    # OUTDIR and the log on this machine's file system (paths, file:// URLs): a manifest
    # is kept there as by a local run, and --resume takes it up
    local_out = _local_path(outdir)
    local_log = _local_path(log_target)
    if args.resume:
        _resumable(args.outdir, local_out, log_target, local_log)
    if remote:
        if args.log and is_url(args.log) and _is_folder(args.log):
            # s3fs drops the final "/": the log became an object "b/out" beside the prefix "b/out/"
            raise UsageError(f"log file {args.log} is a folder; name a file (default: OUTDIR/{LOG_NAME})")
        # the local ones among them (paths, file:// URLs) are refused as in a local run
        local = [_local_path(a) for a in args.inputs]
        check_overlap([a for a in local if a], _local_path(args.outdir), local_log)
        files, urls, shown, skipped, cannot_list = _discover_urls(args.inputs, forced)
        unreadable: tuple[str, ...] = tuple(cannot_list)
        conflicts: dict[int, str] = {}
        owner: dict[str, Any] = {}
        log_rel = (
            log_target[len(outdir.rstrip("/")) + 1 :]
            if outdir and log_target and log_target.startswith(outdir.rstrip("/") + "/")
            else None
        )
        for i, f in enumerate(files):
            if f.output_rel == log_rel:
                conflicts[i] = f"its output {f.output_rel} would overwrite the removal log {log_target}"
                continue
            first = owner.setdefault(f.output_rel, f)
            if first is not f:
                earlier = shown[files.index(first)]
                conflicts[i] = f"its output {f.output_rel} would overwrite the output of {earlier}"
    else:
        check_overlap(args.inputs, args.outdir, log_target)
        reserved = reserved_outputs(outdir, log_target, MANIFEST_NAME)
        writes = run_writes(outdir, log_target, MANIFEST_NAME)  # (no OUTDIR in a dry run)
        found = discover(args.inputs, forced, reserved, writes)
        files, skipped, conflicts = list(found.files), found.skipped, dict(found.conflicts)
        unreadable = found.unreadable
        urls = shown = []
        for said in clean_cmd.walk_notes(found):
            print(said, file=sys.stderr)
    settings = resolve_settings(args)
    cleaner = build_cleaner(settings)

    summary = Summary(files_passed_over=skipped)
    for message in unreadable:
        say(message)
        summary.add_failure(message, whole_file=True)
    journal: Journal | None = None
    held_files = False  # OUTDIR held files (an earlier run's outputs?) when the run began
    # as a local run: one run at a time into OUTDIR, and one writing a log on this machine
    # (a dry run's too, and beside an OUTDIR in object storage)
    if local_out is not None:
        make_folder(Path(local_out), "output folder")
        held.enter_context(only_run_in(Path(local_out)))
    if local_log is not None and local_log != STDIN and not Path(local_log).is_dir():
        held.enter_context(only_run_writing(Path(local_log)))
    if local_out is not None:
        # the manifest taken up (--resume) or started, and a killed run's temps removed
        journal = Journal.start(
            Path(local_out),
            Path(local_log) if local_log is not None else None,
            fingerprint(settings.rules, run_options(settings.as_options(), args.format)),
            args.resume,
            lambda: (f for i, f in enumerate(files) if i not in conflicts),
            log_key=None if local_log is not None else log_target,
            reading={"text_field": settings.text_field, "format": args.format},
        )
        held_files = remove_stale_temps(Path(local_out))
    try:
        log = _open_log(log_target, journal.keep if journal is not None else None) if log_target else None
    except BaseException:
        if journal is not None:
            journal.close()
        raise
    # the inputs in input order: a job per input to clean, a Settled for one decided here
    # (an output clash, a failure remembered from the run before); those the run before
    # finished are only counted
    work: list[_Job | Settled] = []
    for i, f in enumerate(files):
        settled = journal.settled(f, conflicts.get(i)) if journal is not None else None
        if settled is not None:
            work.append(settled)
            continue
        if i in conflicts:
            where = shown[i] if remote else str(f.path)
            logged, journaled = log is not None, journal is not None
            work.append(Settled.not_cleaned(f, where, conflicts[i], logged=logged, journaled=journaled))
            continue
        if journal is not None and journal.done_already(f, summary):
            continue
        out = f"{outdir.rstrip('/')}/{f.output_rel}" if outdir else None
        url, where = (urls[i], shown[i]) if remote else (None, str(f.path))
        fields = (settings.text_field, settings.url_field)
        limits = settings.read_limits()
        work.append(_Job(f, url, out, *fields, os.getcwd(), where, settings.html_field, limits))
    jobs = sum(isinstance(w, _Job) for w in work)

    client = cluster = None
    # the checkpoints' log size: of a local log only (an object store's is put at the end)
    sized = log if isinstance(log, RunLog) else None
    try:
        if jobs and args.scheduler:
            client = Client(args.scheduler)
        elif jobs:
            workers, note = worker_count(args.jobs)
            workers = max(1, min(workers, jobs))  # a worker per file at most
            if note:
                print(f"cleaner: {note}", file=sys.stderr)
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)
        cleaner_future = client.submit(_keep, cleaner, pure=False) if client is not None else None
        for item in _ordered(client, cleaner_future, work):
            # a task's log comes back whole: its FileTask has no spill folder
            if isinstance(item, Settled):
                lines = item.journal
            else:
                lines = journal_line(item) if journal is not None else b""
            if log is not None:
                log.write(item.log)
            for message in item.errors:  # a name's line breaks escaped, as in a local run
                say(message)
            summary.merge(item.summary)
            if journal is not None:  # after its log records: a checkpoint covers both
                journal.add(lines, sized)
                journal.checkpoint(sized, clean_cmd.CHECKPOINT_SECONDS)
            raise_if_stopped()  # a stop that came in a finalizer
    except BaseException as exc:  # Ctrl-C, SIGTERM, SIGHUP: say what --resume will find
        stopped = not isinstance(exc, Exception) or isinstance(exc, ClusterLost)
        if journal is not None and not args.quiet and stopped:
            print(stopped_note(summary.files, args.outdir), file=sys.stderr)
        raise
    finally:
        try:
            if journal is not None:
                journal.checkpoint(sized, clean_cmd.CHECKPOINT_SECONDS, force=True)
        finally:
            unsaved = _close_log(log, log_target) if log is not None else None
            if journal is not None:
                journal.close()
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
    if unsaved is not None:
        raise unsaved
    if pages := summary.pages_as_text_note(settings.text_field):
        print(f"cleaner: {pages}", file=sys.stderr)
    if summary.files == 0 and summary.files_skipped == 0:
        print(clean_cmd.no_inputs_note(args.inputs, summary.files_passed_over), file=sys.stderr)
    started = journal.started_ns if journal is not None else None
    if held_files and started is not None and local_out is not None:  # as a local run says
        local_log_file = Path(local_log) if local_log is not None and local_log != STDIN else None
        if note := left_files_note(Path(local_out), started, local_log_file):
            print(note, file=sys.stderr)
    if not args.quiet:
        print(summary.table(), file=sys.stderr)
    return 1 if summary.failed else 0


def _resumable(outdir: str, local_out: str | None, log: str | None, local_log: str | None) -> None:
    """A UsageError when ``--resume`` cannot work: the manifest and the log it takes up
    are appended to as inputs finish, and an object store only takes a whole object."""
    from cleaner.io.discover import UsageError

    if local_out is None:
        raise UsageError(
            f"--resume with --engine dask needs OUTDIR on a local or shared file system (a path, "
            f"or a file:// URL): in object storage ({outdir}) the manifest that --resume reads cannot "
            "be kept; run the same command without --resume, which cleans everything again "
            "(see docs/dask.md)"
        )
    if log is not None and local_log is None:
        raise UsageError(
            f"--resume with --engine dask needs the log on a local or shared file system: in "
            f"object storage ({log}) it is written whole at the end of a run, so a stopped run's "
            "cannot be continued; give --log a path, or run without --resume (see docs/dask.md)"
        )
