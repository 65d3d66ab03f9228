# Unit tests of the line/paragraph index and region arithmetic used by the matchers.
from __future__ import annotations

from cleaner.document import Document


def test_lines_trim_blanks_including_nbsp():
    d = Document("a\n \u00a0b \n\n")
    assert [(ln.lo, ln.hi) for ln in d.lines] == [(0, 1), (4, 5), (7, 7), (8, 8)]
    assert d.line_count == 2


def test_paragraphs_and_regions():
    text = "H1\n\nP1 a\nP1 b\n\nP2\n\nP3"
    d = Document(text)
    assert len(d.paragraphs) == 4
    lo, hi = d.region("last_paragraphs", 2)
    assert text[lo:hi] == "P2\n\nP3"
    lo, hi = d.region("first_paragraphs", 2)
    assert text[lo:hi] == "H1\n\nP1 a\nP1 b"
    lo, hi = d.region("first_lines", 2)
    assert text[lo:hi] == "H1\n\nP1 a"
    lo, hi = d.region("last_lines", 1)
    assert text[lo:hi] == "P3"
    assert d.region("last_lines", 99) == (0, len(text))


def test_line_at():
    d = Document("ab\ncd\n")
    assert d.line_at(0).index == 0 and d.line_at(2).index == 0 and d.line_at(3).index == 1
    assert d.line_at(6).index == 2
