# Fixtures of the CLI tests: input trees built fresh in a temporary folder per test.
from __future__ import annotations

from pathlib import Path

import pytest
from clihelp import make_bad_tree, make_good_tree


@pytest.fixture()
def good_tree(tmp_path: Path) -> Path:
    return make_good_tree(tmp_path / "in")


@pytest.fixture()
def bad_tree(tmp_path: Path) -> Path:
    return make_bad_tree(tmp_path / "in")
