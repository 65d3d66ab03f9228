# Terminal styling: colour or not (a TTY, NO_COLOR, --color), coloured unified diffs, control
# characters escaped in messages and shown text, plural counts, a score rule's score as shown.
"""Colour on terminals, plain text on pipes."""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO

__all__ = [
    "RESET",
    "colour_diff",
    "counted",
    "each_line",
    "one_line",
    "paint",
    "printable",
    "say",
    "score_text",
    "use_colour",
    "visible",
]

RESET = "\x1b[0m"
_STYLES = {
    "removed": "\x1b[31m",
    "added": "\x1b[32m",
    "hunk": "\x1b[36m",
    "header": "\x1b[1m",
    "rule": "\x1b[2;33m",
}

#: a lone surrogate: a JSON string's "\\ud800", or a byte a surrogateescape read kept
_SURROGATE = re.compile("[\ud800-\udfff]")
#: what a terminal takes for a command, not a character: C0 and C1 controls and DEL
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: the same but line breaks and tabs, in a text shown as text (a CR only before an LF)
_CONTROL_IN_TEXT = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: the line break that ends a line of str.splitlines(keepends=True)
_LINE_END = re.compile("(?:\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029])\\Z")


def counted(n: int, noun: str) -> str:
    """``"1 input"``, ``"2 inputs"``: ``n`` and its noun, with an "s" unless ``n`` is one."""
    return f"{n} {noun if n == 1 else noun + 's'}"


def printable(text: str) -> str:
    """``text`` with each lone surrogate written as its escape (``\\ud800``): it has no
    UTF-8, so a terminal or a pipe cannot take it as it is."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def one_line(message: str) -> str:
    """``message`` with each control character escaped (``\\n``, ``\\x1b``), and each lone
    surrogate as :func:`printable` writes it: a message names a file, and a scraped file's
    name can hold a line break or an escape code, which cut the message's line in two or
    reach the terminal as a command."""
    escaped = _CONTROL.sub(lambda m: _ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}"), message)
    return printable(escaped)


def score_text(score: float) -> str:
    """A score rule's hit's score as a rule writer weighs it against the threshold, in
    ``explain``, ``rules try`` and the unit scores of a failing ``rules test`` example: at
    most three decimals, no trailing zeros (``3.5``, ``2``)."""
    return f"{round(score, 3):g}"


def say(message: str) -> None:
    """``message`` on standard error as ``cleaner: MESSAGE``, through :func:`one_line`:
    the way every command tells of a file it passed over, a bad log line or a note."""
    print(f"cleaner: {one_line(message)}", file=sys.stderr)


def each_line(text: str) -> str:
    """``text`` of several lines (a report, a table) with each line as :func:`one_line`
    writes it: its line breaks kept, any other control character escaped, so that a name
    or a span of scraped text in it cannot reach the terminal as a command."""
    return "\n".join(one_line(line) for line in text.split("\n"))


def visible(text: str) -> str:
    """A document's ``text`` as shown to a reader (``explain``): its line breaks
    (``\\n``, ``\\r\\n``) and tabs as they are, every other control character escaped
    (``\\x1b``, a lone ``\\r``), lone surrogates as :func:`printable` writes them; an
    escape code in scraped text would otherwise recolour or clear the terminal."""
    escaped = _CONTROL_IN_TEXT.sub(lambda m: _ESCAPES.get(m.group(), f"\\x{ord(m.group()):02x}"), text)
    return printable(escaped)


def use_colour(stream: TextIO, mode: str = "auto") -> bool:
    """``always``/``never`` as said; ``auto``: a terminal, unless NO_COLOR is set."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, style: str, on: bool) -> str:
    """``text`` in the named style when ``on``."""
    return f"{_STYLES[style]}{text}{RESET}" if on and text else text


def colour_diff(diff: str, on: bool) -> str:
    """A unified diff with removed lines red, added green, hunk heads cyan. In colour
    (for a terminal) each line is shown as :func:`visible` shows text, its control
    characters escaped, and a line that ends in another break (a lone CR, U+2028) ends
    in a line feed: an escape code in scraped text would otherwise act on the terminal.
    Without colour (a pipe, for ``patch``) the diff is as it is."""
    if not on:
        return diff
    out: list[str] = []
    for line in diff.splitlines(keepends=True):
        found = _LINE_END.search(line)
        body, end = (line[: found.start()], found.group()) if found else (line, "")
        if end and end != "\r\n":
            end = "\n"
        body = visible(body)
        if line.startswith(("---", "+++")):
            out.append(paint(body, "header", True) + end)
        elif line.startswith("@@"):
            out.append(paint(body, "hunk", True) + end)
        elif line.startswith("-"):
            out.append(paint(body, "removed", True) + end)
        elif line.startswith("+"):
            out.append(paint(body, "added", True) + end)
        else:
            out.append(body + end)
    return "".join(out)
