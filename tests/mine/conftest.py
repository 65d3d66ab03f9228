# Fixtures of the mining tests: a synthetic JSONL corpus and the result of mining it once.
from __future__ import annotations

from pathlib import Path

import pytest
from minehelp import write_jsonl

from cleaner.mine.corpus import Corpus, Grouping
from cleaner.mine.count import CountSettings
from cleaner.mine.miner import MineResult, MineSettings, mine


@pytest.fixture(scope="session")
def corpus_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("corpus") / "pages.jsonl"
    write_jsonl(p)
    return p


@pytest.fixture(scope="session")
def mined(corpus_path: Path) -> MineResult:
    settings = MineSettings(CountSettings(min_docs=4, min_share=0.1, sketch_mb=1), sample_docs=50)
    return mine(Corpus([corpus_path], Grouping("domain")), settings)
