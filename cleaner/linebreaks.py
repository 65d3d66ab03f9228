# How the stages read line breaks: \r\n, a lone \r and the Unicode line and paragraph
# separators are line breaks, which the rules and the whitespace steps read as \n.
"""Line breaks other than ``\\n``, read as ``\\n`` without changing the text.

Rule regexes and the line index are written for ``\\n``. A file saved on Windows
(``\\r\\n``), on a classic Mac (a lone ``\\r``), or text that came through JavaScript
or a word processor (U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR) must clean as
the same text with ``\\n`` does, and keep its own line breaks.

* :func:`line_feeds` reads the one-character breaks as ``\\n``: same length, same
  offsets, so edits found on it apply to the text as they are (``\\r\\n`` stays; the
  whitespace steps handle the pair themselves).
* :class:`LineFeedView` reads ``\\r\\n`` as ``\\n`` too, for the rules, and carries
  offsets and edits between the view and the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from cleaner.removals import Edit

__all__ = ["LINE_BREAKS", "LineFeedView", "line_feeds"]

#: the characters that end a line
LINE_BREAKS = "\n\r\u2028\u2029"

_ONE_CHAR_BREAKS = re.compile("\r(?!\n)|[\u2028\u2029]")


def _other_breaks(text: str) -> bool:
    """Whether ``text`` holds a line break other than ``\\n``."""
    return "\r" in text or "\u2028" in text or "\u2029" in text


def line_feeds(text: str) -> str:
    """``text`` with each lone ``\\r``, U+2028 and U+2029 read as ``\\n`` (``\\r\\n`` kept):
    the same length and offsets. ``text`` itself when it has none."""
    if not _other_breaks(text):
        return text
    return _ONE_CHAR_BREAKS.sub("\n", text)


@dataclass(frozen=True, slots=True)
class LineFeedView:
    """A text whose line breaks the rules read as ``\\n``: their regexes are written for
    ``\\n`` (a block's lines, a pattern across lines). Edits found on the view are
    carried back to the text, so the text keeps its line breaks. ``source``: the text;
    ``crlf``: where in the view each ``\\n`` that stands for ``\\r\\n`` is; ``cr``: where
    in the text its ``\\r`` is."""

    text: str
    source: str
    crlf: list[int]
    cr: list[int]

    @classmethod
    def of(cls, text: str) -> LineFeedView | None:
        """The view of ``text``; None when its only line break is ``\\n`` (the text is its
        own view)."""
        if not _other_breaks(text):
            return None
        one = line_feeds(text)
        cr = []
        q = one.find("\r\n")
        while q >= 0:
            cr.append(q)
            q = one.find("\r\n", q + 2)
        view = one.replace("\r\n", "\n") if cr else one
        return cls(view, text, [q - k for k, q in enumerate(cr)], cr)

    def newline(self) -> str:
        """The text's most frequent line break (a tie: ``\\n``, then ``\\r\\n``), which a line
        break that an edit writes becomes. Counted only when an edit writes one."""
        text, pairs = self.source, len(self.cr)
        counts = {
            "\n": text.count("\n") - pairs,
            "\r\n": pairs,
            "\r": text.count("\r") - pairs,
            "\u2028": text.count("\u2028"),
            "\u2029": text.count("\u2029"),
        }
        return max(counts, key=counts.__getitem__)

    def to_text(self, p: int) -> int:
        """The offset in the text of offset ``p`` of the view: before a ``\\n`` that stands
        for ``\\r\\n`` is before its ``\\r``, so an edit takes or leaves the pair whole."""
        return p + bisect.bisect_left(self.crlf, p)

    def to_view(self, t: int) -> int:
        """The offset in the view of offset ``t`` of the text (between ``\\r`` and ``\\n``:
        before the ``\\n``)."""
        return t - bisect.bisect_left(self.cr, t)

    def edit_to_text(self, e: Edit) -> Edit:
        """``e``, found on the view, as an edit of the text; a line break it writes is
        the text's own."""
        start, end = self.to_text(e.start), self.to_text(e.end)
        replacement = e.replacement
        if "\n" in replacement:
            replacement = replacement.replace("\n", self.newline())
        return replace(e, start=start, end=end, replacement=replacement)
