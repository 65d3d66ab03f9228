# Unit tests of the rule stage: each matcher kind and action, regions, conditions,
# overlap resolution, passes to a fixpoint, the removal guard and regex time-outs.
from __future__ import annotations

import dataclasses
import pickle
import time
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rulehelp import ruleset

from cleaner import Cleaner, RuleSet, engine, restore
from cleaner.engine import EngineSettings, run_rules
from cleaner.errors import RuleSchemaError
from cleaner.matchers.base import REGEX_POSITIONAL, RegexTimeout
from cleaner.removals import EditLog


def run(rs, text, source=None, **kw):
    c = Cleaner(rs, select=None, ignore=["encoding"], max_removal=kw.pop("max_removal", 1.0), **kw)
    r = c.clean(text, source=source)
    assert restore(r.text, r.removals) == text
    return r


def test_literal_whole_line_drops_line_and_keeps_prose():
    rs = ruleset(
        {"id": "t.src", "match": {"literal": ["Source link"], "whole_line": True}, "action": "drop-line"}
    )
    r = run(rs, "Body text.\nSource link\nThe Source link is here.")
    assert r.text == "Body text.\nThe Source link is here."
    assert [x.rule for x in r.removals] == ["t.src"]
    assert r.removals[0].text == "Source link\n"


def test_literal_span_respects_word_boundaries():
    rs = ruleset({"id": "t.adv", "match": {"literal": "ADVERT"}, "action": "drop-span"})
    r = run(rs, "One ADVERT two ADVERTS three")
    assert r.text == "One two ADVERTS three"


def test_drop_span_that_empties_line_drops_line():
    rs = ruleset({"id": "t.x", "match": {"pattern": r"\[x\]"}, "action": "drop-span"})
    assert run(rs, "a\n  [x]  \nb").text == "a\nb"


def test_line_matcher_cannot_join_lines():
    rs = ruleset({"id": "t.l", "match": {"line": r"Foo\s+Bar"}, "action": "drop-line"})
    assert run(rs, "Foo\nBar\nFoo  Bar\nend").text == "Foo\nBar\nend"


def test_ignore_case():
    rs = ruleset({"id": "t.l", "match": {"line": "latest posts", "ignore_case": True}, "action": "drop-line"})
    assert run(rs, "Text.\n\nLATEST POSTS").text == "Text."


def test_replace_with_template():
    rs = ruleset(
        {"id": "t.r", "match": {"pattern": r"(\w+)\?s\b"}, "action": "replace", "replacement": "\\1’s"}
    )
    r = run(rs, "the president?s car")
    assert r.text == "the president’s car"
    assert r.removals[0].replacement == "president’s"


def test_block_until_end_pattern():
    rs = ruleset(
        {
            "id": "t.form",
            "match": {"block": {"start": "Leave a Reply", "end": "Δ", "max_lines": 6}},
            "action": "drop-block",
        }
    )
    text = "Story.\n\nLeave a Reply\nName *\nEmail *\nΔ\n\nAfter."
    assert run(rs, text).text == "Story.\n\nAfter."
    # too long: not a match
    long = "Story.\n\nLeave a Reply\n" + "x\n" * 10 + "Δ"
    assert run(rs, long).text == long


def test_block_until_blank_and_max_lines():
    rs = ruleset(
        {"id": "t.rel", "match": {"block": {"start": "Related:", "max_lines": 3}}, "action": "drop-block"}
    )
    assert run(rs, "A.\n\nRelated:\nOne\nTwo\n\nB.").text == "A.\n\nB."
    kept = "A.\n\nRelated:\nOne\nTwo\nThree\n\nB."
    assert run(rs, kept).text == kept


def test_region_last_paragraphs():
    rs = ruleset(
        {
            "id": "t.tail",
            "match": {"literal": "Subscribe", "whole_line": True},
            "action": "drop-line",
            "region": {"last_paragraphs": 1},
        }
    )
    assert run(rs, "Subscribe\n\nBody.\n\nSubscribe").text == "Subscribe\n\nBody."


