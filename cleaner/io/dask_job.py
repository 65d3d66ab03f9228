# One input file of `cleaner clean --engine dask`, cleaned on a Dask worker as a local run
# cleans it: an input or output at a URL is staged through a temporary folder.
"""The worker's side of ``cleaner clean --engine dask``: a :class:`Job` per input file,
run by :func:`clean_job` with :func:`cleaner.io.clean_file.clean_file`, so its output,
log records and messages are those of a local run."""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner.io.discover import is_url
from cleaner.io.limits import ReadLimits
from cleaner.io.remote import drop_object, filesystem, store_reason

if TYPE_CHECKING:
    from cleaner.io.clean_file import FileTask
    from cleaner.pipeline import Cleaner

__all__ = ["Job", "clean_job", "drop_output"]


@dataclasses.dataclass(frozen=True, slots=True)
class Job:
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


def clean_job(cleaner: Cleaner, job: Job) -> Any:
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
                drop_output(job)
                return failed_outcome(job.source, f"{where}: {store_reason(exc)}", store_reason(exc))
            f = dataclasses.replace(f, path=local_in)
        staged = None
        if out_fs is not None and local_out is None:
            staged = Path(tmp) / "out" / Path(f.output_rel).name
        task = job.task(f, local_out or staged)
        outcome = clean_file(cleaner, task)
        if staged is not None and out_fs is not None:
            if outcome.failed:
                drop_output(job)
            elif staged.exists():
                try:
                    out_fs.makedirs(out_fs._parent(out_path), exist_ok=True)
                    out_fs.put_file(str(staged), out_path)
                except Exception as exc:
                    cause = f"cannot write its output {job.output}: {store_reason(exc)}"
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


def drop_output(job: Job) -> None:
    """Remove what an earlier run wrote as ``job``'s output, now that its input failed,
    as a local run does: a failed input has no output, and a left-over one no longer
    matches the input or the log."""
    from cleaner.io.clean_file import FileTask, drop_stale_output

    output = job.output_path
    if output is None:
        return
    if is_url(output):
        drop_object(*filesystem(output))
    else:
        drop_stale_output(FileTask(job.source, Path(output)))

