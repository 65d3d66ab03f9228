# Tests of cleaner.summary: counting a result, merging summaries from workers, the table.
from __future__ import annotations

from cleaner.pipeline import CleanResult
from cleaner.removals import Removal
from cleaner.summary import KEEP_NAMES, Summary
from cleaner.warnings import CleanWarning


def _result(rules: list[str], guard: bool = False) -> CleanResult:
    removals = tuple(Removal(r, "ads", i * 10, i * 10 + 4, "abcd", "") for i, r in enumerate(rules))
    warnings = (CleanWarning("guard", "too much"),) if guard else ()
    return CleanResult(text="x", removals=removals, warnings=warnings, input_text="x" * 100)


def test_merge_adds_counts_and_caps_names() -> None:
    parts = []
    for i in range(KEEP_NAMES + 5):
        s = Summary(files=1)
        s.add_result(_result(["a.b", "c.d"], guard=True), f"f{i}.txt")
        s.add_failure(f"f{i}.txt: bad", whole_file=i % 2 == 0)
        parts.append(s)
    total = Summary()
    for s in parts:
        total.merge(s)
    n = KEEP_NAMES + 5
    assert total.files == n and total.records == n
    assert total.changes_by_rule == {"a.b": n, "c.d": n}
    assert total.chars_removed == 8 * n and total.warnings["guard"] == n
    assert total.guard_trips == [f"f{i}.txt" for i in range(KEEP_NAMES)]
    assert total.files_failed + total.records_failed == n and total.failed
    table = total.table()
    assert "a.b" in table and "guard tripped" in table and "... and 5 more" in table


def test_table_of_empty_run() -> None:
    table = Summary().table()
    assert table.startswith("cleaner: summary") and "files" in table
    assert not Summary().failed
