# The encoding.entities step: HTML character references left in scraped text
# (&amp;, &quot;, &#8217;, &#x2019;, &nbsp;, also double-escaped &amp;quot;) are decoded.
"""Decode leftover HTML entities.

A line break spelt as a reference is written as the document's own line break (the
repair runner turns ``\\n`` into it); ``&#13;`` before a line break is the carriage
return of a CRLF that an XML writer escaped, and goes. A reference on a line that holds
markup, or inside a `code span` (between two backticks on its line), is meant literally
(a manual on HTML writes ``&gt;`` to show the reference itself) and stays."""

from __future__ import annotations

import html
import re
from html.entities import html5

from cleaner.encoding.options import EncodingOptions
from cleaner.removals import Edit

__all__ = ["entity_edits"]

# a reference with its semicolon, possibly escaped again (&amp;amp;quot;)
_ENTITY = re.compile(r"&(?:amp;)*(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# a line that holds markup: its entities may be meant literally, so it is left alone
_MARKUP = re.compile(r"<[A-Za-z/!?]")
# runs of backticks, which open and close code spans (`x`, ``x``)
_TICKS = re.compile(r"`+")


def _decode(ref: str) -> str | None:
    """The character(s) a reference stands for, or None if it is not a valid one."""
    if ref[0] == "#":
        code = int(ref[2:-1], 16) if ref[1] in "xX" else int(ref[1:-1])
        if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            return None
        return html.unescape("&" + ref)
    return html5.get(ref)


def _in_code_span(text: str, line_start: int, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies between backticks of its line (a code span, `x` or
    ``x``: an odd number of runs of backticks before it on the line, and one after it)."""
    if "`" not in text[line_start:start] or len(_TICKS.findall(text, line_start, start)) % 2 == 0:
        return False
    le = text.find("\n", end)
    return text.find("`", end, len(text) if le < 0 else le) >= 0


def entity_edits(text: str, options: EncodingOptions) -> list[Edit]:
    """``encoding.entities``: each reference becomes the character it stands for."""
    if "&" not in text:
        return []
    edits: list[Edit] = []
    markup_lines: dict[int, bool] = {}
    matches = list(_ENTITY.finditer(text))
    for k, m in enumerate(matches):
        value = _decode(m.group(1))
        if value is None:
            continue
        if value == "\r":  # the CR of a CRLF an XML writer escaped
            after = matches[k + 1] if k + 1 < len(matches) and matches[k + 1].start() == m.end() else None
            lf_next = text[m.end() : m.end() + 1] in ("\r", "\n") or (
                after is not None and _decode(after.group(1)) == "\n"
            )
            value = "" if lf_next else "\n"
        ls = text.rfind("\n", 0, m.start()) + 1
        has_markup = markup_lines.get(ls)
        if has_markup is None:
            le = text.find("\n", m.end())
            has_markup = markup_lines[ls] = bool(_MARKUP.search(text, ls, len(text) if le < 0 else le))
        if not has_markup and not _in_code_span(text, ls, m.start(), m.end()):
            edits.append(Edit(m.start(), m.end(), value, "encoding.entities", "encoding"))
    return edits
