# Every default rule's inline examples and counterexamples, one test case per rule id:
# the rule alone must turn each example into its output and leave counterexamples be.
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import load_rules
from cleaner.ruletest import check_rule

RULES = Path(__file__).resolve().parent.parent / "rules"
DEFAULT_RULES = load_rules(RULES)


@pytest.mark.parametrize("rule", DEFAULT_RULES.rules, ids=[r.id for r in DEFAULT_RULES.rules])
def test_rule_examples(rule):
    failures = check_rule(rule)
    assert not failures, "\n".join(str(f) for f in failures)


@pytest.mark.parametrize("rule", DEFAULT_RULES.rules, ids=[r.id for r in DEFAULT_RULES.rules])
def test_examples_show_a_change(rule):
    """An example whose output equals its input proves nothing about the rule."""
    same = [
        ex.input for ex in rule.examples if ex.output is not None and ex.output.strip() == ex.input.strip()
    ]
    assert not same, f"{rule.location()}: rule {rule.id}: examples that change nothing: {same!r}"


def test_rule_ids_are_prefixed_with_their_pack_folder():
    for rule in DEFAULT_RULES.rules:
        assert rule.path is not None
        folder = rule.path.replace("\\", "/").rsplit("/", 2)[-2]
        assert rule.pack == folder, f"{rule.location()}: id {rule.id} is not in pack folder {folder!r}"


def test_every_debris_family_has_a_pack():
    packs = {r.pack for r in DEFAULT_RULES.rules}
    expected = {"autoblog", "social", "byline", "header", "cta", "navigation", "share", "comments",
                "caption", "consent", "ads", "footer"}
    assert expected <= packs, f"missing packs: {sorted(expected - packs)}"
