# The fast check in front of ftfy: which lines of a text ftfy could change at all, found
# without running ftfy's slow mojibake regex over every line, and never missing one.
"""Exact fast path for ftfy.

``ftfy.fix_text`` fixes a text line by line (its "segments"), and for each line it only
acts when ftfy's badness regex finds mojibake, or when the line holds a C1 control or a
UTF-16 surrogate (with the configuration :mod:`cleaner.encoding.mojibake` uses). That
regex runs at about 4 MB/s, as slow as ftfy itself.

This module reads the regex's own parse tree once, at import. Every alternative of it
needs one or more characters from listed sets of non-ASCII characters (Ã, â, €, box
drawing, Cyrillic letters that occur in cp1251 mojibake, …). For each alternative we
keep the set that is rarest in clean text (upper-case accented letters rather than
lower-case ones, ``€`` rather than ``’``): the union of those is the trigger set S. An
alternative whose every set holds common characters (curly quotes, lower-case letters)
needs two of them within the regex's maximum match width K: those sets form P. So a line
can only be bad if it holds a character of S, or two characters of P at most K-1 apart;
one C-speed scan finds those few places, and the badness regex then runs on a window of
2K characters around them. Lines that pass are handed to ftfy, which decides; the output
is the same as running ftfy on every line (tests/test_encoding_fastpath.py checks this on
a large mixed corpus). If a future ftfy's regex cannot be analysed this way (lookarounds,
word boundaries, unbounded repeats), the gate falls back to ftfy's own per-line check:
slower, still exact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ftfy.badness import BADNESS_RE

try:  # Python >= 3.11
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

__all__ = ["GATE", "FtfyGate", "segments"]

_C1 = re.compile(r"[\x80-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_MAX_WIDTH = 32  # longer possible matches make windows pointless: fall back
_MAX_RANGE = 20000  # a class range this large is not a set of mojibake characters

# operations whose meaning does not change when the regex runs on a window of a line
_SAFE_OPS = {
    _sre.LITERAL,
    _sre.NOT_LITERAL,
    _sre.IN,
    _sre.ANY,
    _sre.MAX_REPEAT,
    _sre.MIN_REPEAT,
    _sre.SUBPATTERN,
    _sre.BRANCH,
    _sre.AT,
    _sre.CATEGORY,
    _sre.RANGE,
    _sre.NEGATE,
}
_SAFE_AT = {_sre.AT_BEGINNING, _sre.AT_END}  # ^ and $, read per line below


def segments(text: str, max_length: int) -> Iterator[tuple[int, int]]:
    """The segments ftfy.fix_text cuts ``text`` into: lines with their ``\\n``, and
    pieces of ``max_length`` characters of lines that are longer."""
    pos = 0
    n = len(text)
    while pos < n:
        brk = text.find("\n", pos) + 1
        if brk == 0:
            brk = n
        if brk - pos > max_length:
            brk = pos + max_length
        yield pos, brk
        pos = brk


# characters frequent in clean text: a trigger set made of them would fire everywhere
_COMMON = frozenset(
    "\u2019\u201c\u201d\u2018\u2013\u2014\u2026\u00ab\u00bb\u00b0\u00b7\u00a9\u00ae\u00a0\u20ac\u00a3"
)


def _common(c: str) -> bool:
    """Punctuation of typeset text, and lower-case Latin, Greek and Cyrillic letters."""
    return c in _COMMON or (
        unicodedata.category(c) == "Ll" and ("\u00df" <= c <= "\u017f" or "\u0370" <= c <= "\u04ff")
    )


def _cost(chars: frozenset[str]) -> int:
    """How often a set of characters occurs in clean text, roughly."""
    return sum(1000 if _common(c) else 1 for c in chars)


@dataclass(frozen=True, slots=True)
class _Analysis:
    single: frozenset[str]  # S: one of these is in every match of some alternatives
    # (A, B, gap): every match of another alternative has a character of A followed,
    # at most ``gap`` characters later, by one of B
    pairs: tuple[tuple[frozenset[str], frozenset[str], int], ...]
    width: int  # K, the longest possible match


def _required(op: Any, av: Any) -> frozenset[str] | None:
    """The characters an item matches, if it matches only non-ASCII characters it lists."""
    if op is _sre.LITERAL:
        return frozenset(chr(av)) if av >= 0x80 else None
    if op is not _sre.IN:
        return None
    chars: set[str] = set()
    for sop, sav in av:
        if sop is _sre.LITERAL and sav >= 0x80:
            chars.add(chr(sav))
        elif sop is _sre.RANGE and sav[0] >= 0x80 and sav[1] - sav[0] < _MAX_RANGE:
            chars.update(chr(c) for c in range(sav[0], sav[1] + 1))
        else:  # negation, a category (\w, \s) or an ASCII member: can match anything
            return None
    return frozenset(chars) or None


def _safe(items: Iterable[tuple[Any, Any]]) -> bool:
    """True if the parsed items use only operations that behave the same on a window."""
    for op, av in items:
        if op not in _SAFE_OPS:
            return False
        if op is _sre.AT and av not in _SAFE_AT:
            return False
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and not _safe(av[2]):
            return False
        if op is _sre.SUBPATTERN and not _safe(av[-1]):
            return False
        if op is _sre.BRANCH and not all(_safe(b) for b in av[1]):
            return False
    return True


def _analyse(pattern: str, flags: int) -> _Analysis | None:
    """Read S1, M and K off the badness regex, or None if it cannot be done safely."""
    if flags & (re.IGNORECASE | re.DOTALL | re.MULTILINE):
        return None
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except Exception:  # pragma: no cover - a private API changed
        return None
    items = list(parsed)
    if not _safe(items):
        return None
    if len(items) == 1 and items[0][0] is _sre.BRANCH:
        branches = [list(b) for b in items[0][1][1]]
    else:
        branches = [items]
    single: set[str] = set()
    pairs: dict[tuple[frozenset[str], frozenset[str]], int] = {}
    for branch in branches:
        required = [
            (k, chars) for k, (op, av) in enumerate(branch) if (chars := _required(op, av)) is not None
        ]
        if not required:  # this alternative can match without any listed character
            return None
        rarest = min((chars for _, chars in required), key=_cost)
        if len(required) == 1 or _cost(rarest) < 1000:
            single |= rarest
            continue
        # the first two required items, and the most characters the items between take
        (k1, first), (k2, second) = required[0], required[1]
        gap = sum(_sre_parse.SubPattern(parsed.state, [item]).getwidth()[1] for item in branch[k1 + 1 : k2])
        pairs[(first, second)] = max(gap, pairs.get((first, second), 0))
    width = parsed.getwidth()[1]
    if width > _MAX_WIDTH or any(gap > _MAX_WIDTH for gap in pairs.values()):
        return None
    return _Analysis(frozenset(single), tuple((a, b, gap) for (a, b), gap in pairs.items()), width)


def _char_class(chars: Iterable[str]) -> str:
    """A regex character class of ``chars``, written as code point ranges."""
    points = sorted(ord(c) for c in chars)
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        lo, hi = points[i], points[j]
        parts.append(f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}")
        i = j + 1
    return "[" + "".join(parts) + "]"


class FtfyGate:
    """Finds the segments of a text that ftfy (mojibake, C1 and surrogate fixes) could change."""

    def __init__(self, badness: re.Pattern[str] = BADNESS_RE) -> None:
        self._badness = badness
        self.analysis = _analyse(badness.pattern, badness.flags)
        self._window_re: re.Pattern[str] | None = None
        self._trigger: re.Pattern[str] | None = None
        if self.analysis is None:
            return
        a = self.analysis
        # One scan: a leading character class lets the regex engine skip at C speed to
        # the few characters that can start a place: one of S (or a surrogate), or the
        # first character of a pair followed closely enough by the second.
        surrogates = frozenset(chr(c) for c in range(0xD800, 0xE000))
        starts = a.single | surrogates | frozenset().union(*(first for first, _, _ in a.pairs))
        checks = [f"(?<={_char_class(a.single | surrogates)})"]
        checks += [
            f"(?<={_char_class(first)})(?=[^\\n]{{0,{gap}}}{_char_class(second)})"
            for first, second, gap in a.pairs
        ]
        self._trigger = re.compile(f"{_char_class(starts)}(?:{'|'.join(checks)})")
        self._window_re = re.compile(badness.pattern, badness.flags | re.MULTILINE)

    @property
    def exact_fast(self) -> bool:
        """True when the fast scan is in use (False: ftfy's per-line check, still exact)."""
        return self.analysis is not None

    def _slow_bad(self, segment: str) -> bool:
        return bool(
            not segment.isascii()
            and (self._badness.search(segment) or _C1.search(segment) or _SURROGATE.search(segment))
        )

    def candidates(self, text: str, max_length: int) -> list[tuple[int, int]]:
        """The (start, end) of every ftfy segment of ``text`` that ftfy might change.

        Every segment ftfy changes is in the list; most listed segments are real damage.
        """
        if text.isascii():
            return []
        if self._window_re is None or self._trigger is None or self.analysis is None:
            return [(s, e) for s, e in segments(text, max_length) if self._slow_bad(text[s:e])]
        width = self.analysis.width
        window_re = self._window_re
        out: list[tuple[int, int]] = []
        done = -1  # end of the last line already listed
        # A cluster is a run of trigger places on one line whose windows overlap; the
        # badness regex runs once over the union of their windows.
        first = last = ls = le = -1

        def flush() -> None:
            nonlocal done
            if window_re.search(text, max(ls, first - width + 1), min(le, last + width)):
                out.append((ls, le))
                done = le

        for m in self._trigger.finditer(text):
            i = m.start()
            if i < done:
                continue
            if first >= 0 and i < le and i - last < 2 * width - 1:
                last = i
            else:
                if first >= 0:
                    flush()
                    if i < done:
                        first = -1
                        continue
                ls = text.rfind("\n", 0, i) + 1
                le = text.find("\n", i) + 1 or len(text)
                first = last = i
            if le - ls > max_length or "\ud800" <= text[i] <= "\udfff":
                # a line ftfy cuts into pieces, or one with a surrogate (fix_surrogates
                # acts on any): list it, all its pieces
                out.extend(_pieces(ls, le, max_length))
                done = le
                first = -1
        if first >= 0:
            flush()
        return out


def _pieces(start: int, end: int, max_length: int) -> Iterator[tuple[int, int]]:
    """ftfy's segments of one line longer than ``max_length``."""
    pos = start
    while pos < end:
        brk = min(end, pos + max_length)
        yield pos, brk
        pos = brk


#: the gate for the installed ftfy
GATE = FtfyGate()
