# The `pattern` matcher: a regex searched anywhere in the region, which may span lines
# (multi-line mode: ^ and $ match at line boundaries). For spans inside lines and
# for multi-line shapes such as an author box.
"""A span pattern anywhere in the text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cleaner.document import Document
from cleaner.matchers.base import Budget, Hit, Matcher, RegexTimeout, check_template, compile_regex

__all__ = ["PatternMatcher"]


class PatternMatcher(Matcher):
    """Matches every non-empty span the regex finds."""

    kind = "pattern"

    def __init__(self, pattern: str, *, ignore_case: bool = False) -> None:
        self.pattern = pattern
        self.ignore_case = ignore_case
        self._regex = compile_regex(pattern, ignore_case=ignore_case)

    def find(self, doc: Document, lo: int, hi: int, *, template: str | None, budget: Budget) -> Iterator[Hit]:
        try:
            for m in self._regex.finditer(doc.text, lo, hi, timeout=budget.left()):
                if m.end() > m.start():
                    replacement = m.expand(template) if template is not None else None
                    yield Hit(m.start(), m.end(), replacement)
        except TimeoutError as exc:
            raise RegexTimeout(str(exc)) from exc

    def check_replacement(self, template: str) -> None:
        check_template(self._regex, template)

    def patterns(self) -> list[tuple[str, str]]:
        return [("pattern", self.pattern)]

    def __getstate__(self) -> dict[str, Any]:
        return {"pattern": self.pattern, "ignore_case": self.ignore_case}

    def __setstate__(self, state: dict[str, Any]) -> None:
        PatternMatcher.__init__(self, state["pattern"], ignore_case=state["ignore_case"])
