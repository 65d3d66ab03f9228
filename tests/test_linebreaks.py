# Tests of how line breaks other than \n are read: the view the rules see, the offsets
# between it and the text, and the stages that read lines (tidying, lost characters, dedup).
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from rulehelp import ruleset

from cleaner import Cleaner, RuleSet, restore
from cleaner.dedup import Deduper
from cleaner.linebreaks import LineFeedView, line_feeds
from cleaner.removals import Edit

_ALPHABET = "ab \r\n\u2028\u2029"


@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_line_feeds_keeps_offsets_and_windows_pairs(text):
    one = line_feeds(text)
    assert len(one) == len(text)
    assert re.sub("\r(?!\n)|[\u2028\u2029]", "\n", text) == one
    assert one.count("\r\n") == text.count("\r\n")


@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_view_reads_every_line_break_as_a_line_feed_and_maps_offsets_both_ways(text):
    view = LineFeedView.of(text)
    if view is None:
        assert not re.search("[\r\u2028\u2029]", text)
        return
    as_lf = re.sub("\r\n|\r|\u2028|\u2029", "\n", text)
    assert view.text == as_lf
    for p in range(len(view.text) + 1):
        t = view.to_text(p)
        assert re.sub("\r\n|\r|\u2028|\u2029", "\n", text[:t]) == view.text[:p]  # the same boundary
        assert not (text[:t].endswith("\r") and text[t:].startswith("\n"))  # never inside \r\n
        assert view.to_view(t) == p


def test_a_written_line_break_is_the_texts_most_frequent_one():
    edit = Edit(0, 1, "x\ny", "r", "c")
    assert LineFeedView.of("a\u2028b\u2028c\nd").edit_to_text(edit).replacement == "x\u2028y"  # type: ignore[union-attr]
    assert LineFeedView.of("a\rb\r\nc\r\nd").edit_to_text(edit).replacement == "x\r\ny"  # type: ignore[union-attr]
    assert LineFeedView.of("a\rb\nc\nd").edit_to_text(edit).replacement == "x\ny"  # type: ignore[union-attr]


def test_a_replace_rule_writes_the_texts_line_break():
    rules = ruleset(
        {
            "id": "t.join",
            "match": {"pattern": "Read more\nhere"},
            "action": "replace",
            "replacement": "See\nalso",
        }
    )
    r = Cleaner(rules).clean("Body.\u2028Read more\u2028here\u2028End.")
    assert r.text == "Body.\u2028See\u2028also\u2028End."
    assert restore(r.text, r.removals) == "Body.\u2028Read more\u2028here\u2028End."


def test_tidying_reads_a_lone_carriage_return_and_the_separators_as_line_breaks():
    tidy = Cleaner(RuleSet(), select=["whitespace"])
    for nl in ("\r", "\u2028", "\u2029"):
        text = f"{nl}a  {nl}{nl}{nl}{nl}b\t{nl}{nl}"
        r = tidy.clean(text)
        assert r.text == f"a{nl}{nl}b"
        assert restore(r.text, r.removals) == text


def test_lost_characters_at_the_start_of_a_separated_line_go_with_their_separator():
    c = Cleaner(RuleSet(), select=["encoding"])
    for nl in ("\n", "\r", "\u2028"):
        r = c.clean(f"Intro line.{nl}??????? | Kim waves to the crowd")
        assert r.text == f"Intro line.{nl}Kim waves to the crowd"
        assert [x.rule for x in r.removals] == ["encoding.lost-chars"]


def test_dedup_reads_separated_lines_as_lines():
    plain = Cleaner(RuleSet())
    dedup = Deduper()
    texts = ["Intro one\u2028Join our newsletter\u2028End one", "Body two\u2028Join our newsletter"]
    first, second = (dedup.apply(plain.clean(t), "g") for t in texts)
    assert first.text == texts[0]
    assert second.text == "Body two"
    assert restore(second.text, second.removals) == texts[1]


def test_a_page_break_beside_a_separator_is_removed_not_made_a_line_break():
    c = Cleaner(RuleSet(), select=["encoding"])
    assert c.clean("a\u2028\x0cb").text == "a\u2028b"
    assert c.clean("a\x0cb").text == "a\nb"



def test_a_page_break_made_a_line_break_is_the_texts_own_kind():
    # hypothesis found "[ad_1]\r\r \x0c0" cleaning otherwise than its \n twin: the form feed
    # became a \n in a file of \r breaks, so three breaks read as two and were not collapsed
    c = Cleaner(RuleSet(), select=["encoding"])
    for newline in ("\r", "\r\n", "\u2028"):
        assert c.clean(f"a{newline}b\x0cc{newline}d").text == f"a{newline}b{newline}c{newline}d"
    text = "[ad_1]\n\n \x0c0"
    assert Cleaner().clean(text.replace("\n", "\r")).text == Cleaner().clean(text).text.replace("\n", "\r")

def test_encoding_repair_reads_a_separated_line_as_a_line():
    # ftfy judges mojibake line by line: "Ã " reads differently after a line of good text
    c = Cleaner(RuleSet())
    clean = c.clean("São Paulo\nÃ©tÃ© Ã  Paris").text
    assert clean == "São Paulo\nété à Paris"
    for nl in ("\r", "\u2028", "\u2029"):
        text = f"São Paulo{nl}Ã©tÃ© Ã  Paris"
        r = c.clean(text)
        assert r.text == clean.replace("\n", nl)
        assert restore(r.text, r.removals) == text
