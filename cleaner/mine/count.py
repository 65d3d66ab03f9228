# Counting repeated line shapes per group in bounded memory: a first pass into a
# count-min sketch, a second pass that counts exactly only the shapes that may recur.
"""Two-pass counting of line shapes and of adjacent shape pairs, per group.

Pass 1 reads every document, folds each non-blank line to its shape
(:mod:`cleaner.mine.normalise`), hashes (group, shape) to 64 bits and adds each
distinct key of the document once to a :class:`~cleaner.mine.sketch.CountMinSketch`:
its estimates are document counts that can only be too high. It also counts the
documents and characters of each group exactly (one small record per group).

Pass 2 reads the documents again. A line is a *candidate* when the sketch says its
shape may occur in at least the group's threshold of documents
(``max(min_docs, min_share * group size)``); only candidates get an exact record
(:class:`LineStats`: documents, occurrences, characters, where in the document they
sit, a few real examples with their neighbours). Pairs of candidates on consecutive
non-blank lines are counted exactly too; they are what runs (blocks) are built from.

Memory is the sketch (fixed), one record per group, and one record per candidate:
the number of candidates is bounded by the lines that really recur (plus the few the
sketch over-counts), not by the corpus size.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from cleaner.mine.corpus import MineDoc
from cleaner.mine.normalise import shape_lines
from cleaner.mine.sketch import CELL_MAX, CountMinSketch, as_keys

__all__ = ["CountSettings", "Counts", "GroupStats", "LineContext", "LineStats", "count_corpus", "shape_key"]

#: keys buffered before they are added to the sketch in one batch
_BATCH = 1 << 18
#: a line is the bulk of a document when it holds this share of its non-blank characters
BULK_SHARE = 0.5
#: longest example line kept, in characters
_MAX_EXAMPLE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class CountSettings:
    """Thresholds and memory of the counting passes."""

    min_docs: int = 5  # a shape must occur in at least this many documents of its group
    min_share: float = 0.05  # ... and in at least this share of them
    sketch_mb: float = 64.0  # memory of the first-pass sketch
    sketch_depth: int = 4
    max_examples: int = 3  # real examples kept per candidate
    max_domains: int = 8  # distinct hosts remembered per candidate

    def __post_init__(self) -> None:
        if self.min_docs < 2:
            raise ValueError("min_docs must be at least 2: a line in one document is not repeated")
        if not 0.0 <= self.min_share <= 1.0:
            raise ValueError("min_share must be in [0, 1]")
        if not (math.isfinite(self.sketch_mb) and self.sketch_mb > 0):
            raise ValueError("sketch_mb must be a positive number of megabytes")

    def threshold(self, group_docs: int) -> int:
        """Documents a shape needs in a group of ``group_docs`` documents."""
        return max(self.min_docs, math.ceil(self.min_share * group_docs))


@dataclass(slots=True)
class GroupStats:
    """Exact totals of one group."""

    name: str
    index: int
    docs: int = 0
    chars: int = 0
    threshold: int = 0
    false_positives: int = 0  # shapes the sketch passed that the exact count did not


@dataclass(frozen=True, slots=True)
class LineContext:
    """One real occurrence: the line, its neighbours (non-blank lines), its document."""

    line: str
    before: str | None
    after: str | None
    source: str
    domain: str | None


@dataclass(slots=True)
class LineStats:
    """Exact counts of one candidate shape in one group."""

    key: int
    group: int
    shape: str
    docs: int = 0
    occurrences: int = 0
    chars: int = 0  # characters of all occurrences, line breaks included
    head_docs: int = 0  # documents where every occurrence is in the first half
    tail_docs: int = 0  # documents where every occurrence is in the second half
    max_head: int = 0  # largest 1-based line number (non-blank lines) among head documents
    max_tail: int = 0  # largest line number counted from the end among tail documents
    bulk_docs: int = 0  # documents where the line is at least BULK_SHARE of the text
    no_domain_docs: int = 0
    domains: list[str] = field(default_factory=list)
    many_domains: bool = False
    examples: list[LineContext] = field(default_factory=list)


@dataclass
class Counts:
    """What the two passes found: groups, candidates with exact counts, and pairs."""

    settings: CountSettings
    groups: list[GroupStats]
    lines: dict[int, LineStats]
    pairs: dict[tuple[int, int], int]  # (key, next key) -> documents with that adjacency
    docs: int = 0
    sketch_bytes: int = 0

    def group_lines(self, group: int) -> list[LineStats]:
        return [s for s in self.lines.values() if s.group == group]


def shape_key(group: int, shape: str) -> int:
    """The 64-bit key of ``shape`` in group number ``group``.

    A digest (BLAKE2b), not Python's ``hash()``: that one is salted per process
    (PYTHONHASHSEED), and the keys decide which shapes share sketch cells and how ties
    between runs are broken, so with it the drafts changed from one run to the next.
    """
    data = f"{group}\x1f{shape}".encode("utf-8", "surrogatepass")  # JSON text may hold lone surrogates
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def _content(text: str) -> tuple[list[str], list[str]]:
    """Non-blank lines of ``text`` (stripped) and their shapes."""
    shapes = shape_lines(text)
    raw = text.split("\n")
    lines: list[str] = []
    out: list[str] = []
    for line, sh in zip(raw, shapes):
        if sh:
            lines.append(line.strip())
            out.append(sh)
    return lines, out


def count_corpus(docs: Iterable[MineDoc], settings: CountSettings | None = None) -> Counts:
    """Run both passes over ``docs`` (iterated twice, in the same order both times)."""
    settings = settings or CountSettings()
    sketch = CountMinSketch(settings.sketch_mb, settings.sketch_depth)
    index: dict[str, int] = {}
    groups: list[GroupStats] = []
    buffer: list[int] = []
    n_docs = 0

    # pass 1: the sketch and the group totals
    for doc in docs:
        gi = index.get(doc.group)
        if gi is None:
            gi = index[doc.group] = len(groups)
            groups.append(GroupStats(doc.group, gi))
        g = groups[gi]
        g.docs += 1
        g.chars += len(doc.text)
        n_docs += 1
        _lines, shapes = _content(doc.text)
        buffer.extend(shape_key(gi, sh) for sh in dict.fromkeys(shapes))
        if len(buffer) >= _BATCH:
            sketch.add(as_keys(buffer))
            buffer.clear()
    sketch.add(as_keys(buffer))
    buffer.clear()
    for g in groups:
        g.threshold = settings.threshold(g.docs)

    # pass 2: exact counts of the candidates
    lines: dict[int, LineStats] = {}
    pairs: dict[tuple[int, int], int] = {}
    for doc in docs:
        gi = index.get(doc.group)
        if gi is None:
            raise RuntimeError("the corpus changed between the two counting passes")
        g = groups[gi]
        if g.docs < g.threshold:
            continue
        content, shapes = _content(doc.text)
        if not shapes:
            continue
        keys = [shape_key(gi, sh) for sh in shapes]
        est = sketch.estimate(as_keys(keys))
        is_cand = est >= min(g.threshold, CELL_MAX)
        if not is_cand.any():
            continue
        _count_doc(doc, gi, content, shapes, keys, is_cand, lines, pairs, settings)

    counts = Counts(settings, groups, {}, {}, n_docs, sketch.nbytes)
    for key, st in lines.items():
        if st.docs >= groups[st.group].threshold:
            counts.lines[key] = st
        else:
            groups[st.group].false_positives += 1
    counts.pairs = {
        p: n
        for p, n in pairs.items()
        if p[0] in counts.lines and p[1] in counts.lines and n >= groups[counts.lines[p[0]].group].threshold
    }
    return counts


def _count_doc(
    doc: MineDoc,
    gi: int,
    content: list[str],
    shapes: list[str],
    keys: list[int],
    is_cand: np.ndarray,
    lines: dict[int, LineStats],
    pairs: dict[tuple[int, int], int],
    settings: CountSettings,
) -> None:
    n = len(shapes)
    total = sum(len(x) for x in content) or 1
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    chars: dict[int, int] = {}
    for i, key in enumerate(keys):
        if not is_cand[i]:
            continue
        first.setdefault(key, i)
        last[key] = i
        chars[key] = chars.get(key, 0) + len(content[i])
        st = lines.get(key)
        if st is None:
            st = lines[key] = LineStats(key, gi, shapes[i])
        st.occurrences += 1
        st.chars += len(content[i]) + 1
    for key, i in first.items():
        st = lines[key]
        st.docs += 1
        if last[key] < n / 2:
            st.head_docs += 1
            st.max_head = max(st.max_head, last[key] + 1)
        if i >= n / 2:
            st.tail_docs += 1
            st.max_tail = max(st.max_tail, n - i)
        if chars[key] / total >= BULK_SHARE:
            st.bulk_docs += 1
        if doc.domain is None:
            st.no_domain_docs += 1
        elif doc.domain not in st.domains:
            if len(st.domains) < settings.max_domains:
                st.domains.append(doc.domain)
            else:
                st.many_domains = True
        if len(st.examples) < settings.max_examples and len(content[i]) <= _MAX_EXAMPLE_CHARS:
            st.examples.append(
                LineContext(
                    content[i],
                    content[i - 1] if i > 0 else None,
                    content[i + 1] if i + 1 < n else None,
                    doc.source,
                    doc.domain,
                )
            )
    seen: set[tuple[int, int]] = set()
    for i in range(n - 1):
        if is_cand[i] and is_cand[i + 1] and keys[i] != keys[i + 1]:
            p = (keys[i], keys[i + 1])
            if p not in seen:
                seen.add(p)
                pairs[p] = pairs.get(p, 0) + 1
