# The removal log: the Removal record, composing stage edits into offsets of the input,
# and restore(), which rebuilds the input from the clean text and its log.
"""Removal records and the arithmetic that keeps them exact.

Every stage of the pipeline (encoding repair, rules, whitespace tidying) proposes
:class:`Edit` objects in the coordinates of the text it was given. :class:`EditLog`
maps them back onto the original input, so that the final log is a sorted list of
non-overlapping :class:`Removal` records with offsets into the input, and
``restore(clean, log) == input`` always holds.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from cleaner.errors import RestoreError

__all__ = [
    "Edit",
    "EditLog",
    "Removal",
    "Undecoded",
    "apply_removals",
    "removal_problem",
    "restore",
    "restore_bytes",
]


@dataclass(frozen=True, slots=True)
class Removal:
    """One change: ``text`` at ``[start, end)`` of the input became ``replacement``."""

    rule: str
    category: str
    start: int
    end: int
    text: str
    replacement: str = ""
    score: float | None = None

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "rule": self.rule,
            "category": self.category,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "replacement": self.replacement,
        }
        if self.score is not None:
            d["score"] = self.score
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> Removal:
        """The Removal a :meth:`to_dict` record describes (other keys, such as a log's
        ``file`` and ``record``, are ignored). Raises RestoreError naming the field when
        the record is not one: a field missing or of the wrong type, offsets that are not
        a range of the input, or ``end - start`` not the length of ``text``."""
        problem = removal_problem(d)
        if problem is not None:
            raise RestoreError(f"not a removal record: {problem}")
        score = d.get("score")
        return cls(
            rule=d["rule"],  # type: ignore[arg-type]  # all checked by removal_problem
            category=d["category"],  # type: ignore[arg-type]
            start=d["start"],  # type: ignore[arg-type]
            end=d["end"],  # type: ignore[arg-type]
            text=d["text"],  # type: ignore[arg-type]
            replacement=d.get("replacement", ""),  # type: ignore[arg-type]
            score=float(score) if score is not None else None,  # type: ignore[arg-type]
        )


def _kind(value: object) -> str:
    """How a wrong value reads in a message: ``null``, ``'3' (str)``, ``True (bool)``."""
    return "null" if value is None else f"{value!r} ({type(value).__name__})"


def removal_problem(d: object) -> str | None:
    """Why ``d`` is not a removal record as :meth:`Removal.to_dict` writes it, or None
    when it is one: the field at fault and what is wrong with it."""
    if not isinstance(d, Mapping):
        return f"a {type(d).__name__}, not a mapping of fields"
    for key in ("rule", "category", "start", "end", "text"):
        if key not in d:
            return f"'{key}' is missing"
    for key in ("rule", "category"):
        if not isinstance(d[key], str):
            return f"'{key}' is {_kind(d[key])}, not a string"
    problem = _span_problem(d["start"], d["end"], d["text"], d.get("replacement", ""))
    if problem is not None:
        return problem
    score = d.get("score")
    if score is not None and (not isinstance(score, (int, float)) or isinstance(score, bool)):
        return f"'score' is {_kind(score)}, not a number"
    return None


def _span_problem(start: object, end: object, text: object, replacement: object) -> str | None:
    """Why ``start``, ``end``, ``text`` and ``replacement`` are not one change of the input:
    offsets that are not integers, are negative or reversed, or a range not as long as
    ``text``; ``text`` or ``replacement`` not a string. None when they are one."""
    for key, value in (("text", text), ("replacement", replacement)):
        if not isinstance(value, str):
            return f"'{key}' is {_kind(value)}, not a string"
    for key, value in (("start", start), ("end", end)):
        if not isinstance(value, int) or isinstance(value, bool):
            return f"'{key}' is {_kind(value)}, not an integer offset"
    assert isinstance(start, int) and isinstance(end, int) and isinstance(text, str)
    if start < 0:
        return f"'start' is {start}: an offset cannot be negative"
    if end < start:
        return f"'end' ({end}) is before 'start' ({start})"
    if end - start != len(text):
        return f"'end' - 'start' is {end - start}, but 'text' has {len(text)} characters"
    return None


@dataclass(frozen=True, slots=True)
class Edit:
    """A change a stage proposes, in the coordinates of the text that stage received."""

    start: int
    end: int
    replacement: str
    rule: str
    category: str
    score: float | None = None


def restore(clean_text: str, removals: Iterable[Removal]) -> str:
    """Rebuild the input from the clean text and its removal log.

    Raises RestoreError when a removal is not one change of the input (offsets that are
    negative or reversed, a range not as long as its text) or the log does not fit the
    text (records overlap, a replacement is not where the log says, a removal lies past
    the end of the clean text).
    """
    if not isinstance(clean_text, str):
        raise TypeError(f"restore() takes the clean text as str, not {type(clean_text).__name__}")
    if isinstance(removals, (str, bytes)):
        # clean_column's removals column is JSON text: iterated, it gave "not str" per character
        raise TypeError(
            f"restore() takes Removal records, not {type(removals).__name__}; for a JSON list of "
            "them, such as a clean_column row's removals, use "
            "[Removal.from_dict(d) for d in json.loads(...)]"
        )
    records = list(removals)
    for r in records:
        if not isinstance(r, Removal):
            # a log record or a JSON removals column holds dicts: say how to make them Removals
            hint = "; make each record one with Removal.from_dict" if isinstance(r, Mapping) else ""
            raise TypeError(f"restore() takes Removal records, not {type(r).__name__}{hint}")
        problem = _span_problem(r.start, r.end, r.text, r.replacement)
        if problem is not None:
            raise RestoreError(f"removal at {r.start!r} ({r.rule}): {problem}")
    out: list[str] = []
    pos = 0  # position in clean_text
    last_end = 0  # position in the original
    prev: Removal | None = None
    for r in sorted(records, key=lambda r: (r.start, r.end)):
        if prev is not None and r.start < last_end:
            raise RestoreError(
                f"removal at {r.start} ({r.rule}) overlaps the previous one, "
                f"at {prev.start}-{prev.end} ({prev.rule})"
            )
        gap = r.start - last_end
        if pos + gap > len(clean_text):
            raise RestoreError(
                f"removal at {r.start} ({r.rule}) lies past the end of the clean text: it would "
                f"be at clean offset {pos + gap}, and the clean text has {len(clean_text)} characters"
            )
        out.append(clean_text[pos : pos + gap])
        pos += gap
        if not clean_text.startswith(r.replacement, pos):
            raise RestoreError(
                f"removal at {r.start} ({r.rule}): replacement {r.replacement!r} "
                f"not found at clean offset {pos}"
            )
        out.append(r.text)
        pos += len(r.replacement)
        last_end = r.end
        prev = r
    out.append(clean_text[pos:])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Undecoded:
    """Bytes of a decoded input that did not decode (``data``), and where the stand-in they
    were read as (U+FFFD, or the windows-1252 characters of stray bytes) lies in the
    decoded text: ``[start, end)``. The log keeps them, so that :func:`restore_bytes`
    gives back the input's bytes."""

    start: int
    end: int
    data: bytes

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the bytes as hex, as the log's ``decode.undecoded`` event keeps them."""
        return {"start": self.start, "end": self.end, "data": self.data.hex()}

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> Undecoded:
        """The Undecoded a :meth:`to_dict` record describes. Raises RestoreError naming the
        field when it is not one."""
        def bad(problem: str) -> RestoreError:
            return RestoreError(f"not an undecoded-bytes record: {problem}")

        if not isinstance(d, Mapping):
            raise bad(f"a {type(d).__name__}, not a mapping of fields")
        for key in ("start", "end", "data"):
            if key not in d:
                raise bad(f"'{key}' is missing")
        start, end, data = d["start"], d["end"], d["data"]
        for key, value in (("start", start), ("end", end)):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise bad(f"'{key}' is {_kind(value)}, not an offset")
        assert isinstance(start, int) and isinstance(end, int)
        if end < start:
            raise bad(f"[{start}, {end}] is not a range")
        try:
            raw = bytes.fromhex(data) if isinstance(data, str) else None
        except ValueError:
            raw = None
        if raw is None:
            raise bad(f"'data' is {_kind(data)}, not hex")
        return cls(start, end, raw)


