# Keep one copy: within a group of documents, the first copy of a repeated line or
# paragraph stays and later copies are removed, logged as `dedup.repeated` like any rule.
"""Cross-document deduplication that keeps the first copy.

CCNet-style deduplication drops every paragraph whose hash was seen anywhere, the
first copy included, and logs nothing. :class:`Deduper` keeps the first copy it
sees in each group and removes the later ones from the clean text of later
documents, through the removal log (rule ``dedup.repeated``, category ``dedup``),
so ``restore`` still rebuilds the input exactly.

* A *unit* is a non-blank line (``unit="line"``, as CCNet's paragraphs are) or a
  run of non-blank lines between blank lines (``unit="paragraph"``); two units are
  the same when they are equal after folding runs of blanks to one space.
* Units repeated inside one document are not touched: only copies of units that
  an *earlier* document of the same group had are removed.
* The result depends on the order documents arrive in; feed them in input order
  (``cleaner clean --dedup-by`` therefore runs in one process, whatever ``--jobs``).
* Memory: one 64-bit hash per distinct unit per group, kept for the whole run.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator

from cleaner.document import Document
from cleaner.linebreaks import line_feeds
from cleaner.pipeline import CleanResult
from cleaner.removals import Edit, EditLog
from cleaner.tidy import TIDY_STEPS, tidy

__all__ = ["DEDUP_CATEGORY", "DEDUP_RULE", "DEDUP_UNITS", "Deduper"]

DEDUP_RULE = "dedup.repeated"
DEDUP_CATEGORY = "dedup"
DEDUP_UNITS = ("line", "paragraph")


def _key(text: str) -> int:
    norm = " ".join(text.split())
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "big")


def _whole_lines(doc: Document, lo: int, hi: int) -> tuple[int, int]:
    """The lines holding [lo, hi) and one line break (after, or before the last line; a
    ``\r\n`` whole, so that no lone ``\r`` is left behind)."""
    s, e = doc.line_at(lo).start, doc.line_at(max(lo, hi - 1)).end
    if e < len(doc.text):
        e += 1
    elif s > 0:
        s -= 2 if doc.text.startswith("\r\n", s - 2) else 1
    return s, e


class Deduper:
    """Remembers, per group, the units seen so far, and removes later copies."""

    __slots__ = ("_seen", "min_chars", "steps", "unit")

    def __init__(
        self, unit: str = "line", min_chars: int = 0, steps: frozenset[str] | None = None
    ) -> None:
        if unit not in DEDUP_UNITS:
            raise ValueError(f"unit must be one of {', '.join(DEDUP_UNITS)}")
        self.unit = unit
        self.min_chars = min_chars
        self.steps = frozenset(TIDY_STEPS) if steps is None else steps & frozenset(TIDY_STEPS)
        self._seen: dict[str, set[int]] = {}

    @property
    def units_seen(self) -> int:
        """Distinct units remembered, over all groups."""
        return sum(len(s) for s in self._seen.values())

    def _units(self, doc: Document) -> Iterator[tuple[int, int]]:
        """[start, end) of each unit of ``doc`` (blanks at both ends trimmed)."""
        lines = doc.lines
        if self.unit == "line":
            for ln in doc.content_lines:
                yield ln.lo, ln.hi
        else:
            for first, last in doc.paragraphs:
                yield lines[first].lo, lines[last].hi

    def apply(self, result: CleanResult, group: str) -> CleanResult:
        """``result`` with the units an earlier document of ``group`` had removed."""
        if result.input_text is None:
            raise ValueError("the result does not carry its input text; cannot extend its log")
        seen = self._seen.setdefault(group, set())
        doc = Document(line_feeds(result.text))  # same offsets; every line break a \n
        text = doc.text
        spans: list[tuple[int, int]] = []
        keys: set[int] = set()
        for lo, hi in self._units(doc):
            if hi - lo < max(self.min_chars, 1):
                continue
            k = _key(text[lo:hi])
            keys.add(k)
            if k in seen:
                spans.append(_whole_lines(doc, lo, hi))
        seen.update(keys)
        if not spans:
            return result
        edits: list[Edit] = []
        for s, e in sorted(spans):
            if edits and s < edits[-1].end:  # the newline before a last line touches the previous span
                prev = edits.pop()
                s, e = prev.start, max(prev.end, e)
            edits.append(Edit(s, e, "", DEDUP_RULE, DEDUP_CATEGORY))
        log = EditLog(result.input_text)
        log.removals = list(result.removals)
        log.current = result.text
        log.apply(edits)
        tidy(log, self.steps)
        return dataclasses.replace(result, text=log.current, removals=tuple(log.removals))
