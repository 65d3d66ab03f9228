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
    another single-byte encoding, once or twice: the forms a fixer may have replaced.
    Longest first."""
    forms: set[str] = set()
    data = char.encode("utf-8")
    for enc in CHARMAP_ENCODINGS:
        try:
            once = data.decode(enc)
        except UnicodeDecodeError:
            continue
        forms.add(once)
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
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
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
