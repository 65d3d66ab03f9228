# Finding the inputs of a run: files and folders (recursive) of known kinds in a stable
# order, the output path each maps to, and the refusal of any input/output overlap.
"""Input discovery and the overlap check between inputs and outputs."""

from __future__ import annotations

import itertools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaner.errors import UsageError
from cleaner.io.kinds import Kind, kind_from_name, output_rel

__all__ = [
    "STDIN",
    "Discovery",
    "InputFile",
    "InputStream",
    "UsageError",
    "check_overlap",
    "discover",
    "is_inside",
    "is_url",
    "linked_folders_note",
    "make_folder",
    "os_reason",
    "repeated_note",
    "reserved_outputs",
    "run_writes",
    "walk",
]

#: the INPUT argument that means standard input (and standard output)
STDIN = "-"


#: an fsspec URL (s3://bucket/key, file:///path), which only ``--engine dask`` reads
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(arg: str) -> bool:
    """Whether a path argument is a URL: taken as a path, ``s3://b/out`` is a folder "s3:"."""
    return bool(_URL.match(arg))


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input: where it is, its path relative to its input root, its kind and size."""

    path: Path | None  # None for standard input
    rel: str  # posix path relative to the input root; "-" for standard input
    kind: Kind
    size: int = 0
    mtime_ns: int = 0
    ctime_ns: int = 0  # changes with the mode too: a failed input retried after chmod
    url: str | None = None  # the fsspec URL it was listed at (--engine dask), which names it

    @property
    def is_stdin(self) -> bool:
        return self.path is None

    @property
    def output_rel(self) -> str:
        """Path of the output relative to OUTDIR."""
        return output_rel(self.rel, self.kind)


@dataclass(frozen=True, slots=True)
class Discovery:
    """The inputs found, in run order, and how many folder entries were passed over."""

    files: tuple[InputFile, ...]
    skipped: int  # files in folders whose name is not of a known kind (or hidden)
    conflicts: dict[int, str]  # index in files -> why its output would clash with an earlier one
    unreadable: tuple[str, ...] = ()  # a message for each folder that could not be listed
    repeated: int = 0  # files named again (a folder given twice, a file beside its folder)
    linked_folders: int = 0  # links to folders met in folders (not followed) ...
    first_linked_folder: str = ""  # ... and the first of them


#: a file's identity on this machine: (st_dev, st_ino), the same for all its hard links
FileId = tuple[int, int]


def _stat_link(path: str) -> tuple[tuple[int, int, int], bool, FileId | None]:
    """Size, mtime and ctime of the file at ``path`` (links followed), whether ``path``
    is a link, and the file's identity (None if it cannot be stat'ed): one system call
    for a file that is not a link."""
    link = False
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            link = True
            st = os.stat(path)
    except OSError:
        return (0, 0, 0), link, None  # reported when the file is read
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns), link, (st.st_dev, st.st_ino)


def _written_in_place(writes: Sequence[tuple[Path, str]]) -> dict[FileId, tuple[Path, str]]:
    """The files among ``writes`` that are there now, by identity: the log is cut back
    or appended to in place, and --resume appends to the manifest, so an input that is
    a hard link to one of them is that very file, whatever its path."""
    out: dict[FileId, tuple[Path, str]] = {}
    for place, what in writes:
        try:
            st = os.stat(place)
        except OSError:
            continue  # not there yet: no input can be it
        if stat.S_ISREG(st.st_mode) and st.st_ino:  # (0: a file system that gives none)
            out.setdefault((st.st_dev, st.st_ino), (place, what))
    return out


def _folder(rel: str) -> str:
    return rel.rpartition("/")[0]


class InputStream:
    """The inputs named by ``inputs`` (files, folders searched recursively, or ``-``),
    found lazily so that a folder of millions of files never sits in memory.

    Order: the order of ``inputs``, and within a folder, sorted by path. Folder entries
    whose names start with a dot, or whose kind cannot be told from the name (without
    ``forced``), are skipped and counted in ``skipped``; a folder that cannot be listed
    gets a message in ``unreadable`` naming it and the cause (both complete once
    iterated). A named
    file of unknown kind, a missing input or ``-`` twice is a UsageError, raised here,
    before anything is read. Iterating yields each input with None, or with the reason
    its output would clash with the output of an earlier input.
    """

    def __init__(
        self,
        inputs: Sequence[str],
        forced: Kind | None = None,
        reserved: Mapping[str, str] | None = None,
        writes: Sequence[tuple[Path, str]] = (),
    ) -> None:
        self.forced = forced
        self.reserved = dict(reserved or {})  # output name -> what else the run writes there
        self.writes = tuple(writes)  # what the run writes (resolved), as run_writes gives it
        # ... and those of them that are files, by identity, as they are before the run
        # writes any (a run that resumes may replace the log: a link to it is refused still)
        self._in_place = _written_in_place(self.writes)
        self.skipped = 0
        self.unreadable: list[str] = []
        self.repeated = 0
        self.linked_folders = 0  # links to folders met in folders (not followed) ...
        self.first_linked_folder = ""  # ... and the first of them
        self._seen: set[str] | None = None
        self._args: list[tuple[str, Kind | None]] = []  # (arg, kind of a named file)
        seen_stdin = False
        for arg in inputs:
            if arg == STDIN:
                if seen_stdin:
                    raise UsageError("standard input ('-') can be named only once")
                seen_stdin = True
                self._args.append((arg, forced or Kind("txt")))
                continue
            path = Path(arg)
            if path.is_dir():
                self._args.append((arg, None))
            elif path.exists() or path.is_symlink():
                kind = forced or kind_from_name(path.name)
                if kind is None:
                    raise UsageError(
                        f"{arg}: cannot tell the kind of input from its name; use --format "
                        f"(txt, html, jsonl, optionally .gz)"
                    )
                self._args.append((arg, kind))
            else:
                raise UsageError(f"{arg}: no such file or folder")

    @property
    def has_stdin(self) -> bool:
        return any(arg == STDIN for arg, _ in self._args)

    def __iter__(self) -> Iterator[tuple[InputFile, str | None]]:
        self.skipped = 0
        self.unreadable = []
        self.repeated = 0
        self.linked_folders = 0
        self.first_linked_folder = ""
        # An output can clash with an earlier one only in the same folder when there is
        # one input (an HTML page and a .txt of the same stem), anywhere with several.
        several = sum(arg != STDIN for arg, _ in self._args) > 1
        owner: dict[str, Path | None] = {}
        # inputs that overlap (a folder given twice, a file beside its folder): each file
        # is cleaned once for each output it gets, and passed over once. Paths are made
        # absolute without following links: a link is a file of its own.
        seen: set[tuple[str, str]] | None = set() if _overlapping(self._args) else None
        self._seen = set() if seen is not None else None
        for arg, kind in self._args:
            if arg == STDIN:
                assert kind is not None
                yield InputFile(None, STDIN, kind), None
                continue
            if kind is not None:
                path = Path(arg)
                st, _, ident = _stat_link(arg)
                # (a named link to what the run writes is refused by check_overlap)
                files: Iterable[tuple[InputFile, bool, FileId | None]] = [
                    (InputFile(path, path.name, kind, *st), False, ident)
                ]
            else:
                files = self._walk(Path(arg))
            folder: str | None = None
            for f, link, ident in files:
                if seen is not None and f.path is not None:
                    key = (os.path.abspath(f.path), f.output_rel)
                    if key in seen:
                        self.repeated += 1
                        continue
                    seen.add(key)
                if not several and _folder(f.rel) != folder:
                    folder = _folder(f.rel)
                    owner.clear()
                written = self._written(f) if link else None
                if written is None and ident in self._in_place:
                    place, what = self._in_place[ident]
                    written = f"a hard link to {place}, {what}; inputs are never written to"
                if written is not None:
                    yield f, written
                    continue
                if f.output_rel in self.reserved:
                    yield f, f"its output {f.output_rel} would overwrite {self.reserved[f.output_rel]}"
                    continue
                first = owner.setdefault(f.output_rel, f.path)
                if first is not f.path:
                    yield f, f"its output {f.output_rel} would overwrite the output of {first}"
                else:
                    yield f, None

    def _unlisted(self, err: OSError) -> None:
        self.unreadable.append(
            f"{err.filename}: cannot read the folder ({os_reason(err)}); none of it was cleaned"
        )

    def _written(self, f: InputFile) -> str | None:
        """Why the link ``f`` is not read, if it leads to a file the run writes: read while
        the run rewrites it, the input would be written to (a link to the log came out
        empty, the log being cut back at the start)."""
        assert f.path is not None
        target = Path(os.path.realpath(f.path))
        for place, what in self.writes:
            if is_inside(target, place):
                return f"a link to {target}, {what}; inputs are never written to"
        return None

    def _walk(self, root: Path) -> Iterator[tuple[InputFile, bool, FileId | None]]:
        """The files under ``root``, each with whether it is a link and its identity."""
        for dirpath, dirnames, filenames in walk(str(root), self._unlisted):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for d in dirnames:
                folder = os.path.join(dirpath, d)
                if os.path.islink(folder) and (self._seen is None or _first_time(self._seen, folder)):
                    self.first_linked_folder = self.first_linked_folder or folder
                    self.linked_folders += 1
            here = Path(dirpath)
            rel_dir = here.relative_to(root).as_posix()
            for name in sorted(filenames):
                kind = self.forced or kind_from_name(name)
                if kind is None or name.startswith("."):
                    if self._seen is None or _first_time(self._seen, os.path.join(dirpath, name)):
                        self.skipped += 1
                    continue
                rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                st, link, ident = _stat_link(os.path.join(dirpath, name))
                yield InputFile(here / name, rel, kind, *st), link, ident


def walk(
    root: str, onerror: Callable[[OSError], None] | None = None
) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(root, onerror=onerror)``: top-down, links to folders listed with the
    folders but not followed, and ``dirnames`` may be pruned or sorted in place to choose
    where and in which order it goes on. Without recursion: before Python 3.12 os.walk
    recurses, and a tree some 1,000 folders deep stopped the run with a RecursionError."""
    stack = [root]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as it:
                entries = list(it)
        except OSError as err:
            if onerror is not None:
                onerror(err)
            continue
        dirnames: list[str] = []
        filenames: list[str] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirnames if is_dir else filenames).append(entry.name)
        yield top, dirnames, filenames
        for name in reversed(dirnames):  # popped in the order of dirnames
            path = os.path.join(top, name)
            if not os.path.islink(path):
                stack.append(path)


