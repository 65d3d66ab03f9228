# The local process pool: workers get the Cleaner once (inherited by fork on Linux, else
# pickled to each worker by the pool initializer), tasks stream through a bounded window,
# and results come back in input order for any --jobs.
"""Ordered, bounded parallel map over a process pool."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import Any, TypeVar

from cleaner.pipeline import Cleaner

__all__ = ["WORKERS_PER_CORE", "default_jobs", "map_ordered", "worker_count"]

T = TypeVar("T")
R = TypeVar("R")

#: per worker process: the Cleaner (inherited through fork, or unpickled once by the
#: pool initializer); set once, read only
_worker_cleaner: list[Cleaner] = []


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


#: the most worker processes one core is given: cleaning is CPU-bound, so more only add
#: memory (each worker holds the compiled rules), and a typo such as --jobs 100000 would
#: fork until the machine runs out of memory
WORKERS_PER_CORE = 4


def worker_count(requested: int | None) -> tuple[int, str | None]:
    """The worker processes to start for ``requested`` (None: one per core), and a note
    to show when the request was cut to :data:`WORKERS_PER_CORE` per core."""
    cores = default_jobs()
    if requested is None:
        return cores, None
    most = WORKERS_PER_CORE * cores
    if requested > most:
        return most, (
            f"--jobs {requested}: using {most} workers ({WORKERS_PER_CORE} per core on {cores} "
            f"core{'s' if cores != 1 else ''}); more would only add memory"
        )
    return requested, None


#: seconds between two looks of a worker at whether its parent is still there
PARENT_POLL_SECONDS = 1.0

#: the signals the parent turns into a clean stop (Ctrl-C, SIGTERM, SIGHUP); its workers
#: ignore them, so a Ctrl-C (or a closed terminal) that reaches the whole process group
#: prints no worker traceback, and the parent finishes or cancels their batches as it
#: shuts the pool down
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM) + ((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ())


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker_process() -> None:
    """In each worker, before its first task: ignore the stop signals (the parent
    handles them), and exit when the parent is gone (killed with SIGKILL, say: an idle
    worker would otherwise wait for tasks forever, holding the run's standard error)."""
    for sig in _STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # blocked while the parent forked this worker
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()


def _init_worker(cleaner_bytes: bytes) -> None:
    _init_worker_process()
    _worker_cleaner[:] = [pickle.loads(cleaner_bytes)]


def _run_in_worker(fn: Callable[[Cleaner, T], R], item: T) -> R:
    return fn(_worker_cleaner[0], item)


def _os_threads() -> int:
    """Threads of this process as the OS counts them (a C library's too, e.g. OpenBLAS)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return threading.active_count()


def _use_fork() -> bool:
    # fork: workers start at once and share the compiled rules with this process (no
    # pickling, no recompiling). Only on Linux (fork is unsafe on macOS) and only while
    # this process has one thread: forking a process with threads can deadlock (and
    # Python 3.12+ warns about it).
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and _os_threads() == 1
    )


def _pool(cleaner: Cleaner, jobs: int) -> ProcessPoolExecutor:
    if _use_fork():
        # ProcessPoolExecutor forks all its workers at the first submit, before it
        # starts its own threads; they inherit _worker_cleaner as set here.
        _worker_cleaner[:] = [cleaner]
        return ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_init_worker_process,
        )
    # forkserver: workers start from a clean, single-threaded server process, so a
    # progress-bar thread in the parent never gets forked; spawn where it is missing.
    methods = multiprocessing.get_all_start_methods()
    ctx: Any = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if hasattr(ctx, "set_forkserver_preload"):
        ctx.set_forkserver_preload(["cleaner.pipeline"])
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=ctx, initializer=_init_worker, initargs=(pickle.dumps(cleaner),)
    )


def _submit(pool: ProcessPoolExecutor, fn: Callable[[Cleaner, T], R], item: T) -> Future[R]:
    """``pool.submit``, with the stop signals blocked meanwhile: a submit may fork
    workers, and one forked with this process's Ctrl-C handler would print a traceback
    of its own on Ctrl-C before its initializer ignores the signal (a signal that comes
    meanwhile is delivered here once they are unblocked)."""
    if not hasattr(signal, "pthread_sigmask"):
        return pool.submit(_run_in_worker, fn, item)
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        return pool.submit(_run_in_worker, fn, item)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def map_ordered(
    fn: Callable[[Cleaner, T], R],
    items: Iterable[T],
    cleaner: Cleaner,
    jobs: int,
    *,
    window: int | None = None,
) -> Iterator[R]:
    """``fn(cleaner, item)`` for each item, yielded in the order of ``items``.

    With ``jobs <= 1`` everything runs in this process. Otherwise each worker gets
    ``cleaner`` once (by fork where that is safe, else pickled once for the pool); at
    most ``window`` tasks (default 3 per worker) are in flight, so memory stays flat
    however many items there are, and ``items`` is consumed only as fast as results
    come back. No more workers start than there are items (a pool forks all of its
    workers at once), and a single item runs in this process. ``fn`` must be a
    module-level function.
    """
    stream = iter(items)
    first = list(islice(stream, max(jobs, 1)))
    jobs = min(jobs, len(first))
    if jobs <= 1:
        for item in chain(first, stream):
            yield fn(cleaner, item)
        return
    window = window or 3 * jobs
    pool = _pool(cleaner, jobs)
    pending: deque[Future[R]] = deque()
    try:
        for item in chain(first, stream):
            pending.append(_submit(pool, fn, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        _worker_cleaner.clear()
