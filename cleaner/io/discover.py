# Finding the inputs of a run: files and folders (recursive) of known kinds in a stable
# order, the output path each maps to, and the refusal of any input/output overlap.
"""Input discovery and the overlap check between inputs and outputs."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaner.errors import CleanerError
from cleaner.io.kinds import Kind, kind_from_name, output_name

__all__ = ["STDIN", "Discovery", "InputFile", "UsageError", "check_overlap", "discover"]

#: the INPUT argument that means standard input (and standard output)
STDIN = "-"


class UsageError(CleanerError):
    """The command line asks for something impossible (missing input, overlap ...)."""


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input: where it is, its path relative to its input root, its kind and size."""

    path: Path | None  # None for standard input
    rel: str  # posix path relative to the input root; "-" for standard input
    kind: Kind
    size: int = 0
    mtime_ns: int = 0
    ctime_ns: int = 0  # changes with the mode too: a failed input retried after chmod

    @property
    def is_stdin(self) -> bool:
        return self.path is None

    @property
    def output_rel(self) -> str:
        """Path of the output relative to OUTDIR."""
        head, _, name = self.rel.rpartition("/")
        out = output_name(name, self.kind)
        return f"{head}/{out}" if head else out


@dataclass(frozen=True, slots=True)
class Discovery:
    """The inputs found, in run order, and how many folder entries were passed over."""

    files: tuple[InputFile, ...]
    skipped: int  # files in folders whose name is not of a known kind (or hidden)
    conflicts: dict[int, str]  # index in files -> why its output would clash with an earlier one


def _stat(path: Path) -> tuple[int, int, int]:
    try:
        st = path.stat()
    except OSError:
        return 0, 0, 0  # reported when the file is read
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _walk(root: Path, forced: Kind | None) -> tuple[list[InputFile], int]:
    found: list[InputFile] = []
    skipped = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        rel_dir = here.relative_to(root).as_posix()
        for name in sorted(filenames):
            kind = forced or kind_from_name(name)
            if kind is None or name.startswith("."):
                skipped += 1
                continue
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            found.append(InputFile(here / name, rel, kind, *_stat(here / name)))
    return found, skipped


def discover(inputs: Sequence[str], forced: Kind | None = None) -> Discovery:
    """The files named by ``inputs`` (files, folders searched recursively, or ``-``).

    Order: the order of ``inputs``, and within a folder, sorted by path. Folder
    entries whose names start with a dot, or whose kind cannot be told from the
    name (without ``forced``), are skipped and counted. A named file of unknown
    kind, or a missing input, is a UsageError.
    """
    files: list[InputFile] = []
    skipped = 0
    seen_stdin = False
    for arg in inputs:
        if arg == STDIN:
            if seen_stdin:
                raise UsageError("standard input ('-') can be named only once")
            seen_stdin = True
            files.append(InputFile(None, STDIN, forced or Kind("txt")))
            continue
        path = Path(arg)
        if path.is_dir():
            found, n = _walk(path, forced)
            files.extend(found)
            skipped += n
        elif path.exists() or path.is_symlink():
            kind = forced or kind_from_name(path.name)
            if kind is None:
                raise UsageError(
                    f"{arg}: cannot tell the kind of input from its name; use --format "
                    f"(txt, html, jsonl, optionally .gz)"
                )
            files.append(InputFile(path, path.name, kind, *_stat(path)))
        else:
            raise UsageError(f"{arg}: no such file or folder")
    conflicts: dict[int, str] = {}
    owner: dict[str, InputFile] = {}
    for i, f in enumerate(files):
        if f.is_stdin:
            continue
        first = owner.setdefault(f.output_rel, f)
        if first is not f:
            conflicts[i] = f"its output {f.output_rel} would overwrite the output of {first.path}"
    return Discovery(tuple(files), skipped, conflicts)


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or child.is_relative_to(parent)


def check_overlap(inputs: Sequence[str], outdir: str | None, log: str | None) -> None:
    """Refuse an output folder or log that is, holds, or lies inside an input."""
    out = Path(outdir).resolve() if outdir else None
    log_path = Path(log).resolve() if log and log != "-" else None
    for arg in inputs:
        if arg == STDIN:
            continue
        src = Path(arg).resolve()
        if out is not None and (_inside(out, src) or _inside(src, out)):
            where = "is" if out == src else "is inside" if _inside(out, src) else "contains"
            raise UsageError(
                f"output folder {outdir} {where} input {arg}; choose an output folder "
                f"apart from every input (inputs are never written to)"
            )
        if log_path is not None and _inside(log_path, src):
            raise UsageError(f"log file {log} lies inside input {arg}; put it outside the inputs")
