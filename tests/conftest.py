# Shared test set-up: hypothesis profiles, paths of the repo's rules and seeds.
# The "ci" profile keeps property tests deterministic and bounded in time.
from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# numpy (which the miner uses) starts an OpenBLAS thread when it is imported, and
# cleaner.parallel forks only a process with one thread. `cleaner clean` never imports
# numpy, so it forks its workers; without this, every in-process --jobs test after the
# first numpy import would take the forkserver path instead of the one users get. No test
# may depend on this process forking: pandas, pyarrow and dask (test_distributed) leave
# threads no setting stops; a test that needs fork runs in a fresh process
# (clihelp.in_fresh_process), and test_parallel checks there that `cleaner clean` forks.
os.environ["OPENBLAS_NUM_THREADS"] = "1"

# A shell without job control starts a background job (`pytest &`, a CI step run so) with
# Ctrl-C ignored, and every `cleaner clean` a test starts inherited that: the tests that
# stop a run with SIGINT then found it still running. A handler (not an ignore) in this
# process leaves the children the default, as a terminal gives a user.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
SEEDS = ROOT / "seeds"


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}


@pytest.fixture(scope="module", autouse=True)
def _module_leaves_the_process_as_it_found_it() -> Iterator[None]:
    """Each test module leaves this process's environment variables and working folder as
    they were, so that no test passes or fails for the modules run before it: a variable a
    library set (OMP_NUM_THREADS, PYTHONHASHSEED) reached every later subprocess."""
    env, cwd = _environment(), os.getcwd()
    yield
    now = _environment()
    changed = sorted(k for k in set(env) | set(now) if env.get(k) != now.get(k))
    assert not changed, f"the module left environment variables changed: {changed}"
    assert os.getcwd() == cwd, f"the module left the working folder at {os.getcwd()}"


@pytest.fixture(scope="session")
def default_cleaner():
    import cleaner

    return cleaner.Cleaner()