def test_region_first_lines_counts_non_blank_lines():
    rs = ruleset(
        {
            "id": "t.head",
            "match": {"line": r"\d+(?:\.\d)? C"},
            "action": "drop-line",
            "region": {"first_lines": 2},
        }
    )
    assert run(rs, "\n\n4.4 C\nTitle\nBody\n12 C").text == "Title\nBody\n12 C"
    # regions are taken on the text as it stands after earlier removals, which is
    # what makes cleaning idempotent: here 12 C becomes the second line
    assert run(rs, "\n\n4.4 C\nTitle\n12 C").text == "Title"


def test_domain_condition():
    rs = ruleset(
        {
            "id": "t.site",
            "match": {"literal": "Boilerplate line", "whole_line": True},
            "action": "drop-line",
            "when": {"domains": ["example.com"]},
        }
    )
    text = "Boilerplate line\nBody."
    assert run(rs, text, source="https://www.news.example.com/a").text == "Body."
    assert run(rs, text, source="https://other.org/a").text == text
    assert run(rs, text).text == text


def test_min_lines_condition():
    rs = ruleset(
        {
            "id": "t.m",
            "match": {"literal": "Menu", "whole_line": True},
            "action": "drop-line",
            "when": {"min_lines": 3},
        }
    )
    assert run(rs, "Menu\nA").text == "Menu\nA"
    assert run(rs, "Menu\nA\nB").text == "A\nB"


def test_exclude_vetoes_hit():
    rs = ruleset({"id": "t.cap", "match": {"line": r".+\| AFP", "exclude": ["said"]}, "action": "drop-line"})
    assert run(rs, "Kim waves | AFP\nHe said | AFP\nx").text == "He said | AFP\nx"


def test_passes_reach_fixpoint_with_regions():
    # after "Don't Miss" goes, "Latest Posts" becomes the last line and matches too
    rs = ruleset(
        {
            "id": "t.last",
            "match": {"literal": ["Latest Posts", "Don't Miss"], "whole_line": True},
            "action": "drop-line",
            "region": {"last_lines": 1},
        }
    )
    r = run(rs, "Body.\nLatest Posts\nDon't Miss")
    assert r.text == "Body."
    c = Cleaner(rs, ignore=["encoding"])
    assert c.clean(r.text).text == r.text


def test_overlapping_hits_earliest_then_longest_wins():
    rs = ruleset(
        {"id": "t.a", "match": {"pattern": "bc"}, "action": "replace", "replacement": "X"},
        {"id": "t.b", "match": {"pattern": "abcd"}, "action": "replace", "replacement": "Y"},
    )
    r = run(rs, "zabcdz")
    assert r.text == "zYz"
    assert [x.rule for x in r.removals] == ["t.b"]


def test_guard_leaves_document_unchanged():
    rs = ruleset({"id": "t.all", "match": {"line": ".+"}, "action": "drop-line"})
    c = Cleaner(rs, ignore=["encoding"])
    r = c.clean("one\ntwo\nthree")
    assert r.text == "one\ntwo\nthree" and not r.removals
    assert [w.code for w in r.warnings] == ["guard"]


def test_guard_threshold_is_configurable():
    rs = ruleset({"id": "t.one", "match": {"literal": "drop me", "whole_line": True}, "action": "drop-line"})
    text = "drop me\nkeep"
    assert Cleaner(rs, ignore=["encoding"]).clean(text).text == text
    assert Cleaner(rs, ignore=["encoding"], max_removal=0.9).clean(text).text == "keep"


_THREAD = {
    "id": "t.thread",
    "match": {"block": {"start": "Top Comments", "until": "end"}},
    "action": "drop-block",
}
_ARTICLE = "The council voted on Monday to close the old bridge for repairs.\n"
_THREAD_TEXT = "Top Comments\n" + "".join(
    f"Reader {i} wrote a long comment about the bridge.\n" for i in range(6)
)


def test_guard_measures_a_thread_cut_against_the_article_above_it():
    # the thread is most of the page; what the rules take from the article is nothing
    text = _ARTICLE * 3 + _THREAD_TEXT
    r = Cleaner(ruleset(_THREAD), ignore=["encoding"]).clean(text)
    assert not r.warnings and r.text == (_ARTICLE * 3).rstrip("\n")
    assert restore(r.text, r.removals) == text


