# What one run of `cleaner clean` holds (either engine): its OUTDIR and its log, locked
# against a second run while it lasts, the temp files a killed run left there, swept, and
# the files an earlier run left there that this one did not write, named.
"""One run at a time in an output folder and a log."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["files_older_than", "left_files_note", "only_run_in", "only_run_writing", "remove_stale_temps"]


def remove_stale_temps(outdir: Path) -> bool:
    """Temp files a killed run left in OUTDIR (never a partial output: those are temps);
    whether OUTDIR holds other files than those and its dot files (the manifest)."""
    from cleaner.io.discover import walk
    from cleaner.io.writers import TEMP_PREFIX

    others = False
    for folder, _, names in walk(str(outdir)):
        for name in names:
            if name.startswith(TEMP_PREFIX):
                Path(folder, name).unlink(missing_ok=True)
            elif not name.startswith("."):
                others = True
    return others


def files_older_than(outdir: Path, since_ns: int, log: Path | None) -> tuple[int, str]:
    """How many files of OUTDIR (dot files and ``log`` aside) were last written before
    ``since_ns``, by the clock of its file system, and the first of them met (a folder's
    files before its subfolders', each sorted by name):
    the files a run that began then did not write. Every output a run writes is written
    anew, so these are outputs of an earlier run into OUTDIR whose inputs this run did not
    have (a file removed from IN since), or files put there."""
    from cleaner.io.discover import walk

    skip = log.resolve() if log is not None else None
    count, first = 0, ""
    for folder, dirnames, names in walk(str(outdir)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder, name)
            if name.startswith(".") or (skip is not None and name == skip.name and path.resolve() == skip):
                continue
            try:
                if path.stat().st_mtime_ns >= since_ns:
                    continue
            except OSError:
                continue
            count += 1
            first = first or path.relative_to(outdir).as_posix()
    return count, first


def left_files_note(outdir: Path, since_ns: int, log: Path | None) -> str | None:
    """What a run that began at ``since_ns`` (its fresh manifest's time) says of the files
    of OUTDIR it did not write (see :func:`files_older_than`), if any (either engine)."""
    from cleaner.cli.style import counted, one_line

    count, first = files_older_than(outdir, since_ns, log)
    if not count:
        return None
    return (
        f"cleaner: {one_line(str(outdir))} holds {counted(count, 'file')} this run did not write (the first:"
        f" {one_line(first)}): outputs of an earlier run whose inputs this run did not have,"
        " or files put there; restore and explain --run pass them over"
    )


@contextmanager
def only_run_in(outdir: Path) -> Iterator[None]:
    """Hold OUTDIR for this run: a second ``cleaner clean`` into it while this one runs
    would truncate the log and replace the manifest under it, and both would exit 0 with
    a log of holes that fits neither run's outputs."""
    with _held(
        outdir,
        os.O_RDONLY,
        f"another cleaner clean is writing into the output folder {outdir}; "
        "wait for it to finish, or choose another output folder",
    ):
        yield


@contextmanager
def only_run_writing(log: Path) -> Iterator[None]:
    """Hold the log file for this run: two runs into different output folders given one
    ``--log`` would write their records into each other's. Opened without truncating,
    so a refused run leaves the other's log as it is."""
    with _held(
        log,
        os.O_WRONLY | os.O_CREAT,
        f"another cleaner clean is writing the log {log}; wait for it to finish, or give --log another file",
    ):
        yield


@contextmanager
def _held(path: Path, flags: int, busy: str) -> Iterator[None]:
    """An advisory lock on ``path`` (flock: released by the kernel however the process
    ends) while the run lasts, where the system has one; UsageError ``busy`` when another
    process holds it. A path that cannot be opened, or a file system without locks, is
    used unlocked, as before: what the run does with it then says what is wrong."""
    from cleaner.io.discover import UsageError

    try:
        import fcntl
    except ImportError:  # not on POSIX
        yield
        return
    try:
        fd = os.open(path, flags, 0o666)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(busy) from None
        except OSError:  # no locks on this file system: run unlocked, as before
            pass
        yield
    finally:
        os.close(fd)
