# The backtracking checks: the pattern parser, the static nested-quantifier check with
# its separators, and timed runs on generated adversarial inputs.
from __future__ import annotations

import pytest

from cleaner.authoring import backtrack
from cleaner.authoring.backtrack import (
    PatternSyntaxUnknown,
    adversarial_inputs,
    nested_quantifiers,
    parse_pattern,
    repeated_groups_behind,
    slow_inputs,
)
from cleaner.matchers.base import compile_regex, line_regex


@pytest.mark.parametrize(
    "pattern",
    [
        r"(a+)+$",
        r"(\w+\s?)+$",
        r"(\s*\w+\s*)+:",
        r"(?:.*?,)*x",
        r"(x+x+)+y",
        r"(?:(?:a|b)+c?)*d",
        r"(?:\w+){2,}!",
    ],
)
def test_nested_quantifiers_are_found(pattern):
    (first, *_) = nested_quantifiers(pattern)
    assert first.static and first.message.startswith("nested quantifier: `")


def test_a_mandatory_part_the_inner_repetition_takes_too_is_not_called_nothing():
    """In `(?:.*,){12}Z` the comma is mandatory, but `.*` takes commas too: the message
    must not tell the rule writer that the group has nothing mandatory."""
    (finding,) = nested_quantifiers(r"Reading (?:.*,){12}Z")
    assert "nothing mandatory in the group" not in finding.message
    assert "holds nothing mandatory that the inner repetition cannot match too" in finding.message


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:[^,]*,)*x",  # the comma splits the repeats
        r"(?:\w+\s+)+x",  # the blanks split the words
        r"(?>a+)+$",  # atomic group
        r"(a++)+$",  # possessive inner repetition
        r"(a+)++$",  # possessive outer repetition
        r"(?:(?:Share|Tweet)[ \t]{0,4}){1,6}",  # each repeat needs a word
        r"\[(?:ad_\d{1,2}|matched_content)\]",
        r"(?:\d{1,2}\.){3}\d{1,2}",  # bounded, small outer count
        r"[[:alpha:]]+\s\p{Lu}\w+",
        r"(?i)(?:follow us on|like us on) (?:facebook|twitter)",
        r"(?P<q>['\"]).+?(?P=q)",
        r"(?x) (?: a b )+  # a comment (with a parenthesis",
    ],
)
def test_safe_patterns_pass(pattern):
    assert nested_quantifiers(pattern) == []


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<=\A(?:[^\S\n]*\n)*)x",
        r"(?<=\A(?:[^\S\n]*\n)*+)x",  # possessive is quadratic too
        r"(?<!(?:ab)+)x",
        r"(?<=(?:a\n){2,})x",
        r"(?<=\A(?:[^\n]{0,150}\n(?:[ \t]*\n)*){0,10})x",  # the unbounded group is inner
        r"y(?:z|(?<=(?:\w+\s)*))x",
    ],
)
def test_repeated_groups_in_lookbehinds_are_found(pattern):
    (first,) = repeated_groups_behind(pattern)
    assert first.static and first.message.startswith("repeated group in a lookbehind: `(")


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<=\A\s*)x",  # a class, not a group
        r"(?<=\A(?:\s*\n)?(?:[^\n]{0,150}\n(?:\s*\n)?){0,10})x",
        r"(?:ab)*(?<=b)x",  # the repetition is outside the lookbehind
        r"(?=(?:ab)*)x",  # a lookahead runs forwards
        r"(?<=^|\n[ \t]*\n)x",
    ],
)
def test_bounded_or_forward_repeats_pass(pattern):
    assert repeated_groups_behind(pattern) == []


def test_parser_reads_groups_classes_and_quantifiers():
    tree = parse_pattern(r"^(?:ab|[)\]]{2,})+?\d{,3}(?=x)$")
    (alt,) = tree.alts
    assert [it.node.__class__.__name__ for it in alt] == ["Zero", "Group", "Atom", "Group", "Zero"]
    group = alt[1]
    assert (group.min, group.max) == (1, None)
    assert (alt[2].min, alt[2].max) == (0, 3)
    assert alt[3].node.look


def test_parser_refuses_what_it_does_not_model():
    with pytest.raises(PatternSyntaxUnknown):
        parse_pattern("(?~x)")
    with pytest.raises(PatternSyntaxUnknown):
        parse_pattern("a)")


def test_adversarial_inputs_reach_the_repetition():
    inputs = adversarial_inputs(r"Share: (\w+\s?)+$")
    assert inputs and all(i.startswith("Share: ") for i in inputs)
    assert any(i.endswith("!") and len(i) > 500 for i in inputs)


