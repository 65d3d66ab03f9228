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
  from HTML);
- an **error** when it has ``error`` (the document or line could not be cleaned).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from cleaner.errors import InputError
from cleaner.removals import Removal
from cleaner.warnings import CleanWarning

__all__ = [
    "LOG_NAME",
    "drop_records",
    "dumps",
    "error_record",
    "event_record",
    "read_log",
    "record_type",
    "removal_record",
    "removals_of",
    "warning_record",
]

#: name of the log in OUTDIR when --log is not given
LOG_NAME = "removals.jsonl"

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


def read_log(path: str | Path) -> Iterator[dict[str, object]]:
    """The records of a log file, in order; a line that is not a JSON object is an
    InputError naming the file and line."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not a log record: {exc.msg}", path=str(path), line=n) from None
            if not isinstance(rec, dict) or "file" not in rec:
                raise InputError("not a log record (no 'file')", path=str(path), line=n)
            yield rec


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
