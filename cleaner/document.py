# An index of one text for the matchers: where its lines and paragraphs are, which are
# blank, the ranges of regions such as "the last 3 paragraphs", and a memo across passes.
"""Line and paragraph index of a text, built once per pass and shared by all rules."""

from __future__ import annotations

import bisect
from functools import cached_property
from itertools import accumulate
from typing import Any, NamedTuple

from cleaner.prefilter import LINE_BLANKS

__all__ = ["BLANK_CHARS", "Document", "Line"]

#: Characters that make a line blank or are trimmed from a line before matching.
BLANK_CHARS = (
    " \t\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\ufeff\u200b"
)


class Line(NamedTuple):
    """One line: ``[start, end)`` without its newline; ``lo``/``hi`` trim blanks.

    A named tuple rather than a frozen dataclass: every pass indexes every line of
    the document, and a tuple is built several times faster."""

    index: int  # type: ignore[assignment]  # the line's number; shadows tuple.index, unused here
    start: int
    end: int
    lo: int
    hi: int

    @property
    def blank(self) -> bool:
        return self.lo == self.hi


def _line(index: int, start: int, raw: str) -> Line:
    """The record of line ``index``, whose text ``raw`` starts at offset ``start``."""
    end = start + len(raw)
    body = raw.lstrip(BLANK_CHARS)
    lo = end - len(body)
    return Line(index, start, end, lo, lo + len(body.rstrip(BLANK_CHARS)))


class Document:
    """Index of ``text``: lines, non-blank lines, paragraphs and regions."""

    __slots__ = ("__dict__", "domain", "memo", "source", "text")

    def __init__(
        self,
        text: str,
        source: str | None = None,
        domain: str | None = None,
        memo: dict[Any, Any] | None = None,
    ) -> None:
        self.text = text
        self.source = source
        self.domain = domain
        #: values that depend on a stretch of text alone (a unit's words, a score feature of
        #: it), shared by the passes over one document: the engine gives each pass's index
        #: the same dict, and a later pass finds there what it would compute again
        self.memo = memo

    @cached_property
    def lines(self) -> list[Line]:
        out: list[Line] = []
        pos = 0
        for idx, raw in enumerate(self.text.split("\n")):
            out.append(_line(idx, pos, raw))
            pos += len(raw) + 1
        return out

    @cached_property
    def line_starts(self) -> list[int]:
        """Offset of each line's first character (without building the Line records)."""
        if "lines" in self.__dict__:
            return [ln.start for ln in self.lines]
        lengths = map(len, self.text.split("\n"))
        starts = list(accumulate(map((1).__add__, lengths), initial=0))
        starts.pop()
        return starts

    @cached_property
    def first_non_blank(self) -> list[str]:
        """For each line, the first character at or after its start that is not one of
        ``prefilter.LINE_BLANKS`` (space, tab): a line break for a blank line, "" for
        blanks at the end of the text (the index ``prefilter.line_start_chars`` is
        checked against)."""
        lines = self.text.split("\n")
        out = [body[0] if body else "\n" for body in (raw.lstrip(LINE_BLANKS) for raw in lines)]
        if out and out[-1] == "\n":  # the last line has no line break after it
            out[-1] = ""
        return out

    def line(self, index: int) -> Line:
        """Line ``index``, built on its own when the whole index is not needed."""
        lines = self.__dict__.get("lines")
        if lines is not None:
            return lines[index]  # type: ignore[no-any-return]
        starts = self.line_starts
        start = starts[index]
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(self.text)
        return _line(index, start, self.text[start:end])

    @cached_property
    def content_lines(self) -> list[Line]:
        """Lines that are not blank."""
        return [ln for ln in self.lines if not ln.blank]

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """(first line index, last line index) of each run of non-blank lines."""
        paras: list[tuple[int, int]] = []
        first = -1
        for ln in self.lines:
            if ln.blank:
                if first >= 0:
                    paras.append((first, ln.index - 1))
                    first = -1
            elif first < 0:
                first = ln.index
        if first >= 0:
            paras.append((first, len(self.lines) - 1))
        return paras

    @property
    def line_count(self) -> int:
        """Number of non-blank lines."""
        return len(self.content_lines)

    def line_at(self, offset: int) -> Line:
        """The line that contains character ``offset``."""
        return self.line(bisect.bisect_right(self.line_starts, offset) - 1)

    def region(self, kind: str | None, count: int = 0) -> tuple[int, int]:
        """Character range of a region: first/last N non-blank lines or paragraphs."""
        n = len(self.text)
        if kind is None:
            return 0, n
        if kind in ("first_lines", "last_lines"):
            content = self.content_lines
            if count >= len(content):
                return 0, n
            if kind == "first_lines":
                return 0, content[count - 1].end
            return content[-count].start, n
        paras = self.paragraphs
        if count >= len(paras):
            return 0, n
        if kind == "first_paragraphs":
            return 0, self.lines[paras[count - 1][1]].end
        if kind == "last_paragraphs":
            return self.lines[paras[-count][0]].start, n
        raise ValueError(f"unknown region {kind!r}")
