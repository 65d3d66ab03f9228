# The `literal` matcher: fixed phrases, either anywhere in the text (as whole words)
# or as a whole line; all phrases of a rule are found in one scan.
"""Literal phrases. ``whole_line: true`` matches lines that consist of a phrase."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from cleaner.document import Document
from cleaner.matchers.base import Budget, Hit, Matcher, RegexTimeout, compile_regex

__all__ = ["LiteralMatcher", "normalise_line"]

_SPACES = regex.compile(r"\s+")


def normalise_line(s: str, ignore_case: bool) -> str:
    """Key for whole-line lookup: inner runs of blanks become one space."""
    s = _SPACES.sub(" ", s.strip())
    return s.casefold() if ignore_case else s


class LiteralMatcher(Matcher):
    """Matches any of a list of phrases."""

    kind = "literal"

    def __init__(self, phrases: list[str], *, whole_line: bool = False, ignore_case: bool = False) -> None:
        if not phrases:
            raise ValueError("literal needs at least one phrase")
        self.phrases = tuple(phrases)
        self.whole_line = whole_line
        self.ignore_case = ignore_case
        self._keys = frozenset(normalise_line(p, ignore_case) for p in phrases)
        alternation = "|".join(_bounded(p) for p in sorted(phrases, key=len, reverse=True))
        self._regex = compile_regex(alternation, ignore_case=ignore_case, multiline=False)

    def find(self, doc: Document, lo: int, hi: int, *, template: str | None, budget: Budget) -> Iterator[Hit]:
        text = doc.text
        if self.whole_line:
            keys = self._keys
            ic = self.ignore_case
            for ln in doc.content_lines:
                if ln.start < lo or ln.end > hi:
                    continue
                if normalise_line(text[ln.lo : ln.hi], ic) in keys:
                    yield Hit(ln.lo, ln.hi, template)
            return
        try:
            for m in self._regex.finditer(text, lo, hi, timeout=budget.left()):
                yield Hit(m.start(), m.end(), template)
        except TimeoutError as exc:
            raise RegexTimeout(str(exc)) from exc

    def patterns(self) -> list[tuple[str, str]]:
        return []

    def literals(self) -> list[str]:
        return list(self.phrases)

    def __getstate__(self) -> dict[str, Any]:
        return {"phrases": self.phrases, "whole_line": self.whole_line, "ignore_case": self.ignore_case}

    def __setstate__(self, state: dict[str, Any]) -> None:
        LiteralMatcher.__init__(
            self, list(state["phrases"]), whole_line=state["whole_line"], ignore_case=state["ignore_case"]
        )


def _bounded(phrase: str) -> str:
    """Escape a phrase; a phrase that starts or ends with a word character must
    start or end on a word boundary, so "Share" does not match inside "Shares"."""
    body = regex.escape(phrase)
    if phrase[:1].isalnum() or phrase[:1] == "_":
        body = r"(?<!\w)" + body
    if phrase[-1:].isalnum() or phrase[-1:] == "_":
        body = body + r"(?!\w)"
    return body
