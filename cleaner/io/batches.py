# Work units of a parallel `cleaner clean`: small inputs batched by how fast the workers clean,
# big JSONL inputs cut into chunks of lines and joined again in order, and what comes back.
"""Batches and chunks: what the parent hands to the workers, and what comes back.

A worker reads, cleans and writes the files of a batch itself and sends back one small
:class:`BatchResult` (merged counts, log bytes, resume-manifest lines, messages), so the
parent does next to nothing per file. A JSONL input much bigger than a batch is cut into
:class:`~cleaner.io.clean_file.ChunkTask` byte ranges on line boundaries, so several
workers share it; the parent counts the lines of each range as it plans it, so the log
records of every chunk carry the line numbers of the whole file.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import cleaner.io.clean_file as clean_file_module
from cleaner.io.clean_file import (
    ChunkOutcome,
    ChunkTask,
    FileOutcome,
    FileTask,
    cannot_write,
    clean_chunk,
    drop_stale_output,
    failed_outcome,
)
from cleaner.io.manifest import done_line, failed_line
from cleaner.io.removal_log import dumps, error_record
from cleaner.io.writers import AtomicFile, append_file, temp_path
from cleaner.pipeline import Cleaner
from cleaner.summary import Summary

if TYPE_CHECKING:
    from cleaner.io.discover import InputFile

__all__ = [
    "Batch",
    "BatchResult",
    "Chunk",
    "ChunkResult",
    "Planner",
    "Settled",
    "SplitFile",
    "journal_line",
    "run_item",
]

#: a batch holds about this many seconds of one worker's cleaning ...
BATCH_SECONDS = 0.05
#: ... within these bounds (bytes of input), and at most this many files
BATCH_MIN_BYTES = 16 << 10
BATCH_MAX_BYTES = 4 << 20
BATCH_MAX_FILES = 1000
#: bytes per batch before the first result tells how fast the workers are
BATCH_FIRST_BYTES = 64 << 10
#: a chunk of a split JSONL input holds about this many seconds of cleaning ...
CHUNK_SECONDS = 0.25
#: ... within these bounds (bytes)
CHUNK_MIN_BYTES = 256 << 10
CHUNK_MAX_BYTES = 16 << 20
#: a JSONL input is split when it holds more than this many chunks' worth
SPLIT_CHUNKS = 2


@dataclass(frozen=True, slots=True)
class Settled:
    """An input the parent decided about without cleaning it (an output clash, or a
    failure remembered from an earlier run): what to report, in its place in the order."""

    summary: Summary
    log: bytes = b""
    errors: tuple[str, ...] = ()
    journal: bytes = b""

    @classmethod
    def not_cleaned(cls, f: InputFile, where: str, cause: str, *, logged: bool, journaled: bool) -> Settled:
        """``f`` failed without being cleaned (its output would clash with another's):
        the error line naming it as ``where``, the log's error record if there is a log,
        the manifest's failed line if the run keeps one."""
        message = f"{where}: {cause}; not cleaned"
        failure = Summary(files=1)
        failure.add_failure(message, whole_file=True)
        record = dumps(error_record(f.rel, None, cause)) if logged else b""
        return cls(failure, record, (message,), failed_line(f, message) if journaled else b"")


@dataclass(frozen=True, slots=True)
class Batch:
    """Consecutive inputs for one worker; ``journal``: make resume-manifest lines."""

    items: tuple[FileTask | Settled, ...]
    journal: bool


@dataclass(slots=True)
class BatchResult:
    """What came of a batch, in input order: counts merged, log pieces (bytes, or spilled
    files the reader appends and deletes), manifest lines, messages and diffs."""

    summary: Summary = field(default_factory=Summary)
    log: list[bytes | Path] = field(default_factory=list)
    journal: bytes = b""
    errors: list[str] = field(default_factory=list)
    diff: str = ""
    files: int = 0  # inputs in the batch
    nbytes: int = 0  # their size on disk
    seconds: float = 0.0  # time the worker spent on them

    def add(self, outcome: FileOutcome, journal: bytes = b"") -> None:
        self.summary.merge(outcome.summary)
        if outcome.log:
            self.log.append(outcome.log)
        if outcome.log_part is not None:
            self.log.append(outcome.log_part)
        self.errors.extend(outcome.errors)
        if outcome.diff:
            self.diff += outcome.diff
        self.journal += journal
        self.files += 1
        self.nbytes += outcome.source.size

    def add_settled(self, settled: Settled) -> None:
        self.summary.merge(settled.summary)
        if settled.log:
            self.log.append(settled.log)
        self.errors.extend(settled.errors)
        self.journal += settled.journal


@dataclass(frozen=True, slots=True)
class Chunk:
    """One chunk of a split JSONL input; ``last``: the file ends with it."""

    chunk: ChunkTask
    last: bool


@dataclass(frozen=True, slots=True)
class ChunkResult:
    chunk: Chunk
    outcome: ChunkOutcome
    seconds: float


def journal_line(outcome: FileOutcome) -> bytes:
    """The resume-manifest line of a cleaned (or failed) input."""
    if outcome.failed:
        return failed_line(outcome.source, outcome.errors[0], retry=outcome.retry)
    return done_line(outcome.source, outcome.output_size, len(outcome.errors))


def run_item(cleaner: Cleaner, item: Batch | Chunk) -> BatchResult | ChunkResult:
    """Clean a batch or a chunk (in a worker, or in-process)."""
    t0 = time.perf_counter()
    if isinstance(item, Chunk):
        return ChunkResult(item, clean_chunk(cleaner, item.chunk), time.perf_counter() - t0)
    result = BatchResult()
    for task in item.items:
        if isinstance(task, Settled):
            result.add_settled(task)
            continue
        done = clean_file_module.clean_file(cleaner, task)
        result.add(done, journal_line(done) if item.journal else b"")
    result.seconds = time.perf_counter() - t0
    return result


def _splittable(task: FileTask) -> bool:
    kind = task.source.kind
    return (
        kind.format == "jsonl"
        and not kind.gz
        and task.output is not None
        and task.spill_dir is not None
        and not task.to_stdout
        and not task.diff
        and task.source.path is not None
    )


def _line_end(fh: BinaryIO, read: int, step: int) -> int:
    """Where the line ``fh`` is in ends (past its line feed, or at the end of the file),
    counted from where it started, ``read`` bytes back; read ``step`` bytes at a time and
    not kept, so a line of gigabytes costs no more memory than another."""
    while True:
        more = fh.read(step)
        end = more.find(b"\n")
        if end >= 0:
            return read + end + 1
        if not more:
            return read
        read += len(more)


class Planner:
    """Groups a stream of inputs into batches and chunks sized by the workers' speed,
    which :meth:`observe` learns from the results as they come back."""

    def __init__(self, journal: bool, split: bool = True) -> None:
        self.journal = journal
        self.split = split
        self.rate: float | None = None  # bytes per second of one worker

    def observe(self, nbytes: int, seconds: float) -> None:
        if nbytes <= 0 or seconds <= 0:
            return
        rate = nbytes / seconds
        self.rate = rate if self.rate is None else 0.7 * self.rate + 0.3 * rate

    def batch_bytes(self) -> int:
        if self.rate is None:
            return BATCH_FIRST_BYTES
        return int(min(max(self.rate * BATCH_SECONDS, BATCH_MIN_BYTES), BATCH_MAX_BYTES))

    def chunk_bytes(self) -> int:
        if self.rate is None:
            return CHUNK_MIN_BYTES
        return int(min(max(self.rate * CHUNK_SECONDS, CHUNK_MIN_BYTES), CHUNK_MAX_BYTES))

    def plan(self, items: Iterable[FileTask | Settled]) -> Iterator[Batch | Chunk]:
        """Batches of consecutive inputs, and the chunks of a big JSONL input in its place."""
        batch: list[FileTask | Settled] = []
        size = 0
        limit = self.batch_bytes()
        for item in items:
            if (
                isinstance(item, FileTask)
                and self.split
                and _splittable(item)
                and item.source.size > SPLIT_CHUNKS * self.chunk_bytes()
            ):
                if batch:
                    yield Batch(tuple(batch), self.journal)
                    batch, size, limit = [], 0, self.batch_bytes()
                yield from self._chunks(item)
                continue
            batch.append(item)
            if isinstance(item, FileTask):
                size += item.source.size
            if size >= limit or len(batch) >= BATCH_MAX_FILES:
                yield Batch(tuple(batch), self.journal)
                batch, size, limit = [], 0, self.batch_bytes()
        if batch:
            yield Batch(tuple(batch), self.journal)

    def _chunks(self, task: FileTask) -> Iterator[Chunk]:
        """``task``'s file as chunks of whole lines, each with the index of its first line."""
        assert task.source.path is not None
        ahead: ChunkTask | None = None
        try:
            fh = open(task.source.path, "rb")  # noqa: SIM115 - closed below
        except OSError:
            # unreadable: one chunk over the whole file reports it as clean_file would
            yield Chunk(ChunkTask(task, 0, max(task.source.size, 1), 0), True)
            return
        with fh:
            pos = first = 0
            while True:
                want = self.chunk_bytes()
                block = fh.read(want)
                if not block:
                    break
                cut = len(block)
                if len(block) == want:  # not at the end: stop after the last full line
                    cut = block.rfind(b"\n") + 1
                if cut == 0:  # no line end yet: one long line, read on to its end, unkept
                    cut, lines = _line_end(fh, len(block), want), 1
                else:
                    lines = block.count(b"\n", 0, cut) + (0 if block[cut - 1 : cut] == b"\n" else 1)
                del block
                fh.seek(pos + cut)
                if ahead is not None:
                    yield Chunk(ahead, False)
                ahead = ChunkTask(task, pos, pos + cut, first)
                pos += cut
                first += lines
        if ahead is None:  # emptied since it was found
            ahead = ChunkTask(task, 0, 0, 0)
        yield Chunk(ahead, True)


class SplitFile:
    """A JSONL input cleaned in chunks by several workers, put together in order: the
    chunks' lines go into the output's temp file, their log records into a temp log that
    joins the removal log once the whole file is cleaned (or is dropped if it fails)."""

    def __init__(self, task: FileTask) -> None:
        assert task.output is not None and task.spill_dir is not None
        self.task = task
        self.summary = Summary()
        self.errors = 0
        self.failure: tuple[str, str] | None = None
        self.retry = False  # the failure is for want of room for the output: --resume tries again
        self.out: AtomicFile | None = None
        self.log_path = temp_path(task.spill_dir, ".log")
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed by finish()
        try:
            self.out = AtomicFile(task.output)
        except OSError as exc:  # the file fails, as in one piece; the run goes on
            self._cannot_write(exc)

    def _cannot_write(self, exc: OSError) -> None:
        error = cannot_write(self.task, exc)
        if self.failure is None:
            self.failure = (str(error), error.message)
            self.retry = True

    def add(self, outcome: ChunkOutcome) -> list[str]:
        """Fold in the next chunk; the messages to print now."""
        if self.failure is None and outcome.failure is not None:
            self.failure, self.retry = outcome.failure, outcome.retry
        if self.failure is not None:
            for part in (outcome.part, outcome.log_part):
                if part is not None:
                    part.unlink(missing_ok=True)
            return []
        assert outcome.part is not None and self.out is not None
        try:
            self.out.append(outcome.part)
        except OSError as exc:
            self._cannot_write(exc)
            return self.add(outcome)  # now drops the parts
        if outcome.log_part is not None:
            append_file(self.log, outcome.log_part)
            outcome.log_part.unlink()
        self.summary.merge(outcome.summary)
        self.errors += len(outcome.errors)
        return list(outcome.errors)

    def discard(self) -> None:
        """Drop what was put together so far (the run is stopping)."""
        self.log.close()
        if self.out is not None:
            self.out.abort()
        self.log_path.unlink(missing_ok=True)

    def finish(self, journal: bool) -> BatchResult:
        """What came of the whole file, as for a file cleaned in one piece (its line errors
        have been printed already)."""
        self.log.close()
        result = BatchResult()
        size = 0
        if self.failure is None:
            assert self.out is not None
            try:
                size = self.out.commit()
            except OSError as exc:
                self._cannot_write(exc)
        if self.failure is not None:
            if self.out is not None:
                self.out.abort()
            self.log_path.unlink(missing_ok=True)
            drop_stale_output(self.task)
            failed = failed_outcome(self.task.source, *self.failure, retry=self.retry)
            result.add(failed, journal_line(failed) if journal else b"")
            return result
        self.summary.files = 1
        if self.summary.changes:
            self.summary.files_changed = 1
        outcome = FileOutcome(self.task.source, self.summary, log_part=self.log_path, output_size=size)
        result.add(outcome, done_line(self.task.source, size, self.errors) if journal else b"")
        return result
