# Rebuilding the inputs of a `cleaner clean` run from its outputs and removal log: the log
# indexed by input, each output turned back into its input's bytes, and the check against the inputs.
"""What ``cleaner restore`` does, file by file.

The log is read once and indexed: for every input, where its records lie in the log
(byte ranges), whether it was an HTML page, whether it failed as a whole, and the
charset a non-UTF-8 text file was read as. Then each output is rebuilt with
:func:`cleaner.restore`:

- a ``.txt`` output: its text with the logged changes undone, encoded with the charset
  its ``decode`` warning names (UTF-8 without one), with the bytes that did not decode
  put back in place of their stand-ins (the ``decode.undecoded`` event lists them): the
  input's bytes. A log written before that event existed leaves the stand-ins' own bytes
  there (its ``decode`` warnings with an offset say where);
- a ``.jsonl`` output: line by line, the text field of each record with logged changes
  is put back; every other line and every other byte of a changed record was copied
  from the input. A value is written with the JSON escapes :func:`json.dumps` chooses,
  or, where those would differ from the input's (``\\u00e9`` for a raw ``é``), as the
  literal the ``jsonl.literal`` event keeps; a log written before that event existed
  may give a record back equal as JSON but not byte for byte;
- a ``.jsonl`` record whose text was extracted from the HTML in another of its fields
  (``--html-field``; its ``extract.trafilatura`` event names the ``field`` the run added):
  the record is the input's line with that field added last, so taking it out gives the
  line back byte for byte (the log's changes are checked against the field's text);
- an HTML page cannot be rebuilt: the log describes the text extracted from it.

Compressed outputs give compressed inputs; their gzip headers are not the input's, so a
check compares the uncompressed content.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from cleaner.encoding.decode import encode_back
from cleaner.errors import InputError, RestoreError
from cleaner.io.discover import InputFile
from cleaner.io.jsonl import BOM, RecordError, drop_field, find_fields, replace_field, splice, split_line
from cleaner.io.kinds import Kind, kind_from_name, output_rel
from cleaner.io.limits import SizeLimit
from cleaner.io.readers import LongLine, iter_lines
from cleaner.io.removal_log import LITERAL_EVENT, UNDECODED_EVENT, check_record, record_type, undecoded_of
from cleaner.removals import Removal, restore

__all__ = [
    "Check",
    "LogIndex",
    "LoggedDocument",
    "LoggedInput",
    "added_field",
    "compare",
    "file_lines",
    "logged_documents",
    "rebuild",
    "run_log",
    "stream_lines",
]

#: a JSONL line longer than this is read in pieces, never whole, unless the log has changes
#: for it: a line ``cleaner clean`` copied through as too long to clean (it has no changes)
#: may be hundreds of MB. Only the size counts: restore refuses no line for its length.
_STREAMED = SizeLimit(1 << 20, "the line", "")

@dataclass(slots=True)
class LoggedInput:
    """What the log says about one input (``rel``: its path relative to its input root)."""

    rel: str
    kind: Kind | None = None  # the run's --format (see input_kind)
    ranges: list[tuple[int, int]] = field(default_factory=list)  # byte ranges of its records
    extracted: bool = False  # an HTML page: the log holds the changes to its extracted text
    failure: str | None = None  # the whole input failed in the run: there is no output
    encoding: str | None = None  # the charset a text file that was not UTF-8 was read as
    undecoded: int = 0  # decode warnings with an offset: bytes that did not decode
    exact: bool = False  # the log lists those bytes (a decode.undecoded event)

    @property
    def input_kind(self) -> Kind | None:
        """The input's kind: the run's --format, else told from its name; a page the log
        says was extracted is HTML whatever its name (``page.xhtml``, ``noext`` read with
        ``--format html``), so its output is found where the run wrote it (``page.txt``)."""
        if self.kind is not None:
            return self.kind
        name = self.rel.rpartition("/")[2]
        if self.extracted:
            return Kind("html", name.lower().endswith(".gz"))
        return kind_from_name(name)

    @property
    def output_rel(self) -> str:
        """Where the run wrote this input's output, relative to OUTDIR."""
        kind = self.input_kind
        return self.rel if kind is None else output_rel(self.rel, kind)


