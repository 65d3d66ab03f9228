# Unit and property tests of the removal log: composing stage edits into input
# offsets, restore() and apply_removals() as exact inverses.
from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.errors import RestoreError
from cleaner.removals import Edit, EditLog, Removal, apply_removals, restore


def _edit(s: int, e: int, rep: str = "", rule: str = "t.r") -> Edit:
    return Edit(s, e, rep, rule, "other")


def test_single_stage_roundtrip():
    log = EditLog("hello cruel world")
    log.apply([_edit(5, 11)])
    assert log.current == "hello world"
    assert log.removals == [Removal("t.r", "other", 5, 11, " cruel", "")]
    assert restore(log.current, log.removals) == "hello cruel world"


def test_later_edit_absorbs_earlier_replacement():
    log = EditLog("aaXbb")
    log.apply([_edit(2, 3, "YY", "enc.fix")])  # aaYYbb
    log.apply([_edit(1, 5, "", "rule.drop")])  # a + b
    assert log.current == "ab"
    assert len(log.removals) == 1
    r = log.removals[0]
    assert (r.rule, r.start, r.end, r.text) == ("rule.drop", 1, 4, "aXb")
    assert restore(log.current, log.removals) == "aaXbb"


def test_deletion_is_split_around_earlier_deletion():
    log = EditLog("a\nJUNK\n\nb")
    log.apply([_edit(2, 7, "", "pack.junk")])  # a\n\nb
    log.apply([_edit(1, 2, "", "whitespace.blank-lines")])
    rules = [r.rule for r in log.removals]
    assert "pack.junk" in rules and "whitespace.blank-lines" in rules
    assert restore(log.current, log.removals) == "a\nJUNK\n\nb"


def test_partial_overlap_expands_to_earlier_record():
    log = EditLog("0123456789")
    log.apply([_edit(3, 6, "X")])  # 012X6789
    log.apply([_edit(2, 4, "", "b.b")])  # 01 + 6789? removes '2X'
    assert log.current == "016789"
    assert restore(log.current, log.removals) == "0123456789"


def test_restore_rejects_log_that_does_not_fit():
    with pytest.raises(RestoreError):
        restore("abc", [Removal("x.y", "other", 1, 2, "Q", "Z")])


@pytest.mark.parametrize(
    ("removals", "message"),
    [
        ([Removal("r", "c", -2, 0, "xy")], "removal at -2 (r): 'start' is -2: an offset cannot be negative"),
        ([Removal("r", "c", 2, 1, "x")], "removal at 2 (r): 'end' (1) is before 'start' (2)"),
        (
            [Removal("r", "c", 0, 3, "xy")],
            "removal at 0 (r): 'end' - 'start' is 3, but 'text' has 2 characters",
        ),
        (
            [Removal("a", "c", 0, 2, "xy"), Removal("b", "c", 1, 2, "y")],
            "removal at 1 (b) overlaps the previous one, at 0-2 (a)",
        ),
        (
            [Removal("r", "c", 9, 10, "x")],
            "removal at 9 (r) lies past the end of the clean text: it would be at clean offset 9, "
            "and the clean text has 3 characters",
        ),
    ],
)
def test_restore_says_what_is_wrong_with_a_removal(removals, message):
    with pytest.raises(RestoreError) as info:
        restore("abc", removals)
    assert str(info.value) == message


def test_removal_dict_roundtrip():
    r = Removal("a.b", "ads", 3, 5, "xx", "", 0.7)
    assert Removal.from_dict(r.to_dict()) == r


_GOOD = {"rule": "r", "category": "c", "start": 0, "end": 1, "text": "x", "replacement": ""}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": None}, "'text' is null, not a string"),
        ({"category": ...}, "'category' is missing"),  # ...: the key is dropped
        ({"rule": 3}, "'rule' is 3 (int), not a string"),
        ({"replacement": None}, "'replacement' is null, not a string"),
        ({"start": "0"}, "'start' is '0' (str), not an integer offset"),
        ({"end": 1.0}, "'end' is 1.0 (float), not an integer offset"),
        ({"start": True}, "'start' is True (bool), not an integer offset"),
        ({"start": -1, "end": 0}, "'start' is -1: an offset cannot be negative"),
        ({"start": 2, "end": 1}, "'end' (1) is before 'start' (2)"),
        ({"end": 3}, "'end' - 'start' is 3, but 'text' has 1 characters"),
        ({"score": "high"}, "'score' is 'high' (str), not a number"),
    ],
)
def test_from_dict_names_the_field_of_a_corrupt_record(change, message):
    d = {k: v for k, v in {**_GOOD, **change}.items() if v is not ...}
    with pytest.raises(RestoreError) as info:
        Removal.from_dict(d)
    assert str(info.value) == f"not a removal record: {message}"


def test_from_dict_takes_a_log_record():
    rec = {"file": "a.txt", "record": 4, **_GOOD, "score": 1}
    assert Removal.from_dict(rec) == Removal("r", "c", 0, 1, "x", "", 1.0)


@st.composite
def _stage(draw, length: int):
    """Sorted, non-overlapping, non-empty edits over a text of ``length``."""
    if length == 0:
        return []
    cuts = sorted(set(draw(st.lists(st.integers(0, length), max_size=8))))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        if b > a:
            edits.append(
                _edit(
                    a,
                    b,
                    draw(st.sampled_from(["", "", "x", "yz", "\n"])),
                    draw(st.sampled_from(["p.a", "p.b"])),
                )
            )
    return edits


@given(st.text(max_size=60), st.data())
def test_any_sequence_of_stages_restores_exactly(text, data):
    log = EditLog(text)
    for _ in range(data.draw(st.integers(1, 4))):
        log.apply(data.draw(_stage(len(log.current))))
        assert restore(log.current, log.removals) == text
        assert apply_removals(text, log.removals) == log.current
    starts = [(r.start, r.end) for r in log.removals]
    assert starts == sorted(starts)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(starts))
