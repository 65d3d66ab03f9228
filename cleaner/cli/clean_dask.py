# `cleaner clean --engine dask`: the driver that discovers the inputs (paths or fsspec URLs),
# sends a job per file to a Dask cluster, and writes the log, manifest and summary in input order.
"""``cleaner clean --engine dask [--scheduler ADDRESS] INPUT... -o OUT`` cleans files on a
cluster (a LocalCluster of ``--jobs`` worker processes when no address is given). Inputs
and OUT may be local paths or fsspec URLs (``file://``, ``s3://``, ``gs://``...). Each
input file is one task (:mod:`cleaner.io.dask_job`), cleaned by the same code as a local
run (:func:`cleaner.io.clean_file.clean_file`); the driver writes the log and the summary
in input order, so both are identical to a local run's. A task lost with a worker is run
again by the scheduler; outputs are written whole (atomically on local disks, one object
put on object stores) and the log is written by the driver from one result per file, so
a retried task neither loses nor duplicates anything.

Into an OUTDIR on a file system (a path or a ``file://`` URL) the driver keeps the
resume manifest of a local run (:class:`cleaner.cli.resume.Journal`, the same code), so
``--resume`` goes on with a stopped run of either engine; an object in a store is known
there by its URL, size and listed time. An OUTDIR or log in object storage keeps no
manifest, and ``--resume`` into one is refused.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cleaner.errors import CleanerError
from cleaner.io.dask_job import Job, clean_job, drop_output
from cleaner.io.discover import is_url
from cleaner.io.remote import discover_urls, filesystem, is_folder, local_path, store_reason

if TYPE_CHECKING:
    from cleaner.cli.cleaner_options import Settings
    from cleaner.cli.resume import Journal
    from cleaner.io.batches import Settled
    from cleaner.pipeline import Cleaner
    from cleaner.summary import Summary

__all__ = ["ClusterLost", "run_clean_command"]

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


def _window(client: Any) -> int:
    """Tasks to keep in flight: 4 per worker thread of the cluster as it is now."""
    return 4 * max(1, sum(client.nthreads().values()))


def _ordered(client: Any, cleaner_future: Any, work: Iterable[Any]) -> Iterator[Any]:
    """Results of ``clean_job`` for the jobs of ``work`` in its order, a bounded window in
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
        pending.append((item, client.submit(clean_job, cleaner_future, item, pure=False)))
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
        drop_output(job)
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

    local = local_path(target)
    if local is not None:
        try:
            return RunLog(Path(local), keep)
        except OSError as exc:
            raise UsageError(f"cannot write the log {target}: {os_reason(exc)}") from None
    fs, path = filesystem(target)
    try:  # an object store takes the log only when it is closed: try the rights now
        fs.makedirs(fs._parent(path), exist_ok=True)  # as fsspec.open does for writing
        fs.touch(path)
        return fs.open(path, "wb")
    except Exception as exc:
        raise UsageError(f"cannot write the log {target}: {store_reason(exc)}") from None


def _close_log(log: Any, target: str | None) -> OSError | None:
    """Close the log; an object store puts it only now, so a failure (the rights, the
    network) is returned as an OSError naming the log, for the caller to raise."""
    try:
        log.close()
    except Exception as exc:
        error = OSError(f"cannot write the log: {store_reason(exc)}")
        error.filename = target
        return error
    return None


def _keep_run_log(outdir: str, log: str) -> None:
    """A UsageError when a dry run's ``log`` is the log of the run whose outputs are in
    ``outdir`` (restore needs it), as a local dry run refuses: the manifest says so after a
    local run, or a Dask run into a local OUTDIR; in object storage a Dask run keeps none,
    so a log already there beside other files of OUTDIR is taken for its run's."""
    from cleaner.cli.clean_cmd import run_log_taken
    from cleaner.io.manifest import MANIFEST_NAME, manifest_log

    fs, root = filesystem(outdir)
    log_fs, log_path = filesystem(log)
    root = root.rstrip("/")
    known = None if is_url(outdir) else manifest_log(Path(outdir))
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
    from cleaner.cli.outdir import only_run_in, only_run_writing, remove_stale_temps
    from cleaner.cli.resume import Journal, RunLog, run_options, stopped_note
    from cleaner.cli.style import say
    from cleaner.io.batches import Settled, journal_line
    from cleaner.io.discover import STDIN, UsageError, make_folder
    from cleaner.io.kinds import parse_format
    from cleaner.io.manifest import fingerprint
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
                filesystem(target)  # a missing driver is said before any input is read
    # OUTDIR and the log on this machine's file system (paths, file:// URLs): a manifest
    # is kept there as by a local run, and --resume takes it up
    local_out = local_path(outdir)
    local_log = local_path(log_target)
    if args.resume:
        _resumable(args.outdir, local_out, log_target, local_log)
    if remote:
        found = _find_remote(args, outdir, log_target, local_log, forced)
    else:
        found = _find_local(args, outdir, log_target, forced)
    files, conflicts = found.files, found.conflicts
    settings = resolve_settings(args)
    cleaner = build_cleaner(settings)

    summary = Summary(files_passed_over=found.skipped)
    for message in found.unreadable:
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
    work = _plan(found, journal, log is not None, summary, outdir, settings)
    jobs = sum(isinstance(w, Job) for w in work)

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
    started = journal.started_ns if journal is not None else None
    out_path = Path(local_out) if local_out is not None else None
    log_file = Path(local_log) if local_log is not None and local_log != STDIN else None
    return clean_cmd.end_of_run(args, summary, started, held_files, out_path, log_file)