def run_log(outdir: Path, log: str | None) -> Path:
    """The removal log of the run into ``outdir``: ``log`` if given, else the default
    one in ``outdir``. A UsageError when there is none."""
    from cleaner.io.discover import UsageError
    from cleaner.io.removal_log import LOG_NAME

    path = Path(log) if log else outdir / LOG_NAME
    if not path.is_file():
        raise UsageError(f"{path}: no removal log there (name it with --log)")
    return path


class LogIndex:
    """The inputs a removal log speaks of, in log order, and their records on demand."""

    def __init__(self, path: Path, inputs: dict[str, LoggedInput]) -> None:
        self.path = path
        self.inputs = inputs
        self._by_output = {e.output_rel: e for e in inputs.values() if e.failure is None}

    @classmethod
    def read(cls, path: Path, on_error: Callable[[InputError], None], forced: Kind | None = None) -> LogIndex:
        """Index the log at ``path``; a line that is not a log record goes to ``on_error``.
        ``forced``: the run's --format, the kind of every input."""
        inputs: dict[str, LoggedInput] = {}
        with open(path, "rb") as fh:
            pos = 0
            for n, raw in enumerate(fh, 1):
                start, pos = pos, pos + len(raw)
                if not raw.strip():
                    continue
                try:
                    rec = json.loads(raw)
                    problem = check_record(rec)
                except ValueError as exc:  # not UTF-8 or not JSON
                    rec, problem = None, f"not JSON: {exc}"
                if problem is not None or not isinstance(rec, dict):
                    on_error(InputError(f"not a log record: {problem}", path=str(path), line=n))
                    continue
                entry = inputs.setdefault(str(rec["file"]), LoggedInput(str(rec["file"]), forced))
                if entry.ranges and entry.ranges[-1][1] == start:
                    entry.ranges[-1] = (entry.ranges[-1][0], pos)
                else:
                    entry.ranges.append((start, pos))
                kind = record_type(rec)
                if kind == "event" and str(rec["event"]).startswith("extract.") and rec.get("record") is None:
                    entry.extracted = True  # a page (a JSONL record's HTML field makes no page of it)
                elif kind == "event" and rec["event"] == UNDECODED_EVENT:
                    entry.exact = True
                elif kind == "error" and rec.get("record") is None:
                    entry.failure = str(rec["error"])
                elif kind == "warning" and rec["warning"] == "decode":
                    if isinstance(rec.get("encoding"), str):
                        entry.encoding = str(rec["encoding"])
                    if rec.get("offset") is not None:
                        entry.undecoded += 1
        return cls(path, inputs)

    def for_output(self, output_rel: str) -> LoggedInput | None:
        """The input whose output is OUTDIR/``output_rel``, if the log speaks of it."""
        return self._by_output.get(output_rel)

    def records(self, entry: LoggedInput) -> Iterator[dict[str, object]]:
        """The log records of one input, in log order."""
        with open(self.path, "rb") as fh:
            for start, end in entry.ranges:
                fh.seek(start)
                left = end - start
                while left > 0:  # a line at a time: one input's records can be many
                    raw = fh.readline(left)
                    if not raw:
                        break
                    left -= len(raw)
                    if raw.strip():
                        rec = json.loads(raw)
                        if isinstance(rec, dict) and check_record(rec) is None and rec["file"] == entry.rel:
                            yield rec


def file_lines(path: Path, gz: bool) -> Iterator[bytes]:
    """The lines of a file (an input, or a rebuilt one), uncompressed, read as
    ``cleaner clean`` reads its inputs; InputError names it and the cause."""
    return iter_lines(InputFile(path, path.name, Kind("txt", gz)))


