# The `line` matcher: a regex that must fill a whole line (blanks at the ends allowed).
# It is the workhorse for debris that sits on lines of its own.
"""A pattern over a whole line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cleaner.document import Document
from cleaner.matchers.base import Budget, Hit, Matcher, check_template, iter_line_matches, line_regex

__all__ = ["LineMatcher"]


class LineMatcher(Matcher):
    """Matches lines that the regex fills from start to end."""

    kind = "line"

    def __init__(self, pattern: str, *, ignore_case: bool = False) -> None:
        self.pattern = pattern
        self.ignore_case = ignore_case
        self._regex = line_regex(pattern, ignore_case=ignore_case)

    def find(self, doc: Document, lo: int, hi: int, *, template: str | None, budget: Budget) -> Iterator[Hit]:
        for idx, _start, m in iter_line_matches(self._regex, doc, lo, hi, budget):
            ln = doc.lines[idx]
            if ln.blank:
                continue
            replacement = m.expand(template) if template is not None else None
            yield Hit(ln.lo, ln.hi, replacement)

    def check_replacement(self, template: str) -> None:
        check_template(self._regex, template)

    def patterns(self) -> list[tuple[str, str]]:
        return [("line", self.pattern)]

    def __getstate__(self) -> dict[str, Any]:
        return {"pattern": self.pattern, "ignore_case": self.ignore_case}

    def __setstate__(self, state: dict[str, Any]) -> None:
        LineMatcher.__init__(self, state["pattern"], ignore_case=state["ignore_case"])
