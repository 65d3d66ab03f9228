# The `block` matcher: from a line that matches `start` to a line that matches `end`,
# to the next blank line, or to the end of the text, never longer than `max_lines`.
"""A block of whole lines between markers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from cleaner.document import Document
from cleaner.matchers.base import Budget, Hit, Matcher, RegexTimeout, iter_line_matches, line_regex

__all__ = ["BlockMatcher"]

UNTIL_KINDS = ("end-pattern", "blank", "end")


class BlockMatcher(Matcher):
    """Matches whole-line blocks. ``max_lines`` counts non-blank lines, start included."""

    kind = "block"

    def __init__(
        self,
        start: str,
        *,
        end: str | None = None,
        until: str | None = None,
        max_lines: int = 12,
        ignore_case: bool = False,
    ) -> None:
        if until is None:
            until = "end-pattern" if end is not None else "blank"
        if until not in UNTIL_KINDS:
            raise ValueError(f"until must be one of {', '.join(UNTIL_KINDS)}")
        if (until == "end-pattern") != (end is not None):
            raise ValueError("`end` is required with until: end-pattern and allowed only there")
        self.start = start
        self.end = end
        self.until = until
        self.max_lines = max_lines
        self.ignore_case = ignore_case
        self._start = line_regex(start, ignore_case=ignore_case)
        self._end = line_regex(end, ignore_case=ignore_case) if end is not None else None

    @property
    def cuts_tail(self) -> bool:
        return self.until == "end"

    def find(self, doc: Document, lo: int, hi: int, *, template: str | None, budget: Budget) -> Iterator[Hit]:
        starts = ((idx, s) for idx, s, _m in iter_line_matches(self._start, doc, lo, hi, budget))
        return self.blocks(doc, starts, lo, hi, template=template, budget=budget)

    def blocks(
        self,
        doc: Document,
        starts: Iterable[tuple[int, int]],
        lo: int,
        hi: int,
        *,
        template: str | None,
        budget: Budget,
    ) -> Iterator[Hit]:
        """The blocks that open on ``starts``: (line index, offset) of the lines in
        ``[lo, hi)`` that the start regex fills, in order (what :meth:`find` scans for;
        a compiled rule set finds them from its literal scan instead). ``budget`` bounds
        the end regex over all the blocks together, not each of its calls."""
        lines = doc.lines
        resume = lo
        for idx, s in starts:
            if s < resume or lines[idx].blank:
                continue
            last = self._block_end(doc, idx, hi, budget)
            if last is None:
                continue
            first_ln, last_ln = lines[idx], lines[last]
            yield Hit(first_ln.lo, last_ln.hi, template)
            resume = last_ln.end

    def _block_end(self, doc: Document, first: int, hi: int, budget: Budget) -> int | None:
        """Index of the block's last line, or None if the block is too long or unended."""
        lines = doc.lines
        count = 1
        last = first
        for ln in lines[first + 1 :]:
            if ln.end > hi:
                break
            if self.until == "blank" and ln.blank:
                return last
            if ln.blank:
                continue
            count += 1
            if count > self.max_lines:
                return None
            last = ln.index
            if self._end is not None:
                try:
                    if self._end.fullmatch(doc.text, ln.start, ln.end, None, False, budget.left()):
                        return last
                except TimeoutError as exc:
                    raise RegexTimeout(str(exc)) from exc
        if self.until == "end-pattern":
            return None
        return last

    def patterns(self) -> list[tuple[str, str]]:
        out = [("block.start", self.start)]
        if self.end is not None:
            out.append(("block.end", self.end))
        return out

    def __getstate__(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "until": self.until,
            "max_lines": self.max_lines,
            "ignore_case": self.ignore_case,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        BlockMatcher.__init__(self, **state)