def stream_lines(path: Path, gz: bool) -> Iterator[bytes | LongLine]:
    """The lines of a JSONL file as :func:`file_lines` gives them, but a line of more
    than a MB as a :class:`LongLine`, read a piece at a time (whoever takes it reads its
    pieces before the next line, or leaves them unread)."""
    return iter_lines(InputFile(path, path.name, Kind("txt", gz)), _STREAMED)


def read_back(path: Path, kind: Kind) -> Iterator[bytes | LongLine]:
    """The pieces of a rebuilt input written to ``path``, as :func:`rebuild` gives them:
    a text file's lines, a JSONL file's lines with the long ones streamed."""
    if kind.format == "jsonl":
        return stream_lines(path, kind.gz)
    return file_lines(path, kind.gz)


def whole_line(line: bytes | LongLine) -> bytes:
    """All the bytes of a line, a long one read to its end."""
    if isinstance(line, LongLine):
        return line.head + b"".join(line.pieces())
    return line


def _output_text(path: Path, gz: bool) -> tuple[bytes, str]:
    """An output file's bytes and text (cleaner writes UTF-8)."""
    data = b"".join(file_lines(path, gz))
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 at byte {exc.start}, so not an output of cleaner", path=str(path)
        ) from None


#: what the log holds for one document: (record index or None, removals, warning records,
#: event records, error records)
_Doc = tuple[
    int | None, list[Removal], list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]
]


def _documents_of(index: LogIndex, entry: LoggedInput | None, only: int | None = None) -> Iterator[_Doc]:
    """What the log holds for each document of one input, in line order (a run's log has
    each document's records together, in input order). ``only``: that record alone."""
    if entry is None:
        return iter(())
    docs = _grouped(index.records(entry), only)
    if len(entry.ranges) > 1:
        # records of this input in several places of the log (logs joined by hand): put
        # each document's together, in line order; one run's log needs no such pass
        merged: dict[int | None, _Doc] = {}
        for key, removals, warnings, events, errors in docs:
            had = merged.setdefault(key, (key, [], [], [], []))
            had[1].extend(removals)
            had[2].extend(warnings)
            had[3].extend(events)
            had[4].extend(errors)
        docs = iter(sorted(merged.values(), key=lambda d: -1 if d[0] is None else d[0]))
    return docs


def _grouped(records: Iterator[dict[str, object]], only: int | None) -> Iterator[_Doc]:
    for key, group in groupby(records, key=lambda r: r.get("record")):
        record = key if isinstance(key, int) else None
        if only is not None and record != only:
            continue
        removals: list[Removal] = []
        warnings: list[dict[str, object]] = []
        events: list[dict[str, object]] = []
        errors: list[dict[str, object]] = []
        for r in group:
            kind = record_type(r)
            if kind == "removal":
                removals.append(Removal.from_dict(r))
            elif kind == "warning":
                warnings.append(r)
            elif kind == "event":
                events.append(r)
            elif kind == "error":
                errors.append(r)
        yield record, removals, warnings, events, errors


def _rebuild_text(path: Path, kind: Kind, entry: LoggedInput | None, index: LogIndex) -> Iterator[bytes]:
    data, text = _output_text(path, kind.gz)
    if entry is None:
        yield data
        return
    whole = [d for d in _documents_of(index, entry) if d[0] is None]
    original = _restored(text, [r for d in whole for r in d[1]], str(path))
    codec = entry.encoding or "utf-8"
    spans = [u for d in whole for e in d[3] if e["event"] == UNDECODED_EVENT for u in undecoded_of(e)]
    try:
        yield encode_back(original, codec, spans)
    except UnicodeEncodeError:  # a log without the undecoded bytes: the stand-ins' own bytes
        yield original.encode(codec, "replace")
    except LookupError:
        raise InputError(f"the log names an unknown charset {codec!r}", path=str(path)) from None
    except ValueError as exc:  # the listed bytes do not fit the rebuilt text
        raise RestoreError(f"{path}: {exc}") from None