def test_guard_still_counts_other_removals_beside_a_thread_cut():
    line = {"id": "t.council", "match": {"line": "The council .*"}, "action": "drop-line"}
    text = _ARTICLE * 3 + "It reopens in May.\n" + _THREAD_TEXT
    r = Cleaner(ruleset(_THREAD, line), ignore=["encoding"]).clean(text)
    assert [w.code for w in r.warnings] == ["guard"]
    assert not [x for x in r.removals if x.rule.startswith("t.")]


def test_guard_counts_a_thread_cut_that_leaves_almost_nothing():
    text = "Short intro.\n" + _THREAD_TEXT * 3
    r = Cleaner(ruleset(_THREAD), ignore=["encoding"]).clean(text)
    assert [w.code for w in r.warnings] == ["guard"]
    assert not [x for x in r.removals if x.rule.startswith("t.")]


def test_guard_counts_line_drops_that_reach_the_end():
    # only a rule that declares a cut to the end (block until: end) is measured apart
    reader = {"line": "(?:Top Comments|Reader \\d .*)"}
    rs = ruleset({"id": "t.reader", "match": reader, "action": "drop-line"})
    text = _ARTICLE * 3 + _THREAD_TEXT
    r = Cleaner(rs, ignore=["encoding"]).clean(text)
    assert [w.code for w in r.warnings] == ["guard"]
    assert not [x for x in r.removals if x.rule.startswith("t.")]


_PHP = {
    "id": "t.php",
    "confidence": "high",
    "guard": "exempt",
    "match": {"line": r"Warning: [^\n]+ on line \d+"},
    "action": "drop-line",
}
_WARNINGS = "".join(f"Warning: Undefined index {i} in /www/site/theme.php on line {i}\n" for i in range(6))


def test_guard_does_not_weigh_exempt_rules():
    # the warnings are most of the page; an exempt rule's removals are not weighed
    text = _WARNINGS + _ARTICLE * 2
    r = Cleaner(ruleset(_PHP), ignore=["encoding"]).clean(text)
    assert not r.warnings and r.text == (_ARTICLE * 2).rstrip("\n")
    assert {x.rule for x in r.removals if x.rule.startswith("t.")} == {"t.php"}
    assert restore(r.text, r.removals) == text


def test_guard_weighs_other_rules_against_what_exempt_rules_leave():
    # beside the exempt removals, the other rules take all the text that is left: the
    # guard stops them, and the exempt rules alone still clean the page
    line = {"id": "t.council", "match": {"line": "The council .*"}, "action": "drop-line"}
    text = _WARNINGS + _ARTICLE * 2 + "It reopens in May.\n"
    c = Cleaner(ruleset(_PHP, line), ignore=["encoding"])
    r = c.clean(text)
    assert [w.code for w in r.warnings] == ["guard"]
    assert "rules would remove 88% of the text" in r.warnings[0].message
    assert "only the guard-exempt rules were applied" in r.warnings[0].message
    assert {x.rule for x in r.removals if x.rule.startswith("t.")} == {"t.php"}
    assert r.text == (_ARTICLE * 2 + "It reopens in May.").strip()
    assert restore(r.text, r.removals) == text
    again = c.clean(r.text)  # the guard stops the other rules again: nothing more goes
    assert again.text == r.text and [w.code for w in again.warnings] == ["guard"]


def test_guard_keeps_exempt_removals_only_if_the_rules_would_stop_again():
    # t.before drops a line only when a PHP warning follows it: on the page it would take
    # most of the article, but once the exempt rule took the warnings it takes nothing,
    # so keeping the exempt removals would let a second cleaning remove more; nothing is
    # applied instead
    before = {"id": "t.before", "match": {"pattern": "^The council [^\n]*\n(?=Warning: )"}}
    before["action"] = "drop-span"
    warnings = _WARNINGS.splitlines(keepends=True)
    text = "".join(_ARTICLE + warnings[i] for i in range(3)) + "It reopens in May.\n"
    c = Cleaner(ruleset(_PHP, before), ignore=["encoding"])
    r = c.clean(text)
    assert [w.code for w in r.warnings] == ["guard"]
    assert "left unchanged by rules" in r.warnings[0].message
    assert r.text == text.rstrip("\n") and not [x for x in r.removals if x.rule.startswith("t.")]
    assert c.clean(r.text).text == r.text


def test_guard_exempt_needs_high_confidence():
    with pytest.raises(RuleSchemaError, match="guard: exempt goes only with confidence: high"):
        ruleset({**_PHP, "confidence": "medium"})


