# Tests of the content filters and of run assembly: quotes, syndicated sentences and whole
# documents are rejected with a reason; lines adjacent in most documents form one run.
from __future__ import annotations

from cleaner.mine.count import GroupStats, LineContext, LineStats
from cleaner.mine.filters import content_rejection, placement, standalone_rejection
from cleaner.mine.normalise import shape_of
from cleaner.mine.runs import find_runs


def _stats(line: str, docs: int, key: int = 1, **kw: int) -> LineStats:
    st = LineStats(key=key, group=0, shape=shape_of(line), docs=docs, occurrences=docs, **kw)
    st.examples.append(LineContext(line, None, None, "https://a.example/", "a.example"))
    return st


GROUP = GroupStats("a.example", 0, docs=100, chars=10**6, threshold=5)
LONG = (
    "The regional transport authority announced on Monday that the northern ferry line will resume "
    "its full timetable after months of repairs to the harbour wall."
)


def test_quote_is_content() -> None:
    r = content_rejection(_stats("“We will rebuild,” the mayor said.", 40), GROUP)
    assert r is not None and r.reason == "quote" and r.docs == 40 and "quotation" in r.detail


def test_long_sentence_in_few_documents_is_content() -> None:
    r = content_rejection(_stats(LONG, 8), GROUP)
    assert r is not None and r.reason == "long-sentence" and "8 of 100" in r.detail


def test_long_line_on_most_pages_is_furniture() -> None:
    assert content_rejection(_stats(LONG, 90), GROUP) is None


def test_line_that_is_the_bulk_of_its_documents_is_content() -> None:
    r = content_rejection(_stats("This page has moved to a new address.", 10, bulk_docs=6), GROUP)
    assert r is not None and r.reason == "bulk" and "6 of its 10" in r.detail


def test_short_line_is_no_rule_of_its_own() -> None:
    for line in ("Hom", "June 3", "12/05", "|"):
        r = standalone_rejection(_stats(line, 50), GROUP)
        assert r is not None and r.reason == "too-short", line
    assert standalone_rejection(_stats("Share this article", 50), GROUP) is None


def test_single_word_needs_a_place_at_the_head_or_tail() -> None:
    r = standalone_rejection(_stats("Ingredients", 50), GROUP)
    assert r is not None and r.reason == "single-word"
    assert standalone_rejection(_stats("Step 3", 50), GROUP).reason == "single-word"
    assert standalone_rejection(_stats("Tuesday, May 24, 2024 | Updated 3:45 pm", 50), GROUP) is None
    assert standalone_rejection(_stats("Advertisement", 50, head_docs=50, max_head=3), GROUP) is None
    assert placement([_stats("Advertisement", 50, head_docs=50, max_head=4)]) == ("first_lines", 7)
    assert placement([_stats("Advertisement", 50, tail_docs=46, max_tail=2)]) == ("last_lines", 5)
    assert placement([_stats("Advertisement", 50, tail_docs=40, max_tail=2)]) is None


def test_runs_follow_adjacency() -> None:
    a, b, c = _stats("Home", 50, 1), _stats("Local news", 50, 2), _stats("Contact", 48, 3)
    lone = _stats("Newsletter sign-up", 30, 4)
    pairs = {(1, 2): 50, (2, 3): 47, (3, 4): 5}
    runs, singles = find_runs([lone, c, b, a], pairs)
    assert [[s.key for s in r] for r in runs] == [[1, 2, 3]]
    assert [s.key for s in singles] == [4]


def test_weak_or_ambiguous_links_do_not_join() -> None:
    a, b, c = _stats("Alpha line", 50, 1), _stats("Beta line", 50, 2), _stats("Gamma line", 50, 3)
    # b follows a in only 20 of 50 documents; c follows a as often as b does
    runs, singles = find_runs([a, b, c], {(1, 2): 20, (1, 3): 20})
    assert runs == [] and len(singles) == 3


def test_a_cycle_is_broken_not_lost() -> None:
    a, b = _stats("Alpha line", 50, 1), _stats("Beta line", 50, 2)
    runs, singles = find_runs([a, b], {(1, 2): 50, (2, 1): 50})
    assert len(runs) == 1 and len(runs[0]) == 2 and singles == []
