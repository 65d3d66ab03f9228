# Rule actions: how a matcher's hit becomes an edit of the text (drop the span, drop
# its lines, drop the block, or replace it), including the tidy edges of a drop.
"""Turn hits into edits according to a rule's action."""

from __future__ import annotations

from cleaner.document import BLANK_CHARS, Document
from cleaner.matchers import Hit, RegexTimeout
from cleaner.matchers.base import Budget
from cleaner.removals import Edit
from cleaner.rule import Rule

__all__ = ["edit_for"]


def _whole_lines(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Expand [start, end) to whole lines and one line break, so no hole is left."""
    first = doc.line_at(start)
    last = doc.line_at(max(start, end - 1))
    s, e = first.start, last.end
    if e < len(doc.text):  # take the newline after the last line
        e += 1
    elif s > 0:  # the last line of the text: take the newline before it
        s -= 1
    return s, e


def _drop_span(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Drop a span; if its line(s) are left blank, drop them whole; else eat one space."""
    text = doc.text
    first = doc.line_at(start)
    last = doc.line_at(max(start, end - 1))
    if first.lo >= start and last.hi <= end:
        return _whole_lines(doc, start, end)
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    if before in BLANK_CHARS and (after in BLANK_CHARS or after == "\n"):
        return start - 1, end
    if before == "\n" and after in BLANK_CHARS:
        return start, end + 1
    return start, end


def edit_for(rule: Rule, doc: Document, hit: Hit, budget: Budget) -> Edit | None:
    """The edit ``rule`` makes for ``hit``, or None if an exclude pattern vetoes it.
    ``budget``: the time the rule has left, which its exclude patterns share with its
    matcher (RegexTimeout past it): they are the rule file's regexes, as slow as its
    match can be. The clock is read before each hit, excludes or not."""
    budget.left()
    if rule.exclude:
        span = doc.text[hit.start : hit.end]
        try:
            if any(x.search(span, None, None, None, False, budget.left()) for x in rule.exclude):
                return None
        except TimeoutError as exc:
            raise RegexTimeout(str(exc)) from exc
    action = rule.action
    if action == "replace":
        replacement = hit.replacement if hit.replacement is not None else (rule.replacement or "")
        if doc.text[hit.start : hit.end] == replacement:
            return None
        return Edit(hit.start, hit.end, replacement, rule.id, rule.category, hit.score)
    if action == "drop-span":
        s, e = _drop_span(doc, hit.start, hit.end)
    else:  # drop-line, drop-block
        s, e = _whole_lines(doc, hit.start, hit.end)
    return Edit(s, e, "", rule.id, rule.category, hit.score)
