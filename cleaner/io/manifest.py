# The resume manifest kept in OUTDIR: a journal of JSON lines (a header with the rules and
# settings fingerprint, one line per finished or failed input, and log-size checkpoints).
"""What --resume needs to skip finished inputs and continue the log.

The manifest is appended to as inputs finish (their lines with each checkpoint, about
once a second), never rewritten, so a run over a million files costs one short line per
file. Its lines are:

- the header: ``{"version": 2, "fingerprint": ..., "log": ..., "text_field": ...}`` and
  ``"format"`` when the run forced one: how the run read its inputs, which ``restore`` needs
  to read them back the same way;
- ``{"done": OUTPUT_REL, "input": ..., "size": ..., "mtime_ns": ..., "output_size": ...,
  "errors": ...}`` for an input cleaned into OUTDIR/OUTPUT_REL;
- ``{"failed": INPUT, "size": ..., "mtime_ns": ..., "ctime_ns": ..., "message": ...}`` for
  an input that failed (not retried by --resume while it is unchanged), with ``"retry":
  true`` when it failed for want of room for its output (a full disk, a folder that cannot
  be written), which --resume tries again whatever the input;
- ``{"forget": OUTPUT_REL, "input": INPUT}`` for an input done or failed before that
  --resume cleans again because it changed (or its output did): its log records were
  taken out of the log, so it is no longer done;
- ``{"log_size": N}``, a checkpoint: the lines before it are finished, and their log
  records are the first N bytes of the log.

A reader keeps what comes before the last checkpoint and ignores the rest (a run killed
between two checkpoints, or in the middle of a line).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from cleaner.io.discover import InputFile
from cleaner.io.writers import write_bytes_atomic
from cleaner.loader import RULE_FILE_SUFFIXES, default_rules_path

__all__ = [
    "MANIFEST_NAME",
    "Manifest",
    "ManifestWriter",
    "done_line",
    "failed_line",
    "fingerprint",
    "forget_line",
    "load_manifest",
    "manifest_log",
    "run_reading",
]

MANIFEST_NAME = ".cleaner-manifest.json"
_VERSION = 2


def _rule_files(paths: Sequence[str | Path] | None) -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    for p in [Path(x) for x in (paths or [default_rules_path()])]:
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.suffix in RULE_FILE_SUFFIXES and f.is_file())
            out.extend((f.relative_to(p).as_posix(), f) for f in files)
        else:
            out.append((p.name, p))
    return out


def fingerprint(rule_paths: Sequence[str | Path] | None, options: Mapping[str, object]) -> str:
    """A hash of the rule files' names and content and of every option that changes output."""
    h = hashlib.sha256()
    for name, path in _rule_files(rule_paths):
        h.update(name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<unreadable>")
        h.update(b"\0")
    h.update(json.dumps(options, sort_keys=True, default=repr).encode())
    return h.hexdigest()


def _line(record: dict[str, object]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode(
        "utf-8", "surrogateescape"
    )


@lru_cache(maxsize=64)
def _real_folder(folder: str) -> str:
    """The real path of ``folder``, for one run: a run starts with :func:`load_manifest`
    or a :class:`Journal`, which forget what the last run in this process found (a link
    may point elsewhere now)."""
    return os.path.realpath(folder)


def _resolved(f: InputFile) -> str:
    """``str(f.path.resolve())``, with the folder's resolution cached: a folder of a
    thousand files costs one realpath and a thousand lstats, not a realpath each. An
    input listed at a URL (``--engine dask``) is named by its URL."""
    assert f.path is not None
    if f.url is not None:
        return f.url
    path = os.fspath(f.path)
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    if not os.path.isabs(folder):
        folder = os.path.join(os.getcwd(), folder)
    return os.path.join(_real_folder(folder), name)


def done_line(f: InputFile, output_size: int | None, errors: int) -> bytes:
    """The journal line saying ``f`` was cleaned (with ``errors`` failed lines)."""
    return _line(
        {
            "done": f.output_rel,
            "input": _resolved(f),
            "size": f.size,
            "mtime_ns": f.mtime_ns,
            "output_size": output_size,
            "errors": errors,
        }
    )


def failed_line(f: InputFile, message: str, *, retry: bool = False) -> bytes:
    """The journal line saying ``f`` failed with ``message``; ``retry``: for want of room
    for its output, which --resume tries again even if ``f`` has not changed."""
    record: dict[str, object] = {
        "failed": _resolved(f),
        "size": f.size,
        "mtime_ns": f.mtime_ns,
        "ctime_ns": f.ctime_ns,
        "message": message,
    }
    if retry:
        record["retry"] = True
    return _line(record)


def forget_line(f: InputFile) -> bytes:
    """The journal line saying ``f`` is no longer done nor failed (see :meth:`Manifest.stale`)."""
    return _line({"forget": f.output_rel, "input": _resolved(f)})


def _key(output_rel: str) -> int:
    return hash(output_rel)


def _state(input_path: str, size: int, mtime_ns: int, output_size: int | None) -> int:
    # hashes, not the strings: a million finished inputs take ~100 MB, not ~400 MB
    return hash((input_path, size, mtime_ns, output_size))


@dataclass
class Manifest:
    """What an earlier run into one OUTDIR finished, up to its last checkpoint: inputs
    done (by output path relative to OUTDIR, kept as hashes of what must be unchanged)
    and failed (by resolved input path)."""

    fingerprint: str
    log: str  # resolved path of the log the run appended to
    text_field: str | None = None  # the JSONL field the run cleaned (None: an older manifest)
    format: str | None = None  # the run's --format, if it had one
    log_size: int = 0  # bytes of the log that belong to the finished inputs
    done: dict[int, int] = field(default_factory=dict)  # hash(output_rel) -> hash of its state
    errors: dict[int, int] = field(default_factory=dict)  # hash(output_rel) -> failed lines, if any
    #: input path -> (size, mtime_ns, ctime_ns, message, whether its output could not be written)
    failed: dict[str, tuple[int, int, int, str, bool]] = field(default_factory=dict)
    journal_size: int = 0  # bytes of the manifest file up to the last checkpoint

    def holds(self, output_rel: str) -> bool:
        """Whether an input cleaned into ``output_rel`` is recorded as done."""
        return _key(output_rel) in self.done

    def _failed_entry(self, f: InputFile) -> tuple[int, int, int, str, bool] | None:
        if f.path is None or not self.failed:
            return None
        return self.failed.get(_resolved(f))

    def failure(self, f: InputFile) -> str | None:
        """The message ``f`` failed with in an earlier run, if it has not changed since
        and it failed for something in it: one whose output could not be written is
        tried again (see :meth:`stale`)."""
        entry = self._failed_entry(f)
        if entry is None or entry[4] or entry[:3] != (f.size, f.mtime_ns, f.ctime_ns):
            return None
        return entry[3]

    def failed_with(self, f: InputFile) -> str | None:
        """The message ``f`` failed with in an earlier run, whether or not it changed since."""
        entry = self._failed_entry(f)
        return None if entry is None else entry[3]

    def unwritten(self, f: InputFile) -> bool:
        """Whether ``f`` failed in an earlier run for want of room for its output."""
        entry = self._failed_entry(f)
        return entry is not None and entry[4]

    def finished(self, f: InputFile, outdir: Path) -> int | None:
        """If ``f`` is finished (same input, unchanged, output in place with its recorded
        size), the number of its lines that failed; else None."""
        key = _key(f.output_rel)
        state = self.done.get(key)
        if state is None or f.path is None:
            return None
        try:
            out_size = (outdir / f.output_rel).stat().st_size
        except OSError:
            return None
        if _state(_resolved(f), f.size, f.mtime_ns, out_size) != state:
            return None
        return self.errors.get(key, 0)

    def stale(self, f: InputFile, outdir: Path) -> bool:
        """Whether the log holds records of ``f`` from an earlier run that --resume must
        replace: ``f`` was done or failed then, and it (or its output) changed since."""
        if f.path is None:
            return False
        if self.holds(f.output_rel):
            return self.finished(f, outdir) is None
        return _resolved(f) in self.failed and self.failure(f) is None


def _apply(m: Manifest, rec: dict[str, object]) -> None:
    if "done" in rec:
        key = _key(str(rec["done"]))
        out_size = rec.get("output_size")
        m.done[key] = _state(
            str(rec["input"]),
            int(rec["size"]),  # type: ignore[call-overload]
            int(rec["mtime_ns"]),  # type: ignore[call-overload]
            None if out_size is None else int(out_size),  # type: ignore[call-overload]
        )
        errors = int(rec.get("errors") or 0)  # type: ignore[call-overload]
        if errors:
            m.errors[key] = errors
        else:
            m.errors.pop(key, None)
        m.failed.pop(str(rec["input"]), None)
    elif "forget" in rec:
        key = _key(str(rec["forget"]))
        m.done.pop(key, None)
        m.errors.pop(key, None)
        m.failed.pop(str(rec["input"]), None)
    elif "failed" in rec:
        m.failed[str(rec["failed"])] = (
            int(rec["size"]),  # type: ignore[call-overload]
            int(rec["mtime_ns"]),  # type: ignore[call-overload]
            int(rec["ctime_ns"]),  # type: ignore[call-overload]
            str(rec["message"]),
            rec.get("retry") is True,
        )


def load_manifest(outdir: Path) -> Manifest | None:
    """The manifest in ``outdir`` up to its last checkpoint, or None when there is none
    or it cannot be read."""
    _real_folder.cache_clear()  # a new run: links may point elsewhere than for the last
    try:
        with open(outdir / MANIFEST_NAME, "rb") as fh:
            head = json.loads(fh.readline())
            if not isinstance(head, dict) or head.get("version") != _VERSION:
                return None
            m = Manifest(
                str(head["fingerprint"]),
                str(head["log"]),
                _optional_str(head.get("text_field")),
                _optional_str(head.get("format")),
                journal_size=fh.tell(),
            )
            pending: list[dict[str, object]] = []
            pos = fh.tell()
            for raw in fh:
                pos += len(raw)
                if not raw.endswith(b"\n"):
                    break  # a line cut short by a kill
                rec = json.loads(raw.decode("utf-8", "surrogateescape"))
                if "log_size" in rec:
                    for p in pending:
                        _apply(m, p)
                    pending.clear()
                    m.log_size = int(rec["log_size"])
                    m.journal_size = pos
                else:
                    pending.append(rec)
            return m
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _head(outdir: Path) -> dict[str, object] | None:
    """The manifest's first line (no journal read), or None when there is no readable one."""
    try:
        with open(outdir / MANIFEST_NAME, "rb") as fh:
            head = json.loads(fh.readline())
    except (OSError, ValueError):
        return None
    return head if isinstance(head, dict) and head.get("version") == _VERSION else None


def manifest_log(outdir: Path) -> str | None:
    """The resolved path of the log the run into ``outdir`` wrote, or None when there is
    no readable manifest."""
    head = _head(outdir)
    return None if head is None or "log" not in head else str(head["log"])


def run_reading(outdir: Path) -> tuple[str | None, str | None]:
    """The text field and the forced format of the run into ``outdir``, as far as its
    manifest says (None for what it does not)."""
    head = _head(outdir) or {}
    return _optional_str(head.get("text_field")), _optional_str(head.get("format"))


class ManifestWriter:
    """Appends to the manifest of ``outdir``: a fresh one (``resume`` None), or the
    journal of ``resume`` cut back to its last checkpoint. When resuming, the file is
    opened only once there is something to add, so a re-run of a finished job leaves it
    untouched. ``reading``: how the run reads its inputs (``text_field``, and ``format``
    when forced), kept in the header for ``restore``; a resumed run has the same, as the
    fingerprint holds them."""

    def __init__(
        self,
        outdir: Path,
        fp: str,
        log: str,
        resume: Manifest | None = None,
        reading: Mapping[str, str | None] | None = None,
    ) -> None:
        _real_folder.cache_clear()  # a new run: links may point elsewhere than for the last
        self.path = outdir / MANIFEST_NAME
        self._keep = None if resume is None else resume.journal_size
        self._fh: BinaryIO | None = None
        # a fresh manifest: when it was written, by the clock of OUTDIR's file system (a
        # network one's may not be this machine's); every output of the run is newer
        self.started_ns: int | None = None
        if resume is None:
            head: dict[str, object] = {"version": _VERSION, "fingerprint": fp, "log": log}
            head.update((k, v) for k, v in (reading or {}).items() if v is not None)
            write_bytes_atomic(self.path, _line(head))
            self.started_ns = self.path.stat().st_mtime_ns

    def _open(self) -> BinaryIO:
        if self._fh is None:
            if self._keep is None:
                self._fh = open(self.path, "ab")  # noqa: SIM115 - closed by close()
            else:
                self._fh = open(self.path, "r+b")  # noqa: SIM115 - closed by close()
                self._fh.truncate(self._keep)
                self._fh.seek(self._keep)
        return self._fh

    def add(self, lines: bytes) -> None:
        """Journal lines (``done_line``/``failed_line``) of inputs that just finished."""
        if lines:
            self._open().write(lines)

    def checkpoint(self, log_size: int | None) -> None:
        """Everything added so far is finished, with ``log_size`` bytes of log."""
        fh = self._open()
        fh.write(_line({"log_size": log_size or 0}))
        fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
