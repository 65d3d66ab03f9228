# Running a rule's own examples and counterexamples: each rule alone (plus whitespace
# tidying) must turn every example input into its output and leave counterexamples be.
"""Check rules against their inline examples."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from cleaner.rule import Example, Rule
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

    def diff(self) -> str:
        return text_diff(self.expected, self.actual)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.path and self.line else (self.path or "")
        extra = "".join(f"\n  warning: {w}" for w in self.warnings)
        # a counterexample is named by its text: a rule may have several on nearby lines
        which = f": {Example(self.input, None).shown()}" if self.kind == "counterexample" else ""
        return f"{where}: rule {self.rule_id}: {self.kind} failed{which}{extra}\n{self.diff()}"


def run_single_rule(rule: Rule, ex: Example) -> tuple[str, tuple[str, ...]]:
    """Clean ``ex.input`` with ``rule`` alone (whitespace tidying on, encoding off)."""
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
                    rule.id, rule.path, ex.line or rule.line, "example", ex.input, expected, actual, warns
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
                )
            )
    return failures


def check_rules(rules: RuleSet) -> list[ExampleFailure]:
    """Failures of every rule in ``rules``."""
    out: list[ExampleFailure] = []
    for r in rules.rules:
        out.extend(check_rule(r))
    return out