def restore_bytes(
    clean_text: str,
    removals: Iterable[Removal],
    encoding: str | None = "utf-8",
    undecoded: Iterable[Undecoded] = (),
) -> bytes:
    """Rebuild the input bytes of :meth:`Cleaner.clean_bytes` from the clean text and the
    result's ``removals``, ``encoding`` and ``undecoded`` (the bytes that did not decode,
    which the text holds stand-ins for): ``restore_bytes(r.text, r.removals, r.encoding,
    r.undecoded) == data``. ``encoding`` None (that of a result that read no bytes, such
    as one of ``clean()``; ``CleanResult.encoding`` is ``str | None``) is UTF-8.

    Raises RestoreError when the removals do not fit the clean text (as :func:`restore`),
    or the text does not encode back (an unknown encoding, a character it cannot encode
    outside the stand-ins, a stand-in past the end of the text)."""
    from cleaner.encoding.decode import encode_back

    text = restore(clean_text, removals)
    if encoding is None:
        encoding = "utf-8"
    elif not isinstance(encoding, str):
        raise TypeError(f"restore_bytes() takes the encoding as str (or None), not {type(encoding).__name__}")
    try:
        return encode_back(text, encoding, tuple(undecoded))
    except LookupError:
        raise RestoreError(f"unknown encoding {encoding!r}") from None
    except UnicodeEncodeError as exc:
        raise RestoreError(
            f"character {exc.object[exc.start]!r} at {exc.start} of the rebuilt text has no bytes in "
            f"{encoding} and is not a stand-in for bytes that did not decode"
        ) from None
    except ValueError as exc:
        raise RestoreError(str(exc)) from None


