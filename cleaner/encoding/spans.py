# Minimal edits: turn "this line became that line" into the smallest logged changes,
# one per damaged character where the damage is mojibake (so `Ã©tÃ©` gives two edits).
"""From a changed piece of text to minimal Edits."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from difflib import SequenceMatcher
from functools import lru_cache

import ftfy.bad_codecs  # noqa: F401 - registers the sloppy-windows-* codecs
from ftfy.chardata import CHARMAP_ENCODINGS

from cleaner.removals import Edit

__all__ = ["changed_line_edits", "diff_edits", "mojibake_forms", "transform_edits"]

CATEGORY = "encoding"


@lru_cache(maxsize=4096)
def mojibake_forms(char: str) -> tuple[str, ...]:
    """The strings ``char`` turns into when its UTF-8 (or windows-1252) bytes are read in
    another single-byte encoding, once or twice (once also with a no-break space made
    plain): the forms a fixer may have replaced. Longest first."""
    forms: set[str] = set()
    data = char.encode("utf-8")
    for enc in CHARMAP_ENCODINGS:
        try:
            once = data.decode(enc)
        except UnicodeDecodeError:
            continue
        forms.add(once)
        # its byte A0 read as a no-break space that became a plain one, as ftfy reads it
        # back (restore_byte_a0): "à¸ " for ภ
        forms.add(once.replace("\xa0", " "))
        with suppress(UnicodeDecodeError):  # encoded twice
            forms.add(once.encode("utf-8").decode(enc))
    with suppress(UnicodeError):  # a C1 control that stood for a windows-1252 character
        forms.add(char.encode("sloppy-windows-1252").decode("latin-1"))
    forms.discard(char)
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def _align_mojibake(old: str, new: str) -> list[tuple[int, int, int, int]] | None:
    """Pair each character of ``new`` with the piece of ``old`` it was fixed from, when
    ``old`` reads as ``new`` with some characters in mojibake form. (i1, i2, j1, j2)
    for every changed piece; None if the lines do not align that way."""
    out: list[tuple[int, int, int, int]] = []
    i = 0
    for j, c in enumerate(new):
        if c.isascii():
            if i < len(old) and old[i] == c:
                i += 1
                continue
            return None
        for f in mojibake_forms(c):
            if old.startswith(f, i):
                out.append((i, i + len(f), j, j + 1))
                i += len(f)
                break
        else:
            if i < len(old) and old[i] == c:
                i += 1
                continue
            return None
    return out if i == len(old) else None


# Up to this many characters (old and new together) are aligned by one difflib run.
# difflib's time grows with the square of the length (or worse, on repetitive text),
# so longer pieces are aligned greedily: the changes made here are all local.
WHOLE_DIFF_LIMIT = 1024
RESYNC_REACH = 32  # how far past a difference to look for the texts to agree again
RESYNC_RUN = 4  # how many equal characters count as agreeing again
DENSE_REACH = 8  # how far to look for a single equal character when RESYNC_RUN finds none
WINDOW = 256  # the window difflib aligns where the greedy search finds no agreement


def _changed_pieces(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2) for each piece of ``old`` that differs from ``new``, in order."""
    if len(old) + len(new) <= WHOLE_DIFF_LIMIT:
        return _difflib_pieces(old, new, 0, 0)
    pieces: list[tuple[int, int, int, int]] = []
    for i1, i2, j1, j2 in _greedy_pieces(old, new):
        if i2 - i1 <= 1 and j2 - j1 <= 1:  # one character for one (or none): minimal already
            pieces.append((i1, i2, j1, j2))
        elif (i2 - i1) + (j2 - j1) <= WHOLE_DIFF_LIMIT:  # minimal within the piece
            pieces.extend(_difflib_pieces(old[i1:i2], new[j1:j2], i1, j1))
        else:
            pieces.append((i1, i2, j1, j2))
    return pieces


