# Test helper: load a script of benchmarks/ as a module, so its scoring and data handling
# can be tested without running it on the eval data.
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

_BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load_benchmark(name: str) -> ModuleType:
    """``benchmarks/<name>.py`` as a module named ``<name>_under_test``, with
    ``benchmarks/`` importable as it is when the script runs (its shared ``corpus``)."""
    if str(_BENCHMARKS) not in sys.path:
        sys.path.append(str(_BENCHMARKS))
    spec = importlib.util.spec_from_file_location(f"{name}_under_test", _BENCHMARKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
