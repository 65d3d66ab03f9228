# Tests of the counting passes: the sketch never under-counts, the exact pass gives exact
# document counts whatever the sketch size, positions and adjacent pairs are recorded.
from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.mine.corpus import MineDoc
from cleaner.mine.count import CountSettings, count_corpus
from cleaner.mine.normalise import shape_of
from cleaner.mine.sketch import CELL_MAX, CountMinSketch, as_keys


@settings(max_examples=40)
@given(st.lists(st.integers(min_value=-(2**63), max_value=2**64 - 1), max_size=300), st.integers(1, 4))
def test_sketch_never_underestimates(values: list[int], depth: int) -> None:
    sk = CountMinSketch(megabytes=0.002, depth=depth)  # tiny: many collisions
    half = len(values) // 2
    sk.add(as_keys(values[:half]))
    sk.add(as_keys(values[half:]))
    keys = as_keys(values)
    est = sk.estimate(keys)
    uniq, counts = np.unique(keys, return_counts=True)
    true = dict(zip(uniq.tolist(), counts.tolist()))
    for k, e in zip(keys.tolist(), est.tolist()):
        assert e >= min(true[k], CELL_MAX)


def test_sketch_memory_is_fixed() -> None:
    sk = CountMinSketch(megabytes=1, depth=4)
    before = sk.nbytes
    sk.add(as_keys(range(100_000)))
    assert sk.nbytes == before <= (1 << 20)


def _docs(n: int, seed: int = 1) -> list[MineDoc]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        body = [
            "Body " + "".join(rnd.choice("abcdefgh") for _ in range(12)) for _j in range(rnd.randint(3, 6))
        ]
        lines = ["Site header", f"Posted on June {i % 28 + 1}", *body, "Footer one", "Footer two"]
        if i % 3 == 0:
            lines.insert(3, "Sometimes here")
        out.append(MineDoc("\n".join(lines), f"https://a.example/{i}", "a.example", "a.example"))
    out.append(MineDoc("Site header\nother", "https://b.example/1", "b.example", "b.example"))
    return out


def test_exact_counts_whatever_the_sketch_size() -> None:
    docs = _docs(60)
    big = count_corpus(docs, CountSettings(min_docs=5, min_share=0.0, sketch_mb=4))
    tiny = count_corpus(docs, CountSettings(min_docs=5, min_share=0.0, sketch_mb=0.001))

    def table(c):  # shape -> (docs, occurrences)
        return {(c.groups[s.group].name, s.shape): (s.docs, s.occurrences) for s in c.lines.values()}

    assert table(big) == table(tiny)
    t = table(big)
    assert t[("a.example", "Site header")] == (60, 60)
    assert t[("a.example", shape_of("Posted on June 1"))] == (60, 60)
    assert t[("a.example", "Sometimes here")] == (20, 20)
    assert ("b.example", "Site header") not in t  # a group below the threshold is not counted
    assert all(not shape.startswith("Body") for _g, shape in t)
    assert sum(g.false_positives for g in tiny.groups) >= sum(g.false_positives for g in big.groups)


def test_positions_bulk_and_pairs() -> None:
    c = count_corpus(_docs(30), CountSettings(min_docs=5, min_share=0.5))
    by_shape = {s.shape: s for s in c.lines.values()}
    head, foot = by_shape["Site header"], by_shape["Footer two"]
    assert head.head_docs == head.docs and head.max_head == 1
    assert foot.tail_docs == foot.docs and foot.max_tail == 1
    assert head.bulk_docs == 0
    assert "Sometimes here" not in by_shape  # 10 of 30 documents < min_share 0.5
    pair = (by_shape["Footer one"].key, foot.key)
    assert c.pairs[pair] == 30
    ex = head.examples[0]
    assert ex.line == "Site header" and ex.before is None and ex.after.startswith("Posted on June")


def test_domains_are_remembered_up_to_a_limit() -> None:
    docs = [MineDoc("Shared line\nx", f"https://s{i}.example/", "all", f"s{i}.example") for i in range(12)]
    c = count_corpus(docs, CountSettings(min_docs=2, min_share=0.0, max_domains=4))
    (line,) = [s for s in c.lines.values() if s.shape == "Shared line"]
    assert line.docs == 12 and len(line.domains) == 4 and line.many_domains