def _difflib_pieces(old: str, new: str, i0: int, j0: int) -> list[tuple[int, int, int, int]]:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [
        (i0 + i1, i0 + i2, j0 + j1, j0 + j2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _greedy_pieces(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """Coarse changed pieces in linear time: skip equal runs; at a difference, take the
    nearest offsets past it where both texts agree for RESYNC_RUN characters (or both
    end). Where none is within RESYNC_REACH, difflib aligns one WINDOW and the walk
    goes on after its last equal run of RESYNC_RUN or more."""
    pieces: list[tuple[int, int, int, int]] = []
    n, m = len(old), len(new)
    i = j = 0
    while True:
        run = _equal_run(old, i, new, j)
        i, j = i + run, j + run
        if i == n and j == m:
            return pieces
        # dense changes (a repair every other character) leave no 4 equal characters
        # near: then one will do, close by, before a difflib window
        step = _resync(old, i, new, j, RESYNC_RUN, RESYNC_REACH) or _resync(old, i, new, j, 1, DENSE_REACH)
        if step is None:
            step = _window_step(old[i : i + WINDOW], new[j : j + WINDOW], i + WINDOW >= n and j + WINDOW >= m)
        pieces.append((i, i + step[0], j, j + step[1]))
        i, j = i + step[0], j + step[1]


def _equal_run(a: str, i: int, b: str, j: int) -> int:
    """How many characters ``a[i:]`` and ``b[j:]`` share at their start (galloping)."""
    limit = min(len(a) - i, len(b) - j)
    lo, width = 0, 8
    while lo < limit:
        hi = min(limit, lo + width)
        if a[i + lo : i + hi] == b[j + lo : j + hi]:
            lo, width = hi, width * 2
            continue
        hi -= 1  # the run ends before hi
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if a[i + lo : i + mid] == b[j + lo : j + mid]:
                lo = mid
            else:
                hi = mid - 1
        break
    return lo


def _resync(a: str, i: int, b: str, j: int, run: int, reach: int) -> tuple[int, int] | None:
    """The smallest (di, dj), by di + dj then di, each at most ``reach``, after which the
    texts agree again for ``run`` characters (or both end the same way). For each dj,
    the nearest di is one ``str.find`` of what ``b`` holds there."""
    n, m = len(a), len(b)
    best: tuple[int, int] | None = None
    for dj in range(min(reach, m - j) + 1):
        if best is not None and dj > best[0] + best[1]:
            break
        y = j + dj
        if m - y < run:  # b ends within the run: a must end the same way
            x = n - (m - y)
            found = i <= x <= i + reach and a[x:] == b[y:]
        else:
            x = a.find(b[y : y + run], i, i + reach + run)
            found = x >= 0
        if found and (x - i) + dj > 0:
            cand = (x - i, dj)
            if best is None or (cand[0] + cand[1], cand[0]) < (best[0] + best[1], best[0]):
                best = cand
    return best


def _window_step(a: str, b: str, last: bool) -> tuple[int, int]:
    """How far one difflib-aligned window takes the walk: to the end of its last equal
    run of RESYNC_RUN or more, or, with none, the whole window (all of it when last)."""
    if not last:
        blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
        sync = [blk for blk in blocks if blk.size >= RESYNC_RUN and (blk.a or blk.b)]
        if sync:
            return sync[-1].a, sync[-1].b  # the equal run is skipped by the walk
    return len(a), len(b)


def diff_edits(old: str, new: str, base: int, rule: str, *, per_char: bool = False) -> list[Edit]:
    """Minimal edits that turn ``old`` (at offset ``base`` of the text) into ``new``.

    With ``per_char``, a change that is mojibake of several characters gives one edit per
    character. A pure insertion takes in the character before it (edits are never empty).
    """
    if old == new:
        return []
    if per_char:
        aligned = _align_mojibake(old, new)
        if aligned is not None:
            return [Edit(base + i1, base + i2, new[j1:j2], rule, CATEGORY) for i1, i2, j1, j2 in aligned]
    # opcodes as (i1, i2, j1, j2); an insertion takes in its neighbour in both strings
    ops: list[tuple[int, int, int, int]] = []
    for i1, i2, j1, j2 in _changed_pieces(old, new):
        if i1 == i2:
            op = (i1 - 1, i1, j1 - 1, j2) if i1 > 0 else (0, 1, j1, j2 + 1)
        else:
            op = (i1, i2, j1, j2)
        if ops and op[0] < ops[-1][1]:  # overlaps the previous change: one edit
            p = ops.pop()
            op = (min(p[0], op[0]), max(p[1], op[1]), min(p[2], op[2]), max(p[3], op[3]))
        ops.append(op)
    edits: list[Edit] = []
    for i1, i2, j1, j2 in ops:
        piece = old[i1:i2]
        repl = new[j1:j2]
        if per_char and len(repl) > 1:
            aligned = _align_mojibake(piece, repl)
            if aligned is not None:
                edits.extend(
                    Edit(base + i1 + a1, base + i1 + a2, repl[b1:b2], rule, CATEGORY)
                    for a1, a2, b1, b2 in aligned
                )
                continue
        edits.append(Edit(base + i1, base + i2, repl, rule, CATEGORY))
    return edits


def changed_line_edits(
    text: str,
    spans: Iterable[tuple[int, int]],
    fix: Callable[[str], str],
    rule: str,
    *,
    per_char: bool = False,
) -> list[Edit]:
    """Edits for every span of ``text`` that ``fix`` changes, minimal within the span."""
    edits: list[Edit] = []
    for start, end in spans:
        old = text[start:end]
        new = fix(old)
        if new != old:
            edits.extend(diff_edits(old, new, start, rule, per_char=per_char))
    return edits


def transform_edits(text: str, fix: Callable[[str], str], rule: str) -> list[Edit]:
    """Edits for a line-preserving transform of the whole text, computed line by line."""
    new = fix(text)
    if new == text:
        return []
    old_lines = text.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    if len(old_lines) != len(new_lines):
        return diff_edits(text, new, 0, rule)
    edits: list[Edit] = []
    pos = 0
    for old_line, new_line in zip(old_lines, new_lines):
        if old_line != new_line:
            edits.extend(diff_edits(old_line, new_line, pos, rule))
        pos += len(old_line)
    return edits
