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
  an *earlier* document of the same group kept are removed. What a document keeps
  (its units in its final text) is remembered once it is done; :meth:`Deduper.remember`
  takes what an earlier run kept (its clean text) as if the Deduper had made it.
  Between :meth:`Deduper.begin` and :meth:`Deduper.rollback` (an input that failed
  and has no output), what was remembered is forgotten again.
* The rules settle before the Deduper sees the text, so a removal comes after them
  and can leave work a second clean would do: bring "Source link" among the last
  lines, where ``autoblog.source-link`` looks, or a date line above the first line
  of prose; bring a line within reach of a heading a rule judges it by; shrink a
  document the guard kept the rules off to where they may act; take away the line
  that names U+FFFD, which kept ``encoding.lost-chars`` off the character; leave a
  run of blank lines. Given the Cleaner that made the results (``cleaner=``, as
  ``cleaner clean --dedup-by`` does), the Deduper therefore cleans the text again
  after each removal (:meth:`cleaner.Cleaner.clean_after`: tidying, repair and every
  rule, in passes), and removes the copies that cleaning may have made, until
  neither finds anything more (at most ``MAX_ROUNDS`` rounds, else an ``unsettled``
  warning). A run over its own outputs, in the same order, then changes nothing,
  and every change of every round is in the log with its own rule and offsets in
  the input.
* The guard: dedup removals are not weighed (a document all of whose lines an
  earlier one kept is emptied). Each cleaning after a removal weighs the rules'
  removals against the text the removal left, as cleaning that output again would
  weigh them, so rules the guard held back may act once repeated lines are gone.
  The rules' warnings (guard, unsettled, rule-timeout) and those of U+FFFD left in
  the text are then the last cleaning's.
* Without a cleaner, only the whitespace steps ``steps`` tidy after a removal; a
  second clean of such output may still change it.
* The result depends on the order documents arrive in; feed them in input order
  (``cleaner clean --dedup-by`` therefore runs in one process, whatever ``--jobs``).
* Memory: one 64-bit hash per distinct unit per group, kept for the whole run.
* Time: a document that loses repeats is cleaned once more per round (usually one).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator

from cleaner.document import Document
from cleaner.linebreaks import line_feeds
from cleaner.pipeline import Cleaner, CleanResult
from cleaner.removals import Edit, EditLog
from cleaner.tidy import TIDY_STEPS, tidy
from cleaner.warnings import CleanWarning

__all__ = ["DEDUP_CATEGORY", "DEDUP_RULE", "DEDUP_UNITS", "MAX_ROUNDS", "Deduper"]