def test_timeout_is_a_warning_not_a_silent_no_match():
    rs = ruleset(
        {"id": "t.slow", "match": {"pattern": "(a|aa)+$"}, "action": "drop-span"},
        {"id": "t.ok", "match": {"literal": "Source link", "whole_line": True}, "action": "drop-line"},
    )
    text = "a" * 60 + "b\nSource link"
    r = run(rs, text, rule_timeout=0.05)
    assert r.text == "a" * 60 + "b"
    assert [(w.code, w.rule) for w in r.warnings] == [("rule-timeout", "t.slow")]
    # what to do about it: the rule is named, and so is the check that finds the cause
    assert "`cleaner rules lint` on its file checks its regexes for backtracking" in r.warnings[0].message


def test_a_rule_slow_on_many_lines_it_does_not_take_still_times_out():
    """The limit is the rule's, over all its lines: lines that each stay under it but do
    not match used to add up (47 s on a 250 KB page) with no warning."""
    rs = ruleset({"id": "t.slowline", "match": {"line": "Accept[ \t]*:?"}, "action": "drop-line"})
    text = "Intro.\n" + ("Accept" + " " * 3000 + "x\n") * 40 + "The end."
    r = Cleaner(rs, rule_timeout=0.2).clean(text)
    assert [(w.code, w.rule) for w in r.warnings] == [("rule-timeout", "t.slowline")]
    assert restore(r.text, r.removals) == text


def _run_on(engine: str, rs, text: str, timeout: float) -> tuple[tuple, str]:
    """(warnings, clean text) of the rules ``rs`` on ``text`` with ``rule_timeout=timeout``,
    by the compiled scanner or by the reference engine (every rule's own ``find``)."""
    if engine == "compiled":
        r = run(rs, text, rule_timeout=timeout)
        return r.warnings, r.text
    log = EditLog(text)
    warnings = tuple(run_rules(log, rs, None, EngineSettings(max_removal=1.0, rule_timeout=timeout)))
    return warnings, log.current


class _Clock:
    """A clock that moves on ``step`` seconds each time it is read. As the rules' clocks
    (``time.thread_time``, and ``time.perf_counter``, which bounds it: see ``Budget``), a
    rule that reads the time before each regex call, as it must to keep to its limit, then
    spends ``step`` on each call however fast the machine is; one that reads it only when
    it finds something is never stopped, however many calls it makes."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def _slow_clocks(monkeypatch, step: float) -> None:
    """Every read of the rules' clocks (CPU and wall) takes ``step`` seconds."""
    monkeypatch.setattr(time, "thread_time", _Clock(step))
    monkeypatch.setattr(time, "perf_counter", _Clock(step))


class _SetClock:
    """A clock that reads ``now`` and counts its reads."""

    def __init__(self) -> None:
        self.now = 100.0
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.now


def test_a_budget_reads_the_cpu_clock_only_past_two_ms_and_never_counts_waiting(monkeypatch):
    """The CPU clock is a system call, read before every regex call: a budget takes the
    wall time, which the CPU time cannot exceed, until 2 ms have passed; after that it
    reads the CPU clock, so that the time its thread waited is not counted."""
    from cleaner.matchers.base import Budget

    cpu, wall = _SetClock(), _SetClock()
    monkeypatch.setattr(time, "thread_time", cpu)
    monkeypatch.setattr(time, "perf_counter", wall)
    budget = Budget(1.0)
    cpu.now += 0.0005
    wall.now += 0.001
    assert budget.left() == pytest.approx(0.999)  # at most 2 ms more than the CPU took
    assert cpu.reads == 1  # when the budget was made only
    wall.now += 5.0  # the thread waited for the interpreter lock, or a core
    cpu.now += 0.3
    assert budget.left() == pytest.approx(0.6995)
    assert budget.close() == pytest.approx(0.3005)
    cpu.now += 0.8
    with pytest.raises(RegexTimeout):
        budget.left()


