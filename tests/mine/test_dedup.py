# Tests of keep-one-copy deduplication: the first copy in a group stays, later copies go
# into the removal log as dedup.repeated, restore stays exact, and order decides.
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rulehelp import ruleset

from cleaner import Cleaner, RuleSet, restore
from cleaner.dedup import DEDUP_CATEGORY, DEDUP_RULE, MAX_ROUNDS, Deduper

PLAIN = Cleaner(RuleSet())
DEFAULT = Cleaner()


def _run(deduper: Deduper, texts: list[str], group: str = "g") -> list:
    return [deduper.apply(PLAIN.clean(t), group) for t in texts]


def test_first_copy_stays_later_copies_are_logged() -> None:
    texts = [
        "Intro one\nJoin our newsletter for more\nEnd of one",
        "Join our newsletter for more\nBody two\nEnd of two",
        "Body three\nJoin our newsletter for more",
    ]
    r1, r2, r3 = _run(Deduper(), texts)
    assert r1.text == texts[0] and not r1.removals
    assert r2.text == "Body two\nEnd of two"
    assert r3.text == "Body three"
    for r, t in zip((r1, r2, r3), texts):
        assert restore(r.text, r.removals) == t
    dedup = [x for x in r2.removals + r3.removals if x.rule == DEDUP_RULE]
    assert len(dedup) == 2 and {x.category for x in dedup} == {DEDUP_CATEGORY}
    assert all("Join our newsletter for more" in x.text for x in dedup)


def test_a_last_line_goes_with_its_whole_crlf() -> None:
    """Its \r stayed, for whitespace.edges to take (the log blamed the wrong rule), or in
    the output as a lone \r with --ignore whitespace."""
    texts = ["Shared footer\r\n", "Body line\r\nShared footer"]
    for steps in (None, frozenset()):
        _, r2 = _run(Deduper(steps=steps), texts)
        assert r2.text == "Body line" and restore(r2.text, r2.removals) == texts[1]
        assert [(x.rule, x.text) for x in r2.removals] == [(DEDUP_RULE, "\r\nShared footer")]


def test_repeats_inside_one_document_are_kept() -> None:
    (r,) = _run(Deduper(), ["Chorus line\nverse\nChorus line"])
    assert r.text == "Chorus line\nverse\nChorus line"


def test_groups_are_separate_and_whitespace_is_folded() -> None:
    d = Deduper()
    d.apply(PLAIN.clean("Same  line here\nA"), "site-a")
    assert d.apply(PLAIN.clean("Same line here\nB"), "site-b").text == "Same line here\nB"
    assert d.apply(PLAIN.clean("  Same line   here\nC"), "site-a").text == "C"
    assert d.units_seen == 5


def test_paragraph_unit_and_min_chars() -> None:
    d = Deduper("paragraph")
    _run(d, ["First para\nstill first\n\nSecond"])
    (r,) = _run(d, ["New\n\nFirst para\nstill first\n\nSecond"])
    assert r.text == "New"
    short = Deduper(min_chars=6)
    _run(short, ["Home\nA longer shared line"])
    (r,) = _run(short, ["Home\nA longer shared line\nnew"])
    assert r.text == "Home\nnew"


def test_dedup_composes_with_rule_removals() -> None:
    c = Cleaner()  # default packs: "[ad_1]" lines are dropped by a rule
    d = Deduper()
    a = d.apply(c.clean("[ad_1]\nShared paragraph of the site.\nFirst article body."), "g")
    b_in = "Second article body.\n[ad_1]\nShared paragraph of the site."
    b = d.apply(c.clean(b_in), "g")
    assert b.text == "Second article body."
    assert restore(b.text, b.removals) == b_in
    assert {x.rule for x in b.removals} >= {DEDUP_RULE}
    assert "Shared paragraph" in a.text


lines = st.sampled_from(["alpha line", "beta line", "gamma", "  delta  ", "", "Share this", "x y z"])


@given(
    st.lists(st.lists(lines, max_size=8).map("\n".join), min_size=1, max_size=6),
    st.sampled_from(["line", "paragraph"]),
)
def test_restore_is_exact_and_order_decides(texts: list[str], unit: str) -> None:
    d1, d2 = Deduper(unit), Deduper(unit)
    out1 = _run(d1, texts)
    out2 = _run(d2, texts)
    assert [r.text for r in out1] == [r.text for r in out2]  # deterministic
    for r, t in zip(out1, texts):
        assert restore(r.text, r.removals) == t
    if texts:
        assert out1[0].text == PLAIN.clean(texts[0]).text  # the first document keeps everything


