# The --resume machinery both engines of `cleaner clean` share (local pool, Dask): the run's
# fingerprint, the manifest taken up or started, the log cut back, skips and checkpoints.
"""What a run into a local OUTDIR keeps for ``--resume``, whichever engine cleans.

A :class:`Journal` is started once the run holds OUTDIR: it takes up the manifest of the
run before (``--resume``, same fingerprint and log) or starts a fresh one, takes the
records of changed inputs out of the log, and says how much of the log to keep. While
the run goes on, the engine asks it what to do with each input (:meth:`Journal.settled`,
:meth:`Journal.done_already`), hands it the manifest lines of the inputs that finished
in input order (:meth:`Journal.add`), and lets it save a checkpoint now and then
(:meth:`Journal.checkpoint`): so a run stopped on either engine is finished by either.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from cleaner.cli.style import counted, one_line

if TYPE_CHECKING:
    from cleaner.io.batches import Settled
    from cleaner.io.discover import InputFile
    from cleaner.io.manifest import Manifest, ManifestWriter
    from cleaner.summary import Summary

__all__ = ["Journal", "RunLog", "run_options", "stopped_note", "versions"]


class RunLog:
    """The removal log being written. When resuming, the file is opened (and cut back to
    the bytes that belong to finished inputs) once there is something to add, or at once
    when it holds more (records a stopped run wrote past its last checkpoint, which
    belong to no finished input): a re-run of a finished job leaves it untouched."""

    def __init__(self, path: Path, keep: int | None) -> None:
        self.path = path
        self.keep = keep
        self._fh: BinaryIO | None = None
        if keep is None or (str(path) != "-" and path.stat().st_size > keep):
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
                from cleaner.io.discover import make_folder

                make_folder(self.path.parent, "log's folder")
                self._fh = open(self.path, "wb")  # noqa: SIM115 - closed by close()
        return self._fh

    def write(self, data: bytes) -> None:
        if data:
            with self._naming_the_log():
                self._open().write(data)

    def copy_from(self, part: Path) -> None:
        with open(part, "rb") as fh, self._naming_the_log():
            shutil.copyfileobj(fh, self._open())

    def flush(self) -> None:
        if self._fh is not None:
            with self._naming_the_log():
                self._fh.flush()

    @contextmanager
    def _naming_the_log(self) -> Iterator[None]:
        """A write error of the log (a full disk) names the log: a file object's error
        names no file, and the run stopped with "no space left on device" alone."""
        try:
            yield
        except OSError as exc:
            if exc.filename is None and str(self.path) != "-":
                exc.filename = str(self.path)
            raise

    def size(self) -> int | None:
        """Bytes written so far (None for standard output)."""
        if self._fh is None:
            return self.keep
        return None if self._fh is sys.stdout.buffer else self._fh.tell()

    def close(self) -> None:
        with self._naming_the_log():
            if self._fh is not None and self._fh is not sys.stdout.buffer:
                self._fh.close()
            elif self._fh is not None:
                self._fh.flush()


def versions() -> dict[str, str]:
    """The versions of cleaner and of the libraries whose output it keeps."""
    from importlib.metadata import PackageNotFoundError, version

    import cleaner

    out = {"cleaner": cleaner.__version__}
    for dist in ("trafilatura", "ftfy", "chardet"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "-"
    return out


def run_options(settings_options: Mapping[str, object], fmt: str | None) -> dict[str, object]:
    """Every option of a run that changes its output, as the fingerprint takes them: the
    same for either engine, so that one engine's run is resumed by the other."""
    return {**settings_options, "format": fmt, "version": versions()}


def stopped_note(files: int, outdir: object) -> str:
    """What a run stopped by Ctrl-C or SIGTERM says about going on."""
    return (
        f"cleaner: stopped after {counted(files, 'input')}; {one_line(str(outdir))} records them, "
        "and the same command with --resume goes on from there"
    )


def _log_holds(path: Path | None, size: int) -> bool:
    if path is None or str(path) == "-":
        return path is None
    try:
        return path.stat().st_size >= size
    except OSError:
        return False


def _taken_up_in_order(old: Manifest, inputs: Iterable[InputFile], outdir: Path) -> bool:
    """Whether the inputs ``old`` finished (or failed on), unchanged, are the first of
    ``inputs`` and all of them, as a stopped in-order run leaves them: then skipping them
    and cleaning the rest gives what one run over ``inputs`` gives. Any other way, an
    output ``old`` finished was made after an input that is now different. Standard
    input is left out: it is cleaned before the files wherever it stands, and never
    journaled."""
    done = 0
    after_one_to_clean = False
    for f in inputs:
        if f.is_stdin:
            continue
        if old.finished(f, outdir) is not None:
            done += 1
        elif old.failure(f) is None:
            after_one_to_clean = True
            continue
        if after_one_to_clean:
            return False
    return done == len(old.done)