def test_budgets_from_one_clock_share_a_cpu_reading_less_than_two_ms_old(monkeypatch):
    """The rules of a pass make their budgets from one CpuClock: a budget made less than
    2 ms (wall) after the last CPU reading starts from it, without a system call, and so
    counts at most 2 ms more than its own turn took, never less; a later one reads anew."""
    from cleaner.matchers.base import Budget, CpuClock

    cpu, wall = _SetClock(), _SetClock()
    monkeypatch.setattr(time, "thread_time", cpu)
    monkeypatch.setattr(time, "perf_counter", wall)
    clock = CpuClock()
    assert cpu.reads == 1
    wall.now += 0.0015  # an earlier rule's turn
    cpu.now += 0.0015
    budget = Budget(1.0, clock)
    assert cpu.reads == 1  # the reading is 1.5 ms old: no new read
    wall.now += 5.0  # this turn waited for a core, and took 0.3 s of CPU time
    cpu.now += 0.3
    assert budget.close() == pytest.approx(0.3015)  # the earlier turn's 1.5 ms counted too
    assert cpu.reads == 2
    later = Budget(1.0, clock)  # 5 s after the clock's last reading
    assert cpu.reads == 3
    wall.now += 5.0
    cpu.now += 0.2
    assert later.close() == pytest.approx(0.2)
    cpu.now += 0.9
    with pytest.raises(RegexTimeout):
        later.left()


_PROSE = "A line of ordinary prose about the council"
#: (slow rule, text): the rule makes hundreds of regex calls that find nothing, then hits
#: its last line ("KEEP ..."), which a rule that ran out of time must leave in place
_MANY_CALLS = {
    # a score rule without strings to look for: every unit scored over the whole text
    "score": (
        {"match": {"score": {"threshold": 1, "features": [
            {"feature": "pattern", "weight": 1, "regex": r"^\d+ \w+$"}]}},
         "action": "drop-line"},
        "\n".join([_PROSE] * 300 + ["42 KEEP"]),
    ),
    # a score rule scored near its keyword only: each unit's keyword count is one call
    "score-near": (
        {"match": {"score": {"threshold": 2, "features": [
            {"feature": "keywords", "weight": 1, "phrases": ["Subscribe"]},
            {"feature": "short", "weight": 1, "max_words": 2}]}},
         "action": "drop-line"},
        "\n".join([f"Subscribe to {_PROSE}"] * 300 + ["Subscribe KEEP"]),
    ),
    # a block rule whose end regex is tried on every line of a block that never ends
    "block": (
        {"match": {"block": {"start": "Comments", "end": "Reply", "max_lines": 400}}, "action": "drop-block"},
        "\n".join(["Comments"] + [_PROSE] * 300 + ["Comments", "KEEP", "Reply"]),
    ),
    # a line rule that can see past its line (its lookbehind a line break): one match over
    # 300 lines, each line then re-checked alone
    "line": (
        {"match": {"line": r"(?<=\n)(?:\w+\s)*KEEP"}, "action": "drop-line"},
        "\n".join(["word"] * 300 + ["KEEP"]),
    ),
}


@pytest.mark.parametrize("engine", ["compiled", "reference"])
@pytest.mark.parametrize("case", sorted(_MANY_CALLS))
def test_a_rule_making_many_calls_that_find_nothing_still_times_out(monkeypatch, case, engine):
    """The limit is the rule's, over all its regex calls: a score rule scoring thousands of
    units, or a block rule trying its end on every line, each call well under the limit,
    used to run on with no warning, since the time was read only at a hit."""
    spec, text = _MANY_CALLS[case]
    rs = ruleset(
        {"id": "t.slow", **spec},
        {"id": "t.ok", "match": {"literal": "Source link", "whole_line": True}, "action": "drop-line"},
    )
    text = "Source link\n" + text
    _slow_clocks(monkeypatch, 0.001)  # 50 reads of the clock: 0.05 s
    warnings, out = _run_on(engine, rs, text, 0.05)
    assert [(w.code, w.rule) for w in warnings] == [("rule-timeout", "t.slow")]
    assert "KEEP" in out  # the slow rule's hit was not applied
    assert not out.startswith("Source link")  # the other rule's was


