# `cleaner mine`: find boilerplate repeated across the documents of a site (or any group)
# and draft reviewable rules for it; this package re-exports the entry points.
"""Mine a corpus for repeated boilerplate and write draft rules.

See :mod:`cleaner.mine.miner` for the run, :mod:`cleaner.mine.count` for the bounded
memory counting, :mod:`cleaner.mine.filters` for what is rejected as content and
:mod:`cleaner.mine.drafts` for the rule format written.
"""

from cleaner.mine.corpus import Corpus, Grouping, MineDoc
from cleaner.mine.count import CountSettings
from cleaner.mine.miner import MineError, MineResult, MineSettings, mine, write_drafts
from cleaner.mine.report import write_report

__all__ = [
    "Corpus",
    "CountSettings",
    "Grouping",
    "MineDoc",
    "MineError",
    "MineResult",
    "MineSettings",
    "mine",
    "write_drafts",
    "write_report",
]
