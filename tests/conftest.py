# Shared test set-up: hypothesis profiles, paths of the repo's rules and seeds.
# The "ci" profile keeps property tests deterministic and bounded in time.
from __future__ import annotations

import os
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
# numpy, so it forks its workers; without this, every test after the first numpy import
# would run the --jobs paths by forkserver instead, and the fork tests would be skipped.
os.environ["OPENBLAS_NUM_THREADS"] = "1"

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def default_cleaner():
    import cleaner

    return cleaner.Cleaner()