@pytest.mark.parametrize("case", sorted(_MANY_CALLS))
def test_time_a_rules_thread_spends_waiting_does_not_count(monkeypatch, case):
    """Eight threads sharing one Cleaner on two cores each wait for the interpreter lock
    most of the wall-clock time: counted, it timed rules out that a lone run finished, and
    the same text cleaned otherwise. A rule's time is its thread's CPU time."""
    spec, text = _MANY_CALLS[case]
    monkeypatch.setattr(time, "monotonic", _Clock(10.0))  # the wall clocks race on
    monkeypatch.setattr(time, "perf_counter", _Clock(10.0))
    monkeypatch.setattr(time, "time", _Clock(10.0))
    r = run(ruleset({"id": "t.slow", **spec}), text, rule_timeout=5.0)
    assert r.warnings == () and "KEEP" not in r.text


def test_the_rules_of_many_calls_hit_in_time():
    """The rules above, with the time they need, take what the test expects them not to."""
    for case, (spec, text) in sorted(_MANY_CALLS.items()):
        r = run(ruleset({"id": "t.slow", **spec}), text, rule_timeout=10.0)
        assert r.warnings == (), case
        assert "KEEP" not in r.text, case


@pytest.mark.parametrize("engine", ["compiled", "reference"])
def test_a_rules_time_limit_is_for_all_the_passes_over_a_document(monkeypatch, engine):
    """rule_timeout is the time one rule may spend on one document: a rule that took most
    of it in each pass used to go on for up to eight times as long (8 passes) unwarned."""
    rs = ruleset(
        # scores every line in every pass (65 reads of the clock in the first, of 100)
        {"id": "t.slow", "action": "drop-line", "match": {"score": {"threshold": 1, "features": [
            {"feature": "pattern", "weight": 1, "regex": r"^\d+ \w+$"}]}}},
        # takes one line in each pass: the passes go on
        {"id": "t.tail", "action": "drop-line", "match": {"literal": "tail", "whole_line": True},
         "region": {"last_lines": 1}},
    )
    text = "\n".join([_PROSE] * 28 + ["tail"] * 3)
    _slow_clocks(monkeypatch, 0.001)
    warnings, out = _run_on(engine, rs, text, 0.1)
    assert [(w.code, w.rule) for w in warnings] == [("rule-timeout", "t.slow")]
    assert out == "\n".join([_PROSE] * 28)


def _positional(method, string, pos, endpos, timeout):
    values = {"string": string, "pos": pos, "endpos": endpos, "concurrent": None,
              "partial": False, "overlapped": False, "timeout": timeout}
    return [values[name] for name in REGEX_POSITIONAL[method]]


@pytest.mark.parametrize("method", sorted(REGEX_POSITIONAL))
def test_regex_arguments_given_by_position_mean_what_they_say(method):
    """The hot regex calls pass their time limit by position (keyword arguments cost
    about 1 us a call). Were an order wrong, the limit would land in another argument: a
    true ``partial`` or ``overlapped`` finds other matches, and a catastrophic pattern
    runs unstopped. Each call built from REGEX_POSITIONAL must give what the same call
    with keywords gives, and time out on a pattern that takes a good fraction of a second."""
    import regex

    def call(pattern, *args):
        found = getattr(pattern, method)(*args)
        if method == "finditer":
            return [m.span() for m in found]
        return found.span() if found is not None else None

    def keywords(pattern, string, pos, endpos):
        found = getattr(pattern, method)(string, pos=pos, endpos=endpos, timeout=10.0)
        if method == "finditer":
            return [m.span() for m in found]
        return found.span() if found is not None else None

    for pattern, string, pos, endpos in [
        ("b+c", "xbbb", 1, 4),  # a partial match only
        ("b+c", "bbc bbc", 4, 7),
        ("aa", "aaaa", 0, 3),  # overlapping matches
        ("a", "aaaa", 2, 3),
    ]:
        compiled = regex.compile(pattern)
        assert call(compiled, *_positional(method, string, pos, endpos, 10.0)) == keywords(
            compiled, string, pos, endpos
        ), (pattern, string)
    text = "a" * 28  # (a|aa)+b: about 0.1 s on a fast machine without a limit
    with pytest.raises(TimeoutError):
        call(regex.compile(r"(a|aa)+b"), *_positional(method, text, 0, len(text), 0.0005))


class _Endless:
    """An exclude regex that never ends on its own (as ``(a|aa)+b`` on a long run of a's,
    2 s at 32 and hours at 50): like the ``regex`` module, it raises TimeoutError when
    given a time limit; searched without one, it fails the test instead of hanging it."""

    def search(
        self, text: str, pos=None, endpos=None, concurrent=None, partial=False, timeout: float | None = None
    ) -> None:
        if timeout is None:
            raise AssertionError("an exclude pattern was searched without a time limit")
        raise TimeoutError("regex timed out")


