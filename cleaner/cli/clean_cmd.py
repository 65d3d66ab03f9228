# `cleaner clean`: clean files, folders and standard input into OUTDIR in parallel,
# with a removal log, progress, a summary, --dry-run/--diff and --resume.
"""The ``clean`` subcommand."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.cli.cleaner_options import add_cleaner_options
from cleaner.cli.dedup_options import add_dedup_options, dedup_run
from cleaner.cli.style import counted, say

if TYPE_CHECKING:
    from cleaner.cli.resume import Journal
    from cleaner.io.batches import BatchResult, Settled
    from cleaner.io.clean_file import FileTask
    from cleaner.io.discover import Discovery, InputStream, UsageError
    from cleaner.pipeline import Cleaner
    from cleaner.summary import Summary

__all__ = ["end_of_run", "no_inputs_note", "register", "run", "walk_notes"]

#: seconds between two saves of the resume manifest
CHECKPOINT_SECONDS = 1.0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from cleaner.io.kinds import FORMAT_CHOICES

    p = sub.add_parser(
        "clean",
        help="clean files and folders into OUTDIR, with a removal log",
        description="Clean .txt, .html/.htm/.xhtml/.shtml and .jsonl files (and their .gz), folders of them "
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
        help="go on with a stopped run: skip inputs already cleaned into OUTDIR with the same rules "
        "and settings, by either engine (with --engine dask, OUTDIR and the log must be paths or "
        "file:// URLs, not object storage)",
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
        "fsspec URLs such as s3://bucket/dir (needs the dask extra, pip install '.[dask]' from a "
        "checkout; see docs/dask.md)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler, e.g. tcp://host:8786 "
        "(default: a local cluster of --jobs workers)",
    )
    p.set_defaults(run=run)


def _usage_checks(args: argparse.Namespace) -> None:
    from cleaner.io.discover import STDIN, UsageError, is_url

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
    if args.scheduler is not None and args.engine != "dask":
        raise UsageError("--scheduler goes with --engine dask (a local run has no scheduler)")
    if args.engine != "dask":
        # a local run took s3://b/out as a relative path: it wrote into a folder "s3:"
        for arg in [*args.inputs, args.outdir or "", args.log or ""]:
            if is_url(arg):
                raise UsageError(
                    f"{arg}: a URL is read and written by --engine dask only; a local run "
                    "takes local paths (see docs/dask.md)"
                )


def walk_notes(found: InputStream | Discovery) -> list[str]:
    """What a run says of the walk over its inputs (either engine), each on one line with
    a scraped name's control characters escaped: files named again, links to folders not
    followed."""
    from cleaner.cli.style import one_line
    from cleaner.io.discover import linked_folders_note, repeated_note

    notes = []
    if found.repeated:
        notes.append(repeated_note(found.repeated))
    if found.linked_folders:
        notes.append(linked_folders_note(found.linked_folders, found.first_linked_folder))
    return [f"cleaner: {one_line(note)}" for note in notes]


def no_inputs_note(inputs: list[str], passed_over: int) -> str:
    """What a run that found nothing to clean in ``inputs`` says (either engine)."""
    from cleaner.cli.style import one_line

    what = f"{counted(passed_over, 'file')} hidden or of other kinds" if passed_over else "nothing"
    return (
        f"cleaner: no inputs found in {one_line(', '.join(inputs))}: {what} (cleaner reads .txt, .html, "
        ".htm, .xhtml, .shtml and .jsonl, each maybe .gz; --format names the kind of other files)"
    )


def end_of_run(
    args: argparse.Namespace,
    summary: Summary,
    started: int | None,
    held_files: bool,
    outdir: Path | None,
    log_file: Path | None,
    *,
    read_stdin: bool = False,
) -> int:
    """What a run says once it is over, the same for either engine: that it found nothing
    to clean, the files an earlier run left in ``outdir`` (when it ``held_files`` as it
    began and kept a manifest, ``started`` then), the summary table; its exit status."""
    from cleaner.cli.outdir import left_files_note

    if summary.files == 0 and summary.files_skipped == 0 and not read_stdin:
        print(no_inputs_note(args.inputs, summary.files_passed_over), file=sys.stderr)
    if (
        held_files
        and started is not None
        and outdir is not None
        and (note := left_files_note(outdir, started, log_file))
    ):
        print(note, file=sys.stderr)
    if not args.quiet:
        print(summary.table(), file=sys.stderr)
    return 1 if summary.failed else 0


def run_log_taken(log: object, outdir: object) -> UsageError:
    """The refusal of a dry run whose ``log`` is the log of the run in ``outdir``."""
    from cleaner.io.discover import UsageError

    return UsageError(
        f"{log} is the removal log of the run in {outdir}, which restore needs; "
        "a dry run would replace it: give --log another file"
    )


def _clean_in_pool(
    work: Iterable[FileTask | Settled],
    cleaner: Cleaner,
    jobs: int,
    journaled: bool,
    done: Callable[[BatchResult], None],
) -> None:
    """Clean ``work`` on ``jobs`` worker processes, in batches sized by how fast they go
    and with a big JSONL input cut into chunks that several share; ``done`` gets what came
    of each input in input order (of a split one, once its last chunk is in). Stopped
    half-way through a split input, what was put together of it is dropped."""
    from cleaner.io.batches import ChunkResult, Planner, SplitFile, run_item
    from cleaner.parallel import map_ordered

    planner = Planner(journaled)
    split: SplitFile | None = None
    try:
        for item in map_ordered(run_item, planner.plan(work), cleaner, jobs):
            if isinstance(item, ChunkResult):
                chunk = item.chunk.chunk
                planner.observe(chunk.end - chunk.start, item.seconds)
                if split is None:
                    split = SplitFile(chunk.task)
                for message in split.add(item.outcome):
                    say(message)
                if not item.chunk.last:
                    continue
                result = split.finish(journaled)
                split = None
            else:
                result = item
                planner.observe(result.nbytes, result.seconds)
            done(result)
    finally:
        if split is not None:  # stopped half-way through a split file
            split.discard()


def run(args: argparse.Namespace) -> int:
    with ExitStack() as held:
        return _run(args, held)


def _run(args: argparse.Namespace, held: ExitStack) -> int:
    from cleaner.cli.cleaner_options import build_cleaner, resolve_settings
    from cleaner.cli.main import raise_if_stopped
    from cleaner.cli.outdir import only_run_in, only_run_writing, remove_stale_temps
    from cleaner.cli.progress import Progress
    from cleaner.cli.resume import Journal, RunLog, run_options, stopped_note
    from cleaner.cli.style import colour_diff, printable, use_colour
    from cleaner.io.batches import BatchResult, Settled, journal_line
    from cleaner.io.clean_file import FileOutcome, FileTask, clean_file
    from cleaner.io.discover import (
        STDIN,
        InputFile,
        InputStream,
        UsageError,
        check_overlap,
        make_folder,
        os_reason,
        reserved_outputs,
        run_writes,
    )
    from cleaner.io.kinds import Kind, parse_format
    from cleaner.io.manifest import MANIFEST_NAME, fingerprint, manifest_log
    from cleaner.io.removal_log import LOG_NAME
    from cleaner.parallel import worker_count
    from cleaner.summary import Summary

    _usage_checks(args)
    dedup = dedup_run(args)  # keep-one-copy: in input order, in this process
    if args.engine == "dask":
        from cleaner.cli.clean_dask import run_clean_command

        return run_clean_command(args)
    outdir = Path(args.outdir) if args.outdir else None
    log_path = Path(args.log) if args.log else (outdir / LOG_NAME if outdir else None)
    log_file = log_path if log_path is not None and str(log_path) != "-" else None  # not stdout
    check_overlap(args.inputs, args.outdir, args.log or (str(log_path) if log_path else None))
    forced = parse_format(args.format) if args.format else None
    settings = resolve_settings(args)
    cleaner = build_cleaner(settings)
    reserved = reserved_outputs(args.outdir, str(log_path) if log_path else None, MANIFEST_NAME)
    writes = run_writes(
        None if args.dry_run else args.outdir, str(log_file) if log_file else None, MANIFEST_NAME
    )
    found = InputStream(args.inputs, forced, reserved, writes)

    summary = Summary()
    journal: Journal | None = None  # the manifest of this run, and what an earlier one finished
    if outdir is not None and not args.dry_run:
        make_folder(outdir, "output folder")
        held.enter_context(only_run_in(outdir))
    if log_file is not None and not log_file.is_dir():
        held.enter_context(only_run_writing(log_file))  # a --log outside OUTDIR is shared too
    if outdir is not None and not args.dry_run:
        options = run_options(settings.as_options(), args.format)
        if dedup is not None:
            options["dedup"] = dedup.options()
        journal = Journal.start(
            outdir,
            log_path,
            fingerprint(settings.rules, options),
            args.resume,
            lambda: (f for f, conflict in found if conflict is None),
            reading={"text_field": settings.text_field, "format": args.format},
            in_order=dedup is not None,
        )

    held_files = False  # OUTDIR held files (an earlier run's outputs?) when the run began
    if outdir is not None and not args.dry_run:  # no other run writes here: they are a killed run's
        held_files = remove_stale_temps(outdir)
    if (  # a dry run's log over the log of the run whose outputs are in OUTDIR
        args.dry_run
        and outdir is not None
        and log_file is not None
        and manifest_log(outdir) == str(log_file.resolve())
    ):
        raise run_log_taken(log_path, outdir)
    try:
        keep = journal.keep if journal is not None else None
        log = RunLog(log_path, keep) if log_path is not None else None
    except OSError as exc:
        if journal is not None:
            journal.close()
        raise UsageError(f"cannot write the log {log_path}: {os_reason(exc)}") from None
    diff_colour = use_colour(sys.stdout, args.color)
    journaled = journal is not None

    def task_of(f: InputFile) -> FileTask:
        out = None if args.dry_run or outdir is None else outdir / f.output_rel
        return FileTask(
            f,
            out,
            settings.text_field,
            args.diff,
            spill_dir=outdir,
            url_field=settings.url_field,
            html_field=settings.html_field,
            limits=settings.read_limits(),
        )

    def items(counts: Summary, learn: bool = False) -> Iterator[FileTask | Settled]:
        """The work of the run in input order: a task per input to clean, a Settled for
        an input decided here; inputs done already are only counted into ``counts`` (and,
        with ``learn``, what they kept is told to the dedup run, in their turn)."""
        for f, conflict in found:
            if f.is_stdin:
                continue
            earlier = journal.settled(f, conflict) if journal is not None else None
            if earlier is not None:  # failed in an earlier run and unchanged since: not retried
                yield earlier
                continue
            if conflict is not None:
                logged = log is not None
                yield Settled.not_cleaned(f, str(f.path), conflict, logged=logged, journaled=journaled)
                continue
            if journal is not None and journal.done_already(f, counts):
                if dedup is not None and learn:  # the inputs after it dedup against it
                    dedup.remember(task_of(f), cleaner)
                continue
            yield task_of(f)

    def emit(result: BatchResult) -> None:
        """Write out what came of some inputs, in input order."""
        for piece in result.log:
            if isinstance(piece, bytes):
                if log is not None:
                    log.write(piece)
            else:
                if log is not None:
                    log.copy_from(piece)
                piece.unlink(missing_ok=True)
        for message in result.errors:
            say(message)
        if result.diff:
            sys.stdout.write(printable(colour_diff(result.diff, diff_colour)))
            sys.stdout.flush()
        summary.merge(result.summary)
        if journal is not None:
            journal.add(result.journal, log)

    def single(outcome: FileOutcome) -> BatchResult:
        result = BatchResult()
        line = journal_line(outcome) if journaled and not outcome.source.is_stdin else b""
        result.add(outcome, line)
        return result

    def checkpoint(force: bool = False) -> None:
        """Save the manifest, with the log size that goes with it, now and then."""
        if journal is not None:
            journal.checkpoint(log, CHECKPOINT_SECONDS, force)
        elif log is not None:
            log.flush()

    try:
        if found.has_stdin:
            stdin = InputFile(None, STDIN, forced or Kind("txt"))
            task = FileTask(
                stdin,
                None if args.dry_run else Path("-"),
                settings.text_field,
                args.diff,
                to_stdout=True,
                url_field=settings.url_field,
                html_field=settings.html_field,
                limits=settings.read_limits(),
            )
            emit(single(next(dedup.map(clean_file, [task], cleaner)) if dedup else clean_file(cleaner, task)))
        total_files = total_bytes = 0
        if Progress.wanted():  # a bar needs totals: one quick pass over the inputs first
            for item in items(Summary()):
                if isinstance(item, FileTask):
                    total_files += 1
                    total_bytes += item.source.size
        jobs, note = worker_count(args.jobs)
        if note and dedup is None:
            print(f"cleaner: {note}", file=sys.stderr)
        with Progress(total_files, total_bytes) as progress:

            def done(result: BatchResult) -> None:
                """Take in what came of some inputs, in input order."""
                emit(result)
                progress.advance(result.nbytes, result.files)
                checkpoint()
                raise_if_stopped()

            if jobs <= 1 or dedup is not None:  # in input order, in this process
                for item in items(summary, learn=True):
                    if isinstance(item, Settled):
                        result = BatchResult()
                        result.add_settled(item)
                    elif dedup is not None:
                        result = single(next(dedup.map(clean_file, [item], cleaner)))
                    else:
                        result = single(clean_file(cleaner, item))
                    done(result)
            else:
                _clean_in_pool(items(summary), cleaner, jobs, journaled, done)
    except BaseException as exc:  # Ctrl-C, SIGTERM, SIGHUP: say what --resume will find
        if journal is not None and not args.quiet and not isinstance(exc, Exception):
            print(stopped_note(summary.files, args.outdir), file=sys.stderr)
        raise
    finally:
        try:
            checkpoint(force=True)
        finally:
            if log is not None:
                log.close()
            if journal is not None:
                journal.close()
    summary.files_passed_over += found.skipped
    for note in walk_notes(found):
        print(note, file=sys.stderr)
    if pages := summary.pages_as_text_note(settings.text_field):
        print(f"cleaner: {pages}", file=sys.stderr)
    for message in found.unreadable:  # after the run: the walk goes on past such a folder
        say(message)
        summary.add_failure(message, whole_file=True)
    started = journal.started_ns if journal is not None else None
    return end_of_run(args, summary, started, held_files, outdir, log_file, read_stdin=found.has_stdin)