def added_field(events: list[dict[str, object]], text_field: str) -> str | None:
    """The field a run added to a JSONL record with the text it extracted from the
    record's HTML field, as the record's events say (None: the record's text field was
    cleaned in place)."""
    for e in events:
        if str(e["event"]).startswith("extract."):
            field = e.get("field")
            return field if isinstance(field, str) else text_field
    return None


def _without_added(line: str, field: str, removals: list[Removal], where: str) -> str:
    """The input line of a record the run added ``field`` to (see :func:`added_field`)."""
    try:
        back, span = drop_field(line, field)
    except RecordError as exc:
        raise RestoreError(
            f"{where}: the log says the run added the field {field!r} to this record, but {exc}"
        ) from None
    if not isinstance(span.value, str):
        raise RestoreError(f"{where}: the field {field!r} the run added holds no string")
    _restored(span.value, removals, where)  # the log's changes must fit the text they describe
    return back


def _rebuild_jsonl(
    path: Path, kind: Kind, entry: LoggedInput | None, index: LogIndex, text_field: str
) -> Iterator[bytes | LongLine]:
    # records with changes, and records the run added extracted text to
    docs = (
        d for d in _documents_of(index, entry) if d[0] is not None and (d[1] or added_field(d[3], text_field))
    )
    pending = next(docs, None)
    for i, line_read in enumerate(stream_lines(path, kind.gz)):
        if pending is None or pending[0] != i:
            yield line_read  # copied from the input: a long one a piece at a time
            continue
        removals, events = pending[1], pending[3]
        pending = next(docs, None)
        raw = whole_line(line_read)  # a record the run changed: it was cleaned whole too
        prefix, body, ending = split_line(raw, i == 0)
        where = f"{path}:{i + 1}"
        added = added_field(events, text_field)
        try:
            line = body.decode("utf-8")
            if added is not None:
                back = _without_added(line, added, removals, where)
                yield prefix + back.encode("utf-8", "surrogatepass") + ending
                continue
            span = find_fields(line, (text_field,)).get(text_field)
        except (UnicodeDecodeError, RecordError) as exc:
            raise RestoreError(
                f"{where}: the log has changes for this line, which is not a JSON record: {exc}"
            ) from None
        if span is None or not isinstance(span.value, str):
            raise RestoreError(
                f"{where}: the log has changes for this record, which has no string {text_field!r} "
                f"field (was the run's --text-field another?)"
            )
        value = _restored(span.value, removals, where)
        literal = next((str(e["literal"]) for e in events if e["event"] == LITERAL_EVENT), None)
        if literal is None:
            yield prefix + replace_field(line, span, value).encode("utf-8", "surrogatepass") + ending
            continue
        if json.loads(literal) != value:
            raise RestoreError(f"{where}: the literal the log keeps for this record is not its rebuilt text")
        yield prefix + splice(line, span, literal).encode("utf-8", "surrogatepass") + ending
    if pending is not None:
        raise RestoreError(f"{path}: the log has changes for record {pending[0]}, past the end of the file")


def rebuild(
    path: Path, kind: Kind, entry: LoggedInput | None, index: LogIndex, text_field: str
) -> Iterator[bytes | LongLine]:
    """The uncompressed bytes of the input whose output is ``path``, in pieces (a text
    file in one piece, a JSONL file a line at a time, a line of more than a MB that the
    log has no changes for as a :class:`LongLine`, whose pieces are read before the next
    line is asked for). ``entry`` None: the log holds
    nothing for it, so the output is the input. Raises RestoreError when the log does
    not fit the output, InputError when the output cannot be read."""
    if kind.format == "jsonl":
        return _rebuild_jsonl(path, kind, entry, index, text_field)
    return _rebuild_text(path, kind, entry, index)