class _Found(NamedTuple):
    """The inputs of a run, as :func:`cleaner.io.discover.discover` finds local ones."""

    files: list[Any]  # InputFiles, in input order
    urls: list[str | None]  # the URL of each file, None for a local path
    shown: list[str]  # the name messages give each file (its URL, or the path a local run names)
    skipped: int  # entries passed over (hidden, or of no known kind)
    conflicts: dict[int, str]  # index in ``files`` -> why it is not cleaned
    unreadable: tuple[str, ...]  # a message per input that could not be listed


def _find_remote(
    args: argparse.Namespace, outdir: str | None, log_target: str | None, local_log: str | None, forced: Any
) -> _Found:
    """The inputs of a run that names a URL: listed through fsspec, and each output that
    would overwrite the log or another input's output set aside as a conflict."""
    from cleaner.io.discover import UsageError, check_overlap
    from cleaner.io.removal_log import LOG_NAME

    if args.log and is_url(args.log) and is_folder(args.log):
        # s3fs drops the final "/": the log became an object "b/out" beside the prefix "b/out/"
        raise UsageError(f"log file {args.log} is a folder; name a file (default: OUTDIR/{LOG_NAME})")
    # the local ones among them (paths, file:// URLs) are refused as in a local run
    local = [local_path(a) for a in args.inputs]
    check_overlap([a for a in local if a], local_path(args.outdir), local_log)
    files, found_urls, shown, skipped, cannot_list = discover_urls(args.inputs, forced)
    urls: list[str | None] = list(found_urls)
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
    return _Found(files, urls, shown, skipped, conflicts, tuple(cannot_list))


def _find_local(args: argparse.Namespace, outdir: str | None, log_target: str | None, forced: Any) -> _Found:
    """The inputs of a run of local paths only, found as a local run finds them (its
    notes on the walk said here, as it says them)."""
    from cleaner.cli import clean_cmd
    from cleaner.io.discover import check_overlap, discover, reserved_outputs, run_writes
    from cleaner.io.manifest import MANIFEST_NAME

    check_overlap(args.inputs, args.outdir, log_target)
    reserved = reserved_outputs(outdir, log_target, MANIFEST_NAME)
    writes = run_writes(outdir, log_target, MANIFEST_NAME)  # (no OUTDIR in a dry run)
    found = discover(args.inputs, forced, reserved, writes)
    for said in clean_cmd.walk_notes(found):
        print(said, file=sys.stderr)
    files = list(found.files)
    urls: list[str | None] = [None] * len(files)
    shown = [str(f.path) for f in files]
    return _Found(files, urls, shown, found.skipped, dict(found.conflicts), found.unreadable)


def _plan(
    found: _Found,
    journal: Journal | None,
    logged: bool,
    summary: Summary,
    outdir: str | None,
    settings: Settings,
) -> list[Job | Settled]:
    """The inputs in input order: a job per input to clean, a Settled for one decided here
    (an output clash, a failure remembered from the run before); those the run before
    finished are only counted into ``summary``."""
    from cleaner.io.batches import Settled

    work: list[Job | Settled] = []
    for i, f in enumerate(found.files):
        settled = journal.settled(f, found.conflicts.get(i)) if journal is not None else None
        if settled is not None:
            work.append(settled)
            continue
        if i in found.conflicts:
            journaled = journal is not None
            work.append(
                Settled.not_cleaned(f, found.shown[i], found.conflicts[i], logged=logged, journaled=journaled)
            )
            continue
        if journal is not None and journal.done_already(f, summary):
            continue
        out = f"{outdir.rstrip('/')}/{f.output_rel}" if outdir else None
        fields = (settings.text_field, settings.url_field)
        limits = settings.read_limits()
        job = Job(f, found.urls[i], out, *fields, os.getcwd(), found.shown[i], settings.html_field, limits)
        work.append(job)
    return work


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