DEDUP_RULE = "dedup.repeated"
DEDUP_CATEGORY = "dedup"
DEDUP_UNITS = ("line", "paragraph")
#: rounds of removing repeats and cleaning again at most, per document (a cleaning that
#: turns a line into a copy of a seen one makes another round; fuzzing needed two at most)
MAX_ROUNDS = 8


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
    """Remembers, per group, the units seen so far, and removes later copies.

    ``cleaner`` is the Cleaner the results come from: after each removal it cleans the
    text again (:meth:`cleaner.Cleaner.clean_after`), so that what the removal brought
    into reach is cleaned too. Without one, only the whitespace steps ``steps`` (default:
    all) tidy after a removal, which leaves a result a second clean may still change.
    """

    __slots__ = ("_added", "_cleaner", "_seen", "min_chars", "steps", "unit")

    def __init__(
        self,
        unit: str = "line",
        min_chars: int = 0,
        steps: frozenset[str] | None = None,
        *,
        cleaner: Cleaner | None = None,
    ) -> None:
        if unit not in DEDUP_UNITS:
            raise ValueError(f"unit must be one of {', '.join(DEDUP_UNITS)}")
        self.unit = unit
        self.min_chars = min_chars
        if cleaner is not None:
            steps = cleaner.steps
        self.steps = frozenset(TIDY_STEPS) if steps is None else steps & frozenset(TIDY_STEPS)
        self._cleaner = cleaner
        self._seen: dict[str, set[int]] = {}
        # the units remembered since begin(), which rollback() forgets: None outside one
        self._added: list[tuple[str, int]] | None = None

    @property
    def units_seen(self) -> int:
        """Distinct units remembered, over all groups."""
        return sum(len(s) for s in self._seen.values())

    def _units(self, doc: Document) -> Iterator[tuple[int, int]]:
        """[start, end) of each unit of ``doc`` (blanks at both ends trimmed) that is
        long enough to count."""
        lines = doc.lines
        if self.unit == "line":
            spans: Iterator[tuple[int, int]] = ((ln.lo, ln.hi) for ln in doc.content_lines)
        else:
            spans = ((lines[first].lo, lines[last].hi) for first, last in doc.paragraphs)
        for lo, hi in spans:
            if hi - lo >= max(self.min_chars, 1):
                yield lo, hi

    def _scan(self, text: str, seen: set[int]) -> tuple[list[Edit], set[int]]:
        """The deletions of the units of ``text`` that ``seen`` holds, each with its lines
        and one line break, and the keys of all its units."""
        doc = Document(line_feeds(text))  # same offsets; every line break a \n
        keys: set[int] = set()
        spans: list[tuple[int, int]] = []
        for lo, hi in self._units(doc):
            key = _key(doc.text[lo:hi])
            keys.add(key)
            if key in seen:
                spans.append(_whole_lines(doc, lo, hi))
        edits: list[Edit] = []
        for s, e in sorted(spans):
            if edits and s < edits[-1].end:  # the newline before a last line touches the previous span
                prev = edits.pop()
                s, e = prev.start, max(prev.end, e)
            edits.append(Edit(s, e, "", DEDUP_RULE, DEDUP_CATEGORY))
        return edits, keys

    def _remove(self, result: CleanResult, edits: list[Edit]) -> CleanResult:
        """``result`` with ``edits`` applied, then cleaned again by the cleaner (only
        tidied without one)."""
        if self._cleaner is not None:
            return self._cleaner.clean_after(result, edits)
        assert result.input_text is not None  # checked by apply
        log = EditLog.resumed(result.input_text, result.text, result.removals)
        log.apply(edits)
        tidy(log, self.steps)
        return dataclasses.replace(result, text=log.current, removals=tuple(log.removals))

    def apply(self, result: CleanResult, group: str) -> CleanResult:
        """``result`` with the units an earlier document of ``group`` kept removed, and
        (with a cleaner) cleaned again after each removal, until neither the removal nor
        the cleaning finds anything more; the units it keeps are then remembered."""
        if result.input_text is None:
            raise ValueError("the result does not carry its input text; cannot extend its log")
        seen = self._seen.setdefault(group, set())
        for _ in range(MAX_ROUNDS):
            edits, keys = self._scan(result.text, seen)
            if not edits:
                break
            result = self._remove(result, edits)
        else:
            edits, keys = self._scan(result.text, seen)
            if edits:
                warning = CleanWarning(
                    "unsettled",
                    f"repeated units were still found after {MAX_ROUNDS} rounds of removing them and "
                    "cleaning again; deduplicating the result again may remove more",
                    DEDUP_RULE,
                )
                result = dataclasses.replace(result, warnings=(*result.warnings, warning))
        self._add(keys, group)  # the units of the text it keeps
        return result

    def remember(self, text: str, group: str) -> None:
        """Remember the units of ``text``, what a document of ``group`` kept, as
        :meth:`apply` does once a document is done: ``cleaner clean --resume`` tells it
        so what the inputs a stopped run finished kept, from their outputs."""
        self._add(self._scan(text, set())[1], group)

    def _add(self, keys: set[int], group: str) -> None:
        seen = self._seen.setdefault(group, set())
        if self._added is not None:
            self._added.extend((group, key) for key in keys - seen)
        seen.update(keys)

    def begin(self) -> None:
        """Start remembering the documents of one input apart: the documents after them in
        the same input dedup against them, and :meth:`rollback` forgets them all if the
        input fails (it has no output, so what it kept is nowhere)."""
        self._added = []

    def commit(self) -> None:
        """The input begun last is done: what its documents kept stays remembered."""
        self._added = None

    def rollback(self) -> None:
        """The input begun last failed: forget what its documents kept, so no later
        document loses a line whose only kept copy was in it."""
        for group, key in self._added or ():
            self._seen[group].discard(key)
        self._added = None