def apply_removals(original: str, removals: Iterable[Removal]) -> str:
    """The clean text a log describes: the original with every removal applied."""
    out: list[str] = []
    last = 0
    for r in sorted(removals, key=lambda r: (r.start, r.end)):
        if original[r.start : r.end] != r.text:
            raise RestoreError(f"removal at {r.start} ({r.rule}) does not match the original text")
        out.append(original[last : r.start])
        out.append(r.replacement)
        last = r.end
    out.append(original[last:])
    return "".join(out)


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply sorted, non-overlapping edits to ``text``."""
    out: list[str] = []
    last = 0
    for e in edits:
        out.append(text[last : e.start])
        out.append(e.replacement)
        last = e.end
    out.append(text[last:])
    return "".join(out)


@dataclass
class EditLog:
    """The removals made so far, in offsets of ``original``, and the current text.

    ``apply`` takes edits in the coordinates of ``current`` and folds them in. An
    edit that overlaps earlier removals absorbs them into one record named for the
    later edit's rule (its ``text`` is the original text, so nothing is lost). A pure
    deletion that merely spans the point of an earlier deletion is split around it,
    so each rule keeps its own record.
    """

    original: str
    current: str = field(init=False)
    removals: list[Removal] = field(default_factory=list)
    #: when a list, every batch of edits ``apply`` folds in is appended to it (sorted, in
    #: the coordinates of the text it was applied to): who changed what, for callers
    #: that must follow positions across the changes of others
    journal: list[list[Edit]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.current = self.original

    @classmethod
    def resumed(cls, original: str, current: str, removals: Iterable[Removal]) -> EditLog:
        """The log of a text already changed: ``removals`` (offsets in ``original``) made
        ``current`` of it; edits applied now are folded in with them."""
        log = cls(original)
        log.removals = list(removals)
        log.current = current
        return log

    def _positions(self) -> tuple[list[int], list[int]]:
        """Start and end of each removal's replacement in ``current``."""
        starts: list[int] = []
        ends: list[int] = []
        delta = 0
        for r in self.removals:
            s = r.start + delta
            starts.append(s)
            ends.append(s + len(r.replacement))
            delta += len(r.replacement) - len(r.text)
        return starts, ends

    def apply(self, edits: Iterable[Edit]) -> str:
        """Fold edits (sorted, non-overlapping, in ``current`` coordinates) into the log."""
        edit_list = sorted(edits, key=lambda e: (e.start, e.end))
        if not edit_list:
            return self.current
        if self.journal is not None:
            self.journal.append(edit_list)
        for a, b in itertools.pairwise(edit_list):
            if b.start < a.end:
                raise ValueError(f"overlapping edits at {a.start}-{a.end} and {b.start}-{b.end}")
        cur_starts, cur_ends = self._positions()
        # Split pure deletions around zero-width earlier removals they contain.
        pieces: list[Edit] = []
        for e in edit_list:
            if e.start >= e.end:
                raise ValueError(f"empty edit at {e.start} ({e.rule})")
            if e.replacement == "":
                # cur_starts is sorted: only the removals that start inside the edit
                first = bisect.bisect_right(cur_starts, e.start)
                inside = range(first, bisect.bisect_left(cur_starts, e.end, first))
                cuts = [cur_starts[i] for i in inside if cur_starts[i] == cur_ends[i]]
                lo = e.start
                for c in cuts:
                    if c > lo:
                        pieces.append(Edit(lo, c, "", e.rule, e.category, e.score))
                    lo = c
                if lo < e.end:
                    pieces.append(Edit(lo, e.end, "", e.rule, e.category, e.score))
            else:
                pieces.append(e)

        new_removals: list[Removal] = []
        i = 0  # index into earlier removals
        n = len(self.removals)
        delta = 0  # (len(replacement) - len(text)) of earlier removals before i
        # A cluster is a run of edits that share earlier removals; it becomes one record.
        cluster: list[Edit] = []
        cur_lo = cur_hi = orig_lo = absorbed_delta = 0

        def flush() -> None:
            nonlocal delta
            orig_hi = cur_hi - delta - absorbed_delta
            parts: list[str] = []
            pos = cur_lo
            for c in cluster:
                parts.append(self.current[pos : c.start])
                parts.append(c.replacement)
                pos = c.end
            parts.append(self.current[pos:cur_hi])
            first = cluster[0]
            new_removals.append(
                Removal(
                    rule=first.rule,
                    category=first.category,
                    start=orig_lo,
                    end=orig_hi,
                    text=self.original[orig_lo:orig_hi],
                    replacement="".join(parts),
                    score=first.score,
                )
            )
            delta += absorbed_delta

        for e in pieces:
            if cluster and e.start < cur_hi:
                cluster.append(e)
                cur_hi = max(cur_hi, e.end)
            else:
                if cluster:
                    flush()
                # Earlier removals that end before this edit starts stay as they are.
                while i < n and (
                    cur_ends[i] < e.start
                    or (cur_ends[i] == e.start and cur_starts[i] < cur_ends[i])
                    or (cur_starts[i] == cur_ends[i] and cur_starts[i] <= e.start)
                ):
                    new_removals.append(self.removals[i])
                    delta += len(self.removals[i].replacement) - len(self.removals[i].text)
                    i += 1
                cluster = [e]
                cur_lo, cur_hi = e.start, e.end
                orig_lo = e.start - delta
                absorbed_delta = 0
            # absorb earlier removals that this edit overlaps
            while i < n and (
                cur_starts[i] < e.end and not (cur_starts[i] == cur_ends[i] and cur_starts[i] >= e.end)
            ):
                r = self.removals[i]
                if cur_starts[i] < cur_lo:
                    cur_lo = cur_starts[i]
                    orig_lo = r.start
                cur_hi = max(cur_hi, cur_ends[i])
                absorbed_delta += len(r.replacement) - len(r.text)
                i += 1
        if cluster:
            flush()
        new_removals.extend(self.removals[i:])
        self.removals = new_removals
        self.current = apply_edits(self.current, edit_list)
        return self.current
