# `cleaner clean`: clean files, folders and standard input into OUTDIR in parallel,
# with a removal log, progress, a summary, --dry-run/--diff and --resume.
"""The ``clean`` subcommand."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import BinaryIO

from cleaner.cli.cleaner_options import add_cleaner_options
from cleaner.cli.dedup_options import add_dedup_options, dedup_run

__all__ = ["register", "run"]

#: seconds between two saves of the resume manifest
CHECKPOINT_SECONDS = 1.0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from cleaner.io.kinds import FORMAT_CHOICES

    p = sub.add_parser(
        "clean",
        help="clean files and folders into OUTDIR, with a removal log",
        description="Clean .txt, .html/.htm and .jsonl files (and their .gz), folders of them "
        "(recursively) or standard input ('-'). The output tree mirrors the input tree; every "
        "change goes to the removal log. Exit status: 0 all cleaned, 1 some inputs failed, "
        "2 usage error.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, or - for standard input")
    p.add_argument(
        "-o",
        "--output",
        dest="outdir",
        metavar="OUTDIR",
        help="output folder (required unless the only input is - or with --dry-run)",
    )
    p.add_argument(
        "--log",
        metavar="FILE",
        help="removal log, JSON Lines (default OUTDIR/removals.jsonl; - for standard output)",
    )
    p.add_argument(
        "-j", "--jobs", type=int, metavar="N", help="worker processes (default: the number of cores)"
    )
    add_cleaner_options(p)
    add_dedup_options(p)
    p.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        help="kind of every input, instead of telling it from the file name",
    )
    p.add_argument("--dry-run", action="store_true", help="write nothing but the log and the summary")
    p.add_argument(
        "--diff", action="store_true", help="print a unified diff of each change to standard output"
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="skip inputs already cleaned into OUTDIR with the same rules and settings",
    )
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the diff (default: on a terminal)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no summary table")
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: this machine's cores (default); dask: a Dask cluster, inputs and OUTDIR may be "
        "fsspec URLs such as s3://bucket/dir (needs pip install 'cleaner[dask]'; see docs/dask.md)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler, e.g. tcp://host:8786 "
        "(default: a local cluster of --jobs workers)",
    )
    p.set_defaults(run=run)


def _usage_checks(args: argparse.Namespace) -> None:
    from cleaner.io.discover import STDIN, UsageError

    stdin_used = STDIN in args.inputs
    if args.outdir is None and not (all(i == STDIN for i in args.inputs) or args.dry_run):
        raise UsageError("-o OUTDIR is required (except for - alone, or with --dry-run)")
    if args.resume and args.dry_run:
        raise UsageError("--resume and --dry-run cannot be used together")
    if args.resume and args.outdir is None:
        raise UsageError("--resume needs -o OUTDIR")
    if stdin_used and not args.dry_run and (args.diff or args.log == "-"):
        raise UsageError(
            "standard output carries the cleaned standard input; --diff and --log - need --dry-run here"
        )
    if args.diff and args.log == "-":
        raise UsageError("--diff and --log - would both write to standard output")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")


class _Log:
    """The removal log being written. When resuming, the file is opened (and cut back to
    the bytes that belong to finished inputs) only once there is something to add, so a
    re-run of a finished job leaves it untouched."""

    def __init__(self, path: Path, keep: int | None) -> None:
        self.path = path
        self.keep = keep
        self._fh: BinaryIO | None = None
        if keep is None:
            self._open()

    def _open(self) -> BinaryIO:
        if self._fh is None:
            if str(self.path) == "-":
                self._fh = sys.stdout.buffer
            elif self.keep is not None:
                self._fh = open(self.path, "r+b")  # noqa: SIM115 - closed by close()
                self._fh.truncate(self.keep)
                self._fh.seek(self.keep)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fh = open(self.path, "wb")  # noqa: SIM115 - closed by close()
        return self._fh

    def write(self, data: bytes) -> None:
        if data:
            self._open().write(data)

    def copy_from(self, part: Path) -> None:
        with open(part, "rb") as fh:
            shutil.copyfileobj(fh, self._open())

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()

    def size(self) -> int | None:
        """Bytes written so far (None for standard output)."""
        if self._fh is None:
            return self.keep
        return None if self._fh is sys.stdout.buffer else self._fh.tell()

    def close(self) -> None:
        if self._fh is not None and self._fh is not sys.stdout.buffer:
            self._fh.close()
        elif self._fh is not None:
            self._fh.flush()


def _remove_stale_temps(outdir: Path) -> None:
    """Temp files a killed run left in OUTDIR (never a partial output: those are temps)."""
    from cleaner.io.writers import TEMP_PREFIX

    for path in outdir.rglob(TEMP_PREFIX + "*"):
        if path.is_file():
            path.unlink(missing_ok=True)


def run(args: argparse.Namespace) -> int:
    from cleaner.cli.cleaner_options import build_cleaner, resolve_settings
    from cleaner.cli.progress import Progress
    from cleaner.cli.style import colour_diff, use_colour
    from cleaner.io.clean_file import FileOutcome, FileTask, clean_file
    from cleaner.io.discover import check_overlap, discover
    from cleaner.io.kinds import parse_format
    from cleaner.io.manifest import Manifest, fingerprint, load_manifest, save_manifest
    from cleaner.io.removal_log import LOG_NAME, dumps, error_record
    from cleaner.parallel import default_jobs, map_ordered
    from cleaner.summary import Summary

    _usage_checks(args)
    dedup = dedup_run(args)  # keep-one-copy: in input order, in this process
    if args.engine == "dask":
        from cleaner.distributed import run_clean_command

        return run_clean_command(args)
    outdir = Path(args.outdir) if args.outdir else None
    log_path = Path(args.log) if args.log else (outdir / LOG_NAME if outdir else None)
    check_overlap(args.inputs, args.outdir, str(log_path) if log_path else None)
    forced = parse_format(args.format) if args.format else None
    settings = resolve_settings(args)
    cleaner = build_cleaner(settings)
    found = discover(args.inputs, forced)

    summary = Summary(files_passed_over=found.skipped)
    manifest: Manifest | None = None
    keep: int | None = None
    if outdir is not None and not args.dry_run:
        outdir.mkdir(parents=True, exist_ok=True)
        options = {**settings.as_options(), "format": args.format, "version": _versions()}
        fp = fingerprint(settings.rules, options)
        log_key = str(log_path.resolve()) if log_path and str(log_path) != "-" else "-"
        old = load_manifest(outdir) if args.resume else None
        if (
            old is not None
            and old.fingerprint == fp
            and old.log == log_key
            and _log_holds(log_path, old.log_size)
        ):
            manifest, keep = old, old.log_size
        else:
            if old is not None:
                print(
                    "cleaner: --resume: rules, settings or log changed since the last run; "
                    "cleaning everything again",
                    file=sys.stderr,
                )
            manifest = Manifest(fp, log_key)
            save_manifest(outdir, manifest)

    if args.resume and outdir is not None:
        _remove_stale_temps(outdir)
    log = _Log(log_path, keep) if log_path is not None else None
    dirty = [False]  # manifest changes not saved yet
    diff_colour = use_colour(sys.stdout, args.color)
    stdin_files = [f for f in found.files if f.is_stdin]
    todo: list[FileTask] = []
    total_bytes = 0
    for i, f in enumerate(found.files):
        if f.is_stdin:
            continue
        earlier = manifest.failure(f) if manifest is not None and keep is not None else None
        if earlier is not None:  # failed in an earlier run and unchanged since: not retried
            print(f"cleaner: {earlier} (unchanged since the last run; not retried)", file=sys.stderr)
            summary.merge(Summary(files=1))
            summary.add_failure(earlier, whole_file=True)
            continue
        if i in found.conflicts:
            message = f"{f.path}: {found.conflicts[i]}; not cleaned"
            print(f"cleaner: {message}", file=sys.stderr)
            summary.merge(Summary(files=1))
            summary.add_failure(message, whole_file=True)
            if log is not None:
                log.write(dumps(error_record(f.rel, None, found.conflicts[i])))
            if manifest is not None:
                manifest.mark_failed(f, message)
                dirty[0] = True
            continue
        entry = manifest.finished(f, outdir) if manifest is not None and outdir is not None else None
        if entry is not None:
            summary.files_skipped += 1
            summary.records_failed += int(entry.get("errors") or 0)  # type: ignore[call-overload]
            continue
        out = None if args.dry_run or outdir is None else outdir / f.output_rel
        todo.append(FileTask(f, out, settings.text_field, args.diff, spill_dir=outdir))
        total_bytes += f.size

    def handle(outcome: FileOutcome) -> None:
        if log is not None:
            log.write(outcome.log)
            if outcome.log_part is not None:
                log.copy_from(outcome.log_part)
        if outcome.log_part is not None:
            outcome.log_part.unlink(missing_ok=True)
        for message in outcome.errors:
            print(f"cleaner: {message}", file=sys.stderr)
        if outcome.diff:
            sys.stdout.write(colour_diff(outcome.diff, diff_colour))
            sys.stdout.flush()
        summary.merge(outcome.summary)
        if manifest is not None and not outcome.source.is_stdin:
            if outcome.failed:
                manifest.mark_failed(outcome.source, outcome.errors[0])
            else:
                manifest.mark_done(outcome.source, outcome.output_size, len(outcome.errors))
            dirty[0] = True

    last_save = time.monotonic()

    def checkpoint(force: bool = False) -> None:
        """Save the manifest, with the log size that goes with it, now and then."""
        nonlocal last_save
        if log is not None:
            log.flush()
        due = force or time.monotonic() - last_save >= CHECKPOINT_SECONDS
        if manifest is None or outdir is None or not dirty[0] or not due:
            return
        size = log.size() if log is not None else None
        if size is not None:
            manifest.log_size = size
        save_manifest(outdir, manifest)
        last_save = time.monotonic()
        dirty[0] = False

    try:
        for f in stdin_files:
            task = FileTask(
                f, None if args.dry_run else Path("-"), settings.text_field, args.diff, to_stdout=True
            )
            handle(next(dedup.map(clean_file, [task], cleaner)) if dedup else clean_file(cleaner, task))
        jobs = min(args.jobs or default_jobs(), max(len(todo), 1))
        with Progress(len(todo), total_bytes) as progress:
            outcomes = map_ordered(clean_file, todo, cleaner, jobs)
            if dedup is not None:  # in input order, in this process, whatever --jobs
                outcomes = dedup.map(clean_file, todo, cleaner)
            for outcome in outcomes:
                handle(outcome)
                progress.advance(outcome.source.size)
                checkpoint()
    finally:
        try:
            checkpoint(force=True)
        finally:
            if log is not None:
                log.close()
    if not args.quiet:
        print(summary.table(), file=sys.stderr)
    return 1 if summary.failed else 0


def _log_holds(path: Path | None, size: int) -> bool:
    if path is None or str(path) == "-":
        return path is None
    try:
        return path.stat().st_size >= size
    except OSError:
        return False


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    import cleaner

    out = {"cleaner": cleaner.__version__}
    for dist in ("trafilatura", "ftfy", "charset-normalizer"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "-"
    return out
