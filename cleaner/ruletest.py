# A rule's own examples and counterexamples, run with the rule alone (after tidying and repair):
# each example must become its output and each counterexample stay; a failure notes the likely cause.
"""Check rules against their inline examples."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from cleaner.document import Document
from cleaner.rule import Condition, Example, Rule, domain_of
from cleaner.ruleset import RuleSet

__all__ = ["ExampleFailure", "check_rule", "check_rules", "run_single_rule", "text_diff"]


def text_diff(expected: str, actual: str) -> str:
    """A unified diff of the lines of ``expected`` and ``actual``; when their lines are
    equal (they differ in line ends only), the two strings themselves."""
    lines = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), "expected", "actual", lineterm=""
    )
    out = "".join(line + "\n" for line in lines)
    return out or f"expected {expected!r}\nactual   {actual!r}\n"


@dataclass(frozen=True, slots=True)
class ExampleFailure:
    """An example whose output differs, or a counterexample that changed."""

    rule_id: str
    path: str | None
    line: int | None
    kind: str  # "example" or "counterexample"
    input: str
    expected: str
    actual: str
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # why the rule may not have run on the example at all

    def diff(self) -> str:
        return text_diff(self.expected, self.actual)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.path and self.line else (self.path or "")
        extra = "".join(f"\n  warning: {w}" for w in self.warnings)
        extra += "".join(f"\n  note: {n}" for n in self.notes)
        # a counterexample is named by its text: a rule may have several on nearby lines
        which = f": {Example(self.input, None).shown()}" if self.kind == "counterexample" else ""
        return f"{where}: rule {self.rule_id}: {self.kind} failed{which}{extra}\n{self.diff()}"


def run_single_rule(rule: Rule, ex: Example) -> tuple[str, tuple[str, ...]]:
    """Clean ``ex.input`` with ``rule`` alone among the rules, after the whitespace tidying
    and encoding repair that every clean does (a stage that ``select`` names no step of
    runs whole), so the rule sees the text it sees when cleaning; the expected text is
    tidied and repaired alike."""
    from cleaner.pipeline import Cleaner

    c = Cleaner(
        RuleSet((rule,)),
        select=[rule.id, "whitespace"],
        enable=[rule.id],
        preview=True,
        max_removal=1.0,
    )
    result = c.clean(ex.input, source=ex.source)
    return result.text, tuple(w.message for w in result.warnings)


def check_rule(rule: Rule) -> list[ExampleFailure]:
    """Every failing example and counterexample of ``rule``."""
    from cleaner.pipeline import Cleaner

    failures: list[ExampleFailure] = []
    tidy_only = Cleaner(RuleSet(), select=["whitespace"])
    for ex in rule.examples:
        actual, warns = run_single_rule(rule, ex)
        expected = tidy_only.clean(ex.output or "").text
        if actual != expected:
            failures.append(
                ExampleFailure(
                    rule.id,
                    rule.path,
                    ex.line or rule.line,
                    "example",
                    ex.input,
                    expected,
                    actual,
                    warns,
                    _off_site(rule, ex)
                    + _unit_scores(rule, ex)
                    + _block_notes(rule, ex)
                    + _held_back(rule, ex, actual),
                )
            )
    for ex in rule.counterexamples:
        actual, warns = run_single_rule(rule, ex)
        expected = tidy_only.clean(ex.input).text
        if actual != expected:
            failures.append(
                ExampleFailure(
                    rule.id,
                    rule.path,
                    ex.line or rule.line,
                    "counterexample",
                    ex.input,
                    expected,
                    actual,
                    warns,
                    _unit_scores(rule, ex),
                )
            )
    return failures


def _off_site(rule: Rule, ex: Example) -> tuple[str, ...]:
    """Why ``rule`` did not run on the example ``ex`` at all, when its `when` does not
    hold there: an example without a source, or with one elsewhere, for a rule scoped to
    sites or sources; an example shorter than its `min_lines` (empty when it ran)."""
    when = rule.when
    notes: list[str] = []
    if when.scoped and ex.source is None:
        notes.append(
            "the rule applies only where its `when` holds (sites or sources), and this example "
            "has no `source`, so the rule did not run on it: give it a `source:` URL on the site"
        )
    elif when.scoped:
        probe = Condition(domains=when.domains, sources=when.sources)
        if not probe.holds(Document("", source=ex.source, domain=domain_of(ex.source))):
            notes.append(
                f"the example's source {ex.source!r} is not among the sites or sources of the "
                "rule's `when`, so the rule did not run on it"
            )
    lines = Document(ex.input).line_count
    if when.min_lines and lines < when.min_lines:
        notes.append(
            f"the example has {lines} non-blank lines and the rule's `when` asks for "
            f"min_lines: {when.min_lines}, so the rule did not run on it"
        )
    return tuple(notes)


def _as_the_rule_sees(text: str) -> str:
    """``text`` tidied and repaired, as every clean does before the rules (the text a
    failing example's notes are read on)."""
    from cleaner.pipeline import Cleaner

    return Cleaner(RuleSet(), select=["whitespace"]).clean(text).text


#: units of a score rule's example whose scores a failure lists, at most
_SHOWN_UNITS = 12


def _unit_scores(rule: Rule, ex: Example) -> tuple[str, ...]:
    """For a score rule, the score of each unit of the example as the rule's first pass
    scores it (on the text tidied and repaired, as the rule sees it), against the
    threshold: the numbers a failing example or counterexample is fixed with."""
    from cleaner.cli.style import score_text
    from cleaner.matchers.score import ScoreMatcher

    m = rule.matcher
    if not isinstance(m, ScoreMatcher):
        return ()
    text = _as_the_rule_sees(ex.input)
    shown = []
    for start, end, score in m.scores(Document(text, source=ex.source, domain=domain_of(ex.source))):
        unit = " ".join(text[start:end].split())
        if not unit:
            continue
        clipped = unit if len(unit) <= 40 else unit[:39] + "…"
        value = f"over max_words {m.max_words}" if score is None else score_text(score)
        shown.append(f"{clipped!r} {value}")
    more = f"; and {len(shown) - _SHOWN_UNITS} more" if len(shown) > _SHOWN_UNITS else ""
    return (f"unit scores (threshold {m.threshold:g}): {'; '.join(shown[:_SHOWN_UNITS])}{more}",)


def _block_notes(rule: Rule, ex: Example) -> tuple[str, ...]:
    """For a block rule's example that it left whole, why no block was found: no line
    fills `start`, no line after the start fills `end`, or the block runs past
    `max_lines` before its end (it is then not matched at all). Read on the text tidied
    and repaired, as the rule sees it."""
    from cleaner.matchers.base import line_regex
    from cleaner.matchers.block import BlockMatcher

    m = rule.matcher
    if not isinstance(m, BlockMatcher):
        return ()
    text = _as_the_rule_sees(ex.input)
    lines = Document(text).lines
    start = line_regex(m.start, ignore_case=m.ignore_case)
    end = line_regex(m.end, ignore_case=m.ignore_case) if m.end is not None else None
    first = next((ln for ln in lines if not ln.blank and start.fullmatch(text, ln.start, ln.end)), None)
    if first is None:
        return ("no line of the example fills the block's `start`",)
    at = first.index + 1
    count = 1
    for ln in lines[first.index + 1 :]:
        if m.until == "blank" and ln.blank:
            return ()
        if ln.blank:
            continue
        count += 1
        if count > m.max_lines and end is not None:
            return (
                f"none of the max_lines {m.max_lines} non-blank lines from the block's start on line "
                f"{at} fills its `end`, so no block is matched",
            )
        if count > m.max_lines:
            until = "a blank line" if m.until == "blank" else "the end of the text"
            return (
                f"the block from its start on line {at} runs past max_lines {m.max_lines} non-blank "
                f"lines before {until}, so it is not matched at all",
            )
        if end is not None and end.fullmatch(text, ln.start, ln.end):
            return ()
    if end is not None:
        return (f"no line after the block's start on line {at} fills its `end`",)
    return ()


def _held_back(rule: Rule, ex: Example, actual: str) -> tuple[str, ...]:
    """For an example the rule left as it was, whether its `region` or its `exclude` held
    it back: the rule without the one, or the other, changes the text."""
    from dataclasses import replace

    if rule.region is None and not rule.exclude:
        return ()
    notes: list[str] = []
    if rule.region is not None:
        freed, _ = run_single_rule(replace(rule, region=None), ex)
        if freed != actual:
            n = rule.region.count
            notes.append(
                f"the rule finds its debris outside its region ({rule.region.kind}: {n}), so it "
                "leaves it; without the region it takes it"
            )
    if rule.exclude:
        freed, _ = run_single_rule(replace(rule, exclude=(), exclude_patterns=()), ex)
        if freed != actual:
            notes.append("an `exclude` pattern keeps the hit; without the excludes the rule takes it")
    return tuple(notes)


def check_rules(rules: RuleSet) -> list[ExampleFailure]:
    """Failures of every rule in ``rules``."""
    out: list[ExampleFailure] = []
    for r in rules.rules:
        out.extend(check_rule(r))
    return out