@dataclass(frozen=True, slots=True)
class LoggedDocument:
    """One document of a run as its log tells it: the text the cleaner saw (rebuilt from
    the output), the removals and the warning records. ``record``: the JSONL line index."""

    record: int | None
    text: str
    removals: list[Removal]
    warnings: list[dict[str, object]]
    extracted: bool = False  # a JSONL record's text, extracted from its HTML field


def logged_documents(
    output: Path,
    entry: LoggedInput,
    index: LogIndex,
    text_field: str,
    only: int | None = None,
    passed_over: Callable[[int, str], None] | None = None,
) -> Iterator[LoggedDocument]:
    """The documents of the input ``entry``, whose output is ``output``, each rebuilt with
    its logged removals: every record of a JSONL input, changed or not, or record ``only``
    (a text or HTML input is one document, whatever ``only`` says).
    Streams the output and the log together. A JSONL line the run copied unchanged for a
    line error (too long to clean, broken, without the text field) is no document: it
    goes to ``passed_over`` with the log's error, and a long one is read a piece at a
    time, never whole (one the run copied as too long may be hundreds of MB). Raises
    RestoreError when the log does not fit the output, InputError when it cannot be read."""
    gz = output.name.lower().endswith(".gz")
    kind = entry.input_kind
    if kind is None or kind.format != "jsonl":  # one document: ``only`` does not apply
        _data, text = _output_text(output, gz)
        whole = [d for d in _documents_of(index, entry) if d[0] is None]
        changes = [r for d in whole for r in d[1]]
        notes = [w for d in whole for w in d[2]]
        yield LoggedDocument(None, _restored(text, changes, str(output)), changes, notes)
        return
    docs = _documents_of(index, entry, only)
    pending = next(docs, None)
    for i, line_read in enumerate(stream_lines(output, gz)):
        if only is not None and i != only:
            continue  # a long line left unread is skipped a piece at a time
        removals: list[Removal] = []
        warnings: list[dict[str, object]] = []
        errors: list[dict[str, object]] = []
        added: str | None = None
        while pending is not None and (pending[0] is None or pending[0] <= i):
            if pending[0] == i:
                removals, warnings, errors = pending[1], pending[2], pending[4]
                added = added_field(pending[3], text_field)
            pending = next(docs, None)
        if errors and not removals and not added:  # copied unchanged: the run cleaned no text of it
            if isinstance(line_read, LongLine):
                line_read.skip()
            if passed_over is not None:
                passed_over(i, str(errors[0]["error"]))
            continue
        # a line the run cleaned: it was read whole then, as big as the run's limit let it be
        raw = whole_line(line_read)
        field = added or text_field
        _mark, body, _end = split_line(raw, i == 0)
        try:
            span = find_fields(body.decode("utf-8"), (field,)).get(field) if body.strip() else None
        except (UnicodeDecodeError, RecordError):
            span = None
        if span is None or not isinstance(span.value, str):
            if removals or added:
                raise RestoreError(
                    f"{output}:{i + 1}: the log has changes for this line, which holds no string "
                    f"{field!r} (was the run's --text-field another?)"
                )
            continue  # a blank or broken line, copied as it was
        text = _restored(span.value, removals, f"{output}:{i + 1}")
        yield LoggedDocument(i, text, removals, warnings, added is not None)
        if only is not None:
            return


def _restored(text: str, removals: list[Removal], where: str) -> str:
    try:
        return restore(text, removals)
    except RestoreError as exc:
        raise RestoreError(f"{where}: the log does not fit this output: {exc}") from None


@dataclass(frozen=True, slots=True)
class Check:
    """How a rebuilt input compares with the input: ``identical`` (every byte),
    ``records`` (a JSONL file whose records are equal as JSON, some in other escapes),
    ``undecoded`` (it differs only where bytes did not decode), or ``differs``, with
    ``detail`` saying where."""

    verdict: str
    detail: str = ""


