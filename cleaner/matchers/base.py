# What every matcher kind shares: the Hit record, the Matcher interface, and compiling
# rule-file regexes with the `regex` module so that they can run under a time limit.
"""Base class and helpers for matchers."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from cleaner.document import BLANK_CHARS, Document

__all__ = [
    "Budget",
    "CpuClock",
    "Hit",
    "Matcher",
    "RegexTimeout",
    "compile_regex",
    "iter_line_matches",
    "line_regex",
    "rule_clock",
]


class RegexTimeout(Exception):
    """A rule's regex ran past its time limit on one document (internal signal)."""


def rule_clock() -> float:
    """The clock a rule's time is counted on: the CPU time of the thread that runs it.

    On the wall clock, a rule lost the time its thread waited for the interpreter lock or
    a core, so eight threads sharing one Cleaner on two cores (or a busy machine) timed
    rules out that a lone run finished, and the same text cleaned otherwise. (A single
    regex call's own ``timeout`` is the ``regex`` module's, which holds the lock while it
    matches.)"""
    return time.thread_time()


#: wall-clock seconds within which a budget counts the wall time it has taken as CPU time
_WALL_BOUND = 0.002


class CpuClock:
    """The CPU time of one thread for the many budgets it makes in a row (one per rule in a
    pass), read anew only once ``_WALL_BOUND`` of wall time has passed since the last read:
    a read is a system call (about 0.6 us), and a pass makes some 25 budgets.

    A budget that starts from a reading less than ``_WALL_BOUND`` old counts the CPU time
    taken since that reading, which is never less than what its own turn took and at most
    ``_WALL_BOUND`` more, the same bound the budget keeps before it reads the CPU clock.
    Not thread-safe: each thread (each pass) makes its own."""

    __slots__ = ("_cpu", "_wall")

    def __init__(self) -> None:
        self._cpu = rule_clock()
        self._wall = time.perf_counter()

    def at(self, wall: float) -> float:
        """The CPU time at most ``_WALL_BOUND`` before ``wall`` (a ``time.perf_counter``
        reading taken now)."""
        if wall - self._wall >= _WALL_BOUND:
            self._cpu = rule_clock()
            self._wall = wall
        return self._cpu


class Budget:
    """What is left of ``timeout`` seconds on :func:`rule_clock` from when the budget is
    made (None: no limit), shared by every regex call of one scan or of one rule's turn in
    a pass: a rule that makes many calls, each well under the limit, must not add up to
    minutes without a ``rule-timeout`` warning.

    The CPU clock is a system call (about 0.5 us; read before every regex call, it was a
    tenth of a clean's time), the performance counter is not (and, unlike the monotonic
    clock of some systems, it ticks finely enough to measure 2 ms). A thread cannot spend
    more CPU time than passes on the wall clock, so until ``_WALL_BOUND`` has passed since
    the budget was made, the wall time stands for the CPU time taken: it is never less, and
    at most 2 ms more. From then on the CPU clock is read, against the CPU time read when
    the budget was made (or, made from a :class:`CpuClock`, at most 2 ms before), so time
    spent waiting for the interpreter lock or a core is never counted beyond those 2 ms."""

    __slots__ = ("_cpu0", "_timeout", "_wall0")

    def __init__(self, timeout: float | None, clock: CpuClock | None = None) -> None:
        """``clock``: where the CPU time at the start is read (see :class:`CpuClock`); by
        default the CPU clock itself."""
        self._timeout = timeout
        if clock is None:
            self._cpu0 = rule_clock()
            self._wall0 = time.perf_counter()
        else:
            self._wall0 = time.perf_counter()
            self._cpu0 = clock.at(self._wall0)

    def _taken(self) -> float:
        """The CPU seconds taken since the budget was made (or up to ``_WALL_BOUND`` more)."""
        wall = time.perf_counter() - self._wall0
        if wall < _WALL_BOUND:
            return wall
        return rule_clock() - self._cpu0

    def left(self) -> float | None:
        """The seconds the next regex call may take (None: no limit); RegexTimeout when
        none are left."""
        if self._timeout is None:
            return None
        left = self._timeout - self._taken()
        if left <= 0:
            raise RegexTimeout(f"more than {self._timeout:g}s")
        return left

    def close(self) -> float:
        """The seconds taken since the budget was made; RegexTimeout if past the budget."""
        taken = self._taken()
        if self._timeout is not None and taken > self._timeout:
            raise RegexTimeout(f"more than {self._timeout:g}s")
        return taken


@dataclass(frozen=True, slots=True)
class Hit:
    """A match: ``[start, end)`` of the text, and the replacement if the rule replaces."""

    start: int
    end: int
    replacement: str | None = None
    score: float | None = None


#: The hot regex calls give their time limit by position, not as ``timeout=``: the
#: ``regex`` module parses keyword arguments at about 1 µs a call, more than matching one
#: line takes. The orders are (string, pos, endpos, concurrent, partial, timeout) for
#: ``match``, ``fullmatch`` and ``search``, and (string, pos, endpos, overlapped, concurrent,
#: partial, timeout) for ``finditer``; a test checks them against the module's own.
REGEX_POSITIONAL = {
    "match": ("string", "pos", "endpos", "concurrent", "partial", "timeout"),
    "fullmatch": ("string", "pos", "endpos", "concurrent", "partial", "timeout"),
    "search": ("string", "pos", "endpos", "concurrent", "partial", "timeout"),
    "finditer": ("string", "pos", "endpos", "overlapped", "concurrent", "partial", "timeout"),
}


