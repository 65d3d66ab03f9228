# Unit tests of the line/paragraph index and region arithmetic used by the matchers.
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner.document import BLANK_CHARS, Document


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


@given(st.text(alphabet="ab \n\t\r\u00a0\u200b\x1c\u3000", max_size=40))
def test_lines_cover_the_text_and_trim_exactly_the_blank_characters(text):
    lines = Document(text).lines
    assert "\n".join(text[ln.start : ln.end] for ln in lines) == text
    for i, ln in enumerate(lines):
        raw = text[ln.start : ln.end]
        assert ln.index == i and "\n" not in raw
        body = text[ln.lo : ln.hi]
        assert body == raw.strip(BLANK_CHARS)
        assert ln.start <= ln.lo <= ln.hi <= ln.end
        lead = len(raw) - len(raw.lstrip(BLANK_CHARS))
        assert ln.lo == (ln.start + lead if body else ln.end)
