# Tests of cleaner.parallel: results in input order for any --jobs, and the cleaner
# object handed to the workers once for the whole pool (by fork, or one pickle), not per task.
from __future__ import annotations

import os
import sys

import pytest

import cleaner.parallel
from cleaner.parallel import map_ordered


class CountsPickles:
    """Stands in for a Cleaner; counts how often the parent pickles it."""

    def __init__(self) -> None:
        self.pickled = 0

    def __getstate__(self) -> dict[str, int]:
        self.pickled += 1
        return {"pickled": self.pickled}


def tag(cleaner: CountsPickles, item: int) -> tuple[int, int, int]:
    return item, item * item, os.getpid()


@pytest.mark.parametrize("fork", [True, False])
def test_order_and_single_pickle(fork: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if fork and not sys.platform.startswith("linux"):
        pytest.skip("fork is used on Linux only")
    # on Linux, the default path: a thread started by an earlier test (an import) must not
    # silently turn it off for the rest of the suite (see conftest.py)
    assert not fork or cleaner.parallel._use_fork(), "the test process has threads; fork is off"
    monkeypatch.setattr(cleaner.parallel, "_use_fork", lambda: fork)
    obj = CountsPickles()
    out = list(map_ordered(tag, range(40), obj, 2, window=3))  # type: ignore[arg-type]
    assert [o[:2] for o in out] == [(i, i * i) for i in range(40)]
    assert obj.pickled == (0 if fork else 1)  # inherited by fork, else pickled once
    assert os.getpid() not in {o[2] for o in out}


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