# A removal by the Deduper comes after the rules have settled: it can bring a line into the
# reach of a rule that looks at the end or the start of the text, free rules the guard held
# back, or take away what made the repair leave a character alone. With its cleaner, the
# Deduper cleans the text again after each removal, so a second run changes nothing.


def _twice(c: Cleaner, texts: list[str], unit: str = "line") -> tuple[list, list]:
    """A dedup run over ``texts``, and a fresh one over its outputs."""
    first, second = Deduper(unit, cleaner=c), Deduper(unit, cleaner=c)
    once = [first.apply(c.clean(t), "g") for t in texts]
    again = [second.apply(c.clean(r.text), "g") for r in once]
    for r, t in zip(once, texts):
        assert restore(r.text, r.removals) == t
    return once, again


def _unchanged(once: list, again: list) -> bool:
    return [r.text for r in again] == [r.text for r in once] and not any(r.removals for r in again)


@pytest.mark.parametrize(
    ("options", "shared"),
    [({}, "The Valley Gazette is an independent paper."), ({"ignore": ["share"]}, "Share this:")],
)
def test_a_removed_repeat_that_brings_source_link_into_the_last_lines(options: dict, shared: str) -> None:
    """The fuzz case: the repeated line taken out of the second story moved 'Source link'
    among its last four lines, where autoblog.source-link takes it; a second run did."""
    c = Cleaner(**options)
    texts = [
        f"First story opens here.\n{shared}\nThe first story ends.",
        f"Second story opens here.\nSource link\nLine two.\nLine three.\nLine four.\n{shared}",
    ]
    once, again = _twice(c, texts)
    assert once[1].text == "Second story opens here.\nLine two.\nLine three.\nLine four."
    assert [(x.rule, x.text) for x in once[1].removals] == [
        ("autoblog.source-link", "Source link\n"),
        (DEDUP_RULE, f"\n{shared}"),
    ]
    assert _unchanged(once, again)


def test_a_removed_repeat_that_brings_a_date_line_to_the_top() -> None:
    """header.date-line takes a date only above the first line of prose."""
    shared = "The Valley Gazette is an independent paper."
    texts = [
        f"{shared}\nFirst story.",
        f"{shared}\nSaturday, November 23, 2024\nThe council voted to close it.",
    ]
    once, again = _twice(DEFAULT, texts)
    assert once[1].text == "The council voted to close it."
    assert "header.date-line" in {x.rule for x in once[1].removals}
    assert _unchanged(once, again)


def test_rules_the_guard_held_back_run_on_what_dedup_left() -> None:
    """Both documents are mostly debris, so the guard keeps the rules off them; once the
    repeated labels are gone, the rules take less than half of what is left, as a second
    run's guard would measure it, and the first run's guard warning is not kept."""
    labels = "Advertisement\nAdvertisement\n"
    texts = [f"{labels}Hi.", f"{labels}Advertisement\n[ad_1]\nThe vote was close."]
    once, again = _twice(DEFAULT, texts)
    assert once[0].text == texts[0] and [w.code for w in once[0].warnings] == ["guard"]
    assert once[1].text == "The vote was close."
    assert [x.rule for x in once[1].removals].count("autoblog.ad-markers") == 1
    assert not once[1].warnings
    assert _unchanged(once, again)


def test_the_repair_judges_the_text_dedup_left() -> None:
    """A U+FFFD stays in a text that names the character; once the naming line is gone
    as a repeat, encoding.lost-chars takes it, and its stale decode warning goes."""
    naming = "Decoders write the replacement character U+FFFD for bytes they cannot read."
    texts = [naming, f"{naming}\nPrices rose \ufffd\ufffd again on Monday."]
    assert [w.code for w in DEFAULT.clean(texts[1]).warnings] == ["decode", "decode"]
    once, again = _twice(DEFAULT, texts)
    assert once[1].text == "Prices rose again on Monday."
    assert "encoding.lost-chars" in {x.rule for x in once[1].removals}
    assert not once[1].warnings
    assert _unchanged(once, again)


def test_a_removed_paragraph_leaves_one_blank_line() -> None:
    texts = ["Intro.\n\nShared paragraph.\n\nEnd.", "Body one.\n\n\nShared paragraph.\n\n\nBody two.\n"]
    once, again = _twice(DEFAULT, texts, "paragraph")
    assert once[1].text == "Body one.\n\nBody two."
    assert _unchanged(once, again)


