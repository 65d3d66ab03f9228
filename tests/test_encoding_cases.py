# The data-driven case table of the encoding stage (tests/data/encoding_cases.json):
# mojibake, lost characters, leftovers and negatives; known failures run as strict xfail.
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner.encoding import REPAIR_STEPS, EncodingOptions, repair
from cleaner.removals import EditLog, apply_removals, restore

CASES = json.loads((Path(__file__).parent / "data" / "encoding_cases.json").read_text(encoding="utf-8"))[
    "cases"
]


def _params():
    for case in CASES:
        marks = []
        if case["kind"] == "known-failure":
            marks.append(pytest.mark.xfail(strict=True, reason=case.get("note", "known failure")))
        yield pytest.param(case, id=case["id"], marks=marks)


def test_table_is_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    kinds = {c["kind"] for c in CASES}
    assert {"in-the-wild", "mojibake", "lost-chars", "negative", "known-failure"} <= kinds
    for c in CASES:
        assert set(c.get("rules", [])) <= set(REPAIR_STEPS), c["id"]
        if c["kind"] == "negative":
            assert c["input"] == c["expected"] and c["rules"] == [], c["id"]


@pytest.mark.parametrize("case", list(_params()))
def test_case(case):
    steps = frozenset(case.get("steps", REPAIR_STEPS))
    options = EncodingOptions(**case.get("options", {}))
    log = EditLog(case["input"])
    repair(log, steps, options)
    assert log.current == case["expected"]
    assert restore(log.current, log.removals) == case["input"]
    assert apply_removals(case["input"], log.removals) == log.current
    assert all(r.category == "encoding" for r in log.removals)
    if "rules" in case:
        assert {r.rule for r in log.removals} == set(case["rules"])
