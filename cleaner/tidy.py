# The whitespace stage: after removals, strip trailing blanks, collapse runs of blank
# lines and trim the ends of the text, each as its own logged, switchable step.
"""Whitespace tidying, logged like any rule."""

from __future__ import annotations

import regex

from cleaner.removals import Edit, EditLog

__all__ = ["TIDY_STEPS", "tidy"]

#: step id -> what it does
TIDY_STEPS: dict[str, str] = {
    "whitespace.trailing": "strip spaces and tabs at the end of every line",
    "whitespace.blank-lines": "collapse runs of blank lines to one blank line",
    "whitespace.edges": "remove blank lines and blanks at the start and end of the text",
}

_BLANK = r"[^\S\n\r]"
_TRAILING = regex.compile(rf"{_BLANK}+(?=\r?\n|\Z)")
_BLANK_RUN = regex.compile(r"(?<=\n)(?:\r?\n)+(?=\r?\n)")
_LEADING = regex.compile(r"\A(?:[^\S\n]*\n)+")
_END = regex.compile(r"\n\s*\Z")


def _edits(pattern: regex.Pattern[str], text: str, rule: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), "", rule, "whitespace")
        for m in pattern.finditer(text)
        if m.end() > m.start()
    ]


def tidy(log: EditLog, steps: frozenset[str]) -> None:
    """Apply the selected tidy steps to ``log.current``, in order."""
    if "whitespace.trailing" in steps:
        log.apply(_edits(_TRAILING, log.current, "whitespace.trailing"))
    if "whitespace.blank-lines" in steps:
        log.apply(_edits(_BLANK_RUN, log.current, "whitespace.blank-lines"))
    if "whitespace.edges" in steps:
        text = log.current
        edits = _edits(_LEADING, text, "whitespace.edges")
        tail = _END.search(text)
        if tail and tail.end() > tail.start() and (not edits or tail.start() >= edits[0].end):
            edits.append(Edit(tail.start(), tail.end(), "", "whitespace.edges", "whitespace"))
        log.apply(edits)