def test_what_is_remembered_is_what_the_document_keeps() -> None:
    """A line the rules take once a repeat is gone is no copy kept: a later document
    keeps its own copy of it."""
    shared = "The Valley Gazette is an independent paper."
    d = Deduper(cleaner=DEFAULT)
    d.apply(DEFAULT.clean(f"Story one.\n{shared}"), "g")
    second = d.apply(DEFAULT.clean(f"Story two.\nSource link\nA.\nB.\nC.\n{shared}"), "g")
    assert "Source link" not in second.text
    # the rule's own counterexample: 'Source link' at the top of a text that goes on
    guide = "Source link\n\nThe guide explains it.\n\nIt matters.\n\nA lot.\n\nTruly."
    third = d.apply(DEFAULT.clean(guide), "g")
    assert third.text.startswith("Source link\n")


def test_a_cleaning_that_keeps_making_copies_stops_with_a_warning() -> None:
    """A rule that turns the last line into a line an earlier document kept makes a copy
    for every round; the rounds end, with the text restorable and a warning."""
    z_to_a = {"id": "other.z-to-a", "region": {"last_lines": 1}, "match": {"pattern": "^Z$"}}
    c = Cleaner(ruleset({**z_to_a, "action": "replace", "replacement": "A"}))
    d = Deduper(cleaner=c)
    d.apply(c.clean("A"), "g")
    text = "Story.\n" + "Z\n" * (MAX_ROUNDS + 3) + "Z"
    r = d.apply(c.clean(text), "g")
    assert r.text == "Story.\n" + "Z\n" * 3 + "A"
    assert restore(r.text, r.removals) == text
    assert [(w.code, w.rule) for w in r.warnings] == [("unsettled", DEDUP_RULE)]


# documents of a site: article lines, debris the rules know, and lines the site repeats
_SITE_LINES = st.sampled_from(
    [
        "The Valley Gazette is an independent paper.",
        "Share this:",
        "Source link",
        "[ad_1]",
        "Advertisement",
        "Saturday, November 23, 2024",
        "Recent Posts",
        "You may also like",
        "12 Comments",
        "Leave a comment",
        "Tags: news, council",
        "Photo: Reuters",
        "— Jane Roe (@janeroe) June 20, 2024",
        "Decoders write the replacement character U+FFFD here.",
        "Prices rose \ufffd\ufffd again.",
        "The council voted 7–2 on Tuesday to approve the plan.",
        "Repairs to the bridge will take a year, the mayor said.",
        "Teaser headline about the harbour",
        "",
        "",
        "  ",
    ]
)
_SITE_DOCS = st.lists(st.lists(_SITE_LINES, max_size=12).map("\n".join), min_size=2, max_size=4)


@given(_SITE_DOCS, st.sampled_from(["line", "paragraph"]))
def test_a_dedup_run_over_its_own_outputs_changes_nothing(texts: list[str], unit: str) -> None:
    once, again = _twice(DEFAULT, texts, unit)
    for r, t in zip(once, texts):
        for x in r.removals:
            assert t[x.start : x.end] == x.text
        assert DEFAULT.clean(r.text).removals == ()  # what a clean leaves, too
    assert _unchanged(once, again)


@given(_SITE_DOCS, st.sampled_from(["line", "paragraph"]), st.integers(0, 4), st.sampled_from([0, 12]))
def test_remembering_what_earlier_documents_kept_is_as_having_deduplicated_them(
    texts: list[str], unit: str, done: int, min_chars: int
) -> None:
    """What --resume does for the inputs a stopped run finished: their kept texts,
    remembered, leave the Deduper as applying them did, so the rest comes out the same."""
    whole = Deduper(unit, min_chars, cleaner=DEFAULT)
    results = [whole.apply(DEFAULT.clean(t), "g") for t in texts]
    resumed = Deduper(unit, min_chars, cleaner=DEFAULT)
    for r in results[:done]:
        resumed.remember(r.text, "g")
    resumed.remember(texts[-1], "other group")  # another group's units change nothing here
    rest = [resumed.apply(DEFAULT.clean(t), "g") for t in texts[done:]]
    assert rest == results[done:]


def test_rollback_forgets_only_what_the_input_added() -> None:
    d = Deduper()
    d.remember("Seen before the input.", "g")
    d.begin()
    d.remember("Seen before the input.\nNew in the failed input.", "g")
    d.rollback()
    assert d.units_seen == 1
    kept = d.apply(PLAIN.clean("Seen before the input.\nNew in the failed input."), "g")
    assert kept.text == "New in the failed input."
