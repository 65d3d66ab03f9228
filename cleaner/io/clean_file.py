# Cleaning one input file: read it, clean each document (the file, or each JSONL line),
# write the output atomically, and collect its log records, summary and diff.
"""The unit of work of ``cleaner clean``: one input file."""

from __future__ import annotations

import contextlib
import difflib
import gzip
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path
from typing import IO, BinaryIO

from cleaner.errors import CleanerError, InputError, OutputError
from cleaner.io.discover import InputFile, os_reason
from cleaner.io.jsonl import (
    FieldSpan,
    RecordError,
    add_field,
    checked_start,
    dump_string,
    find_fields,
    splice,
    split_line,
)
from cleaner.io.limits import ReadLimits, SizeLimit
from cleaner.io.readers import LongLine, iter_lines, iter_range_lines, looks_binary, read_bytes
from cleaner.io.removal_log import (
    LITERAL_EVENT,
    UNDECODED_EVENT,
    dumps,
    error_record,
    event_record,
    removal_record,
    warning_record,
)
from cleaner.io.writers import TEMP_PREFIX, atomic_write, temp_path
from cleaner.pipeline import Cleaner, CleanResult
from cleaner.summary import Summary
from cleaner.warnings import CleanWarning

__all__ = [
    "ChunkOutcome",
    "ChunkTask",
    "FileOutcome",
    "FileTask",
    "cannot_write",
    "clean_chunk",
    "clean_file",
    "drop_stale_output",
    "failed_outcome",
    "record_fields",
    "record_group",
    "record_source",
]