@pytest.mark.parametrize("engine", ["compiled", "reference"])
def test_an_exclude_pattern_runs_under_the_rule_time_limit(engine):
    """A rule's exclude patterns are its regexes too: a slow one used to run with no limit
    at all on each hit."""
    rs = ruleset(
        {"id": "t.menu", "match": {"pattern": "Menu a+", "exclude": ["b"]}, "action": "drop-span"},
        {"id": "t.ok", "match": {"literal": "Source link", "whole_line": True}, "action": "drop-line"},
    )
    menu = dataclasses.replace(rs.rules[0], exclude=(_Endless(),))
    rs = RuleSet((menu, rs.rules[1]))
    text = "Source link\nMenu aaaa\nThe council met on Monday."
    warnings, out = _run_on(engine, rs, text, 0.05)
    assert [(w.code, w.rule) for w in warnings] == [("rule-timeout", "t.menu")]
    assert out == "Menu aaaa\nThe council met on Monday."


def test_select_and_ignore_by_pack_category_and_id():
    rs = ruleset(
        {
            "id": "p.one",
            "category": "ads",
            "match": {"literal": "AAA1", "whole_line": True},
            "action": "drop-line",
        },
        {
            "id": "p.two",
            "category": "social",
            "match": {"literal": "BBB2", "whole_line": True},
            "action": "drop-line",
        },
        {
            "id": "q.three",
            "category": "ads",
            "match": {"literal": "CCC3", "whole_line": True},
            "action": "drop-line",
        },
    )
    text = "AAA1\nBBB2\nCCC3\nbody one\nbody two\nbody three"
    assert run(Cleaner(rs).rules, text).text == "body one\nbody two\nbody three"
    assert [r.id for r in Cleaner(rs, select=["ads"]).rules] == ["p.one", "q.three"]
    assert [r.id for r in Cleaner(rs, select=["p"], ignore=["p.two"]).rules] == ["p.one"]
    from cleaner.errors import RuleSelectionError

    with pytest.raises(RuleSelectionError):
        Cleaner(rs, select=["nope"])


def test_a_misspelt_selection_names_the_rule_pack_or_category_meant():
    from cleaner.errors import RuleSelectionError

    drop = {"match": {"literal": "AAA1"}, "action": "drop-span"}
    rs = ruleset(
        {"id": "social.tweet-embed", "category": "social", **drop},
        {"id": "share.buttons", "category": "share", **drop},
    )
    for wrong, meant in (("socail", "social"), ("share.buton", "share.buttons"), ("capton", "caption")):
        with pytest.raises(RuleSelectionError) as ei:
            Cleaner(rs, ignore=[wrong])
        assert str(ei.value) == f"{wrong!r} names no loaded rule, pack or category (did you mean {meant!r}?)"
    with pytest.raises(RuleSelectionError) as ei:
        Cleaner(rs, select=["zzzz"])
    assert "did you mean" not in str(ei.value)  # nothing close: no guess


def test_preview_rules_run_only_when_asked():
    rs = ruleset(
        {
            "id": "p.new",
            "status": "preview",
            "match": {"literal": "NEW1", "whole_line": True},
            "action": "drop-line",
        }
    )
    assert len(Cleaner(rs).rules) == 0
    assert len(Cleaner(rs, preview=True).rules) == 1
    assert len(Cleaner(rs, select=["p.new"]).rules) == 1