def _first_time(seen: set[str], path: str) -> bool:
    key = os.path.abspath(path)
    if key in seen:
        return False
    seen.add(key)
    return True


def _overlapping(args: Sequence[tuple[str, Kind | None]]) -> bool:
    """Two inputs name the same file or folder, or one lies inside the other (by their
    absolute paths, links not followed)."""
    # sorted by their parts, whatever lies inside a path comes right after it
    paths = sorted(Path(os.path.abspath(arg)).parts for arg, _ in args if arg != STDIN)
    return any(b[: len(a)] == a for a, b in itertools.pairwise(paths))


def repeated_note(n: int) -> str:
    """What a run says of the ``n`` files its inputs named again (:attr:`InputStream.repeated`)."""
    return (
        f"{n} input file{'s were' if n != 1 else ' was'} named more than once (a folder given twice, "
        "or a file beside its folder); each file is cleaned once"
    )


def linked_folders_note(n: int, first: str) -> str:
    """What a run says of the ``n`` links to folders it met in its input folders (the
    first at ``first``) and did not follow: without it, a tree with a folder linked in was
    cleaned in part, exit 0, and nothing said so."""
    what = "1 link to a folder was" if n == 1 else f"{n} links to folders were"
    more = f" and {n - 1} more" if n > 1 else ""
    return (
        f"{what} not followed ({first}{more}); the files under {'it' if n == 1 else 'them'} "
        "were not cleaned (name the folder a link points to as an input to clean them)"
    )