#: log records of one file kept in memory up to this size, then spilled to a temp file
SPILL_BYTES = 8 << 20
#: JSONL field used as the source URL of a record, so site-scoped rules apply
URL_FIELD = "url"
#: the start of a whole HTML page (a doctype or the <html> element), as a crawler stores one
_PAGE_START = re.compile(r"[\s\ufeff]*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FileTask:
    """What to do with one input. ``output`` None means a dry run (write nothing)."""

    source: InputFile
    output: Path | None
    text_field: str = "text"
    diff: bool = False
    to_stdout: bool = False  # standard input: the output goes to standard output
    spill_dir: Path | None = None  # where a large log may be spilled
    url_field: str = URL_FIELD  # the JSONL field with the page's URL (site packs, dedup by domain)
    #: the JSONL field that holds a page's HTML: its main text is extracted, cleaned and
    #: added to the record as ``text_field`` (None: ``text_field`` holds text to clean)
    html_field: str | None = None
    #: the most bytes read of a text file or JSONL line, and of a page (once decompressed)
    limits: ReadLimits = field(default_factory=ReadLimits)

    def line_limit(self) -> SizeLimit:
        """The most bytes of one JSONL line read (see :meth:`ReadLimits.line`)."""
        return self.limits.line(page=self.html_field is not None)


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What came of one input: counts, log lines (inline or spilled), diff, errors."""

    source: InputFile
    summary: Summary
    log: bytes = b""
    log_part: Path | None = None  # more log lines, after ``log``; the reader deletes it
    diff: str = ""
    errors: tuple[str, ...] = ()
    output_size: int | None = None  # bytes on disk, when an output file was written
    failed: bool = False  # the whole file failed: no output was written
    retry: bool = False  # ... for want of room for its output (OutputError): --resume tries again


class _LogBuffer:
    """Log lines of one file, in memory until SPILL_BYTES, then in a temp file."""

    def __init__(self, spill_dir: Path | None) -> None:
        self._mem = BytesIO()
        self._spill_dir = spill_dir
        self._file: IO[bytes] | None = None

    def add(self, record: dict[str, object]) -> None:
        line = dumps(record)
        if self._file is not None:
            self._file.write(line)
            return
        self._mem.write(line)
        if self._spill_dir is not None and self._mem.tell() > SPILL_BYTES:
            spill = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finish()
                prefix=TEMP_PREFIX, suffix=".log", dir=self._spill_dir, delete=False
            )
            spill.write(self._mem.getvalue())
            self._file = spill
            self._mem = BytesIO()

    def finish(self) -> tuple[bytes, Path | None]:
        if self._file is None:
            return self._mem.getvalue(), None
        self._file.close()
        return b"", Path(self._file.name)

    def discard(self) -> None:
        if self._file is not None:
            self._file.close()
            Path(self._file.name).unlink(missing_ok=True)
            self._file = None
        self._mem = BytesIO()


class _Counter:
    """A write-only byte stream that counts, and forwards to ``target`` if there is one."""

    def __init__(self, target: BinaryIO | None) -> None:
        self.target = target
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        if self.target is not None:
            self.target.write(data)
        return len(data)


@dataclass
class _Run:
    """State while one file is cleaned."""

    task: FileTask
    log: _LogBuffer
    summary: Summary = field(default_factory=Summary)
    errors: list[str] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)

    @property
    def rel(self) -> str:
        return self.task.source.rel

    @property
    def where(self) -> str:
        p = self.task.source.path
        return "<stdin>" if p is None else str(p)

    def record(self, result: CleanResult, record: int | None, field: str | None = None) -> None:
        """Count a cleaned document and log its events, warnings and removals. ``field``:
        the JSONL field the run added to the record with the text extracted from HTML."""
        self.summary.add_result(result, self.rel if record is None else f"{self.rel}#{record}")
        if result.extracted_by:
            chars = len(result.input_text or "")
            # the page's own address (or the record's URL)
            where: dict[str, object] = {"url": result.source} if result.source else {}
            if field is not None:  # restore takes this field out of the record to rebuild it
                where["field"] = field
            extract = f"extract.{result.extracted_by}"
            self.log.add(event_record(self.rel, record, extract, chars=chars, **where))
        if result.undecoded:  # the bytes restore puts back in place of their stand-ins
            spans = [[u.start, u.end, u.data.hex()] for u in result.undecoded]
            event = event_record(self.rel, record, UNDECODED_EVENT, encoding=result.encoding, spans=spans)
            self.log.add(event)
        for w in result.warnings:
            self.log.add(warning_record(self.rel, record, w))
        for r in result.removals:
            self.log.add(removal_record(self.rel, record, r))
        if self.task.diff and result.removals:
            name = self.rel if record is None else f"{self.rel}#{record}"
            self.diff.append(_unified_diff(result.input_text or "", result.text, name))

    def line_error(self, record: int, message: str) -> None:
        text = f"{self.where}:{record + 1}: {message}"
        self.errors.append(text)
        self.summary.add_failure(text, whole_file=False)
        self.log.add(error_record(self.rel, record, message))


def _unified_diff(before: str, after: str, name: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines
    )


def _clean_document(cleaner: Cleaner, data: bytes, run: _Run) -> bytes:
    """Clean a whole-file document (txt or html) and return the output bytes."""
    fmt = run.task.source.kind.format
    if fmt == "html" and not data.strip():
        # an empty or blank page has no text to extract: an empty output, logged as the
        # (empty) text extracted from HTML, as every page is, so restore and explain --run
        # know the output is a page's text
        run.record(CleanResult(text="", input_text="", extracted_by="trafilatura"), None)
        return b""
    if not data:
        return b""  # an empty input gives an empty output
    if looks_binary(data):
        raise InputError(f"binary data, not {'HTML' if fmt == 'html' else 'text'}", path=run.where)
    if fmt == "html":
        result = cleaner.clean_html(data)
    else:
        result = cleaner.clean_bytes(data)
        if result.encoding not in (None, "utf-8"):  # the output is UTF-8: say what the input was
            note = CleanWarning(
                "decode",
                f"not UTF-8: read as {result.encoding}; the output is UTF-8 (encode what restore "
                f"gives with {result.encoding} to get the input bytes back)",
                encoding=result.encoding,
            )
            result = replace(result, warnings=(note, *result.warnings))
    run.record(result, None)
    return result.text.encode("utf-8")


def _clean_jsonl(
    cleaner: Cleaner, lines: Iterable[bytes | LongLine], out: _Counter, run: _Run, first: int = 0
) -> None:
    """Clean each line of a JSONL input (``first`` is the index of its first line),
    streaming it into ``out``. A line longer than the limit is a line error, copied
    through a piece at a time. A file whose first line is not JSON Lines text (UTF-16,
    lines that end in CR only: see :func:`checked_start`) fails whole, with InputError."""
    field_name = run.task.text_field
    url_field = run.task.url_field
    html_field = run.task.html_field
    # --dedup-by field NAME: the cleaner stand-in groups records by that field's value
    names = record_fields(run.task, getattr(cleaner, "group_field", None))
    if first == 0:  # UTF-16, CR line ends: the file fails whole (a chunk after the first: its first did)
        lines = checked_start(lines, run.where)
    for i, raw in enumerate(lines, first):
        if isinstance(raw, LongLine):
            _copy_long_line(raw, i, out, run)
            continue
        run.summary.bytes_in += len(raw)
        prefix, body, ending = split_line(raw, i == 0)
        if not body.strip():
            out.write(raw)
            continue
        try:
            line = body.decode("utf-8")
            fields = find_fields(line, names)
        except UnicodeDecodeError as exc:
            run.line_error(i, f"invalid UTF-8 at byte {exc.start}; line copied unchanged")
            out.write(raw)
            continue
        except RecordError as exc:
            run.line_error(i, f"broken JSON line: {exc}; line copied unchanged")
            out.write(raw)
            continue
        if html_field is not None:
            added = _clean_html_record(cleaner, line, fields, i, run)
            out.write(raw if added is None else prefix + added.encode("utf-8") + ending)
            continue
        span = fields.get(field_name)
        if span is None or not isinstance(span.value, str):
            what = "no" if span is None else "a non-string"
            run.line_error(i, f"record has {what} {field_name!r} field; line copied unchanged")
            out.write(raw)
            continue
        if _PAGE_START.match(span.value):  # markup kept, and open to the rules: said after the run
            run.summary.add_page_as_text(f"{run.rel}#{i}")
        source, group = _source_and_group(cleaner, fields, url_field)
        result = cleaner.clean(span.value, source=source, **group)
        run.record(result, i)
        if result.removals:
            literal = line[span.start : span.end]
            written = dump_string(result.text, literal)
            if dump_string(span.value, written) != literal:  # the rebuild would escape otherwise
                run.log.add(event_record(run.rel, i, LITERAL_EVENT, literal=literal))
            out.write(prefix + splice(line, span, written).encode("utf-8") + ending)
        else:
            out.write(raw)


def _copy_long_line(line: LongLine, i: int, out: _Counter, run: _Run) -> None:
    """Copy the over-long line ``i`` into ``out`` unchanged, a piece at a time, as the
    line error it is: restore gives it back as it gives back any line copied unchanged."""
    out.write(line.head)
    for piece in line.pieces():
        out.write(piece)
    run.summary.bytes_in += line.size
    run.line_error(i, f"{run.task.line_limit().message(line.body_size)}; line copied unchanged")


def _clean_html_record(
    cleaner: Cleaner, line: str, fields: dict[str, FieldSpan], i: int, run: _Run
) -> str | None:
    """The record ``line`` (line ``i``) with the clean main text of the page in its HTML
    field added as its text field, every other character as it was; None, with a line
    error, when the record gets no text field (no HTML, a text field already there, a
    page with no main text), so the line is copied unchanged."""
    task = run.task
    assert task.html_field is not None
    html, text_field = fields.get(task.html_field), task.text_field
    if html is None:
        run.line_error(i, f"record has no {task.html_field!r} field; line copied unchanged")
        return None
    if not isinstance(html.value, str):
        what = "null" if html.value is None else f"a JSON {_json_type(html.value)}"
        message = f"record's {task.html_field!r} field is {what}, not a string; line copied unchanged"
        run.line_error(i, message)
        return None
    if text_field in fields:
        run.line_error(
            i,
            f"record has a {text_field!r} field already, which the text extracted from "
            f"{task.html_field!r} would replace; line copied unchanged (--text-field names "
            "another field to write it to)",
        )
        return None
    source, group = _source_and_group(cleaner, fields, task.url_field)
    if not html.value.strip():  # as an empty page: no text, an empty text field, logged as a page's
        result = CleanResult(text="", input_text="", source=source, extracted_by="trafilatura")
    else:
        try:
            result = cleaner.clean_html(html.value, url=source, **group)
        except InputError as exc:  # not HTML, no main text, nested too deep
            run.line_error(i, f"{task.html_field!r}: {exc.message}; line copied unchanged")
            return None
        except (ValueError, RecursionError) as exc:  # what a parser makes of hostile markup
            run.line_error(i, f"{task.html_field!r}: cannot parse the page ({exc}); line copied unchanged")
            return None
    run.record(result, i, field=text_field)
    return add_field(line, text_field, dump_string(result.text, line[html.start : html.end]))


def record_fields(task: FileTask, group_field: str | None) -> tuple[str, ...]:
    """The fields of ``task``'s JSONL records that cleaning a record looks for: the text
    field, the URL field, and the group field of ``--dedup-by field`` and the HTML field
    when there are ones."""
    names: tuple[str, ...] = (task.text_field, task.url_field)
    return names + tuple(name for name in (group_field, task.html_field) if name is not None)


def record_source(fields: dict[str, FieldSpan], url_field: str) -> str | None:
    """A record's source URL: the string in ``url_field``, if it holds one."""
    url = fields.get(url_field)
    return url.value if url is not None and isinstance(url.value, str) else None


def record_group(fields: dict[str, FieldSpan], group_field: str) -> object:
    """A record's value of the ``--dedup-by field`` field (None when it lacks it)."""
    return fields[group_field].value if group_field in fields else None


def _source_and_group(
    cleaner: Cleaner, fields: dict[str, FieldSpan], url_field: str
) -> tuple[str | None, dict[str, object]]:
    """What a record's cleaning takes beside its text: its source URL (the string in
    ``url_field``), and with ``--dedup-by field NAME`` (the cleaner stand-in has a
    ``group_field``) the keyword ``group``, the record's value of that field."""
    source = record_source(fields, url_field)
    group_field: str | None = getattr(cleaner, "group_field", None)
    if group_field is None:
        return source, {}
    return source, {"group": record_group(fields, group_field)}


def _json_type(value: object) -> str:
    """The JSON name of the type of a decoded value (``number`` for 42, ``object``)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "object" if isinstance(value, dict) else "array"


def _process(cleaner: Cleaner, task: FileTask, run: _Run) -> int | None:
    """Clean the file into its output; return the output's size on disk, if written."""
    f = task.source
    whole = f.kind.format != "jsonl"
    data = read_bytes(f, task.limits.whole_file(f.kind.format)) if whole else b""
    if task.to_stdout:
        stream: BinaryIO = sys.stdout.buffer
        if task.output is None:  # dry run
            counter = _Counter(None)
            _fill(cleaner, f, data, counter, run)
        elif f.kind.gz:
            with gzip.GzipFile(filename="", mode="wb", fileobj=stream, mtime=0) as z:
                counter = _Counter(z)  # type: ignore[arg-type]
                _fill(cleaner, f, data, counter, run)
        else:
            counter = _Counter(stream)
            _fill(cleaner, f, data, counter, run)
        stream.flush()
        run.summary.bytes_out += counter.count
        return None
    if task.output is None:
        counter = _Counter(None)
        _fill(cleaner, f, data, counter, run)
        run.summary.bytes_out += counter.count
        return None
    try:
        with atomic_write(task.output, gz=f.kind.gz) as target:
            counter = _Counter(target)
            _fill(cleaner, f, data, counter, run)
        size = task.output.stat().st_size
    except OSError as exc:  # reading fails with InputError: this is the output's folder or disk
        raise cannot_write(task, exc) from exc
    run.summary.bytes_out += counter.count
    return size


def cannot_write(task: FileTask, exc: OSError) -> OutputError:
    """The failure of an input whose output cannot be written (a folder that cannot be
    written, a full disk): it names the output and the cause, not a temp file and an errno."""
    source = "<stdin>" if task.source.path is None else str(task.source.path)
    return OutputError(f"cannot write its output {task.output}: {os_reason(exc)}", path=source)


def _fill(cleaner: Cleaner, f: InputFile, data: bytes, out: _Counter, run: _Run) -> None:
    if f.kind.format == "jsonl":
        _clean_jsonl(cleaner, iter_lines(f, run.task.line_limit()), out, run)
    else:
        run.summary.bytes_in += len(data)
        out.write(_clean_document(cleaner, data, run))


def clean_file(cleaner: Cleaner, task: FileTask) -> FileOutcome:
    """Clean one input as ``task`` says. Never raises for a bad input: a failure is
    reported in the outcome (``failed``, ``errors``) and as an error log record."""
    run = _Run(task, _LogBuffer(task.spill_dir))
    run.summary.files = 1
    output_size: int | None = None
    try:
        output_size = _process(cleaner, task, run)
    except BrokenPipeError:  # standard output closed (`| head`): the run stops, no file failed
        raise
    except (CleanerError, OSError, UnicodeError, ValueError, MemoryError, RecursionError) as exc:
        return _failed(run, exc)
    except Exception as exc:  # a bug must not stop a run over thousands of files
        return _failed(run, exc, internal=True)
    if run.summary.changes:
        run.summary.files_changed = 1
    log, part = run.log.finish()
    return FileOutcome(
        source=task.source,
        summary=run.summary,
        log=log,
        log_part=part,
        diff="".join(run.diff),
        errors=tuple(run.errors),
        output_size=output_size,
    )


def _failure_text(run: _Run, exc: BaseException, internal: bool) -> tuple[str, str]:
    """The message of a whole-file failure, and its cause for the log."""
    if isinstance(exc, InputError) and exc.path:
        message = str(exc)
        cause = exc.message if exc.line is None else f"line {exc.line}: {exc.message}"
    else:
        cause = f"{type(exc).__name__}: {exc}" if internal or not str(exc) else str(exc)
        if internal:
            cause = f"internal error, please report: {cause}"
        message = f"{run.where}: {cause}"
    return message, cause


def failed_outcome(source: InputFile, message: str, cause: str, *, retry: bool = False) -> FileOutcome:
    """The outcome of an input that failed as a whole: no output, one error record.
    ``retry``: it failed for want of room for its output, which --resume tries again."""
    summary = Summary(files=1)
    summary.add_failure(message, whole_file=True)
    return FileOutcome(
        source=source,
        summary=summary,
        log=dumps(error_record(source.rel, None, cause)),
        errors=(message,),
        failed=True,
        retry=retry,
    )


def drop_stale_output(task: FileTask) -> None:
    """Remove what an earlier run wrote as ``task``'s output, now that the input failed:
    a failed input has no output, and a left-over one no longer matches the input (or
    the log, which now holds the error). Best effort: the failure is reported anyway."""
    if task.output is not None and not task.to_stdout:
        with contextlib.suppress(OSError):
            task.output.unlink(missing_ok=True)


def _failed(run: _Run, exc: BaseException, internal: bool = False) -> FileOutcome:
    run.log.discard()
    drop_stale_output(run.task)
    retry = isinstance(exc, OutputError)
    return failed_outcome(run.task.source, *_failure_text(run, exc, internal), retry=retry)


@dataclass(frozen=True, slots=True)
class ChunkTask:
    """Lines ``start`` to ``end`` (byte offsets on line boundaries) of an uncompressed
    JSONL input, whose first line is line ``first`` of the file. ``output`` is the file's
    output: the chunk is written to a temp file beside it."""

    task: FileTask
    start: int
    end: int
    first: int


@dataclass(frozen=True, slots=True)
class ChunkOutcome:
    """What came of one chunk: its cleaned lines (a temp file), its log records (a temp
    file, or None when empty), its counts and line errors; or ``failure`` (the message
    and the log cause) when the whole file must fail."""

    part: Path | None
    log_part: Path | None
    summary: Summary
    errors: tuple[str, ...] = ()
    failure: tuple[str, str] | None = None
    retry: bool = False  # the failure is an OutputError: --resume tries the file again


def clean_chunk(cleaner: Cleaner, chunk: ChunkTask) -> ChunkOutcome:
    """Clean one chunk of a JSONL input (see :class:`ChunkTask`). Never raises for a bad
    input: the outcome's ``failure`` says why the file cannot be cleaned."""
    task = chunk.task
    assert task.output is not None and task.spill_dir is not None
    run = _Run(task, _LogBuffer(task.spill_dir))
    part: Path | None = None
    try:
        try:
            part = temp_path(task.output.parent)
            with open(part, "wb") as fh:
                counter = _Counter(fh)  # type: ignore[arg-type]
                lines = iter_range_lines(task.source, chunk.start, chunk.end, task.line_limit())
                _clean_jsonl(cleaner, lines, counter, run, chunk.first)
            run.summary.bytes_out += counter.count
            log, log_part = run.log.finish()
            if log:
                log_part = temp_path(task.spill_dir, ".log")
                log_part.write_bytes(log)
        except OSError as exc:  # reading fails with InputError: this is the output side
            raise cannot_write(task, exc) from exc
    except (CleanerError, OSError, UnicodeError, ValueError, MemoryError, RecursionError) as exc:
        return _chunk_failed(run, part, exc)
    except Exception as exc:  # a bug must not stop a run over thousands of files
        return _chunk_failed(run, part, exc, internal=True)
    return ChunkOutcome(part, log_part, run.summary, tuple(run.errors))


def _chunk_failed(run: _Run, part: Path | None, exc: BaseException, internal: bool = False) -> ChunkOutcome:
    run.log.discard()
    if part is not None:
        part.unlink(missing_ok=True)
    retry = isinstance(exc, OutputError)
    return ChunkOutcome(None, None, Summary(), (), _failure_text(run, exc, internal), retry)
