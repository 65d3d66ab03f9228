# The steps for characters that do not show: zero-width characters and soft hyphens
# (encoding.invisible), stray control characters (encoding.controls), odd spaces (encoding.nbsp).
"""Invisible characters, control characters and unusual spaces."""

from __future__ import annotations

import re

from cleaner.encoding.options import EncodingOptions
from cleaner.linebreaks import LINE_BREAKS
from cleaner.removals import Edit

__all__ = ["HIDDEN", "control_edits", "invisible_edits", "nbsp_edits"]

# Always invisible junk in running text: zero-width space, word joiner, invisible
# operators, BOM / zero-width no-break space, soft hyphen, Mongolian vowel separator.
_INVISIBLE = re.compile(r"[\u200b\u2060-\u2064\ufeff\u00ad\u180e]+")
# Zero-width (non-)joiners shape Persian, Indic scripts and emoji sequences: they are
# kept between two visible non-ASCII characters and removed next to ASCII, spaces or ends.
_JOINER = re.compile(r"[\u200c\u200d]+")
_KEEP_JOINER = re.compile(r"[^\x00-\x7f\s\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")

# C0 controls except tab, line feed, carriage return (and VT/FF, handled below), DEL,
# and C1 controls (the mojibake step turns the ones that stood for windows-1252
# characters into those first).
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0e-\x1f\x7f-\x9f]+")
_PAGE_BREAK = re.compile(r"[\x0b\x0c]+")
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# No-break and typographic spaces; the ideographic space U+3000 is the normal space
# of CJK text and stays.
_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f]")
_NEEDS_SCAN = re.compile(r"[\u00a0\u00ad\u1680\u180e\u2000-\u200d\u202f\u205f-\u2064\ufeff]")
#: any character one of the three steps here acts on: one scan tells whether to run them
HIDDEN = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00a0\u00ad\u1680\u180e\u2000-\u200d\u202f\u205f-\u2064\ufeff]"
)


def invisible_edits(text: str, options: EncodingOptions) -> list[Edit]:
    """``encoding.invisible``: zero-width characters and soft hyphens are removed."""
    if text.isascii() or not _NEEDS_SCAN.search(text):
        return []
    edits = [
        Edit(m.start(), m.end(), "", "encoding.invisible", "encoding") for m in _INVISIBLE.finditer(text)
    ]
    for m in _JOINER.finditer(text):
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if not (before and after and _KEEP_JOINER.match(before) and _KEEP_JOINER.match(after)):
            edits.append(Edit(m.start(), m.end(), "", "encoding.invisible", "encoding"))
    return _disjoint(edits)


_BREAKS = tuple(LINE_BREAKS)  # a tuple: the empty slice at an end of the text is no break


def control_edits(text: str, options: EncodingOptions) -> list[Edit]:
    """``encoding.controls``: control characters and terminal colour codes are removed; a
    vertical tab or form feed becomes a line break unless one is next to it."""
    if not _ANY_CONTROL.search(text):
        return []
    edits = [Edit(m.start(), m.end(), "", "encoding.controls", "encoding") for m in _CONTROL.finditer(text)]
    for m in _PAGE_BREAK.finditer(text):
        near_break = text[m.start() - 1 : m.start()] in _BREAKS or text[m.end() : m.end() + 1] in _BREAKS
        repl = "" if near_break or m.start() == 0 or m.end() == len(text) else "\n"
        edits.append(Edit(m.start(), m.end(), repl, "encoding.controls", "encoding"))
    return _disjoint(edits)


def nbsp_edits(text: str, options: EncodingOptions) -> list[Edit]:
    """``encoding.nbsp``: no-break and other unusual spaces become plain spaces."""
    if text.isascii():
        return []
    return [Edit(m.start(), m.end(), " ", "encoding.nbsp", "encoding") for m in _SPACE.finditer(text)]


def _disjoint(edits: list[Edit]) -> list[Edit]:
    """Sorted edits; of two that touch the same characters the first is kept."""
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out