def os_reason(exc: OSError) -> str:
    """The cause of an OSError in words, without its errno and file name."""
    return (exc.strerror or str(exc)).lower()


def make_folder(path: Path, what: str) -> None:
    """Create ``path`` (and its parents) to write into, or a UsageError saying why not."""
    if path.exists() and not path.is_dir():
        raise UsageError(f"{what} {path} is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the {what} {path}: {os_reason(exc)}") from None


def reserved_outputs(outdir: str | None, log: str | None, manifest: str | None = None) -> dict[str, str]:
    """Names under ``outdir`` that a run writes besides the outputs (the removal log when
    it lies there, the manifest), each with what it is: an input whose output has such a
    name fails, or it would overwrite the log. A log that is the manifest is a UsageError."""
    if not outdir:
        return {}
    root = Path(outdir).resolve()
    out = {manifest: "the run's manifest"} if manifest else {}
    if log and log != "-":
        path = Path(log).resolve()
        if is_inside(path, root) and path != root:
            rel = path.relative_to(root).as_posix()
            if rel == manifest:
                raise UsageError(f"log file {log} is the run's manifest; name another file")
            out[rel] = f"the removal log {log} (--log puts it elsewhere)"
    return out


def run_writes(
    outdir: str | None, log: str | None, manifest: str | None = None
) -> tuple[tuple[Path, str], ...]:
    """What a run writes, resolved: OUTDIR, the removal log (``-`` is standard output)
    and the manifest (``manifest``: its name in OUTDIR), each with how a link to a file
    there is reported. An input folder may hold a link to them, which check_overlap,
    looking at the inputs named, does not see; a hard link to the log or the manifest,
    which are written in place (outputs are replaced by a rename, which leaves a hard
    link to an old one as it was), is found by the file's identity."""
    out: list[tuple[Path, str]] = []
    if outdir:
        out.append((Path(outdir).resolve(), f"inside the output folder {outdir}, which this run writes"))
    if log and log != "-":
        out.append((Path(log).resolve(), f"which this run writes (its removal log {log})"))
    if outdir and manifest:
        where = Path(outdir) / manifest
        out.append((where.resolve(), f"which this run writes (its manifest {where}, for --resume)"))
    return tuple(out)


