# The removal log as a file: JSON Lines records for removals, warnings, events and
# errors of each document, how to write them, read them back and tell them apart.
"""The JSON Lines removal log written by ``cleaner clean``.

Every line is one object with ``file`` (the input's path relative to its input
root) and, for JSON Lines inputs, ``record`` (0-based line index). A line is

- a **removal** when it has none of the keys below: ``rule``, ``category``,
  ``start``, ``end``, ``text``, ``replacement`` and maybe ``score``, exactly
  :meth:`cleaner.Removal.to_dict`;
- a **warning** when it has ``warning`` (``guard``, ``rule-timeout``, ``decode`` ...);
- an **event** when it has ``event`` (``extract.trafilatura``: the text was extracted
  from HTML; ``decode.undecoded``: the bytes of a text file that did not decode, as
  ``spans`` of ``[start, end, hex]``, each the stand-in's range in the decoded text and
  the bytes it stands for, which ``cleaner restore`` puts back; ``jsonl.literal``: the
  JSON string literal a changed record's text field had in the input, in ``literal``,
  when the rebuilt value written anew would take other escapes, as ``"\\u00e9"`` for a
  raw ``é`` once the clean value is all ASCII);
- an **error** when it has ``error`` (the document or line could not be cleaned).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path

from cleaner.errors import InputError
from cleaner.removals import Removal, Undecoded, removal_problem
from cleaner.warnings import CleanWarning

__all__ = [
    "LITERAL_EVENT",
    "LOG_NAME",
    "UNDECODED_EVENT",
    "check_record",
    "drop_records",
    "dumps",
    "error_record",
    "event_record",
    "read_log",
    "record_type",
    "removal_record",
    "removals_of",
    "undecoded_of",
    "warning_record",
]

#: name of the log in OUTDIR when --log is not given
LOG_NAME = "removals.jsonl"

#: the event that lists the bytes of a text file that did not decode (see the module doc)
UNDECODED_EVENT = "decode.undecoded"
#: the event that keeps a changed JSONL value's literal as the input wrote it, when writing
#: the rebuilt value would give other escapes (see the module doc)
LITERAL_EVENT = "jsonl.literal"
_NON_REMOVAL = ("warning", "event", "error")


def _head(file: str, record: int | None) -> dict[str, object]:
    return {"file": file} if record is None else {"file": file, "record": record}


def removal_record(file: str, record: int | None, removal: Removal) -> dict[str, object]:
    return {**_head(file, record), **removal.to_dict()}


def warning_record(file: str, record: int | None, warning: CleanWarning) -> dict[str, object]:
    return {**_head(file, record), **warning.to_dict()}


def event_record(file: str, record: int | None, event: str, **fields: object) -> dict[str, object]:
    return {**_head(file, record), "event": event, **fields}


def error_record(file: str, record: int | None, message: str) -> dict[str, object]:
    return {**_head(file, record), "error": message}


def dumps(record: dict[str, object]) -> bytes:
    """One log line, UTF-8, ending in a newline."""
    line = json.dumps(record, ensure_ascii=False) + "\n"
    try:
        return line.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: write them as \u escapes
        return (json.dumps(record) + "\n").encode("ascii")


def record_type(record: dict[str, object]) -> str:
    """``removal``, ``warning``, ``event`` or ``error``."""
    for key in _NON_REMOVAL:
        if key in record:
            return key
    return "removal"


#: the fields each kind of record must have, and their JSON types
_FIELDS: dict[str, tuple[tuple[str, type | tuple[type, ...]], ...]] = {
    "removal": (("rule", str), ("category", str), ("start", int), ("end", int), ("text", str)),
    "warning": (("warning", str), ("message", str)),
    "event": (("event", str),),
    "error": (("error", str),),
}
_OPTIONAL: dict[str, type | tuple[type, ...]] = {
    "record": int,
    "replacement": str,
    "score": (int, float),
    "rule": str,
    "offset": int,
    "encoding": str,
}


def check_record(rec: object) -> str | None:
    """Why ``rec`` (a parsed log line) is not a log record, or None when it is one."""
    if not isinstance(rec, dict):
        return f"a JSON {type(rec).__name__}, not an object"
    if not isinstance(rec.get("file"), str):
        return "no 'file' string"
    kind = record_type(rec)
    for key, types in _FIELDS[kind]:
        value = rec.get(key)
        if not isinstance(value, types) or isinstance(value, bool):
            return f"a {kind} record needs '{key}' ({'a number' if types is int else 'a string'})"
    for key, types in _OPTIONAL.items():
        value = rec.get(key)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            return f"'{key}' has the wrong type ({type(value).__name__})"
    if kind == "removal":
        return removal_problem(rec)  # the offsets: a range of the input, as long as 'text'
    if kind == "event" and rec["event"] == UNDECODED_EVENT:
        return _spans_problem(rec.get("spans"))
    if kind == "event" and rec["event"] == LITERAL_EVENT and not isinstance(rec.get("literal"), str):
        return f"a {LITERAL_EVENT} event needs 'literal' (a string)"
    return None


def _spans_problem(spans: object) -> str | None:
    """Why the ``spans`` of an undecoded-bytes event are not ``[start, end, hex]`` triples in
    order (``0 <= start <= end``, each after the last), or None."""
    if not isinstance(spans, list):
        return f"a {UNDECODED_EVENT} event needs 'spans' (a list)"
    last = 0
    for i, span in enumerate(spans):
        ok = (
            isinstance(span, list)
            and len(span) == 3
            and all(isinstance(x, int) and not isinstance(x, bool) for x in span[:2])
            and isinstance(span[2], str)
        )
        if not ok:
            return f"spans[{i}] is not [start, end, hex]"
        if not last <= span[0] <= span[1]:
            return f"spans[{i}] [{span[0]}, {span[1]}] is not a range after the one before"
        try:
            bytes.fromhex(span[2])
        except ValueError:
            return f"spans[{i}]: {span[2][:20]!r} is not hex"
        last = span[1]
    return None


def undecoded_of(rec: dict[str, object]) -> list[Undecoded]:
    """The bytes that did not decode, of an undecoded-bytes event that passed check_record."""
    return [Undecoded(s, e, bytes.fromhex(h)) for s, e, h in rec["spans"]]  # type: ignore[attr-defined]


def read_log(
    path: str | Path, on_error: Callable[[InputError], None] | None = None
) -> Iterator[dict[str, object]]:
    """The records of a log file, in order. A line that is not a log record (not UTF-8,
    not JSON, or without the fields of its kind) is an InputError naming the file and
    line: raised, or passed to ``on_error`` and skipped."""
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            problem: str | None
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                problem, rec = f"not UTF-8 (byte {exc.start + 1} of the line)", None
            else:
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    problem = f"not JSON: {exc.msg}"
                else:
                    problem = check_record(rec)
            if problem is None and isinstance(rec, dict):
                yield rec
                continue
            err = InputError(f"not a log record: {problem}", path=str(path), line=n)
            if on_error is None:
                raise err
            on_error(err)


def removals_of(records: Iterable[dict[str, object]], file: str, record: int | None = None) -> list[Removal]:
    """The Removals logged for one document: ``file`` and, for JSONL, ``record``."""
    return [
        Removal.from_dict(r)
        for r in records
        if r.get("file") == file and r.get("record") == record and record_type(r) == "removal"
    ]


def drop_records(path: Path, size: int, files: Collection[str]) -> int:
    """Rewrite the log at ``path`` atomically as its first ``size`` bytes without the
    records of ``files``; the new size. (``--resume`` cleaning again an input that
    changed since the last run: its new records replace the old ones.)"""
    from cleaner.io.writers import atomic_write

    kept = 0
    with open(path, "rb") as src, atomic_write(path) as out:
        left = size
        for line in src:
            if left <= 0:
                break
            line = line[:left]
            left -= len(line)
            try:
                rec = json.loads(line)
            except ValueError:
                rec = None
            if isinstance(rec, dict) and rec.get("file") in files:
                continue
            out.write(line)
            kept += len(line)
    return kept
