# Unit tests of the whitespace stage: trailing blanks, blank-line runs and the ends
# of the text, each logged under its own step id.
from __future__ import annotations

import sys
import tracemalloc

import regex
from hypothesis import given
from hypothesis import strategies as st

from cleaner import RuleSet, restore
from cleaner.linebreaks import line_feeds
from cleaner.pipeline import Cleaner
from cleaner.tidy import _BLANK_CHARS, _TRAILING, _blank_runs, _edits, _trailing_edits

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


@given(st.text(alphabet=["a", " ", "\t", "\r", "\n", "\x85", "\u3000", "\x0b", "\u2028", "\u00a0"]))
def test_trailing_fast_path_finds_what_the_regex_finds(text):
    assert _trailing_edits(text) == _edits(_TRAILING, text, "whitespace.trailing")


def test_trailing_blank_set_is_the_regex_class():
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert "".join(regex.findall(r"[^\S\n\r]", every)) == _BLANK_CHARS


@given(st.text(alphabet=["a", " ", "\r", "\n", "\u2028"], max_size=30))
def test_blank_line_runs_are_the_lookbehind_pattern_spans(text):
    text = line_feeds(text)  # what tidy gives them
    lookbehind = regex.compile(r"(?<=\n)(?:\r?\n)+(?=\r?\n)")
    assert _blank_runs(text) == [m.span() for m in lookbehind.finditer(text)]


def test_a_long_run_of_blank_lines_is_collapsed_in_constant_memory():
    # a repeated group kept ~150 bytes of backtracking state per line: 150 MB for a file
    # of a million empty lines, which a scrape of a broken page can be
    text = "Title\n" + "\n" * 200_000 + "Body"
    tracemalloc.start()
    try:
        runs = _blank_runs(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert runs == [(6, 200_005)]
    assert peak < 1_000_000


def test_crlf_text_loses_the_blanks_around_its_carriage_returns_and_its_last_break():
    r = TIDY.clean("a \r \nb\t\r\nc\r\n\r\n")
    assert r.text == "a\r\nb\r\nc"
    assert restore(r.text, r.removals) == "a \r \nb\t\r\nc\r\n\r\n"
    assert TIDY.clean(r.text).removals == ()


def test_a_removed_last_line_leaves_no_carriage_return():
    r = Cleaner().clean("Hello there.\r\nSource link\r\n")
    assert r.text == "Hello there."
    assert restore(r.text, r.removals) == "Hello there.\r\nSource link\r\n"


def test_rules_see_the_text_a_second_clean_would_see():
    # the whitespace steps also run before the rules: a rule anchored at the end of the
    # text, or at a line end, acts the first time, not only once tidying has exposed it
    c = Cleaner()
    for text, clean in [
        ("The ferry was towed back to port. Source link\n\n", "The ferry was towed back to port."),
        ("Crews worked all night.\nThe ice held.\n21.3 C\u2028", "Crews worked all night.\nThe ice held."),
    ]:
        r = c.clean(text)
        assert r.text == clean
        assert restore(r.text, r.removals) == text
        assert c.clean(r.text).removals == ()


@given(st.text(alphabet=["a", " ", "\t", "\r", "\n", "\x85", "\u3000", "\x1c", "\u2028", "\u00a0"]))
def test_the_end_of_the_text_is_where_the_pattern_says(text):
    from cleaner.tidy import _end_start

    m = regex.search(r"[\r\n]\s*\Z", text)
    assert _end_start(text) == (m.start() if m else len(text))
