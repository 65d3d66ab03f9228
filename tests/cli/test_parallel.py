# Tests of cleaner.parallel: results in input order for any --jobs, and the cleaner
# object handed to the workers once for the whole pool (by fork, or one pickle), not per task.
from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from clihelp import RULES, article, in_fresh_process

import cleaner.parallel
from cleaner.cli.main import main
from cleaner.parallel import map_ordered
from cleaner.pipeline import Cleaner


class CountsPickles:
    """Stands in for a Cleaner; counts how often the parent pickles it."""

    def __init__(self) -> None:
        self.pickled = 0

    def __getstate__(self) -> dict[str, int]:
        self.pickled += 1
        return {"pickled": self.pickled}


def tag(cleaner: CountsPickles, item: int) -> tuple[int, int, int]:
    return item, item * item, os.getpid()


def _order_run(fork: bool | None) -> tuple[bool, list[tuple[int, int, int]], int, int]:
    """map_ordered over 40 items with 2 workers, by fork, by forkserver (False), or as it
    chooses (None): whether it forked, the results, how often it pickled the cleaner, and
    the pid of this process."""
    used = cleaner.parallel._use_fork() if fork is None else fork
    real = cleaner.parallel._use_fork
    cleaner.parallel._use_fork = lambda: used  # type: ignore[assignment]
    try:
        obj = CountsPickles()
        out = list(map_ordered(tag, range(40), obj, 2, window=3))  # type: ignore[arg-type]
    finally:
        cleaner.parallel._use_fork = real  # type: ignore[assignment]
    return used, out, obj.pickled, os.getpid()


@pytest.mark.parametrize("fork", [True, False])
def test_order_and_single_pickle(fork: bool) -> None:
    if fork and not sys.platform.startswith("linux"):
        pytest.skip("fork is used on Linux only")
    # fork: in a fresh process, where fork is the default (a process with one thread);
    # this one has threads if pandas or dask were imported by a test before this one
    if fork:
        used, out, pickled, pid = in_fresh_process("test_parallel", "_order_run", None)
    else:
        used, out, pickled, pid = _order_run(False)
    assert used == fork
    assert [tuple(o[:2]) for o in out] == [(i, i * i) for i in range(40)]
    assert pickled == (0 if fork else 1)  # inherited by fork, else pickled once
    assert pid not in {o[2] for o in out}


def _clean_run(argv: list[str]) -> tuple[int, list[bool]]:
    """``main(argv)``, and for each process pool it made, whether it forked."""
    forked: list[bool] = []
    real = cleaner.parallel._pool

    def spy(c: Cleaner, jobs: int) -> ProcessPoolExecutor:
        forked.append(cleaner.parallel._use_fork())
        return real(c, jobs)

    cleaner.parallel._pool = spy  # type: ignore[assignment]
    try:
        return main(argv), forked
    finally:
        cleaner.parallel._pool = real  # type: ignore[assignment]


def test_cleaner_clean_forks_its_workers(tmp_path: Path) -> None:
    """Nothing `cleaner clean` imports starts a thread, so its --jobs workers fork (and
    share the compiled rules) on Linux: importing numpy, say, starts OpenBLAS threads,
    and every run would pickle the rules to forkserver workers instead. Run in a fresh
    process, as the command runs, whatever other tests left in this one."""
    if not sys.platform.startswith("linux"):
        pytest.skip("fork is used on Linux only")
    src = tmp_path / "in"
    src.mkdir()
    for n in range(6):  # 100 kB each: more than one batch
        (src / f"{n}.txt").write_text(article(n) * 250, "utf-8")
    argv = ["clean", str(src), "-o", str(tmp_path / "out"), "--rules", str(RULES), "--jobs", "2", "-q"]
    assert in_fresh_process("test_parallel", "_clean_run", argv) == [0, [True]]


def test_one_job_runs_in_process() -> None:
    obj = CountsPickles()
    out = list(map_ordered(tag, range(5), obj, 1))  # type: ignore[arg-type]
    assert [o[2] for o in out] == [os.getpid()] * 5 and obj.pickled == 0


def test_no_more_workers_than_items(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool forks all of its workers at once: --jobs 20 over 3 files started 20."""
    started: list[int] = []
    real_pool = cleaner.parallel._pool

    def spy(c: object, jobs: int) -> object:
        started.append(jobs)
        return real_pool(c, jobs)  # type: ignore[arg-type]

    monkeypatch.setattr(cleaner.parallel, "_pool", spy)
    obj = CountsPickles()
    out = list(map_ordered(tag, range(3), obj, 20))  # type: ignore[arg-type]
    assert [o[:2] for o in out] == [(0, 0), (1, 1), (2, 4)] and started == [3]
    out = list(map_ordered(tag, iter([7]), obj, 20))  # type: ignore[arg-type]
    assert out == [(7, 49, os.getpid())] and started == [3]  # one item: no pool at all
    assert list(map_ordered(tag, [], obj, 20)) == [] and started == [3]  # type: ignore[arg-type]


def test_worker_count_is_capped_per_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cleaner.parallel, "default_jobs", lambda: 2)
    assert cleaner.parallel.worker_count(None) == (2, None)
    assert cleaner.parallel.worker_count(8) == (8, None)
    jobs, note = cleaner.parallel.worker_count(100000)
    assert jobs == 2 * cleaner.parallel.WORKERS_PER_CORE
    assert note is not None and note.startswith("--jobs 100000: using 8 workers")