def test_overlapping_alternatives_are_caught_by_the_timed_run():
    (finding,) = slow_inputs(r"(a|aa)+$", compile_regex, limit=0.05)
    assert not finding.static and finding.message.startswith("exponential backtracking")


def test_linear_patterns_stay_below_the_limit():
    for pattern in (r"\[ad_\d{1,2}\]", r"(?:[^,]*,)*x", r"[A-Z][a-z]+ [A-Z][a-z]+"):
        assert slow_inputs(pattern, compile_regex) == []
        assert slow_inputs(pattern, line_regex) == []


def test_long_runs_of_blanks_are_tried():
    """Whole-page text holds lines of thousands of blanks; a pattern that splits such a
    run between two parts is quadratic there. As a line rule it is safe: the line edge
    takes leading blanks whole."""
    (finding,) = slow_inputs(r"^[ \t]*[^\n]{40,}?(?:more|less)$", compile_regex, limit=0.02)
    assert finding.message.startswith("polynomial backtracking")
    assert slow_inputs(r"[^\n]{40,}?(?:more|less)", line_regex, limit=0.02) == []


def test_blank_runs_are_tried_with_the_words_the_pattern_needs():
    """The regex module skips a text without the words every match needs, so an
    unanchored leading blank run looks fast on blanks alone; before those words each
    blank of a run is a new start, and the search is quadratic in the run's length.
    Taken from the run's start only, it is linear."""
    quadratic = r"[ \t]*(?:Teilen mit|Share this):(?:[ \t]+(?:Facebook|Twitter))+"
    (finding,) = slow_inputs(quadratic, compile_regex, limit=0.05)
    assert finding.message.startswith("polynomial backtracking")
    linear = r"(?<![ \t])[ \t]*+" + quadratic.removeprefix(r"[ \t]*")
    assert slow_inputs(linear, compile_regex, limit=0.05) == []


def test_blank_runs_are_tried_after_the_words_before_one_more():
    """A line rule ending in `[ \t]*:?` meets the blanks the line wrapper takes at the end:
    on its words, thousands of blanks, then a word, every split of the run is tried
    before the match fails (0.3-0.7 s a line in eleven shipped rules). Written
    `(?:[ \t]*:)?` (the same lines), it is linear."""
    (finding,) = slow_inputs(r"(?:Comments|Kommentare)[ \t]*:?", line_regex, limit=0.05)
    assert finding.message.startswith("polynomial backtracking") and "x" in finding.message
    assert slow_inputs(r"(?:Comments|Kommentare)(?:[ \t]*:)?", line_regex, limit=0.05) == []


def test_only_time_that_grows_faster_than_the_input_is_reported():
    """The limit is CPU time, so a slower machine (CI) takes longer on every input. With
    the limit set at a third of what each pattern's slowest input takes here, the linear
    pattern (a bounded repeat) is not reported, since the same input a third as long
    takes a third of the time; the quadratic one (9 times less) still is."""
    for pattern, quadratic in (
        (r"FILE PHOTO:[^\n]{10,500}", False),
        (r"(?:Comments|Kommentare)[ \t]*:?", True),
    ):
        compiled = line_regex(pattern)
        inputs = [*backtrack._adversarial_pairs(pattern, False), *backtrack._blank_runs(pattern, False)]
        worst = max(backtrack._run(compiled, text, 10.0) or 10.0 for text, _ in inputs)
        findings = slow_inputs(pattern, line_regex, limit=worst / 3)
        assert bool(findings) is quadratic, (pattern, worst, findings)


def test_the_words_are_sampled_with_letters_outside_the_adversarial_alphabet():
    """ "ä" is no adversarial character; the inputs must still hold "Gefällt", or a
    regex that needs the word would skip them and its slow search would go unseen."""
    inputs = adversarial_inputs(r"Gefällt mir: (\w+\s?)+$")
    assert inputs and all(i.startswith("Gefällt mir: ") for i in inputs)


def test_an_input_whose_third_is_as_slow_is_not_reported(monkeypatch):
    """A third of the input that spends as much CPU as the whole (``_run`` gives None at
    the whole's time) shows no growth at all: that is the machine, not backtracking."""
    pairs = [*backtrack._adversarial_pairs(r"(?:a+)+b", False), *backtrack._blank_runs(r"(?:a+)+b", False)]
    full = {text for text, _ in pairs}
    assert full.isdisjoint(third for _, third in pairs)

    def run(compiled, text, limit):  # every input over the limit; each third as slow
        return 2 * limit if text in full else None

    monkeypatch.setattr(backtrack, "_run", run)
    assert slow_inputs(r"(?:a+)+b", line_regex, limit=0.05) == []