class Journal:
    """The manifest of a run into the local folder ``outdir`` (see the module doc)."""

    def __init__(self, outdir: Path, writer: ManifestWriter, old: Manifest | None, keep: int | None) -> None:
        self.outdir = outdir
        self.writer = writer
        self.old = old  # what an earlier run finished, when resuming it
        self.keep = keep  # bytes of the log that stay (None: the log is written anew)
        self._last_save = time.monotonic()
        # the manifest lines added since the last checkpoint, each with the log's size as
        # they were added: the next checkpoint writes them and the last size
        self._pending: list[tuple[bytes, int | None]] = []
        # inputs whose records _forget_changed took out of the log: each is cleaned again,
        # never passed over as a failure remembered from the last run
        self._forgotten: set[Path] = set()

    @classmethod
    def start(
        cls,
        outdir: Path,
        log_path: Path | None,
        fp: str,
        resume: bool,
        inputs: Callable[[], Iterable[InputFile]],
        log_key: str | None = None,
        reading: Mapping[str, str | None] | None = None,
        in_order: bool = False,
    ) -> Journal:
        """Take up the manifest in ``outdir`` (``resume``, same fingerprint ``fp`` and log)
        or start a fresh one; ``inputs``: the inputs of the run that have an output (no
        clash), looked at only when resuming, to find those changed since; ``log_key``:
        how the manifest names a log that is no local file (a URL; ``log_path`` None);
        ``reading``: the run's text field and forced format, kept for ``restore``;
        ``in_order``: each output depends on the inputs before it (``--dedup-by``), so the
        inputs the run before finished are taken up only when they still come first and
        none of them changed or went (see :func:`_taken_up_in_order`).
        A UsageError when OUTDIR or the log cannot be written, before the manifest is
        replaced."""
        from cleaner.io.discover import UsageError, os_reason
        from cleaner.io.manifest import ManifestWriter, load_manifest

        log_file = log_path if log_path is not None and str(log_path) != "-" else None
        if log_key is None:
            log_key = str(log_file.resolve()) if log_file is not None else "-"
        earlier = load_manifest(outdir) if resume else None
        old: Manifest | None = None
        keep: int | None = None
        if (
            earlier is not None
            and earlier.fingerprint == fp
            and earlier.log == log_key
            and _log_holds(log_path, earlier.log_size)
        ):
            old, keep = earlier, earlier.log_size
        elif earlier is not None:
            print(
                "cleaner: --resume: rules, settings or log changed since the last run; "
                "cleaning everything again",
                file=sys.stderr,
            )
        if old is not None and in_order and not _taken_up_in_order(old, inputs(), outdir):
            print(
                "cleaner: --resume: an input the last run finished changed, went, or now comes "
                "after one it did not, and with --dedup-by what follows depends on it; cleaning "
                "everything again",
                file=sys.stderr,
            )
            old, keep = None, None
        if log_file is not None and log_file.is_file():
            try:  # before a fresh manifest replaces the one of the run that wrote this log
                open(log_file, "ab").close()
            except OSError as exc:
                raise UsageError(f"cannot write the log {log_path}: {os_reason(exc)}") from None
        try:
            writer = ManifestWriter(outdir, fp, log_key, old, reading)
        except OSError as exc:
            raise UsageError(f"cannot write in the output folder {outdir}: {os_reason(exc)}") from None
        journal = cls(outdir, writer, old, keep)
        if old is not None and log_path is not None:
            try:
                journal.keep = journal._forget_changed(inputs(), log_path, keep or 0)
            except BaseException:
                writer.close()
                raise
        return journal

    def _forget_changed(self, inputs: Iterable[InputFile], log_path: Path, keep: int) -> int:
        """Take out of the log the records of inputs an earlier run finished (or failed on)
        that have changed since, and of standard input, which every run cleans, so that
        cleaning them again replaces their records instead of adding a second set; the size
        of the log that stays."""
        from cleaner.io.manifest import forget_line
        from cleaner.io.removal_log import drop_records

        assert self.old is not None
        stale: list[InputFile] = []
        again: set[str] = set()  # standard input: cleaned on every run, never journaled
        for f in inputs:
            if f.is_stdin:
                again.add(f.rel)
            elif self.old.stale(f, self.outdir):
                stale.append(f)
        if not stale and not again:
            return keep
        keep = drop_records(log_path, keep, {f.rel for f in stale} | again)
        # after the log is replaced: a kill in between leaves a manifest whose log size the
        # log no longer has, and the next --resume cleans everything again
        self.writer.add(b"".join(forget_line(f) for f in stale))
        self.writer.checkpoint(keep)
        self._forgotten.update(f.path for f in stale if f.path is not None)
        unwritten = sum(self.old.unwritten(f) for f in stale)
        if len(stale) > unwritten:
            print(
                f"cleaner: --resume: {counted(len(stale) - unwritten, 'input')} changed since the last "
                "run (or the output did); cleaning again",
                file=sys.stderr,
            )
        if unwritten:
            print(
                f"cleaner: --resume: {counted(unwritten, 'input')} whose output could not be written "
                "in the last run (a full disk, a folder that could not be written); trying again",
                file=sys.stderr,
            )
        return keep

    def settled(self, f: InputFile, clash: str | None = None) -> Settled | None:
        """An input that failed in the run before and has not changed since: reported
        again, not retried; None for any other input. ``clash``: why ``f`` is not cleaned
        in this run (its output would clash with another's), if so; the same clash as in
        the run before is that failure again, changed or not, since the clash does not
        depend on what the input holds: its error record stays in the log, where a second
        one was added (clashes are not among the inputs whose records are taken out)."""
        from cleaner.io.batches import Settled
        from cleaner.summary import Summary

        def settled(message: str, shown: str) -> Settled:
            failure = Summary(files=1)
            failure.add_failure(message, whole_file=True)
            return Settled(failure, errors=(shown,))

        if self.old is None or f.path in self._forgotten:
            # (forgotten: its error is out of the log, and what it clashed with may be gone)
            return None
        earlier = self.old.failure(f)
        if earlier is None:
            message = self.old.failed_with(f) if clash is not None else None
            if message is not None and message.endswith(f": {clash}; not cleaned"):
                return settled(message, message)
            return None
        if self.old.finished(f, self.outdir) is not None:
            # done into this output: the failure is of its other output (a folder named
            # beside its parent gives its files two), which the manifest keys by the file
            return None
        return settled(earlier, f"{earlier} (unchanged since the last run; not retried)")

    def done_already(self, f: InputFile, counts: Summary) -> bool:
        """Whether the run before finished ``f`` (unchanged, output in place); if so it is
        counted into ``counts`` as already done."""
        failed_lines = self.old.finished(f, self.outdir) if self.old is not None else None
        if failed_lines is None:
            return False
        counts.files_skipped += 1
        counts.records_failed += failed_lines
        return True

    def add(self, lines: bytes, log: RunLog | None) -> None:
        """Manifest lines of inputs whose log records have been written to ``log``, in
        input order. The log's size now is what a checkpoint of them gives: records
        written after it (a run stopped before their input's line came) are not theirs.

        The lines and that size are kept as one entry, added in one step: a stop (Ctrl-C,
        SIGTERM, SIGHUP) raises between any two bytecodes, and one that came between
        giving the lines to the manifest and noting the size had the last checkpoint count
        the inputs as done with the log size of the lines before (0 for the first ones):
        --resume cut their records out of the log and skipped them."""
        if lines:
            self._pending.append((lines, log.size() if log is not None else None))

    def checkpoint(self, log: RunLog | None, every: float, force: bool = False) -> None:
        """Save the manifest lines added and the log size that goes with them, if
        ``every`` seconds have passed since the last save (or ``force``) and there is
        something new. The entries are taken before they are written: a stop half-way
        leaves lines with no checkpoint after them, which a reader ignores (and so do
        the log size and the records they stand for), never a size that misses some."""
        if log is not None:
            log.flush()
        due = force or time.monotonic() - self._last_save >= every
        if not self._pending or not due:
            return
        pending, self._pending = self._pending, []
        self.writer.add(b"".join(lines for lines, _ in pending))
        self.writer.checkpoint(pending[-1][1])
        self._last_save = time.monotonic()

    @property
    def started_ns(self) -> int | None:
        """When a run that wrote a fresh manifest began, by OUTDIR's clock; None when it
        resumed an earlier one (whose outputs are older)."""
        return self.writer.started_ns

    def close(self) -> None:
        self.writer.close()
