# Minimal logged edits from a changed line: exact on any input, the same as difflib on
# short pieces, and linear on long ones (no difflib run over more than a bounded window).
from __future__ import annotations

import difflib
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.encoding import spans
from cleaner.encoding.spans import diff_edits


def _apply(old: str, edits) -> str:
    out, pos = [], 0
    for e in edits:
        assert e.start >= pos and e.end > e.start  # ordered, disjoint, never empty
        out.append(old[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    return "".join(out) + old[pos:]


_FRENCH = "Le café était plein, et l'été arrivait à Noël; déjà les élèves étaient là. "


@pytest.fixture
def bounded_difflib(monkeypatch):
    """Fail if difflib is asked to align more than the whole-diff limit at once."""
    real = difflib.SequenceMatcher

    def checked(isjunk, a, b, autojunk=True):
        assert len(a) + len(b) <= spans.WHOLE_DIFF_LIMIT, (len(a), len(b))
        return real(isjunk, a, b, autojunk=autojunk)

    monkeypatch.setattr(spans, "SequenceMatcher", checked)


@pytest.mark.parametrize(
    "old",
    [
        unicodedata.normalize("NFD", _FRENCH * 400),  # 30 KB on one line
        "Cafe\u0301 " * 3000,  # the same change, over and over
        "e" + "\u0301" * 50000,  # one base character, many marks
    ],
    ids=["nfd-line", "repetitive", "mark-run"],
)
def test_a_long_line_is_aligned_window_by_window(bounded_difflib, old):
    new = unicodedata.normalize("NFC", old)
    edits = diff_edits(old, new, 0, "encoding.nfc")
    assert _apply(old, edits) == new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a\ud800" * 3000, "a\ufffd" * 3000),  # a change every other character
        ("\ud83d\ude00 " * 3000, "\U0001f600 " * 3000),  # surrogate pairs joined
    ],
    ids=["every-other", "pairs"],
)
def test_dense_changes_are_one_edit_each(bounded_difflib, old, new):
    edits = diff_edits(old, new, 0, "encoding.mojibake")
    assert _apply(old, edits) == new
    assert len(edits) == 3000


def test_a_long_line_gets_one_edit_per_changed_character():
    old = unicodedata.normalize("NFD", _FRENCH * 400)
    new = unicodedata.normalize("NFC", old)
    edits = diff_edits(old, new, 7, "encoding.nfc")
    composed = sum(1 for c in new if unicodedata.decomposition(c))
    assert len(edits) == composed
    assert all(len(old[e.start - 7 : e.end - 7]) == 2 and len(e.replacement) == 1 for e in edits)


def test_long_mojibake_keeps_one_edit_per_character():
    bad = _FRENCH.encode("utf-8").decode("latin-1")
    old = (bad + "\x00") * 200  # the NUL keeps the line from aligning as a whole
    new = (_FRENCH + "\x00") * 200
    edits = diff_edits(old, new, 0, "encoding.mojibake", per_char=True)
    assert _apply(old, edits) == new
    assert len(edits) == 200 * sum(1 for c in _FRENCH if not c.isascii())


_TEXT = st.text(alphabet="ab \u0301é\nÃ©", max_size=60)


@settings(max_examples=300, deadline=None)
@given(_TEXT, _TEXT)
def test_short_pieces_are_difflibs_alignment(old, new):
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    expected = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    assert spans._changed_pieces(old, new) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=40), st.integers(0, 3))
def test_long_pieces_rebuild_exactly(chunks, seed):
    # long inputs made of locally changed chunks, some equal, some not
    old = "".join(a + ("x" * (seed * 5)) for a, _ in chunks)
    new = "".join((b if i % 3 else a) + ("x" * (seed * 5)) for i, (a, b) in enumerate(chunks))
    old, new = old * 6, new * 6  # mostly past the whole-diff limit
    for per_char in (False, True):
        assert _apply(old, diff_edits(old, new, 0, "r", per_char=per_char)) == new


def test_mojibake_whose_no_break_space_became_a_space_keeps_one_edit_per_character():
    # ภ is E0 B8 A0: read as windows-1252 its last byte is a no-break space, which an
    # editor (or encoding.nbsp) made a plain space; ftfy reads it back (restore_byte_a0)
    old, new = "Thai: à¸ à¸²à¸©à¸²à¹„à¸—à¸¢, 10Â°C", "Thai: ภาษาไทย, 10°C"
    edits = diff_edits(old, new, 0, "encoding.mojibake", per_char=True)
    assert _apply(old, edits) == new
    assert [(old[e.start : e.end], e.replacement) for e in edits][:2] == [("à¸ ", "ภ"), ("à¸²", "า")]
    assert len(edits) == 8