def _first_difference(a: bytes, b: bytes) -> int:
    """The offset of the first byte where ``a`` and ``b`` differ (a bisection of slices)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def compare(
    rebuilt: Iterator[bytes | LongLine], original: Path, kind: Kind, entry: LoggedInput | None
) -> Check:
    """Compare the pieces :func:`rebuild` gives with the input file ``original``; a long
    JSONL line is compared a piece at a time, held whole by neither side."""
    if kind.format != "jsonl":
        data = b"".join(map(whole_line, rebuilt))
        want = b"".join(file_lines(original, kind.gz))
        if data == want:
            return Check("identical")
        at = _first_difference(data, want)
        if entry is not None and entry.undecoded and not entry.exact:  # a log from before the event
            if data == _as_rebuilt(want, entry):
                return Check("undecoded", f"from byte {at}; {entry.undecoded} decode warnings say where")
            at = _first_difference(data, _as_rebuilt(want, entry))  # where it differs otherwise
        return Check("differs", f"from byte {at} (rebuilt {len(data)} bytes, input {len(want)})")
    escapes = 0
    lines = stream_lines(original, kind.gz)
    n = 0
    for n, got_read in enumerate(rebuilt, 1):
        line_read = next(lines, None)
        if line_read is None:
            return Check("differs", f"the input ends before line {n}")
        if isinstance(got_read, LongLine) and isinstance(line_read, LongLine):
            if not _same_long_line(got_read, line_read):  # lines copied unchanged: byte for byte
                return Check("differs", f"at line {n}")
            continue
        if isinstance(got_read, LongLine):  # copied unchanged, and longer than the input's line
            return Check("differs", f"at line {n}")
        got, line = got_read, whole_line(line_read)  # a changed record is held whole anyway
        if got == line:
            continue
        if not _same_record(got, line):
            return Check("differs", f"at line {n}")
        escapes += 1
    if next(lines, None) is not None:
        return Check("differs", f"the input has more than {n} lines")
    if escapes:
        return Check("records", f"{escapes} lines equal as JSON, in other escapes")
    return Check("identical")


def _same_long_line(a: LongLine, b: LongLine) -> bool:
    """Two long lines hold the same bytes, read a piece at a time from both."""
    if a.head != b.head:
        return False
    left, right = a.pieces(), b.pieces()
    pa = pb = b""
    while True:
        if not pa:
            pa = next(left, b"")
        if not pb:
            pb = next(right, b"")
        if not pa or not pb:
            return pa == pb  # both at their end
        n = min(len(pa), len(pb))
        if pa[:n] != pb[:n]:
            return False
        pa, pb = pa[n:], pb[n:]


def _as_rebuilt(data: bytes, entry: LoggedInput) -> bytes:
    """The input ``data`` as a rebuild gives it back when all is well: decoded as the
    cleaner decodes it, each byte sequence that did not decode then a stand-in (U+FFFD,
    or the windows-1252 character a stray byte was read as), and encoded again as
    :func:`rebuild` encodes. A rebuilt input that differs from ``data`` only where bytes
    did not decode equals this; one that differs anywhere else does not."""
    from cleaner.encoding.decode import decode_bytes

    try:
        text = decode_bytes(data).text
        return text.encode(entry.encoding or "utf-8", "replace")
    except (InputError, LookupError):
        return data


def _same_record(a: bytes, b: bytes) -> bool:
    """Two JSONL lines hold equal JSON, with the same line end (and byte-order mark)."""
    if a.startswith(BOM) != b.startswith(BOM) or a.endswith(b"\n") != b.endswith(b"\n"):
        return False
    try:
        return bool(json.loads(a.removeprefix(BOM)) == json.loads(b.removeprefix(BOM)))
    except ValueError:
        return False