def test_opt_in_rules_run_only_when_enabled():
    from cleaner.errors import RuleSelectionError

    rs = ruleset(
        {"id": "p.base", "match": {"literal": "BASE1", "whole_line": True}, "action": "drop-line"},
        {
            "id": "wp.menu",
            "category": "navigation",
            "opt_in": True,
            "match": {"literal": "MENU1", "whole_line": True},
            "action": "drop-line",
        },
    )
    assert [r.id for r in Cleaner(rs).rules] == ["p.base"]
    for name in ("wp", "wp.menu", "navigation"):  # a pack, an id, a category
        assert [r.id for r in Cleaner(rs, enable=[name]).rules] == ["p.base", "wp.menu"]
    assert [r.id for r in Cleaner(rs, enable=["wp"], select=["wp"]).rules] == ["wp.menu"]
    assert [r.id for r in Cleaner(rs, enable=["wp"], ignore=["p"]).rules] == ["wp.menu"]
    # an enable that select makes a no-op ran nothing and said nothing
    leaves_out = r"enable 'wp' turns on rules that select \(p\) leaves out: select 'wp' too"
    with pytest.raises(RuleSelectionError, match=leaves_out):
        Cleaner(rs, enable=["wp"], select=["p"])
    assert [r.id for r in Cleaner(rs, enable=["wp"], ignore=["navigation"]).rules] == ["p.base"]
    assert [r.id for r in Cleaner(rs, select=["wp.menu"]).rules] == []  # select alone is not enough
    assert [r.id for r in Cleaner(rs, enable=["p", "whitespace"]).rules] == ["p.base"]  # no-ops
    with pytest.raises(RuleSelectionError, match="nope"):
        Cleaner(rs, enable=["nope"])
    c = pickle.loads(pickle.dumps(Cleaner(rs, enable=["wp"])))
    assert c.clean("MENU1\nBASE1\nbody one\nbody two").text == "body one\nbody two"


def test_builtin_steps_select_and_ignore():
    rs = ruleset({"id": "p.x", "match": {"literal": "XXX1", "whole_line": True}, "action": "drop-line"})
    assert "whitespace.trailing" in Cleaner(rs).steps
    assert "whitespace.trailing" not in Cleaner(rs, ignore=["whitespace"]).steps
    only = Cleaner(rs, select=["whitespace.trailing"])
    assert only.steps & {s for s in only.steps if s.startswith("whitespace")} == {"whitespace.trailing"}
    assert len(only.rules) == 0


def test_a_line_rule_is_not_tried_on_blank_lines():
    # a look back to the top from each of 20,000 blank lines would be quadratic and run
    # out of time; blank lines are never taken, so the line regex fails on them at once
    rs = ruleset({"id": "t.top", "match": {"line": r"(?<=\A\s*)Headline"}, "action": "drop-line"})
    text = " \n" * 20000 + "Headline\nThe council met on Monday."
    r = run(rs, text, rule_timeout=1.0)
    assert r.warnings == ()
    assert r.text == "The council met on Monday."
    assert [x.rule for x in r.removals if x.rule == "t.top"] == ["t.top"]


def test_default_rules_stay_linear_under_thousands_of_blank_lines(default_cleaner):
    # header.date-line looks back over the lines above it; blank lines must cost nothing
    text = " \n" * 20000 + "November 19, 2019\nThe council met on Monday.\n"
    r = default_cleaner.clean(text)
    assert r.warnings == ()
    assert r.text == "The council met on Monday."
    assert default_cleaner.clean(r.text).text == r.text


@given(st.data())
def test_spans_carried_through_edits_still_hold_their_characters(data):
    from cleaner.engine import _map_spans
    from cleaner.removals import Edit, apply_edits

    text = data.draw(st.text(alphabet="ab\n", min_size=1, max_size=30))
    cuts = sorted(data.draw(st.sets(st.integers(0, len(text)), max_size=8)))
    edits = [
        Edit(a, b, data.draw(st.text(alphabet="xy", max_size=3)), "t", "t")
        for a, b in zip(cuts[::2], cuts[1::2])
        if a < b
    ]
    new = apply_edits(text, edits)
    spans = [(p, p + 1) for p in range(len(text)) if not any(e.start <= p < e.end for e in edits)]
    for (s, _), (ns, ne) in zip(spans, _map_spans(spans, edits)):
        assert ne - ns == 1 and new[ns] == text[s]  # an untouched character keeps its place
    inside = [(e.start, e.end) for e in edits]
    for e, (ns, ne) in zip(edits, _map_spans(inside, edits)):
        assert new[ns:ne] == e.replacement  # an edited span becomes its replacement


@given(st.text(alphabet="ab \n\t\u3000\u00a0\u2028x", max_size=60), st.integers(1, 9))
def test_visible_characters_counted_a_slice_at_a_time_are_all_of_them(text, piece):
    with mock.patch.object(engine, "_VISIBLE_CHUNK", piece):
        assert engine._visible(text) == sum(not ch.isspace() for ch in text)
