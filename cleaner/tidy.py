# The whitespace stage: after removals, strip trailing blanks, collapse runs of blank
# lines and trim the ends of the text, each as its own logged, switchable step.
"""Whitespace tidying, logged like any rule."""

from __future__ import annotations

import re

import regex

from cleaner.linebreaks import line_feeds
from cleaner.removals import Edit, EditLog

__all__ = ["TIDY_STEPS", "tidy"]

#: step id -> what it does
TIDY_STEPS: dict[str, str] = {
    "whitespace.trailing": "strip spaces and tabs at the end of every line",
    "whitespace.blank-lines": "collapse runs of blank lines to one blank line",
    "whitespace.edges": "remove the blank lines at the start and at the end of the text",
}

_BLANK = r"[^\S\n\r]"
_TRAILING = regex.compile(rf"{_BLANK}+(?=[^\S\n]*(?:\n|\Z))")  # also between \r and \n
# a run of line breaks (on a line_feeds text: \n and \r\n): one character class, which
# the standard library scans in constant memory; a repeated group kept ~150 bytes a line
_BREAK_RUN = re.compile(r"\n[\r\n]+")
_LEADING = regex.compile(r"\A(?:[^\S\n]*\n)+")


def _edits(pattern: regex.Pattern[str], text: str, rule: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), "", rule, "whitespace")
        for m in pattern.finditer(text)
        if m.end() > m.start()
    ]


#: the characters ``_BLANK`` matches: Unicode White_Space but \n and \r
_BLANK_CHARS = (
    "\t\x0b\x0c \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


def _trailing_edits(text: str) -> list[Edit]:
    r"""The blanks at the end of each line, found line by line: the regex tries every
    blank between two words (a few MB/s), while rstrip looks only at line ends. A line
    that ends in carriage returns (``\r\n`` text) keeps them and loses the blanks
    around them, so that stripping once leaves no blank to strip a second time."""
    edits: list[Edit] = []
    pos = 0
    for line in text.split("\n"):
        end = len(line)
        kept = len(line.rstrip(_BLANK_CHARS))
        if kept < end or line[kept - 1 : kept] == "\r":
            spans = []  # found from the end of the line backwards
            while True:
                if kept < end:
                    spans.append((pos + kept, pos + end))
                if line[kept - 1 : kept] != "\r":
                    break
                end = len(line[:kept].rstrip("\r"))
                kept = len(line[:end].rstrip(_BLANK_CHARS))
            edits.extend(Edit(a, b, "", "whitespace.trailing", "whitespace") for a, b in reversed(spans))
        pos += len(line) + 1
    return edits


def tidy(log: EditLog, steps: frozenset[str]) -> None:
    r"""Apply the selected tidy steps to ``log.current``, in order. A lone ``\r`` and the
    Unicode line and paragraph separators are line breaks here, as for the rules."""
    if "whitespace.trailing" in steps:
        log.apply(_trailing_edits(line_feeds(log.current)))
    if "whitespace.blank-lines" in steps:
        runs = _blank_runs(line_feeds(log.current))
        log.apply([Edit(s, e, "", "whitespace.blank-lines", "whitespace") for s, e in runs])
    if "whitespace.edges" in steps:
        text = line_feeds(log.current)
        edits = _edits(_LEADING, text, "whitespace.edges")
        tail = _end_start(text)
        if tail < len(text) and (not edits or tail >= edits[0].end):
            edits.append(Edit(tail, len(text), "", "whitespace.edges", "whitespace"))
        log.apply(edits)


def _blank_runs(text: str) -> list[tuple[int, int]]:
    r"""The empty lines of each run of them: from after a line's ``\n`` to the start of
    the last line break of the run, so that one blank line is left. ``text`` has no lone
    ``\r`` (it went through line_feeds), so a ``\r`` in a run is the start of a ``\r\n``."""
    runs = []
    for m in _BREAK_RUN.finditer(text):
        start, end = m.start() + 1, m.end() - 1  # end: where the last line break starts
        if text[end - 1] == "\r":
            end -= 1
        if end > start:
            runs.append((start, end))
    return runs


def _end_start(text: str) -> int:
    r"""Where the end of the text goes from: its first line break (a \r too: what is left
    of a \r\n the last line took) followed by nothing but blanks, or ``len(text)``. The
    start of what ``[\r\n]\s*\Z`` matches, found with rstrip, not a search at every break."""
    blank_from = len(text.rstrip(_BLANK_CHARS + "\r\n"))
    breaks = [i for i in (text.find("\n", blank_from), text.find("\r", blank_from)) if i >= 0]
    return min(breaks, default=len(text))
