# Tests of keep-one-copy deduplication: the first copy in a group stays, later copies go
# into the removal log as dedup.repeated, restore stays exact, and order decides.
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner, RuleSet, restore
from cleaner.dedup import DEDUP_CATEGORY, DEDUP_RULE, Deduper

PLAIN = Cleaner(RuleSet())


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