def discover(
    inputs: Sequence[str],
    forced: Kind | None = None,
    reserved: Mapping[str, str] | None = None,
    writes: Sequence[tuple[Path, str]] = (),
) -> Discovery:
    """All of :class:`InputStream` at once, in a list (for a run whose inputs fit in memory)."""
    stream = InputStream(inputs, forced, reserved, writes)
    files: list[InputFile] = []
    conflicts: dict[int, str] = {}
    for i, (f, conflict) in enumerate(stream):
        files.append(f)
        if conflict is not None:
            conflicts[i] = conflict
    return Discovery(
        tuple(files),
        stream.skipped,
        conflicts,
        tuple(stream.unreadable),
        stream.repeated,
        stream.linked_folders,
        stream.first_linked_folder,
    )


def is_inside(child: Path, parent: Path) -> bool:
    """``child`` is ``parent`` or lies inside it (both resolved)."""
    return child == parent or child.is_relative_to(parent)


def check_overlap(inputs: Sequence[str], outdir: str | None, log: str | None) -> None:
    """Refuse an output folder or log that is, holds, or lies inside an input."""
    out = Path(outdir).resolve() if outdir else None
    log_path = Path(log).resolve() if log and log != "-" else None
    if log and log_path is not None and (log_path.is_dir() or log.endswith(("/", os.sep))):
        raise UsageError(f"log file {log} is a folder; name a file (default: OUTDIR/removals.jsonl)")
    for arg in inputs:
        if arg == STDIN:
            continue
        src = Path(arg).resolve()
        if out is not None and (is_inside(out, src) or is_inside(src, out)):
            where = "is" if out == src else "is inside" if is_inside(out, src) else "contains"
            raise UsageError(
                f"output folder {outdir} {where} input {arg}; choose an output folder "
                f"apart from every input (inputs are never written to)"
            )
        if log_path is not None and is_inside(log_path, src):
            raise UsageError(f"log file {log} lies inside input {arg}; put it outside the inputs")
