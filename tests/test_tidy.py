# Unit tests of the whitespace stage: trailing blanks, blank-line runs and the ends
# of the text, each logged under its own step id.
from __future__ import annotations

from cleaner import RuleSet, restore
from cleaner.pipeline import Cleaner

TIDY = Cleaner(RuleSet(), select=["whitespace"])


def test_trailing_blank_lines_and_edges():
    text = "\n\nTitle  \n\n\n\nBody\t\n\n"
    r = TIDY.clean(text)
    assert r.text == "Title\n\nBody"
    assert {x.rule for x in r.removals} == {
        "whitespace.trailing",
        "whitespace.blank-lines",
        "whitespace.edges",
    }
    assert restore(r.text, r.removals) == text


def test_single_newline_paragraphs_untouched():
    text = "One.\nTwo.\nThree."
    assert TIDY.clean(text).removals == ()


def test_leading_indent_of_first_line_is_kept():
    assert TIDY.clean("  indented").text == "  indented"


def test_each_step_can_be_switched_off():
    c = Cleaner(RuleSet(), select=["whitespace"], ignore=["whitespace.blank-lines"])
    assert c.clean("a\n\n\n\nb  ").text == "a\n\n\n\nb"


def test_tidy_is_idempotent():
    once = TIDY.clean(" \n a \n\n\n b \n").text
    assert TIDY.clean(once).text == once
