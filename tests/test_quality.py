# Tests of benchmarks/quality.py's scoring: the benchmark's shingle method, snippet matching with
# its map back to the input, and charging lost gold shingles to the rule that removed them.
from __future__ import annotations

from collections import Counter

import pytest
from benchhelp import load_benchmark

from cleaner.removals import Removal


@pytest.fixture(scope="module")
def q():
    return load_benchmark("quality")


def test_tokens_are_nfc_words(q):
    words = ["Café", "au", "lait", "s", "il", "vous", "plaît"]
    assert q.tokens("Cafe\u0301 au lait, s'il vous plaît") == words


def test_short_text_is_one_shingle(q):
    assert q.shingle_list(["a", "b"]) == [("a", "b")]
    assert q.shingle_list(["a", "b", "c", "d", "e"]) == [("a", "b", "c", "d"), ("b", "c", "d", "e")]
    assert q.shingle_list([]) == []


def test_counts_and_macro_average(q):
    gold = Counter(q.shingle_list(q.tokens("one two three four five")))
    pred = Counter(q.shingle_list(q.tokens("one two three four five six")))
    c = q.shingle_counts(gold, pred)  # tp 2, fp 1, fn 0, normalised by 3
    assert (c.tp, c.fp, c.fn) == pytest.approx((2 / 3, 1 / 3, 0.0))
    assert c.precision == pytest.approx(2 / 3) and c.recall == 1.0
    empty = q.shingle_counts(gold, Counter())
    s = q.macro_score([c, empty])  # P over the non-empty prediction only, R over both
    assert s.precision == pytest.approx(2 / 3) and s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_snippet_norm_map_points_into_the_input(q):
    text = "A  first\n line\u00a0here"
    norm, omap = q.snippet_norm_with_map(text)
    assert norm == q.snippet_norm(text) == "A first line here"
    pos = norm.index("line")
    assert text[omap[pos] : omap[pos + 3] + 1] == "line"


def test_lost_gold_is_charged_to_the_rule_that_removed_it(q):
    original = "Keep this whole sentence here.\nShare this story now please\nBut this part is gold too."
    gold = "Keep this whole sentence here. But this part is gold too."
    start = original.index("Share")
    end = original.index("But")
    debris = Removal("share.line", "share", start, end, original[start:end])
    cut = original.index("But this part")
    gold_cut = Removal("demo.greedy", "other", cut, len(original), original[cut:])
    clean = original[:start]
    tally: dict = {}
    losses = q.attribute_shingles(original, clean, gold, [debris, gold_cut], tally)
    assert tally["share.line"].gold_lost == 0 and tally["share.line"].removed > 0
    assert tally["demo.greedy"].gold_lost > 0
    assert [rule for rule, _, _ in losses] == ["demo.greedy"]


def test_leaked_snippet_is_reported_with_its_line(q):
    text = "Title\nThe vote is in June.  Sign up\n  for our   newsletter today\nEnd."
    spread = "The vote is in June.  Sign up\n  for our   newsletter today"
    assert q._line_of(text, "Sign up for our newsletter") == spread
    assert q._line_of(text, "End.") == "End."
    assert q._line_of(text, "not there") == ""