def compile_regex(pattern: str, *, ignore_case: bool = False, multiline: bool = True) -> Any:
    """Compile a rule-file pattern. Raises regex.error on a bad pattern."""
    flags = regex.V0
    if ignore_case:
        flags |= regex.IGNORECASE
    if multiline:
        flags |= regex.MULTILINE
    return regex.compile(pattern, flags)


def check_template(compiled: Any, template: str) -> None:
    """Raise ValueError unless ``template`` expands for a match of ``compiled``: every
    group it names (``\\2``, ``\\g<name>``) exists and every escape is known. Checked on a
    stand-in pattern with the same groups, each matching the empty string, so that the
    ``regex`` module itself says what it would say at the first real match."""
    names = {number: name for name, number in compiled.groupindex.items()}
    stand_in = "".join(
        f"(?P<{names[n]}>)" if n in names else "()" for n in range(1, compiled.groups + 1)
    )
    try:
        regex.compile(stand_in, regex.V0).match("").expand(template)
    except (regex.error, IndexError) as exc:
        raise ValueError(f"replacement `{template}` cannot be written for a match: {exc}") from None


_LINE_EDGE = r"[^\S\n]*"
_BLANK_LINE = "[" + "".join(f"\\u{ord(c):04x}" for c in BLANK_CHARS) + "]*$"


def line_regex(pattern: str, *, ignore_case: bool = False) -> Any:
    """A pattern that must fill a whole line, blanks at either end allowed.

    The leading blanks are taken possessively, so the pattern starts at the line's
    first visible character: a pattern that may itself begin with blanks (``[^\\n]*?``,
    a lookahead over the line) would otherwise be tried at every split of a long run of
    blanks, which scraped pages have by the thousand (quadratic time).

    A blank line (only :data:`BLANK_CHARS`) fails at once: no matcher takes one, and a
    pattern that looks back over the lines above (``header.date-line``) would otherwise
    do so from each of thousands of blank lines (quadratic time again).
    """
    source = f"^{_LINE_EDGE}+(?!{_BLANK_LINE})(?:{pattern}){_LINE_EDGE}$"
    return compile_regex(source, ignore_case=ignore_case)


def iter_line_matches(
    compiled: Any, doc: Document, lo: int, hi: int, budget: Budget
) -> Iterator[tuple[int, int, Any]]:
    """Yield (line index, start, match) for each line in [lo, hi) the line regex fills.

    The regex is run over the whole range at once (one C-level scan); a match that
    would span a line break is re-checked line by line, so a ``\\s`` in the pattern
    can never join two lines. ``budget`` bounds the scan and the re-checks together.
    """
    text = doc.text
    try:
        for m in compiled.finditer(text, lo, hi, timeout=budget.left()):
            s, e = m.span()
            if "\n" not in text[s:e]:
                ln = doc.line_at(s)
                yield ln.index, s, m
                continue
            first = doc.line_at(s).index
            last = doc.line_at(e).index
            for ln in doc.lines[first : last + 1]:
                m2 = compiled.fullmatch(text, ln.start, ln.end, None, False, budget.left())
                if m2 is not None:
                    yield ln.index, ln.start, m2
    except TimeoutError as exc:
        raise RegexTimeout(str(exc)) from exc


class Matcher(ABC):
    """Finds hits of one rule in a region of a document.

    Subclasses are immutable after construction and hold only picklable state.
    """

    kind: ClassVar[str]
    #: True when a hit depends on the rest of the document (positions, neighbours): a
    #: removal anywhere can change its verdict on a line, so a later pass runs it over the
    #: whole text, never on the changed lines only.
    contextual: ClassVar[bool] = False

    @property
    def cuts_tail(self) -> bool:
        """True when a hit runs from a section heading to the end of the text (a comment
        thread): the removal guard measures such a cut apart from the rest."""
        return False

    @abstractmethod
    def find(self, doc: Document, lo: int, hi: int, *, template: str | None, budget: Budget) -> Iterator[Hit]:
        """Hits inside ``[lo, hi)``; ``template`` is the replacement for replace rules.

        ``budget``: the time the rule has left (``Budget(None)``: no limit), shared by all
        the scan's regex calls and the caller's own (the rule's exclude patterns); past it
        the scan raises :class:`RegexTimeout`."""

    @abstractmethod
    def patterns(self) -> list[tuple[str, str]]:
        """(name, regex source) of every regex this matcher runs, for linting."""

    def literals(self) -> list[str]:
        """Literal strings this matcher looks for, for linting."""
        return []

    def check_replacement(self, template: str) -> None:  # noqa: B027 (a hook: most take any)
        """Raise ValueError if a replace rule's ``replacement`` cannot be written for a
        match. A matcher that does not expand group references takes any string."""
